//! More like this: the articles that share the most telling words of one
//! article (frequent in it, rare in the index), its near-identical copies
//! left out and near-duplicates among the results collapsed.

use std::collections::{BTreeMap, HashMap};

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::lookup::Key;
use super::query::{Compiled, Counting, Marks};
use super::request::SearchRequest;
use super::results::{IndexedArticle, SearchResults};
use super::snippet;
use crate::article::Article;
use crate::error::Result;
use crate::store::analysis::Analysis;
use crate::store::fingerprint;
use crate::store::schema::TextFields;
use crate::store::NewsIndex;
use crate::text::floor_boundary;

/// Telling words taken from the article.
const MAX_TERMS: usize = 25;
/// A word in the title counts as this many in the body.
const TITLE_WEIGHT: f32 = 3.0;
/// Words shorter than this say little.
const MIN_WORD_BYTES: usize = 3;
/// Words in more than this share of articles say little too...
const MAX_DOC_SHARE: f32 = 0.2;
/// ...though in a small index any word in this few articles may still tell.
const COMMON_FLOOR: f32 = 10.0;

impl NewsIndex {
    /// The articles most like the one `key` names (an id, a path, or a path
    /// and number as hits print them, as [`NewsIndex::lookup_one`] takes
    /// them: the path of a file of several articles is
    /// [`Error::AmbiguousArticle`](crate::Error::AmbiguousArticle)). The request's paging, filters, order and
    /// facets apply; its query is not used. [`SearchResults::query`] holds
    /// the words that were searched for.
    ///
    /// ```
    /// use news_search::SearchRequest;
    /// # fn main() -> Result<(), news_search::Error> {
    /// # let tmp = tempfile::tempdir().unwrap();
    /// # let news = tmp.path().join("news");
    /// # std::fs::create_dir(&news).unwrap();
    /// # let story = |name: &str, text: &str| std::fs::write(news.join(name), text).unwrap();
    /// # story("a.txt", "Ports close as storm nears\n\n2024-02-03\nReuters\n\nHigh winds shut three ports on the coast on Saturday, stranding ferries and freight.\n");
    /// # story("b.txt", "Storm damage counted\n\n2024-02-05\nBBC\n\nAfter the storm, ports reopened and crews counted the damage to ferries.\n");
    /// # story("c.txt", "Budget vote delayed\n\n2023-11-20\nReuters\n\nParliament delayed the budget vote by a week after talks stalled.\n");
    /// # let index = news_search::NewsIndex::create(tmp.path().join("index"))?;
    /// # index.index_dir(&news)?;
    ///
    /// // The other storm story shares the most telling words; the article
    /// // itself is never among the results.
    /// let a = news.join("a.txt");
    /// let like = index.similar(a.to_str().unwrap(), &SearchRequest::new(""))?;
    /// assert_eq!(like.hits[0].title, "Storm damage counted");
    /// assert!(like.hits.iter().all(|h| h.title != "Ports close as storm nears"));
    /// assert!(like.query.contains("storm"), "{}", like.query);
    /// # Ok(())
    /// # }
    /// ```
    pub fn similar(&self, key: &str, request: &SearchRequest) -> Result<SearchResults> {
        self.guarded(|| self.similar_unguarded(key, Key::Any, request))
    }

    /// [`similar`](NewsIndex::similar) for an id alone: `id` is never read
    /// as a path, so nothing outside the index is looked at.
    pub fn similar_to_id(&self, id: &str, request: &SearchRequest) -> Result<SearchResults> {
        self.guarded(|| self.similar_unguarded(id, Key::Id, request))
    }

    fn similar_unguarded(
        &self,
        key: &str,
        kind: Key,
        request: &SearchRequest,
    ) -> Result<SearchResults> {
        let article = self.lookup_one_by(key, kind)?;
        let searcher = self.reader().searcher();
        let fields = self.fields();
        // Words as the article's own language reads them, sought in the
        // articles read the same way.
        let text = fields.of(Analysis::of_article(
            article.language.as_deref(),
            &article.title,
            &article.body,
        ));
        let terms = self.telling_words(&article, text);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (word, weight) in &terms {
            let term = TermQuery::new(
                Term::from_field_text(text.body, word),
                IndexRecordOption::WithFreqs,
            );
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(term), *weight)),
            ));
        }
        // Never the article itself.
        let itself = TermQuery::new(
            Term::from_field_text(fields.id, &article.id),
            IndexRecordOption::Basic,
        );
        clauses.push((Occur::MustNot, Box::new(itself)));
        let marks = Marks {
            words: terms.iter().map(|(w, _)| w.clone()).collect(),
            phrases: Vec::new(),
        };
        let compiled = Compiled {
            query: self.narrowed(request, &searcher, Box::new(BooleanQuery::new(clauses)))?,
            highlight: BTreeMap::from([(text.title, marks.clone()), (text.body, marks)]),
            unknown: Vec::new(),
            relaxable: 0,
            notes: Vec::new(),
            counting: Counting::InRanking,
        };
        // Its copies and near-identical versions are not "similar" articles.
        let copy = Article {
            title: article.title.clone(),
            body: article.body.clone(),
            ..Article::default()
        };
        let exclude = Some(fingerprint::fingerprint(&copy).simhash);
        let mut results = self.execute(&searcher, compiled, request, exclude)?;
        results.query = terms
            .into_iter()
            .map(|(w, _)| w)
            .collect::<Vec<_>>()
            .join(" ");
        Ok(results)
    }

    /// The article's words that best tell what it is about, with weights:
    /// frequency in it (title words counting more) times rarity in the index.
    fn telling_words(&self, article: &IndexedArticle, fields: TextFields) -> Vec<(String, f32)> {
        let searcher = self.reader().searcher();
        let mut counts: HashMap<String, f32> = HashMap::new();
        let body = &article.body
            [..floor_boundary(&article.body, snippet::SCAN_BYTES.min(article.body.len()))];
        let mut analyzer = fields.analysis.analyzer();
        for (text, weight) in [(article.title.as_str(), TITLE_WEIGHT), (body, 1.0)] {
            let mut stream = analyzer.token_stream(text);
            stream.process(&mut |t| {
                let word_like =
                    t.text.len() >= MIN_WORD_BYTES && !t.text.chars().all(|c| c.is_ascii_digit());
                if word_like {
                    *counts.entry(t.text.clone()).or_default() += weight;
                }
            });
        }
        let total = searcher.num_docs().max(1) as f32;
        let mut scored: Vec<(String, f32)> = counts
            .into_iter()
            .filter_map(|(word, tf)| {
                let df = searcher
                    .doc_freq(&Term::from_field_text(fields.body, &word))
                    .unwrap_or(0)
                    .max(
                        searcher
                            .doc_freq(&Term::from_field_text(fields.title, &word))
                            .unwrap_or(0),
                    ) as f32;
                // A word no other article holds cannot find anything.
                if df < 2.0 || df > (total * MAX_DOC_SHARE).max(COMMON_FLOOR) {
                    return None;
                }
                let idf = (total / df).ln();
                Some((word, (1.0 + tf.ln()) * idf))
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        scored.truncate(MAX_TERMS);
        let top = scored.first().map_or(1.0, |(_, w)| *w).max(f32::EPSILON);
        scored.into_iter().map(|(w, s)| (w, s / top)).collect()
    }
}
