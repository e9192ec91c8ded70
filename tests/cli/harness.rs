//! The test harness for the `search` binary: a temporary working directory,
//! the binary run inside it with a clean environment, and its output.
//! The reliability tests include this file too and use all of it; helpers
//! only the CLI tests need go in `output.rs`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

/// The bundled article's path once copied into a test's working directory.
pub const BUNDLED: &str = "corpus/000_d1f253cec5df7d15.txt";

const BUNDLED_SOURCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/corpus/000_d1f253cec5df7d15.txt"
);

/// What one run of the binary printed, and how it ended.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    pub fn from_output(output: std::process::Output) -> Run {
        Run {
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
            code: output
                .status
                .code()
                .expect("exited, not killed by a signal"),
        }
    }

    /// Asserts exit 0 and parses stdout as one JSON document.
    pub fn json(&self) -> Value {
        assert_eq!(self.code, 0, "{self:#?}");
        serde_json::from_str(&self.stdout).expect("stdout is one JSON document")
    }

    /// Asserts the run failed as a user error: exit 2, nothing on stdout,
    /// one `search: ` line on stderr; returns that line without the prefix.
    pub fn error_message(&self) -> &str {
        assert_eq!(self.code, 2, "{self:#?}");
        assert_eq!(self.stdout, "", "{self:#?}");
        assert_eq!(self.stderr.lines().count(), 1, "{self:#?}");
        let line = self.stderr.trim_end_matches('\n');
        line.strip_prefix("search: ")
            .unwrap_or_else(|| panic!("no \"search: \" prefix: {self:#?}"))
    }
}

/// A temporary directory the binary runs in, with nothing inherited but PATH.
pub struct TestEnv {
    dir: TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A test env holding the bundled article at [`BUNDLED`].
    pub fn with_bundled_article() -> TestEnv {
        let env = TestEnv::new();
        env.copy_bundled_article();
        env
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The binary with `args`, in the temp dir, with a clean environment;
    /// tweak it (`current_dir`, `env`) and run it with [`run_command`].
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_search"));
        command
            .args(args)
            .current_dir(self.path())
            .env_clear()
            .env("HOME", self.path());
        if let Some(path) = std::env::var_os("PATH") {
            command.env("PATH", path);
        }
        command
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run_command(&mut self.command(args))
    }

    /// `search index --json <args>`, asserted to succeed, as counts.
    pub fn index(&self, args: &[&str]) -> Counts {
        let mut all = vec!["index", "--json"];
        all.extend_from_slice(args);
        Counts::from_json(&self.run(&all).json())
    }

    /// Writes `contents` to `relative`, creating its parent folders.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dirs");
        std::fs::write(&path, contents).expect("write file");
        path
    }

    pub fn copy_bundled_article(&self) {
        let bytes = std::fs::read(BUNDLED_SOURCE).expect("bundled article");
        self.write(BUNDLED, bytes);
    }
}

pub fn run_command(command: &mut Command) -> Run {
    Run::from_output(command.output().expect("binary runs"))
}

/// The file counts of an index report, to compare in one assertion.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub added: u64,
    pub updated: u64,
    pub removed: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub errors: usize,
}

impl Counts {
    pub fn from_json(report: &Value) -> Counts {
        let count = |key: &str| {
            report[key]
                .as_u64()
                .unwrap_or_else(|| panic!("{key} is a count in {report}"))
        };
        Counts {
            added: count("added"),
            updated: count("updated"),
            removed: count("removed"),
            unchanged: count("unchanged"),
            skipped: count("skipped"),
            errors: report["errors"].as_array().expect("errors is a list").len(),
        }
    }
}

/// A plain-text article: headline, blank line, body.
pub fn article(title: &str, body: &str) -> String {
    format!("{title}\n\n{body}\n")
}
