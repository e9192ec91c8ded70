//! Extraction measured on realistic fixtures: every file under
//! `tests/fixtures/<kind>/` against that folder's `expected.json`.
//!
//! An expectation is an array of articles, or `{"articles": [...],
//! "problems": ["line 3"]}`, or `{"error": "text of the error"}`. In an
//! article, a missing key is not checked and `null` means "must find nothing".
//! Title, date, author and source are scored (they must be right for at least
//! 95% of the fields stated); everything else must hold exactly.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use news_search::extract::{extract_file, Extracted};
use news_search::Article;
use serde_json::Value;

const SCORED: [&str; 4] = ["title", "date", "author", "source"];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Per scored field: (right, stated).
type Score = BTreeMap<&'static str, (usize, usize)>;

fn field(article: &Article, name: &str) -> Option<String> {
    match name {
        "title" => Some(article.title.clone()),
        "date" => article.date.map(|d| d.to_string()),
        "author" => article.author.clone(),
        "source" => article.source.clone(),
        "url" => article.url.clone(),
        "language" => article.language.clone(),
        _ => None,
    }
}

/// Checks one article; scored fields count toward `score`, the rest must hold.
fn check_article(
    name: &str,
    article: &Article,
    expected: &Value,
    score: &mut Score,
    failures: &mut Vec<String>,
) {
    let Some(expected) = expected.as_object() else {
        failures.push(format!("{name}: expectation is not an object"));
        return;
    };
    for (key, want) in expected {
        let got = field(article, key);
        let fine = match want {
            Value::Null => got.is_none(),
            Value::String(w)
                if matches!(
                    key.as_str(),
                    "title" | "date" | "author" | "source" | "url" | "language"
                ) =>
            {
                got.as_deref() == Some(w.as_str())
            }
            _ => true,
        };
        if let Some(&scored) = SCORED.iter().find(|s| **s == key) {
            let entry = score.entry(scored).or_default();
            entry.1 += 1;
            entry.0 += usize::from(fine);
            if !fine {
                eprintln!("  {name}: {key} expected {want}, got {got:?}");
            }
            continue;
        }
        let ok = match key.as_str() {
            "body_starts_with" => want.as_str().is_some_and(|w| article.body.starts_with(w)),
            "body_contains" => strings(want)
                .iter()
                .all(|w| article.body.contains(w.as_str())),
            "body_excludes" => strings(want)
                .iter()
                .all(|w| !article.body.contains(w.as_str())),
            "tags" => strings(want) == article.tags,
            "position" => true,
            _ => fine,
        };
        if !ok {
            failures.push(format!(
                "{name}: {key} expected {want}; title {:?}, body starts {:?}",
                article.title,
                article.body.chars().take(120).collect::<String>()
            ));
        }
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn check_file(path: &Path, expected: &Value, score: &mut Score, failures: &mut Vec<String>) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = std::fs::read(path).unwrap();
    let result = extract_file(path, &bytes);
    if let Some(error) = expected.get("error").and_then(Value::as_str) {
        match result {
            Err(e) if e.to_string().contains(error) => {}
            other => failures.push(format!("{name}: expected error {error:?}, got {other:?}")),
        }
        return;
    }
    let (articles, problems) = match result {
        Ok(Extracted { articles, problems }) => (articles, problems),
        // `[]` means the file holds no article, which is what NoArticles says.
        Err(news_search::ExtractError::NoArticles)
            if expected.as_array().is_some_and(Vec::is_empty) =>
        {
            return
        }
        Err(e) => {
            failures.push(format!("{name}: {e}"));
            return;
        }
    };
    let wanted = expected.get("articles").unwrap_or(expected);
    let wanted = wanted.as_array().cloned().unwrap_or_default();
    if wanted.len() != articles.len() {
        failures.push(format!(
            "{name}: expected {} articles, got {}",
            wanted.len(),
            articles.len()
        ));
    }
    for (i, ((position, article), want)) in articles.iter().zip(&wanted).enumerate() {
        if let Some(p) = want.get("position").and_then(Value::as_u64) {
            if p != *position {
                failures.push(format!("{name} #{i}: position {position}, expected {p}"));
            }
        }
        check_article(&format!("{name} #{i}"), article, want, score, failures);
    }
    let want_problems = strings(expected.get("problems").unwrap_or(&Value::Null));
    let got_problems: Vec<String> = problems.iter().map(|p| p.location.clone()).collect();
    if expected.get("problems").is_some() && want_problems != got_problems {
        failures.push(format!(
            "{name}: problems {got_problems:?}, expected {want_problems:?}"
        ));
    }
}

#[test]
fn fixtures_extract_as_a_careful_reader_would() {
    let mut score = Score::new();
    let mut failures = Vec::new();
    let mut files = 0;
    for kind in std::fs::read_dir(fixtures()).unwrap() {
        let dir = kind.unwrap().path();
        let manifest = std::fs::read_to_string(dir.join("expected.json")).unwrap();
        let manifest: BTreeMap<String, Value> = serde_json::from_str(&manifest).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name == "expected.json" {
                continue;
            }
            let Some(expected) = manifest.get(&name) else {
                failures.push(format!(
                    "{}: no expectation in expected.json",
                    path.display()
                ));
                continue;
            };
            check_file(&path, expected, &mut score, &mut failures);
            files += 1;
        }
    }
    let (right, stated) = score
        .values()
        .fold((0, 0), |(r, s), (r1, s1)| (r + r1, s + s1));
    eprintln!("{files} fixture files; fields right / stated: {score:?}; overall {right}/{stated}");
    assert!(files >= 20, "only {files} fixture files");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        right * 100 >= stated * 95,
        "metadata right for only {right} of {stated} fields"
    );
}
