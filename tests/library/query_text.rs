//! Queries as people type and paste them: filters that the any-word fallback
//! must keep, colons in headlines, operators at odd places, reversed date
//! ranges, errors that name the column, and suggestions across a digit.

use news_search::{Error, NewsIndex, QueryError, QueryNote, SearchRequest};

use crate::common::{titles, Workspace};

/// A dated article file from an outlet, laid out as plain text.
fn dated(title: &str, date: &str, source: &str, body: &str) -> String {
    format!("{title}\n\n{date}\n{source}\n\n{body}\n")
}

/// Brexit stories of 2016-2017 from two outlets, and two others.
fn archive() -> (Workspace, NewsIndex) {
    let ws = Workspace::new();
    let files = [
        (
            "a.txt",
            "Brexit talks stall",
            "2016-06-24",
            "Reuters",
            "Brexit talks stalled in Brussels as the UK sets out plans to replace all EU laws.",
        ),
        (
            "b.txt",
            "Brexit deal agreed",
            "2017-03-14",
            "BBC",
            "A Brexit deal was agreed at 10:30 GMT after long talks in Brussels.",
        ),
        (
            "c.txt",
            "Referendum rerun planned",
            "2016-09-01",
            "The Guardian",
            "Campaigners for indyref2 said a second vote on independence was coming.",
        ),
        (
            "d.txt",
            "Trump speaks on jobs",
            "2017-01-20",
            "Reuters",
            "Trump spoke at the inauguration about jobs and trade.",
        ),
    ];
    for (name, title, date, source, body) in files {
        ws.write(&format!("n/{name}"), &dated(title, date, source, body));
    }
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    (ws, index)
}

fn search(index: &NewsIndex, query: &str) -> news_search::SearchResults {
    index.search(&SearchRequest::new(query)).expect(query)
}

#[test]
fn a_field_or_date_in_the_query_is_never_relaxed() {
    let (_ws, index) = archive();
    // No Reuters article holds both words: the fallback may relax the
    // words, never the source.
    let results = search(&index, "source:Reuters brexit deal");
    assert!(results.relaxed);
    let sources: Vec<_> = results.hits.iter().map(|h| h.source.clone()).collect();
    assert_eq!(sources, [Some("Reuters".to_owned())]);
    for query in [
        "date:2015 brexit talks",
        "date:2015 brexit",
        "title:trump brexit deal",
    ] {
        let results = search(&index, query);
        assert_eq!(
            results.total_hits,
            0,
            "{query}: {:?}",
            titles(&index, query)
        );
    }
}

#[test]
fn an_exclusion_is_never_relaxed() {
    let (_ws, index) = archive();
    // No article holds all three words; any of them, without brussels.
    let results = search(&index, "brexit trump jobs -brussels");
    assert!(results.relaxed);
    let found: Vec<&str> = results.hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(found, ["Trump speaks on jobs"]);
}

#[test]
fn the_filter_that_left_nothing_is_named() {
    let (_ws, index) = archive();
    let results = search(&index, "brexit date:2015");
    let out = results.filtered_out.expect("a filter left nothing");
    assert_eq!(out.filter, "date:2015");
    assert_eq!(out.matches_without, 2);

    let results = search(&index, "brexit -brussels");
    assert_eq!(results.filtered_out.unwrap().filter, "-brussels");

    let request = SearchRequest::new("brexit talks").source("The Guardian");
    let out = index.search(&request).unwrap().filtered_out.unwrap();
    assert_eq!(
        (out.filter.as_str(), out.matches_without),
        ("--source The Guardian", 2)
    );

    // An excluded phrase whose words an article holds out of order: its
    // scorer has passed every article before the filters are tried.
    let results = search(&index, "-\"talks brexit\" date:2015");
    assert_eq!(results.filtered_out.unwrap().filter, "date:2015");

    // Words that find nothing by themselves blame no filter.
    assert_eq!(search(&index, "zzzqqq date:2016").filtered_out, None);
    // A search that finds something names nothing.
    assert_eq!(search(&index, "brexit date:2016").filtered_out, None);
}

