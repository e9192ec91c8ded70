//! The `search` binary, run for real in a temporary directory with a clean
//! environment: what it prints, where, and with which exit status.

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;
use std::time::{Duration, SystemTime};

use serde_json::{json, Value};

use crate::harness::{self, article, Counts, TestEnv, BUNDLED};
use crate::output::{strip_ansi, without_timing};

fn set_mtime(path: &std::path::Path, secs_since_epoch: u64) {
    let file = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open to set mtime");
    file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(secs_since_epoch))
        .expect("set mtime");
}

const H100_OUTPUT: &str = "\
1. Mark Zuckerberg's Meta: Setting the Stage for an AI Revolution against OpenAI
   2023-09-11 · corpus/000_d1f253cec5df7d15.txt · 0.29
   …an increased number of Nvidia H100 AI training chips - a pinnacle in contemporary chipset technology. This acquisition signifies Meta's intention to facilitate the…
";

// ---------------------------------------------------------------- the binary

/// The binary is linked as `build.rs` chose: at a fixed address (an ELF
/// executable, type 2) unless `NEWS_SEARCH_PIE` asked otherwise or the
/// toolchain could not, else position-independent (type 3).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn binary_is_linked_as_the_build_chose() {
    use std::io::Read;
    let mut head = [0u8; 18];
    std::fs::File::open(env!("CARGO_BIN_EXE_search"))
        .and_then(|mut file| file.read_exact(&mut head))
        .expect("read the binary's ELF header");
    assert_eq!(&head[..4], b"\x7fELF");
    let kind = u16::from_le_bytes([head[16], head[17]]);
    let chosen = env!("NEWS_SEARCH_LINK");
    let expected = if chosen == "fixed" { 2 } else { 3 };
    assert_eq!(kind, expected, "linked {chosen}: ELF type {kind}");
}

// ---------------------------------------------------------------- query output

#[test]
fn bundled_article_is_found_for_h100() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);

    let run = env.run(&["query", "H100"]);

    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stdout, H100_OUTPUT);
    assert!(!run.stdout.contains('\x1b'), "{run:#?}");
    assert_eq!(run.stderr, "");
}

#[test]
fn json_output_is_one_document_with_highlighted_h100() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);

    let results = env.run(&["query", "--json", "H100"]).json();

    assert_eq!(results["query"], "H100");
    assert_eq!(results["total_hits"], 1);
    assert_eq!(results["total_hits_exact"], true, "{results}");
    assert_eq!(results["relaxed"], false);
    let hits = results["hits"].as_array().expect("hits is a list");
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(hit["rank"], 1);
    assert_eq!(hit["path"], "corpus/000_d1f253cec5df7d15.txt");
    assert_eq!(
        hit["title"],
        "Mark Zuckerberg's Meta: Setting the Stage for an AI Revolution against OpenAI"
    );
    assert_eq!(hit["date"], "2023-09-11");
    assert_eq!(hit["source"], Value::Null);
    assert_eq!(hit["author"], Value::Null);
    assert_eq!(hit["url"], Value::Null);
    let snippet = &hit["snippets"][0];
    let text = snippet["text"].as_str().expect("snippet text");
    let start = snippet["highlights"][0][0].as_u64().expect("start") as usize;
    let end = snippet["highlights"][0][1].as_u64().expect("end") as usize;
    assert_eq!(&text[start..end], "H100");
}

#[test]
fn query_without_hits_exits_1() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);

    let run = env.run(&["query", "zzzqqq"]);

    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "no articles match \"zzzqqq\"\n");
}

#[test]
fn any_word_fallback_is_announced() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);

    let run = env.run(&["query", "meta", "zzzqqq"]);

    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(
        run.stderr,
        "no article contains every word; showing articles with any of them\n"
    );
    assert!(
        run.stdout.starts_with(
            "1. Mark Zuckerberg's Meta: Setting the Stage for an AI Revolution against OpenAI\n"
        ),
        "{run:#?}"
    );
    let results = env.run(&["query", "--json", "meta", "zzzqqq"]).json();
    assert_eq!(results["relaxed"], true);
    assert_eq!(results["total_hits"], 1);
}

