//! The pages' HTML, written with maud: every value from an article, a file
//! or a request is escaped where it is put, and marks are placed by the
//! library's byte ranges around escaped text. `search.js` builds the same
//! structure from the API's JSON, so the two must change together.

use maud::{html, Markup, DOCTYPE};
use news_search::{Facets, Hit, SearchResults, ShownArticle};

use super::link::Form;
use crate::render;
use crate::serve::failure::Failure;

/// The steps of a bar's length (classes `w0` to `w20` in the style sheet).
const BAR_STEPS: u64 = 20;

/// A whole page around `main`.
fn layout(title: &str, form: &Form, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (title) }
                link rel="stylesheet" href="/assets/style.css";
                script src="/assets/search.js" defer {}
            }
            body {
                a class="skip" href="#results" { "Skip to results" }
                header { (search_form(form)) }
                div id="notice" role="status" hidden {
                    "New articles arrived. "
                    a id="refresh" href=(form.href()) { "Show them" }
                }
                main id="results" { (main) }
                footer {
                    "JSON API: " a href="/api/openapi.json" { "/api/openapi.json" }
                }
            }
        }
    }
}

fn search_form(form: &Form) -> Markup {
    let sort = |value: &str| form.sort == value || (form.sort.is_empty() && value == "relevance");
    html! {
        form id="search" role="search" method="get" action="/" {
            div class="box" {
                label for="q" { "Search the articles" }
                input id="q" name="q" type="search" value=(form.q) autocomplete="off"
                    spellcheck="false" maxlength="1000" aria-describedby="keys";
                button type="submit" { "Search" }
            }
            div class="filters" {
                span {
                    label for="since" { "From" }
                    input id="since" name="since" value=(form.since) size="10"
                        placeholder="2024-02, 3m" aria-describedby="dates";
                }
                span {
                    label for="until" { "To" }
                    input id="until" name="until" value=(form.until) size="10"
                        placeholder="2024-12-31" aria-describedby="dates";
                }
                span {
                    label for="sort" { "Order" }
                    select id="sort" name="sort" {
                        option value="relevance" selected[sort("relevance")] { "Best match" }
                        option value="newest" selected[sort("newest")] { "Newest first" }
                        option value="oldest" selected[sort("oldest")] { "Oldest first" }
                    }
                }
                span {
                    input id="exact" name="exact" type="checkbox" value="1" checked[form.exact];
                    label for="exact" { "Exact words" }
                }
                @if !form.source.is_empty() {
                    span class="chip" data-for="source" {
                        input type="hidden" name="source" value=(form.source);
                        "Source: " (form.source) " "
                        a href=(form.source("").href()) aria-label="Any source" { "×" }
                    }
                }
                @if !form.lang.is_empty() {
                    span class="chip" data-for="lang" {
                        input type="hidden" name="lang" value=(form.lang);
                        "Language: " (form.lang) " "
                        a href=(form.lang("").href()) aria-label="Any language" { "×" }
                    }
                }
            }
            p id="dates" class="hint" { "Dates: YYYY, YYYY-MM, YYYY-MM-DD, or 7d, 2w, 3m, 1y ago." }
            p id="keys" class="hint" {
                kbd { "/" } " search · " kbd { "↑" } " " kbd { "↓" } " move through results · "
                kbd { "Esc" } " clear"
            }
        }
    }
}

/// The search page, with results when there was a query.
pub fn search(form: &Form, results: Option<&SearchResults>) -> Markup {
    let title = match results {
        Some(results) => format!("{} – news-search", results.query),
        None => "news-search".to_owned(),
    };
    let main = match results {
        Some(results) => found(form, results),
        None => html! { p id="count" role="status" aria-live="polite" {} },
    };
    layout(&title, form, main)
}

fn found(form: &Form, results: &SearchResults) -> Markup {
    html! {
        p id="count" role="status" aria-live="polite" { (count(form, results)) }
        (notes(form, results))
        div class="columns" {
            section class="hits" aria-label="Results" {
                ol start=(form.offset + 1) {
                    @for hit in &results.hits { (hit_item(form, hit)) }
                }
                (pages(form, results))
            }
            @if let Some(facets) = &results.facets {
                @if results.total_hits > 0 { (facet_lists(form, facets)) }
            }
        }
    }
}

