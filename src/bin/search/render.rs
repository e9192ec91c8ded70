//! Rendering for people: hits, the index report, notes and errors. Styles are
//! written as ANSI codes and stripped by anstream when colour is off; text
//! from articles, files and the command line goes through [`visible`] first,
//! so those codes are the only ones printed.

use std::io::{self, IsTerminal, Write};

use anstyle::{AnsiColor, Style};
use std::path::Path;

use crate::visible::{self, Visible};
use crate::wrap::{self, Layout, Span};
use news_search::{
    display_path, ArticleHighlights, CommitSummary, CompactReport, Facets, Hit, IndexReport,
    IndexStats, IndexedArticle, SearchResults, Suggestion, Trigger,
};

const TITLE: Style = Style::new().bold();
const MATCH: Style = AnsiColor::Red.on_default().bold();
const DATE: Style = AnsiColor::Green.on_default();
const SOURCE: Style = AnsiColor::Cyan.on_default();
const PATH: Style = AnsiColor::Magenta.on_default();
const DIM: Style = Style::new().dimmed();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARN: Style = AnsiColor::Yellow.on_default();

/// Each hit: rank and title; date, source, path and score; the snippet.
/// On a terminal `width` columns wide, titles and passages are wrapped to
/// fit, each continuation under the text it continues, and the lists (the
/// dateline, copies, near-identical articles) break between their items;
/// with no width (piped output) each is a single line.
pub fn hits(out: &mut impl Write, results: &SearchResults, width: Option<usize>) -> io::Result<()> {
    for (i, hit) in results.hits.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        hit_block(out, hit, width)?;
    }
    Ok(())
}

/// The columns before a passage and its continuations.
const INDENT: usize = 3;

fn hit_block(out: &mut impl Write, hit: &Hit, width: Option<usize>) -> io::Result<()> {
    write!(out, "{DIM}{}.{DIM:#} ", hit.rank)?;
    let title = marked_spans(visible::line(&hit.title), &hit.title_highlights, TITLE);
    // "12. ": a title's continuation starts under its first word.
    let after_rank = hit.rank.to_string().len() + 2;
    lay_out(out, &title, width, after_rank, after_rank)?;
    writeln!(out)?;
    let mut meta: Vec<Span> = Vec::new();
    if let Some(date) = hit.date {
        meta.push((DATE, date.to_string()));
    }
    if let Some(source) = &hit.source {
        meta.push((SOURCE, visible::line(source).to_string()));
    }
    if let Some(language) = foreign(hit.language.as_deref()) {
        meta.push((DIM, language));
    }
    // As `search show` and `search similar` take it back.
    meta.push((PATH, visible::line(&hit.place()).to_string()));
    meta.push((DIM, format!("{:.2}", hit.score)));
    write!(out, "{:INDENT$}", "")?;
    wrap::write_list(out, &meta, " · ", layout(width, INDENT))?;
    writeln!(out)?;
    // Passages share one paragraph; where one's closing "…" meets the
    // next one's opening "…", a single " … " joins them.
    let mut passages: Vec<Span> = Vec::new();
    for (i, snippet) in hit.snippets.iter().enumerate() {
        let last = i + 1 == hit.snippets.len();
        let mut text = snippet.text.as_str();
        let mut marks = snippet.highlights.clone();
        if let Some(rest) = text.strip_prefix('…').filter(|_| i > 0) {
            let shift = '…'.len_utf8();
            text = rest;
            marks = marks
                .into_iter()
                .filter(|(s, _)| *s >= shift)
                .map(|(s, e)| (s - shift, e - shift))
                .collect();
        }
        if !last {
            text = text.strip_suffix('…').unwrap_or(text);
        }
        passages.extend(marked_spans(visible::line(text), &marks, Style::new()));
        if !last {
            passages.push((Style::new(), " ".to_owned()));
            passages.push((DIM, "…".to_owned()));
            passages.push((Style::new(), " ".to_owned()));
        }
    }
    if !passages.is_empty() {
        write!(out, "{:INDENT$}", "")?;
        lay_out(out, &passages, width, INDENT, INDENT)?;
        writeln!(out)?;
    }
    if !hit.near_duplicates.is_empty() {
        let label = format!("+{} near-identical:", hit.near_duplicates.len());
        let places = hit.near_duplicates.iter().map(|near| near.place());
        place_list(out, &label, places, width)?;
    }
    if !hit.also_at.is_empty() {
        let places = hit.also_at.iter().map(ToString::to_string);
        place_list(out, "also at", places, width)?;
    }
    Ok(())
}

