//! Article ids and names through the library: ids that depend on the
//! indexed folder's contents and name, not on where it lies; one article of
//! a file of several named by its number; and a key that names several
//! where one is needed.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use news_search::{article_place, Error, NewsIndex, SearchRequest};

use crate::common::{article, Workspace};

const DUMP: &str = "{\"title\":\"Storm shuts ports\",\"text\":\"High winds shut three ports.\"}\n\
    {\"title\":\"Harvest comes early\",\"text\":\"Farmers bring in the wheat early.\"}\n\
    {\"title\":\"Bridge reopens\",\"text\":\"The bridge reopened after repairs.\"}\n";

/// The same small corpus under `folder`: two plain articles and a dump of three.
fn write_corpus(ws: &Workspace, folder: &str) -> PathBuf {
    let text = |title: &str| article(title, &format!("{title}: the whole story."));
    ws.write(&format!("{folder}/a.txt"), &text("Budget vote delayed"));
    ws.write(&format!("{folder}/2024/b.txt"), &text("Rates on hold"));
    ws.write(&format!("{folder}/2024/dump.ndjson"), DUMP);
    fs::canonicalize(ws.path(folder)).unwrap()
}

/// Every article's id, by its file's path below `base` and its position.
fn ids_below(index: &NewsIndex, base: &Path) -> BTreeMap<(PathBuf, u64), String> {
    index
        .articles()
        .map(|article| {
            let article = article.unwrap();
            let below = article.path.strip_prefix(base).unwrap().to_path_buf();
            ((below, article.position), article.id.clone())
        })
        .collect()
}

#[test]
fn ids_are_the_same_wherever_the_folder_lies() {
    let here = Workspace::new();
    let there = Workspace::new();
    let near = write_corpus(&here, "news");
    let far = write_corpus(&there, "deeper/down/news");
    let (one, two) = (here.index(), there.index());
    one.index_dir(&near).unwrap();
    two.index_dir(&far).unwrap();

    let ids = ids_below(&one, &near);
    assert_eq!(ids.len(), 5, "{ids:?}");
    assert_eq!(ids, ids_below(&two, &far));
    let distinct: BTreeSet<&String> = ids.values().collect();
    assert_eq!(distinct.len(), ids.len(), "{ids:?}");

    // The folder's own name is part of them.
    let other = Workspace::new();
    let archive = write_corpus(&other, "archive");
    let three = other.index();
    three.index_dir(&archive).unwrap();
    let others = ids_below(&three, &archive);
    assert!(
        others.values().all(|id| !distinct.contains(id)),
        "{others:?}"
    );
}

#[test]
fn a_folder_indexed_around_an_indexed_one_gives_the_ids_of_a_fresh_index() {
    let grown = Workspace::new();
    let folder = write_corpus(&grown, "news");
    let index = grown.index();
    index.index_dir(folder.join("2024")).unwrap();
    let report = index.index_dir(&folder).unwrap();
    assert_eq!((report.added, report.unchanged), (1, 2));

    let fresh = Workspace::new();
    let same = write_corpus(&fresh, "news");
    let fresh_index = fresh.index();
    fresh_index.index_dir(&same).unwrap();
    assert_eq!(ids_below(&index, &folder), ids_below(&fresh_index, &same));
}

#[test]
fn one_article_of_a_file_of_several_is_named_by_its_number() {
    let ws = Workspace::new();
    let folder = write_corpus(&ws, "news");
    let index = ws.index();
    index.index_dir(&folder).unwrap();
    let dump = folder.join("2024/dump.ndjson");
    let path = dump.to_str().unwrap();

    let error = index.lookup_one(path).unwrap_err();
    let Error::AmbiguousArticle {
        key,
        count,
        choices,
    } = &error
    else {
        panic!("{error}");
    };
    assert_eq!((key.as_str(), *count), (path, 3));
    let numbered: Vec<String> = (1..=3).map(|n| article_place(&dump, n)).collect();
    assert_eq!(choices, &numbered);
    assert!(error.is_user_error());
    let similar = index.similar(path, &SearchRequest::new("")).unwrap_err();
    assert!(
        matches!(similar, Error::AmbiguousArticle { count: 3, .. }),
        "{similar}"
    );

    // Each choice names one article, as hits print it; with or without the space.
    let second = index.lookup_one(&numbered[1]).unwrap();
    assert_eq!(second.title, "Harvest comes early");
    assert_eq!(index.lookup(&format!("{path}#2")).unwrap()[0].id, second.id);
    let hit = &index.search(&SearchRequest::new("harvest")).unwrap().hits[0];
    assert_eq!(hit.place(), numbered[1]);
    assert_eq!(index.lookup_one(&hit.place()).unwrap().id, hit.id);
    let missing = index.lookup(&format!("{path} #4")).unwrap_err();
    assert!(
        matches!(missing, Error::ArticleNotFound { .. }),
        "{missing}"
    );
}

#[test]
fn an_id_two_folders_of_one_name_share_names_both_articles() {
    let ws = Workspace::new();
    ws.write(
        "one/news/a.txt",
        &article("Ports close", "Winds shut the ports."),
    );
    ws.write(
        "two/news/a.txt",
        &article("Vote delayed", "The vote was put off."),
    );
    let index = ws.index();
    let folders = [ws.path("one/news"), ws.path("two/news")];
    index
        .index_folders(&folders, &Default::default(), &())
        .unwrap();
    let one = fs::canonicalize(ws.path("one/news/a.txt")).unwrap();
    let id = index.lookup_one(one.to_str().unwrap()).unwrap().id.clone();

    // `show` shows both; where one is needed, the paths tell them apart.
    let titles: Vec<String> = index
        .lookup(&id)
        .unwrap()
        .into_iter()
        .map(|a| a.listing.title)
        .collect();
    assert_eq!(titles, ["Ports close", "Vote delayed"]);
    let error = index.lookup_one(&id).unwrap_err();
    let two = fs::canonicalize(ws.path("two/news/a.txt")).unwrap();
    let places = vec![article_place(&one, 0), article_place(&two, 0)];
    assert!(
        matches!(&error, Error::AmbiguousArticle { count: 2, choices, .. } if *choices == places),
        "{error}"
    );
}
