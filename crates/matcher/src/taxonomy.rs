//! The taxonomy as the matcher needs it: every skill and occupation gets a dense id, so that
//! coverage and weights are plain vectors (ndarray) indexed by skill id instead of maps keyed
//! by URI strings.

use std::collections::HashMap;

use ndarray::Array1;
use skillpath_domain::esco::{Collection, ConceptType, EscoDataset, RelationType};

pub type SkillId = u32;
pub type OccupationId = u32;

/// Credit a related skill gives toward one the person does not hold: knowing a neighbour
/// of a skill shortens, but does not remove, the way to it.
pub const RELATED_CREDIT: f32 = 0.5;

#[derive(Debug, Clone)]
pub struct SkillNode {
    pub uri: String,
    pub label: String,
    pub green: bool,
    pub digital: bool,
    pub transversal: bool,
}

#[derive(Debug, Clone)]
pub struct OccupationNode {
    pub uri: String,
    pub label: String,
    pub isco_group: String,
    pub essential: Vec<SkillId>,
    pub optional: Vec<SkillId>,
}

#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    skills: Vec<SkillNode>,
    skill_ids: HashMap<String, SkillId>,
    /// Broader skills of each skill (skill-to-skill broader relations; skill groups are
    /// categories, not skills anyone holds).
    broader: Vec<Vec<SkillId>>,
    related: Vec<Vec<SkillId>>,
    occupations: Vec<OccupationNode>,
    occupation_ids: HashMap<String, OccupationId>,
}

impl Taxonomy {
    pub fn from_dataset(data: &EscoDataset) -> Self {
        let mut t = Taxonomy::default();
        for s in &data.skills {
            let id = t.skills.len() as SkillId;
            t.skill_ids.insert(s.uri.clone(), id);
            t.skills.push(SkillNode {
                uri: s.uri.clone(),
                label: s.labels.preferred.clone(),
                green: false,
                digital: false,
                transversal: false,
            });
        }
        t.broader = vec![Vec::new(); t.skills.len()];
        t.related = vec![Vec::new(); t.skills.len()];
        for m in &data.collections {
            if let Some(&id) = t.skill_ids.get(&m.concept_uri) {
                let node = &mut t.skills[id as usize];
                match m.collection {
                    Collection::Green => node.green = true,
                    Collection::Digital | Collection::DigComp => node.digital = true,
                    Collection::Transversal => node.transversal = true,
                    _ => {}
                }
            }
        }
        for b in &data.broader {
            if b.concept_type != ConceptType::Skill || b.broader_type != ConceptType::Skill {
                continue;
            }
            if let (Some(&n), Some(&p)) = (
                t.skill_ids.get(&b.concept_uri),
                t.skill_ids.get(&b.broader_uri),
            ) {
                t.broader[n as usize].push(p);
            }
        }
        for r in &data.skill_relations {
            if let (Some(&a), Some(&b)) = (
                t.skill_ids.get(&r.original_uri),
                t.skill_ids.get(&r.related_uri),
            ) {
                // Relatedness is symmetric for the purpose of partial credit.
                t.related[a as usize].push(b);
                t.related[b as usize].push(a);
            }
        }
        for o in &data.occupations {
            let id = t.occupations.len() as OccupationId;
            t.occupation_ids.insert(o.uri.clone(), id);
            t.occupations.push(OccupationNode {
                uri: o.uri.clone(),
                label: o.labels.preferred.clone(),
                isco_group: o.isco_group.clone(),
                essential: Vec::new(),
                optional: Vec::new(),
            });
        }
        for r in &data.occupation_skills {
            let (Some(&o), Some(&s)) = (
                t.occupation_ids.get(&r.occupation_uri),
                t.skill_ids.get(&r.skill_uri),
            ) else {
                continue;
            };
            let occ = &mut t.occupations[o as usize];
            match r.relation {
                RelationType::Essential => occ.essential.push(s),
                RelationType::Optional => occ.optional.push(s),
            }
        }
        for list in t.broader.iter_mut().chain(t.related.iter_mut()) {
            list.sort_unstable();
            list.dedup();
        }
        t
    }

