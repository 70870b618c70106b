//! A count table over any number of dimensions, with a `Total` position on every dimension
//! that is additive. Every cell — interior and margin — is computed from the raw records, so
//! the published margins are the ones an attacker would use to recover a suppressed cell.

use std::collections::BTreeMap;

/// One axis: its values in display order, and whether its total is the sum of its values.
/// A person can belong to several groups, so the group axis is not additive: its "total"
/// is not the sum of its rows and no line constraint runs along it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    pub name: String,
    pub values: Vec<String>,
    pub additive: bool,
}

impl Axis {
    /// Positions along the axis, the total last (when the axis has one).
    pub fn len(&self) -> usize {
        self.values.len() + usize::from(self.additive)
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn total_position(&self) -> Option<usize> {
        self.additive.then_some(self.values.len())
    }

    pub fn label(&self, position: usize) -> &str {
        self.values.get(position).map_or("Total", String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub axes: Vec<Axis>,
    /// Row-major over the axes' positions (totals included).
    pub counts: Vec<u64>,
}

impl Table {
    /// Counts records into a table. Each record names, per axis, the values it falls under
    /// (one for an additive axis, any number for a non-additive one); totals are filled in
    /// from the same records.
    pub fn count<'a, I>(axes: Vec<Axis>, records: I) -> Self
    where
        I: IntoIterator<Item = Vec<Vec<&'a str>>>,
    {
        Self::count_weighted(axes, records.into_iter().map(|r| (r, 1)))
    }

    /// As [`Table::count`], each record standing for `weight` identical ones: lets a caller
    /// that tallied records as it streamed them build the same table without keeping them.
    pub fn count_weighted<'a, I>(axes: Vec<Axis>, records: I) -> Self
    where
        I: IntoIterator<Item = (Vec<Vec<&'a str>>, u64)>,
    {
        let index: Vec<BTreeMap<&str, usize>> = axes
            .iter()
            .map(|a| {
                a.values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (v.as_str(), i))
                    .collect()
            })
            .collect();
        let size = axes.iter().map(Axis::len).product();
        let mut table = Table {
            counts: vec![0; size],
            axes: axes.clone(),
        };
        for (record, weight) in records {
            let positions: Vec<Vec<usize>> = record
                .iter()
                .zip(&index)
                .zip(&axes)
                .map(|((values, idx), axis)| {
                    let mut p: Vec<usize> =
                        values.iter().filter_map(|v| idx.get(v).copied()).collect();
                    if let Some(t) = axis.total_position() {
                        p.push(t);
                    }
                    p
                })
                .collect();
            for_each_combination(&positions, &mut |coords| {
                let i = table.offset(coords);
                table.counts[i] += weight;
            });
        }
        table
    }

    pub fn offset(&self, coords: &[usize]) -> usize {
        coords
            .iter()
            .zip(&self.axes)
            .fold(0, |acc, (c, a)| acc * a.len() + c)
    }

    pub fn coords(&self, mut offset: usize) -> Vec<usize> {
        let mut coords = vec![0; self.axes.len()];
        for (i, axis) in self.axes.iter().enumerate().rev() {
            coords[i] = offset % axis.len();
            offset /= axis.len();
        }
        coords
    }

    pub fn get(&self, coords: &[usize]) -> u64 {
        self.counts[self.offset(coords)]
    }

    /// Every additivity constraint of the table: the cells along one additive axis, the
    /// other coordinates fixed, whose values sum to the cell at that axis's total. Returned
    /// as (cell offsets of the parts, offset of the total).
    pub fn lines(&self) -> Vec<(Vec<usize>, usize)> {
        let mut lines = Vec::new();
        for (d, axis) in self.axes.iter().enumerate() {
            let Some(total) = axis.total_position() else {
                continue;
            };
            for offset in 0..self.counts.len() {
                let mut coords = self.coords(offset);
                if coords[d] != total {
                    continue;
                }
                let total_offset = offset;
                let parts = (0..axis.values.len())
                    .map(|v| {
                        coords[d] = v;
                        self.offset(&coords)
                    })
                    .collect();
                lines.push((parts, total_offset));
            }
        }
        lines
    }
}

fn for_each_combination(positions: &[Vec<usize>], f: &mut dyn FnMut(&[usize])) {
    fn go(
        positions: &[Vec<usize>],
        at: usize,
        coords: &mut Vec<usize>,
        f: &mut dyn FnMut(&[usize]),
    ) {
        if at == positions.len() {
            f(coords);
            return;
        }
        for &p in &positions[at] {
            coords.push(p);
            go(positions, at + 1, coords, f);
            coords.pop();
        }
    }
    go(positions, 0, &mut Vec::with_capacity(positions.len()), f);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(name: &str, values: &[&str], additive: bool) -> Axis {
        Axis {
            name: name.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
            additive,
        }
    }

    #[test]
    fn totals_count_each_record_once_and_lines_sum_to_them() {
        let records = vec![
            vec![vec!["north"], vec!["c1"]],
            vec![vec!["north"], vec!["c2"]],
            vec![vec!["south"], vec!["c1"]],
        ];
        let t = Table::count(
            vec![
                axis("region", &["north", "south"], true),
                axis("course", &["c1", "c2"], true),
            ],
            records,
        );
        assert_eq!(t.get(&[0, 2]), 2, "north total");
        assert_eq!(t.get(&[2, 0]), 2, "c1 total");
        assert_eq!(t.get(&[2, 2]), 3, "grand total");
        for (parts, total) in t.lines() {
            let sum: u64 = parts.iter().map(|&p| t.counts[p]).sum();
            assert_eq!(sum, t.counts[total]);
        }
        assert_eq!(t.lines().len(), 3 + 3);
    }

    #[test]
    fn a_person_in_two_groups_counts_in_both_and_once_in_the_total_of_other_axes() {
        let records = vec![vec![vec!["young", "disability"], vec!["north"]]];
        let t = Table::count(
            vec![
                axis("group", &["young", "disability"], false),
                axis("region", &["north"], true),
            ],
            records,
        );
        assert_eq!(t.get(&[0, 0]), 1);
        assert_eq!(t.get(&[1, 0]), 1);
        assert_eq!(t.get(&[0, 1]), 1);
        // No constraint runs along the group axis.
        assert_eq!(t.lines().len(), 2);
    }
}
