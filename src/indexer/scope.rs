//! The part of its folders a run looks at: all of them, or only the paths a
//! watcher saw change (files or folders, there or gone). Membership is a
//! look-up per ancestor, so a burst of thousands of paths costs no more per
//! file than a handful.

use std::path::{Path, PathBuf};

use crate::hash::FastSet;

/// Paths that changed, and every folder leading to them.
#[derive(Debug, Default, Clone)]
pub(crate) struct Scope {
    paths: FastSet<PathBuf>,
    leading: FastSet<PathBuf>,
}

impl Scope {
    pub(crate) fn new(paths: impl IntoIterator<Item = PathBuf>) -> Scope {
        let mut scope = Scope::default();
        for path in paths {
            scope
                .leading
                .extend(path.ancestors().skip(1).map(Path::to_path_buf));
            scope.paths.insert(path);
        }
        scope
    }

    /// Whether `path` is one of the paths, or inside one.
    pub(crate) fn holds(&self, path: &Path) -> bool {
        path.ancestors().any(|a| self.paths.contains(a))
    }

    /// Whether a walk must look at `path`: it is held, or a folder on the
    /// way to a path that is.
    pub(crate) fn admits(&self, path: &Path) -> bool {
        self.leading.contains(path) || self.holds(path)
    }

    /// The paths themselves.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.paths.iter()
    }

    /// The part of `root`'s walk inside the scope: `None` when one of the
    /// paths is the root or holds it (the root is walked whole).
    pub(crate) fn within(&self, root: &Path) -> Option<Scope> {
        if self.holds(root) {
            return None;
        }
        Some(Scope::new(
            self.paths.iter().filter(|p| p.starts_with(root)).cloned(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_scope_holds_its_paths_and_admits_the_folders_leading_to_them() {
        let scope = Scope::new([
            PathBuf::from("/news/2024/a.txt"),
            PathBuf::from("/news/old"),
        ]);
        assert!(scope.holds(Path::new("/news/2024/a.txt")));
        assert!(scope.holds(Path::new("/news/old/b/c.txt")));
        assert!(!scope.holds(Path::new("/news/2024/b.txt")));
        assert!(!scope.holds(Path::new("/news/older/c.txt")));
        assert!(scope.admits(Path::new("/news/2024")));
        assert!(!scope.admits(Path::new("/news/2023")));
        assert!(scope.admits(Path::new("/news")));
        assert!(scope.admits(Path::new("/news/old/b")));
        assert!(!scope.admits(Path::new("/elsewhere")));
        assert!(scope.within(Path::new("/news/old")).is_none());
        let inside = scope.within(Path::new("/news/2024")).expect("part of it");
        assert_eq!(inside.paths().count(), 1);
    }
}
