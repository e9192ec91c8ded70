//! Paths as a user sees them: relative to where they stand when they can be,
//! and an article named by its file's path and its number in the file.

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

/// How an article is named for people: its file's path, and for one article
/// of a file of several (NDJSON, a feed) its number in it, as in
/// `news/dump.ndjson #3`. `search show` and `search similar` (and
/// [`NewsIndex::lookup`](crate::NewsIndex::lookup)) take it back as it is.
pub fn article_place(path: &Path, position: u64) -> String {
    match position {
        0 => path.display().to_string(),
        n => format!("{} #{n}", path.display()),
    }
}

/// The path and number of an article named as [`article_place`] writes it,
/// the space before `#` optional (`dump.ndjson#3`); `None` when `text` does
/// not end in `#` and a number.
pub(crate) fn split_place(text: &str) -> Option<(&str, u64)> {
    let (path, number) = text.trim_end().rsplit_once('#')?;
    let digits = number.trim_start();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let path = path.trim_end();
    (!path.is_empty()).then_some((path, digits.parse().ok()?))
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
    fn an_article_place_reads_back_as_written() {
        let place = article_place(Path::new("news/dump.ndjson"), 3);
        assert_eq!(place, "news/dump.ndjson #3");
        assert_eq!(split_place(&place), Some(("news/dump.ndjson", 3)));
        assert_eq!(article_place(Path::new("news/a.txt"), 0), "news/a.txt");
        assert_eq!(split_place("news/a.txt"), None);
    }

    #[test]
    fn an_article_place_may_be_written_without_the_space() {
        assert_eq!(split_place("dump.ndjson#12"), Some(("dump.ndjson", 12)));
        assert_eq!(split_place(" dump.ndjson  # 2 "), Some((" dump.ndjson", 2)));
        // A '#' that is not followed by a number alone is part of a name.
        assert_eq!(split_place("notes#1.txt"), None);
        assert_eq!(split_place("notes #"), None);
        assert_eq!(split_place("#4"), None);
        assert_eq!(split_place("dump.ndjson #99999999999999999999999"), None);
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
