//! Walking the folders: every file [`rules`] take, sorted into articles to
//! consider, files of other kinds, and paths that could not be read; in
//! parallel and gathered ([`walk`]), or one by one as it goes ([`stream`]).

use std::path::{Path, PathBuf};

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Mutex;

use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkState};

use super::report::{FileError, IndexReport, Progress};
use super::scope::Scope;
use super::{read, rules};
use crate::error::Result;
use crate::extract::Format;
use crate::paths::display_path;
use crate::store::{schema, WalkRecord};

/// A file that may hold articles, with what `stat` says of it. A later run
/// holds one for every file it reads, so it is kept small (40 bytes and its
/// path).
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// The path, as the index stores it (a path that is not UTF-8 is never a candidate).
    pub key: Box<str>,
    /// Where its name starts in `key` (see [`name_start`]).
    pub name_at: usize,
    pub size: u64,
    pub mtime: u64,
}

impl Candidate {
    pub fn path(&self) -> &Path {
        Path::new(&*self.key)
    }

    /// The file's path from the outermost indexed folder that holds it, that
    /// folder's name included (`corpus/2024/a.txt`): what its articles' ids
    /// are made of, so that they do not depend on where the folder lies.
    pub fn name(&self) -> &str {
        self.key.get(self.name_at..).unwrap_or(&self.key)
    }
}

/// Whether the file at path key `key` is inside the folder `root` (both
/// absolute, as the index stores them): a string test, as paths go, not a
/// prefix test ("/news-old/a.txt" is not under "/news").
pub(crate) fn is_under(key: &str, root: &str) -> bool {
    // A file indexed on its own is its own root.
    if key == root {
        return true;
    }
    key.strip_prefix(root).is_some_and(|rest| {
        rest.starts_with(std::path::MAIN_SEPARATOR) || root.ends_with(std::path::MAIN_SEPARATOR)
    })
}

/// Where the name of the file at path key `key` starts: after the parent of
/// the outermost of `folders` (the index's folders, absolute) that holds it;
/// 0, the whole path, for a file under none of them. The outermost, so that
/// the name of a file under nested indexed folders does not depend on which
/// of them a run walked.
pub(crate) fn name_start(key: &str, folders: &[&str]) -> usize {
    let separator = std::path::MAIN_SEPARATOR;
    let Some(outermost) = folders
        .iter()
        .filter(|folder| is_under(key, folder))
        .min_by_key(|folder| folder.len())
    else {
        return 0;
    };
    outermost
        .trim_end_matches(separator)
        .rfind(separator)
        .map_or(0, |at| at + separator.len_utf8())
}

#[derive(Debug, Default)]
pub(crate) struct Walked {
    /// The files found that the walk's [`Sieve`] kept, in path key order.
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<PathBuf>,
    pub errors: Vec<FileError>,
    /// Paths the walk could not look into although they are there
    /// (permissions, link loops): what the index holds under them stays.
    pub unseen: Vec<PathBuf>,
}

impl Walked {
    /// Moves what the walk skipped and could not read into `report`
    /// (after the errors it holds already: the folders a refresh no longer
    /// finds).
    pub(super) fn report_into(&mut self, report: &mut IndexReport) {
        report.skipped.append(&mut self.skipped);
        report.errors.append(&mut self.errors);
    }

    fn extend(&mut self, other: Walked) {
        self.candidates.extend(other.candidates);
        self.skipped.extend(other.skipped);
        self.errors.extend(other.errors);
        self.unseen.extend(other.unseen);
    }
}

/// Which of the files a walk finds it keeps. A later run keeps only those it
/// must read: the indexed files it meets unchanged are marked and let go, so
/// a walk of millions of them holds none.
pub(crate) trait Sieve: Sync {
    /// Whether to keep `candidate`; asked once for each file found, on the
    /// walking thread that found it, with that thread's own `hint`.
    fn keep(&self, candidate: &Candidate, hint: &mut Hint) -> bool;
}

/// What a [`Sieve`] remembers on one walking thread between two files: the
/// files of a folder come one after another, so a look-up can start from
/// where the last one found their folder.
#[derive(Debug, Default)]
pub(crate) struct Hint {
    /// The last file's folder, with its trailing separator.
    pub folder: String,
    /// Where the sieve found that folder.
    pub range: std::ops::Range<usize>,
}

