//! Hostile input: a corpus of files built to break an indexer (binary, huge,
//! deeply nested, entity bombs, loops, pipes, odd names) beside good articles.
//! The real binary indexes it: every bad file is reported with its path and a
//! reason, every good one is found, and memory stays bounded.

use std::ffi::{CString, OsStr};
use std::fs::{self, File};
use std::io::{BufWriter, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use news_search::limits::{MAX_BODY_BYTES, MAX_FILE_BYTES};
use news_search::{IndexOptions, Phase, Progress};
use serde_json::Value;

use crate::common::Workspace;
use crate::harness::{article, Run, TestEnv};

/// Peak resident memory allowed for indexing the hostile corpus, 200 MB
/// file included: the writer's buffers, a few files read up to
/// `MAX_FILE_BYTES` each and what is extracted from them.
const MAX_PEAK_RSS_MIB: u64 = 600;

/// The size of the huge article: far past what one file may take.
const HUGE_BYTES: u64 = 200 * 1000 * 1000;

/// A good article of the corpus: its file and a word only it holds.
struct Good {
    path: &'static str,
    word: &'static str,
}

const GOOD: &[Good] = &[
    Good {
        path: "news/plain.txt",
        word: "quokka",
    },
    Good {
        path: "news/notes.md",
        word: "axolotl",
    },
    Good {
        path: "news/page.html",
        word: "pangolin",
    },
    Good {
        path: "news/api.json",
        word: "narwhal",
    },
    Good {
        path: "news/invalid-utf8.txt",
        word: "wombat",
    },
    Good {
        path: "news/million-tags.json",
        word: "numbat",
    },
    Good {
        path: "news/deep.html",
        word: "abyssal",
    },
    Good {
        path: "news/huge.txt",
        word: "colossus",
    },
    Good {
        path: "news/xxe.rss",
        word: "dingo",
    },
    Good {
        path: "news/bomb.rss",
        word: "bilby",
    },
    Good {
        path: "news/long-line.txt",
        word: "okapi",
    },
];

/// Unreadable, except to root.
const LOCKED: Good = Good {
    path: "news/locked.txt",
    word: "kiwi",
};

#[test]
fn hostile_corpus_is_reported_file_by_file_and_good_articles_are_found() {
    let env = TestEnv::new();
    let corpus = Corpus::new(&env);
    corpus.write_good();
    let bad = corpus.write_bad();

    let (run, peak_kib) = index_measured(&env);

    let report = run.json();
    check_bad_files_reported(&report, &bad);
    check_good_files_found(&env, GOOD);
    if is_root() {
        // Permissions do not stop root: the locked file is read like any other.
        check_good_files_found(&env, &[LOCKED]);
    }
    let huge = warning_for(&report, "news/huge.txt");
    assert!(
        huge.contains(&format!(
            "only the first {MAX_FILE_BYTES} of its {HUGE_BYTES} bytes"
        )),
        "{huge}"
    );
    for path in ["news/huge.txt", "news/long-line.txt"] {
        let cut = warning_for(&report, path);
        assert!(
            cut.contains(&format!("body truncated to {MAX_BODY_BYTES} bytes")),
            "{cut}"
        );
    }
    assert!(!run.stderr.contains("panicked"), "{run:#?}");
    eprintln!("peak RSS of `search index` over the hostile corpus: {peak_kib} KiB");
    assert!(
        peak_kib < MAX_PEAK_RSS_MIB * 1024,
        "peak RSS {peak_kib} KiB is over {MAX_PEAK_RSS_MIB} MiB"
    );
    // The next run reads nothing again: the stored size is the file's, not what was read.
    let again = env.run(&["index", "--json", "news"]).json();
    assert_eq!(again["added"], 0, "{again}");
    assert_eq!(again["updated"], 0, "{again}");
}

#[test]
fn a_file_deleted_between_the_walk_and_its_read_is_reported() {
    // Into an empty index files are read as the walk finds them; into one
    // that holds something, once the walk is over: the race in both.
    for holds_something in [false, true] {
        let ws = Workspace::new();
        ws.write(
            "corpus/kept.txt",
            &article("Kept story", "The kestrel stays."),
        );
        let doomed = ws.write(
            "corpus/doomed.txt",
            &article("Doomed story", "The dodo goes."),
        );
        let index = ws.index();
        if holds_something {
            ws.write("other/a.txt", &article("Other story", "An owl."));
            index.index_dir(ws.path("other")).unwrap();
        }

        let deleter = DeleteWhenReading(doomed.clone());
        let report = index
            .index_folders(&[ws.path("corpus")], &IndexOptions::default(), &deleter)
            .expect("the run completes");

        assert_eq!(report.added, 1, "{report:#?}");
        assert_eq!(report.errors.len(), 1, "{report:#?}");
        assert!(report.errors[0].path.ends_with("corpus/doomed.txt"));
        assert_eq!(report.errors[0].reason, "file disappeared during the run");
        assert_eq!(crate::common::titles(&index, "kestrel"), ["Kept story"]);
    }
}

/// Deletes a file once the walk has seen it and before it is read: when
/// the reading phase begins with the files listed, or, when they are read
/// as the walk finds them, as soon as the walk has found the first (the
/// doomed file, first in the walk's order).
struct DeleteWhenReading(PathBuf);

impl Progress for DeleteWhenReading {
    fn phase(&self, phase: Phase, total: Option<u64>) {
        if phase == Phase::Reading && total.is_some() {
            fs::remove_file(&self.0).expect("delete the file");
        }
    }

    fn found(&self, _n: u64) {
        if self.0.exists() {
            fs::remove_file(&self.0).expect("delete the file");
        }
    }
}

/// A bad file of the corpus and what its report must say.
struct Bad {
    /// As the report shows it (lossy for names that are not UTF-8).
    path: String,
    /// Words the reason must hold.
    reason: &'static str,
}

struct Corpus<'a> {
    env: &'a TestEnv,
}