/// "   also at a.txt, b.txt": a dim label, then places, on as many lines as
/// the width needs.
fn place_list(
    out: &mut impl Write,
    label: &str,
    places: impl Iterator<Item = String>,
    width: Option<usize>,
) -> io::Result<()> {
    let places: Vec<Span> = places
        .map(|place| (PATH, visible::line(&place).to_string()))
        .collect();
    write!(out, "{:INDENT$}{DIM}{label}{DIM:#} ", "")?;
    let column = INDENT + label.chars().count() + 1;
    let layout = layout(width, INDENT).map(|layout| Layout { column, ..layout });
    wrap::write_list(out, &places, ", ", layout)?;
    writeln!(out)
}

/// The layout of text that starts after `indent` columns and continues
/// under them, on a screen `width` wide.
fn layout(width: Option<usize>, indent: usize) -> Option<Layout> {
    width.map(|width| Layout {
        width,
        column: indent,
        indent,
    })
}

/// Sources and the timeline of all matching articles, after the hits.
pub fn facets(out: &mut impl Write, facets: &Facets, total: usize) -> io::Result<()> {
    const TOP: usize = 8;
    const BAR: usize = 40;
    if total == 0 {
        return Ok(());
    }
    writeln!(out)?;
    let mut sources: Vec<String> = facets
        .sources
        .iter()
        .take(TOP)
        .map(|(name, n)| source_count(name, *n))
        .collect();
    if facets.sources.len() > TOP {
        sources.push(format!("{DIM}{} more{DIM:#}", facets.sources.len() - TOP));
    }
    if facets.no_source > 0 {
        sources.push(format!(
            "{DIM}none stated {}{DIM:#}",
            thousands(facets.no_source as usize)
        ));
    }
    writeln!(out, "{TITLE}sources{TITLE:#}  {}", sources.join(" · "))?;
    let timeline = if facets.months.is_empty() {
        &facets.years
    } else {
        &facets.months
    };
    let widest = timeline.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    for (i, (label, n)) in timeline.iter().enumerate() {
        let heading = if i == 0 {
            if facets.months.is_empty() {
                "years"
            } else {
                "months"
            }
        } else {
            ""
        };
        // Any article at all shows at least a sliver.
        let width = (*n as usize * BAR).div_ceil(widest as usize);
        writeln!(
            out,
            "{TITLE}{heading:<8}{TITLE:#} {DATE}{label:<7}{DATE:#} {MATCH}{}{MATCH:#} {}",
            "▇".repeat(width),
            thousands(*n as usize)
        )?;
    }
    if facets.undated > 0 {
        writeln!(
            out,
            "{DIM}{:<8} {} undated{DIM:#}",
            "",
            thousands(facets.undated as usize)
        )?;
    }
    let languages = language_counts(&facets.languages, facets.undetermined, " · ");
    writeln!(out, "{TITLE}languages{TITLE:#} {languages}")?;
    Ok(())
}

/// The language of an article, shown when it is one besides English (the
/// language of most archives, left unsaid so their hits read as before).
fn foreign(language: Option<&str>) -> Option<String> {
    language
        .filter(|code| *code != "en")
        .map(|code| visible::line(code).to_string())
}

/// Articles per language (`en 120 · de 4`), then the undetermined ones.
fn language_counts(languages: &[(String, u64)], undetermined: u64, separator: &str) -> String {
    let mut counts: Vec<String> = languages
        .iter()
        .map(|(code, n)| format!("{} {}", visible::line(code), thousands(*n as usize)))
        .collect();
    if undetermined > 0 {
        counts.push(format!(
            "{DIM}undetermined {}{DIM:#}",
            thousands(undetermined as usize)
        ));
    }
    counts.join(separator)
}

