//! What the index knows of the files it holds, read back from fast fields at
//! the start of a run: each file's size, mtime and hash for the diff; and,
//! for a run that changes something, the content fingerprints that let a
//! story saved twice be indexed once.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;
use std::path::Path;

use tantivy::columnar::{Column, StrColumn};
use tantivy::Searcher;

use self::keys::Keys;
use crate::error::{Error, Result};
use crate::hash::FastSet as HashSet;
use crate::store::schema::{self, FileState};

mod keys;

/// The indexed files and their articles' fingerprints, as of the last commit.
///
/// The files are held in the order of their paths: each segment's column of
/// paths lists them in that order, so the segments' lists are merged, and a
/// folder's files are one run of the list ([`Known::under`]), where a walk
/// looks up the files it finds (a map of the paths and a set of those met
/// took some 280 MB at 3.56 M files). The articles' fingerprints are read
/// from the segments only when a run plans its copies.
#[derive(Default)]
pub(crate) struct Known {
    /// Every indexed file's path key, in order.
    keys: Keys,
    /// Each file's state, in the same order.
    states: Vec<FileState>,
    /// Each segment's articles, with the place among the files of each of
    /// its paths (by the path's ordinal; [`NONE`] for a path without a live
    /// article).
    segments: Vec<(Box<dyn Articles>, Vec<u32>)>,
}

impl std::fmt::Debug for Known {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Known")
            .field("files", &self.len())
            .field("segments", &self.segments.len())
            .finish()
    }
}

/// A segment's live articles, read again when a run plans its copies.
trait Articles: Send + Sync {
    /// Calls `each` with the ordinal of its path, its content hash and
    /// whether it is searchable, for each live article.
    fn each(&self, each: &mut dyn FnMut(u32, u64, bool));
}

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
        for segment in &segments {
            lists.push(segment.files(index_path)?);
        }
        let (mut known, places) = Known::merged(lists);
        let articles = segments
            .into_iter()
            .map(|segment| Box::new(segment.into_articles()) as Box<dyn Articles>);
        known.segments = articles.zip(places).collect();
        Ok(known)
    }

    /// The segments' lists of files (ordinal, path key, state), each in path
    /// order, merged in path order as they are read; a path in two segments
    /// is one file, with the state the first gives. Returns the files
    /// (without the segments' articles) and, for each segment, the place of
    /// each of its paths by ordinal.
    fn merged<F>(mut lists: Vec<F>) -> (Known, Vec<Vec<u32>>)
    where
        F: Iterator<Item = (u32, String, FileState)>,
    {
        let mut known = Known::default();
        // Each segment's paths' places in the merged list, and the ordinal
        // and state of the file at the head of its list.
        let mut places: Vec<Vec<u32>> = vec![Vec::new(); lists.len()];
        let mut head_files: Vec<Option<(u32, FileState)>> = vec![None; lists.len()];
        let mut heads = BinaryHeap::new();
        for (segment, list) in lists.iter_mut().enumerate() {
            if let Some((ord, key, state)) = list.next() {
                heads.push(Reverse((key, segment)));
                head_files[segment] = Some((ord, state));
            }
        }
        while let Some(Reverse((key, segment))) = heads.pop() {
            let (ord, state) = head_files[segment].expect("a head's file");
            if known.keys.last() != Some(&*key) {
                known.keys.push(&key);
                known.states.push(state);
            }
            let place = &mut places[segment];
            place.resize(ord as usize, NONE);
            place.push(known.keys.len() as u32 - 1);
            if let Some((ord, next, state)) = lists[segment].next() {
                heads.push(Reverse((next, segment)));
                head_files[segment] = Some((ord, state));
            }
        }
        (known, places)
    }

    /// How many files the index holds.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// The path key of the file at `at` (below [`Known::len`]) in path order.
    #[cfg(test)]
    fn key(&self, at: usize) -> String {
        self.keys.get(at).unwrap_or_default()
    }

    /// The state of the file at `at`.
    pub(crate) fn state(&self, at: usize) -> &FileState {
        &self.states[at]
    }

    /// Calls `each` with every indexed file's place and path key, in order.
    pub(crate) fn for_each_key(&self, mut each: impl FnMut(usize, &str)) {
        let mut cursor = self.keys.cursor(0);
        let mut at = 0;
        while let Some(key) = cursor.advance() {
            each(at, key);
            at += 1;
        }
    }

    /// The place in path order and the state of the file at `key`.
    pub(crate) fn find(&self, key: &str) -> Option<(usize, &FileState)> {
        let at = self.find_in(0..self.len(), key)?;
        Some((at, self.state(at)))
    }

    /// The place of the file at `key`, looked for only in `range` (places in
    /// path order, as [`Known::under`] gives them).
    pub(crate) fn find_in(&self, range: Range<usize>, key: &str) -> Option<usize> {
        self.keys.find_in(range, key)
    }

    /// The places of the files whose keys start with `prefix` (a folder
    /// with its trailing separator): one run, as the keys are in order.
    pub(crate) fn under(&self, prefix: &str) -> Range<usize> {
        let start = self.keys.partition_in(0..self.len(), |k| k < prefix);
        let end = self
            .keys
            .partition_in(start..self.len(), |k| k.starts_with(prefix));
        start..end
    }

    /// Plans the fingerprints for a run that rewrites the files marked in
    /// `rewritten` (by their place in path order): the content hashes
    /// whose searchable article survives the run, and the files holding
    /// copies that must be read again because the file holding their story's
    /// searchable article is removed or rewritten. Two passes over the
    /// segments' articles, holding no list of them.
    pub(crate) fn plan(&self, rewritten: &[bool]) -> (HashSet<u64>, Vec<String>) {
        let rewritten = |file: u32| rewritten.get(file as usize).copied().unwrap_or(false);
        let mut lost = HashSet::default();
        let mut surviving = HashSet::default();
        self.articles(|file, content, searchable| {
            if searchable {
                match rewritten(file) {
                    true => lost.insert(content),
                    false => surviving.insert(content),
                };
            }
        });
        lost.retain(|content| !surviving.contains(content));
        let mut reread = Vec::new();
        if !lost.is_empty() {
            self.articles(|file, content, searchable| {
                if !searchable && !rewritten(file) && lost.contains(&content) {
                    reread.push(file);
                }
            });
        }
        // Places in path order: the keys come out in order.
        reread.sort_unstable();
        reread.dedup();
        let reread = reread
            .into_iter()
            .filter_map(|file| self.keys.get(file as usize))
            .collect();
        (surviving, reread)
    }

    /// Calls `each` with the file (its place among the files), content hash
    /// and whether it is searchable of every live article.
    fn articles(&self, mut each: impl FnMut(u32, u64, bool)) {
        for (articles, places) in &self.segments {
            articles.each(
                &mut |ord, content, searchable| match places.get(ord as usize) {
                    Some(&file) if file != NONE => each(file, content, searchable),
                    _ => {}
                },
            );
        }
    }
}

