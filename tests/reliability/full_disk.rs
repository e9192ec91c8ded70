//! A disk that fills up during a run: the run fails with a clear message, the
//! last commit stays whole, and with room again the next run finishes the job.

use std::path::{Path, PathBuf};
use std::process::Command;

use news_search::NewsIndex;

use crate::harness::{run_command, Counts, Run};
use crate::support::{expected, held, search, write_story};

/// Articles that fit on the small disk, and the many more that do not.
const SEEDED: usize = 100;
const ADDED: usize = 3_000;

/// A tmpfs of `size` mounted over `at`, unmounted when dropped.
struct Tmpfs {
    at: PathBuf,
}

impl Tmpfs {
    /// Mounts it, or `None` where this process may not mount file systems.
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).expect("mkdir");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .ok()?;
        status.success().then(|| Tmpfs { at: at.to_owned() })
    }

    fn resize(&self, size: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.at)
            .status()
            .expect("run mount");
        assert!(status.success(), "remount the tmpfs");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.at).status();
    }
}

/// How the index's file system is kept small: a tmpfs where the test may mount
/// one, else a limit on file size (`ulimit -f`, with SIGXFSZ ignored so that
/// writes fail with an error as they do on a full disk).
enum SmallDisk {
    Tmpfs(Tmpfs),
    FileSizeLimit,
    /// The limit lifted.
    Unlimited,
}

impl SmallDisk {
    fn search(&self, index: &Path, args: &[&str]) -> Command {
        let binary = env!("CARGO_BIN_EXE_search");
        let mut command = match self {
            SmallDisk::Tmpfs(_) | SmallDisk::Unlimited => Command::new(binary),
            SmallDisk::FileSizeLimit => {
                let mut sh = Command::new("sh");
                sh.args([
                    "-c",
                    "ulimit -f 1024; trap '' XFSZ; exec \"$0\" \"$@\"",
                    binary,
                ]);
                sh
            }
        };
        command.arg("--index").arg(index).args(args);
        command
    }

    fn make_room(&mut self) {
        match self {
            SmallDisk::Tmpfs(tmpfs) => tmpfs.resize("256m"),
            SmallDisk::FileSizeLimit | SmallDisk::Unlimited => *self = SmallDisk::Unlimited,
        }
    }
}

#[test]
fn a_full_disk_fails_the_run_and_keeps_the_last_commit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let disk = dir.path().join("disk");
    let index = disk.join("index");
    let mut small = match Tmpfs::mount(&disk, "2m") {
        Some(tmpfs) => SmallDisk::Tmpfs(tmpfs),
        None => {
            eprintln!("cannot mount a tmpfs here: a file size limit stands in for a full disk");
            SmallDisk::FileSizeLimit
        }
    };

    for n in 0..SEEDED {
        write_story(&corpus, n, 1);
    }
    let seeded = run_command(small.search(&index, &["index", "--json"]).arg(&corpus));
    assert_eq!(Counts::from_json(&seeded.json()).added, SEEDED as u64);
    for n in SEEDED..SEEDED + ADDED {
        write_story(&corpus, n, 1);
    }

    let full = run_command(small.search(&index, &["index", "--json"]).arg(&corpus));
    let message = full.error_message();
    assert!(
        message.contains(&index.display().to_string()),
        "the message names the index: {message}"
    );
    assert!(
        message.contains("no space left") || message.contains("too large"),
        "the message says the disk is full: {message}"
    );
    assert!(
        message.contains("still holds"),
        "the message says the last run's articles are kept: {message}"
    );
    assert_eq!(held(&index), expected((0..SEEDED).map(|n| (n, 1))));
    let query = run_command(&mut small.search(&index, &["query", "--json", "dispatch"]));
    assert_eq!(total_hits(&query), SEEDED);

    small.make_room();
    let finished = run_command(small.search(&index, &["index", "--json"]).arg(&corpus));
    assert_eq!(
        Counts::from_json(&finished.json()),
        Counts {
            added: ADDED as u64,
            unchanged: SEEDED as u64,
            ..Counts::default()
        }
    );
    assert_eq!(held(&index), expected((0..SEEDED + ADDED).map(|n| (n, 1))));
}

/// A run's merge needs room for a second copy of what it merges; without it
/// the run still ends well, its articles indexed in the segments it wrote,
/// and `search compact` merges them once there is room.
#[test]
fn a_disk_without_room_for_the_merge_fails_the_merge_not_the_run() {
    const STORIES: usize = 2_000;
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    for n in 0..STORIES {
        write_story(&corpus, n, 1);
    }
    // Four writer threads write a segment each, which the run merges into one.
    let args = ["index", "--json", "--threads", "4", "--memory", "60M"];
    let roomy = dir.path().join("roomy");
    let report = run_command(search(&roomy, &args).arg(&corpus)).json();
    assert!(report["segments_merged"].as_u64() > Some(2), "{report}");
    let merged = on_tmpfs(&roomy);

    // Room for the run's segments, and half of a merged copy.
    let disk = dir.path().join("disk");
    let Some(tmpfs) = Tmpfs::mount(&disk, &format!("{}k", merged * 3 / 2 / 1024)) else {
        eprintln!("cannot mount a tmpfs here: not tested");
        return;
    };
    let index = disk.join("index");
    let report = run_command(search(&index, &args).arg(&corpus)).json();
    assert_eq!(report["added"], STORIES, "{report}");
    assert_eq!(report["segments_merged"], 0, "{report}");
    let reason = report["merge_failed"].as_str().unwrap_or_default();
    assert!(
        reason.contains("no space left") && !reason.contains("abandoned"),
        "merge_failed says the disk is full, and not that the run failed: {report}"
    );
    assert_eq!(held(&index), expected((0..STORIES).map(|n| (n, 1))));

    tmpfs.resize("256m");
    let compacted = run_command(&mut search(&index, &["compact", "--json"])).json();
    assert_eq!(
        NewsIndex::open(&index).unwrap().stats().unwrap().segments,
        1
    );
    assert!(
        on_tmpfs(&index) < merged * 5 / 4,
        "the failed merge's files are gone: {} bytes against {merged} ({compacted})",
        on_tmpfs(&index)
    );
    assert_eq!(held(&index), expected((0..STORIES).map(|n| (n, 1))));
}

/// What the files of a folder take on a tmpfs: whole pages.
fn on_tmpfs(folder: &Path) -> u64 {
    std::fs::read_dir(folder)
        .expect("read the index folder")
        .map(|entry| entry.expect("entry").metadata().expect("metadata").len())
        .map(|len| len.div_ceil(4096) * 4096)
        .sum()
}

fn total_hits(run: &Run) -> usize {
    run.json()["total_hits"].as_u64().expect("total_hits") as usize
}
