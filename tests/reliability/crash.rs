//! `search index` killed with SIGKILL at many points of a run, the commit among
//! them: the index must still open and hold exactly the last committed state,
//! and the next run must finish the job with no article lost or doubled.

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{run_command, Counts, Run};
use crate::support::{copy_index, expected, held, search, story_path, write_story, Held};

/// Articles the index holds before the run that is killed.
const SEEDED: usize = 1_000;
/// What the killed run has to do: add, change and delete articles.
const ADDED: usize = 2_000;
const CHANGED: usize = 50;
const DELETED: usize = 20;

/// Kills spread evenly over a whole run.
const SPREAD: u32 = 20;
/// Kills shortly after the commit starts writing segment files.
const DURING_COMMIT_MS: &[u64] = &[0, 1, 2, 4, 8, 15, 30];
/// Kills just after the run's commit record is written, while it cleans up.
const AFTER_COMMIT_MS: &[u64] = &[0, 1, 3];
/// Kills of the first run into an empty folder, which creates the index.
const FIRST_RUN_MS: &[u64] = &[0, 3, 10, 30];

const SIGKILL: i32 = 9;

struct Setup {
    _dir: tempfile::TempDir,
    corpus: PathBuf,
    /// An index holding the seeded articles, copied afresh for each kill.
    snapshot: PathBuf,
    trial: PathBuf,
    before: Held,
    after: Held,
}

fn index_run(index: &Path, corpus: &Path) -> Command {
    let mut command = search(index, &["index", "--json"]);
    command.arg(corpus);
    command
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let snapshot = dir.path().join("snapshot");
    let trial = dir.path().join("trial");
    for n in 0..SEEDED {
        write_story(&corpus, n, 1);
    }
    let seeded = run_command(&mut index_run(&snapshot, &corpus));
    assert_eq!(Counts::from_json(&seeded.json()).added, SEEDED as u64);
    let before = expected((0..SEEDED).map(|n| (n, 1)));
    assert_eq!(held(&snapshot), before);

    for n in SEEDED..SEEDED + ADDED {
        write_story(&corpus, n, 1);
    }
    for n in 0..CHANGED {
        change_story(&corpus, n);
    }
    for n in CHANGED..CHANGED + DELETED {
        std::fs::remove_file(story_path(&corpus, n)).expect("delete article");
    }
    let after = expected(
        (0..CHANGED)
            .map(|n| (n, 2))
            .chain((CHANGED + DELETED..SEEDED + ADDED).map(|n| (n, 1))),
    );
    Setup {
        _dir: dir,
        corpus,
        snapshot,
        trial,
        before,
        after,
    }
}

/// Writes the second version of story `n`, with a later mtime, so the change
/// is seen whatever the clock's resolution.
fn change_story(corpus: &Path, n: usize) {
    write_story(corpus, n, 2);
    let later = std::time::SystemTime::now() + Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(story_path(corpus, n))
        .and_then(|f| f.set_modified(later))
        .expect("set mtime");
}

impl Setup {
    fn spawn(&self) -> Child {
        index_run(&self.trial, &self.corpus)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn search index")
    }

