//! The exit statuses, in one place: grep's 0, 1 and 2, Rust's 101 for a bug,
//! and the shell's 130 for a run stopped by Ctrl-C.

use std::process::ExitCode;

/// How a run ended, as the shell sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Results were found, or the command did its job.
    Found = 0,
    /// The query found nothing.
    NotFound = 1,
    /// An error, reported on stderr.
    Error = 2,
    /// A bug: a panic the library did not turn into an error.
    Panicked = 101,
    /// Stopped by Ctrl-C (SIGINT), as shells report it.
    Interrupted = 130,
}

impl Status {
    /// The status as a process exit code.
    pub fn code(self) -> i32 {
        self as i32
    }
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(status as u8)
    }
}
