//! What `--index` may name, tried as a new user would get it wrong: a file,
//! a folder of other files, another program's index, a damaged commit
//! record, a folder without permissions, a read-only disk. Each gets one
//! plain sentence that says what to do, and none loses a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{run_command, Run, TestEnv};

/// Every file under `dir` with its bytes, to show that nothing changed.
pub fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read file");
                files.insert(path.strip_prefix(dir).expect("under").to_owned(), bytes);
            }
        }
    }
    files
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// `search args` with file permissions in force: as root, through
/// `setpriv` with every capability dropped; `None` where that cannot be done.
pub fn run_unprivileged(env: &TestEnv, args: &[&str]) -> Option<Run> {
    let command = env.command(args);
    if !is_root() {
        return Some(run_command(&mut { command }));
    }
    let mut wrapped = Command::new("setpriv");
    wrapped
        .arg("--bounding-set=-all")
        .arg(command.get_program())
        .args(command.get_args())
        .current_dir(env.path())
        .env_clear()
        .env("HOME", env.path());
    if let Some(path) = std::env::var_os("PATH") {
        wrapped.env("PATH", path);
    }
    match wrapped.output() {
        Ok(output) if !String::from_utf8_lossy(&output.stderr).starts_with("setpriv:") => {
            Some(Run::from_output(output))
        }
        _ => {
            eprintln!("running as root without setpriv: permissions cannot be tried here");
            None
        }
    }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn an_index_path_that_is_a_file_is_refused() {
    let env = TestEnv::with_bundled_article();
    env.write("notes", "my notes");

    for args in [
        &["--index", "notes", "index", "corpus"][..],
        &["--index", "notes", "index", "--rebuild", "corpus"],
        &["--index", "notes", "query", "H100"],
    ] {
        assert_eq!(
            env.run(args).error_message(),
            "notes is not a news-search index (it is a file): choose a new or empty folder for the index with --index",
            "{args:?}"
        );
    }
    assert_eq!(
        std::fs::read(env.path().join("notes")).unwrap(),
        b"my notes"
    );
}

#[test]
fn a_folder_of_other_files_is_neither_indexed_into_nor_rebuilt() {
    let env = TestEnv::with_bundled_article();
    env.write("project/notes.txt", "my notes");
    env.write("project/meta.json", r#"{"name": "my project"}"#);
    let before = contents(&env.path().join("project"));

    for args in [
        &["--index", "project", "index", "corpus"][..],
        &["--index", "project", "index", "--rebuild", "corpus"],
        &["--index", "project", "query", "H100"],
        &["--index", "project", "stats"],
    ] {
        assert_eq!(
            env.run(args).error_message(),
            "project is not a news-search index (it holds other files): choose a new or empty folder for the index with --index",
            "{args:?}"
        );
    }
    assert_eq!(contents(&env.path().join("project")), before);
}

#[test]
fn another_programs_index_is_refused_and_left_whole() {
    let env = TestEnv::with_bundled_article();
    let dir = env.path().join("theirs");
    std::fs::create_dir(&dir).expect("mkdir");
    let mut builder = tantivy::schema::Schema::builder();
    let x = builder.add_text_field("x", tantivy::schema::TEXT);
    let index = tantivy::Index::create_in_dir(&dir, builder.build()).expect("create index");
    let mut writer = index
        .writer::<tantivy::TantivyDocument>(50_000_000)
        .expect("writer");
    writer
        .add_document(tantivy::doc!(x => "their document"))
        .expect("add");
    writer.commit().expect("commit");
    drop(writer);
    let before = contents(&dir);

    for args in [
        &["--index", "theirs", "index", "--rebuild", "corpus"][..],
        &["--index", "theirs", "index", "corpus"],
        &["--index", "theirs", "query", "document"],
    ] {
        assert_eq!(
            env.run(args).error_message(),
            "theirs is not a news-search index (it holds another program's index): choose a new or empty folder for the index with --index",
            "{args:?}"
        );
    }
    assert_eq!(contents(&dir), before);
}

#[test]
fn a_damaged_commit_record_is_named_plainly_and_rebuilt_from_named_folders() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);
    std::fs::write(env.path().join("index/meta.json"), "").expect("empty meta.json");

    assert_eq!(
        env.run(&["query", "H100"]).error_message(),
        "the index at ./index cannot be read (meta.json is damaged): run \"search index --rebuild\" to build it afresh"
    );
    // The folders it held were in that record.
    assert_eq!(
        env.run(&["index", "--rebuild"]).error_message(),
        "the index at ./index cannot be read, so the folders it held are unknown: name them, as in \"search index --rebuild FOLDER...\""
    );
    assert_eq!(env.index(&["--rebuild", "corpus"]).added, 1);
    assert_eq!(env.run(&["query", "H100"]).code, 0);
}

