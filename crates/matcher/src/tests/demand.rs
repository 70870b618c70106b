use crate::demand::{AreaKind, Demand};
use crate::fixtures::*;

fn demand() -> Demand {
    let t = taxonomy();
    let vs = vec![
        vacancy(
            "open-1",
            &["python", "solar"],
            "DED5",
            day(11, 1),
            day(12, 31),
        ),
        vacancy("open-2", &["python"], "DED2", day(11, 20), day(12, 31)),
        vacancy("closed", &["welding"], "DED5", day(6, 1), day(6, 30)),
        vacancy(
            "old",
            &["welding"],
            "DED5",
            NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            day(12, 31),
        ),
    ];
    Demand::build(&t, &vs, day(12, 1))
}

use chrono::NaiveDate;

#[test]
fn only_open_vacancies_count_toward_current_demand() {
    let t = taxonomy();
    let d = demand();
    let top = d.top_skills(&t, None, None, 10);
    let count = |s: &str| {
        top.iter()
            .find(|r| r.uri == skill_uri(s))
            .map_or(0, |r| r.open_vacancies)
    };
    assert_eq!(count("python"), 2);
    // "closed" closed in June; "old" was posted in 2025 and is still open.
    assert_eq!(count("welding"), 1);
    assert_eq!(top[0].open_total, 3);
    assert_eq!(top[0].uri, skill_uri("python"));
}

#[test]
fn the_trend_counts_postings_per_month_in_the_last_twelve_months() {
    let t = taxonomy();
    let d = demand();
    let python = t.skill_id(&skill_uri("python")).unwrap();
    let welding = t.skill_id(&skill_uri("welding")).unwrap();
    let mut want = [0; 12];
    want[10] = 2; // November, one month before the as-of month
    assert_eq!(d.trend(python, None), want);
    // June 2026 is six months back; January 2025 is outside the window.
    let mut want = [0; 12];
    want[5] = 1;
    assert_eq!(d.trend(welding, None), want);
    assert_eq!(d.trend(welding, Some("DED5")), want);
    assert_eq!(d.trend(welding, Some("DED2")), [0; 12]);
}

#[test]
fn regions_green_share_and_the_fallback_area() {
    let t = taxonomy();
    let d = demand();
    let solar = t.skill_id(&skill_uri("solar")).unwrap();
    assert_eq!(d.region_area("DED5").count(solar), 1);
    assert_eq!(d.region_area("DED2").count(solar), 0);
    // DED2 has one open vacancy, not asking for solar: 0/1 pulled toward the national 1/3
    // by 20 pseudo-vacancies.
    let ded2 = d.local_share(solar, "DED2");
    assert!((ded2 - (20.0 / 3.0) / 21.0).abs() < 1e-9, "{ded2}");
    let shares = d.collection_shares(Some("DED5"), None);
    assert_eq!(shares.open_total, 2);
    assert!((shares.green - 0.5).abs() < 1e-9);
    // No coordinates on the vacancies: the person's region is their area.
    let area = d.area_for(&place(51.3, 12.4, "DED5"), 30.0);
    assert_eq!(area.kind, AreaKind::Region("DED5".into()));
}

#[test]
fn a_travel_radius_counts_only_vacancies_within_it() {
    let t = taxonomy();
    let mut near = vacancy("near", &["solar"], "DED5", day(11, 1), day(12, 31));
    near.location = place(51.35, 12.40, "DED5"); // ~2 km from the centre below
    let mut far = vacancy("far", &["solar"], "DED2", day(11, 1), day(12, 31));
    far.location = place(51.05, 13.74, "DED2"); // Dresden, ~100 km
    let d = Demand::build(&t, &[near, far], day(12, 1));
    let solar = t.skill_id(&skill_uri("solar")).unwrap();
    let area = d.area_for(&place(51.34, 12.37, "DED5"), 25.0);
    assert!(matches!(area.kind, AreaKind::Radius { .. }));
    assert_eq!((area.open(), area.count(solar)), (1, 1));
    assert_eq!(d.radius_area(51.34, 12.37, 150.0).count(solar), 2);
}

#[test]
fn a_vacancy_coded_to_an_occupation_without_skills_asks_for_its_essentials() {
    let t = taxonomy();
    let mut v = vacancy("coded", &[], "DED5", day(11, 1), day(12, 31));
    v.occupation_uri = Some(occ_uri("installer"));
    let d = Demand::build(&t, &[v], day(12, 1));
    let welding = t.skill_id(&skill_uri("welding")).unwrap();
    let installer = t.occupation_id(&occ_uri("installer")).unwrap();
    assert_eq!(d.national_area().count(welding), 1);
    assert_eq!(d.national_area().occupation_count(installer), 1);
    assert_eq!(d.top_skills(&t, Some("DED5"), Some(installer), 5).len(), 2);
}

#[test]
fn a_travel_radius_counts_what_testing_every_vacancy_counts() {
    let t = taxonomy();
    let mut rng = Rng(0xd15_7a2c);
    let mut unit = || (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
    // Vacancies around two centres (one far north, where degrees of longitude are short),
    // some on rings close to the queried radii, where only the haversine can decide.
    let centres: [(f64, f64); 2] = [(51.34, 12.37), (69.65, 18.96)];
    let mut vacancies = Vec::new();
    for i in 0..3_000 {
        let (clat, clon) = centres[i % 2];
        let (lat, lon) = if i % 5 == 0 {
            let km = [5.0, 25.0, 40.0][i % 3];
            let bearing = unit() * std::f64::consts::TAU;
            let dlat = km / 111.195 * bearing.cos();
            let dlon = km / (111.195 * clat.to_radians().cos()) * bearing.sin();
            (clat + dlat, clon + dlon)
        } else {
            (clat + (unit() - 0.5) * 1.5, clon + (unit() - 0.5) * 3.0)
        };
        let mut v = vacancy(
            &format!("v{i}"),
            &["solar"],
            "DED5",
            day(11, 1),
            day(12, 31),
        );
        v.location = place(lat, lon, "DED5");
        vacancies.push(v);
    }
    let d = Demand::build(&t, &vacancies, day(12, 1));
    let mut queries = 0;
    for &(clat, clon) in &centres {
        for radius in [0.5, 5.0, 25.0, 40.0, 80.0] {
            let here = place(clat, clon, "DED5");
            let expected = vacancies
                .iter()
                .filter(|v| here.distance_km(&v.location).is_some_and(|k| k <= radius))
                .count() as u32;
            assert_eq!(
                d.radius_area(clat, clon, radius).open(),
                expected,
                "{radius} km"
            );
            queries += u32::from(expected > 0);
        }
    }
    assert!(queries >= 8, "the radii must find vacancies");
}
