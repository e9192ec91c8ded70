//! The second phase of a run: what the walk found against what the index
//! holds. Files gone are removed, new and changed ones read, the rest left
//! alone; copies of a story whose searchable article goes are read again,
//! so that one of them takes its place.

use std::path::Path;

use super::file::{Found, Job};
use super::plan::Plan;
use super::walk::{self, is_under, Candidate, Walked};
use crate::hash::FastSet;
use crate::store::known::Known;

/// What a run writes.
pub(super) struct Diff<'a> {
    /// Indexed files gone from their folder, by path key.
    pub removed: Vec<&'a str>,
    /// Files to read: new, changed, and copies read again.
    pub jobs: Vec<Job<'a>>,
    /// The content hashes whose searchable article survives the run.
    pub claimed: FastSet<u64>,
    /// Files walked and left as they are.
    pub unchanged: usize,
}

/// Beside the walk, it holds room in proportion to what the index holds and
/// what changes, not to what is walked: a first run over a big archive keeps
/// no more than its walk and its jobs.
pub(super) fn diff<'a>(plan: &'a Plan, known: &'a Known, walked: &'a Walked) -> Diff<'a> {
    let (mut jobs, still_there) = changed(plan, known, walked);
    let removed = gone(plan, known, walked, &still_there);
    drop(still_there);
    let unchanged = walked.candidates.len() - jobs.len();
    let mut rewritten: FastSet<&str> = removed.iter().copied().collect();
    // Only indexed files matter to the copies' plan.
    rewritten.extend(
        jobs.iter()
            .filter(|j| j.was_indexed())
            .map(|j| &*j.candidate.key),
    );
    let (claimed, reread) = known.plan(&rewritten);
    jobs.extend(copies(plan, known, walked, reread));
    // Held while the files are read: no more room than it needs.
    jobs.shrink_to_fit();
    Diff {
        removed,
        jobs,
        claimed,
        unchanged,
    }
}

/// The indexed files the run looked for and did not find. What the walk
/// could not look into may still be there: it keeps its articles.
fn gone<'a>(
    plan: &Plan,
    known: &'a Known,
    walked: &Walked,
    still_there: &FastSet<&str>,
) -> Vec<&'a str> {
    let roots = plan.roots_text();
    let alone = plan.alone();
    let unseen: Vec<&str> = walked.unseen.iter().filter_map(|p| p.to_str()).collect();
    known
        .files
        .keys()
        .map(|key| &**key)
        .filter(|key| {
            plan.reaches(key, &roots, &alone)
                && !unseen.iter().any(|u| is_under(key, u))
                && !still_there.contains(key)
        })
        .collect()
}

/// The files walked that are new, or whose size or mtime changed, or that
/// must be written again: a folder added around indexed ones changes the
/// names of their files, and so their articles' ids; new aliases change
/// their sources. Beside them, the keys of the indexed files walked.
fn changed<'a>(plan: &Plan, known: &Known, walked: &'a Walked) -> (Vec<Job<'a>>, FastSet<&'a str>) {
    let old_names = plan.recorded_names();
    let renamed =
        |c: &Candidate| plan.folders_changed && walk::name_start(&c.key, &old_names) != c.name_at;
    let mut still_there = FastSet::default();
    let mut jobs = Vec::new();
    for c in &walked.candidates {
        let old = known.files.get(&*c.key);
        if old.is_some() {
            still_there.insert(&*c.key);
        }
        match old {
            Some(old)
                if old.size == c.size
                    && old.mtime == c.mtime
                    && !renamed(c)
                    && !plan.aliases_changed => {}
            old => jobs.push(Job::new(Found::Walked(c), old, false)),
        }
    }
    (jobs, still_there)
}

/// Jobs that read again the files holding copies of a story whose
/// searchable article goes (`reread`), walked or not.
fn copies<'a>(plan: &Plan, known: &Known, walked: &'a Walked, reread: Vec<String>) -> Vec<Job<'a>> {
    let folder_names = plan.folder_names();
    reread
        .into_iter()
        .filter_map(|key| {
            let candidate = walked.find(&key).map(Found::Walked).or_else(|| {
                let stat = walk::stat(Path::new(&key), &folder_names)?;
                Some(Found::Own(Box::new(stat)))
            })?;
            let old = known.files.get(key.as_str())?;
            Some(Job::new(candidate, Some(old), true))
        })
        .collect()
}
