//! Disclosure control over a table held sparsely: only the cells some record falls in are
//! stored, in offset order, with one count per funnel stage.
//!
//! A report by group × region × course over a national register has tens of millions of
//! cells, nearly all zero, and a dense table per stage would not fit in memory. The rules
//! are `sdc::protect`'s, applied so that the outcome is the same cell for cell:
//!
//! - a cell that is not stored is zero, so withheld as small and never chosen as a partner;
//! - a line whose total is zero has only zero parts: `protect` can change nothing in it, so
//!   it is not visited;
//! - the other lines are visited in `Table::lines`' order, pass after pass to the same
//!   fixed point, and a line's stored parts carry the whole test (the missing parts add
//!   nothing to what is hidden, and their count, zero, is the smallest a small part has).

use crate::sdc::{Cell, Policy};
use crate::table::Axis;

/// Stages per cell: the funnel's.
pub const STAGES: usize = crate::funnel::Stage::ALL.len();

/// A published count, or [`WITHHELD`]; four bytes a cell keeps big reports in memory.
pub type Published = u32;
pub const WITHHELD: Published = Published::MAX;

/// Cells in row-major order over the axes' positions (totals included), as `Table`.
#[derive(Debug, Clone)]
pub struct SparseTable {
    pub axes: Vec<Axis>,
    /// Offsets of the stored cells, ascending.
    pub offsets: Vec<u64>,
    /// Per stored cell, its count at each stage; [`protect_all`] replaces them with what
    /// may be published.
    pub counts: Vec<[u32; STAGES]>,
}

struct Line {
    total: u32,
    parts: std::ops::Range<usize>,
    /// Positions along the line with no stored cell: zero at every stage.
    missing: u64,
}

impl SparseTable {
    pub fn size(&self) -> u64 {
        self.axes.iter().map(|a| a.len() as u64).product()
    }

    fn strides(&self) -> Vec<u64> {
        let mut strides = vec![1u64; self.axes.len()];
        for d in (0..self.axes.len().saturating_sub(1)).rev() {
            strides[d] = strides[d + 1] * self.axes[d + 1].len() as u64;
        }
        strides
    }

    fn index(&self, offset: u64) -> Option<u32> {
        self.offsets.binary_search(&offset).ok().map(|i| i as u32)
    }

    /// Every additive line with a stored total, in `Table::lines`' order; `flat` holds the
    /// stored parts of each.
    fn lines(&self, flat: &mut Vec<u32>) -> Vec<Line> {
        let strides = self.strides();
        let mut lines = Vec::new();
        for (d, axis) in self.axes.iter().enumerate() {
            let Some(total) = axis.total_position() else {
                continue;
            };
            let (len, stride) = (axis.len() as u64, strides[d]);
            let mut keyed: Vec<(u64, u32)> = self
                .offsets
                .iter()
                .enumerate()
                .filter_map(|(i, &o)| {
                    let at = (o / stride) % len;
                    (at != total as u64).then(|| (o + (total as u64 - at) * stride, i as u32))
                })
                .collect();
            keyed.sort_unstable();
            for group in keyed.chunk_by(|a, b| a.0 == b.0) {
                let Some(total) = self.index(group[0].0) else {
                    continue;
                };
                let start = flat.len();
                flat.extend(group.iter().map(|&(_, i)| i));
                lines.push(Line {
                    total,
                    parts: start..flat.len(),
                    missing: axis.values.len() as u64 - group.len() as u64,
                });
            }
        }
        lines
    }
}

/// Applies disclosure control to every stage of `table`, in place.
pub fn protect_all(table: &mut SparseTable, policy: &Policy) {
    let mut flat = Vec::new();
    let lines = table.lines(&mut flat);
    for stage in 0..STAGES {
        let counts: Vec<u64> = table.counts.iter().map(|c| u64::from(c[stage])).collect();
        let withheld = withhold(&counts, &lines, &flat, policy);
        for (i, cell) in table.counts.iter_mut().enumerate() {
            cell[stage] = if withheld[i] {
                WITHHELD
            } else {
                u32::try_from(policy.round(counts[i])).unwrap_or(u32::MAX - 1)
            };
        }
    }
}

