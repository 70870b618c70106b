//! Inline SVG charts. Each is an image with a title (role="img"), and each page shows the
//! same figures in a table, so that nothing is only in the picture.

use maud::{Markup, html};

const WIDTH: f64 = 600.0;
const LABEL: f64 = 230.0;
const ROW: f64 = 28.0;

/// Horizontal bars of shares in [0, 1], labelled with a percentage.
pub fn bars(title: &str, rows: &[(&str, f64)]) -> Markup {
    let max = rows.iter().map(|r| r.1).fold(0.0_f64, f64::max).max(1e-9);
    let height = ROW * rows.len() as f64 + 8.0;
    html! {
        svg.chart role="img" aria-label=(title) viewBox={ "0 0 " (WIDTH) " " (height) }
            preserveAspectRatio="xMinYMin meet" {
            title { (title) }
            @for (i, (label, share)) in rows.iter().enumerate() {
                @let y = i as f64 * ROW + 4.0;
                @let w = (WIDTH - LABEL - 60.0) * share / max;
                text x=(LABEL - 8.0) y=(y + 17.0) text-anchor="end" { (clip(label, 30)) }
                rect x=(LABEL) y=(y) width=(format!("{w:.1}")) height=(ROW - 8.0) class="bar" {}
                text x=(LABEL + w + 6.0) y=(y + 17.0) { (format!("{:.0}%", share * 100.0)) }
            }
        }
    }
}

/// What a chart is about: `id` makes its title and description referable (unique on the
/// page), so screen readers announce both.
pub struct Chart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
}

/// One bar: a figure drawn to scale with the text shown beside it, or a figure that is not
/// published, drawn as a hatched outline with the reason — never a number.
pub enum Bar {
    Value { value: f64, text: String },
    Withheld(&'static str),
}

impl Bar {
    pub fn count(count: Option<u64>) -> Bar {
        match count {
            Some(c) => Bar::Value {
                value: c as f64,
                text: c.to_string(),
            },
            None => Bar::Withheld("suppressed"),
        }
    }
}

/// Horizontal bars from zero, one per labelled row; `reference` draws a dashed line at a
/// threshold (such as the four-fifths rule) with its label.
pub fn hbars(chart: &Chart<'_>, rows: &[(String, Bar)], reference: Option<(f64, &str)>) -> Markup {
    let top = if reference.is_some() { 22.0 } else { 0.0 };
    let max = rows
        .iter()
        .filter_map(|r| match r.1 {
            Bar::Value { value, .. } => Some(value),
            Bar::Withheld(_) => None,
        })
        .chain(reference.map(|r| r.0))
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    let span = WIDTH - LABEL - 110.0;
    let height = top + ROW * rows.len() as f64 + 8.0;
    html! {
        svg.chart role="img" aria-labelledby={ (chart.id) "-t " (chart.id) "-d" }
            viewBox={ "0 0 " (WIDTH) " " (height) } preserveAspectRatio="xMinYMin meet" {
            title id={ (chart.id) "-t" } { (chart.title) }
            desc id={ (chart.id) "-d" } { (chart.desc) }
            @for (i, (label, bar)) in rows.iter().enumerate() {
                @let y = top + i as f64 * ROW + 4.0;
                text x=(LABEL - 8.0) y=(y + 17.0) text-anchor="end" { (clip(label, 30)) }
                @match bar {
                    Bar::Value { value, text } => {
                        @let w = (span * value / max).max(1.0);
                        rect x=(LABEL) y=(y) width=(format!("{w:.1}")) height=(ROW - 8.0) class="bar" {}
                        text x=(format!("{:.1}", LABEL + w + 6.0)) y=(y + 17.0) { (text) }
                    }
                    Bar::Withheld(why) => {
                        rect x=(LABEL) y=(y) width="40" height=(ROW - 8.0) class="withheld" {}
                        text x=(LABEL + 46.0) y=(y + 17.0) { (why) }
                    }
                }
            }
            @if let Some((at, label)) = reference {
                @let x = format!("{:.1}", LABEL + span * at / max);
                line x1=(x) x2=(x) y1=(top - 4.0) y2=(height) class="reference" {}
                text x=(x) y="14" text-anchor="middle" { (label) }
            }
        }
    }
}

fn clip(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_owned();
    }
    let mut s: String = label.chars().take(max - 1).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn withheld_stages_say_suppressed_and_show_no_number() {
        let chart = Chart {
            id: "f",
            title: "Funnel",
            desc: "Pairs per stage",
        };
        let rows = [
            ("recommended".to_owned(), Bar::count(Some(120))),
            ("referred".to_owned(), Bar::count(None)),
        ];
        let svg = hbars(&chart, &rows, None).into_string();
        assert!(svg.contains(r#"aria-labelledby="f-t f-d""#), "{svg}");
        assert!(
            svg.contains(r#"<desc id="f-d">Pairs per stage</desc>"#),
            "{svg}"
        );
        assert!(svg.contains(">120<"));
        assert!(svg.contains(">suppressed<"));
        assert_eq!(svg.matches("class=\"withheld\"").count(), 1);
    }

    #[test]
    fn a_reference_line_is_drawn_to_the_same_scale_as_the_bars() {
        let chart = Chart {
            id: "r",
            title: "Ratios",
            desc: "d",
        };
        let rows = [(
            "young".to_owned(),
            Bar::Value {
                value: 1.6,
                text: "1.60".into(),
            },
        )];
        let svg = hbars(&chart, &rows, Some((0.8, "four fifths"))).into_string();
        // The widest figure spans the plot, so 0.8 sits half-way along it.
        let half = format!("x1=\"{:.1}\"", LABEL + (WIDTH - LABEL - 110.0) / 2.0);
        assert!(svg.contains(&half), "{svg}");
        assert!(svg.contains(">four fifths<"));
    }

    #[test]
    fn long_labels_are_clipped_and_escaped() {
        let svg = bars(
            "b",
            &[("a <very> long skill label that goes on and on", 0.5)],
        )
        .into_string();
        assert!(svg.contains("&lt;very&gt;"));
        assert!(svg.contains('…'));
        assert!(svg.contains(">50%<"));
    }
}
