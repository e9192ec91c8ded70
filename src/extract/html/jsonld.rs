//! JSON-LD: the schema.org description of the article that many pages embed
//! in `<script type="application/ld+json">`, as an object, an array or a `@graph`.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::text::html_to_text;

/// How deep arrays and `@graph`s are searched for nodes; real pages need two.
const MAX_NESTING: usize = 4;

/// What the article node of a page's JSON-LD says.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct LinkedData {
    pub(super) headline: Option<String>,
    pub(super) date_published: Option<String>,
    /// Several authors joined with ", ".
    pub(super) author: Option<String>,
    pub(super) publisher: Option<String>,
    pub(super) keywords: Vec<String>,
}

/// Reads the article node from the text of every JSON-LD script on a page.
/// Scripts that are not valid JSON are ignored.
pub(super) fn read<'a>(scripts: impl IntoIterator<Item = &'a str>) -> LinkedData {
    let values: Vec<Value> = scripts
        .into_iter()
        .filter_map(|script| serde_json::from_str(script.trim()).ok())
        .collect();
    let mut nodes = Vec::new();
    for value in &values {
        collect_nodes(value, &mut nodes, 0);
    }
    // Yoast-style graphs name the author and publisher by reference.
    let by_id: HashMap<&str, &Map<String, Value>> = nodes
        .iter()
        .filter_map(|node| Some((node.get("@id")?.as_str()?, *node)))
        .collect();
    let Some(article) = nodes.iter().find(|node| is_article(node)) else {
        return LinkedData::default();
    };
    LinkedData {
        headline: string(article.get("headline")),
        date_published: string(article.get("datePublished")),
        author: article.get("author").and_then(|a| names(a, &by_id)),
        publisher: article
            .get("publisher")
            .and_then(|p| resolve(p, &by_id))
            .and_then(|p| string(p.get("name"))),
        keywords: article.get("keywords").map(keywords).unwrap_or_default(),
    }
}

fn collect_nodes<'a>(value: &'a Value, out: &mut Vec<&'a Map<String, Value>>, depth: usize) {
    if depth > MAX_NESTING {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_nodes(item, out, depth + 1);
            }
        }
        Value::Object(object) => {
            out.push(object);
            if let Some(graph) = object.get("@graph") {
                collect_nodes(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// NewsArticle, ReportageNewsArticle, BlogPosting, LiveBlogPosting and the
/// like; `@type` may be an array and may carry a vocabulary prefix.
fn is_article(node: &Map<String, Value>) -> bool {
    let is_article_type = |name: &str| {
        let name = name.rsplit(['/', ':']).next().unwrap_or(name);
        name.ends_with("Article") || name.ends_with("BlogPosting") || name == "Report"
    };
    match node.get("@type") {
        Some(Value::String(name)) => is_article_type(name),
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).any(is_article_type),
        _ => false,
    }
}

/// The object a value stands for, following an `{"@id": ...}` reference.
fn resolve<'a>(
    value: &'a Value,
    by_id: &HashMap<&str, &'a Map<String, Value>>,
) -> Option<&'a Map<String, Value>> {
    let object = value.as_object()?;
    if object.contains_key("name") {
        return Some(object);
    }
    let id = object.get("@id")?.as_str()?;
    by_id.get(id).copied().or(Some(object))
}

