//! The tantivy side of the catalogue: one document per course, the ESCO URIs it covers as raw
//! `STRING` terms (its own skills and every broader skill they cover, so that asking for a
//! broad gap skill finds courses teaching a narrower one), teaching languages as raw terms,
//! title and outcome text for full-text search, and the course's ordinal as a fast field.
//! Retrieval is unscored: ranking needs the whole record, which lives beside the index.

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, NumericOptions, STRING, Schema, TEXT};
use tantivy::{
    DocId, Index, IndexWriter, ReloadPolicy, Score, Searcher, SegmentOrdinal, SegmentReader,
    TantivyDocument, Term,
};

/// Stands for "language not stated", so that such courses are never filtered out for it.
const UNSTATED_LANGUAGE: &str = "und";
const ORD: &str = "ord";
const WRITER_HEAP: usize = 50 * 1024 * 1024;

pub(crate) struct CourseDoc<'a> {
    pub covers: Vec<&'a str>,
    pub languages: &'a [String],
    pub title: &'a str,
    pub outcomes: String,
}

pub(crate) struct SkillIndex {
    searcher: Searcher,
    skill: Field,
    language: Field,
    /// Free text over title and learning outcomes, for catalogue search.
    text: QueryParser,
    ords: Ords,
}

impl std::fmt::Debug for SkillIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SkillIndex")
            .field("docs", &self.searcher.num_docs())
            .finish()
    }
}

impl SkillIndex {
    pub fn build<'a>(docs: impl Iterator<Item = CourseDoc<'a>>) -> tantivy::Result<Self> {
        let mut schema = Schema::builder();
        let skill = schema.add_text_field("skill", STRING);
        let language = schema.add_text_field("language", STRING);
        let title = schema.add_text_field("title", TEXT);
        let outcomes = schema.add_text_field("outcomes", TEXT);
        let ord = schema.add_u64_field(ORD, NumericOptions::default().set_fast());
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, WRITER_HEAP)?;
        for (n, d) in docs.enumerate() {
            let mut doc = TantivyDocument::new();
            for uri in &d.covers {
                doc.add_text(skill, uri);
            }
            if d.languages.is_empty() {
                doc.add_text(language, UNSTATED_LANGUAGE);
            }
            for l in d.languages {
                doc.add_text(language, l);
            }
            doc.add_text(title, d.title);
            doc.add_text(outcomes, &d.outcomes);
            doc.add_u64(ord, n as u64);
            writer.add_document(doc)?;
        }
        writer.commit()?;
        // Built once and never written again: a changed catalogue makes a new index.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let ords = Ords::new(&searcher)?;
        let mut text = QueryParser::for_index(&index, vec![title, outcomes]);
        // A title hit says more about a course than a word somewhere in its outcomes.
        text.set_field_boost(title, 2.0);
        Ok(Self {
            searcher,
            skill,
            language,
            text,
            ords,
        })
    }

    /// Ordinals of courses covering any of `skill_uris` and taught in one of `languages`
    /// (any language when the list is empty), ascending.
    pub fn candidates(
        &self,
        skill_uris: &[&str],
        languages: &[String],
    ) -> tantivy::Result<Vec<u32>> {
        if skill_uris.is_empty() {
            return Ok(Vec::new());
        }
        let skills = any_of(
            skill_uris
                .iter()
                .map(|u| Term::from_field_text(self.skill, u)),
        );
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, skills)];
        if !languages.is_empty() {
            let langs = any_of(
                languages
                    .iter()
                    .map(String::as_str)
                    .chain([UNSTATED_LANGUAGE])
                    .map(|l| Term::from_field_text(self.language, l)),
            );
            clauses.push((Occur::Must, langs));
        }
        let mut found = self
            .searcher
            .search(&BooleanQuery::new(clauses), &self.ords)?;
        found.sort_unstable();
        Ok(found)
    }
}

/// A union of term queries. `TermSetQuery` would be the obvious choice, but it walks the
/// term dictionary with an automaton and fills a bitset of every document per segment, which
/// measured ~3 ms per query at 10,000 courses; a union of a few dozen posting lists is
/// proportional to the matches.
fn any_of(terms: impl Iterator<Item = Term>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        terms
            .map(|t| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(t, IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect(),
    ))
}

impl SkillIndex {
    /// Ordinals of courses whose title or outcomes match the words of `text`, best first,
    /// with their BM25 scores. The text is read leniently: query syntax a user did not mean
    /// (a stray quote or colon) is dropped rather than refused.
    pub fn search_text(&self, text: &str) -> tantivy::Result<Vec<(u32, f32)>> {
        let (query, _ignored) = self.text.parse_query_lenient(text);
        let all = (self.searcher.num_docs() as usize).max(1);
        let hits = self
            .searcher
            .search(&query, &TopDocs::with_limit(all).order_by_score())?;
        Ok(hits
            .into_iter()
            .map(|(score, at)| {
                let ord = self.ords.segments[at.segment_ord as usize][at.doc_id as usize];
                (ord, score)
            })
            .collect())
    }
}

/// Each segment's doc id → course ordinal, read once from the fast field.
#[derive(Clone)]
struct Ords {
    segments: Arc<[Box<[u32]>]>,
}

impl Ords {
    fn new(searcher: &Searcher) -> tantivy::Result<Self> {
        let segments = searcher
            .segment_readers()
            .iter()
            .map(|reader| {
                let column = reader.fast_fields().u64(ORD)?.first_or_default_col(0);
                Ok((0..reader.max_doc())
                    .map(|doc| column.get_val(doc) as u32)
                    .collect())
            })
            .collect::<tantivy::Result<Vec<Box<[u32]>>>>()?;
        Ok(Self {
            segments: segments.into(),
        })
    }
}

impl Collector for Ords {
    type Fruit = Vec<u32>;
    type Child = SegmentOrds;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _: &SegmentReader,
    ) -> tantivy::Result<SegmentOrds> {
        Ok(SegmentOrds {
            segments: Arc::clone(&self.segments),
            segment: segment as usize,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u32>>) -> tantivy::Result<Vec<u32>> {
        Ok(fruits.concat())
    }
}

struct SegmentOrds {
    segments: Arc<[Box<[u32]>]>,
    segment: usize,
    found: Vec<u32>,
}

impl SegmentCollector for SegmentOrds {
    type Fruit = Vec<u32>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.found.push(self.segments[self.segment][doc as usize]);
    }

    fn harvest(self) -> Vec<u32> {
        self.found
    }
}
