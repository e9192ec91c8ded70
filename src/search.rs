//! Searching: a request becomes a compiled query, ranked hits with snippets, and
//! the any-word fallback when no article holds every word.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::{Serialize, Serializer};
use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader, TantivyDocument, Term};
use time::Date;

use crate::collapse::{self, Ranked, SimHashes};
use crate::error::{Error, Result};
use crate::facets::{FacetCollector, Facets};
use crate::fuzzy::Neighbour;
use crate::limits::MAX_PAGE_END;
use crate::news_index::NewsIndex;
use crate::paths::display_path;
use crate::query::{self, Compiled, Marks, Mode, Options};
use crate::schema::{self, StoredArticle};
use crate::snippet::{self, Highlighter, Snippet};

/// Hits per page unless told otherwise.
pub const DEFAULT_LIMIT: usize = 10;
/// Passages per hit unless told otherwise.
pub const DEFAULT_FRAGMENTS: usize = 2;
/// At most this many words are suggested for one unknown word.
const MAX_SUGGESTIONS: usize = 3;

/// What to search for, and which page of results to return.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SearchRequest {
    /// The query, in the syntax the README describes.
    pub query: String,
    /// How many hits to return; 0 only counts them. `offset + limit` may not
    /// exceed [`MAX_PAGE_END`](crate::limits::MAX_PAGE_END).
    pub limit: usize,
    /// How many of the best hits to skip first.
    pub offset: usize,
    /// Only articles dated on or after this day.
    pub since: Option<Date>,
    /// Only articles dated on or before this day.
    pub until: Option<Date>,
    /// Only articles from this source (all its words, in order: "Al Jazeera").
    pub source: Option<String>,
    /// Only articles by this author (all the words of the name, in order).
    pub author: Option<String>,
    /// Match only the words as typed (with their other forms): no typo tolerance.
    pub exact: bool,
    /// Passages of the body to show per hit, best first.
    pub fragments: usize,
    /// The order of the hits.
    pub sort: Sort,
    /// Show near-identical articles as one hit (the best ranked), listing
    /// the others under it.
    pub collapse: bool,
    /// Count all matching articles by source and by month.
    pub facets: bool,
}

/// The order of search hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Latest publication date first (undated articles last), best match
    /// first within a day.
    Newest,
    /// Earliest publication date first (undated articles last).
    Oldest,
}

impl SearchRequest {
    /// A request for the first [`DEFAULT_LIMIT`] hits of `query`.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            limit: DEFAULT_LIMIT,
            offset: 0,
            since: None,
            until: None,
            source: None,
            author: None,
            exact: false,
            fragments: DEFAULT_FRAGMENTS,
            sort: Sort::Relevance,
            collapse: true,
            facets: false,
        }
    }

    /// Sets the order of the hits.
    pub fn sort(mut self, sort: Sort) -> Self {
        self.sort = sort;
        self
    }

    /// Turns collapsing of near-identical articles on (the default) or off.
    pub fn collapse(mut self, collapse: bool) -> Self {
        self.collapse = collapse;
        self
    }

    /// Asks for [`SearchResults::facets`].
    pub fn facets(mut self, facets: bool) -> Self {
        self.facets = facets;
        self
    }

    /// Turns typo tolerance off (`exact`) or on.
    pub fn exact(mut self, exact: bool) -> Self {
        self.exact = exact;
        self
    }

    /// Sets how many passages each hit shows.
    pub fn fragments(mut self, fragments: usize) -> Self {
        self.fragments = fragments;
        self
    }

    /// Keeps articles dated from `since` (inclusive); undated articles drop out.
    pub fn since(mut self, since: Date) -> Self {
        self.since = Some(since);
        self
    }

    /// Keeps articles dated up to `until` (inclusive); undated articles drop out.
    pub fn until(mut self, until: Date) -> Self {
        self.until = Some(until);
        self
    }

    /// Keeps articles whose source is `source`.
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Keeps articles whose author is `author`.
    pub fn author(mut self, author: impl Into<String>) -> Self {
        self.author = Some(author.into());
        self
    }

    /// Sets how many hits to return.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// Sets how many hits to skip.
    pub fn offset(mut self, offset: usize) -> Self {
        self.offset = offset;
        self
    }
}

/// The answer to a [`SearchRequest`]; `search query --json` prints exactly this.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// How many articles match in all, beyond this page too.
    pub total_hits: usize,
    /// True when no article held every word and these hits hold any of them.
    pub relaxed: bool,
    /// Words of the query the index does not hold, with the indexed words
    /// closest to them.
    pub suggestions: Vec<Suggestion>,
    /// Counts of all matching articles by source and date, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
    /// This page of hits, best first.
    pub hits: Vec<Hit>,
}

