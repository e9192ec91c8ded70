//! The output formats of `query` and `similar` (--format, -l, -0), the
//! query read from stdin, and text output left as it is when piped.

use std::io::Write;
use std::process::Stdio;

use serde_json::{json, Value};

use crate::harness::{Run, TestEnv};

const STORY: &str = "Dockworkers at the harbour walked out on Tuesday after talks \
    over pay broke down, leaving cranes idle and ships waiting offshore. The union \
    said the strike would last until the port authority returned to the table, and \
    shipping lines warned of delays for cargo bound for the region's factories.";

/// A file of two harbour articles (one with a comma and quotes in its title),
/// an exact copy of that file, a near-identical story, a dated one in a file
/// whose name holds a line feed, and one that does not match.
fn harbour_env() -> TestEnv {
    let env = TestEnv::new();
    let strike = json!({
        "title": "Dockers \"walk out\", port shut",
        "text": STORY,
        "source": "Port News",
        "author": "Ann Lee",
        "url": "https://example.com/strike",
        "language": "en",
        "date": "2023-09-12",
    });
    let cranes = json!({
        "title": "Cranes idle at the harbour",
        "text": "Cranes stood idle at the harbour as dockworkers kept up the strike over pay.",
        "date": "2023-10-02",
    });
    let file = format!("{strike}\n{cranes}\n");
    env.write("news/wire.ndjson", &file);
    env.write("news/copy/wire.ndjson", &file);
    env.write(
        "news/near.txt",
        format!(
            "Walkout at the port\n\n{}\n",
            STORY.replace("Tuesday", "Monday")
        ),
    );
    env.write(
        "news/two\nlines.txt",
        "Harbour pilots join\n\nThe harbour pilots joined the dockworkers today.\n",
    );
    env.write("news/other.txt", "Weather\n\nRain is expected tomorrow.\n");
    env.index(&["news"]);
    env
}

/// The binary with `input` on its stdin.
fn run_with_stdin(env: &TestEnv, args: &[&str], input: &str) -> Run {
    let mut child = env
        .command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input.as_bytes()).expect("write stdin");
    drop(stdin);
    Run::from_output(child.wait_with_output().expect("binary ends"))
}

#[test]
fn files_with_matches_lists_each_file_once() {
    let env = harbour_env();
    let text = env.run(&["query", "harbour"]);
    assert_eq!(text.code, 0, "{text:#?}");
    // Both articles of news/wire.ndjson match; its copy holds the same
    // stories and news/near.txt is collapsed into the strike.
    let run = env.run(&["query", "-l", "harbour"]);
    assert_eq!(run.code, 0, "{run:#?}");
    let mut paths: Vec<&str> = run.stdout.lines().collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "news/copy/wire.ndjson",
            "news/near.txt",
            "news/two␊lines.txt",
            "news/wire.ndjson"
        ],
        "{run:#?}"
    );
    assert_eq!(run.stderr, text.stderr);
    // The same files whether near-identical articles are collapsed or not.
    let all = env.run(&["query", "--files-with-matches", "--no-collapse", "harbour"]);
    let mut all: Vec<&str> = all.stdout.lines().collect();
    all.sort_unstable();
    assert_eq!(all, paths);
    let long = env.run(&["query", "--format", "paths", "harbour"]);
    assert_eq!(long.stdout, run.stdout);

    let none = env.run(&["query", "-l", "zzqx"]);
    assert_eq!((none.code, none.stdout.as_str()), (1, ""), "{none:#?}");
}

#[test]
fn null_ends_each_path_with_nul_and_keeps_it_exact() {
    let env = harbour_env();
    let run = env.run(&["query", "-0", "pilots"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stdout, "news/two\nlines.txt\0");
    let listed = env.run(&["query", "--null", "harbour"]);
    let mut paths: Vec<&str> = listed.stdout.split_terminator('\0').collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "news/copy/wire.ndjson",
            "news/near.txt",
            "news/two\nlines.txt",
            "news/wire.ndjson"
        ],
        "{listed:#?}"
    );
    let spelled = env.run(&["query", "--format", "paths", "--null", "harbour"]);
    assert_eq!(spelled.stdout, listed.stdout);
}

#[test]
fn csv_has_a_header_and_a_quoted_row_per_hit() {
    let env = harbour_env();
    let run = env.run(&["query", "--format", "csv", "--sort", "oldest", "harbour"]);
    assert_eq!(run.code, 0, "{run:#?}");
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("rank,score,id,path,title,date,source,author,url,lang,passage")
    );
    // RFC 4180: a field with a comma or quotes is quoted, quotes doubled.
    assert!(
        run.stdout.contains(",\"Dockers \"\"walk out\"\", port shut\",2023-09-12,Port News,Ann Lee,https://example.com/strike,en,"),
        "{run:#?}"
    );
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let json = env
        .run(&["query", "--json", "--sort", "oldest", "harbour"])
        .json();
    let hits = json["hits"].as_array().unwrap();
    assert_eq!(rows.len(), hits.len());
    for (row, hit) in rows.iter().zip(hits) {
        let text = |key: &str| hit[key].as_str().unwrap_or("").to_owned();
        assert_eq!(row[0], hit["rank"].to_string());
        assert_eq!(row[2], text("id"));
        assert_eq!(row[3], text("path").replace('\n', "␊"));
        assert_eq!(row[4], text("title"));
        assert_eq!(row[5], text("date"));
        assert_eq!(&row[10], hit["snippets"][0]["text"].as_str().unwrap());
        let score: f64 = row[1].parse().unwrap();
        assert!((score - hit["score"].as_f64().unwrap()).abs() < 1e-4);
    }
    // No hits: the header alone, and exit 1 as for text.
    let none = env.run(&["query", "--format", "csv", "zzqx"]);
    assert_eq!(none.code, 1, "{none:#?}");
    assert_eq!(none.stdout.lines().count(), 1);
}

