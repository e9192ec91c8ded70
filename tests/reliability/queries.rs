//! Queries: whatever string is typed, a search gives results or a user error,
//! never a panic; and the bounds on query size and paging are errors of one
//! sentence, not work that takes the machine down.

use news_search::limits::{MAX_PAGE_END, MAX_QUERY_CHARS, MAX_QUERY_WORDS};
use news_search::{Error, NewsIndex, SearchRequest, Sort};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use crate::common::{article, Workspace};
use crate::harness::{TestEnv, BUNDLED};

/// Cases per property: enough to meet every piece of syntax many times,
/// few enough for a debug build to run in seconds.
const CASES: u32 = 256;

/// Pieces of the query syntax.
#[rustfmt::skip]
const SYNTAX: &[&str] = &[
    "\"", "(", ")", "-", "+", "*", "?", ":", "\\", "/", "^", "~", "~2", "^2.5", "[", "]",
    "{", "}", "OR", "AND", "NOT", "TO", "IN", "title:", "body:", "source:", "author:",
    "date:", "url:", "tags:", "nosuchfield:", "date:[2023-01-01 TO 2023-12-31]",
    "date:[2023 TO *]", "date:{* TO 2024-02}", "date:2023-09", "date:2023-02-30", "date:[",
    "date:3m", "*:*", "/.*/", "/[a-/", "body:/nv.*/", "IN [a b]", "1e309", "-1",
    "9999999999999999999999",
];

/// Words the index holds, close to what it holds, or that stress the analyser.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "nvidia", "h100", "meta", "zuckerberg", "nvid*", "chip*", "\"ai chips\"",
    "\"ai chips\"~3", "title:meta", "source:wire", "café", "CAFÉ", "cafe", "coffe",
    "zuckerbreg", "goverment", "中文", "ǅ", "\u{200b}", "\u{0}", "\u{fffd}", "🦀", "ﬁ", "İ",
    "ß", "2023",
];

#[test]
fn any_string_gives_results_or_a_user_error() {
    let (_ws, index) = small_index();
    // Any character at all, or mostly letters, spaces and operators.
    let typed = proptest::sample::select(" abcxyzé\"()-+*:~^[]{}/\\".chars().collect::<Vec<_>>());
    let chars = proptest::collection::vec(prop_oneof![any::<char>(), typed], 0..120);
    let strategy = chars.prop_map(|c| c.into_iter().collect::<String>());
    run(&strategy, |query| check(&index, &SearchRequest::new(query)));
}

#[test]
fn any_mix_of_query_syntax_gives_results_or_a_user_error() {
    let (_ws, index) = small_index();
    let piece = prop_oneof![
        6 => proptest::sample::select(WORDS).prop_map(str::to_owned),
        3 => proptest::sample::select(SYNTAX).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
        1 => (1usize..400).prop_map(|n| "w".repeat(n)),
    ];
    let separator = proptest::sample::select(&["", " ", "  ", "\t"][..]);
    let query = proptest::collection::vec((piece, separator), 0..10).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(piece, sep)| format!("{piece}{sep}"))
            .collect::<String>()
    });
    let sort = proptest::sample::select(&[Sort::Relevance, Sort::Newest, Sort::Oldest][..]);
    let strategy = (query, any::<bool>(), sort, 0usize..3, 0usize..20);
    run(&strategy, |(query, exact, sort, fragments, limit)| {
        let request = SearchRequest::new(query)
            .exact(exact)
            .sort(sort)
            .fragments(fragments)
            .limit(limit);
        check(&index, &request)
    });
}

#[test]
fn any_source_or_author_filter_gives_results_or_a_user_error() {
    let (_ws, index) = small_index();
    let piece = prop_oneof![
        proptest::sample::select(WORDS).prop_map(str::to_owned),
        proptest::sample::select(SYNTAX).prop_map(str::to_owned),
    ];
    let strategy = proptest::collection::vec(piece, 0..6).prop_map(|p| p.join(" "));
    run(&strategy, |filter| {
        check(&index, &SearchRequest::new("nvidia").source(filter.clone()))?;
        check(&index, &SearchRequest::new("nvidia").author(filter))
    });
}

