//! The uptake sections: the funnel, the breakdown the analyst chose and the funnel over
//! time, each a chart with the same figures in a table beside it and a CSV of that table.

use maud::{Markup, html};
use skillpath_report::funnel::Stage;
use skillpath_report::sdc::Cell;
use skillpath_report::uptake::{Dimension, Report, Row};

use super::super::svg::{self, Bar, Chart};
use super::filters::{Filters, dimension_label, stage_label};

/// More bars than this make a chart nobody can read; the table still lists every row.
const MAX_BARS: usize = 25;

pub fn count_cell(cell: &Cell) -> Markup {
    match cell {
        Cell::Count(c) => html! { td.count { (c) } },
        Cell::Suppressed => html! { td.count.suppressed { "suppressed" } },
    }
}

pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "not shown".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

fn stage_index(stage: Stage) -> usize {
    Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0)
}

pub fn csv_link(f: &Filters, table: &str, what: &str) -> Markup {
    html! {
        p { a href={ "/ui/analyst/uptake.csv?" (f.query(&[("table", table)])) } { "Download " (what) " as CSV" } }
    }
}

pub fn funnel(report: &Report, f: &Filters) -> Markup {
    let total = report.rows.first();
    let cells = |i: usize| total.map_or(Cell::Suppressed, |r| r.counts[i]);
    let bars: Vec<(String, Bar)> = report
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (stage_label(s), Bar::count(cells(i).count())))
        .collect();
    let chart = Chart {
        id: "funnel-chart",
        title: "Jobseeker–course pairs reaching each stage",
        desc: "Bars from recommended to employed; the table below gives the same figures.",
    };
    html! {
        section aria-labelledby="funnel-h" {
            h2 #funnel-h { "Outcome funnel" }
            (svg::hbars(&chart, &bars, None))
            div.scroll tabindex="0" role="region" aria-labelledby="funnel-caption" {
                table {
                    caption #funnel-caption { "Pairs reaching each stage, " (f.period_text()) }
                    thead { tr {
                        th scope="col" { "Stage" }
                        th scope="col" { "Pairs" }
                        th scope="col" { "Rate from the stage before" }
                    } }
                    tbody {
                        @for (i, s) in report.stages.iter().enumerate() {
                            tr {
                                th scope="row" { (stage_label(s)) }
                                (count_cell(&cells(i)))
                                td.rate { @if i == 0 { "—" } @else { (percent(total.and_then(|r| r.rates[i]))) } }
                            }
                        }
                    }
                }
            }
            (csv_link(f, "funnel", "the funnel"))
        }
    }
}

/// Rows that are not the total, as bars of the chosen stage, the largest first when there
/// are too many to draw.
fn bars_of(rows: &[&Row], stage: usize, keep_order: bool) -> (Vec<(String, Bar)>, bool) {
    let mut picked: Vec<&Row> = rows.to_vec();
    let clipped = picked.len() > MAX_BARS;
    if clipped || !keep_order {
        picked.sort_by_key(|r| std::cmp::Reverse(r.counts[stage].count()));
        picked.truncate(MAX_BARS);
    }
    let bars = picked
        .iter()
        .map(|r| (r.keys.join(" / "), Bar::count(r.counts[stage].count())))
        .collect();
    (bars, clipped)
}

/// A one-dimension report as a chart of the chosen stage and a table of every stage.
pub fn by_dimension(report: &Report, dim: Dimension, f: &Filters, id: &str) -> Markup {
    let stage = stage_index(f.stage);
    let parts: Vec<&Row> = report
        .rows
        .iter()
        .filter(|r| r.keys.iter().all(|k| k != "Total"))
        .collect();
    let over_time = dim == Dimension::Period;
    let (bars, clipped) = bars_of(&parts, stage, over_time);
    let label = dimension_label(dim);
    let (heading, table) = if over_time {
        ("Over time".to_owned(), "period")
    } else {
        (format!("By {}", label.to_lowercase()), "by")
    };
    let stage_name = stage_label(f.stage.name()).to_lowercase();
    let title = format!("Pairs {stage_name}, by {}", label.to_lowercase());
    let desc = if clipped {
        format!(
            "The {MAX_BARS} largest of {} rows; the table below lists them all.",
            parts.len()
        )
    } else {
        "One bar per row of the table below, which gives the same figures.".to_owned()
    };
    let chart_id = format!("{id}-chart");
    let chart = Chart {
        id: &chart_id,
        title: &title,
        desc: &desc,
    };
    html! {
        section aria-labelledby={ (id) "-h" } {
            h2 id={ (id) "-h" } { (heading) }
            @if dim == Dimension::Group {
                p { "A person can belong to several targeted groups, so these rows do not add up and there is no total row; people in no group are not in this table." }
            }
            @if parts.is_empty() {
                p { "No outcome events fall in this period." }
            } @else {
                (svg::hbars(&chart, &bars, None))
            }
            div.scroll tabindex="0" role="region" aria-labelledby={ (id) "-caption" } {
                table {
                    caption id={ (id) "-caption" } { "Pairs reaching each stage by " (label.to_lowercase()) ", " (f.period_text()) }
                    thead { tr {
                        th scope="col" { (label) }
                        @for s in &report.stages { th scope="col" { (stage_label(s)) } }
                    } }
                    tbody {
                        @for row in &report.rows {
                            tr {
                                th scope="row" { (row.keys.join(" / ")) }
                                @for cell in &row.counts { (count_cell(cell)) }
                            }
                        }
                    }
                }
            }
            (csv_link(f, table, "this table"))
        }
    }
}
