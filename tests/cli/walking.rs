//! Which files a walk takes, as ripgrep takes them: ignore files (in a git
//! repository or not), hidden files, globs, and a refresh that walks each
//! folder as the run that named it did; and the threads that do the work.

use crate::harness::{article, Counts, TestEnv};

/// Whether a query for `word` finds an article.
fn found(env: &TestEnv, word: &str) -> bool {
    let run = env.run(&["query", word]);
    assert!(run.code < 2, "{run:#?}");
    run.code == 0
}

/// A folder, not in a git repository, with a file each of its ignore
/// files leaves out, a hidden file and a draft.
fn news() -> TestEnv {
    let env = TestEnv::new();
    env.write("news/kept.txt", article("Kept", "A keptword story."));
    env.write("news/.gitignore", "scratch/\n");
    env.write("news/scratch/a.txt", article("Scratch", "A gitword story."));
    env.write("news/.ignore", "*.bak.txt\n");
    env.write("news/old.bak.txt", article("Old", "An ignoreword story."));
    env.write("news/.searchignore", "private.txt\n");
    env.write(
        "news/private.txt",
        article("Private", "A searchword story."),
    );
    env.write("news/.hidden.txt", article("Hidden", "A hiddenword story."));
    env.write("news/drafts/d.txt", article("Draft", "A draftword story."));
    env
}

const LEFT_OUT: [&str; 4] = ["gitword", "ignoreword", "searchword", "hiddenword"];

#[test]
fn ignore_files_leave_files_out_outside_a_git_repository() {
    let env = news();
    let counts = env.index(&["news"]);
    assert_eq!((counts.added, counts.skipped, counts.errors), (2, 0, 0));
    assert!(found(&env, "keptword") && found(&env, "draftword"));
    for word in LEFT_OUT {
        assert!(!found(&env, word), "{word} was indexed");
    }
}

#[test]
fn no_ignore_and_hidden_take_those_files_too() {
    let env = news();
    env.index(&["--no-ignore", "news"]);
    for word in ["gitword", "ignoreword", "searchword"] {
        assert!(found(&env, word), "{word} was left out");
    }
    assert!(!found(&env, "hiddenword"));

    env.write(
        "news/.git/notes",
        article("Git notes", "A gitfolderword story."),
    );
    let counts = env.index(&["--hidden", "news"]);
    // Naming the folder again without --no-ignore walks it with its ignore
    // files again: what they exclude goes. Neither the ignore files (which
    // have no extension, so could be read as text) nor .git are articles.
    assert_eq!((counts.added, counts.removed), (1, 3));
    assert!(found(&env, "hiddenword") && !found(&env, "gitword"));
    assert!(!found(&env, "gitfolderword"));
}

#[test]
fn globs_exclude_and_include_as_in_ripgrep() {
    let env = news();
    env.write("news/notes.md", "# Notes\n\nA markdownword note.\n");
    env.index(&["--glob", "!drafts/**", "news"]);
    assert!(found(&env, "keptword") && found(&env, "markdownword"));
    assert!(!found(&env, "draftword"));

    env.index(&["--glob", "*.md", "news"]);
    assert!(found(&env, "markdownword"));
    assert!(!found(&env, "keptword") && !found(&env, "draftword"));
}

#[test]
fn a_refresh_walks_each_folder_as_it_was_walked() {
    let env = news();
    env.write("other/o.txt", article("Other", "An otherword story."));
    env.write(
        "other/.hidden.txt",
        article("Other hidden", "A shadeword story."),
    );
    env.index(&["--hidden", "--glob", "!drafts/**", "news"]);
    env.index(&["other"]);

    let refresh = env.index(&[]);
    assert_eq!(
        refresh,
        Counts {
            unchanged: 3,
            ..Counts::default()
        }
    );
    assert!(found(&env, "hiddenword") && !found(&env, "draftword"));
    assert!(found(&env, "otherword") && !found(&env, "shadeword"));
}

#[test]
fn a_file_an_ignore_rule_now_excludes_loses_its_articles() {
    let env = news();
    env.index(&["news"]);
    env.write("news/.searchignore", "private.txt\ndrafts/\n");
    let counts = env.index(&[]);
    assert_eq!((counts.removed, counts.unchanged), (1, 1));
    assert!(!found(&env, "draftword"));
}

