//! The library's error types: `Error` for operations, `ExtractError` for one file.

mod wording;

use std::path::PathBuf;

use self::wording::{access_advice, budget_advice, cause, damage, io_words, size_words, verb};
pub(crate) use self::wording::{io_error_of, DAMAGED_FILES};

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

    /// The index path holds something that is not a news-search index. Nothing
    /// is written into it, and nothing of it is deleted, not even by a rebuild.
    #[error(
        "{} is not a news-search index ({found}): choose a new or empty folder for the index with --index",
        .path.display()
    )]
    NotAnIndex {
        /// The index path as given.
        path: PathBuf,
        /// What is there instead.
        found: Occupant,
    },

    /// [`NewsIndex::create`](crate::NewsIndex::create) was asked for a path
    /// that holds an index already.
    #[error(
        "there is already an index at {}: open it, or build it afresh with \"search index --rebuild\"",
        .path.display()
    )]
    IndexExists {
        /// The index directory.
        path: PathBuf,
    },

    /// The index folder cannot be read or written: its permissions, a
    /// read-only disk, a file where a folder of its path should be.
    #[error(
        "cannot {} the index at {} ({}): {}",
        verb(*.writing),
        .path.display(),
        io_words(.source),
        access_advice(.source)
    )]
    IndexAccess {
        /// The index directory.
        path: PathBuf,
        /// Whether writing failed (else reading did).
        writing: bool,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },

    /// A folder given to index does not exist or is not a folder.
    #[error("no such folder: {}", .path.display())]
    FolderNotFound {
        /// The folder as given.
        path: PathBuf,
    },

    /// No article has this id, and no indexed file this path (or no
    /// article this number in it).
    #[error(
        "no article in the index at {} has the id or path \"{key}\": give a path as \"search query\" prints it (with its #number for one article of a file of several), or an id from \"search query --json\"",
        .index.display()
    )]
    ArticleNotFound {
        /// The id or path as given.
        key: String,
        /// The index directory.
        index: PathBuf,
    },

    /// One article is needed and the path (of a file of several articles)
    /// or id names several.
    #[error(
        "\"{key}\" names {count} articles and one is needed: name one as search hits print it, such as {}",
        listed(.choices)
    )]
    AmbiguousArticle {
        /// The id or path as given.
        key: String,
        /// How many articles it names.
        count: usize,
        /// How to name the first few of them, as [`article_place`](crate::article_place)
        /// writes them (`news/dump.ndjson #1`).
        choices: Vec<String>,
    },

    /// A path given to index is neither a folder nor a regular file (a
    /// named pipe, a device).
    #[error("{} is neither a folder nor a regular file: name a folder of articles or an article file", .path.display())]
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

    /// A rebuild without named folders, of an index holding folders that no
    /// longer exist: rebuilding would drop their articles.
    #[error(
        "the index at {} holds folders that no longer exist ({}): bring them back, or name the folders to rebuild with, as in \"search index --rebuild FOLDER...\"",
        .path.display(),
        list(.folders)
    )]
    MissingFolders {
        /// The index directory.
        path: PathBuf,
        /// The folders that are gone.
        folders: Vec<PathBuf>,
    },

    /// A rebuild without named folders, of an index too damaged to say
    /// which folders it held.
    #[error(
        "the index at {} cannot be read, so the folders it held are unknown: name them, as in \"search index --rebuild FOLDER...\"",
        .path.display()
    )]
    FoldersUnknown {
        /// The index directory.
        path: PathBuf,
    },

    /// A glob to include or exclude files cannot be read.
    #[error("the glob '{glob}' cannot be read ({reason}): write it as in '*.md' or '!drafts/**'")]
    BadGlob {
        /// The glob as given.
        glob: String,
        /// What is wrong with it.
        reason: String,
    },

    /// Walk options were given to a run that names no folders.
    #[error("hidden files, ignore files and globs apply to the folders named with them: name the folders again, as in \"search index --hidden FOLDER\"")]
    WalkWithoutFolders,

    /// The run was stopped before its commit; the index is as it was.
    #[error(
        "interrupted after reading {files_read} of {files_to_read} {}{}: nothing was changed, the index holds what the last completed run indexed",
        if *.files_to_read == 1 { "file" } else { "files" },
        if *.all_found { "" } else { " found so far" }
    )]
    Interrupted {
        /// Files read before the stop (their articles were discarded).
        files_read: usize,
        /// Files the run meant to read, or had found when it stopped.
        files_to_read: usize,
        /// Whether the run had found every file it meant to read: a first
        /// run reads files as the walk finds them, and one stopped before
        /// the walk ended does not know how many more there were.
        all_found: bool,
    },

    /// The query could not be understood, or is too large to run.
    #[error("bad query {}: {reason}", shortened(.query))]
    BadQuery {
        /// The query as given.
        query: String,
        /// What is wrong with it, and how to mend it.
        #[source]
        reason: QueryError,
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

    /// The memory budget is below what the index writer needs, or above
    /// what it can use on this machine.
    #[error(
        "a memory budget of {} {}",
        size_words(*.given),
        budget_advice(*.given, *.minimum, *.maximum)
    )]
    MemoryBudget {
        /// The budget asked for, in bytes.
        given: usize,
        /// The least the writer accepts, in bytes.
        minimum: usize,
        /// The most the writer can use on this machine, in bytes.
        maximum: usize,
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

    /// The disk holding the index filled up while it was written to (by an
    /// indexing run, its merge, or a compaction). What was being written was
    /// dropped; the last commit is intact.
    #[error(
        "no space left to write the index at {}: what was being written is dropped and the index still holds its last commit; free some space and try again",
        .path.display()
    )]
    DiskFull {
        /// The index directory.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: tantivy::TantivyError,
    },

    /// A folder could not be watched for changes: the system's limit on
    /// watched folders (inotify's `fs.inotify.max_user_watches` on Linux) is
    /// reached. Changes below it are still found by the periodic reconcile walk.
    #[error(
        "cannot watch {} for changes: the system's limit on watched folders is reached, so changes there are found only by the periodic reconcile walk; raise the limit (\"sudo sysctl fs.inotify.max_user_watches=524288\", and a line \"fs.inotify.max_user_watches=524288\" in /etc/sysctl.d/90-watches.conf to keep it) or watch by polling (\"search watch --poll 10\")",
        .path.display()
    )]
    WatchLimit {
        /// The folder, or the first one below it, that could not be watched.
        path: PathBuf,
    },

    /// The file-system watcher failed or may have missed changes: the
    /// folders are walked again to catch up.
    #[error("the file-system watcher failed{} ({reason}): the folders are walked again to catch up", at(.path.as_deref()))]
    WatchFailed {
        /// The path it was watching, when it says.
        path: Option<PathBuf>,
        /// What the watcher said.
        reason: String,
    },

    /// The index files could not be read or written.
    #[error(
        "the index at {} could not be used ({}): check the disk and try again",
        .path.display(),
        cause(.source)
    )]
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
        // Exhaustive, so that a new variant has to be placed on one side.
        match self {
            Error::IndexNotFound { .. }
            | Error::IndexLocked { .. }
            | Error::IncompatibleIndex { .. }
            | Error::DamagedIndex { .. }
            | Error::FolderNotFound { .. }
            | Error::NotAFolder { .. }
            | Error::ArticleNotFound { .. }
            | Error::AmbiguousArticle { .. }
            | Error::NoFolders { .. }
            | Error::BadQuery { .. }
            | Error::PageTooDeep { .. }
            | Error::MemoryBudget { .. }
            | Error::Interrupted { .. }
            | Error::NotAnIndex { .. }
            | Error::IndexExists { .. }
            | Error::IndexAccess { .. }
            | Error::MissingFolders { .. }
            | Error::FoldersUnknown { .. }
            | Error::BadGlob { .. }
            | Error::WalkWithoutFolders => true,
            Error::Io { .. }
            | Error::DiskFull { .. }
            | Error::Index { .. }
            | Error::WatchLimit { .. }
            | Error::WatchFailed { .. } => false,
        }
    }
}

