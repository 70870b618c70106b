//! Ranking filters and scores candidates lazily, best bound first (`rank::best_first`);
//! these worlds check that the answer (picks, scores, MMR figures) is exactly the one
//! examining every candidate gives, including the ties a small taxonomy makes common, and
//! that the exclusion counts are those of the candidates it examined.

use std::collections::HashMap;

use skillpath_domain::course::{Mode, Session};

use crate::fixtures::*;
use crate::gap;
use crate::policy::Policy;
use crate::rank::{Catalogue, OutcomeEvidence, rank_courses, rank_courses_scoring_all};

const SKILLS: [&str; 7] = [
    "programming",
    "python",
    "rust",
    "statistics",
    "solar",
    "spreadsheets",
    "welding",
];

fn world(
    rng: &mut Rng,
    size: usize,
) -> (
    Vec<skillpath_domain::course::Course>,
    HashMap<String, OutcomeEvidence>,
) {
    let mut outcomes = HashMap::new();
    let courses = (0..size)
        .map(|i| {
            let skills: Vec<&str> = SKILLS
                .iter()
                .copied()
                .filter(|_| rng.below(3) == 0)
                .collect();
            let mut c = course(&format!("c{i:04}"), &skills);
            // Few distinct values, so that equal scores (and ties by id) are frequent.
            c.ects = [Some(1.0), Some(3.0), Some(6.0), None][rng.below(4) as usize];
            c.hours = [None, Some(40.0)][rng.below(2) as usize];
            c.cost.amount_minor = [0, 10_000, 50_000][rng.below(3) as usize];
            if rng.below(3) == 0 {
                c.cost.eligible_funding = vec!["voucher".into()];
            }
            if rng.below(4) == 0 {
                c.stacks_into = Some("bigger".into());
            }
            if rng.below(4) == 0 {
                c.participation.mode = Mode::OnSite;
                c.sessions[0].location =
                    Some(place(51.34 + rng.below(50) as f64 / 100.0, 12.37, "DED5"));
            }
            let start = day(12, 2 + rng.below(20) as u32);
            let end = (rng.below(2) == 0).then(|| start + chrono::Days::new(rng.below(90)));
            c.sessions = vec![Session {
                start,
                end,
                ..c.sessions[0].clone()
            }];
            if rng.below(3) == 0 {
                let completers = 1 + rng.below(200) as u32;
                outcomes.insert(
                    c.id.clone(),
                    OutcomeEvidence {
                        completers,
                        employed: rng.below(u64::from(completers) + 1) as u32,
                    },
                );
            }
            c
        })
        .collect();
    (courses, outcomes)
}

#[test]
fn lazy_scoring_gives_the_answer_of_scoring_everything() {
    let t = taxonomy();
    let mut rng = Rng(0x5eed);
    let (mut answers_with_courses, mut stopped_early, mut out_of_reach) = (0, 0, 0);
    for round in 0..40 {
        let (courses, outcomes) = world(&mut rng, 50 + 25 * (round % 8));
        let catalogue = Catalogue::build(&t, courses, &outcomes).unwrap();
        let held: Vec<&str> = SKILLS
            .iter()
            .copied()
            .filter(|_| rng.below(4) == 0)
            .collect();
        let targets: &[&str] = [
            &["developer"][..],
            &["installer"],
            &["developer", "installer"],
        ][rng.below(3) as usize];
        let mut p = profile(&held, targets);
        p.budget_minor = [None, Some(20_000)][rng.below(2) as usize];
        if rng.below(2) == 0 {
            p.funding_eligibility = vec!["voucher".into()];
        }
        let policy = Policy {
            mmr_lambda: [0.5, 0.7, 1.0][rng.below(3) as usize],
            ..Policy::default()
        };
        let held_ids = gap::held_skills(&t, &p);
        let cover = t.coverage(&held_ids);
        let none: [skillpath_domain::vacancy::Vacancy; 0] = [];
        let demand = crate::demand::Demand::build(&t, &none, day(12, 1));
        let target_ids: Vec<_> = targets
            .iter()
            .filter_map(|o| t.occupation_id(&occ_uri(o)))
            .collect();
        let gap = gap::skill_gap(&t, &demand.national_area(), &policy, &held_ids, &target_ids);
        for n in [1, 3, 10] {
            let args = (&t, &catalogue, &policy, &p, &cover, &gap, day(12, 1), n);
            let lazy = rank_courses(
                args.0, args.1, args.2, args.3, args.4, args.5, args.6, args.7,
            );
            let full = rank_courses_scoring_all(
                args.0, args.1, args.2, args.3, args.4, args.5, args.6, args.7,
            );
            let (lazy, full) = (lazy.unwrap(), full.unwrap());
            let at = format!("round {round}, top {n}");
            assert_eq!(lazy.courses, full.courses, "{at}");
            assert_eq!(lazy.candidates, full.candidates, "{at}");
            assert_eq!(full.examined, full.candidates, "{at}");
            // A course out of reach counts as too far whatever else would exclude it, so
            // only the totals compare across the two paths.
            let removed = |r: &crate::rank::Ranked| r.excluded.values().sum::<u32>() as usize;
            if lazy.courses.len() < n {
                assert_eq!(
                    lazy.examined, full.examined,
                    "{at}: a short list examines all"
                );
                assert_eq!(removed(&lazy), removed(&full), "{at}");
            } else {
                assert!(lazy.examined <= full.examined, "{at}");
                assert!(removed(&lazy) <= removed(&full), "{at}");
                assert!(removed(&lazy) + lazy.courses.len() <= lazy.examined, "{at}");
            }
            let too_far = |r: &crate::rank::Ranked| {
                r.excluded
                    .get(&crate::rank::Exclusion::TooFar)
                    .copied()
                    .unwrap_or(0)
            };
            out_of_reach += usize::from(too_far(&lazy) > 0);
            stopped_early += usize::from(lazy.examined < lazy.candidates);
            answers_with_courses += usize::from(!lazy.courses.is_empty());
        }
    }
    assert!(
        answers_with_courses > 60,
        "the worlds must yield recommendations"
    );
    assert!(
        stopped_early > 10,
        "the worlds must let the lazy path stop early"
    );
    assert!(
        out_of_reach > 10,
        "the worlds must put courses out of reach"
    );
}
