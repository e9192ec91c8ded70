//! Excluded clauses (`-"a phrase"`, `-(a group)`) wrapped so that tantivy only
//! ever seeks their scorers forward.
//!
//! tantivy's exclusion asks the excluded scorer about each candidate with
//! `seek_danger`, candidates before the document the scorer already stands
//! on included, and its phrase scorer asserts that never happens (tantivy
//! issue 2811). So a debug build panicked on `nvidia -"in e"` whenever the
//! phrase's first match came after the first article with *nvidia*.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term, TERMINATED};

/// Matches what `0` matches; meant for `Occur::MustNot` clauses.
pub(crate) struct Excluded(pub Box<dyn Query>);

impl Clone for Excluded {
    fn clone(&self) -> Self {
        Excluded(self.0.box_clone())
    }
}

impl fmt::Debug for Excluded {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "Excluded({:?})", self.0)
    }
}

impl Query for Excluded {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExcludedWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct ExcludedWeight(Box<dyn Weight>);

impl Weight for ExcludedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ForwardOnly(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

/// A scorer asked about a document behind it answers from where it stands.
struct ForwardOnly(Box<dyn Scorer>);

impl DocSet for ForwardOnly {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.0.doc() < target {
            self.0.seek(target)
        } else {
            self.0.doc()
        }
    }

    // A real seek, never the inner `seek_danger`: the scorer stays valid.
    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        match self.seek(target) {
            doc if doc == target && doc != TERMINATED => SeekDangerResult::Found,
            doc => SeekDangerResult::SeekLowerBound(doc),
        }
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }
}

impl Scorer for ForwardOnly {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::DocSetCollector;
    use tantivy::query::{BooleanQuery, Occur, PhraseQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter};

    use super::*;

    /// The documents of `texts` matching `word` but not the phrase `excluded`.
    fn without_phrase(texts: &[&str], word: &str, excluded: [&str; 2]) -> Vec<DocId> {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for text in texts {
            writer.add_document(doc!(body => *text)).unwrap();
        }
        writer.commit().unwrap();
        let term = |w: &str| Term::from_field_text(body, w);
        let phrase = PhraseQuery::new(excluded.iter().map(|w| term(w)).collect());
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(term(word), IndexRecordOption::Basic)),
            ),
            (Occur::MustNot, Box::new(Excluded(Box::new(phrase)))),
        ]);
        let searcher = index.reader().unwrap().searcher();
        let found = searcher.search(&query, &DocSetCollector).unwrap();
        let mut docs: Vec<DocId> = found.into_iter().map(|d| d.doc_id).collect();
        docs.sort();
        docs
    }

    #[test]
    fn phrase_matching_after_the_first_candidate_is_excluded() {
        let texts = ["nvidia chips", "nvidia in e", "nvidia again"];
        assert_eq!(without_phrase(&texts, "nvidia", ["in", "e"]), [0, 2]);
    }

    #[test]
    fn phrase_matching_nowhere_excludes_nothing() {
        let texts = ["nvidia in", "nvidia e in"];
        assert_eq!(without_phrase(&texts, "nvidia", ["in", "e"]), [0, 1]);
    }
}
