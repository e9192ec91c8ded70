//! Walking the folders: every visible file, sorted into articles to consider,
//! files of other kinds, and paths that could not be read.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::read;
use super::report::{FileError, Progress};
use crate::extract::Format;
use crate::paths::display_path;
use crate::store::schema;

/// A file that may hold articles, with what `stat` says of it.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// The path, as the index stores it (a path that is not UTF-8 is never a candidate).
    pub key: String,
    pub size: u64,
    pub mtime: u64,
}

impl Candidate {
    pub fn path(&self) -> &Path {
        Path::new(&self.key)
    }
}

#[derive(Debug, Default)]
pub(crate) struct Walked {
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<PathBuf>,
    pub errors: Vec<FileError>,
    /// Paths the walk could not look into although they are there
    /// (permissions, link loops): what the index holds under them stays.
    pub unseen: Vec<PathBuf>,
}

/// Walks every root recursively, skipping hidden files and folders, following
/// symbolic links (loops are reported, not followed).
pub(crate) fn walk(roots: &[PathBuf], progress: &dyn Progress) -> Walked {
    let mut walked = Walked::default();
    let mut files = Vec::new();
    for root in roots {
        let entries = WalkDir::new(root)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in entries {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    if Format::is_candidate(entry.path()) {
                        files.push(entry);
                    } else {
                        walked.skipped.push(display_path(entry.path()));
                    }
                    progress.advance(1);
                }
                // A named pipe called `x.txt` would block the read that waits
                // for its writer: it is reported, never opened.
                Ok(entry) if !entry.file_type().is_dir() && Format::is_candidate(entry.path()) => {
                    walked.errors.push(FileError {
                        path: display_path(entry.path()),
                        reason: read::NOT_A_FILE.to_owned(),
                    });
                }
                Ok(_) => {}
                Err(e) => {
                    let path = e.path().unwrap_or(root);
                    if !is_gone(&e) {
                        walked.unseen.push(path.to_path_buf());
                    }
                    walked.errors.push(FileError {
                        path: display_path(path),
                        reason: walk_reason(&e, path),
                    });
                }
            }
        }
    }
    // Listing a folder is one call; asking each file's size and time is one
    // call per file, most of a run that finds nothing new: done in parallel.
    let stated: Vec<_> = files.into_par_iter().map(candidate).collect();
    for result in stated {
        match result {
            Ok(candidate) => walked.candidates.push(candidate),
            Err((error, unseen)) => {
                walked.unseen.extend(unseen);
                walked.errors.push(error);
            }
        }
    }
    // A file under two overlapping roots is one file.
    walked.candidates.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    walked.candidates.dedup_by(|a, b| a.key == b.key);
    walked.skipped.sort();
    walked.skipped.dedup();
    walked
}

/// A file that may hold articles, with what `stat` says of it; else why
/// not, with its path when it is there but could not be looked at.
fn candidate(entry: walkdir::DirEntry) -> Result<Candidate, (FileError, Option<PathBuf>)> {
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
        key: key.to_owned(),
        size: meta.len(),
        mtime: schema::mtime_nanos(meta.modified()),
    })
}

/// A candidate for one file by its path, outside any walk (a copy of a story
/// in another folder that must be read again); `None` if it cannot be seen.
pub(crate) fn stat(path: &Path) -> Option<Candidate> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Candidate {
        key: schema::path_key(path)?.to_owned(),
        size: meta.len(),
        mtime: schema::mtime_nanos(meta.modified()),
    })
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Whether the walk found nothing at a path, rather than something it
/// could not look into: a file deleted meanwhile, a link to nothing.
fn is_gone(error: &walkdir::Error) -> bool {
    error.loop_ancestor().is_none()
        && error
            .io_error()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
}

fn walk_reason(error: &walkdir::Error, path: &Path) -> String {
    if error.loop_ancestor().is_some() {
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
        None => error.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_link_to_itself_is_a_loop() {
        let looped = std::io::Error::from_raw_os_error(libc::ELOOP);
        assert_eq!(io_reason(&looped), "symbolic link loop, not followed");
    }

    #[test]
    fn dot_files_are_hidden() {
        assert!(is_hidden(std::ffi::OsStr::new(".git")));
        assert!(!is_hidden(std::ffi::OsStr::new("news.txt")));
    }
}
