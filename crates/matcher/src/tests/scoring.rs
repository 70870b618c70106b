use std::collections::HashMap;

use skillpath_domain::course::Course;
use skillpath_domain::jobseeker::Profile;

use crate::demand::Demand;
use crate::fixtures::*;
use crate::gap::{held_skills, skill_gap};
use crate::policy::Policy;
use crate::rank::{Catalogue, OutcomeEvidence, Ranked, rank_courses};

fn rank(
    courses: Vec<Course>,
    outcomes: &[(&str, u32, u32)],
    p: &Profile,
    policy: &Policy,
) -> Ranked {
    let t = taxonomy();
    let d = Demand::build(&t, &[], day(12, 1));
    let outcomes: HashMap<String, OutcomeEvidence> = outcomes
        .iter()
        .map(|&(id, completers, employed)| {
            (
                id.to_owned(),
                OutcomeEvidence {
                    completers,
                    employed,
                },
            )
        })
        .collect();
    let cat = Catalogue::build(&t, courses, &outcomes).unwrap();
    let held = held_skills(&t, p);
    let targets: Vec<_> = p
        .target_occupations
        .iter()
        .filter_map(|u| t.occupation_id(u))
        .collect();
    let gap = skill_gap(&t, &d.national_area(), policy, &held, &targets);
    rank_courses(
        &t,
        &cat,
        policy,
        p,
        &t.coverage(&held),
        &gap,
        day(12, 1),
        10,
    )
    .unwrap()
}

fn order(r: &Ranked) -> Vec<&str> {
    r.courses.iter().map(|c| c.course_id.as_str()).collect()
}

#[test]
fn three_of_three_employed_does_not_outrank_250_of_300_on_outcomes_alone() {
    let p = profile(&[], &["installer"]);
    let courses = vec![
        course("small", &["solar"]),
        course("proven", &["solar"]),
        // The rest of the field: about half of completers find work.
        course("field", &["welding"]),
    ];
    let outcomes = [("small", 3, 3), ("proven", 300, 250), ("field", 1000, 500)];
    let shrunk = rank(courses.clone(), &outcomes, &p, &Policy::default());
    let pos = |r: &Ranked, id: &str| order(r).iter().position(|c| *c == id).unwrap();
    assert!(
        pos(&shrunk, "proven") < pos(&shrunk, "small"),
        "{:?}",
        order(&shrunk)
    );
    // What a jobseeker sees: a band for the proven course, nothing about three people.
    let shown = |id: &str| {
        let c = shrunk.courses.iter().find(|c| c.course_id == id).unwrap();
        (c.score.employment_band.clone(), c.score.completers)
    };
    assert_eq!(
        shown("proven"),
        (
            Some("about 8 in 10 found work within 6 months (n≈300)".to_owned()),
            Some(300)
        )
    );
    assert_eq!(shown("small"), (None, None));
    let proven = shrunk
        .courses
        .iter()
        .find(|c| c.course_id == "proven")
        .unwrap();
    assert!(
        proven
            .explanation
            .ends_with("about 8 in 10 found work within 6 months (n≈300)."),
        "{}",
        proven.explanation
    );
    // Without the prior, the raw 100% would win: the shrinkage is what decides.
    let raw = Policy {
        outcome_prior_completers: 0.0,
        ..Policy::default()
    };
    let unshrunk = rank(courses, &outcomes, &p, &raw);
    assert!(pos(&unshrunk, "small") < pos(&unshrunk, "proven"));
}

#[test]
fn funding_budget_and_effort_shape_the_score_and_the_sentence() {
    let mut p = profile(&[], &["installer"]);
    p.budget_minor = Some(0);
    p.funding_eligibility = vec!["pes-voucher".into()];
    let mut funded = course("funded", &["solar"]);
    funded.cost.eligible_funding = vec!["pes-voucher".into()];
    let paid = course("paid", &["solar"]);
    let mut long = course("long", &["solar"]);
    long.cost.eligible_funding = vec!["pes-voucher".into()];
    long.ects = Some(12.0);
    let r = rank(vec![paid, long, funded], &[], &p, &Policy::default());
    assert_eq!(order(&r)[0], "funded");
    let top = &r.courses[0];
    assert_eq!(top.score.net_price_minor, 0);
    assert!(
        top.explanation.contains("pes-voucher may pay"),
        "{}",
        top.explanation
    );
    assert!(top.explanation.contains("\"solar\""), "{}", top.explanation);
    let paid = r.courses.iter().find(|c| c.course_id == "paid").unwrap();
    assert_eq!(paid.score.over_budget_minor, 10_000);
    assert!(
        paid.explanation.contains("more than your budget"),
        "{}",
        paid.explanation
    );
}

#[test]
fn near_identical_courses_give_way_to_one_closing_something_else() {
    let p = profile(&[], &["installer"]);
    let mut courses: Vec<Course> = (0..4)
        .map(|i| course(&format!("same-{i}"), &["solar", "welding"]))
        .collect();
    // Closes less, so it ranks below all four twins on relevance alone.
    courses.push(course("other", &["spreadsheets", "solar"]));
    let plain = Policy {
        mmr_lambda: 1.0,
        ..Policy::default()
    };
    assert_eq!(order(&rank(courses.clone(), &[], &p, &plain))[4], "other");
    let mixed = rank(courses, &[], &p, &Policy::default());
    assert_eq!(order(&mixed)[..2], ["same-0", "other"]);
    assert!(mixed.courses[1].score.max_similarity < 1.0);
}
