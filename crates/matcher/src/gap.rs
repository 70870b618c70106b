//! The skill gap (design.md): every skill `s` a target occupation needs gets
//!
//! `weight = importance × (demand_floor + local_share(s)) × priority(s) × (1 − coverage(s))`
//!
//! where importance is `essential_weight` or `optional_weight` (essential wins when targets
//! disagree), `local_share` is the share of open vacancies in the person's travel area asking
//! for `s`, smoothed toward the national share (`demand::area`), priority multiplies the
//! policy's green and digital factors, and coverage comes from `Taxonomy::coverage` (a held
//! narrower skill covers fully, a related one partly). Fully covered skills are no gap.

use std::collections::BTreeMap;

use serde::Serialize;
use skillpath_domain::jobseeker::Profile;

use crate::demand::Area;
use crate::policy::Policy;
use crate::taxonomy::{OccupationId, SkillId, Taxonomy};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum GapReason {
    Essential {
        occupation_uri: String,
    },
    Optional {
        occupation_uri: String,
    },
    LocalDemand {
        open_asking: u32,
        open_total: u32,
        smoothed_share: f64,
    },
    Green {
        priority: f64,
    },
    Digital {
        priority: f64,
    },
    PartlyCovered {
        coverage: f32,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapSkill {
    #[serde(skip)]
    pub id: SkillId,
    pub uri: String,
    pub label: String,
    pub weight: f64,
    pub essential: bool,
    pub coverage: f32,
    /// Target occupations needing the skill.
    #[serde(skip)]
    pub occupations: Vec<OccupationId>,
    /// Open vacancies in the person's area asking for the skill.
    pub open_asking: u32,
    pub reasons: Vec<GapReason>,
    /// The same reasons in a sentence.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// Target occupation URIs the gap was computed for.
    pub targets: Vec<String>,
    /// Heaviest first; ties by URI.
    pub skills: Vec<GapSkill>,
}

impl Gap {
    pub fn total_weight(&self) -> f64 {
        self.skills.iter().map(|s| s.weight).sum()
    }
}

/// Held skills as taxonomy ids; URIs the taxonomy does not know are left out.
pub fn held_skills(taxonomy: &Taxonomy, profile: &Profile) -> Vec<SkillId> {
    let mut held: Vec<SkillId> = profile
        .skills
        .iter()
        .filter_map(|s| taxonomy.skill_id(&s.uri))
        .collect();
    held.sort_unstable();
    held.dedup();
    held
}

pub fn skill_gap(
    taxonomy: &Taxonomy,
    area: &Area<'_>,
    policy: &Policy,
    held: &[SkillId],
    targets: &[OccupationId],
) -> Gap {
    let cover = taxonomy.coverage(held);
    // skill → (essential?, occupations needing it), in a stable order.
    let mut needed: BTreeMap<SkillId, (bool, Vec<OccupationId>)> = BTreeMap::new();
    for &o in targets {
        let occ = taxonomy.occupation(o);
        for (list, essential) in [(&occ.essential, true), (&occ.optional, false)] {
            for &s in list {
                let e = needed.entry(s).or_insert((essential, Vec::new()));
                e.0 |= essential;
                if !e.1.contains(&o) {
                    e.1.push(o);
                }
            }
        }
    }
    let mut skills = Vec::new();
    for (s, (essential, occs)) in needed {
        let coverage = cover[s as usize];
        if coverage >= 1.0 {
            continue;
        }
        let node = taxonomy.skill(s);
        let importance = if essential {
            policy.essential_weight
        } else {
            policy.optional_weight
        };
        let share = area.share(s);
        let mut priority = 1.0;
        let mut reasons: Vec<GapReason> = occs
            .iter()
            .map(|&o| {
                let uri = taxonomy.occupation(o).uri.clone();
                let occ = taxonomy.occupation(o);
                if occ.essential.contains(&s) {
                    GapReason::Essential {
                        occupation_uri: uri,
                    }
                } else {
                    GapReason::Optional {
                        occupation_uri: uri,
                    }
                }
            })
            .collect();
        reasons.push(GapReason::LocalDemand {
            open_asking: area.count(s),
            open_total: area.open(),
            smoothed_share: share,
        });
        if node.green {
            priority *= policy.green_priority;
            reasons.push(GapReason::Green {
                priority: policy.green_priority,
            });
        }
        if node.digital {
            priority *= policy.digital_priority;
            reasons.push(GapReason::Digital {
                priority: policy.digital_priority,
            });
        }
        if coverage > 0.0 {
            reasons.push(GapReason::PartlyCovered { coverage });
        }
        let weight =
            importance * (policy.demand_floor + share) * priority * f64::from(1.0 - coverage);
        let text = describe(taxonomy, &node.label, essential, &occs, area, s, coverage);
        skills.push(GapSkill {
            id: s,
            uri: node.uri.clone(),
            label: node.label.clone(),
            weight,
            essential,
            coverage,
            open_asking: area.count(s),
            occupations: occs,
            reasons,
            text,
        });
    }
    skills.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.uri.cmp(&b.uri))
    });
    Gap {
        targets: targets
            .iter()
            .map(|&o| taxonomy.occupation(o).uri.clone())
            .collect(),
        skills,
    }
}

fn describe(
    taxonomy: &Taxonomy,
    label: &str,
    essential: bool,
    occs: &[OccupationId],
    area: &Area<'_>,
    s: SkillId,
    coverage: f32,
) -> String {
    let names: Vec<&str> = occs
        .iter()
        .map(|&o| taxonomy.occupation(o).label.as_str())
        .collect();
    let kind = if essential { "essential" } else { "useful" };
    let mut text = format!(
        "\"{label}\" is {kind} for {}; {} of {} open vacancies nearby ask for it",
        names.join(", "),
        area.count(s),
        area.open()
    );
    if coverage > 0.0 {
        text.push_str("; a related skill you hold covers part of it");
    }
    text.push('.');
    text
}