/// One article whole: headline, metadata, then the text.
pub fn article(
    out: &mut impl Write,
    article: &IndexedArticle,
    marks: Option<&ArticleHighlights>,
) -> io::Result<()> {
    let none = Vec::new();
    let (title_marks, body_marks) = marks.map_or((&none, &none), |m| (&m.title, &m.body));
    marked(out, visible::line(&article.title), title_marks, TITLE)?;
    writeln!(out)?;
    let mut meta = Vec::new();
    if let Some(date) = article.date {
        meta.push(format!("{DATE}{date}{DATE:#}"));
    }
    if let Some(source) = &article.source {
        meta.push(format!("{SOURCE}{}{SOURCE:#}", visible::line(source)));
    }
    if let Some(author) = &article.author {
        meta.push(visible::line(author).to_string());
    }
    if let Some(language) = foreign(article.language.as_deref()) {
        meta.push(format!("{DIM}{language}{DIM:#}"));
    }
    if !meta.is_empty() {
        writeln!(out, "{}", meta.join(" · "))?;
    }
    writeln!(
        out,
        "{PATH}{}{PATH:#} {DIM}(id {}){DIM:#}",
        visible::line(&article.place()),
        visible::line(&article.id)
    )?;
    if let Some(url) = &article.url {
        writeln!(out, "{DIM}{}{DIM:#}", visible::line(url))?;
    }
    if !article.tags.is_empty() {
        let tags = article.tags.join(", ");
        writeln!(out, "{DIM}tags: {}{DIM:#}", visible::line(&tags))?;
    }
    writeln!(out)?;
    marked(out, visible::lines(&article.body), body_marks, Style::new())?;
    writeln!(out)
}

/// `text` in `base` style with the `marks` byte ranges in the match style.
fn marked(
    out: &mut impl Write,
    text: Visible<'_>,
    marks: &[(usize, usize)],
    base: Style,
) -> io::Result<()> {
    wrap::write_spans(out, &marked_spans(text, marks, base))
}

/// `text` cut into runs of `base` style and, at the `marks` byte ranges, the
/// match style. The ranges are in the original text, so each piece is cut
/// first and made visible after: a shown control takes more bytes than the
/// control itself.
fn marked_spans(text: Visible<'_>, marks: &[(usize, usize)], base: Style) -> Vec<Span> {
    let mut spans = Vec::with_capacity(2 * marks.len() + 1);
    let mut at = 0;
    for &(start, end) in marks {
        let (Some(before), Some(word)) = (text.get(at..start), text.get(start..end)) else {
            continue;
        };
        spans.push((base, before.to_string()));
        spans.push((MATCH, word.to_string()));
        at = end;
    }
    let rest = text.get(at..).unwrap_or(visible::line(""));
    spans.push((base, rest.to_string()));
    spans
}

/// `spans` from `column` on: wrapped at `width` with continuations after
/// `indent` spaces, or as one line when there is no width.
fn lay_out(
    out: &mut impl Write,
    spans: &[Span],
    width: Option<usize>,
    column: usize,
    indent: usize,
) -> io::Result<()> {
    match layout(width, indent) {
        None => wrap::write_spans(out, spans),
        Some(layout) => wrap::write_wrapped(out, spans, Layout { column, ..layout }),
    }
}

/// Where the page sits in all results, when there is more than one page.
pub fn page_note(err: &mut impl Write, results: &SearchResults, offset: usize) -> io::Result<()> {
    let (total, shown) = (results.total_hits, results.hits.len());
    let matches = matches(results);
    let message = if total == 0 {
        no_match(results)
    } else if shown == 0 {
        matches
    } else if shown < total {
        let last = offset + shown;
        // Near-identical articles are one hit: matches can outnumber hits.
        let more = if results.more {
            format!("; --offset {last} for more")
        } else if offset == 0 {
            return note(
                err,
                &format!(
                    "{shown} {} for {matches}: near-identical articles are shown as one",
                    if shown == 1 { "hit" } else { "hits" }
                ),
            );
        } else {
            String::new()
        };
        format!("showing {}-{last} of {matches}{more}", offset + 1)
    } else {
        return Ok(());
    };
    note(err, &message)
}

