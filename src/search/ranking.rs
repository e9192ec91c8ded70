//! Ranking: the best matches of a query in the order asked for, ties broken
//! by a stable key, grouped with their near-identical articles and paged.

use std::collections::HashMap;

use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::Query;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader};

use super::collapse::{self, Ranked, SimHashes};
use super::request::{SearchRequest, Sort};
use crate::error::Result;
use crate::store::schema;
use crate::store::NewsIndex;

impl NewsIndex {
    /// The matching count, this page's hits, each a group of near-identical
    /// articles (one article when not collapsing), and whether hits follow
    /// the page.
    pub(super) fn rank(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        request: &SearchRequest,
        exclude: Option<u64>,
    ) -> Result<(usize, Vec<Vec<Ranked>>, bool)> {
        const MAX_CANDIDATES: usize = 5_000;
        let wanted = request.offset.saturating_add(request.limit);
        let total = searcher.search(query, &Count).map_err(|e| self.error(e))?;
        if request.limit == 0 || total == 0 {
            return Ok((total, Vec::new(), request.offset < total));
        }
        let collapsing = request.collapse || exclude.is_some();
        let mut fetch = if collapsing {
            wanted.saturating_mul(2).saturating_add(16)
        } else {
            wanted
        };
        let mut simhashes = SimHashes::new(searcher);
        loop {
            fetch = fetch.min(total);
            let ranked = self.top(searcher, query, request.sort, fetch)?;
            let exhausted = ranked.len() < fetch || fetch >= total;
            let groups = if collapsing {
                collapse::group(&mut simhashes, ranked, exclude)
            } else {
                ranked.into_iter().map(|r| vec![r]).collect()
            };
            if groups.len() >= wanted || exhausted || fetch >= MAX_CANDIDATES {
                // Another page follows when a group lies past this one, or
                // matches not yet read could make one. (Reading on to be
                // sure would read several times the candidates, and each
                // collapsed article with them.)
                let more = groups.len() > wanted || (!exhausted && groups.len() >= wanted);
                let page = groups
                    .into_iter()
                    .skip(request.offset)
                    .take(request.limit)
                    .collect();
                return Ok((total, page, more));
            }
            fetch = fetch.saturating_mul(4).min(MAX_CANDIDATES);
        }
    }

    /// The best `n` matches in the requested order. Equal scores would come
    /// in index order, which merges and rebuilds change: the content
    /// fingerprint keeps them stable.
    fn top(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        sort: Sort,
        n: usize,
    ) -> Result<Vec<Ranked>> {
        let n = n.max(1);
        let ranked: Vec<Ranked> = match sort {
            Sort::Relevance => {
                let top = TopDocs::with_limit(n).order_by_score();
                let found = searcher.search(query, &top).map_err(|e| self.error(e))?;
                found
                    .into_iter()
                    .map(|(score, address)| Ranked {
                        key: 0,
                        score,
                        address,
                    })
                    .collect()
            }
            Sort::Newest | Sort::Oldest => {
                let newest = sort == Sort::Newest;
                let top = TopDocs::with_limit(n).tweak_score(move |segment: &SegmentReader| {
                    let dates = segment.fast_fields().date(schema::DATE).ok();
                    move |doc: DocId, score: Score| {
                        let secs = dates
                            .as_ref()
                            .and_then(|c| c.first(doc))
                            .map(|d| d.into_timestamp_secs());
                        let key = match secs {
                            Some(s) if newest => s,
                            Some(s) => -s,
                            None => i64::MIN,
                        };
                        (key, score)
                    }
                });
                let found = searcher.search(query, &top).map_err(|e| self.error(e))?;
                found
                    .into_iter()
                    .map(|((key, score), address)| Ranked {
                        key,
                        score,
                        address,
                    })
                    .collect()
            }
        };
        let mut ranked = ranked;
        ranked.sort_by(|a, b| {
            b.key
                .cmp(&a.key)
                .then(b.score.total_cmp(&a.score))
                .then(a.address.cmp(&b.address))
        });
        // Ties are ordered by the article's content fingerprint, a fast column
        // as stable as the text (a path costs a dictionary block to decompress).
        let mut contents: HashMap<u32, Option<Column<u64>>> = HashMap::new();
        let mut content_of = |address: DocAddress| {
            contents
                .entry(address.segment_ord)
                .or_insert_with(|| {
                    let segment = searcher.segment_reader(address.segment_ord);
                    segment.fast_fields().u64(schema::CONTENT).ok()
                })
                .as_ref()
                .and_then(|column| column.first(address.doc_id))
                .unwrap_or(0)
        };
        let mut start = 0;
        while start < ranked.len() {
            let tied = |r: &Ranked| r.key == ranked[start].key && r.score == ranked[start].score;
            let end = start + ranked[start..].iter().take_while(|r| tied(r)).count();
            if end - start > 1 {
                let mut keyed: Vec<(u64, Ranked)> = ranked[start..end]
                    .iter()
                    .map(|r| (content_of(r.address), *r))
                    .collect();
                keyed.sort_by(|(ca, a), (cb, b)| ca.cmp(cb).then(a.address.cmp(&b.address)));
                for (slot, (_, r)) in ranked[start..end].iter_mut().zip(keyed) {
                    *slot = r;
                }
            }
            start = end;
        }
        Ok(ranked)
    }
}
