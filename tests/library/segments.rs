//! The segments an indexing run leaves: those it wrote merged into at most
//! two at its end, every article still found, older segments left alone.

use news_search::{IndexOptions, SearchRequest};

use crate::common::{article, Workspace};

#[test]
fn a_run_merges_the_segments_it_wrote() {
    const ARTICLES: usize = 400;
    let ws = Workspace::new();
    for i in 0..ARTICLES {
        let text = article(
            &format!("Ferry note {i}"),
            &format!("The ferry ran, trip {i}."),
        );
        ws.write(&format!("n/{i:03}.txt"), &text);
    }
    // Each of four writer threads writes a segment of its own.
    let options = IndexOptions::default()
        .threads(4)
        .memory_budget(4 * 15_000_000);
    let index = ws.index();
    let report = index.index_folders(&[ws.path("n")], &options, &()).unwrap();
    assert!(report.segments_merged > 2, "{report:?}");
    // Too few articles for two large segments: one.
    assert_eq!(index.stats().unwrap().segments, 1);
    let found = index.search(&SearchRequest::new("ferry").limit(0)).unwrap();
    assert_eq!((found.total_hits, found.total_hits_exact), (ARTICLES, true));
    let trip = index.search(&SearchRequest::new("\"trip 399\"")).unwrap();
    assert_eq!(trip.hits[0].listing.title, "Ferry note 399");

    // A run that writes one segment leaves it, and the older one, as they are.
    ws.write("n/late.txt", &article("Late ferry", "The late ferry ran."));
    let report = index.index_folders(&[ws.path("n")], &options, &()).unwrap();
    assert_eq!(report.segments_merged, 0);
    assert_eq!(index.stats().unwrap().segments, 2);
    let found = index.search(&SearchRequest::new("ferry").limit(0)).unwrap();
    assert_eq!(found.total_hits, ARTICLES + 1);
}
