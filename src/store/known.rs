//! What the index knows of the files it holds, read back from fast fields at
//! the start of a run: each file's size, mtime and hash for the diff, and the
//! content fingerprints that let a story saved twice be indexed once.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::Path;

use tantivy::Searcher;

use crate::error::{Error, Result};
use crate::hash::{FastMap as HashMap, FastSet as HashSet};
use crate::store::schema::{self, FileState};

/// The indexed files and their articles' fingerprints, as of the last commit.
///
/// The files are held in the order of their paths, as the walk's are: each
/// segment's column of paths lists them in that order, so the segments' lists
/// are merged, and a run meets the indexed files beside its sorted walk
/// instead of looking each up (a map of the paths and a set of those met
/// took some 280 MB at 3.56 M files).
#[derive(Debug, Default)]
pub(crate) struct Known {
    /// Every indexed file, by path key, in order.
    files: Vec<(Box<str>, FileState)>,
    /// The content hash of each searchable article, with the file holding it
    /// (its place in `files`).
    full: Vec<(u32, u64)>,
    /// Files holding copies of a story indexed elsewhere, by content hash.
    copies: HashMap<u64, Vec<u32>>,
}

/// One segment's files in path order, and its articles, each with the place
/// of its file in that list.
struct SegmentFiles {
    files: Vec<(Box<str>, FileState)>,
    /// (file, content hash, searchable) for every live article.
    articles: Vec<(u32, u64, bool)>,
}

impl Known {
    /// Reads the state of every live document; `index_path` names the index in errors.
    pub(crate) fn load(searcher: &Searcher, index_path: &Path) -> Result<Known> {
        let mut segments = Vec::new();
        for segment in searcher.segment_readers() {
            if let Some(files) = segment_files(segment, index_path)? {
                segments.push(files);
            }
        }
        Ok(Known::merged(segments))
    }

    /// The segments' lists merged in path order; a path in two segments is
    /// one file, with the state the first gives.
    fn merged(mut segments: Vec<SegmentFiles>) -> Known {
        let mut order: Vec<(u32, u32)> = Vec::new();
        let mut place: Vec<Vec<u32>> = segments.iter().map(|s| vec![0; s.files.len()]).collect();
        {
            let mut heads: BinaryHeap<Reverse<(&str, usize, usize)>> = segments
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.files.is_empty())
                .map(|(at, s)| Reverse((&*s.files[0].0, at, 0)))
                .collect();
            let mut last: Option<&str> = None;
            while let Some(Reverse((key, segment, local))) = heads.pop() {
                if last != Some(key) {
                    order.push((segment as u32, local as u32));
                    last = Some(key);
                }
                place[segment][local] = order.len() as u32 - 1;
                if let Some((next, _)) = segments[segment].files.get(local + 1) {
                    heads.push(Reverse((next, segment, local + 1)));
                }
            }
        }
        let mut known = Known {
            files: Vec::with_capacity(order.len()),
            ..Known::default()
        };
        for (segment, local) in order {
            let (key, state) = &mut segments[segment as usize].files[local as usize];
            known.files.push((std::mem::take(key), *state));
        }
        for (segment, place) in segments.iter().zip(&place) {
            for &(file, content, searchable) in &segment.articles {
                let file = place[file as usize];
                match searchable {
                    true => known.full.push((file, content)),
                    false => known.copies.entry(content).or_default().push(file),
                }
            }
        }
        known
    }

    /// Every indexed file, by path key, in order.
    pub(crate) fn files(&self) -> &[(Box<str>, FileState)] {
        &self.files
    }

    /// The place in [`Known::files`] and the state of the file at `key`.
    pub(crate) fn find(&self, key: &str) -> Option<(usize, &FileState)> {
        let at = self.files.binary_search_by(|(k, _)| (**k).cmp(key)).ok()?;
        Some((at, &self.files[at].1))
    }

    /// Plans the fingerprints for a run that rewrites the files marked in
    /// `rewritten` (by their place in [`Known::files`]): the content hashes
    /// whose searchable article survives the run, and the files holding
    /// copies that must be read again because the file holding their story's
    /// searchable article is removed or rewritten.
    pub(crate) fn plan(&self, rewritten: &[bool]) -> (HashSet<u64>, Vec<String>) {
        let rewritten = |file: u32| rewritten.get(file as usize).copied().unwrap_or(false);
        let mut lost = HashSet::default();
        let mut surviving = HashSet::default();
        for &(file, content) in &self.full {
            if rewritten(file) {
                lost.insert(content);
            } else {
                surviving.insert(content);
            }
        }
        let mut reread: Vec<String> = lost
            .iter()
            .filter(|content| !surviving.contains(*content))
            .filter_map(|content| self.copies.get(content))
            .flatten()
            .filter(|file| !rewritten(**file))
            .filter_map(|file| self.files.get(*file as usize))
            .map(|(key, _)| key.to_string())
            .collect();
        reread.sort();
        reread.dedup();
        (surviving, reread)
    }
}

/// No document, or no file, in [`segment_files`]'s lists.
const NONE: u32 = u32::MAX;

