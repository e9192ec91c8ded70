//! A corpus of distinct articles made from numbers, index snapshots, and the
//! state an index holds, read back through the library.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use news_search::NewsIndex;

/// Words the articles are made of; each article draws its own sequence.
const WORDS: &[&str] = &[
    "harbour",
    "council",
    "budget",
    "minister",
    "election",
    "strike",
    "river",
    "court",
    "school",
    "railway",
    "hospital",
    "market",
    "energy",
    "weather",
    "festival",
    "museum",
    "police",
    "village",
    "factory",
    "airport",
    "bridge",
    "storm",
    "canal",
    "league",
    "report",
    "inquiry",
    "treaty",
    "protest",
    "tariff",
    "vaccine",
    "satellite",
    "drought",
    "pension",
    "housing",
    "reservoir",
    "ferry",
    "orchestra",
    "archive",
    "library",
    "garden",
];

/// The headline of article `n` at `version`: unique, so a set of headlines
/// tells exactly which articles, and which versions of them, an index holds.
pub fn headline(n: usize, version: u32) -> String {
    format!("Story {n} version {version}")
}

/// A plain-text article of about 250 words whose body no other `n` shares.
pub fn story(n: usize, version: u32) -> String {
    let mut state = (n as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(version);
    let mut body = format!("Dispatch number {n}, revision {version}.");
    for i in 0..250 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let word = WORDS[(state >> 33) as usize % WORDS.len()];
        body.push(if i % 12 == 0 { '\n' } else { ' ' });
        body.push_str(word);
    }
    format!("{}\n\n{body}\n", headline(n, version))
}

/// Where article `n` lives in the corpus: folders of 500, as news folders go.
pub fn story_path(corpus: &Path, n: usize) -> std::path::PathBuf {
    corpus.join(format!("{:02}/{n:05}.txt", n / 500))
}

pub fn write_story(corpus: &Path, n: usize, version: u32) {
    let path = story_path(corpus, n);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(&path, story(n, version)).expect("write article");
}

/// Headline -> how many times the index holds it. A duplicate shows as 2.
pub type Held = BTreeMap<String, usize>;

/// Every searchable article the committed index holds, by headline.
pub fn held(index: &Path) -> Held {
    let index = NewsIndex::open(index).expect("the index opens");
    let mut held = Held::new();
    for article in index.articles() {
        *held
            .entry(article.expect("article reads").listing.title)
            .or_default() += 1;
    }
    assert_eq!(
        index.num_articles(),
        held.values().sum::<usize>() as u64,
        "the article count agrees with the articles"
    );
    held
}

/// The articles `(n, version)` as a [`Held`] set, once each.
pub fn expected(articles: impl IntoIterator<Item = (usize, u32)>) -> Held {
    articles
        .into_iter()
        .map(|(n, version)| (headline(n, version), 1))
        .collect()
}

/// Copies an index folder (flat, as tantivy writes it) to `to`, replacing it.
pub fn copy_index(from: &Path, to: &Path) {
    if to.exists() {
        std::fs::remove_dir_all(to).expect("remove old copy");
    }
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read index dir") {
        let entry = entry.expect("dir entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy index file");
    }
}

/// The binary with `--index <index>` and `args`.
pub fn search(index: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_search"));
    command.arg("--index").arg(index).args(args);
    command
}
