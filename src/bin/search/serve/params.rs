//! A request's query parameters read as `search query` reads its flags:
//! the same names, the same forms of dates and orders, the same defaults,
//! and the same sentences when a value is wrong.

use clap::ValueEnum;
use news_search::{SearchRequest, DEFAULT_FRAGMENTS, DEFAULT_LIMIT};

use super::failure::Failure;
use crate::cli::{first_day, last_day, SortBy};

/// The most hits one request may ask for.
pub const MAX_LIMIT: usize = 100;
/// The most passages per hit one request may ask for.
pub const MAX_FRAGMENTS: usize = 10;

/// What `/api/search` takes.
pub const SEARCH: &[&str] = &[
    "q",
    "limit",
    "offset",
    "since",
    "until",
    "source",
    "author",
    "lang",
    "sort",
    "fragments",
    "exact",
    "facets",
    "no_collapse",
];
/// What `/api/similar/{id}` takes: the same, without a query of its own.
pub const SIMILAR: &[&str] = &[
    "limit",
    "offset",
    "since",
    "until",
    "source",
    "author",
    "lang",
    "sort",
    "fragments",
    "facets",
];
/// What `/api/articles/{id}` takes: the query whose words to mark.
pub const ARTICLE: &[&str] = &["q"];

/// The parameters of one request, each named once, each one the route takes.
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn new(pairs: Vec<(String, String)>, takes: &[&str]) -> Result<Params, Failure> {
        for (i, (name, _)) in pairs.iter().enumerate() {
            if !takes.contains(&name.as_str()) {
                return Err(Failure::bad_request(format!(
                    "unknown parameter \"{}\": this route takes {}",
                    name.escape_debug(),
                    takes.join(", ")
                )));
            }
            if pairs[..i].iter().any(|(earlier, _)| earlier == name) {
                return Err(Failure::bad_request(format!(
                    "the parameter \"{name}\" is given twice: give it once"
                )));
            }
        }
        Ok(Params(pairs))
    }

    /// The value of `name`; an empty one (a form's empty field) is none.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value.as_str())
            .filter(|value| !value.is_empty())
    }

    /// A flag: present (as `exact`, `exact=1`, `exact=true`, `exact=on`) or not.
    pub fn flag(&self, name: &str) -> Result<bool, Failure> {
        let Some((_, value)) = self.0.iter().find(|(n, _)| n == name) else {
            return Ok(false);
        };
        match value.as_str() {
            "" | "1" | "true" | "on" | "yes" => Ok(true),
            "0" | "false" | "off" | "no" => Ok(false),
            other => Err(invalid(other, name, "write true or false")),
        }
    }

    fn number(&self, name: &str, default: usize, max: Option<usize>) -> Result<usize, Failure> {
        let Some(text) = self.get(name) else {
            return Ok(default);
        };
        let number: usize = text
            .parse()
            .map_err(|_| invalid(text, name, "write a whole number, as 10"))?;
        match max {
            Some(max) if number > max => Err(Failure::bad_request(format!(
                "{name} is {number}: at most {max} at a time"
            ))),
            _ => Ok(number),
        }
    }

    /// The search these parameters ask for, with `query` as its words.
    pub fn request(&self, query: String) -> Result<SearchRequest, Failure> {
        let mut request = SearchRequest::new(query)
            .limit(self.number("limit", DEFAULT_LIMIT, Some(MAX_LIMIT))?)
            .offset(self.number("offset", 0, None)?)
            .fragments(self.number("fragments", DEFAULT_FRAGMENTS, Some(MAX_FRAGMENTS))?)
            .exact(self.flag("exact")?)
            .collapse(!self.flag("no_collapse")?)
            .facets(self.flag("facets")?);
        if let Some(sort) = self.get("sort") {
            let sort = SortBy::from_str(sort, false).map_err(|_| {
                Failure::bad_request(format!(
                    "invalid value '{}' for 'sort' [possible values: relevance, newest, oldest]",
                    sort.escape_debug()
                ))
            })?;
            request = request.sort(sort.into());
        }
        if let Some(since) = self.get("since") {
            request.since = Some(first_day(since).map_err(|e| invalid(since, "since", &e))?);
        }
        if let Some(until) = self.get("until") {
            request.until = Some(last_day(until).map_err(|e| invalid(until, "until", &e))?);
        }
        request.source = self.get("source").map(str::to_owned);
        request.author = self.get("author").map(str::to_owned);
        // `lang=de,fr`, as `--lang de,fr` takes them.
        request.languages = self
            .get("lang")
            .map(|codes| codes.split(',').map(|c| c.trim().to_owned()).collect())
            .unwrap_or_default();
        Ok(request)
    }
}

/// "invalid value 'Sept' for 'since': bad date ...", as clap words a flag's.
fn invalid(value: &str, name: &str, why: impl std::fmt::Display) -> Failure {
    Failure::bad_request(format!(
        "invalid value '{}' for '{name}': {why}",
        value.escape_debug()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Result<Params, Failure> {
        let pairs = pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        Params::new(pairs, SEARCH)
    }

    #[test]
    fn values_are_read_as_the_flags_are() {
        let request = params(&[
            ("q", "storm"),
            ("since", "2023-09"),
            ("until", "2024"),
            ("sort", "newest"),
            ("exact", ""),
            ("facets", "on"),
            ("source", ""),
        ])
        .unwrap()
        .request("storm".into())
        .unwrap();
        assert_eq!(request.since.unwrap().to_string(), "2023-09-01");
        assert_eq!(request.until.unwrap().to_string(), "2024-12-31");
        assert_eq!(request.sort, news_search::Sort::Newest);
        assert!(request.exact && request.facets && request.collapse);
        assert_eq!(request.source, None);
        assert_eq!(request.limit, DEFAULT_LIMIT);
    }

    #[test]
    fn languages_are_read_as_lang_reads_them() {
        let request = params(&[("q", "storm"), ("lang", "de, fr")])
            .and_then(|p| p.request("storm".into()))
            .unwrap_or_else(|f| panic!("{}", f.message));
        assert_eq!(request.languages, ["de", "fr"]);
        let none = params(&[("lang", "")]).unwrap().request(String::new());
        assert!(none
            .unwrap_or_else(|f| panic!("{}", f.message))
            .languages
            .is_empty());
    }

    #[test]
    fn mistakes_are_told_as_the_command_line_tells_them() {
        let message = |pairs: &[(&str, &str)]| match params(pairs) {
            Ok(params) => params.request(String::new()).unwrap_err().message,
            Err(failure) => failure.message,
        };
        assert!(message(&[("since", "Sept")])
            .starts_with("invalid value 'Sept' for 'since': bad date \"Sept\""));
        assert!(message(&[("sort", "best")]).contains("possible values: relevance"));
        assert_eq!(
            message(&[("limit", "101")]),
            "limit is 101: at most 100 at a time"
        );
        assert!(message(&[("limit", "-1")]).contains("whole number"));
        assert!(message(&[("colour", "red")]).starts_with("unknown parameter \"colour\""));
        assert!(message(&[("q", "a"), ("q", "b")]).contains("given twice"));
        assert!(message(&[("exact", "maybe")]).contains("true or false"));
    }
}
