//! The label index both lookups share: one tantivy document per distinct label, and beside it
//! in memory every label's analysed tokens, so that candidates found through tantivy can be
//! ranked on the whole label (how much of it the query covers, in which order) without a
//! second trip to the index.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use skillpath_domain::esco::Labels;
use tantivy::query::TermQuery;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use super::analyzer::{ANALYZER, Analysed, Analyzer};
use super::collector::{LABEL_FIELD, MatchedLabels};
use super::overlap::Overlap;
use super::{LabelIndexError, Match};

/// The writer's heap. ESCO's ~100k skill labels fit well inside one segment at this budget,
/// and one segment is what the queries are fastest on.
const WRITER_HEAP: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum LabelKind {
    Preferred,
    Alternative,
    Hidden,
}

impl LabelKind {
    /// What a match on this kind of label is worth against one on the preferred label.
    /// Preferred labels are the names ESCO stands behind; alternatives include narrower
    /// variants ("supermarket sales assistant") that should not beat the general concept on
    /// equal wording; hidden ones are misspellings and outdated terms. Tuned on the
    /// validation sets: 0.8 did better than 0.85 to 1.0 on titles and than 0.95 or 1.0 on
    /// both skill splits.
    pub fn factor(self) -> f32 {
        match self {
            LabelKind::Preferred => 1.0,
            LabelKind::Alternative => 0.8,
            LabelKind::Hidden => 0.7,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Label {
    pub concept: u32,
    pub kind: LabelKind,
    /// Analysed tokens in label order, as term ids.
    pub tokens: Box<[u32]>,
    /// Each token's derivation id, beside `tokens`.
    pub derivations: Box<[u32]>,
    /// How many distinct terms `tokens` holds.
    pub terms: u32,
    /// Sum of the weights of the label's distinct terms: what full coverage is worth.
    pub weight: f32,
}

/// An analysed query: the token sequence (with gaps where a token names no label term, so
/// that adjacency stays honest) and its distinct known terms.
#[derive(Debug, Default)]
pub(crate) struct Query {
    pub sequence: Vec<Option<u32>>,
    /// How much each token counts toward what the query says, beside `sequence`: 1 unless
    /// the caller said otherwise (a title's qualifiers count less than its main part).
    pub emphasis: Vec<f32>,
    /// Each token's derivation id, beside `sequence`; [`UNKNOWN_DERIVATION`] when no label
    /// has it.
    pub derivations: Vec<u32>,
    pub terms: Vec<u32>,
    /// Per distinct term, beside `terms`: its weight times its greatest emphasis.
    pub term_weights: Vec<f32>,
    /// The sum of `term_weights`.
    pub weight: f32,
}

impl Query {
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// The derivation id of a query token whose derivation no label has.
pub(crate) const UNKNOWN_DERIVATION: u32 = u32::MAX;

struct Concept {
    uri: String,
    preferred: String,
}

pub(crate) struct LabelIndex {
    searcher: Searcher,
    matched: MatchedLabels,
    text: Field,
    analyzer: Analyzer,
    terms: HashMap<String, u32>,
    term_text: Vec<String>,
    derivations: HashMap<String, u32>,
    /// Inverse concept frequency per term id: a term shared by many concepts tells little.
    weights: Vec<f32>,
    labels: Vec<Label>,
    concepts: Vec<Concept>,
}

impl std::fmt::Debug for LabelIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LabelIndex")
            .field("concepts", &self.concepts.len())
            .field("labels", &self.labels.len())
            .field("terms", &self.term_text.len())
            .finish()
    }
}

impl LabelIndex {
    pub fn build<'a>(
        concepts: impl IntoIterator<Item = (&'a str, &'a Labels)>,
    ) -> Result<Self, LabelIndexError> {
        let analyzer = Analyzer::english();
        let mut builder = Builder::default();
        let mut texts = Vec::new();
        for (uri, labels) in concepts {
            builder.add_concept(&analyzer, uri, labels, &mut texts);
        }
        if builder.labels.len() > u32::MAX as usize {
            return Err(LabelIndexError::TooManyLabels {
                count: builder.labels.len(),
                max: u32::MAX as usize,
            });
        }
        let weights = builder.weights();

        let mut schema = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            // Only which labels contain a term matters; frequencies and positions would be
            // built and never read.
            .set_index_option(IndexRecordOption::Basic);
        let text = schema.add_text_field(
            "text",
            TextOptions::default().set_indexing_options(indexing),
        );
        // The document carries only its label's ordinal: the concept and the label kind sit in
        // the in-memory label table that the ordinal points into, beside the tokens that the
        // ranking reads anyway.
        let ordinal = schema.add_u64_field(LABEL_FIELD, NumericOptions::default().set_fast());
        let index = Index::create_in_ram(schema.build());
        index
            .tokenizers()
            .register(ANALYZER, Analyzer::index_tokenizer());

        let mut writer: IndexWriter = index.writer_with_num_threads(1, WRITER_HEAP)?;
        for (n, label_text) in texts.iter().enumerate() {
            let mut doc = TantivyDocument::new();
            doc.add_text(text, label_text);
            doc.add_u64(ordinal, n as u64);
            writer.add_document(doc)?;
        }
        writer.commit()?;
        // The index never changes after this commit; a rebuild makes a new one.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        tracing::debug!(
            concepts = builder.concepts.len(),
            labels = builder.labels.len(),
            terms = builder.term_text.len(),
            "built label index"
        );
        let searcher = reader.searcher();
        Ok(Self {
            matched: MatchedLabels::new(&searcher)?,
            searcher,
            text,
            analyzer,
            terms: builder.terms,
            derivations: builder.derivations,
            term_text: builder.term_text,
            weights,
            labels: builder.labels,
            concepts: builder.concepts,
        })
    }