#[test]
fn a_rebuild_alone_of_an_older_index_rebuilds_the_folders_it_recorded() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);
    let meta_path = env.path().join("index/meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&meta_path).unwrap()).unwrap();
    let payload = meta["payload"].as_str().unwrap().to_owned();
    let older = news_search::SCHEMA_VERSION - 1;
    let marker = format!("\"version\":{}", news_search::SCHEMA_VERSION);
    meta["payload"] = payload
        .replace(&marker, &format!("\"version\":{older}"))
        .into();
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    assert!(env
        .run(&["query", "H100"])
        .error_message()
        .contains("incompatible"));

    assert_eq!(env.index(&["--rebuild"]).added, 1);
    assert_eq!(env.run(&["query", "H100"]).code, 0);
}

#[test]
fn an_index_folder_without_permissions_is_named_plainly() {
    let env = TestEnv::with_bundled_article();
    std::fs::create_dir(env.path().join("locked")).expect("mkdir");
    set_mode(&env.path().join("locked"), 0o555);
    let Some(run) = run_unprivileged(&env, &["--index", "locked", "index", "corpus"]) else {
        return;
    };
    assert_eq!(
        run.error_message(),
        "cannot write to the index at locked (permission denied): give yourself access to it, or choose another folder with --index"
    );
    assert_eq!(contents(&env.path().join("locked")).len(), 0);

    env.index(&["corpus"]);
    set_mode(&env.path().join("index"), 0o000);
    let run = run_unprivileged(&env, &["query", "H100"]).expect("ran before");
    set_mode(&env.path().join("index"), 0o755);
    assert_eq!(
        run.error_message(),
        "cannot read the index at ./index (permission denied): give yourself access to it, or choose another folder with --index"
    );
}

/// A tmpfs mounted read-only over `at`, unmounted when dropped.
struct ReadOnlyDisk(PathBuf);

impl ReadOnlyDisk {
    /// Mounts a tmpfs over `at` and lets `fill` write to it before it is
    /// made read-only; `None` where this process may not mount file systems.
    fn mount(at: &Path, fill: impl FnOnce()) -> Option<ReadOnlyDisk> {
        std::fs::create_dir_all(at).expect("mkdir");
        let mount = |args: &[&str]| {
            Command::new("mount")
                .args(args)
                .arg(at)
                .status()
                .is_ok_and(|s| s.success())
        };
        if !mount(&["-t", "tmpfs", "-o", "size=16m", "tmpfs"]) {
            return None;
        }
        let disk = ReadOnlyDisk(at.to_owned());
        fill();
        assert!(mount(&["-o", "remount,ro"]), "remount read-only");
        Some(disk)
    }
}

impl Drop for ReadOnlyDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn an_index_on_a_read_only_disk_is_named_plainly() {
    let env = TestEnv::with_bundled_article();
    let disk = env.path().join("disk");
    let fill = || {
        assert_eq!(
            env.run(&["--index", "disk/index", "index", "-q", "corpus"])
                .code,
            0
        )
    };
    let Some(_disk) = ReadOnlyDisk::mount(&disk, fill) else {
        eprintln!("cannot mount a file system here: a read-only disk cannot be tried");
        return;
    };
    let advice = "(the disk is read-only): choose a folder on a writable disk with --index (copy an index there to search it)";
    for (index, args) in [
        ("disk/index", &["query", "H100"][..]),
        ("disk/index", &["index", "corpus"]),
        ("disk/new", &["index", "corpus"]),
    ] {
        let mut all = vec!["--index", index];
        all.extend_from_slice(args);
        assert_eq!(
            env.run(&all).error_message(),
            format!("cannot write to the index at {index} {advice}"),
            "{all:?}"
        );
    }
}

#[test]
fn an_index_folder_kept_in_a_repository_by_its_gitignore_takes_the_index() {
    // A checkout of this repository: `index/` holds only its `.gitignore`.
    let env = TestEnv::with_bundled_article();
    env.write("index/.gitignore", "*\n!.gitignore\n");

    let counts = env.index(&["corpus"]);

    assert_eq!(counts.added, 1);
    assert_eq!(env.run(&["query", "H100"]).code, 0);
    let kept = std::fs::read_to_string(env.path().join("index/.gitignore")).unwrap();
    assert_eq!(kept, "*\n!.gitignore\n");
}