/// What stands at an index path that is not an index: [`Error::NotAnIndex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Occupant {
    /// A file, not a folder.
    #[error("it is a file")]
    File,
    /// A folder of files that are not an index's.
    #[error("it holds other files")]
    OtherFiles,
    /// An index of another program (tantivy's, without news-search's record).
    #[error("it holds another program's index")]
    OtherIndex,
}

/// Paths for a message: "a, b".
/// " at PATH", or nothing.
fn at(path: Option<&std::path::Path>) -> String {
    path.map(|p| format!(" at {}", p.display()))
        .unwrap_or_default()
}

fn list(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
}

/// Choices quoted for a message: `"a", "b" or "c"`.
fn listed(choices: &[String]) -> String {
    let quoted: Vec<String> = choices.iter().map(|c| format!("\"{c}\"")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// A query quoted for a message: whole when short, else its start and "…",
/// so a pasted page does not fill the screen.
fn shortened(query: &str) -> String {
    const SHOWN_CHARS: usize = 60;
    match query.char_indices().nth(SHOWN_CHARS) {
        Some((end, _)) => quoted(&format!("{}…", &query[..end])),
        None => quoted(query),
    }
}

/// `text` between quotes that it does not hold itself ("a", 'say "a"'), as
/// typed but for control characters, which are escaped.
pub(crate) fn quoted(text: &str) -> String {
    let shown: String = text
        .chars()
        .map(|c| match c.is_control() {
            true => c.escape_debug().to_string(),
            false => c.to_string(),
        })
        .collect();
    match (text.contains('"'), text.contains('\'')) {
        (false, _) => format!("\"{shown}\""),
        (true, false) => format!("'{shown}'"),
        (true, true) => format!("«{shown}»"),
    }
}

/// What is wrong with a query, in words that say how to mend it. Carried by
/// [`Error::BadQuery`]; syntax errors know the column they are at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// A `"` opens a phrase that nothing closes.
    #[error("the quote at column {column} is not closed: add the closing \"")]
    UnclosedQuote {
        /// Where the phrase starts, in characters from 1.
        column: usize,
    },
    /// A `(` that nothing closes.
    #[error("a parenthesis is not closed: add the closing )")]
    UnclosedParenthesis {
        /// Where the grammar gave up, in characters from 1.
        column: usize,
    },
    /// A `)` that closes nothing.
    #[error("the ) at column {column} closes no parenthesis: remove it")]
    UnopenedParenthesis {
        /// Where it is, in characters from 1.
        column: usize,
    },
    /// `field:/pattern` without the closing slash.
    #[error("the regular expression at column {column} is not closed: add the closing /")]
    UnclosedRegex {
        /// Where the grammar gave up, in characters from 1.
        column: usize,
    },
    /// A range without `TO` or its closing bracket.
    #[error(
        "the range at column {column} is not complete: write it as date:[2023-01-01 TO 2023-12-31]"
    )]
    BadRange {
        /// Where the grammar gave up, in characters from 1.
        column: usize,
    },
    /// Text with a colon where a field's value was expected.
    #[error("text with a colon is read as field:word; put it in quotes to search for it as is")]
    ColonOutsideQuotes {
        /// Where the grammar gave up, in characters from 1.
        column: usize,
    },
    /// A field name or sign with nothing after it (`title:`, `-`).
    #[error("something is missing after \"{before}\"")]
    MissingAfter {
        /// The query up to where something is missing.
        before: String,
        /// Where the grammar gave up, in characters from 1.
        column: usize,
    },
    /// Any other syntax the grammar cannot read.
    #[error("the query cannot be read from column {column}: put text with \" ( ) [ ] ^ or \\ in quotes to search for it as is")]
    Syntax {
        /// The grammar's own words, for a bug report.
        message: String,
        /// Where the grammar gave up, in characters from 1.
        column: usize,
    },
    /// Only operators and punctuation, no word.
    #[error("nothing to search for: the query has no words")]
    NoWords,
    /// Every clause is `-excluded`.
    #[error("a query cannot only exclude words: add a word to search for")]
    OnlyExclusions,
    /// `/pattern/` is not a regular expression tantivy can run.
    #[error("invalid regular expression /{pattern}/")]
    BadRegex {
        /// The pattern as written.
        pattern: String,
    },
    /// `field: IN [a b]`.
    #[error("\"IN [...]\" sets are not supported: join the words with OR")]
    SetsUnsupported,
    /// `field:*`.
    #[error("\"{field}:*\" is not supported: search for a word in {field} instead")]
    ExistsUnsupported {
        /// The field named.
        field: String,
    },
    /// `name:word` where `name` is not a field a query may name.
    #[error("unknown field \"{name}\": fields are {}; put text with a colon in quotes", .fields.join(", "))]
    UnknownField {
        /// The name as written.
        name: String,
        /// The fields a query may name.
        fields: &'static [&'static str],
    },
    /// A range or date on a field that holds no dates.
    #[error("{what} needs the date field, as in date:[2023-01-01 TO 2023-12-31]")]
    NeedsDateField {
        /// What needed it ("a range", "a date").
        what: &'static str,
    },
    /// A date in the query that is not one.
    #[error(transparent)]
    BadDate(#[from] DateError),
    /// More characters than [`MAX_QUERY_CHARS`](crate::limits::MAX_QUERY_CHARS).
    #[error("the query is {chars} characters long, more than the {max} allowed: shorten it")]
    TooLong {
        /// Characters in the query.
        chars: usize,
        /// The most allowed.
        max: usize,
    },
    /// More words than [`MAX_QUERY_WORDS`](crate::limits::MAX_QUERY_WORDS).
    #[error("the query has {words} words, more than the {max} allowed: keep the telling ones")]
    TooManyWords {
        /// Words in the query.
        words: usize,
        /// The most allowed.
        max: usize,
    },
    /// A date range whose start comes after its end (`--since 2018 --until
    /// 2017`, `date:[2018 TO 2017]`).
    #[error("the dates are the wrong way round: {from} comes after {until}; swap them")]
    ReversedDates {
        /// The first day asked for.
        from: time::Date,
        /// The last day asked for.
        until: time::Date,
    },
    /// Parentheses deeper than [`MAX_QUERY_NESTING`](crate::limits::MAX_QUERY_NESTING).
    #[error("parentheses nest more than {max} deep: write the query with fewer")]
    TooDeep {
        /// The deepest allowed.
        max: usize,
    },
}

