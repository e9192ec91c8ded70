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

/// The walk and what the index holds are both in path order, and are met
/// side by side: beside them, the diff holds a mark for each indexed file
/// and room for what changes.
pub(super) fn diff<'a>(plan: &'a Plan, known: &'a Known, walked: &'a Walked) -> Diff<'a> {
    let mut marks = vec![false; known.len()];
    let mut jobs = changed(plan, known, walked, &mut marks);
    let removed = gone(plan, known, walked, &marks);
    let unchanged = walked.candidates.len() - jobs.len();
    // From here the marks are of the indexed files rewritten: only those
    // matter to the copies' plan.
    marks.fill(false);
    let rewritten = jobs.iter().filter_map(Job::known_at);
    for at in removed.iter().copied().chain(rewritten) {
        marks[at] = true;
    }
    // A run that reads and removes nothing needs no copies' plan, which
    // holds a set of every searchable story (38 MB at 3.56 M articles).
    let (claimed, reread) = match jobs.is_empty() && removed.is_empty() {
        true => Default::default(),
        false => known.plan(&marks),
    };
    drop(marks);
    jobs.extend(copies(plan, known, walked, reread));
    // Held while the files are read: no more room than it needs.
    jobs.shrink_to_fit();
    Diff {
        removed: removed.iter().map(|&at| known.key(at)).collect(),
        jobs,
        claimed,
        unchanged,
    }
}

/// The indexed files the run looked for and did not find (those the walk
/// met are marked in `met`), by their place among the indexed files. What
/// the walk could not look into may still be there: it keeps its articles.
fn gone(plan: &Plan, known: &Known, walked: &Walked, met: &[bool]) -> Vec<usize> {
    let roots = plan.roots_text();
    let alone = plan.alone();
    let unseen: Vec<&str> = walked.unseen.iter().filter_map(|p| p.to_str()).collect();
    known
        .keys()
        .zip(met)
        .enumerate()
        .filter(|(_, (key, met))| {
            !**met && plan.reaches(key, &roots, &alone) && !unseen.iter().any(|u| is_under(key, u))
        })
        .map(|(at, _)| at)
        .collect()
}

/// The files walked that are new, or whose size or mtime changed, or that
/// must be written again: a folder added around indexed ones changes the
/// names of their files, and so their articles' ids; new aliases change
/// their sources. The indexed files walked are marked in `met`. The walk
/// and the indexed files are both in path order: they are gone through
/// side by side, without a look-up.
fn changed<'a>(plan: &Plan, known: &Known, walked: &'a Walked, met: &mut [bool]) -> Vec<Job<'a>> {
    let old_names = plan.recorded_names();
    let renamed =
        |c: &Candidate| plan.folders_changed && walk::name_start(&c.key, &old_names) != c.name_at;
    let mut at = 0;
    let mut jobs = Vec::new();
    for c in &walked.candidates {
        while at < known.len() && known.key(at) < &*c.key {
            at += 1;
        }
        let old = (at < known.len() && known.key(at) == &*c.key).then(|| (at, known.state(at)));
        if old.is_some() {
            met[at] = true;
        }
        match old {
            Some((_, old))
                if old.size == c.size
                    && old.mtime == c.mtime
                    && !renamed(c)
                    && !plan.aliases_changed => {}
            old => jobs.push(Job::new(Found::Walked(c), old, false)),
        }
    }
    jobs
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
            let old = known.find(&key)?;
            Some(Job::new(candidate, Some(old), true))
        })
        .collect()
}
