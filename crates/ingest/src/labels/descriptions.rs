//! Concepts by all ESCO says of them, description and labels, as TF-IDF vectors: a sentence
//! that paraphrases a skill ("modern programming languages") often uses the words ESCO's
//! description of it uses ("... programming paradigms and programming languages") where the
//! label that matched best does not.

use std::collections::HashMap;

use super::analyzer::{Analysed, Analyzer};

/// A sparse vector: (term, weight) sorted by term, of unit length.
pub(crate) type Vector = Box<[(u32, f32)]>;

pub(crate) struct Descriptions {
    analyzer: Analyzer,
    terms: HashMap<String, u32>,
    idf: Vec<f32>,
    vectors: Vec<Vector>,
}

impl std::fmt::Debug for Descriptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Descriptions")
            .field("concepts", &self.vectors.len())
            .field("terms", &self.terms.len())
            .finish()
    }
}

impl Descriptions {
    /// The texts of each concept (its description, its labels), concept by concept in
    /// concept order.
    pub fn build<'a, T>(concepts: impl IntoIterator<Item = T>) -> Self
    where
        T: IntoIterator<Item = &'a String>,
    {
        let analyzer = Analyzer::english();
        let mut terms: HashMap<String, u32> = HashMap::new();
        let mut counts: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        for texts in concepts {
            let mut tf: Vec<(u32, u32)> = Vec::new();
            for text in texts {
                analyzer.for_each_token(text, |token| {
                    let next = terms.len() as u32;
                    let id = *terms.entry(token.stem.to_owned()).or_insert(next);
                    if id as usize == df.len() {
                        df.push(0);
                    }
                    match tf.iter_mut().find(|(t, _)| *t == id) {
                        Some(have) => have.1 += 1,
                        None => tf.push((id, 1)),
                    }
                });
            }
            for &(t, _) in &tf {
                df[t as usize] += 1;
            }
            counts.push(tf);
        }
        let n = counts.len().max(1) as f32;
        let idf: Vec<f32> = df.iter().map(|&d| (n / d as f32).ln()).collect();
        let vectors = counts
            .into_iter()
            .map(|tf| {
                unit(
                    tf.into_iter()
                        .map(|(t, c)| (t, (1.0 + (c as f32).ln()) * idf[t as usize]))
                        .collect(),
                )
            })
            .collect();
        Self {
            analyzer,
            terms,
            idf,
            vectors,
        }
    }

    /// `text` in the same space.
    pub fn vector(&self, text: &str) -> Vector {
        self.vector_with(text, |_| 1.0)
    }

    /// `text` in the same space, each token's count scaled by `emphasis`.
    pub fn vector_with(&self, text: &str, mut emphasis: impl FnMut(Analysed<'_>) -> f32) -> Vector {
        let mut tf: Vec<(u32, f32)> = Vec::new();
        self.analyzer.for_each_token(text, |token| {
            let Some(&id) = self.terms.get(token.stem) else {
                return;
            };
            let said = emphasis(token);
            match tf.iter_mut().find(|(t, _)| *t == id) {
                Some(have) => have.1 += said,
                None => tf.push((id, said)),
            }
        });
        unit(
            tf.into_iter()
                .map(|(t, c)| {
                    (
                        t,
                        (1.0 + c.ln().max(0.0)) * c.min(1.0) * self.idf[t as usize],
                    )
                })
                .collect(),
        )
    }

    /// Cosine of concept `concept`'s description with `vector`.
    pub fn similarity(&self, concept: u32, vector: &[(u32, f32)]) -> f32 {
        let Some(description) = self.vectors.get(concept as usize) else {
            return 0.0;
        };
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < description.len() && j < vector.len() {
            match description[i].0.cmp(&vector[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += description[i].1 * vector[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot
    }
}

/// Sorted by term and scaled to unit length; empty (all zero) stays empty.
fn unit(mut vector: Vec<(u32, f32)>) -> Vector {
    vector.retain(|(_, w)| *w > 0.0);
    vector.sort_unstable_by_key(|(t, _)| *t);
    let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        vector.iter_mut().for_each(|(_, w)| *w /= norm);
    }
    vector.into_boxed_slice()
}
