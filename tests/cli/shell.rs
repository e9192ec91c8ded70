//! `search completions` and `search man`: generated from the same clap
//! definition as --help, so every command and flag --help lists is in every
//! shell's script and in the man pages.

use crate::harness::{Run, TestEnv};

const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "powershell", "elvish"];

/// The commands `search --help` lists (without `help`).
fn commands(env: &TestEnv) -> Vec<String> {
    let help = ok(env.run(&["--help"]));
    section(&help, "Commands:")
        .iter()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

/// The long flags `search <command> --help` lists, without their dashes.
fn long_flags(env: &TestEnv, command: &str) -> Vec<String> {
    let help = ok(env.run(&[command, "--help"]));
    let flags: Vec<String> = section(&help, "Options:")
        .iter()
        .filter_map(|line| {
            let at = line.find("--")?;
            let name = line[at + 2..].split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'));
            name.into_iter().next().map(str::to_owned)
        })
        .collect();
    assert!(flags.iter().any(|flag| flag == "help"), "{help}");
    flags
}

/// The lines of a --help section that name an entry (indented, first word
/// not a continuation of the line above).
fn section<'a>(help: &'a str, heading: &str) -> Vec<&'a str> {
    let start = help
        .find(heading)
        .unwrap_or_else(|| panic!("{heading} in {help}"));
    help[start + heading.len()..]
        .lines()
        .skip(1)
        .take_while(|line| line.is_empty() || line.starts_with(' '))
        .filter(|line| {
            let entry = line.trim_start();
            let indent = line.len() - entry.len();
            indent == 2 || (indent <= 6 && entry.starts_with('-'))
        })
        .collect()
}

fn ok(run: Run) -> String {
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stderr, "", "{run:#?}");
    run.stdout
}

#[test]
fn every_shell_completes_every_command_and_every_query_flag() {
    let env = TestEnv::new();
    let commands = commands(&env);
    assert_eq!(
        commands,
        [
            "index",
            "query",
            "show",
            "similar",
            "stats",
            "compact",
            "export",
            "serve",
            "watch",
            "completions",
            "man"
        ]
    );
    let flags = long_flags(&env, "query");
    for flag in [
        "limit",
        "format",
        "files-with-matches",
        "null",
        "json",
        "index",
    ] {
        assert!(flags.iter().any(|f| f == flag), "--{flag} in {flags:?}");
    }
    for shell in SHELLS {
        let script = ok(env.run(&["completions", shell]));
        for command in &commands {
            assert!(script.contains(command.as_str()), "{shell} lacks {command}");
        }
        for flag in &flags {
            // fish names a long flag as `-l limit`, the others as `--limit`.
            let written = match shell {
                "fish" => format!("-l {flag}"),
                _ => format!("--{flag}"),
            };
            assert!(script.contains(&written), "{shell} lacks {written}");
        }
        // Values of a flag that takes one of a few are offered too (where
        // clap_complete's script for the shell offers values at all).
        if !matches!(shell, "powershell" | "elvish") {
            assert!(script.contains("ndjson"), "{shell} lacks --format's values");
        }
    }
}

#[test]
fn a_shell_the_tool_cannot_complete_for_is_a_mistake() {
    let env = TestEnv::new();
    let run = env.run(&["completions", "tcsh"]);
    assert!(
        run.error_message().starts_with(
            "invalid value 'tcsh' for '<SHELL>' [possible values: bash, elvish, fish, powershell, zsh]"
        ),
        "{run:#?}"
    );
}

/// A roff page as its text reads: `\-` is a plain hyphen there.
fn unescaped(roff: &str) -> String {
    roff.replace("\\-", "-")
}

#[test]
fn the_man_pages_describe_every_command_and_flag() {
    let env = TestEnv::new();
    let page = unescaped(&ok(env.run(&["man"])));
    assert!(page.contains(".TH search 1"), "{page}");
    assert!(page.contains(".SH \"EXIT STATUS\""), "{page}");
    for command in commands(&env) {
        assert!(
            page.contains(&format!("search-{command}(1)")),
            "search(1) lacks {command}"
        );
        let sub = unescaped(&ok(env.run(&["man", &command])));
        assert!(
            sub.contains(&format!(".TH search-{command} 1")),
            "{command}: {sub}"
        );
        for flag in long_flags(&env, &command) {
            assert!(
                sub.contains(&format!("--{flag}")),
                "search-{command}(1) lacks --{flag}"
            );
        }
    }
    // Examples keep their lines; prose is filled.
    let query = unescaped(&ok(env.run(&["man", "query"])));
    assert!(
        query.contains(".SH EXAMPLES\n.nf\n  search query H100\n"),
        "{query}"
    );
}

#[test]
fn man_dir_writes_every_page() {
    let env = TestEnv::new();
    let run = env.run(&["man", "--dir", "share/man/man1"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
    let dir = env.path().join("share/man/man1");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = commands(&env)
        .iter()
        .map(|command| format!("search-{command}.1"))
        .collect();
    expected.push("search.1".to_owned());
    expected.sort();
    assert_eq!(names, expected);
    let query = std::fs::read_to_string(dir.join("search-query.1")).unwrap();
    assert_eq!(query, ok(env.run(&["man", "query"])));

    env.write("file", "not a folder");
    let run = env.run(&["man", "--dir", "file/man1"]);
    assert!(
        run.error_message()
            .starts_with("cannot write the man pages to file/man1: "),
        "{run:#?}"
    );
}