    pub fn skill_count(&self) -> usize {
        self.skills.len()
    }

    pub fn occupation_count(&self) -> usize {
        self.occupations.len()
    }

    pub fn skill_id(&self, uri: &str) -> Option<SkillId> {
        self.skill_ids.get(uri).copied()
    }

    pub fn occupation_id(&self, uri: &str) -> Option<OccupationId> {
        self.occupation_ids.get(uri).copied()
    }

    pub fn skill(&self, id: SkillId) -> &SkillNode {
        &self.skills[id as usize]
    }

    pub fn occupation(&self, id: OccupationId) -> &OccupationNode {
        &self.occupations[id as usize]
    }

    /// How far each skill is covered by what a person holds, from 0 to 1: a held skill and
    /// every skill broader than it count fully (knowing "Python" covers "computer
    /// programming"); a skill related to a held one counts `RELATED_CREDIT`.
    pub fn coverage(&self, held: &[SkillId]) -> Array1<f32> {
        let mut cover = Array1::<f32>::zeros(self.skills.len());
        let mut stack: Vec<SkillId> = held.to_vec();
        while let Some(s) = stack.pop() {
            if cover[s as usize] >= 1.0 {
                continue;
            }
            cover[s as usize] = 1.0;
            stack.extend(self.broader[s as usize].iter().copied());
        }
        for &h in held {
            for &r in &self.related[h as usize] {
                let c = &mut cover[r as usize];
                *c = c.max(RELATED_CREDIT);
            }
        }
        cover
    }
}

#[cfg(test)]
mod tests {
    use skillpath_domain::esco::*;

    use super::*;

    fn skill(id: &str) -> Skill {
        Skill {
            uri: format!("{ESCO_NAMESPACE}skill/{id}"),
            skill_type: Some(SkillType::Knowledge),
            reuse_level: None,
            labels: Labels {
                preferred: id.into(),
                ..Labels::default()
            },
            description: String::new(),
            status: "released".into(),
            modified: None,
        }
    }

    fn uri(id: &str) -> String {
        format!("{ESCO_NAMESPACE}skill/{id}")
    }

    fn data() -> EscoDataset {
        EscoDataset {
            skills: ["programming", "python", "rust", "statistics", "welding"]
                .map(skill)
                .to_vec(),
            broader: ["python", "rust"]
                .map(|n| BroaderRelation {
                    concept_uri: uri(n),
                    concept_type: ConceptType::Skill,
                    broader_uri: uri("programming"),
                    broader_type: ConceptType::Skill,
                })
                .to_vec(),
            skill_relations: vec![SkillRelation {
                original_uri: uri("python"),
                related_uri: uri("statistics"),
                relation: RelationType::Optional,
            }],
            ..EscoDataset::default()
        }
    }

    #[test]
    fn a_narrower_skill_covers_its_broader_one_but_not_its_siblings() {
        let t = Taxonomy::from_dataset(&data());
        let cover = t.coverage(&[t.skill_id(&uri("python")).unwrap()]);
        assert_eq!(
            cover[t.skill_id(&uri("programming")).unwrap() as usize],
            1.0
        );
        assert_eq!(cover[t.skill_id(&uri("rust")).unwrap() as usize], 0.0);
    }

    #[test]
    fn a_related_skill_gives_partial_credit_both_ways() {
        let t = Taxonomy::from_dataset(&data());
        let cover = t.coverage(&[t.skill_id(&uri("statistics")).unwrap()]);
        assert_eq!(
            cover[t.skill_id(&uri("python")).unwrap() as usize],
            RELATED_CREDIT
        );
        assert_eq!(cover[t.skill_id(&uri("welding")).unwrap() as usize], 0.0);
    }
}
