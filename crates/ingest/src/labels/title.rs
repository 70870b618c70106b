//! What a job title says and what it only adds: advertisers put the job first and qualify it
//! after a separator or in brackets ("Sales Executive (Penang)", "Engineer - Instrumentation",
//! "Cashier @ Mall"), and wrap it in words about how the post is held ("Senior", "Trainee",
//! "Part Time", "(m/f/d)", reference numbers). Those parts still count, for less, so that a
//! label need not explain them to explain the title.

use std::ops::Range;

use super::analyzer::Analysed;

/// Emphasis of a word in a qualifier: after the first separator, or in brackets.
/// Validation titles: MRR +0.001 alone, 0.3 did less, 0.7 the same.
const QUALIFIER: f32 = 0.5;
/// Emphasis of a word that says how the post is held, not what it is, or holds a digit.
/// Validation titles: MRR +0.0016 alone; 0.1 the same, 0.5 less.
const INCIDENTAL: f32 = 0.2;

/// Seniority, training status, contract and working time, advert wording and gender markers
/// ("m/f/d", "h/f"): general job-advert vocabulary, in lower case.
const INCIDENTAL_WORDS: &[&str] = &[
    "senior",
    "snr",
    "sr",
    "junior",
    "jnr",
    "jr",
    "trainee",
    "intern",
    "interns",
    "internship",
    "graduate",
    "entry",
    "level",
    "experienced",
    "urgent",
    "urgently",
    "hiring",
    "immediate",
    "immediately",
    "wanted",
    "vacancy",
    "vacancies",
    "job",
    "jobs",
    "position",
    "opening",
    "temporary",
    "temp",
    "permanent",
    "contract",
    "freelance",
    "casual",
    "seasonal",
    "part",
    "full",
    "time",
    "fulltime",
    "parttime",
    "remote",
    "hybrid",
    "m",
    "f",
    "d",
    "w",
    "h",
    "x",
    "i",
    "ii",
    "iii",
    "iv",
    "all",
    "genders",
    "female",
    "male",
];

/// Words that open a qualifier when they stand between spaces: where, for whom, based where.
const QUALIFYING_WORDS: &[&str] = &["at", "in", "for", "based"];

/// The parts of one title.
#[derive(Debug, Default)]
pub(crate) struct Title {
    /// Byte ranges of the title that qualify the job.
    qualifiers: Vec<Range<usize>>,
}

impl Title {
    pub fn parse(title: &str) -> Self {
        let mut qualifiers = Vec::new();
        let bytes = title.as_bytes();
        let mut depth = 0usize;
        let mut opened = 0;
        let mut tail: Option<usize> = None;
        let mut seen_word = false;
        for (at, c) in title.char_indices() {
            match c {
                '(' | '[' | '{' => {
                    if depth == 0 {
                        opened = at;
                    }
                    depth += 1;
                }
                ')' | ']' | '}' if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        qualifiers.push(opened..at + 1);
                    }
                }
                _ if depth > 0 => {}
                '|' | ',' | ':' | '@' | ';' if tail.is_none() && seen_word => tail = Some(at),
                '-' | '–' | '—'
                    if tail.is_none()
                        && seen_word
                        && at > 0
                        && bytes[at - 1] == b' '
                        && title[at + c.len_utf8()..].starts_with(' ') =>
                {
                    tail = Some(at)
                }
                ' ' if tail.is_none() && seen_word => {
                    let rest = &title[at + 1..];
                    let word = rest.split(' ').next().unwrap_or("");
                    if rest.len() > word.len()
                        && QUALIFYING_WORDS
                            .iter()
                            .any(|q| word.eq_ignore_ascii_case(q))
                    {
                        tail = Some(at);
                    }
                }
                c if c.is_alphanumeric() => seen_word = true,
                _ => {}
            }
        }
        if depth > 0 {
            qualifiers.push(opened..title.len());
        }
        if let Some(from) = tail {
            qualifiers.push(from..title.len());
        }
        Self { qualifiers }
    }

    /// How much `token` counts toward what the title says, before the query scales the
    /// strongest word to 1.
    pub fn emphasis(&self, token: Analysed<'_>) -> f32 {
        let mut emphasis = 1.0;
        if self.qualifiers.iter().any(|q| q.contains(&token.start)) {
            emphasis *= QUALIFIER;
        }
        if INCIDENTAL_WORDS.contains(&token.word) || token.word.bytes().any(|b| b.is_ascii_digit())
        {
            emphasis *= INCIDENTAL;
        }
        emphasis
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qualified(title: &str) -> Vec<&str> {
        Title::parse(title)
            .qualifiers
            .iter()
            .map(|r| &title[r.clone()])
            .collect()
    }

    #[test]
    fn brackets_and_what_follows_a_separator_qualify_the_job() {
        assert_eq!(qualified("Sales Executive (Penang)"), ["(Penang)"]);
        assert_eq!(
            qualified("Engineer - Instrumentation"),
            ["- Instrumentation"]
        );
        assert_eq!(qualified("Cashier @ Mall, Penang"), ["@ Mall, Penang"]);
        assert_eq!(qualified("Pharmacy Assistant for Branch"), [" for Branch"]);
        assert_eq!(qualified("Front-end developer"), Vec::<&str>::new());
        assert_eq!(qualified("(Intern) Web Developer"), ["(Intern)"]);
        assert_eq!(qualified("Nurse (night"), ["(night"]);
        assert_eq!(qualified("- Marketing"), Vec::<&str>::new());
    }
}
