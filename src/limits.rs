//! The bounds that keep hostile files and queries from taking the machine
//! down, in one place, each with the reason for its value.
//!
//! Files past a bound are read in part and reported with a warning; queries
//! past one are refused with [`Error::BadQuery`](crate::Error::BadQuery) or
//! [`Error::PageTooDeep`](crate::Error::PageTooDeep), never run.

/// The most bytes read from one file. A larger file is read up to here and
/// reported with a warning; the rest is not indexed.
///
/// Reading is what memory grows with: each indexing thread holds one file's
/// bytes, its decoded text and what the extractor builds from it (an HTML
/// page's DOM takes several times its size). 32 MiB holds any saved web page
/// and NDJSON dumps of some 200,000 short articles. Indexing a 40 MB HTML
/// page (read up to this bound) peaked at 330 MiB resident for the whole
/// process, 40 MB of NDJSON at 200 MiB. A gzip file may expand to this much.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The most bytes of text one article's body keeps; a longer body is cut at
/// a character boundary and the cut reported with a warning.
///
/// Even long-form journalism of 20,000 words is about 150 KiB of text, and
/// a report of several hundred pages a few MiB. 4 MiB keeps those whole,
/// while a runaway body (a log, a dump saved as `.txt`) cannot fill the
/// index writer's memory. Snippets look at the first 256 KiB in any case.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Tags kept per article of a JSON file or feed, the first ones.
///
/// News APIs give a handful of keywords; a list of thousands is a dump, and
/// each tag is indexed and stored with the article (a million of them took
/// half a minute to index).
pub const MAX_TAGS: usize = 100;

/// HTML nested deeper than this many elements is not parsed: its tags are
/// stripped and its text read as plain text.
///
/// The HTML parser's time grows with the number of elements times their
/// depth (100,000 nested `<div>`s took minutes), and deep trees make every
/// later walk costly too. Real pages nest a few dozen elements deep, rarely
/// more than 200.
pub const MAX_HTML_DEPTH: usize = 512;

/// The most characters in one query. No one types more; a pasted paragraph
/// fits. Beyond it, parsing and the term look-ups only cost time, and an
/// error that echoed the query would fill the screen.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// The most words in one query (letters and digits between other
/// characters, counted as the analyser splits them, field names included).
///
/// Each word costs a term look-up, and a rare one also a search for close
/// words; a prefix (`word*`) stands for up to [`MAX_PREFIX_EXPANSIONS`]
/// terms. 64 words times 64 expansions keeps the largest query to a few
/// thousand term queries: 64 misspelled words over 230,000 articles took
/// under a second in a debug build.
pub const MAX_QUERY_WORDS: usize = 64;

/// Parentheses may nest this deep. Parsing and compiling recurse once per
/// level, so a query of thousands of `(` overflowed the stack; no one types
/// more than a few.
pub const MAX_QUERY_NESTING: usize = 32;

/// At most this many indexed words stand in for one `prefix*`, the most
/// frequent first: `a*` would otherwise be a query of every word in `a`.
pub const MAX_PREFIX_EXPANSIONS: usize = 64;

/// At most this many close indexed words stand in for one word with a typo.
pub const MAX_FUZZY_NEIGHBOURS: usize = 8;

/// The last result a search can reach: `offset + limit` may not exceed it.
///
/// Ranking keeps `offset + limit` hits (twice that when collapsing
/// near-duplicates) and every hit of the page is read back with its
/// snippets; no one reads past the first pages. A page of 10,000 hits
/// over 230,000 articles took about a second in a debug build.
pub const MAX_PAGE_END: usize = 10_000;

/// The least memory one indexing thread can work with (tantivy's floor).
pub const MIN_MEMORY_PER_THREAD: usize = 15_000_000;

/// The memory one indexing thread must stay below (tantivy's ceiling, about 4 GB).
pub const MAX_MEMORY_PER_THREAD: usize = u32::MAX as usize - 1_000_000;

/// The writer's memory budget unless told otherwise. A bigger one writes
/// fewer, bigger segments but is no faster, since a run merges what it wrote
/// at its end anyway (1 GB of news: 44-50 s at 128 MB, 44-50 s at 256 MB,
/// peak RSS 327-347 MB against 481-498 MB).
pub const DEFAULT_MEMORY_BUDGET: usize = 128 * 1024 * 1024;

/// How long a run waits for the writer lock before it reports the index busy.
/// A lock this process has just released can look held for a moment: a child
/// process that another thread is starting shares the lock's open file until it
/// runs its program.
pub const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_millis(250);