/// One segment's files and articles; `None` for a segment without paths.
fn segment_files(
    segment: &tantivy::SegmentReader,
    index_path: &Path,
) -> Result<Option<SegmentFiles>> {
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
        return Ok(None);
    };
    // The first live document of each path (by its ordinal), and the
    // articles by ordinal: one pass over the documents.
    let mut first = vec![NONE; paths.num_terms()];
    let mut articles = Vec::new();
    for doc in (0..segment.max_doc()).filter(|d| !segment.is_deleted(*d)) {
        let Some(ord) = paths.term_ords(doc).next() else {
            continue;
        };
        let Some(first) = first.get_mut(ord as usize) else {
            continue;
        };
        if *first == NONE {
            *first = doc;
        }
        let content = contents.first(doc).unwrap_or(0);
        articles.push((ord as u32, content, fulls.first(doc).unwrap_or(0) == 1));
    }
    // Ordinals follow the dictionary's order: one pass over it names them
    // all, far cheaper than a lookup per document. Each ordinal's entry in
    // `first` becomes its file's place in the segment's list.
    let mut stream = paths.dictionary().stream().map_err(|source| Error::Io {
        path: index_path.to_path_buf(),
        source,
    })?;
    let mut files = Vec::new();
    for place in first.iter_mut() {
        if !stream.advance() {
            *place = NONE;
            continue;
        }
        let doc = *place;
        if doc == NONE {
            continue;
        }
        let state = FileState {
            size: sizes.first(doc).unwrap_or(0),
            mtime: mtimes.first(doc).unwrap_or(0),
            hash: hashes.first(doc).unwrap_or(0),
        };
        *place = files.len() as u32;
        files.push((String::from_utf8_lossy(stream.key()).into(), state));
    }
    articles.retain_mut(|(file, _, _)| {
        *file = first.get(*file as usize).copied().unwrap_or(NONE);
        *file != NONE
    });
    Ok(Some(SegmentFiles { files, articles }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(size: u64) -> FileState {
        FileState {
            size,
            mtime: 0,
            hash: 0,
        }
    }

    /// One segment's worth: `full` and `copies` name files by path.
    fn segment(full: &[(&str, u64)], copies: &[(u64, &str)]) -> SegmentFiles {
        let mut paths: Vec<&str> = full.iter().map(|(p, _)| *p).collect();
        paths.extend(copies.iter().map(|(_, p)| *p));
        paths.sort();
        paths.dedup();
        let at = |path: &str| paths.binary_search(&path).unwrap() as u32;
        let mut articles: Vec<(u32, u64, bool)> =
            full.iter().map(|(p, c)| (at(p), *c, true)).collect();
        articles.extend(copies.iter().map(|(c, p)| (at(p), *c, false)));
        SegmentFiles {
            files: paths.iter().map(|p| ((*p).into(), state(1))).collect(),
            articles,
        }
    }

    fn known(full: &[(&str, u64)], copies: &[(u64, &str)]) -> Known {
        Known::merged(vec![segment(full, copies)])
    }

    /// Marks for `rewritten` paths, by their place in `known`.
    fn marks(known: &Known, rewritten: &[&str]) -> Vec<bool> {
        let mut marks = vec![false; known.files().len()];
        for path in rewritten {
            marks[known.find(path).unwrap().0] = true;
        }
        marks
    }

    #[test]
    fn copies_are_reread_when_their_searchable_article_goes() {
        let known = known(
            &[("/a", 1), ("/b", 2)],
            &[(1, "/a2"), (1, "/a3"), (2, "/b2")],
        );
        let (surviving, reread) = known.plan(&marks(&known, &["/a"]));
        assert_eq!(surviving, HashSet::from_iter([2]));
        assert_eq!(reread, ["/a2", "/a3"]);
    }

    #[test]
    fn copies_being_rewritten_anyway_are_not_listed_twice() {
        let known = known(&[("/a", 1)], &[(1, "/a2")]);
        let (_, reread) = known.plan(&marks(&known, &["/a", "/a2"]));
        assert!(reread.is_empty());
    }

    #[test]
    fn nothing_rewritten_means_nothing_reread() {
        let known = known(&[("/a", 1)], &[(1, "/a2")]);
        let (surviving, reread) = known.plan(&marks(&known, &[]));
        assert_eq!(surviving, HashSet::from_iter([1]));
        assert!(reread.is_empty());
    }

    #[test]
    fn segments_merge_in_path_order_and_their_articles_follow_their_files() {
        let known = Known::merged(vec![
            segment(&[("/b", 2), ("/d", 4)], &[(1, "/e")]),
            segment(&[("/a", 1), ("/c", 3)], &[(2, "/b")]),
            segment(&[], &[]),
        ]);
        let paths: Vec<&str> = known.files().iter().map(|(p, _)| &**p).collect();
        assert_eq!(paths, ["/a", "/b", "/c", "/d", "/e"]);
        let named = |file: u32| &*known.files()[file as usize].0;
        let mut full: Vec<(&str, u64)> = known.full.iter().map(|&(f, c)| (named(f), c)).collect();
        full.sort();
        assert_eq!(full, [("/a", 1), ("/b", 2), ("/c", 3), ("/d", 4)]);
        assert_eq!(
            known.copies[&1]
                .iter()
                .map(|&f| named(f))
                .collect::<Vec<_>>(),
            ["/e"]
        );
        assert_eq!(
            known.copies[&2]
                .iter()
                .map(|&f| named(f))
                .collect::<Vec<_>>(),
            ["/b"]
        );
        assert_eq!(known.find("/c").map(|(at, _)| at), Some(2));
        assert_eq!(known.find("/bb"), None);
    }
}
