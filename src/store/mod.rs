//! The index on disk: `NewsIndex` opened, created and checked, the state kept
//! with each commit, the schema and its analysers, and what is read or
//! rewritten without a query (the known files, statistics, compaction).
//!
//! The indexer (`crate::indexer`) and the search (`crate::search`) build on
//! this module and never on each other; it imports neither.

pub(crate) mod analysis;
mod cjk;
mod compact;
mod damage;
pub(crate) mod fingerprint;
pub(crate) mod known;
mod pages;
mod place;
mod record;
pub(crate) mod schema;
pub(crate) mod stats;
mod stem_cache;
mod writer;

pub use compact::CompactReport;
pub use schema::SCHEMA_VERSION;
pub use stats::IndexStats;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tantivy::directory::error::OpenReadError;
use tantivy::error::DataCorruption;
use tantivy::{
    DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, TantivyError,
};

pub(crate) use self::place::Creation;

use self::analysis::register_analyzer;
use self::damage::{check_files, guarded, index_error};
use self::place::{Place, META};
use self::record::Records;
use self::schema::{Fields, StoredArticle};
use crate::error::{Error, Occupant, Result};
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
    /// Packs and unpacks what a hit shows (see `record`).
    records: Records,
    /// Set while an index created for a run has not had its first commit.
    creation: Mutex<Option<Creation>>,
    /// The segments a run is writing, which the merge policy leaves alone.
    hold: writer::Hold,
}

/// Keeps a [`NewsIndex::watch_commits`] callback called; dropping it stops them.
#[must_use = "the callback is no longer called once this is dropped"]
pub struct CommitWatch {
    _handle: tantivy::directory::WatchHandle,
}

impl std::fmt::Debug for CommitWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CommitWatch")
    }
}

/// What is stored with every commit, so it changes atomically with the articles.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct CommitState {
    pub version: u32,
    /// The folders (and files named on their own) the index holds.
    pub folders: Vec<PathBuf>,
    /// The hash of the source aliases the folders were read with (0: none).
    #[serde(default, skip_serializing_if = "no_aliases")]
    pub aliases: u64,
    /// How each of them was walked, when not as by default: a refresh walks
    /// them the same way, or it would drop or add files. Absent in the
    /// records of earlier versions, which walked every folder by default.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub walks: BTreeMap<PathBuf, WalkRecord>,
}

fn no_aliases(hash: &u64) -> bool {
    *hash == 0
}

/// How a folder is walked, as the run that named it asked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct WalkRecord {
    /// Hidden files and folders are walked too.
    #[serde(default)]
    pub hidden: bool,
    /// `.gitignore`, `.ignore` and `.searchignore` files are not read.
    #[serde(default)]
    pub no_ignore: bool,
    /// Globs that include (`*.md`) or exclude (`!drafts/**`), as ripgrep's `--glob`.
    #[serde(default)]
    pub globs: Vec<String>,
    /// The path is a file indexed on its own: a refresh reads it alone, not
    /// the rest of its folder.
    #[serde(default)]
    pub file: bool,
}

impl NewsIndex {
    /// Opens an existing index; [`Error::IndexNotFound`] when there is none,
    /// [`Error::NotAnIndex`] when the path holds something else.
    pub fn open(path: impl AsRef<Path>) -> Result<NewsIndex> {
        let path = path.as_ref().to_path_buf();
        if place::inspect(&path)? == Place::Free {
            return Err(Error::IndexNotFound { path });
        }
        if !path.join(META).is_file() {
            // tantivy's list of its files without the commit record: a creation
            // cut short when nothing else was written, else a damaged index.
            if place::only_hidden_files(&path) {
                return Err(Error::IndexNotFound { path });
            }
            let missing = path.join(META);
            return Err(Error::DamagedIndex {
                path,
                source: OpenReadError::FileDoesNotExist(missing).into(),
            });
        }
        let index = Index::open_in_dir(&path).map_err(|source| {
            let error = match source {
                // Permissions and the like are the machine's concern; anything
                // else means the files are not an index this build can read.
                TantivyError::IoError(_) => index_error(&path, source),
                source => Error::DamagedIndex {
                    path: path.clone(),
                    source,
                },
            };
            match error {
                Error::DamagedIndex { .. } if !place::has_file_list(&path) => {
                    place::not_an_index(&path, Occupant::OtherFiles)
                }
                error => error,
            }
        })?;
        NewsIndex::from_index(path, index)
    }

