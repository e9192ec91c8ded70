//! What every request shares: the open index (reloaded on each commit, by
//! any process), the bounded pool that searches run in, and the channel that
//! tells event streams of commits.
//!
//! A commit is seen through the index's commit record, whoever makes it: a
//! `search index` run in another terminal today, a watcher inside this
//! process tomorrow; either lands in [`Shared::committed`].

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use news_search::{CommitWatch, NewsIndex};
use serde::Serialize;
use tokio::sync::{broadcast, watch, OwnedSemaphorePermit, Semaphore};

use super::failure::Failure;

/// How long a search waits for a turn before it is answered 503.
const QUEUE_WAIT: Duration = Duration::from_secs(1);
/// How long a search may take before it is answered 503.
pub const SEARCH_TIME: Duration = Duration::from_secs(10);
/// Event streams open at once; more are answered 503.
const MAX_STREAMS: usize = 256;
/// How often an index that cannot be read is tried again.
const RETRY_OPEN: Duration = Duration::from_secs(1);

/// One event of `/api/events`: a commit, and what the index now holds.
#[derive(Debug, Clone, Serialize)]
pub struct Commit {
    /// Searchable articles after the commit.
    pub articles: u64,
}

pub struct Shared {
    path: PathBuf,
    index: RwLock<Result<Arc<NewsIndex>, String>>,
    watch: Mutex<Option<CommitWatch>>,
    searches: Arc<Semaphore>,
    streams: Arc<Semaphore>,
    commits: broadcast::Sender<Commit>,
    stopping: watch::Receiver<bool>,
}

impl Shared {
    /// Opens the index, or, when it cannot be read yet, keeps trying in the
    /// background, answering 503 meanwhile.
    pub fn start(path: &Path, max_searches: usize, stopping: watch::Receiver<bool>) -> Arc<Shared> {
        let shared = Arc::new(Shared {
            path: path.to_path_buf(),
            index: RwLock::new(Err(String::new())),
            watch: Mutex::new(None),
            searches: Arc::new(Semaphore::new(max_searches)),
            streams: Arc::new(Semaphore::new(MAX_STREAMS)),
            commits: broadcast::channel(16).0,
            stopping,
        });
        if let Err(error) = shared.open() {
            eprintln!("search: {error}; answering 503 until the index can be read");
            let retrying = Arc::clone(&shared);
            std::thread::spawn(move || retrying.open_when_readable());
        }
        shared
    }

    fn open_when_readable(self: Arc<Shared>) {
        while !*self.stopping.borrow() {
            std::thread::sleep(RETRY_OPEN);
            if self.open().is_ok() {
                eprintln!("search: the index can be read now");
                return;
            }
        }
    }

    /// Opens the index and follows its commits.
    fn open(self: &Arc<Shared>) -> Result<(), news_search::Error> {
        let opened = NewsIndex::open(&self.path).map(Arc::new);
        let index = match opened {
            Ok(index) => index,
            Err(error) => {
                let message = error.to_string();
                if let Ok(mut slot) = self.index.write() {
                    *slot = Err(message);
                }
                return Err(error);
            }
        };
        let (shared, watched) = (Arc::downgrade(self), Arc::downgrade(&index));
        let watch = index.watch_commits(move || {
            if let (Some(shared), Some(index)) = (shared.upgrade(), watched.upgrade()) {
                shared.committed(&index);
            }
        })?;
        let articles = index.num_articles();
        if let Ok(mut slot) = self.index.write() {
            *slot = Ok(index);
        }
        if let Ok(mut slot) = self.watch.lock() {
            *slot = Some(watch);
        }
        // Pages open while the index could not be read learn it now can.
        let _ = self.commits.send(Commit { articles });
        Ok(())
    }

    /// A commit landed: searches read it from now on, and streams hear of it.
    pub fn committed(&self, index: &NewsIndex) {
        if index.reload().is_ok() {
            let _ = self.commits.send(Commit {
                articles: index.num_articles(),
            });
        }
    }

    /// The open index, or why there is none (503).
    pub fn index(&self) -> Result<Arc<NewsIndex>, Failure> {
        let slot = self.index.read().map_err(|_| Failure::internal())?;
        match &*slot {
            Ok(index) => Ok(Arc::clone(index)),
            Err(why) => Err(Failure::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                why.clone(),
            )),
        }
    }

    /// Runs `work` on the open index in the blocking pool, once one of the
    /// bounded search slots is free: 503 when none frees up soon, or when
    /// the work takes longer than [`SEARCH_TIME`].
    pub async fn search<T: Send + 'static>(
        &self,
        work: impl FnOnce(&NewsIndex) -> Result<T, Failure> + Send + 'static,
    ) -> Result<T, Failure> {
        let waiting = Arc::clone(&self.searches).acquire_owned();
        let permit: OwnedSemaphorePermit = match tokio::time::timeout(QUEUE_WAIT, waiting).await {
            Ok(Ok(permit)) => permit,
            _ => return Err(Failure::busy()),
        };
        let index = self.index()?;
        // The slot is held until the work ends, even when the answer has
        // gone out as 503: at most --max-searches run at once.
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(&index)
        });
        match tokio::time::timeout(SEARCH_TIME, task).await {
            Ok(Ok(done)) => done,
            Ok(Err(_)) => Err(Failure::internal()),
            Err(_) => Err(Failure::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the search took longer than {} s: narrow the query",
                    SEARCH_TIME.as_secs()
                ),
            )),
        }
    }

    /// A place among the open event streams, and the commits from now on.
    pub fn subscribe(
        &self,
    ) -> Result<(OwnedSemaphorePermit, broadcast::Receiver<Commit>), Failure> {
        let permit = Arc::clone(&self.streams)
            .try_acquire_owned()
            .map_err(|_| Failure::busy())?;
        Ok((permit, self.commits.subscribe()))
    }

    /// Told when the server stops, so event streams end.
    pub fn stopping(&self) -> watch::Receiver<bool> {
        self.stopping.clone()
    }

    /// Stops following commits.
    pub fn stop(&self) {
        if let Ok(mut slot) = self.watch.lock() {
            slot.take();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_that_finds_every_slot_taken_is_answered_503() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime");
        let folder = tempfile::tempdir().expect("a temp dir");
        let (_stop, stopping) = watch::channel(false);
        let shared = Shared::start(&folder.path().join("none"), 1, stopping);
        runtime.block_on(async {
            let taken = Arc::clone(&shared.searches)
                .acquire_owned()
                .await
                .expect("the one slot");
            let busy = shared.search(|_| Ok(())).await.unwrap_err();
            assert_eq!(busy.status, axum::http::StatusCode::SERVICE_UNAVAILABLE);
            assert!(busy.message.contains("busy"), "{}", busy.message);
            drop(taken);
            // A free slot, but no index yet: 503 saying why.
            let missing = shared.search(|_| Ok(())).await.unwrap_err();
            assert!(missing.message.contains("no index"), "{}", missing.message);
        });
    }
}