/// Walks every root recursively on `threads` threads, as [`rules`] says and
/// `walks` asks for each root (by default when it has no entry there),
/// following symbolic links (loops are reported, not followed). `folders`
/// are all the index's folders, which the files' names are taken from;
/// with a `scope`, only what it holds is walked. Only the files `sieve`
/// keeps are held.
/// What it yields is sorted: the same folders always walk the same.
pub(crate) fn walk(
    roots: &[PathBuf],
    walks: &BTreeMap<PathBuf, WalkRecord>,
    scope: Option<&Scope>,
    folders: &[&str],
    (threads, sieve): (usize, &dyn Sieve),
    progress: &dyn Progress,
) -> Result<Walked> {
    let found = Mutex::new(Walked::default());
    let by_default = WalkRecord::default();
    for root in roots {
        let walk = walks.get(root).unwrap_or(&by_default);
        let mut visitors = Visitors {
            root,
            found: &found,
            folders,
            sieve,
            progress,
        };
        let within = scope.and_then(|scope| scope.within(root));
        rules::walker(root, walk, threads, within)?
            .build_parallel()
            .visit(&mut visitors);
    }
    let mut walked = found.into_inner().unwrap_or_default();
    // A file under two overlapping roots is one file.
    walked.candidates.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    walked.candidates.dedup_by(|a, b| a.key == b.key);
    // Gathered from the threads' lists, it may hold twice the room it needs.
    walked.candidates.shrink_to_fit();
    walked.skipped.sort();
    walked.skipped.dedup();
    walked.errors.sort_by(|a, b| a.path.cmp(&b.path));
    walked.unseen.sort();
    Ok(walked)
}

/// Walks `roots` as [`walk`] does, on this thread and in the order of the
/// files' path keys, as [`walk`] sorts them, handing each candidate to
/// `found` as it is met instead of holding them: a first run over a big
/// archive keeps no record of its files. Stops early when `found` says so.
/// The roots must not hold one another (a file under two would be handed
/// over twice). What it returns holds no candidates.
pub(crate) fn stream(
    roots: &[PathBuf],
    walks: &BTreeMap<PathBuf, WalkRecord>,
    folders: &[&str],
    progress: &dyn Progress,
    mut found: impl FnMut(Candidate) -> bool,
) -> Result<Walked> {
    let gathered = Mutex::new(Walked::default());
    let by_default = WalkRecord::default();
    let counted = Finding(progress);
    // Apart, each root's files are the keys that start with it and a
    // separator (or the root itself, a file): ordered so, the roots' files
    // follow one another in key order.
    let mut roots: Vec<&PathBuf> = roots.iter().collect();
    roots.sort_by_cached_key(|root| {
        let mut key = root.as_os_str().as_encoded_bytes().to_vec();
        if root.is_dir() {
            key.push(SEPARATOR);
        }
        key
    });
    'roots: for root in roots {
        let walk = walks.get(root).unwrap_or(&by_default);
        let mut visitor = Visitor {
            root,
            mine: Walked::default(),
            found: &gathered,
            folders,
            sieve: &Everything,
            hint: Hint::default(),
            progress: &counted,
        };
        let mut walker = rules::walker(root, walk, 1, None)?;
        walker.sort_by_file_path(key_order);
        for entry in walker.build() {
            visitor.visit(entry);
            for candidate in visitor.mine.candidates.drain(..) {
                if !found(candidate) {
                    break 'roots;
                }
            }
        }
    }
    let mut walked = gathered.into_inner().unwrap_or_default();
    walked.skipped.sort();
    walked.errors.sort_by(|a, b| a.path.cmp(&b.path));
    walked.unseen.sort();
    Ok(walked)
}

/// The path separator, one byte on every system the index runs on.
const SEPARATOR: u8 = std::path::MAIN_SEPARATOR as u8;

/// Orders two entries of one folder as the path keys of the files in them
/// sort: by name, but a folder as its name and a separator, as every key
/// under it reads ("a.txt" and "a-b.txt" come before the files of the
/// folder "a", "a0.txt" after them). Only a name that begins the other,
/// which goes on with a character below the separator, asks whether it is a
/// folder: a `stat` in that rare case alone.
fn key_order(a: &Path, b: &Path) -> Ordering {
    let (Some(x), Some(y)) = (a.file_name(), b.file_name()) else {
        return a.cmp(b);
    };
    let (x, y) = (x.as_encoded_bytes(), y.as_encoded_bytes());
    let below_separator = |rest: &[u8]| rest.first().is_some_and(|&c| c < SEPARATOR);
    if y.strip_prefix(x).is_some_and(below_separator) && a.is_dir() {
        return Ordering::Greater;
    }
    if x.strip_prefix(y).is_some_and(below_separator) && b.is_dir() {
        return Ordering::Less;
    }
    x.cmp(y)
}

