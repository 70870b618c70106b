//! Property tests of disclosure control over random tables: nothing under the threshold is
//! published, and no withheld cell can be recovered from what is published.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use skillpath_report::sdc::{Cell, Policy, protect};
use skillpath_report::table::{Axis, Table};

/// A random table with margins: 1 to 3 dimensions of 1 to 6 values, counts skewed toward
/// the small ones that disclosure control exists for.
fn random_table(rng: &mut ChaCha8Rng) -> Table {
    let dims = rng.random_range(1..=3);
    let axes: Vec<Axis> = (0..dims)
        .map(|d| Axis {
            name: format!("d{d}"),
            values: (0..rng.random_range(1..=6))
                .map(|v| format!("v{v}"))
                .collect(),
            additive: true,
        })
        .collect();
    let mut table = Table {
        counts: vec![0; axes.iter().map(Axis::len).product()],
        axes,
    };
    for offset in 0..table.counts.len() {
        let coords = table.coords(offset);
        if coords
            .iter()
            .zip(&table.axes)
            .any(|(&c, a)| Some(c) == a.total_position())
        {
            continue;
        }
        let count = match rng.random_range(0..10) {
            0..=3 => rng.random_range(0..10),
            4..=7 => rng.random_range(10..60),
            _ => rng.random_range(60..500),
        };
        // Add the interior count to every margin it belongs to.
        let subsets = 1usize << coords.len();
        for mask in 0..subsets {
            let c: Vec<usize> = coords
                .iter()
                .zip(&table.axes)
                .enumerate()
                .map(|(i, (&c, a))| {
                    if mask & (1 << i) != 0 {
                        a.values.len()
                    } else {
                        c
                    }
                })
                .collect();
            let o = table.offset(&c);
            table.counts[o] += count;
        }
    }
    table
}

/// What an attacker can learn: every published count is the true one rounded to 5, so the
/// truth lies within ±2; every line sums to its total. Propagating those constraints to a
/// fixed point gives the tightest interval this reasoning yields for each cell.
fn attack(table: &Table, cells: &[Cell], policy: &Policy) -> Vec<(i64, i64)> {
    let half = (policy.round_to / 2) as i64;
    let big = table.counts.iter().sum::<u64>() as i64 * 4 + 1_000;
    let mut bounds: Vec<(i64, i64)> = cells
        .iter()
        .map(|c| match c {
            Cell::Count(v) => ((*v as i64 - half).max(0), *v as i64 + half),
            Cell::Suppressed => (0, big),
        })
        .collect();
    let lines = table.lines();
    for _ in 0..200 {
        let mut changed = false;
        for (parts, total) in &lines {
            let lo_sum: i64 = parts.iter().map(|&p| bounds[p].0).sum();
            let hi_sum: i64 = parts.iter().map(|&p| bounds[p].1).sum();
            let t = bounds[*total];
            let new_t = (t.0.max(lo_sum), t.1.min(hi_sum));
            changed |= new_t != t;
            bounds[*total] = new_t;
            for &p in parts {
                let (lo, hi) = bounds[p];
                let others_lo = lo_sum - lo;
                let others_hi = hi_sum - hi;
                let new = (lo.max(new_t.0 - others_hi), hi.min(new_t.1 - others_lo));
                changed |= new != (lo, hi);
                bounds[p] = new;
            }
        }
        if !changed {
            break;
        }
    }
    bounds
}

#[test]
fn no_published_cell_is_small_and_no_withheld_small_cell_can_be_pinned_down() {
    let policy = Policy::default();
    let mut rng = ChaCha8Rng::seed_from_u64(20261129);
    for case in 0..10_000 {
        let table = random_table(&mut rng);
        let protected = protect(&table, &policy);
        for (i, cell) in protected.cells.iter().enumerate() {
            if let Cell::Count(v) = cell {
                assert!(
                    *v >= policy.min_count,
                    "case {case}: cell {i} published as {v}"
                );
                assert!(
                    table.counts[i] >= policy.min_count,
                    "case {case}: small cell {i} published"
                );
                assert_eq!(v % policy.round_to, 0, "case {case}: cell {i} not rounded");
            }
        }
        // No line may have exactly one withheld cell: total minus parts would give it back.
        for (parts, total) in table.lines() {
            let unknown = parts
                .iter()
                .chain([&total])
                .filter(|&&c| protected.cells[c] == Cell::Suppressed)
                .count();
            assert_ne!(unknown, 1, "case {case}: a line with one withheld cell");
        }
        // Whatever the constraints imply, an attacker cannot narrow a small count down
        // to the precision of a published figure.
        let bounds = attack(&table, &protected.cells, &policy);
        for (i, &small) in protected.primary.iter().enumerate() {
            if small {
                let (lo, hi) = bounds[i];
                assert!(
                    hi - lo >= policy.round_to as i64,
                    "case {case}: withheld cell {i} (true {}) pinned to [{lo}, {hi}]",
                    table.counts[i]
                );
            }
        }
    }
}

#[test]
fn a_region_with_and_without_one_course_reveals_nothing_under_the_threshold() {
    let policy = Policy::default();
    let axis = |values: &[&str]| Axis {
        name: "course".into(),
        values: values.iter().map(|v| v.to_string()).collect(),
        additive: true,
    };
    // One region's referrals by course; course c3 has 3 people.
    let with = Table {
        axes: vec![axis(&["c1", "c2", "c3"])],
        counts: vec![48, 61, 3, 112],
    };
    let without = Table {
        axes: vec![axis(&["c1", "c2"])],
        counts: vec![48, 61, 109],
    };
    let a = protect(&with, &policy).cells;
    let b = protect(&without, &policy).cells;
    assert_eq!(a[2], Cell::Suppressed);
    let (Cell::Count(total_with), Cell::Count(total_without)) = (a[3], b[2]) else {
        panic!("both totals are large enough to publish: {a:?} {b:?}");
    };
    // The difference of the totals is all an attacker gets about c3; rounding leaves
    // every value from 0 to 7 consistent with it.
    let diff = total_with as i64 - total_without as i64;
    let half = (policy.round_to / 2) as i64;
    let consistent: Vec<i64> = (0..10).filter(|c| (diff - c).abs() <= 2 * half).collect();
    assert!(
        consistent.len() >= 5,
        "difference {diff} narrows c3 to {consistent:?}"
    );
    assert!(consistent.contains(&3) && consistent.contains(&0));
}
