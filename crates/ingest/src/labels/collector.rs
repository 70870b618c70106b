//! A tantivy collector that hands back which labels matched, unscored: the ranking needs the
//! whole label (all its tokens, its kind, its concept), which lives in memory beside the index,
//! so asking tantivy for BM25 scores would be work thrown away.

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// The fast field holding each document's label ordinal.
pub(crate) const LABEL_FIELD: &str = "label";

/// Each segment's doc id → label ordinal table. Read once from the fast field when the index
/// is built: it never changes afterwards, and a plain array lookup per matching document is
/// several times cheaper than decoding the column each time.
#[derive(Debug, Clone)]
pub(crate) struct MatchedLabels {
    segments: Arc<[Box<[u32]>]>,
}

impl MatchedLabels {
    pub fn new(searcher: &Searcher) -> tantivy::Result<Self> {
        let segments = searcher
            .segment_readers()
            .iter()
            .map(|reader| {
                // Every document has exactly one ordinal; the default is never read.
                let column = reader
                    .fast_fields()
                    .u64(LABEL_FIELD)?
                    .first_or_default_col(0);
                // Only the index builder writes the field, always from a u32.
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

impl Collector for MatchedLabels {
    type Fruit = Vec<u32>;
    type Child = SegmentMatchedLabels;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatchedLabels> {
        Ok(SegmentMatchedLabels {
            segments: Arc::clone(&self.segments),
            segment: segment as usize,
            labels: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u32>>) -> tantivy::Result<Vec<u32>> {
        Ok(fruits.concat())
    }
}

pub(crate) struct SegmentMatchedLabels {
    segments: Arc<[Box<[u32]>]>,
    segment: usize,
    labels: Vec<u32>,
}

impl SegmentCollector for SegmentMatchedLabels {
    type Fruit = Vec<u32>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.labels.push(self.segments[self.segment][doc as usize]);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let ordinals = &self.segments[self.segment];
        self.labels
            .extend(docs.iter().map(|&doc| ordinals[doc as usize]));
    }

    fn harvest(self) -> Vec<u32> {
        self.labels
    }
}
