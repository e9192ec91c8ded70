//! Plain-text and Markdown articles as archives lay them out: outlet lines
//! that no list names, wire datelines, timestamps and bylines on the date
//! line, and files that are one paragraph. Checked through extraction and
//! through what a search shows: the hit's source, date, title and snippet.

use std::path::Path;

use news_search::extract::extract_file;
use news_search::{Article, Hit, NewsIndex, SearchRequest};

use crate::common::Workspace;

const TASS_STORY: &str = "Kazakhstan hosts new round of Syria talks on March 14-15

March 14, 2017

TASS

ASTANA, March 14. /TASS/. A new round of talks on a settlement in Syria opened in \
the Kazakh capital on Tuesday.
";

const REUTERS_STORY: &str = "Copper climbs as Chilean mine strike drags on

LONDON, March 14, 2017 (Reuters) - Copper prices rose on Tuesday as a strike at the \
world's biggest copper mine entered its fifth week.
";

const ONE_PARAGRAPH: &str = "The council approved next year's budget shortly after \
midnight on Tuesday. The session lasted more than nine hours and included three failed \
amendments.\n";

fn extracted(name: &str, text: &str) -> Article {
    let mut extracted = extract_file(Path::new(name), text.as_bytes()).expect(name);
    assert_eq!(extracted.articles.len(), 1, "{name}");
    extracted.articles.remove(0).1
}

fn indexed(ws: &Workspace, files: &[(&str, &str)]) -> NewsIndex {
    for (name, text) in files {
        ws.write(&format!("n/{name}"), text);
    }
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    index
}

fn only_hit(index: &NewsIndex, query: &str) -> Hit {
    let mut hits = index.search(&SearchRequest::new(query)).expect(query).hits;
    assert_eq!(hits.len(), 1, "{query}");
    hits.remove(0)
}

fn day(text: &str) -> Option<String> {
    Some(text.to_owned())
}

#[test]
fn outlets_no_list_names_are_sources_and_leave_the_snippet() {
    let ws = Workspace::new();
    let rte =
        "Storm warning issued\n\nTuesday 14 March 2017\n\nRTÉ\n\nMet Éireann warned of gales.\n";
    let huffpost = "Dutch vote\n\n2017-03-15\nHuffPost\n\nPolling stations opened early.\n";
    let index = indexed(
        &ws,
        &[
            ("tass.txt", TASS_STORY),
            ("rte.txt", rte),
            ("huff.txt", huffpost),
        ],
    );
    // A title match shows the body's opening: the story, not the outlet.
    let hit = only_hit(&index, "kazakhstan");
    assert_eq!(hit.source.as_deref(), Some("TASS"));
    let opening = &hit.snippets[0].text;
    assert!(
        opening.starts_with("ASTANA — A new round of talks"),
        "{opening}"
    );
    assert!(!opening.contains("TASS"), "{opening}");
    for (query, source, opening) in [
        ("storm", "RTÉ", "Met Éireann warned"),
        ("dutch", "HuffPost", "Polling stations"),
    ] {
        let hit = only_hit(&index, query);
        assert_eq!(hit.source.as_deref(), Some(source));
        assert!(hit.snippets[0].text.starts_with(opening), "{source}");
    }
}

#[test]
fn wire_dateline_gives_date_and_source_and_leaves_the_snippet() {
    let ws = Workspace::new();
    let index = indexed(&ws, &[("copper.txt", REUTERS_STORY)]);
    let hit = only_hit(&index, "strike");
    assert_eq!(hit.date.map(|d| d.to_string()), day("2017-03-14"));
    assert_eq!(hit.source.as_deref(), Some("Reuters"));
    let snippet = &hit.snippets[0].text;
    assert!(
        snippet.starts_with("LONDON - Copper prices rose"),
        "{snippet}"
    );
    assert!(!snippet.contains("(Reuters)"), "{snippet}");
    // The place is still the story's word.
    assert_eq!(only_hit(&index, "london").listing.title, hit.listing.title);
}

#[test]
fn one_paragraph_file_is_text_with_its_first_sentence_as_title() {
    let ws = Workspace::new();
    let index = indexed(&ws, &[("council.txt", ONE_PARAGRAPH)]);
    let hit = only_hit(&index, "amendments");
    assert_eq!(
        hit.listing.title,
        "The council approved next year's budget shortly after midnight on Tuesday."
    );
    let snippet = &hit.snippets[0];
    assert!(
        snippet.text.contains("three failed amendments"),
        "{}",
        snippet.text
    );
    assert_eq!(snippet.highlights.len(), 1);
}

#[test]
fn dates_the_readme_promises_are_read() {
    let timestamp = "Dutch vote\n\n2017-03-15T06:30:00Z\n\nPolling stations opened.\n";
    let article = extracted("vote.txt", timestamp);
    assert_eq!(article.date.map(|d| d.to_string()), day("2017-03-15"));
    assert_eq!(article.body, "Polling stations opened.");

    let article = extracted("copper.txt", REUTERS_STORY);
    assert_eq!(article.date.map(|d| d.to_string()), day("2017-03-14"));

    let markdown = "# Ferry services cut\n\n*Published 09 February 2017* by **Maria García**\n\n\
                    Two crossings a day instead of three.\n";
    let article = extracted("ferry.md", markdown);
    assert_eq!(article.date.map(|d| d.to_string()), day("2017-02-09"));
    assert_eq!(article.author.as_deref(), Some("Maria García"));
    assert_eq!(article.body, "Two crossings a day instead of three.");
}
