//! Telling the ways an index can fail apart: a busy lock, a full disk and
//! damaged files each become an error that says what to do, and reads that
//! panic on damaged files are caught and confirmed by checksums.

use std::path::Path;

use tantivy::directory::error::{LockError, OpenReadError};
use tantivy::error::DataCorruption;
use tantivy::{Index, TantivyError};

use crate::error::{Error, Result};

/// [`NewsIndex::guarded`], for an index not yet wrapped in one.
pub(super) fn guarded<T>(
    index: &Index,
    path: &Path,
    read: impl FnOnce() -> Result<T>,
) -> Result<T> {
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
pub(super) fn check_files(index: &Index, path: &Path) -> Result<()> {
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

/// Maps tantivy's errors to ours: a busy lock is the user's concern, the rest are faults.
pub(super) fn index_error(path: &Path, error: TantivyError) -> Error {
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
pub(super) fn remove_index_files(path: &Path) -> Result<()> {
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
