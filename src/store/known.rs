//! What the index knows of the files it holds, read back from fast fields at
//! the start of a run: each file's size, mtime and hash for the diff, and the
//! content fingerprints that let a story saved twice be indexed once.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;
use std::path::Path;

use tantivy::columnar::{Column, StrColumn};
use tantivy::Searcher;

use crate::error::{Error, Result};
use crate::hash::{FastMap as HashMap, FastSet as HashSet};
use crate::store::schema::{self, FileState};

/// The indexed files and their articles' fingerprints, as of the last commit.
///
/// The files are held in the order of their paths: each segment's column of
/// paths lists them in that order, so the segments' lists are merged, and a
/// folder's files are one run of the list ([`Known::under`]), where a walk
/// looks up the files it finds (a map of the paths and a set of those met
/// took some 280 MB at 3.56 M files).
#[derive(Debug, Default)]
pub(crate) struct Known {
    /// Every indexed file's path key, in order.
    keys: Keys,
    /// Each file's state, in the same order.
    states: Vec<FileState>,
    /// The content hash of each searchable article, with the file holding it
    /// (its place among the files).
    full: Vec<(u32, u64)>,
    /// Files holding copies of a story indexed elsewhere, by content hash.
    copies: HashMap<u64, Vec<u32>>,
}

/// Path keys one after the other in one string: a key costs its bytes and
/// where it ends, not an allocation and a pointer of its own (about 60 bytes
/// less a file, and the segments' lists are never all held at once).
#[derive(Debug, Default)]
struct Keys {
    text: String,
    ends: Vec<usize>,
}

impl Keys {
    fn push(&mut self, key: &str) {
        self.text.push_str(key);
        self.ends.push(self.text.len());
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, at: usize) -> Option<&str> {
        let end = *self.ends.get(at)?;
        let start = match at {
            0 => 0,
            _ => self.ends[at - 1],
        };
        self.text.get(start..end)
    }

    fn last(&self) -> Option<&str> {
        self.len().checked_sub(1).and_then(|at| self.get(at))
    }
}

/// (file, content hash, searchable) for each live article of a segment, the
/// file named by its place in the segment's list of files.
type Articles = Vec<(u32, u64, bool)>;

impl Known {
    /// Reads the state of every live document; `index_path` names the index in errors.
    pub(crate) fn load(searcher: &Searcher, index_path: &Path) -> Result<Known> {
        let mut segments = Vec::new();
        for segment in searcher.segment_readers() {
            if let Some(columns) = SegmentColumns::read(segment, index_path)? {
                segments.push(columns);
            }
        }
        let mut lists = Vec::with_capacity(segments.len());
        for segment in &mut segments {
            let articles = std::mem::take(&mut segment.articles);
            lists.push((segment.files(index_path)?, articles));
        }
        Ok(Known::merged(lists))
    }

    /// The segments' lists of files, each in path order, merged in path
    /// order as they are read; a path in two segments is one file, with the
    /// state the first gives.
    fn merged<F>(segments: Vec<(F, Articles)>) -> Known
    where
        F: Iterator<Item = (String, FileState)>,
    {
        let (mut lists, articles): (Vec<F>, Vec<Articles>) = segments.into_iter().unzip();
        let mut known = Known::default();
        // Each segment's files' places in the merged list, and the state of
        // the file at the head of its list.
        let mut place: Vec<Vec<u32>> = vec![Vec::new(); lists.len()];
        let mut head_states: Vec<Option<FileState>> = vec![None; lists.len()];
        let mut heads = BinaryHeap::new();
        for (segment, list) in lists.iter_mut().enumerate() {
            if let Some((key, state)) = list.next() {
                heads.push(Reverse((key, segment)));
                head_states[segment] = Some(state);
            }
        }
        while let Some(Reverse((key, segment))) = heads.pop() {
            if known.keys.last() != Some(&*key) {
                known.keys.push(&key);
                known
                    .states
                    .push(head_states[segment].expect("a head's state"));
            }
            place[segment].push(known.keys.len() as u32 - 1);
            if let Some((next, state)) = lists[segment].next() {
                heads.push(Reverse((next, segment)));
                head_states[segment] = Some(state);
            }
        }
        for (articles, place) in articles.iter().zip(&place) {
            for &(file, content, searchable) in articles {
                let Some(&file) = place.get(file as usize) else {
                    continue;
                };
                match searchable {
                    true => known.full.push((file, content)),
                    false => known.copies.entry(content).or_default().push(file),
                }
            }
        }
        known
    }

