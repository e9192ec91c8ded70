//! Where an index goes: what stands at the index path (nothing yet, an empty
//! folder, an index, or someone else's files), which files there are the
//! index's own, and taking back an index that a failed run created, so that
//! the disk is left as the run found it.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::record;
use crate::error::{Error, Occupant, Result};

/// The record of a commit, and tantivy's list of the files it wrote.
pub(super) const META: &str = "meta.json";
pub(super) const MANAGED: &str = ".managed.json";

/// The lock files tantivy makes beside an index; they hold no data.
const LOCKS: [&str; 2] = [".tantivy-meta.lock", ".tantivy-writer.lock"];

/// What stands at an index path that is not someone else's.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Place {
    /// Nothing, or an empty folder (lock files aside): room for a new index.
    Free,
    /// tantivy's record of an index: the index, sound or damaged, or
    /// another program's (opening tells them apart).
    Index,
}

/// Looks at `path` without changing it: a file there, or a folder of other
/// files, is [`Error::NotAnIndex`], never to be written into or deleted.
pub(super) fn inspect(path: &Path) -> Result<Place> {
    let unreadable = |source| Error::IndexAccess {
        path: path.to_path_buf(),
        writing: false,
        source,
    };
    match std::fs::metadata(path) {
        // A file standing where a parent folder should be fails creation,
        // which says so; there is no index here in any case.
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return Ok(Place::Free)
        }
        Err(e) => return Err(unreadable(e)),
        Ok(meta) if !meta.is_dir() => return Err(not_an_index(path, Occupant::File)),
        Ok(_) => {}
    }
    for name in [META, MANAGED] {
        if path.join(name).try_exists().map_err(unreadable)? {
            return Ok(Place::Index);
        }
    }
    // Hidden files are housekeeping (a `.gitignore` or `.gitkeep` that keeps
    // an empty index folder in a repository, tantivy's lock files), not
    // someone's documents: the index may go beside them.
    let mut entries = std::fs::read_dir(path).map_err(unreadable)?;
    let other = entries.any(|entry| {
        entry.map_or(true, |e| {
            e.file_name().as_encoded_bytes().first() != Some(&b'.')
        })
    });
    match other {
        true => Err(not_an_index(path, Occupant::OtherFiles)),
        false => Ok(Place::Free),
    }
}

pub(super) fn not_an_index(path: &Path, found: Occupant) -> Error {
    Error::NotAnIndex {
        path: path.to_path_buf(),
        found,
    }
}

/// Whether tantivy's list of its files is there: without it, a `meta.json`
/// tantivy cannot read is someone else's file, not a damaged index.
pub(super) fn has_file_list(path: &Path) -> bool {
    path.join(MANAGED).is_file()
}

/// Whether every file at `path` is hidden, as the ones tantivy writes
/// before an index's first commit are (its list, locks, temporary files).
pub(super) fn only_hidden_files(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|entries| {
        entries
            .filter_map(|e| e.ok())
            .all(|e| e.file_name().as_encoded_bytes().first() == Some(&b'.'))
    })
}

/// The files at `path` named as tantivy names segment files.
fn segment_files(path: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(path) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| is_segment_file(name))
        .collect()
}

/// The payload of the last commit as `meta.json` holds it, read without
/// tantivy, so that it is found even when the index cannot be opened.
pub(super) fn payload(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path.join(META)).ok()?;
    let meta: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    meta.get("payload")?.as_str().map(str::to_owned)
}

/// The outermost folder of `path` that does not exist yet: what creating
/// an index there makes, and taking it back removes.
pub(super) fn first_missing(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .take_while(|p| !p.as_os_str().is_empty() && !p.exists())
        .last()
        .map(Path::to_path_buf)
}

