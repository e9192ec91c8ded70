//! `search serve --watch`: a [`Watch`] on a thread of its own, inside the
//! server. Its commits reach pages as any other process's do (the index's
//! commit record, then `/api/events`); it prints what `search watch` prints.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::{anyhow, Context, Result};
use news_search::{IndexOptions, NewsIndex, Watch, WatchOptions};
use tokio::sync::oneshot;

use crate::cmd::watch;

/// The running watch: stopped by [`Watching::stop`], or ended on its own by
/// an error (the writer lock taken by another process, say).
pub struct Watching {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Result<()>>,
    ended: Option<oneshot::Receiver<()>>,
}

impl Watching {
    /// Adds `folders` to the index (creating it on the first run) and
    /// starts watching them, or every folder the index holds when none is
    /// named. The writer lock is taken on the watch's thread: when another
    /// process holds it, the watch ends at once with that error.
    pub fn start(index_path: &Path, folders: &[PathBuf]) -> Result<Watching> {
        let options = IndexOptions::default();
        let index = NewsIndex::open_for_indexing(index_path, folders, &options)?;
        let folders = folders.to_vec();
        let stop = Arc::new(AtomicBool::new(false));
        let (done, ended) = oneshot::channel();
        let stopping = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("watch".into())
            .spawn(move || {
                let watch_options = WatchOptions::default().index_options(options);
                let watch = Watch::new(&index, &folders, watch_options);
                let ran = watch.run(&stopping, |event| {
                    // stderr closed: the lines are lost, the watch goes on.
                    let _ = watch::print(&event, false, false);
                });
                let _ = done.send(());
                ran.map_err(Into::into)
            })
            .context("cannot start the watch's thread")?;
        Ok(Watching {
            stop,
            thread,
            ended: Some(ended),
        })
    }

    /// Ends when the watch ends on its own (it only does on an error).
    pub async fn ended(&mut self) {
        match self.ended.as_mut() {
            Some(ended) => {
                let _ = ended.await;
            }
            None => std::future::pending().await,
        }
    }

    /// Asks the watch to commit what is pending and end, and waits for it.
    pub async fn stop(self) -> Result<()> {
        self.stop.store(true, Ordering::SeqCst);
        let thread = self.thread;
        tokio::task::spawn_blocking(move || thread.join())
            .await
            .map_err(|_| anyhow!("the watch's thread was lost"))?
            .map_err(|_| anyhow!("the watch stopped on a bug"))?
    }
}
