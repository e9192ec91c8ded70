//! Telling the ways an index can fail apart: a busy lock, a full disk and
//! damaged files each become an error that says what to do, and reads that
//! panic on damaged files are caught and confirmed by checksums.

use std::path::Path;

use tantivy::directory::error::{LockError, OpenReadError};
use tantivy::error::DataCorruption;
use tantivy::{Index, TantivyError};

use super::pages::release_pages;
use crate::error::{io_error_of, Error, Result, DAMAGED_FILES};

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
        let intact = matches!(std::panic::catch_unwind(check), Ok(Ok(true)));
        if intact {
            // Read whole through the maps a searcher keeps: give the pages
            // back. (Opening a file too short for its footer panics.)
            release_pages(directory, &[file]);
        }
        intact
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
            "{DAMAGED_FILES}{}",
            damaged.join(", ")
        ))),
    })
}

/// Maps tantivy's errors to ours: a busy lock, and a folder the index cannot
/// be read from or written to, are the user's concern, the rest are faults.
pub(super) fn index_error(path: &Path, error: TantivyError) -> Error {
    if let Some(source) = access_denied(&error) {
        return Error::IndexAccess {
            path: path.to_path_buf(),
            writing: !matches!(error, TantivyError::OpenReadError(_)),
            source,
        };
    }
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

/// The operating system's refusal inside `error`, when it is one the user
/// can do something about: permissions, a read-only disk, a file in the way.
/// tantivy keeps the error behind an `Arc`; ours carries a like one.
fn access_denied(error: &TantivyError) -> Option<std::io::Error> {
    use std::io::ErrorKind::{NotADirectory, PermissionDenied, ReadOnlyFilesystem};
    let io = io_error_of(error)?;
    if !matches!(
        io.kind(),
        PermissionDenied | ReadOnlyFilesystem | NotADirectory
    ) {
        return None;
    }
    Some(match io.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None => io.kind().into(),
    })
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