    /// Creates a new, empty index at `path`: a folder that does not exist
    /// yet (it is made) or is empty. Anything else there is left alone.
    pub fn create(path: impl AsRef<Path>) -> Result<NewsIndex> {
        let path = path.as_ref();
        match NewsIndex::open(path) {
            Err(Error::IndexNotFound { .. }) => {
                NewsIndex::create_holding(path, CommitState::default()).map(NewsIndex::forgetting)
            }
            // Someone else's files are refused as such; an index of ours stays.
            Err(error @ (Error::NotAnIndex { .. } | Error::IndexAccess { .. })) => Err(error),
            _ => Err(Error::IndexExists {
                path: path.to_path_buf(),
            }),
        }
    }

    /// Creates an index whose first commit records `recorded` (its folders
    /// and how they are walked), remembering
    /// what it made so that [`NewsIndex::take_back_creation`] can undo it.
    /// A creation that fails part way is undone at once, so the caller has
    /// made sure that nothing but an index of ours was there.
    pub(crate) fn create_holding(path: &Path, recorded: CommitState) -> Result<NewsIndex> {
        let creation = Creation::new(place::first_missing(path));
        let created = NewsIndex::create_in(path, recorded);
        match created {
            Ok(index) => {
                index.remember_creation(creation);
                Ok(index)
            }
            Err(error) => {
                creation.take_back(path);
                Err(error)
            }
        }
    }

