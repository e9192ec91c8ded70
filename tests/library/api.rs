//! The library's public API, used as an embedding tool would use it.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use news_search::{
    Error, IndexOptions, NewsIndex, Phase, Progress, SearchRequest, MIN_MEMORY_PER_THREAD,
};

use crate::common::{article, titles, Workspace};

/// Changes a file so the next run must see it: new bytes and a later mtime.
fn rewrite(path: &Path, text: &str) {
    fs::write(path, text).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(later)
        .unwrap();
}

#[test]
fn bundled_article_is_found_with_title_date_and_highlight() {
    let ws = Workspace::new().with_bundled();
    let index = ws.index();
    let report = index.index_dir(ws.path("corpus")).unwrap();
    assert_eq!((report.added, report.updated, report.removed), (1, 0, 0));

    let results = index.search(&SearchRequest::new("H100")).unwrap();
    assert_eq!(results.total_hits, 1);
    let hit = &results.hits[0];
    assert_eq!(hit.rank, 1);
    assert_eq!(
        hit.title,
        "Mark Zuckerberg's Meta: Setting the Stage for an AI Revolution against OpenAI"
    );
    assert_eq!(hit.date.unwrap().to_string(), "2023-09-11");
    assert!(hit.path.ends_with("corpus/000_d1f253cec5df7d15.txt"));
    let snippet = &hit.snippets[0];
    let marked: Vec<&str> = snippet
        .highlights
        .iter()
        .map(|&(s, e)| &snippet.text[s..e])
        .collect();
    assert_eq!(marked, ["H100"]);
}

#[test]
fn results_serialise_to_the_documented_json() {
    let ws = Workspace::new().with_bundled();
    let index = ws.index();
    index.index_dir(ws.path("corpus")).unwrap();
    let results = index.search(&SearchRequest::new("H100")).unwrap();
    let json: serde_json::Value = serde_json::to_value(&results).unwrap();
    assert_eq!(json["query"], "H100");
    assert_eq!(json["total_hits"], 1);
    let hit = &json["hits"][0];
    for key in [
        "rank", "score", "path", "title", "date", "source", "author", "url", "snippets",
    ] {
        assert!(hit.get(key).is_some(), "hit lacks {key}: {hit}");
    }
    assert_eq!(hit["date"], "2023-09-11");
    assert!(hit["source"].is_null());
    let highlight = &hit["snippets"][0]["highlights"][0];
    assert!(highlight.is_array() && highlight.as_array().unwrap().len() == 2);
}

#[test]
fn incremental_runs_count_new_changed_removed_and_unchanged() {
    let ws = Workspace::new();
    let a = ws.write("news/a.txt", &article("Alpha report", "about turbines"));
    ws.write("news/b.txt", &article("Beta report", "about harbours"));
    let index = ws.index();
    let first = index.index_dir(ws.path("news")).unwrap();
    assert_eq!((first.added, first.unchanged), (2, 0));

    let noop = index.index_dir(ws.path("news")).unwrap();
    assert_eq!(
        (noop.added, noop.updated, noop.removed, noop.unchanged),
        (0, 0, 0, 2)
    );

    ws.write("news/sub/c.txt", &article("Gamma report", "about glaciers"));
    rewrite(&a, &article("Alpha report", "about windmills now"));
    fs::remove_file(ws.path("news/b.txt")).unwrap();
    let next = index.index_dir(ws.path("news")).unwrap();
    assert_eq!(
        (next.added, next.updated, next.removed, next.unchanged),
        (1, 1, 1, 0)
    );

    assert_eq!(index.num_articles(), 2);
    assert!(titles(&index, "turbines").is_empty());
    assert_eq!(titles(&index, "windmills"), ["Alpha report"]);
    assert!(titles(&index, "harbours").is_empty());
    assert_eq!(titles(&index, "glaciers"), ["Gamma report"]);
}

#[test]
fn touched_file_with_same_content_counts_as_unchanged() {
    let ws = Workspace::new();
    let a = ws.write("news/a.txt", &article("Alpha", "same words"));
    let index = ws.index();
    index.index_dir(ws.path("news")).unwrap();
    rewrite(&a, &article("Alpha", "same words"));
    let report = index.index_dir(ws.path("news")).unwrap();
    assert_eq!((report.updated, report.unchanged), (0, 1));
    assert_eq!(titles(&index, "words"), ["Alpha"]);
}