/// "1 match", "41,000 matches", or "about 41,000 matches" when the count
/// is an estimate.
pub fn matches(results: &SearchResults) -> String {
    let about = if results.total_hits_exact {
        ""
    } else {
        "about "
    };
    match results.total_hits {
        1 => format!("{about}1 match"),
        n => format!("{about}{} matches", thousands(n)),
    }
}

/// "no articles match "x"", and which filter left none when one did.
pub fn no_match(results: &SearchResults) -> String {
    // Quoted with quotes it does not hold, as error messages quote it.
    let query = match results.query.contains('"') {
        true => format!("'{}'", visible::line(&results.query)),
        false => format!("\"{}\"", visible::line(&results.query)),
    };
    match &results.filtered_out {
        Some(out) => format!(
            "no articles match {query}: {} leaves none of the {} that match without it",
            visible::line(&out.filter),
            thousands(out.matches_without)
        ),
        None => format!("no articles match {query}"),
    }
}

/// Files skipped or failed, then the one-line summary.
pub fn index_report(err: &mut impl Write, report: &IndexReport) -> io::Result<()> {
    for path in &report.skipped {
        writeln!(
            err,
            "{WARN}skipped{WARN:#} {}: not an article format",
            visible::path(path)
        )?;
    }
    file_problems(err, report)?;
    let mut extra = String::new();
    if report.duplicates > 0 {
        let n = report.duplicates;
        let noun = if n == 1 { "duplicate" } else { "duplicates" };
        extra += &format!(", {} {noun}", thousands(n));
    }
    if !report.errors.is_empty() {
        extra += &format!(", {} failed", thousands(report.errors.len()));
    }
    if !report.warnings.is_empty() {
        let n = report.warnings.len();
        let noun = if n == 1 { "warning" } else { "warnings" };
        extra += &format!(", {} {noun}", thousands(n));
    }
    writeln!(
        err,
        "indexed {} new, {} changed, {} removed, {} unchanged, {} skipped{extra} in {:.2} s",
        thousands(report.added),
        thousands(report.updated),
        thousands(report.removed),
        thousands(report.unchanged),
        thousands(report.skipped.len()),
        report.elapsed.as_secs_f64(),
    )
}

/// The files a run could not read, or read in part, a line each.
fn file_problems(err: &mut impl Write, report: &IndexReport) -> io::Result<()> {
    let listed = [
        ("failed", ERROR, &report.errors),
        ("warning", WARN, &report.warnings),
    ];
    for (label, style, files) in listed {
        for file in files {
            let path = visible::path(&file.path);
            let reason = visible::line(&file.reason);
            writeln!(err, "{style}{label}{style:#} {path}: {reason}")?;
        }
    }
    if let Some(reason) = &report.merge_failed {
        let reason = visible::line(reason);
        writeln!(
            err,
            "{WARN}warning{WARN:#} the segments this run wrote were not merged ({reason}): \
             its articles are indexed all the same; `search compact` merges them"
        )?;
    }
    Ok(())
}

/// One commit of `search watch`: its files' problems, then `+3 ~1 -0 in
/// 0.12 s` (added, changed, removed), and why when it walked every folder.
pub fn watch_commit(err: &mut impl Write, commit: &CommitSummary) -> io::Result<()> {
    let report = &commit.report;
    file_problems(err, report)?;
    let why = match commit.trigger {
        Trigger::Start => " (walk at start)",
        Trigger::Reconcile => " (reconcile walk)",
        Trigger::Rescan => " (walk after missed changes)",
        Trigger::Stop => " (pending at stop)",
        _ => "",
    };
    writeln!(
        err,
        "+{} ~{} -{} in {:.2} s{DIM}{why}{DIM:#}",
        thousands(report.added),
        thousands(report.updated),
        thousands(report.removed),
        report.elapsed.as_secs_f64(),
    )
}