    fn create_in(path: &Path, recorded: CommitState) -> Result<NewsIndex> {
        let path = path.to_path_buf();
        std::fs::create_dir_all(&path).map_err(|source| Error::IndexAccess {
            path: path.clone(),
            writing: true,
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
            ..recorded
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
            Err(Error::IndexNotFound { .. }) => {
                NewsIndex::create_holding(path.as_ref(), CommitState::default())
                    .map(NewsIndex::forgetting)
            }
            other => other,
        }
    }

    /// Deletes whatever index is at `path`, compatible or not, and creates an empty
    /// one. Only the files the index itself wrote are removed; a path that holds
    /// no news-search index ([`Error::NotAnIndex`]) is left as it is.
    ///
    /// Prefer [`IndexOptions::rebuild`](crate::IndexOptions::rebuild) on a compatible
    /// index: it replaces the articles in one commit, so an interrupted rebuild
    /// leaves the old index intact.
    pub fn recreate(path: impl AsRef<Path>) -> Result<NewsIndex> {
        NewsIndex::recreate_holding(path.as_ref(), CommitState::default())
            .map(NewsIndex::forgetting)
    }

    /// [`NewsIndex::recreate`], the new index recording `recorded`.
    pub(crate) fn recreate_holding(path: &Path, recorded: CommitState) -> Result<NewsIndex> {
        match NewsIndex::open(path) {
            Err(Error::IndexNotFound { .. }) => {}
            Ok(_) | Err(Error::IncompatibleIndex { .. } | Error::DamagedIndex { .. }) => {
                // Hold the writer lock while deleting, so a running indexer is not
                // pulled out from under; a meta.json that cannot be read is removed
                // regardless.
                let _writer = match Index::open_in_dir(path) {
                    Ok(old) => Some(
                        old.writer_with_num_threads::<tantivy::TantivyDocument>(
                            1,
                            MIN_MEMORY_PER_THREAD,
                        )
                        .map_err(|e| index_error(path, e))?,
                    ),
                    Err(_) => None,
                };
                place::remove_own_files(path, false)?;
            }
            Err(other) => return Err(other),
        }
        NewsIndex::create_holding(path, recorded)
    }

    /// What the index at `path` records (its folders and how they are
    /// walked), read from its commit record alone, for an index that cannot
    /// be opened; `None` when that record cannot be read either.
    pub(crate) fn recorded_state(path: &Path) -> Option<CommitState> {
        let payload = place::payload(path)?;
        serde_json::from_str(&payload).ok()
    }

    /// Keeps the index a run created: its first commit is made.
    pub(crate) fn forget_creation(&self) {
        if let Ok(mut creation) = self.creation.lock() {
            creation.take();
        }
    }

    fn forgetting(self) -> NewsIndex {
        self.forget_creation();
        self
    }

    fn remember_creation(&self, made: Creation) {
        if let Ok(mut creation) = self.creation.lock() {
            *creation = Some(made);
        }
    }

    /// Removes an index created for a run that failed before its first
    /// commit, so the disk is as the run found it. This value is of no use
    /// afterwards.
    pub(crate) fn take_back_creation(&self) {
        let creation = self.creation.lock().ok().and_then(|mut c| c.take());
        if let Some(creation) = creation {
            creation.take_back(&self.path);
        }
    }

    fn from_index(path: PathBuf, index: Index) -> Result<NewsIndex> {
        let incompatible = |found: String| Error::IncompatibleIndex {
            path: path.clone(),
            found,
            expected: format!("schema {SCHEMA_VERSION}"),
        };
        let version = CommitState::load_version(&index).map_err(|e| index_error(&path, e))?;
        match version {
            Some(SCHEMA_VERSION) => {}
            Some(version) => return Err(incompatible(format!("schema {version}"))),
            // A creation cut short between tantivy's first meta.json and ours:
            // nothing in it, and the schema check below still applies.
            None if never_committed(&index) => {}
            // Every commit of news-search records its version: this index is
            // another program's.
            None => return Err(place::not_an_index(&path, Occupant::OtherIndex)),
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
                // Blocks are stored as they are (see `schema::settings`): a
                // cache would only keep a copy of each block a page shows,
                // each in memory of its own (BENCHMARKS.md, "The store's
                // blocks without a cache").
                .doc_store_cache_num_blocks(0)
                .try_into()
                .map_err(|e| index_error(&path, e))
        })?;
        Ok(NewsIndex {
            records: Records::new(&path),
            path,
            index,
            reader,
            fields,
            creation: Mutex::new(None),
            hold: writer::Hold::default(),
        })
    }

    /// Makes searches see the last commit, made by this process or another
    /// (a `search index` run beside a server): until then they see the
    /// commit they saw when the index was opened or last reloaded. Commits
    /// made through this value are seen without it.
    pub fn reload(&self) -> Result<()> {
        self.reader.reload().map_err(|e| self.error(e))
    }

    /// Calls `on_commit` after each commit to this index, by any process,
    /// from a thread of its own, until the returned [`CommitWatch`] is
    /// dropped. The commit record is looked at about twice a second; call
    /// [`reload`](NewsIndex::reload) in `on_commit` to search the new commit.
    ///
    /// Only commits made after this call count: tantivy's watcher also
    /// reports the record as it first finds it, and a merge rewrites the
    /// record without a commit; neither calls `on_commit`.
    pub fn watch_commits(
        &self,
        on_commit: impl Fn() + Send + Sync + 'static,
    ) -> Result<CommitWatch> {
        use std::sync::atomic::{AtomicU64, Ordering};
        use tantivy::directory::Directory;
        let opstamp = |index: &Index| index.load_metas().map(|metas| metas.opstamp);
        let seen = AtomicU64::new(opstamp(&self.index).map_err(|e| self.error(e))?);
        let index = self.index.clone();
        let callback = tantivy::directory::WatchCallback::new(move || {
            // A record that cannot be read now is read again at the next look.
            if let Ok(now) = opstamp(&index) {
                if seen.swap(now, Ordering::SeqCst) != now {
                    on_commit();
                }
            }
        });
        let handle = self
            .index
            .directory()
            .watch(callback)
            .map_err(|e| self.error(e))?;
        Ok(CommitWatch { _handle: handle })
    }