#[test]
fn words_match_their_stems_and_unaccented_forms() {
    let env = TestEnv::new();
    env.write(
        "corpus/cafe.txt",
        article(
            "Café owners",
            "Café Central bought a new chip for the espresso machine.",
        ),
    );
    env.index(&["corpus"]);

    let marked = |query: &str| {
        let results = env.run(&["query", "--json", query]).json();
        assert_eq!(results["total_hits"], 1, "{results}");
        let hit = &results["hits"][0];
        assert_eq!(hit["path"], "corpus/cafe.txt");
        let snippet = &hit["snippets"][0];
        let text = snippet["text"].as_str().expect("snippet text").to_owned();
        let ranges = snippet["highlights"].as_array().expect("highlights");
        let words: Vec<String> = ranges
            .iter()
            .map(|r| {
                let (start, end) = (r[0].as_u64().unwrap(), r[1].as_u64().unwrap());
                text[start as usize..end as usize].to_owned()
            })
            .collect();
        (hit["title_highlights"].clone(), words)
    };

    let (title_marks, body_words) = marked("cafe");
    assert_eq!(title_marks, json!([[0, "Café".len()]]));
    assert_eq!(body_words, ["Café"]);

    let (title_marks, body_words) = marked("chips");
    assert_eq!(title_marks, json!([]));
    assert_eq!(body_words, ["chip"]);
}

// ---------------------------------------------------------------- index reports

#[test]
fn index_summary_counts_new_files() {
    let env = TestEnv::with_bundled_article();

    let run = env.run(&["index", "corpus"]);

    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stdout, "");
    assert_eq!(
        without_timing(&run.stderr),
        "indexed 1 new, 0 changed, 0 removed, 0 unchanged, 0 skipped in <t> s\n"
    );
}

#[test]
fn index_json_report_has_the_documented_shape() {
    let env = TestEnv::with_bundled_article();

    let run = env.run(&["index", "--json", "corpus"]);

    assert_eq!(run.stderr, "", "{run:#?}");
    let mut report = run.json();
    let elapsed = report
        .as_object_mut()
        .expect("an object")
        .remove("elapsed_ms");
    assert!(
        elapsed.is_some_and(|ms| ms.is_u64()),
        "elapsed_ms in {report}"
    );
    assert_eq!(
        report,
        json!({
            "added": 1,
            "updated": 0,
            "removed": 0,
            "unchanged": 0,
            "duplicates": 0,
            "skipped": 0,
            "errors": [],
            "warnings": [],
            "segments_merged": 0,
            "merge_failed": null,
        })
    );
}

#[test]
fn second_run_leaves_unchanged_files_alone() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);

    assert_eq!(
        env.index(&["corpus"]),
        Counts {
            unchanged: 1,
            ..Counts::default()
        }
    );
}

#[test]
fn new_file_is_added() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);
    env.write(
        "corpus/new.txt",
        article("Fresh news", "A quokkaword appears."),
    );

    assert_eq!(
        env.index(&["corpus"]),
        Counts {
            added: 1,
            unchanged: 1,
            ..Counts::default()
        }
    );
    assert_eq!(env.run(&["query", "quokkaword"]).code, 0);
}

#[test]
fn changed_file_is_updated() {
    let env = TestEnv::with_bundled_article();
    let path = env.write("corpus/news.txt", article("Old news", "The oldword story."));
    env.index(&["corpus"]);
    // Same length, different bytes, and a different mtime even on coarse clocks.
    env.write("corpus/news.txt", article("Old news", "The newword story."));
    set_mtime(&path, 1_000_000_000);

    assert_eq!(
        env.index(&["corpus"]),
        Counts {
            updated: 1,
            unchanged: 1,
            ..Counts::default()
        }
    );
    assert_eq!(env.run(&["query", "newword"]).code, 0);
    assert_eq!(env.run(&["query", "oldword"]).code, 1);
}