impl QueryError {
    /// The column of the query a syntax error is at, in characters from 1;
    /// `None` for errors about the query as a whole.
    pub fn column(&self) -> Option<usize> {
        match self {
            QueryError::UnclosedQuote { column }
            | QueryError::UnclosedParenthesis { column }
            | QueryError::UnopenedParenthesis { column }
            | QueryError::UnclosedRegex { column }
            | QueryError::BadRange { column }
            | QueryError::ColonOutsideQuotes { column }
            | QueryError::MissingAfter { column, .. }
            | QueryError::Syntax { column, .. } => Some(*column),
            _ => None,
        }
    }
}

/// A date that could not be read ([`date_span`](crate::date_span),
/// [`relative_day`](crate::relative_day)), saying which part is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// Not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or not a day of the calendar.
    #[error("bad date \"{text}\": write YYYY, YYYY-MM or YYYY-MM-DD")]
    Malformed {
        /// The date as written.
        text: String,
        /// The part that is wrong.
        part: DatePart,
    },
    /// `7d`, `3m` and the like reaching back beyond the calendar.
    #[error("\"{text}\" reaches too far back")]
    TooFarBack {
        /// The span as written.
        text: String,
    },
}

/// The part of a written date that is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DatePart {
    /// The year is not a number, or out of the calendar's range.
    Year,
    /// The month is not a number from 1 to 12.
    Month,
    /// The day is not a number, or not a day of that month.
    Day,
    /// More parts than year, month and day.
    Shape,
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
    fn an_ambiguous_article_lists_how_to_name_one() {
        let error = Error::AmbiguousArticle {
            key: "news/dump.ndjson".to_owned(),
            count: 250,
            choices: vec![
                "news/dump.ndjson #1".to_owned(),
                "news/dump.ndjson #3".to_owned(),
            ],
        };
        assert_eq!(
            error.to_string(),
            "\"news/dump.ndjson\" names 250 articles and one is needed: name one as search \
             hits print it, such as \"news/dump.ndjson #1\" or \"news/dump.ndjson #3\""
        );
        assert!(error.is_user_error());
        assert_eq!(listed(&["a".to_owned()]), "\"a\"");
        assert_eq!(
            listed(&["a".to_owned(), "b".to_owned(), "c".to_owned()]),
            "\"a\", \"b\" or \"c\""
        );
    }

    #[test]
    fn a_long_query_is_shortened_in_its_error() {
        let error = Error::BadQuery {
            query: "ab".repeat(5_000),
            reason: QueryError::TooLong {
                chars: 10_000,
                max: 1_000,
            },
        };
        let message = error.to_string();
        assert!(message.starts_with(&format!("bad query \"{}…\"", "ab".repeat(30))));
        // The query takes 60 characters of the message, whatever its length.
        let reason = "the query is 10000 characters long, more than the 1000 allowed: shorten it";
        assert!(message.len() < 100 + reason.len(), "{message}");
        assert!(message.ends_with(reason), "{message}");
        let short = Error::BadQuery {
            query: "\"unclosed".to_owned(),
            reason: QueryError::UnclosedQuote { column: 1 },
        };
        assert_eq!(
            short.to_string(),
            "bad query '\"unclosed': the quote at column 1 is not closed: add the closing \""
        );
    }
}
