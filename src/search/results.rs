//! What a search answers: the results, each hit with its passages and the
//! articles collapsed into it; and articles read back whole.
//!
//! Hits, near-duplicates and articles read back share most of their fields.
//! They are declared once, in [`Listing`], [`Dateline`] and [`Metadata`],
//! each flattened into the JSON documents; field access goes through
//! [`Deref`], so `hit.title`, `hit.date` and `article.author` read as if the
//! fields were the value's own.

use std::fmt;
use std::ops::Deref;
use std::path::{Path, PathBuf};

use serde::Serialize;
use time::Date;

use super::facets::Facets;
use super::prepare::QueryNote;
use super::snippet::Snippet;
use crate::paths::{article_place, display_path};
use crate::serialize::serialize_date;
use crate::store::schema::StoredArticle;

/// The answer to a [`SearchRequest`](super::SearchRequest); `search query
/// --json` prints exactly this.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// How many articles match in all, beyond this page too (near-identical
    /// ones each counted, though shown as one hit).
    pub total_hits: usize,
    /// False when `total_hits` is an estimate: a lone common word in an
    /// index with deleted articles is counted from its postings' counts,
    /// scaled by the share of articles still alive, rather than one by one.
    /// Shown as "about 41,000 matches".
    pub total_hits_exact: bool,
    /// Whether hits follow this page: `offset + limit` asks for them.
    pub more: bool,
    /// True when no article held every word and these hits hold any of them.
    pub relaxed: bool,
    /// What in the query was read otherwise than it was written (an
    /// operator with nothing to apply to, left out).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<QueryNote>,
    /// When nothing matches though the words alone would: the filter that
    /// left nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filtered_out: Option<FilteredOut>,
    /// Words of the query the index does not hold, with the indexed words
    /// closest to them.
    pub suggestions: Vec<Suggestion>,
    /// Counts of all matching articles by source and date, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
    /// This page of hits, best first.
    pub hits: Vec<Hit>,
}

/// A filter that left no article of those its query's words match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilteredOut {
    /// The filter as written: `date:2015`, `-brexit`, `--source BBC`.
    pub filter: String,
    /// Articles that match before this filter applies.
    pub matches_without: usize,
}

/// A word of the query that no article holds, and what was perhaps meant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The word as typed (lower-cased).
    pub word: String,
    /// Indexed words close to it, closest first, then most frequent first.
    pub did_you_mean: Vec<String>,
}

/// An indexed article as results list it: which article, where its file is,
/// and its headline; then `T`, the rest that a kind of result shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listing<T> {
    /// Stable id of the article (what `search show` takes).
    pub id: String,
    /// The file, as the user can open it from the current directory.
    pub path: PathBuf,
    /// Where in the file, for files of many articles: the line (NDJSON) or
    /// the item's number (JSON arrays, feeds); 0 when the file is the article.
    pub position: u64,
    /// The headline.
    pub title: String,
    /// What follows the headline.
    #[serde(flatten)]
    pub rest: T,
}

/// When and by which outlet an article was published.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dateline {
    /// Publication date, serialised as `YYYY-MM-DD`.
    #[serde(serialize_with = "serialize_date")]
    pub date: Option<Date>,
    /// The outlet, as the article names it.
    pub source: Option<String>,
}

/// Everything an article states of itself besides its headline and text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// Its date and outlet.
    #[serde(flatten)]
    pub dateline: Dateline,
    /// The byline.
    pub author: Option<String>,
    /// Where the article was published online.
    pub url: Option<String>,
    /// The language it is written in, as an ISO 639-1 code ("de", "zh"):
    /// the one it states, else the one detected; `None` when undetermined.
    pub language: Option<String>,
    /// Keywords or categories the article carries.
    pub tags: Vec<String>,
}

/// One matching article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Position in the whole result list, from 1.
    pub rank: usize,
    /// BM25 relevance; higher is better.
    pub score: f32,
    /// The article, its title's highlights and its metadata.
    #[serde(flatten)]
    pub listing: Listing<HitDetails>,
    /// Passages of the body around the matches, best first (the opening when
    /// the body has none).
    pub snippets: Vec<Snippet>,
    /// Other places holding exactly this story (saved twice, syndicated).
    pub also_at: Vec<Place>,
    /// Near-identical articles collapsed into this hit, best ranked first.
    pub near_duplicates: Vec<NearDuplicate>,
}

