//! Splitting text into word tokens with byte offsets, and words into stems. Labels and texts
//! go through the same two functions, so a label matches a text exactly when their stems
//! line up.

use rust_stemmers::{Algorithm, Stemmer};

/// What separates a token from the one before it, strongest first in the enum's order of
/// meaning: a new line or a sentence end closes both a phrase and a negation's reach; a
/// clause mark (comma, colon, bracket) closes only a negation's reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Break {
    None,
    Clause,
    Sentence,
    Line,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub before: Break,
}

/// Function words that say nothing about a skill, dropped from labels and texts alike so
/// that "use of computers" meets "use computers". The negations ("no", "not") stay: they
/// change what a phrase means.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "of", "on",
    "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
    "will", "with", "your", "our", "you", "we",
];

pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// Calls `each` with every word token of `text`: a run of letters and digits, with inner
/// apostrophes kept ("don't"), and what separated it from the previous token.
pub(crate) fn for_each_token(text: &str, mut each: impl FnMut(Token)) {
    let bytes = text.as_bytes();
    let mut gap = Break::Line;
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii_alphanumeric() || (b >= 0x80 && starts_word_char(text, at)) {
            let start = at;
            at = word_end(text, at);
            each(Token {
                start,
                end: at,
                before: gap,
            });
            gap = Break::None;
            continue;
        }
        let kind = match b {
            b'\n' | b'\r' => Break::Line,
            b'.' | b'!' | b'?' | b';' => Break::Sentence,
            b',' | b':' | b'(' | b')' | b'[' | b']' | b'/' => Break::Clause,
            _ if b >= 0x80 => non_word_break(text, at),
            _ => Break::None,
        };
        gap = gap.max(kind);
        at += utf8_len(b);
    }
}

fn starts_word_char(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(char::is_alphanumeric)
}

/// Bullets and the typographic dashes that start list items end a sentence too.
fn non_word_break(text: &str, at: usize) -> Break {
    match text[at..].chars().next() {
        Some('•' | '●' | '▪' | '◦' | '·' | '…') => Break::Sentence,
        Some('–' | '—') => Break::Clause,
        _ => Break::None,
    }
}

fn word_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii_alphanumeric() {
            at += 1;
        } else if b == b'\'' || text[at..].starts_with('’') {
            let width = if b == b'\'' { 1 } else { '’'.len_utf8() };
            // An apostrophe belongs to the word only between two word characters.
            match text[at + width..].chars().next() {
                Some(c) if c.is_alphanumeric() => at += width,
                _ => break,
            }
        } else if b >= 0x80 {
            match text[at..].chars().next() {
                Some(c) if c.is_alphanumeric() => at += c.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    at
}

fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Lower-cases a word into `out`, with the typographic apostrophe made plain.
pub(crate) fn normalise(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        match c {
            '’' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// The English Snowball stemmer, shared by labels and texts.
pub(crate) struct Stems {
    stemmer: Stemmer,
}

impl std::fmt::Debug for Stems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stems(english)")
    }
}

impl Stems {
    pub fn english() -> Self {
        Self {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    pub fn stem<'a>(&self, word: &'a str) -> std::borrow::Cow<'a, str> {
        self.stemmer.stem(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(&str, Break)> {
        let mut out = Vec::new();
        for_each_token(text, |t| out.push((&text[t.start..t.end], t.before)));
        out
    }

    #[test]
    fn words_keep_their_offsets_and_the_breaks_before_them() {
        assert_eq!(
            tokens("Care, don’t worry.\n• Café"),
            vec![
                ("Care", Break::Line),
                ("don’t", Break::Clause),
                ("worry", Break::None),
                ("Café", Break::Line),
            ]
        );
        assert_eq!(
            tokens("patients' notes"),
            vec![("patients", Break::Line), ("notes", Break::None)]
        );
    }

    #[test]
    fn stems_meet_across_inflections() {
        let stems = Stems::english();
        let mut word = String::new();
        normalise("Nursing", &mut word);
        assert_eq!(stems.stem(&word), stems.stem("nurse"));
        assert_eq!(stems.stem("managing"), stems.stem("manages"));
    }
}
