//! Which analyses a query is compiled for: those of the languages the index
//! holds (an index of English articles compiles queries exactly as before),
//! or those of the languages `--lang` names, and which of them mend typos;
//! and `--lang` as a filter.

use tantivy::directory::CompositeFile;
use tantivy::index::SegmentComponent;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::language::language_code;
use crate::store::analysis::{Analysis, ANALYSES};
use crate::store::schema::{Fields, TextFields};

/// How a query is read: in the analyses of the languages the index holds
/// (or `--lang` names), and of those, the ones whose typos are mended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reading {
    pub analyses: AnalysisSet,
    /// The analyses whose text the index holds enough of to know their
    /// words: at least [`MENDED_WORDS`] words or a hundredth of all the
    /// text, and every language `--lang` names. Close words found in a
    /// language a few stray articles bring (4 French ones among 356,000
    /// English) would match little and cost more than the search: 25M of
    /// a mistyped word's 60M instructions (BENCHMARKS.md, "Typos in a
    /// language the index barely holds").
    pub mended: AnalysisSet,
}

/// Words of a language's text (about 400 news articles) from which its
/// typos are mended, however small its share of the index.
const MENDED_WORDS: u64 = 200_000;

/// A set of analyses, by their place in [`ANALYSES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AnalysisSet(u32);

impl AnalysisSet {
    /// English alone: what every query searched before languages were told apart.
    pub(crate) const ENGLISH: AnalysisSet = AnalysisSet(1);
    /// No analysis.
    pub(crate) const EMPTY: AnalysisSet = AnalysisSet(0);

    /// The analyses whose fields hold any text in the index, or those of
    /// `languages` (ISO 639-1 codes or tags) when some are named; English
    /// when the index holds nothing yet. See [`Reading`].
    pub(crate) fn for_search(
        searcher: &Searcher,
        fields: &Fields,
        languages: &[String],
    ) -> Reading {
        if !languages.is_empty() {
            let mut set = AnalysisSet::EMPTY;
            for code in languages {
                let code = language_code(code);
                set.insert(Analysis::of_language(code.as_deref()));
            }
            return Reading {
                analyses: set,
                mended: set,
            };
        }
        let mut words = [0u64; ANALYSES.len()];
        for segment in searcher.segment_readers() {
            let postings = segment
                .open_read(SegmentComponent::Postings)
                .ok()
                .and_then(|file| CompositeFile::open(&file).ok());
            for (i, text) in fields.texts.iter().enumerate() {
                // tantivy gives a field without postings in a segment an
                // empty dictionary, built on its first use with an FST
                // builder's tables: a tenth of a rare word's instructions and
                // a fifth of its page faults. The postings file's table of
                // fields tells that case first (BENCHMARKS.md, "Start-up
                // and opening").
                let listed = postings
                    .as_ref()
                    .is_none_or(|postings| postings.open_read(text.body).is_some());
                if !listed {
                    continue;
                }
                if let Ok(inverted) = segment.inverted_index(text.body) {
                    if inverted.terms().num_terms() > 0 {
                        // A field that holds terms holds text, whatever
                        // count of its words the segment recorded.
                        words[i] += inverted.total_num_tokens().max(1);
                    }
                }
            }
        }
        let all: u64 = words.iter().sum();
        let mut reading = Reading {
            analyses: AnalysisSet::EMPTY,
            mended: AnalysisSet::EMPTY,
        };
        for (analysis, &held) in ANALYSES.iter().zip(&words) {
            if held > 0 {
                reading.analyses.insert(*analysis);
            }
            if held > 0 && (held >= MENDED_WORDS || held.saturating_mul(100) >= all) {
                reading.mended.insert(*analysis);
            }
        }
        if reading.analyses == AnalysisSet::EMPTY {
            reading = Reading {
                analyses: AnalysisSet::ENGLISH,
                mended: AnalysisSet::ENGLISH,
            };
        }
        reading
    }