#[test]
fn a_page_past_the_last_reachable_result_is_a_user_error() {
    let (_ws, index) = small_index();
    for (offset, limit) in [
        (0, MAX_PAGE_END + 1),
        (MAX_PAGE_END, 1),
        (usize::MAX, usize::MAX),
    ] {
        let request = SearchRequest::new("nvidia").offset(offset).limit(limit);
        let error = index.search(&request).expect_err("refused");
        assert!(matches!(error, Error::PageTooDeep { .. }), "{error}");
        assert!(error.is_user_error());
    }
    let last_page = SearchRequest::new("nvidia")
        .offset(MAX_PAGE_END - 10)
        .limit(10);
    assert!(index.search(&last_page).is_ok());
}

// ---------------------------------------------------------------- the CLI

#[test]
fn query_over_the_length_bound_is_an_error() {
    let env = indexed_env();
    let query = "abc".repeat(MAX_QUERY_CHARS / 3 + 1);

    let run = env.run(&["query", &query]);

    let message = run.error_message();
    assert!(message.starts_with("bad query \"abcabc"), "{message}");
    assert!(
        message.contains(&format!("more than the {MAX_QUERY_CHARS} allowed")),
        "{message}"
    );
    assert!(
        message.len() < 200,
        "the query is not echoed whole: {message}"
    );
}

#[test]
fn query_with_too_many_words_is_an_error() {
    let env = indexed_env();
    let words = vec!["word"; MAX_QUERY_WORDS + 1];

    let mut args = vec!["query"];
    args.extend(&words);
    let run = env.run(&args);

    let message = run.error_message();
    assert!(
        message.contains(&format!(
            "{} words, more than the {MAX_QUERY_WORDS} allowed",
            MAX_QUERY_WORDS + 1
        )),
        "{message}"
    );
}

#[test]
fn query_at_the_bounds_runs() {
    let env = indexed_env();
    let mut words = vec!["h100"; MAX_QUERY_WORDS];
    words.insert(0, "query");

    let run = env.run(&words);

    assert_eq!(run.code, 0, "{run:#?}");
    let run = env.run(&["query", "--limit", &MAX_PAGE_END.to_string(), "h100"]);
    assert_eq!(run.code, 0, "{run:#?}");
}

#[test]
fn huge_limit_is_an_error() {
    let env = indexed_env();

    let run = env.run(&["query", "--limit", "1000000", "h100"]);

    let message = run.error_message();
    assert!(message.contains("limit 1000000"), "{message}");
    assert!(message.contains(&MAX_PAGE_END.to_string()), "{message}");
}

#[test]
fn huge_offset_is_an_error() {
    let env = indexed_env();
    let offset = usize::MAX.to_string();

    for command in [
        vec!["query", "--offset", &offset, "h100"],
        vec!["similar", "--offset", &offset, BUNDLED],
    ] {
        let run = env.run(&command);
        let message = run.error_message();
        assert!(message.contains(&format!("offset {offset}")), "{message}");
    }
}

fn indexed_env() -> TestEnv {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);
    env
}

/// A few articles with dates, sources and authors, so that every kind of
/// query has something to match.
fn small_index() -> (Workspace, NewsIndex) {
    let ws = Workspace::new().with_bundled();
    ws.write(
        "corpus/chips.json",
        r#"[{"title": "Nvidia chips sell out", "text": "The H100 and other AI chips sold out again.", "date": "2023-09-12", "source": "Wire Service", "author": "Ana Lee", "tags": ["chips", "AI"]},
            {"title": "Café prices rise", "text": "Coffee in the café costs more; 中文 readers noticed too.", "date": "2024-02-01", "source": "Local Paper"}]"#,
    );
    ws.write(
        "corpus/meta.txt",
        &article("Meta plans", "Zuckerberg spoke about AI and the metaverse."),
    );
    let index = ws.index();
    index.index_dir(ws.path("corpus")).expect("index");
    (ws, index)
}

fn run<S: Strategy>(strategy: &S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    if let Err(failure) = runner.run(strategy, test) {
        panic!("{failure}");
    }
}

/// Ok, or an error that is the user's to fix: anything else fails the case.
fn check(index: &NewsIndex, request: &SearchRequest) -> Result<(), TestCaseError> {
    match index.search(request) {
        Ok(results) => {
            prop_assert!(results.hits.len() <= request.limit);
            Ok(())
        }
        Err(error) => {
            prop_assert!(
                error.is_user_error(),
                "{:?} gave a fault: {error}",
                request.query
            );
            Ok(())
        }
    }
}
