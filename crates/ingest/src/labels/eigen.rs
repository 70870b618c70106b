//! The leading eigenvectors of a large sparse symmetric matrix, by randomized subspace
//! iteration (Halko, Martinsson and Tropp 2011): a few products with a block of random
//! vectors find the subspace the largest eigenvalues live in, and a small dense eigenproblem
//! (cyclic Jacobi) finishes the job. Nothing here needs LAPACK.

use ndarray::{Array2, Axis};

/// A symmetric matrix in compressed rows: row `r` holds `entries[starts[r]..starts[r + 1]]`.
#[derive(Debug, Default)]
pub(crate) struct Sparse {
    pub size: usize,
    pub starts: Vec<usize>,
    pub entries: Vec<(u32, f32)>,
}

impl Sparse {
    /// `self` times `block` (one vector per column).
    fn times(&self, block: &Array2<f32>) -> Array2<f32> {
        let mut out = Array2::<f32>::zeros(block.raw_dim());
        for (r, mut row) in out.axis_iter_mut(Axis(0)).enumerate() {
            for &(c, v) in &self.entries[self.starts[r]..self.starts[r + 1]] {
                row.scaled_add(v, &block.row(c as usize));
            }
        }
        out
    }
}

/// The `k` eigenpairs of `matrix` largest in magnitude, largest first: the values, and the
/// vectors as the columns of a `size` x `k` matrix.
pub(crate) fn leading(matrix: &Sparse, k: usize, iterations: usize) -> (Vec<f32>, Array2<f32>) {
    let width = (k + 10).min(matrix.size);
    let mut random = SplitMix(0x5eed);
    let mut basis = Array2::from_shape_fn((matrix.size, width), |_| random.normal());
    orthonormalise(&mut basis);
    for _ in 0..=iterations {
        basis = matrix.times(&basis);
        orthonormalise(&mut basis);
    }
    let small = basis.t().dot(&matrix.times(&basis));
    let (values, vectors) = jacobi(&small);
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].abs().total_cmp(&values[a].abs()));
    order.truncate(k);
    let chosen = Array2::from_shape_fn((width, order.len()), |(i, j)| vectors[[i, order[j]]]);
    (
        order.iter().map(|&i| values[i]).collect(),
        basis.dot(&chosen),
    )
}

/// Modified Gram-Schmidt on the columns; a column that depends on earlier ones is zeroed.
fn orthonormalise(block: &mut Array2<f32>) {
    let mut columns = block.t().to_owned();
    for j in 0..columns.nrows() {
        for i in 0..j {
            let projection = columns.row(i).dot(&columns.row(j));
            let (earlier, mut later) = columns.view_mut().split_at(Axis(0), j);
            later.row_mut(0).scaled_add(-projection, &earlier.row(i));
        }
        let norm = columns.row(j).dot(&columns.row(j)).sqrt();
        let mut column = columns.row_mut(j);
        if norm > 1e-6 {
            column /= norm;
        } else {
            column.fill(0.0);
        }
    }
    block.assign(&columns.t());
}

/// Eigenvalues and eigenvectors (columns) of a small symmetric matrix, by cyclic Jacobi
/// rotations in f64.
fn jacobi(matrix: &Array2<f32>) -> (Vec<f32>, Array2<f32>) {
    let n = matrix.nrows();
    let mut a = matrix.mapv(f64::from);
    let mut v = Array2::<f64>::eye(n);
    for _sweep in 0..50 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[[i, j]] * a[[i, j]])
            .sum();
        if off < 1e-18 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[[p, q]].abs() < 1e-15 {
                    continue;
                }
                let theta = (a[[q, q]] - a[[p, p]]) / (2.0 * a[[p, q]]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[[k, p]], a[[k, q]]);
                    a[[k, p]] = c * akp - s * akq;
                    a[[k, q]] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[[p, k]], a[[q, k]]);
                    a[[p, k]] = c * apk - s * aqk;
                    a[[q, k]] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[[k, p]], v[[k, q]]);
                    v[[k, p]] = c * vkp - s * vkq;
                    v[[k, q]] = s * vkp + c * vkq;
                }
            }
        }
    }
    (
        (0..n).map(|i| a[[i, i]] as f32).collect(),
        v.mapv(|x| x as f32),
    )
}

/// A small deterministic generator: the same taxonomy always gives the same vectors.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Roughly normal: the sum of four uniforms, centred.
    fn normal(&mut self) -> f32 {
        let uniform = |r: &mut Self| (r.next() >> 40) as f32 / (1u64 << 24) as f32;
        uniform(self) + uniform(self) + uniform(self) + uniform(self) - 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_leading_eigenvectors_of_a_block_matrix() {
        // Two blocks of strongly related items: the leading eigenvectors separate them.
        let mut m = Sparse {
            size: 6,
            ..Sparse::default()
        };
        let value = |i: usize, j: usize| -> f32 {
            match (i < 3, j < 3) {
                _ if i == j => 0.0,
                (true, true) => 3.0,
                (false, false) => 2.0,
                _ => 0.1,
            }
        };
        for i in 0..6 {
            m.starts.push(m.entries.len());
            for j in 0..6 {
                if value(i, j) != 0.0 {
                    m.entries.push((j as u32, value(i, j)));
                }
            }
        }
        m.starts.push(m.entries.len());
        let (values, vectors) = leading(&m, 2, 3);
        // The first block's eigenvalue is about 6.1, the second's about 3.9.
        assert!((values[0] - 6.0).abs() < 0.3, "{values:?}");
        assert!((values[1] - 4.0).abs() < 0.3, "{values:?}");
        let first = vectors.column(0);
        assert!(first.iter().take(3).all(|x| x.abs() > 0.5));
        assert!(first.iter().skip(3).all(|x| x.abs() < 0.2));
    }
}
