//! "Did you mean": for each word of a query that the index does not hold,
//! the close indexed words, as the articles write them.

use std::collections::{BTreeSet, HashMap};

use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::fuzzy::Neighbour;
use super::query::Marks;
use super::results::Suggestion;
use super::snippet::{Highlighter, SCAN_BYTES};
use crate::error::Result;
use crate::store::analysis::Analysis;
use crate::store::NewsIndex;
use crate::text::floor_boundary;

/// At most this many words are suggested for one unknown word.
const MAX_SUGGESTIONS: usize = 3;

impl NewsIndex {
    /// The unknown words with the words the user perhaps meant, as written
    /// in the articles (the index holds stems: "govern" reads "government").
    pub(super) fn suggestions(
        &self,
        searcher: &Searcher,
        unknown: &[(String, Vec<Neighbour>)],
    ) -> Result<Vec<Suggestion>> {
        unknown
            .iter()
            .map(|(word, close)| {
                let mut did_you_mean = Vec::new();
                for n in close.iter().take(MAX_SUGGESTIONS) {
                    let written = self.written_form(searcher, n, word)?;
                    if !did_you_mean.contains(&written) && written != *word {
                        did_you_mean.push(written);
                    }
                }
                Ok(Suggestion {
                    word: word.clone(),
                    did_you_mean,
                })
            })
            .collect()
    }

    /// How the articles that hold the word whose stem is `stem` write it,
    /// lower-cased: the form closest to what was `typed`, then the most
    /// frequent ("negotiatons" reads "negotiations", not "negotiated"). A few
    /// articles are read, no more: the first that hold it, not the best
    /// scored (ranking 164,000 articles that hold "govern" for three of
    /// them took a mistyped word's search 2.2M instructions a suggestion).
    fn written_form(&self, searcher: &Searcher, close: &Neighbour, typed: &str) -> Result<String> {
        const ARTICLES_READ: usize = 3;
        let stem = close.stem.as_str();
        let analysis = self
            .fields()
            .texts
            .iter()
            .find(|t| t.body == close.field)
            .map_or(Analysis::English, |t| t.analysis);
        let term = Term::from_field_text(close.field, stem);
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let found = self.first_matches(searcher, &query, ARTICLES_READ)?;
        let mut forms: HashMap<String, usize> = HashMap::new();
        let marks = Marks {
            words: BTreeSet::from([stem.to_owned()]),
            phrases: Vec::new(),
        };
        for address in found {
            let stored = self.stored(searcher, address)?;
            let text = format!("{}\n{}", stored.article.title, stored.article.body);
            let scanned = &text[..floor_boundary(&text, SCAN_BYTES.min(text.len()))];
            for (start, end) in Highlighter::new(&marks, analysis, |_| 1.0).mark(scanned) {
                *forms.entry(scanned[start..end].to_lowercase()).or_default() += 1;
            }
        }
        let best = forms.into_iter().min_by(|a, b| {
            let distance = |form: &str| strsim::osa_distance(form, typed);
            distance(&a.0)
                .cmp(&distance(&b.0))
                .then(b.1.cmp(&a.1))
                .then_with(|| a.0.cmp(&b.0))
        });
        Ok(best.map_or_else(|| stem.to_owned(), |(form, _)| form))
    }
}
