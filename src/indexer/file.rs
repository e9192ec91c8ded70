//! One file of a run: read within its bound, extracted (a parser's panic
//! costs the file, never the run), fingerprinted and written, its old
//! articles replaced; and the tally of what became of the files.

use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Mutex;

use tantivy::{IndexWriter, TantivyDocument, Term};

use super::read;
use super::report::FileError;
use super::report::IndexReport;
use super::walk::{self, Candidate};
use crate::aliases::SourceAliases;
use crate::article::Article;
use crate::error::{ExtractError, Result};
use crate::extract;
use crate::hash::FastSet;
use crate::language::article_language;
use crate::limits::{MAX_BODY_BYTES, MAX_FILE_BYTES};
use crate::paths::display_path;
use crate::store::fingerprint;
use crate::store::schema::{self, Copy, FileState, Origin};
use crate::store::NewsIndex;
use crate::text::floor_boundary;

impl NewsIndex {
    /// Reads, extracts and adds one file's articles, replacing its old ones.
    /// An article whose content is already searchable (`claimed`) is stored as
    /// a copy: its path is listed with the story, its text not indexed again.
    pub(super) fn index_file(
        &self,
        writer: &IndexWriter<TantivyDocument>,
        job: &Job,
        claimed: &Mutex<FastSet<u64>>,
        aliases: &SourceAliases,
    ) -> Result<FileOutcome> {
        let candidate = &job.candidate;
        let error = |reason: String| FileError {
            path: display_path(candidate.path()),
            reason,
        };
        let contents = match read::read_bounded(candidate.path()) {
            Ok(contents) => contents,
            Err(e) => {
                return Ok(FileOutcome::from(Change::Failed(error(walk::io_reason(
                    &e,
                )))))
            }
        };
        let mut warnings = Vec::new();
        if contents.truncated {
            warnings.push(error(format!(
                "file truncated: only the first {MAX_FILE_BYTES} of its {} bytes were read",
                contents.size
            )));
        }
        // A parser that panics on a strange file (the fuzzers found such in
        // the feed reader) costs that file, never the run.
        let extract = || extract::extract_file(candidate.path(), &contents.bytes);
        let extracted = match std::panic::catch_unwind(extract) {
            Ok(Ok(extracted)) if extracted.articles.is_empty() => Err(ExtractError::NoArticles),
            Ok(other) => other,
            Err(panic) => Err(ExtractError::ParserFailed {
                reason: panic_message(panic.as_ref()),
            }),
        };
        let extracted = match extracted {
            Ok(extracted) => extracted,
            Err(ExtractError::Unsupported) => {
                let path = display_path(candidate.path());
                return Ok(FileOutcome::from(Change::Unsupported(path)).warned(warnings));
            }
            Err(e) => {
                let failed = FileOutcome::from(Change::Failed(error(e.to_string())));
                return Ok(failed.warned(warnings));
            }
        };
        let state = FileState {
            size: contents.size,
            mtime: candidate.mtime,
            hash: contents.hash(),
        };
        drop(contents);
        let fields = self.fields();
        if job.was_indexed() {
            writer.delete_term(Term::from_field_text(fields.path, &candidate.key));
        }
        let mut duplicates = 0;
        for (position, mut article) in extracted.articles {
            if let Some(source) = &article.source {
                let name = aliases.resolve(source);
                if name != source {
                    article.source = Some(name.to_owned());
                }
            }
            if let Some(full) = cut_body(&mut article) {
                let at = match position {
                    0 => String::new(),
                    n => format!("article {n}: "),
                };
                warnings.push(error(format!(
                    "{at}body truncated to {MAX_BODY_BYTES} bytes (it has {full})"
                )));
            }
            let fingerprint = fingerprint::fingerprint(&article);
            let first = claimed
                .lock()
                .map_or(true, |mut c| c.insert(fingerprint.content));
            let copy = if first {
                Copy::Searchable
            } else {
                Copy::Duplicate
            };
            duplicates += usize::from(!first);
            if first {
                // Stored as an ISO 639-1 code, stated or detected: it picks
                // the article's analysis, and `lang:` and `--lang` match it.
                article.language = article_language(&article);
            }
            let origin = Origin {
                path: &candidate.key,
                name: candidate.name(),
                state,
                position,
            };
            let doc =
                schema::to_document(fields, self.records(), origin, &article, fingerprint, copy)
                    .map_err(|e| self.error(e.into()))?;
            writer.add_document(doc).map_err(|e| self.error(e))?;
        }
        let change = match job.old_hash() {
            None => Change::Added,
            // Same bytes, new timestamp: rewritten so the next run need not read it.
            Some(old) if old == state.hash => Change::Touched,
            Some(_) => Change::Updated,
        };
        let problems = extracted
            .problems
            .into_iter()
            .map(|p| error(format!("{}: {}", p.location, p.reason)))
            .collect();
        Ok(FileOutcome {
            change,
            problems,
            warnings,
            duplicates,
        })
    }
}

/// What a panic said, for a report.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no reason given".to_owned())
}

/// A file to read in this run. A run that reads every file holds one for
/// each, so it is kept small (32 bytes: the old hash and the file's place
/// among the indexed ones, if it has one, are two fields, as an `Option`
/// of each would take 16 bytes).
pub(super) struct Job<'a> {
    pub(super) candidate: Found<'a>,
    /// The content hash the index holds for it, when it was indexed.
    old_hash: u64,
    /// Its place among the indexed files ([`Known::key`]), or
    /// [`NOT_INDEXED`].
    ///
    /// [`Known::key`]: crate::store::known::Known::key
    known_at: u32,
    /// Read again only so a copy can replace a removed searchable article.
    pub(super) reread: bool,
}

