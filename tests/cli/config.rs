//! The config file: found through SEARCH_CONFIG or XDG_CONFIG_HOME, beaten
//! by flags and the environment, ignored with --no-config, its mistakes
//! named by file and line, and its source aliases applied by indexing.

use serde_json::json;

use crate::harness::{run_command, Run, TestEnv};

/// One JSON article from `source` about the election.
fn from(source: &str, title: &str) -> String {
    format!(
        r#"{{"title": "{title}", "source": "{source}", "body": "The election results were counted overnight."}}"#
    )
}

/// Three election articles, from two names of one outlet and another.
fn three_articles() -> TestEnv {
    let env = TestEnv::new();
    env.write("n/a.json", from("www.cnn.com", "Votes counted"));
    env.write("n/b.json", from("CNN.com", "Results declared"));
    env.write("n/c.json", from("Reuters", "Turnout high"));
    env
}

/// `search <args>` with the config file at `$XDG_CONFIG_HOME/news-search/config.toml`.
fn run_with_xdg(env: &TestEnv, config: &str, args: &[&str]) -> Run {
    env.write("xdg/news-search/config.toml", config);
    let mut command = env.command(args);
    command.env("XDG_CONFIG_HOME", env.path().join("xdg"));
    run_command(&mut command)
}

fn hits(run: &Run) -> usize {
    run.json()["hits"].as_array().expect("hits").len()
}

#[test]
fn the_file_sets_defaults_and_flags_beat_it() {
    let env = three_articles();
    env.index(&["n"]);
    let config = "limit = 1\n";
    assert_eq!(
        hits(&run_with_xdg(
            &env,
            config,
            &["query", "--json", "election"]
        )),
        1
    );
    let flag = run_with_xdg(
        &env,
        config,
        &["query", "--json", "--limit", "2", "election"],
    );
    assert_eq!(hits(&flag), 2);
    let ignored = run_with_xdg(
        &env,
        config,
        &["--no-config", "query", "--json", "election"],
    );
    assert_eq!(hits(&ignored), 3);
}

#[test]
fn search_config_names_the_file_and_its_index_path_is_used() {
    let env = three_articles();
    env.write("my.toml", "index = \"elsewhere\"\nsort = \"oldest\"\n");
    let with_config = |args: &[&str]| {
        let mut command = env.command(args);
        command.env("SEARCH_CONFIG", env.path().join("my.toml"));
        run_command(&mut command)
    };
    assert_eq!(with_config(&["index", "--quiet", "n"]).code, 0);
    assert!(env.path().join("elsewhere").is_dir());
    assert!(!env.path().join("index").exists());
    assert_eq!(hits(&with_config(&["query", "--json", "election"])), 3);
    // The environment beats the file.
    let mut command = env.command(&["query", "election"]);
    command
        .env("SEARCH_CONFIG", env.path().join("my.toml"))
        .env("SEARCH_INDEX", env.path().join("nowhere"));
    let message = run_command(&mut command).error_message().to_owned();
    assert!(message.contains("nowhere"), "{message}");
}

#[test]
fn a_bad_key_names_the_file_and_the_line() {
    let env = three_articles();
    env.index(&["n"]);
    let config = "limit = 5\n\n# the British spelling\ncolour = \"never\"\n";
    let run = run_with_xdg(&env, config, &["query", "election"]);
    let message = run.error_message();
    let file = env.path().join("xdg/news-search/config.toml");
    assert!(message.contains(&file.display().to_string()), "{message}");
    assert!(message.contains("line 4"), "{message}");
    assert!(message.contains("colour"), "{message}");
    assert!(message.ends_with("run with --no-config"), "{message}");

    let wrong_type = run_with_xdg(&env, "limit = \"ten\"\n", &["query", "election"]);
    assert!(
        wrong_type.error_message().contains("line 1"),
        "{wrong_type:#?}"
    );
    let bad_value = run_with_xdg(&env, "sort = \"best\"\n", &["query", "election"]);
    assert!(
        bad_value.error_message().contains("line 1"),
        "{bad_value:#?}"
    );
    let ignored = run_with_xdg(&env, config, &["--no-config", "query", "election"]);
    assert_eq!(ignored.code, 0, "{ignored:#?}");
}

#[test]
fn aliases_make_one_outlet_one_facet() {
    let env = three_articles();
    let config = "[aliases]\n\"WWW.CNN.COM\" = \"CNN\"\n\"cnn.com\" = \"CNN\"\n";
    let index = run_with_xdg(&env, config, &["index", "--quiet", "n"]);
    assert_eq!(index.code, 0, "{index:#?}");
    let facets = run_with_xdg(&env, config, &["query", "--json", "--facets", "election"]);
    assert_eq!(
        facets.json()["facets"]["sources"],
        json!([["CNN", 2], ["Reuters", 1]])
    );
    let cnn = run_with_xdg(
        &env,
        config,
        &["query", "--json", "--source", "CNN", "election"],
    );
    assert_eq!(hits(&cnn), 2);
    // An alias named in --source means the source it was indexed under.
    for command in [&["query", "--json"][..], &["export"]] {
        let args = [command, &["--source", "www.cnn.com", "election"]].concat();
        let by_alias = run_with_xdg(&env, config, &args);
        assert_eq!(by_alias.code, 0, "{by_alias:#?}");
        let found = by_alias.stdout.matches("\"source\":\"CNN\"").count();
        assert_eq!(found, 2, "{by_alias:#?}");
    }
    let without = run_with_xdg(
        &env,
        config,
        &[
            "--no-config",
            "query",
            "--source",
            "www.cnn.com",
            "election",
        ],
    );
    assert_eq!(without.code, 1, "{without:#?}");
}
