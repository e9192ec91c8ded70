//! The library's error types: `Error` for operations, `ExtractError` for one file.

use std::path::PathBuf;

/// A `Result` whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong when opening, indexing or searching.
///
/// The first group are the user's mistakes (a query to fix, a folder to create,
/// a command to run first); the rest are faults of the machine or the index files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// There is no index at this path yet.
    #[error("no index at {}: run \"search index <folder>\" first", .path.display())]
    IndexNotFound {
        /// The index directory.
        path: PathBuf,
    },

    /// Another process holds the index's writer lock.
    #[error(
        "the index at {} is being updated by another search process; try again when it has finished",
        .path.display()
    )]
    IndexLocked {
        /// The index directory.
        path: PathBuf,
    },

    /// The index was written with a different schema than this build uses.
    #[error(
        "the index at {} was written by an incompatible version of news-search ({found}, this build needs {expected}): run \"search index --rebuild\"",
        .path.display()
    )]
    IncompatibleIndex {
        /// The index directory.
        path: PathBuf,
        /// The schema the index has.
        found: String,
        /// The schema this build writes.
        expected: String,
    },

    /// The index files exist but cannot be read: truncated, corrupted, or
    /// written by a tantivy this build cannot read.
    #[error(
        "the index at {} cannot be read ({}): run \"search index --rebuild\" to build it afresh",
        .path.display(),
        damage(.source)
    )]
    DamagedIndex {
        /// The index directory.
        path: PathBuf,
        /// What tantivy found wrong.
        #[source]
        source: tantivy::TantivyError,
    },

    /// A folder given to index does not exist or is not a folder.
    #[error("no such folder: {}", .path.display())]
    FolderNotFound {
        /// The folder as given.
        path: PathBuf,
    },

    /// No article has this id, and no indexed file this path.
    #[error(
        "no article in the index at {} has the id or path \"{key}\": ids and paths are shown by \"search query\"",
        .index.display()
    )]
    ArticleNotFound {
        /// The id or path as given.
        key: String,
        /// The index directory.
        index: PathBuf,
    },

    /// A path given to index is a file, not a folder.
    #[error("{} is a file, not a folder: index the folder that holds it", .path.display())]
    NotAFolder {
        /// The path as given.
        path: PathBuf,
    },

    /// `index` was called without folders on an index that holds none.
    #[error("the index at {} holds no folders yet: name the folder to index", .path.display())]
    NoFolders {
        /// The index directory.
        path: PathBuf,
    },

    /// The run was stopped before its commit; the index is as it was.
    #[error(
        "interrupted after reading {files_read} of {files_to_read} files: nothing was changed, the index holds what the last completed run indexed"
    )]
    Interrupted {
        /// Files read before the stop (their articles were discarded).
        files_read: usize,
        /// Files the run meant to read.
        files_to_read: usize,
    },

    /// The query could not be understood, or is too large to run.
    #[error("bad query {}: {reason}", shortened(.query))]
    BadQuery {
        /// The query as given.
        query: String,
        /// What is wrong with it, and how to mend it.
        reason: String,
    },

    /// The page asked for ends beyond the last result a search can reach
    /// ([`MAX_PAGE_END`](crate::limits::MAX_PAGE_END)).
    #[error(
        "offset {offset} plus limit {limit} reaches past result {max}, the last a search can page to: narrow the query instead"
    )]
    PageTooDeep {
        /// Hits asked to skip.
        offset: usize,
        /// Hits asked for.
        limit: usize,
        /// The last result a page may end at.
        max: usize,
    },

    /// The memory budget is below what the index writer needs.
    #[error(
        "memory budget of {given} bytes is too small: the index writer needs at least {minimum}"
    )]
    MemoryBudget {
        /// The budget asked for, in bytes.
        given: usize,
        /// The least the writer accepts, in bytes.
        minimum: usize,
    },

    /// Reading or writing a file failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },

    /// The disk holding the index filled up while a run wrote to it. The run's
    /// changes were discarded; the last commit is intact.
    #[error(
        "no space left to write the index at {}: the run was abandoned and the index still holds what the last completed run indexed; free some space and run \"search index\" again",
        .path.display()
    )]
    DiskFull {
        /// The index directory.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: tantivy::TantivyError,
    },

    /// The index files could not be read or written.
    #[error("index at {}: {source}", .path.display())]
    Index {
        /// The index directory.
        path: PathBuf,
        /// tantivy's error.
        #[source]
        source: tantivy::TantivyError,
    },
}

