//! Query text -> tantivy query: the user's syntax parsed with tantivy's grammar and
//! compiled here, so that words must all match by default, prefixes expand against
//! the index, dates are written as people write them, and the words to highlight
//! are known exactly (excluded words never are).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, RegexQuery,
    TermQuery,
};
use tantivy::query_grammar::{
    self, Delimiter, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::dates::{date_range, date_span, range};
use super::exclusion::Excluded;
use super::fuzzy::{self, Neighbour};
use super::languages::{in_language, AnalysisSet, Reading};
use super::prepare::{prepare, QueryNote};
use super::union::{self, weighted};
use crate::error::QueryError;
use crate::limits::{MAX_PREFIX_EXPANSIONS, MAX_QUERY_CHARS, MAX_QUERY_NESTING, MAX_QUERY_WORDS};
use crate::store::analysis::{folding_analyzer, Analysis};
use crate::store::schema::{Fields, TextFields, QUERY_FIELDS};

/// How much the query run on headlines alone adds to an article's score, when
/// its headline holds the whole query (tuned on RELEVANCE.md's table).
const WHOLE_TITLE_WEIGHT: f32 = 2.0;

/// A CJK word of up to this many bigrams (four characters) must match as
/// written; a longer run, a pasted sentence, needs all its bigrams anywhere
/// (its punctuation and line breaks may differ from the article's).
const CJK_PHRASE_BIGRAMS: usize = 3;

/// How much a close word found for a typo weighs against the word itself, by
/// edit distance: a typo's matches rank below exact ones.
const FUZZY_WEIGHT: [f32; 3] = [1.0, 0.4, 0.2];

/// How words without an operator combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Every word must match (the default).
    All,
    /// Any word may match (the fallback when no article has them all).
    Any,
}

/// What to mark in one field's text: words anywhere, phrases only where
/// their words stand together.
#[derive(Debug, Clone, Default)]
pub(crate) struct Marks {
    /// Analysed words.
    pub words: BTreeSet<String>,
    /// Analysed phrases, each word with its offset in the phrase.
    pub phrases: Vec<Vec<(usize, String)>>,
}

/// Options that change how query words match.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    /// Let a word the index barely knows match the indexed words close to it.
    pub fuzzy: bool,
    /// The analyses a word is sought in, each in its own fields.
    pub analyses: AnalysisSet,
    /// The analyses whose typos are mended (see [`Reading`]); asked only
    /// of those in `analyses`.
    pub mended: AnalysisSet,
}

impl Options {
    /// Reading a query as `reading` says.
    pub(crate) fn new(fuzzy: bool, reading: Reading) -> Options {
        Options {
            fuzzy,
            analyses: reading.analyses,
            mended: reading.mended,
        }
    }
}

/// A query ready to run, and what to highlight in the hits it finds.
pub(crate) struct Compiled {
    pub query: Box<dyn Query>,
    /// Indexed terms that matched positively, by field.
    pub highlight: BTreeMap<Field, Marks>,
    /// Typed words the index does not hold, with the stems of the indexed
    /// words closest to them, best first.
    pub unknown: Vec<(String, Vec<Neighbour>)>,
    /// How many top-level clauses are words without an operator: the
    /// any-word fallback only changes anything when there are two or more.
    pub relaxable: usize,
    /// What was read otherwise than it was written.
    pub notes: Vec<QueryNote>,
    /// How its matches are counted.
    pub counting: Counting,
}

/// How a query's matches are counted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Counting {
    /// In the pass that ranks them, which visits every match anyway.
    InRanking,
    /// Terms that together match exactly the articles the query does, no
    /// article twice (each on the body field of its own analysis): their
    /// document counts add up to the query's, without walking the matches.
    Terms(Vec<Term>),
    /// Terms that together match exactly the articles the query does, an
    /// article perhaps several of them (a word and its close words): counted
    /// by walking their postings, unscored, while the ranking skips.
    Union(Vec<Term>),
}

