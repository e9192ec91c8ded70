//! The write path: walk the folders, diff them against what the index holds,
//! extract what is new or changed in parallel, and land everything in one
//! commit. `NewsIndex`'s methods for writing live here.

mod diff;
mod file;
mod folders;
mod in_order;
mod options;
mod plan;
mod read;
mod report;
mod rules;
mod scope;
mod session;
mod walk;
#[cfg(feature = "watch")]
mod watch;

use std::path::Path;
use std::time::Instant;

pub use self::options::IndexOptions;
pub use self::report::{FileError, IndexReport, Phase, Progress};
pub use self::session::WriteSession;
#[cfg(feature = "watch")]
pub use self::watch::{CommitSummary, Rescan, Trigger, Watch, WatchEvent, WatchOptions};

use crate::error::Result;
use crate::store::NewsIndex;

impl NewsIndex {
    /// Indexes one folder incrementally with default options.
    pub fn index_dir(&self, folder: impl AsRef<Path>) -> Result<IndexReport> {
        self.index_folders(&[folder.as_ref()], &IndexOptions::default(), &())
    }

    /// Refreshes every folder the index already holds.
    pub fn refresh(&self) -> Result<IndexReport> {
        self.index_folders::<&Path>(&[], &IndexOptions::default(), &())
    }

    /// Indexes `folders` (or, when empty, every folder the index holds): new and
    /// changed files are read, articles of deleted files removed, the rest left
    /// alone. Everything lands in one commit; an interrupted run changes nothing.
    ///
    /// Files and folders that cannot be read are reported and keep their
    /// articles; so do the folders a refresh no longer finds. A rebuild with
    /// named folders leaves the index holding exactly those.
    ///
    /// A file named among the folders is indexed on its own, and a refresh
    /// reads it alone, not the rest of its folder. The walk options of
    /// `options` ([`IndexOptions::hidden`], [`IndexOptions::no_ignore`],
    /// [`IndexOptions::glob`]) are recorded with the folders named, and a
    /// refresh walks each folder as recorded; given without folders they are
    /// refused ([`Error::WalkWithoutFolders`](crate::Error::WalkWithoutFolders)).
    pub fn index_folders<P: AsRef<Path>>(
        &self,
        folders: &[P],
        options: &IndexOptions,
        progress: &dyn Progress,
    ) -> Result<IndexReport> {
        let result = self.run(folders, options, progress);
        match &result {
            Ok(_) => self.forget_creation(),
            Err(_) => self.take_back_creation(),
        }
        result
    }

    /// Reads again just `paths` that changed under the folders the index
    /// records, in one commit: [`WriteSession::index_changes`], with the
    /// lock taken for this one run.
    pub fn index_changes<P: AsRef<Path>>(
        &self,
        paths: &[P],
        options: &IndexOptions,
        progress: &dyn Progress,
    ) -> Result<IndexReport> {
        let mut session = self.write_session(options)?;
        let report = session.index_changes(paths, options, progress)?;
        session.finish()?;
        Ok(report)
    }

    /// One run over whole folders: planned (mistakes found before the lock
    /// is taken), then walked, diffed, read and committed under the lock.
    fn run<P: AsRef<Path>>(
        &self,
        folders: &[P],
        options: &IndexOptions,
        progress: &dyn Progress,
    ) -> Result<IndexReport> {
        let started = Instant::now();
        let mut errors = Vec::new();
        let plan = self.plan_folders(folders, options, &mut errors)?;
        let mut session = self.write_session(options)?;
        let report = session.run(plan, options, progress, errors, started)?;
        session.finish()?;
        Ok(report)
    }
}