    /// How many files the index holds.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// The path key of the file at `at` (below [`Known::len`]) in path order.
    pub(crate) fn key(&self, at: usize) -> &str {
        self.keys.get(at).unwrap_or_default()
    }

    /// The state of the file at `at`.
    pub(crate) fn state(&self, at: usize) -> &FileState {
        &self.states[at]
    }

    /// Every indexed file's path key, in order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|at| self.key(at))
    }

    /// The place in path order and the state of the file at `key`.
    pub(crate) fn find(&self, key: &str) -> Option<(usize, &FileState)> {
        let at = self.find_in(0..self.len(), key)?;
        Some((at, self.state(at)))
    }

    /// The place of the file at `key`, looked for only in `range` (places in
    /// path order, as [`Known::under`] gives them).
    pub(crate) fn find_in(&self, range: Range<usize>, key: &str) -> Option<usize> {
        let at = self.partition_in(range.clone(), |k| k < key);
        (at < range.end && self.key(at) == key).then_some(at)
    }

    /// The places of the files whose keys start with `prefix` (a folder
    /// with its trailing separator): one run, as the keys are in order.
    pub(crate) fn under(&self, prefix: &str) -> Range<usize> {
        let start = self.partition_in(0..self.len(), |k| k < prefix);
        let end = self.partition_in(start..self.len(), |k| k.starts_with(prefix));
        start..end
    }

    /// The first place in `range` whose key is not `before`, for a `before`
    /// true of the keys of a first part of the range and false of the rest.
    fn partition_in(&self, range: Range<usize>, before: impl Fn(&str) -> bool) -> usize {
        let (mut low, mut high) = (range.start, range.end.min(self.len()));
        while low < high {
            let middle = low + (high - low) / 2;
            match before(self.key(middle)) {
                true => low = middle + 1,
                false => high = middle,
            }
        }
        low
    }

    /// Plans the fingerprints for a run that rewrites the files marked in
    /// `rewritten` (by their place in path order): the content hashes
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
            .filter_map(|file| self.keys.get(*file as usize))
            .map(str::to_owned)
            .collect();
        reread.sort();
        reread.dedup();
        (surviving, reread)
    }
}

/// No document in [`SegmentColumns::first`].
const NONE: u32 = u32::MAX;

/// What a segment's columns give of its files and articles.
struct SegmentColumns {
    paths: StrColumn,
    /// Sizes, mtimes and hashes, by document.
    states: [Column<u64>; 3],
    /// The first live document of each path, by the path's ordinal.
    first: Vec<u32>,
    articles: Articles,
}

