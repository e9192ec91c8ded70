//! What an article's stored document holds and how it is kept small: the
//! fields a hit shows, one after the other, compressed with zstd on their
//! own, with a dictionary trained on the index's own first articles.
//!
//! tantivy's store compresses blocks of documents, and reading one document
//! decompresses its whole block. An article compressed alone with a
//! dictionary of what news looks like comes out smaller than it does in a
//! block beside others (a fifth of the store at 1 GB of news, BENCHMARKS.md
//! "The store's dictionary"), and a hit decompresses only itself.
//!
//! The dictionary is trained once per index, from the first [`SAMPLES`]
//! articles it takes in, and kept in [`DICTIONARY`] beside tantivy's files;
//! it never changes afterwards. Articles stored before it existed stay as
//! they were written: each record says whether it needs the dictionary.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use time::Date;
use zstd::bulk::{Compressor, Decompressor};
use zstd::zstd_safe::{DCtx, DDict};

use crate::article::Article;

/// The dictionary's file in the index folder.
pub(crate) const DICTIONARY: &str = "store.zdict";

/// The files of the index folder this module writes: the dictionary, and
/// the temporary one it is written through.
pub(crate) const OWN_FILES: [&str; 2] = [DICTIONARY, TEMPORARY];
const TEMPORARY: &str = ".store.zdict.tmp";

/// How many articles the dictionary is trained on: at 1 GB of news, a
/// thousand articles (3 MB) made a dictionary within 1% of what five
/// thousand did, in a fifth of a second.
const SAMPLES: usize = 1_000;

/// The most of an article a sample takes: a few long articles should not
/// make the whole sample.
const SAMPLE_BYTES: usize = 16 * 1024;

/// The dictionary's size: 64 KB, read once by a search that shows hits.
const DICTIONARY_BYTES: usize = 64 * 1024;

/// zstd's level: with a dictionary, 3 makes records a tenth smaller than 1
/// at about the same speed (BENCHMARKS.md).
const LEVEL: i32 = 3;

/// The first byte of a packed record: how its zstd frame was made.
const PLAIN: u8 = 0;
const WITH_DICTIONARY: u8 = 1;

/// The largest record unpacked: far more than the largest article the
/// extraction keeps, so that only a damaged frame is refused.
const MAX_RECORD_BYTES: usize = 64 * 1024 * 1024;

/// What a stored document holds, borrowed from what is being indexed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record<'a> {
    pub id: &'a str,
    pub path: &'a str,
    pub position: u64,
    pub content: u64,
    /// `None` for a copy of a story stored elsewhere: only where it is.
    pub article: Option<&'a Article>,
}

/// A stored document read back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StoredArticle {
    pub id: String,
    pub path: String,
    pub position: u64,
    pub content: u64,
    pub article: Article,
}