#[test]
fn folders_sharing_an_index_keep_each_others_articles() {
    let ws = Workspace::new();
    ws.write("one/a.txt", &article("From one", "shared word"));
    ws.write("two/b.txt", &article("From two", "shared word"));
    let index = ws.index();
    index.index_dir(ws.path("one")).unwrap();
    index.index_dir(ws.path("two")).unwrap();
    let again = index.index_dir(ws.path("one")).unwrap();
    assert_eq!(again.removed, 0);
    assert_eq!(index.num_articles(), 2);

    fs::remove_file(ws.path("two/b.txt")).unwrap();
    let refreshed = index.refresh().unwrap();
    assert_eq!((refreshed.removed, refreshed.unchanged), (1, 1));
    assert_eq!(titles(&index, "shared"), ["From one"]);
    assert_eq!(index.folders().unwrap().len(), 2);
}

#[test]
fn rebuild_replaces_everything_in_one_run() {
    let ws = Workspace::new().with_bundled();
    let index = ws.index();
    index.index_dir(ws.path("corpus")).unwrap();
    let options = IndexOptions::default().rebuild(true);
    let report = index
        .index_folders(&[ws.path("corpus")], &options, &())
        .unwrap();
    assert_eq!((report.added, report.unchanged), (1, 0));
    assert_eq!(index.num_articles(), 1);
}

#[test]
fn stems_and_accents_match_their_other_forms() {
    let ws = Workspace::new();
    ws.write(
        "news/a.txt",
        &article("Café owners protest", "A new chip plant opens."),
    );
    let index = ws.index();
    index.index_dir(ws.path("news")).unwrap();
    assert_eq!(titles(&index, "cafe"), ["Café owners protest"]);
    assert_eq!(titles(&index, "chips"), ["Café owners protest"]);
    let results = index.search(&SearchRequest::new("chips")).unwrap();
    let snippet = &results.hits[0].snippets[0];
    let (s, e) = snippet.highlights[0];
    assert_eq!(&snippet.text[s..e], "chip");
    let hit = &index.search(&SearchRequest::new("cafe")).unwrap().hits[0];
    let (s, e) = hit.title_highlights[0];
    assert_eq!(&hit.title[s..e], "Café");
}

#[test]
fn every_word_must_match_and_otherwise_any_word_does() {
    let ws = Workspace::new();
    ws.write("n/a.txt", &article("Solar farms", "solar panels and wind"));
    ws.write("n/b.txt", &article("Wind farms", "wind turbines only"));
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    let both = index.search(&SearchRequest::new("solar wind")).unwrap();
    assert!(!both.relaxed);
    assert_eq!(both.total_hits, 1);
    let relaxed = index.search(&SearchRequest::new("solar glaciers")).unwrap();
    assert!(relaxed.relaxed);
    assert_eq!(relaxed.hits[0].title, "Solar farms");
}

#[test]
fn title_matches_rank_above_body_matches() {
    let ws = Workspace::new();
    ws.write(
        "n/a.txt",
        &article("Markets today", "inflation rose, inflation fell, inflation"),
    );
    ws.write(
        "n/b.txt",
        &article("Inflation explained", "prices and wages"),
    );
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    assert_eq!(titles(&index, "inflation")[0], "Inflation explained");
}

#[test]
fn query_syntax_phrase_or_exclusion_field_prefix_and_date() {
    let ws = Workspace::new();
    let dated = |title: &str, date: &str, source: &str, body: &str| {
        format!("{title}\n\n{date}\n{source}\n\n{body}\n")
    };
    ws.write(
        "n/a.txt",
        &dated(
            "Bank of America earnings",
            "March 3, 2022",
            "Reuters",
            "Bank of America beat forecasts.",
        ),
    );
    ws.write(
        "n/b.txt",
        &dated(
            "River bank floods",
            "2023-09-11",
            "ABC News",
            "America watched the bank of the river.",
        ),
    );
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();

    assert_eq!(
        titles(&index, "\"bank of america\""),
        ["Bank of America earnings"]
    );
    assert_eq!(titles(&index, "earnings OR floods").len(), 2);
    assert_eq!(titles(&index, "bank -earnings"), ["River bank floods"]);
    assert_eq!(titles(&index, "title:river"), ["River bank floods"]);
    assert_eq!(
        titles(&index, "source:reuters"),
        ["Bank of America earnings"]
    );
    assert_eq!(titles(&index, "earn*"), ["Bank of America earnings"]);
    assert_eq!(
        titles(&index, "bank date:[2023-01-01 TO 2023-12-31]"),
        ["River bank floods"]
    );
    assert_eq!(
        titles(&index, "bank date:2022"),
        ["Bank of America earnings"]
    );
    assert_eq!(titles(&index, "bank date:2023-09"), ["River bank floods"]);

    // An excluded word is never highlighted.
    let hit = &index
        .search(&SearchRequest::new("bank -earnings"))
        .unwrap()
        .hits[0];
    let snippet = &hit.snippets[0];
    for &(s, e) in &snippet.highlights {
        assert_eq!(snippet.text[s..e].to_lowercase(), "bank");
    }
}

