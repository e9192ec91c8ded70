//! The index on disk: `NewsIndex` opened, created and checked, the state kept
//! with each commit, the schema and its analysers, and what is read or
//! rewritten without a query (the known files, statistics, compaction).
//!
//! The indexer (`crate::indexer`) and the search (`crate::search`) build on
//! this module and never on each other; it imports neither.

pub(crate) mod analysis;
mod compact;
mod damage;
pub(crate) mod fingerprint;
pub(crate) mod known;
pub(crate) mod schema;
mod stats;
mod stem_cache;
mod writer;

pub use compact::CompactReport;
pub use schema::SCHEMA_VERSION;
pub use stats::IndexStats;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::error::OpenReadError;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyError};

use self::analysis::register_analyzer;
use self::damage::{check_files, guarded, index_error, remove_index_files};
use self::schema::Fields;
use crate::error::{Error, Result};
use crate::limits::MIN_MEMORY_PER_THREAD;

/// A news index on disk: open it, index folders into it, search it.
///
/// Opening is cheap; keep one `NewsIndex` per process and share it. Searches see
/// the last commit, including commits made through this value.
pub struct NewsIndex {
    path: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

/// What is stored with every commit, so it changes atomically with the articles.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct CommitState {
    pub version: u32,
    pub folders: Vec<PathBuf>,
}

impl NewsIndex {
    /// Opens an existing index; [`Error::IndexNotFound`] when there is none.
    pub fn open(path: impl AsRef<Path>) -> Result<NewsIndex> {
        let path = path.as_ref().to_path_buf();
        if !path.join("meta.json").is_file() {
            // tantivy's list of its files without the commit record: a damaged index.
            if path.join(".managed.json").is_file() {
                let missing = path.join("meta.json");
                return Err(Error::DamagedIndex {
                    path,
                    source: OpenReadError::FileDoesNotExist(missing).into(),
                });
            }
            return Err(Error::IndexNotFound { path });
        }
        let index = Index::open_in_dir(&path).map_err(|source| match source {
            // Permissions and the like are the machine's concern; anything else
            // means the files are not an index this build can read.
            TantivyError::IoError(_) => index_error(&path, source),
            source => Error::DamagedIndex {
                path: path.clone(),
                source,
            },
        })?;
        NewsIndex::from_index(path, index)
    }

    /// Creates a new, empty index at `path` (the folder is created if needed).
    pub fn create(path: impl AsRef<Path>) -> Result<NewsIndex> {
        NewsIndex::create_with_folders(path.as_ref(), Vec::new())
    }

