//! `search watch` run for real on a temporary folder, changed as people and
//! their editors change folders: each scenario waits (generously) for the
//! watch's commit line, then the index must hold exactly what a fresh
//! `search index` of a copy of the folder holds.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::{article, TestEnv};

/// Long enough for a loaded machine; a working watch commits in seconds.
const DEADLINE: Duration = Duration::from_secs(180);

/// A `search watch --json` running in the background, its commits collected.
struct Watching {
    child: Child,
    commits: Arc<Mutex<Vec<Value>>>,
    stderr: Arc<Mutex<String>>,
    readers: Vec<JoinHandle<()>>,
    /// The folders the index holds, to index afresh for comparison.
    folders: Vec<&'static str>,
}

impl Watching {
    /// Starts `search watch --json ARGS` and waits for its first walk's commit.
    fn start(env: &TestEnv, args: &[&str]) -> Watching {
        let watching = Watching::spawn(env, args);
        watching.wait_for_commit(0);
        let first = watching.commits.lock().expect("lock")[0].clone();
        assert_eq!(first["trigger"], "start", "{first}");
        watching
    }

    /// Starts `search watch --json ARGS`.
    fn spawn(env: &TestEnv, args: &[&str]) -> Watching {
        let mut all = vec!["watch", "--json"];
        all.extend_from_slice(args);
        let mut child = env
            .command(&all)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("search watch starts");
        let commits = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let err = BufReader::new(child.stderr.take().expect("stderr"));
        let readers = vec![
            {
                let commits = Arc::clone(&commits);
                thread::spawn(move || {
                    for line in stdout.lines() {
                        let line = line.expect("a line");
                        let commit = serde_json::from_str(&line).expect("a JSON line per commit");
                        commits.lock().expect("lock").push(commit);
                    }
                })
            },
            {
                let stderr = Arc::clone(&stderr);
                thread::spawn(move || {
                    for line in err.lines() {
                        let mut text = stderr.lock().expect("lock");
                        text.push_str(&line.expect("a line"));
                        text.push('\n');
                    }
                })
            },
        ];
        Watching {
            child,
            commits,
            stderr,
            readers,
            folders: vec!["news"],
        }
    }

    /// The commits so far, to wait for the next one.
    fn mark(&self) -> usize {
        self.commits.lock().expect("lock").len()
    }

