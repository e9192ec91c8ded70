//! The read path: a [`SearchRequest`] becomes a compiled query, ranked and
//! collapsed hits with passages, facets and suggestions; and articles read
//! back whole or by likeness. `NewsIndex`'s methods for reading live here.

mod collapse;
mod dates;
mod exclusion;
mod facets;
mod filters;
mod fuzzy;
mod languages;
mod lookup;
mod matching;
mod prepare;
mod query;
mod ranking;
mod request;
mod results;
mod similar;
mod snippet;
mod suggest;
mod union;

use tantivy::collector::Count;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocSet, Searcher, Term, TERMINATED};

pub use self::dates::{date_span, relative_day};
pub use self::facets::Facets;
pub use self::matching::Matching;
pub use self::prepare::QueryNote;
pub use self::request::{SearchRequest, Sort, DEFAULT_FRAGMENTS, DEFAULT_LIMIT};
pub use self::results::{
    ArticleHighlights, Dateline, FilteredOut, Hit, HitDetails, IndexedArticle, Listing, Metadata,
    NearDuplicate, Place, SearchResults, ShownArticle, ShownArticles, Suggestion,
};
pub use self::snippet::Snippet;

use self::facets::FacetCollector;
use self::filters::filtered;
use self::languages::AnalysisSet;
use self::query::{Compiled, Counting, Mode, Options};
use self::ranking::Total;
use self::snippet::Highlighter;
use crate::error::{Error, QueryError, Result};
use crate::limits::MAX_PAGE_END;
use crate::store::analysis::Analysis;
use crate::store::schema::{self, StoredArticle};
use crate::store::NewsIndex;

impl NewsIndex {
    /// Runs a search. Every word must match; when no article has them all, any
    /// word may, and [`SearchResults::relaxed`] says so.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.guarded(|| self.search_unguarded(request))
    }

    fn search_unguarded(&self, request: &SearchRequest) -> Result<SearchResults> {
        let searcher = self.reader().searcher();
        let bad = |reason: QueryError| Error::BadQuery {
            query: request.query.clone(),
            reason,
        };
        let fields = self.fields();
        let filters = self.filters(request, &searcher)?;
        let options = Options::new(
            !request.exact,
            AnalysisSet::for_search(&searcher, fields, &request.languages),
        );
        let compile = |mode| {
            let mut compiled =
                query::compile(&request.query, mode, options, fields, &searcher).map_err(bad)?;
            compiled.query = filtered(compiled.query, &filters);
            if !filters.is_empty() {
                // A filter leaves fewer articles than the word holds.
                compiled.counting = Counting::InRanking;
            }
            Ok::<_, Error>(compiled)
        };
        let mut compiled = compile(Mode::All)?;
        let mut relaxed = false;
        // The loosest reading tried, to tell what left nothing.
        let mut loosest = Mode::All;
        // Whether anything matches is found at the first match, not by counting.
        if compiled.relaxable >= 2 && !self.matches_any(&searcher, &*compiled.query)? {
            loosest = Mode::Any;
            let any = compile(Mode::Any)?;
            relaxed = self.matches_any(&searcher, &*any.query)?;
            if relaxed {
                compiled = any;
            }
        }
        let notes = std::mem::take(&mut compiled.notes);
        let mut results = self.execute(&searcher, compiled, request, None)?;
        results.relaxed = relaxed;
        results.notes = notes;
        if results.total_hits == 0 {
            results.filtered_out = self
                .filter_that_left_nothing(&searcher, request, loosest, options)
                .map_err(|e| match e {
                    Error::BadQuery { reason, .. } => bad(reason),
                    other => other,
                })?;
        }
        Ok(results)
    }

    /// Ranks, collapses and pages the hits of a compiled query, with
    /// snippets, facets and suggestions. Articles near `exclude` are left out.
    pub(crate) fn execute(
        &self,
        searcher: &Searcher,
        compiled: Compiled,
        request: &SearchRequest,
        exclude: Option<u64>,
    ) -> Result<SearchResults> {
        if request.offset.saturating_add(request.limit) > MAX_PAGE_END {
            return Err(Error::PageTooDeep {
                offset: request.offset,
                limit: request.limit,
                max: MAX_PAGE_END,
            });
        }
        let query = &*compiled.query;
        let (mut total, groups, more) =
            self.rank(searcher, query, &compiled.counting, request, exclude)?;
        let facets = if request.facets {
            if !total.exact {
                // Facets walk every match anyway: the count shown beside
                // them is exact.
                total = Total {
                    hits: searcher.search(query, &Count).map_err(|e| self.error(e))?,
                    exact: true,
                };
            }
            let counts = searcher
                .search(query, &FacetCollector)
                .map_err(|e| self.error(e))?;
            Some(counts.into_facets())
        } else {
            None
        };
        let words = HighlightWords::new(&compiled, searcher, self.fields());
        let copies = !groups.is_empty() && self.holds_copies(searcher)?;
        let mut hits = Vec::with_capacity(groups.len());
        for (i, group) in groups.into_iter().enumerate() {
            let mut members = group.into_iter();
            let Some(best) = members.next() else { continue };
            let stored = self.stored(searcher, best.address)?;
            // Which copy of a story is the searchable one depends on the
            // order files were read in; showing the first place (its id with
            // it) keeps the output the same whichever it was.
            let mut places = self.places_of(searcher, &stored, copies)?.into_iter();
            let mut hit = self.hit(request, i, best.score, stored, &words);
            if let Some(first) = places.next() {
                let listing = &mut hit.listing;
                (listing.id, listing.path, listing.position) =
                    (first.id, first.path, first.position);
            }
            hit.also_at = places.collect();
            for member in members {
                let near = self.stored(searcher, member.address)?;
                let dateline = Dateline::of(&near);
                hit.near_duplicates.push(Listing::new(&near, dateline));
            }
            hits.push(hit);
        }
        let suggestions = self.suggestions(searcher, &compiled.unknown)?;
        Ok(SearchResults {
            query: request.query.clone(),
            total_hits: total.hits,
            total_hits_exact: total.exact,
            more,
            relaxed: false,
            notes: Vec::new(),
            filtered_out: None,
            suggestions,
            facets,
            hits,
        })
    }

    /// Whether any live article matches `query`, found without counting them all.
    fn matches_any(&self, searcher: &Searcher, query: &dyn Query) -> Result<bool> {
        Ok(!self.first_matches(searcher, query, 1)?.is_empty())
    }

    /// The first `n` live articles matching `query`, in the index's order:
    /// found without scoring or counting the others.
    pub(super) fn first_matches(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        n: usize,
    ) -> Result<Vec<DocAddress>> {
        let weight = query
            .weight(EnableScoring::disabled_from_searcher(searcher))
            .map_err(|e| self.error(e))?;
        let mut found = Vec::with_capacity(n);
        if n == 0 {
            return Ok(found);
        }
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let mut docs = weight.scorer(segment, 1.0).map_err(|e| self.error(e))?;
            let mut doc = docs.doc();
            while doc != TERMINATED {
                if segment
                    .alive_bitset()
                    .is_none_or(|alive| alive.is_alive(doc))
                {
                    found.push(DocAddress::new(ord as u32, doc));
                    // Neither the next match nor the next segment is sought.
                    if found.len() == n {
                        return Ok(found);
                    }
                }
                doc = docs.advance();
            }
        }
        Ok(found)
    }

    fn hit(
        &self,
        request: &SearchRequest,
        index: usize,
        score: f32,
        stored: StoredArticle,
        words: &HighlightWords,
    ) -> Hit {
        let article = &stored.article;
        let (title, body) = words.of(Analysis::of_article(
            article.language.as_deref(),
            &article.title,
            &article.body,
        ));
        let title_highlights = title.mark(&article.title);
        let mut snippets = body.passages(&article.body, request.fragments);
        if snippets.is_empty() && request.fragments > 0 && !article.body.trim().is_empty() {
            snippets.push(snippet::opening(&article.body));
        }
        let details = HitDetails {
            title_highlights,
            metadata: Metadata::of(&stored),
        };
        Hit {
            rank: request.offset + index + 1,
            score,
            listing: Listing::new(&stored, details),
            snippets,
            also_at: Vec::new(),
            near_duplicates: Vec::new(),
        }
    }
}

