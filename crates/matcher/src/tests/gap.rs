use crate::demand::Demand;
use crate::fixtures::*;
use crate::gap::{GapReason, held_skills, skill_gap};
use crate::policy::Policy;

fn weight_of(gap: &crate::gap::Gap, s: &str) -> Option<f64> {
    gap.skills
        .iter()
        .find(|g| g.uri == skill_uri(s))
        .map(|g| g.weight)
}

#[test]
fn essential_outweighs_optional_and_a_held_narrower_skill_closes_the_broader_one() {
    let t = taxonomy();
    let d = Demand::build(&t, &[], day(12, 1));
    let area = d.national_area();
    let dev = t.occupation_id(&occ_uri("developer")).unwrap();
    let none = skill_gap(&t, &area, &Policy::default(), &[], &[dev]);
    assert!(weight_of(&none, "statistics").unwrap() > weight_of(&none, "spreadsheets").unwrap());
    assert!(weight_of(&none, "programming").is_some());

    let p = profile(&["python"], &["developer"]);
    let gap = skill_gap(&t, &area, &Policy::default(), &held_skills(&t, &p), &[dev]);
    assert_eq!(weight_of(&gap, "programming"), None);
    // Statistics is related to python: half the weight, and the reason says so.
    let stats = gap
        .skills
        .iter()
        .find(|g| g.uri == skill_uri("statistics"))
        .unwrap();
    assert!((stats.weight - weight_of(&none, "statistics").unwrap() / 2.0).abs() < 1e-12);
    assert!(
        stats
            .reasons
            .contains(&GapReason::PartlyCovered { coverage: 0.5 })
    );
}

#[test]
fn local_demand_and_green_priority_raise_a_weight() {
    let t = taxonomy();
    let inst = t.occupation_id(&occ_uri("installer")).unwrap();
    let quiet = Demand::build(&t, &[], day(12, 1));
    let gap = skill_gap(&t, &quiet.national_area(), &Policy::default(), &[], &[inst]);
    let ratio = weight_of(&gap, "solar").unwrap() / weight_of(&gap, "welding").unwrap();
    assert!((ratio - Policy::default().green_priority).abs() < 1e-12);

    let asked = vec![vacancy("v", &["welding"], "DED5", day(11, 1), day(12, 31))];
    let busy = Demand::build(&t, &asked, day(12, 1));
    let gap2 = skill_gap(
        &t,
        &busy.region_area("DED5"),
        &Policy::default(),
        &[],
        &[inst],
    );
    assert!(weight_of(&gap2, "welding").unwrap() > weight_of(&gap, "welding").unwrap());
    let welding = gap2
        .skills
        .iter()
        .find(|g| g.uri == skill_uri("welding"))
        .unwrap();
    assert_eq!(welding.open_asking, 1);
    assert!(
        welding.text.contains("1 of 1 open vacancies"),
        "{}",
        welding.text
    );
}