#[test]
fn colons_in_pasted_text_are_searched_as_words() {
    let (_ws, index) = archive();
    assert_eq!(
        titles(&index, "Brexit: UK sets out plans to replace all EU laws"),
        ["Brexit talks stall"]
    );
    assert_eq!(titles(&index, "10:30 GMT"), ["Brexit deal agreed"]);
    // Not a field, or no value after it: words too.
    assert_eq!(
        titles(&index, "inauguration: jobs"),
        ["Trump speaks on jobs"]
    );
    assert_eq!(titles(&index, "speaks:jobs"), ["Trump speaks on jobs"]);
    // A real field with a bad value still explains itself.
    let error = index
        .search(&SearchRequest::new("date:someday"))
        .unwrap_err();
    assert!(error.to_string().contains("bad date"), "{error}");
}

#[test]
fn operators_read_one_way_wherever_they_stand() {
    let (_ws, index) = archive();
    let trump = search(&index, "trump").total_hits;
    for query in [
        "trump OR",
        "OR trump",
        "trump AND",
        "AND trump",
        "(trump OR)",
    ] {
        let results = search(&index, query);
        assert_eq!(results.total_hits, trump, "{query}");
        assert_eq!(results.notes.len(), 1, "{query}");
    }
    let results = search(&index, "trump OR");
    assert_eq!(
        results.notes,
        [QueryNote::IgnoredOperator {
            operator: "OR".to_owned(),
            column: 7
        }]
    );
    assert_eq!(
        titles(&index, "brexit NOT deal"),
        titles(&index, "brexit -deal")
    );
    assert_eq!(titles(&index, "brexit NOT deal"), ["Brexit talks stall"]);
    // NOT alone is -trump alone: an error, as that is.
    for query in ["NOT trump", "-trump"] {
        let error = index.search(&SearchRequest::new(query)).unwrap_err();
        assert!(
            matches!(
                error,
                Error::BadQuery {
                    reason: QueryError::OnlyExclusions,
                    ..
                }
            ),
            "{query}: {error}"
        );
    }
}

#[test]
fn syntax_errors_name_their_column_in_plain_words() {
    let (_ws, index) = archive();
    let reason = |query: &str| match index.search(&SearchRequest::new(query)) {
        Err(Error::BadQuery { reason, .. }) => reason,
        other => panic!("{query}: {other:?}"),
    };
    assert_eq!(
        reason("brexit \"talks"),
        QueryError::UnclosedQuote { column: 8 }
    );
    assert_eq!(
        reason("brexit)"),
        QueryError::UnopenedParenthesis { column: 7 }
    );
    assert_eq!(reason("title:/abc").column(), Some(11));
    for query in ["a^x", "brexit)", "brexit \"talks", "(a", "title:/abc"] {
        let message = reason(query).to_string();
        for inside in ["expected", "unparsed", "Found", "IoError", "{"] {
            assert!(!message.contains(inside), "{query}: {message}");
        }
    }
}

#[test]
fn reversed_date_ranges_are_errors_not_empty_results() {
    let (_ws, index) = archive();
    let date = |s: &str| news_search::date_span(s).unwrap().0;
    let request = SearchRequest::new("brexit")
        .since(date("2018"))
        .until(date("2017"));
    let error = index.search(&request).unwrap_err();
    assert!(error.is_user_error());
    assert!(error.to_string().contains("wrong way round"), "{error}");
    let error = index
        .search(&SearchRequest::new("brexit date:[2018 TO 2017]"))
        .unwrap_err();
    assert!(error.to_string().contains("wrong way round"), "{error}");
    // The same year at both ends is a year, not a reversal.
    assert_eq!(search(&index, "brexit date:[2016 TO 2016]").total_hits, 1);
}

#[test]
fn a_word_one_digit_short_is_suggested() {
    let (_ws, index) = archive();
    let results = search(&index, "indyref");
    let suggested: Vec<&str> = results
        .suggestions
        .iter()
        .flat_map(|s| s.did_you_mean.iter().map(String::as_str))
        .collect();
    assert_eq!(suggested, ["indyref2"]);
    assert_eq!(titles(&index, "indyref"), ["Referendum rerun planned"]);
}
