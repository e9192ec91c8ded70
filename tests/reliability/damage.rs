//! Every file of an index damaged in turn (deleted, emptied, truncated,
//! replaced by a stub, overwritten, a few bytes flipped): the binary answers right or says the index
//! cannot be read and how to rebuild it, never panics; `--rebuild` recovers.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{run_command, Run};
use crate::support::{copy_index, expected, held, story_path, write_story};

const ARTICLES: usize = 300;

#[derive(Debug, Clone, Copy)]
enum Damage {
    Deleted,
    Emptied,
    /// Cut to half its length.
    Halved,
    /// The last 8 bytes (tantivy's footer ends there) cut off.
    Clipped,
    /// Replaced by 7 bytes, shorter than a footer.
    Stub,
    /// Every byte replaced, length kept.
    Overwritten,
    /// 16 bytes in the middle inverted, length kept.
    Flipped,
}

const DAMAGES: &[Damage] = &[
    Damage::Deleted,
    Damage::Emptied,
    Damage::Halved,
    Damage::Clipped,
    Damage::Stub,
    Damage::Overwritten,
    Damage::Flipped,
];

impl Damage {
    fn apply(self, path: &Path) {
        let mut bytes = std::fs::read(path).expect("read index file");
        let len = bytes.len();
        match self {
            Damage::Deleted => return std::fs::remove_file(path).expect("delete"),
            Damage::Emptied => bytes.clear(),
            Damage::Halved => bytes.truncate(len / 2),
            Damage::Clipped => bytes.truncate(len.saturating_sub(8)),
            Damage::Stub => bytes = b"garbage".to_vec(),
            Damage::Overwritten => bytes.iter_mut().for_each(|b| *b = 0x5a),
            Damage::Flipped => {
                let start = len / 2;
                for b in bytes.iter_mut().skip(start).take(16) {
                    *b = !*b;
                }
            }
        }
        std::fs::write(path, bytes).expect("write damaged file");
    }
}

fn search(cwd: &Path, args: &[&str]) -> Run {
    run_command(
        Command::new(env!("CARGO_BIN_EXE_search"))
            .current_dir(cwd)
            .args(args),
    )
}

/// What the binary did with the damaged index.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// The same output as on the undamaged index.
    Right,
    /// Exit 2 with the one-line message naming the index and `--rebuild`.
    Refused,
    /// Another answer, from a file whose bytes were changed in place: queries
    /// do not verify checksums (that means reading the whole index), indexing does.
    Unverified,
}

/// Runs `args` and classifies the result; anything but a right answer or the
/// clear refusal (a panic, a signal, another message, a wrong answer) fails.
fn outcome(cwd: &Path, args: &[&str], right: &Run, damage: Damage, what: &str) -> Outcome {
    let run = search(cwd, args);
    if run.code == 2 {
        let message = run.error_message();
        assert!(
            message.starts_with("the index at ./index ")
                && message.contains("run \"search index --rebuild\""),
            "{what}: {args:?}: unclear message: {message}"
        );
        return Outcome::Refused;
    }
    if matches!(damage, Damage::Flipped) && (run.code == 0 || run.code == 1) {
        if run.stdout == right.stdout {
            return Outcome::Right;
        }
        assert!(run.stderr.is_empty(), "{what}: {args:?}: {run:#?}");
        return Outcome::Unverified;
    }
    assert_eq!(
        (run.code, &run.stdout),
        (right.code, &right.stdout),
        "{what}: {args:?}: neither the right answer nor a clear error: {run:#?}"
    );
    Outcome::Right
}

fn corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    for n in 0..ARTICLES {
        write_story(&corpus, n, 1);
    }
    corpus
}

