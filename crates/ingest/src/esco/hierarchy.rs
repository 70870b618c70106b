//! skillsHierarchy_en.csv: each row describes the concept at its deepest filled level, and the
//! level above in the same row is its parent. Rows may stop early (ragged), which only means
//! the remaining fields are empty.

use std::collections::{HashMap, HashSet};

use skillpath_domain::esco::HierarchyNode;

use super::Dangling;
use super::error::EscoError;
use super::table::Table;

const LEVELS: usize = 4;

/// The columns of one level.
struct Level {
    uri: usize,
    term: usize,
    code: Option<usize>,
}

pub fn hierarchy(
    t: &mut Table<'_>,
    report: &mut Vec<Dangling>,
) -> Result<Vec<HierarchyNode>, EscoError> {
    let mut levels = Vec::with_capacity(LEVELS);
    for l in 0..LEVELS {
        levels.push(Level {
            uri: t.column(&format!("Level {l} URI"))?,
            term: t.column(&format!("Level {l} preferred term"))?,
            code: t.optional_column(&format!("Level {l} code")),
        });
    }
    let (desc, scope) = (
        t.optional_column("Description"),
        t.optional_column("Scope note"),
    );
    let mut nodes: Vec<(u64, HierarchyNode)> = Vec::new();
    let mut seen = HashMap::new();
    while let Some(row) = t.next_row()? {
        let filled: Vec<bool> = levels.iter().map(|l| !row.get(l.uri).is_empty()).collect();
        let Some(level) = filled.iter().rposition(|&f| f) else {
            return Err(row.fail("Level 0 URI", "the row names no concept at any level"));
        };
        if let Some(gap) = filled[..level].iter().position(|&f| !f) {
            return Err(row.fail(
                &format!("Level {gap} URI"),
                format!(
                    "empty although level {level} is filled: the row has no path to its concept"
                ),
            ));
        }
        let at = &levels[level];
        let uri = row.uri(at.uri, &format!("Level {level} URI"))?;
        let parent = match level {
            0 => None,
            _ => Some(row.uri(levels[level - 1].uri, &format!("Level {} URI", level - 1))?),
        };
        if !row.first_of(
            &mut seen,
            uri.to_owned(),
            &format!("Level {level} URI"),
            uri,
            report,
        ) {
            continue;
        }
        let node = HierarchyNode {
            uri: uri.to_owned(),
            level: level as u8,
            code: at.code.map(|c| row.get(c).to_owned()).unwrap_or_default(),
            preferred_label: row.get(at.term).to_owned(),
            parent_uri: parent.map(str::to_owned),
            description: desc.map(|c| row.get(c).to_owned()).unwrap_or_default(),
            scope_note: scope.map(|c| row.get(c).to_owned()).unwrap_or_default(),
        };
        if let Err(e) = node.validate() {
            let v = &e.violations[0];
            let field = match v.field.as_str() {
                "preferred term" => format!("Level {level} preferred term"),
                other => other.to_owned(),
            };
            return Err(row.fail(&field, v.reason.clone()));
        }
        nodes.push((row.line, node));
    }
    Ok(without_orphans(nodes, &t.file, report))
}

/// Drops nodes whose parent is not itself a node, and then their descendants, reporting each:
/// a node hanging from nothing would break every walk up the tree.
fn without_orphans(
    mut nodes: Vec<(u64, HierarchyNode)>,
    file: &str,
    report: &mut Vec<Dangling>,
) -> Vec<HierarchyNode> {
    loop {
        let present: HashSet<String> = nodes.iter().map(|(_, n)| n.uri.clone()).collect();
        let before = nodes.len();
        nodes.retain(|(line, n)| {
            let Some(parent) = &n.parent_uri else {
                return true;
            };
            if present.contains(parent) {
                return true;
            }
            report.push(Dangling {
                file: file.to_owned(),
                line: *line,
                field: format!("Level {} URI", n.level - 1),
                uri: parent.clone(),
                reason: "the parent is not a node of the hierarchy".to_owned(),
            });
            false
        });
        if nodes.len() == before {
            return nodes.into_iter().map(|(_, n)| n).collect();
        }
    }
}
