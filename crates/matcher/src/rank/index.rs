//! The tantivy side of the catalogue: one document per course, the ESCO URIs it covers as raw
//! `STRING` terms (its own skills and every broader skill they cover, so that asking for a
//! broad gap skill finds courses teaching a narrower one), title and outcome text for
//! full-text search, and the course's ordinal as a fast field. Ranking reads the skill
//! posting lists unscored; the hard filters' inputs, teaching languages among them, are
//! packed beside the index (`gate`).

use std::sync::Arc;

use tantivy::collector::TopDocs;
use tantivy::postings::TermInfo;
use tantivy::query::QueryParser;
use tantivy::schema::{IndexRecordOption, NumericOptions, STRING, Schema, TEXT};
use tantivy::{
    Index, IndexWriter, InvertedIndexReader, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use crate::taxonomy::SkillId;

const ORD: &str = "ord";
const WRITER_HEAP: usize = 50 * 1024 * 1024;

pub(crate) struct CourseDoc<'a> {
    pub covers: Vec<&'a str>,
    pub title: &'a str,
    pub outcomes: String,
}

pub(crate) struct SkillIndex {
    searcher: Searcher,
    /// Free text over title and learning outcomes, for catalogue search.
    text: QueryParser,
    ords: Ords,
    /// Per segment, its skill postings and each taxonomy skill's entry in them (by skill id;
    /// `None` when no course covers it): a ranking reads some fifty lists, and finding each
    /// term in the dictionary was a twentieth of its time as measured.
    lists: Vec<(Arc<InvertedIndexReader>, Vec<Option<TermInfo>>)>,
}

impl std::fmt::Debug for SkillIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SkillIndex")
            .field("docs", &self.searcher.num_docs())
            .finish()
    }
}

impl SkillIndex {
    /// `skills`: every taxonomy skill's URI, by skill id.
    pub fn build<'a>(
        docs: impl Iterator<Item = CourseDoc<'a>>,
        skills: &[&str],
    ) -> tantivy::Result<Self> {
        let mut schema = Schema::builder();
        let skill = schema.add_text_field("skill", STRING);
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
        let lists = searcher
            .segment_readers()
            .iter()
            .map(|reader| {
                let postings = reader.inverted_index(skill)?;
                let infos = skills
                    .iter()
                    .map(|uri| postings.get_term_info(&Term::from_field_text(skill, uri)))
                    .collect::<std::io::Result<Vec<_>>>()?;
                Ok((postings, infos))
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut text = QueryParser::for_index(&index, vec![title, outcomes]);
        // A title hit says more about a course than a word somewhere in its outcomes.
        text.set_field_boost(title, 2.0);
        Ok(Self {
            searcher,
            text,
            ords,
            lists,
        })
    }

    /// Calls `each` with the ordinal of every course covering `skill`, ascending within each
    /// segment. The posting lists are read block by block, not through a query: ranking
    /// needs, for every candidate, which of the gap skills it covers, and a union query
    /// (with the language as a second clause, intersected by seeking) answered only whether
    /// it covers any, at about 0.7 ms per ranking at 100,000 courses against tens of
    /// microseconds for reading the lists.
    pub fn for_each_covering(
        &self,
        skill: SkillId,
        mut each: impl FnMut(u32),
    ) -> tantivy::Result<()> {
        for (segment, (postings, infos)) in self.lists.iter().enumerate() {
            let Some(info) = infos.get(skill as usize).and_then(Option::as_ref) else {
                continue;
            };
            let ords = &self.ords.segments[segment];
            // Documents are added in ordinal order, so a lone segment usually numbers them
            // as the catalogue does, and the lookup can be skipped.
            let same = self.ords.identity[segment];
            let mut block =
                postings.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
            // The index is never written after it is built, so no document is deleted.
            while !block.docs().is_empty() {
                if same {
                    block.docs().iter().for_each(|&doc| each(doc));
                } else {
                    block
                        .docs()
                        .iter()
                        .for_each(|&doc| each(ords[doc as usize]));
                }
                block.advance();
            }
        }
        Ok(())
    }

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
    /// Per segment: its doc ids are the ordinals.
    identity: Arc<[bool]>,
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
        let identity = segments
            .iter()
            .map(|ords| ords.iter().enumerate().all(|(doc, &ord)| doc as u32 == ord))
            .collect();
        Ok(Self {
            segments: segments.into(),
            identity,
        })
    }
}