/// No document in [`SegmentColumns::first`].
const NONE: u32 = u32::MAX;

/// What a segment's columns give of its files and articles.
struct SegmentColumns {
    segment: tantivy::SegmentReader,
    paths: StrColumn,
    /// Sizes, mtimes and hashes, by document.
    states: [Column<u64>; 3],
    contents: Column<u64>,
    fulls: Column<u64>,
    /// The first live document of each path, by the path's ordinal.
    first: Vec<u32>,
}

impl SegmentColumns {
    /// The columns of `segment`; `None` for a segment without paths.
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
        // The first live document of each path (by its ordinal): one pass
        // over the documents.
        let mut first = vec![NONE; paths.num_terms()];
        for doc in (0..segment.max_doc()).filter(|d| !segment.is_deleted(*d)) {
            let Some(ord) = paths.term_ords(doc).next() else {
                continue;
            };
            match first.get_mut(ord as usize) {
                Some(first) if *first == NONE => *first = doc,
                _ => {}
            }
        }
        Ok(Some(SegmentColumns {
            segment: segment.clone(),
            paths,
            states,
            contents,
            fulls,
            first,
        }))
    }

    /// The paths with a live document, in order, each with its ordinal and
    /// the state its first document gives. Ordinals follow the dictionary's
    /// order: one pass over it names them all, far cheaper than a lookup per
    /// document.
    fn files(
        &self,
        index_path: &Path,
    ) -> Result<impl Iterator<Item = (u32, String, FileState)> + '_> {
        let mut stream = self
            .paths
            .dictionary()
            .stream()
            .map_err(|source| Error::Io {
                path: index_path.to_path_buf(),
                source,
            })?;
        let mut first = self.first.iter().zip(0u32..);
        let [sizes, mtimes, hashes] = &self.states;
        Ok(std::iter::from_fn(move || loop {
            let (&doc, ord) = first.next()?;
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
            let key = String::from_utf8_lossy(stream.key()).into_owned();
            return Some((ord, key, state));
        }))
    }

    /// What is kept of the segment to read its articles again.
    fn into_articles(self) -> SegmentArticles {
        SegmentArticles {
            segment: self.segment,
            paths: self.paths,
            contents: self.contents,
            fulls: self.fulls,
        }
    }
}

