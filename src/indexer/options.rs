//! How an indexing run behaves: the options a caller sets.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::rules;
use crate::aliases::SourceAliases;
use crate::error::{Error, Result};
use crate::limits::DEFAULT_MEMORY_BUDGET;
use crate::store::WalkRecord;

/// How an indexing run behaves.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct IndexOptions {
    /// Total memory for the index writer's buffers, in bytes.
    pub memory_budget: usize,
    /// Drop every article and index the folders afresh (in the same single commit).
    pub rebuild: bool,
    /// Set from elsewhere (a Ctrl-C handler) to stop the run: it ends without
    /// committing, so the index stays as the last completed run left it.
    pub stop: Option<Arc<AtomicBool>>,
    /// The names sources are indexed under; a run after they change reads
    /// again every file of the folders it walks.
    pub aliases: SourceAliases,
    /// Walk hidden files and folders too (names starting with a dot).
    pub hidden: bool,
    /// Read no `.gitignore`, `.ignore` or `.searchignore` file.
    pub no_ignore: bool,
    /// Globs that include or exclude files, with ripgrep's `--glob` meaning:
    /// `!drafts/**` leaves out what matches; a glob without `!` (`*.md`)
    /// leaves out every file that no such glob matches. Matched against the
    /// path from the folder walked; later globs win.
    pub globs: Vec<String>,
    /// Threads that read files and write the index (the cores by default).
    pub threads: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            memory_budget: DEFAULT_MEMORY_BUDGET,
            rebuild: false,
            stop: None,
            aliases: SourceAliases::default(),
            hidden: false,
            no_ignore: false,
            globs: Vec::new(),
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

impl IndexOptions {
    /// Sets the writer's memory budget in bytes.
    pub fn memory_budget(mut self, bytes: usize) -> Self {
        self.memory_budget = bytes;
        self
    }

    /// Asks for a rebuild from scratch.
    pub fn rebuild(mut self, yes: bool) -> Self {
        self.rebuild = yes;
        self
    }

    /// Stops the run, without changing the index, once `flag` is set.
    pub fn stop_when(mut self, flag: Arc<AtomicBool>) -> Self {
        self.stop = Some(flag);
        self
    }

    /// Indexes each article's source under the name `aliases` gives it.
    pub fn source_aliases(mut self, aliases: SourceAliases) -> Self {
        self.aliases = aliases;
        self
    }

    /// Walks hidden files and folders too.
    pub fn hidden(mut self, yes: bool) -> Self {
        self.hidden = yes;
        self
    }

    /// Reads no ignore file (`.gitignore`, `.ignore`, `.searchignore`).
    pub fn no_ignore(mut self, yes: bool) -> Self {
        self.no_ignore = yes;
        self
    }

    /// Adds a glob that includes (`*.md`) or, after `!`, excludes (`!drafts/**`).
    pub fn glob(mut self, glob: impl Into<String>) -> Self {
        self.globs.push(glob.into());
        self
    }

    /// Sets the threads that read files and write the index (at least one).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    /// How the folders this run names are walked, as the index records it.
    pub(super) fn walk(&self) -> WalkRecord {
        WalkRecord {
            hidden: self.hidden,
            no_ignore: self.no_ignore,
            globs: self.globs.clone(),
            file: false,
        }
    }

    /// Checks the options before anything on disk changes: the globs can
    /// be read, and walk options come with the folders they are for
    /// (`named`), since a refresh walks each folder as it was walked before.
    pub(super) fn check(&self, named: bool) -> Result<()> {
        if !named && self.walk() != WalkRecord::default() {
            return Err(Error::WalkWithoutFolders);
        }
        rules::check_globs(&self.globs)
    }

    /// These options for the runs after a first one that named the
    /// folders: no walk options (the folders are walked as recorded), no
    /// rebuild.
    #[cfg(feature = "watch")]
    pub(super) fn for_refresh(&self) -> IndexOptions {
        IndexOptions {
            rebuild: false,
            hidden: false,
            no_ignore: false,
            globs: Vec::new(),
            ..self.clone()
        }
    }

    pub(super) fn stopped(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
    }
}
