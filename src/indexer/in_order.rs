//! Reading files on a few threads, in order, with the next ones already on
//! their way from the disk: from a list, or as another thread finds them.
//!
//! Indexing is CPU work once a file's bytes are in memory, but a folder of news
//! that has not been read lately is on disk, and one read at a time per thread
//! leaves the disk mostly idle (100 MB of articles in 1,000-file folders, cold:
//! 3.2 s to read one by one, 1.0 s with 32 reads in flight). So the workers take
//! files in order, and one more thread asks the kernel to start reading the
//! [`AHEAD`] files after the last one taken, which it does in parallel and
//! without holding any of their bytes in this process.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use super::read;

/// How many files beyond the last one taken are asked for.
const AHEAD: usize = 256;
/// How many files a streamed run hands its workers at a time.
const BATCH: usize = 32;

/// Runs `work` on every job, on `threads` threads taking jobs in order, and
/// returns the results in the jobs' order. The first error stops the workers
/// (each finishes the job in hand) and is returned.
pub(crate) fn run<J, T, E>(
    jobs: &[J],
    threads: usize,
    path: impl Fn(&J) -> &Path + Sync,
    work: impl Fn(&J) -> Result<T, E> + Sync,
) -> Result<Vec<T>, E>
where
    J: Sync,
    T: Send,
    E: Send,
{
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let worker = || {
        let _stop_on_panic = StopOnPanic(&stop);
        let mut done = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let at = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(at) else { break };
            match work(job) {
                Ok(result) => done.push((at, result)),
                Err(error) => {
                    stop.store(true, Ordering::Relaxed);
                    return Err(error);
                }
            }
        }
        Ok(done)
    };
    let finished = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.max(1)).map(|_| scope.spawn(worker)).collect();
        scope.spawn(|| prefetch(jobs, &path, &next, &stop));
        let finished: Vec<_> = workers.into_iter().map(|w| w.join()).collect();
        // Also after a panic: the prefetcher waits for workers that are gone.
        stop.store(true, Ordering::Relaxed);
        finished
    });
    let mut results = Vec::with_capacity(jobs.len());
    for done in finished {
        // A worker's panic goes on up, as it would have in the caller.
        let done = done.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        results.extend(done?);
    }
    results.sort_unstable_by_key(|(at, _)| *at);
    Ok(results.into_iter().map(|(_, result)| result).collect())
}

/// Runs `work` on every job `produce` hands over, on `threads` threads, as
/// they come: `produce` runs on a thread of its own, and its jobs wait in a
/// queue of about [`AHEAD`] with their files asked for from the disk, so
/// nothing is held for jobs further on. They go in batches of [`BATCH`]: one
/// at a time, the thread finding them and those taking them woke one
/// another for each (at 1 GB, 6.5 s more system time and 7 s more in all).
/// The first error stops the workers and `produce` (which then finds its
/// jobs refused) and is returned; else what `produce` returned.
pub(crate) fn stream<J, P, E>(
    threads: usize,
    produce: impl FnOnce(&mut dyn FnMut(J) -> bool) -> P + Send,
    path: impl Fn(&J) -> &Path + Sync,
    work: impl Fn(&J) -> Result<(), E> + Sync,
) -> Result<P, E>
where
    J: Send,
    P: Send,
    E: Send,
{
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<J>>(AHEAD / BATCH);
    let receiver = Mutex::new(receiver);
    let stop = AtomicBool::new(false);
    let worker = || {
        let _stop_on_panic = StopOnPanic(&stop);
        while !stop.load(Ordering::Relaxed) {
            let next = match receiver.lock() {
                Ok(receiver) => receiver.recv(),
                Err(_) => break,
            };
            // Every batch handed over was taken.
            let Ok(batch) = next else { break };
            for job in &batch {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                if let Err(error) = work(job) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(error);
                }
            }
        }
        Ok(())
    };
    let (produced, finished) = std::thread::scope(|scope| {
        let producer = scope.spawn(|| {
            let sender = sender;
            let mut batch = Vec::with_capacity(BATCH);
            let send = |batch: Vec<J>| {
                batch.iter().for_each(|job| read::will_need(path(job)));
                !stop.load(Ordering::Relaxed) && sender.send(batch).is_ok()
            };
            let produced = produce(&mut |job| {
                batch.push(job);
                batch.len() < BATCH
                    || send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
            });
            if !batch.is_empty() {
                send(batch);
            }
            produced
        });
        let workers: Vec<_> = (0..threads.max(1)).map(|_| scope.spawn(worker)).collect();
        let finished: Vec<_> = workers.into_iter().map(|w| w.join()).collect();
        // The producer may wait on a full queue: it is emptied until the
        // producer, told to stop, hangs up.
        stop.store(true, Ordering::Relaxed);
        if let Ok(receiver) = receiver.lock() {
            while receiver.recv().is_ok() {}
        }
        (producer.join(), finished)
    });
    for done in finished {
        done.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    }
    Ok(produced.unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
}

