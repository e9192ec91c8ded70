//! Reading articles back whole: one by its id or its file (`search show`), or
//! every searchable article in turn (to export the index, or to compare tools
//! on exactly the text it holds).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use super::languages::AnalysisSet;
use super::query::{self, Mode, Options};
use super::results::{ArticleHighlights, IndexedArticle, Place, ShownArticle, ShownArticles};
use super::snippet::Highlighter;
use crate::error::{Error, Result};
use crate::paths::{article_place, display_path, split_place};
use crate::store::analysis::Analysis;
use crate::store::schema::{self, StoredArticle};
use crate::store::NewsIndex;

/// How a key names articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    /// An id, else a path, else a path and a number.
    Any,
    /// An id only: never read as a path, so the file system is not looked at.
    Id,
}

/// At most this many articles of one file are read back by [`NewsIndex::lookup`].
const MAX_PER_FILE: usize = 10_000;

/// How many of the articles a key names an [`Error::AmbiguousArticle`] lists.
const CHOICES_LISTED: usize = 3;

impl NewsIndex {
    /// Whether the index holds a copy of any story (an article indexed as
    /// held elsewhere): when it holds none, every story is held once, and a
    /// page of hits needs no look-up of each one's other places. Documents
    /// deleted but not yet merged away count too: it may say yes wrongly,
    /// never no.
    pub(super) fn holds_copies(&self, searcher: &Searcher) -> Result<bool> {
        let copies = Term::from_field_u64(self.fields().full, 0);
        Ok(searcher.doc_freq(&copies).map_err(|e| self.error(e))? > 0)
    }

    /// Every place (file, position in it, and the id there) that holds the
    /// story `stored` is, in path order; with `copies` false (see
    /// [`NewsIndex::holds_copies`]), its own place alone.
    pub(super) fn places_of(
        &self,
        searcher: &Searcher,
        stored: &StoredArticle,
        copies: bool,
    ) -> Result<Vec<Place>> {
        const MAX_LISTED: usize = 100;
        let place = |path: &str, position, id| Place {
            id,
            path: display_path(Path::new(path)),
            position,
        };
        let term = Term::from_field_u64(self.fields().content, stored.content);
        // Most stories are held once: the term's document count (which also
        // counts deleted documents, so it can only overstate) says so cheaply.
        if !copies || searcher.doc_freq(&term).map_err(|e| self.error(e))? <= 1 {
            return Ok(vec![place(
                &stored.path,
                stored.position,
                stored.id.clone(),
            )]);
        }
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let top = TopDocs::with_limit(MAX_LISTED).order_by_score();
        let found = searcher.search(&query, &top).map_err(|e| self.error(e))?;
        let mut places =
            BTreeMap::from([((stored.path.clone(), stored.position), stored.id.clone())]);
        for (_, address) in found {
            let copy = self.stored(searcher, address)?;
            places.insert((copy.path, copy.position), copy.id);
        }
        Ok(places
            .into_iter()
            .map(|((path, position), id)| place(&path, position, id))
            .collect())
    }

    /// Marks the words of `query` in `article`, as search hits mark them
    /// (other forms of a word, close words for typos, phrases only where they
    /// stand together, excluded words never).
    pub fn highlights(&self, query: &str, article: &IndexedArticle) -> Result<ArticleHighlights> {
        self.guarded(|| self.highlights_unguarded(query, article))
    }

    fn highlights_unguarded(
        &self,
        query: &str,
        article: &IndexedArticle,
    ) -> Result<ArticleHighlights> {
        let searcher = self.reader().searcher();
        let fields = self.fields();
        // The article's own analysis: its words as its language reads them.
        let text = fields.of(Analysis::of_article(
            article.language.as_deref(),
            &article.title,
            &article.body,
        ));
        // Its typos mended as a search mends them: only in a language the
        // index holds enough of.
        let options = Options {
            fuzzy: true,
            analyses: AnalysisSet::of(text.analysis),
            mended: AnalysisSet::for_search(&searcher, fields, &[]).mended,
        };
        let compiled =
            query::compile(query, Mode::All, options, fields, &searcher).map_err(|reason| {
                Error::BadQuery {
                    query: query.to_owned(),
                    reason,
                }
            })?;
        let mark = |field, words: &str| {
            let marks = compiled.highlight.get(&field).cloned().unwrap_or_default();
            Highlighter::new(&marks, text.analysis, |_| 1.0).mark(words)
        };
        Ok(ArticleHighlights {
            title: mark(text.title, &article.title),
            body: mark(text.body, &article.body),
        })
    }