impl SegmentColumns {
    /// The columns of `segment`, and its articles; `None` for a segment
    /// without paths.
    fn read(segment: &tantivy::SegmentReader, index_path: &Path) -> Result<Option<Self>> {
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
        let (Some(paths), states, contents, fulls) = columns.map_err(|source| Error::Index {
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
        // An article's file by its place among the paths with a live
        // document, as [`SegmentColumns::files`] lists them.
        let mut places = Vec::with_capacity(first.len());
        let mut live = 0;
        for &doc in &first {
            places.push(live);
            live += u32::from(doc != NONE);
        }
        for (file, _, _) in &mut articles {
            *file = places[*file as usize];
        }
        Ok(Some(SegmentColumns {
            paths,
            states,
            first,
            articles,
        }))
    }

    /// The paths with a live document, in order, each with the state its
    /// first document gives. Ordinals follow the dictionary's order: one
    /// pass over it names them all, far cheaper than a lookup per document.
    fn files(&self, index_path: &Path) -> Result<impl Iterator<Item = (String, FileState)> + '_> {
        let mut stream = self
            .paths
            .dictionary()
            .stream()
            .map_err(|source| Error::Io {
                path: index_path.to_path_buf(),
                source,
            })?;
        let mut first = self.first.iter();
        let [sizes, mtimes, hashes] = &self.states;
        Ok(std::iter::from_fn(move || loop {
            let doc = *first.next()?;
            if !stream.advance() {
                return None;
            }
            if doc == NONE {
                continue;
            }
            let state = FileState {
                size: sizes.first(doc).unwrap_or(0),
                mtime: mtimes.first(doc).unwrap_or(0),
                hash: hashes.first(doc).unwrap_or(0),
            };
            return Some((String::from_utf8_lossy(stream.key()).into_owned(), state));
        }))
    }
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
    type List = std::vec::IntoIter<(String, FileState)>;

    fn segment(full: &[(&str, u64)], copies: &[(u64, &str)]) -> (List, Articles) {
        let mut paths: Vec<&str> = full.iter().map(|(p, _)| *p).collect();
        paths.extend(copies.iter().map(|(_, p)| *p));
        paths.sort();
        paths.dedup();
        let at = |path: &str| paths.binary_search(&path).unwrap() as u32;
        let mut articles: Vec<(u32, u64, bool)> =
            full.iter().map(|(p, c)| (at(p), *c, true)).collect();
        articles.extend(copies.iter().map(|(c, p)| (at(p), *c, false)));
        let files: Vec<(String, FileState)> =
            paths.iter().map(|p| ((*p).to_owned(), state(1))).collect();
        (files.into_iter(), articles)
    }

    fn known(full: &[(&str, u64)], copies: &[(u64, &str)]) -> Known {
        Known::merged(vec![segment(full, copies)])
    }

    /// Marks for `rewritten` paths, by their place in `known`.
    fn marks(known: &Known, rewritten: &[&str]) -> Vec<bool> {
        let mut marks = vec![false; known.len()];
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
        let paths: Vec<&str> = known.keys().collect();
        assert_eq!(paths, ["/a", "/b", "/c", "/d", "/e"]);
        let named = |file: u32| known.key(file as usize);
        let mut full: Vec<(&str, u64)> = known.full.iter().map(|&(f, c)| (named(f), c)).collect();
        full.sort();
        assert_eq!(full, [("/a", 1), ("/b", 2), ("/c", 3), ("/d", 4)]);
        let copies = |content: u64| -> Vec<&str> {
            known.copies[&content].iter().map(|&f| named(f)).collect()
        };
        assert_eq!(copies(1), ["/e"]);
        assert_eq!(copies(2), ["/b"]);
        assert_eq!(known.find("/c").map(|(at, _)| at), Some(2));
        assert_eq!(known.find("/bb"), None);
    }

    #[test]
    fn a_path_in_two_segments_is_one_file_with_the_first_segments_state() {
        let list = |files: &[(&str, u64)]| -> List {
            let files: Vec<(String, FileState)> = files
                .iter()
                .map(|(p, size)| ((*p).to_owned(), state(*size)))
                .collect();
            files.into_iter()
        };
        let known = Known::merged(vec![
            (list(&[("/a", 1), ("/c", 1)]), Vec::new()),
            (
                list(&[("/a", 2), ("/b", 2), ("/c", 2), ("/é", 2)]),
                Vec::new(),
            ),
        ]);
        let files: Vec<(&str, u64)> = (0..known.len())
            .map(|at| (known.key(at), known.state(at).size))
            .collect();
        assert_eq!(files, [("/a", 1), ("/b", 2), ("/c", 1), ("/é", 2)]);
        assert_eq!(known.find("/é").map(|(at, _)| at), Some(3));
        assert_eq!(known.find(""), None);
        assert_eq!(Known::default().find("/a"), None);
    }

    #[test]
    fn a_folders_files_are_one_run_and_are_found_within_it() {
        let files = [
            "/a/b.txt",
            "/a/c/d.txt",
            "/a-b.txt",
            "/ab/x.txt",
            "/a/z.txt",
        ];
        let full: Vec<(&str, u64)> = files.iter().map(|&f| (f, 1)).collect();
        let known = known(&full, &[]);
        let under = known.under("/a/");
        let keys: Vec<&str> = under.clone().map(|at| known.key(at)).collect();
        assert_eq!(keys, ["/a/b.txt", "/a/c/d.txt", "/a/z.txt"]);
        let place = |key: &str| known.find(key).map(|(at, _)| at);
        assert_eq!(known.find_in(under.clone(), "/a/z.txt"), place("/a/z.txt"));
        assert_eq!(known.find_in(under.clone(), "/a/y.txt"), None);
        // A file of another folder is not looked for there.
        assert!(place("/a-b.txt").is_some());
        assert_eq!(known.find_in(under, "/a-b.txt"), None);
        assert_eq!(known.under("/a/c/").len(), 1);
        assert!(known.under("/b/").is_empty());
        assert_eq!(known.under("").len(), files.len());
    }
}