    pub fn weight(&self, term: u32) -> f32 {
        self.weights[term as usize]
    }

    pub fn label(&self, ordinal: u32) -> &Label {
        &self.labels[ordinal as usize]
    }

    pub fn analyze(&self, text: &str) -> Query {
        self.analyze_with(text, |_| 1.0)
    }

    /// Like [`Self::analyze`], with each token's emphasis given by `emphasis`.
    pub fn analyze_with(&self, text: &str, mut emphasis: impl FnMut(Analysed<'_>) -> f32) -> Query {
        let mut query = Query::default();
        self.analyzer.for_each_token(text, |token| {
            query.sequence.push(self.terms.get(token.stem).copied());
            query.derivations.push(
                self.derivations
                    .get(token.derivation)
                    .copied()
                    .unwrap_or(UNKNOWN_DERIVATION),
            );
            query.emphasis.push(emphasis(token));
        });
        // A title that is all qualifier ("Internship (Marketing)") still says what its
        // strongest known word says.
        let strongest = query
            .sequence
            .iter()
            .zip(&query.emphasis)
            .filter(|(q, _)| q.is_some())
            .map(|(_, e)| *e)
            .fold(0.0, f32::max);
        if strongest > 0.0 && strongest < 1.0 {
            query.emphasis.iter_mut().for_each(|e| *e /= strongest);
        }
        let mut terms: Vec<u32> = query.sequence.iter().flatten().copied().collect();
        terms.sort_unstable();
        terms.dedup();
        query.term_weights = terms
            .iter()
            .map(|&t| {
                let most = query
                    .sequence
                    .iter()
                    .zip(&query.emphasis)
                    .filter(|(q, _)| **q == Some(t))
                    .map(|(_, e)| *e)
                    .fold(0.0, f32::max);
                self.weight(t) * most
            })
            .collect();
        query.weight = query.term_weights.iter().sum();
        query.terms = terms;
        query
    }

    /// Every label that shares a term with `query`, with how much of it the query covers.
    /// A term the query holds only in another derivation ("development" for a label's
    /// "developer") is credited with `derived` times its weight.
    ///
    /// Term at a time: one TermQuery per query term, and each label it finds is credited with
    /// the term's weight. That yields each label's coverage without looking at its tokens,
    /// which matters because a title's common words ("manager", "assistant") find a thousand
    /// labels or more.
    pub fn overlaps(
        &self,
        query: &Query,
        derived: f32,
    ) -> Result<Vec<(u32, Overlap)>, LabelIndexError> {
        let mut found = Vec::with_capacity(query.terms.len());
        for &t in &query.terms {
            let term = Term::from_field_text(self.text, &self.term_text[t as usize]);
            let labels = self.searcher.search(
                &TermQuery::new(term, IndexRecordOption::Basic),
                &self.matched,
            )?;
            found.push((t, labels));
        }
        // All searching is done before the scratch is touched, so an error cannot leave it
        // dirty for the thread's next query.
        Ok(SCRATCH.with_borrow_mut(|tally| {
            if tally.len() < self.labels.len() {
                tally.resize(self.labels.len(), Tally::default());
            }
            let mut touched = Vec::new();
            let mut forms = Vec::new();
            for ((term, labels), &said) in found.iter().zip(&query.term_weights) {
                let weight = self.weight(*term);
                forms.clear();
                forms.extend(
                    query
                        .sequence
                        .iter()
                        .zip(&query.derivations)
                        .filter(|(t, _)| **t == Some(*term))
                        .map(|(_, d)| *d),
                );
                for &ordinal in labels {
                    let entry = &mut tally[ordinal as usize];
                    if entry.found == 0 {
                        touched.push(ordinal);
                    }
                    entry.found += 1;
                    let credit = if derived < 1.0 && !same_form(self.label(ordinal), *term, &forms)
                    {
                        derived
                    } else {
                        1.0
                    };
                    entry.said += credit * said;
                    entry.matched += credit * weight;
                }
            }
            touched
                .into_iter()
                .map(|ordinal| {
                    let Tally {
                        matched,
                        said,
                        found,
                    } = std::mem::take(&mut tally[ordinal as usize]);
                    (
                        ordinal,
                        Overlap::new(self.label(ordinal), matched, said, found),
                    )
                })
                .collect()
        }))
    }

    /// Scores each concept by its best label plus `runner_up` times its second best, and
    /// returns the `top` best concepts, ties broken by concept order so that the same input
    /// always gives the same output, as (concept ordinal, score) pairs.
    pub fn best_concepts(
        &self,
        scored: impl IntoIterator<Item = (u32, f32)>,
        top: usize,
        runner_up: f32,
    ) -> Vec<(u32, f32)> {
        let mut ranked: Vec<(u32, f32)> = Vec::new();
        BEST.with_borrow_mut(|best| {
            if best.len() < self.concepts.len() {
                best.resize(self.concepts.len(), [0.0; 2]);
            }
            for (ordinal, score) in scored {
                if score.is_nan() || score <= 0.0 {
                    continue;
                }
                let concept = self.label(ordinal).concept;
                let slot = &mut best[concept as usize];
                if slot[0] == 0.0 {
                    ranked.push((concept, 0.0));
                }
                if score > slot[0] {
                    *slot = [score, slot[0]];
                } else if score > slot[1] {
                    slot[1] = score;
                }
            }
            for entry in &mut ranked {
                let [first, second] = std::mem::take(&mut best[entry.0 as usize]);
                entry.1 = first + runner_up * second;
            }
        });
        let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if ranked.len() > top && top > 0 {
            ranked.select_nth_unstable_by(top - 1, order);
        }
        ranked.truncate(top);
        ranked.sort_unstable_by(order);
        ranked
    }

    /// Per label, how many concepts have a label holding all of its terms: 1 for a label
    /// only its concept could mean, many for one generic word ("clerk", an alternative
    /// label of ESCO's lottery cashier).
    pub fn extensions(&self) -> Vec<u32> {
        let mut concepts_with: Vec<Vec<u32>> = vec![Vec::new(); self.term_text.len()];
        for label in &self.labels {
            for &t in label.tokens.iter() {
                let list = &mut concepts_with[t as usize];
                if list.last() != Some(&label.concept) {
                    list.push(label.concept);
                }
            }
        }
        // Labels arrive concept by concept, so each list is sorted and free of repeats.
        let mut common: Vec<u32> = Vec::new();
        let mut next: Vec<u32> = Vec::new();
        self.labels
            .iter()
            .map(|label| {
                let mut terms: Vec<u32> = label.tokens.to_vec();
                terms.sort_unstable_by_key(|&t| concepts_with[t as usize].len());
                terms.dedup();
                common.clear();
                common.extend_from_slice(&concepts_with[terms[0] as usize]);
                for &t in &terms[1..] {
                    let other = &concepts_with[t as usize];
                    next.clear();
                    next.extend(common.iter().filter(|c| other.binary_search(c).is_ok()));
                    std::mem::swap(&mut common, &mut next);
                }
                common.len().max(1) as u32
            })
            .collect()
    }

    /// Concept ordinals and scores as matches, in the order given.
    pub fn matches(&self, ranked: Vec<(u32, f32)>) -> Vec<Match> {
        ranked
            .into_iter()
            .map(|(concept, score)| {
                let concept = &self.concepts[concept as usize];
                Match {
                    uri: concept.uri.clone(),
                    label: concept.preferred.clone(),
                    score,
                }
            })
            .collect()
    }
}

/// True when `label` holds `term` in one of the derivations `forms` the query has it in.
fn same_form(label: &Label, term: u32, forms: &[u32]) -> bool {
    label
        .tokens
        .iter()
        .zip(label.derivations.iter())
        .any(|(t, d)| *t == term && forms.contains(d))
}

/// Per-label running totals of one query, indexed by label ordinal.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    matched: f32,
    said: f32,
    found: u32,
}

