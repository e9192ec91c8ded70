//! Which files a walk takes, as ripgrep takes them: hidden files and folders
//! are left out, and so is what `.gitignore`, `.ignore` and `.searchignore`
//! files inside the folder exclude; globs include or exclude on top.
//!
//! Ignore files apply whether or not the folder is in a git repository, and
//! only those inside the folder walked (not its parents', nor git's global
//! ones): a news archive is rarely a repository, and the same folder, copied
//! to a backup drive without its `.git`, must index the same files.

use std::path::Path;

use ignore::overrides::{Override, OverrideBuilder};
use ignore::WalkBuilder;

use super::scope::Scope;
use crate::error::{Error, Result};
use crate::store::WalkRecord;

/// The ignore file that only this program reads.
pub(super) const SEARCH_IGNORE: &str = ".searchignore";

/// Names never walked: git's own folder and the ignore files.
const NEVER_ARTICLES: [&str; 4] = [".git", ".gitignore", ".ignore", SEARCH_IGNORE];

/// A walker of `root` (absolute) as `walk` asks, on `threads` threads,
/// following symbolic links; with `within`, only into what that scope
/// admits (the ignore files on the way are still read).
pub(super) fn walker(
    root: &Path,
    walk: &WalkRecord,
    threads: usize,
    within: Option<Scope>,
) -> Result<WalkBuilder> {
    let mut builder = WalkBuilder::new(root);
    let ignore_files = !walk.no_ignore;
    builder
        .follow_links(true)
        .hidden(!walk.hidden)
        .parents(false)
        .ignore(ignore_files)
        .git_ignore(ignore_files)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .threads(threads.max(1));
    if ignore_files {
        builder.add_custom_ignore_filename(SEARCH_IGNORE);
    }
    // A file without an extension may be an article; these never are, even
    // with hidden files walked.
    builder.filter_entry(move |entry| {
        !NEVER_ARTICLES.iter().any(|name| entry.file_name() == *name)
            && within
                .as_ref()
                .is_none_or(|scope| scope.admits(entry.path()))
    });
    if !walk.globs.is_empty() {
        builder.overrides(overrides(root, &walk.globs)?);
    }
    Ok(builder)
}

/// Checks every glob, so a mistake in one changes nothing on disk.
pub(super) fn check_globs(globs: &[String]) -> Result<()> {
    overrides(Path::new("/"), globs).map(drop)
}

fn overrides(root: &Path, globs: &[String]) -> Result<Override> {
    let mut builder = OverrideBuilder::new(root);
    for glob in globs {
        builder.add(glob).map_err(|e| bad_glob(glob, &e))?;
    }
    builder.build().map_err(|e| bad_glob("", &e))
}

fn bad_glob(glob: &str, error: &ignore::Error) -> Error {
    Error::BadGlob {
        glob: glob.to_owned(),
        reason: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glob_that_cannot_be_read_is_refused() {
        assert!(check_globs(&["!drafts/**".to_owned(), "*.md".to_owned()]).is_ok());
        let error = check_globs(&["news/[a-".to_owned()]).unwrap_err();
        assert!(matches!(error, Error::BadGlob { glob, .. } if glob == "news/[a-"));
    }
}
