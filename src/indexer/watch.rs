//! Keeping an index fresh as files change. File-system notifications are
//! hints: the paths they name go into a dirty set, and after a quiet moment
//! (or a longest wait, however busy the folders) that set is read again with
//! the incremental rules and lands in one commit. Whatever the watcher may
//! have missed (its queue overflowed, it failed, a periodic check is due)
//! is caught by a reconcile walk: a refresh of every folder.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, Event, EventKind, Flag};
use notify::{Config, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use serde::Serialize;

use super::options::IndexOptions;
use super::report::IndexReport;
use super::session::WriteSession;
use crate::error::{Error, Result};
use crate::hash::FastSet;
use crate::store::NewsIndex;

/// How a [`Watch`] behaves.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WatchOptions {
    /// How each run reads and writes (memory, threads, source aliases), and
    /// how the folders named to [`Watch::new`] are walked.
    pub index: IndexOptions,
    /// Quiet time after the last change before the changes are committed.
    pub quiet: Duration,
    /// Longest wait between the first change and its commit, however busy.
    pub longest: Duration,
    /// Time between reconcile walks (a refresh of every folder); `None`
    /// for none but the one at start.
    pub reconcile: Option<Duration>,
    /// Look for changes by listing the folders at this interval instead of
    /// asking the system for notifications (network and other file systems
    /// that send none).
    pub poll: Option<Duration>,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            index: IndexOptions::default(),
            quiet: Duration::from_secs(1),
            longest: Duration::from_secs(10),
            reconcile: Some(Duration::from_secs(600)),
            poll: None,
        }
    }
}

impl WatchOptions {
    /// Runs read and write as `index` says.
    pub fn index_options(mut self, index: IndexOptions) -> Self {
        self.index = index;
        self
    }

    /// Sets the quiet time before a commit, and the longest wait for one.
    pub fn delays(mut self, quiet: Duration, longest: Duration) -> Self {
        self.quiet = quiet;
        self.longest = longest.max(quiet);
        self
    }

    /// Sets the time between reconcile walks (`None`: only at start).
    pub fn reconcile(mut self, every: Option<Duration>) -> Self {
        self.reconcile = every;
        self
    }

    /// Polls the folders at this interval instead of asking for notifications.
    pub fn poll(mut self, every: Option<Duration>) -> Self {
        self.poll = every;
        self
    }
}

/// Why a watch committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Trigger {
    /// The reconcile walk at start (it also adds the folders named).
    Start,
    /// Paths the watcher saw change.
    Changes,
    /// The periodic reconcile walk.
    Reconcile,
    /// A reconcile walk after the watcher missed changes or failed, or
    /// when asked ([`Rescan::request`]).
    Rescan,
    /// What was pending when the watch was asked to stop.
    Stop,
}

/// One commit of a watch: why, and what it did.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct CommitSummary {
    /// Why the commit was made.
    pub trigger: Trigger,
    /// Paths the watcher saw change and read again (0 for a walk of
    /// every folder).
    pub paths: usize,
    /// What the run did: files added, updated, removed...
    #[serde(flatten)]
    pub report: IndexReport,
}

/// What a running watch tells its caller.
#[derive(Debug)]
#[non_exhaustive]
pub enum WatchEvent<'a> {
    /// A commit landed: searches that reload see it.
    Commit(&'a CommitSummary),
    /// Something went wrong and the watch goes on: a folder could not be
    /// watched ([`Error::WatchLimit`]), the watcher failed or missed changes
    /// (a reconcile walk follows), a run failed (its changes are tried again).
    Trouble(&'a Error),
}

/// Asks a running [`Watch`] for a reconcile walk, as the kernel's queue
/// overflowing would: through the same channel as the watcher's events.
#[derive(Debug, Clone)]
pub struct Rescan(Sender<notify::Result<Event>>);

impl Rescan {
    /// Asks for one reconcile walk, after the usual quiet time.
    pub fn request(&self) {
        let rescan = Event::new(EventKind::Other)
            .set_flag(Flag::Rescan)
            .set_info(REQUESTED);
        // A watch that has ended has nothing to walk.
        let _ = self.0.send(Ok(rescan));
    }
}

/// What marks a reconcile walk asked for, rather than the watcher's own.
const REQUESTED: &str = "reconcile walk requested";

/// Keeps an index fresh as files change under its folders, holding its
/// writer lock all along: see [`Watch::run`].
pub struct Watch<'a> {
    index: &'a NewsIndex,
    folders: Vec<PathBuf>,
    options: WatchOptions,
    sender: Sender<notify::Result<Event>>,
    events: Mutex<Receiver<notify::Result<Event>>>,
}

