//! Unions of terms: a query that is any of several terms, each perhaps
//! weighted, nested as the compiler builds it (a word's close words in each
//! language's fields), read back as one flat list. As one flat union tantivy
//! ranks it by block-max WAND, skipping the matches that cannot reach the
//! page, where nested unions make it score every match.

use std::fmt;

use tantivy::query::{BooleanQuery, BoostWeight, EnableScoring, Occur, Query, TermQuery, Weight};
use tantivy::Term;

/// `query`, its score multiplied by `boost`: what tantivy's `BoostQuery`
/// does, readable back (see [`union_terms`]); made by [`weighted`].
struct Weighted {
    query: Box<dyn Query>,
    boost: f32,
}

impl Clone for Weighted {
    fn clone(&self) -> Self {
        Weighted {
            query: self.query.box_clone(),
            boost: self.boost,
        }
    }
}

impl fmt::Debug for Weighted {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "Weighted({:?}, {})", self.query, self.boost)
    }
}

impl Query for Weighted {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weight = self.query.weight(enable_scoring)?;
        Ok(match enable_scoring.is_scoring_enabled() {
            true => Box::new(BoostWeight::new(weight, self.boost)),
            false => weight,
        })
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

/// The terms of `query` when it matches what any of them matches, and
/// scores the sum of their scores: a term, a weighted query of such, or a
/// union (`Should` clauses only) of such. Each with its boost (`boost`
/// times the weights around it); `None` for any other query.
pub(crate) fn union_terms(query: &dyn Query, boost: f32) -> Option<Vec<(TermQuery, f32)>> {
    let mut terms = Vec::new();
    collect(query, boost, &mut terms)?;
    Some(terms)
}

fn collect(query: &dyn Query, boost: f32, terms: &mut Vec<(TermQuery, f32)>) -> Option<()> {
    if let Some(term) = query.downcast_ref::<TermQuery>() {
        terms.push((term.clone(), boost));
        return Some(());
    }
    if let Some(weighted) = query.downcast_ref::<Weighted>() {
        return collect(&*weighted.query, boost * weighted.boost, terms);
    }
    for (occur, clause) in query.downcast_ref::<BooleanQuery>()?.clauses() {
        if *occur != Occur::Should {
            return None;
        }
        collect(&**clause, boost, terms)?;
    }
    Some(())
}

/// `query` weighted by `boost`; itself when the boost is 1.
pub(crate) fn weighted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    match boost == 1.0 {
        true => query,
        false => Box::new(Weighted { query, boost }),
    }
}

/// The flat union of `terms`, each weighted by its boost.
pub(crate) fn flat_union(terms: Vec<(TermQuery, f32)>) -> Box<dyn Query> {
    let clauses = terms
        .into_iter()
        .map(|(term, boost)| (Occur::Should, weighted(Box::new(term), boost)))
        .collect();
    Box::new(BooleanQuery::new(clauses))
}
