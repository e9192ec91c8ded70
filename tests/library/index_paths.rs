//! Opening an index for a run as an embedding tool does: mistakes are found
//! before anything is created, a first run that fails takes its new index
//! back, and a path that holds no news-search index is a typed error that
//! nothing writes into or deletes.

use std::fs;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use news_search::{Error, IndexOptions, NewsIndex, Occupant, MIN_MEMORY_PER_THREAD};

use crate::common::Workspace;

#[test]
fn mistakes_in_a_run_are_found_before_the_index_is_created() {
    let ws = Workspace::new().with_bundled();
    let index = ws.path("new/index");

    let missing =
        NewsIndex::open_for_indexing(&index, &[ws.path("missing")], &IndexOptions::default());
    assert!(matches!(missing, Err(Error::FolderNotFound { .. })));
    let small = IndexOptions::default().memory_budget(MIN_MEMORY_PER_THREAD - 1);
    let error = NewsIndex::open_for_indexing(&index, &[ws.path("corpus")], &small)
        .err()
        .expect("too small a budget");
    assert!(
        matches!(error, Error::MemoryBudget { given, .. } if given == MIN_MEMORY_PER_THREAD - 1),
        "{error}"
    );
    assert!(!ws.path("new").exists());
}

#[test]
fn a_first_run_that_fails_takes_its_new_index_back() {
    let ws = Workspace::new().with_bundled();
    let path = ws.path("new/index");
    let stopped = IndexOptions::default().stop_when(Arc::new(AtomicBool::new(true)));

    let index = NewsIndex::open_for_indexing(&path, &[ws.path("corpus")], &stopped).unwrap();
    assert!(path.join("meta.json").is_file());
    let error = index
        .index_folders(&[ws.path("corpus")], &stopped, &())
        .unwrap_err();

    assert!(matches!(error, Error::Interrupted { .. }), "{error}");
    assert!(
        !ws.path("new").exists(),
        "the folders made for it are gone too"
    );
    assert!(matches!(
        NewsIndex::open(&path),
        Err(Error::IndexNotFound { .. })
    ));
}

#[test]
fn paths_that_hold_no_index_are_typed_errors_and_left_alone() {
    let ws = Workspace::new();
    let file = ws.write("notes", "my notes");
    let folder = ws.path("project");
    ws.write("project/notes.txt", "my notes");
    ws.write("project/meta.json", "{}");

    for (path, occupant) in [(&file, Occupant::File), (&folder, Occupant::OtherFiles)] {
        for result in [
            NewsIndex::open(path),
            NewsIndex::open_or_create(path),
            NewsIndex::create(path),
            NewsIndex::recreate(path),
        ] {
            let error = result.err().expect("refused");
            assert!(
                matches!(&error, Error::NotAnIndex { found, .. } if *found == occupant),
                "{error}"
            );
            assert!(error.is_user_error());
        }
    }
    assert_eq!(fs::read(&file).unwrap(), b"my notes");
    assert_eq!(fs::read(folder.join("meta.json")).unwrap(), b"{}");
    assert_eq!(fs::read_dir(&folder).unwrap().count(), 2);

    let ours = ws.path("index");
    NewsIndex::create(&ours).unwrap();
    let again = NewsIndex::create(&ours).err().expect("refused");
    assert!(matches!(again, Error::IndexExists { .. }), "{again}");
    NewsIndex::open(&ours).unwrap();
}

#[test]
fn a_rebuild_of_named_folders_records_exactly_those() {
    let ws = Workspace::new();
    ws.write("one/a.txt", &crate::common::article("One", "First story."));
    ws.write("two/b.txt", &crate::common::article("Two", "Second story."));
    let index = ws.index();
    index
        .index_folders(
            &[ws.path("one"), ws.path("two")],
            &IndexOptions::default(),
            &(),
        )
        .unwrap();

    let rebuild = IndexOptions::default().rebuild(true);
    index
        .index_folders(&[ws.path("two")], &rebuild, &())
        .unwrap();

    let two = fs::canonicalize(ws.path("two")).unwrap();
    assert_eq!(index.folders().unwrap(), [two]);
    assert_eq!(index.num_articles(), 1);
}
