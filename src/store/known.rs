//! What the index knows of the files it holds, read back from fast fields at
//! the start of a run: each file's size, mtime and hash for the diff, and the
//! content fingerprints that let a story saved twice be indexed once.

use std::path::Path;
use std::sync::Arc;

use tantivy::Searcher;

use crate::error::{Error, Result};
use crate::hash::{FastMap as HashMap, FastSet as HashSet};
use crate::store::schema::{self, FileState};

/// The indexed files and their articles' fingerprints, as of the last commit.
#[derive(Debug, Default)]
pub(crate) struct Known {
    /// Every indexed file by its path key.
    pub files: HashMap<Arc<str>, FileState>,
    /// The content hash of each searchable article, with the file holding it.
    full: Vec<(Arc<str>, u64)>,
    /// Files holding copies of a story indexed elsewhere, by content hash.
    copies: HashMap<u64, Vec<Arc<str>>>,
}

impl Known {
    /// Reads the state of every live document; `index_path` names the index in errors.
    pub(crate) fn load(searcher: &Searcher, index_path: &Path) -> Result<Known> {
        let mut known = Known::default();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let columns = (|| {
                Ok::<_, tantivy::TantivyError>((
                    fast.str(schema::PATH)?,
                    [
                        fast.u64(schema::SIZE)?,
                        fast.u64(schema::MTIME)?,
                        fast.u64(schema::HASH)?,
                    ],
                    fast.u64(schema::CONTENT)?,
                    fast.u64(schema::FULL)?,
                ))
            })();
            let (Some(paths), [sizes, mtimes, hashes], contents, fulls) =
                columns.map_err(|source| Error::Index {
                    path: index_path.to_path_buf(),
                    source,
                })?
            else {
                continue;
            };
            // Ordinals follow the dictionary's order: one pass over it names them
            // all, far cheaper than a lookup per document.
            let mut names = Vec::with_capacity(paths.num_terms());
            known.files.reserve(paths.num_terms());
            let mut stream = paths.dictionary().stream().map_err(|source| Error::Io {
                path: index_path.to_path_buf(),
                source,
            })?;
            while stream.advance() {
                names.push(Arc::<str>::from(String::from_utf8_lossy(stream.key())));
            }
            for doc in (0..segment.max_doc()).filter(|d| !segment.is_deleted(*d)) {
                let Some(name) = paths
                    .term_ords(doc)
                    .next()
                    .and_then(|o| names.get(o as usize))
                else {
                    continue;
                };
                known.files.entry(name.clone()).or_insert(FileState {
                    size: sizes.first(doc).unwrap_or(0),
                    mtime: mtimes.first(doc).unwrap_or(0),
                    hash: hashes.first(doc).unwrap_or(0),
                });
                let content = contents.first(doc).unwrap_or(0);
                if fulls.first(doc).unwrap_or(0) == 1 {
                    known.full.push((name.clone(), content));
                } else {
                    known.copies.entry(content).or_default().push(name.clone());
                }
            }
        }
        Ok(known)
    }

    /// Plans the fingerprints for a run that rewrites the files in `rewritten`:
    /// the content hashes whose searchable article survives the run, and the
    /// files holding copies that must be read again because the file holding
    /// their story's searchable article is removed or rewritten.
    pub(crate) fn plan(&self, rewritten: &HashSet<&str>) -> (HashSet<u64>, Vec<String>) {
        let mut lost = HashSet::default();
        let mut surviving = HashSet::default();
        for (path, content) in &self.full {
            if rewritten.contains(&**path) {
                lost.insert(*content);
            } else {
                surviving.insert(*content);
            }
        }
        let mut reread: Vec<String> = lost
            .iter()
            .filter(|content| !surviving.contains(*content))
            .filter_map(|content| self.copies.get(content))
            .flatten()
            .filter(|path| !rewritten.contains(&***path))
            .map(|path| path.to_string())
            .collect();
        reread.sort();
        reread.dedup();
        (surviving, reread)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(full: &[(&str, u64)], copies: &[(u64, &str)]) -> Known {
        let mut known = Known::default();
        for (path, content) in full {
            known.full.push(((*path).into(), *content));
        }
        for (content, path) in copies {
            known
                .copies
                .entry(*content)
                .or_default()
                .push((*path).into());
        }
        known
    }

    #[test]
    fn copies_are_reread_when_their_searchable_article_goes() {
        let known = known(
            &[("/a", 1), ("/b", 2)],
            &[(1, "/a2"), (1, "/a3"), (2, "/b2")],
        );
        let (surviving, reread) = known.plan(&HashSet::from_iter(["/a"]));
        assert_eq!(surviving, HashSet::from_iter([2]));
        assert_eq!(reread, ["/a2", "/a3"]);
    }

    #[test]
    fn copies_being_rewritten_anyway_are_not_listed_twice() {
        let known = known(&[("/a", 1)], &[(1, "/a2")]);
        let (_, reread) = known.plan(&HashSet::from_iter(["/a", "/a2"]));
        assert!(reread.is_empty());
    }

    #[test]
    fn nothing_rewritten_means_nothing_reread() {
        let known = known(&[("/a", 1)], &[(1, "/a2")]);
        let (surviving, reread) = known.plan(&HashSet::default());
        assert_eq!(surviving, HashSet::from_iter([1]));
        assert!(reread.is_empty());
    }
}