/// Names from a string, a Person or Organization object, or an array of either.
fn names(value: &Value, by_id: &HashMap<&str, &Map<String, Value>>) -> Option<String> {
    let items = match value {
        Value::Array(items) => items.iter().collect(),
        _ => vec![value],
    };
    let names: Vec<String> = items
        .into_iter()
        .filter_map(|item| match item {
            Value::String(_) => string(Some(item)),
            _ => string(resolve(item, by_id)?.get("name")),
        })
        .filter(|name| !name.starts_with("http://") && !name.starts_with("https://"))
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// Keywords as a comma-separated string or an array of strings.
fn keywords(value: &Value) -> Vec<String> {
    match value {
        Value::String(list) => list
            .split(',')
            .map(normalize)
            .filter(|k| !k.is_empty())
            .collect(),
        Value::Array(items) => items.iter().filter_map(|i| string(Some(i))).collect(),
        _ => Vec::new(),
    }
}

/// A non-empty string with whitespace collapsed and entities decoded (some
/// publishers put HTML-escaped text in JSON-LD).
fn string(value: Option<&Value>) -> Option<String> {
    let text = value?.as_str()?;
    let text = if text.contains('&') {
        html_to_text(text)
    } else {
        normalize(text)
    };
    (!text.is_empty()).then_some(text)
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(script: &str) -> LinkedData {
        read([script])
    }

    #[test]
    fn news_article_object_is_read() {
        let data = one(
            r#"{"@context":"https://schema.org","@type":"NewsArticle","headline":" Big  news ",
                "datePublished":"2023-09-11T10:00:00Z","author":{"@type":"Person","name":"Jane Doe"},
                "publisher":{"@type":"Organization","name":"Daily Planet"},"keywords":"a, b ,c"}"#,
        );
        assert_eq!(data.headline.as_deref(), Some("Big news"));
        assert_eq!(data.date_published.as_deref(), Some("2023-09-11T10:00:00Z"));
        assert_eq!(data.author.as_deref(), Some("Jane Doe"));
        assert_eq!(data.publisher.as_deref(), Some("Daily Planet"));
        assert_eq!(data.keywords, ["a", "b", "c"]);
    }

    #[test]
    fn article_is_found_in_arrays_and_graphs_and_type_arrays() {
        let array = one(
            r#"[{"@type":"BreadcrumbList"},{"@type":["NewsArticle","AnalysisNewsArticle"],"headline":"In array"}]"#,
        );
        assert_eq!(array.headline.as_deref(), Some("In array"));
        let graph = one(
            r#"{"@graph":[{"@type":"WebPage","name":"Page"},{"@type":"BlogPosting","headline":"In graph"}]}"#,
        );
        assert_eq!(graph.headline.as_deref(), Some("In graph"));
        let prefixed =
            one(r#"{"@type":"http://schema.org/ReportageNewsArticle","headline":"Prefixed"}"#);
        assert_eq!(prefixed.headline.as_deref(), Some("Prefixed"));
    }

    #[test]
    fn non_article_nodes_are_ignored() {
        assert_eq!(
            one(r#"{"@type":"WebPage","headline":"Not an article"}"#),
            LinkedData::default()
        );
    }

    #[test]
    fn several_authors_are_joined_and_urls_skipped() {
        let data = one(
            r#"{"@type":"Article","author":[{"@type":"Person","name":"Ann Lee"},"Bo Chan",
                {"@type":"Person","url":"https://x.example/c"},"https://x.example/d"]}"#,
        );
        assert_eq!(data.author.as_deref(), Some("Ann Lee, Bo Chan"));
    }

    #[test]
    fn references_by_id_are_resolved_across_the_graph() {
        let data = one(
            r##"{"@graph":[{"@type":"Article","author":{"@id":"#p"},"publisher":{"@id":"#o"}},
                {"@type":"Person","@id":"#p","name":"Hamish Cutler"},
                {"@type":"Organization","@id":"#o","name":"Riverina Review"}]}"##,
        );
        assert_eq!(data.author.as_deref(), Some("Hamish Cutler"));
        assert_eq!(data.publisher.as_deref(), Some("Riverina Review"));
    }

    #[test]
    fn invalid_json_is_ignored_and_the_next_script_used() {
        let data = read([
            r#"{"@type":"NewsArticle","headline":"Broken",}"#,
            r#"{"@type":"NewsArticle","headline":"Valid"}"#,
        ]);
        assert_eq!(data.headline.as_deref(), Some("Valid"));
    }

    #[test]
    fn escaped_html_in_strings_is_decoded() {
        let data = one(
            r#"{"@type":"Article","headline":"Rock &amp; roll&#8217;s return","keywords":["x"," y "]}"#,
        );
        assert_eq!(data.headline.as_deref(), Some("Rock & roll’s return"));
        assert_eq!(data.keywords, ["x", "y"]);
    }

    #[test]
    fn deeply_nested_json_does_not_overflow() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(one(&deep), LinkedData::default());
    }
}
