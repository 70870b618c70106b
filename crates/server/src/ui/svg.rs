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

/// A funnel: one bar per stage, widths relative to the first stage; withheld figures are
/// drawn as a hatched outline and say "suppressed", never a number.
pub fn funnel(title: &str, stages: &[(&str, Option<u64>)]) -> Markup {
    let max = stages.iter().filter_map(|s| s.1).max().unwrap_or(0).max(1) as f64;
    let height = ROW * stages.len() as f64 + 8.0;
    html! {
        svg.chart role="img" aria-label=(title) viewBox={ "0 0 " (WIDTH) " " (height) }
            preserveAspectRatio="xMinYMin meet" {
            title { (title) }
            @for (i, (label, count)) in stages.iter().enumerate() {
                @let y = i as f64 * ROW + 4.0;
                text x=(LABEL - 8.0) y=(y + 17.0) text-anchor="end" { (label) }
                @match count {
                    Some(c) => {
                        @let w = ((WIDTH - LABEL - 80.0) * *c as f64 / max).max(1.0);
                        rect x=(LABEL) y=(y) width=(format!("{w:.1}")) height=(ROW - 8.0) class="bar" {}
                        text x=(LABEL + w + 6.0) y=(y + 17.0) { (c) }
                    }
                    None => {
                        rect x=(LABEL) y=(y) width="40" height=(ROW - 8.0) class="withheld" {}
                        text x=(LABEL + 46.0) y=(y + 17.0) { "suppressed" }
                    }
                }
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
        let svg = funnel("f", &[("recommended", Some(120)), ("referred", None)]).into_string();
        assert!(svg.contains(">120<"));
        assert!(svg.contains(">suppressed<"));
        assert_eq!(svg.matches("class=\"withheld\"").count(), 1);
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