#[test]
fn prefix_matches_are_highlighted() {
    let ws = Workspace::new().with_bundled();
    let index = ws.index();
    index.index_dir(ws.path("corpus")).unwrap();
    let results = index.search(&SearchRequest::new("nvid*")).unwrap();
    let snippet = &results.hits[0].snippets[0];
    let marked: Vec<&str> = snippet
        .highlights
        .iter()
        .map(|&(s, e)| &snippet.text[s..e])
        .collect();
    assert!(marked.contains(&"Nvidia"), "{marked:?} in {}", snippet.text);
}

#[test]
fn title_only_match_shows_the_opening() {
    let ws = Workspace::new();
    ws.write(
        "n/a.txt",
        &article("Volcano erupts", "Lava reached the town at dawn."),
    );
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    let hit = &index.search(&SearchRequest::new("volcano")).unwrap().hits[0];
    assert_eq!(hit.snippets[0].text, "Lava reached the town at dawn.");
    assert!(hit.snippets[0].highlights.is_empty());
}

#[test]
fn limit_and_offset_page_through_hits() {
    let ws = Workspace::new();
    for i in 0..5 {
        ws.write(
            &format!("n/{i}.txt"),
            &article(&format!("Story {i}"), "common word"),
        );
    }
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    let page = index
        .search(&SearchRequest::new("common").limit(2).offset(2))
        .unwrap();
    assert_eq!(page.total_hits, 5);
    let ranks: Vec<usize> = page.hits.iter().map(|h| h.rank).collect();
    assert_eq!(ranks, [3, 4]);
    let count_only = index
        .search(&SearchRequest::new("common").limit(0))
        .unwrap();
    assert_eq!((count_only.total_hits, count_only.hits.len()), (5, 0));
}

#[test]
fn markdown_heading_is_the_title_and_markup_is_removed() {
    let ws = Workspace::new();
    ws.write(
        "n/a.md",
        "# Ports reopen\n\nShipping **resumes** at [the harbour](https://x.test).\n",
    );
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    let hit = &index.search(&SearchRequest::new("harbour")).unwrap().hits[0];
    assert_eq!(hit.title, "Ports reopen");
    assert_eq!(hit.snippets[0].text, "Shipping resumes at the harbour.");
}

