//! The first phase of a run: what it reads (the roots, whole or only the
//! paths that changed) and the commit state it will record.

use std::path::{Path, PathBuf};

use super::folders::{gone, recorded_after, walks_after};
use super::options::IndexOptions;
use super::report::FileError;
use super::scope::Scope;
use super::walk::is_under;
use crate::store::{CommitState, SCHEMA_VERSION};

/// What a run reads, and what its commit records.
#[derive(Debug)]
pub(super) struct Plan {
    /// What the last commit records.
    pub recorded: CommitState,
    /// What this run's commit records.
    pub state: CommitState,
    /// The folders (and files on their own) the run walks.
    pub roots: Vec<PathBuf>,
    /// Only these paths under the roots, when set; else the roots whole.
    pub scope: Option<Scope>,
    /// The index's folders change, and with them some files' names.
    pub folders_changed: bool,
    /// Sources are mapped as files are read: new aliases mean reading again.
    pub aliases_changed: bool,
}

impl Plan {
    /// A run over whole `roots`: those the caller named (`named`), or all
    /// the index records.
    pub fn folders(
        recorded: CommitState,
        roots: Vec<PathBuf>,
        named: bool,
        options: &IndexOptions,
    ) -> Plan {
        let folders = recorded_after(&recorded.folders, &roots, options);
        let state = CommitState {
            version: SCHEMA_VERSION,
            walks: walks_after(&recorded.walks, &folders, &roots, named, options),
            aliases: aliases_after(recorded.aliases, &recorded.folders, &roots, options),
            folders,
        };
        Plan {
            folders_changed: state.folders != recorded.folders,
            aliases_changed: options.aliases.hash() != recorded.aliases,
            recorded,
            state,
            roots,
            scope: None,
        }
    }

    /// A run over `paths` (absolute; files or folders, there or gone) under
    /// the folders the index records, each walked as recorded. Paths under
    /// none of them are left out; a recorded folder that is gone keeps its
    /// articles and is reported in `errors`, as a refresh does.
    pub fn paths(recorded: CommitState, paths: Vec<PathBuf>, errors: &mut Vec<FileError>) -> Plan {
        let scope = Scope::new(paths);
        let mut roots = Vec::new();
        for folder in recorded.folders.iter().filter(|f| scope.admits(f)) {
            match folder.exists() {
                true => roots.push(folder.clone()),
                false => errors.push(gone(folder, &recorded.walks)),
            }
        }
        let inside = Scope::new(
            scope
                .paths()
                .filter(|p| roots.iter().any(|root| scope_meets(p, root)))
                .cloned(),
        );
        Plan {
            state: recorded.clone(),
            recorded,
            roots,
            scope: Some(inside),
            folders_changed: false,
            aliases_changed: false,
        }
    }

    /// Whether the commit records something new.
    pub fn state_changed(&self) -> bool {
        self.state != self.recorded
    }

    /// Whether the indexed file at path key `key` lies in what the run
    /// looks at (a file it does not find there is gone).
    pub fn covers(&self, key: &str) -> bool {
        self.scope
            .as_ref()
            .is_none_or(|scope| scope.holds(Path::new(key)))
    }

    /// The roots as the index stores paths.
    pub fn roots_text(&self) -> Vec<&str> {
        as_text(&self.roots)
    }

    /// The index's folders after the run, as the index stores paths: the
    /// names of the files are taken from them.
    pub fn folder_names(&self) -> Vec<&str> {
        as_text(&self.state.folders)
    }

    /// The index's folders before the run, as the index stores paths.
    pub fn recorded_names(&self) -> Vec<&str> {
        as_text(&self.recorded.folders)
    }

    /// Files indexed on their own that this run does not read: they stay,
    /// whatever the walk of a folder around them leaves out.
    pub fn alone(&self) -> Vec<&str> {
        self.state
            .walks
            .iter()
            .filter(|(path, walk)| walk.file && !self.roots.contains(path))
            .filter_map(|(path, _)| path.to_str())
            .collect()
    }

    /// Whether the file at `key` is one this run walked for: under a root,
    /// not a file on its own that it does not read, and in its scope.
    pub fn reaches(&self, key: &str, roots: &[&str], alone: &[&str]) -> bool {
        roots.iter().any(|root| is_under(key, root)) && !alone.contains(&key) && self.covers(key)
    }
}

/// `paths` as the index stores them (a path that is not UTF-8 is never indexed).
fn as_text(paths: &[PathBuf]) -> Vec<&str> {
    paths.iter().filter_map(|p| p.to_str()).collect()
}

/// Whether `path` and `root` lie one inside the other.
fn scope_meets(path: &Path, root: &Path) -> bool {
    path.starts_with(root) || root.starts_with(path)
}

/// The aliases the index records after a run: the run's once it has read
/// every folder the index holds, else those recorded before, so that a later
/// run reads again the folders this one did not walk.
fn aliases_after(
    known: u64,
    known_folders: &[PathBuf],
    roots: &[PathBuf],
    options: &IndexOptions,
) -> u64 {
    let all_read = known_folders
        .iter()
        .all(|folder| roots.iter().any(|root| folder.starts_with(root)));
    if options.rebuild || all_read {
        options.aliases.hash()
    } else {
        known
    }
}
