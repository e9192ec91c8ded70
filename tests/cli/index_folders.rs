//! The folders a run reads and the index records: a refresh that no longer
//! finds one says so and keeps its articles, a rebuild holds exactly the
//! folders it read, what cannot be read keeps its articles, and a run that
//! fails leaves the disk as it found it.

use crate::harness::{article, Counts, TestEnv};
use crate::index_paths::{contents, run_unprivileged};
use crate::output::without_timing;

/// Two folders of one article each, indexed together.
fn two_folders() -> TestEnv {
    let env = TestEnv::new();
    env.write("alpha/a.txt", article("Alpha", "An alphaword story."));
    env.write("beta/b.txt", article("Beta", "A betaword story."));
    env.index(&["alpha", "beta"]);
    env
}

/// The folders `search stats` lists, as they are shown.
fn folders(env: &TestEnv) -> Vec<String> {
    let stats = env.run(&["stats", "--json"]).json();
    let folders = stats["folders"].as_array().expect("folders is a list");
    let root = std::fs::canonicalize(env.path()).expect("canonical");
    folders
        .iter()
        .map(|f| {
            let path = std::path::Path::new(f.as_str().expect("a path"));
            path.strip_prefix(&root)
                .unwrap_or(path)
                .display()
                .to_string()
        })
        .collect()
}

const GONE: &str = "folder no longer exists: its articles stay in the index until it is back; \
     to drop them, rebuild with the folders to keep (\"search index --rebuild FOLDER...\")";

#[test]
fn a_refresh_reports_a_folder_that_is_gone_and_keeps_its_articles() {
    let env = two_folders();
    std::fs::rename(env.path().join("alpha"), env.path().join("moved")).expect("move");

    let report = env.run(&["index", "--json"]).json();
    assert_eq!(
        report["errors"],
        serde_json::json!([{ "path": "alpha", "reason": GONE }])
    );
    let run = env.run(&["index"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(
        without_timing(&run.stderr),
        format!(
            "failed alpha: {GONE}\nindexed 0 new, 0 changed, 0 removed, 1 unchanged, 0 skipped, 1 failed in <t> s\n"
        )
    );
    assert_eq!(env.run(&["query", "alphaword"]).code, 0);

    std::fs::rename(env.path().join("moved"), env.path().join("alpha")).expect("move back");
    assert_eq!(
        env.index(&[]),
        Counts {
            unchanged: 2,
            ..Counts::default()
        }
    );
}

#[test]
fn a_rebuild_with_folders_leaves_the_index_holding_exactly_those() {
    let env = two_folders();

    assert_eq!(env.index(&["--rebuild", "beta"]).added, 1);
    assert_eq!(folders(&env), ["beta"]);
    assert_eq!(env.run(&["query", "alphaword"]).code, 1);
    // A refresh does not bring the dropped folder back.
    assert_eq!(
        env.index(&[]),
        Counts {
            unchanged: 1,
            ..Counts::default()
        }
    );
    assert_eq!(env.run(&["query", "alphaword"]).code, 1);
}

#[test]
fn a_rebuild_alone_refuses_while_a_folder_is_missing_then_rebuilds_them_all() {
    let env = two_folders();
    std::fs::rename(env.path().join("alpha"), env.path().join("moved")).expect("move");
    let before = contents(&env.path().join("index"));

    assert_eq!(
        env.run(&["index", "--rebuild"]).error_message(),
        "the index at ./index holds folders that no longer exist (alpha): bring them back, \
         or name the folders to rebuild with, as in \"search index --rebuild FOLDER...\""
    );
    assert_eq!(contents(&env.path().join("index")), before);

    std::fs::rename(env.path().join("moved"), env.path().join("alpha")).expect("move back");
    assert_eq!(env.index(&["--rebuild"]).added, 2);
    assert_eq!(folders(&env), ["alpha", "beta"]);
}

#[test]
fn a_folder_the_walk_cannot_read_keeps_its_articles() {
    let env = TestEnv::new();
    env.write("news/top.txt", article("Top", "A topword story."));
    env.write(
        "news/locked/inner.txt",
        article("Inner", "An innerword story."),
    );
    env.index(&["news"]);
    let locked = env.path().join("news/locked");
    let mode = |m| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(m)).expect("chmod");
    };
    mode(0o000);
    let run = run_unprivileged(&env, &["index", "--json"]);
    mode(0o755);
    let Some(run) = run else { return };

    let report = run.json();
    assert_eq!(report["removed"], 0, "{report}");
    assert_eq!(
        report["errors"],
        serde_json::json!([{ "path": "news/locked", "reason": "permission denied" }])
    );
    assert_eq!(env.run(&["query", "innerword"]).code, 0);
}

#[cfg(unix)]
#[test]
fn a_broken_link_is_reported_with_where_it_points() {
    let env = TestEnv::with_bundled_article();
    let target = env.path().join("gone.txt");
    std::os::unix::fs::symlink(&target, env.path().join("corpus/link.txt")).expect("symlink");

    let report = env.run(&["index", "--json", "corpus"]).json();

    assert_eq!(
        report["errors"],
        serde_json::json!([{
            "path": "corpus/link.txt",
            "reason": format!(
                "broken symbolic link: it points to {}, which does not exist",
                target.display()
            ),
        }])
    );
}

#[test]
fn a_run_that_fails_leaves_no_index_behind() {
    let env = TestEnv::with_bundled_article();

    assert_eq!(
        env.run(&["index", "missing"]).error_message(),
        "no such folder: missing"
    );
    assert!(!env.path().join("index").exists());
    assert_eq!(
        env.run(&["--index", "new/deep/index", "index", "--memory", "10M", "corpus"])
            .error_message(),
        "a memory budget of 10 MB is too small for the index writer: give at least 15 MB (--memory 15M)"
    );
    assert!(!env.path().join("new").exists());
    let message = env
        .run(&["index", "--memory", "100G", "corpus"])
        .error_message()
        .to_owned();
    assert!(
        message.starts_with(
            "a memory budget of 100 GB is more than the index writer can use on this machine: give at most "
        ),
        "{message}"
    );
    assert!(!env.path().join("index").exists());
    assert_eq!(
        env.run(&["stats"]).error_message(),
        "no index at ./index: run \"search index <folder>\" first"
    );
}

#[test]
fn counts_of_one_are_singular_in_the_summary() {
    let env = TestEnv::new();
    let story = article("Harbour strike ends", "Dockworkers returned on Tuesday.");
    env.write("news/a.txt", &story);
    env.write("news/copy/a.txt", &story);

    let run = env.run(&["index", "news"]);

    assert_eq!(
        without_timing(&run.stderr),
        "indexed 2 new, 0 changed, 0 removed, 0 unchanged, 0 skipped, 1 duplicate in <t> s\n"
    );
    let stats = env.run(&["stats"]);
    assert!(
        stats
            .stdout
            .starts_with("articles     1 (and 1 copy in another file)\n"),
        "{stats:#?}"
    );
}
