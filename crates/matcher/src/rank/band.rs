//! The outcome figure a jobseeker sees next to a course: a rounded band with its rounded
//! sample size, e.g. "about 8 in 10 found work within 6 months (n≈300)". Below the
//! disclosure threshold there is neither band nor count: a figure about three completers
//! describes three people and says little about the course.

use super::catalogue::OutcomeEvidence;

/// Fewer completers than this and nothing is shown (design.md: counts under 10 suppressed).
pub const MIN_COMPLETERS: u32 = 10;

/// The band, or `None` when too few completed the course to show one.
pub fn employment_band(o: &OutcomeEvidence) -> Option<String> {
    if o.completers < MIN_COMPLETERS {
        return None;
    }
    let tenths = (10.0 * f64::from(o.employed) / f64::from(o.completers)).round() as u32;
    // The sample size is rounded to 5, as every published count is.
    let n = (o.completers + 2) / 5 * 5;
    Some(format!(
        "about {tenths} in 10 found work within 6 months (n≈{n})"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_band_rounds_rate_and_size_and_is_hidden_below_ten_completers() {
        let band = |completers, employed| {
            employment_band(&OutcomeEvidence {
                completers,
                employed,
            })
        };
        assert_eq!(
            band(300, 250).as_deref(),
            Some("about 8 in 10 found work within 6 months (n≈300)")
        );
        assert_eq!(
            band(122, 73).as_deref(),
            Some("about 6 in 10 found work within 6 months (n≈120)")
        );
        assert_eq!(band(9, 9), None);
        assert!(band(10, 0).is_some());
    }
}