#[test]
fn walk_options_without_folders_are_refused() {
    let env = news();
    env.index(&["news"]);
    let run = env.run(&["index", "--hidden"]);
    assert_eq!(
        run.error_message(),
        "hidden files, ignore files and globs apply to the folders named with them: \
         name the folders again, as in \"search index --hidden FOLDER\""
    );
    assert!(!found(&env, "hiddenword"));
}

#[test]
fn a_glob_that_cannot_be_read_changes_nothing() {
    let env = TestEnv::new();
    env.write("news/a.txt", article("A", "An aword story."));
    let run = env.run(&["index", "--glob", "news/[a-", "news"]);
    assert!(
        run.error_message()
            .starts_with("the glob 'news/[a-' cannot be read ("),
        "{run:#?}"
    );
    assert!(!env.path().join("index").exists());
}

#[test]
fn any_number_of_threads_indexes_the_same() {
    let env = news();
    let one = env.index(&["--threads", "1", "news"]);
    // Four threads with 20 MB: the writer takes one, as 15 MB each allows.
    let four = env.index(&["--rebuild", "--threads", "4", "--memory", "20M", "news"]);
    assert_eq!((one.added, four.added), (2, 2));
    assert!(found(&env, "keptword") && found(&env, "draftword"));
    assert!(env
        .run(&["index", "--threads", "0", "news"])
        .error_message()
        .contains("--threads"));
}

#[test]
fn a_file_indexed_on_its_own_is_refreshed_alone() {
    let env = news();
    let counts = env.index(&["news/private.txt"]);
    assert_eq!(counts.added, 1);

    // A refresh reads the file again when it changes, and nothing else of its folder.
    env.write(
        "news/private.txt",
        article("Private", "A changedword story."),
    );
    let refresh = env.index(&[]);
    assert_eq!((refresh.added, refresh.updated), (0, 1));
    assert!(found(&env, "changedword") && !found(&env, "keptword"));

    std::fs::remove_file(env.path().join("news/private.txt")).expect("remove");
    let report = env.run(&["index", "--json"]).json();
    assert_eq!(
        report["errors"][0]["reason"],
        "file no longer exists: its articles stay in the index until it is back; \
         to drop them, rebuild with the folders to keep (\"search index --rebuild FOLDER...\")"
    );
    assert!(found(&env, "changedword"));
}

#[test]
fn a_file_and_its_folder_share_one_name() {
    let env = news();
    env.index(&["news/kept.txt"]);
    let id =
        |env: &TestEnv| env.run(&["query", "--json", "keptword"]).json()["hits"][0]["id"].clone();
    let alone = id(&env);
    let with_folder = env.index(&["news"]);
    assert_eq!(with_folder.added, 1);
    // The file's articles are named from the outermost path indexed, news/:
    // written again under that name, not indexed twice.
    let hits = env.run(&["query", "--json", "keptword"]).json();
    assert_eq!(hits["total_hits"], 1, "{hits:#}");
    assert_ne!(id(&env), alone);
}

#[test]
fn a_file_indexed_on_its_own_stays_when_its_folder_leaves_it_out() {
    let env = news();
    env.index(&["news/private.txt"]);
    let counts = env.index(&["news"]);
    assert_eq!(counts.removed, 0);
    assert!(found(&env, "searchword") && found(&env, "keptword"));
}

#[test]
fn a_rebuild_of_an_incompatible_index_walks_the_folders_as_recorded() {
    let env = news();
    env.index(&["--hidden", "news"]);
    let meta_path = env.path().join("index/meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&meta_path).expect("meta")).expect("json");
    let payload = meta["payload"].as_str().expect("payload").to_owned();
    let current = format!("\"version\":{}", news_search::SCHEMA_VERSION);
    let older = format!("\"version\":{}", news_search::SCHEMA_VERSION - 1);
    meta["payload"] = payload.replace(&current, &older).into();
    std::fs::write(&meta_path, meta.to_string()).expect("write");

    assert_eq!(env.index(&["--rebuild"]).added, 3);
    assert!(found(&env, "hiddenword"));
    assert_eq!(env.index(&[]).removed, 0);
}