#[test]
fn a_damaged_index_file_is_refused_with_the_recovery_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cwd = dir.path();
    corpus(cwd);
    assert_eq!(search(cwd, &["index", "--quiet", "corpus"]).code, 0);
    let all = expected((0..ARTICLES).map(|n| (n, 1)));
    assert_eq!(held(&cwd.join("index")), all);
    let pristine = cwd.join("pristine");
    copy_index(&cwd.join("index"), &pristine);

    let queries: &[&[&str]] = &[
        &["query", "--json", "dispatch"],
        &["query", "--json", "\"revision 1\" harbour"],
        &["query", "--json", "--limit", "300", "*"],
    ];
    let right: Vec<Run> = queries.iter().map(|q| search(cwd, q)).collect();
    for run in &right {
        assert_eq!(run.code, 0, "{run:#?}");
    }

    let mut files: Vec<String> = std::fs::read_dir(&pristine)
        .expect("read index")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        // The lock files hold no data.
        .filter(|name| !name.ends_with(".lock"))
        .collect();
    files.sort();
    assert!(files.iter().any(|f| f.ends_with(".store")), "{files:?}");

    let mut tried = 0;
    let mut refused = 0;
    for file in &files {
        for &damage in DAMAGES {
            let what = format!("{file} {damage:?}");
            copy_index(&pristine, &cwd.join("index"));
            damage.apply(&cwd.join("index").join(file));
            tried += 1;

            let mut outcomes = Vec::new();
            for (query, right) in queries.iter().zip(&right) {
                outcomes.push(outcome(cwd, query, right, damage, &what));
            }
            // Indexing over damage would spread it: a run with something to
            // write (here one new story) refuses every damaged segment file or
            // commit record before anything is written.
            write_story(&cwd.join("corpus"), ARTICLES, 1);
            let index = search(cwd, &["index", "--json", "corpus"]);
            std::fs::remove_file(story_path(&cwd.join("corpus"), ARTICLES)).expect("remove story");
            if file != ".managed.json" {
                assert_eq!(index.code, 2, "{what}: search index went ahead: {index:#?}");
            }
            if index.code == 2 {
                let message = index.error_message();
                assert!(
                    message.contains("search index --rebuild"),
                    "{what}: {message}"
                );
                outcomes.push(Outcome::Refused);
            }
            refused += usize::from(outcomes.contains(&Outcome::Refused));

            let rebuilt = search(cwd, &["index", "--json", "--rebuild", "corpus"]);
            assert_eq!(rebuilt.code, 0, "{what}: --rebuild failed: {rebuilt:#?}");
            // Rebuilt in another order, so ties may rank differently: compare what is held.
            assert_eq!(held(&cwd.join("index")), all, "{what}: after --rebuild");
            eprintln!("{what}: {outcomes:?}");
        }
    }
    eprintln!("{tried} damaged indexes: {refused} refused with the recovery command, all rebuilt");
}

#[test]
fn an_index_of_an_older_or_newer_schema_asks_for_a_rebuild() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cwd = dir.path();
    corpus(cwd);
    assert_eq!(search(cwd, &["index", "--quiet", "corpus"]).code, 0);
    let all = expected((0..ARTICLES).map(|n| (n, 1)));

    for version in [
        news_search::SCHEMA_VERSION - 1,
        news_search::SCHEMA_VERSION + 1,
    ] {
        set_schema_version(&cwd.join("index/meta.json"), version);
        for args in [&["query", "dispatch"][..], &["index", "corpus"], &["stats"]] {
            let run = search(cwd, args);
            assert_eq!(
                run.error_message(),
                format!(
                    "the index at ./index was written by an incompatible version of \
                     news-search (schema {version}, this build needs schema {}): \
                     run \"search index --rebuild\"",
                    news_search::SCHEMA_VERSION
                ),
                "{args:?}"
            );
        }
        let rebuilt = search(cwd, &["index", "--json", "--rebuild", "corpus"]);
        assert_eq!(rebuilt.code, 0, "{rebuilt:#?}");
        assert_eq!(held(&cwd.join("index")), all);
    }
}

/// Rewrites the schema version news-search keeps in the commit's payload.
fn set_schema_version(meta: &Path, version: u32) {
    let mut metas: serde_json::Value =
        serde_json::from_slice(&std::fs::read(meta).expect("read meta.json")).expect("JSON");
    let payload = metas["payload"].as_str().expect("a payload");
    let mut state: serde_json::Value = serde_json::from_str(payload).expect("payload JSON");
    state["version"] = version.into();
    metas["payload"] = state.to_string().into();
    std::fs::write(meta, metas.to_string()).expect("write meta.json");
}
