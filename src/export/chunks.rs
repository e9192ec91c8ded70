//! Documents written into numbered files of at most a given size
//! (`articles-00001.ndjson`, ...), a new file begun before a record would
//! pass the bound, so that each file can be sent as one request.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Numbered files of at most `limit` bytes in one folder.
pub(super) struct Chunks {
    dir: PathBuf,
    stem: &'static str,
    limit: u64,
    current: Option<(BufWriter<File>, PathBuf)>,
    written: u64,
    /// The files begun, in order.
    pub files: Vec<PathBuf>,
}

impl Chunks {
    /// Numbered files in `dir`, after removing those an earlier export left
    /// (a smaller export would otherwise leave stale files to be ingested).
    pub fn create(dir: &Path, stem: &'static str, limit: u64) -> Result<Self> {
        let listed = |source| Error::Io {
            path: dir.to_path_buf(),
            source,
        };
        for entry in std::fs::read_dir(dir).map_err(listed)? {
            let path = entry.map_err(listed)?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if is_numbered(name, stem) {
                std::fs::remove_file(&path).map_err(|source| Error::Io { path, source })?;
            }
        }
        Ok(Chunks::new(dir, stem, limit))
    }

    fn new(dir: &Path, stem: &'static str, limit: u64) -> Self {
        Chunks {
            dir: dir.to_path_buf(),
            stem,
            limit,
            current: None,
            written: 0,
            files: Vec::new(),
        }
    }

    /// Writes one record (whole lines, each ending in a newline), in a new
    /// file when it would not fit in the current one. A record larger than
    /// the bound on its own gets a file of its own.
    pub fn write(&mut self, record: &[u8]) -> Result<()> {
        let len = record.len() as u64;
        if self.current.is_none() || self.written + len > self.limit {
            self.begin()?;
        }
        if let Some((out, path)) = &mut self.current {
            out.write_all(record).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
        }
        self.written += len;
        Ok(())
    }

    /// Flushes the last file.
    pub fn finish(mut self) -> Result<Vec<PathBuf>> {
        self.close()?;
        Ok(self.files)
    }

    fn begin(&mut self) -> Result<()> {
        self.close()?;
        let path = self
            .dir
            .join(format!("{}-{:05}.ndjson", self.stem, self.files.len() + 1));
        let file = File::create(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        self.files.push(path.clone());
        self.current = Some((BufWriter::new(file), path));
        self.written = 0;
        Ok(())
    }

    fn close(&mut self) -> Result<()> {
        if let Some((mut out, path)) = self.current.take() {
            out.flush().map_err(|source| Error::Io { path, source })?;
        }
        Ok(())
    }
}

/// Whether `name` is `<stem>-NNNNN.ndjson`, as [`Chunks`] names its files.
fn is_numbered(name: &str, stem: &str) -> bool {
    let number = name
        .strip_prefix(stem)
        .and_then(|n| n.strip_prefix('-'))
        .and_then(|n| n.strip_suffix(".ndjson"));
    number.is_some_and(|n| n.len() == 5 && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_that_would_pass_the_bound_begins_a_new_file() {
        let tmp = tempfile::tempdir().unwrap();
        let mut chunks = Chunks::new(tmp.path(), "docs", 10);
        for record in ["aaaa\n", "bbbb\n", "cc\n", "0123456789abc\n"] {
            chunks.write(record.as_bytes()).unwrap();
        }
        let files = chunks.finish().unwrap();
        let texts: Vec<String> = files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect();
        assert_eq!(texts, ["aaaa\nbbbb\n", "cc\n", "0123456789abc\n"]);
        assert!(files[0].ends_with("docs-00001.ndjson"), "{files:?}");
    }

    #[test]
    fn files_of_an_earlier_export_are_removed_and_others_kept() {
        let tmp = tempfile::tempdir().unwrap();
        for name in ["docs-00002.ndjson", "docs-2.ndjson", "notes.txt"] {
            std::fs::write(tmp.path().join(name), "x").unwrap();
        }
        let chunks = Chunks::create(tmp.path(), "docs", 10).unwrap();
        assert!(chunks.finish().unwrap().is_empty());
        let mut left: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["docs-2.ndjson", "notes.txt"]);
    }
}