/// Compiles `text`; the error is a one-line reason for the user.
pub(crate) fn compile(
    text: &str,
    mode: Mode,
    options: Options,
    fields: &Fields,
    searcher: &Searcher,
) -> Result<Compiled, QueryError> {
    let (ast, notes) = parse(text, fields)?;
    let relaxable = match &ast {
        UserInputAst::Clause(clauses) => clauses
            .iter()
            .filter(|(occur, ast)| occur.is_none() && !is_restriction(ast))
            .count(),
        ast => usize::from(!is_restriction(ast)),
    };
    let mut compiler = Compiler::new(fields, searcher, mode, options);
    let query = compiler.ast(&ast, true)?.ok_or(QueryError::NoWords)?;
    compiler.merge_unknown_words();
    let mut counting = Counting::InRanking;
    // An article whose headline holds the whole query is what a reader most
    // likely wants: the same query, on titles alone, adds to its score.
    compiler.title_only = true;
    let query = match compiler.ast(&ast, true) {
        Ok(Some(in_title)) => match (
            union::union_terms(&*query, 1.0),
            union::union_terms(&*in_title, WHOLE_TITLE_WEIGHT),
        ) {
            // For one word (a word with its close words, in each language),
            // every article whose headline holds it holds it in the body too
            // (the headline is indexed in the body), so "body, plus a bonus
            // for the headline" matches what the body terms do, with the
            // same scores: as a flat union of terms, tantivy can skip the
            // articles that cannot reach the top (block-max WAND) instead of
            // scoring every match of a common word.
            (Some(body), Some(title)) => {
                let terms: Vec<Term> = body.iter().map(|(t, _)| t.term().clone()).collect();
                let distinct = terms
                    .iter()
                    .enumerate()
                    .all(|(i, t)| terms[..i].iter().all(|u| u.field() != t.field()));
                counting = match distinct {
                    true => Counting::Terms(terms),
                    false => Counting::Union(terms),
                };
                union::flat_union(body.into_iter().chain(title).collect())
            }
            _ => Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (Occur::Should, weighted(in_title, WHOLE_TITLE_WEIGHT)),
            ])),
        },
        _ => query,
    };
    Ok(Compiled {
        query,
        highlight: compiler.highlight,
        unknown: compiler.unknown,
        relaxable,
        notes,
        counting,
    })
}

/// A query taken apart to tell which of its filters left nothing: its
/// words without them, and each top-level restriction or exclusion alone.
pub(crate) struct Narrowing {
    /// The query without its restrictions and exclusions; `None` when it is
    /// nothing else.
    pub words: Option<Box<dyn Query>>,
    /// Each restriction (`Must`) or exclusion (`MustNot`) as written.
    pub filters: Vec<(String, Occur, Box<dyn Query>)>,
}

/// Takes `text` apart as [`Narrowing`] says, compiled as `compile` would;
/// `None` when it holds no filter and `more_filters` (the request's) is
/// false, as there is then nothing to blame.
pub(crate) fn narrowing(
    text: &str,
    mode: Mode,
    options: Options,
    fields: &Fields,
    searcher: &Searcher,
    more_filters: bool,
) -> Result<Option<Narrowing>, QueryError> {
    let (ast, _) = parse(text, fields)?;
    let clauses = match ast {
        UserInputAst::Clause(clauses) => clauses,
        other => vec![(None, other)],
    };
    let mut compiler = Compiler::new(fields, searcher, mode, options);
    let mut words = Vec::new();
    let mut filters = Vec::new();
    for (occur, ast) in clauses {
        let filter = match occur {
            Some(Occur::MustNot) => Some(Occur::MustNot),
            None | Some(Occur::Must) if is_restriction(&ast) => Some(Occur::Must),
            _ => None,
        };
        match filter {
            Some(occur) => {
                if let Some(query) = compiler.ast(&ast, false)? {
                    filters.push((written(occur, &ast), occur, excluded_if(occur, query)));
                }
            }
            None => words.push((occur, ast)),
        }
    }
    if filters.is_empty() && !more_filters {
        return Ok(None);
    }
    let words = match words.is_empty() {
        true => None,
        false => compiler.ast(&UserInputAst::Clause(words), true)?,
    };
    Ok(Some(Narrowing { words, filters }))
}

