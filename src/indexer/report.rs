//! What an indexing run tells its caller: progress as it goes, and the report
//! of what it did, file by file where something went wrong.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use crate::serialize::{serialize_len, serialize_lossy, serialize_millis};

/// The stages of a run, for progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Phase {
    /// Walking the folders; the total is unknown.
    Scanning,
    /// Reading and extracting new and changed files; the total is their
    /// number, or unknown when the files are read as the walk finds them
    /// ([`Progress::found`] then tells it).
    Reading,
    /// Writing the commit.
    Committing,
    /// Merging the segments the run wrote into fewer, after the commit.
    Merging,
}

/// Receives progress from an indexing run. The library never draws; a CLI
/// implements this to show a bar. `()` ignores everything.
pub trait Progress: Sync {
    /// A phase begins, with the amount of work when known.
    fn phase(&self, _phase: Phase, _total: Option<u64>) {}
    /// `n` more units of the current phase are done.
    fn advance(&self, _n: u64) {}
    /// `n` more units of the current phase are known to be coming: a run
    /// into an index that holds nothing reads files as the walk finds them,
    /// and learns its total as it goes (its reading phase starts without one).
    fn found(&self, _n: u64) {}
}

impl Progress for () {}

/// A file that could not be indexed, or was indexed in part, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    /// The file, as the user can open it from the current directory.
    /// (In JSON, a name that is not UTF-8 has its bad bytes replaced.)
    #[serde(serialize_with = "serialize_lossy")]
    pub path: PathBuf,
    /// Why, in a few words.
    pub reason: String,
}

/// What an indexing run did. Counts are of files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Files indexed for the first time.
    pub added: usize,
    /// Files whose content changed and were indexed again.
    pub updated: usize,
    /// Files gone from their folder, whose articles were removed.
    pub removed: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Articles found to be exact copies of a story already indexed: stored
    /// once, with every path they were found at.
    pub duplicates: usize,
    /// Files that are not articles this build can read (by extension).
    #[serde(serialize_with = "serialize_len")]
    pub skipped: Vec<PathBuf>,
    /// Files that could not be read or made sense of; any earlier version stays indexed.
    pub errors: Vec<FileError>,
    /// Files indexed in part: read only up to
    /// [`MAX_FILE_BYTES`](crate::limits::MAX_FILE_BYTES), or holding an
    /// article whose body was cut at [`MAX_BODY_BYTES`](crate::limits::MAX_BODY_BYTES).
    pub warnings: Vec<FileError>,
    /// Segments the run wrote and then merged into fewer (0 when it wrote
    /// too few to merge): a run leaves at most two new segments.
    pub segments_merged: usize,
    /// Why the segments the run wrote could not be merged after its commit
    /// (a disk without room for the merged copy, say), when they could not.
    /// The run's articles are indexed all the same, in more segments, which
    /// [`NewsIndex::compact`](crate::NewsIndex::compact) merges.
    pub merge_failed: Option<String>,
    /// Wall time of the run.
    #[serde(rename = "elapsed_ms", serialize_with = "serialize_millis")]
    pub elapsed: Duration,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_file_name_that_is_not_utf8_serialises() {
        use std::os::unix::ffi::OsStrExt;
        let error = FileError {
            path: PathBuf::from(std::ffi::OsStr::from_bytes(b"bad\xffname.txt")),
            reason: "file name is not valid UTF-8".to_owned(),
        };
        let json = serde_json::to_string(&error).unwrap();
        assert!(json.contains("bad\u{fffd}name.txt"), "{json}");
    }
}
