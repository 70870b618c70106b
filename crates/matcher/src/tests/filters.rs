use skillpath_domain::course::{Course, Mode, Session};

use crate::fixtures::*;
use crate::policy::Policy;
use crate::rank::Catalogue;
use crate::rank::filter::{Exclusion, check, check_packed};

/// The filter's answer, after checking that the packed path the ranking uses gives the
/// same one (session, start, distance and all) as the definition.
fn run(c: &Course, p: &skillpath_domain::jobseeker::Profile) -> Result<(), Exclusion> {
    let t = taxonomy();
    let held = crate::gap::held_skills(&t, p);
    let cover = t.coverage(&held);
    let policy = Policy::default();
    let reference = check(c, p, &cover, &t, &policy, day(12, 1));
    let catalogue = Catalogue::build(&t, vec![c.clone()], &Default::default()).unwrap();
    let gates = catalogue.gates();
    let needs = gates.needs(&p.accessibility_needs);
    let all_bits = gates.all_bits(&p.accessibility_needs);
    let packed = check_packed(
        &catalogue,
        0,
        p,
        needs,
        all_bits,
        &cover,
        &policy,
        day(12, 1),
    );
    assert_eq!(packed, reference);
    reference.map(|_| ())
}

#[test]
fn places_without_coordinates_and_many_provisions_are_judged_by_name() {
    let mut p = profile(&[], &[]);
    let mut c = course("c", &["solar"]);
    c.participation.mode = Mode::OnSite;
    let mut named = place(0.0, 0.0, "DED5");
    (named.latitude, named.longitude) = (None, None);
    c.sessions[0].location = Some(named.clone());
    assert_eq!(run(&c, &p), Ok(()));
    named.region = Some("DED2".into());
    c.sessions[0].location = Some(named);
    assert_eq!(run(&c, &p), Err(Exclusion::TooFar));
    (p.location.latitude, p.location.longitude) = (None, None);
    c.sessions[0].location = Some(place(51.36, 12.40, "DED5"));
    assert_eq!(run(&c, &p), Ok(()));

    // More provisions than the packed bits hold: the ones past them are compared by name.
    let mut c = course("c", &["solar"]);
    c.accessibility = (0..70).map(|i| format!("provision-{i}")).collect();
    for need in ["provision-3", "provision-68", "provision-99"] {
        let mut p = profile(&[], &[]);
        p.accessibility_needs = vec![need.into()];
        let expected = if need == "provision-99" {
            Err(Exclusion::Accessibility)
        } else {
            Ok(())
        };
        assert_eq!(run(&c, &p), expected, "{need}");
    }
}

#[test]
fn an_online_course_in_the_window_passes() {
    assert_eq!(run(&course("c", &["solar"]), &profile(&[], &[])), Ok(()));
}

#[test]
fn on_site_sessions_must_be_within_the_radius() {
    let p = profile(&[], &[]);
    let mut c = course("c", &["solar"]);
    c.participation.mode = Mode::OnSite;
    c.sessions[0].location = Some(place(51.05, 13.74, "DED2")); // Dresden, ~100 km
    assert_eq!(run(&c, &p), Err(Exclusion::TooFar));
    c.sessions.push(Session {
        location: Some(place(51.36, 12.40, "DED5")),
        ..c.sessions[0].clone()
    });
    assert_eq!(run(&c, &p), Ok(()));
}

#[test]
fn sessions_outside_the_window_or_full_are_refused() {
    let p = profile(&[], &[]);
    let mut c = course("c", &["solar"]);
    c.sessions[0].start = day(11, 20); // already started
    assert_eq!(run(&c, &p), Err(Exclusion::NoSessionInWindow));
    c.sessions[0].start = NaiveDate::from_ymd_opt(2027, 6, 1).unwrap(); // beyond 120 days
    assert_eq!(run(&c, &p), Err(Exclusion::NoSessionInWindow));
    c.sessions[0].start = day(12, 20);
    c.sessions[0].seats = Some(0);
    assert_eq!(run(&c, &p), Err(Exclusion::NoSessionInWindow));
}

use chrono::NaiveDate;