/// A word of the query that no article holds, and what was perhaps meant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The word as typed (lower-cased).
    pub word: String,
    /// Indexed words close to it, closest first, then most frequent first.
    pub did_you_mean: Vec<String>,
}

/// One matching article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Position in the whole result list, from 1.
    pub rank: usize,
    /// BM25 relevance; higher is better.
    pub score: f32,
    /// Stable id of the article.
    pub id: String,
    /// The file, as the user can open it from the current directory.
    pub path: PathBuf,
    /// Where in the file, for files of many articles: the line (NDJSON) or
    /// the item's number (JSON arrays, feeds); 0 when the file is the article.
    pub position: u64,
    /// The headline.
    pub title: String,
    /// Byte ranges of matched words within `title`.
    pub title_highlights: Vec<(usize, usize)>,
    /// Publication date, serialised as `YYYY-MM-DD`.
    #[serde(serialize_with = "serialize_date")]
    pub date: Option<Date>,
    /// The outlet, as the article names it.
    pub source: Option<String>,
    /// The byline.
    pub author: Option<String>,
    /// Where the article was published online.
    pub url: Option<String>,
    /// The language the article states (BCP 47, "en-GB").
    pub language: Option<String>,
    /// Keywords or categories the article carries.
    pub tags: Vec<String>,
    /// Passages of the body around the matches, best first (the opening when
    /// the body has none).
    pub snippets: Vec<Snippet>,
    /// Other files holding exactly this story (saved twice, syndicated).
    pub also_at: Vec<PathBuf>,
    /// Near-identical articles collapsed into this hit, best ranked first.
    pub near_duplicates: Vec<NearDuplicate>,
}

/// An article collapsed into a hit because its text is nearly the hit's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NearDuplicate {
    /// Stable id of the article.
    pub id: String,
    /// The file, as the user can open it from the current directory.
    pub path: PathBuf,
    /// Where in the file (see [`Hit::position`]).
    pub position: u64,
    /// Its headline.
    pub title: String,
    /// Its publication date.
    #[serde(serialize_with = "serialize_date")]
    pub date: Option<Date>,
    /// Its outlet.
    pub source: Option<String>,
}

