//! Exports stream: the heap an export uses does not grow with the articles
//! it writes. A test binary of its own, because it counts every allocation
//! of the process through its global allocator, and one test at a time.
//!
//! What is measured is the heap, not the resident set: the index's files are
//! memory-mapped, and their pages count towards the resident set of any
//! process that reads them, however little it keeps.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use news_search::{export, IndexOptions, NewsIndex, SearchRequest};

/// The system allocator, counting the bytes it holds and their peak.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = HELD.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is passed on to the system allocator unchanged; the
// counters only observe the sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        if !moved.is_null() {
            HELD.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most heap `work` held at once beyond what was held before it.
fn peak_during<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = HELD.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let value = work();
    (value, PEAK.load(Ordering::Relaxed).saturating_sub(before))
}

/// A writer that keeps nothing, counting what passes through it.
#[derive(Default)]
struct Counted(u64);

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// An index of `count` articles of about 6 KB each, all mentioning "harbour",
/// read from one NDJSON file.
fn index_of(dir: &Path, count: usize) -> NewsIndex {
    let news = dir.join("news");
    fs::create_dir_all(&news).unwrap();
    let mut feed = io::BufWriter::new(fs::File::create(news.join("feed.ndjson")).unwrap());
    for n in 0..count {
        // Distinct text in every article, so that no two are copies.
        let body: String = (0..120)
            .map(|s| {
                format!(
                    "Sentence {s} of report {n} on the harbour and ship {}. ",
                    n * 7 + s
                )
            })
            .collect();
        let article = serde_json::json!({
            "title": format!("Harbour report {n}"),
            "date": format!("2024-{:02}-{:02}", n % 12 + 1, n % 28 + 1),
            "source": "Wire",
            "body": body,
        });
        serde_json::to_writer(&mut feed, &article).unwrap();
        feed.write_all(b"\n").unwrap();
    }
    feed.flush().unwrap();
    let index = NewsIndex::create(dir.join("index")).unwrap();
    let options = IndexOptions::default();
    let report = index.index_folders(&[&news], &options, &()).unwrap();
    assert!(report.errors.is_empty(), "{report:?}");
    assert_eq!(index.articles().count(), count);
    index
}

/// Heap held at once while exporting `index` in each format, and the bytes
/// the NDJSON export wrote.
fn export_peaks(index: &NewsIndex, out: &Path) -> (usize, u64) {
    let ((), warm) = peak_during(|| {
        // The first read of each segment's store opens its readers; what
        // they keep does not grow with the articles.
        let first = index.articles().next().unwrap().unwrap();
        assert!(first.title.starts_with("Harbour report"));
    });
    let (written, ndjson) = peak_during(|| {
        let mut sink = Counted::default();
        export::ndjson(index.articles(), &mut sink).unwrap();
        sink.0
    });
    let ((), matching) = peak_during(|| {
        let matches = index.matching(&SearchRequest::new("harbour")).unwrap();
        export::ndjson(matches, Counted::default()).unwrap();
    });
    let ((), quickwit) = peak_during(|| {
        export::quickwit(index.articles(), &out.join("quickwit")).unwrap();
    });
    let ((), elastic) = peak_during(|| {
        export::elasticsearch(index.articles(), &out.join("es")).unwrap();
    });
    eprintln!(
        "heap peaks: first read {warm} B, ndjson {ndjson} B, matching {matching} B, \
         quickwit {quickwit} B, elasticsearch {elastic} B; ndjson wrote {written} B"
    );
    (ndjson.max(matching).max(quickwit).max(elastic), written)
}

#[test]
fn exports_hold_a_bounded_heap_whatever_the_number_of_articles() {
    let small_dir = tempfile::tempdir().unwrap();
    let small = index_of(small_dir.path(), 300);
    let (small_peak, small_written) = export_peaks(&small, small_dir.path());
    drop(small);

    let large_dir = tempfile::tempdir().unwrap();
    let large = index_of(large_dir.path(), 2_400);
    let (large_peak, large_written) = export_peaks(&large, large_dir.path());

    // Eight times the articles written...
    assert!(
        large_written > 7 * small_written,
        "{large_written} vs {small_written}"
    );
    // ...with a heap far smaller than what was written (an export that
    // gathered its articles first would hold at least that much)...
    assert!(
        (large_peak as u64) < large_written / 8,
        "an export held {large_peak} bytes while writing {large_written}"
    );
    // ...and not growing with the articles: a list of 8-byte addresses, one
    // per article, is all that may grow (19 KB here), with room for the
    // buffers of stores read in a different order.
    let growth = large_peak.saturating_sub(small_peak);
    assert!(
        growth < 1_000_000,
        "exporting 8x the articles held {growth} more bytes ({small_peak} -> {large_peak})"
    );
}