thread_local! {
    /// Per-label and per-concept slots, reused across queries on one thread and always left
    /// all zero: zeroing fresh arrays of 100k labels per query would cost more than the
    /// query itself.
    static SCRATCH: RefCell<Vec<Tally>> = const { RefCell::new(Vec::new()) };
    static BEST: RefCell<Vec<[f32; 2]>> = const { RefCell::new(Vec::new()) };
}

#[derive(Default)]
struct Builder {
    terms: HashMap<String, u32>,
    term_text: Vec<String>,
    derivations: HashMap<String, u32>,
    /// Number of concepts with the term in any of their labels.
    concept_frequency: Vec<u32>,
    labels: Vec<Label>,
    concepts: Vec<Concept>,
}

impl Builder {
    fn add_concept(
        &mut self,
        analyzer: &Analyzer,
        uri: &str,
        labels: &Labels,
        texts: &mut Vec<String>,
    ) {
        let concept = self.concepts.len() as u32;
        self.concepts.push(Concept {
            uri: uri.to_owned(),
            preferred: labels.preferred.clone(),
        });
        let kinds = std::iter::once(LabelKind::Preferred)
            .chain(labels.alternative.iter().map(|_| LabelKind::Alternative))
            .chain(labels.hidden.iter().map(|_| LabelKind::Hidden));
        // ESCO repeats the preferred label among the alternatives, and inflected variants
        // ("nurse", "nurses") analyse the same: one document each is enough, the best kind.
        let mut seen: HashSet<Vec<(u32, u32)>> = HashSet::new();
        let mut concept_terms: HashSet<u32> = HashSet::new();
        for (text, kind) in labels.all().zip(kinds) {
            let analysed = analyzer.tokens(text);
            let tokens: Box<[u32]> = analysed
                .iter()
                .map(|(stem, _)| self.term_id(stem))
                .collect();
            let derivations: Box<[u32]> = analysed
                .iter()
                .map(|(_, derivation)| self.derivation_id(derivation))
                .collect();
            let words = tokens.iter().copied().zip(derivations.iter().copied());
            if tokens.is_empty() || !seen.insert(words.collect()) {
                continue;
            }
            concept_terms.extend(tokens.iter().copied());
            let weight = 0.0;
            let terms = distinct(&tokens).len() as u32;
            self.labels.push(Label {
                concept,
                kind,
                tokens,
                derivations,
                terms,
                weight,
            });
            let stems: Vec<&str> = analysed.iter().map(|(stem, _)| stem.as_str()).collect();
            texts.push(stems.join(" "));
        }
        for term in concept_terms {
            self.concept_frequency[term as usize] += 1;
        }
    }

