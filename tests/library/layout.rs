//! The shape of the library's source, checked as ARCHITECTURE.md states it:
//! the wings import only what the rules allow, no module imports another
//! that imports it back (directly or round a loop), and the library leaves
//! flags, printing and exiting to the binary.
//!
//! Imports are read from the `use` declarations and the `crate::`, `super::`
//! and `self::` paths in the code of every file under `src/` but `src/bin/`,
//! outside its unit tests and comments. Public re-exports (`pub use`) are the
//! face a module shows, not something it depends on, and are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A module of the library, as its path from the crate root (`["store",
/// "schema"]`; `[]` is `lib.rs`).
type Module = Vec<String>;

/// Crates only the binary may use.
const CLI_CRATES: &[&str] = &[
    "clap",
    "anyhow",
    "indicatif",
    "anstream",
    "anstyle",
    "ctrlc",
];

/// Which wing may not import which: `(from, to)`.
const FORBIDDEN: &[(&str, &str)] = &[
    ("extract", "indexer"),
    ("extract", "search"),
    ("store", "indexer"),
    ("store", "search"),
    ("indexer", "search"),
    ("search", "indexer"),
    // Export reads through `search`; nothing imports it, and it writes nothing
    // into an index.
    ("extract", "export"),
    ("store", "export"),
    ("indexer", "export"),
    ("search", "export"),
    ("export", "indexer"),
];

/// Top-level modules every wing shares; they import no wing.
const WINGS: &[&str] = &["extract", "store", "indexer", "search", "export"];

#[test]
fn wings_import_only_what_the_rules_allow() {
    let source = Source::read();
    let mut broken = Vec::new();
    for (from, targets) in &source.imports {
        for to in targets {
            let (a, b) = (wing(from), wing(to));
            let forbidden = FORBIDDEN.contains(&(a, b))
                || (a == "shared" && WINGS.contains(&b) && !from.is_empty());
            if forbidden {
                broken.push(format!("{} imports {}", name(from), name(to)));
            }
        }
    }
    assert!(broken.is_empty(), "imports across the rules: {broken:#?}");
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let source = Source::read();
    let loops = source.loops();
    assert!(loops.is_empty(), "import loops: {loops:#?}");
}