/// `query` made safe to stand in a `MustNot` clause when `occur` is one.
/// Excluded terms keep tantivy's fast path; anything else could be sought
/// backwards, which its phrase scorers do not allow (see [`Excluded`]).
fn excluded_if(occur: Occur, query: Box<dyn Query>) -> Box<dyn Query> {
    if occur == Occur::MustNot && !query.is::<TermQuery>() {
        Box::new(Excluded(query))
    } else {
        query
    }
}

/// A clause as a user would write it, for a note.
fn written(occur: Occur, ast: &UserInputAst) -> String {
    let sign = if occur == Occur::MustNot { "-" } else { "" };
    let text = match ast {
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Literal(literal) => {
                let field = literal.field_name.as_deref().map(|f| format!("{f}:"));
                let phrase = match literal.delimiter {
                    Delimiter::None => literal.phrase.clone(),
                    _ => format!("\"{}\"", literal.phrase),
                };
                format!("{}{phrase}", field.unwrap_or_default())
            }
            UserInputLeaf::Range {
                field,
                lower,
                upper,
            } => {
                let bound = |b: &UserInputBound| match b {
                    UserInputBound::Unbounded => "*".to_owned(),
                    other => other.term_str().to_owned(),
                };
                let field = field.as_deref().unwrap_or("date");
                format!("{field}:[{} TO {}]", bound(lower), bound(upper))
            }
            _ => "a part of the query".to_owned(),
        },
        _ => "a part of the query".to_owned(),
    };
    format!("{sign}{text}")
}

/// The query's syntax tree, after [`prepare`] made pasted text readable.
fn parse(text: &str, fields: &Fields) -> Result<(UserInputAst, Vec<QueryNote>), QueryError> {
    check_size(text)?;
    let prepared = prepare(text, |name| fields.by_query_name(name).is_some());
    let (ast, errors) = query_grammar::parse_query_lenient(&prepared.text);
    if let Some(error) = errors.first() {
        return Err(explain_syntax(&error.message, error.pos, &prepared.text));
    }
    Ok((ast, prepared.notes))
}

/// Whether a clause narrows the search rather than searching for words: a
/// field restriction (`source:Reuters`, `title:brexit`), a date or a range,
/// or a group of nothing else. The any-word fallback never relaxes these.
fn is_restriction(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Literal(literal) => literal.field_name.is_some(),
            UserInputLeaf::All => false,
            UserInputLeaf::Regex { field, .. } => field.is_some(),
            UserInputLeaf::Range { .. }
            | UserInputLeaf::Set { .. }
            | UserInputLeaf::Exists { .. } => true,
        },
        UserInputAst::Boost(inner, _) => is_restriction(inner),
        UserInputAst::Clause(clauses) => {
            !clauses.is_empty() && clauses.iter().all(|(_, ast)| is_restriction(ast))
        }
    }
}

struct Compiler<'a> {
    fields: &'a Fields,
    searcher: &'a Searcher,
    default_occur: Occur,
    options: Options,
    /// Compile bare words against the title alone.
    title_only: bool,
    highlight: BTreeMap<Field, Marks>,
    /// Close words found for each word, by the body field of its analysis,
    /// shared by the title and body.
    close: BTreeMap<(Field, String), Vec<Neighbour>>,
    unknown: Vec<(String, Vec<Neighbour>)>,
    /// Articles holding each typed word, in each analysis searched.
    everywhere: BTreeMap<String, Vec<(Field, u64)>>,
}

type Compiled1 = Result<Option<Box<dyn Query>>, QueryError>;

