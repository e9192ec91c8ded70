//! Source aliases: one outlet's several names indexed as one, and a change
//! of aliases applied by the next run.

use news_search::{IndexOptions, NewsIndex, SearchRequest, SourceAliases};

use crate::common::Workspace;

/// One JSON article from `source`.
fn from(source: &str, title: &str) -> String {
    format!(
        r#"{{"title": "{title}", "source": "{source}", "body": "The election results were counted overnight in every district."}}"#
    )
}

fn two_outlets() -> Workspace {
    let ws = Workspace::new();
    ws.write("n/a.json", &from("www.cnn.com", "Votes counted"));
    ws.write("n/b.json", &from("CNN.com", "Results declared"));
    ws
}

fn sources(index: &NewsIndex) -> Vec<(String, u64)> {
    let request = SearchRequest::new("election").facets(true);
    let results = index.search(&request).unwrap();
    results.facets.expect("facets asked for").sources
}

fn index_with(index: &NewsIndex, ws: &Workspace, aliases: &SourceAliases) {
    let options = IndexOptions::default().source_aliases(aliases.clone());
    index.index_folders(&[ws.path("n")], &options, &()).unwrap();
}

#[test]
fn aliases_make_two_names_one_source() {
    let ws = two_outlets();
    let mut aliases = SourceAliases::default();
    aliases.insert("WWW.CNN.COM", "CNN");
    aliases.insert("cnn.com", "CNN");
    let index = ws.index();
    index_with(&index, &ws, &aliases);
    assert_eq!(sources(&index), [("CNN".to_owned(), 2)]);
    let request = SearchRequest::new("election").source("CNN");
    assert_eq!(index.search(&request).unwrap().total_hits, 2);
}

#[test]
fn a_run_with_other_aliases_reads_the_files_again() {
    let ws = two_outlets();
    let index = ws.index();
    index_with(&index, &ws, &SourceAliases::default());
    assert_eq!(sources(&index).len(), 2);

    let mut aliases = SourceAliases::default();
    aliases.insert("www.cnn.com", "CNN");
    aliases.insert("cnn.com", "CNN");
    index_with(&index, &ws, &aliases);
    assert_eq!(sources(&index), [("CNN".to_owned(), 2)]);

    // Back to no aliases: the names as the articles give them.
    index_with(&index, &ws, &SourceAliases::default());
    assert_eq!(sources(&index).len(), 2);
}
