//! The one English analyzer that labels and queries both go through, so that a query token
//! and a label token are equal exactly when tantivy would match them.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer,
};

/// The name under which the analyzer is registered with the tantivy index.
pub(crate) const ANALYZER: &str = "skillpath_en";

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

pub(crate) fn english() -> TextAnalyzer {
    // Folding before stop words and stemming so that "Café" and "cafe" meet the same rules.
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(
            STOP_WORDS.iter().map(|w| (*w).to_owned()),
        ))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Calls `each` with the analysed tokens of `text`, in order.
pub(crate) fn for_each_token(analyzer: &TextAnalyzer, text: &str, mut each: impl FnMut(&str)) {
    // TextAnalyzer::token_stream needs `&mut`; a clone per call keeps the indexes `Sync`
    // without a lock that every actix worker would queue on.
    let mut analyzer = analyzer.clone();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        each(&token.text);
    }
}

/// The analysed tokens of `text`, in order.
pub(crate) fn tokens(analyzer: &TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(analyzer, text, |token| out.push(token.to_owned()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_stop_words_and_inflections() {
        let analyzer = english();
        assert_eq!(
            tokens(&analyzer, "Nurses of the Café"),
            vec!["nurs", "cafe"]
        );
        assert_eq!(
            tokens(&analyzer, "IT: \"managing\" (teams)"),
            vec!["it", "manag", "team"]
        );
        assert!(tokens(&analyzer, " -- \"\" () ").is_empty());
    }
}
