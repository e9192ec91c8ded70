//! The second phase of a run: what the walk found against what the index
//! holds. Files gone are removed, new and changed ones read, the rest left
//! alone; copies of a story whose searchable article goes are read again,
//! so that one of them takes its place.

use std::borrow::Cow;
use std::path::Path;

use super::file::Job;
use super::plan::Plan;
use super::walk::{self, is_under, Candidate, Walked};
use crate::hash::{FastMap, FastSet};
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

pub(super) fn diff<'a>(plan: &'a Plan, known: &'a Known, walked: &'a Walked) -> Diff<'a> {
    let by_key: FastMap<&str, &Candidate> = walked
        .candidates
        .iter()
        .map(|c| (c.key.as_str(), c))
        .collect();
    let roots = plan.roots_text();
    let alone = plan.alone();
    // What the walk could not look into may still be there: it keeps its articles.
    let unseen: Vec<&str> = walked.unseen.iter().filter_map(|p| p.to_str()).collect();
    let removed: Vec<&str> = known
        .files
        .keys()
        .map(|key| &**key)
        .filter(|key| {
            plan.reaches(key, &roots, &alone)
                && !unseen.iter().any(|u| is_under(key, u))
                && !by_key.contains_key(key)
        })
        .collect();
    let mut rewritten: FastSet<&str> = removed.iter().copied().collect();
    // A folder added around indexed ones changes the names of their
    // files, and so their articles' ids: those files are written again.
    let old_names: Vec<&str> = plan
        .recorded
        .folders
        .iter()
        .filter_map(|f| f.to_str())
        .collect();
    let renamed =
        |c: &Candidate| plan.folders_changed && walk::name_start(&c.key, &old_names) != c.name_at;
    let mut jobs: Vec<Job> = walked
        .candidates
        .iter()
        .filter_map(|c| match known.files.get(c.key.as_str()) {
            Some(old)
                if old.size == c.size
                    && old.mtime == c.mtime
                    && !renamed(c)
                    && !plan.aliases_changed =>
            {
                None
            }
            old => Some(Job::new(Cow::Borrowed(c), old.copied(), false)),
        })
        .collect();
    let unchanged = walked.candidates.len() - jobs.len();
    rewritten.extend(jobs.iter().map(|j| j.candidate.key.as_str()));

    let (claimed, reread) = known.plan(&rewritten);
    let folder_names: Vec<&str> = plan
        .state
        .folders
        .iter()
        .filter_map(|f| f.to_str())
        .collect();
    for key in reread {
        let candidate = by_key
            .get(key.as_str())
            .map(|c| Cow::Borrowed(*c))
            .or_else(|| walk::stat(Path::new(&key), &folder_names).map(Cow::Owned));
        if let (Some(candidate), Some(old)) = (candidate, known.files.get(key.as_str())) {
            jobs.push(Job::new(candidate, Some(*old), true));
        }
    }
    Diff {
        removed,
        jobs,
        claimed,
        unchanged,
    }
}
