//! `search serve` run for real on a free loopback port, asked over plain
//! HTTP/1.1 (a small client on std's TcpStream): the API's documents against
//! the command line's, errors, commits by another process, the page's
//! escaping, and how the server stops.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::{article, TestEnv};

/// How long anything awaited (the server's start, an event) may take.
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `search serve`, stopped with SIGTERM when dropped.
struct Server {
    child: Child,
    addr: String,
    /// What it printed before its address.
    startup: Vec<String>,
    /// What it prints on stderr from then on, line by line.
    stderr: mpsc::Receiver<String>,
    /// Lines of `startup` that [`Server::printed`] has yet to look at.
    unread: std::cell::RefCell<std::collections::VecDeque<String>>,
}

impl Server {
    fn start(env: &TestEnv, extra: &[&str]) -> Server {
        let mut args = vec!["serve", "--addr", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        Server::start_with(env, &args)
    }

    fn start_with(env: &TestEnv, args: &[&str]) -> Server {
        let mut child = env
            .command(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("search serve starts");
        let (lines, stderr) = mpsc::channel();
        let pipe = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        let deadline = Instant::now() + PATIENCE;
        let mut startup = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(line) = stderr.recv_timeout(left) else {
                let _ = child.kill();
                let _ = child.wait();
                panic!("no address on stderr: {startup:?}");
            };
            startup.push(line.clone());
            if let Some(at) = line.find("http://") {
                let addr = line[at + "http://".len()..]
                    .split('/')
                    .next()
                    .expect("host:port")
                    .to_owned();
                return Server {
                    child,
                    addr,
                    unread: std::cell::RefCell::new(startup.iter().cloned().collect()),
                    startup,
                    stderr,
                };
            }
        }
    }

    fn get(&self, target: &str) -> Response {
        self.request(&format!("GET {target} HTTP/1.1\r\n"), "")
    }

    /// Sends the request line and `headers` (each ending in CRLF).
    fn request(&self, line: &str, headers: &str) -> Response {
        let mut stream = TcpStream::connect(&self.addr).expect("connects");
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        let request = format!(
            "{line}Host: {}\r\nConnection: close\r\n{headers}\r\n",
            self.addr
        );
        stream.write_all(request.as_bytes()).expect("sends");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("reads the answer");
        Response::parse(&raw)
    }

    /// Waits for a line on stderr that holds `text`, looking at each line
    /// once (those before the address too); returns it.
    fn printed(&self, text: &str) -> String {
        while let Some(line) = self.unread.borrow_mut().pop_front() {
            if line.contains(text) {
                return line;
            }
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stderr.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) => {}
                Err(_) => panic!("no line with {text:?} on stderr"),
            }
        }
    }

    /// Asks `/api/search?q={word}` until it counts `hits`; the last answer.
    fn searched(&self, word: &str, hits: u64) -> Value {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let found = self.get(&format!("/api/search?q={word}")).json();
            if found["total_hits"] == hits {
                return found;
            }
            assert!(Instant::now() < deadline, "not {hits} hits: {found}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Sends SIGTERM and waits for the exit status.
    fn stop(mut self) -> i32 {
        terminate(&self.child);
        let status = wait(&mut self.child);
        std::mem::forget(self);
        status
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn terminate(child: &Child) {
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    // SAFETY: kill(2) with a pid this test started and still owns.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
}

/// Opens `/api/events` and reads past the answer's status line.
fn events(server: &Server) -> BufReader<TcpStream> {
    let stream = TcpStream::connect(&server.addr).expect("connects");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    let mut events = BufReader::new(stream);
    write!(
        events.get_mut(),
        "GET /api/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .expect("sends");
    let mut line = String::new();
    events.read_line(&mut line).expect("a status line");
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    events
}

/// The data of the next event whose article count is `articles`.
fn event_with(events: &mut BufReader<TcpStream>, articles: u64) -> Value {
    let deadline = Instant::now() + PATIENCE;
    let mut line = String::new();
    loop {
        assert!(
            Instant::now() < deadline,
            "no event with {articles} articles"
        );
        line.clear();
        events.read_line(&mut line).expect("an event");
        if let Some(data) = line.trim_end().strip_prefix("data: ") {
            let commit: Value = serde_json::from_str(data).expect("JSON data");
            if commit["articles"] == articles {
                return commit;
            }
        }
    }
}

/// The exit code, waiting at most [`PATIENCE`].
fn wait(child: &mut Child) -> i32 {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status.code().expect("exited, not killed by a signal");
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text.split_once("\r\n\r\n").expect("a head and a body");
        let mut lines = head.lines();
        let status = lines.next().expect("a status line")[9..12]
            .parse()
            .expect("a status");
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(": "))
            .map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned()))
            .collect();
        let mut response = Response {
            status,
            headers,
            body: body.to_owned(),
        };
        if response.header("transfer-encoding") == Some("chunked") {
            response.body = unchunk(body);
        }
        response
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "{self:#?}"
        );
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {self:#?}"))
    }

    /// Asserts the JSON error shape with `status`; returns the message.
    fn error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{self:#?}");
        let json = self.json();
        assert_eq!(json["status"], status, "{self:#?}");
        json["error"].as_str().expect("a message").to_owned()
    }
}

