//! Queries as people type and paste them, through `search query`: what it
//! says when a filter leaves nothing, when an operator is left out, and how
//! it quotes a query back.

use crate::harness::TestEnv;

/// Two Brexit stories of 2016-2017 and one on Trump.
fn brexit_env() -> TestEnv {
    let env = TestEnv::new();
    let files = [
        (
            "a.txt",
            "Brexit talks stall",
            "2016-06-24",
            "Reuters",
            "Brexit talks stalled in Brussels.",
        ),
        (
            "b.txt",
            "Brexit deal agreed",
            "2017-03-14",
            "BBC",
            "A Brexit deal was agreed at 10:30 GMT.",
        ),
        (
            "c.txt",
            "Trump speaks on jobs",
            "2017-01-20",
            "Reuters",
            "Trump spoke about jobs.",
        ),
    ];
    for (name, title, date, source, body) in files {
        env.write(
            &format!("n/{name}"),
            format!("{title}\n\n{date}\n{source}\n\n{body}\n"),
        );
    }
    env.index(&["n"]);
    env
}

#[test]
fn a_filter_that_leaves_nothing_is_named_with_exit_1() {
    let env = brexit_env();
    let run = env.run(&["query", "brexit date:2015"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "no articles match \"brexit date:2015\": date:2015 leaves none of the 2 that match without it\n"
    );
    let run = env.run(&["query", "--source", "BBC", "stalled"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stderr
            .contains(": --source BBC leaves none of the 1 that match without it"),
        "{run:#?}"
    );
    let json = env.run(&["query", "--json", "brexit date:2015"]);
    assert_eq!(json.code, 1, "{json:#?}");
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["filtered_out"]["filter"], "date:2015");
    assert_eq!(value["filtered_out"]["matches_without"], 2);
}

#[test]
fn a_dangling_operator_is_left_out_with_a_note() {
    let env = brexit_env();
    let plain = env.run(&["query", "--color", "never", "trump"]);
    let run = env.run(&["query", "--color", "never", "trump OR"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stdout, plain.stdout);
    assert_eq!(
        run.stderr,
        "OR at column 7 has nothing to apply to and was left out\n"
    );
    let json = env.run(&["query", "--json", "trump OR"]).json();
    assert_eq!(json["notes"][0]["operator"], "OR");
    assert_eq!(json["notes"][0]["column"], 7);
    // A query read as written has no notes in its JSON.
    assert!(env
        .run(&["query", "--json", "trump"])
        .json()
        .get("notes")
        .is_none());
}

#[test]
fn a_query_is_quoted_back_without_escapes() {
    let env = brexit_env();
    let run = env.run(&["query", "\"zuckerbreg\""]);
    assert_eq!(run.stderr, "no articles match '\"zuckerbreg\"'\n");
    let run = env.run(&["query", "brexit \"talks"]);
    assert_eq!(
        run.error_message(),
        "bad query 'brexit \"talks': the quote at column 8 is not closed: add the closing \""
    );
}

#[test]
fn a_reversed_date_range_is_an_error() {
    let env = brexit_env();
    let run = env.run(&["query", "--since", "2018", "--until", "2017", "brexit"]);
    assert_eq!(
        run.error_message(),
        "bad query \"--since 2018-01-01 --until 2017-12-31\": the dates are the wrong way round: 2018-01-01 comes after 2017-12-31; swap them"
    );
}

#[test]
fn a_page_of_collapsed_hits_offers_no_empty_next_page() {
    let env = TestEnv::new();
    let story = "The central bank raised interest rates by a quarter point on \
        Tuesday, citing persistent inflation in services and a tight labour market. \
        Markets had expected the move, and the currency barely changed. Officials \
        signalled that further increases were possible if price pressures did not \
        ease over the coming months.";
    env.write("news/a.txt", format!("Bank raises rates\n\n{story}\n"));
    env.write(
        "news/b.txt",
        format!(
            "Central bank lifts rates\n\n{}\n",
            story.replace("barely", "hardly")
        ),
    );
    env.write(
        "news/c.txt",
        "Rates elsewhere\n\nAnother bank left interest rates alone.\n",
    );
    env.index(&["news"]);
    let run = env.run(&["query", "--limit", "5", "interest rates"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(
        run.stderr,
        "2 hits for 3 matches: near-identical articles are shown as one\n"
    );
    let run = env.run(&["query", "--limit", "1", "interest rates"]);
    assert_eq!(
        run.stderr,
        "showing 1-1 of 3 matches; --offset 1 for more\n"
    );
}
