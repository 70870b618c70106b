//! What the pinned tests run on: the sample taxonomy, and on it a generated world (seeded,
//! so every run sees the same profiles) plus builders for hand-made courses and profiles.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use skillpath_domain::course::{Course, LearningOutcome, Mode, Session};
use skillpath_domain::esco::EscoDataset;
use skillpath_domain::jobseeker::Profile;
use skillpath_domain::vacancy::Location;
use skillpath_matcher::{Catalogue, Demand, Matcher, OccupationId, Policy, Taxonomy};

pub const SEED: u64 = 7;

pub fn as_of() -> NaiveDate {
    skillpath_generate::default_as_of()
}

pub fn esco() -> &'static EscoDataset {
    static E: OnceLock<EscoDataset> = OnceLock::new();
    E.get_or_init(|| {
        let dir = skillpath_suite::sample_dir().join("esco");
        skillpath_ingest::esco::read_esco_dir(&dir, &mut |_| {})
            .unwrap()
            .dataset
    })
}

pub fn taxonomy() -> Taxonomy {
    Taxonomy::from_dataset(esco())
}

/// Generated vacancies, courses and jobseekers over the sample taxonomy, as files the
/// ingest commands read; the jobseeker lines are kept raw so tests can edit the flags.
pub struct World {
    pub matcher: Matcher,
    pub jobseeker_lines: Vec<String>,
}

pub fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let tier = skillpath_generate::Tier::Custom {
            courses: 400,
            vacancies: 3_000,
            jobseekers: 200,
        };
        skillpath_generate::generate(esco(), tier, SEED, dir.path(), &mut |_, _, _| {}).unwrap();
        let t = taxonomy();
        let vacancies = skillpath_ingest::vacancies::read_vacancies(
            &dir.path().join("vacancies.csv"),
            &Default::default(),
        )
        .unwrap();
        assert!(vacancies.rejected.is_empty(), "{:?}", vacancies.rejected);
        let demand = Demand::build(&t, &vacancies.records, as_of());
        let courses = skillpath_ingest::courses::read_courses(
            &dir.path().join("courses.jsonl"),
            &Default::default(),
        )
        .unwrap();
        assert!(courses.rejected.is_empty(), "{:?}", courses.rejected);
        let courses = courses.records.into_iter().map(|r| r.course).collect();
        let catalogue = Catalogue::build(&t, courses, &HashMap::new()).unwrap();
        let text = std::fs::read_to_string(dir.path().join("jobseekers.jsonl")).unwrap();
        World {
            matcher: Matcher::new(t, demand, catalogue, Policy::default()),
            jobseeker_lines: text.lines().map(str::to_owned).collect(),
        }
    })
}

/// Profiles read the way `skillpath ingest jobseekers` reads them.
pub fn read_profiles(dir: &Path, name: &str, lines: &[String]) -> Vec<Profile> {
    let path = dir.join(name);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let read = skillpath_ingest::jobseekers::read_jobseekers(&path).unwrap();
    assert!(read.rejected.is_empty(), "{:?}", read.rejected);
    assert_eq!(read.records.len(), lines.len());
    read.records.into_iter().map(|r| r.profile).collect()
}

pub fn leipzig() -> Location {
    place(51.3397, 12.3731)
}

pub fn place(latitude: f64, longitude: f64) -> Location {
    Location {
        municipality: None,
        region: None,
        postcode: None,
        latitude: Some(latitude),
        longitude: Some(longitude),
    }
}

/// An online course teaching `skills`, free, one session two weeks after `as_of`.
pub fn course(id: &str, skills: &[String]) -> Course {
    let template = sample_course();
    Course {
        id: id.into(),
        title: format!("course {id}"),
        learning_outcomes: vec![LearningOutcome {
            text: format!("outcomes of {id}"),
            skill_uris: skills.to_vec(),
        }],
        ects: Some(3.0),
        hours: None,
        eqf_level: None,
        sessions: vec![Session {
            start: as_of() + Days::new(14),
            end: None,
            location: None,
            seats: None,
        }],
        languages: vec!["de".into()],
        accessibility: vec![],
        prerequisites: vec![],
        stacks_into: None,
        participation: skillpath_domain::course::Participation {
            mode: Mode::Online,
            ..template.participation
        },
        ..template
    }
}

fn sample_course() -> Course {
    let path = skillpath_suite::sample_dir().join("courses.jsonl");
    let read = skillpath_ingest::courses::read_courses(&path, &Default::default()).unwrap();
    read.records.into_iter().next().unwrap().course
}

/// Someone in Leipzig (10 km radius, German, no preferences or needs) aiming at `target`,
/// holding `held`.
pub fn profile(target: &str, held: &[String]) -> Profile {
    let line = std::fs::read_to_string(skillpath_suite::sample_dir().join("jobseekers.jsonl"))
        .unwrap()
        .lines()
        .next()
        .map(str::to_owned)
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    let mut p: Profile = serde_json::from_value(v["profile"].clone()).unwrap();
    p.id = "pinned".into();
    p.skills = held
        .iter()
        .map(|u| skillpath_domain::jobseeker::HeldSkill {
            uri: u.clone(),
            ..p.skills[0].clone()
        })
        .collect();
    p.work_history.clear();
    p.target_occupations = vec![target.to_owned()];
    p.location = leipzig();
    p.travel_radius_km = 10.0;
    p.available_from = None;
    p.preferred_modes.clear();
    p.languages = vec!["de".into()];
    p.accessibility_needs.clear();
    p.highest_eqf = Some(8);
    p
}

/// An occupation with at least two essential and one optional skill, where holding every
/// optional skill leaves exactly the essential ones as the gap: (uri, essential, optional).
pub fn occupation_lacking_only_essentials(t: &Taxonomy) -> (String, Vec<String>, Vec<String>) {
    let uris = |ids: &[skillpath_matcher::SkillId]| -> Vec<String> {
        ids.iter().map(|&s| t.skill(s).uri.clone()).collect()
    };
    (0..t.occupation_count() as OccupationId)
        .map(|o| t.occupation(o))
        .filter(|o| o.essential.len() >= 2 && !o.optional.is_empty())
        .find(|o| {
            let cover = t.coverage(&o.optional);
            o.essential.iter().all(|&s| cover[s as usize] < 1.0)
        })
        .map(|o| (o.uri.clone(), uris(&o.essential), uris(&o.optional)))
        .expect("the sample has an occupation whose optional skills do not cover an essential")
}

/// Essential skills of other occupations that neither cover nor are covered by any of `not`.
pub fn unrelated_skills(t: &Taxonomy, not: &[String]) -> Vec<String> {
    let mine: Vec<_> = not.iter().filter_map(|u| t.skill_id(u)).collect();
    let cover = t.coverage(&mine);
    (0..t.occupation_count() as OccupationId)
        .flat_map(|o| t.occupation(o).essential.clone())
        .filter(|&s| cover[s as usize] <= 0.0)
        .filter(|&s| {
            let theirs = t.coverage(&[s]);
            mine.iter().all(|&m| theirs[m as usize] <= 0.0)
        })
        .map(|s| t.skill(s).uri.clone())
        .take(3)
        .collect()
}