fn unchunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("a chunk size");
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// Three articles, two about a storm, indexed.
fn indexed() -> TestEnv {
    let env = three_articles();
    env.index(&["news"]);
    env
}

/// The three articles of [`indexed`], in news/, with no index yet.
fn three_articles() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "news/a.txt",
        "Ports close as storm nears\n\n2024-02-03\nReuters\n\nHigh winds shut three ports on the coast, stranding ferries.\n",
    );
    env.write(
        "news/b.txt",
        "Storm damage counted\n\n2024-03-05\nBBC\n\nAfter the storm, ports reopened and crews counted the damage to ferries.\n",
    );
    env.write(
        "news/c.txt",
        article("Budget vote delayed", "Parliament delayed the budget vote."),
    );
    env
}

fn without_time(mut json: Value) -> Value {
    let took = json
        .as_object_mut()
        .expect("an object")
        .remove("took_ms")
        .expect("took_ms");
    assert!(took.as_f64().is_some_and(|ms| ms >= 0.0), "{took}");
    json
}

#[test]
fn api_search_answers_the_query_json_document() {
    let env = indexed();
    let server = Server::start(&env, &[]);
    for (target, args) in [
        ("/api/search?q=storm", &["query", "--json", "storm"][..]),
        (
            "/api/search?q=ferries&facets=true&limit=1&offset=1&sort=newest&fragments=1",
            &[
                "query",
                "--json",
                "--facets",
                "--limit",
                "1",
                "--offset",
                "1",
                "--sort",
                "newest",
                "--fragments",
                "1",
                "ferries",
            ],
        ),
        (
            "/api/search?q=storm&since=2024-03&until=2024&source=BBC&exact=1&no_collapse=1",
            &[
                "query",
                "--json",
                "--since",
                "2024-03",
                "--until",
                "2024",
                "--source",
                "BBC",
                "--exact",
                "--no-collapse",
                "storm",
            ],
        ),
        ("/api/search?q=stormz", &["query", "--json", "stormz"]),
    ] {
        let served = without_time(server.get(target).json());
        let printed: Value =
            serde_json::from_str(&env.run(&[&["--no-config"], args].concat()).stdout)
                .expect("query --json prints JSON");
        assert_eq!(served, printed, "{target}");
    }
}

#[test]
fn api_articles_similar_and_stats_answer_the_commands_documents() {
    let env = indexed();
    let server = Server::start(&env, &[]);
    let hits = server.get("/api/search?q=ports").json();
    let id = hits["hits"][0]["id"].as_str().expect("an id").to_owned();
    let shown = server.get(&format!("/api/articles/{id}?q=ports")).json();
    let printed = env.run(&["show", "--json", "--query", "ports", &id]).json();
    assert_eq!(shown, printed);
    let like = without_time(server.get(&format!("/api/similar/{id}")).json());
    let printed: Value =
        serde_json::from_str(&env.run(&["--no-config", "similar", "--json", &id]).stdout)
            .expect("JSON");
    assert_eq!(like, printed);
    assert_eq!(
        server.get("/api/stats").json(),
        env.run(&["stats", "--json"]).json()
    );
}

