//! What reaches a terminal: article text, file names and what the user typed
//! carry no control character of their own to it, in any output mode; they
//! show as symbols (`␛]0;…␇`), and the only escape sequences are the tool's
//! own styles. The one exception is asked for: `-0` piped writes paths
//! exactly, for `xargs -0`.

use serde_json::{json, Value};

use crate::harness::{Run, TestEnv};

/// Every way a text could drive a terminal: retitle the window, clear the
/// screen, write the clipboard, restyle (with codes the tool never writes),
/// a one-byte CSI and OSC (C1), a backspace; `label` tells the fields apart.
fn hostile(label: &str) -> String {
    format!("\x1b]0;{label}\x07\x1b[2J\x1b]52;c;b3duZWQ=\x07\x1b[5m\x1b[38;5;196m\u{9b}6n\u{9d}8;;x\u{9c}\x08\x7f")
}

/// [`hostile`] as the text output shows it.
fn shown(label: &str) -> String {
    format!("␛]0;{label}␇␛[2J␛]52;c;b3duZWQ=␇␛[5m␛[38;5;196m␛[6n␛]8;;x␛\\␈␡")
}

/// The SGR codes of the tool's own styles (reset, bold, dim and colours).
const OWN_STYLES: [&str; 8] = ["0", "1", "2", "31", "32", "33", "35", "36"];

const STORY: &str = "Dockworkers at the harbour walked out on Tuesday after talks \
    over pay broke down, leaving cranes idle and ships waiting offshore. The union \
    said the strike would last until the port authority returned to the table, and \
    shipping lines warned of delays for cargo bound for the region's factories.";

/// The corpus: a file of two articles whose every field is hostile, an exact
/// copy of it, a near-identical story, a file skipped and one that fails,
/// each in a folder or file whose name is hostile too.
fn hostile_env() -> TestEnv {
    let env = TestEnv::new();
    let strike = json!({
        "title": format!("{} Harbour strike", hostile("title")),
        "text": body(STORY),
        "source": format!("Port {}", hostile("source")),
        "author": format!("Ann {}", hostile("author")),
        "url": format!("https://example.com/{}", hostile("url")),
        "tags": [hostile("tag")],
        "date": "2023-09-12",
    });
    let cranes = json!({
        "title": format!("Cranes idle {}", hostile("second")),
        "text": "Cranes stood idle at the harbour as dockworkers kept up the strike over pay.",
        "source": format!("Port {}", hostile("source")),
        "date": "2023-10-02",
    });
    let file = format!("{strike}\n{cranes}\n");
    env.write(&format!("corpus/wire {}.ndjson", hostile("path")), &file);
    env.write(
        &format!("corpus/copy {}/wire.ndjson", hostile("copy")),
        &file,
    );
    let near = json!({
        "title": "Walkout at the port",
        "text": body(&STORY.replace("Tuesday", "Monday")),
        "date": "2023-09-11",
    });
    env.write(
        &format!("corpus/near {}.json", hostile("near")),
        near.to_string(),
    );
    env.write(&format!("corpus/skip {}.bin", hostile("skipped")), "bytes");
    env.write(
        &format!("corpus/bad {}.json", hostile("failed")),
        "{\"title\": ",
    );
    env
}

/// An article's text: a story with hostile text in its lead (so a passage
/// holds it) and in a later paragraph, beside a tab.
fn body(story: &str) -> String {
    let (lead, body) = (hostile("lead"), hostile("body"));
    format!("{lead} {story}\n\n{body} Talks\tresume today.")
}

/// Panics unless every control character in `output` is a line feed, a tab,
/// or the ESC of one of the tool's own styles (`ESC [ <code> m`).
fn assert_only_own_escapes(output: &str, what: &str) {
    let foreign = |c: char| is_control(c) && c != '\n' && c != '\t';
    let mut rest = output;
    while let Some(at) = rest.find(foreign) {
        let tail = &rest[at..];
        let own = tail.strip_prefix("\x1b[").and_then(|sgr| {
            let (code, after) = sgr.split_once('m')?;
            OWN_STYLES.contains(&code).then_some(after)
        });
        let Some(after) = own else {
            let shown: String = tail.chars().take(24).collect();
            panic!("{what}: a control the tool did not write at {shown:?} in\n{output}");
        };
        rest = after;
    }
}