impl Corpus<'_> {
    fn new(env: &TestEnv) -> Corpus<'_> {
        fs::create_dir_all(env.path().join("news")).expect("news folder");
        Corpus { env }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.env.path().join(relative)
    }

    fn write_good(&self) {
        let env = self.env;
        env.write(
            "news/plain.txt",
            article("Plain story", "A quokka was seen in the park."),
        );
        env.write(
            "news/notes.md",
            "# Markdown story\n\nAn axolotl in the lab.\n",
        );
        env.write(
            "news/page.html",
            "<!doctype html><html><head><title>Web story</title></head><body><article><h1>Web story</h1><p>A pangolin crossed the road at dawn, and the drivers stopped to let it pass before the morning traffic began.</p></article></body></html>",
        );
        env.write(
            "news/api.json",
            r#"{"title": "JSON story", "text": "A narwhal surfaced near the coast."}"#,
        );
        // Not UTF-8: read as Windows-1252, not refused.
        env.write(
            "news/invalid-utf8.txt",
            b"Caf\xe9 story\n\nThe wombat \xff\xfe\x80 ate at the caf\xe9.\n",
        );
        // A million-element array inside an article.
        let mut json =
            String::from(r#"{"title": "Tagged story", "text": "A numbat dug.", "tags": ["#);
        for i in 0..1_000_000 {
            if i > 0 {
                json.push(',');
            }
            json.push_str(&format!("\"t{i}\""));
        }
        json.push_str("]}");
        env.write("news/million-tags.json", json);
        // A single line of 5 MiB, multi-byte characters included: its body is cut.
        let mut line = String::from("Okapi sighting reported. ");
        while line.len() < 5 * 1024 * 1024 {
            line.push_str("Ünïcödé wörds 中文 okapi ");
        }
        env.write("news/long-line.txt", line);
        // Too deep for an HTML parser: read as text.
        let depth = 100_000;
        env.write(
            "news/deep.html",
            format!(
                "<!doctype html><html><head><title>Abyss story</title></head><body>{}<p>Abyssal depths.</p>{}</body></html>",
                "<div>".repeat(depth),
                "</div>".repeat(depth)
            ),
        );
        // The longest name a Linux file system allows: 255 bytes.
        let long_name = format!("news/{}.txt", "n".repeat(251));
        env.write(&long_name, article("Long name story", "A tapir waded in."));
        self.write_huge("news/huge.txt", HUGE_BYTES);
    }

    /// Writes the files that must fail, each with the reason it must give.
    fn write_bad(&self) -> Vec<Bad> {
        let env = self.env;
        let mut bad = Vec::new();
        let mut expect = |path: &str, reason| {
            bad.push(Bad {
                path: path.to_owned(),
                reason,
            })
        };
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend((0..4096u32).map(|i| (i * 7 % 256) as u8));
        env.write("news/image.txt", png);
        expect("news/image.txt", "binary");
        env.write("news/nul.txt", b"Headline\0with a NUL\n\nBody text.");
        expect("news/nul.txt", "binary");
        env.write("news/empty.txt", b"");
        expect("news/empty.txt", "empty");
        env.write("news/blank.md", b"  \n\n\t \n");
        expect("news/blank.md", "empty");

        env.write(
            "news/deep.json",
            format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        );
        expect("news/deep.json", "recursion limit");
        env.write(
            "news/deep-object.json",
            format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000)),
        );
        expect("news/deep-object.json", "recursion limit");
        let million = format!("[{}{{}}]", "{},".repeat(999_999));
        env.write("news/million.json", million);
        expect("news/million.json", "no article");

        let secret = env.write("secret.txt", "platypussecret");
        env.write("news/xxe.rss", external_entity_feed(&secret));
        env.write("news/bomb.rss", entity_bomb_feed());

        std::os::unix::fs::symlink(".", self.path("news/loop")).expect("symlink loop");
        expect("news/loop", "symbolic link loop");
        std::os::unix::fs::symlink("self.txt", self.path("news/self.txt")).expect("self link");
        expect("news/self.txt", "symbolic link loop");

        mkfifo(&self.path("news/pipe.txt"));
        expect("news/pipe.txt", "not a regular file");

        let name = OsStr::from_bytes(b"caf\xe9.txt");
        let latin1 = self.path("news").join(name);
        fs::write(&latin1, article("Latin-1 name", "Bytes.")).expect("non-UTF-8 name");
        expect("news/caf\u{fffd}.txt", "not valid UTF-8");

        let locked = env.write(
            "news/locked.txt",
            article("Locked story", "A kiwi behind a lock."),
        );
        chmod(&locked, 0o000);
        if !is_root() {
            // Root reads it all the same, and it is then a good article.
            expect("news/locked.txt", "permission denied");
        }
        bad
    }

    /// A text article of `size` bytes, written without holding it in memory.
    fn write_huge(&self, relative: &str, size: u64) {
        let file = File::create(self.path(relative)).expect("create huge file");
        let mut out = BufWriter::new(file);
        let head = "Colossus of a story\n\n";
        out.write_all(head.as_bytes()).unwrap();
        let paragraph = "The colossus of text rolls on and on, paragraph after paragraph, so that nothing can read it whole.\n\n";
        let mut written = head.len() as u64;
        while written + paragraph.len() as u64 <= size {
            out.write_all(paragraph.as_bytes()).unwrap();
            written += paragraph.len() as u64;
        }
        out.write_all(&b"x".repeat((size - written) as usize))
            .unwrap();
        out.flush().unwrap();
    }
}