/// Another place that holds exactly a hit's story: which article, in which
/// file. It prints as the hit's own place does (`news/dump.ndjson #3`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// Stable id of the article at this place.
    pub id: String,
    /// The file, as the user can open it from the current directory.
    pub path: PathBuf,
    /// Where in the file, as [`Listing::position`] says.
    pub position: u64,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&article_place(&self.path, self.position))
    }
}

/// What a hit shows after its headline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HitDetails {
    /// Byte ranges of matched words within the title.
    pub title_highlights: Vec<(usize, usize)>,
    /// What the article states of itself.
    #[serde(flatten)]
    pub metadata: Metadata,
}

/// An article collapsed into a hit because its text is nearly the hit's.
pub type NearDuplicate = Listing<Dateline>;

/// An article as the index holds it, with the file it came from.
#[derive(Debug, Clone, Serialize)]
pub struct IndexedArticle {
    /// The article and its metadata.
    #[serde(flatten)]
    pub listing: Listing<Metadata>,
    /// The whole text, paragraphs separated by blank lines.
    pub body: String,
}

/// Where a query's words fall in an article, for showing it whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ArticleHighlights {
    /// Byte ranges `[start, end)` of matched words in the title.
    pub title: Vec<(usize, usize)>,
    /// Byte ranges `[start, end)` of matched words in the whole body.
    pub body: Vec<(usize, usize)>,
}

/// Articles read back whole, each with where a query's words fall in it
/// when one was given; `search show --json` prints exactly this.
#[derive(Debug, Clone, Serialize)]
pub struct ShownArticles {
    /// The articles, in their order in the file.
    pub articles: Vec<ShownArticle>,
}

/// One article of [`ShownArticles`].
#[derive(Debug, Clone, Serialize)]
pub struct ShownArticle {
    /// The article.
    #[serde(flatten)]
    pub article: IndexedArticle,
    /// Where the query's words fall in it, when a query was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub highlights: Option<ArticleHighlights>,
}

impl<T> Listing<T> {
    /// How to name this article for people, and for `search show` and
    /// `search similar`: its path, and its number for one of a file of
    /// several (`news/dump.ndjson #3`), as [`article_place`] writes it.
    pub fn place(&self) -> String {
        article_place(&self.path, self.position)
    }

    /// The listing of a stored article, with `rest` after its headline.
    pub(crate) fn new(stored: &StoredArticle, rest: T) -> Self {
        Listing {
            id: stored.id.clone(),
            path: display_path(Path::new(&stored.path)),
            position: stored.position,
            title: stored.article.title.clone(),
            rest,
        }
    }
}

impl Dateline {
    pub(crate) fn of(stored: &StoredArticle) -> Self {
        Dateline {
            date: stored.article.date,
            source: stored.article.source.clone(),
        }
    }
}

impl Metadata {
    pub(crate) fn of(stored: &StoredArticle) -> Self {
        let article = &stored.article;
        Metadata {
            dateline: Dateline::of(stored),
            author: article.author.clone(),
            url: article.url.clone(),
            language: article.language.clone(),
            tags: article.tags.clone(),
        }
    }
}

impl IndexedArticle {
    pub(crate) fn from_stored(stored: StoredArticle) -> Self {
        IndexedArticle {
            listing: Listing::new(&stored, Metadata::of(&stored)),
            body: stored.article.body,
        }
    }
}

impl<T> Deref for Listing<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.rest
    }
}

impl Deref for Metadata {
    type Target = Dateline;

    fn deref(&self) -> &Dateline {
        &self.dateline
    }
}

impl Deref for HitDetails {
    type Target = Metadata;

    fn deref(&self) -> &Metadata {
        &self.metadata
    }
}

impl Deref for Hit {
    type Target = Listing<HitDetails>;

    fn deref(&self) -> &Listing<HitDetails> {
        &self.listing
    }
}

impl Deref for IndexedArticle {
    type Target = Listing<Metadata>;

    fn deref(&self) -> &Listing<Metadata> {
        &self.listing
    }
}