/// Packs and unpacks the records of one index: its dictionary, once there
/// is one, and zstd's contexts, made once and reused.
pub(crate) struct Records {
    /// Where the dictionary is (or will be) kept.
    file: PathBuf,
    /// As read or trained (an `Arc<[u8]>` would be a copy of it: about 9
    /// page faults more for a search).
    dictionary: OnceLock<Arc<Vec<u8>>>,
    samples: Mutex<Samples>,
    /// Contexts for packing, each with the dictionary or without it.
    compressors: Mutex<Vec<(bool, Compressor<'static>)>>,
    plain: Mutex<Option<Decompressor<'static>>>,
    trained: Mutex<Option<(DCtx<'static>, Decoding)>>,
}

self_cell::self_cell!(
    /// The dictionary as zstd decodes with it, referring to its bytes: a
    /// copy would cost a search about 30 more page faults (BENCHMARKS.md).
    struct Decoding {
        owner: Arc<Vec<u8>>,
        #[covariant]
        dependent: DDict,
    }
);

/// The articles gathered to train the dictionary on, end to end.
#[derive(Debug, Default)]
struct Samples {
    bytes: Vec<u8>,
    sizes: Vec<usize>,
    /// Training was tried (or the dictionary is there): gather no more.
    done: bool,
}

impl Records {
    /// The records of the index in the folder `index`. The dictionary is
    /// read when a record first needs it.
    pub(crate) fn new(index: &Path) -> Records {
        Records {
            file: index.join(DICTIONARY),
            dictionary: OnceLock::new(),
            samples: Mutex::new(Samples::default()),
            compressors: Mutex::new(Vec::new()),
            plain: Mutex::new(None),
            trained: Mutex::new(None),
        }
    }

    /// Encodes and compresses `record`, with the dictionary when the index
    /// has one. The first articles of an index without one are gathered,
    /// and the dictionary trained from them once there are enough.
    pub(crate) fn pack(&self, record: &Record<'_>) -> io::Result<Vec<u8>> {
        let raw = encode(record);
        // A copy's record (where it is, no text) teaches the dictionary nothing.
        let sample = record.article.is_some().then_some(raw.as_slice());
        let dictionary = self.dictionary_for_packing(sample);
        let trained = dictionary.is_some();
        let pooled = self.compressors.lock().ok().and_then(|mut pool| {
            // Contexts made before the dictionary was trained are dropped.
            pool.retain(|(with, _)| *with == trained);
            pool.pop()
        });
        let mut compressor = match (pooled, dictionary) {
            (Some((_, compressor)), _) => compressor,
            (None, Some(dictionary)) => Compressor::with_dictionary(LEVEL, &dictionary)?,
            (None, None) => Compressor::new(LEVEL)?,
        };
        let mut packed = vec![0; zstd::zstd_safe::compress_bound(raw.len()) + 1];
        packed[0] = if trained { WITH_DICTIONARY } else { PLAIN };
        let written = compressor.compress_to_buffer(&raw, &mut packed[1..])?;
        packed.truncate(1 + written);
        if let Ok(mut pool) = self.compressors.lock() {
            pool.push((trained, compressor));
        }
        Ok(packed)
    }

    /// Decompresses and decodes a record that [`Records::pack`] made: an
    /// error of kind `NotFound` when its dictionary ([`Records::file`]) is
    /// missing, of kind `InvalidData` when the record is damaged.
    pub(crate) fn unpack(&self, packed: &[u8]) -> io::Result<StoredArticle> {
        let Some((&kind, frame)) = packed.split_first() else {
            return Err(damaged("an empty record"));
        };
        let raw = match kind {
            PLAIN => self.unpack_plain(frame)?,
            WITH_DICTIONARY => self.unpack_trained(frame)?,
            _ => return Err(damaged("a record of an unknown kind")),
        };
        decode(&raw).ok_or_else(|| damaged("a record that does not decode"))
    }

    fn unpack_plain(&self, frame: &[u8]) -> io::Result<Vec<u8>> {
        let mut slot = self
            .plain
            .lock()
            .map_err(|_| damaged("a record's context"))?;
        let decompressor = match slot.as_mut() {
            Some(decompressor) => decompressor,
            None => slot.insert(Decompressor::new()?),
        };
        decompressor
            .decompress(frame, MAX_RECORD_BYTES)
            .map_err(|_| damaged("a record that does not decompress"))
    }

    fn unpack_trained(&self, frame: &[u8]) -> io::Result<Vec<u8>> {
        let mut slot = self
            .trained
            .lock()
            .map_err(|_| damaged("a record's context"))?;
        let (context, decoding) = match slot.as_mut() {
            Some(made) => made,
            None => {
                let context = DCtx::try_create().ok_or_else(out_of_memory)?;
                let decoding = Decoding::try_new(self.dictionary()?, |bytes| {
                    DDict::try_create_by_reference(bytes).ok_or_else(out_of_memory)
                })?;
                slot.insert((context, decoding))
            }
        };
        let size = zstd::zstd_safe::get_frame_content_size(frame)
            .ok()
            .flatten()
            .and_then(|size| usize::try_from(size).ok())
            .filter(|&size| size <= MAX_RECORD_BYTES)
            .ok_or_else(|| damaged("a record of no size"))?;
        let mut raw = Vec::with_capacity(size);
        decoding
            .with_dependent(|_, dictionary| {
                context.decompress_using_ddict(&mut raw, frame, dictionary)
            })
            .map_err(|_| damaged("a record that does not decompress"))?;
        Ok(raw)
    }

    /// Trains the dictionary from `records`, stored articles already in the
    /// index, when it has none: an index that grew a few files at a time
    /// never gathers [`SAMPLES`] articles in one run.
    pub(crate) fn train_from(&self, records: impl Iterator<Item = StoredArticle>) {
        if self.has_dictionary() {
            return;
        }
        let mut samples = Samples::default();
        for stored in records.take(SAMPLES) {
            samples.add(&encode(&stored.as_record()));
        }
        if samples.sizes.len() == SAMPLES {
            self.train(&samples);
        }
    }

    /// The dictionary's file.
    pub(crate) fn file(&self) -> &Path {
        &self.file
    }

    /// Whether the index has its dictionary (on disk, read or not).
    pub(crate) fn has_dictionary(&self) -> bool {
        self.dictionary.get().is_some() || self.file.is_file()
    }

    /// The dictionary, read from its file the first time.
    fn dictionary(&self) -> io::Result<Arc<Vec<u8>>> {
        if let Some(dictionary) = self.dictionary.get() {
            return Ok(dictionary.clone());
        }
        let bytes = std::fs::read(&self.file)?;
        Ok(self.dictionary.get_or_init(|| Arc::new(bytes)).clone())
    }

    /// The dictionary to pack with: the index's, if it has one. Without
    /// one, `sample` is gathered, and the run that gathers the last one
    /// trains it (the records packed meanwhile go without).
    fn dictionary_for_packing(&self, sample: Option<&[u8]>) -> Option<Arc<Vec<u8>>> {
        if let Some(dictionary) = self.dictionary.get() {
            return Some(dictionary.clone());
        }
        let raw = sample?;
        let full = {
            let mut samples = self.samples.lock().ok()?;
            if samples.done {
                return None;
            }
            // Another process may have trained it since this one looked.
            if samples.sizes.is_empty() && self.file.is_file() {
                samples.done = true;
                drop(samples);
                return self.dictionary().ok();
            }
            samples.add(raw);
            if samples.sizes.len() < SAMPLES {
                return None;
            }
            // Gathering ends here for good: one dictionary an index.
            samples.done = true;
            Samples {
                bytes: std::mem::take(&mut samples.bytes),
                sizes: std::mem::take(&mut samples.sizes),
                done: true,
            }
        };
        self.train(&full);
        self.dictionary.get().cloned()
    }

    /// Trains the dictionary and keeps it, on disk first: no record is
    /// packed with a dictionary that a crash could lose, nor with one other
    /// than the file's (a dictionary there already stays, and is used). A
    /// failure leaves the index without one, and its records packed without.
    fn train(&self, samples: &Samples) {
        let Ok(dictionary) =
            zstd::dict::from_continuous(&samples.bytes, &samples.sizes, DICTIONARY_BYTES)
        else {
            return;
        };
        match write_once(&self.file, &dictionary) {
            Ok(true) => {
                let _ = self.dictionary.set(Arc::new(dictionary));
            }
            Ok(false) => {
                let _ = self.dictionary();
            }
            Err(_) => {}
        }
    }
}

impl std::fmt::Debug for Records {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Records")
            .field("file", &self.file)
            .field("trained", &self.dictionary.get().is_some())
            .finish_non_exhaustive()
    }
}

impl Samples {
    fn add(&mut self, raw: &[u8]) {
        let sample = &raw[..raw.len().min(SAMPLE_BYTES)];
        self.bytes.extend_from_slice(sample);
        self.sizes.push(sample.len());
    }
}

impl StoredArticle {
    fn as_record(&self) -> Record<'_> {
        Record {
            id: &self.id,
            path: &self.path,
            position: self.position,
            content: self.content,
            article: Some(&self.article),
        }
    }
}