#[test]
fn bad_files_are_reported_and_the_rest_indexed() {
    let ws = Workspace::new().with_bundled();
    ws.write("corpus/empty.txt", "");
    fs::write(ws.path("corpus/binary.txt"), b"\x00\x01\x02binary").unwrap();
    ws.write("corpus/photo.jpg", "not an article");
    ws.write(
        "corpus/.hidden/secret.txt",
        &article("Hidden", "never indexed"),
    );
    let index = ws.index();
    let report = index.index_dir(ws.path("corpus")).unwrap();
    assert_eq!(report.added, 1);
    assert_eq!(report.skipped.len(), 1);
    let reasons: Vec<(String, &str)> = report
        .errors
        .iter()
        .map(|e| {
            (
                e.path.file_name().unwrap().to_string_lossy().into_owned(),
                e.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        reasons,
        [
            ("binary.txt".to_owned(), "binary file, not text"),
            ("empty.txt".to_owned(), "empty file")
        ]
    );
    assert!(titles(&index, "hidden").is_empty());
}

#[test]
fn user_mistakes_are_typed_errors() {
    let ws = Workspace::new().with_bundled();
    assert!(matches!(
        NewsIndex::open(ws.path("index")),
        Err(Error::IndexNotFound { .. })
    ));
    let index = ws.index();
    assert!(matches!(index.refresh(), Err(Error::NoFolders { .. })));
    assert!(matches!(
        index.index_dir(ws.path("missing")),
        Err(Error::FolderNotFound { .. })
    ));
    index.index_dir(ws.path("corpus")).unwrap();
    for bad in [
        "\"open",
        // A real field with a bad value ("nope:word" is text since colons in
        // pasted headlines search as words).
        "date:someday",
        "-meta",
        "date:[2023-02-30 TO 2024]",
        "!!!",
    ] {
        let error = index.search(&SearchRequest::new(bad)).unwrap_err();
        assert!(matches!(error, Error::BadQuery { .. }), "{bad}: {error}");
        assert!(error.is_user_error());
    }
}

#[test]
fn a_second_writer_gets_index_locked() {
    let ws = Workspace::new().with_bundled();
    let index = ws.index();
    index.index_dir(ws.path("corpus")).unwrap();
    let other = tantivy::Index::open_in_dir(ws.path("index")).unwrap();
    let _held = other
        .writer::<tantivy::TantivyDocument>(50_000_000)
        .unwrap();
    let error = index.index_dir(ws.path("corpus")).unwrap_err();
    assert!(matches!(error, Error::IndexLocked { .. }), "{error}");
    // Searching needs no lock.
    assert_eq!(titles(&index, "H100").len(), 1);
}

#[test]
fn index_of_another_schema_asks_for_a_rebuild() {
    let ws = Workspace::new().with_bundled();
    let mut builder = tantivy::schema::Schema::builder();
    builder.add_text_field("x", tantivy::schema::TEXT);
    fs::create_dir_all(ws.path("index")).unwrap();
    let older = tantivy::Index::create_in_dir(ws.path("index"), builder.build()).unwrap();
    let mut writer = older
        .writer::<tantivy::TantivyDocument>(50_000_000)
        .unwrap();
    // As an older news-search left it: its commit records its schema version.
    let mut commit = writer.prepare_commit().unwrap();
    let version = news_search::SCHEMA_VERSION - 1;
    commit.set_payload(&format!(r#"{{"version":{version},"folders":[]}}"#));
    commit.commit().unwrap();
    drop(writer);
    let error = NewsIndex::open(ws.path("index"))
        .err()
        .expect("incompatible");
    assert!(matches!(error, Error::IncompatibleIndex { .. }));
    assert!(
        error.to_string().contains("search index --rebuild"),
        "{error}"
    );

    let index = NewsIndex::recreate(ws.path("index")).unwrap();
    index.index_dir(ws.path("corpus")).unwrap();
    assert_eq!(titles(&index, "H100").len(), 1);
}

#[test]
fn progress_hears_each_phase() {
    #[derive(Default)]
    struct Recorder {
        phases: Mutex<Vec<(Phase, Option<u64>)>>,
        advanced: Mutex<u64>,
        found: Mutex<u64>,
    }
    impl Progress for Recorder {
        fn phase(&self, phase: Phase, total: Option<u64>) {
            self.phases.lock().unwrap().push((phase, total));
        }
        fn advance(&self, n: u64) {
            *self.advanced.lock().unwrap() += n;
        }
        fn found(&self, n: u64) {
            *self.found.lock().unwrap() += n;
        }
    }
    let ws = Workspace::new().with_bundled();
    ws.write("corpus/b.txt", &article("Second story", "More words."));
    let index = ws.index();
    let run = |recorder: &Recorder| {
        index
            .index_folders(&[ws.path("corpus")], &IndexOptions::default(), recorder)
            .unwrap();
    };

    // Into an empty index, the files are read as the walk finds them: the
    // reading phase starts without a total and hears of each file found.
    let first = Recorder::default();
    run(&first);
    let phases = first.phases.lock().unwrap().clone();
    assert_eq!(
        phases,
        [
            (Phase::Scanning, None),
            (Phase::Reading, None),
            (Phase::Committing, None)
        ]
    );
    assert_eq!(*first.found.lock().unwrap(), 2);
    assert_eq!(*first.advanced.lock().unwrap(), 2, "one unit per file read");

    // Later runs walk first (one unit per file scanned), then read what changed.
    ws.write("corpus/b.txt", &article("Second story", "Other words."));
    let next = Recorder::default();
    run(&next);
    let phases = next.phases.lock().unwrap().clone();
    assert_eq!(
        phases,
        [
            (Phase::Scanning, None),
            (Phase::Reading, Some(1)),
            (Phase::Committing, None)
        ]
    );
    assert_eq!(*next.found.lock().unwrap(), 0);
    assert_eq!(*next.advanced.lock().unwrap(), 3);
}

#[test]
fn a_first_run_reads_as_it_walks_and_ends_as_a_run_over_a_held_index_would() {
    let ws = Workspace::new();
    for (path, title, body) in [
        ("n/b/2.txt", "Beta story", "Ravens over the market."),
        ("n/a.txt", "Alpha story", "Ravens at the harbour."),
        ("n/a-b.txt", "Gamma story", "Ravens in the square."),
        ("n/b/copy.txt", "Alpha story", "Ravens at the harbour."),
        // Walked after "b/2.txt" folder by folder, before it in path order:
        // either run keeps the copy read first, in path order.
        ("n/b-2.txt", "Beta story", "Ravens over the market."),
    ] {
        ws.write(path, &article(title, body));
    }
    ws.write("n/empty.txt", "");
    ws.write("n/scan.pdf", "%PDF-1.4");
    let fresh = NewsIndex::open_or_create(ws.path("fresh")).unwrap();
    let held = NewsIndex::open_or_create(ws.path("held")).unwrap();
    ws.write("other/o.txt", &article("Other story", "An owl."));
    held.index_dir(ws.path("other")).unwrap();

    // One thread: with two, copies read at the same time race for the story.
    let one_thread = IndexOptions::default().threads(1);
    let streamed = fresh
        .index_folders(&[ws.path("n")], &one_thread, &())
        .unwrap();
    let diffed = held
        .index_folders(&[ws.path("n")], &one_thread, &())
        .unwrap();
    let counts = |r: &news_search::IndexReport| (r.added, r.duplicates, r.unchanged, r.removed);
    assert_eq!(counts(&streamed), (5, 2, 0, 0), "{streamed:#?}");
    assert_eq!(counts(&streamed), counts(&diffed));
    assert_eq!(streamed.skipped, diffed.skipped);
    assert_eq!(streamed.errors, diffed.errors);
    assert_eq!(streamed.errors.len(), 1, "the empty file: {streamed:#?}");
    let found = |index: &NewsIndex| {
        let mut found = titles(index, "ravens");
        found.sort();
        found
    };
    assert_eq!(found(&fresh), ["Alpha story", "Beta story", "Gamma story"]);
    assert_eq!(found(&fresh), found(&held));
    let searchable = |index: &NewsIndex| {
        let mut paths: Vec<String> = index
            .articles()
            .map(|a| a.unwrap().listing)
            .filter(|listing| listing.title != "Other story")
            .map(|listing| listing.path.display().to_string())
            .collect();
        paths.sort();
        paths
    };
    assert!(
        searchable(&fresh).iter().any(|p| p.ends_with("b-2.txt")),
        "{:?}",
        searchable(&fresh)
    );
    assert_eq!(searchable(&fresh), searchable(&held));
    // The next run finds nothing to do in either.
    for index in [&fresh, &held] {
        let again = index.index_dir(ws.path("n")).unwrap();
        assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 5));
    }
}

#[test]
fn a_folder_named_with_one_inside_it_is_read_once() {
    let ws = Workspace::new();
    ws.write("n/a.txt", &article("Alpha story", "Ravens at the harbour."));
    ws.write(
        "n/sub/b.txt",
        &article("Beta story", "Ravens over the market."),
    );
    let index = ws.index();
    let report = index
        .index_folders(
            &[ws.path("n"), ws.path("n/sub")],
            &IndexOptions::default(),
            &(),
        )
        .unwrap();
    assert_eq!((report.added, report.duplicates), (2, 0), "{report:#?}");
    assert_eq!(index.num_articles(), 2);
}

#[test]
fn a_first_run_stopped_leaves_the_index_empty() {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::Arc;

    /// Raises the stop flag once a few files have been read.
    struct StopAfter(Arc<AtomicBool>, AtomicU64);
    impl Progress for StopAfter {
        fn advance(&self, n: u64) {
            if self.1.fetch_add(n, Ordering::SeqCst) + n >= 3 {
                self.0.store(true, Ordering::SeqCst);
            }
        }
    }

    // More files than the readers' queue holds: the walk is still going
    // when the run stops.
    let ws = Workspace::new();
    for i in 0..1000 {
        ws.write(
            &format!("n/{i:04}.txt"),
            &article(&format!("Story {i}"), "fresh words"),
        );
    }
    let index = ws.index();
    let flag = Arc::new(AtomicBool::new(false));
    let stopper = StopAfter(Arc::clone(&flag), AtomicU64::new(0));
    let options = IndexOptions::default().stop_when(flag);
    let error = index
        .index_folders(&[ws.path("n")], &options, &stopper)
        .unwrap_err();
    assert!(error.to_string().contains("files found so far"), "{error}");
    let Error::Interrupted {
        files_read,
        files_to_read,
        all_found: false,
    } = error
    else {
        panic!("{error}");
    };
    assert!(
        files_read >= 3 && files_read <= files_to_read,
        "{files_read} of {files_to_read}"
    );
    assert!(files_to_read < 1000);
    assert_eq!(index.num_articles(), 0, "nothing committed");

    let report = index.index_dir(ws.path("n")).unwrap();
    assert_eq!(report.added, 1000);
}

#[test]
fn a_story_saved_twice_is_indexed_once_with_both_paths() {
    let ws = Workspace::new();
    let story = article(
        "Port strike ends",
        "Dockworkers returned to work on Friday.",
    );
    ws.write("n/a.txt", &story);
    ws.write("n/copy/a-again.txt", &story.replace('\n', "\r\n"));
    let index = ws.index();
    let report = index.index_dir(ws.path("n")).unwrap();
    assert_eq!((report.added, report.duplicates), (2, 1));
    assert_eq!(index.num_articles(), 1);

    let results = index.search(&SearchRequest::new("dockworkers")).unwrap();
    assert_eq!(results.total_hits, 1);
    let hit = &results.hits[0];
    let mut paths: Vec<PathBuf> = hit.also_at.iter().map(|p| p.path.clone()).collect();
    paths.push(hit.path.clone());
    paths.sort();
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["a.txt", "a-again.txt"]);
}

#[test]
fn deleting_the_indexed_copy_promotes_the_other() {
    let ws = Workspace::new();
    let story = article(
        "Port strike ends",
        "Dockworkers returned to work on Friday.",
    );
    let first = ws.write("n/a.txt", &story);
    let second = ws.write("n/b.txt", &story);
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    let indexed = index
        .search(&SearchRequest::new("dockworkers"))
        .unwrap()
        .hits[0]
        .path
        .clone();
    let (gone, kept) = if indexed.ends_with("a.txt") {
        (first, second)
    } else {
        (second, first)
    };
    fs::remove_file(&gone).unwrap();

    let report = index.index_dir(ws.path("n")).unwrap();
    assert_eq!((report.removed, report.unchanged, report.added), (1, 1, 0));
    let results = index.search(&SearchRequest::new("dockworkers")).unwrap();
    assert_eq!(results.total_hits, 1, "the story must stay searchable");
    assert!(kept.ends_with(&results.hits[0].path));
    assert!(results.hits[0].also_at.is_empty());
    assert_eq!(index.num_articles(), 1);
}

#[test]
fn ndjson_records_keep_their_ids_when_another_record_changes() {
    let ws = Workspace::new();
    let line =
        |title: &str, text: &str| format!("{{\"title\": \"{title}\", \"text\": \"{text}\"}}\n");
    let dump = ws.write(
        "n/dump.ndjson",
        &(line("Alpha", "turbines") + &line("Beta", "harbours")),
    );
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    let id_of = |q: &str| {
        index.search(&SearchRequest::new(q)).unwrap().hits[0]
            .id
            .clone()
    };
    let beta = id_of("harbours");
    let hit = &index.search(&SearchRequest::new("harbours")).unwrap().hits[0];
    assert_eq!(hit.position, 2, "Beta is on line 2");

    rewrite(
        &dump,
        &(line("Alpha", "windmills") + &line("Beta", "harbours")),
    );
    let report = index.index_dir(ws.path("n")).unwrap();
    assert_eq!(report.updated, 1);
    assert_eq!(index.num_articles(), 2);
    assert_eq!(id_of("harbours"), beta);
    assert!(titles(&index, "turbines").is_empty());
    assert_eq!(titles(&index, "windmills"), ["Alpha"]);
}

#[test]
fn bad_records_are_reported_with_their_line_and_the_rest_indexed() {
    let ws = Workspace::new();
    ws.write("n/dump.jsonl", "{\"title\": \"Good\", \"text\": \"kept\"}\n{broken\n{\"title\": \"Also good\", \"text\": \"kept too\"}\n");
    let index = ws.index();
    let report = index.index_dir(ws.path("n")).unwrap();
    assert_eq!(report.added, 1);
    assert_eq!(report.errors.len(), 1);
    assert!(
        report.errors[0].reason.starts_with("line 2: "),
        "{:?}",
        report.errors
    );
    assert_eq!(titles(&index, "kept").len(), 2);
}

#[test]
fn filters_narrow_by_date_source_and_author() {
    let ws = Workspace::new();
    let dated = |title: &str, date: &str, source: &str, by: &str| {
        format!("{title}\n\n{date}\n{source}\n\nBy {by}\n\nElection coverage continues.\n")
    };
    ws.write(
        "n/a.txt",
        &dated("Early vote", "March 3, 2022", "Al Jazeera", "Jane Doe"),
    );
    ws.write(
        "n/b.txt",
        &dated("Late vote", "2023-09-11", "ABC News", "John Roe"),
    );
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    let titles_for = |request: SearchRequest| -> Vec<String> {
        index
            .search(&request)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.listing.title)
            .collect()
    };
    let date = |s: &str| news_search::date_span(s).unwrap().0;
    let election = || SearchRequest::new("election");
    assert_eq!(titles_for(election().since(date("2023"))), ["Late vote"]);
    assert_eq!(
        titles_for(election().until(date("2022-12-31"))),
        ["Early vote"]
    );
    assert_eq!(titles_for(election().source("al jazeera")), ["Early vote"]);
    assert!(titles_for(election().source("jazeera al")).is_empty());
    assert_eq!(titles_for(election().author("John Roe")), ["Late vote"]);
    assert_eq!(
        titles(&index, "source:\"Al Jazeera\" election"),
        ["Early vote"]
    );
}