#[test]
fn deleted_file_is_removed_and_no_longer_found() {
    let env = TestEnv::with_bundled_article();
    let path = env.write("corpus/gone.txt", article("Gone", "A dodoword story."));
    env.index(&["corpus"]);
    assert_eq!(env.run(&["query", "dodoword"]).code, 0);
    std::fs::remove_file(path).expect("delete");

    assert_eq!(
        env.index(&["corpus"]),
        Counts {
            removed: 1,
            unchanged: 1,
            ..Counts::default()
        }
    );
    let run = env.run(&["query", "dodoword"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(run.stdout, "");
}

#[test]
fn touched_file_is_counted_unchanged() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);
    set_mtime(&env.path().join(BUNDLED), 1_000_000_000);

    assert_eq!(
        env.index(&["corpus"]),
        Counts {
            unchanged: 1,
            ..Counts::default()
        }
    );
    assert_eq!(env.run(&["query", "H100"]).stdout, H100_OUTPUT);
}

#[test]
fn skipped_and_failed_files_are_reported() {
    let env = TestEnv::with_bundled_article();
    env.write("corpus/photo.jpg", b"\xFF\xD8\xFF\xE0 not really a jpeg");
    env.write("corpus/binary.txt", b"Title\n\0\0\0\x01\x02 body");
    env.write("corpus/empty.txt", b"");
    env.write("corpus/.hidden.txt", article("Hidden", "secretword"));
    env.write("corpus/.git/x.txt", article("Git", "secretword"));

    let run = env.run(&["index", "corpus"]);

    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stdout, "");
    assert_eq!(
        without_timing(&run.stderr),
        "\
skipped corpus/photo.jpg: not an article format
failed corpus/binary.txt: binary file, not text
failed corpus/empty.txt: empty file
indexed 1 new, 0 changed, 0 removed, 0 unchanged, 1 skipped, 2 failed in <t> s
"
    );
    assert!(!run.stderr.contains("hidden") && !run.stderr.contains(".git"));
    assert_eq!(env.run(&["query", "H100"]).code, 0);
    assert_eq!(env.run(&["query", "secretword"]).code, 1);
}

#[test]
fn folders_sharing_an_index_keep_each_others_articles() {
    let env = TestEnv::new();
    env.write("news/a.txt", article("Alpha", "An alphaword story."));
    let beta = env.write("more/b.txt", article("Beta", "A betaword story."));
    assert_eq!(
        env.index(&["news", "more"]),
        Counts {
            added: 2,
            ..Counts::default()
        }
    );

    assert_eq!(
        env.index(&["news"]),
        Counts {
            unchanged: 1,
            ..Counts::default()
        }
    );
    assert_eq!(env.run(&["query", "betaword"]).code, 0);

    std::fs::remove_file(beta).expect("delete");
    assert_eq!(
        env.index(&[]),
        Counts {
            removed: 1,
            unchanged: 1,
            ..Counts::default()
        }
    );
    assert_eq!(env.run(&["query", "betaword"]).code, 1);
    assert_eq!(env.run(&["query", "alphaword"]).code, 0);
}

#[test]
fn rebuild_reads_every_file_again() {
    let env = TestEnv::with_bundled_article();
    env.write("corpus/one.txt", article("One", "The first story."));
    env.write("corpus/two.txt", article("Two", "The second story."));
    env.index(&["corpus"]);
    let before = env.run(&["query", "H100"]);
    assert_eq!(before.code, 0, "{before:#?}");

    assert_eq!(
        env.index(&["--rebuild", "corpus"]),
        Counts {
            added: 3,
            ..Counts::default()
        }
    );
    assert_eq!(env.run(&["query", "H100"]).stdout, before.stdout);
}

// ---------------------------------------------------------------- paths and environment

#[test]
fn paths_are_shown_relative_to_the_current_directory() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);
    std::fs::create_dir(env.path().join("other")).expect("mkdir");
    let path_from = |dir: &str| {
        let mut command = env.command(&["query", "--json", "--index", "../index", "H100"]);
        command.current_dir(env.path().join(dir));
        harness::run_command(&mut command).json()["hits"][0]["path"].clone()
    };

    assert_eq!(path_from("corpus"), "000_d1f253cec5df7d15.txt");
    let absolute = std::fs::canonicalize(env.path().join(BUNDLED)).expect("canonical");
    assert_eq!(path_from("other"), absolute.to_str().expect("UTF-8 path"));
}

