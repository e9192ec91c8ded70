//! `NewsIndex`: opening, creating and checking the index directory, and the state
//! kept with each commit (schema version and the folders the index holds).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::error::{LockError, OpenReadError};
use tantivy::error::DataCorruption;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyError};

use crate::error::{Error, Result};
use crate::schema::{self, Fields, SCHEMA_VERSION};

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
        let path = path.as_ref().to_path_buf();
        std::fs::create_dir_all(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let index = Index::builder()
            .schema(schema::build())
            .settings(schema::settings())
            .create_in_dir(&path)
            .map_err(|e| index_error(&path, e))?;
        schema::register_analyzer(&index);
        // The first commit records the schema version, so every index carries one.
        let mut writer = index
            .writer::<tantivy::TantivyDocument>(crate::indexer::MIN_MEMORY_PER_THREAD)
            .map_err(|e| index_error(&path, e))?;
        let state = CommitState {
            version: SCHEMA_VERSION,
            folders: Vec::new(),
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
        let path = path.as_ref().to_path_buf();
        if path.join("meta.json").is_file() || path.join(".managed.json").is_file() {
            // Hold the writer lock while deleting, so a running indexer is not pulled
            // out from under; a meta.json that cannot be read is removed regardless.
            let _writer = match Index::open_in_dir(&path) {
                Ok(old) => Some(
                    old.writer_with_num_threads::<tantivy::TantivyDocument>(
                        1,
                        crate::indexer::MIN_MEMORY_PER_THREAD,
                    )
                    .map_err(|e| index_error(&path, e))?,
                ),
                Err(_) => None,
            };
            remove_index_files(&path)?;
        }
        NewsIndex::create(path)
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
        schema::register_analyzer(&index);
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

/// [`NewsIndex::guarded`], for an index not yet wrapped in one.
fn guarded<T>(index: &Index, path: &Path, read: impl FnOnce() -> Result<T>) -> Result<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)) {
        Ok(Err(error @ Error::Index { .. })) => {
            Err(check_files(index, path).err().unwrap_or(error))
        }
        Ok(result) => result,
        Err(panic) => match check_files(index, path) {
            Err(damaged) => Err(damaged),
            Ok(()) => std::panic::resume_unwind(panic),
        },
    }
}

/// [`NewsIndex::check_files`]. A file too short for its footer makes tantivy
/// panic rather than fail; it counts as damaged like any other.
fn check_files(index: &Index, path: &Path) -> Result<()> {
    let metas = index.load_metas().map_err(|e| index_error(path, e))?;
    let directory = index.directory();
    let intact = |file: &Path| {
        let check = std::panic::AssertUnwindSafe(|| directory.validate_checksum(file));
        matches!(std::panic::catch_unwind(check), Ok(Ok(true)))
    };
    let mut damaged: Vec<String> = metas
        .list_segment_files()
        .into_iter()
        // The deletes of a segment that has none: named, never written.
        .filter(|file| !file.to_string_lossy().ends_with(".0.del"))
        .filter(|file| !intact(file))
        .map(|file| file.display().to_string())
        .collect();
    if damaged.is_empty() {
        return Ok(());
    }
    damaged.sort();
    Err(Error::DamagedIndex {
        path: path.to_path_buf(),
        source: TantivyError::DataCorruption(DataCorruption::comment_only(format!(
            "damaged files: {}",
            damaged.join(", ")
        ))),
    })
}

/// Whether the index is as `Index::create_in_dir` left it: no commit yet.
fn never_committed(index: &Index) -> bool {
    index
        .load_metas()
        .is_ok_and(|metas| metas.opstamp == 0 && metas.segments.is_empty())
}

/// Maps tantivy's errors to ours: a busy lock is the user's concern, the rest are faults.
pub(crate) fn index_error(path: &Path, error: TantivyError) -> Error {
    match error {
        TantivyError::LockFailure(LockError::LockBusy, _) => Error::IndexLocked {
            path: path.to_path_buf(),
        },
        source if is_disk_full(&source) => Error::DiskFull {
            path: path.to_path_buf(),
            source,
        },
        source if is_damage(&source) => Error::DamagedIndex {
            path: path.to_path_buf(),
            source,
        },
        source => Error::Index {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Whether the error means the index files are missing, cut short or garbled.
fn is_damage(error: &TantivyError) -> bool {
    use std::io::ErrorKind::{InvalidData, UnexpectedEof};
    match error {
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, .. }) => {
            matches!(io_error.kind(), UnexpectedEof | InvalidData)
        }
        TantivyError::IoError(io) => matches!(io.kind(), UnexpectedEof | InvalidData),
        TantivyError::OpenReadError(_)
        | TantivyError::DataCorruption(_)
        | TantivyError::IncompatibleIndex(_)
        | TantivyError::DeserializeError(_) => true,
        _ => false,
    }
}

/// Whether the error comes of a full disk (or a file-size limit, which looks
/// the same to the writer). tantivy wraps the operating system's error, in
/// some paths only as text (errors of its indexing threads).
fn is_disk_full(error: &TantivyError) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if matches!(
                io.kind(),
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::FileTooLarge
            ) {
                return true;
            }
        }
        cause = e.source();
    }
    let text = error.to_string();
    text.contains("No space left on device") || text.contains("File too large")
}

/// Removes meta.json and every file tantivy lists as its own in `.managed.json`.
fn remove_index_files(path: &Path) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let managed: Vec<String> = std::fs::read(path.join(".managed.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let names = managed
        .iter()
        .map(String::as_str)
        .chain(["meta.json", ".managed.json"]);
    for name in names {
        // Names come from the index's own file list; never follow one out of it.
        if name.contains('/') || name.contains("..") {
            continue;
        }
        match std::fs::remove_file(path.join(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
            _ => {}
        }
    }
    Ok(())
}