#[test]
fn a_stopped_run_changes_nothing_and_the_next_run_finishes_the_job() {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::Arc;

    /// Raises the stop flag once a few files have been read.
    struct StopAfter {
        flag: Arc<AtomicBool>,
        reading: AtomicBool,
        read: AtomicU64,
    }
    impl Progress for StopAfter {
        fn phase(&self, phase: Phase, _total: Option<u64>) {
            self.reading
                .store(phase == Phase::Reading, Ordering::SeqCst);
        }
        fn advance(&self, n: u64) {
            if self.reading.load(Ordering::SeqCst)
                && self.read.fetch_add(n, Ordering::SeqCst) + n >= 3
            {
                self.flag.store(true, Ordering::SeqCst);
            }
        }
    }

    let ws = Workspace::new();
    for i in 0..5 {
        ws.write(
            &format!("n/old{i}.txt"),
            &article(&format!("Old {i}"), "kept words"),
        );
    }
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    for i in 0..40 {
        ws.write(
            &format!("n/new{i}.txt"),
            &article(&format!("New {i}"), "fresh words"),
        );
    }
    fs::remove_file(ws.path("n/old0.txt")).unwrap();

    let flag = Arc::new(AtomicBool::new(false));
    let stopper = StopAfter {
        flag: Arc::clone(&flag),
        reading: AtomicBool::new(false),
        read: AtomicU64::new(0),
    };
    let options = IndexOptions::default().stop_when(flag);
    let error = index
        .index_folders(&[ws.path("n")], &options, &stopper)
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Interrupted {
                files_to_read: 40,
                all_found: true,
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().contains("nothing was changed"), "{error}");
    assert_eq!(index.num_articles(), 5, "the last commit, untouched");
    assert!(titles(&index, "fresh").is_empty());

    let report = index.index_dir(ws.path("n")).unwrap();
    assert_eq!((report.added, report.removed, report.unchanged), (40, 1, 4));
    assert_eq!(index.num_articles(), 44);
}

