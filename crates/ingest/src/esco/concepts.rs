//! The concept files: skills, skill groups, occupations and ISCO groups.

use std::str::FromStr;

use skillpath_domain::ValidationError;
use skillpath_domain::esco::{IscoGroup, Labels, Occupation, Skill, SkillGroup};

use super::error::EscoError;
use super::table::{Row, Table};

/// Reads an optional enum column: empty is `None` (six v1.1.1 skills carry no type).
fn optional_enum<T: FromStr<Err = String>>(
    row: &Row<'_>,
    col: Option<usize>,
    name: &str,
) -> Result<Option<T>, EscoError> {
    match col.map(|c| row.get(c)).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|e| row.fail(name, e)),
    }
}

fn text(row: &Row<'_>, col: Option<usize>) -> String {
    col.map(|c| row.get(c).to_owned()).unwrap_or_default()
}

fn labels(row: &Row<'_>, pref: usize, alt: Option<usize>, hidden: Option<usize>) -> Labels {
    Labels {
        preferred: row.get(pref).to_owned(),
        alternative: alt
            .map(|c| Labels::split_field(row.get(c)))
            .unwrap_or_default(),
        hidden: hidden
            .map(|c| Labels::split_field(row.get(c)))
            .unwrap_or_default(),
    }
}

/// The domain's own rules decide validity; the first broken one names the field.
fn checked(row: &Row<'_>, result: Result<(), ValidationError>) -> Result<(), EscoError> {
    match result {
        Ok(()) => Ok(()),
        Err(e) => {
            let first = &e.violations[0];
            Err(row.fail(&first.field, first.reason.clone()))
        }
    }
}

pub fn skills(t: &mut Table<'_>) -> Result<Vec<Skill>, EscoError> {
    let uri = t.column("conceptUri")?;
    let pref = t.column("preferredLabel")?;
    let (alt, hidden) = (
        t.optional_column("altLabels"),
        t.optional_column("hiddenLabels"),
    );
    let (kind, reuse) = (
        t.optional_column("skillType"),
        t.optional_column("reuseLevel"),
    );
    let (status, modified, desc) = (
        t.optional_column("status"),
        t.optional_column("modifiedDate"),
        t.optional_column("description"),
    );
    let mut out = Vec::with_capacity(16_384);
    while let Some(row) = t.next_row()? {
        let skill = Skill {
            uri: row.get(uri).to_owned(),
            skill_type: optional_enum(&row, kind, "skillType")?,
            reuse_level: optional_enum(&row, reuse, "reuseLevel")?,
            labels: labels(&row, pref, alt, hidden),
            description: text(&row, desc),
            status: text(&row, status),
            modified: modified
                .map(|c| row.get(c).to_owned())
                .filter(|m| !m.is_empty()),
        };
        checked(&row, skill.validate())?;
        out.push(skill);
    }
    Ok(out)
}

pub fn skill_groups(t: &mut Table<'_>) -> Result<Vec<SkillGroup>, EscoError> {
    let uri = t.column("conceptUri")?;
    let pref = t.column("preferredLabel")?;
    let (alt, hidden) = (
        t.optional_column("altLabels"),
        t.optional_column("hiddenLabels"),
    );
    let (status, desc, code) = (
        t.optional_column("status"),
        t.optional_column("description"),
        t.optional_column("code"),
    );
    let mut out = Vec::new();
    while let Some(row) = t.next_row()? {
        let group = SkillGroup {
            uri: row.get(uri).to_owned(),
            code: code
                .map(|c| row.get(c).to_owned())
                .filter(|c| !c.is_empty()),
            labels: labels(&row, pref, alt, hidden),
            description: text(&row, desc),
            status: text(&row, status),
        };
        checked(&row, group.validate())?;
        out.push(group);
    }
    Ok(out)
}

pub fn occupations(t: &mut Table<'_>) -> Result<Vec<Occupation>, EscoError> {
    let uri = t.column("conceptUri")?;
    let pref = t.column("preferredLabel")?;
    let isco = t.column("iscoGroup")?;
    let code = t.column("code")?;
    let (alt, hidden) = (
        t.optional_column("altLabels"),
        t.optional_column("hiddenLabels"),
    );
    let (status, modified, desc) = (
        t.optional_column("status"),
        t.optional_column("modifiedDate"),
        t.optional_column("description"),
    );
    let (definition, regulated) = (
        t.optional_column("definition"),
        t.optional_column("regulatedProfessionNote"),
    );
    let mut out = Vec::with_capacity(4096);
    while let Some(row) = t.next_row()? {
        let occupation = Occupation {
            uri: row.get(uri).to_owned(),
            isco_group: row.get(isco).to_owned(),
            code: row.get(code).to_owned(),
            labels: labels(&row, pref, alt, hidden),
            description: text(&row, desc),
            definition: text(&row, definition),
            regulated_profession_note: text(&row, regulated),
            status: text(&row, status),
            modified: modified
                .map(|c| row.get(c).to_owned())
                .filter(|m| !m.is_empty()),
        };
        checked(&row, occupation.validate())?;
        out.push(occupation);
    }
    Ok(out)
}

pub fn isco_groups(t: &mut Table<'_>) -> Result<Vec<IscoGroup>, EscoError> {
    let uri = t.column("conceptUri")?;
    let pref = t.column("preferredLabel")?;
    let code = t.column("code")?;
    let (alt, status, desc) = (
        t.optional_column("altLabels"),
        t.optional_column("status"),
        t.optional_column("description"),
    );
    let mut out = Vec::new();
    while let Some(row) = t.next_row()? {
        let group = IscoGroup {
            uri: row.get(uri).to_owned(),
            code: row.get(code).to_owned(),
            labels: labels(&row, pref, alt, None),
            description: text(&row, desc),
            status: text(&row, status),
        };
        checked(&row, group.validate())?;
        out.push(group);
    }
    Ok(out)
}
