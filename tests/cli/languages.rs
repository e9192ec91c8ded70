//! Languages through the CLI: `--lang`, `lang:`, and the languages `stats`
//! and `--json` show.

use crate::harness::{article, TestEnv};

/// A German and an English article about a president, detected from their text.
fn two_languages() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "news/de.txt",
        article(
            "Staatsbesuch in Paris",
            "Der Bundespräsident traf am Mittwoch den französischen Präsidenten im \
             Élysée-Palast. Die beiden Politiker sprachen über die Zukunft Europas.",
        ),
    );
    env.write(
        "news/en.txt",
        article(
            "State visit to Paris",
            "The president met his French counterpart on Wednesday at the palace, \
             and the two leaders talked about the future of Europe and trade.",
        ),
    );
    env.index(&["news"]);
    env
}

#[test]
fn lang_keeps_articles_in_the_languages_named() {
    let env = two_languages();
    let both = env.run(&["query", "--json", "Paris"]).json();
    assert_eq!(both["total_hits"], 2, "{both}");
    let german = env
        .run(&["query", "--json", "--lang", "de", "Paris"])
        .json();
    assert_eq!(german["total_hits"], 1, "{german}");
    assert_eq!(german["hits"][0]["language"], "de");
    let english = env.run(&["query", "--json", "Paris lang:en"]).json();
    assert_eq!(english["total_hits"], 1, "{english}");
    assert_eq!(english["hits"][0]["language"], "en");
    let none = env.run(&["query", "--lang", "fr", "Paris"]);
    assert_eq!(none.code, 1, "{none:#?}");
}

#[test]
fn stats_count_articles_per_language() {
    let env = two_languages();
    let run = env.run(&["stats"]);
    assert_eq!(run.code, 0, "{run:#?}");
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("languages"))
        .expect("a languages line");
    assert_eq!(line, "languages    de 1, en 1");
    let json = env.run(&["stats", "--json"]).json();
    assert_eq!(json["languages"], serde_json::json!([["de", 1], ["en", 1]]));
}

#[test]
fn hits_and_show_name_a_language_besides_english() {
    let env = two_languages();
    let german = env.run(&["query", "Bundespräsident"]);
    assert_eq!(german.code, 0, "{german:#?}");
    let meta = german.stdout.lines().nth(1).unwrap_or_default();
    assert!(
        meta.trim().starts_with("de · news/de.txt · "),
        "{german:#?}"
    );
    let english = env.run(&["query", "counterpart"]);
    let meta = english.stdout.lines().nth(1).unwrap_or_default();
    assert!(meta.trim().starts_with("news/en.txt · "), "{english:#?}");
    let shown = env.run(&["show", "news/de.txt"]);
    assert!(
        shown.stdout.lines().nth(1).is_some_and(|l| l == "de"),
        "{shown:#?}"
    );
}
