//! Helpers shared by the library's test modules: a temporary workspace with a
//! corpus and an index, and short ways to write articles and read titles.
//! The reliability tests include this file too and use all of it; a helper
//! for one test module belongs in that module.

use std::fs;
use std::path::PathBuf;

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
    results.hits.into_iter().map(|h| h.listing.title).collect()
}