fn out_of_memory() -> io::Error {
    io::Error::new(io::ErrorKind::OutOfMemory, "zstd could not allocate")
}

fn damaged(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("stored text: {what}"))
}

/// Writes `bytes` to `file` unless it exists: through a temporary file that
/// is synced and then linked (or, where the file system has no links,
/// renamed) to its name, the folder synced after, so the file is whole or
/// absent. `false` when the file was there already.
fn write_once(file: &Path, bytes: &[u8]) -> io::Result<bool> {
    use std::io::Write;
    let folder = file.parent().unwrap_or(Path::new("."));
    let temporary = folder.join(TEMPORARY);
    let mut out = std::fs::File::create(&temporary)?;
    out.write_all(bytes)?;
    out.sync_all()?;
    drop(out);
    let linked = match std::fs::hard_link(&temporary, file) {
        Ok(()) => true,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => false,
        Err(_) if file.exists() => false,
        Err(_) => {
            std::fs::rename(&temporary, file)?;
            return sync_folder(folder).map(|()| true);
        }
    };
    std::fs::remove_file(&temporary)?;
    sync_folder(folder)?;
    Ok(linked)
}

fn sync_folder(folder: &Path) -> io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(folder)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

/// The record's fields, each a length and its bytes (numbers as LEB128).
fn encode(record: &Record<'_>) -> Vec<u8> {
    let empty = Article::default();
    let article = record.article.unwrap_or(&empty);
    let mut out = Vec::with_capacity(64 + article.title.len() + article.body.len());
    put_str(&mut out, record.id);
    put_str(&mut out, record.path);
    put_number(&mut out, record.position);
    out.extend_from_slice(&record.content.to_le_bytes());
    put_str(&mut out, &article.title);
    put_str(&mut out, &article.body);
    for value in [
        &article.source,
        &article.author,
        &article.url,
        &article.language,
    ] {
        put_optional(&mut out, value.as_deref());
    }
    put_number(&mut out, article.tags.len() as u64);
    for tag in &article.tags {
        put_str(&mut out, tag);
    }
    // Julian days, offset so that 0 says "no date" (every date `time` can
    // hold is after day -5,373,484).
    let day = article
        .date
        .map_or(0, |d| i64::from(d.to_julian_day()) + DAY_OFFSET);
    put_number(&mut out, day as u64);
    out
}