/// Whether no root holds another, so that [`stream`] meets each file once.
pub(crate) fn apart(roots: &[PathBuf]) -> bool {
    roots.iter().enumerate().all(|(i, a)| {
        roots.iter().enumerate().all(|(j, b)| {
            i == j
                || match (a.to_str(), b.to_str()) {
                    (Some(a), Some(b)) => !is_under(a, b),
                    _ => false,
                }
        })
    })
}

/// Counts the files a streamed walk finds as work the run learns of.
struct Finding<'a>(&'a dyn Progress);

impl Progress for Finding<'_> {
    fn advance(&self, n: u64) {
        self.0.found(n);
    }
}

/// Makes one [`Visitor`] a walking thread; each adds what it found to
/// `found` when the walk is over.
struct Visitors<'a> {
    root: &'a Path,
    found: &'a Mutex<Walked>,
    folders: &'a [&'a str],
    sieve: &'a dyn Sieve,
    progress: &'a dyn Progress,
}

impl<'a> ParallelVisitorBuilder<'a> for Visitors<'a> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 'a> {
        Box::new(Visitor {
            root: self.root,
            mine: Walked::default(),
            found: self.found,
            folders: self.folders,
            sieve: self.sieve,
            hint: Hint::default(),
            progress: self.progress,
        })
    }
}

/// What one walking thread finds.
struct Visitor<'a> {
    root: &'a Path,
    mine: Walked,
    found: &'a Mutex<Walked>,
    folders: &'a [&'a str],
    sieve: &'a dyn Sieve,
    hint: Hint,
    progress: &'a dyn Progress,
}

/// Keeps every file: a streamed walk hands each over.
struct Everything;

impl Sieve for Everything {
    fn keep(&self, _: &Candidate, _: &mut Hint) -> bool {
        true
    }
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        if let Ok(mut found) = self.found.lock() {
            found.extend(std::mem::take(&mut self.mine));
        }
    }
}

impl ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: std::result::Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(entry) => self.entry(&entry),
            Err(error) => self.error(&error),
        }
        WalkState::Continue
    }
}

impl Visitor<'_> {
    fn entry(&mut self, entry: &DirEntry) {
        if let Some(error) = entry.error() {
            // An ignore file with a line that cannot be read: the rest applies.
            self.mine.errors.push(FileError {
                path: display_path(error_path(error).unwrap_or(entry.path())),
                reason: format!("ignore file partly read: {}", plain(error)),
            });
        }
        let Some(kind) = entry.file_type() else {
            return;
        };
        let path = entry.path();
        if kind.is_file() {
            if !Format::is_candidate(path) {
                self.mine.skipped.push(display_path(path));
            } else {
                match candidate(entry, self.folders) {
                    Ok(candidate) => {
                        if self.sieve.keep(&candidate, &mut self.hint) {
                            self.mine.candidates.push(candidate);
                        }
                    }
                    Err((error, unseen)) => {
                        self.mine.unseen.extend(unseen);
                        self.mine.errors.push(error);
                    }
                }
            }
            self.progress.advance(1);
        } else if !kind.is_dir() && Format::is_candidate(path) {
            // A named pipe called `x.txt` would block the read that waits
            // for its writer: it is reported, never opened.
            self.mine.errors.push(FileError {
                path: display_path(path),
                reason: read::NOT_A_FILE.to_owned(),
            });
        }
    }

    fn error(&mut self, error: &ignore::Error) {
        let path = error_path(error).unwrap_or(self.root);
        if !is_gone(error) {
            self.mine.unseen.push(path.to_path_buf());
        }
        self.mine.errors.push(FileError {
            path: display_path(path),
            reason: walk_reason(error, path),
        });
    }
}

/// A file that may hold articles, with what `stat` says of it; else why
/// not, with its path when it is there but could not be looked at.
fn candidate(
    entry: &DirEntry,
    folders: &[&str],
) -> std::result::Result<Candidate, (FileError, Option<PathBuf>)> {
    let path = entry.path();
    let error = |reason: String| FileError {
        path: display_path(path),
        reason,
    };
    let Some(key) = schema::path_key(path) else {
        return Err((error("file name is not valid UTF-8".to_owned()), None));
    };
    let meta = entry.metadata().map_err(|e| {
        let unseen = (!is_gone(&e)).then(|| path.to_path_buf());
        (error(walk_reason(&e, path)), unseen)
    })?;
    Ok(Candidate {
        key: key.into(),
        name_at: name_start(key, folders),
        size: meta.len(),
        mtime: schema::mtime_nanos(meta.modified()),
    })
}