    /// Kills `child` (unless it has finished), then checks the index and
    /// finishes the job.
    fn kill_and_check(&self, mut child: Child, before: &Held, what: &str) -> Kill {
        child.kill().expect("send SIGKILL");
        let output = child.wait_with_output().expect("wait");
        let killed = output.status.signal() == Some(SIGKILL);
        if !killed {
            assert_eq!(
                output.status.code(),
                Some(0),
                "{what}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }

        // The last commit, whole: before the run or after it, nothing between.
        let state = self.state();
        let committed = match &state {
            Some(held) if *held == self.after => true,
            Some(held) if held == before => false,
            Some(held) => panic!(
                "{what}: the index holds {} articles, neither the {} before the run nor the {} after",
                held.values().sum::<usize>(),
                before.len(),
                self.after.len()
            ),
            None => false,
        };
        if state.is_some() {
            self.check_queries(committed, what);
        }

        // The next run finishes the job: exactly the articles of the corpus, once each.
        let next = run_command(&mut index_run(&self.trial, &self.corpus));
        let counts = Counts::from_json(&next.json());
        assert_eq!(counts.errors, 0, "{what}: {next:#?}");
        if committed {
            assert_eq!(counts.added + counts.updated + counts.removed, 0, "{what}");
        }
        assert_eq!(held(&self.trial), self.after, "{what}: after the next run");
        match (killed, committed) {
            (false, _) => Kill::TooLate,
            (true, false) => Kill::BeforeCommit,
            (true, true) => Kill::AfterCommit,
        }
    }

    /// What the index holds, or `None` when a first run died before creating it.
    fn state(&self) -> Option<Held> {
        match news_search::NewsIndex::open(&self.trial) {
            Err(news_search::Error::IndexNotFound { .. }) => None,
            Err(e) => panic!("the index does not open after a kill: {e}"),
            Ok(_) => Some(held(&self.trial)),
        }
    }

    /// Queries through the binary see the same commit as the articles do.
    fn check_queries(&self, committed: bool, what: &str) {
        let changed = run_command(&mut search(
            &self.trial,
            &["query", "--json", "--limit", "1", "\"revision 2\""],
        ));
        let added = run_command(&mut search(
            &self.trial,
            &[
                "query",
                "--json",
                "--limit",
                "1",
                "\"dispatch number 2999\"",
            ],
        ));
        for (run, expected) in [(&changed, CHANGED), (&added, 1)] {
            assert_eq!(
                total_hits(run),
                if committed { expected } else { 0 },
                "{what}"
            );
        }
    }

    /// Copies the seeded index to the trial folder.
    fn reset(&self) {
        copy_index(&self.snapshot, &self.trial);
    }
}

/// Where a kill landed, as the index shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kill {
    /// The run had finished.
    TooLate,
    /// The index holds the state before the run.
    BeforeCommit,
    /// The run's commit was complete (its merges or clean-up were not).
    AfterCommit,
}

/// `total_hits` of a `query --json` run; a query without hits exits 1.
fn total_hits(run: &Run) -> usize {
    assert!(run.code == 0 || run.code == 1, "{run:#?}");
    if run.code == 1 {
        return 0;
    }
    let results = run.json();
    results["total_hits"].as_u64().expect("total_hits") as usize
}

/// Waits until the run starts writing files the snapshot does not have (its
/// commit writes the new segments), or until it ends.
fn wait_for_commit(child: &mut Child, index: &Path, old: &[String]) {
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            return;
        }
        let new_file = std::fs::read_dir(index)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .any(|name| !name.starts_with('.') && !old.contains(&name));
        if new_file {
            return;
        }
        std::thread::yield_now();
    }
}

/// Waits until the run replaces the commit record (`meta.json`), or ends.
fn wait_for_new_commit(child: &mut Child, index: &Path, old: &[u8]) {
    let meta = index.join("meta.json");
    while child.try_wait().expect("try_wait").is_none() {
        if std::fs::read(&meta).is_ok_and(|now| now != old) {
            return;
        }
        std::thread::yield_now();
    }
}