    /// The articles `key` names, as [`lookup`](NewsIndex::lookup) finds
    /// them, each with where the words of `query` fall in it when one is
    /// given: what `search show` shows.
    pub fn show(&self, key: &str, query: Option<&str>) -> Result<ShownArticles> {
        self.shown(self.lookup(key)?, query)
    }

    /// [`show`](NewsIndex::show) for an id alone: `id` is never read as a
    /// path, so nothing outside the index is looked at (what a server
    /// answering other people's requests needs).
    pub fn show_id(&self, id: &str, query: Option<&str>) -> Result<ShownArticles> {
        let found = self.guarded(|| {
            let searcher = self.reader().searcher();
            self.stored_by(&searcher, id, Key::Id)?
                .into_iter()
                .map(|stored| self.with_text(&searcher, stored))
                .map(|stored| stored.map(IndexedArticle::from_stored))
                .collect()
        })?;
        self.shown(found, query)
    }

    fn shown(&self, found: Vec<IndexedArticle>, query: Option<&str>) -> Result<ShownArticles> {
        let articles = found
            .into_iter()
            .map(|article| {
                let highlights = match query {
                    Some(query) => Some(self.highlights(query, &article)?),
                    None => None,
                };
                Ok(ShownArticle {
                    article,
                    highlights,
                })
            })
            .collect::<Result<_>>()?;
        Ok(ShownArticles { articles })
    }

    /// The articles `key` names: the one whose id it is; or else every
    /// article of the file at that path (relative to the current directory
    /// or absolute), in their order in the file; or else, for a path and a
    /// number as hits print them (`news/dump.ndjson #3`, also without the
    /// space), that one article of the file. A copy of a story indexed
    /// elsewhere is read from there, keeping this file's path and position.
    ///
    /// Fails with [`Error::ArticleNotFound`] when nothing matches.
    pub fn lookup(&self, key: &str) -> Result<Vec<IndexedArticle>> {
        self.guarded(|| {
            let searcher = self.reader().searcher();
            self.stored_by_key(&searcher, key)?
                .into_iter()
                .map(|stored| self.with_text(&searcher, stored))
                .map(|stored| stored.map(IndexedArticle::from_stored))
                .collect()
        })
    }

    /// The one article `key` names, as [`lookup`](NewsIndex::lookup) finds
    /// it. A key that names several (the path of a file of several articles,
    /// or an id two indexed folders of the same name share) fails with
    /// [`Error::AmbiguousArticle`], which says how to name the first few.
    pub fn lookup_one(&self, key: &str) -> Result<IndexedArticle> {
        self.lookup_one_by(key, Key::Any)
    }

    /// [`lookup_one`](NewsIndex::lookup_one), reading `key` as `kind` says.
    pub(super) fn lookup_one_by(&self, key: &str, kind: Key) -> Result<IndexedArticle> {
        self.guarded(|| {
            let searcher = self.reader().searcher();
            let mut found = self.stored_by(&searcher, key, kind)?;
            if found.len() == 1 {
                let stored = self.with_text(&searcher, found.remove(0))?;
                return Ok(IndexedArticle::from_stored(stored));
            }
            let count = match found.len() {
                MAX_PER_FILE => self.count_in_file(&searcher, &found[0].path)?,
                n => n,
            };
            let choices = found.iter().take(CHOICES_LISTED);
            Err(Error::AmbiguousArticle {
                key: key.to_owned(),
                count,
                choices: choices
                    .map(|s| article_place(&display_path(Path::new(&s.path)), s.position))
                    .collect(),
            })
        })
    }

    /// The stored articles `key` names (see [`lookup`](NewsIndex::lookup)),
    /// in path and position order; at least one.
    fn stored_by_key(&self, searcher: &Searcher, key: &str) -> Result<Vec<StoredArticle>> {
        self.stored_by(searcher, key, Key::Any)
    }

