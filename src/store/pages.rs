//! Giving back the pages of index files read through memory maps. A page
//! read through a map counts in the process's resident memory until it is
//! unmapped, and tantivy keeps its maps as long as a searcher holds them; a
//! pass over whole segments (a merge, the checksums a run verifies) would
//! count the whole index. The pages stay in the file cache.

use std::path::Path;

use tantivy::directory::Directory;

/// Gives back the pages of `files` that this process has read through its
/// memory maps: they leave its resident memory and stay in the file cache,
/// whence a later read maps them again.
#[cfg(unix)]
pub(super) fn release_pages(directory: &dyn Directory, files: &[impl AsRef<Path>]) {
    let page = page_size();
    for file in files {
        // The mapping every reader of the file shares: tantivy's directory
        // keeps one per file while anything holds it. (It panics on a file
        // too short for its footer: such a file is left alone.)
        let open = std::panic::AssertUnwindSafe(|| directory.get_file_handle(file.as_ref()));
        let Ok(Ok(handle)) = std::panic::catch_unwind(open) else {
            continue;
        };
        let Ok(bytes) = handle.read_bytes(0..handle.len()) else {
            continue;
        };
        let start = bytes.as_slice().as_ptr();
        // A news index is always a folder that tantivy maps read-only and
        // shared; a mapping starts on a page, and memory that is not a mapping
        // of a file is never given back (it would read as zeros).
        if bytes.is_empty() || start as usize % page != 0 {
            continue;
        }
        // SAFETY: `bytes` keeps the mapping alive for the call. For a shared
        // read-only mapping of a file, MADV_DONTNEED only drops this process's
        // page-table entries: the next read of those bytes maps the same
        // contents from the file cache again, so every reader, the merge's
        // included, keeps seeing the file. Nothing is written or freed.
        unsafe {
            libc::madvise(start.cast_mut().cast(), bytes.len(), libc::MADV_DONTNEED);
        }
    }
}

/// Elsewhere the pages stay: the work is the same, only the memory counted
/// differs.
#[cfg(not(unix))]
pub(super) fn release_pages(_directory: &dyn Directory, _files: &[impl AsRef<Path>]) {}

#[cfg(unix)]
fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size).unwrap_or(4096).max(1)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use tantivy::directory::MmapDirectory;

    use super::*;

    #[test]
    fn pages_given_back_read_the_same() {
        let tmp = tempfile::tempdir().unwrap();
        let text: Vec<u8> = (0..3 * 4096 + 100).map(|i| (i % 251) as u8).collect();
        std::fs::write(tmp.path().join("a.idx"), &text).unwrap();
        let directory = MmapDirectory::open(tmp.path()).unwrap();
        let file = PathBuf::from("a.idx");
        let handle = directory.get_file_handle(&file).unwrap();
        let bytes = handle.read_bytes(0..handle.len()).unwrap();
        assert_eq!(bytes.as_slice(), text);
        // Twice, and for a file that is not there: nothing changes.
        let gone = PathBuf::from("gone.idx");
        release_pages(&directory, &[file.clone(), file, gone]);
        assert_eq!(bytes.as_slice(), text);
    }
}
