//! How many articles match: exact where counting costs little, an estimate
//! (said to be one) where it would cost more than the page.

use news_search::SearchRequest;

use crate::common::{article, Workspace};

fn count(index: &news_search::NewsIndex, request: SearchRequest) -> (usize, bool) {
    let results = index.search(&request).unwrap();
    (results.total_hits, results.total_hits_exact)
}

#[test]
fn counts_stay_exact_after_articles_change() {
    let ws = Workspace::new();
    // 12 articles hold "ferry", 7 of them "night ferry", 4 "ferry harbour".
    for i in 0..20 {
        let body = match i {
            0..=6 => format!("The night ferry left on time, crossing number {i}."),
            7..=10 => format!("A ferry waited in the harbour, crossing number {i}."),
            11 => "One more ferry story, told once.".to_owned(),
            _ => format!("Trains ran late on line {i} all week."),
        };
        ws.write(
            &format!("n/{i}.txt"),
            &article(&format!("Report {i}"), &body),
        );
    }
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    let all = |q: &str| count(&index, SearchRequest::new(q));
    assert_eq!(all("ferry"), (12, true));
    assert_eq!(all("\"night ferry\""), (7, true));
    assert_eq!(all("ferry harbour"), (4, true));
    assert_eq!(
        count(&index, SearchRequest::new("ferry").limit(0)),
        (12, true)
    );
    assert_eq!(
        count(&index, SearchRequest::new("ferry").limit(3).offset(3)),
        (12, true)
    );

    // Two ferry articles change to trains and one is removed: the segments
    // now hold deleted articles, which no count may include.
    for i in [0, 7] {
        ws.write(
            &format!("n/{i}.txt"),
            &article("Changed", &format!("Trains only, number {i}.")),
        );
    }
    std::fs::remove_file(ws.path("n/11.txt")).unwrap();
    index.index_dir(ws.path("n")).unwrap();
    let all = |q: &str| count(&index, SearchRequest::new(q));
    assert_eq!(all("ferry"), (9, true));
    assert_eq!(all("\"night ferry\""), (6, true));
    assert_eq!(all("ferry harbour"), (3, true));
    assert_eq!(all("ferry -harbour"), (6, true));
    assert_eq!(
        count(&index, SearchRequest::new("ferry").limit(0)),
        (9, true)
    );
    let sorted = SearchRequest::new("ferry").sort(news_search::Sort::Newest);
    assert_eq!(count(&index, sorted), (9, true));
    // Paging past the matches still counts them all.
    let past = index
        .search(&SearchRequest::new("ferry").offset(20))
        .unwrap();
    assert_eq!((past.total_hits, past.hits.len(), past.more), (9, 0, false));
}

#[test]
fn a_lone_common_word_is_estimated_in_a_segment_with_deletions() {
    // More articles hold the word than a count walks through one by one.
    const ARTICLES: usize = 21_000;
    let ws = Workspace::new();
    let lines: String = (0..ARTICLES)
        .map(|i| {
            format!("{{\"title\":\"Harbour note {i}\",\"body\":\"The ferry ran, trip {i}.\"}}\n")
        })
        .collect();
    ws.write("n/dump.ndjson", &lines);
    ws.write("n/extra.txt", &article("Ferry extra", "One more ferry."));
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    index.compact(1).unwrap();
    let exact = index.search(&SearchRequest::new("ferry")).unwrap();
    assert_eq!(
        (exact.total_hits, exact.total_hits_exact),
        (ARTICLES + 1, true)
    );

    // Removing one article leaves a deletion in the one segment.
    std::fs::remove_file(ws.path("n/extra.txt")).unwrap();
    index.index_dir(ws.path("n")).unwrap();
    let about = index.search(&SearchRequest::new("ferry")).unwrap();
    assert!(!about.total_hits_exact, "{}", about.total_hits);
    let off = about.total_hits.abs_diff(ARTICLES);
    assert!(off <= 1, "estimated {} for {ARTICLES}", about.total_hits);
    assert_eq!(about.hits.len(), 10);
    assert!(about.more);
    // A phrase, a filter or facets are counted exactly all the same.
    let phrase = index.search(&SearchRequest::new("\"the ferry\"")).unwrap();
    assert_eq!(
        (phrase.total_hits, phrase.total_hits_exact),
        (ARTICLES, true)
    );
    let faceted = index
        .search(&SearchRequest::new("ferry").facets(true))
        .unwrap();
    assert_eq!(
        (faceted.total_hits, faceted.total_hits_exact),
        (ARTICLES, true)
    );
}

#[test]
fn a_typo_counts_each_article_once_however_many_close_words_it_holds() {
    let ws = Workspace::new();
    let texts = [
        ("a", "Label printed", "The label was printed."),
        ("b", "Table sold", "A table was sold."),
        ("c", "Label on a table", "The label lay on the table."),
        ("d", "Trains run late", "Trains ran late all week."),
    ];
    for (name, title, body) in texts {
        ws.write(&format!("n/{name}.txt"), &article(title, body));
    }
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    // "lable" is one letter from "label" and from "table": c holds both,
    // and counts once.
    let results = index.search(&SearchRequest::new("lable")).unwrap();
    let mut titles: Vec<_> = results.hits.iter().map(|h| &h.listing.title).collect();
    titles.sort();
    assert_eq!(titles, ["Label on a table", "Label printed", "Table sold"]);
    assert_eq!((results.total_hits, results.total_hits_exact), (3, true));
}