    fn stored_by(&self, searcher: &Searcher, key: &str, kind: Key) -> Result<Vec<StoredArticle>> {
        let by_id = Term::from_field_text(self.fields().id, key);
        let mut found = self.stored_by_term(searcher, by_id)?;
        if found.is_empty() && kind == Key::Any {
            found = self.stored_by_path(searcher, key)?;
        }
        let by_place = found.is_empty() && kind == Key::Any;
        if let (true, Some((path, position))) = (by_place, split_place(key)) {
            found = self.stored_by_path(searcher, path)?;
            found.retain(|s| s.position == position);
        }
        if found.is_empty() {
            return Err(Error::ArticleNotFound {
                key: key.to_owned(),
                index: self.path().to_path_buf(),
            });
        }
        found.sort_by(|a, b| (&a.path, a.position).cmp(&(&b.path, b.position)));
        Ok(found)
    }

    /// The stored articles of the indexed file at `path`.
    fn stored_by_path(&self, searcher: &Searcher, path: &str) -> Result<Vec<StoredArticle>> {
        for candidate in path_keys(path) {
            let term = Term::from_field_text(self.fields().path, &candidate);
            let found = self.stored_by_term(searcher, term)?;
            if !found.is_empty() {
                return Ok(found);
            }
        }
        Ok(Vec::new())
    }

    /// How many articles the file with path key `key` holds.
    fn count_in_file(&self, searcher: &Searcher, key: &str) -> Result<usize> {
        let term = Term::from_field_text(self.fields().path, key);
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        searcher.search(&query, &Count).map_err(|e| self.error(e))
    }

    /// Every searchable article, one at a time (a story saved twice comes once).
    /// The order is the index's own, which merges may change.
    pub fn articles(&self) -> impl Iterator<Item = Result<IndexedArticle>> + '_ {
        let searcher = self.reader().searcher();
        let addresses = self.guarded(|| {
            Ok(searcher
                .segment_readers()
                .iter()
                .enumerate()
                .flat_map(|(ord, segment)| {
                    let full = segment.fast_fields().u64(schema::FULL).ok();
                    (0..segment.max_doc())
                        .filter(move |d| !segment.is_deleted(*d))
                        .filter(move |d| full.as_ref().and_then(|f| f.first(*d)) == Some(1))
                        .map(move |d| DocAddress::new(ord as u32, d))
                })
                .collect::<Vec<_>>())
        });
        // A damaged index yields its error once, then nothing.
        let (addresses, failure) = match addresses {
            Ok(addresses) => (addresses, None),
            Err(e) => (Vec::new(), Some(Err(e))),
        };
        failure
            .into_iter()
            .chain(addresses.into_iter().map(move |address| {
                self.guarded(|| {
                    Ok(IndexedArticle::from_stored(
                        self.stored(&searcher, address)?,
                    ))
                })
            }))
    }

    /// The stored documents holding `term`, at most [`MAX_PER_FILE`].
    pub(crate) fn stored_by_term(
        &self,
        searcher: &Searcher,
        term: Term,
    ) -> Result<Vec<StoredArticle>> {
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let top = TopDocs::with_limit(MAX_PER_FILE).order_by_score();
        let found = searcher.search(&query, &top).map_err(|e| self.error(e))?;
        found
            .into_iter()
            .map(|(_, address)| self.stored(searcher, address))
            .collect()
    }

    /// A copy keeps only its place; its text comes from the searchable
    /// article with the same content.
    fn with_text(&self, searcher: &Searcher, mut stored: StoredArticle) -> Result<StoredArticle> {
        if !stored.article.title.is_empty() || !stored.article.body.is_empty() {
            return Ok(stored);
        }
        let same = Term::from_field_u64(self.fields().content, stored.content);
        let original = self
            .stored_by_term(searcher, same)?
            .into_iter()
            .find(|s| !s.article.title.is_empty() || !s.article.body.is_empty());
        if let Some(original) = original {
            stored.article = original.article;
        }
        Ok(stored)
    }
}

/// The path keys `key` may stand for: as given when absolute, else under the
/// current directory; the canonical form too when the file still exists.
fn path_keys(key: &str) -> Vec<String> {
    let path = Path::new(key);
    let mut keys = Vec::new();
    if let Ok(canonical) = std::fs::canonicalize(path) {
        keys.extend(schema::path_key(&canonical).map(str::to_owned));
    }
    let absolute = if path.is_absolute() {
        Some(path.to_path_buf())
    } else {
        std::env::current_dir().ok().map(|cwd| cwd.join(path))
    };
    if let Some(absolute) = absolute {
        let normal: PathBuf = absolute.components().collect();
        keys.extend(schema::path_key(&normal).map(str::to_owned));
    }
    keys.dedup();
    keys
}
