//! Searching: a request becomes a compiled query, ranked hits with snippets, and
//! the any-word fallback when no article holds every word.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Serialize, Serializer};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::Field;
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};
use time::Date;

use crate::error::{Error, Result};
use crate::news_index::NewsIndex;
use crate::paths::display_path;
use crate::query::{self, Compiled, Mode};
use crate::schema::{self, StoredArticle};
use crate::snippet::{self, Snippet};

/// Hits per page unless told otherwise.
pub const DEFAULT_LIMIT: usize = 10;

/// What to search for, and which page of results to return.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SearchRequest {
    /// The query, in the syntax the README describes.
    pub query: String,
    /// How many hits to return; 0 only counts them.
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
        }
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
    /// This page of hits, best first.
    pub hits: Vec<Hit>,
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
    /// Passages of the body around the matches (the opening when the body has none).
    pub snippets: Vec<Snippet>,
    /// Other files holding exactly this story (saved twice, syndicated).
    pub also_at: Vec<PathBuf>,
}

impl NewsIndex {
    /// Runs a search. Every word must match; when no article has them all, any
    /// word may, and [`SearchResults::relaxed`] says so.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let searcher = self.reader().searcher();
        let bad = |reason: String| Error::BadQuery {
            query: request.query.clone(),
            reason,
        };
        let fields = self.fields();
        let filters = self.filters(request, &searcher)?;
        let compile = |mode| {
            let mut compiled =
                query::compile(&request.query, mode, fields, &searcher).map_err(bad)?;
            if !filters.is_empty() {
                let mut clauses = vec![(Occur::Must, compiled.query)];
                // Filters narrow the hits without changing their scores.
                clauses.extend(filters.iter().map(|f| {
                    (
                        Occur::Must,
                        Box::new(ConstScoreQuery::new(f.box_clone(), 0.0)) as Box<dyn Query>,
                    )
                }));
                compiled.query = Box::new(BooleanQuery::new(clauses));
            }
            Ok::<_, Error>(compiled)
        };
        let mut compiled = compile(Mode::All)?;
        let mut found = self.run(&searcher, &*compiled.query, request)?;
        let mut relaxed = false;
        if found.0 == 0 && compiled.implicit_clauses >= 2 {
            compiled = compile(Mode::Any)?;
            found = self.run(&searcher, &*compiled.query, request)?;
            relaxed = found.0 > 0;
        }
        let (total_hits, top) = found;
        let words = HighlightWords::new(&compiled, &searcher, fields.title, fields.body);
        let mut found = top
            .into_iter()
            .map(|(score, address)| {
                let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.error(e))?;
                Ok((score, schema::from_document(fields, &doc)))
            })
            .collect::<Result<Vec<_>>>()?;
        // Equal scores would come in index order, which merges change: the path
        // (then the id, for files holding several articles) keeps them stable.
        found.sort_by(|(sa, a), (sb, b)| {
            sb.total_cmp(sa)
                .then_with(|| a.path.cmp(&b.path))
                .then_with(|| a.id.cmp(&b.id))
        });
        let hits = found
            .into_iter()
            .enumerate()
            .map(|(i, (score, stored))| {
                // Which copy of a story is the searchable one depends on the
                // order files were read in; showing the first path keeps the
                // output the same whichever it was.
                let mut places = self.places_of(&searcher, &stored)?.into_iter();
                let mut hit = self.hit(request.offset + i + 1, score, stored, &words);
                if let Some((path, position)) = places.next() {
                    (hit.path, hit.position) = (path, position);
                }
                hit.also_at = places.map(|(path, _)| path).collect();
                Ok(hit)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchResults {
            query: request.query.clone(),
            total_hits,
            relaxed,
            hits,
        })
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
            let compiled =
                query::compile(&text, Mode::All, fields, searcher).map_err(|reason| {
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

    fn run(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        request: &SearchRequest,
    ) -> Result<(usize, Vec<(f32, DocAddress)>)> {
        if request.limit == 0 {
            let count = searcher.search(query, &Count).map_err(|e| self.error(e))?;
            return Ok((count, Vec::new()));
        }
        let top = TopDocs::with_limit(request.limit)
            .and_offset(request.offset)
            .order_by_score();
        searcher
            .search(query, &(Count, top))
            .map_err(|e| self.error(e))
    }

    fn hit(&self, rank: usize, score: f32, stored: StoredArticle, words: &HighlightWords) -> Hit {
        let article = stored.article;
        let title_highlights =
            snippet::mark_words(&article.title, &words.title, schema::analyzer());
        let body_snippet = snippet::best_passage(&article.body, &words.body)
            .unwrap_or_else(|| snippet::opening(&article.body));
        let snippets = if body_snippet.text.is_empty() {
            Vec::new()
        } else {
            vec![body_snippet]
        };
        Hit {
            rank,
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
        }
    }
}

/// What to mark in the hits of one search, prepared once for all of them.
struct HighlightWords {
    title: BTreeSet<String>,
    /// Weights rarer words up when choosing the passage, as tantivy's own
    /// `SnippetGenerator::create` does.
    body: SnippetGenerator,
}

impl HighlightWords {
    fn new(compiled: &Compiled, searcher: &Searcher, title: Field, body: Field) -> Self {
        let words = |field| compiled.highlight.get(&field).cloned().unwrap_or_default();
        let weighted = words(body)
            .into_iter()
            .map(|word| {
                let freq = searcher
                    .doc_freq(&Term::from_field_text(body, &word))
                    .unwrap_or(0);
                (word, 1.0 / (1.0 + freq as f32))
            })
            .collect();
        HighlightWords {
            title: words(title),
            body: snippet::generator(weighted, body),
        }
    }
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
