//! How the index's errors are worded: the causes inside tantivy's and the
//! operating system's errors told in a few plain words (tantivy's own texts
//! show the insides of its types), and sizes as `--memory` takes them.

use std::io::{self, ErrorKind};
use std::path::Path;

use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::TantivyError;

/// How a comment of ours on damage found by checksums begins; the rest
/// names the files.
pub(crate) const DAMAGED_FILES: &str = "damaged files: ";

/// The operating system's error inside a tantivy error, if there is one.
pub(crate) fn io_error_of(error: &TantivyError) -> Option<&io::Error> {
    match error {
        TantivyError::IoError(io)
        | TantivyError::OpenReadError(OpenReadError::IoError { io_error: io, .. })
        | TantivyError::OpenWriteError(OpenWriteError::IoError { io_error: io, .. })
        | TantivyError::OpenDirectoryError(OpenDirectoryError::IoError { io_error: io, .. })
        | TantivyError::LockFailure(LockError::IoError(io), _) => Some(io.as_ref()),
        _ => None,
    }
}

/// An I/O error in a few words, without the "(os error 13)".
pub(super) fn io_words(error: &io::Error) -> String {
    match error.kind() {
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only".to_owned(),
        ErrorKind::NotADirectory | ErrorKind::AlreadyExists => {
            "a file stands where a folder of its path should be".to_owned()
        }
        ErrorKind::StorageFull => "the disk is full".to_owned(),
        _ => {
            let text = error.to_string();
            let text = match text.find(" (os error ") {
                Some(end) => &text[..end],
                None => &text,
            };
            let mut chars = text.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_lowercase().chain(chars).collect()
            })
        }
    }
}

/// What to do about an index folder that cannot be read or written.
pub(super) fn access_advice(error: &io::Error) -> &'static str {
    match error.kind() {
        ErrorKind::PermissionDenied => {
            "give yourself access to it, or choose another folder with --index"
        }
        // Reading takes a lock file too, so even a search needs a writable disk.
        ErrorKind::ReadOnlyFilesystem => {
            "choose a folder on a writable disk with --index (copy an index there to search it)"
        }
        ErrorKind::StorageFull => "free some space, or choose another folder with --index",
        _ => "choose another folder with --index",
    }
}

/// "read" or "write to", as the failed access was.
pub(super) fn verb(writing: bool) -> &'static str {
    if writing {
        "write to"
    } else {
        "read"
    }
}

/// What is wrong with a damaged index, in a few words: which file, and how.
pub(super) fn damage(error: &TantivyError) -> String {
    match error {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            format!("{} is missing", file_name(path))
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            format!("{} {}", file_name(filepath), damaged(io_error))
        }
        TantivyError::OpenReadError(OpenReadError::IncompatibleIndex(_))
        | TantivyError::IncompatibleIndex(_) => {
            "its files are of a format this build cannot read".to_owned()
        }
        TantivyError::DataCorruption(corruption) => {
            // Its fields are private; its Debug form is the one way to them.
            let text = format!("{corruption:?}");
            if let Some(rest) = text.strip_prefix("Data corruption (in file `") {
                let file = rest.split('`').next().unwrap_or_default();
                return format!("{} is damaged", file.trim_matches('"'));
            }
            let comment = text.strip_prefix("Data corruption: ").unwrap_or_default();
            match comment.starts_with(DAMAGED_FILES) {
                true => comment.trim_end_matches('.').to_owned(),
                false => "its files are damaged".to_owned(),
            }
        }
        TantivyError::IoError(io) => format!("a file {}", damaged(io)),
        _ => "its files are damaged".to_owned(),
    }
}

/// How a file read failed, after its name.
fn damaged(error: &io::Error) -> String {
    match error.kind() {
        ErrorKind::UnexpectedEof => "is cut short".to_owned(),
        ErrorKind::InvalidData => "is damaged".to_owned(),
        _ => format!("cannot be read: {}", io_words(error)),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}

/// The cause of a fault of the index, in a few words.
pub(super) fn cause(error: &TantivyError) -> String {
    match io_error_of(error) {
        Some(io) => io_words(io),
        None => {
            let text = error.to_string();
            text.lines()
                .next()
                .unwrap_or_default()
                .trim_end_matches('.')
                .to_owned()
        }
    }
}

const KB: usize = 1 << 10;
const MB: usize = 1 << 20;
const GB: usize = 1 << 30;

/// A size in the largest unit that states it exactly: "512 KB", "10 MB", "2 GB".
pub(super) fn size_words(bytes: usize) -> String {
    match bytes {
        0 => "0 bytes".to_owned(),
        b if b % GB == 0 => format!("{} GB", b / GB),
        b if b % MB == 0 => format!("{} MB", b / MB),
        b if b % KB == 0 => format!("{} KB", b / KB),
        b => format!("{b} bytes"),
    }
}

/// What is wrong with a memory budget and what to give instead, in whole
/// megabytes or gigabytes as `--memory` takes them.
pub(super) fn budget_advice(given: usize, minimum: usize, maximum: usize) -> String {
    if given < minimum {
        let least = minimum.div_ceil(MB);
        return format!(
            "is too small for the index writer: give at least {least} MB (--memory {least}M)"
        );
    }
    let (most, unit) = match maximum >= GB {
        true => (maximum / GB, "G"),
        false => (maximum / MB, "M"),
    };
    format!(
        "is more than the index writer can use on this machine: give at most {most} {unit}B (--memory {most}{unit})"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_said_in_the_largest_exact_unit() {
        assert_eq!(size_words(10 * MB), "10 MB");
        assert_eq!(size_words(512 * KB), "512 KB");
        assert_eq!(size_words(2 * GB), "2 GB");
        assert_eq!(size_words(1_500), "1500 bytes");
    }

    #[test]
    fn a_budget_is_mended_in_units_memory_takes() {
        assert_eq!(
            budget_advice(10 * MB, 15_000_000, 8 * GB),
            "is too small for the index writer: give at least 15 MB (--memory 15M)"
        );
        assert_eq!(
            budget_advice(64 * GB, 15_000_000, 8 * GB - 2_000_000),
            "is more than the index writer can use on this machine: give at most 7 GB (--memory 7G)"
        );
    }

    #[cfg(unix)]
    #[test]
    fn io_errors_lose_their_os_codes() {
        let denied = io::Error::from_raw_os_error(libc::EACCES);
        assert_eq!(io_words(&denied), "permission denied");
        let eio = io::Error::from_raw_os_error(libc::EIO);
        assert_eq!(io_words(&eio), "input/output error");
    }

    #[test]
    fn damage_names_the_file_without_tantivys_insides() {
        let corrupt = tantivy::error::DataCorruption::new(
            "meta.json".into(),
            "Meta file cannot be deserialized. Error(\"expected value\")".to_owned(),
        );
        assert_eq!(
            damage(&TantivyError::DataCorruption(corrupt)),
            "meta.json is damaged"
        );
        let footer = io::Error::new(ErrorKind::InvalidData, "Please use tantivy 0.15 or above");
        let read = OpenReadError::wrap_io_error(footer, "abc.idx".into());
        assert_eq!(
            damage(&TantivyError::OpenReadError(read)),
            "abc.idx is damaged"
        );
    }
}
