//! The behaviours issue 4 pins, end to end through `Matcher::recommend`: hand-made cases on
//! the sample taxonomy, and properties over generated profiles, courses and vacancies.

#[path = "pinned/world.rs"]
mod world;

use chrono::{Days, NaiveDate};
use skillpath_domain::course::Mode;
use skillpath_domain::jobseeker::GroupFlags;
use skillpath_matcher::{
    Catalogue, Demand, Exclusion, Matcher, Policy, RecommendOptions, Recommendations,
};
use world::*;

fn matcher(courses: Vec<skillpath_domain::course::Course>) -> Matcher {
    let t = taxonomy();
    // No vacancies: local demand weighs every gap skill alike, so only the rule under test
    // decides.
    let demand = Demand::build(&t, &[], as_of());
    let catalogue = Catalogue::build(&t, courses, &Default::default()).unwrap();
    Matcher::new(t, demand, catalogue, Policy::default())
}

fn ids(r: &Recommendations) -> Vec<&str> {
    r.ranked
        .courses
        .iter()
        .map(|c| c.course_id.as_str())
        .collect()
}

fn options() -> RecommendOptions {
    RecommendOptions {
        courses: 50,
        ..RecommendOptions::default()
    }
}

#[test]
fn lacking_exactly_the_essential_skills_puts_the_courses_teaching_them_first() {
    let t = taxonomy();
    let (occ, essential, optional) = occupation_lacking_only_essentials(&t);
    let mut courses = vec![course("all-essential", &essential)];
    for (i, s) in essential.iter().enumerate() {
        courses.push(course(&format!("essential-{i}"), std::slice::from_ref(s)));
    }
    courses.push(course("held-optional", &optional));
    let elsewhere = unrelated_skills(&t, &essential);
    assert!(!elsewhere.is_empty());
    courses.push(course("elsewhere", &elsewhere));
    // Catalogue order must not decide: the course teaching everything comes last in it.
    courses.rotate_left(1);
    let m = matcher(courses);
    let r = m.recommend(&profile(&occ, &optional), &options()).unwrap();

    let mut gap: Vec<&str> = r.gap.skills.iter().map(|g| g.uri.as_str()).collect();
    gap.sort_unstable();
    let mut want: Vec<&str> = essential.iter().map(String::as_str).collect();
    want.sort_unstable();
    assert_eq!(gap, want, "the gap is exactly the essential skills");
    let got = ids(&r);
    assert_eq!(got.first(), Some(&"all-essential"), "{got:?}");
    assert_eq!(got.len(), essential.len() + 1, "{got:?}");
    assert!(
        got[1..].iter().all(|c| c.starts_with("essential-")),
        "{got:?}"
    );
}

#[test]
fn a_course_outside_the_radius_that_is_not_online_never_appears() {
    let t = taxonomy();
    let (occ, essential, optional) = occupation_lacking_only_essentials(&t);
    let dresden = place(51.0504, 13.7373); // about 100 km from Leipzig
    let near = place(51.3500, 12.4000); // about 2 km
    let mut courses = Vec::new();
    for (id, mode, at) in [
        ("online-far", Mode::Online, &dresden),
        ("on-site-far", Mode::OnSite, &dresden),
        ("blended-far", Mode::Blended, &dresden),
        ("on-site-near", Mode::OnSite, &near),
    ] {
        let mut c = course(id, &essential);
        c.participation.mode = mode;
        c.sessions[0].location = Some(at.clone());
        courses.push(c);
    }
    let m = matcher(courses);
    let r = m.recommend(&profile(&occ, &optional), &options()).unwrap();
    let mut got = ids(&r);
    got.sort_unstable();
    assert_eq!(got, ["on-site-near", "online-far"]);
    assert_eq!(r.ranked.excluded.get(&Exclusion::TooFar), Some(&2));
}

#[test]
fn a_course_whose_sessions_all_start_outside_the_window_never_appears() {
    let t = taxonomy();
    let (occ, essential, optional) = occupation_lacking_only_essentials(&t);
    let mut p = profile(&occ, &optional);
    let from = as_of() + Days::new(40);
    p.available_from = Some(from);
    let window = u64::from(Policy::default().session_window_days);
    let starts = |id: &str, days: &[NaiveDate]| {
        let mut c = course(id, &essential);
        let one = c.sessions[0].clone();
        c.sessions = days
            .iter()
            .map(|&start| skillpath_domain::course::Session {
                start,
                ..one.clone()
            })
            .collect();
        c
    };
    let m = matcher(vec![
        starts("started", &[as_of() - Days::new(5)]),
        starts(
            "before-available",
            &[as_of() + Days::new(10), from - Days::new(1)],
        ),
        starts("after-window", &[from + Days::new(window + 1)]),
        starts("one-inside", &[as_of() + Days::new(3), from + Days::new(7)]),
    ]);
    let r = m.recommend(&p, &options()).unwrap();
    assert_eq!(ids(&r), ["one-inside"]);
    assert_eq!(r.ranked.courses[0].session_start, from + Days::new(7));
    assert_eq!(
        r.ranked.excluded.get(&Exclusion::NoSessionInWindow),
        Some(&3)
    );
}