    fn term_id(&mut self, token: &str) -> u32 {
        if let Some(&id) = self.terms.get(token) {
            return id;
        }
        let id = self.term_text.len() as u32;
        self.term_text.push(token.to_owned());
        self.terms.insert(token.to_owned(), id);
        self.concept_frequency.push(0);
        id
    }

    fn derivation_id(&mut self, derivation: &str) -> u32 {
        let next = self.derivations.len() as u32;
        *self
            .derivations
            .entry(derivation.to_owned())
            .or_insert(next)
    }

    /// Fills in each label's full weight and returns the term weights.
    fn weights(&mut self) -> Vec<f32> {
        let n = self.concepts.len() as f32;
        let weights: Vec<f32> = self
            .concept_frequency
            .iter()
            .map(|&df| (1.0 + n / df as f32).ln())
            .collect();
        for label in &mut self.labels {
            label.weight = distinct(&label.tokens)
                .iter()
                .map(|&t| weights[t as usize])
                .sum();
        }
        weights
    }
}

/// The distinct terms of a label, in first-occurrence order; labels are a few tokens long, so
/// a quadratic scan beats hashing.
fn distinct(tokens: &[u32]) -> Vec<u32> {
    let mut terms = Vec::with_capacity(tokens.len());
    for &t in tokens {
        if !terms.contains(&t) {
            terms.push(t);
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(preferred: &str, alternative: &[&str]) -> Labels {
        Labels {
            preferred: preferred.to_owned(),
            alternative: alternative.iter().map(|s| (*s).to_owned()).collect(),
            hidden: Vec::new(),
        }
    }

    #[test]
    fn a_label_of_one_generic_word_extends_to_every_concept_using_it() {
        let concepts = [
            ("lottery", labels("lottery cashier", &["clerk"])),
            ("billing", labels("billing clerk", &[])),
            ("office", labels("office clerk", &["clerk in an office"])),
            ("chef", labels("chef", &[])),
        ];
        let index = LabelIndex::build(concepts.iter().map(|(uri, l)| (*uri, l))).unwrap();
        let extensions = index.extensions();
        let of = |text: &str| {
            let at = index
                .labels
                .iter()
                .position(|l| {
                    let stems: Vec<&str> = l
                        .tokens
                        .iter()
                        .map(|&t| index.term_text[t as usize].as_str())
                        .collect();
                    stems.join(" ") == text
                })
                .unwrap_or_else(|| panic!("no label {text}"));
            extensions[at]
        };
        assert_eq!(of("clerk"), 3);
        assert_eq!(of("lotteri cashier"), 1);
        assert_eq!(of("bill clerk"), 1);
        assert_eq!(of("offic clerk"), 1);
        assert_eq!(of("chef"), 1);
    }
}
