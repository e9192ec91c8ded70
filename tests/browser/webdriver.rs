//! The few WebDriver commands the browser test needs, as JSON over plain
//! HTTP/1.1 to a local chromedriver (no TLS, no async runtime).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The key of a web element in WebDriver's JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Browser {
    driver: String,
    session: String,
}

/// An element of the page, as the driver names it.
pub struct Element(Value);

#[derive(Debug, Clone, Copy)]
pub enum Key {
    Char(char),
    ArrowDown,
    Enter,
    Escape,
}

impl Key {
    fn code(self) -> String {
        match self {
            Key::Char(c) => c.to_string(),
            Key::ArrowDown => "\u{E015}".to_owned(),
            Key::Enter => "\u{E007}".to_owned(),
            Key::Escape => "\u{E00C}".to_owned(),
        }
    }
}

impl Browser {
    /// A headless Chromium session with a fresh profile in `profile`.
    pub fn start(driver: &str, profile: &Path, patience: Duration) -> Browser {
        let deadline = Instant::now() + patience;
        while call(driver, "GET", "/status", None).is_none() {
            assert!(Instant::now() < deadline, "chromedriver never answered");
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = [
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--no-first-run".to_owned(),
            "--window-size=1100,900".to_owned(),
            format!("--user-data-dir={}", profile.display()),
        ];
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args},
        }}});
        let answer = call(driver, "POST", "/session", Some(&capabilities)).expect("a session");
        let session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_owned();
        Browser {
            driver: driver.to_owned(),
            session,
        }
    }

    fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let answer = call(&self.driver, method, &path, body).expect("the driver answers");
        if answer["value"]["error"].is_string() {
            panic!("{method} {path}: {}", answer["value"]);
        }
        answer["value"].clone()
    }

    fn script(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(&json!({"script": script, "args": args})),
        )
    }

    pub fn go(&self, url: &str) {
        self.command("POST", "/url", Some(&json!({ "url": url })));
    }

    pub fn url(&self) -> String {
        self.command("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Resizes the window, as a phone's or a desktop's screen.
    pub fn resize(&self, width: u32, height: u32) {
        let body = json!({"width": width, "height": height});
        self.command("POST", "/window/rect", Some(&body));
    }

    pub fn back(&self) {
        self.command("POST", "/back", Some(&json!({})));
    }

    pub fn find(&self, css: &str) -> Element {
        let body = json!({"using": "css selector", "value": css});
        Element(self.command("POST", "/element", Some(&body)))
    }

    /// The first element matching `css` whose text is `text`.
    pub fn find_link(&self, css: &str, text: &str) -> Element {
        let found = self.script(
            "return [...document.querySelectorAll(arguments[0])]\
             .find(e => e.textContent.includes(arguments[1])) || null",
            json!([css, text]),
        );
        assert!(!found.is_null(), "no {css} holding {text}");
        Element(found)
    }

    fn element_id(element: &Element) -> &str {
        element.0[ELEMENT].as_str().expect("an element")
    }

    pub fn click(&self, element: &Element) {
        let path = format!("/element/{}/click", Browser::element_id(element));
        self.command("POST", &path, Some(&json!({})));
    }

    pub fn type_into(&self, element: &Element, text: &str) {
        let path = format!("/element/{}/value", Browser::element_id(element));
        self.command("POST", &path, Some(&json!({ "text": text })));
    }

    /// The text of the first element matching `css`, read in one step (the
    /// page's script may replace the element at any time); empty when none.
    pub fn text_of(&self, css: &str) -> String {
        self.script(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : ''",
            json!([css]),
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    pub fn value(&self, element: &Element) -> String {
        self.script("return arguments[0].value", json!([element.0]))
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn count(&self, css: &str) -> usize {
        self.script(
            "return document.querySelectorAll(arguments[0]).length",
            json!([css]),
        )
        .as_u64()
        .unwrap_or(0) as usize
    }

    pub fn texts(&self, css: &str) -> Vec<String> {
        let texts = self.script(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)",
            json!([css]),
        );
        serde_json::from_value(texts).unwrap_or_default()
    }

    /// Leaves a mark on the page's window, which only a load of another
    /// page (a reload) takes away: see [`Browser::still_marked`].
    pub fn mark(&self) {
        self.script("window.testMark = 'unreloaded'", json!([]));
    }

    /// Whether the mark of [`Browser::mark`] is still there.
    pub fn still_marked(&self) -> bool {
        self.script("return window.testMark === 'unreloaded'", json!([]))
            .as_bool()
            .unwrap_or(false)
    }

    pub fn displayed(&self, css: &str) -> bool {
        self.script(
            "const e = document.querySelector(arguments[0]); return !!e && !e.hidden",
            json!([css]),
        )
        .as_bool()
        .unwrap_or(false)
    }

    /// Makes the page see `prefers-color-scheme: dark` (or light), through
    /// chromedriver's Chrome DevTools command.
    pub fn color_scheme(&self, scheme: &str) {
        let body = json!({"cmd": "Emulation.setEmulatedMedia", "params": {
            "features": [{"name": "prefers-color-scheme", "value": scheme}],
        }});
        self.command("POST", "/goog/cdp/execute", Some(&body));
    }

    /// The computed background colour of the page's body, as `rgb(r, g, b)`.
    pub fn background(&self) -> String {
        self.script(
            "return getComputedStyle(document.body).backgroundColor",
            json!([]),
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Whether the page is wider than the window (a sideways scroll).
    pub fn overflows(&self) -> bool {
        self.script(
            "return document.documentElement.scrollWidth > window.innerWidth",
            json!([]),
        )
        .as_bool()
        .unwrap_or(true)
    }

    pub fn active_id(&self) -> String {
        self.script("return document.activeElement.id", json!([]))
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn active_text(&self) -> String {
        self.script("return document.activeElement.textContent", json!([]))
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Presses and releases each key, in turn, wherever the focus is.
    pub fn keys(&self, keys: &[Key]) {
        let mut actions = Vec::new();
        for key in keys {
            actions.push(json!({"type": "keyDown", "value": key.code()}));
            actions.push(json!({"type": "keyUp", "value": key.code()}));
        }
        let body = json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]});
        self.command("POST", "/actions", Some(&body));
    }

    /// The page as it looks, as a PNG file at `path`.
    pub fn screenshot(&self, path: &Path) {
        let encoded = self.command("GET", "/screenshot", None);
        let png = base64(encoded.as_str().expect("base64 text"));
        std::fs::write(path, png).expect("the screenshot is written");
    }
}

/// Ends the session, and so the browser, even when a test fails part way:
/// chromedriver alone leaves Chromium running when it is killed.
impl Drop for Browser {
    fn drop(&mut self) {
        let path = format!("/session/{}", self.session);
        let _ = call(&self.driver, "DELETE", &path, None);
    }
}

/// One WebDriver request; `None` when the driver cannot be reached.
fn call(driver: &str, method: &str, path: &str, body: Option<&Value>) -> Option<Value> {
    let mut stream = TcpStream::connect(driver).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .ok()?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {driver}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    // chromedriver may keep the connection open: read what Content-Length says.
    let mut raw = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    loop {
        let read = stream.read(&mut buffer).ok()?;
        raw.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&raw);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head.lines().find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            });
            if read == 0 || length.is_some_and(|length| body.len() >= length) {
                return serde_json::from_str(body).ok();
            }
        }
        if read == 0 {
            return None;
        }
    }
}

/// Standard base64, as screenshots come.
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, d)| n | (u32::from(*d) << (18 - 6 * i)));
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

#[test]
fn base64_decodes_as_the_standard_says() {
    assert_eq!(base64("aGVsbG8="), b"hello");
    assert_eq!(base64("aGk="), b"hi");
    assert_eq!(base64("YWJj"), b"abc");
}
