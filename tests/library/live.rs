//! An index kept open while others commit to it, as a server keeps one:
//! commits are told of and read after a reload; ids alone name articles.

use std::sync::mpsc;
use std::time::Duration;

use news_search::{Error, NewsIndex, SearchRequest};

use crate::common::{article, titles, Workspace};

#[test]
fn a_commit_through_another_opening_is_told_of_and_read_after_a_reload() {
    let ws = Workspace::new();
    ws.write("news/a.txt", &article("Storm nears the coast", "A storm."));
    ws.index().index_dir(ws.path("news")).unwrap();
    let serving = NewsIndex::open(ws.path("index")).unwrap();
    let (told, commits) = mpsc::channel();
    let _watch = serving
        .watch_commits(move || {
            let _ = told.send(());
        })
        .unwrap();
    // The watcher's first looks (it looks twice a second) find the record
    // as it was: no commit, nothing told.
    std::thread::sleep(Duration::from_millis(1_500));
    assert!(commits.try_recv().is_err(), "told of a commit never made");
    ws.write("news/b.txt", &article("Volcano erupts", "A volcano."));
    // Another opening, as another process's would be.
    NewsIndex::open(ws.path("index"))
        .unwrap()
        .index_dir(ws.path("news"))
        .unwrap();
    commits
        .recv_timeout(Duration::from_secs(30))
        .expect("the commit is told of");
    assert!(
        titles(&serving, "volcano").is_empty(),
        "read before a reload"
    );
    serving.reload().unwrap();
    assert_eq!(titles(&serving, "volcano"), ["Volcano erupts"]);
}

#[test]
fn an_id_alone_names_an_article_never_a_path() {
    let ws = Workspace::new();
    ws.write("news/a.txt", &article("Storm nears the coast", "A storm."));
    let index = ws.index();
    index.index_dir(ws.path("news")).unwrap();
    let hits = index.search(&SearchRequest::new("storm")).unwrap().hits;
    let id = hits[0].listing.id.clone();
    let shown = index.show_id(&id, Some("storm")).unwrap();
    assert_eq!(
        shown.articles[0].article.listing.title,
        "Storm nears the coast"
    );
    let path = ws.path("news/a.txt").display().to_string();
    assert!(index.show(&path, None).is_ok(), "show takes a path");
    assert!(matches!(
        index.show_id(&path, None),
        Err(Error::ArticleNotFound { .. })
    ));
    assert!(matches!(
        index.similar_to_id(&path, &SearchRequest::new("")),
        Err(Error::ArticleNotFound { .. })
    ));
}
