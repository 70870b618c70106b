//! Confidence intervals for proportions and their ratio.

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval for `successes` out of `trials`: unlike the normal
/// approximation it stays inside [0, 1] and behaves for rates near 0 or 1, which is where
/// the small groups of a fairness monitor live.
pub fn wilson(successes: u64, trials: u64, z: f64) -> Option<(f64, f64)> {
    if trials == 0 {
        return None;
    }
    let n = trials as f64;
    let p = successes.min(trials) as f64 / n;
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z * ((p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt()) / (1.0 + z2 / n);
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// The ratio of two proportions with the Katz log interval.
pub fn ratio(a: (u64, u64), b: (u64, u64), z: f64) -> Option<(f64, f64, f64)> {
    let ((x1, n1), (x2, n2)) = (a, b);
    if n1 == 0 || n2 == 0 || x1 == 0 || x2 == 0 {
        return None;
    }
    let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
    let rr = p1 / p2;
    let se = ((1.0 - p1) / x1 as f64 + (1.0 - p2) / x2 as f64).sqrt();
    Some((rr, (rr.ln() - z * se).exp(), (rr.ln() + z * se).exp()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_a_published_example() {
        // Newcombe (1998), example: 81 of 263 → 0.2553 to 0.3662.
        let (lo, hi) = wilson(81, 263, Z95).unwrap();
        assert!(
            (lo - 0.2553).abs() < 5e-4 && (hi - 0.3662).abs() < 5e-4,
            "{lo} {hi}"
        );
        let (lo, hi) = wilson(0, 10, Z95).unwrap();
        assert_eq!(lo, 0.0);
        assert!(hi > 0.25 && hi < 0.31);
        assert_eq!(wilson(1, 0, Z95), None);
    }

    #[test]
    fn the_ratio_interval_contains_the_ratio_and_narrows_with_data() {
        let (rr, lo, hi) = ratio((30, 100), (50, 100), Z95).unwrap();
        assert!((rr - 0.6).abs() < 1e-12 && lo < rr && rr < hi);
        let (_, lo2, hi2) = ratio((300, 1000), (500, 1000), Z95).unwrap();
        assert!(hi2 - lo2 < hi - lo);
        assert!(hi2 < 0.8, "a large sample pins the ratio under four fifths");
    }
}
