//! How an indexing run behaves: the options a caller sets.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::aliases::SourceAliases;
use crate::limits::DEFAULT_MEMORY_BUDGET;

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
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            memory_budget: DEFAULT_MEMORY_BUDGET,
            rebuild: false,
            stop: None,
            aliases: SourceAliases::default(),
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

    pub(super) fn stopped(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
    }
}
