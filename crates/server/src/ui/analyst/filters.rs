//! What the analyst asked for: the dimension to break the funnel down by, the stage the
//! charts draw, and the period. Read from the query string so that every view can be
//! bookmarked, and checked by the engine's own request parser so that the page, the CSV and
//! the API refuse the same input with the same words.

use chrono::NaiveDate;
use maud::{Markup, html};
use serde::Deserialize;
use skillpath_engine::reports::Query;
use skillpath_report::funnel::Stage;
use skillpath_report::uptake::Dimension;

use super::super::session::PageError;

/// The dimensions offered for the breakdown; the period has its own chart.
pub const BREAKDOWNS: [Dimension; 5] = [
    Dimension::Region,
    Dimension::Group,
    Dimension::Provider,
    Dimension::Occupation,
    Dimension::Course,
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    by: Option<String>,
    stage: Option<String>,
    from: Option<String>,
    to: Option<String>,
    /// Which table a CSV link asks for; the page itself ignores it.
    pub table: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filters {
    pub by: Dimension,
    pub stage: Stage,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// An empty form field means "not set", as a browser sends every field of a GET form.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl Filters {
    pub fn parse(p: &Params) -> Result<Filters, PageError> {
        let by = match given(&p.by) {
            None => Dimension::Region,
            Some(name) => BREAKDOWNS
                .into_iter()
                .find(|d| d.name() == name)
                .ok_or_else(|| {
                    PageError::BadRequest(format!(
                        "by: {name:?} is not a breakdown; choose one of {}",
                        names(BREAKDOWNS.iter().map(|d| d.name()))
                    ))
                })?,
        };
        let stage = match given(&p.stage) {
            None => Stage::Recommended,
            Some(name) => Stage::ALL
                .into_iter()
                .find(|s| s.name() == name)
                .ok_or_else(|| {
                    PageError::BadRequest(format!(
                        "stage: {name:?} is not a funnel stage; choose one of {}",
                        names(Stage::ALL.iter().map(|s| s.name()))
                    ))
                })?,
        };
        let query = Query::parse("uptake", None, given(&p.from), given(&p.to))
            .map_err(|e| PageError::BadRequest(e.to_string()))?;
        Ok(Filters {
            by,
            stage,
            from: query.request.from,
            to: query.request.to,
        })
    }

    /// The query string that reproduces these filters, plus `extra` pairs.
    pub fn query(&self, extra: &[(&str, &str)]) -> String {
        let mut q = format!("by={}&stage={}", self.by.name(), self.stage.name());
        for (k, v) in [("from", self.from), ("to", self.to)] {
            if let Some(d) = v {
                q.push_str(&format!("&{k}={d}"));
            }
        }
        for (k, v) in extra {
            q.push_str(&format!("&{k}={v}"));
        }
        q
    }

    /// "from 2026-01-01 to 2026-06-30", "until …", "since …", or "all recorded events".
    pub fn period_text(&self) -> String {
        match (self.from, self.to) {
            (Some(f), Some(t)) => format!("pairs that started between {f} and {t}"),
            (Some(f), None) => format!("pairs that started on or after {f}"),
            (None, Some(t)) => format!("pairs that started on or before {t}"),
            (None, None) => "all recorded pairs".to_owned(),
        }
    }

    /// The form that changes them: labelled selects and dates, sent as GET.
    pub fn form(&self) -> Markup {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        html! {
            form.filters method="get" action="/ui/analyst" aria-labelledby="filters-h" {
                h2 #filters-h { "Choose what to show" }
                fieldset {
                    legend { "Breakdown, stage and period" }
                    div {
                        label for="by" { "Break down by" }
                        select #by name="by" {
                            @for d in BREAKDOWNS {
                                option value=(d.name()) selected[d == self.by] { (dimension_label(d)) }
                            }
                        }
                    }
                    div {
                        label for="stage" { "Stage shown in the charts" }
                        select #stage name="stage" {
                            @for s in Stage::ALL {
                                option value=(s.name()) selected[s == self.stage] { (stage_label(s.name())) }
                            }
                        }
                    }
                    div {
                        label for="from" { "First day (from)" }
                        input #from type="date" name="from" value=(date(self.from));
                    }
                    div {
                        label for="to" { "Last day (to)" }
                        input #to type="date" name="to" value=(date(self.to));
                    }
                    div { button type="submit" { "Show" } }
                }
            }
        }
    }
}

fn names<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

pub fn dimension_label(d: Dimension) -> &'static str {
    match d {
        Dimension::Region => "Region",
        Dimension::Group => "Targeted group",
        Dimension::Provider => "Course provider",
        Dimension::Occupation => "Target occupation",
        Dimension::Course => "Course",
        Dimension::Period => "Quarter",
    }
}

/// "credential_issued" as "Credential issued".
pub fn stage_label(stage: &str) -> String {
    let s = stage.replace('_', " ");
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(by: &str, stage: &str, from: &str, to: &str) -> Params {
        Params {
            by: Some(by.into()),
            stage: Some(stage.into()),
            from: Some(from.into()),
            to: Some(to.into()),
            table: None,
        }
    }

    #[test]
    fn empty_fields_mean_the_defaults_and_the_query_reproduces_a_choice() {
        let f = Filters::parse(&params("", " ", "", "")).unwrap();
        assert_eq!(
            (f.by, f.stage, f.from, f.to),
            (Dimension::Region, Stage::Recommended, None, None)
        );
        let f = Filters::parse(&params("group", "referred", "2026-01-01", "2026-06-30")).unwrap();
        assert_eq!(f.by, Dimension::Group);
        assert_eq!(
            f.query(&[("table", "by")]),
            "by=group&stage=referred&from=2026-01-01&to=2026-06-30&table=by"
        );
    }

    #[test]
    fn bad_choices_are_refused_naming_the_field() {
        for (p, field) in [
            (params("period", "", "", ""), "by:"),
            (params("region", "hired", "", ""), "stage:"),
            (params("region", "", "2026-13-01", ""), "from:"),
            (params("region", "", "2026-06-01", "2026-01-01"), "to:"),
        ] {
            match Filters::parse(&p) {
                Err(PageError::BadRequest(why)) => assert!(why.starts_with(field), "{why}"),
                other => panic!("{field} accepted: {other:?}"),
            }
        }
    }
}