const DAY_OFFSET: i64 = 10_000_000;

fn decode(mut input: &[u8]) -> Option<StoredArticle> {
    let input = &mut input;
    let id = take_str(input)?;
    let path = take_str(input)?;
    let position = take_number(input)?;
    let (content, rest) = input.split_first_chunk::<8>()?;
    *input = rest;
    let content = u64::from_le_bytes(*content);
    let title = take_str(input)?;
    let body = take_str(input)?;
    let source = take_optional(input)?;
    let author = take_optional(input)?;
    let url = take_optional(input)?;
    let language = take_optional(input)?;
    let tags = take_number(input)?;
    let tags = (0..tags)
        .map(|_| take_str(input))
        .collect::<Option<Vec<_>>>()?;
    let date = match take_number(input)? {
        0 => None,
        day => {
            let day = i32::try_from(i64::try_from(day).ok()? - DAY_OFFSET).ok()?;
            Some(Date::from_julian_day(day).ok()?)
        }
    };
    if !input.is_empty() {
        return None;
    }
    Some(StoredArticle {
        id,
        path,
        position,
        content,
        article: Article {
            title,
            body,
            date,
            source,
            author,
            url,
            language,
            tags,
        },
    })
}

fn put_number(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_number(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// `None` as 0, a text as its length plus one and its bytes.
fn put_optional(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            put_number(out, s.len() as u64 + 1);
            out.extend_from_slice(s.as_bytes());
        }
    }
}

fn take_number(input: &mut &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = input.split_first()?;
        *input = rest;
        n |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

fn take_bytes<'a>(input: &mut &'a [u8], len: u64) -> Option<&'a [u8]> {
    let len = usize::try_from(len).ok()?;
    if len > input.len() {
        return None;
    }
    let (bytes, rest) = input.split_at(len);
    *input = rest;
    Some(bytes)
}

fn take_str(input: &mut &[u8]) -> Option<String> {
    let len = take_number(input)?;
    String::from_utf8(take_bytes(input, len)?.to_vec()).ok()
}