#[test]
fn mistakes_get_the_right_status_and_the_command_lines_sentence() {
    let env = indexed();
    let server = Server::start(&env, &[]);
    let cli = env.run(&["query", "\"storm"]);
    assert_eq!(
        server.get("/api/search?q=%22storm").error(400),
        cli.error_message()
    );
    let message = server.get("/api/search?q=storm&since=Sept").error(400);
    let cli = env.run(&["query", "--since", "Sept", "storm"]);
    let tail = message.split_once(": ").expect("a reason").1;
    assert!(cli.error_message().contains(tail), "{message} / {cli:?}");
    for (target, status) in [
        ("/api/search?q=storm&limit=1000", 400),
        ("/api/search?q=storm&offset=20000", 400),
        ("/api/search?q=storm&colour=red", 400),
        ("/api/search?q=%FF%FE", 400),
        ("/api/search?q=a&q=b", 400),
        ("/api/search", 400),
        ("/api/articles/0000000000000000", 404),
        ("/api/articles/..%2F..%2Fetc%2Fpasswd", 404),
        ("/api/similar/news%2Fa.txt", 404),
        ("/api/nothing", 404),
        ("/api/stats?verbose=1", 400),
    ] {
        let response = server.get(target);
        response.error(status);
    }
    let words = "storm ".repeat(200);
    let long = format!("/api/search?q={}", words.replace(' ', "%20"));
    let cli = env.run(&["query", &words]);
    assert_eq!(server.get(&long).error(400), cli.error_message());
    let huge = format!("/api/search?q={}", "a".repeat(10_000));
    server.get(&huge).error(414);
    let post = server.request(
        "POST /api/search?q=storm HTTP/1.1\r\n",
        "Content-Length: 0\r\n",
    );
    post.error(405);
    let big = server.request(
        "GET /api/search?q=storm HTTP/1.1\r\n",
        "Content-Length: 100000000\r\n",
    );
    big.error(413);
    // Hostile queries: answered, or refused as the user's mistake; never a 5xx.
    let deep = format!("{}storm{}", "(".repeat(40), ")".repeat(40));
    for q in [
        "%00",
        "%1B%5B31m",
        "*",
        "a*",
        "title:",
        "/.*/",
        "body:/[/",
        "date:[x TO y]",
        "date:[2024 TO",
        "-storm",
        "NOT",
        "%22%22",
        "%EF%BF%BF",
        "%F0%9F%8C%80",
        "storm^99999",
        "storm~9",
        "source:%22",
        "(((",
        deep.as_str(),
        "AND OR NOT",
        "%5C",
        "%7B%7D",
    ] {
        let q = q.replace(' ', "%20");
        let response = server.get(&format!("/api/search?q={q}&facets=1"));
        assert!([200, 400].contains(&response.status), "{q}: {response:#?}");
        response.json();
        let page = server.get(&format!("/?q={q}"));
        assert!([200, 400].contains(&page.status), "{q}: {page:#?}");
    }
    for target in [
        "/api/articles/%00",
        "/api/similar/%FF",
        "/articles/%3Cscript%3E",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/assets/../Cargo.toml",
    ] {
        let response = server.get(target);
        assert_eq!(response.status, 404, "{target}: {response:#?}");
    }
    // Still answering after all that.
    assert_eq!(server.get("/api/search?q=storm").status, 200);
}

