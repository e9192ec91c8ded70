//! `Watch` as `search serve --watch` would run it in-process: a stop flag,
//! a callback for each commit, and a reconcile walk asked for through the
//! same channel as the watcher's own overflow notice.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use news_search::{IndexOptions, NewsIndex, Trigger, Watch, WatchEvent, WatchOptions};

use crate::changes::{contents, fresh};
use crate::common::{article, Workspace};

/// Waits (generously) for a commit of `trigger`; panics at the deadline.
fn wait_for(commits: &mpsc::Receiver<Trigger>, trigger: Trigger) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match commits.recv_timeout(left) {
            Ok(got) if got == trigger => return,
            Ok(_) => {}
            Err(_) => panic!("no {trigger:?} commit within a minute"),
        }
    }
}

#[test]
fn a_rescan_walks_every_folder_and_catches_what_no_event_told() {
    let ws = Workspace::new();
    let news = ws.path("news");
    ws.write("news/a.txt", &article("Kept", "Here from the start."));
    ws.write("news/gone.txt", &article("Gone", "Deleted while watched."));
    let index =
        NewsIndex::open_for_indexing(ws.path("index"), &[&news], &IndexOptions::default()).unwrap();
    // A poll so rare that no change is seen but through the rescan.
    let options = WatchOptions::default()
        .poll(Some(Duration::from_secs(3600)))
        .delays(Duration::from_millis(100), Duration::from_secs(1));
    let watch = Watch::new(&index, &[&news], options);
    let rescan = watch.rescan();
    let stop = AtomicBool::new(false);
    let (sender, commits) = mpsc::channel();
    std::thread::scope(|scope| {
        let running = scope.spawn(|| {
            watch.run(&stop, |event| {
                if let WatchEvent::Commit(commit) = event {
                    let _ = sender.send(commit.trigger);
                }
            })
        });
        wait_for(&commits, Trigger::Start);
        ws.write("news/new.txt", &article("New", "Added while watched."));
        std::fs::remove_file(ws.path("news/gone.txt")).unwrap();
        rescan.request();
        wait_for(&commits, Trigger::Rescan);
        stop.store(true, Ordering::SeqCst);
        running
            .join()
            .expect("no panic")
            .expect("the watch ends well");
    });
    assert_eq!(
        contents(&index, ws.path("").as_path()),
        fresh(&news, &IndexOptions::default())
    );
}

#[test]
fn stopping_commits_what_is_pending() {
    let ws = Workspace::new();
    let news = ws.path("news");
    ws.write("news/a.txt", &article("First", "From the start."));
    let index =
        NewsIndex::open_for_indexing(ws.path("index"), &[&news], &IndexOptions::default()).unwrap();
    // Changes wait an hour for quiet: only the stop commits them.
    let options =
        WatchOptions::default().delays(Duration::from_secs(3600), Duration::from_secs(3600));
    let watch = Watch::new(&index, &[&news], options);
    let stop = AtomicBool::new(false);
    let (sender, commits) = mpsc::channel();
    std::thread::scope(|scope| {
        let running = scope.spawn(|| {
            watch.run(&stop, |event| {
                if let WatchEvent::Commit(commit) = event {
                    let _ = sender.send(commit.trigger);
                }
            })
        });
        wait_for(&commits, Trigger::Start);
        ws.write("news/b.txt", &article("Second", "Added before the stop."));
        // Time for the notice to reach the watch; with an hour's quiet
        // time, only the stop commits it.
        std::thread::sleep(Duration::from_millis(500));
        stop.store(true, Ordering::SeqCst);
        running
            .join()
            .expect("no panic")
            .expect("the watch ends well");
    });
    wait_for(&commits, Trigger::Stop);
    assert_eq!(
        contents(&index, ws.path("").as_path()),
        fresh(&news, &IndexOptions::default())
    );
}