#[test]
fn stats_count_articles_copies_sources_and_dates() {
    let ws = Workspace::new();
    let dated = |title: &str, date: &str, source: &str| {
        format!("{title}\n\n{date}\n{source}\n\nBody of {title}.\n")
    };
    ws.write("n/a.txt", &dated("One", "March 3, 2022", "Reuters"));
    ws.write("n/b.txt", &dated("Two", "2023-09-11", "Reuters"));
    ws.write("n/c.txt", &dated("Three", "2023-01-05", "ABC News"));
    ws.write("n/c-copy.txt", &dated("Three", "2023-01-05", "ABC News"));
    ws.write("n/d.txt", &article("Undated", "no date here"));
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();

    let stats = index.stats().unwrap();
    assert_eq!((stats.articles, stats.duplicates, stats.files), (4, 1, 5));
    assert_eq!(stats.sources, 2);
    assert_eq!(
        stats.top_sources,
        [("Reuters".to_owned(), 2), ("ABC News".to_owned(), 1)]
    );
    assert_eq!(stats.earliest.unwrap().to_string(), "2022-03-03");
    assert_eq!(stats.latest.unwrap().to_string(), "2023-09-11");
    assert_eq!(stats.undated, 1);
    assert!(stats.size_bytes > 0);
    assert!(stats.last_update.is_some_and(|t| t.ends_with('Z')));
    assert_eq!(stats.folders, [fs::canonicalize(ws.path("n")).unwrap()]);
}