    /// Creates a new index at `path` that lists `folders` but holds nothing yet.
    fn create_with_folders(path: &Path, folders: Vec<PathBuf>) -> Result<NewsIndex> {
        let path = path.to_path_buf();
        std::fs::create_dir_all(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let index = Index::builder()
            .schema(schema::build())
            .settings(schema::settings())
            .create_in_dir(&path)
            .map_err(|e| index_error(&path, e))?;
        register_analyzer(&index);
        // The first commit records the schema version, so every index carries one.
        let mut writer = index
            .writer::<tantivy::TantivyDocument>(MIN_MEMORY_PER_THREAD)
            .map_err(|e| index_error(&path, e))?;
        let state = CommitState {
            version: SCHEMA_VERSION,
            folders,
        };
        let mut commit = writer.prepare_commit().map_err(|e| index_error(&path, e))?;
        commit.set_payload(&state.to_payload());
        commit.commit().map_err(|e| index_error(&path, e))?;
        drop(writer);
        NewsIndex::from_index(path, index)
    }

    /// Opens the index at `path`, creating it when there is none.
    pub fn open_or_create(path: impl AsRef<Path>) -> Result<NewsIndex> {
        match NewsIndex::open(path.as_ref()) {
            Err(Error::IndexNotFound { .. }) => NewsIndex::create(path),
            other => other,
        }
    }

    /// Deletes whatever index is at `path`, compatible or not, and creates an empty
    /// one. Only the files the index itself wrote are removed.
    ///
    /// Prefer [`IndexOptions::rebuild`](crate::IndexOptions::rebuild) on a compatible
    /// index: it replaces the articles in one commit, so an interrupted rebuild
    /// leaves the old index intact.
    pub fn recreate(path: impl AsRef<Path>) -> Result<NewsIndex> {
        NewsIndex::recreate_with_folders(path.as_ref(), Vec::new())
    }

    /// [`recreate`](NewsIndex::recreate), keeping the list of folders the old
    /// index held when its commit record can still be read (an index of an
    /// older schema, say), so that a refresh indexes them afresh: what
    /// `search index --rebuild` without folders asks for.
    pub(crate) fn recreate_keeping_folders(path: &Path) -> Result<NewsIndex> {
        let folders = Index::open_in_dir(path)
            .ok()
            .and_then(|old| CommitState::load(&old).ok().flatten())
            .map(|state| state.folders)
            .unwrap_or_default();
        NewsIndex::recreate_with_folders(path, folders)
    }

    fn recreate_with_folders(path: &Path, folders: Vec<PathBuf>) -> Result<NewsIndex> {
        let path = path.to_path_buf();
        if path.join("meta.json").is_file() || path.join(".managed.json").is_file() {
            // Hold the writer lock while deleting, so a running indexer is not pulled
            // out from under; a meta.json that cannot be read is removed regardless.
            let _writer = match Index::open_in_dir(&path) {
                Ok(old) => Some(
                    old.writer_with_num_threads::<tantivy::TantivyDocument>(
                        1,
                        MIN_MEMORY_PER_THREAD,
                    )
                    .map_err(|e| index_error(&path, e))?,
                ),
                Err(_) => None,
            };
            remove_index_files(&path)?;
        }
        NewsIndex::create_with_folders(&path, folders)
    }

    fn from_index(path: PathBuf, index: Index) -> Result<NewsIndex> {
        let incompatible = |found: String| Error::IncompatibleIndex {
            path: path.clone(),
            found,
            expected: format!("schema {SCHEMA_VERSION}"),
        };
        let state = CommitState::load(&index).map_err(|e| index_error(&path, e))?;
        match state {
            Some(state) if state.version == SCHEMA_VERSION => {}
            Some(state) => return Err(incompatible(format!("schema {}", state.version))),
            // A creation cut short between tantivy's first meta.json and ours:
            // nothing in it, and the schema check below still applies.
            None if never_committed(&index) => {}
            None => return Err(incompatible("an unknown schema".to_owned())),
        }
        if index.schema() != schema::build() {
            return Err(incompatible("a different schema".to_owned()));
        }
        let fields = Fields::from_schema(&index.schema())
            .ok_or_else(|| incompatible("a different schema".to_owned()))?;
        register_analyzer(&index);
        let reader = guarded(&index, &path, || {
            index
                .reader_builder()
                .reload_policy(ReloadPolicy::Manual)
                .try_into()
                .map_err(|e| index_error(&path, e))
        })?;
        Ok(NewsIndex {
            path,
            index,
            reader,
            fields,
        })
    }

    /// Where the index lives, as it was given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folders this index holds articles from (absolute paths).
    pub fn folders(&self) -> Result<Vec<PathBuf>> {
        let state = CommitState::load(&self.index).map_err(|e| index_error(&self.path, e))?;
        Ok(state.map(|s| s.folders).unwrap_or_default())
    }

    /// How many searchable articles the last commit holds (a story saved
    /// twice counts once).
    pub fn num_articles(&self) -> u64 {
        // A count, not the term's document frequency, which includes deleted documents.
        let full = tantivy::Term::from_field_u64(self.fields.full, 1);
        let query = tantivy::query::TermQuery::new(full, tantivy::schema::IndexRecordOption::Basic);
        let count = self
            .reader
            .searcher()
            .search(&query, &tantivy::collector::Count);
        count.map_or(0, |n| n as u64)
    }

    /// Runs a read of the index. tantivy trusts its files' contents once their
    /// footers check out, so a byte changed in place can make it fail in odd
    /// ways or panic; such a failure becomes [`Error::DamagedIndex`] when the
    /// checksums confirm the damage. A panic they do not explain is a bug and
    /// goes on unwinding.
    pub(crate) fn guarded<T>(&self, read: impl FnOnce() -> Result<T>) -> Result<T> {
        guarded(&self.index, &self.path, read)
    }

    /// Verifies the checksum of every file the last commit lists, so that a run
    /// never builds on damaged segments (merging would carry the damage on).
    pub(crate) fn check_files(&self) -> Result<()> {
        check_files(&self.index, &self.path)
    }

    pub(crate) fn tantivy(&self) -> &Index {
        &self.index
    }

    pub(crate) fn reader(&self) -> &IndexReader {
        &self.reader
    }

    pub(crate) fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Maps a tantivy error on this index to ours, naming the index.
    pub(crate) fn error(&self, error: TantivyError) -> Error {
        index_error(&self.path, error)
    }
}

impl CommitState {
    pub(crate) fn load(index: &Index) -> tantivy::Result<Option<CommitState>> {
        let metas = index.load_metas()?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok()))
    }

    pub(crate) fn to_payload(&self) -> String {
        // Serialising a struct of a number and paths cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Whether the index is as `Index::create_in_dir` left it: no commit yet.
fn never_committed(index: &Index) -> bool {
    index
        .load_metas()
        .is_ok_and(|metas| metas.opstamp == 0 && metas.segments.is_empty())
}
