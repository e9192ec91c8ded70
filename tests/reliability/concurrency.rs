//! Two processes on one index: queries during an indexing run see the last
//! commit, and a second indexer is turned away at once.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{run_command, Counts, Run};
use crate::support::{expected, held, search, write_story};

/// Articles committed before the run under test, and the ones it adds.
const SEEDED: usize = 200;
const ADDED: usize = 2_000;

/// Longer than any run here should take: past it, a process is taken to hang.
const HANG: Duration = Duration::from_secs(300);

struct Setup {
    _dir: tempfile::TempDir,
    corpus: PathBuf,
    index: PathBuf,
}

/// An index holding `SEEDED` articles, and a corpus with `ADDED` more to index.
fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let index = dir.path().join("index");
    for n in 0..SEEDED {
        write_story(&corpus, n, 1);
    }
    let seeded = run_command(search(&index, &["index", "--json"]).arg(&corpus));
    assert_eq!(Counts::from_json(&seeded.json()).added, SEEDED as u64);
    for n in SEEDED..SEEDED + ADDED {
        write_story(&corpus, n, 1);
    }
    Setup {
        _dir: dir,
        corpus,
        index,
    }
}

impl Setup {
    fn spawn_indexer(&self) -> Child {
        search(&self.index, &["index", "--json"])
            .arg(&self.corpus)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn search index")
    }
}

/// Waits for `child`, killing it and failing the test if it hangs.
fn finish(mut child: Child, what: &str) -> Run {
    let started = Instant::now();
    while child.try_wait().expect("try_wait").is_none() {
        if started.elapsed() > HANG {
            child.kill().expect("kill");
            panic!("{what} did not finish in {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Run::from_output(child.wait_with_output().expect("output"))
}

/// Whether some process holds the flock on the index's writer lock, read from
/// /proc/locks so that looking does not take the lock.
fn writer_lock_held(index: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(index.join(".tantivy-writer.lock")) else {
        return false;
    };
    let inode = format!(":{} ", meta.ino());
    std::fs::read_to_string("/proc/locks")
        .expect("/proc/locks")
        .lines()
        .any(|line| line.contains("FLOCK") && line.contains(&inode))
}

#[test]
fn queries_during_an_indexing_run_see_the_last_commit() {
    let setup = setup();
    let mut indexer = setup.spawn_indexer();
    let mut during = 0;
    let mut totals = Vec::new();
    while indexer.try_wait().expect("try_wait").is_none() {
        let run = run_command(&mut search(
            &setup.index,
            &["query", "--json", "--limit", "3", "dispatch"],
        ));
        assert_eq!(run.code, 0, "a query during indexing failed: {run:#?}");
        let total = run.json()["total_hits"].as_u64().expect("total_hits") as usize;
        totals.push(total);
        during += 1;
    }
    let indexed = finish(indexer, "the indexer");
    assert_eq!(Counts::from_json(&indexed.json()).added, ADDED as u64);

    // Every query saw one commit whole: the one before the run, or the run's own.
    assert!(during > 0, "the run ended before a query could start");
    let new = totals.iter().filter(|t| **t == SEEDED + ADDED).count();
    eprintln!(
        "{during} queries during the run, all answered: {} from the commit before it, {new} from its own",
        during - new
    );
    for total in &totals {
        assert!(
            *total == SEEDED || *total == SEEDED + ADDED,
            "a query saw {total} articles: {totals:?}"
        );
    }
    assert_eq!(
        held(&setup.index),
        expected((0..SEEDED + ADDED).map(|n| (n, 1)))
    );
}

#[test]
fn a_second_indexer_is_refused_at_once_and_nothing_is_lost() {
    let setup = setup();
    let first = setup.spawn_indexer();
    // Start the second run only once the first holds the writer lock.
    let started = Instant::now();
    while !writer_lock_held(&setup.index) {
        assert!(
            started.elapsed() < HANG,
            "the first run never took the lock"
        );
        std::thread::yield_now();
    }

    let second = search(&setup.index, &["index", "--json"])
        .arg(&setup.corpus)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the second run");
    let refused = finish(second, "the second run");
    assert_eq!(
        refused.error_message(),
        format!(
            "the index at {} is being updated by another search process; \
             try again when it has finished",
            setup.index.display()
        )
    );

    let indexed = finish(first, "the first run");
    assert_eq!(Counts::from_json(&indexed.json()).added, ADDED as u64);
    assert_eq!(
        held(&setup.index),
        expected((0..SEEDED + ADDED).map(|n| (n, 1)))
    );
    let again = run_command(search(&setup.index, &["index", "--json"]).arg(&setup.corpus));
    assert_eq!(
        Counts::from_json(&again.json()),
        Counts {
            unchanged: (SEEDED + ADDED) as u64,
            ..Counts::default()
        }
    );
}