/// Something `search watch` goes on after, on stderr.
pub fn trouble(err: &mut impl Write, error: &news_search::Error) -> io::Result<()> {
    let message = error.to_string();
    writeln!(err, "{WARN}warning{WARN:#} {}", visible::line(&message))
}

/// What `search compact` did, on one line.
pub fn compact_report(err: &mut impl Write, report: &CompactReport) -> io::Result<()> {
    let noun = |n: usize| if n == 1 { "segment" } else { "segments" };
    let (before, after) = (report.segments_before, report.segments_after);
    if before == after && report.deleted_dropped == 0 {
        return writeln!(err, "already compact: {after} {}", noun(after));
    }
    let dropped = report.deleted_dropped as usize;
    let articles = if dropped == 1 { "article" } else { "articles" };
    writeln!(
        err,
        "compacted {before} {} into {after}, dropping {} deleted {articles}, in {:.2} s",
        noun(before),
        thousands(dropped),
        report.elapsed.as_secs_f64(),
    )
}

/// The index's statistics, one labelled line each.
pub fn stats(out: &mut impl Write, index: &Path, stats: &IndexStats) -> io::Result<()> {
    let copies = match stats.duplicates {
        0 => String::new(),
        1 => " (and 1 copy in another file)".to_owned(),
        n => format!(
            " (and {} copies of them in other files)",
            thousands(n as usize)
        ),
    };
    writeln!(
        out,
        "{TITLE}articles{TITLE:#}     {}{copies}",
        thousands(stats.articles as usize)
    )?;
    writeln!(
        out,
        "{TITLE}files{TITLE:#}        {}",
        thousands(stats.files as usize)
    )?;
    for (i, folder) in stats.folders.iter().enumerate() {
        let label = if i == 0 { "folders" } else { "" };
        writeln!(
            out,
            "{TITLE}{label:<12}{TITLE:#} {PATH}{}{PATH:#}",
            visible::path(&display_path(folder))
        )?;
    }
    let top: Vec<String> = stats
        .top_sources
        .iter()
        .map(|(name, n)| source_count(name, *n))
        .collect();
    let top = if top.is_empty() {
        String::new()
    } else {
        format!(": {}", top.join(", "))
    };
    writeln!(
        out,
        "{TITLE}sources{TITLE:#}      {}{top}",
        thousands(stats.sources as usize)
    )?;
    writeln!(
        out,
        "{TITLE}languages{TITLE:#}    {}",
        language_counts(&stats.languages, stats.undetermined, ", ")
    )?;
    let span = match (stats.earliest, stats.latest) {
        (Some(first), Some(last)) => format!("{DATE}{first}{DATE:#} to {DATE}{last}{DATE:#}"),
        _ => "none stated".to_owned(),
    };
    writeln!(
        out,
        "{TITLE}dates{TITLE:#}        {span} ({} undated)",
        thousands(stats.undated as usize)
    )?;
    let size = human_size(stats.size_bytes);
    let segments = match stats.segments {
        1 => "1 segment".to_owned(),
        n => format!("{} segments", thousands(n)),
    };
    writeln!(
        out,
        "{TITLE}index{TITLE:#}        {size} in {segments} at {PATH}{}{PATH:#}",
        visible::path(index)
    )?;
    let updated = visible::line(stats.last_update.as_deref().unwrap_or("unknown"));
    writeln!(out, "{TITLE}last update{TITLE:#}  {updated}")
}

/// 35_200_000 -> "33.6 MiB".
fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1024.0 && unit + 1 < UNITS.len() {
        size /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{size:.1} {}", UNITS[unit])
    }
}

/// One JSON document on stdout, on one line: the library's type serialised,
/// with every control character escaped.
pub fn json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    json_to(&mut stdout, value)?;
    writeln!(stdout)?;
    Ok(())
}