impl<'a> Compiler<'a> {
    fn new(fields: &'a Fields, searcher: &'a Searcher, mode: Mode, options: Options) -> Self {
        Compiler {
            fields,
            searcher,
            default_occur: match mode {
                Mode::All => Occur::Must,
                Mode::Any => Occur::Should,
            },
            options,
            title_only: false,
            highlight: BTreeMap::new(),
            close: BTreeMap::new(),
            unknown: Vec::new(),
            everywhere: BTreeMap::new(),
        }
    }

    /// How many articles hold `typed` in each analysis searched (by its
    /// body field), each reading it its own way.
    fn freq_everywhere(&mut self, typed: &str) -> &[(Field, u64)] {
        if !self.everywhere.contains_key(typed) {
            let mut freqs = Vec::new();
            for text in self.options.analyses.fields(self.fields) {
                let Ok(mut analyzer) = self.searcher.index().tokenizer_for_field(text.body) else {
                    continue;
                };
                let mut words = Vec::new();
                analyzer
                    .token_stream(typed)
                    .process(&mut |t| words.push(t.text.clone()));
                if let [word] = words.as_slice() {
                    freqs.push((
                        text.body,
                        fuzzy::doc_freq(self.searcher, &[text.body], word),
                    ));
                }
            }
            self.everywhere.insert(typed.to_owned(), freqs);
        }
        self.everywhere.get(typed).map_or(&[], Vec::as_slice)
    }

    /// Merges the close words found for one typed word in several
    /// analyses, closest first.
    fn merge_unknown_words(&mut self) {
        let mut merged: Vec<(String, Vec<Neighbour>)> = Vec::new();
        for (typed, close) in std::mem::take(&mut self.unknown) {
            match merged.iter_mut().find(|(t, _)| *t == typed) {
                Some((_, all)) => all.extend(close),
                None => merged.push((typed, close)),
            }
        }
        for (_, close) in &mut merged {
            fuzzy::closest_first(close);
        }
        self.unknown = merged;
    }

    /// `positive` is false under an exclusion, where words are not highlighted.
    fn ast(&mut self, ast: &UserInputAst, positive: bool) -> Compiled1 {
        match ast {
            UserInputAst::Clause(clauses) => self.clause(clauses, positive),
            UserInputAst::Boost(inner, boost) => Ok(self.ast(inner, positive)?.map(|q| {
                Box::new(BoostQuery::new(q, boost.into_inner() as f32)) as Box<dyn Query>
            })),
            UserInputAst::Leaf(leaf) => self.leaf(leaf, positive),
        }
    }

    fn clause(&mut self, clauses: &[(Option<Occur>, UserInputAst)], positive: bool) -> Compiled1 {
        let mut compiled = Vec::new();
        // Words without an operator, when any of them may match: kept apart
        // so that restrictions beside them still apply.
        let mut any_of = Vec::new();
        for (occur, ast) in clauses {
            let occur = match occur {
                Some(occur) => *occur,
                None if is_restriction(ast) => Occur::Must,
                None => self.default_occur,
            };
            if let Some(query) = self.ast(ast, positive && occur != Occur::MustNot)? {
                let query = excluded_if(occur, query);
                match occur {
                    Occur::Should if occur == self.default_occur => any_of.push((occur, query)),
                    _ => compiled.push((occur, query)),
                }
            }
        }
        let required = compiled.iter().any(|(o, _)| *o == Occur::Must);
        if required && !any_of.is_empty() {
            // Beside a required clause a Should would be optional: at least
            // one of the words must still match.
            compiled.push((Occur::Must, Box::new(BooleanQuery::new(any_of))));
        } else {
            compiled.extend(any_of);
        }
        if !compiled.is_empty() && compiled.iter().all(|(o, _)| *o == Occur::MustNot) {
            return Err(QueryError::OnlyExclusions);
        }
        Ok(match compiled.len() {
            0 => None,
            1 if compiled[0].0 != Occur::MustNot => compiled.pop().map(|(_, q)| q),
            _ => Some(Box::new(BooleanQuery::new(compiled))),
        })
    }