#[test]
fn search_index_variable_chooses_the_index_directory() {
    let env = TestEnv::with_bundled_article();
    env.index(&["--index", "idx2", "corpus"]);
    assert!(!env.path().join("index").exists());

    let mut command = env.command(&["query", "H100"]);
    command.env("SEARCH_INDEX", "idx2");
    let run = harness::run_command(&mut command);

    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stdout, H100_OUTPUT);
}

// ---------------------------------------------------------------- errors

#[test]
fn missing_index_is_an_error() {
    let env = TestEnv::new();

    let run = env.run(&["query", "x"]);

    assert_eq!(
        run.error_message(),
        "no index at ./index: run \"search index <folder>\" first"
    );
}

#[test]
fn missing_folder_is_an_error() {
    let env = TestEnv::new();

    let run = env.run(&["index", "nope/"]);

    assert_eq!(run.error_message(), "no such folder: nope/");
}

#[test]
fn a_file_given_is_indexed_on_its_own() {
    let env = TestEnv::with_bundled_article();
    env.write("corpus/other.txt", article("Other", "An otherword story."));

    let counts = env.index(&["corpus/000_d1f253cec5df7d15.txt"]);

    assert_eq!((counts.added, counts.skipped), (1, 0));
    assert_eq!(env.run(&["query", "H100"]).code, 0);
    assert_eq!(env.run(&["query", "otherword"]).code, 1);
}

#[test]
fn refresh_without_an_index_says_to_index_a_folder_first() {
    let env = TestEnv::new();

    let run = env.run(&["index"]);

    assert_eq!(
        run.error_message(),
        "no index at ./index: run \"search index <folder>\" first"
    );
    assert!(!env.path().join("index/meta.json").exists());
}

#[test]
fn malformed_query_is_an_error() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);

    let run = env.run(&["query", "\"unclosed"]);

    let message = run.error_message();
    assert!(message.starts_with("bad query"), "{message}");
    assert!(message.contains("quote"), "{message}");
}

#[test]
fn a_word_before_a_colon_that_is_no_field_is_searched_as_text() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);

    // Once an error ("unknown field"): a headline pasted with its colon.
    let run = env.run(&["query", "Meta: Setting the Stage"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stdout.contains("Setting the Stage"), "{run:#?}");
    let run = env.run(&["query", "foo:bar"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (1, "no articles match \"foo:bar\"\n")
    );
}

#[test]
fn query_of_only_exclusions_is_an_error() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);

    let run = env.run(&["query", "--", "-meta"]);

    let message = run.error_message();
    assert!(message.contains("only exclude"), "{message}");
}

#[test]
fn locked_index_refuses_a_second_indexer_but_serves_queries() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);
    let index = tantivy::Index::open_in_dir(env.path().join("index")).expect("open index");
    let writer = index
        .writer::<tantivy::TantivyDocument>(50_000_000)
        .expect("take the writer lock");

    let indexing = env.run(&["index", "corpus"]);
    let querying = env.run(&["query", "H100"]);
    drop(writer);

    assert_eq!(
        indexing.error_message(),
        "the index at ./index is being updated by another search process; \
         try again when it has finished"
    );
    assert_eq!(querying.code, 0, "{querying:#?}");
    assert_eq!(querying.stdout, H100_OUTPUT);
}

