//! Ranking: the best matches of a query in the order asked for, ties broken
//! by a stable key, grouped with their near-identical articles and paged.

use std::collections::HashMap;

use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, Query};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, Term};

use super::collapse::{self, Ranked, SimHashes};
use super::query::Counting;
use super::request::{SearchRequest, Sort};
use crate::error::Result;
use crate::store::schema;
use crate::store::NewsIndex;

/// A lone word's exact count walks the postings of a segment with deleted
/// articles when it holds at most this many; past it, the count is
/// estimated from the share of the segment's articles still alive.
const MAX_WALKED_POSTINGS: u32 = 20_000;

/// How many articles match a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Total {
    pub hits: usize,
    /// False when `hits` is an estimate: counting would have cost more than
    /// finding the page.
    pub exact: bool,
}

impl NewsIndex {
    /// The matching count, this page's hits, each a group of near-identical
    /// articles (one article when not collapsing), and whether hits follow
    /// the page. A query counted from its terms (see [`Counting`]) is ranked
    /// without visiting every match (block-max WAND); any other is counted
    /// in the pass that ranks it, which visits every match anyway.
    pub(super) fn rank(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        counting: &Counting,
        request: &SearchRequest,
        exclude: Option<u64>,
    ) -> Result<(Total, Vec<Vec<Ranked>>, bool)> {
        const MAX_CANDIDATES: usize = 5_000;
        let wanted = request.offset.saturating_add(request.limit);
        let mut total = match counting {
            Counting::InRanking => None,
            Counting::Terms(terms) => Some(self.terms_count(searcher, terms)?),
            Counting::Union(terms) => Some(self.union_count(searcher, terms)?),
        };
        if request.limit == 0 {
            let total = match total {
                Some(total) => total,
                None => Total {
                    hits: searcher.search(query, &Count).map_err(|e| self.error(e))?,
                    exact: true,
                },
            };
            return Ok((total, Vec::new(), request.offset < total.hits));
        }
        let collapsing = request.collapse || exclude.is_some();
        // One more than the page tells whether another follows.
        let mut fetch = if collapsing {
            wanted.saturating_mul(2).saturating_add(16)
        } else {
            wanted.saturating_add(1)
        };
        let mut simhashes = SimHashes::new(searcher);
        loop {
            if let Some(Total { hits, exact: true }) = total {
                fetch = fetch.min(hits);
            }
            let (ranked, counted) =
                self.top(searcher, query, request.sort, fetch, total.is_none())?;
            let known = *total.get_or_insert(Total {
                hits: counted.unwrap_or(0),
                exact: true,
            });
            if known.hits == 0 {
                return Ok((known, Vec::new(), false));
            }
            let exhausted = ranked.len() < fetch || (known.exact && fetch >= known.hits);
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
                let page: Vec<Vec<Ranked>> = groups
                    .into_iter()
                    .skip(request.offset)
                    .take(request.limit)
                    .collect();
                // An estimate is never below what was seen.
                let seen = match page.len() {
                    0 => 0,
                    _ => request.offset + page.iter().map(Vec::len).sum::<usize>(),
                };
                let total = Total {
                    hits: known.hits.max(seen),
                    ..known
                };
                return Ok((total, page, more));
            }
            fetch = fetch.saturating_mul(4).min(MAX_CANDIDATES);
        }
    }

    /// How many live articles hold any of `terms`, which no article holds
    /// two of: exact where a segment has no deleted articles (the terms'
    /// document counts) or few postings to walk; estimated elsewhere.
    fn terms_count(&self, searcher: &Searcher, terms: &[Term]) -> Result<Total> {
        let (mut hits, mut exact) = (0.0f64, true);
        let segments = searcher.segment_readers();
        for (segment, term) in segments
            .iter()
            .flat_map(|s| terms.iter().map(move |t| (s, t)))
        {
            let inverted = segment
                .inverted_index(term.field())
                .map_err(|e| self.error(e))?;
            let Some(info) = inverted
                .get_term_info(term)
                .map_err(|e| self.error(e.into()))?
            else {
                continue;
            };
            match segment.alive_bitset() {
                None => hits += f64::from(info.doc_freq),
                Some(alive) if info.doc_freq <= MAX_WALKED_POSTINGS => {
                    let mut postings = inverted
                        .read_postings_from_terminfo(&info, IndexRecordOption::Basic)
                        .map_err(|e| self.error(e.into()))?;
                    hits += f64::from(postings.count(alive));
                }
                Some(_) => {
                    let alive = f64::from(segment.num_docs()) / f64::from(segment.max_doc().max(1));
                    hits += estimate(info.doc_freq, alive);
                    exact = false;
                }
            }
        }
        Ok(Total {
            hits: hits.round() as usize,
            exact,
        })
    }

    /// How many live articles hold any of `terms`: their postings walked
    /// together, unscored.
    fn union_count(&self, searcher: &Searcher, terms: &[Term]) -> Result<Total> {
        let any = BooleanQuery::new_multiterms_query(terms.to_vec());
        let hits = searcher.search(&any, &Count).map_err(|e| self.error(e))?;
        Ok(Total { hits, exact: true })
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
        count: bool,
    ) -> Result<(Vec<Ranked>, Option<usize>)> {
        let n = n.max(1);
        let (ranked, counted): (Vec<Ranked>, Option<usize>) = match sort {
            Sort::Relevance => {
                let top = TopDocs::with_limit(n).order_by_score();
                let (found, counted) = if count {
                    let (found, counted) = searcher
                        .search(query, &(top, Count))
                        .map_err(|e| self.error(e))?;
                    (found, Some(counted))
                } else {
                    let found = searcher.search(query, &top).map_err(|e| self.error(e))?;
                    (found, None)
                };
                let ranked = found
                    .into_iter()
                    .map(|(score, address)| Ranked {
                        key: 0,
                        score,
                        address,
                    })
                    .collect();
                (ranked, counted)
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
                // Ordering by date visits every match: counting them is free.
                let (found, counted) = searcher
                    .search(query, &(top, Count))
                    .map_err(|e| self.error(e))?;
                let ranked = found
                    .into_iter()
                    .map(|((key, score), address)| Ranked {
                        key,
                        score,
                        address,
                    })
                    .collect();
                (ranked, Some(counted))
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
        Ok((ranked, counted))
    }
}

/// The live articles among `doc_freq` postings of a segment of which the
/// share `alive` is not deleted, assuming deletions fall evenly.
fn estimate(doc_freq: u32, alive: f64) -> f64 {
    f64::from(doc_freq) * alive.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_scale_postings_by_the_live_share() {
        assert_eq!(estimate(40_000, 0.75), 30_000.0);
        assert_eq!(estimate(40_000, 1.0), 40_000.0);
        assert_eq!(estimate(40_000, 0.0), 0.0);
    }
}
