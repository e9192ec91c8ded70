//! The search page in a real browser: Debian's Chromium, headless, driven
//! through chromedriver by a small WebDriver client over std's TcpStream.
//! `#[ignore]`d, as it needs the `chromium` and `chromium-driver` packages:
//! `.ci/run` installs them and runs `cargo test --test browser -- --ignored`.
//! Screenshots are written to target/browser/.

mod webdriver;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use self::webdriver::{Browser, Key};

const PATIENCE: Duration = Duration::from_secs(30);

/// A child process killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn search(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_search"));
    command
        .current_dir(dir)
        .env_clear()
        .env("HOME", dir)
        .arg("--no-config");
    command
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
    std::fs::write(path, text).expect("an article");
}

fn index(dir: &Path) {
    let status = search(dir)
        .args(["index", "-q", "news"])
        .status()
        .expect("search index runs");
    assert!(status.success());
}

/// `search serve` on a free port, with `extra` flags; its address.
fn serve(dir: &Path, extra: &[&str]) -> (Running, String) {
    let mut child = search(dir)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(extra)
        .stderr(Stdio::piped())
        .spawn()
        .expect("search serve starts");
    let pipe = child.stderr.take().expect("stderr");
    let child = Running(child);
    let (lines, read) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    loop {
        let line = read.recv_timeout(PATIENCE).expect("the address on stderr");
        if let Some(at) = line.find("http://") {
            let url = line[at..].split(' ').next().expect("a url").to_owned();
            return (child, url);
        }
    }
}

/// chromedriver on a free port, and a headless Chromium session through it.
fn browser(profile: &Path) -> (Running, Browser) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver (Debian's chromium-driver package) runs");
    let driver = Running(driver);
    let browser = Browser::start(&format!("127.0.0.1:{port}"), profile, PATIENCE);
    (driver, browser)
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser");
    std::fs::create_dir_all(&dir).expect("target/browser");
    dir
}

