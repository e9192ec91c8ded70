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
//! Each option is tried on a small C program first (linked, then run), so a
//! toolchain that lacks it (binutils before 2.38 or glibc before 2.36 for
//! DT_RELR) gets the binary linked as Rust links it, never a failed build or
//! a binary that does not start. Only the binary is affected, not the
//! library, its tests or its examples.

use std::path::PathBuf;
use std::process::{Command, Stdio};

const NO_PIE: &[&str] = &["-no-pie"];
const PACKED: &str = "-Wl,-z,pack-relative-relocs";
const RELR: &[&str] = &[PACKED];
/// The probe for DT_RELR is linked position-independent, as rustc links.
const RELR_PROBE: &[&str] = &["-pie", "-fPIE", PACKED];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=NEWS_SEARCH_PIE");
    let (mode, args) = link();
    for arg in args {
        println!("cargo:rustc-link-arg-bins={arg}");
    }
    // For the test that the binary is linked as chosen here.
    println!("cargo:rustc-env=NEWS_SEARCH_LINK={mode}");
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
    let Some(out) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        return false;
    };
    let source = out.join(format!("{name}-probe.c"));
    let program = out.join(format!("{name}-probe"));
    if std::fs::write(&source, "int main(void) { return 0; }\n").is_err() {
        return false;
    }
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