#[test]
fn mode_accessibility_prerequisites_and_eqf_are_hard_limits() {
    let mut p = profile(&[], &[]);
    p.preferred_modes = vec![Mode::OnSite];
    assert_eq!(run(&course("c", &["solar"]), &p), Err(Exclusion::Mode));

    let mut p = profile(&[], &[]);
    p.accessibility_needs = vec!["screen-reader".into()];
    let mut c = course("c", &["solar"]);
    c.accessibility = vec!["step-free-access".into()];
    assert_eq!(run(&c, &p), Err(Exclusion::Accessibility));
    c.accessibility.push("screen-reader".into());
    assert_eq!(run(&c, &p), Ok(()));

    let mut c = course("c", &["statistics"]);
    c.prerequisites = vec![skill_uri("programming")];
    assert_eq!(run(&c, &profile(&[], &[])), Err(Exclusion::Prerequisite));
    // Python is narrower than programming, so it meets the prerequisite.
    assert_eq!(run(&c, &profile(&["python"], &[])), Ok(()));

    let mut c = course("c", &["solar"]);
    c.eqf_level = Some(6); // highest 4, stretch 1
    assert_eq!(run(&c, &profile(&[], &[])), Err(Exclusion::EqfTooHigh));
    c.eqf_level = Some(5);
    assert_eq!(run(&c, &profile(&[], &[])), Ok(()));
}

#[test]
fn sessions_north_and_south_near_the_radius_are_judged_as_the_formula_judges_them() {
    // The packed filter refuses a session whose latitude alone puts it beyond the radius
    // without computing the distance; around that edge it must agree with the formula.
    let p = profile(&[], &[]);
    let (lat, lon) = (p.location.latitude.unwrap(), p.location.longitude.unwrap());
    let edge = p.travel_radius_km / (6371.0 * std::f64::consts::PI / 180.0);
    let mut outcomes = std::collections::BTreeSet::new();
    for step in -20..=20 {
        for sign in [-1.0, 1.0] {
            for east in [0.0, 0.01] {
                let mut c = course("c", &["solar"]);
                c.participation.mode = Mode::OnSite;
                let north = sign * (edge + f64::from(step) * 1e-9);
                c.sessions[0].location = Some(place(lat + north, lon + east, "far"));
                outcomes.insert(format!("{:?}", run(&c, &p)));
            }
        }
    }
    // Both sides of the edge were met.
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
}

#[test]
fn teaching_languages_read_from_the_sets_are_the_records_answer() {
    let t = taxonomy();
    // Courses stating no language, one, several, and one past the 64 bits (judged by name).
    let stated: Vec<Vec<String>> = vec![
        vec![],
        vec!["de".into()],
        vec!["en".into(), "fr".into()],
        (0..70).map(|i| format!("l{i}")).collect(),
        vec!["l69".into()],
        vec!["l3".into()],
    ];
    let courses: Vec<Course> = stated
        .iter()
        .enumerate()
        .map(|(i, languages)| {
            let mut c = course(&format!("c{i}"), &["solar"]);
            c.languages = languages.clone();
            c
        })
        .collect();
    let catalogue = Catalogue::build(&t, courses, &Default::default()).unwrap();
    let gates = catalogue.gates();
    let people: [&[&str]; 7] = [
        &[],
        &["de"],
        &["fr"],
        &["l3"],
        &["l69"],
        &["sv"],
        &["en", "l69", "de"],
    ];
    let mut taught = 0;
    for spoken in people {
        let spoken: Vec<String> = spoken.iter().map(|s| s.to_string()).collect();
        let speaks = gates.speaks(&spoken);
        for n in 0..catalogue.len() as u32 {
            let c = catalogue.course(n);
            let got = gates.taught_in(n, c, speaks, &spoken);
            let by_record = spoken.is_empty()
                || c.languages.is_empty()
                || c.languages.iter().any(|l| spoken.contains(l));
            assert_eq!(got, by_record, "{spoken:?} {n}");
            taught += usize::from(got);
        }
    }
    // Not every answer the same: the sets decide something.
    assert!(taught > 6 && taught < 42, "{taught}");
}