    /// Where the index lives, as it was given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folders this index holds articles from (absolute paths).
    pub fn folders(&self) -> Result<Vec<PathBuf>> {
        Ok(self.commit_state()?.folders)
    }

    /// What the last commit records (empty for an index without a record).
    pub(crate) fn commit_state(&self) -> Result<CommitState> {
        let state = CommitState::load(&self.index).map_err(|e| index_error(&self.path, e))?;
        Ok(state.unwrap_or_default())
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

    /// Keeps the merge policy off the segments a run writes (see `writer`).
    pub(crate) fn hold(&self) -> &writer::Hold {
        &self.hold
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

    pub(crate) fn records(&self) -> &Records {
        &self.records
    }

    /// Trains the store's dictionary from the articles the index holds, when
    /// it has none yet: an index that grew a few files at a time (see
    /// `record`). Called before a run writes; a failure leaves it without.
    pub(crate) fn train_records(&self) {
        let searcher = self.reader.searcher();
        let addresses = searcher
            .segment_readers()
            .iter()
            .zip(0u32..)
            .flat_map(|(segment, ord)| {
                segment
                    .doc_ids_alive()
                    .map(move |doc| DocAddress::new(ord, doc))
            });
        let articles = addresses
            .filter_map(|address| self.stored(&searcher, address).ok())
            .filter(|stored| stored.article != Default::default());
        self.records.train_from(articles);
    }

    /// What the document at `address` stores: what a hit shows.
    pub(crate) fn stored(&self, searcher: &Searcher, address: DocAddress) -> Result<StoredArticle> {
        let store = searcher
            .segment_reader(address.segment_ord)
            .get_store_reader(0)
            .map_err(|e| self.error(e.into()))?;
        let raw = store
            .get_document_bytes(address.doc_id)
            .map_err(|e| self.error(e))?;
        let unpacked = match schema::packed_record(&self.fields, raw.as_slice()) {
            Some(packed) => self.records.unpack(packed),
            None => {
                let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.error(e))?;
                schema::from_document(&self.fields, &self.records, &doc)
            }
        };
        unpacked.map_err(|e| {
            self.error(match e.kind() {
                std::io::ErrorKind::NotFound => {
                    OpenReadError::FileDoesNotExist(self.records.file().to_path_buf()).into()
                }
                std::io::ErrorKind::InvalidData => {
                    DataCorruption::comment_only(e.to_string()).into()
                }
                _ => e.into(),
            })
        })
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

    /// The schema version the last commit records, even when the rest of
    /// its record has another shape (a version before or after this one).
    ///
    /// Only the payload of `meta.json` is read: tantivy's own
    /// [`Index::load_metas`] builds the whole schema again, a tenth of a
    /// query's instructions for a version number.
    fn load_version(index: &Index) -> tantivy::Result<Option<u32>> {
        #[derive(Deserialize)]
        struct Commit {
            payload: Option<String>,
        }
        #[derive(Deserialize)]
        struct Versioned {
            version: u32,
        }
        use tantivy::directory::Directory;
        let bytes = index.directory().atomic_read(Path::new(META))?;
        let commit: Commit = serde_json::from_slice(&bytes)
            .map_err(|e| tantivy::error::DataCorruption::new(META.into(), e.to_string()))?;
        Ok(commit
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str::<Versioned>(p).ok())
            .map(|v| v.version))
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