#[test]
fn every_documented_route_answers_and_every_answer_is_secured() {
    let env = indexed();
    let server = Server::start(&env, &[]);
    let document = server.get("/api/openapi.json").json();
    let id = server.get("/api/search?q=storm").json()["hits"][0]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let paths = document["paths"].as_object().expect("paths");
    assert!(paths.len() >= 6, "{paths:?}");
    for path in paths.keys() {
        if path == "/api/events" {
            continue; // An endless stream: the events test reads it.
        }
        let target = path.replace("{id}", &id) + "?q=storm";
        let target = match path.as_str() {
            "/api/search" | "/api/articles/{id}" => target,
            _ => path.replace("{id}", &id),
        };
        let response = server.get(&target);
        assert_eq!(response.status, 200, "{target}: {response:#?}");
        response.json();
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        let policy = response.header("content-security-policy").expect("a CSP");
        assert!(policy.contains("script-src 'self'"), "{policy}");
    }
}

#[test]
fn a_commit_by_another_process_is_an_event_and_new_results() {
    let env = indexed();
    let server = Server::start(&env, &[]);
    assert_eq!(server.get("/api/search?q=volcano").json()["total_hits"], 0);
    let mut events = events(&server);
    env.write(
        "news/d.txt",
        "Volcano erupts\n\n2024-04-01\nAP\n\nA volcano erupted near the coast.\n",
    );
    env.index(&["news"]);
    event_with(&mut events, 4);
    let found = server.get("/api/search?q=volcano").json();
    assert_eq!(found["total_hits"], 1, "{found}");
}

#[test]
fn with_watch_a_file_dropped_in_is_announced_and_found() {
    let env = three_articles();
    let server = Server::start(&env, &["--watch", "news"]);
    assert!(server.printed("(walk at start)").starts_with("+3 ~0 -0"));
    let mut events = events(&server);
    assert_eq!(server.get("/api/search?q=volcano").json()["total_hits"], 0);
    env.write(
        "news/d.txt",
        "Volcano erupts\n\n2024-04-01\nAP\n\nA volcano erupted near the coast.\n",
    );
    // The watch's own commit line, then the event every page hears.
    assert!(server.printed(" in ").starts_with("+1 ~0 -0"));
    event_with(&mut events, 4);
    let found = server.searched("volcano", 1);
    assert_eq!(found["hits"][0]["title"], "Volcano erupts", "{found}");
}

#[test]
fn with_watch_alone_it_watches_the_folders_the_index_holds() {
    let env = indexed();
    // The walk at start catches up with what changed while nobody watched.
    env.write(
        "news/d.txt",
        article("Volcano erupts", "A volcano erupted."),
    );
    let server = Server::start(&env, &["--watch"]);
    assert!(server.printed("(walk at start)").starts_with("+1 ~0 -0"));
    std::fs::remove_file(env.path().join("news/c.txt")).expect("removes");
    assert!(server.printed(" in ").starts_with("+0 ~0 -1"));
    assert_eq!(server.stop(), 0);
    assert_eq!(env.run(&["query", "budget"]).code, 1);
}

#[test]
fn with_watch_it_holds_the_writer_lock() {
    let env = three_articles();
    let server = Server::start(&env, &["--watch", "news"]);
    assert!(server.printed("(walk at start)").starts_with("+3 ~0 -0"));
    let busy = "the index at ./index is being updated by another search process; \
                try again when it has finished";
    assert_eq!(env.run(&["index", "news"]).error_message(), busy);
    // Searches go on, and see the watch's commits.
    server.searched("storm", 2);
    assert_eq!(server.stop(), 0);
}

#[test]
fn with_watch_a_locked_index_stops_the_server_with_the_busy_line() {
    let env = three_articles();
    let first = Server::start(&env, &["--watch", "news"]);
    first.printed("(walk at start)");
    let mut second = Server::start(&env, &["--watch"]);
    let line = second.printed("being updated by another search process");
    assert!(line.starts_with("search: "), "{line}");
    assert_eq!(wait(&mut second.child), 2);
    assert_eq!(first.stop(), 0);
}

