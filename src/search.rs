//! Searching: a request becomes a compiled query, ranked hits with snippets, and
//! the any-word fallback when no article holds every word.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Serialize, Serializer};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::Query;
use tantivy::schema::Field;
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
}

impl SearchRequest {
    /// A request for the first [`DEFAULT_LIMIT`] hits of `query`.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
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
    pub title: String,
    /// Byte ranges of matched words within `title`.
    pub title_highlights: Vec<(usize, usize)>,
    /// Publication date, serialised as `YYYY-MM-DD`.
    #[serde(serialize_with = "serialize_date")]
    pub date: Option<Date>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// Passages of the body around the matches (the opening when the body has none).
    pub snippets: Vec<Snippet>,
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
        let mut compiled =
            query::compile(&request.query, Mode::All, fields, &searcher).map_err(bad)?;
        let mut found = self.run(&searcher, &*compiled.query, request)?;
        let mut relaxed = false;
        if found.0 == 0 && compiled.implicit_clauses >= 2 {
            compiled = query::compile(&request.query, Mode::Any, fields, &searcher).map_err(bad)?;
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
            .map(|(i, (score, stored))| self.hit(request.offset + i + 1, score, stored, &words))
            .collect();
        Ok(SearchResults {
            query: request.query.clone(),
            total_hits,
            relaxed,
            hits,
        })
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
            title: article.title,
            title_highlights,
            date: article.date,
            source: article.source,
            author: article.author,
            url: article.url,
            snippets,
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

fn serialize_date<S: Serializer>(
    date: &Option<Date>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match date {
        Some(date) => s.collect_str(date),
        None => s.serialize_none(),
    }
}
