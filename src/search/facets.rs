//! Facets: how the articles matching a query spread over sources and months,
//! counted from fast columns as the search runs (no stored document is read).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::store::schema;
use crate::store::stats::{add_names, most_first};

/// Months shown before the timeline switches to years.
const MAX_MONTHS: usize = 36;

/// Counts of the matching articles (all of them, not one page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Articles per source, most first (ties by name).
    pub sources: Vec<(String, u64)>,
    /// Matching articles that name no source.
    pub no_source: u64,
    /// Articles per language (ISO 639-1 code), most first (ties by code).
    pub languages: Vec<(String, u64)>,
    /// Matching articles whose language is undetermined.
    pub undetermined: u64,
    /// Articles per month (`YYYY-MM`), in order, months without any included,
    /// when the dates span at most three years; empty otherwise.
    pub months: Vec<(String, u64)>,
    /// Articles per year (`YYYY`), in order, years without any included.
    pub years: Vec<(String, u64)>,
    /// Matching articles that state no date.
    pub undated: u64,
}

/// Per-segment counts: sources by name, dates by month number.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    sources: HashMap<String, u64>,
    no_source: u64,
    languages: HashMap<String, u64>,
    undetermined: u64,
    /// Articles by `year * 12 + month - 1`.
    months: BTreeMap<i32, u64>,
    undated: u64,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        for (name, n) in other.sources {
            *self.sources.entry(name).or_default() += n;
        }
        for (code, n) in other.languages {
            *self.languages.entry(code).or_default() += n;
        }
        for (month, n) in other.months {
            *self.months.entry(month).or_default() += n;
        }
        self.no_source += other.no_source;
        self.undetermined += other.undetermined;
        self.undated += other.undated;
    }

    pub(crate) fn into_facets(self) -> Facets {
        let sources = most_first(self.sources);
        let (mut months, mut years) = (Vec::new(), Vec::new());
        if let (Some((&first, _)), Some((&last, _))) =
            (self.months.first_key_value(), self.months.last_key_value())
        {
            if ((last - first) as usize) < MAX_MONTHS {
                months = (first..=last)
                    .map(|m| {
                        let label = format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1);
                        (label, self.months.get(&m).copied().unwrap_or(0))
                    })
                    .collect();
            }
            let mut by_year: BTreeMap<i32, u64> = BTreeMap::new();
            for (m, n) in &self.months {
                *by_year.entry(m.div_euclid(12)).or_default() += n;
            }
            years = (first.div_euclid(12)..=last.div_euclid(12))
                .map(|y| (format!("{y:04}"), by_year.get(&y).copied().unwrap_or(0)))
                .collect();
        }
        Facets {
            sources,
            no_source: self.no_source,
            languages: most_first(self.languages),
            undetermined: self.undetermined,
            months,
            years,
            undated: self.undated,
        }
    }
}

/// Collects [`Counts`] of every matching document.
pub(crate) struct FacetCollector;

pub(crate) struct FacetSegmentCollector {
    sources: Option<StrColumn>,
    dates: Option<Column<DateTime>>,
    by_ord: HashMap<u64, u64>,
    languages: Option<StrColumn>,
    by_language: HashMap<u64, u64>,
    counts: Counts,
}

impl Collector for FacetCollector {
    type Fruit = Counts;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let fast = reader.fast_fields();
        Ok(FacetSegmentCollector {
            sources: fast.str(schema::SOURCE)?,
            dates: fast.date(schema::DATE).ok(),
            by_ord: HashMap::new(),
            languages: fast.str(schema::LANGUAGE)?,
            by_language: HashMap::new(),
            counts: Counts::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::default();
        for fruit in fruits {
            all.add(fruit);
        }
        Ok(all)
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        match self.sources.as_ref().and_then(|c| c.term_ords(doc).next()) {
            Some(ord) => *self.by_ord.entry(ord).or_default() += 1,
            None => self.counts.no_source += 1,
        }
        match self
            .languages
            .as_ref()
            .and_then(|c| c.term_ords(doc).next())
        {
            Some(ord) => *self.by_language.entry(ord).or_default() += 1,
            None => self.counts.undetermined += 1,
        }
        match self.dates.as_ref().and_then(|c| c.first(doc)) {
            Some(date) => {
                let date = date.into_utc();
                let month = date.year() * 12 + i32::from(u8::from(date.month())) - 1;
                *self.counts.months.entry(month).or_default() += 1;
            }
            None => self.counts.undated += 1,
        }
    }

    fn harvest(mut self) -> Counts {
        add_names(self.sources.as_ref(), self.by_ord, &mut self.counts.sources);
        add_names(
            self.languages.as_ref(),
            self.by_language,
            &mut self.counts.languages,
        );
        self.counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_spans_count_months_with_gaps_filled() {
        let mut counts = Counts::default();
        counts.months.insert(2023 * 12 + 10, 2); // 2023-11
        counts.months.insert(2024 * 12 + 1, 1); // 2024-02
        let facets = counts.into_facets();
        let months: Vec<&str> = facets.months.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(months, ["2023-11", "2023-12", "2024-01", "2024-02"]);
        assert_eq!(facets.months[0].1, 2);
        assert_eq!(facets.years, [("2023".into(), 2), ("2024".into(), 1)]);
    }

    #[test]
    fn long_spans_count_years_only() {
        let mut counts = Counts::default();
        counts.months.insert(2001 * 12, 1);
        counts.months.insert(2020 * 12, 1);
        let facets = counts.into_facets();
        assert!(facets.months.is_empty());
        assert_eq!(facets.years.len(), 20);
    }

    #[test]
    fn sources_are_most_first_then_by_name() {
        let mut counts = Counts::default();
        counts.sources.insert("b".into(), 2);
        counts.sources.insert("a".into(), 2);
        counts.sources.insert("c".into(), 5);
        let names: Vec<String> = counts
            .into_facets()
            .sources
            .into_iter()
            .map(|s| s.0)
            .collect();
        assert_eq!(names, ["c", "a", "b"]);
    }
}
