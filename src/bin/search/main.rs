//! `search`: the command-line face of the news_search library. Parses flags,
//! calls the library, renders, and maps the outcome to an exit status.

mod cli;
mod cmd;
mod config;
mod exit;
mod pager;
mod render;
mod serve;
mod usage;
mod visible;
mod wrap;

use std::backtrace::BacktraceStatus;
use std::io::ErrorKind;
use std::process::ExitCode;
use std::sync::Mutex;

use cli::{ColorWhen, Command};
pub use exit::Status;

fn main() -> ExitCode {
    let cli = match usage::parse() {
        Ok(cli) => cli,
        Err(status) => return status.into(),
    };
    if matches!(
        cli.command,
        Command::Index(_) | Command::Compact(_) | Command::Watch(_)
    ) {
        large_blocks_mapped();
    }
    quiet_panics();
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let outcome = std::panic::catch_unwind(|| match &cli.command {
        Command::Index(args) => cmd::index::run(&cli.index, args),
        Command::Query(args) => cmd::query::run(&cli.index, args),
        Command::Show(args) => cmd::show::run(&cli.index, args),
        Command::Similar(args) => cmd::similar::run(&cli.index, args),
        Command::Stats(args) => cmd::stats::run(&cli.index, args),
        Command::Compact(args) => cmd::compact::run(&cli.index, args),
        Command::Export(args) => cmd::export::run(&cli.index, args),
        Command::Serve(args) => serve::run(&cli.index, args),
        Command::Watch(args) => cmd::watch::run(&cli.index, args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Man(args) => cmd::man::run(args),
    });
    let Ok(outcome) = outcome else {
        let (what, backtrace) = LAST_PANIC
            .lock()
            .ok()
            .and_then(|mut last| last.take())
            .unwrap_or_default();
        let what = visible::line(&what);
        eprintln!(
            "search: internal error ({what}): this is a bug, please report it with the command that caused it{backtrace}"
        );
        return Status::Panicked.into();
    };
    match outcome {
        Ok(status) => status.into(),
        // A reader that stops early (`search query x | head -1`) is not an error.
        Err(e) if is_broken_pipe(&e) => Status::Found.into(),
        Err(e) => {
            let mut stderr = anstream::stderr();
            let _ = render::error(&mut stderr, &e);
            let interrupted = matches!(
                e.downcast_ref::<news_search::Error>(),
                Some(news_search::Error::Interrupted { .. })
            );
            let status = if interrupted {
                Status::Interrupted
            } else {
                Status::Error
            };
            status.into()
        }
    }
}

/// For the commands that write: blocks of 128 KiB and more (the writer's
/// tables and arenas, a merge's buffers) come from memory maps of their own
/// and go back to the system when freed. glibc would raise that bar to the
/// largest block freed so far, so the writer's later segments would be carved
/// from the heap, which keeps what they free: a first run of the 1G corpus
/// peaked 42 MB higher, of the 3G one 31-37 MB (BENCHMARKS.md, "Large blocks in
/// maps of their own"). Not for searching: `search serve` would map and unmap
/// a block of 200 KB for each request.
fn large_blocks_mapped() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: sets one of the allocator's options before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Where and why the last panic happened, kept by the quiet hook.
static LAST_PANIC: Mutex<Option<(String, String)>> = Mutex::new(None);

/// The library turns a panic while reading a damaged index into an error that
/// names the index and the way out; the default hook would print the panic
/// first, so a quiet one keeps it for `main`, which reports a panic that is not
/// caught as an internal error (with a backtrace when RUST_BACKTRACE asks).
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        let backtrace = match std::backtrace::Backtrace::capture() {
            trace if trace.status() == BacktraceStatus::Captured => format!("\n{trace}"),
            _ => String::new(),
        };
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some((format!("{message}{location}"), backtrace));
        }
    }));
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let io = cause.downcast_ref::<std::io::Error>().map(|e| e.kind());
        // JSON output meets the closed pipe inside serde_json.
        let json = cause
            .downcast_ref::<serde_json::Error>()
            .and_then(|e| e.io_error_kind());
        io.or(json) == Some(ErrorKind::BrokenPipe)
    })
}