fn external_entity_feed(secret: &Path) -> String {
    format!(
        r#"<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{}"><!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>
<rss version="2.0"><channel><title>Feed &xxe;</title>
<item><title>Entity story</title><description>A dingo and &xxe; walked by.</description></item>
</channel></rss>"#,
        secret.display()
    )
}

fn entity_bomb_feed() -> String {
    let mut doctype = String::from("<!DOCTYPE rss [<!ENTITY lol \"lol\">");
    let mut previous = "lol".to_owned();
    for level in 1..=9 {
        let name = format!("lol{level}");
        doctype.push_str(&format!(
            "<!ENTITY {name} \"{}\">",
            format!("&{previous};").repeat(10)
        ));
        previous = name;
    }
    doctype.push_str("]>");
    format!(
        "<?xml version=\"1.0\"?>\n{doctype}\n<rss version=\"2.0\"><channel><title>Bomb</title>\
         <item><title>Bomb story</title><description>A bilby and &lol9; too.</description></item>\
         </channel></rss>"
    )
}

/// Runs `search index --json news` and reads the peak resident memory of the
/// child from the kernel (`wait4`'s rusage, in KiB), which counts every page
/// the process ever held, however briefly.
#[allow(
    clippy::zombie_processes,
    reason = "wait4 reaps the child, which std's wait cannot measure"
)]
fn index_measured(env: &TestEnv) -> (Run, u64) {
    let mut command: Command = env.command(&["index", "--json", "news"]);
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("binary runs");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).map(|_| bytes)
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stderr.read_to_end(&mut bytes).map(|_| bytes)
    });
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    let mut status = 0;
    // SAFETY: zeroed rusage is a valid value; wait4 fills it and the status.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the child is ours and not yet waited for.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    let output = Output {
        status: std::process::ExitStatus::from_raw(status),
        stdout: out.join().unwrap().expect("read stdout"),
        stderr: err.join().unwrap().expect("read stderr"),
    };
    let peak_kib = u64::try_from(usage.ru_maxrss).expect("positive");
    (Run::from_output(output), peak_kib)
}

