//! Statistical disclosure control, as the design notes require for every analyst output:
//!
//! 1. **Primary suppression**: every count under `min_count` (10) is withheld — zeros too,
//!    because "nobody in this group completed" can itself identify people.
//! 2. **Secondary suppression**: a withheld cell must never be the only unknown of an
//!    additive line (a row or column with its total), or total minus the published parts
//!    gives it back. While some line has exactly one withheld cell, the smallest published
//!    part of that line is withheld too — and likewise while the other withheld parts of a
//!    line hide fewer than `min_count` beside a small cell, since a partner of 1 would still
//!    pin it within a few units. This runs to a fixed point because each step only adds
//!    withheld cells; a line whose parts are all withheld is as safe as it can be made.
//! 3. **Rounding**: every published count is rounded to the nearest `round_to` (5), so two
//!    overlapping tables (a region with and without one course) differ by a multiple of 5
//!    that can hide anything from 0 to 9 in between.
//! 4. **Rates** only where the denominator is at least `min_rate_denominator` (60) and the
//!    numerator is published, computed from the rounded counts so that a rate never undoes
//!    the rounding.
//!
//! Withheld cells are marked (`Cell::Suppressed`), never left blank.

use serde::{Serialize, Serializer};

use crate::table::Table;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub min_count: u64,
    pub round_to: u64,
    pub min_rate_denominator: u64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            min_count: 10,
            round_to: 5,
            min_rate_denominator: 60,
        }
    }
}

impl Policy {
    pub fn round(&self, count: u64) -> u64 {
        if self.round_to <= 1 {
            return count;
        }
        (count + self.round_to / 2) / self.round_to * self.round_to
    }
}

/// What a report shows in place of a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Count(u64),
    Suppressed,
}

/// The marker a spreadsheet and a JSON reader both see instead of a withheld figure.
pub const SUPPRESSED: &str = "suppressed";

impl Cell {
    pub fn count(self) -> Option<u64> {
        match self {
            Cell::Count(c) => Some(c),
            Cell::Suppressed => None,
        }
    }
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Count(c) => write!(f, "{c}"),
            Cell::Suppressed => f.write_str(SUPPRESSED),
        }
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Count(c) => s.serialize_u64(*c),
            Cell::Suppressed => s.serialize_str(SUPPRESSED),
        }
    }
}

/// A table as it may be published.
#[derive(Debug, Clone, PartialEq)]
pub struct Protected {
    pub cells: Vec<Cell>,
    /// Cells withheld because their own count was small (the rest were withheld to protect
    /// them). Kept for tests and audits; never published.
    pub primary: Vec<bool>,
}

pub fn protect(table: &Table, policy: &Policy) -> Protected {
    let primary: Vec<bool> = table.counts.iter().map(|&c| c < policy.min_count).collect();
    let mut withheld = primary.clone();
    let lines = table.lines();
    let mut changed = true;
    while changed {
        changed = false;
        for (parts, total) in &lines {
            if line_is_safe(table, parts, *total, &withheld, &primary, policy) {
                continue;
            }
            // The smallest published part costs the least information; the total is the
            // last resort (it is usually the figure the analyst came for).
            let partner = parts
                .iter()
                .copied()
                .filter(|&c| !withheld[c])
                .min_by_key(|&c| (table.counts[c], c))
                .or((!withheld[*total]).then_some(*total));
            let Some(partner) = partner else {
                continue;
            };
            withheld[partner] = true;
            changed = true;
        }
    }
    let cells = table
        .counts
        .iter()
        .zip(&withheld)
        .map(|(&c, &w)| {
            if w {
                Cell::Suppressed
            } else {
                Cell::Count(policy.round(c))
            }
        })
        .collect();
    Protected { cells, primary }
}

/// A line protects its withheld cells when it has none, or when beside each small one the
/// other withheld parts hide at least `min_count` between them: with a single partner of 1,
/// "total minus the published parts" would still pin the small cell within a few units.
fn line_is_safe(
    table: &Table,
    parts: &[usize],
    total: usize,
    withheld: &[bool],
    primary: &[bool],
    policy: &Policy,
) -> bool {
    let unknown = parts
        .iter()
        .chain([&total])
        .filter(|&&c| withheld[c])
        .count();
    if unknown == 0 {
        return true;
    }
    if unknown == 1 {
        return false;
    }
    let hidden: u64 = parts
        .iter()
        .filter(|&&c| withheld[c])
        .map(|&c| table.counts[c])
        .sum();
    parts
        .iter()
        .filter(|&&c| primary[c])
        .all(|&c| hidden - table.counts[c] >= policy.min_count)
}

/// A rate from two published cells, or nothing when either is withheld or the denominator
/// is too small to show a rate about.
pub fn rate(numerator: Cell, denominator: Cell, policy: &Policy) -> Option<f64> {
    let (n, d) = (numerator.count()?, denominator.count()?);
    (d >= policy.min_rate_denominator && d > 0).then(|| (n.min(d)) as f64 / d as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Axis;

    fn table(rows: &[&[u64]]) -> Table {
        // Builds a 2-D table with margins from interior counts.
        let (r, c) = (rows.len(), rows[0].len());
        let axis = |name: &str, n: usize| Axis {
            name: name.into(),
            values: (0..n).map(|i| format!("{name}{i}")).collect(),
            additive: true,
        };
        let mut counts = vec![0; (r + 1) * (c + 1)];
        for (i, row) in rows.iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                counts[i * (c + 1) + j] += v;
                counts[i * (c + 1) + c] += v;
                counts[r * (c + 1) + j] += v;
                counts[r * (c + 1) + c] += v;
            }
        }
        Table {
            axes: vec![axis("r", r), axis("c", c)],
            counts,
        }
    }

    #[test]
    fn small_counts_are_withheld_with_a_partner_in_every_line() {
        let t = table(&[&[3, 40, 52], &[25, 31, 60]]);
        let p = protect(&t, &Policy::default());
        assert_eq!(p.cells[0], Cell::Suppressed);
        // Row 0: the partner is the smallest published part, 40; column 0: 25.
        assert_eq!(p.cells[1], Cell::Suppressed);
        assert_eq!(p.cells[4], Cell::Suppressed);
        // ... and 31 closes the rectangle, so no line has a single unknown.
        assert_eq!(p.cells[5], Cell::Suppressed);
        assert_eq!(p.cells[2], Cell::Count(50));
        assert_eq!(p.cells[11], Cell::Count(210));
    }

    #[test]
    fn rounding_goes_to_the_nearest_five() {
        let p = Policy::default();
        assert_eq!(
            [10, 12, 13, 17, 18, 100].map(|c| p.round(c)),
            [10, 10, 15, 15, 20, 100]
        );
    }

    #[test]
    fn rates_need_a_published_numerator_and_a_denominator_of_sixty() {
        let p = Policy::default();
        assert_eq!(rate(Cell::Count(30), Cell::Count(60), &p), Some(0.5));
        assert_eq!(rate(Cell::Count(30), Cell::Count(55), &p), None);
        assert_eq!(rate(Cell::Suppressed, Cell::Count(600), &p), None);
    }

    #[test]
    fn withheld_cells_are_marked_not_blank() {
        let csv = joined(&[Cell::Count(15), Cell::Suppressed]);
        assert_eq!(csv, "15,suppressed");
    }

    fn joined(cells: &[Cell]) -> String {
        cells
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }
}
