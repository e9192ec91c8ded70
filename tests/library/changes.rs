//! Re-reading only the paths that changed, as a watcher does
//! (`NewsIndex::index_changes`, `WriteSession`): the index ends exactly as a
//! fresh index of the folder, under the walk rules the folder was indexed
//! with, and the writer lock is held across commits.

use std::fs;
use std::path::{Path, PathBuf};

use news_search::{Error, IndexOptions, NewsIndex};
use serde_json::Value;

use crate::common::{article, titles, Workspace};

/// Every searchable article, its path from the indexed folder's parent,
/// sorted; and the index's file and article counts.
pub fn contents(index: &NewsIndex, parent: &Path) -> (Vec<String>, u64, u64) {
    let parent = format!("{}/", parent.display().to_string().trim_end_matches('/'));
    let mut articles: Vec<String> = index
        .articles()
        .map(|article| {
            let mut value = serde_json::to_value(article.expect("article")).expect("json");
            let path = value["path"].as_str().expect("a path").to_owned();
            let relative = path.strip_prefix(&parent).unwrap_or(&path).to_owned();
            value["path"] = Value::String(relative);
            value.to_string()
        })
        .collect();
    articles.sort();
    let stats = index.stats().expect("stats");
    (articles, stats.files, stats.articles)
}

/// What a fresh index of a copy of `folder` holds, indexed with `options`.
pub fn fresh(folder: &Path, options: &IndexOptions) -> (Vec<String>, u64, u64) {
    let copy = tempfile::tempdir().expect("temp dir");
    let name = folder.file_name().expect("a folder name");
    let target = copy.path().join(name);
    copy_tree(folder, &target);
    let index = NewsIndex::open_for_indexing(copy.path().join("index"), &[&target], options)
        .expect("fresh index");
    index
        .index_folders(&[&target], options, &())
        .expect("fresh run");
    contents(&index, copy.path())
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("entry");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn changed_paths_end_as_a_fresh_index_under_the_recorded_walk_rules() {
    let ws = Workspace::new();
    let news = ws.path("news");
    let keep = |name: &str| {
        ws.write(
            &format!("news/{name}"),
            &article(name, &format!("Text of {name}.")),
        )
    };
    keep("b.txt");
    keep("c.txt");
    keep("d.txt");
    keep("f.txt");
    keep("old/g.txt");
    keep("old/h.txt");
    ws.write("news/.searchignore", "drafts/\n");
    let options = IndexOptions::default().glob("!skip/**").threads(2);
    let index = NewsIndex::open_for_indexing(ws.path("index"), &[&news], &options).unwrap();
    index.index_folders(&[&news], &options, &()).unwrap();

    let changed = vec![
        keep("a.txt"),
        keep("drafts/x.txt"),
        keep(".hidden.txt"),
        keep("skip/y.txt"),
        ws.write("news/b.txt", &article("b.txt", "Its text has changed.")),
        ws.path("news/c.txt"),
        ws.path("news/d.txt"),
        ws.path("news/e.txt"),
        ws.path("news/old"),
        ws.path("news/f.txt"),
    ];
    fs::remove_file(ws.path("news/c.txt")).unwrap();
    fs::rename(ws.path("news/d.txt"), ws.path("news/e.txt")).unwrap();
    fs::remove_dir_all(ws.path("news/old")).unwrap();
    // Touched: a new mtime, the same bytes.
    let f = fs::read(ws.path("news/f.txt")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(ws.path("news/f.txt"), f).unwrap();

    let report = index
        .index_changes(&changed, &IndexOptions::default(), &())
        .unwrap();
    assert_eq!(
        (
            report.added,
            report.updated,
            report.removed,
            report.unchanged
        ),
        (2, 1, 4, 1),
        "{report:#?}"
    );
    assert_eq!(
        contents(&index, ws.path("").as_path()),
        fresh(&news, &options)
    );
}

#[test]
fn a_copy_is_searchable_once_the_file_holding_its_story_goes() {
    let ws = Workspace::new();
    let news = ws.path("news");
    let story = article("Harbour reopens", "The harbour reopened after the storm.");
    ws.write("news/a.txt", &story);
    ws.write("news/b.txt", &story);
    let index = ws.index();
    index.index_dir(&news).unwrap();
    assert_eq!(index.stats().unwrap().duplicates, 1);

    fs::remove_file(ws.path("news/a.txt")).unwrap();
    let report = index
        .index_changes(&[ws.path("news/a.txt")], &IndexOptions::default(), &())
        .unwrap();
    assert_eq!(report.removed, 1);
    assert_eq!(titles(&index, "harbour"), ["Harbour reopens"]);
    assert_eq!(
        contents(&index, ws.path("").as_path()),
        fresh(&news, &IndexOptions::default())
    );
}

#[test]
fn paths_outside_the_indexed_folders_are_left_alone() {
    let ws = Workspace::new();
    ws.write("news/a.txt", &article("Inside", "Indexed."));
    let index = ws.index();
    index.index_dir(ws.path("news")).unwrap();
    let outside: PathBuf = ws.write("elsewhere/b.txt", &article("Outside", "Not indexed."));
    let report = index
        .index_changes(&[outside], &IndexOptions::default(), &())
        .unwrap();
    assert_eq!((report.added, report.removed), (0, 0));
    assert!(titles(&index, "outside").is_empty());
}

#[test]
fn a_write_session_keeps_other_writers_out_across_its_commits() {
    let ws = Workspace::new();
    ws.write("news/a.txt", &article("First", "One."));
    let index = ws.index();
    let options = IndexOptions::default();
    let mut session = index.write_session(&options).unwrap();
    session
        .index_folders(&[ws.path("news")], &options, &())
        .unwrap();
    let other = NewsIndex::open(ws.path("index")).unwrap();
    assert!(matches!(other.refresh(), Err(Error::IndexLocked { .. })));
    let added = ws.write("news/b.txt", &article("Second", "Two."));
    let report = session.index_changes(&[added], &options, &()).unwrap();
    assert_eq!(report.added, 1);
    // Searches see each commit while the lock is held.
    let reader = NewsIndex::open(ws.path("index")).unwrap();
    assert_eq!(titles(&reader, "second"), ["Second"]);
    assert!(matches!(other.refresh(), Err(Error::IndexLocked { .. })));
    session.finish().unwrap();
    assert!(other.refresh().is_ok());
}