#[test]
fn the_library_leaves_flags_printing_and_exiting_to_the_binary() {
    let source = Source::read();
    let mut found = Vec::new();
    for (path, text) in &source.texts {
        for (n, line) in text.lines().enumerate() {
            let cli_crate = CLI_CRATES
                .iter()
                .any(|c| line.contains(&format!("use {c}::")) || line.contains(&format!("{c}::")));
            let prints = [
                "println!",
                "eprintln!",
                "print!(",
                "eprint!(",
                "process::exit",
            ]
            .iter()
            .any(|p| line.contains(p));
            if cli_crate || prints {
                found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "binary matters in the library: {found:#?}"
    );
}

#[test]
fn the_import_reader_sees_what_it_should() {
    // The checks above are only as good as the reading of imports: make sure
    // it finds edges that are known to exist, of each kind of path.
    let source = Source::read();
    let module = |m: &str| -> Module { m.split('/').map(String::from).collect() };
    let has = |from: &str, to: &str| {
        let targets = source.imports.get(&module(from));
        targets.is_some_and(|t| t.contains(&module(to)))
    };
    assert!(has("indexer", "store"), "crate:: paths");
    assert!(has("store/compact", "store"), "super:: to the parent");
    assert!(has("store", "store/damage"), "self:: to a child");
    assert!(has("search/query", "search/dates"), "super:: to a sibling");
    assert!(
        has("extract/html/meta", "extract/byline"),
        "crate:: into a wing"
    );
    assert!(has("extract/header", "extract/byline"), "braced lists");
    assert!(has("extract/decode", "limits"), "a path in the code");
    assert!(
        has("extract/html/text", "extract/html/flat"),
        "super:: in the code"
    );
    assert!(!has("store", "store/compact"), "pub use is a re-export");
}

/// The library's source files and the imports between them.
struct Source {
    /// Each file's text, without its unit tests.
    texts: BTreeMap<PathBuf, String>,
    /// Each module's imports of other modules of the library.
    imports: BTreeMap<Module, BTreeSet<Module>>,
}

impl Source {
    fn read() -> Source {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        collect(&src, &mut files);
        let mut texts = BTreeMap::new();
        let mut modules = BTreeMap::new();
        for file in files {
            let relative = file.strip_prefix(&src).unwrap().to_path_buf();
            if relative.starts_with("bin") {
                continue;
            }
            let text = fs::read_to_string(&file).unwrap();
            let text = match text.find("#[cfg(test)]\nmod tests") {
                Some(end) => text[..end].to_owned(),
                None => text,
            };
            modules.insert(module_of(&relative), text.clone());
            texts.insert(relative, text);
        }
        let known: BTreeSet<Module> = modules.keys().cloned().collect();
        let imports = modules
            .iter()
            .map(|(module, text)| {
                let targets = use_paths(text)
                    .into_iter()
                    .chain(inline_paths(text))
                    .filter_map(|path| resolve(module, &path, &known))
                    .filter(|target| target != module)
                    .collect();
                (module.clone(), targets)
            })
            .collect();
        Source { texts, imports }
    }

    /// The groups of modules that import each other round a loop (the
    /// strongly connected components of more than one module), each sorted.
    fn loops(&self) -> Vec<Vec<String>> {
        let reach: BTreeMap<&Module, BTreeSet<&Module>> = self
            .imports
            .keys()
            .map(|start| (start, self.reachable(start)))
            .collect();
        let mut groups = BTreeSet::new();
        for (a, from_a) in &reach {
            let group: Vec<String> = from_a
                .iter()
                .filter(|b| reach.get(*b).is_some_and(|from_b| from_b.contains(a)))
                .map(|m| name(m))
                .collect();
            if group.len() > 1 {
                groups.insert(group);
            }
        }
        groups.into_iter().collect()
    }

    /// Every module `start` imports, directly or through others (itself
    /// only round a loop).
    fn reachable(&self, start: &Module) -> BTreeSet<&Module> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&Module> = self.imports.get(start).into_iter().flatten().collect();
        while let Some(module) = todo.pop() {
            if seen.insert(module) {
                todo.extend(self.imports.get(module).into_iter().flatten());
            }
        }
        seen
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// `store/schema.rs` -> `["store", "schema"]`; `store/mod.rs` -> `["store"]`.
fn module_of(relative: &Path) -> Module {
    let mut parts: Module = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The paths the file's `use` declarations name (not `pub use`), each as
/// its segments: `use a::{b, c::d}` gives `a::b` and `a::c::d`.
fn use_paths(text: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("use ") {
        let before = &rest[..at];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let prefix = before[line_start..].trim();
        let is_use = prefix.is_empty() || prefix.starts_with("pub(");
        let end = rest[at..].find(';').filter(|_| is_use);
        let Some(end) = end else {
            // "use " inside a word, a comment or a `pub use`: read on.
            rest = &rest[at + 4..];
            continue;
        };
        expand(&[], &rest[at + 4..at + end], &mut paths);
        rest = &rest[at + end..];
    }
    paths
}

/// Paths written in the code itself (`crate::limits::MAX_TAGS`,
/// `super::html::text(..)`), outside comments.
fn inline_paths(text: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        if code.trim_start().starts_with("use ") || code.contains(" use ") {
            continue; // read by use_paths
        }
        for root in ["crate::", "super::", "self::"] {
            for (at, _) in code.match_indices(root) {
                let before = code[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                let path: String = code[at..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                paths.push(segments(&path));
            }
        }
    }
    paths
}

fn expand(base: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = segments(&tree[..open]);
        let prefix: Vec<String> = base.iter().cloned().chain(head).collect();
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        for item in split_top_level(inner) {
            expand(&prefix, item, out);
        }
    } else if !tree.is_empty() {
        let tree = tree.split(" as ").next().unwrap_or(tree);
        let mut path: Vec<String> = base.to_vec();
        path.extend(segments(tree).into_iter().filter(|s| s != "self"));
        out.push(path);
    }
}

fn segments(text: &str) -> Vec<String> {
    text.split("::")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Splits `a, b::{c, d}, e` at the commas outside braces.
fn split_top_level(text: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The library module a path names, if it names one: the longest known
/// module it starts with.
fn resolve(from: &Module, path: &[String], known: &BTreeSet<Module>) -> Option<Module> {
    let (mut absolute, rest): (Module, &[String]) = match path.first()?.as_str() {
        "crate" => (Vec::new(), &path[1..]),
        "self" => (from.clone(), &path[1..]),
        "super" => {
            let mut at = from.clone();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                at.pop();
                rest = &rest[1..];
            }
            (at, rest)
        }
        // A child module named without `self::` (2018 paths).
        child if known.contains(&child_of(from, child)) => (from.clone(), path),
        _ => return None, // another crate
    };
    let mut found = known.contains(&absolute).then(|| absolute.clone());
    for segment in rest {
        absolute.push(segment.clone());
        if known.contains(&absolute) {
            found = Some(absolute.clone());
        }
    }
    found
}

fn child_of(module: &Module, child: &str) -> Module {
    let mut path = module.clone();
    path.push(child.to_owned());
    path
}

/// The wing a module belongs to: its first segment, or "shared" for the
/// vocabulary at the top (and the crate root).
fn wing(module: &Module) -> &str {
    match module.first().map(String::as_str) {
        Some(first) if WINGS.contains(&first) => first,
        _ => "shared",
    }
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "lib.rs".to_owned()
    } else {
        module.join("/")
    }
}