fn is_control(c: char) -> bool {
    matches!(c, '\0'..='\x1f' | '\x7f'..='\u{9f}')
}

/// Runs `args` with colour always and never: both outputs hold only the
/// tool's own escapes, colour off none at all, and each is returned.
fn both_colours(env: &TestEnv, args: &[&str]) -> [Run; 2] {
    let run = |colour: &str| {
        let mut all = vec!["--color", colour];
        all.extend_from_slice(args);
        let run = env.run(&all);
        let what = format!("{all:?}");
        assert_only_own_escapes(&run.stdout, &format!("stdout of {what}"));
        assert_only_own_escapes(&run.stderr, &format!("stderr of {what}"));
        run
    };
    let (always, never) = (run("always"), run("never"));
    assert!(!never.stdout.contains('\x1b') && !never.stderr.contains('\x1b'));
    [always, never]
}

/// Parses JSON output after checking it holds no control character at all
/// (serde_json escapes C0; C1 and DEL must be escaped too).
fn safe_json(run: &Run) -> Value {
    assert!(
        !run.stdout.trim_end_matches('\n').contains(is_control),
        "{run:#?}"
    );
    assert!(run.stdout.contains("\\u009b6n"), "{run:#?}");
    run.json()
}

fn assert_shows(output: &str, labels: &[&str]) {
    for label in labels {
        assert!(
            output.contains(&shown(label)),
            "{label} not shown in\n{output}"
        );
    }
}

#[test]
fn the_index_report_shows_control_characters_in_file_names() {
    let env = hostile_env();
    for run in both_colours(&env, &["index", "--rebuild", "corpus"]) {
        assert_eq!(run.code, 0, "{run:#?}");
        assert_shows(&run.stderr, &["skipped", "failed"]);
    }
    let report = safe_json(&env.run(&["index", "--json", "--rebuild", "corpus"]));
    let failed = report["errors"][0]["path"].as_str().unwrap();
    assert_eq!(failed, format!("corpus/bad {}.json", hostile("failed")));
}

#[test]
fn hits_facets_and_similar_show_control_characters_as_symbols() {
    let env = hostile_env();
    env.index(&["corpus"]);

    let args = ["query", "--facets", "harbour"];
    let [always, never] = both_colours(&env, &args);
    assert_eq!(never.code, 0, "{never:#?}");
    // Title, source, path (#n), copies, near-identical and snippet tail.
    let fields = ["title", "second", "source", "path", "copy", "near", "lead"];
    assert_shows(&never.stdout, &fields);
    assert!(never.stdout.contains("+1 near-identical:"), "{never:#?}");
    assert!(never.stdout.contains("also at"), "{never:#?}");
    assert!(never.stdout.contains("sources  Port "), "{never:#?}");
    // The highlight falls on the word itself, behind the shown controls.
    let title = format!("{} \x1b[0m\x1b[1m\x1b[31mHarbour\x1b[0m", shown("title"));
    assert!(always.stdout.contains(&title), "{always:#?}");

    let hits = safe_json(&env.run(&["query", "--json", "harbour"]));
    let hit = &hits["hits"][0];
    let text = hit["title"].as_str().unwrap();
    assert_eq!(text, format!("{} Harbour strike", hostile("title")));
    let (s, e) = (
        hit["title_highlights"][0][0].as_u64().unwrap() as usize,
        hit["title_highlights"][0][1].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "Harbour");

    let id = hits["hits"][1]["id"].as_str().unwrap().to_owned();
    let [_, similar] = both_colours(&env, &["similar", &id]);
    assert_eq!(similar.code, 0, "{similar:#?}");
    assert_shows(&similar.stdout, &["title", "source", "path"]);
    safe_json(&env.run(&["similar", "--json", &id]));
}

