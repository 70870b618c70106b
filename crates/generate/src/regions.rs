//! A fixed list of NUTS-2 regions with the coordinates of their main city. Fixed rather
//! than drawn so that benchmarks at every tier and seed talk about the same places, and a
//! travel radius around a city means the same thing from run to run.

use rand::Rng;

use crate::pick;

#[derive(Debug, Clone, Copy)]
pub struct Region {
    pub code: &'static str,
    pub city: &'static str,
    /// ISO 3166-1 alpha-2 (Greece is GR here, although NUTS says EL).
    pub country: &'static str,
    /// ISO 639-1, the main language first.
    pub languages: &'static [&'static str],
    pub lat: f64,
    pub lon: f64,
    pub postcode: &'static str,
    /// Millions of inhabitants, roughly: how much of the labour market happens here.
    pub population: f64,
    /// Wages relative to the EU average, so salaries differ between Munich and Bucharest.
    pub wage_level: f64,
}

// A table row per region reads better than forty struct literals.
#[allow(clippy::too_many_arguments)]
const fn r(
    code: &'static str,
    city: &'static str,
    country: &'static str,
    languages: &'static [&'static str],
    lat: f64,
    lon: f64,
    postcode: &'static str,
    population: f64,
    wage_level: f64,
) -> Region {
    Region {
        code,
        city,
        country,
        languages,
        lat,
        lon,
        postcode,
        population,
        wage_level,
    }
}

#[rustfmt::skip]
pub const REGIONS: &[Region] = &[
    r("DE30", "Berlin", "DE", &["de"], 52.520, 13.405, "10115", 3.7, 1.15),
    r("DE60", "Hamburg", "DE", &["de"], 53.551, 9.994, "20095", 1.9, 1.25),
    r("DE21", "München", "DE", &["de"], 48.137, 11.575, "80331", 4.7, 1.35),
    r("DE11", "Stuttgart", "DE", &["de"], 48.776, 9.183, "70173", 4.2, 1.30),
    r("DEA1", "Düsseldorf", "DE", &["de"], 51.227, 6.773, "40213", 5.2, 1.20),
    r("DEA2", "Köln", "DE", &["de"], 50.938, 6.960, "50667", 4.5, 1.20),
    r("DE71", "Frankfurt am Main", "DE", &["de"], 50.110, 8.682, "60311", 4.0, 1.30),
    r("DED5", "Leipzig", "DE", &["de"], 51.340, 12.375, "04109", 1.0, 0.95),
    r("DED2", "Dresden", "DE", &["de"], 51.050, 13.738, "01067", 1.6, 0.95),
    r("DED4", "Chemnitz", "DE", &["de"], 50.833, 12.925, "09111", 1.4, 0.90),
    r("FR10", "Paris", "FR", &["fr"], 48.857, 2.352, "75001", 12.3, 1.25),
    r("FRK2", "Lyon", "FR", &["fr"], 45.764, 4.836, "69001", 6.6, 1.05),
    r("FRL0", "Marseille", "FR", &["fr"], 43.297, 5.370, "13001", 5.1, 1.00),
    r("FRI1", "Bordeaux", "FR", &["fr"], 44.838, -0.579, "33000", 3.5, 1.00),
    r("FRE1", "Lille", "FR", &["fr"], 50.629, 3.057, "59000", 4.0, 0.95),
    r("ES30", "Madrid", "ES", &["es"], 40.417, -3.704, "28001", 6.8, 0.90),
    r("ES51", "Barcelona", "ES", &["es", "ca"], 41.387, 2.168, "08001", 7.8, 0.90),
    r("ES61", "Sevilla", "ES", &["es"], 37.389, -5.984, "41001", 8.5, 0.70),
    r("ES52", "València", "ES", &["es", "ca"], 39.470, -0.376, "46001", 5.1, 0.75),
    r("ITC4", "Milano", "IT", &["it"], 45.464, 9.190, "20121", 10.0, 1.05),
    r("ITI4", "Roma", "IT", &["it"], 41.903, 12.496, "00184", 5.7, 0.95),
    r("ITF3", "Napoli", "IT", &["it"], 40.852, 14.268, "80133", 5.6, 0.75),
    r("ITH5", "Bologna", "IT", &["it"], 44.494, 11.343, "40121", 4.4, 1.00),
    r("NL32", "Amsterdam", "NL", &["nl"], 52.370, 4.895, "1012", 2.9, 1.35),
    r("NL33", "Rotterdam", "NL", &["nl"], 51.924, 4.478, "3011", 3.8, 1.30),
    r("BE10", "Bruxelles", "BE", &["fr", "nl"], 50.847, 4.357, "1000", 1.2, 1.30),
    r("BE21", "Antwerpen", "BE", &["nl"], 51.219, 4.402, "2000", 1.9, 1.25),
    r("AT13", "Wien", "AT", &["de"], 48.208, 16.373, "1010", 1.9, 1.25),
    r("PL91", "Warszawa", "PL", &["pl"], 52.230, 21.012, "00-001", 3.1, 0.65),
    r("PL21", "Kraków", "PL", &["pl"], 50.065, 19.945, "31-001", 3.4, 0.50),
    r("CZ01", "Praha", "CZ", &["cs"], 50.076, 14.438, "110 00", 1.3, 0.75),
    r("SE11", "Stockholm", "SE", &["sv"], 59.329, 18.069, "111 20", 2.4, 1.35),
    r("DK01", "København", "DK", &["da"], 55.676, 12.568, "1050", 1.9, 1.55),
    r("FI1B", "Helsinki", "FI", &["fi", "sv"], 60.170, 24.938, "00100", 1.7, 1.25),
    r("PT17", "Lisboa", "PT", &["pt"], 38.722, -9.139, "1100-148", 2.9, 0.65),
    r("IE06", "Dublin", "IE", &["en", "ga"], 53.350, -6.260, "D01", 2.4, 1.40),
    r("EL30", "Athína", "GR", &["el"], 37.984, 23.728, "105 52", 3.8, 0.60),
    r("HU11", "Budapest", "HU", &["hu"], 47.498, 19.040, "1051", 1.7, 0.55),
    r("RO32", "București", "RO", &["ro"], 44.426, 26.102, "010011", 2.3, 0.55),
    r("SI04", "Ljubljana", "SI", &["sl"], 46.056, 14.506, "1000", 1.0, 0.80),
];

