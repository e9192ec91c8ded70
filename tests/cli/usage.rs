//! The command line itself: a short flag means one thing in every
//! subcommand, and a mistake in it is reported as every other error is (one
//! `search: ` line, exit 2), while `--help` and `--version` print and exit 0.

use crate::harness::{TestEnv, BUNDLED};

#[test]
fn dash_q_is_quiet_and_nothing_else() {
    let env = TestEnv::with_bundled_article();
    let quiet = env.run(&["index", "-q", "corpus"]);
    assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""), "{quiet:#?}");

    let show = env.run(&["show", "-q", "h100", BUNDLED]);
    assert_eq!(
        show.error_message(),
        "unexpected argument '-q' found; to pass '-q' as a value, use '-- -q'"
    );
    let long = env.run(&["show", "--query", "h100", BUNDLED]);
    assert_eq!(long.code, 0, "{long:#?}");
}

#[test]
fn argument_mistakes_look_like_every_other_error() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);
    let cases: [(&[&str], &str); 5] = [
        (
            &["query", "--since", "last week", "h100"],
            "invalid value 'last week' for '--since <DATE>': bad date \"last week\": \
             write YYYY, YYYY-MM or YYYY-MM-DD; see \"search query --help\"",
        ),
        (
            &["show"],
            "the following required arguments were not provided: <ARTICLE>; \
             see \"search show --help\"",
        ),
        (
            &["query", "--jsn", "h100"],
            "unexpected argument '--jsn' found; a similar argument exists: '--json'",
        ),
        (
            &["--index", "index", "frob"],
            "unrecognized subcommand 'frob'; see \"search --help\"",
        ),
        (
            &["compact", "--segments", "0"],
            "invalid value '0' for '--segments <N>': 0 is not in 1..=65535; \
             see \"search compact --help\"",
        ),
    ];
    for (args, expected) in cases {
        let run = env.run(args);
        assert_eq!(run.error_message(), expected, "{args:?}");
    }
    // The tool's own errors have the same shape.
    let missing = env.run(&["--index", "nowhere", "stats"]);
    assert!(missing.error_message().contains("no index"), "{missing:#?}");

    // Asking for help or the version is no mistake.
    for args in [
        &["--help"][..],
        &["-h"],
        &["query", "--help"],
        &["help", "show"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 0, "{run:#?}");
        assert!(run.stdout.contains("Usage: search"), "{run:#?}");
        assert_eq!(run.stderr, "", "{run:#?}");
    }
    let version = env.run(&["--version"]);
    assert_eq!(version.code, 0, "{version:#?}");
    assert_eq!(
        version.stdout,
        format!("search {}\n", env!("CARGO_PKG_VERSION"))
    );
}