#[test]
fn csv_ndjson_and_paths_show_or_escape_control_characters() {
    let env = hostile_env();
    env.index(&["corpus"]);

    let [_, csv] = both_colours(&env, &["query", "--format", "csv", "harbour"]);
    assert_eq!(csv.code, 0, "{csv:#?}");
    assert_shows(
        &csv.stdout,
        &["title", "source", "author", "url", "copy", "lead"],
    );

    let [_, paths] = both_colours(&env, &["query", "-l", "harbour"]);
    assert_eq!(paths.code, 0, "{paths:#?}");
    assert_shows(&paths.stdout, &["path", "copy", "near"]);
    assert_eq!(paths.stdout.lines().count(), 3, "{paths:#?}");

    let ndjson = env.run(&["query", "--format", "ndjson", "harbour"]);
    assert!(
        !ndjson.stdout.contains(|c| is_control(c) && c != '\n'),
        "{ndjson:#?}"
    );
    let first: Value = serde_json::from_str(ndjson.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(
        first["title"],
        format!("{} Harbour strike", hostile("title"))
    );

    // Paths ended by NUL are for programs (xargs -0): piped, they are the
    // files' names exactly, so that each names its file.
    let exact = env.run(&["query", "-0", "harbour"]);
    let listed: Vec<&str> = exact.stdout.split_terminator('\0').collect();
    assert!(
        listed.contains(&format!("corpus/wire {}.ndjson", hostile("path")).as_str()),
        "{exact:#?}"
    );
    for path in listed {
        assert!(env.path().join(path).is_file(), "{path:?}");
    }
}

#[test]
fn show_shows_control_characters_in_every_field() {
    let env = hostile_env();
    env.index(&["corpus"]);
    let path = format!("corpus/wire {}.ndjson", hostile("path"));

    let [always, never] = both_colours(&env, &["show", "--query", "talks", &path]);
    assert_eq!(never.code, 0, "{never:#?}");
    let fields = [
        "title", "source", "author", "path", "url", "tag", "body", "second",
    ];
    assert_shows(&never.stdout, &fields);
    // The body keeps its paragraphs and its tab.
    assert!(never
        .stdout
        .contains(&format!("\n\n{} Talks\tresume", shown("body"))));
    let marked = format!("{} \x1b[1m\x1b[31mTalks\x1b[0m", shown("body"));
    assert!(always.stdout.contains(&marked), "{always:#?}");

    let json = safe_json(&env.run(&["show", "--json", &path]));
    assert_eq!(
        json["articles"][0]["author"],
        format!("Ann {}", hostile("author"))
    );
}

#[test]
fn stats_show_control_characters_in_sources_and_folders() {
    let env = hostile_env();
    let folder = format!("corpus/copy {}", hostile("copy"));
    env.index(&[&folder]);
    let [_, never] = both_colours(&env, &["stats"]);
    assert_eq!(never.code, 0, "{never:#?}");
    assert_shows(&never.stdout, &["copy", "source"]);
    safe_json(&env.run(&["stats", "--json"]));
}

#[test]
fn errors_show_control_characters_in_what_they_quote() {
    let env = hostile_env();
    env.index(&["corpus"]);
    let missing = format!("corpus/{}.txt", hostile("missing"));
    let folder = format!("{}/", hostile("folder"));
    let since = hostile("since");
    let query = format!("zzqx{}", hostile("query"));
    let cases: [(&[&str], &str); 4] = [
        (&["show", &missing], "missing"),
        (&["index", &folder], "folder"),
        (&["query", "--since", &since, "harbour"], "since"),
        (&["query", &query], "query"),
    ];
    for (args, label) in cases {
        for run in both_colours(&env, args) {
            assert_ne!(run.code, 0, "{run:#?}");
            assert_eq!(run.stderr.lines().count(), 1, "{run:#?}");
            assert_shows(&run.stderr, &[label]);
        }
    }
}
