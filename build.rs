//! Links the `search` binary with packed relative relocations (DT_RELR) on
//! GNU/Linux when this machine's linker and C library support them: the
//! table the dynamic loader walks at every start-up shrinks from 24 bytes
//! per pointer to a bitmap, and `search` starts faster (BENCHMARKS.md,
//! "Start-up and opening"). The option is tried on a small C program first
//! (linked, then run), so an older linker (binutils before 2.38) or C library
//! (glibc before 2.36) gets the binary linked as before, never a failed
//! build or a binary that does not start.

use std::path::PathBuf;
use std::process::{Command, Stdio};

const RELR: &str = "-Wl,-z,pack-relative-relocs";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let var = |name| std::env::var(name).unwrap_or_default();
    let native = var("HOST") == var("TARGET");
    let gnu_linux = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    if gnu_linux && native && links_and_runs_with_relr() {
        println!("cargo:rustc-link-arg-bins={RELR}");
    }
}

/// Whether `cc` (the linker rustc drives here) links a program with the
/// option without a warning, and the program runs.
fn links_and_runs_with_relr() -> bool {
    let Some(out) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        return false;
    };
    let source = out.join("relr-probe.c");
    let program = out.join("relr-probe");
    if std::fs::write(&source, "int main(void) { return 0; }\n").is_err() {
        return false;
    }
    let linked = Command::new("cc")
        .arg(&source)
        .args(["-pie", "-fPIE", RELR, "-o"])
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
