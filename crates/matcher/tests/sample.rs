//! End to end on the shipped sample: sample ESCO, courses, vacancies and jobseekers in,
//! recommendations with explanations out; hard filters hold; group flags change nothing.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use skillpath_domain::course::Mode;
use skillpath_domain::jobseeker::{GroupFlags, Profile};
use skillpath_matcher::{Catalogue, Demand, Matcher, Policy, RecommendOptions, Taxonomy};

#[derive(serde::Deserialize)]
struct Line {
    profile: Profile,
    #[allow(dead_code)]
    groups: GroupFlags,
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn jobseeker_lines() -> Vec<serde_json::Value> {
    let text =
        std::fs::read_to_string(skillpath_suite::sample_dir().join("jobseekers.jsonl")).unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn profiles() -> Vec<Profile> {
    jobseeker_lines()
        .into_iter()
        .map(|v| serde_json::from_value::<Line>(v).unwrap().profile)
        .collect()
}

fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| {
        let dir = skillpath_suite::sample_dir();
        let esco = skillpath_ingest::esco::read_esco_dir(&dir.join("esco"), &mut |_| {}).unwrap();
        let taxonomy = Taxonomy::from_dataset(&esco.dataset);
        let vacancies = skillpath_ingest::vacancies::read_vacancies(
            &dir.join("vacancies.csv"),
            &Default::default(),
        )
        .unwrap();
        assert!(vacancies.rejected.is_empty(), "{:?}", vacancies.rejected);
        let demand = Demand::build(&taxonomy, &vacancies.records, as_of());
        let courses = skillpath_ingest::courses::read_courses(
            &dir.join("courses.jsonl"),
            &Default::default(),
        )
        .unwrap();
        let courses = courses.records.into_iter().map(|r| r.course).collect();
        let catalogue = Catalogue::build(&taxonomy, courses, &HashMap::new()).unwrap();
        Matcher::new(taxonomy, demand, catalogue, Policy::default())
    })
}

#[test]
fn every_sample_jobseeker_gets_explained_recommendations_that_pass_the_filters() {
    let m = matcher();
    let options = RecommendOptions::default();
    let mut served = 0;
    for p in profiles() {
        let r = m.recommend(&p, &options).unwrap();
        assert!(!r.gap.skills.is_empty(), "{}: no gap", p.id);
        assert_eq!(r.targets_suggested, p.target_occupations.is_empty());
        if r.targets_suggested {
            assert!(!r.pathways.is_empty(), "{}: no pathway", p.id);
        }
        served += usize::from(!r.ranked.courses.is_empty());
        for c in &r.ranked.courses {
            let course = m
                .catalogue
                .courses()
                .iter()
                .find(|x| x.id == c.course_id)
                .unwrap();
            assert!(c.explanation.contains(&course.title), "{}", c.explanation);
            assert!(c.score.gap_closed > 0.0 && c.score.relevance > 0.0);
            if !p.preferred_modes.is_empty() {
                assert!(p.preferred_modes.contains(&course.participation.mode));
            }
            assert!(course.languages.iter().any(|l| p.languages.contains(l)));
            assert!(
                p.accessibility_needs
                    .iter()
                    .all(|n| course.accessibility.contains(n))
            );
            if let (Some(l), Some(h)) = (course.eqf_level, p.highest_eqf) {
                assert!(l <= h + 1, "{}: eqf {l} for highest {h}", course.id);
            }
            let from = p.available_from.unwrap_or(as_of()).max(as_of());
            assert!(c.session_start >= from);
            if course.participation.mode != Mode::Online
                && let Some(d) = c.distance_km
            {
                assert!(d <= p.travel_radius_km);
            }
        }
    }
    // With 60 sample courses, short radii and mode preferences, 10 of the 16 sample people
    // have a course they can take (checked by hand against the exclusion counts); fewer
    // means a filter has started removing what it should not.
    assert!(served >= 10, "only {served} people served");
}

#[test]
fn a_need_no_course_provides_empties_the_list_and_is_counted() {
    let m = matcher();
    let mut p = profiles()
        .into_iter()
        .find(|p| !p.target_occupations.is_empty())
        .unwrap();
    p.preferred_modes.clear();
    let before = m.recommend(&p, &RecommendOptions::default()).unwrap();
    assert!(!before.ranked.courses.is_empty());
    p.accessibility_needs = vec!["braille-materials".into()];
    let after = m.recommend(&p, &RecommendOptions::default()).unwrap();
    assert!(after.ranked.courses.is_empty());
    assert!(after.ranked.excluded[&skillpath_matcher::Exclusion::Accessibility] > 0);
}

#[test]
fn a_language_the_person_does_not_speak_removes_courses_taught_only_in_it() {
    let m = matcher();
    let mut p = profiles()
        .into_iter()
        .find(|p| !p.target_occupations.is_empty())
        .unwrap();
    p.preferred_modes.clear();
    p.languages = vec!["en".into()];
    let r = m.recommend(&p, &RecommendOptions::default()).unwrap();
    for c in &r.ranked.courses {
        let course = m
            .catalogue
            .courses()
            .iter()
            .find(|x| x.id == c.course_id)
            .unwrap();
        assert!(course.languages.contains(&"en".to_owned()), "{}", course.id);
    }
}

/// design.md: flipping any group flag leaves the ranking unchanged. The flags are flipped in
/// the stored record itself, which is then read back the way the CLI reads it, so a field
/// that ever carried group membership into `Profile` would make this fail.
#[test]
fn flipping_any_group_flag_leaves_every_recommendation_unchanged() {
    let m = matcher();
    let options = RecommendOptions::default();
    for line in jobseeker_lines() {
        let base: Line = serde_json::from_value(line.clone()).unwrap();
        let expected = m.recommend(&base.profile, &options).unwrap();
        for flag in GroupFlags::NAMES {
            let mut flipped = line.clone();
            let v = &mut flipped["groups"][flag];
            *v = serde_json::Value::Bool(!v.as_bool().unwrap());
            let read: Line = serde_json::from_value(flipped).unwrap();
            let got = m.recommend(&read.profile, &options).unwrap();
            assert_eq!(got, expected, "{} with {flag} flipped", base.profile.id);
        }
    }
}

#[test]
fn the_batch_equals_one_by_one_in_input_order() {
    let m = matcher();
    let options = RecommendOptions::default();
    let ps = profiles();
    let batch = m.recommend_all(&ps, &options);
    assert_eq!(batch.len(), ps.len());
    for (p, r) in ps.iter().zip(batch) {
        assert_eq!(r.unwrap(), m.recommend(p, &options).unwrap());
    }
}

#[test]
fn sample_demand_ranks_skills_and_smooths_regions() {
    let m = matcher();
    let top = m.demand.top_skills(&m.taxonomy, None, None, 5);
    assert_eq!(top.len(), 5);
    assert!(
        top.windows(2)
            .all(|w| w[0].open_vacancies >= w[1].open_vacancies)
    );
    assert!(top[0].trend.iter().sum::<u32>() >= 1);
    let s = m.taxonomy.skill_id(&top[0].uri).unwrap();
    let local = m.demand.local_share(s, "DED5");
    assert!(local > 0.0 && local < 1.0);
    let shares = m.demand.collection_shares(None, None);
    assert!(shares.open_total > 0 && (0.0..=1.0).contains(&shares.digital));
}