fn until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !done() {
        assert!(Instant::now() < deadline, "waited in vain for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn corpus(dir: &Path) {
    // Each story told in its own words: near-identical ones would fold.
    const TOLD: [&str; 8] = [
        "closed the ports and stranded ferries along the northern coast",
        "flattened barley fields and cut power to twelve villages",
        "grounded flights at the capital's airport for a whole day",
        "flooded the old town's cellars and the riverside market",
        "toppled a radio mast and silenced the regional broadcaster",
        "washed away a bridge on the mountain railway line",
        "forced the postponement of the national cycling race",
        "damaged the roof of the cathedral and its medieval windows",
    ];
    for (i, told) in TOLD.iter().enumerate() {
        let (month, source) = [(1, "Reuters"), (2, "BBC"), (2, "Reuters"), (3, "AP")][i % 4];
        let text = format!(
            "Storm report {i}: {told}\n\n2024-{month:02}-1{i}\n{source}\n\nThe storm {told}.\n"
        );
        write(dir, &format!("news/{i}.txt"), &text);
    }
    write(
        dir,
        "news/x1.txt",
        "<script>alert(1)</script>\n\n2024-02-02\nBBC\n\nA storm of tags.\n",
    );
    write(
        dir,
        "news/x2.txt",
        "\"><img src=x onerror=alert(1)>\n\n2024-02-03\nBBC\n\nAnother storm with markup.\n",
    );
}

#[test]
#[ignore = "needs chromium and chromedriver (Debian's chromium and chromium-driver); .ci/run installs them"]
fn the_search_page_in_a_browser() {
    let dir = TempDir::new().expect("a temp dir");
    corpus(dir.path());
    index(dir.path());
    let (_server, url) = serve(dir.path(), &[]);
    let profile = TempDir::new().expect("a profile dir");
    // Declared in this order, the browser's session ends before its driver.
    let (_driver, browser) = browser(profile.path());
    let shots = screenshots();

    // Results as you type, the matched words marked, the address in step.
    browser.go(&url);
    let q = browser.find("#q");
    browser.type_into(&q, "storm");
    until("hits", || browser.count(".hit") == 10);
    assert!(browser.count(".hit mark") >= 10);
    assert!(browser.url().ends_with("/?q=storm"), "{}", browser.url());
    let count = browser.text_of("#count");
    assert!(count.contains("10 matches"), "{count}");
    browser.screenshot(&shots.join("search.png"));

    // At a phone's width: one column, nothing to scroll sideways.
    browser.resize(390, 844);
    until("the narrow layout", || !browser.overflows());
    browser.screenshot(&shots.join("phone.png"));
    browser.resize(1100, 900);

    // Dark when the system asks for it.
    browser.color_scheme("dark");
    until("a dark page", || browser.background() == "rgb(18, 18, 18)");
    browser.screenshot(&shots.join("dark.png"));
    browser.color_scheme("light");
    until("a light page", || {
        browser.background() == "rgb(255, 255, 255)"
    });

    // The hostile titles are text: no element made of them, no alert.
    let titles = browser.texts(".hit h2 a");
    assert!(
        titles.contains(&"<script>alert(1)</script>".to_owned()),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"\"><img src=x onerror=alert(1)>".to_owned()),
        "{titles:?}"
    );
    assert_eq!(browser.count("#results img"), 0);
    assert_eq!(browser.count("#results script"), 0);

    // A source facet narrows; a month bar narrows; back undoes each.
    browser.click(&browser.find_link(".sources a", "Reuters"));
    until("Reuters only", || {
        browser.url().contains("source=Reuters")
            && browser.texts(".hit .source").iter().all(|s| s == "Reuters")
    });
    let reuters = browser.count(".hit");
    assert_eq!(reuters, 4);
    browser.click(&browser.find_link(".chart a", "2024-01"));
    until("January only", || {
        browser.url().contains("since=2024-01") && browser.count(".hit") == 2
    });
    browser.back();
    until("Reuters again", || {
        !browser.url().contains("since=") && browser.count(".hit") == reuters
    });
    browser.back();
    until("every source again", || {
        !browser.url().contains("source=") && browser.count(".hit") == 10
    });
    assert_eq!(browser.value(&browser.find("#q")), "storm");

    // Keys: "/" to the box, arrows through the headlines, Enter opens one.
    browser.click(&browser.find("#count"));
    browser.keys(&[Key::Char('/')]);
    assert_eq!(browser.active_id(), "q");
    browser.keys(&[Key::ArrowDown, Key::ArrowDown]);
    let second = browser.texts(".hit h2 a")[1].clone();
    assert_eq!(browser.active_text(), second);
    browser.keys(&[Key::Enter]);
    until("the article", || browser.url().contains("/articles/"));
    assert_eq!(browser.text_of("h1"), second);
    assert!(browser.count(".body mark") >= 1);
    browser.screenshot(&shots.join("article.png"));
    browser.back();
    until("the results", || browser.count(".hit") == 10);

    // A commit by another process: the notice, then the new article.
    write(
        dir.path(),
        "news/new.txt",
        "Storm surge floods the harbour\n\n2024-04-01\nAP\n\nThe storm surge flooded the harbour overnight.\n",
    );
    index(dir.path());
    until("the notice", || browser.displayed("#notice"));
    browser.click(&browser.find("#refresh"));
    until("eleven matches", || {
        browser.text_of("#count").contains("11 matches")
    });

    // Esc clears.
    browser.click(&browser.find("#q"));
    browser.keys(&[Key::Escape]);
    until("no results", || browser.count(".hit") == 0);
    assert_eq!(browser.value(&browser.find("#q")), "");
}

#[test]
#[ignore = "needs chromium and chromedriver (Debian's chromium and chromium-driver); .ci/run installs them"]
fn a_file_dropped_into_a_watched_folder_appears_without_a_reload() {
    let dir = TempDir::new().expect("a temp dir");
    corpus(dir.path());
    // No `search index`: the server's watch creates the index.
    let (_server, url) = serve(dir.path(), &["--watch", "news"]);
    let profile = TempDir::new().expect("a profile dir");
    let (_driver, browser) = browser(profile.path());

    // The page is served at once; the watch's first commit follows.
    browser.go(&format!("{url}?q=storm"));
    until("the first commit's hits", || {
        if browser.count(".hit") < 10 {
            browser.go(&format!("{url}?q=storm"));
        }
        browser.count(".hit") == 10
    });
    browser.mark();
    write(
        dir.path(),
        "news/dropped.txt",
        "Harbour reopens after the storm\n\n2024-04-02\nAP\n\nThe harbour reopened to ferries.\n",
    );
    until("the notice", || browser.displayed("#notice"));
    browser.click(&browser.find("#refresh"));
    until("eleven matches", || {
        browser.text_of("#count").contains("11 matches")
    });
    let titles = browser.texts(".hit h2 a");
    assert!(
        titles.contains(&"Harbour reopens after the storm".to_owned()),
        "{titles:?}"
    );
    assert!(browser.still_marked(), "the page was reloaded");
    browser.screenshot(&screenshots().join("watched.png"));
}