#[test]
fn compact_merges_segments_keeping_every_article_and_the_record_of_files() {
    let ws = Workspace::new();
    let index = ws.index();
    let bodies = [
        "The harbour reopened after the storm, said the port authority.",
        "Fishing boats returned to the harbour on Tuesday morning.",
        "A new ferry line will call at the harbour from June.",
        "The harbour master retires after thirty years of service.",
        "Cruise ships bring record crowds to the old harbour district.",
        "Divers recovered a cannon from the harbour floor last week.",
    ];
    for (i, body) in bodies.iter().enumerate() {
        ws.write(
            &format!("corpus/{i}.txt"),
            &article(&format!("Harbour news {i}"), body),
        );
    }
    // Runs of one writer thread, so each run writes exactly one segment: the
    // first holds 0 to 3, the next ones 4, then 5. Deleting one of four is
    // below the share at which the merge policy rewrites a segment by itself.
    let one_thread = IndexOptions::default().memory_budget(MIN_MEMORY_PER_THREAD);
    let corpus = ws.path("corpus");
    for hidden in [vec![4, 5], vec![5], vec![]] {
        for i in &hidden {
            fs::rename(
                ws.path(&format!("corpus/{i}.txt")),
                ws.path(&format!("{i}.txt")),
            )
            .unwrap();
        }
        index.index_folders(&[&corpus], &one_thread, &()).unwrap();
        for i in &hidden {
            fs::rename(
                ws.path(&format!("{i}.txt")),
                ws.path(&format!("corpus/{i}.txt")),
            )
            .unwrap();
        }
    }
    fs::remove_file(ws.path("corpus/0.txt")).unwrap();
    assert_eq!(index.refresh().unwrap().removed, 1);
    let before = titles(&index, "harbour");
    assert_eq!(before.len(), 5);
    assert_eq!(index.stats().unwrap().segments, 3);

    let report = index.compact(1).unwrap();
    assert_eq!(
        (
            report.segments_before,
            report.segments_after,
            report.deleted_dropped
        ),
        (3, 1, 1)
    );
    assert_eq!(titles(&index, "harbour"), before);
    assert_eq!(index.stats().unwrap().segments, 1);
    // The merged segments' files are gone from the disk.
    let segments_on_disk: std::collections::HashSet<String> = fs::read_dir(ws.path("index"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.split('.').next().map(str::to_owned))
        .filter(|stem| stem.len() == 32 && stem.chars().all(|c| c.is_ascii_hexdigit()))
        .collect();
    assert_eq!(segments_on_disk.len(), 1, "{segments_on_disk:?}");
    // What the index knows of the files survives: the next run has nothing to do.
    let refresh = index.refresh().unwrap();
    assert_eq!(
        (
            refresh.added,
            refresh.updated,
            refresh.removed,
            refresh.unchanged
        ),
        (0, 0, 0, 5)
    );
    let again = index.compact(1).unwrap();
    assert_eq!((again.segments_before, again.segments_after), (1, 1));
    assert_eq!(again.deleted_dropped, 0);
}