impl<'a> Watch<'a> {
    /// A watch of `folders`, added to the index as
    /// [`NewsIndex::index_folders`] adds them (with the walk options of
    /// `options.index`); with none, of every folder the index records.
    pub fn new<P: AsRef<Path>>(
        index: &'a NewsIndex,
        folders: &[P],
        options: WatchOptions,
    ) -> Watch<'a> {
        let (sender, events) = mpsc::channel();
        Watch {
            index,
            folders: folders.iter().map(|f| f.as_ref().to_path_buf()).collect(),
            options,
            sender,
            events: Mutex::new(events),
        }
    }

    /// A handle that asks the running watch for a reconcile walk.
    pub fn rescan(&self) -> Rescan {
        Rescan(self.sender.clone())
    }

    /// Takes the writer lock ([`Error::IndexLocked`] when another process
    /// holds it), walks the folders once (adding those named), then commits
    /// changes as they come until `stop` is set, when what is pending is
    /// committed before it returns. `on` hears of each commit and of each
    /// trouble the watch goes on after.
    ///
    /// Editors' temporary files (`*~`, `.*.swp`, `.*.swx`, `4913`, `.#*`,
    /// `*.part`, `*.tmp`) and the index's own folder are not looked at.
    pub fn run(&self, stop: &AtomicBool, mut on: impl FnMut(WatchEvent<'_>)) -> Result<()> {
        let index = self.index;
        let events = self
            .events
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let ignored = Ignored::new(index.path());
        // Watching starts before the first walk, so that nothing changed
        // meanwhile is missed.
        let mut watcher = self.watcher(&mut on)?;
        let mut session = match self.start(&mut on) {
            Ok(session) => session,
            Err(error) => {
                drop(watcher);
                index.take_back_creation();
                return Err(error);
            }
        };
        let mut pending = Pending::default();
        let mut next_reconcile = self.options.reconcile.map(|every| Instant::now() + every);
        while !stop.load(Ordering::SeqCst) {
            let now = Instant::now();
            let wake = [
                pending.due(&self.options),
                next_reconcile,
                Some(now + Duration::from_millis(200)),
            ];
            let wake = wake.into_iter().flatten().min().unwrap_or(now);
            match events.recv_timeout(wake.saturating_duration_since(now)) {
                Ok(event) => self.note(event, &ignored, &mut pending, &mut on),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => pending.rescan(),
            }
            if next_reconcile.is_some_and(|at| Instant::now() >= at) {
                pending.reconcile = true;
                pending.first.get_or_insert_with(Instant::now);
                next_reconcile = self.options.reconcile.map(|every| Instant::now() + every);
            }
            if pending
                .due(&self.options)
                .is_some_and(|at| Instant::now() >= at)
            {
                if pending.rescan {
                    // Watches lost with the events are set up again first,
                    // so that changes during the walk are not missed.
                    match self.watcher(&mut on) {
                        Ok(new) => watcher = new,
                        Err(error) => on(WatchEvent::Trouble(&error)),
                    }
                }
                self.commit(&mut session, &mut pending, None, &mut on);
            }
        }
        // What the watcher has yet to hand over is part of what is pending.
        let deadline = Instant::now() + Duration::from_secs(2);
        while let Ok(event) = events.recv_timeout(Duration::from_millis(250)) {
            self.note(event, &ignored, &mut pending, &mut on);
            if Instant::now() >= deadline {
                break;
            }
        }
        drop(watcher);
        if pending.first.is_some() {
            self.commit(&mut session, &mut pending, Some(Trigger::Stop), &mut on);
        }
        session.finish()
    }

    /// Takes the lock and walks every folder once, adding those named.
    fn start(&self, on: &mut impl FnMut(WatchEvent<'_>)) -> Result<WriteSession<'a>> {
        let options = &self.options.index;
        let mut session = self.index.write_session(options)?;
        let report = session.index_folders(&self.folders, options, &())?;
        if session.committed {
            on(WatchEvent::Commit(&CommitSummary {
                trigger: Trigger::Start,
                paths: 0,
                report,
            }));
        }
        Ok(session)
    }

    /// A new watcher over every folder the index records: each folder
    /// recursively, and for a file indexed on its own the folder holding it
    /// (editors save by renaming over a file, which a watch of the file
    /// itself would lose).
    fn watcher(&self, on: &mut impl FnMut(WatchEvent<'_>)) -> Result<Box<dyn Watcher>> {
        let sender = self.sender.clone();
        let made = match self.options.poll {
            Some(every) => {
                let config = Config::default().with_poll_interval(every);
                PollWatcher::new(sender, config).map(|w| Box::new(w) as Box<dyn Watcher>)
            }
            None => RecommendedWatcher::new(sender, Config::default())
                .map(|w| Box::new(w) as Box<dyn Watcher>),
        };
        let mut watcher = made.map_err(|e| watch_error(e, None))?;
        let mut watched = FastSet::default();
        let named = self
            .folders
            .iter()
            .filter_map(|f| std::fs::canonicalize(f).ok());
        let mut folders = self.index.folders()?;
        folders.extend(named);
        for folder in folders {
            let (path, mode) = match folder.is_dir() {
                true => (folder, RecursiveMode::Recursive),
                false => match folder.parent() {
                    Some(parent) => (parent.to_path_buf(), RecursiveMode::NonRecursive),
                    None => continue,
                },
            };
            if !watched.insert(path.clone()) {
                continue;
            }
            if let Err(error) = watcher.watch(&path, mode) {
                // A folder that is gone is reported by each walk already.
                if path.exists() {
                    on(WatchEvent::Trouble(&watch_error(error, Some(&path))));
                }
            }
        }
        Ok(watcher)
    }

    /// Takes one of the watcher's events into the pending set.
    fn note(
        &self,
        event: notify::Result<Event>,
        ignored: &Ignored,
        pending: &mut Pending,
        on: &mut impl FnMut(WatchEvent<'_>),
    ) {
        let event = match event {
            Ok(event) => event,
            Err(error) => {
                let path = error.paths.first().cloned();
                on(WatchEvent::Trouble(&watch_error(error, path.as_deref())));
                pending.rescan();
                return;
            }
        };
        if event.need_rescan() && event.info() == Some(REQUESTED) {
            pending.rescan();
            return;
        }
        if event.need_rescan() {
            on(WatchEvent::Trouble(&Error::WatchFailed {
                path: None,
                reason: "it missed changes (its queue overflowed)".to_owned(),
            }));
            pending.rescan();
            return;
        }
        if !changes(&event.kind) {
            return;
        }
        let paths: Vec<PathBuf> = event
            .paths
            .into_iter()
            .filter(|path| !ignored.holds(path))
            .collect();
        if !paths.is_empty() {
            let now = Instant::now();
            pending.first.get_or_insert(now);
            pending.last = Some(now);
            pending.paths.extend(paths);
        }
    }

    /// Commits what is pending: the paths read again, or every folder
    /// walked after a rescan or when a reconcile is due.
    fn commit(
        &self,
        session: &mut WriteSession<'a>,
        pending: &mut Pending,
        trigger: Option<Trigger>,
        on: &mut impl FnMut(WatchEvent<'_>),
    ) {
        let options = &self.options.index.for_refresh();
        let taken = std::mem::take(pending);
        let walk_all = taken.rescan || taken.reconcile;
        let paths: Vec<PathBuf> = taken.paths.into_iter().collect();
        let result = match walk_all {
            true => session.index_folders::<&Path>(&[], options, &()),
            false => session.index_changes(&paths, options, &()),
        };
        let trigger = trigger.unwrap_or(match (taken.rescan, taken.reconcile) {
            (true, _) => Trigger::Rescan,
            (false, true) => Trigger::Reconcile,
            _ => Trigger::Changes,
        });
        match result {
            Ok(report) if session.committed => on(WatchEvent::Commit(&CommitSummary {
                trigger,
                paths: if walk_all { 0 } else { paths.len() },
                report,
            })),
            Ok(_) => {}
            Err(error) => {
                on(WatchEvent::Trouble(&error));
                // Tried again as a walk of every folder, after the longest
                // wait (a full disk is not freed in a second).
                pending.rescan();
                pending.last = Some(Instant::now() + self.options.longest);
            }
        }
    }
}

/// Changes seen and not yet committed.
#[derive(Debug, Default)]
struct Pending {
    paths: FastSet<PathBuf>,
    /// The watcher missed changes or failed: walk every folder.
    rescan: bool,
    /// The periodic walk of every folder is due.
    reconcile: bool,
    first: Option<Instant>,
    last: Option<Instant>,
}

impl Pending {
    fn rescan(&mut self) {
        let now = Instant::now();
        self.rescan = true;
        self.first.get_or_insert(now);
        self.last = Some(now);
    }

    /// When what is pending is to be committed: after the quiet time, and
    /// no later than the longest wait after the first change.
    fn due(&self, options: &WatchOptions) -> Option<Instant> {
        let first = self.first?;
        let quiet = self.last.unwrap_or(first) + options.quiet;
        Some(quiet.min(first + options.longest))
    }
}

/// Whether an event can mean a change of what a walk finds: reading a file
/// (as every run does) cannot.
fn changes(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Paths whose changes are not looked at: editors' temporary files, and
/// the index's own folder (its commits would wake the watch again).
struct Ignored {
    index: Option<PathBuf>,
}

impl Ignored {
    fn new(index: &Path) -> Ignored {
        Ignored {
            index: std::fs::canonicalize(index).ok(),
        }
    }

    fn holds(&self, path: &Path) -> bool {
        is_temporary(path) || self.index.as_ref().is_some_and(|i| path.starts_with(i))
    }
}

/// Editors' temporary files: backups (`x~`), vim's swap files and the file
/// it writes to test a folder (`.x.swp`, `.x.swx`, `4913`), Emacs' lock
/// files (`.#x`), partial downloads and other temporary files (`x.part`,
/// `x.tmp`).
pub(crate) fn is_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.ends_with('~')
        || name == "4913"
        || name.starts_with(".#")
        || (name.starts_with('.') && (name.ends_with(".swp") || name.ends_with(".swx")))
        || name.ends_with(".part")
        || name.ends_with(".tmp")
}

/// The watcher's error as ours: its limit on watches named as such.
fn watch_error(error: notify::Error, path: Option<&Path>) -> Error {
    let path = error.paths.first().map(PathBuf::as_path).or(path);
    match error.kind {
        notify::ErrorKind::MaxFilesWatch => Error::WatchLimit {
            path: path.map(Path::to_path_buf).unwrap_or_default(),
        },
        _ => Error::WatchFailed {
            path: path.map(Path::to_path_buf),
            reason: watcher_words(&error),
        },
    }
}

/// What the watcher said, without its own "(os error N)" noise.
fn watcher_words(error: &notify::Error) -> String {
    match &error.kind {
        notify::ErrorKind::Io(io) => super::walk::io_reason(io),
        notify::ErrorKind::Generic(text) => text.clone(),
        notify::ErrorKind::PathNotFound => "the path is gone".to_owned(),
        other => format!("{other:?}").to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_temporary_files_are_ignored() {
        for name in [
            "a.txt~",
            ".a.txt.swp",
            ".a.txt.swx",
            "4913",
            ".#a.txt",
            "a.part",
            "a.tmp",
        ] {
            assert!(is_temporary(&Path::new("/news").join(name)), "{name}");
        }
        for name in ["a.txt", "swp.txt", "a.swp.txt", "49130", "a#.txt", "part"] {
            assert!(!is_temporary(&Path::new("/news").join(name)), "{name}");
        }
    }

    #[test]
    fn the_watch_limit_names_the_setting_to_raise() {
        let limit = notify::Error::new(notify::ErrorKind::MaxFilesWatch);
        let error = watch_error(limit, Some(Path::new("/news/2024")));
        assert!(matches!(&error, Error::WatchLimit { path } if path == Path::new("/news/2024")));
        let message = error.to_string();
        assert!(
            message.contains("fs.inotify.max_user_watches="),
            "{message}"
        );
        assert!(message.contains("--poll"), "{message}");
        let other = watch_error(notify::Error::generic("gone wrong"), None);
        assert_eq!(
            other.to_string(),
            "the file-system watcher failed (gone wrong): the folders are walked again to catch up"
        );
    }

    #[test]
    fn reading_a_file_is_no_change() {
        assert!(!changes(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!changes(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(changes(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes(&EventKind::Remove(notify::event::RemoveKind::Any)));
    }

    #[test]
    fn a_commit_is_due_after_quiet_or_the_longest_wait() {
        let options = WatchOptions::default();
        let start = Instant::now();
        let mut pending = Pending::default();
        assert_eq!(pending.due(&options), None);
        pending.first = Some(start);
        pending.last = Some(start + Duration::from_secs(3));
        assert_eq!(pending.due(&options), Some(start + Duration::from_secs(4)));
        pending.last = Some(start + Duration::from_secs(9800) / 1000);
        assert_eq!(pending.due(&options), Some(start + Duration::from_secs(10)));
    }
}