#[test]
fn incompatible_index_asks_for_a_rebuild() {
    let env = TestEnv::with_bundled_article();
    let mut builder = tantivy::schema::Schema::builder();
    let x = builder.add_text_field("x", tantivy::schema::TEXT);
    let dir = env.path().join("index");
    std::fs::create_dir(&dir).expect("mkdir");
    let index = tantivy::Index::create_in_dir(&dir, builder.build()).expect("create index");
    let mut writer = index
        .writer::<tantivy::TantivyDocument>(50_000_000)
        .expect("writer");
    writer
        .add_document(tantivy::doc!(x => "something else"))
        .expect("add");
    // As an older news-search left it: its commit records its schema version.
    let older = news_search::SCHEMA_VERSION - 1;
    let mut commit = writer.prepare_commit().expect("prepare commit");
    commit.set_payload(&format!(r#"{{"version":{older},"folders":[]}}"#));
    commit.commit().expect("commit");
    drop(writer);

    for args in [&["query", "x"][..], &["index", "corpus"]] {
        let run = env.run(args);
        let message = run.error_message();
        assert!(message.contains("incompatible"), "{message}");
        assert!(message.contains("search index --rebuild"), "{message}");
    }

    assert_eq!(
        env.index(&["--rebuild", "corpus"]),
        Counts {
            added: 1,
            ..Counts::default()
        }
    );
    assert_eq!(env.run(&["query", "H100"]).stdout, H100_OUTPUT);
}

// ---------------------------------------------------------------- terminal behaviour

#[test]
fn color_always_marks_matches_with_ansi_escapes() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);

    let run = env.run(&["--color", "always", "query", "H100"]);

    assert_eq!(run.code, 0, "{run:#?}");
    // Bold red, then reset.
    assert!(
        run.stdout.contains("\x1b[1m\x1b[31mH100\x1b[0m"),
        "{run:#?}"
    );
    assert_eq!(strip_ansi(&run.stdout), H100_OUTPUT);
}

#[test]
fn no_color_and_color_never_turn_colour_off() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);
    let run_with = |vars: &[(&str, &str)], args: &[&str]| {
        let mut command = env.command(args);
        command.envs(vars.iter().copied());
        harness::run_command(&mut command)
    };
    // CLICOLOR_FORCE makes `auto` colour a pipe, so NO_COLOR has something to undo.
    let forced = run_with(&[("CLICOLOR_FORCE", "1")], &["query", "H100"]);
    assert!(forced.stdout.contains('\x1b'), "{forced:#?}");

    let no_color = run_with(
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
        &["query", "H100"],
    );
    let plain_pipe = run_with(&[("NO_COLOR", "1")], &["query", "H100"]);
    let never = run_with(
        &[("CLICOLOR_FORCE", "1")],
        &["--color", "never", "query", "H100"],
    );

    for run in [no_color, plain_pipe, never] {
        assert_eq!(run.code, 0, "{run:#?}");
        assert_eq!(run.stdout, H100_OUTPUT);
    }
}

#[test]
fn closed_pipe_is_not_an_error() {
    let env = TestEnv::new();
    let count = 600;
    let long_title = "meta ".repeat(50);
    for i in 0..count {
        let body = format!(
            "Story {i} about meta and the metaverse. {}",
            "Filler words. ".repeat(40)
        );
        env.write(
            &format!("corpus/{i:03}.txt"),
            article(&format!("{i} {long_title}"), &body),
        );
    }
    env.index(&["corpus"]);
    // One hit short of all, so a run that writes every hit ends with a page note.
    let limit = (count - 1).to_string();
    // The stories are near-identical: --no-collapse keeps them apart.
    let args = ["query", "--no-collapse", "--limit", &limit, "meta"];
    // Far more than a pipe buffer holds, so the writer must meet the closed end.
    let full = env.run(&args);
    assert_eq!(full.code, 0, "{full:#?}");
    assert_eq!(
        full.stderr,
        "showing 1-599 of 600 matches; --offset 599 for more\n"
    );
    assert!(
        full.stdout.len() > 192 * 1024,
        "{} bytes",
        full.stdout.len()
    );

    let mut child = env
        .command(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("first line");
    let run = harness::Run::from_output(child.wait_with_output().expect("wait"));

    assert!(first.starts_with("1. "), "{first:?}");
    assert_eq!(run.code, 0, "{run:#?}");
    // No error, and no page note: the run stopped at the closed pipe.
    assert_eq!(run.stderr, "", "{run:#?}");

    // The same with JSON, which meets the closed pipe inside serde_json.
    let json_args = [
        "query",
        "--json",
        "--no-collapse",
        "--limit",
        &limit,
        "meta",
    ];
    assert!(env.run(&json_args).stdout.len() > 192 * 1024);
    let mut child = env
        .command(&json_args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut head = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut head)
        .expect("first bytes");
    let run = harness::Run::from_output(child.wait_with_output().expect("wait"));
    assert_eq!(&head[..9], b"{\"query\":");
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stderr, "", "{run:#?}");

    // And with CSV, which meets it inside the csv crate, and NDJSON.
    for (format, start) in [("csv", &b"rank,score"[..]), ("ndjson", b"{\"rank\":1,")] {
        let args = [
            "query",
            "--format",
            format,
            "--no-collapse",
            "-n",
            &limit,
            "meta",
        ];
        // Twice what a pipe holds (64 KiB).
        assert!(env.run(&args).stdout.len() > 128 * 1024, "{format}");
        let mut child = env
            .command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut head = [0u8; 10];
        child
            .stdout
            .take()
            .expect("stdout")
            .read_exact(&mut head)
            .expect("first bytes");
        let run = harness::Run::from_output(child.wait_with_output().expect("wait"));
        assert_eq!(&head[..start.len()], start, "{format}");
        assert_eq!(run.code, 0, "{format}: {run:#?}");
        assert_eq!(run.stderr, "", "{format}: {run:#?}");
    }
}

