//! The fairness monitor: each targeted group against everyone else, the impact ratio of the
//! chosen stage as a chart against the four-fifths line, and every stage in the table.

use maud::{Markup, html};
use skillpath_report::fairness::{FOUR_FIFTHS, Line, Side};

use super::super::svg::{self, Bar, Chart};
use super::filters::{Filters, stage_label};
use super::uptake::{count_cell, csv_link, percent};

pub fn group_label(group: &str) -> String {
    stage_label(group)
}

fn interval(i: Option<(f64, f64)>, percent: bool) -> String {
    match i {
        Some((lo, hi)) if percent => format!("{:.1}–{:.1}%", lo * 100.0, hi * 100.0),
        Some((lo, hi)) => format!("{lo:.2}–{hi:.2}"),
        None => String::new(),
    }
}

fn rate_cell(side: &Side) -> Markup {
    html! {
        td.rate {
            (percent(side.rate))
            @if let Some(i) = side.interval { br; span.interval { "95% CI " (interval(Some(i), true)) } }
        }
    }
}

/// Flagged, clear, or not tested; the word, not only a colour, carries the verdict.
fn verdict(line: &Line) -> Markup {
    match line.impact_ratio {
        Some(_) if line.flagged => html! { td.flagged { strong { "Below four fifths" } } },
        Some(_) => html! { td { "No" } },
        None => html! { td.untested { "Not tested: too few to compare" } },
    }
}

pub fn section(lines: &[Line], f: &Filters) -> Markup {
    let at_stage: Vec<&Line> = lines.iter().filter(|l| l.stage == f.stage.name()).collect();
    let bars: Vec<(String, Bar)> = at_stage
        .iter()
        .map(|l| {
            let bar = match l.impact_ratio {
                Some(r) => Bar::Value {
                    value: r,
                    text: if l.flagged {
                        format!("{r:.2} flagged")
                    } else {
                        format!("{r:.2}")
                    },
                },
                None => Bar::Withheld("too few to compare"),
            };
            (group_label(&l.group), bar)
        })
        .collect();
    let stage = stage_label(f.stage.name()).to_lowercase();
    let title = format!("Impact ratio at the stage {stage}, each group against the rest");
    let chart = Chart {
        id: "fairness-chart",
        title: &title,
        desc: "A ratio under the dashed line at 0.8 is flagged; the table below gives each \
               ratio with its interval and the rates it compares.",
    };
    let flagged = lines.iter().filter(|l| l.flagged).count();
    html! {
        section aria-labelledby="fairness-h" {
            h2 #fairness-h { "Fairness monitor" }
            p { "For each targeted group, the rate of reaching each stage against everyone else's, and their ratio (the impact ratio). "
                "A ratio under " (FOUR_FIFTHS) " is flagged when both sides have enough people for a rate to be shown." }
            p.summary role="status" {
                @if flagged == 0 { "No group is flagged at any stage." }
                @else { strong { (flagged) " group–stage pairs are flagged." } }
            }
            (svg::hbars(&chart, &bars, Some((FOUR_FIFTHS, "0.8 (four fifths)"))))
            div.scroll tabindex="0" role="region" aria-labelledby="fairness-caption" {
                table.fairness {
                    caption #fairness-caption { "Each group against the rest at every stage, " (f.period_text()) }
                    thead { tr {
                        th scope="col" { "Group" }
                        th scope="col" { "Stage" }
                        th scope="col" { "Group reached" }
                        th scope="col" { "Group base" }
                        th scope="col" { "Group rate" }
                        th scope="col" { "Rest reached" }
                        th scope="col" { "Rest base" }
                        th scope="col" { "Rest rate" }
                        th scope="col" { "Impact ratio (95% CI)" }
                        th scope="col" { "Flag" }
                    } }
                    tbody {
                        @for l in lines {
                            tr {
                                th scope="row" { (group_label(&l.group)) }
                                td { (stage_label(l.stage)) }
                                (count_cell(&l.group_side.reached))
                                (count_cell(&l.group_side.base))
                                (rate_cell(&l.group_side))
                                (count_cell(&l.rest.reached))
                                (count_cell(&l.rest.base))
                                (rate_cell(&l.rest))
                                td.ratio {
                                    @match l.impact_ratio {
                                        Some(r) => { (format!("{r:.2}")) " (" (interval(l.ratio_interval, false)) ")" },
                                        None => "not shown",
                                    }
                                }
                                (verdict(l))
                            }
                        }
                    }
                }
            }
            (csv_link(f, "fairness", "the fairness table"))
        }
    }
}