impl Error {
    /// True for errors the user can fix by changing what they typed or ran,
    /// as opposed to faults of the machine or the index files.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::IndexNotFound { .. }
                | Error::IndexLocked { .. }
                | Error::IncompatibleIndex { .. }
                | Error::DamagedIndex { .. }
                | Error::FolderNotFound { .. }
                | Error::NotAFolder { .. }
                | Error::ArticleNotFound { .. }
                | Error::NoFolders { .. }
                | Error::BadQuery { .. }
                | Error::PageTooDeep { .. }
                | Error::MemoryBudget { .. }
                | Error::Interrupted { .. }
        )
    }
}

/// What is wrong with a damaged index, in a few words: which file, and how.
fn damage(error: &tantivy::TantivyError) -> String {
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError;
    let name = |path: &std::path::Path| {
        path.file_name()
            .unwrap_or(path.as_os_str())
            .to_string_lossy()
            .into_owned()
    };
    let text = match error {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            format!("{} is missing", name(path))
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            format!("{}: {io_error}", name(filepath))
        }
        // Its Display wraps the Debug form in quotes; the Debug form reads well.
        TantivyError::DataCorruption(corruption) => format!("{corruption:?}"),
        TantivyError::IoError(io) => io.to_string(),
        other => other.to_string(),
    };
    // Some causes explain themselves over several lines; the first says what.
    text.lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_owned()
}

/// A query quoted for a message: whole when short, else its start and "…",
/// so a pasted page does not fill the screen.
fn shortened(query: &str) -> String {
    const SHOWN_CHARS: usize = 60;
    match query.char_indices().nth(SHOWN_CHARS) {
        Some((end, _)) => format!("{:?}", format!("{}…", &query[..end])),
        None => format!("{query:?}"),
    }
}

/// Why one file yielded no article. Reported per file; never stops a run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// The file holds NUL bytes or other signs of binary content.
    #[error("binary file, not text")]
    Binary,
    /// The file has no text at all.
    #[error("empty file")]
    Empty,
    /// The file is not well-formed in its format (JSON, XML feed).
    #[error("not valid {format}: {reason}")]
    Malformed {
        /// The format it was read as ("JSON", "RSS/Atom feed", "gzip").
        format: &'static str,
        /// The parser's account of what is wrong, and where.
        reason: String,
    },
    /// A compressed file expands beyond what one file may hold.
    #[error("expands to more than {limit} bytes; not read")]
    TooLarge {
        /// The most bytes a file may expand to.
        limit: u64,
    },
    /// After a look at the content, the file is not an article format
    /// (an XML file that is not a feed, say); counted as skipped.
    #[error("not an article format")]
    Unsupported,
    /// The file is well-formed but holds nothing that looks like an article.
    #[error("no article found")]
    NoArticles,
    /// A parser failed unexpectedly on this file (a bug in it, or ours).
    #[error("the parser failed on this file ({reason})")]
    ParserFailed {
        /// What the parser said as it failed.
        reason: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_query_is_shortened_in_its_error() {
        let error = Error::BadQuery {
            query: "ab".repeat(5_000),
            reason: "too long".to_owned(),
        };
        let message = error.to_string();
        assert!(message.starts_with(&format!("bad query \"{}…\"", "ab".repeat(30))));
        assert!(message.len() < 100, "{message}");
        let short = Error::BadQuery {
            query: "\"unclosed".to_owned(),
            reason: "a quote is not closed".to_owned(),
        };
        assert_eq!(
            short.to_string(),
            "bad query \"\\\"unclosed\": a quote is not closed"
        );
    }
}
