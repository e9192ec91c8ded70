//! YAML (`---`) and TOML (`+++`) front matter of Markdown files, as a JSON
//! object, so one set of field names serves front matter and JSON articles.

use serde_json::{Map, Number, Value};
use yaml_rust2::{Yaml, YamlLoader};

/// Which delimiter the block had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Yaml,
    Toml,
}

/// The front matter's top-level table; `None` when it is not a table or does
/// not parse (the Markdown is still indexed, without its metadata).
pub(super) fn parse(style: Style, text: &str) -> Option<Map<String, Value>> {
    let value = match style {
        Style::Yaml => yaml_to_json(YamlLoader::load_from_str(text).ok()?.into_iter().next()?),
        Style::Toml => toml_to_json(toml::Value::Table(text.parse::<toml::Table>().ok()?)),
    };
    match value {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

fn yaml_to_json(yaml: Yaml) -> Value {
    match yaml {
        Yaml::String(s) | Yaml::Real(s) => Value::String(s),
        Yaml::Integer(i) => Value::Number(Number::from(i)),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Array(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Yaml::Hash(hash) => Value::Object(
            hash.into_iter()
                .filter_map(|(k, v)| Some((yaml_key(k)?, yaml_to_json(v))))
                .collect(),
        ),
        _ => Value::Null,
    }
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(Number::from(i)),
        toml::Value::Float(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        // Dates are text to the date parser, as in YAML and JSON.
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

fn yaml_key(key: Yaml) -> Option<String> {
    match key {
        Yaml::String(s) | Yaml::Real(s) => Some(s),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_becomes_a_table() {
        let map = parse(
            Style::Yaml,
            "title: \"Ports reopen\"\ndate: 2023-09-11\nauthor:\n  name: Jane Doe\ntags: [shipping, trade]\n",
        )
        .unwrap();
        assert_eq!(map["title"], "Ports reopen");
        assert_eq!(map["date"], "2023-09-11");
        assert_eq!(map["author"]["name"], "Jane Doe");
        assert_eq!(map["tags"][1], "trade");
    }

    #[test]
    fn toml_front_matter_becomes_a_table_with_dates_as_text() {
        let map = parse(
            Style::Toml,
            "title = \"Ports\"\ndate = 2023-09-11T10:00:00Z\ntags = [\"a\"]\n",
        )
        .unwrap();
        assert_eq!(map["title"], "Ports");
        assert!(
            map["date"].as_str().unwrap().starts_with("2023-09-11"),
            "{:?}",
            map["date"]
        );
    }

    #[test]
    fn broken_or_scalar_front_matter_is_none() {
        assert_eq!(parse(Style::Yaml, "title: [unclosed"), None);
        assert_eq!(parse(Style::Yaml, "just a string"), None);
        assert_eq!(parse(Style::Toml, "title = "), None);
    }
}
