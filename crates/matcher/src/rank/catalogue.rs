//! The courses a matcher ranks, prepared once: which skills each one covers (its own and,
//! through the hierarchy, the broader skills they cover), its outcome evidence, and the
//! tantivy index that finds candidates for a gap.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use skillpath_domain::course::Course;

use super::gate::Gates;
use super::index::{CourseDoc, SkillIndex};
use super::score;
use crate::pathways::cover::Covers;
use crate::taxonomy::{SkillId, Taxonomy};

/// Employment after completion, where a course has it (from outcome events or the provider).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeEvidence {
    pub completers: u32,
    /// Completers employed within the follow-up period (employed ≤ completers).
    pub employed: u32,
}

/// A course's effort in ECTS and where it came from (`score::effort`), its outcome
/// evidence, and whether it stacks into a larger credential: every per-course figure of the
/// score's bound, which is computed for every candidate of a ranking. Kept together, one
/// cache line read per candidate instead of one per figure.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Worth {
    pub effort_ects: f64,
    pub effort_source: &'static str,
    pub outcome: Option<OutcomeEvidence>,
    pub stacks: bool,
}

#[derive(Debug)]
pub struct Catalogue {
    courses: Vec<Course>,
    /// Skills each course fully covers, sorted.
    covers: Vec<Vec<SkillId>>,
    by_skill: HashMap<SkillId, Vec<u32>>,
    /// Pooled employment rate over courses with evidence: the prior mean for shrinkage.
    outcome_mean: Option<f64>,
    /// The hard filters' inputs, packed (`gate`).
    gates: Gates,
    /// What the score's bound reads of each course, in one record (`Worth`).
    worth: Vec<Worth>,
    index: SkillIndex,
    /// Per occupation, the courses a pathway's set cover can take (`pathways::cover`).
    pathway_covers: Covers,
}

impl Catalogue {
    pub fn build(
        taxonomy: &Taxonomy,
        courses: Vec<Course>,
        outcomes: &HashMap<String, OutcomeEvidence>,
    ) -> tantivy::Result<Self> {
        let covers: Vec<Vec<SkillId>> = courses
            .iter()
            .map(|c| {
                let own: Vec<SkillId> = c
                    .skill_uris()
                    .into_iter()
                    .filter_map(|u| taxonomy.skill_id(u))
                    .collect();
                let cover = taxonomy.coverage(&own);
                // Full coverage only: a related skill is not what the course teaches.
                (0..cover.len() as SkillId)
                    .filter(|&s| cover[s as usize] >= 1.0)
                    .collect()
            })
            .collect();
        let mut by_skill: HashMap<SkillId, Vec<u32>> = HashMap::new();
        for (n, list) in covers.iter().enumerate() {
            for &s in list {
                by_skill.entry(s).or_default().push(n as u32);
            }
        }
        let outcomes: Vec<Option<OutcomeEvidence>> = courses
            .iter()
            .map(|c| {
                outcomes
                    .get(&c.id)
                    .filter(|o| o.completers > 0)
                    .map(|o| OutcomeEvidence {
                        completers: o.completers,
                        employed: o.employed.min(o.completers),
                    })
            })
            .collect();
        let (done, employed) = outcomes.iter().flatten().fold((0u64, 0u64), |(d, e), o| {
            (d + u64::from(o.completers), e + u64::from(o.employed))
        });
        let outcome_mean = (done > 0).then(|| employed as f64 / done as f64);
        let gates = Gates::build(taxonomy, &courses);
        let worth = courses
            .iter()
            .zip(&outcomes)
            .map(|(c, &outcome)| {
                let (effort_ects, effort_source) = score::effort(c);
                Worth {
                    effort_ects,
                    effort_source,
                    outcome,
                    stacks: c.stacks_into.is_some(),
                }
            })
            .collect();
        let skill_uris: Vec<&str> = (0..taxonomy.skill_count() as SkillId)
            .map(|s| taxonomy.skill(s).uri.as_str())
            .collect();
        let index = SkillIndex::build(
            courses.iter().zip(&covers).map(|(c, cov)| CourseDoc {
                covers: cov
                    .iter()
                    .map(|&s| taxonomy.skill(s).uri.as_str())
                    .collect(),
                title: &c.title,
                outcomes: c
                    .learning_outcomes
                    .iter()
                    .map(|lo| lo.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            }),
            &skill_uris,
        )?;
        let pathway_covers = Covers::build(taxonomy, &|s| {
            by_skill.get(&s).map_or(&[][..], Vec::as_slice)
        });
        Ok(Self {
            pathway_covers,
            courses,
            covers,
            by_skill,
            outcome_mean,
            gates,
            worth,
            index,
        })
    }

    pub fn len(&self) -> usize {
        self.courses.len()
    }

    pub fn is_empty(&self) -> bool {
        self.courses.is_empty()
    }

    pub fn course(&self, n: u32) -> &Course {
        &self.courses[n as usize]
    }

    pub fn courses(&self) -> &[Course] {
        &self.courses
    }

    pub fn covers(&self, n: u32) -> &[SkillId] {
        &self.covers[n as usize]
    }

    /// Courses covering `skill`, ascending.
    pub fn teaching(&self, skill: SkillId) -> &[u32] {
        self.by_skill.get(&skill).map_or(&[], Vec::as_slice)
    }

    pub fn outcome(&self, n: u32) -> Option<OutcomeEvidence> {
        self.worth[n as usize].outcome
    }

    pub(crate) fn worth(&self, n: u32) -> &Worth {
        &self.worth[n as usize]
    }

    pub(crate) fn pathway_covers(&self) -> &Covers {
        &self.pathway_covers
    }

    pub(crate) fn gates(&self) -> &Gates {
        &self.gates
    }

    pub fn outcome_mean(&self) -> Option<f64> {
        self.outcome_mean
    }

    /// Courses whose title or learning outcomes match `text`, best first, with their scores.
    pub fn search_text(&self, text: &str) -> tantivy::Result<Vec<(u32, f32)>> {
        self.index.search_text(text)
    }

    /// Calls `each` with every course covering `skill` (its own or a narrower one).
    pub(crate) fn for_each_covering(
        &self,
        skill: SkillId,
        each: impl FnMut(u32),
    ) -> tantivy::Result<()> {
        self.index.for_each_covering(skill, each)
    }
}
