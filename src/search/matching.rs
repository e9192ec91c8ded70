//! Every article a request matches, not a page of them: what an export of a
//! query's matches reads. Segments are walked one at a time and each stored
//! article read when it is asked for, so memory stays the same whether one
//! article matches or ten million.

use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, Scorer, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, Term, TERMINATED};

use super::filters::filtered;
use super::languages::AnalysisSet;
use super::query::{self, Mode, Options};
use super::request::SearchRequest;
use super::results::IndexedArticle;
use crate::error::{Error, Result};
use crate::store::NewsIndex;

impl NewsIndex {
    /// Every searchable article `request` matches, one at a time, in the
    /// index's own order (a story saved twice comes once). An empty query
    /// matches every article the filters let through.
    ///
    /// Unlike [`search`](NewsIndex::search) this has no page and no bound:
    /// every word must match (no any-word fallback), near-identical articles
    /// each come (no collapsing), and the request's page, order, passages and
    /// facets are not looked at. Typo tolerance follows
    /// [`exact`](SearchRequest::exact).
    ///
    /// Fails at once for a query that does not compile; an index that turns
    /// out damaged while reading yields its error once, then nothing.
    pub fn matching(&self, request: &SearchRequest) -> Result<Matching<'_>> {
        self.guarded(|| {
            let searcher = self.reader().searcher();
            let text = match request.query.trim() {
                "" => "*",
                text => text,
            };
            let options = Options::new(
                !request.exact,
                AnalysisSet::for_search(&searcher, self.fields(), &request.languages),
            );
            let compiled = query::compile(text, Mode::All, options, self.fields(), &searcher)
                .map_err(|reason| Error::BadQuery {
                    query: request.query.clone(),
                    reason,
                })?;
            // Copies of a story (`full = 0`) hold no text but may hold a date
            // or source that a filter alone would match.
            let searchable: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_u64(self.fields().full, 1),
                IndexRecordOption::Basic,
            ));
            let query = BooleanQuery::new(vec![
                (Occur::Must, compiled.query),
                (Occur::Must, searchable),
            ]);
            let query = filtered(Box::new(query), &self.filters(request, &searcher)?);
            let weight = query
                .weight(EnableScoring::disabled_from_searcher(&searcher))
                .map_err(|e| self.error(e))?;
            Ok(Matching {
                index: self,
                searcher,
                weight,
                segment: 0,
                scorer: None,
                done: false,
            })
        })
    }
}

/// The articles a request matches, read one at a time: see
/// [`NewsIndex::matching`].
pub struct Matching<'a> {
    index: &'a NewsIndex,
    searcher: Searcher,
    weight: Box<dyn Weight>,
    /// The segment `scorer` walks, or the next one to open.
    segment: u32,
    scorer: Option<Box<dyn Scorer>>,
    /// After an error nothing more is read.
    done: bool,
}

impl Matching<'_> {
    /// The next matching live document, opening segments as needed.
    fn next_address(&mut self) -> Result<Option<DocAddress>> {
        let segments = self.searcher.segment_readers();
        loop {
            let Some(segment) = segments.get(self.segment as usize) else {
                return Ok(None);
            };
            let scorer = match &mut self.scorer {
                Some(scorer) => scorer,
                None => {
                    let scorer = self
                        .weight
                        .scorer(segment, 1.0)
                        .map_err(|e| self.index.error(e))?;
                    self.scorer.insert(scorer)
                }
            };
            let doc = scorer.doc();
            if doc == TERMINATED {
                self.scorer = None;
                self.segment += 1;
                continue;
            }
            scorer.advance();
            if !segment.is_deleted(doc) {
                return Ok(Some(DocAddress::new(self.segment, doc)));
            }
        }
    }
}

impl Iterator for Matching<'_> {
    type Item = Result<IndexedArticle>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let index = self.index;
        let read = index.guarded(|| {
            let Some(address) = self.next_address()? else {
                return Ok(None);
            };
            let stored = index.stored(&self.searcher, address)?;
            Ok(Some(IndexedArticle::from_stored(stored)))
        });
        match read {
            Ok(Some(article)) => Some(Ok(article)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}