/// A segment's articles, read from its columns.
struct SegmentArticles {
    segment: tantivy::SegmentReader,
    paths: StrColumn,
    contents: Column<u64>,
    fulls: Column<u64>,
}

impl Articles for SegmentArticles {
    fn each(&self, each: &mut dyn FnMut(u32, u64, bool)) {
        let segment = &self.segment;
        for doc in (0..segment.max_doc()).filter(|d| !segment.is_deleted(*d)) {
            let Some(ord) = self.paths.term_ords(doc).next() else {
                continue;
            };
            let content = self.contents.first(doc).unwrap_or(0);
            let searchable = self.fulls.first(doc).unwrap_or(0) == 1;
            each(ord as u32, content, searchable);
        }
    }
}

/// Articles listed by hand.
#[cfg(test)]
impl Articles for Vec<(u32, u64, bool)> {
    fn each(&self, each: &mut dyn FnMut(u32, u64, bool)) {
        for &(ord, content, searchable) in self {
            each(ord, content, searchable);
        }
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
    type List = std::vec::IntoIter<(u32, String, FileState)>;
    type Listed = Vec<(u32, u64, bool)>;

    fn segment(full: &[(&str, u64)], copies: &[(u64, &str)]) -> (List, Listed) {
        let mut paths: Vec<&str> = full.iter().map(|(p, _)| *p).collect();
        paths.extend(copies.iter().map(|(_, p)| *p));
        paths.sort();
        paths.dedup();
        let at = |path: &str| paths.binary_search(&path).unwrap() as u32;
        let mut articles: Listed = full.iter().map(|(p, c)| (at(p), *c, true)).collect();
        articles.extend(copies.iter().map(|(c, p)| (at(p), *c, false)));
        let files: Vec<(u32, String, FileState)> = (0..)
            .zip(&paths)
            .map(|(ord, p)| (ord, (*p).to_owned(), state(1)))
            .collect();
        (files.into_iter(), articles)
    }

    /// The segments merged, each with its articles.
    fn merged(segments: Vec<(List, Listed)>) -> Known {
        let (lists, articles): (Vec<List>, Vec<Listed>) = segments.into_iter().unzip();
        let (mut known, places) = Known::merged(lists);
        let articles = articles
            .into_iter()
            .map(|articles| Box::new(articles) as Box<dyn Articles>);
        known.segments = articles.zip(places).collect();
        known
    }

    fn known(full: &[(&str, u64)], copies: &[(u64, &str)]) -> Known {
        merged(vec![segment(full, copies)])
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
        let known = merged(vec![
            segment(&[("/b", 2), ("/d", 4)], &[(1, "/e")]),
            segment(&[("/a", 1), ("/c", 3)], &[(2, "/b")]),
            segment(&[], &[]),
        ]);
        let mut paths = Vec::new();
        known.for_each_key(|_, key| paths.push(key.to_owned()));
        assert_eq!(paths, ["/a", "/b", "/c", "/d", "/e"]);
        let mut articles = Vec::new();
        known.articles(|file, content, searchable| {
            articles.push((known.key(file as usize), content, searchable));
        });
        articles.sort();
        let articles: Vec<(&str, u64, bool)> = articles
            .iter()
            .map(|(file, content, searchable)| (file.as_str(), *content, *searchable))
            .collect();
        assert_eq!(
            articles,
            [
                ("/a", 1, true),
                ("/b", 2, false),
                ("/b", 2, true),
                ("/c", 3, true),
                ("/d", 4, true),
                ("/e", 1, false)
            ]
        );
        assert_eq!(known.find("/c").map(|(at, _)| at), Some(2));
        assert_eq!(known.find("/bb"), None);
    }

    #[test]
    fn a_path_in_two_segments_is_one_file_with_the_first_segments_state() {
        let list = |files: &[(&str, u64)]| -> List {
            let files: Vec<(u32, String, FileState)> = (0..)
                .zip(files)
                .map(|(ord, (p, size))| (ord, (*p).to_owned(), state(*size)))
                .collect();
            files.into_iter()
        };
        let (known, _) = Known::merged(vec![
            list(&[("/a", 1), ("/c", 1)]),
            list(&[("/a", 2), ("/b", 2), ("/c", 2), ("/é", 2)]),
        ]);
        let files: Vec<(String, u64)> = (0..known.len())
            .map(|at| (known.key(at), known.state(at).size))
            .collect();
        let files: Vec<(&str, u64)> = files.iter().map(|(f, s)| (f.as_str(), *s)).collect();
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
        let keys: Vec<String> = under.clone().map(|at| known.key(at)).collect();
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
