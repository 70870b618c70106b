//! Where one recommendation's time goes (perf is not available on the bench machine): the
//! steps of `Matcher::recommend`, called one by one through the crate's public functions and
//! timed separately, averaged over the profiles.

use std::time::{Duration, Instant};

use skillpath_domain::jobseeker::Profile;
use skillpath_matcher::{Matcher, RecommendOptions, gap, pathways, rank};

pub fn report(matcher: &Matcher, profiles: &[Profile], options: &RecommendOptions) {
    let t = &matcher.taxonomy;
    let mut spent = [Duration::ZERO; 5];
    let (mut candidates, mut examined, mut with_targets) = (0usize, 0usize, 0usize);
    // Per profile: its total, its steps, its gap size and candidates, whether it had targets.
    let mut each: Vec<(Duration, [Duration; 5], usize, usize, bool)> = Vec::new();
    for p in profiles {
        let (before, started) = (spent, Instant::now());
        let mut lap = Instant::now();
        let mut mark = |i: usize, spent: &mut [Duration; 5]| {
            spent[i] += lap.elapsed();
            lap = Instant::now();
        };
        let area = matcher.demand.area_for(&p.location, p.travel_radius_km);
        mark(0, &mut spent);
        let held = gap::held_skills(t, p);
        let mut targets: Vec<u32> = p
            .target_occupations
            .iter()
            .filter_map(|u| t.occupation_id(u))
            .collect();
        if targets.is_empty() {
            let history: Vec<u32> = p
                .work_history
                .iter()
                .filter_map(|u| t.occupation_id(u))
                .collect();
            let found = pathways::suggest(
                t,
                &area,
                &matcher.catalogue,
                &held,
                &history,
                options.pathways,
            );
            targets = found
                .iter()
                .take(options.pathway_targets)
                .map(|p| p.id)
                .collect();
        } else {
            with_targets += 1;
        }
        mark(1, &mut spent);
        let g = gap::skill_gap(t, &area, &matcher.policy, &held, &targets);
        let cover = t.coverage(&held);
        mark(2, &mut spent);
        let ranked = rank::rank_courses(
            t,
            &matcher.catalogue,
            &matcher.policy,
            p,
            &cover,
            &g,
            matcher.demand.as_of(),
            options.courses,
        );
        mark(3, &mut spent);
        let (found, filtered) = ranked.map_or((0, 0), |r| (r.candidates, r.examined));
        candidates += found;
        examined += filtered;
        mark(4, &mut spent);
        let steps = std::array::from_fn(|i| spent[i] - before[i]);
        let stated = !p.target_occupations.is_empty();
        each.push((started.elapsed(), steps, g.skills.len(), found, stated));
    }
    let n = profiles.len().max(1) as f64;

    let us = |d: Duration| d.as_secs_f64() * 1e6 / n;
    println!(
        "phases, mean per profile over {} ({with_targets} with stated targets): area {:.0} µs, pathways {:.0} µs, gap {:.0} µs, ranking {:.0} µs ({:.0} candidates, {:.0} examined), drop {:.0} µs",
        profiles.len(),
        us(spent[0]),
        us(spent[1]),
        us(spent[2]),
        us(spent[3]),
        candidates as f64 / n,
        examined as f64 / n,
        us(spent[4]),
    );
    // The tail is what the p99 target is about: which step its profiles spend their time in.
    each.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (total, steps, gap, found, stated) in each.iter().take(5) {
        let us = |d: &Duration| d.as_secs_f64() * 1e6;
        println!(
            "  slow profile: {:.0} µs = area {:.0} + pathways {:.0} + gap {:.0} + ranking {:.0} ({gap} gap skills, {found} candidates, {})",
            us(total),
            us(&steps[0]),
            us(&steps[1]),
            us(&steps[2]),
            us(&steps[3]),
            if *stated {
                "stated targets"
            } else {
                "suggested targets"
            }
        );
    }
}
