//! The one English analyzer that labels and queries both go through, so that a query token
//! and a label token are equal exactly when they should match.
//!
//! tantivy tokenises, folds and drops stop words; the stemming is ours, so that besides the
//! Snowball stem each token keeps what the stem cut off ([`derivation`]); the index is fed
//! the finished stems, so what tantivy stores is exactly what the ranking compares.

use frostem::{Algorithm, Stemmer};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, StopWordFilter,
    TextAnalyzer, WhitespaceTokenizer,
};

/// The name under which the index's tokenizer is registered: label documents hold analysed
/// stems separated by spaces, so the index only splits on whitespace.
pub(crate) const ANALYZER: &str = "skillpath_stems";

/// Function words that carry no meaning in a title or a skill label. Lucene's English list
/// minus "it", "no", "not" and "if": "IT" is a profession word in ESCO ("IT auditor"), and the
/// negations change what a label means.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "in", "into", "is",
    "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this",
    "to", "was", "will", "with",
];

/// Tokens longer than this are URLs or run-together junk, never words of a label.
const MAX_TOKEN_LEN: usize = 40;

/// One token of a text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Analysed<'a> {
    /// Lower-cased and folded, before stemming.
    pub word: &'a str,
    pub stem: &'a str,
    pub derivation: &'a str,
    /// Byte offset of the token in the text.
    pub start: usize,
}

pub(crate) struct Analyzer {
    words: TextAnalyzer,
    stemmer: Stemmer,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer(english)")
    }
}

impl Analyzer {
    pub fn english() -> Self {
        // Folding before stop words and stemming so that "Café" and "cafe" meet the same rules.
        let words = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(StopWordFilter::remove(
                STOP_WORDS.iter().map(|w| (*w).to_owned()),
            ))
            .build();
        Self {
            words,
            stemmer: Stemmer::new(Algorithm::English),
        }
    }

    /// The tokenizer the index splits its (already analysed) documents with.
    pub fn index_tokenizer() -> TextAnalyzer {
        TextAnalyzer::builder(WhitespaceTokenizer::default()).build()
    }

    /// Calls `each` with every token of `text`, in order.
    pub fn for_each_token(&self, text: &str, mut each: impl FnMut(Analysed<'_>)) {
        // TextAnalyzer::token_stream needs `&mut`; a clone per call keeps the indexes `Sync`
        // without a lock that every actix worker would queue on.
        let mut words = self.words.clone();
        let mut stream = words.token_stream(text);
        while let Some(token) = stream.next() {
            let stem = self.stemmer.stem(&token.text);
            each(Analysed {
                word: &token.text,
                stem: &stem,
                derivation: derivation(&token.text, &stem),
                start: token.offset_from,
            });
        }
    }

    /// The stems of `text`, in order, each with its derivation.
    pub fn tokens(&self, text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.for_each_token(text, |token| {
            out.push((token.stem.to_owned(), token.derivation.to_owned()))
        });
        out
    }
}

/// What the stemmer cut off a word, less its inflection: "er" for "developers", "ment" for
/// "development", "" for "developing" and "develop". Snowball gives all four one stem, which
/// is right for the inflections and too eager for the derivations: "developer" is a job,
/// "development" a field, and "experience" is no "experiment". Tokens sharing a stem but not
/// a derivation still match, for less (see `LabelIndex::overlaps`).
pub(crate) fn derivation<'a>(word: &'a str, stem: &str) -> &'a str {
    let common = word
        .bytes()
        .zip(stem.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    // Snowball only rewrites a word's ending, and never mid-character, but the folded text can
    // hold characters of several bytes; stay on a boundary.
    let common = (0..=common)
        .rev()
        .find(|&at| word.is_char_boundary(at))
        .unwrap_or(0);
    let mut rest = &word[common..];
    rest = rest.strip_suffix('s').unwrap_or(rest);
    for inflection in ["ing", "ed"] {
        if let Some(shorter) = rest.strip_suffix(inflection) {
            rest = shorter;
            break;
        }
    }
    // "supply", "supplies" and "supplied" all stem to "suppli"; "manage" to "manag".
    for ending in ['e', 'i', 'y'] {
        if let Some(shorter) = rest.strip_suffix(ending) {
            rest = shorter;
            break;
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        Analyzer::english()
            .tokens(text)
            .into_iter()
            .map(|(stem, _)| stem)
            .collect()
    }

    #[test]
    fn folds_case_accents_stop_words_and_inflections() {
        assert_eq!(stems("Nurses of the Café"), vec!["nurs", "cafe"]);
        assert_eq!(
            stems("IT: \"managing\" (teams)"),
            vec!["it", "manag", "team"]
        );
        assert!(stems(" -- \"\" () ").is_empty());
    }

    #[test]
    fn inflections_share_a_derivation_and_derivations_differ() {
        let analyzer = Analyzer::english();
        let derivations = |text: &str| -> Vec<String> {
            analyzer.tokens(text).into_iter().map(|(_, d)| d).collect()
        };
        assert_eq!(
            derivations("develop developing developed develops"),
            ["", "", "", ""]
        );
        assert_eq!(derivations("developer developers"), ["er", "er"]);
        assert_eq!(derivations("development developments"), ["ment", "ment"]);
        assert_eq!(derivations("supply supplies supplied"), ["", "", ""]);
        assert_eq!(derivations("engineer engineering"), ["eer", "eer"]);
        let [(experience, a), (experiment, b)]: [(String, String); 2] =
            analyzer.tokens("experience experiment").try_into().unwrap();
        assert_eq!(experience, experiment);
        assert_ne!(a, b);
    }
}
