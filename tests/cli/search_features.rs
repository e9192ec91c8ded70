//! The search commands beyond a plain query, run for real: typo notes,
//! passages, order and dates, facets, collapsing, `show` and `similar`.

use time::{Duration, OffsetDateTime};

use crate::harness::{article, TestEnv, BUNDLED};
use crate::output::strip_ansi;

/// An article file with a date and a source under the headline.
fn dated(title: &str, date: &str, source: &str, body: &str) -> String {
    format!("{title}\n\n{date}\n{source}\n\n{body}\n")
}

/// Three dated election stories and an undated one, all different.
fn election_env() -> TestEnv {
    let env = TestEnv::new();
    let today = OffsetDateTime::now_utc().date();
    let recent = (today - Duration::days(3)).to_string();
    let files = [
        (
            "a",
            "Early count",
            "2023-01-15",
            "BBC",
            "the early count in two towns",
        ),
        (
            "b",
            "Spring rally",
            "2023-03-02",
            "Reuters",
            "rallies, posters and a debate",
        ),
        (
            "c",
            "Recent result",
            recent.as_str(),
            "Reuters",
            "the result and the winner's speech",
        ),
    ];
    for (name, title, date, source, topic) in files {
        env.write(
            &format!("news/{name}.txt"),
            dated(
                title,
                date,
                source,
                &format!("Election coverage of {topic}."),
            ),
        );
    }
    env.write(
        "news/d.txt",
        article(
            "Undated notes",
            "Election coverage of queues and ballot papers.",
        ),
    );
    env.index(&["news"]);
    env
}

fn titles(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.split_once(". ").filter(|(n, _)| n.parse::<u32>().is_ok()))
        .map(|(_, title)| title.to_owned())
        .collect()
}

