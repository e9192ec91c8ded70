//! `search export`: each format's files compared whole with golden files
//! (`tests/cli/golden/`), the folder quickwit and elasticsearch need, the
//! counts on stderr and the exit statuses.

use std::fs;

use crate::harness::TestEnv;

fn golden(name: &str) -> String {
    let path = format!("{}/tests/cli/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The records of an NDJSON text (`lines` lines each) in a fixed order: an
/// export follows the index's own order, which indexing threads may change.
fn records(text: &str, lines: usize) -> Vec<String> {
    assert!(text.ends_with('\n'), "no final newline: {text}");
    let all: Vec<&str> = text.lines().collect();
    let mut records: Vec<String> = all.chunks(lines).map(|r| r.join("\n")).collect();
    records.sort();
    records
}

/// A dated article and an undated one, indexed.
fn env() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "news/storm.txt",
        "Ports close as storm nears\n\n2024-02-03\nReuters\n\nHigh winds shut three ports.\n",
    );
    env.write("news/notes.txt", "Undated notes\n\nNo date here.\n");
    env.index(&["news"]);
    env
}

#[test]
fn ndjson_goes_to_stdout_as_the_golden_file() {
    let env = env();
    let run = env.run(&["export"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        records(&run.stdout, 1),
        records(&golden("export.ndjson"), 1)
    );
    assert_eq!(run.stderr, "exported 2 articles\n");
}

#[test]
fn quickwit_files_match_the_golden_files_and_undated_are_reported() {
    let env = env();
    let run = env.run(&["export", "--to", "quickwit", "--out", "qw"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |name: &str| fs::read_to_string(env.path().join("qw").join(name)).unwrap();
    assert_eq!(
        read("index-config.yaml"),
        golden("export-quickwit-config.yaml")
    );
    assert_eq!(
        read("articles-00001.ndjson"),
        golden("export-quickwit.ndjson")
    );
    assert!(
        run.stderr.contains("1 undated article left out"),
        "{}",
        run.stderr
    );
}

#[test]
fn elasticsearch_files_match_the_golden_files() {
    let env = env();
    let run = env.run(&["export", "--to", "elasticsearch", "--out", "es"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |name: &str| fs::read_to_string(env.path().join("es").join(name)).unwrap();
    assert_eq!(
        read("mapping.json"),
        golden("export-elasticsearch-mapping.json")
    );
    assert_eq!(
        records(&read("bulk-00001.ndjson"), 2),
        records(&golden("export-elasticsearch.ndjson"), 2)
    );
}

#[test]
fn cluster_formats_without_a_folder_say_to_name_one() {
    let env = env();
    let run = env.run(&["export", "--to", "quickwit"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("with --out DIR"), "{}", run.stderr);
}

#[test]
fn a_query_exports_its_matches_and_none_exits_1() {
    let env = env();
    let run = env.run(&["export", "storm"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1);
    assert!(run.stdout.contains("Ports close as storm nears"));
    let none = env.run(&["export", "nosuchword"]);
    assert_eq!((none.code, none.stdout.as_str()), (1, ""));
}
