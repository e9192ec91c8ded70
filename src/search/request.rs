//! `SearchRequest`: what to search for, with which filters, in which order,
//! and which page of the results.

use serde::Serialize;
use time::Date;

/// Hits per page unless told otherwise.
pub const DEFAULT_LIMIT: usize = 10;
/// Passages per hit unless told otherwise.
pub const DEFAULT_FRAGMENTS: usize = 2;

/// What to search for, and which page of results to return.
///
/// Built from the query text, with a builder method per option; what it
/// leaves unset matches every article.
///
/// ```
/// use news_search::time::{Date, Month};
/// use news_search::{SearchRequest, Sort};
/// # fn main() -> Result<(), news_search::Error> {
/// # let tmp = tempfile::tempdir().unwrap();
/// # let news = tmp.path().join("news");
/// # std::fs::create_dir(&news).unwrap();
/// # let story = |name: &str, text: &str| std::fs::write(news.join(name), text).unwrap();
/// # story("a.txt", "Ports close as storm nears\n\n2024-02-03\nReuters\n\nHigh winds shut three ports on the coast on Saturday, stranding ferries and freight.\n");
/// # story("b.txt", "Storm damage counted\n\n2024-02-05\nBBC\n\nAfter the storm, ports reopened and crews counted the damage to ferries.\n");
/// # story("c.txt", "Budget vote delayed\n\n2023-11-20\nReuters\n\nParliament delayed the budget vote by a week after talks stalled.\n");
/// # let index = news_search::NewsIndex::create(tmp.path().join("index"))?;
/// # index.index_dir(&news)?;
///
/// // Every word must match, in any of its forms ("ports" finds "port").
/// let results = index.search(&SearchRequest::new("storm ports"))?;
/// assert_eq!(results.total_hits, 2);
///
/// // Filters narrow without changing the ranking; the order can be by date.
/// let request = SearchRequest::new("storm")
///     .since(Date::from_calendar_date(2024, Month::February, 1).unwrap())
///     .source("BBC")
///     .sort(Sort::Newest)
///     .limit(5);
/// let results = index.search(&request)?;
/// assert_eq!(results.hits.len(), 1);
/// assert_eq!(results.hits[0].title, "Storm damage counted");
/// assert_eq!(results.hits[0].source.as_deref(), Some("BBC"));
///
/// // A query with a syntax error is refused with the reason.
/// let error = index.search(&SearchRequest::new("\"storm")).unwrap_err();
/// assert!(error.is_user_error());
/// assert!(error.to_string().contains("quote at column 1 is not closed"), "{error}");
/// # Ok(())
/// # }
/// ```
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
    /// Count all matching articles by source, language and month.
    pub facets: bool,
    /// Only articles in these languages (ISO 639-1 codes: `de`, `zh`); the
    /// query is then analysed only as these languages are.
    pub languages: Vec<String>,
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
            languages: Vec::new(),
        }
    }

    /// Keeps articles in any of `languages` (ISO 639-1 codes such as `de`,
    /// or tags such as `pt-BR`), and analyses the query only as they are.
    pub fn languages<S: Into<String>>(mut self, languages: impl IntoIterator<Item = S>) -> Self {
        self.languages = languages.into_iter().map(Into::into).collect();
        self
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

    /// Asks for [`SearchResults::facets`](super::SearchResults::facets).
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
