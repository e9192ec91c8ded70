//! The second phase of a run: what the walk found against what the index
//! holds. Files gone are removed, new and changed ones read, the rest left
//! alone; copies of a story whose searchable article goes are read again,
//! so that one of them takes its place.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::file::{Found, Job};
use super::plan::Plan;
use super::walk::{self, is_under, Candidate, Hint, Sieve, Walked};
use crate::hash::FastSet;
use crate::store::known::Known;
use crate::store::schema::FileState;

/// What a run writes.
pub(super) struct Diff<'a> {
    /// Indexed files gone from their folder, by path key.
    pub removed: Vec<String>,
    /// Files to read: new, changed, and copies read again.
    pub jobs: Vec<Job<'a>>,
    /// The content hashes whose searchable article survives the run.
    pub claimed: FastSet<u64>,
    /// Files walked and left as they are.
    pub unchanged: usize,
}

/// What the walk found (the files to read: [`Meeting`] kept only those)
/// against what the index holds; `met` marks the indexed files the walk met.
pub(super) fn diff<'a>(
    plan: &'a Plan,
    known: &'a Known,
    walked: &'a Walked,
    mut met: Vec<bool>,
) -> Diff<'a> {
    let mut jobs = to_read(known, walked);
    let removed = gone(plan, known, walked, &met);
    let changed = jobs.iter().filter(|job| job.was_indexed()).count();
    let unchanged = met.iter().filter(|m| **m).count() - changed;
    // From here the marks are of the indexed files rewritten: only those
    // matter to the copies' plan.
    met.fill(false);
    let rewritten = jobs.iter().filter_map(Job::known_at);
    for at in removed.iter().map(|(at, _)| *at).chain(rewritten) {
        met[at] = true;
    }
    // A run that reads and removes nothing needs no copies' plan, which
    // holds a set of every searchable story (38 MB at 3.56 M articles).
    let (claimed, reread) = match jobs.is_empty() && removed.is_empty() {
        true => Default::default(),
        false => known.plan(&met),
    };
    drop(met);
    jobs.extend(copies(plan, known, reread));
    // Held while the files are read: no more room than it needs.
    jobs.shrink_to_fit();
    Diff {
        removed: removed.into_iter().map(|(_, key)| key).collect(),
        jobs,
        claimed,
        unchanged,
    }
}

/// The walk's [`Sieve`] for a run into an index that holds files: it looks
/// each file found up among the indexed ones, marks those it meets, and
/// keeps only the files to read: new ones, and those whose size or mtime
/// changed or that must be written again (a folder added around indexed
/// ones changes the names of their files, and so their articles' ids; new
/// aliases change their sources). A walk of files that did not change holds
/// none of them, only a mark each.
pub(super) struct Meeting<'a> {
    plan: &'a Plan,
    known: &'a Known,
    old_names: Vec<&'a str>,
    met: Vec<AtomicBool>,
}

impl<'a> Meeting<'a> {
    pub(super) fn new(plan: &'a Plan, known: &'a Known) -> Self {
        Meeting {
            plan,
            known,
            old_names: plan.recorded_names(),
            met: (0..known.len()).map(|_| AtomicBool::new(false)).collect(),
        }
    }

    /// Which indexed files the walk met, by their place in path order.
    pub(super) fn into_met(self) -> Vec<bool> {
        self.met.into_iter().map(AtomicBool::into_inner).collect()
    }

    /// Whether the file the index holds as `old` needs no reading.
    fn unchanged(&self, candidate: &Candidate, old: &FileState) -> bool {
        let plan = self.plan;
        let renamed = plan.folders_changed
            && walk::name_start(&candidate.key, &self.old_names) != candidate.name_at;
        old.size == candidate.size
            && old.mtime == candidate.mtime
            && !renamed
            && !plan.aliases_changed
    }
}

impl Sieve for Meeting<'_> {
    fn keep(&self, candidate: &Candidate, hint: &mut Hint) -> bool {
        let key = &*candidate.key;
        let separator = std::path::MAIN_SEPARATOR;
        let folder = key.rfind(separator).map_or("", |at| &key[..=at]);
        if hint.folder != folder {
            hint.folder.clear();
            hint.folder.push_str(folder);
            hint.range = self.known.under(folder);
        }
        let Some(at) = self.known.find_in(hint.range.clone(), key) else {
            return true;
        };
        self.met[at].store(true, Ordering::Relaxed);
        !self.unchanged(candidate, self.known.state(at))
    }
}

/// The indexed files the run looked for and did not find (those the walk
/// met are marked in `met`), by their place among the indexed files. What
/// the walk could not look into may still be there: it keeps its articles.
fn gone(plan: &Plan, known: &Known, walked: &Walked, met: &[bool]) -> Vec<(usize, String)> {
    let roots = plan.roots_text();
    let alone = plan.alone();
    let unseen: Vec<&str> = walked.unseen.iter().filter_map(|p| p.to_str()).collect();
    let mut gone = Vec::new();
    known.for_each_key(|at, key| {
        let missed = !met.get(at).copied().unwrap_or(true);
        if missed && plan.reaches(key, &roots, &alone) && !unseen.iter().any(|u| is_under(key, u)) {
            gone.push((at, key.to_owned()));
        }
    });
    gone
}

/// A job for each file the walk kept, with what the index holds of it. The
/// walk and the indexed files are both in path order: they are gone through
/// side by side, without a look-up.
fn to_read<'a>(known: &Known, walked: &'a Walked) -> Vec<Job<'a>> {
    let mut jobs = Vec::with_capacity(walked.candidates.len());
    if walked.candidates.is_empty() {
        return jobs;
    }
    let mut candidates = walked.candidates.iter().peekable();
    known.for_each_key(|at, key| {
        while let Some(c) = candidates.next_if(|c| &*c.key <= key) {
            let old = (&*c.key == key).then(|| (at, known.state(at)));
            jobs.push(Job::new(Found::Walked(c), old, false));
        }
    });
    jobs.extend(candidates.map(|c| Job::new(Found::Walked(c), None, false)));
    jobs
}

/// Jobs that read again the files holding copies of a story whose
/// searchable article goes (`reread`): files left as they are, so the walk
/// did not keep them, or files outside it.
fn copies<'a>(plan: &Plan, known: &Known, reread: Vec<String>) -> Vec<Job<'a>> {
    let folder_names = plan.folder_names();
    reread
        .into_iter()
        .filter_map(|key| {
            let candidate = walk::stat(Path::new(&key), &folder_names)?;
            let old = known.find(&key)?;
            Some(Job::new(Found::Own(Box::new(candidate)), Some(old), true))
        })
        .collect()
}
