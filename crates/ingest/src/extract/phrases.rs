//! Every skill label as a phrase of stems, in one Aho-Corasick automaton: a text of any
//! length is searched in one pass, whatever the number of labels.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use skillpath_domain::esco::Skill;

use super::terms::{Encoded, TERM_BYTES, Vocabulary, encode};

/// Which of a skill's labels a phrase came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum LabelKind {
    Preferred,
    Alternative,
    /// A label with its bracketed qualifier dropped: "Java" for "Java (computer
    /// programming)". Texts rarely spell the qualifier out, but the short form is more
    /// ambiguous.
    Shortened,
    /// ESCO's misspellings and outdated terms.
    Hidden,
}

impl LabelKind {
    /// How much a match on this kind of label is worth against the preferred label.
    pub fn factor(self) -> f32 {
        match self {
            LabelKind::Preferred => 1.0,
            LabelKind::Alternative => 0.9,
            LabelKind::Shortened => 0.8,
            LabelKind::Hidden => 0.75,
        }
    }
}

/// One distinct stem sequence and the skills that have it as a label.
#[derive(Debug)]
pub(crate) struct Phrase {
    pub skills: Vec<(u32, LabelKind)>,
    /// How telling the phrase is, 0..1: long phrases of rare stems near 1, a single common
    /// stem low.
    pub specificity: f32,
}

#[derive(Debug)]
pub(crate) struct Phrases {
    automaton: AhoCorasick,
    pub phrases: Vec<Phrase>,
}

/// One phrase found in a text, by token range.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub phrase: u32,
    /// Phrase positions (see `Encoded::positions`), end exclusive.
    pub from: usize,
    pub to: usize,
}

impl Phrases {
    pub fn build(
        skills: &[Skill],
        vocabulary: &mut Vocabulary,
    ) -> Result<Self, aho_corasick::BuildError> {
        let mut ids: HashMap<Vec<u32>, u32> = HashMap::new();
        let mut phrases: Vec<Phrase> = Vec::new();
        let mut sequences: Vec<Vec<u32>> = Vec::new();
        for (concept, skill) in skills.iter().enumerate() {
            for (text, kind) in labels(skill) {
                let Some(terms) = vocabulary.intern(&text) else {
                    continue;
                };
                if terms.is_empty() {
                    continue;
                }
                let id = *ids.entry(terms.clone()).or_insert_with(|| {
                    phrases.push(Phrase {
                        skills: Vec::new(),
                        specificity: 0.0,
                    });
                    sequences.push(terms);
                    phrases.len() as u32 - 1
                });
                let entry = &mut phrases[id as usize].skills;
                match entry.iter_mut().find(|(c, _)| *c == concept as u32) {
                    Some(have) => have.1 = have.1.min(kind),
                    None => entry.push((concept as u32, kind)),
                }
            }
        }
        let weights = term_weights(&phrases, &sequences, vocabulary.len(), skills.len());
        let mut patterns = Vec::with_capacity(sequences.len());
        for (phrase, terms) in phrases.iter_mut().zip(&sequences) {
            let weight: f32 = terms.iter().map(|&t| weights[t as usize]).sum();
            let length = if terms.len() > 1 { 1.0 } else { 0.8 };
            phrase.specificity = length * weight / (weight + 4.0);
            let mut bytes = Vec::with_capacity(terms.len() * TERM_BYTES);
            for &term in terms {
                encode(term, &mut bytes);
            }
            patterns.push(bytes);
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&patterns)?;
        Ok(Self { automaton, phrases })
    }

    pub fn find(&self, encoded: &Encoded, hits: &mut Vec<Hit>) {
        hits.clear();
        hits.extend(
            self.automaton
                .find_overlapping_iter(encoded.haystack.as_slice())
                .map(|m| Hit {
                    phrase: m.pattern().as_u32(),
                    from: m.start() / TERM_BYTES,
                    to: m.end() / TERM_BYTES,
                }),
        );
    }
}

/// Every label of a skill worth matching, with its kind.
fn labels(skill: &Skill) -> Vec<(String, LabelKind)> {
    let labels = &skill.labels;
    let mut out = vec![(labels.preferred.clone(), LabelKind::Preferred)];
    out.extend(
        labels
            .alternative
            .iter()
            .map(|l| (l.clone(), LabelKind::Alternative)),
    );
    out.extend(labels.hidden.iter().map(|l| (l.clone(), LabelKind::Hidden)));
    let shortened: Vec<(String, LabelKind)> = out
        .iter()
        .filter_map(|(text, _)| without_brackets(text))
        .map(|text| (text, LabelKind::Shortened))
        .collect();
    out.extend(shortened);
    out
}

fn without_brackets(label: &str) -> Option<String> {
    let open = label.find('(')?;
    let close = label[open..].find(')')? + open;
    let short = format!("{}{}", &label[..open], &label[close + 1..]);
    let short = short.trim();
    (!short.is_empty()).then(|| short.to_owned())
}

/// Inverse skill frequency of each term: a stem in many skills' labels ("manage") tells
/// less than one in few ("phlebotomy").
fn term_weights(
    phrases: &[Phrase],
    sequences: &[Vec<u32>],
    terms: usize,
    skills: usize,
) -> Vec<f32> {
    let mut skills_with: Vec<Vec<u32>> = vec![Vec::new(); terms];
    for (phrase, sequence) in phrases.iter().zip(sequences) {
        for &term in sequence {
            skills_with[term as usize].extend(phrase.skills.iter().map(|s| s.0));
        }
    }
    let n = skills.max(1) as f32;
    skills_with
        .into_iter()
        .map(|mut with| {
            with.sort_unstable();
            with.dedup();
            (1.0 + n / with.len().max(1) as f32).ln()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_are_dropped_with_their_words() {
        assert_eq!(
            without_brackets("Java (computer programming)").as_deref(),
            Some("Java")
        );
        assert_eq!(
            without_brackets("use (of) tools").as_deref(),
            Some("use  tools")
        );
        assert_eq!(without_brackets("(only brackets)"), None);
        assert_eq!(without_brackets("no brackets"), None);
    }
}
