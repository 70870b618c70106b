//! Weighted and distinct sampling. Vose's alias method makes a weighted draw O(1) whatever
//! the number of choices, which matters when millions of rows each draw from ~3,000
//! occupations.

use rand::Rng;

/// A discrete distribution over `0..n`, drawn from in constant time.
#[derive(Debug, Clone)]
pub struct Alias {
    prob: Vec<f64>,
    alias: Vec<u32>,
}

impl Alias {
    /// Weights need not sum to one; non-positive or non-finite ones are never drawn. When no
    /// weight is positive every choice is equally likely, rather than failing far from here.
    pub fn new(weights: &[f64]) -> Self {
        assert!(
            !weights.is_empty(),
            "a distribution needs at least one choice"
        );
        let clean: Vec<f64> = weights
            .iter()
            .map(|&w| if w.is_finite() && w > 0.0 { w } else { 0.0 })
            .collect();
        let total: f64 = clean.iter().sum();
        let n = clean.len();
        let mut scaled: Vec<f64> = if total > 0.0 {
            clean.iter().map(|w| w * n as f64 / total).collect()
        } else {
            vec![1.0; n]
        };
        let mut prob = vec![1.0; n];
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| scaled[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            prob[s] = scaled[s];
            alias[s] = l as u32;
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // Left-overs are 1 up to rounding error: they keep prob 1 and alias themselves.
        Self { prob, alias }
    }

    pub fn sample(&self, rng: &mut impl Rng) -> usize {
        let i = rng.random_range(0..self.prob.len());
        if rng.random::<f64>() < self.prob[i] {
            i
        } else {
            self.alias[i] as usize
        }
    }
}

/// Zipf weights 1/rank^s for ranks 1..=n: a few choices take most of the draws.
pub fn zipf_weights(n: usize, s: f64) -> Vec<f64> {
    (1..=n).map(|rank| (rank as f64).powf(-s)).collect()
}

/// Appends `k` distinct items of `from` (all of them when there are fewer), in draw order.
pub fn distinct_into<T: Copy>(rng: &mut impl Rng, from: &[T], k: usize, out: &mut Vec<T>) {
    let k = k.min(from.len());
    out.extend(
        rand::seq::index::sample(rng, from.len(), k)
            .into_iter()
            .map(|i| from[i]),
    );
}

/// One item of a short fixed list with its weight; the weights need not sum to one.
pub fn weighted<T: Copy>(rng: &mut impl Rng, choices: &[(T, f64)]) -> T {
    debug_assert!(!choices.is_empty());
    let total: f64 = choices.iter().map(|c| c.1).sum();
    let mut x = rng.random::<f64>() * total;
    for &(item, w) in choices {
        if x < w {
            return item;
        }
        x -= w;
    }
    choices[choices.len() - 1].0
}

pub fn one<T: Copy>(rng: &mut impl Rng, choices: &[T]) -> T {
    choices[rng.random_range(0..choices.len())]
}

/// Uniform on a log scale: as many prices between 100 and 300 as between 1000 and 3000.
pub fn log_uniform(rng: &mut impl Rng, lo: f64, hi: f64) -> f64 {
    (lo.ln() + rng.random::<f64>() * (hi.ln() - lo.ln())).exp()
}

/// Two independent standard normal values (Box-Muller).
pub fn normal_pair(rng: &mut impl Rng) -> (f64, f64) {
    // 1 - u keeps the logarithm away from zero.
    let u = 1.0 - rng.random::<f64>();
    let v = rng.random::<f64>();
    let radius = (-2.0 * u.ln()).sqrt();
    let angle = std::f64::consts::TAU * v;
    (radius * angle.cos(), radius * angle.sin())
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;

    #[test]
    fn alias_draws_follow_the_weights() {
        let table = Alias::new(&[1.0, 0.0, 3.0, 6.0]);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut counts = [0u32; 4];
        for _ in 0..100_000 {
            counts[table.sample(&mut rng)] += 1;
        }
        assert_eq!(counts[1], 0);
        for (i, expected) in [(0, 10_000.0), (2, 30_000.0), (3, 60_000.0)] {
            let got = f64::from(counts[i]);
            assert!((got - expected).abs() < expected * 0.05, "{i}: {got}");
        }
    }

    #[test]
    fn all_zero_weights_fall_back_to_uniform() {
        let table = Alias::new(&[0.0, 0.0]);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let ones = (0..1000).filter(|_| table.sample(&mut rng) == 1).count();
        assert!((400..600).contains(&ones));
    }

    #[test]
    fn distinct_draws_never_repeat_and_stop_at_the_list_length() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let mut out = Vec::new();
        distinct_into(&mut rng, &[1, 2, 3, 4, 5], 9, &mut out);
        out.sort_unstable();
        assert_eq!(out, [1, 2, 3, 4, 5]);
    }
}