/// "34 matches", "showing 11–20 of 34 matches", or why there are none.
fn count(form: &Form, results: &SearchResults) -> String {
    let (total, shown) = (results.total_hits, results.hits.len());
    let matches = render::matches(results);
    if total == 0 {
        render::no_match(results)
    } else if shown > 0 && (form.offset > 0 || results.more) {
        let (first, last) = (form.offset + 1, form.offset + shown);
        format!("showing {first}–{last} of {matches}")
    } else {
        matches
    }
}

/// The notes `search query` prints: words left out, "did you mean" (with
/// links to search for the words meant), results that hold any word.
fn notes(form: &Form, results: &SearchResults) -> Markup {
    html! {
        ul class="notes" {
            @for note in &results.notes { li { (note.to_string()) } }
            @for suggestion in &results.suggestions {
                @if let Some(sentence) = render::did_you_mean(suggestion) {
                    li {
                        (sentence) " "
                        @for word in &suggestion.did_you_mean {
                            a href=(form.query(&replace_word(&results.query, &suggestion.word, word)).href()) {
                                "Search for “" (word) "”"
                            }
                            " "
                        }
                    }
                }
            }
            @if results.relaxed { li { (render::RELAXED) } }
        }
    }
}

/// `query` with each `word` (as a whole word, any case) replaced by `meant`.
fn replace_word(query: &str, word: &str, meant: &str) -> String {
    query
        .split(' ')
        .map(|part| {
            if part.eq_ignore_ascii_case(word) {
                meant
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn hit_item(form: &Form, hit: &Hit) -> Markup {
    html! {
        li class="hit" {
            h2 { a href=(form.article(&hit.id)) { (marked(&hit.title, &hit.title_highlights)) } }
            p class="meta" {
                @if let Some(date) = hit.date { time datetime=(date.to_string()) { (date.to_string()) } }
                @if let Some(source) = &hit.source {
                    a class="source" href=(form.source(source).href()) { (source) }
                }
                @if let Some(language) = &hit.language { span class="lang" { (language) } }
                span class="place" { (hit.place()) }
            }
            @for snippet in &hit.snippets {
                p class="passage" { (marked(&snippet.text, &snippet.highlights)) }
            }
            @if !hit.near_duplicates.is_empty() {
                details class="near" {
                    summary { "+" (hit.near_duplicates.len()) " near-identical" }
                    ul {
                        @for near in &hit.near_duplicates {
                            li {
                                a href=(form.article(&near.id)) { (near.title) }
                                @if let Some(date) = near.date { " · " (date.to_string()) }
                                @if let Some(source) = &near.source { " · " (source) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Previous and next links, when there are other pages.
fn pages(form: &Form, results: &SearchResults) -> Markup {
    let size = form.limit.parse().unwrap_or(super::PAGE_HITS).max(1);
    let previous = (form.offset > 0).then(|| form.offset.saturating_sub(size));
    let next = results.more.then(|| form.offset + results.hits.len());
    html! {
        @if previous.is_some() || next.is_some() {
            nav class="pages" aria-label="Result pages" {
                @if let Some(offset) = previous { a rel="prev" href=(form.at(offset).href()) { "← Previous" } }
                span { "Page " (form.offset / size + 1) }
                @if let Some(offset) = next { a rel="next" href=(form.at(offset).href()) { "Next →" } }
            }
        }
    }
}

fn facet_lists(form: &Form, facets: &Facets) -> Markup {
    let (timeline, unit) = if facets.months.is_empty() {
        (&facets.years, "year")
    } else {
        (&facets.months, "month")
    };
    let widest = timeline.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    html! {
        aside class="facets" aria-label="Refine" {
            h2 { "Sources" }
            ul class="sources" {
                @if !form.source.is_empty() {
                    li { a href=(form.source("").href()) { "All sources" } }
                }
                @for (name, n) in &facets.sources {
                    li {
                        a href=(form.source(name).href()) aria-current=[(name == &form.source).then_some("true")] { (name) }
                        " " span class="n" { (render::thousands(*n as usize)) }
                    }
                }
            }
            @if facets.languages.len() > 1 || !form.lang.is_empty() {
                h2 { "Languages" }
                ul class="sources languages" {
                    @if !form.lang.is_empty() {
                        li { a href=(form.lang("").href()) { "All languages" } }
                    }
                    @for (code, n) in &facets.languages {
                        li {
                            a href=(form.lang(code).href()) aria-current=[(code == &form.lang).then_some("true")] { (code) }
                            " " span class="n" { (render::thousands(*n as usize)) }
                        }
                    }
                }
            }
            h2 { "Matches per " (unit) }
            ol class="chart" {
                @for (label, n) in timeline {
                    li {
                        a href=(form.period(label).href()) title=(format!("{label}: {n}")) {
                            span class="label" { (label) }
                            span class=(format!("bar w{}", (n * BAR_STEPS).div_ceil(widest))) {}
                            span class="n" { (render::thousands(*n as usize)) }
                        }
                    }
                }
            }
            @if facets.undated > 0 {
                p class="hint" { (render::thousands(facets.undated as usize)) " undated" }
            }
        }
    }
}

/// The article view: headline, metadata, the whole text, similar articles.
pub fn article(form: &Form, shown: &ShownArticle, like: Option<&SearchResults>) -> Markup {
    let article = &shown.article;
    let none = (Vec::new(), Vec::new());
    let (title_marks, body_marks) = shown
        .highlights
        .as_ref()
        .map_or((&none.0, &none.1), |h| (&h.title, &h.body));
    let main = html! {
        article class="article" {
            p { a href=(form.href()) { "← Back to the results" } }
            h1 { (marked(&article.title, title_marks)) }
            p class="meta" {
                @if let Some(date) = article.date { time datetime=(date.to_string()) { (date.to_string()) } }
                @if let Some(source) = &article.source { span { (source) } }
                @if let Some(author) = &article.author { span { "by " (author) } }
                @if let Some(language) = &article.language { span { (language) } }
                span class="place" { (article.place()) }
            }
            @if let Some(url) = article.url.as_deref().filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
                p { a href=(url) rel="noopener noreferrer nofollow" { "The original" } }
            }
            div class="body" { (marked(&article.body, body_marks)) }
        }
        @if let Some(like) = like.filter(|like| !like.hits.is_empty()) {
            aside class="similar" aria-label="Similar articles" {
                h2 { "Similar articles" }
                ol {
                    @for hit in &like.hits {
                        li {
                            a href=(form.article(&hit.id)) { (hit.title) }
                            @if let Some(date) = hit.date { " · " (date.to_string()) }
                            @if let Some(source) = &hit.source { " · " (source) }
                        }
                    }
                }
            }
        }
    };
    layout(&format!("{} – news-search", article.title), form, main)
}

/// A refusal or failure as a page.
pub fn failure(failure: &Failure) -> Markup {
    let main = html! {
        h1 { "Error " (failure.status.as_u16()) }
        p class="error" role="alert" { (failure.message) }
        p { a href="/" { "Start again" } }
    };
    layout("Error – news-search", &Form::default(), main)
}

/// `text` with the byte ranges `marks` in `<mark>`; a range that is out of
/// order or not on character boundaries is left unmarked.
fn marked(text: &str, marks: &[(usize, usize)]) -> Markup {
    let mut at = 0;
    html! {
        @for &(start, end) in marks {
            @if start >= at && start < end && text.get(start..end).is_some() {
                (&text[at..start]) mark { (&text[start..end]) }
                ({ at = end; "" })
            }
        }
        (&text[at..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_wrap_escaped_text() {
        let text = "<b>Storm</b> & ports";
        let html = marked(text, &[(3, 8), (15, 20)]).into_string();
        assert_eq!(
            html,
            "&lt;b&gt;<mark>Storm</mark>&lt;/b&gt; &amp; <mark>ports</mark>"
        );
        // Out of order, off a boundary, past the end: left unmarked.
        let odd = marked("été", &[(1, 2), (4, 3), (0, 99)]).into_string();
        assert_eq!(odd, "été");
    }

    #[test]
    fn a_suggestion_replaces_the_word_it_corrects() {
        assert_eq!(
            replace_word("stormz ports", "stormz", "storm"),
            "storm ports"
        );
    }
}