fn withhold(counts: &[u64], lines: &[Line], flat: &[u32], policy: &Policy) -> Vec<bool> {
    let primary: Vec<bool> = counts.iter().map(|&c| c < policy.min_count).collect();
    let mut withheld = primary.clone();
    if policy.min_count == 0 {
        return withheld;
    }
    let mut changed = true;
    while changed {
        changed = false;
        for line in lines {
            let total = line.total as usize;
            if counts[total] == 0 {
                continue;
            }
            let parts = &flat[line.parts.clone()];
            if safe(line, parts, counts, &withheld, &primary, policy) {
                continue;
            }
            let partner = parts
                .iter()
                .map(|&p| p as usize)
                .filter(|&p| !withheld[p])
                .min_by_key(|&p| (counts[p], p))
                .or((!withheld[total]).then_some(total));
            if let Some(p) = partner {
                withheld[p] = true;
                changed = true;
            }
        }
    }
    withheld
}

/// `sdc::line_is_safe` with the missing parts counted in: each is one more unknown, hides
/// nothing, and is a small part of count zero.
fn safe(
    line: &Line,
    parts: &[u32],
    counts: &[u64],
    withheld: &[bool],
    primary: &[bool],
    policy: &Policy,
) -> bool {
    let mut unknown = line.missing + u64::from(withheld[line.total as usize]);
    let mut hidden = 0;
    let mut largest_small = (line.missing > 0).then_some(0);
    for &p in parts {
        let p = p as usize;
        if withheld[p] {
            unknown += 1;
            hidden += counts[p];
        }
        if primary[p] {
            largest_small = largest_small.max(Some(counts[p]));
        }
    }
    match unknown {
        0 => true,
        1 => false,
        _ => largest_small.is_none_or(|m| hidden - m >= policy.min_count),
    }
}

/// A published value as a report cell; a position with no stored cell is zero.
pub fn cell(value: Option<Published>, policy: &Policy) -> Cell {
    match value {
        Some(WITHHELD) => Cell::Suppressed,
        Some(v) => Cell::Count(u64::from(v)),
        None if policy.min_count > 0 => Cell::Suppressed,
        None => Cell::Count(0),
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::sdc::protect;
    use crate::table::Table;

    fn axis(name: &str, n: usize, additive: bool) -> Axis {
        Axis {
            name: name.into(),
            values: (0..n).map(|i| format!("{name}{i}")).collect(),
            additive,
        }
    }

    /// Random sparse tables, mostly zeros with a few large cells, protected both ways.
    #[test]
    fn sparse_protection_withholds_exactly_what_the_dense_one_does() {
        let mut rng = ChaCha8Rng::seed_from_u64(17);
        for round in 0..300 {
            let axes = vec![
                axis("g", rng.random_range(1..4), false),
                axis("r", rng.random_range(1..5), true),
                axis("c", rng.random_range(1..9), true),
            ];
            let density = rng.random_range(0.05..0.9);
            let mut records: Vec<(Vec<Vec<&str>>, u64)> = Vec::new();
            for g in &axes[0].values {
                for r in &axes[1].values {
                    for c in &axes[2].values {
                        if rng.random_bool(density) {
                            let n = if rng.random_bool(0.5) {
                                rng.random_range(1..10)
                            } else {
                                rng.random_range(10..80)
                            };
                            records.push((
                                vec![vec![g.as_str()], vec![r.as_str()], vec![c.as_str()]],
                                n,
                            ));
                        }
                    }
                }
            }
            let dense = Table::count_weighted(axes.clone(), records);
            let policy = Policy::default();
            let expected = protect(&dense, &policy).cells;
            let stored: Vec<u64> = (0..dense.counts.len() as u64)
                .filter(|&o| dense.counts[o as usize] > 0)
                .collect();
            let mut sparse = SparseTable {
                axes,
                counts: stored
                    .iter()
                    .map(|&o| [dense.counts[o as usize] as u32; STAGES])
                    .collect(),
                offsets: stored,
            };
            protect_all(&mut sparse, &policy);
            for (o, want) in expected.iter().enumerate() {
                let at = sparse.index(o as u64).map(|i| sparse.counts[i as usize][3]);
                assert_eq!(cell(at, &policy), *want, "round {round}, offset {o}");
            }
        }
    }
}
