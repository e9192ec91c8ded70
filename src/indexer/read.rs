//! Reading one file for indexing, bounded: never more than
//! [`MAX_FILE_BYTES`], and never waiting on a named pipe that poses as a file.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

use crate::limits::MAX_FILE_BYTES;

/// What was read of one file.
#[derive(Debug)]
pub(crate) struct Contents {
    /// The file's first bytes, all of them unless `truncated`.
    pub bytes: Vec<u8>,
    /// The file's size when opened.
    pub size: u64,
    /// True when the file holds more than [`MAX_FILE_BYTES`].
    pub truncated: bool,
}

impl Contents {
    /// The content hash that tells a real change from a touch. It covers the
    /// bytes read; for a file read in part, its size too, so a file that
    /// grows past the bound still changes. (A change beyond the bound that
    /// keeps the size is not seen, and needs not be: those bytes are not indexed.)
    pub fn hash(&self) -> u64 {
        let seed = if self.truncated { self.size } else { 0 };
        xxhash_rust::xxh3::xxh3_64_with_seed(&self.bytes, seed)
    }
}

/// Reads at most [`MAX_FILE_BYTES`] of `path`.
///
/// # Errors
///
/// The operating system's error, or `InvalidInput` when `path` is not a
/// regular file (a named pipe, socket or device): those are never read.
pub(crate) fn read_bounded(path: &Path) -> io::Result<Contents> {
    let file = open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, NOT_A_FILE));
    }
    let size = metadata.len();
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(MAX_FILE_BYTES) + 1).unwrap_or(0));
    // One byte more than the bound tells a file of exactly the bound from a longer one.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    let truncated = bytes.len() as u64 > MAX_FILE_BYTES;
    bytes.truncate(usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX));
    // A file that grew since it was opened is at least as long as what was read.
    let size = size.max(bytes.len() as u64);
    Ok(Contents {
        bytes,
        size,
        truncated,
    })
}

/// Asks the operating system to start reading `path` into its cache, and
/// returns at once; a later [`read_bounded`] then finds the bytes there. Files
/// that cannot be opened are left for that read to report.
#[cfg(target_os = "linux")]
pub(crate) fn will_need(path: &Path) {
    use std::os::fd::AsRawFd;
    if let Ok(file) = open(path) {
        // SAFETY: the descriptor is open for the whole call; the advice
        // reads nothing from memory and its result is only a hint.
        unsafe {
            libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_WILLNEED);
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn will_need(_path: &Path) {}

/// Why a path that is not a regular file was not read.
pub(crate) const NOT_A_FILE: &str = "not a regular file (a named pipe, socket or device); not read";

/// Opens for reading without blocking: opening a named pipe otherwise waits
/// for a writer, which would hang the run.
#[cfg(unix)]
fn open(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"Title\n\nBody").unwrap();
        let contents = read_bounded(&path).unwrap();
        assert_eq!(contents.bytes, b"Title\n\nBody");
        assert_eq!(contents.size, 11);
        assert!(!contents.truncated);
        assert_eq!(
            contents.hash(),
            xxhash_rust::xxh3::xxh3_64(b"Title\n\nBody")
        );
    }

    #[test]
    fn a_file_past_the_bound_is_read_up_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        let file = File::create(&path).unwrap();
        file.set_len(MAX_FILE_BYTES + 10).unwrap();
        let contents = read_bounded(&path).unwrap();
        assert_eq!(contents.bytes.len() as u64, MAX_FILE_BYTES);
        assert_eq!(contents.size, MAX_FILE_BYTES + 10);
        assert!(contents.truncated);
        file.set_len(MAX_FILE_BYTES + 11).unwrap();
        assert_ne!(read_bounded(&path).unwrap().hash(), contents.hash());
        file.set_len(MAX_FILE_BYTES).unwrap();
        assert!(!read_bounded(&path).unwrap().truncated);
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pipe.txt");
        let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo touches nothing else.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
        let error = read_bounded(&path).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
    }
}
