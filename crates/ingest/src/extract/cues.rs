//! The words and phrases that change whether a label found in a text counts: negations
//! ("no experience of X required") and the boilerplate of job adverts (equal-opportunity
//! statements, benefits, how to apply). They are stemmed and matched like labels, so
//! "opportunities" and "opportunity" are one cue.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::terms::{Encoded, TERM_BYTES, Vocabulary, encode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    /// Negates what follows in its clause: "no", "without".
    Negation,
    /// Negates what came before in its clause: "X is not required".
    NotNeeded,
    /// A negation word that negates nothing here: "not only", "no later than".
    NotANegation,
    /// Marks its sentence as advert boilerplate, and a heading holding it opens a
    /// boilerplate section.
    Boilerplate,
    /// A heading holding it opens a section about the job itself, closing boilerplate.
    JobSection,
}

const NEGATIONS: &[&str] = &[
    "no", "not", "without", "never", "nor", "neither", "non", "don't", "doesn't", "isn't",
    "aren't", "won't", "needn't", "nil",
];

const NOT_NEEDED: &[&str] = &[
    "not required",
    "not necessary",
    "not essential",
    "not needed",
    "not mandatory",
    "not compulsory",
    "not expected",
    "not a requirement",
    "not a prerequisite",
    "isn't required",
    "isn't necessary",
    "aren't required",
    "no need",
    "no requirement",
    "not needed",
    "unnecessary",
];

const NOT_A_NEGATION: &[&str] = &[
    "not only",
    "not just",
    "not limited",
    "not least",
    "no later",
    "no less",
    "no more",
    "no matter",
    "no doubt",
    "not hesitate",
    "non stop",
    // "Desirable but not essential" asks for the skill, only less firmly.
    "but not essential",
    "but not necessary",
    "though not essential",
    "but not required",
];

/// Phrases that occur in the parts of an advert that describe the employer's terms and
/// process rather than the work. Each is specific enough that a sentence about the job
/// itself rarely holds it.
const BOILERPLATE: &[&str] = &[
    "equal opportunities",
    "equal opportunity employer",
    "equality and diversity",
    "equality diversity and inclusion",
    "diverse workforce",
    "welcome applications",
    "applications are welcome",
    "regardless of",
    "protected characteristics",
    "disability confident",
    "mindful employer",
    "guaranteed interview",
    "pension",
    "annual leave",
    "holiday entitlement",
    "bank holidays",
    "benefits",
    "benefit package",
    "salary sacrifice",
    "competitive salary",
    "how to apply",
    "apply online",
    "closing date",
    "interview date",
    "interviews will be held",
    "application form",
    "please note",
    "close early",
    "right to close",
    "shortlisting",
    "disclosure and barring",
    "dbs check",
    "dbs disclosure",
    "criminal record",
    "rehabilitation of offenders",
    "certificate of sponsorship",
    "visa sponsorship",
    "sponsorship",
    "tier 2",
    "right to work",
    "covid",
    "car parking",
    "free parking",
    "discounts",
    "discounted",
    "cycle to work",
    "childcare vouchers",
    "employee assistance",
    "no agencies",
    "informal discussion",
    "informal visit",
    "further information",
    "further details",
    "for more information",
    "please contact",
    "please see",
    "attached job description",
    "job description attached",
    "see attached",
    "relocation",
    "subsidised",
    "gym membership",
    "smoke free",
    "no smoking",
    "share this commitment",
    "share the commitment",
    "email address",
    "check your email",
    "about us",
    "what we offer",
    "why join",
    "terms and conditions",
    "additional information",
    "privacy notice",
    "personal data",
    "flexible working",
    "part time hours",
    "nhs jobs",
    "trac",
];

/// Words of a heading that opens a section about the work itself.
const JOB_SECTIONS: &[&str] = &[
    "responsibilities",
    "duties",
    "requirements",
    "skills",
    "experience",
    "qualifications",
    "person specification",
    "essential criteria",
    "desirable criteria",
    "about the role",
    "the role",
    "job purpose",
    "job summary",
    "main tasks",
    "key tasks",
    "what you will do",
    "what we are looking for",
];

/// One automaton over every cue, run over the same encoded text as the labels.
#[derive(Debug)]
pub(crate) struct Cues {
    automaton: AhoCorasick,
    kinds: Vec<Cue>,
}

/// Cues found in one text: per token, and the first and last token of each hit.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub hits: Vec<(Cue, usize, usize)>,
}

impl Cues {
    pub fn build(vocabulary: &mut Vocabulary) -> Result<Self, aho_corasick::BuildError> {
        let lists: [(Cue, &[&str]); 5] = [
            (Cue::Negation, NEGATIONS),
            (Cue::NotNeeded, NOT_NEEDED),
            (Cue::NotANegation, NOT_A_NEGATION),
            (Cue::Boilerplate, BOILERPLATE),
            (Cue::JobSection, JOB_SECTIONS),
        ];
        let mut patterns = Vec::new();
        let mut kinds = Vec::new();
        for (kind, phrases) in lists {
            for phrase in phrases {
                let Some(terms) = vocabulary.intern(phrase) else {
                    continue;
                };
                if terms.is_empty() {
                    continue;
                }
                let mut bytes = Vec::with_capacity(terms.len() * TERM_BYTES);
                for term in terms {
                    encode(term, &mut bytes);
                }
                patterns.push(bytes);
                kinds.push(kind);
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&patterns)?;
        Ok(Self { automaton, kinds })
    }

    pub fn find(&self, encoded: &Encoded, found: &mut Found) {
        found.hits.clear();
        for hit in self
            .automaton
            .find_overlapping_iter(encoded.haystack.as_slice())
        {
            let first = encoded.positions[hit.start() / TERM_BYTES];
            let last = encoded.positions[hit.end() / TERM_BYTES - 1];
            found
                .hits
                .push((self.kinds[hit.pattern().as_usize()], first, last));
        }
    }
}
