//! Links the `search` binary for a fast start on GNU/Linux.
//!
//! `search` is a short-lived process, started once per query. Linked as a
//! position-independent executable (Rust's default), it makes the dynamic
//! loader write about 42,000 pointers into the 209 pages of the binary's
//! `.data.rel.ro` at every start: a third of a rare word's page faults and
//! a fifth of its CPU time (BENCHMARKS.md, "A binary at a fixed address").
//! So by default the binary is linked at a fixed address (`-no-pie`); the
//! shared libraries, heap, stack and memory maps are still placed at random
//! addresses, only the binary's own image is not.
//!
//! `NEWS_SEARCH_PIE=1` at build time keeps it position-independent, for
//! distributions whose policy asks for it; it is then linked with packed
//! relative relocations (DT_RELR) where the toolchain takes them, which
//! shrinks the table the loader reads but not the pages it writes.
//!
//! Where rustc links with lld (its default linker on x86-64 GNU/Linux since
//! 1.90), the functions a query runs are laid out together, in the order of
//! `src/bin/search/hot-functions.txt` (written by `scripts/hot-functions.sh`):
//! scattered over the binary's 10 MB of code, they cost a page fault for
//! each 64 KiB they touch (BENCHMARKS.md, "Hot functions together"). Names
//! the list holds that the build does not (another toolchain, renamed code)
//! are passed over: a stale list costs speed, never a build.
//!
//! Each option is tried first, on a small C program for the link mode
//! (linked, then run) and through rustc for the layout, so a toolchain that
//! lacks it (binutils before 2.38 or glibc before 2.36 for DT_RELR, GNU ld
//! for the layout) gets the binary linked as Rust links it, never a failed
//! build or a binary that does not start. Only the binary is affected, not
//! the library, its tests or its examples.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const NO_PIE: &[&str] = &["-no-pie"];
const PACKED: &str = "-Wl,-z,pack-relative-relocs";
const RELR: &[&str] = &[PACKED];
/// The probe for DT_RELR is linked position-independent, as rustc links.
const RELR_PROBE: &[&str] = &["-pie", "-fPIE", PACKED];
/// The functions a short-lived `search` runs, in the order to lay them out.
const HOT_FUNCTIONS: &str = "src/bin/search/hot-functions.txt";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={HOT_FUNCTIONS}");
    println!("cargo:rerun-if-env-changed=NEWS_SEARCH_PIE");
    let (mode, args) = link();
    for arg in args {
        println!("cargo:rustc-link-arg-bins={arg}");
    }
    if mode != "default" {
        for arg in hot_functions_first() {
            println!("cargo:rustc-link-arg-bins={arg}");
        }
    }
    // For the test that the binary is linked as chosen here.
    println!("cargo:rustc-env=NEWS_SEARCH_LINK={mode}");
}

/// The linker's arguments that lay out the hot functions first, when
/// rustc's linker takes them (lld's; GNU ld has no such option).
fn hot_functions_first() -> Vec<String> {
    let Ok(manifest) = std::env::var("CARGO_MANIFEST_DIR") else {
        return Vec::new();
    };
    let list = Path::new(&manifest).join(HOT_FUNCTIONS);
    if !list.is_file() {
        return Vec::new();
    }
    let args = |list: &Path| {
        vec![
            format!("-Wl,--symbol-ordering-file={}", list.display()),
            // The names this build does not hold are expected, not news.
            "-Wl,--no-warn-symbol-ordering".to_owned(),
        ]
    };
    // The probe's list names a function every program has.
    let Some((probe_list, _)) = probe("ordering-list", "txt", "main\n") else {
        return Vec::new();
    };
    if !rustc_links("ordering", &args(&probe_list)) {
        return Vec::new();
    }
    args(&list)
}

/// Whether rustc, with the flags cargo gives this build, links a program
/// with `link_args` passed to its linker, without a warning.
fn rustc_links(name: &str, link_args: &[String]) -> bool {
    let Some((source, program)) = probe(name, "rs", "fn main() {}\n") else {
        return false;
    };
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut command = Command::new(rustc);
    command.arg(&source).arg("-o").arg(&program);
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    command.args(flags.split('\x1f').filter(|f| !f.is_empty()));
    for arg in link_args {
        command.arg("-C").arg(format!("link-arg={arg}"));
    }
    command
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success() && o.stderr.is_empty())
}

/// How the binary is linked, and the linker's arguments for it.
fn link() -> (&'static str, &'static [&'static str]) {
    let var = |name| std::env::var(name).unwrap_or_default();
    let native = var("HOST") == var("TARGET");
    let gnu_linux = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    if !(gnu_linux && native) {
        return ("default", &[]);
    }
    let pie = matches!(
        var("NEWS_SEARCH_PIE").to_ascii_lowercase().as_str(),
        "1" | "true" | "yes"
    );
    if !pie && links_and_runs("no-pie", NO_PIE) {
        ("fixed", NO_PIE)
    } else if links_and_runs("relr", RELR_PROBE) {
        ("relr", RELR)
    } else {
        ("default", &[])
    }
}

/// Whether `cc` (the linker rustc drives here) links a program with `args`
/// without a warning, and the program runs.
fn links_and_runs(name: &str, args: &[&str]) -> bool {
    let Some((source, program)) = probe(name, "c", "int main(void) { return 0; }\n") else {
        return false;
    };
    let linked = Command::new("cc")
        .arg(&source)
        .args(args)
        .arg("-o")
        .arg(&program)
        .stdin(Stdio::null())
        .output();
    let linked = linked.is_ok_and(|o| o.status.success() && o.stderr.is_empty());
    linked
        && Command::new(&program)
            .stdin(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

/// A probe's source, written into the build's own folder with `text`, and
/// the program to build from it.
fn probe(name: &str, extension: &str, text: &str) -> Option<(PathBuf, PathBuf)> {
    let out = PathBuf::from(std::env::var_os("OUT_DIR")?);
    let source = out.join(format!("{name}-probe.{extension}"));
    std::fs::write(&source, text).ok()?;
    Some((source, out.join(format!("{name}-probe"))))
}