    fn leaf(&mut self, leaf: &UserInputLeaf, positive: bool) -> Compiled1 {
        match leaf {
            UserInputLeaf::Literal(literal) => self.literal(literal, positive),
            // Every searchable article: copies of a story are not articles of their own.
            UserInputLeaf::All => Ok(Some(Box::new(TermQuery::new(
                Term::from_field_u64(self.fields.full, 1),
                IndexRecordOption::Basic,
            )))),
            UserInputLeaf::Range {
                field,
                lower,
                upper,
            } => {
                let field = self.date_field(field.as_deref(), "a range")?;
                Ok(Some(date_range(field, lower, upper)?))
            }
            UserInputLeaf::Regex { field, pattern } => {
                let name = field.as_deref().unwrap_or("body");
                let field = self.field(name)?;
                let query =
                    RegexQuery::from_pattern(pattern, field).map_err(|_| QueryError::BadRegex {
                        pattern: pattern.clone(),
                    })?;
                Ok(Some(Box::new(query)))
            }
            UserInputLeaf::Set { .. } => Err(QueryError::SetsUnsupported),
            UserInputLeaf::Exists { field } => Err(QueryError::ExistsUnsupported {
                field: field.clone(),
            }),
        }
    }

    fn literal(&mut self, literal: &UserInputLiteral, positive: bool) -> Compiled1 {
        // A bare word searches the whole text, headline included; the
        // title-only pass searches headlines.
        let in_title = match literal.field_name.as_deref() {
            None => self.title_only,
            Some("title") => true,
            Some("body") => false,
            Some(name) => {
                let field = self.field(name)?;
                if field == self.fields.date {
                    let (start, end) = date_span(&literal.phrase)?;
                    return Ok(Some(range(
                        field,
                        Bound::Included(start),
                        Bound::Excluded(end),
                    )));
                }
                if field == self.fields.language {
                    return Ok(Some(in_language(self.fields, &literal.phrase)));
                }
                let english = self.fields.of(Analysis::English);
                return Ok(self.text(english, field, literal, positive));
            }
        };
        // Each article in its own analysis: the word as each analysis reads
        // it, in that analysis's fields.
        let mut found: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for text in self.options.analyses.fields(self.fields) {
            let field = if in_title { text.title } else { text.body };
            if let Some(query) = self.text(text, field, literal, positive) {
                found.push((Occur::Should, query));
            }
        }
        Ok(match found.len() {
            0 => None,
            1 => found.pop().map(|(_, q)| q),
            _ => Some(Box::new(BooleanQuery::new(found))),
        })
    }