fn check_bad_files_reported(report: &Value, bad: &[Bad]) {
    let errors = report["errors"].as_array().expect("errors is a list");
    for expected in bad {
        let found = errors
            .iter()
            .find(|e| e["path"] == expected.path.as_str())
            .unwrap_or_else(|| panic!("{} is not reported in {report:#}", expected.path));
        let reason = found["reason"].as_str().expect("a reason");
        assert!(
            reason.contains(expected.reason),
            "{}: {reason:?} does not say {:?}",
            expected.path,
            expected.reason
        );
    }
}

fn check_good_files_found<'a>(env: &TestEnv, good: impl IntoIterator<Item = &'a Good>) {
    for good in good {
        let results = env.run(&["query", "--json", good.word]).json();
        let paths: Vec<&str> = results["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .filter_map(|h| h["path"].as_str())
            .collect();
        assert_eq!(paths, [good.path], "{}: {results:#}", good.word);
    }
    let long_name = format!("news/{}.txt", "n".repeat(251));
    let results = env.run(&["query", "--json", "tapir"]).json();
    assert_eq!(results["hits"][0]["path"], long_name.as_str());
    // Entities declared in a feed are never expanded, nor fetched.
    let leaked = env.run(&["query", "platypussecret"]);
    assert_eq!(leaked.code, 1, "the secret file was read: {leaked:#?}");
}

/// The warnings about `path`, joined.
fn warning_for(report: &Value, path: &str) -> String {
    let warnings = report["warnings"].as_array().expect("warnings is a list");
    let reasons: Vec<&str> = warnings
        .iter()
        .filter(|w| w["path"] == path)
        .filter_map(|w| w["reason"].as_str())
        .collect();
    assert!(!reasons.is_empty(), "no warning for {path}: {report:#}");
    reasons.join("; ")
}

fn mkfifo(path: &Path) {
    let c_path = CString::new(path.as_os_str().as_bytes()).expect("no NUL");
    // SAFETY: a valid NUL-terminated path.
    let made = unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) };
    assert_eq!(made, 0, "mkfifo: {}", std::io::Error::last_os_error());
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}