/// The document [`json`] prints, written to `out` without the line feed
/// (the HTTP API's bodies).
pub fn json_to(out: &mut impl Write, value: &impl serde::Serialize) -> serde_json::Result<()> {
    let mut json = serde_json::Serializer::with_formatter(out, visible::JsonEscapes);
    serde::Serialize::serialize(value, &mut json)
}

/// One JSON object a line for each hit, as in the `hits` of [`json`], with
/// every control character escaped as there.
pub fn ndjson(hits: &[Hit]) -> anyhow::Result<()> {
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    for hit in hits {
        let mut json = serde_json::Serializer::with_formatter(&mut stdout, visible::JsonEscapes);
        serde::Serialize::serialize(hit, &mut json)?;
        writeln!(stdout)?;
    }
    stdout.flush()?;
    Ok(())
}

/// The columns of `--format csv`, in order.
pub const CSV_HEADER: [&str; 11] = [
    "rank", "score", "id", "path", "title", "date", "source", "author", "url", "lang", "passage",
];

/// A header, then a row for each hit, quoted as RFC 4180 says (a field
/// holding a comma, a quote or a line break in quotes, its quotes doubled);
/// rows end with a line feed. Text is shown as the text output shows it,
/// control characters as symbols; a field the article does not state is
/// empty.
pub fn csv(hits: &[Hit]) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(io::stdout().lock());
    writer.write_record(CSV_HEADER).map_err(csv_io)?;
    let shown =
        |text: Option<&String>| text.map_or(String::new(), |t| visible::line(t).to_string());
    for hit in hits {
        writer
            .write_record([
                hit.rank.to_string(),
                hit.score.to_string(),
                visible::line(&hit.id).to_string(),
                visible::path(&hit.path),
                visible::line(&hit.title).to_string(),
                hit.date.map_or(String::new(), |date| date.to_string()),
                shown(hit.source.as_ref()),
                shown(hit.author.as_ref()),
                shown(hit.url.as_ref()),
                shown(hit.language.as_ref()),
                shown(hit.snippets.first().map(|snippet| &snippet.text)),
            ])
            .map_err(csv_io)?;
    }
    writer.flush()
}

