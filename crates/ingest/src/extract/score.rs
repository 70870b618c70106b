//! From phrase hits to skills with a confidence.

use std::collections::HashMap;

use super::phrases::{Hit, Phrases};

/// What a hit inside a longer hit is still worth: "nursing" inside "mental health nursing"
/// is likely said only as part of the longer skill.
const INSIDE_LONGER: f32 = 0.4;

#[derive(Debug)]
pub(crate) struct Scored {
    pub skill: u32,
    pub confidence: f32,
    /// Phrase-position ranges, end exclusive, in text order.
    pub ranges: Vec<(usize, usize)>,
}

/// Each skill once, its confidence the noisy-or of its hits: every further mention makes a
/// mistake less likely. Best first, ties in taxonomy order so the output is stable.
pub(crate) fn rank(phrases: &Phrases, hits: &mut [Hit]) -> Vec<Scored> {
    hits.sort_unstable_by(|a, b| a.from.cmp(&b.from).then(b.to.cmp(&a.to)));
    let mut by_skill: HashMap<u32, Scored> = HashMap::new();
    let mut reach = 0;
    for hit in hits.iter() {
        let inside = hit.to <= reach;
        reach = reach.max(hit.to);
        let phrase = &phrases.phrases[hit.phrase as usize];
        let ambiguity = (phrase.skills.len() as f32).sqrt();
        for &(skill, kind) in &phrase.skills {
            let mut c = phrase.specificity * kind.factor() / ambiguity;
            if inside {
                c *= INSIDE_LONGER;
            }
            let entry = by_skill.entry(skill).or_insert(Scored {
                skill,
                confidence: 0.0,
                ranges: Vec::new(),
            });
            entry.confidence = 1.0 - (1.0 - entry.confidence) * (1.0 - c);
            if !entry.ranges.contains(&(hit.from, hit.to)) {
                entry.ranges.push((hit.from, hit.to));
            }
        }
    }
    let mut out: Vec<Scored> = by_skill.into_values().collect();
    for s in &mut out {
        s.ranges.sort_unstable();
    }
    out.sort_unstable_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.skill.cmp(&b.skill))
    });
    out
}