#[test]
fn help_documents_query_syntax_and_exit_status() {
    let env = TestEnv::new();

    let query_help = env.run(&["query", "--help"]);
    let main_help = env.run(&["--help"]);

    assert_eq!(query_help.code, 0, "{query_help:#?}");
    for needle in ["exact phrase", " OR ", "date:[", "QUERY SYNTAX:"] {
        assert!(
            query_help.stdout.contains(needle),
            "{needle:?} in {query_help:#?}"
        );
    }
    assert_eq!(main_help.code, 0, "{main_help:#?}");
    for needle in ["EXIT STATUS:", "SEARCH_INDEX", "NO_COLOR"] {
        assert!(
            main_help.stdout.contains(needle),
            "{needle:?} in {main_help:#?}"
        );
    }
}

#[test]
fn query_filters_and_duplicate_paths_show_in_the_output() {
    let env = TestEnv::new();
    let story =
        "Harbour strike ends\n\nSeptember 12, 2023\nReuters\n\nDockworkers returned on Tuesday.\n";
    env.write("news/a.txt", story);
    env.write("news/copy/a.txt", story);
    env.write(
        "news/b.md",
        "---\ntitle: Harbour tolls rise\ndate: 2021-04-01\nsource: Port Gazette\n---\n\nDockworkers object to the tolls.\n",
    );
    let index = env.run(&["index", "news"]);
    assert!(index.stderr.contains(", 1 duplicate in "), "{index:#?}");

    let run = env.run(&["query", "--since", "2023", "dockworkers"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(
        run.stdout,
        "\
1. Harbour strike ends
   2023-09-12 · Reuters · news/a.txt · 0.40
   Dockworkers returned on Tuesday.
   also at news/copy/a.txt
"
    );
    let run = env.run(&[
        "query",
        "--until",
        "2022-12",
        "--source",
        "port gazette",
        "dockworkers",
    ]);
    assert!(
        run.stdout
            .starts_with("1. Harbour tolls rise\n   2021-04-01 · Port Gazette · news/b.md"),
        "{run:#?}"
    );
    assert_eq!(
        env.run(&["query", "--source", "gazette port", "dockworkers"])
            .code,
        1
    );
    let bad = env.run(&["query", "--since", "last week", "dockworkers"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("YYYY-MM-DD"), "{bad:#?}");
}

#[test]
fn ctrl_c_stops_indexing_without_changing_the_index() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);
    // Enough files that the run is still reading when the signal arrives.
    let body = "Harbour cranes stood idle as the strike went on. ".repeat(80);
    for i in 0..2000 {
        env.write(
            &format!("corpus/bulk/{i:04}.txt"),
            article(&format!("Bulk {i}"), &body),
        );
    }
    let child = env
        .command(&["index", "corpus"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(150));
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() == Some(0) {
        // The run beat the signal (a very fast machine); the library test
        // `a_stopped_run_changes_nothing_and_the_next_run_finishes_the_job`
        // covers the stop itself deterministically.
        eprintln!("run finished before Ctrl-C: {stderr}");
        return;
    }
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.starts_with("search: interrupted after reading "),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    // Only the bundled article, as before the interrupted run.
    assert_eq!(env.run(&["query", "--limit", "0", "harbour"]).code, 1);
    assert_eq!(env.run(&["query", "H100"]).code, 0);
    let next = env.run(&["index", "--json", "corpus"]);
    assert_eq!(next.json()["added"], 2000, "{next:#?}");
}

#[test]
fn damaged_index_names_the_recovery_command_and_rebuild_recovers() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);
    std::fs::write(env.path().join("index/meta.json"), "garbage").expect("damage");

    let run = env.run(&["query", "H100"]);
    let message = run.error_message();
    assert!(
        message.starts_with("the index at ./index cannot be read ("),
        "{message}"
    );
    assert!(
        message.ends_with("run \"search index --rebuild\" to build it afresh"),
        "{message}"
    );
    assert_eq!(env.run(&["index", "corpus"]).code, 2);

    let rebuilt = env.run(&["index", "--rebuild", "corpus"]);
    assert_eq!(rebuilt.code, 0, "{rebuilt:#?}");
    assert_eq!(env.run(&["query", "H100"]).code, 0);
}

