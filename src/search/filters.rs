//! Filters: the request's (`--since`, `--until`, `--source`, `--author`) as
//! queries that narrow without changing scores; and, when a search finds
//! nothing, which filter, in the query or the request, left nothing.

use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::dates;
use super::languages::{language_filter, AnalysisSet};
use super::query::{self, Mode, Options};
use super::request::SearchRequest;
use super::results::FilteredOut;
use crate::error::{Error, QueryError, Result};
use crate::store::NewsIndex;

impl NewsIndex {
    /// `query` narrowed by the request's filters.
    pub(crate) fn narrowed(
        &self,
        request: &SearchRequest,
        searcher: &Searcher,
        query: Box<dyn Query>,
    ) -> Result<Box<dyn Query>> {
        Ok(filtered(query, &self.filters(request, searcher)?))
    }

    /// The request's filters as queries.
    pub(super) fn filters(
        &self,
        request: &SearchRequest,
        searcher: &Searcher,
    ) -> Result<Vec<Box<dyn Query>>> {
        let named = self.named_filters(request, searcher)?;
        Ok(named.into_iter().map(|(_, query)| query).collect())
    }

    /// The request's filters (dates, source, author), each with the flags
    /// that ask for it.
    fn named_filters(
        &self,
        request: &SearchRequest,
        searcher: &Searcher,
    ) -> Result<Vec<(String, Box<dyn Query>)>> {
        let fields = self.fields();
        let mut filters = Vec::new();
        if let (Some(from), Some(until)) = (request.since, request.until) {
            if from > until {
                return Err(Error::BadQuery {
                    query: format!("--since {from} --until {until}"),
                    reason: QueryError::ReversedDates { from, until },
                });
            }
        }
        if request.since.is_some() || request.until.is_some() {
            let flags = [("--since", request.since), ("--until", request.until)];
            let name = flags
                .iter()
                .filter_map(|(flag, day)| day.map(|day| format!("{flag} {day}")))
                .collect::<Vec<_>>()
                .join(" ");
            let dated = dates::dated_between(fields.date, request.since, request.until);
            filters.push((name, dated));
        }
        if let Some(languages) = language_filter(fields, &request.languages) {
            filters.push((format!("--lang {}", request.languages.join(",")), languages));
        }
        for (field, value) in [("source", &request.source), ("author", &request.author)] {
            let Some(value) = value else { continue };
            // Quoted as a phrase, so "Al Jazeera" needs both words in that order.
            let text = format!("{field}:\"{}\"", value.replace('"', " "));
            let exact = Options {
                fuzzy: false,
                analyses: AnalysisSet::ENGLISH,
                mended: AnalysisSet::EMPTY,
            };
            let name = format!("--{field} {value}");
            let compiled =
                query::compile(&text, Mode::All, exact, fields, searcher).map_err(|reason| {
                    Error::BadQuery {
                        query: name.clone(),
                        reason,
                    }
                })?;
            filters.push((name, compiled.query));
        }
        Ok(filters)
    }

    /// When the request finds nothing though its words alone find articles:
    /// the first of its filters (those in the query, as written, then the
    /// request's) after which nothing is left. `mode` is the loosest reading
    /// of the words the search tried.
    pub(super) fn filter_that_left_nothing(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        mode: Mode,
        options: Options,
    ) -> Result<Option<FilteredOut>> {
        let fields = self.fields();
        let bad = |reason| Error::BadQuery {
            query: request.query.clone(),
            reason,
        };
        let named = self.named_filters(request, searcher)?;
        let narrowing = query::narrowing(
            &request.query,
            mode,
            options,
            fields,
            searcher,
            !named.is_empty(),
        )
        .map_err(bad)?;
        let Some(narrowing) = narrowing else {
            return Ok(None);
        };
        let mut filters: Vec<(String, Occur, Box<dyn Query>)> = narrowing.filters;
        filters.extend(named.into_iter().map(|(name, q)| (name, Occur::Must, q)));
        let count = |q: &dyn Query| searcher.search(q, &Count).map_err(|e| self.error(e));
        // Without words, the filters narrow every searchable article.
        let mut query = narrowing.words.unwrap_or_else(|| {
            let full = Term::from_field_u64(fields.full, 1);
            Box::new(TermQuery::new(full, IndexRecordOption::Basic))
        });
        let mut matches = count(&*query)?;
        if matches == 0 {
            return Ok(None);
        }
        for (filter, occur, narrowing) in filters {
            let narrower: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (occur, narrowing),
            ]));
            let left = count(&*narrower)?;
            if left == 0 {
                return Ok(Some(FilteredOut {
                    filter,
                    matches_without: matches,
                }));
            }
            (query, matches) = (narrower, left);
        }
        Ok(None)
    }
}

/// `query` narrowed by `filters`, which do not change its scores.
pub(super) fn filtered(query: Box<dyn Query>, filters: &[Box<dyn Query>]) -> Box<dyn Query> {
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