    /// A word or phrase on one text field, analysed as the index was.
    fn text(
        &mut self,
        text: TextFields,
        field: Field,
        literal: &UserInputLiteral,
        positive: bool,
    ) -> Option<Box<dyn Query>> {
        // The grammar marks only quoted phrases as prefixes; a bare `nvid*` keeps its star.
        let (phrase, prefix) = match literal.phrase.strip_suffix('*') {
            Some(stem) if literal.delimiter == Delimiter::None => (stem, true),
            _ => (literal.phrase.as_str(), literal.prefix),
        };
        let mut tokens: Vec<(usize, String)> = Vec::new();
        let Ok(mut analyzer) = self.searcher.index().tokenizer_for_field(field) else {
            return None;
        };
        let mut stream = analyzer.token_stream(phrase);
        stream.process(&mut |t| tokens.push((t.position, t.text.clone())));
        let term = |text: &str| Term::from_field_text(field, text);
        let query: Box<dyn Query> = match tokens.as_slice() {
            [] => return None,
            [(_, word)] if prefix => self.prefix(field, word, positive),
            [(_, word)] => {
                let mut exact: Box<dyn Query> =
                    Box::new(TermQuery::new(term(word), IndexRecordOption::WithFreqs));
                if let Some(bare) = unstemmed(text.analysis, phrase, word) {
                    // Snowball cuts some names shorter than their inflected
                    // forms' stems (Эрдоган to эрдога, Эрдоганом to
                    // эрдоган): the word itself matches those forms.
                    let bare_query = TermQuery::new(term(&bare), IndexRecordOption::WithFreqs);
                    exact = Box::new(BooleanQuery::new(vec![
                        (Occur::Should, exact),
                        (Occur::Should, Box::new(bare_query)),
                    ]));
                    if positive {
                        self.highlight.entry(field).or_default().words.insert(bare);
                    }
                }
                // A quoted word asks for exactly that word.
                if positive && literal.delimiter == Delimiter::None {
                    self.with_close_words(text, field, phrase, word, exact)
                } else {
                    exact
                }
            }
            _ if text.analysis == Analysis::Cjk
                && literal.delimiter == Delimiter::None
                && !prefix
                && tokens.len() > CJK_PHRASE_BIGRAMS =>
            {
                let all = tokens
                    .iter()
                    .map(|(_, w)| {
                        let q = TermQuery::new(term(w), IndexRecordOption::WithFreqs);
                        (Occur::Must, Box::new(q) as Box<dyn Query>)
                    })
                    .collect();
                if positive {
                    let marks = self.highlight.entry(field).or_default();
                    marks.words.extend(tokens.into_iter().map(|(_, w)| w));
                }
                return Some(Box::new(BooleanQuery::new(all)));
            }
            _ => {
                let terms = tokens.iter().map(|(p, w)| (*p, term(w))).collect();
                if prefix {
                    Box::new(PhrasePrefixQuery::new_with_offset(terms))
                } else {
                    let slop = if literal.delimiter == Delimiter::None {
                        0
                    } else {
                        literal.slop
                    };
                    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
                }
            }
        };
        if positive && !prefix {
            let marks = self.highlight.entry(field).or_default();
            let sloppy = literal.delimiter != Delimiter::None && literal.slop > 0;
            if tokens.len() == 1 || sloppy {
                marks.words.extend(tokens.into_iter().map(|(_, w)| w));
            } else {
                let first = tokens[0].0;
                marks
                    .phrases
                    .push(tokens.into_iter().map(|(p, w)| (p - first, w)).collect());
            }
        }
        Some(query)
    }

    /// `exact`, or, when the index barely knows `stem` (typed as `typed`),
    /// `exact` or any close indexed word, weighted below it.
    fn with_close_words(
        &mut self,
        text: TextFields,
        field: Field,
        typed: &str,
        stem: &str,
        exact: Box<dyn Query>,
    ) -> Box<dyn Query> {
        let typed = typed.to_lowercase();
        // The body field holds every headline too.
        let key = (text.body, stem.to_owned());
        if !self.close.contains_key(&key) {
            let searched = [text.body];
            let own = fuzzy::doc_freq(self.searcher, &searched, stem);
            // A word is a typo only when no language knows it well
            // (`storm`, common in English articles, is not a German `Sturm`
            // mistyped), and only of a word its language knows at least as
            // well as another knows the word typed. Looking for close words
            // in every language that barely knows a word (most words, in
            // most languages) cost ordinary queries ten times their
            // instructions on a mixed index (RELEVANCE.md, "Languages").
            let (elsewhere, anywhere) = match self.options.analyses.len() {
                1 => (0, own),
                _ => {
                    let freqs = self.freq_everywhere(&typed);
                    let elsewhere = freqs
                        .iter()
                        .filter(|(f, _)| *f != text.body)
                        .map(|(_, n)| *n)
                        .max()
                        .unwrap_or(0);
                    (elsewhere, freqs.iter().map(|(_, n)| n).sum::<u64>())
                }
            };
            let mut close = Vec::new();
            if anywhere <= fuzzy::FEW_MATCHES
                && text.analysis.has_typos()
                && self.options.mended.contains(text.analysis)
            {
                // Suggestions reach one letter further down than matching does.
                let suggest = fuzzy::max_distance(&typed).max(u8::from(typed.chars().count() >= 4));
                let freqs = (own, elsewhere);
                close = match text.analysis {
                    Analysis::English => {
                        fuzzy::neighbours(self.searcher, &searched, &typed, stem, suggest, freqs)
                    }
                    analysis => {
                        let alphabet = match analysis {
                            Analysis::Stemmed(code) => fuzzy::alphabet(code),
                            _ => None,
                        };
                        let mut analyser = analysis.word_analyser();
                        fuzzy::neighbours_in(
                            self.searcher,
                            text.body,
                            alphabet.as_deref().zip(analyser.as_mut()),
                            &typed,
                            stem,
                            suggest,
                            freqs,
                        )
                    }
                };
            }
            if anywhere == 0 && !close.is_empty() {
                self.unknown.push((typed.clone(), close.clone()));
            }
            if !self.options.fuzzy {
                close.clear();
            }
            let allowed = fuzzy::max_distance(&typed);
            close.retain(|n| n.distance <= allowed);
            self.close.insert(key.clone(), close);
        }
        let close = self.close.get(&key).cloned().unwrap_or_default();
        if close.is_empty() {
            return exact;
        }
        let mut clauses = vec![(Occur::Should, exact)];
        for n in &close {
            let q = TermQuery::new(
                Term::from_field_text(field, &n.stem),
                IndexRecordOption::WithFreqs,
            );
            let weight = FUZZY_WEIGHT[usize::from(n.distance.min(2))];
            clauses.push((Occur::Should, weighted(Box::new(q), weight)));
        }
        let marks = self.highlight.entry(field).or_default();
        marks.words.extend(close.into_iter().map(|n| n.stem));
        Box::new(BooleanQuery::new(clauses))
    }