impl NewsIndex {
    /// Runs a search. Every word must match; when no article has them all, any
    /// word may, and [`SearchResults::relaxed`] says so.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.guarded(|| self.search_unguarded(request))
    }

    fn search_unguarded(&self, request: &SearchRequest) -> Result<SearchResults> {
        let searcher = self.reader().searcher();
        let bad = |reason: String| Error::BadQuery {
            query: request.query.clone(),
            reason,
        };
        let fields = self.fields();
        let filters = self.filters(request, &searcher)?;
        let options = Options {
            fuzzy: !request.exact,
        };
        let compile = |mode| {
            let mut compiled =
                query::compile(&request.query, mode, options, fields, &searcher).map_err(bad)?;
            compiled.query = filtered(compiled.query, &filters);
            Ok::<_, Error>(compiled)
        };
        let mut compiled = compile(Mode::All)?;
        let mut relaxed = false;
        let count = |q: &dyn Query| searcher.search(q, &Count).map_err(|e| self.error(e));
        if compiled.implicit_clauses >= 2 && count(&*compiled.query)? == 0 {
            let any = compile(Mode::Any)?;
            relaxed = count(&*any.query)? > 0;
            if relaxed {
                compiled = any;
            }
        }
        let mut results = self.execute(&searcher, compiled, request, None)?;
        results.relaxed = relaxed;
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
        let (total_hits, groups) = self.rank(searcher, query, request, exclude)?;
        let facets = if request.facets {
            let counts = searcher
                .search(query, &FacetCollector)
                .map_err(|e| self.error(e))?;
            Some(counts.into_facets())
        } else {
            None
        };
        let words = HighlightWords::new(&compiled, searcher, self.fields());
        let mut hits = Vec::with_capacity(groups.len());
        for (i, group) in groups.into_iter().enumerate() {
            let mut members = group.into_iter();
            let Some(best) = members.next() else { continue };
            let stored = self.stored_at(searcher, best.address)?;
            // Which copy of a story is the searchable one depends on the
            // order files were read in; showing the first path keeps the
            // output the same whichever it was.
            let mut places = self.places_of(searcher, &stored)?.into_iter();
            let mut hit = self.hit(request, i, best.score, stored, &words);
            if let Some((path, position)) = places.next() {
                (hit.path, hit.position) = (path, position);
            }
            hit.also_at = places.map(|(path, _)| path).collect();
            for member in members {
                let near = self.stored_at(searcher, member.address)?;
                hit.near_duplicates.push(NearDuplicate {
                    id: near.id,
                    path: display_path(Path::new(&near.path)),
                    position: near.position,
                    title: near.article.title,
                    date: near.article.date,
                    source: near.article.source,
                });
            }
            hits.push(hit);
        }
        let suggestions = self.suggestions(searcher, &compiled.unknown)?;
        Ok(SearchResults {
            query: request.query.clone(),
            total_hits,
            relaxed: false,
            suggestions,
            facets,
            hits,
        })
    }

    /// The matching count and this page's hits, each a group of
    /// near-identical articles (one article when not collapsing).
    fn rank(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        request: &SearchRequest,
        exclude: Option<u64>,
    ) -> Result<(usize, Vec<Vec<Ranked>>)> {
        const MAX_CANDIDATES: usize = 5_000;
        let wanted = request.offset.saturating_add(request.limit);
        let total = searcher.search(query, &Count).map_err(|e| self.error(e))?;
        if request.limit == 0 || total == 0 {
            return Ok((total, Vec::new()));
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
                let page = groups
                    .into_iter()
                    .skip(request.offset)
                    .take(request.limit)
                    .collect();
                return Ok((total, page));
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

    /// `query` narrowed by the request's filters.
    pub(crate) fn narrowed(
        &self,
        request: &SearchRequest,
        searcher: &Searcher,
        query: Box<dyn Query>,
    ) -> Result<Box<dyn Query>> {
        Ok(filtered(query, &self.filters(request, searcher)?))
    }

    /// The request's filters (dates, source, author) as queries.
    fn filters(&self, request: &SearchRequest, searcher: &Searcher) -> Result<Vec<Box<dyn Query>>> {
        let fields = self.fields();
        let mut filters = Vec::new();
        if request.since.is_some() || request.until.is_some() {
            filters.push(query::dated_between(
                fields.date,
                request.since,
                request.until,
            ));
        }
        for (field, value) in [("source", &request.source), ("author", &request.author)] {
            let Some(value) = value else { continue };
            // Quoted as a phrase, so "Al Jazeera" needs both words in that order.
            let text = format!("{field}:\"{}\"", value.replace('"', " "));
            let exact = Options { fuzzy: false };
            let compiled =
                query::compile(&text, Mode::All, exact, fields, searcher).map_err(|reason| {
                    Error::BadQuery {
                        query: format!("--{field} {value}"),
                        reason,
                    }
                })?;
            filters.push(compiled.query);
        }
        Ok(filters)
    }

    /// Every file (and position in it) that holds the story `stored` is, in
    /// path order.
    fn places_of(
        &self,
        searcher: &Searcher,
        stored: &StoredArticle,
    ) -> Result<Vec<(PathBuf, u64)>> {
        const MAX_LISTED: usize = 100;
        let here = (display_path(Path::new(&stored.path)), stored.position);
        let term = Term::from_field_u64(self.fields().content, stored.content);
        // Most stories are held once: the term's document count (which also
        // counts deleted documents, so it can only overstate) says so cheaply.
        if searcher.doc_freq(&term).map_err(|e| self.error(e))? <= 1 {
            return Ok(vec![here]);
        }
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let top = TopDocs::with_limit(MAX_LISTED).order_by_score();
        let found = searcher.search(&query, &top).map_err(|e| self.error(e))?;
        let mut places = BTreeSet::from([(stored.path.clone(), stored.position)]);
        for (_, address) in found {
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.error(e))?;
            let copy = schema::from_document(self.fields(), &doc);
            places.insert((copy.path, copy.position));
        }
        let places = places.into_iter();
        Ok(places
            .map(|(p, n)| (display_path(Path::new(&p)), n))
            .collect())
    }

    /// The unknown words with the words the user perhaps meant, as written
    /// in the articles (the index holds stems: "govern" reads "government").
    fn suggestions(
        &self,
        searcher: &Searcher,
        unknown: &[(String, Vec<Neighbour>)],
    ) -> Result<Vec<Suggestion>> {
        unknown
            .iter()
            .map(|(word, close)| {
                let mut did_you_mean = Vec::new();
                for n in close.iter().take(MAX_SUGGESTIONS) {
                    let written = self.written_form(searcher, &n.stem, word)?;
                    if !did_you_mean.contains(&written) && written != *word {
                        did_you_mean.push(written);
                    }
                }
                Ok(Suggestion {
                    word: word.clone(),
                    did_you_mean,
                })
            })
            .collect()
    }

    /// How the articles that hold the word whose stem is `stem` write it,
    /// lower-cased: the form closest to what was `typed`, then the most
    /// frequent ("negotiatons" reads "negotiations", not "negotiated"). A few
    /// articles are read, no more.
    fn written_form(&self, searcher: &Searcher, stem: &str, typed: &str) -> Result<String> {
        const ARTICLES_READ: usize = 3;
        let term = Term::from_field_text(self.fields().text(), stem);
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let top = TopDocs::with_limit(ARTICLES_READ).order_by_score();
        let found = searcher.search(&query, &top).map_err(|e| self.error(e))?;
        let mut forms: HashMap<String, usize> = HashMap::new();
        let marks = Marks {
            words: BTreeSet::from([stem.to_owned()]),
            phrases: Vec::new(),
        };
        for (_, address) in found {
            let stored = self.stored_at(searcher, address)?;
            let text = format!("{}\n{}", stored.article.title, stored.article.body);
            let scanned =
                &text[..snippet::floor_boundary(&text, snippet::SCAN_BYTES.min(text.len()))];
            for (start, end) in Highlighter::new(&marks, |_| 1.0).mark(scanned) {
                *forms.entry(scanned[start..end].to_lowercase()).or_default() += 1;
            }
        }
        let best = forms.into_iter().min_by(|a, b| {
            let distance = |form: &str| strsim::osa_distance(form, typed);
            distance(&a.0)
                .cmp(&distance(&b.0))
                .then(b.1.cmp(&a.1))
                .then_with(|| a.0.cmp(&b.0))
        });
        Ok(best.map_or_else(|| stem.to_owned(), |(form, _)| form))
    }

    fn hit(
        &self,
        request: &SearchRequest,
        index: usize,
        score: f32,
        stored: StoredArticle,
        words: &HighlightWords,
    ) -> Hit {
        let article = stored.article;
        let title_highlights = words.title.mark(&article.title);
        let mut snippets = words.body.passages(&article.body, request.fragments);
        if snippets.is_empty() && request.fragments > 0 && !article.body.trim().is_empty() {
            snippets.push(snippet::opening(&article.body));
        }
        Hit {
            rank: request.offset + index + 1,
            score,
            id: stored.id,
            path: display_path(Path::new(&stored.path)),
            position: stored.position,
            title: article.title,
            title_highlights,
            date: article.date,
            source: article.source,
            author: article.author,
            url: article.url,
            language: article.language,
            tags: article.tags,
            snippets,
            also_at: Vec::new(),
            near_duplicates: Vec::new(),
        }
    }
}

