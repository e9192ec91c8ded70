//! Helpers shared by the library's test files: a temporary workspace with a
//! corpus and an index, and short ways to write articles and read titles.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use news_search::{NewsIndex, SearchRequest};

pub const BUNDLED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/corpus/000_d1f253cec5df7d15.txt"
);

/// A temporary folder with a corpus and an index path inside it.
pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    pub fn with_bundled(self) -> Workspace {
        fs::create_dir_all(self.path("corpus")).unwrap();
        fs::copy(BUNDLED, self.path("corpus/000_d1f253cec5df7d15.txt")).unwrap();
        self
    }

    pub fn index(&self) -> NewsIndex {
        NewsIndex::open_or_create(self.path("index")).expect("open index")
    }
}

pub fn article(title: &str, body: &str) -> String {
    format!("{title}\n\n{body}\n")
}

pub fn titles(index: &NewsIndex, query: &str) -> Vec<String> {
    let results = index.search(&SearchRequest::new(query)).expect(query);
    results.hits.into_iter().map(|h| h.title).collect()
}

/// Changes a file so the next run must see it: new bytes and a later mtime.
pub fn rewrite(path: &Path, text: &str) {
    fs::write(path, text).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(later)
        .unwrap();
}