    /// `word*`: the most frequent indexed words that start with `word`, any of them.
    fn prefix(&mut self, field: Field, prefix: &str, positive: bool) -> Box<dyn Query> {
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream()
            else {
                continue;
            };
            while stream.advance() && stream.key().starts_with(prefix.as_bytes()) {
                if let Ok(word) = std::str::from_utf8(stream.key()) {
                    *counts.entry(word.to_owned()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
        let mut words: Vec<(String, u64)> = counts.into_iter().collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        words.truncate(MAX_PREFIX_EXPANSIONS);
        if words.is_empty() {
            return Box::new(EmptyQuery);
        }
        let clauses = words
            .iter()
            .map(|(w, _)| {
                let q = TermQuery::new(
                    Term::from_field_text(field, w),
                    IndexRecordOption::WithFreqs,
                );
                (Occur::Should, Box::new(q) as Box<dyn Query>)
            })
            .collect();
        if positive {
            self.highlight
                .entry(field)
                .or_default()
                .words
                .extend(words.into_iter().map(|(w, _)| w));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn field(&self, name: &str) -> Result<Field, QueryError> {
        self.fields
            .by_query_name(name)
            .ok_or_else(|| QueryError::UnknownField {
                name: name.to_owned(),
                fields: QUERY_FIELDS,
            })
    }

    fn date_field(&self, name: Option<&str>, what: &'static str) -> Result<Field, QueryError> {
        let field = name
            .map(|n| self.field(n))
            .transpose()?
            .filter(|f| *f == self.fields.date);
        field.ok_or(QueryError::NeedsDateField { what })
    }
}

/// `typed`, one word, lower-cased and folded but not stemmed, when
/// `analysis` is a Snowball stemmer's other than English's and that differs
/// from its stem `stem`.
fn unstemmed(analysis: Analysis, typed: &str, stem: &str) -> Option<String> {
    if !matches!(analysis, Analysis::Stemmed(_)) {
        return None;
    }
    let mut words = Vec::new();
    folding_analyzer()
        .token_stream(typed)
        .process(&mut |t| words.push(t.text.clone()));
    match words.as_slice() {
        [word] if word != stem => words.pop(),
        _ => None,
    }
}

/// Refuses a query too long, with too many words or nested too deep to run
/// in bounded time and memory.
fn check_size(text: &str) -> Result<(), QueryError> {
    let chars = text.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong {
            chars,
            max: MAX_QUERY_CHARS,
        });
    }
    let words = word_count(text);
    if words > MAX_QUERY_WORDS {
        return Err(QueryError::TooManyWords {
            words,
            max: MAX_QUERY_WORDS,
        });
    }
    if nesting(text) > MAX_QUERY_NESTING {
        return Err(QueryError::TooDeep {
            max: MAX_QUERY_NESTING,
        });
    }
    Ok(())
}

/// Words as the analyser splits them: runs of letters and digits.
fn word_count(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}

/// How deep the parentheses outside quotes nest (unclosed ones count too).
fn nesting(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut quoted, mut escaped) = (false, false);
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Turns the grammar's terse messages into advice. `pos` is a byte offset
/// into `query` (the prepared text, whose characters stand where the user
/// typed them); the error gives it as a column.
fn explain_syntax(message: &str, pos: usize, query: &str) -> QueryError {
    let before = query.get(..pos).unwrap_or(query);
    let column = before.chars().count() + 1;
    // The grammar names the delimiter escaped: `missing delimiter \"`.
    if message.contains("missing delimiter") && message.ends_with('"') {
        // The phrase starts at the last quote before the end.
        let quote = before.rfind('"').unwrap_or(0);
        let column = query[..quote].chars().count() + 1;
        return QueryError::UnclosedQuote { column };
    }
    if message.contains("missing delimiter") && message.ends_with('/') {
        return QueryError::UnclosedRegex { column };
    }
    if message.contains("expected ')'") {
        return QueryError::UnclosedParenthesis { column };
    }
    if message.contains("missing keyword TO")
        || message.contains("missing range delimiter")
        || message.contains("missing ]")
    {
        return QueryError::BadRange { column };
    }
    if message.contains("invalid field") || message.contains("missing space") {
        return QueryError::ColonOutsideQuotes { column };
    }
    if message.contains("expected word") {
        return QueryError::MissingAfter {
            before: before.trim().to_owned(),
            column,
        };
    }
    if message.contains("unparsed end of query") && query[pos..].trim_start().starts_with(')') {
        let column = column + query[pos..].len() - query[pos..].trim_start().len();
        return QueryError::UnopenedParenthesis { column };
    }
    QueryError::Syntax {
        message: message.to_owned(),
        column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_parentheses_outside_quotes() {
        assert_eq!(nesting("a (b OR (c d)) (e)"), 2);
        assert_eq!(nesting("\"((((\" \\( (x"), 1);
        assert_eq!(nesting(&"(".repeat(5000)), 5000);
    }

    #[test]
    fn words_are_counted_as_the_analyser_splits_them() {
        assert_eq!(word_count("nvidia h100"), 2);
        assert_eq!(word_count("title:\"café crème\" -(a OR b*)"), 6);
        assert_eq!(word_count("  ()\"*-  "), 0);
    }

    #[test]
    fn queries_over_a_bound_are_refused_with_the_bound() {
        let long = "a".repeat(MAX_QUERY_CHARS + 1);
        assert!(check_size(&long)
            .unwrap_err()
            .to_string()
            .contains("1000 allowed"));
        assert!(check_size(&"a".repeat(MAX_QUERY_CHARS)).is_ok());
        let many = "w ".repeat(MAX_QUERY_WORDS + 1);
        assert!(check_size(&many)
            .unwrap_err()
            .to_string()
            .contains("64 allowed"));
        assert!(check_size(&"w ".repeat(MAX_QUERY_WORDS)).is_ok());
        let deep = "(".repeat(MAX_QUERY_NESTING + 1);
        assert!(check_size(&deep).unwrap_err().to_string().contains("nest"));
    }

    #[test]
    fn syntax_errors_become_advice() {
        assert!(explain_syntax("missing delimiter \\\"", 5, "\"abc")
            .to_string()
            .contains("quote"));
        assert!(explain_syntax("expected ')'", 2, "(a")
            .to_string()
            .contains("parenthesis"));
    }
}