#[test]
#[ignore = "slow (minutes): run by .ci/run"]
fn killed_runs_keep_the_last_commit_and_the_next_run_finishes_the_job() {
    let setup = setup();
    let old_files: Vec<String> = std::fs::read_dir(&setup.snapshot)
        .expect("read snapshot")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();

    // One whole run, to spread the kills over its length.
    setup.reset();
    let started = Instant::now();
    let whole = run_command(&mut index_run(&setup.trial, &setup.corpus));
    let length = started.elapsed();
    let counts = Counts::from_json(&whole.json());
    assert_eq!(
        (counts.added, counts.updated, counts.removed),
        (ADDED as u64, CHANGED as u64, DELETED as u64)
    );
    assert_eq!(held(&setup.trial), setup.after);

    let mut kills = Vec::new();
    for k in 0..SPREAD {
        setup.reset();
        let at = length * (2 * k + 1) / (2 * SPREAD);
        let child = setup.spawn();
        std::thread::sleep(at);
        kills.push(setup.kill_and_check(child, &setup.before, &format!("killed at {at:?}")));
    }
    for &ms in DURING_COMMIT_MS {
        setup.reset();
        let mut child = setup.spawn();
        wait_for_commit(&mut child, &setup.trial, &old_files);
        std::thread::sleep(Duration::from_millis(ms));
        kills.push(setup.kill_and_check(child, &setup.before, &format!("{ms} ms into the commit")));
    }
    let old_meta = std::fs::read(setup.snapshot.join("meta.json")).expect("read meta.json");
    for &ms in AFTER_COMMIT_MS {
        setup.reset();
        let mut child = setup.spawn();
        wait_for_new_commit(&mut child, &setup.trial, &old_meta);
        std::thread::sleep(Duration::from_millis(ms));
        kills.push(setup.kill_and_check(
            child,
            &setup.before,
            &format!("{ms} ms after the commit"),
        ));
    }
    for &ms in FIRST_RUN_MS {
        std::fs::remove_dir_all(&setup.trial).expect("remove trial index");
        let child = setup.spawn();
        std::thread::sleep(Duration::from_millis(ms));
        kills.push(setup.kill_and_check(child, &Held::new(), &format!("first run, {ms} ms in")));
    }
    let count = |kind| kills.iter().filter(|k| **k == kind).count();
    let killed = kills.len() - count(Kill::TooLate);
    eprintln!(
        "{killed} of {} runs killed before they finished ({} before their commit was \
         complete, {} after); a whole run took {length:?}",
        kills.len(),
        count(Kill::BeforeCommit),
        count(Kill::AfterCommit),
    );
    assert!(
        killed >= 20,
        "only {killed} of {} kills landed during a run",
        kills.len()
    );
}

/// A run killed after its commit wrote a segment's deletions but before the
/// commit record named them leaves that file behind, listed by tantivy as its
/// own (it lists a file before writing it). The same run again makes the same
/// name (the segment's and the commit's numbers) and must not fail on it. Set
/// up by hand from a whole run's files: no kill lands there reliably.
#[test]
fn a_run_killed_between_writing_deletions_and_its_commit_record_is_redone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let (before, whole, trial) = (
        dir.path().join("before"),
        dir.path().join("whole"),
        dir.path().join("trial"),
    );
    for n in 0..20 {
        write_story(&corpus, n, 1);
    }
    run_command(&mut index_run(&before, &corpus)).json();
    copy_index(&before, &whole);
    change_story(&corpus, 3);
    run_command(&mut index_run(&whole, &corpus)).json();

    let names = |index: &Path| -> Vec<String> {
        std::fs::read_dir(index)
            .expect("read index dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect()
    };
    let old = names(&before);
    let deletions: Vec<String> = names(&whole)
        .into_iter()
        .filter(|name| name.ends_with(".del") && !old.contains(name))
        .collect();
    assert!(
        !deletions.is_empty(),
        "the run wrote no deletions: {:?}",
        names(&whole)
    );
    copy_index(&before, &trial);
    let managed_path = trial.join(".managed.json");
    let mut managed: Vec<String> =
        serde_json::from_slice(&std::fs::read(&managed_path).expect("read .managed.json"))
            .expect("tantivy's list of its files");
    for name in &deletions {
        std::fs::copy(whole.join(name), trial.join(name)).expect("copy deletions");
        managed.push(name.clone());
    }
    std::fs::write(&managed_path, serde_json::to_vec(&managed).expect("json"))
        .expect("write .managed.json");

    let next = run_command(&mut index_run(&trial, &corpus));
    let counts = Counts::from_json(&next.json());
    assert_eq!(
        (counts.added, counts.updated, counts.removed, counts.errors),
        (0, 1, 0, 0),
        "{next:#?}"
    );
    let changed = (0..20).map(|n| (n, if n == 3 { 2 } else { 1 }));
    assert_eq!(held(&trial), expected(changed));
}