/// Removes the files of the index at `path`: `meta.json`, tantivy's list and
/// every file on it, files named as tantivy names segment files (a
/// damaged list may have lost them) and the store's dictionary, with the
/// lock files when `locks`.
/// Nothing else in the folder is touched.
pub(super) fn remove_own_files(path: &Path, locks: bool) -> Result<()> {
    let listed: Vec<String> = std::fs::read(path.join(MANAGED))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let mut names: Vec<String> = listed;
    names.extend([META.to_owned(), MANAGED.to_owned()]);
    names.extend(record::OWN_FILES.iter().map(|f| (*f).to_owned()));
    if locks {
        names.extend(LOCKS.iter().map(|l| (*l).to_owned()));
    }
    names.extend(segment_files(path));
    for name in names {
        // Names come from the index's own list; never follow one out of it.
        if name.contains('/') || name.contains('\\') || name.contains("..") {
            continue;
        }
        match std::fs::remove_file(path.join(&name)) {
            Err(e) if e.kind() != ErrorKind::NotFound => {
                return Err(Error::IndexAccess {
                    path: path.to_path_buf(),
                    writing: true,
                    source: e,
                })
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether `name` is as tantivy names a segment's files: the segment's id
/// (32 hexadecimal digits), a dot, and an extension (`.del` files have the
/// deletes' opstamp before it).
fn is_segment_file(name: &str) -> bool {
    let Some((id, extension)) = name.split_once('.') else {
        return false;
    };
    id.len() == 32
        && id.bytes().all(|b| b.is_ascii_hexdigit())
        && !extension.is_empty()
        && extension
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.')
}

/// What creating an index made, so that a first run that fails can take it
/// back: the index's files, and the folders made for it.
#[derive(Debug)]
pub(crate) struct Creation {
    /// The outermost folder made for the index, if it did not exist.
    made: Option<PathBuf>,
}

impl Creation {
    pub(super) fn new(made: Option<PathBuf>) -> Creation {
        Creation { made }
    }

    /// Removes the index created at `path` and the folders made for it, as
    /// far as they are empty then. Best effort: the failure that calls for
    /// it is the one to report.
    pub(super) fn take_back(&self, path: &Path) {
        let _ = remove_own_files(path, true);
        let Some(made) = &self.made else {
            return;
        };
        for folder in path.ancestors() {
            if std::fs::remove_dir(folder).is_err() || folder == made {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_files_are_told_by_their_names() {
        assert!(is_segment_file("499afc461f20428fb7f980afaa99e9d2.idx"));
        assert!(is_segment_file("499afc461f20428fb7f980afaa99e9d2.12.del"));
        assert!(!is_segment_file("notes.txt"));
        assert!(!is_segment_file("499afc461f20428fb7f980afaa99e9d2"));
        assert!(!is_segment_file("499afc461f20428fb7f980afaa99e9dz.idx"));
    }

    #[test]
    fn inspecting_tells_free_room_from_other_files_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        assert_eq!(inspect(&path).unwrap(), Place::Free);
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join(".tantivy-writer.lock"), "").unwrap();
        assert_eq!(inspect(&path).unwrap(), Place::Free);
        // A folder kept in a repository by its `.gitignore` is room too.
        std::fs::write(path.join(".gitignore"), "*\n!.gitignore\n").unwrap();
        assert_eq!(inspect(&path).unwrap(), Place::Free);
        std::fs::write(path.join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            inspect(&path),
            Err(Error::NotAnIndex {
                found: Occupant::OtherFiles,
                ..
            })
        ));
        let file = dir.path().join("file");
        std::fs::write(&file, "").unwrap();
        assert!(matches!(
            inspect(&file),
            Err(Error::NotAnIndex {
                found: Occupant::File,
                ..
            })
        ));
        assert_eq!(std::fs::read(path.join("notes.txt")).unwrap(), b"mine");
    }

    #[test]
    fn taking_back_removes_only_what_was_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/index");
        let creation = Creation::new(first_missing(&path));
        std::fs::create_dir_all(&path).unwrap();
        std::fs::write(path.join(META), "{}").unwrap();
        std::fs::write(path.join(".tantivy-meta.lock"), "").unwrap();
        creation.take_back(&path);
        assert!(!dir.path().join("a").exists());
        assert!(dir.path().exists());
    }
}