/// design.md: group membership never reaches the ranking. Each flag is flipped for every
/// generated person in the file itself, which is read back as `skillpath ingest jobseekers`
/// reads it; the serialized recommendations must be the same bytes.
#[test]
fn flipping_any_group_flag_leaves_the_ranking_byte_identical_on_generated_profiles() {
    let w = world();
    let dir = tempfile::tempdir().unwrap();
    let bytes = |name: &str, lines: &[String]| -> Vec<u8> {
        let profiles = read_profiles(dir.path(), name, lines);
        let all: Vec<Recommendations> = w
            .matcher
            .recommend_all(&profiles, &RecommendOptions::default())
            .into_iter()
            .map(Result::unwrap)
            .collect();
        serde_json::to_vec(&all).unwrap()
    };
    let expected = bytes("base.jsonl", &w.jobseeker_lines[..]);
    let served = serde_json::from_slice::<serde_json::Value>(&expected).unwrap();
    let served = served
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["ranked"]["courses"].as_array().unwrap().is_empty())
        .count();
    // Generated people often live far from every on-site session; a third served is enough
    // for the comparison to mean something.
    assert!(
        served * 3 > w.jobseeker_lines.len(),
        "only {served} served: a weak test"
    );
    for flag in GroupFlags::NAMES {
        let flipped: Vec<String> = w
            .jobseeker_lines
            .iter()
            .map(|line| {
                let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
                let f = &mut v["groups"][flag];
                *f = serde_json::Value::Bool(!f.as_bool().expect("a boolean flag"));
                // Membership is recorded only with a lawful basis; a person who had none gets
                // one with the flag, as a caseworker recording it would give.
                let basis = &mut v["groups"]["lawful_basis"];
                if basis.as_str().is_none_or(|b| b.trim().is_empty()) {
                    *basis = serde_json::Value::from("targeted-funding eligibility");
                }
                v.to_string()
            })
            .collect();
        assert_ne!(flipped, w.jobseeker_lines);
        let got = bytes(&format!("{flag}.jsonl"), &flipped[..]);
        assert!(
            got == expected,
            "flipping {flag} changed the recommendations"
        );
    }
}

/// The sentence quotes the course title, then up to three gap skills by label.
fn named_skills<'a>(explanation: &'a str, title: &str) -> Vec<&'a str> {
    let rest = explanation
        .strip_prefix(&format!("\"{title}\" teaches "))
        .unwrap_or_else(|| panic!("unexpected sentence: {explanation}"));
    let list = &rest[..rest
        .find(" that you are missing")
        .expect("the missing clause")];
    list.split('"').skip(1).step_by(2).collect()
}

#[test]
fn every_explanation_names_only_skills_in_the_gap_that_the_course_teaches() {
    let w = world();
    let m = &w.matcher;
    let dir = tempfile::tempdir().unwrap();
    let profiles = read_profiles(dir.path(), "people.jsonl", &w.jobseeker_lines);
    let mut named = 0;
    for r in m.recommend_all(&profiles, &RecommendOptions::default()) {
        let r = r.unwrap();
        for rec in &r.ranked.courses {
            let course = m
                .catalogue
                .courses()
                .iter()
                .find(|c| c.id == rec.course_id)
                .unwrap();
            let own: Vec<_> = course
                .skill_uris()
                .into_iter()
                .filter_map(|u| m.taxonomy.skill_id(u))
                .collect();
            // Taught: listed by the course, or broader than a skill it lists (design.md).
            let taught = m.taxonomy.coverage(&own);
            for label in named_skills(&rec.explanation, &course.title) {
                let ok = r.gap.skills.iter().any(|g| {
                    g.label == label
                        && m.taxonomy
                            .skill_id(&g.uri)
                            .is_some_and(|s| taught[s as usize] >= 1.0)
                });
                assert!(
                    ok,
                    "{}: {label:?} is not a taught gap skill",
                    rec.explanation
                );
                named += 1;
            }
        }
    }
    assert!(named > 100, "only {named} skills named: a weak test");
}

/// The window and radius rules hold for every generated person, checked against the
/// course's own sessions with an independent great-circle distance.
#[test]
fn generated_recommendations_keep_to_the_radius_and_the_window() {
    let w = world();
    let m = &w.matcher;
    let dir = tempfile::tempdir().unwrap();
    let profiles = read_profiles(dir.path(), "people.jsonl", &w.jobseeker_lines);
    let window = u64::from(Policy::default().session_window_days);
    let mut checked = 0;
    for (p, r) in profiles.iter().zip(m.recommend_all(&profiles, &options())) {
        let from = p.available_from.map_or(as_of(), |d| d.max(as_of()));
        for rec in &r.unwrap().ranked.courses {
            let course = m
                .catalogue
                .courses()
                .iter()
                .find(|c| c.id == rec.course_id)
                .unwrap();
            assert!(rec.session_start >= from && rec.session_start <= from + Days::new(window));
            if course.participation.mode == Mode::Online {
                continue;
            }
            let reachable = course.sessions.iter().any(|s| {
                s.start == rec.session_start
                    && s.location
                        .as_ref()
                        .is_none_or(|l| km(&p.location, l) <= p.travel_radius_km + 0.05)
            });
            assert!(reachable, "{}: {} is out of reach", p.id, course.id);
            checked += 1;
        }
    }
    assert!(
        checked > 20,
        "only {checked} on-site courses checked: a weak test"
    );
}

fn km(a: &skillpath_domain::vacancy::Location, b: &skillpath_domain::vacancy::Location) -> f64 {
    let (Some(la1), Some(lo1), Some(la2), Some(lo2)) =
        (a.latitude, a.longitude, b.latitude, b.longitude)
    else {
        panic!("generated places have coordinates");
    };
    let (p1, p2) = (la1.to_radians(), la2.to_radians());
    let dp = p2 - p1;
    let dl = (lo2 - lo1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}
