//! Which folders a run reads and which the index records after it: folders
//! named are resolved and checked before anything on disk changes, a refresh
//! reports the folders it no longer finds, and a rebuild records exactly the
//! folders it read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::options::IndexOptions;
use super::report::FileError;
use crate::error::{Error, Result};
use crate::paths::display_path;
use crate::store::{CommitState, NewsIndex, WalkRecord};

/// Why a file indexed on its own is not refreshed.
pub(super) const FILE_GONE: &str = "file no longer exists: its articles stay in the index \
     until it is back; to drop them, rebuild with the folders to keep (\"search index --rebuild FOLDER...\")";

/// Why a folder the index holds is not refreshed.
pub(super) const FOLDER_GONE: &str = "folder no longer exists: its articles stay in the index \
     until it is back; to drop them, rebuild with the folders to keep (\"search index --rebuild FOLDER...\")";

impl NewsIndex {
    /// Opens the index at `path` for [`index_folders`](NewsIndex::index_folders)
    /// with these `folders` and `options`: created on first use when folders
    /// are named (a refresh needs an index to refresh: [`Error::IndexNotFound`]
    /// says so), and with [`IndexOptions::rebuild`] built afresh when it was
    /// written by an incompatible version or cannot be read (without named
    /// folders, those its commit record names).
    ///
    /// The folders and the memory budget are checked first, so a mistake in
    /// them changes nothing on disk; an index created here is removed again
    /// if the first run into it fails.
    pub fn open_for_indexing<P: AsRef<Path>>(
        path: impl AsRef<Path>,
        folders: &[P],
        options: &IndexOptions,
    ) -> Result<NewsIndex> {
        let path = path.as_ref();
        NewsIndex::check_memory_budget(options.memory_budget, options.threads)?;
        options.check(!folders.is_empty())?;
        for folder in folders {
            canonical_folder(folder.as_ref())?;
        }
        match NewsIndex::open(path) {
            Err(Error::IndexNotFound { .. }) if !folders.is_empty() => {
                NewsIndex::create_holding(path, CommitState::default())
            }
            Err(Error::IncompatibleIndex { .. } | Error::DamagedIndex { .. })
                if options.rebuild =>
            {
                let recorded = match folders.is_empty() {
                    true => recorded_state(path)?,
                    false => CommitState::default(),
                };
                NewsIndex::recreate_holding(path, recorded)
            }
            other => other,
        }
    }

    /// The folders a run reads: those named, else those the index holds. A
    /// refresh reports the ones gone and keeps their articles, so an
    /// unmounted drive loses nothing; a rebuild, which would drop them,
    /// refuses.
    pub(super) fn roots<P: AsRef<Path>>(
        &self,
        folders: &[P],
        known: &[PathBuf],
        walks: &BTreeMap<PathBuf, WalkRecord>,
        options: &IndexOptions,
        errors: &mut Vec<FileError>,
    ) -> Result<Vec<PathBuf>> {
        if !folders.is_empty() {
            return folders
                .iter()
                .map(|f| canonical_folder(f.as_ref()))
                .collect();
        }
        if known.is_empty() {
            return Err(Error::NoFolders {
                path: self.path().to_path_buf(),
            });
        }
        let (present, missing): (Vec<_>, Vec<_>) = known.iter().cloned().partition(|f| f.exists());
        if options.rebuild && !missing.is_empty() {
            return Err(Error::MissingFolders {
                path: self.path().to_path_buf(),
                folders: missing.iter().map(|f| display_path(f)).collect(),
            });
        }
        errors.extend(missing.iter().map(|f| gone(f, walks)));
        Ok(present)
    }
}

/// A folder (or file on its own) the index records that is no longer there.
pub(super) fn gone(folder: &Path, walks: &BTreeMap<PathBuf, WalkRecord>) -> FileError {
    FileError {
        path: display_path(folder),
        reason: match walks.get(folder).is_some_and(|w| w.file) {
            true => FILE_GONE.to_owned(),
            false => FOLDER_GONE.to_owned(),
        },
    }
}

/// The folders the index records after a run that read `roots`: exactly
/// those after a rebuild, else those it held and these.
pub(super) fn recorded_after(
    known: &[PathBuf],
    roots: &[PathBuf],
    options: &IndexOptions,
) -> Vec<PathBuf> {
    let mut all: BTreeSet<PathBuf> = roots.iter().cloned().collect();
    if !options.rebuild {
        all.extend(known.iter().cloned());
    }
    all.into_iter().collect()
}

/// How each of the folders the index records after a run (`folders`) is
/// walked: the folders a run names (`named`) as its options ask, the others
/// as before; only those that differ from the default are recorded.
pub(super) fn walks_after(
    known: &BTreeMap<PathBuf, WalkRecord>,
    folders: &[PathBuf],
    roots: &[PathBuf],
    named: bool,
    options: &IndexOptions,
) -> BTreeMap<PathBuf, WalkRecord> {
    let mut walks = known.clone();
    if named {
        for root in roots {
            let walk = WalkRecord {
                file: !root.is_dir(),
                ..options.walk()
            };
            match walk == WalkRecord::default() {
                true => walks.remove(root),
                false => walks.insert(root.clone(), walk.clone()),
            };
        }
    }
    walks.retain(|folder, _| folders.contains(folder));
    walks
}

/// What an index that cannot be opened records, for a rebuild that names no
/// folders: its folders, which must all be there, or the rebuild would drop
/// their articles, and how they are walked.
fn recorded_state(path: &Path) -> Result<CommitState> {
    let path_buf = || path.to_path_buf();
    let recorded = NewsIndex::recorded_state(path)
        .ok_or_else(|| Error::FoldersUnknown { path: path_buf() })?;
    if recorded.folders.is_empty() {
        return Err(Error::NoFolders { path: path_buf() });
    }
    let missing: Vec<PathBuf> = recorded
        .folders
        .iter()
        .filter(|f| !f.exists())
        .map(|f| display_path(f))
        .collect();
    if !missing.is_empty() {
        return Err(Error::MissingFolders {
            path: path_buf(),
            folders: missing,
        });
    }
    Ok(recorded)
}

/// An absolute, symlink-free folder path, so `corpus` and `./corpus/` are
/// one folder; or such a path of one regular file, indexed on its own.
fn canonical_folder(folder: &Path) -> Result<PathBuf> {
    let path = folder.to_path_buf();
    match std::fs::canonicalize(folder) {
        Ok(canonical) if canonical.is_dir() || canonical.is_file() => Ok(canonical),
        Ok(_) => Err(Error::NotAFolder { path }),
        Err(_) => Err(Error::FolderNotFound { path }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebuild_records_exactly_the_folders_it_read() {
        let known = [PathBuf::from("/a"), PathBuf::from("/b")];
        let roots = [PathBuf::from("/b")];
        let rebuild = IndexOptions::default().rebuild(true);
        assert_eq!(
            recorded_after(&known, &roots, &rebuild),
            [PathBuf::from("/b")]
        );
        let update = IndexOptions::default();
        assert_eq!(recorded_after(&known, &roots, &update), known);
    }
}
