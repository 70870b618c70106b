//! The shipped sample is coherent: every file parses into valid domain values and names only
//! concepts the sample ESCO subset contains, so the demo never shows a dangling reference.

use std::collections::HashSet;

use skillpath_domain::course::Course;
use skillpath_domain::jobseeker::{GroupFlags, Profile};
use skillpath_ingest::esco::read_esco_dir;
use skillpath_ingest::vacancies::{ColumnMap, read_vacancies};
use skillpath_suite::sample_dir;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct JobseekerLine {
    profile: Profile,
    groups: GroupFlags,
}

fn known_uris() -> HashSet<String> {
    let read = read_esco_dir(&sample_dir().join("esco"), &mut |_| {}).unwrap();
    let d = read.dataset;
    d.skills
        .into_iter()
        .map(|s| s.uri)
        .chain(d.occupations.into_iter().map(|o| o.uri))
        .collect()
}

fn lines(name: &str) -> Vec<String> {
    std::fs::read_to_string(sample_dir().join(name))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn sample_courses_are_valid_and_teach_known_skills() {
    let known = known_uris();
    let courses: Vec<Course> = lines("courses.jsonl")
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(courses.len() >= 30);
    for c in &courses {
        c.validate().unwrap_or_else(|e| panic!("{}: {e}", c.id));
        assert!(
            c.skill_uris().iter().all(|u| known.contains(*u)),
            "{}",
            c.id
        );
    }
    assert!(
        courses.iter().any(|c| !c.missing_elements().is_empty()),
        "some records are incomplete, as real ones are"
    );
}

#[test]
fn sample_jobseekers_cover_every_targeted_group() {
    let known = known_uris();
    let people: Vec<JobseekerLine> = lines("jobseekers.jsonl")
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for p in &people {
        p.profile
            .validate()
            .unwrap_or_else(|e| panic!("{}: {e}", p.profile.id));
        p.groups
            .validate()
            .unwrap_or_else(|e| panic!("{}: {e}", p.profile.id));
        assert!(p.profile.skills.iter().all(|s| known.contains(&s.uri)));
        assert!(
            p.profile
                .target_occupations
                .iter()
                .chain(&p.profile.work_history)
                .all(|o| known.contains(o))
        );
    }
    for group in GroupFlags::NAMES {
        let n = people
            .iter()
            .filter(|p| p.groups.get(group) == Some(true))
            .count();
        assert!(n >= 2, "{group}: {n}");
    }
}

#[test]
fn sample_vacancies_read_without_rejects_over_several_regions() {
    let known = known_uris();
    let read = read_vacancies(&sample_dir().join("vacancies.csv"), &ColumnMap::default()).unwrap();
    assert!(read.rejected.is_empty(), "{:?}", read.rejected);
    assert_eq!(read.records.len(), read.rows);
    let regions: HashSet<_> = read
        .records
        .iter()
        .filter_map(|v| v.location.region.clone())
        .collect();
    assert!(regions.len() >= 3);
    assert!(
        read.records
            .iter()
            .flat_map(|v| &v.skill_uris)
            .all(|u| known.contains(u))
    );
}