/// The place of a file the index does not hold.
const NOT_INDEXED: u32 = u32::MAX;

impl<'a> Job<'a> {
    /// A job for `candidate`, with its place among the indexed files and
    /// their state when it was indexed.
    pub(super) fn new(
        candidate: Found<'a>,
        old: Option<(usize, &FileState)>,
        reread: bool,
    ) -> Job<'a> {
        Job {
            candidate,
            old_hash: old.map_or(0, |(_, old)| old.hash),
            known_at: old.map_or(NOT_INDEXED, |(at, _)| {
                u32::try_from(at).unwrap_or(NOT_INDEXED)
            }),
            reread,
        }
    }

    /// The file's place among the indexed files, if the index holds it.
    pub(super) fn known_at(&self) -> Option<usize> {
        (self.known_at != NOT_INDEXED).then_some(self.known_at as usize)
    }

    /// Whether the index holds the file already.
    pub(super) fn was_indexed(&self) -> bool {
        self.known_at != NOT_INDEXED
    }

    /// The content hash the index holds for the file, if it does.
    fn old_hash(&self) -> Option<u64> {
        self.was_indexed().then_some(self.old_hash)
    }
}

/// A job's file: one the walk found and holds, or one the job holds itself
/// (a copy of a story outside the folders walked, or a file of a run that
/// reads files as the walk finds them).
pub(super) enum Found<'a> {
    Walked(&'a Candidate),
    Own(Box<Candidate>),
}

impl Deref for Found<'_> {
    type Target = Candidate;

    fn deref(&self) -> &Candidate {
        match self {
            Found::Walked(candidate) => candidate,
            Found::Own(candidate) => candidate,
        }
    }
}

/// What became of the files read so far, added up as each is done.
#[derive(Default)]
pub(super) struct Tally {
    /// Files read.
    pub(super) files: usize,
    /// Files whose articles were written.
    pub(super) written: usize,
    added: usize,
    updated: usize,
    unchanged: usize,
    duplicates: usize,
    skipped: Vec<PathBuf>,
    errors: Vec<FileError>,
    warnings: Vec<FileError>,
}

impl Tally {
    pub(super) fn add(&mut self, outcome: FileOutcome, reread: bool) {
        self.files += 1;
        self.errors.extend(outcome.problems);
        self.warnings.extend(outcome.warnings);
        self.duplicates += outcome.duplicates;
        match outcome.change {
            Change::Added => self.added += 1,
            Change::Updated => self.updated += 1,
            // A copy read again only to take a removed article's place was
            // counted as unchanged already.
            Change::Touched if reread => {}
            Change::Touched => self.unchanged += 1,
            Change::Unsupported(path) => {
                self.skipped.push(path);
                return;
            }
            Change::Failed(error) => {
                self.errors.push(error);
                return;
            }
        }
        self.written += 1;
    }

    pub(super) fn into_report(self, report: &mut IndexReport) {
        report.added += self.added;
        report.updated += self.updated;
        report.unchanged += self.unchanged;
        report.duplicates += self.duplicates;
        report.skipped.extend(self.skipped);
        report.errors.extend(self.errors);
        report.warnings.extend(self.warnings);
    }
}

/// What became of one file read in a run.
pub(super) struct FileOutcome {
    change: Change,
    /// Records of the file that were skipped.
    problems: Vec<FileError>,
    /// What of the file was left out: a truncated read, cut bodies.
    warnings: Vec<FileError>,
    /// Articles stored as copies of a story already indexed.
    duplicates: usize,
}

enum Change {
    Added,
    Updated,
    Touched,
    /// The content shows it is not an article format after all.
    Unsupported(PathBuf),
    Failed(FileError),
}

impl From<Change> for FileOutcome {
    fn from(change: Change) -> Self {
        FileOutcome {
            change,
            problems: Vec::new(),
            warnings: Vec::new(),
            duplicates: 0,
        }
    }
}

impl FileOutcome {
    fn warned(mut self, warnings: Vec<FileError>) -> Self {
        self.warnings = warnings;
        self
    }
}

/// Cuts a body longer than [`MAX_BODY_BYTES`] at the last character
/// boundary within it; returns the length it had when it was cut.
fn cut_body(article: &mut Article) -> Option<usize> {
    let full = article.body.len();
    if full <= MAX_BODY_BYTES {
        return None;
    }
    let end = floor_boundary(&article.body, MAX_BODY_BYTES);
    article.body.truncate(end);
    article.body.shrink_to_fit();
    Some(full)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_body_is_cut_at_a_character_boundary() {
        let mut article = Article {
            body: "é".repeat(MAX_BODY_BYTES / 2 + 10),
            ..Article::default()
        };
        article.body.insert(0, 'x');
        let full = article.body.len();
        assert_eq!(cut_body(&mut article), Some(full));
        assert_eq!(article.body.len(), MAX_BODY_BYTES - 1);
        assert!(article.body.ends_with('é'));
        let mut short = Article {
            body: "short".to_owned(),
            ..Article::default()
        };
        assert_eq!(cut_body(&mut short), None);
        assert_eq!(short.body, "short");
    }

    /// A run holds a candidate and a job for every file it reads: millions
    /// of them for a big archive.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_file_costs_a_run_72_bytes_besides_its_path() {
        assert_eq!(std::mem::size_of::<Candidate>(), 40);
        assert_eq!(std::mem::size_of::<Job>(), 32);
    }
}
