//! The concept files: skills, skill groups, occupations and ISCO groups. The domain types'
//! own rules decide validity (URI, non-empty preferred label, ISCO codes), so a concept that
//! loads here is one the rest of skillpath accepts.

use std::collections::HashMap;

use skillpath_domain::esco::{IscoGroup, Labels, Occupation, Skill, SkillGroup};

use super::Dangling;
use super::error::EscoError;
use super::row::Row;
use super::table::Table;

/// The columns every concept file shares; only the URI and the preferred label are required,
/// the rest varies across releases and reads as empty when absent.
struct Common {
    uri: usize,
    preferred: usize,
    alt: Option<usize>,
    hidden: Option<usize>,
    description: Option<usize>,
    status: Option<usize>,
}

impl Common {
    fn find(t: &Table<'_>) -> Result<Self, EscoError> {
        Ok(Common {
            uri: t.column("conceptUri")?,
            preferred: t.column("preferredLabel")?,
            alt: t.optional_column("altLabels"),
            hidden: t.optional_column("hiddenLabels"),
            description: t.optional_column("description"),
            status: t.optional_column("status"),
        })
    }

    fn labels(&self, row: &Row<'_>) -> Labels {
        Labels {
            preferred: row.get(self.preferred).to_owned(),
            alternative: split(row, self.alt),
            hidden: split(row, self.hidden),
        }
    }
}

/// ESCO puts several labels in one quoted field, one per line.
fn split(row: &Row<'_>, col: Option<usize>) -> Vec<String> {
    match col.map(|c| row.get(c)) {
        Some(field) if !field.is_empty() => Labels::split_field(field),
        _ => Vec::new(),
    }
}

fn text(row: &Row<'_>, col: Option<usize>) -> String {
    col.map(|c| row.get(c).to_owned()).unwrap_or_default()
}

fn non_empty(row: &Row<'_>, col: Option<usize>) -> Option<String> {
    col.map(|c| row.get(c))
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Reads every row of a concept file with `make`, keeping the first of rows that repeat a URI.
fn read_all<T>(
    t: &mut Table<'_>,
    report: &mut Vec<Dangling>,
    uri_of: impl Fn(&T) -> &str,
    mut make: impl FnMut(&Row<'_>) -> Result<T, EscoError>,
) -> Result<Vec<T>, EscoError> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    while let Some(row) = t.next_row()? {
        let concept = make(&row)?;
        let uri = uri_of(&concept);
        if row.first_of(&mut seen, uri.to_owned(), "conceptUri", uri, report) {
            out.push(concept);
        }
    }
    Ok(out)
}

pub fn skills(t: &mut Table<'_>, report: &mut Vec<Dangling>) -> Result<Vec<Skill>, EscoError> {
    let c = Common::find(t)?;
    let (kind, reuse) = (t.column("skillType")?, t.column("reuseLevel")?);
    let modified = t.optional_column("modifiedDate");
    read_all(
        t,
        report,
        |s: &Skill| &s.uri,
        |row| {
            let skill = Skill {
                uri: row.get(c.uri).to_owned(),
                skill_type: row.parse_optional(Some(kind), "skillType")?,
                reuse_level: row.parse_optional(Some(reuse), "reuseLevel")?,
                labels: c.labels(row),
                description: text(row, c.description),
                status: text(row, c.status),
                modified: non_empty(row, modified),
            };
            row.check(skill.validate())?;
            Ok(skill)
        },
    )
}

pub fn skill_groups(
    t: &mut Table<'_>,
    report: &mut Vec<Dangling>,
) -> Result<Vec<SkillGroup>, EscoError> {
    let c = Common::find(t)?;
    let code = t.optional_column("code");
    read_all(
        t,
        report,
        |g: &SkillGroup| &g.uri,
        |row| {
            let group = SkillGroup {
                uri: row.get(c.uri).to_owned(),
                code: non_empty(row, code),
                labels: c.labels(row),
                description: text(row, c.description),
                status: text(row, c.status),
            };
            row.check(group.validate())?;
            Ok(group)
        },
    )
}

pub fn occupations(
    t: &mut Table<'_>,
    report: &mut Vec<Dangling>,
) -> Result<Vec<Occupation>, EscoError> {
    let c = Common::find(t)?;
    let (isco, code) = (t.column("iscoGroup")?, t.column("code")?);
    let modified = t.optional_column("modifiedDate");
    let definition = t.optional_column("definition");
    let regulated = t.optional_column("regulatedProfessionNote");
    read_all(
        t,
        report,
        |o: &Occupation| &o.uri,
        |row| {
            let occupation = Occupation {
                uri: row.get(c.uri).to_owned(),
                isco_group: row.get(isco).to_owned(),
                code: row.get(code).to_owned(),
                labels: c.labels(row),
                description: text(row, c.description),
                definition: text(row, definition),
                regulated_profession_note: text(row, regulated),
                status: text(row, c.status),
                modified: non_empty(row, modified),
            };
            row.check(occupation.validate())?;
            Ok(occupation)
        },
    )
}

pub fn isco_groups(
    t: &mut Table<'_>,
    report: &mut Vec<Dangling>,
) -> Result<Vec<IscoGroup>, EscoError> {
    let c = Common::find(t)?;
    let code = t.column("code")?;
    read_all(
        t,
        report,
        |g: &IscoGroup| &g.uri,
        |row| {
            let group = IscoGroup {
                uri: row.get(c.uri).to_owned(),
                code: row.get(code).to_owned(),
                labels: c.labels(row),
                description: text(row, c.description),
                status: text(row, c.status),
            };
            row.check(group.validate())?;
            Ok(group)
        },
    )
}