#[test]
fn a_typo_is_found_and_the_word_suggested() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);

    let run = env.run(&["query", "zuckerbreg"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(
        run.stderr,
        "\"zuckerbreg\" is not in the index; did you mean \"zuckerberg\"?\n"
    );
    assert!(run.stdout.contains("Mark Zuckerberg's Meta"), "{run:#?}");

    let exact = env.run(&["query", "--exact", "zuckerbreg"]);
    assert_eq!(exact.code, 1, "{exact:#?}");
    assert!(exact.stderr.contains("did you mean \"zuckerberg\"?"));

    let json = env.run(&["query", "--json", "zuckerbreg"]).json();
    assert_eq!(json["suggestions"][0]["word"], "zuckerbreg");
    assert_eq!(json["suggestions"][0]["did_you_mean"][0], "zuckerberg");
}

#[test]
fn fragments_sets_the_number_of_passages() {
    let env = TestEnv::new();
    let filler = "Nothing of note happened here at all today. ".repeat(8);
    env.write(
        "news/a.txt",
        article(
            "Port report",
            &format!(
                "Tariffs rose. {filler} The harbour was quiet. {filler} Tariffs hit the harbour."
            ),
        ),
    );
    env.index(&["news"]);

    let json = env
        .run(&["query", "--json", "--fragments", "3", "tariffs harbour"])
        .json();
    let snippets = json["hits"][0]["snippets"].as_array().unwrap();
    assert_eq!(snippets.len(), 3);
    for snippet in snippets {
        for key in ["text", "highlights", "body_range", "body_highlights"] {
            assert!(snippet.get(key).is_some(), "{snippet}");
        }
    }
    // Printed as one paragraph, the passages joined by a single "…".
    let run = env.run(&["query", "--fragments", "2", "tariffs harbour"]);
    let passage = run.stdout.lines().nth(2).unwrap();
    assert!(passage.contains(" … "), "{passage}");
    assert!(!passage.contains("… …"), "{passage}");

    let none = env.run(&["query", "--fragments", "0", "tariffs"]);
    assert_eq!(none.stdout.lines().count(), 2, "{none:#?}");
}

#[test]
fn sort_orders_by_date_and_since_takes_relative_dates() {
    let env = election_env();

    let newest = env.run(&["query", "--sort", "newest", "election"]);
    assert_eq!(
        titles(&newest.stdout),
        [
            "Recent result",
            "Spring rally",
            "Early count",
            "Undated notes"
        ]
    );
    let oldest = env.run(&["query", "--sort", "oldest", "election"]);
    assert_eq!(
        titles(&oldest.stdout),
        [
            "Early count",
            "Spring rally",
            "Recent result",
            "Undated notes"
        ]
    );

    let week = env.run(&["query", "--since", "7d", "election"]);
    assert_eq!(titles(&week.stdout), ["Recent result"]);
    let before = env.run(&["query", "--until", "1w", "--sort", "oldest", "election"]);
    assert_eq!(titles(&before.stdout), ["Early count", "Spring rally"]);

    let bad = env.run(&["query", "--since", "7x", "election"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("YYYY-MM-DD"), "{bad:#?}");
}

#[test]
fn facets_print_sources_and_a_timeline_after_the_hits() {
    let env = election_env();

    let run = env.run(&[
        "query", "--facets", "--limit", "1", "--until", "2023", "election",
    ]);
    assert_eq!(run.code, 0, "{run:#?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    let at = lines.iter().position(|l| l.starts_with("sources")).unwrap();
    assert_eq!(lines[at], "sources  BBC 1 · Reuters 1");
    assert!(lines[at + 1].starts_with("months   2023-01 "), "{lines:?}");
    assert!(lines[at + 1].ends_with(" 1"), "{lines:?}");
    assert!(
        lines[at + 2].trim_start().starts_with("2023-02 "),
        "{lines:?}"
    );
    assert!(lines[at + 2].ends_with(" 0"), "{lines:?}");
    assert!(
        lines[at + 3].trim_start().starts_with("2023-03 "),
        "{lines:?}"
    );

    let json = env.run(&["query", "--json", "--facets", "election"]).json();
    assert_eq!(
        json["facets"]["sources"][0],
        serde_json::json!(["Reuters", 2])
    );
    assert_eq!(json["facets"]["undated"], 1);
    let plain = env.run(&["query", "--json", "election"]).json();
    assert!(plain.get("facets").is_none());
}

#[test]
fn near_identical_stories_collapse_unless_asked_not_to() {
    let env = TestEnv::new();
    let story = "The central bank raised interest rates by a quarter point on \
        Tuesday, citing persistent inflation in services and a tight labour market. \
        Markets had expected the move, and the currency barely changed. Officials \
        signalled that further increases were possible if price pressures did not \
        ease over the coming months.";
    env.write("news/a.txt", article("Bank raises rates", story));
    env.write(
        "news/b.txt",
        article(
            "Central bank lifts rates",
            &story.replace("barely", "hardly"),
        ),
    );
    env.index(&["news"]);

    let run = env.run(&["query", "interest rates"]);
    assert_eq!(titles(&run.stdout).len(), 1, "{run:#?}");
    let last = run.stdout.lines().last().unwrap();
    assert!(last.starts_with("   +1 near-identical: news/"), "{last}");

    let all = env.run(&["query", "--no-collapse", "interest rates"]);
    assert_eq!(titles(&all.stdout).len(), 2, "{all:#?}");
    assert!(!all.stdout.contains("near-identical"));
}

#[test]
fn show_prints_the_whole_article_with_the_query_marked() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);

    let run = env.run(&["show", BUNDLED]);
    assert_eq!(run.code, 0, "{run:#?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "Mark Zuckerberg's Meta: Setting the Stage for an AI Revolution against OpenAI"
    );
    assert_eq!(lines[1], "2023-09-11");
    assert!(
        lines[2].starts_with("corpus/000_d1f253cec5df7d15.txt (id "),
        "{lines:?}"
    );
    assert!(run.stdout.contains("Nvidia H100 AI training chips"));
    assert!(!run.stdout.contains('\x1b'));

    let marked = env.run(&[
        "--color",
        "always",
        "show",
        "--query",
        "h100 chips",
        BUNDLED,
    ]);
    assert_eq!(strip_ansi(&marked.stdout), run.stdout);
    assert!(marked.stdout.contains("\x1b[1m\x1b[31mH100"), "{marked:#?}");

    let json = env
        .run(&["show", "--json", "--query", "h100", BUNDLED])
        .json();
    let article = &json["articles"][0];
    let body = article["body"].as_str().unwrap();
    let (s, e) = (
        article["highlights"]["body"][0][0].as_u64().unwrap() as usize,
        article["highlights"]["body"][0][1].as_u64().unwrap() as usize,
    );
    assert_eq!(&body[s..e], "H100");

    // The id from a query's JSON shows the same article.
    let id = env.run(&["query", "--json", "H100"]).json()["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(env.run(&["show", &id]).stdout, run.stdout);

    let missing = env.run(&["show", "corpus/nothing.txt"]);
    assert_eq!(
        missing.error_message(),
        "no article in the index at ./index has the id or path \"corpus/nothing.txt\": \
         give a path as \"search query\" prints it (with its #number for one article of a \
         file of several), or an id from \"search query --json\""
    );
}

#[test]
fn similar_lists_related_articles_and_not_the_article_itself() {
    let env = TestEnv::new();
    let stories = [
        (
            "chips1",
            "Chip maker expands",
            "The semiconductor foundry builds wafers for processors.",
        ),
        (
            "chips2",
            "Foundry output grows",
            "Semiconductor wafers from the foundry supply processors.",
        ),
        (
            "ball1",
            "Cup final tonight",
            "The striker and the goalkeeper prepare for the final.",
        ),
    ];
    for (name, title, body) in stories {
        env.write(&format!("news/{name}.txt"), article(title, body));
    }
    for i in 0..20 {
        env.write(
            &format!("news/day{i}.txt"),
            article(
                &format!("Day {i}"),
                "The weather was mild for the season and the town was quiet.",
            ),
        );
    }
    env.index(&["news"]);

    let run = env.run(&["similar", "news/chips1.txt"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(titles(&run.stdout), ["Foundry output grows"]);
    let json = env.run(&["similar", "--json", "news/chips1.txt"]).json();
    assert!(
        json["query"].as_str().unwrap().contains("foundri"),
        "{json}"
    );

    let missing = env.run(&["similar", "news/none.txt"]);
    assert_eq!(missing.code, 2);
}

#[test]
fn similar_without_a_like_article_says_so() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);

    let run = env.run(&["similar", BUNDLED]);

    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "no other article is like this one\n");
}
