//! Paths as a user sees them: relative to where they stand when they can be.

use std::path::{Path, PathBuf};

/// `path` relative to the current directory when it lies under it, else unchanged.
///
/// Indexed paths are absolute, so whatever folder the index was built from, the
/// path shown can be opened from where the user is now.
pub fn display_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| relative_to(path, &cwd))
        .unwrap_or_else(|| path.to_path_buf())
}

fn relative_to(path: &Path, base: &Path) -> Option<PathBuf> {
    let rest = path.strip_prefix(base).ok()?;
    (!rest.as_os_str().is_empty()).then(|| rest.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_under_base_becomes_relative() {
        let got = relative_to(Path::new("/home/a/news/x.txt"), Path::new("/home/a"));
        assert_eq!(got, Some(PathBuf::from("news/x.txt")));
    }

    #[test]
    fn path_outside_base_stays_absolute() {
        assert_eq!(
            relative_to(Path::new("/srv/x.txt"), Path::new("/home/a")),
            None
        );
        // A sibling whose name merely starts the same is not under the base.
        assert_eq!(
            relative_to(Path::new("/home/ab/x.txt"), Path::new("/home/a")),
            None
        );
    }
}