/// A candidate for one file by its path, outside any walk (a copy of a story
/// in another folder that must be read again); `None` if it cannot be seen.
pub(crate) fn stat(path: &Path, folders: &[&str]) -> Option<Candidate> {
    let meta = std::fs::metadata(path).ok()?;
    let key = schema::path_key(path)?;
    Some(Candidate {
        key: key.into(),
        name_at: name_start(key, folders),
        size: meta.len(),
        mtime: schema::mtime_nanos(meta.modified()),
    })
}

/// The path an error of the walk is about.
fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errors) => errors.iter().find_map(error_path),
        _ => None,
    }
}

/// Whether the error is a symbolic link that leads back to a folder above it.
fn is_loop(error: &ignore::Error) -> bool {
    match error {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

/// Whether the walk found nothing at a path, rather than something it
/// could not look into: a file deleted meanwhile, a link to nothing.
fn is_gone(error: &ignore::Error) -> bool {
    !is_loop(error)
        && error
            .io_error()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
}

fn walk_reason(error: &ignore::Error, path: &Path) -> String {
    if is_loop(error) {
        return "symbolic link loop, not followed".to_owned();
    }
    if is_gone(error) {
        if let Some(target) = broken_link(path) {
            return format!(
                "broken symbolic link: it points to {}, which does not exist",
                target.display()
            );
        }
    }
    match error.io_error() {
        Some(io) => io_reason(io),
        None => plain(error),
    }
}

/// An error of the walk in words, without the path it names first.
fn plain(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => plain(err),
        ignore::Error::Partial(errors) => errors.iter().map(plain).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

/// Where `path` points, when it is a symbolic link whose target is missing.
fn broken_link(path: &Path) -> Option<PathBuf> {
    let target = std::fs::read_link(path).ok()?;
    (!path.exists()).then_some(target)
}

/// A few words on an I/O error, without the "(os error 13)" noise.
pub(crate) fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let error = innermost(error);
    match error.kind() {
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::NotFound => "file disappeared during the run".to_owned(),
        #[cfg(unix)]
        _ if error.raw_os_error() == Some(libc::ELOOP) => {
            "symbolic link loop, not followed".to_owned()
        }
        _ => error.to_string(),
    }
}

/// The system's own error within `error`: the sorted walk reports
/// one wrapped in its own error, which names the path again.
fn innermost(error: &std::io::Error) -> &std::io::Error {
    let mut source = error
        .get_ref()
        .map(|inner| inner as &(dyn std::error::Error + 'static));
    while let Some(inner) = source {
        if let Some(io) = inner.downcast_ref::<std::io::Error>() {
            return innermost(io);
        }
        source = inner.source();
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_link_to_itself_is_a_loop() {
        let looped = std::io::Error::from_raw_os_error(libc::ELOOP);
        assert_eq!(io_reason(&looped), "symbolic link loop, not followed");

        /// An error about a path that holds the system's, as the walk's do.
        #[derive(Debug)]
        struct OnPath(std::io::Error);
        impl std::fmt::Display for OnPath {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "IO error for operation on /news/a.txt: {}", self.0)
            }
        }
        impl std::error::Error for OnPath {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let wrapped = |code| std::io::Error::other(OnPath(std::io::Error::from_raw_os_error(code)));
        assert_eq!(
            io_reason(&wrapped(libc::ELOOP)),
            "symbolic link loop, not followed"
        );
        assert_eq!(io_reason(&wrapped(libc::EACCES)), "permission denied");
        assert!(!io_reason(&wrapped(libc::EIO)).contains("/news/a.txt"));
    }

    #[cfg(unix)]
    #[test]
    fn a_key_is_under_a_root_only_below_a_separator() {
        assert!(is_under("/news/a.txt", "/news"));
        assert!(is_under("/news/2024/a.txt", "/news"));
        assert!(is_under("/a.txt", "/"));
        assert!(!is_under("/news-old/a.txt", "/news"));
        assert!(!is_under("/newsa.txt", "/news"));
        assert!(!is_under("/other/a.txt", "/news"));
    }

    #[cfg(unix)]
    #[test]
    fn roots_are_apart_when_none_holds_another() {
        let roots = |r: &[&str]| r.iter().map(PathBuf::from).collect::<Vec<_>>();
        assert!(apart(&roots(&["/news", "/news-old", "/srv/a.txt"])));
        assert!(apart(&roots(&["/news"])));
        assert!(!apart(&roots(&["/news", "/news/2024"])));
        assert!(!apart(&roots(&["/news/2024/a.txt", "/news"])));
    }

    #[test]
    fn a_streamed_walk_hands_files_over_in_key_order_and_stops_when_told() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "z.txt",
            "a.txt",
            "m/b.txt",
            "m/a.txt",
            "m/c/d.txt",
            "m.txt",
            "m-n.txt",
            "m0.txt",
            "notes.pdf",
            "a-b.txt",
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "Title\n\nBody.\n").unwrap();
        }
        let roots = [dir.path().canonicalize().unwrap()];
        let root = roots[0].to_str().unwrap();
        let walk = |stop_after: usize| {
            let mut handed = Vec::new();
            let walked = stream(&roots, &BTreeMap::new(), &[root], &(), |c| {
                handed.push(c.name().to_owned());
                handed.len() < stop_after
            })
            .unwrap();
            (handed, walked)
        };
        let (handed, walked) = walk(usize::MAX);
        let folder = roots[0].file_name().unwrap().to_str().unwrap();
        let expected: Vec<String> = [
            "a-b.txt",
            "a.txt",
            "m-n.txt",
            "m.txt",
            "m/a.txt",
            "m/b.txt",
            "m/c/d.txt",
            "m0.txt",
            "z.txt",
        ]
        .iter()
        .map(|name| format!("{folder}/{name}"))
        .collect();
        assert_eq!(handed, expected);
        // The order of the sorted walk a later run makes.
        let sorted = super::walk(
            &roots,
            &BTreeMap::new(),
            None,
            &[root],
            (2, &Everything),
            &(),
        )
        .unwrap();
        let names: Vec<&str> = sorted.candidates.iter().map(Candidate::name).collect();
        assert_eq!(handed, names);
        assert!(walked.candidates.is_empty());
        assert_eq!(walked.skipped.len(), 1, "{:?}", walked.skipped);
        assert_eq!(walk(2).0, expected[..2]);
    }

    #[test]
    fn a_walk_holds_only_the_files_its_sieve_keeps() {
        struct Ones(std::sync::atomic::AtomicUsize);
        impl Sieve for Ones {
            fn keep(&self, candidate: &Candidate, _: &mut Hint) -> bool {
                self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                candidate.key.ends_with("1.txt")
            }
        }
        let dir = tempfile::tempdir().unwrap();
        for name in ["a/1.txt", "a/2.txt", "b/1.txt", "b/2.txt", "c.txt", "d.pdf"] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "Title\n\nBody.\n").unwrap();
        }
        let roots = [dir.path().canonicalize().unwrap()];
        let root = roots[0].to_str().unwrap();
        let sieve = Ones(Default::default());
        let walked = walk(&roots, &BTreeMap::new(), None, &[root], (2, &sieve), &()).unwrap();
        let folder = roots[0].file_name().unwrap().to_str().unwrap();
        let names: Vec<&str> = walked.candidates.iter().map(Candidate::name).collect();
        assert_eq!(
            names,
            [format!("{folder}/a/1.txt"), format!("{folder}/b/1.txt")]
        );
        // Asked once for each file that may hold articles, not for the others.
        assert_eq!(sieve.0.into_inner(), 5);
        assert_eq!(walked.skipped.len(), 1);
    }

    #[test]
    fn streamed_roots_follow_one_another_in_key_order() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["news/a.txt", "news-old/a.txt", "news.txt"] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "Title\n\nBody.\n").unwrap();
        }
        let base = dir.path().canonicalize().unwrap();
        let roots = ["news", "news.txt", "news-old"].map(|r| base.join(r));
        let folders: Vec<&str> = roots.iter().map(|r| r.to_str().unwrap()).collect();
        let mut handed = Vec::new();
        stream(&roots, &BTreeMap::new(), &folders, &(), |c| {
            handed.push(c.name().to_owned());
            true
        })
        .unwrap();
        assert_eq!(handed, ["news-old/a.txt", "news.txt", "news/a.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_name_starts_at_the_outermost_folder_that_holds_the_file() {
        fn name<'a>(key: &'a str, folders: &[&str]) -> &'a str {
            &key[name_start(key, folders)..]
        }
        let folders = ["/home/a/corpus", "/home/a/corpus/2024", "/srv/news/"];
        assert_eq!(name("/home/a/corpus/x.txt", &folders), "corpus/x.txt");
        assert_eq!(
            name("/home/a/corpus/2024/x.txt", &folders),
            "corpus/2024/x.txt"
        );
        assert_eq!(name("/srv/news/x.txt", &folders), "news/x.txt");
        assert_eq!(name("/x.txt", &["/"]), "/x.txt");
        assert_eq!(name("/elsewhere/x.txt", &folders), "/elsewhere/x.txt");
    }
}