/// What to mark in the hits of one search, prepared once for all of them:
/// a title and a body highlighter per analysis the query was compiled for.
struct HighlightWords {
    by_analysis: Vec<(Analysis, Highlighter, Highlighter)>,
    /// For articles of an analysis the query did not search.
    none: (Highlighter, Highlighter),
}

impl HighlightWords {
    fn new(compiled: &Compiled, searcher: &Searcher, fields: &schema::Fields) -> Self {
        let marks = |field| compiled.highlight.get(&field).cloned().unwrap_or_default();
        // Rarer words weigh more when passages are chosen.
        let total = searcher.num_docs().max(1) as f32;
        let by_analysis = fields
            .texts
            .iter()
            .filter(|t| {
                compiled.highlight.contains_key(&t.title)
                    || compiled.highlight.contains_key(&t.body)
            })
            .map(|t| {
                let rarity = |word: &str| {
                    let freq = searcher
                        .doc_freq(&Term::from_field_text(t.body, word))
                        .unwrap_or(0) as f32;
                    (total / (1.0 + freq)).ln().max(0.0) / total.ln().max(1.0)
                };
                (
                    t.analysis,
                    Highlighter::new(&marks(t.title), t.analysis, |_| 1.0),
                    Highlighter::new(&marks(t.body), t.analysis, rarity),
                )
            })
            .collect();
        let nothing = || Highlighter::new(&Default::default(), Analysis::English, |_| 1.0);
        HighlightWords {
            by_analysis,
            none: (nothing(), nothing()),
        }
    }

    /// The title and body highlighters for an article of `analysis`.
    fn of(&self, analysis: Analysis) -> (&Highlighter, &Highlighter) {
        self.by_analysis
            .iter()
            .find(|(a, _, _)| *a == analysis)
            .map_or((&self.none.0, &self.none.1), |(_, title, body)| {
                (title, body)
            })
    }
}
