//! Texts as sequences of term ids, encoded as bytes so that one Aho-Corasick automaton can
//! find every label phrase in a long text in a single pass.
//!
//! Each term is three bytes: a lead byte with the top bit set, then two with it clear. A
//! pattern starts with a lead byte and the haystack is a run of whole terms, so a pattern
//! can only match on term boundaries and never straddles two terms.

use std::collections::HashMap;

use super::tokens::{self, Break, Stems, Token};

/// A word that occurs in no label and no cue: it breaks phrases without needing an id.
pub(crate) const UNKNOWN: u32 = 0;
/// Stands between sentences so that no phrase is found across them.
pub(crate) const BOUNDARY: u32 = 1;
const FIRST_TERM: u32 = 2;
/// 21 bits of payload in three bytes.
const MAX_TERMS: u32 = 1 << 21;
pub(crate) const TERM_BYTES: usize = 3;

pub(crate) fn encode(term: u32, out: &mut Vec<u8>) {
    debug_assert!(term < MAX_TERMS);
    out.extend_from_slice(&[
        0x80 | (term >> 14) as u8,
        ((term >> 7) & 0x7F) as u8,
        (term & 0x7F) as u8,
    ]);
}

/// Stems to term ids, grown while labels and cues are added, then only read.
#[derive(Debug)]
pub(crate) struct Vocabulary {
    stems: Stems,
    ids: HashMap<String, u32>,
}

/// One text as the automata see it.
#[derive(Debug, Default)]
pub(crate) struct Encoded {
    pub tokens: Vec<Token>,
    /// Per token: its term id, or `None` for a stop word (which takes no place in phrases).
    pub terms: Vec<Option<u32>>,
    /// Three bytes per phrase position.
    pub haystack: Vec<u8>,
    /// Per phrase position: the token it stands for (for a boundary, the token after it).
    pub positions: Vec<usize>,
}

impl Vocabulary {
    pub fn new() -> Self {
        Self {
            stems: Stems::english(),
            ids: HashMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len() + FIRST_TERM as usize
    }

    /// The term ids of a label or cue, adding new stems; `None` when the vocabulary is full.
    pub fn intern(&mut self, phrase: &str) -> Option<Vec<u32>> {
        let mut word = String::new();
        let mut out = Vec::new();
        let mut full = false;
        tokens::for_each_token(phrase, |t| {
            tokens::normalise(&phrase[t.start..t.end], &mut word);
            if tokens::is_stop_word(&word) {
                return;
            }
            let stem = self.stems.stem(&word).into_owned();
            let next = self.ids.len() as u32 + FIRST_TERM;
            let id = *self.ids.entry(stem).or_insert(next);
            full |= id >= MAX_TERMS;
            out.push(id);
        });
        (!full).then_some(out)
    }

    /// The id of one already normalised word, if it is known.
    pub fn lookup(&self, word: &str) -> Option<u32> {
        self.ids.get(self.stems.stem(word).as_ref()).copied()
    }

    pub fn encode(&self, text: &str, out: &mut Encoded) {
        out.tokens.clear();
        out.terms.clear();
        out.haystack.clear();
        out.positions.clear();
        let mut word = String::new();
        tokens::for_each_token(text, |t| {
            let index = out.tokens.len();
            out.tokens.push(t);
            tokens::normalise(&text[t.start..t.end], &mut word);
            if tokens::is_stop_word(&word) {
                out.terms.push(None);
                return;
            }
            if t.before >= Break::Sentence && !out.positions.is_empty() {
                encode(BOUNDARY, &mut out.haystack);
                out.positions.push(index);
            }
            let term = self.lookup(&word).unwrap_or(UNKNOWN);
            out.terms.push(Some(term));
            encode(term, &mut out.haystack);
            out.positions.push(index);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_terms_never_match_across_term_boundaries() {
        // Term 0x4081 encodes as [0x81, 0x01, 0x01]; a pattern for a term whose bytes could
        // start mid-term would need a lead byte below 0x80, which no encoding has.
        let mut bytes = Vec::new();
        for term in [0x4081, 5, MAX_TERMS - 1] {
            bytes.clear();
            encode(term, &mut bytes);
            assert!(bytes[0] >= 0x80);
            assert!(bytes[1] < 0x80 && bytes[2] < 0x80);
        }
    }

    #[test]
    fn stop_words_take_no_place_and_sentences_are_fenced() {
        let mut vocabulary = Vocabulary::new();
        let label = vocabulary.intern("use of computers").unwrap();
        assert_eq!(label.len(), 2);
        let mut encoded = Encoded::default();
        vocabulary.encode("Use the computer. Computers", &mut encoded);
        assert_eq!(encoded.terms[1], None);
        assert_eq!(encoded.terms[0], Some(label[0]));
        assert_eq!(encoded.terms[2], Some(label[1]));
        // use, computer, boundary, computers
        assert_eq!(encoded.positions, vec![0, 2, 3, 3]);
        assert_eq!(encoded.haystack.len(), 4 * TERM_BYTES);
    }
}