#[test]
fn ndjson_is_one_hit_a_line() {
    let env = harbour_env();
    let run = env.run(&["query", "--format", "ndjson", "harbour"]);
    assert_eq!(run.code, 0, "{run:#?}");
    let json = env.run(&["query", "--json", "harbour"]).json();
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON object a line"))
        .collect();
    assert_eq!(&Value::Array(lines), &json["hits"]);
    // The page note goes to stderr, as for text.
    let page = env.run(&["query", "--format", "ndjson", "-n", "1", "harbour"]);
    assert_eq!(page.stdout.lines().count(), 1);
    assert!(page.stderr.contains("--offset 1 for more"), "{page:#?}");
    let none = env.run(&["query", "--format", "ndjson", "zzqx"]);
    assert_eq!((none.code, none.stdout.as_str()), (1, ""), "{none:#?}");
}

#[test]
fn similar_takes_the_formats_too() {
    let env = harbour_env();
    let id = env.run(&["query", "--json", "pilots"]).json()["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let paths = env.run(&["similar", "-l", &id]);
    assert_eq!(paths.code, 0, "{paths:#?}");
    assert!(
        paths.stdout.lines().any(|p| p == "news/wire.ndjson"),
        "{paths:#?}"
    );
    let csv = env.run(&["similar", "--format", "csv", &id]);
    assert!(csv.stdout.starts_with("rank,score,id,"), "{csv:#?}");
}

#[test]
fn flags_of_one_format_cannot_go_with_another() {
    let env = harbour_env();
    let cases: [(&[&str], &str); 3] = [
        (
            &["query", "--format", "csv", "-0", "harbour"],
            "--null ends each path of -l (--format paths) with a NUL byte: it cannot go \
             with --format csv; see \"search query --help\"",
        ),
        (
            &["query", "--format", "ndjson", "--facets", "harbour"],
            "--facets are shown in text and JSON output: they cannot go with --format \
             ndjson; see \"search query --help\"",
        ),
        (
            &["query", "--json", "--format", "csv", "harbour"],
            "the argument '--json' cannot be used with '--format <FORMAT>'; \
             see \"search query --help\"",
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(env.run(args).error_message(), expected, "{args:?}");
    }
}

#[test]
fn a_dash_reads_the_query_from_stdin() {
    let env = harbour_env();
    let typed = env.run(&["query", "--json", "harbour pilots"]).json();
    let piped = run_with_stdin(&env, &["query", "--json", "-"], "\n  harbour\npilots \n\n");
    assert_eq!(piped.json()["hits"], typed["hits"]);
    assert_eq!(piped.json()["query"], "harbour\npilots");

    for empty in ["", " \n\t\n"] {
        let run = run_with_stdin(&env, &["query", "-"], empty);
        assert_eq!(
            run.error_message(),
            "the query on stdin is empty: \"search query -\" reads the query from stdin, \
             and there was none"
        );
    }
    // A dash among other words is part of the query, as written.
    let run = env.run(&["query", "harbour", "-"]);
    assert!(
        run.error_message().starts_with("bad query \"harbour -\""),
        "{run:#?}"
    );
}

#[test]
fn piped_text_is_never_wrapped() {
    let env = harbour_env();
    let mut command = env.command(&["query", "--fragments", "3", "strike"]);
    command.env("COLUMNS", "40");
    let run = crate::harness::run_command(&mut command);
    assert_eq!(run.code, 0, "{run:#?}");
    let longest = run.stdout.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest > 100, "{run:#?}");
    assert_eq!(
        run.stdout,
        env.run(&["query", "--fragments", "3", "strike"]).stdout
    );
}

#[test]
fn text_on_a_terminal_fits_its_width() {
    // script(1) gives the binary a terminal; one of no size, so the width
    // comes from COLUMNS.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("script(1) is not installed: skipped");
        return;
    }
    let env = harbour_env();
    let args = "query --color never --fragments 3 strike";
    let line = format!("'{}' {args}", env!("CARGO_BIN_EXE_search"));
    let mut script = std::process::Command::new("script");
    script
        .args(["-qec", &line, "/dev/null"])
        .current_dir(env.path())
        .env_clear()
        .env("HOME", env.path())
        .env("COLUMNS", "40")
        .env("TERM", "dumb");
    if let Some(path) = std::env::var_os("PATH") {
        script.env("PATH", path);
    }
    let run = crate::harness::run_command(&mut script);
    assert_eq!(run.code, 0, "{run:#?}");
    let screen = run.stdout.replace("\r\n", "\n");
    let piped = env.run(&args.split(' ').collect::<Vec<_>>());
    assert!(
        piped.stdout.lines().any(|l| l.chars().count() > 40),
        "{piped:#?}"
    );
    // The notes on stderr are the terminal's to wrap.
    for row in screen.lines().filter(|row| !piped.stderr.contains(row)) {
        assert!(row.chars().count() <= 40, "{row:?} in\n{screen}");
    }
    // The same words, with the notes on stderr among them on the screen.
    let words = |text: &str| {
        text.split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        words(&screen),
        words(&format!("{}{}", piped.stdout, piped.stderr))
    );
    assert!(screen.lines().count() > piped.stdout.lines().count());
}
