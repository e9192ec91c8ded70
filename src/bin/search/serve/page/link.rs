//! The page's state as its form holds it, and the links that change one
//! part of it (a facet, a page, a month) and keep the rest.

use super::super::params::Params;

/// What the search form holds; each field as typed, empty when unset.
#[derive(Debug, Clone, Default)]
pub struct Form {
    pub q: String,
    pub since: String,
    pub until: String,
    pub source: String,
    /// `--lang`'s codes, as typed (`de,fr`).
    pub lang: String,
    pub sort: String,
    pub exact: bool,
    pub offset: usize,
    pub limit: String,
}

impl Form {
    pub fn from_params(params: &Params) -> Form {
        let text = |name: &str| params.get(name).unwrap_or_default().to_owned();
        Form {
            q: text("q"),
            since: text("since"),
            until: text("until"),
            source: text("source"),
            lang: text("lang"),
            sort: text("sort"),
            exact: params.flag("exact").unwrap_or(false),
            offset: params
                .get("offset")
                .and_then(|o| o.parse().ok())
                .unwrap_or(0),
            limit: text("limit"),
        }
    }

    /// `/?q=...` for this form, from its first page.
    pub fn href(&self) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("q", self.q.clone())];
        let optional = [
            ("since", &self.since),
            ("until", &self.until),
            ("source", &self.source),
            ("lang", &self.lang),
            ("sort", &self.sort),
            ("limit", &self.limit),
        ];
        for (name, value) in optional {
            if !value.is_empty() {
                pairs.push((name, value.clone()));
            }
        }
        if self.exact {
            pairs.push(("exact", "1".to_owned()));
        }
        if self.offset > 0 {
            pairs.push(("offset", self.offset.to_string()));
        }
        let query: Vec<String> = pairs
            .iter()
            .map(|(name, value)| format!("{name}={}", encode(value)))
            .collect();
        format!("/?{}", query.join("&"))
    }

    /// This form from hit `offset` on.
    pub fn at(&self, offset: usize) -> Form {
        Form {
            offset,
            ..self.clone()
        }
    }

    /// This form narrowed to `source`, from the first page.
    pub fn source(&self, source: &str) -> Form {
        Form {
            source: source.to_owned(),
            offset: 0,
            ..self.clone()
        }
    }

    /// This form narrowed to the languages `lang` names, from the first page.
    pub fn lang(&self, lang: &str) -> Form {
        Form {
            lang: lang.to_owned(),
            offset: 0,
            ..self.clone()
        }
    }

    /// This form narrowed to a month or year ("2024-02", "2024").
    pub fn period(&self, period: &str) -> Form {
        Form {
            since: period.to_owned(),
            until: period.to_owned(),
            offset: 0,
            ..self.clone()
        }
    }

    /// This form with another query, from the first page.
    pub fn query(&self, q: &str) -> Form {
        Form {
            q: q.to_owned(),
            offset: 0,
            ..self.clone()
        }
    }

    /// `/articles/{id}` with this form's query, so its words are marked.
    pub fn article(&self, id: &str) -> String {
        format!("/articles/{}?q={}", encode(id), encode(&self.q))
    }
}

/// Percent-encodes `text` for a query string (application/x-www-form-urlencoded).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_form_and_encode_every_value() {
        let form = Form {
            q: "\"storm\" & <ports>".to_owned(),
            sort: "newest".to_owned(),
            offset: 20,
            ..Form::default()
        };
        assert_eq!(
            form.href(),
            "/?q=%22storm%22+%26+%3Cports%3E&sort=newest&offset=20"
        );
        assert_eq!(
            form.source("Al Jazeera").href(),
            "/?q=%22storm%22+%26+%3Cports%3E&source=Al+Jazeera&sort=newest"
        );
        assert_eq!(form.period("2024-02").since, "2024-02");
        assert_eq!(
            form.lang("de").source("DW").href(),
            "/?q=%22storm%22+%26+%3Cports%3E&source=DW&lang=de&sort=newest"
        );
        assert_eq!(encode("é/#"), "%C3%A9%2F%23");
    }
}
