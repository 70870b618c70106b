//! Word and concept vectors learned when the index is built, from the concepts' own texts:
//! words that keep the same company in ESCO's descriptions and labels ("programmer",
//! "developer", "software") end up near each other, so a title or a sentence can be close
//! to a concept without sharing its words. Positive pointwise mutual information of words
//! within a window, reduced to `DIMENSIONS` by the leading eigenvectors ([`eigen`]); a text
//! or a concept is the rarity-weighted sum of its words' vectors.

use std::collections::HashMap;

use ndarray::{Array1, Array2};

use super::analyzer::{Analysed, Analyzer};
use super::eigen::{self, Sparse};

const DIMENSIONS: usize = 64;
/// Words on each side that count as company.
const WINDOW: usize = 5;
/// Words seen fewer times have no vector: their company is too thin to place them.
const MIN_COUNT: u32 = 3;
const ITERATIONS: usize = 3;

pub(crate) struct Vectors {
    analyzer: Analyzer,
    words: HashMap<String, u32>,
    /// Per word: its rarity across concepts' labels, ln(1 + concepts / (1 + concepts using it)).
    weights: Vec<f32>,
    /// Per word, unit length (zero when the word had no company).
    words_at: Array2<f32>,
    /// Per concept, unit length.
    concepts: Array2<f32>,
}

impl std::fmt::Debug for Vectors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vectors")
            .field("words", &self.words.len())
            .field("concepts", &self.concepts.nrows())
            .finish()
    }
}

/// One concept's texts.
pub(crate) struct ConceptText<'a> {
    pub description: &'a str,
    pub labels: Vec<&'a str>,
}