/// What to mark in the hits of one search, prepared once for all of them.
struct HighlightWords {
    title: Highlighter,
    body: Highlighter,
}

impl HighlightWords {
    fn new(compiled: &Compiled, searcher: &Searcher, fields: &schema::Fields) -> Self {
        let marks = |field| compiled.highlight.get(&field).cloned().unwrap_or_default();
        // Rarer words weigh more when passages are chosen.
        let total = searcher.num_docs().max(1) as f32;
        let rarity = |word: &str| {
            let freq = searcher
                .doc_freq(&Term::from_field_text(fields.body, word))
                .unwrap_or(0) as f32;
            (total / (1.0 + freq)).ln().max(0.0) / total.ln().max(1.0)
        };
        HighlightWords {
            title: Highlighter::new(&marks(fields.title), |_| 1.0),
            body: Highlighter::new(&marks(fields.body), rarity),
        }
    }
}

/// `query` narrowed by `filters`, which do not change its scores.
fn filtered(query: Box<dyn Query>, filters: &[Box<dyn Query>]) -> Box<dyn Query> {
    if filters.is_empty() {
        return query;
    }
    let mut clauses = vec![(Occur::Must, query)];
    clauses.extend(filters.iter().map(|f| {
        (
            Occur::Must,
            Box::new(ConstScoreQuery::new(f.box_clone(), 0.0)) as Box<dyn Query>,
        )
    }));
    Box::new(BooleanQuery::new(clauses))
}

/// A date as `YYYY-MM-DD`, or null.
pub(crate) fn serialize_date<S: Serializer>(
    date: &Option<Date>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match date {
        Some(date) => s.collect_str(date),
        None => s.serialize_none(),
    }
}
