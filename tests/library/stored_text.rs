//! What a hit shows is stored compressed with a dictionary the index learns
//! from its own first thousand articles (`store.zdict` in the index folder).

use std::fs;

use news_search::{Error, NewsIndex, SearchRequest};

use crate::common::{article, Workspace};

/// Writes articles `from..to` of a numbered series into `folder`.
fn write_series(ws: &Workspace, folder: &str, from: usize, to: usize) {
    for i in from..to {
        let text = article(
            &format!("Harbour board meets, session {i}"),
            &format!(
                "The harbour board met for session {i} and heard reports on the \
                 dredging of the northern channel, the ferry timetable and the \
                 fishing fleet's moorings. Item {i} was deferred to the next \
                 meeting after a vote of {} to {}.",
                i % 7 + 3,
                i % 5 + 1
            ),
        );
        ws.write(&format!("{folder}/{i:04}.txt"), &text);
    }
}

#[test]
fn articles_stored_before_and_after_the_dictionary_read_back_whole() {
    let ws = Workspace::new();
    write_series(&ws, "n", 0, SERIES);
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    assert!(ws.path("index/store.zdict").is_file());
    // The first thousand articles read were stored before there was a
    // dictionary, the others with it.
    assert_eq!(
        every_session(&index).unwrap(),
        (0..SERIES).collect::<Vec<_>>()
    );

    // Without its dictionary the index cannot show those articles, and says
    // it is damaged.
    fs::remove_file(ws.path("index/store.zdict")).unwrap();
    let reopened = NewsIndex::open(ws.path("index")).unwrap();
    let error = every_session(&reopened).unwrap_err();
    assert!(matches!(error, Error::DamagedIndex { .. }), "{error:?}");
    assert!(
        error.to_string().contains("store.zdict is missing"),
        "{error}"
    );

    // Building it afresh learns a new one.
    let rebuilt = NewsIndex::recreate(ws.path("index")).unwrap();
    assert!(!ws.path("index/store.zdict").exists());
    rebuilt.index_dir(ws.path("n")).unwrap();
    assert!(ws.path("index/store.zdict").is_file());
    assert_eq!(every_session(&rebuilt).unwrap().len(), SERIES);
}

const SERIES: usize = 1_050;

/// The session numbers of every article shown, each checked against its
/// passage, in order.
fn every_session(index: &NewsIndex) -> news_search::Result<Vec<usize>> {
    let request = SearchRequest::new("harbour")
        .limit(2 * SERIES)
        .collapse(false);
    let found = index.search(&request)?;
    let mut sessions: Vec<usize> = found
        .hits
        .iter()
        .map(|hit| {
            let i = hit
                .listing
                .title
                .rsplit(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let passages: String = hit.snippets.iter().map(|s| s.text.as_str()).collect();
            assert!(passages.contains("harbour board"), "{passages}");
            i
        })
        .collect();
    sessions.sort_unstable();
    Ok(sessions)
}

#[test]
fn an_index_grown_a_few_files_at_a_time_learns_from_what_it_holds() {
    let ws = Workspace::new();
    // Each run as a `search index` of its own would make it: a new process.
    let run = |from, to| {
        write_series(&ws, "n", from, to);
        ws.index().index_dir(ws.path("n")).unwrap();
    };
    run(0, 999);
    run(999, 1_001);
    // Neither run took in a thousand articles, nor held them when it began.
    assert!(!ws.path("index/store.zdict").exists());
    run(1_001, 1_002);
    assert!(ws.path("index/store.zdict").is_file());
    let sessions = every_session(&ws.index()).unwrap();
    assert_eq!(sessions, (0..1_002).collect::<Vec<_>>());
}