/// Languages of migrants and neighbours that a local course rarely teaches in.
pub const OTHER_LANGUAGES: &[&str] = &["uk", "ar", "tr", "ru", "ro", "pl", "pt", "es", "fr"];

/// A point around `region`'s centre: normally spread with `sd_km`, cut at three spreads so
/// nobody lives in the sea two hundred kilometres out.
pub fn around(region: &Region, sd_km: f64, rng: &mut impl Rng) -> (f64, f64) {
    let (dx, dy) = pick::normal_pair(rng);
    let km_per_deg_lon = 111.32 * region.lat.to_radians().cos();
    let lat = region.lat + (dy.clamp(-3.0, 3.0) * sd_km) / 110.57;
    let lon = region.lon + (dx.clamp(-3.0, 3.0) * sd_km) / km_per_deg_lon;
    (round4(lat), round4(lon))
}

/// Four decimals are about ten metres: precise enough and keeps the files small.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use skillpath_domain::vacancy::Location;

    #[test]
    fn regions_are_distinct_and_plausible() {
        let mut codes: Vec<_> = REGIONS.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), REGIONS.len());
        assert_eq!(REGIONS.len(), 40);
        for r in REGIONS {
            assert!(
                (34.0..72.0).contains(&r.lat) && (-11.0..35.0).contains(&r.lon),
                "{}",
                r.code
            );
            assert!(r.country.len() == 2 && !r.languages.is_empty());
        }
    }

    #[test]
    fn points_cluster_around_the_centre() {
        use rand::SeedableRng;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let region = &REGIONS[0];
        let centre = Location {
            latitude: Some(region.lat),
            longitude: Some(region.lon),
            ..Default::default()
        };
        for _ in 0..1000 {
            let (lat, lon) = around(region, 10.0, &mut rng);
            let p = Location {
                latitude: Some(lat),
                longitude: Some(lon),
                ..Default::default()
            };
            assert!(centre.distance_km(&p).unwrap() < 45.0);
        }
    }
}