#[test]
fn with_watch_sigterm_commits_what_is_pending_and_exits_0() {
    let env = three_articles();
    let server = Server::start(&env, &["--watch", "news"]);
    assert!(server.printed("(walk at start)").starts_with("+3 ~0 -0"));
    env.write(
        "news/d.txt",
        "Volcano erupts\n\n2024-04-01\nAP\n\nA volcano erupted near the coast.\n",
    );
    // Well inside the quiet second the watch waits before a commit.
    assert_eq!(server.stop(), 0);
    let found = env.run(&["query", "--json", "volcano"]);
    assert_eq!(found.code, 0, "{found:#?}");
}

#[test]
fn without_an_index_it_answers_503_until_there_is_one() {
    let env = TestEnv::new();
    env.write("news/a.txt", article("Storm", "A storm."));
    let server = Server::start(&env, &[]);
    let waiting = server.get("/api/search?q=storm");
    assert!(waiting.error(503).contains("no index"), "{waiting:#?}");
    assert_eq!(waiting.header("retry-after"), Some("1"));
    env.index(&["news"]);
    let deadline = Instant::now() + PATIENCE;
    while server.get("/api/search?q=storm").status != 200 {
        assert!(Instant::now() < deadline, "the index was never read");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn sigterm_stops_it_with_exit_0() {
    let env = indexed();
    let server = Server::start(&env, &[]);
    assert_eq!(server.get("/api/stats").status, 200);
    assert_eq!(server.stop(), 0);
}

#[test]
fn an_address_other_machines_reach_needs_public() {
    let env = indexed();
    let refused = env.run(&["serve", "--addr", "0.0.0.0:0"]);
    assert!(
        refused.error_message().contains("add --public"),
        "{refused:?}"
    );
    let server = Server::start_with(&env, &["serve", "--addr", "0.0.0.0:0", "--public"]);
    let warning = server.startup.iter().find(|line| line.contains("warning"));
    assert!(
        warning.is_some_and(|line| line.contains("other machines")),
        "{:?}",
        server.startup
    );
    assert_eq!(server.stop(), 0);
}

#[test]
fn the_page_shows_hostile_titles_as_text() {
    let env = TestEnv::new();
    env.write(
        "news/x.txt",
        article("<script>alert(1)</script>", "A storm of <b>tags</b>."),
    );
    env.write(
        "news/y.txt",
        article(
            "\"><img src=x onerror=alert(1)>",
            "Another storm, with \"><img src=x onerror=alert(2)> in its text.",
        ),
    );
    env.index(&["news"]);
    let server = Server::start(&env, &[]);
    let page = server.get("/?q=storm+alert");
    assert_eq!(page.status, 200, "{page:#?}");
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let policy = page.header("content-security-policy").expect("a CSP");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    for hostile in ["<script>alert", "<img src=x", "<b>tags"] {
        assert!(!page.body.contains(hostile), "{hostile} in {}", page.body);
    }
    assert!(page.body.contains("&lt;script&gt;"), "{}", page.body);
    assert!(
        page.body.contains("&quot;&gt;&lt;img src=x onerror="),
        "{}",
        page.body
    );
    // The only script is the page's own file.
    assert_eq!(page.body.matches("<script").count(), 1, "{}", page.body);
    assert!(page
        .body
        .contains(r#"<script src="/assets/search.js" defer>"#));
    let id = server.get("/api/search?q=onerror").json()["hits"][0]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let view = server.get(&format!("/articles/{id}?q=storm"));
    assert_eq!(view.status, 200, "{view:#?}");
    assert!(!view.body.contains("<img src=x"), "{}", view.body);
    assert!(view.body.contains("<mark>storm</mark>"), "{}", view.body);
}

#[test]
fn the_page_works_without_javascript() {
    let env = TestEnv::new();
    for i in 0..13 {
        env.write(
            &format!("news/{i:02}.txt"),
            format!(
                "Storm report {i}\n\n2024-0{}-10\nWire {}\n\nThe storm number {i} hit the ports.\n",
                1 + i % 3,
                i % 2
            ),
        );
    }
    env.index(&["news"]);
    let server = Server::start(&env, &[]);
    let empty = server.get("/");
    assert_eq!(empty.status, 200);
    assert!(empty
        .body
        .contains(r#"<form id="search" role="search" method="get" action="/">"#));
    assert!(empty.body.contains(r#"<label for="q">"#));
    let first = server.get("/?q=storm");
    assert!(
        first.body.contains("showing 1–10 of 13 matches"),
        "{}",
        first.body
    );
    assert!(first.body.contains(r#"aria-live="polite""#));
    assert!(
        first
            .body
            .contains(r#"<a rel="next" href="/?q=storm&amp;offset=10">"#),
        "{}",
        first.body
    );
    // A source and a month, as links.
    assert!(
        first
            .body
            .contains(r#"href="/?q=storm&amp;source=Wire+1">Wire 1</a>"#),
        "{}",
        first.body
    );
    assert!(
        first
            .body
            .contains(r#"href="/?q=storm&amp;since=2024-02&amp;until=2024-02""#),
        "{}",
        first.body
    );
    let second = server.get("/?q=storm&offset=10");
    assert!(
        second.body.contains("showing 11–13 of 13 matches"),
        "{}",
        second.body
    );
    assert!(second.body.contains(r#"<ol start="11">"#));
    let month = server.get("/?q=storm&since=2024-02&until=2024-02&source=Wire+1");
    let hits = month.body.matches(r#"<li class="hit">"#).count();
    let expected = (0..13).filter(|i| i % 3 == 1 && i % 2 == 1).count();
    assert_eq!(hits, expected, "{}", month.body);
    let bad = server.get("/?q=%22storm");
    assert_eq!(bad.status, 400);
    assert!(
        bad.body.contains("the quote at column 1 is not closed"),
        "{}",
        bad.body
    );
    let missing = server.get("/articles/0000");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("no article has the id"),
        "{}",
        missing.body
    );
    let script = server.get("/assets/search.js");
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.body.contains("AbortController"));
    assert!(!script.body.contains("innerHTML"));
}

#[test]
fn a_request_head_that_never_ends_loses_its_connection() {
    let env = indexed();
    let server = Server::start(&env, &[]);
    let mut slow = TcpStream::connect(&server.addr).expect("connects");
    slow.set_read_timeout(Some(PATIENCE)).expect("timeout");
    slow.write_all(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n")
        .expect("sends half a head");
    let mut answer = Vec::new();
    // The server closes it; a read timing out here would fail the test.
    slow.read_to_end(&mut answer)
        .expect("the connection is closed");
    assert!(
        answer.is_empty() || answer.starts_with(b"HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    // Others are answered meanwhile and after.
    assert_eq!(server.get("/api/stats").status, 200);
}

#[test]
fn languages_are_a_facet_and_a_filter() {
    let env = TestEnv::new();
    env.write(
        "news/en.html",
        "<html lang=\"en\"><head><title>Storm closes the ports</title></head><body><p>A storm closed the ports of the coast for two days.</p></body></html>",
    );
    env.write(
        "news/de.html",
        "<html lang=\"de\"><head><title>Sturm schließt die Häfen</title></head><body><p>Der Sturm schloss die Häfen an der Küste für zwei Tage. Storm Ciarán.</p></body></html>",
    );
    env.index(&["news"]);
    let server = Server::start(&env, &[]);
    let both = server.get("/api/search?q=storm&facets=1").json();
    assert_eq!(both["total_hits"], 2, "{both}");
    let german = server.get("/api/search?q=storm&lang=de").json();
    assert_eq!(german["total_hits"], 1, "{german}");
    assert_eq!(german["hits"][0]["language"], "de", "{german}");
    let page = server.get("/?q=storm");
    assert!(page.body.contains("<h2>Languages</h2>"), "{}", page.body);
    assert!(
        page.body.contains("href=\"/?q=storm&amp;lang=de\""),
        "{}",
        page.body
    );
    let narrowed = server.get("/?q=storm&lang=de");
    assert!(narrowed.body.contains("Language: de"), "{}", narrowed.body);
    assert!(narrowed.body.contains("Sturm schließt die Häfen"));
    assert!(!narrowed.body.contains("Storm closes the ports"));
}