    /// Whether `analysis` is in the set.
    pub(crate) fn contains(self, analysis: Analysis) -> bool {
        self.0 & bit(analysis) != 0
    }

    /// How many analyses the set holds.
    pub(crate) fn len(self) -> u32 {
        self.0.count_ones()
    }

    /// One analysis alone.
    pub(crate) fn of(analysis: Analysis) -> Self {
        let mut set = AnalysisSet::EMPTY;
        set.insert(analysis);
        set
    }

    fn insert(&mut self, analysis: Analysis) {
        self.0 |= bit(analysis);
    }

    /// The title and body fields of the analyses in the set.
    pub(crate) fn fields(self, fields: &Fields) -> impl Iterator<Item = TextFields> + '_ {
        fields
            .texts
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, t)| *t)
    }
}

/// The bit of `analysis` in a set: its place in [`ANALYSES`] (none for
/// one not listed).
fn bit(analysis: Analysis) -> u32 {
    ANALYSES
        .iter()
        .position(|a| *a == analysis)
        .map_or(0, |i| 1 << i)
}

/// Articles in the language `tag` names (`de`, `de-AT`, `deu`: German).
pub(crate) fn in_language(fields: &Fields, tag: &str) -> Box<dyn Query> {
    let code = language_code(tag).unwrap_or_else(|| tag.trim().to_lowercase());
    let term = Term::from_field_text(fields.language, &code);
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

/// `--lang de,fr`: articles in any of these languages (ISO 639-1 codes, or
/// tags such as `pt-BR`); `None` when none is named.
pub(crate) fn language_filter(fields: &Fields, languages: &[String]) -> Option<Box<dyn Query>> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = languages
        .iter()
        .map(|tag| (Occur::Should, in_language(fields, tag)))
        .collect();
    (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NewsIndex;

    /// The analyses whose body field holds a term in some segment, each
    /// field's dictionary opened as tantivy opens it.
    fn held(index: &NewsIndex) -> AnalysisSet {
        let searcher = index.reader().searcher();
        let mut set = AnalysisSet(0);
        for text in &index.fields().texts {
            let holds = searcher.segment_readers().iter().any(|segment| {
                segment
                    .inverted_index(text.body)
                    .is_ok_and(|inverted| inverted.terms().num_terms() > 0)
            });
            if holds {
                set.insert(text.analysis);
            }
        }
        set
    }

    #[test]
    fn the_analyses_found_are_those_whose_fields_hold_terms() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join("news");
        std::fs::create_dir(&folder).unwrap();
        let index = NewsIndex::create(tmp.path().join("idx")).unwrap();
        let search = |index: &NewsIndex| {
            AnalysisSet::for_search(&index.reader().searcher(), index.fields(), &[]).analyses
        };
        assert_eq!(search(&index), AnalysisSet::ENGLISH, "an empty index");
        std::fs::write(
            folder.join("en.txt"),
            "Chip shortage eases\n\nThe chipmaker said on Tuesday that deliveries of its \
             newest chips to carmakers would resume next month.\n",
        )
        .unwrap();
        index.index_dir(&folder).unwrap();
        assert_eq!(search(&index), AnalysisSet::ENGLISH);
        // A second run adds a segment of German alone: each segment lacks
        // the other's fields.
        std::fs::write(
            folder.join("de.txt"),
            "Staatsbesuch in Paris\n\nDer Bundespräsident traf am Mittwoch den \
             französischen Präsidenten. Die beiden Politiker sprachen über die Zukunft \
             der Europäischen Union und den Klimaschutz.\n",
        )
        .unwrap();
        index.index_dir(&folder).unwrap();
        assert!(index.reader().searcher().segment_readers().len() >= 2);
        let mut both = AnalysisSet::ENGLISH;
        both.insert(Analysis::Stemmed("de"));
        assert_eq!(search(&index), both);
        assert_eq!(search(&index), held(&index));
    }
}