/// A CSV writer's error as the I/O error it is, so that a closed pipe is
/// known as one (`search query --format csv x | head -1` is no error).
fn csv_io(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// The path of every file the hits are in, each once, in the order of the
/// hits: a hit's own, then its copies' (`also at`) and its near-identical
/// versions'. Each ends with a line feed, or with `null` a NUL byte; then,
/// unless stdout is a terminal, the paths are written exactly (for
/// `xargs -0`), otherwise as the text output shows them.
pub fn paths(hits: &[Hit], null: bool) -> io::Result<()> {
    let stdout = io::stdout();
    let exact = null && !stdout.is_terminal();
    let end: &[u8] = if null { b"\0" } else { b"\n" };
    let mut out = io::BufWriter::new(stdout.lock());
    let mut seen = std::collections::HashSet::new();
    let all = hits.iter().flat_map(|hit| {
        let copies = hit.also_at.iter().map(|place| &place.path);
        let near = hit.near_duplicates.iter().map(|near| &near.path);
        std::iter::once(&hit.path).chain(copies).chain(near)
    });
    for path in all {
        if !seen.insert(path) {
            continue;
        }
        if exact {
            out.write_all(path.as_os_str().as_encoded_bytes())?;
        } else {
            out.write_all(visible::path(path).as_bytes())?;
        }
        out.write_all(end)?;
    }
    out.flush()
}

/// `"zuckerbreg" is not in the index; did you mean "zuckerberg"?`
pub fn suggestion(err: &mut impl Write, suggestion: &Suggestion) -> io::Result<()> {
    match did_you_mean(suggestion) {
        Some(sentence) => note(err, &sentence),
        None => Ok(()),
    }
}

/// The sentence [`suggestion`] prints; `None` when it suggests nothing.
pub fn did_you_mean(suggestion: &Suggestion) -> Option<String> {
    let (first, rest) = suggestion.did_you_mean.split_first()?;
    let others: String = rest.iter().map(|w| format!(", \"{w}\"")).collect();
    let also = if others.is_empty() {
        String::new()
    } else {
        format!(" (or{})", others.trim_start_matches(','))
    };
    Some(format!(
        "\"{}\" is not in the index; did you mean \"{first}\"?{also}",
        suggestion.word
    ))
}

/// The note for results whose words no article holds all of.
pub const RELAXED: &str = "no article contains every word; showing articles with any of them";

/// A note on stderr; the message may quote the query, so it is made visible.
pub fn note(err: &mut impl Write, message: &str) -> io::Result<()> {
    writeln!(err, "{DIM}{}{DIM:#}", visible::line(message))
}

pub fn error(err: &mut impl Write, error: &anyhow::Error) -> io::Result<()> {
    // The library's messages already name their cause; other errors show
    // their chain of context. Either may quote a path, a title or a query.
    let message = if error.downcast_ref::<news_search::Error>().is_some() {
        error.to_string()
    } else {
        format!("{error:#}")
    };
    writeln!(err, "{ERROR}search:{ERROR:#} {}", visible::line(&message))
}

/// "Reuters 12", the source's name made visible.
fn source_count(name: &str, n: u64) -> String {
    let name = visible::line(name);
    format!("{SOURCE}{name}{SOURCE:#} {}", thousands(n as usize))
}

/// 1204 -> "1,204".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_in_binary_units() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(2048), "2.0 KiB");
        assert_eq!(human_size(35_200_000), "33.6 MiB");
    }

    #[test]
    fn counts_of_one_take_the_singular() {
        let report = news_search::IndexReport {
            added: 2,
            duplicates: 1,
            ..Default::default()
        };
        let mut out = Vec::new();
        index_report(&mut out, &report).unwrap();
        let text = String::from_utf8(anstream::adapter::strip_bytes(&out).into_vec()).unwrap();
        assert!(text.contains(", 1 duplicate in "), "{text}");
        let compacted = CompactReport {
            segments_before: 3,
            segments_after: 1,
            deleted_dropped: 1,
            elapsed: std::time::Duration::ZERO,
        };
        let mut out = Vec::new();
        compact_report(&mut out, &compacted).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("dropping 1 deleted article,"), "{text}");
    }

    #[test]
    fn estimated_counts_say_about() {
        let mut results = news_search::SearchResults {
            query: "government".to_owned(),
            total_hits: 41_000,
            total_hits_exact: false,
            more: true,
            relaxed: false,
            notes: Vec::new(),
            filtered_out: None,
            suggestions: Vec::new(),
            facets: None,
            hits: Vec::new(),
        };
        let note = |results: &news_search::SearchResults| {
            let mut out = Vec::new();
            page_note(&mut out, results, 0).unwrap();
            String::from_utf8(anstream::adapter::strip_bytes(&out).into_vec()).unwrap()
        };
        assert_eq!(note(&results), "about 41,000 matches\n");
        results.total_hits_exact = true;
        assert_eq!(note(&results), "41,000 matches\n");
        results.total_hits = 1;
        assert_eq!(matches(&results), "1 match");
        results.total_hits_exact = false;
        assert_eq!(matches(&results), "about 1 match");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1204), "1,204");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn marked_text_keeps_every_byte() {
        let mut out = Vec::new();
        let text = visible::line("Nvidia H100 chips");
        marked(&mut out, text, &[(7, 11)], Style::new()).unwrap();
        let plain = String::from_utf8(anstream::adapter::strip_bytes(&out).into_vec()).unwrap();
        assert_eq!(plain, "Nvidia H100 chips");
    }

    /// A hit with a long title and two passages, one holding a control.
    fn long_hit() -> Hit {
        let title = "Harbour strike leaves cranes idle across the whole port for a week";
        let first = "…dockworkers at the \x1b[2Jharbour walked out on Tuesday after talks over pay broke down, leaving cranes idle…";
        let second = "…the strike would last until the port authority returned to the table…";
        let marks = |text: &str, words: &[&str]| -> Vec<(usize, usize)> {
            words
                .iter()
                .map(|w| {
                    let at = text.find(w).expect("word in text");
                    (at, at + w.len())
                })
                .collect()
        };
        let snippet = |text: &str, words: &[&str]| news_search::Snippet {
            text: text.to_owned(),
            highlights: marks(text, words),
            body_range: (0, 0),
            body_highlights: Vec::new(),
        };
        Hit {
            rank: 12,
            score: 2.5,
            listing: news_search::Listing {
                id: "4377082473784e24".to_owned(),
                path: "corpus/wire/harbour-strike.json".into(),
                position: 0,
                title: title.to_owned(),
                rest: news_search::HitDetails {
                    title_highlights: marks(title, &["Harbour", "strike"]),
                    metadata: news_search::Metadata {
                        dateline: news_search::Dateline {
                            date: None,
                            source: Some("Port News Agency".to_owned()),
                        },
                        ..Default::default()
                    },
                },
            },
            snippets: vec![
                snippet(first, &["harbour", "cranes idle"]),
                snippet(second, &["strike"]),
            ],
            also_at: Vec::new(),
            near_duplicates: Vec::new(),
        }
    }

    fn block(hit: &Hit, width: Option<usize>) -> String {
        let mut out = Vec::new();
        hit_block(&mut out, hit, width).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn plain(text: &str) -> String {
        String::from_utf8(anstream::adapter::strip_bytes(text.as_bytes()).into_vec()).unwrap()
    }

    #[test]
    fn a_hit_is_wrapped_at_the_width_with_continuations_indented() {
        use unicode_width::UnicodeWidthStr;
        let hit = long_hit();
        let wrapped = block(&hit, Some(40));
        let shown = plain(&wrapped);
        assert_eq!(
            shown,
            "\
12. Harbour strike leaves cranes idle
    across the whole port for a week
   Port News Agency ·
   corpus/wire/harbour-strike.json ·
   2.50
   …dockworkers at the ␛[2Jharbour
   walked out on Tuesday after talks
   over pay broke down, leaving cranes
   idle … the strike would last until
   the port authority returned to the
   table…
"
        );
        assert!(shown.lines().all(|line| line.width() <= 40), "{shown}");
        // Every highlight is on its words, "cranes idle" on both of the lines
        // it falls on; the control is shown, never sent.
        for word in ["Harbour", "strike", "harbour", "cranes", "idle"] {
            assert!(
                wrapped.contains(&format!("{MATCH}{word}{MATCH:#}")),
                "{word}: {wrapped:?}"
            );
        }
        assert!(!wrapped.contains("\x1b[2J"), "{wrapped:?}");
        // Without a width it is the one-line layout, the same words.
        let unwrapped = plain(&block(&hit, None));
        let words = |text: &str| {
            text.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(words(&shown), words(&unwrapped));
        assert_eq!(unwrapped.lines().count(), 3);
    }

    #[test]
    fn a_highlight_cut_by_a_break_is_marked_on_both_lines() {
        let hit = long_hit();
        // At 33 columns "cranes" ends a line and "idle" starts the next.
        let wrapped = block(&hit, Some(33));
        let shown = plain(&wrapped);
        assert!(
            shown.contains("\n   broke down, leaving cranes\n   idle … the"),
            "{shown}"
        );
        let cut = format!("{MATCH}cranes{MATCH:#}\n   {MATCH}idle{MATCH:#}");
        assert!(wrapped.contains(&cut), "{wrapped:?}");
    }

    #[test]
    fn marks_stay_on_their_words_when_controls_are_shown() {
        // Ranges are in the text as stored: "H100" is at 8..12 behind
        // ESC [ 2 J and a C1 control (two bytes in UTF-8), each shown wider.
        let body = "\x1b[2J\u{9b}x H100\nchips\x07";
        assert_eq!(&body[8..12], "H100");
        let mut out = Vec::new();
        marked(&mut out, visible::lines(body), &[(8, 12)], Style::new()).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out, format!("␛[2J␛[x {MATCH}H100{MATCH:#}\nchips␇"));
    }
}