    /// Waits until a commit after the first `seen` appears.
    fn wait_for_commit(&self, seen: usize) {
        let started = Instant::now();
        while self.mark() <= seen {
            assert!(
                started.elapsed() < DEADLINE,
                "no commit line; stderr:\n{}",
                self.stderr.lock().expect("lock")
            );
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for a commit after `seen`, then until the index holds what a
    /// fresh index of the folder holds (a change may span two commits).
    fn settles(&self, env: &TestEnv, seen: usize) {
        self.wait_for_commit(seen);
        let fresh = fresh_contents(env, &self.folders);
        let started = Instant::now();
        loop {
            let live = contents(env, "index", "");
            if live == fresh {
                return;
            }
            if started.elapsed() > DEADLINE {
                assert_eq!(
                    live,
                    fresh,
                    "stderr:\n{}",
                    self.stderr.lock().expect("lock")
                );
            }
            thread::sleep(Duration::from_millis(250));
        }
    }

    /// Sends SIGTERM and waits for the exit: its status code and stderr.
    fn terminate(mut self) -> (Option<i32>, String) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("pid");
        // SAFETY: a plain signal to our own child process.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
        let status = self.child.wait().expect("wait");
        for reader in self.readers.drain(..) {
            reader.join().expect("reader");
        }
        let stderr = self.stderr.lock().expect("lock").clone();
        (status.code(), stderr)
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every article of the index at `index` (paths from the indexed folder's
/// parent, `prefix` removed), sorted, and its counts of files and articles.
fn contents(env: &TestEnv, index: &str, prefix: &str) -> (Vec<String>, Value, Value) {
    let export = env.run(&["--index", index, "export"]);
    assert_eq!(export.code, 0, "{export:#?}");
    let mut articles: Vec<String> = export
        .stdout
        .lines()
        .map(|line| {
            let mut article: Value = serde_json::from_str(line).expect("an article");
            let path = article["path"].as_str().expect("a path");
            article["path"] = path.strip_prefix(prefix).unwrap_or(path).into();
            article.to_string()
        })
        .collect();
    articles.sort();
    let stats = env.run(&["--index", index, "stats", "--json"]).json();
    (articles, stats["files"].clone(), stats["articles"].clone())
}

/// What a fresh `search index` of a copy of `folders` holds.
fn fresh_contents(env: &TestEnv, folders: &[&str]) -> (Vec<String>, Value, Value) {
    let _ = fs::remove_dir_all(env.path().join("fresh"));
    let _ = fs::remove_dir_all(env.path().join("fresh-index"));
    let mut args = vec!["--index", "fresh-index", "index", "--quiet"];
    let copies: Vec<String> = folders.iter().map(|f| format!("fresh/{f}")).collect();
    for (folder, copy) in folders.iter().zip(&copies) {
        copy_tree(&env.path().join(folder), &env.path().join(copy));
        args.push(copy);
    }
    let run = env.run(&args);
    assert_eq!(run.code, 0, "{run:#?}");
    contents(env, "fresh-index", "fresh/")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("entry");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A test env with news/ holding two articles.
fn news() -> TestEnv {
    let env = TestEnv::new();
    env.write("news/a.txt", article("Port strike", "Dockers stop work."));
    env.write("news/b.txt", article("Rail fares", "Fares rise in May."));
    env
}

#[test]
fn new_files_are_committed_once_the_folder_is_quiet() {
    let env = news();
    let watching = Watching::start(&env, &["news"]);
    let seen = watching.mark();
    for n in 0..3 {
        let body = format!("Story number {n} of the morning.");
        env.write(
            &format!("news/new/{n}.txt"),
            article(&format!("New {n}"), &body),
        );
    }
    watching.settles(&env, seen);
    let added: u64 = watching.commits.lock().expect("lock")[seen..]
        .iter()
        .map(|c| c["added"].as_u64().expect("a count"))
        .sum();
    assert_eq!(added, 3);
}

#[test]
fn an_editor_saving_by_rename_updates_the_article() {
    let env = news();
    let watching = Watching::start(&env, &["news"]);
    let seen = watching.mark();
    // As vim saves: a swap file, its test file, a backup, the new file.
    env.write("news/.a.txt.swp", "swap");
    env.write("news/4913", "");
    fs::remove_file(env.path().join("news/4913")).expect("rm");
    fs::rename(
        env.path().join("news/a.txt"),
        env.path().join("news/a.txt~"),
    )
    .expect("mv");
    env.write(
        "news/a.txt",
        article("Port strike ends", "Dockers are back."),
    );
    fs::remove_file(env.path().join("news/a.txt~")).expect("rm");
    fs::remove_file(env.path().join("news/.a.txt.swp")).expect("rm");
    // As many editors and downloaders save: a temporary file renamed over.
    env.write("news/b.txt.tmp", article("Rail fares frozen", "No rise."));
    fs::rename(
        env.path().join("news/b.txt.tmp"),
        env.path().join("news/b.txt"),
    )
    .expect("mv");
    watching.settles(&env, seen);
}

#[test]
fn a_deleted_file_loses_its_articles() {
    let env = news();
    let watching = Watching::start(&env, &["news"]);
    let seen = watching.mark();
    fs::remove_file(env.path().join("news/a.txt")).expect("rm");
    watching.settles(&env, seen);
    let (articles, _, _) = contents(&env, "index", "");
    assert_eq!(articles.len(), 1);
}

#[test]
fn a_folder_moved_in_and_out_is_added_and_removed() {
    let env = news();
    for n in 0..3 {
        let body = format!("Archived piece {n}.");
        env.write(
            &format!("outside/old/{n}.txt"),
            article(&format!("Old {n}"), &body),
        );
    }
    let watching = Watching::start(&env, &["news"]);
    let seen = watching.mark();
    fs::rename(env.path().join("outside/old"), env.path().join("news/old")).expect("mv in");
    watching.settles(&env, seen);
    assert_eq!(contents(&env, "index", "").0.len(), 5);

    let seen = watching.mark();
    fs::rename(env.path().join("news/old"), env.path().join("outside/back")).expect("mv out");
    watching.settles(&env, seen);
    assert_eq!(contents(&env, "index", "").0.len(), 2);
}

#[test]
fn a_burst_of_thousands_of_files_ends_as_a_fresh_index() {
    let env = news();
    let watching = Watching::start(&env, &["news"]);
    let seen = watching.mark();
    for n in 0..2_500 {
        let body = format!("Burst item {n}, one of many filed at once.");
        let path = format!("news/burst/{:02}/{n}.txt", n % 25);
        env.write(&path, article(&format!("Item {n}"), &body));
    }
    watching.settles(&env, seen);
    assert_eq!(contents(&env, "index", "").0.len(), 2_502);
}

#[test]
fn a_file_written_slowly_is_indexed_whole() {
    let env = news();
    let watching = Watching::start(&env, &["news"]);
    let seen = watching.mark();
    let mut file = fs::File::create(env.path().join("news/slow.txt")).expect("create");
    file.write_all(b"Slow news day\n\n").expect("write");
    for n in 0..6 {
        thread::sleep(Duration::from_millis(600));
        writeln!(file, "Paragraph {n} arrives a little later.").expect("write");
        file.flush().expect("flush");
    }
    drop(file);
    watching.settles(&env, seen);
    let shown = env.run(&["show", "news/slow.txt"]);
    assert!(shown.stdout.contains("Paragraph 5 arrives"), "{shown:#?}");
}

#[test]
fn another_index_run_is_refused_while_watching() {
    let env = news();
    let watching = Watching::start(&env, &["news"]);
    let busy = "the index at ./index is being updated by another search process; \
                try again when it has finished";
    assert_eq!(env.run(&["index", "news"]).error_message(), busy);
    assert_eq!(env.run(&["watch"]).error_message(), busy);
    // Queries go on.
    assert_eq!(env.run(&["query", "dockers"]).code, 0);
    drop(watching);
}

#[test]
fn sigterm_commits_what_is_pending_and_exits_0() {
    let env = news();
    let watching = Watching::start(&env, &["news"]);
    // Each change within a second of the last: none is committed before
    // the signal, unless the machine stalls.
    for n in 0..4 {
        let body = format!("Filed just before closing, number {n}.");
        env.write(
            &format!("news/late/{n}.txt"),
            article(&format!("Late {n}"), &body),
        );
        thread::sleep(Duration::from_millis(300));
    }
    let (code, stderr) = watching.terminate();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(contents(&env, "index", ""), fresh_contents(&env, &["news"]));
}

#[test]
fn with_no_folder_every_recorded_folder_is_watched() {
    let env = news();
    env.index(&["news"]);
    env.write("more/c.txt", article("Ferry timetable", "Summer sailings."));
    env.index(&["more"]);
    let mut watching = Watching::spawn(&env, &[]);
    watching.folders.push("more");
    // Whether the watch or its first walk sees it, it is added once: the
    // walk at start commits nothing else, since nothing else changed.
    env.write("more/d.txt", article("Ferry fares", "Cheaper in winter."));
    watching.settles(&env, 0);
    let commits = watching.commits.lock().expect("lock").clone();
    let added: u64 = commits
        .iter()
        .map(|c| c["added"].as_u64().expect("a count"))
        .sum();
    assert_eq!(added, 1, "{commits:?}");
}