/// Stops the other workers when the one holding it panics.
struct StopOnPanic<'a>(&'a AtomicBool);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, Ordering::Relaxed);
        }
    }
}

/// Keeps the kernel reading up to [`AHEAD`] files beyond the next one to take.
fn prefetch<J>(jobs: &[J], path: impl Fn(&J) -> &Path, next: &AtomicUsize, stop: &AtomicBool) {
    let mut asked = 0;
    while asked < jobs.len() && !stop.load(Ordering::Relaxed) {
        if asked >= next.load(Ordering::Relaxed) + AHEAD {
            std::thread::sleep(Duration::from_millis(1));
            continue;
        }
        read::will_need(path(&jobs[asked]));
        asked += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// `n` paths that name no file: the workers below never read them.
    fn jobs(n: usize) -> Vec<PathBuf> {
        (0..n).map(|i| PathBuf::from(format!("/no/{i}"))).collect()
    }

    #[test]
    fn results_come_in_the_jobs_order_and_every_job_runs_once() {
        let jobs = jobs(1000);
        let runs = AtomicUsize::new(0);
        let results = run(
            &jobs,
            3,
            |p| p.as_path(),
            |p| {
                runs.fetch_add(1, Ordering::Relaxed);
                Ok::<_, ()>(p.display().to_string())
            },
        )
        .unwrap();
        assert_eq!(runs.load(Ordering::Relaxed), 1000);
        let expected: Vec<String> = jobs.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(results, expected);
    }

    #[test]
    fn a_panic_in_a_worker_reaches_the_caller() {
        let jobs = jobs(1000);
        let runs = AtomicUsize::new(0);
        let run = std::panic::catch_unwind(|| {
            run(
                &jobs,
                2,
                |p| p.as_path(),
                |p| {
                    runs.fetch_add(1, Ordering::Relaxed);
                    // Slow enough that the other worker cannot finish the
                    // rest while the panic unwinds.
                    std::thread::sleep(Duration::from_millis(1));
                    assert!(!p.ends_with("5"), "worker panics on {}", p.display());
                    Ok::<_, ()>(())
                },
            )
        });
        assert!(run.is_err());
        assert!(
            runs.load(Ordering::Relaxed) < 1000,
            "the other worker went on"
        );
    }

    #[test]
    fn streamed_jobs_each_run_once_and_the_producer_s_answer_comes_back() {
        let runs = Mutex::new(Vec::new());
        let produced = stream(
            3,
            |hand_over| {
                let mut handed = 0;
                for job in jobs(1000) {
                    handed += usize::from(hand_over(job));
                }
                handed
            },
            |p| p.as_path(),
            |p| {
                runs.lock().unwrap().push(p.display().to_string());
                Ok::<_, ()>(())
            },
        );
        assert_eq!(produced, Ok(1000));
        let mut runs = runs.into_inner().unwrap();
        runs.sort();
        let mut expected: Vec<String> =
            jobs(1000).iter().map(|p| p.display().to_string()).collect();
        expected.sort();
        assert_eq!(runs, expected);
    }

    #[test]
    fn a_streamed_error_stops_the_producer_too() {
        let handed = AtomicUsize::new(0);
        let result = stream(
            2,
            |hand_over| {
                for job in jobs(100_000) {
                    if !hand_over(job) {
                        return "refused";
                    }
                    handed.fetch_add(1, Ordering::Relaxed);
                }
                "all handed over"
            },
            |p| p.as_path(),
            |p| match p.ends_with("10") {
                true => Err(format!("failed on {}", p.display())),
                false => Ok(()),
            },
        );
        assert_eq!(result, Err("failed on /no/10".to_owned()));
        assert!(handed.load(Ordering::Relaxed) < 100_000);
    }

    #[test]
    fn the_first_error_stops_the_run() {
        let jobs = jobs(10_000);
        let runs = AtomicUsize::new(0);
        let result = run(
            &jobs,
            2,
            |p| p.as_path(),
            |p| {
                runs.fetch_add(1, Ordering::Relaxed);
                if p.ends_with("10") {
                    Err(format!("failed on {}", p.display()))
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err("failed on /no/10".to_owned()));
        assert!(runs.load(Ordering::Relaxed) < 10_000);
    }
}