#[test]
fn stats_describe_the_index() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);

    let run = env.run(&["stats"]);
    assert_eq!(run.code, 0, "{run:#?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "articles     1");
    assert_eq!(lines[1], "files        1");
    assert_eq!(lines[2], "folders      corpus");
    assert_eq!(lines[3], "sources      0");
    assert_eq!(lines[4], "languages    en 1");
    assert_eq!(
        lines[5],
        "dates        2023-09-11 to 2023-09-11 (0 undated)"
    );
    assert!(
        lines[6].starts_with("index        ") && lines[6].ends_with(" in 1 segment at ./index"),
        "{lines:?}"
    );
    assert!(lines[7].starts_with("last update  "), "{lines:?}");

    let json = env.run(&["stats", "--json"]).json();
    assert_eq!(json["articles"], 1);
    assert_eq!(json["earliest"], "2023-09-11");
    assert_eq!(json["languages"], serde_json::json!([["en", 1]]));
    assert_eq!(env.run(&["--index", "nowhere", "stats"]).code, 2);
}

#[test]
fn compact_merges_segments_and_reports_it() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);
    env.write(
        "corpus/harbour.txt",
        article("Harbour reopens", "The harbour reopened after the storm."),
    );
    env.index(&[]);

    // An index this small becomes one segment whatever --segments allows.
    let run = env.run(&["compact", "--segments", "5"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stdout.is_empty(), "{run:#?}");
    assert!(
        run.stderr
            .starts_with("compacted 2 segments into 1, dropping 0 deleted articles, in "),
        "{run:#?}"
    );
    assert_eq!(env.run(&["query", "H100"]).code, 0);
    assert_eq!(env.run(&["query", "harbour"]).code, 0);

    let stats = env.run(&["stats", "--json"]).json();
    assert_eq!(stats["segments"], 1);
    let json = env.run(&["compact", "--json"]).json();
    assert_eq!(json["segments_before"], 1);
    assert_eq!(json["segments_after"], 1);
    let again = env.run(&["compact"]);
    assert_eq!(again.stderr, "already compact: 1 segment\n", "{again:#?}");

    let zero = env.run(&["compact", "--segments", "0"]);
    assert_eq!(zero.code, 2, "{zero:#?}");
    let missing = env.run(&["--index", "nowhere", "compact"]);
    assert_eq!(missing.code, 2, "{missing:#?}");
    assert!(missing.error_message().contains("no index"), "{missing:#?}");
}