fn take_optional(input: &mut &[u8]) -> Option<Option<String>> {
    match take_number(input)? {
        0 => Some(None),
        len => String::from_utf8(take_bytes(input, len - 1)?.to_vec())
            .ok()
            .map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(n: usize) -> Article {
        Article {
            title: format!("Minister {n} resigns over the harbour contract"),
            body: format!(
                "The minister of transport, number {n}, resigned on Tuesday after \
                 reports that the harbour contract was awarded without a tender. \
                 Élection anticipée? «Non», said a spokeswoman. 東京 {n}"
            ),
            date: Date::from_calendar_date(2024, time::Month::March, 1 + (n % 28) as u8).ok(),
            source: Some("Reuters".into()),
            author: (n % 2 == 0).then(|| "Jane Doe".into()),
            url: None,
            language: Some("en".into()),
            tags: vec!["politics".into(), format!("tag {n}")],
        }
    }

    fn stored(n: usize) -> StoredArticle {
        StoredArticle {
            id: format!("{n:016x}"),
            path: format!("/news/{n}.txt"),
            position: n as u64 % 3,
            content: (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15),
            article: article(n),
        }
    }

    #[test]
    fn a_record_reads_back_as_written() {
        for n in 0..50 {
            let written = stored(n);
            assert_eq!(decode(&encode(&written.as_record())), Some(written));
        }
        let copy = Record {
            id: "a",
            path: "/b",
            position: 7,
            content: u64::MAX,
            article: None,
        };
        let read = decode(&encode(&copy)).unwrap();
        assert_eq!(
            (read.id.as_str(), read.path.as_str(), read.position),
            ("a", "/b", 7)
        );
        assert_eq!((read.content, read.article), (u64::MAX, Article::default()));
    }

    #[test]
    fn a_cut_or_lengthened_record_is_refused() {
        let raw = encode(&stored(3).as_record());
        for len in 0..raw.len() {
            assert_eq!(decode(&raw[..len]), None, "cut at {len}");
        }
        let mut longer = raw.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
    }

    #[test]
    fn records_are_packed_with_the_dictionary_once_it_is_trained() {
        let folder = tempfile::tempdir().unwrap();
        let records = Records::new(folder.path());
        // Copies of stories stored elsewhere are no samples.
        let copy = Record {
            id: "c",
            path: "/c",
            position: 0,
            content: 1,
            article: None,
        };
        for _ in 0..10 {
            assert_eq!(records.pack(&copy).unwrap()[0], PLAIN);
        }
        let pack = |n| records.pack(&stored(n).as_record()).unwrap();
        let mut packed: Vec<Vec<u8>> = (0..SAMPLES).map(pack).collect();
        let dictionary = std::fs::read(folder.path().join(DICTIONARY)).unwrap();
        // Trained once: packing goes on with the same dictionary.
        packed.extend((SAMPLES..3 * SAMPLES).map(pack));
        assert_eq!(
            std::fs::read(folder.path().join(DICTIONARY)).unwrap(),
            dictionary
        );
        assert!(packed[..SAMPLES - 1].iter().all(|p| p[0] == PLAIN));
        assert!(packed[SAMPLES..].iter().all(|p| p[0] == WITH_DICTIONARY));
        // Another reader of the same index finds the dictionary on disk.
        let reader = Records::new(folder.path());
        for (n, p) in packed.iter().enumerate() {
            assert_eq!(reader.unpack(p).unwrap(), stored(n));
        }
        let with = packed[SAMPLES + 5].len();
        let without = records_without_dictionary().pack(&stored(SAMPLES + 5).as_record());
        assert!(with < without.unwrap().len());
    }

    #[test]
    fn a_dictionary_on_disk_is_never_replaced() {
        let folder = tempfile::tempdir().unwrap();
        let (first, second) = (Records::new(folder.path()), Records::new(folder.path()));
        // The second starts gathering before the first has trained.
        second.pack(&stored(0).as_record()).unwrap();
        for n in 0..SAMPLES {
            first.pack(&stored(n).as_record()).unwrap();
        }
        let dictionary = std::fs::read(folder.path().join(DICTIONARY)).unwrap();
        let packed: Vec<Vec<u8>> = (1..=SAMPLES)
            .map(|n| second.pack(&stored(n).as_record()).unwrap())
            .collect();
        assert_eq!(
            std::fs::read(folder.path().join(DICTIONARY)).unwrap(),
            dictionary
        );
        assert_eq!(packed.last().unwrap()[0], WITH_DICTIONARY);
        let reader = Records::new(folder.path());
        assert_eq!(
            reader.unpack(packed.last().unwrap()).unwrap(),
            stored(SAMPLES)
        );
        assert!(!folder.path().join(TEMPORARY).exists());
    }

    fn records_without_dictionary() -> Records {
        let folder = tempfile::tempdir().unwrap();
        Records::new(folder.path())
    }

    #[test]
    fn a_record_without_its_dictionary_is_an_error() {
        let folder = tempfile::tempdir().unwrap();
        let records = Records::new(folder.path());
        let packed = (0..=SAMPLES)
            .map(|n| records.pack(&stored(n).as_record()).unwrap())
            .last()
            .unwrap();
        std::fs::remove_file(folder.path().join(DICTIONARY)).unwrap();
        let error = Records::new(folder.path()).unpack(&packed).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        let plain = records_without_dictionary()
            .pack(&stored(1).as_record())
            .unwrap();
        for damaged in [
            &[9, 1, 2][..],
            &[],
            &[PLAIN, 1, 2, 3],
            &plain[..plain.len() / 2],
        ] {
            let error = Records::new(folder.path()).unpack(damaged).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        }
    }

    #[test]
    fn an_index_trains_from_what_it_holds() {
        let folder = tempfile::tempdir().unwrap();
        let records = Records::new(folder.path());
        records.train_from((0..SAMPLES - 1).map(stored));
        assert!(!records.has_dictionary(), "too few articles to train on");
        records.train_from((0..SAMPLES).map(stored));
        assert!(records.has_dictionary());
        let packed = records.pack(&stored(1).as_record()).unwrap();
        assert_eq!(packed[0], WITH_DICTIONARY);
    }
}