impl Vectors {
    pub fn learn(concepts: &[ConceptText<'_>]) -> Self {
        let analyzer = Analyzer::english();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut counts: Vec<u32> = Vec::new();
        let mut intern = |stem: &str, counts: &mut Vec<u32>| -> u32 {
            let next = ids.len() as u32;
            let id = *ids.entry(stem.to_owned()).or_insert(next);
            if id as usize == counts.len() {
                counts.push(0);
            }
            counts[id as usize] += 1;
            id
        };
        // The texts words keep company in: each description, each label, and a concept's
        // labels together (they name one thing).
        let mut texts: Vec<Vec<u32>> = Vec::new();
        let mut labelled: Vec<Vec<u32>> = Vec::with_capacity(concepts.len());
        for concept in concepts {
            let mut text = Vec::new();
            analyzer.for_each_token(concept.description, |t| {
                text.push(intern(t.stem, &mut counts))
            });
            texts.push(text);
            let mut all = Vec::new();
            for label in &concept.labels {
                let mut text = Vec::new();
                analyzer.for_each_token(label, |t| text.push(intern(t.stem, &mut counts)));
                all.extend_from_slice(&text);
                texts.push(text);
            }
            texts.push(all.clone());
            labelled.push(all);
        }
        let size = counts.len();
        let n = concepts.len() as f32;
        let mut used_by = vec![0u32; size];
        for words in &labelled {
            let mut distinct = words.clone();
            distinct.sort_unstable();
            distinct.dedup();
            for w in distinct {
                used_by[w as usize] += 1;
            }
        }
        let weights: Vec<f32> = used_by
            .iter()
            .map(|&d| (1.0 + n / (1.0 + d as f32)).ln())
            .collect();
        let kept = |w: u32| counts[w as usize] >= MIN_COUNT;
        let matrix = ppmi(&texts, size, kept);
        let (values, vectors) = eigen::leading(&matrix, DIMENSIONS.min(size), ITERATIONS);
        let mut words_at = Array2::<f32>::zeros((size, values.len()));
        for (j, value) in values.iter().enumerate() {
            let scale = value.abs().sqrt();
            for i in 0..size {
                words_at[[i, j]] = vectors[[i, j]] * scale;
            }
        }
        for mut row in words_at.rows_mut() {
            let norm = row.dot(&row).sqrt();
            if norm > 0.0 {
                row /= norm;
            }
        }
        let mut vectors = Self {
            analyzer,
            words: ids,
            weights,
            words_at,
            concepts: Array2::zeros((0, 0)),
        };
        let mut at = Array2::<f32>::zeros((concepts.len(), vectors.words_at.ncols()));
        for (c, words) in labelled.iter().enumerate() {
            let v = vectors.sum(words.iter().map(|&w| (w, 1.0)));
            at.row_mut(c).assign(&v);
        }
        vectors.concepts = at;
        vectors
    }

    /// `text` in the concepts' space, each word weighed by its rarity times `emphasis`.
    pub fn text(&self, text: &str, mut emphasis: impl FnMut(Analysed<'_>) -> f32) -> Array1<f32> {
        let mut words = Vec::new();
        self.analyzer.for_each_token(text, |token| {
            if let Some(&w) = self.words.get(token.stem) {
                words.push((w, emphasis(token)));
            }
        });
        self.sum(words.into_iter())
    }

    /// Cosine of concept `concept` with a vector from [`Self::text`].
    pub fn similarity(&self, concept: u32, text: &Array1<f32>) -> f32 {
        self.concepts.row(concept as usize).dot(text)
    }

    fn sum(&self, words: impl Iterator<Item = (u32, f32)>) -> Array1<f32> {
        let mut v = Array1::<f32>::zeros(self.words_at.ncols());
        for (w, emphasis) in words {
            v.scaled_add(
                emphasis * self.weights[w as usize],
                &self.words_at.row(w as usize),
            );
        }
        let norm = v.dot(&v).sqrt();
        if norm > 0.0 {
            v /= norm;
        }
        v
    }
}

/// Positive pointwise mutual information of the kept words that stand within `WINDOW` of
/// each other in a text, as a symmetric sparse matrix.
fn ppmi(texts: &[Vec<u32>], size: usize, kept: impl Fn(u32) -> bool) -> Sparse {
    let mut pairs: Vec<u64> = Vec::new();
    for text in texts {
        let words: Vec<u32> = text.iter().copied().filter(|&w| kept(w)).collect();
        for (i, &a) in words.iter().enumerate() {
            for &b in &words[i.saturating_sub(WINDOW)..i] {
                if a != b {
                    pairs.push(u64::from(a) << 32 | u64::from(b));
                    pairs.push(u64::from(b) << 32 | u64::from(a));
                }
            }
        }
    }
    pairs.sort_unstable();
    let mut cells: Vec<(u32, u32, f32)> = Vec::new();
    for pair in pairs {
        let (a, b) = ((pair >> 32) as u32, pair as u32);
        match cells.last_mut() {
            Some(last) if last.0 == a && last.1 == b => last.2 += 1.0,
            _ => cells.push((a, b, 1.0)),
        }
    }
    let mut totals = vec![0f32; size];
    for &(a, _, c) in &cells {
        totals[a as usize] += c;
    }
    let total: f32 = totals.iter().sum();
    let mut matrix = Sparse {
        size,
        starts: Vec::with_capacity(size + 1),
        entries: Vec::new(),
    };
    let mut cell = 0;
    for row in 0..size as u32 {
        matrix.starts.push(matrix.entries.len());
        while cell < cells.len() && cells[cell].0 == row {
            let (a, b, c) = cells[cell];
            let pmi = (c * total / (totals[a as usize] * totals[b as usize])).ln();
            if pmi > 0.0 {
                matrix.entries.push((b, pmi));
            }
            cell += 1;
        }
    }
    matrix.starts.push(matrix.entries.len());
    matrix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_keep_company_in_the_texts_end_up_near_each_other() {
        let texts = [
            ConceptText {
                description: "Java code and software; java programs, code in java, java software.",
                labels: vec!["software developer", "java coder"],
            },
            ConceptText {
                description: "Land and houses; houses on land, building land, land for houses.",
                labels: vec!["property developer", "house builder"],
            },
            ConceptText {
                description: "Java software code, software in java, code and programs.",
                labels: vec!["programmer"],
            },
        ];
        let vectors = Vectors::learn(&texts);
        let java = vectors.text("java", |_| 1.0);
        assert!(
            vectors.similarity(0, &java) > vectors.similarity(1, &java),
            "{} <= {}",
            vectors.similarity(0, &java),
            vectors.similarity(1, &java)
        );
        let houses = vectors.text("houses", |_| 1.0);
        assert!(vectors.similarity(1, &houses) > vectors.similarity(0, &houses));
    }
}
