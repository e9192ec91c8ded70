//! The metadata a saved web page states about its article: title, date,
//! author, outlet, address, language and tags, each from the best source the
//! page offers (OpenGraph and other `<meta>` tags, JSON-LD, microdata, markup).

use dom_query::{Document, NodeRef};
use time::{Date, Month};

use super::jsonld::{self, LinkedData};
use crate::extract::byline;
use crate::extract::date::parse_date;

/// At most this many tags are kept; keyword lists can be long SEO stuffing.
const MAX_TAGS: usize = 20;
/// A heading longer than this is not a headline (an unclosed `<h1>` can swallow a page).
const MAX_HEADLINE_CHARS: usize = 300;
/// `<title>` separators between the headline and the site's name or section.
const TITLE_SEPARATORS: [&str; 8] = [" | ", " - ", " — ", " – ", " :: ", " · ", " • ", " » "];
/// A site name or section removed from `<title>` has at most this many words...
const MAX_SUFFIX_WORDS: usize = 6;
/// ...and what remains must have at least this many, to still be a headline.
const MIN_HEADLINE_WORDS: usize = 3;

/// What a page's metadata says about its article.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct PageMeta {
    pub(super) title: Option<String>,
    pub(super) date: Option<Date>,
    pub(super) author: Option<String>,
    pub(super) source: Option<String>,
    pub(super) url: Option<String>,
    pub(super) language: Option<String>,
    pub(super) tags: Vec<String>,
}

/// Reads the metadata of a parsed page.
pub(super) fn read(doc: &Document) -> PageMeta {
    let metas = Metas::of(doc);
    let scripts: Vec<String> = select(doc, "script")
        .into_iter()
        .filter(|s| {
            s.attr("type")
                .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"))
        })
        .map(|s| s.text().to_string())
        .collect();
    let linked = jsonld::read(scripts.iter().map(String::as_str));
    let url = canonical_url(doc, &metas);
    let site_name = metas
        .first(&["og:site_name"])
        .or(linked.publisher.clone())
        .or_else(|| metas.first(&["application-name"]));
    let (page_title, title_site) = split_page_title(doc);
    let title = metas
        .first(&["og:title"])
        .map(|t| strip_named_suffix(&t, site_name.as_deref()))
        .or_else(|| linked.headline.clone())
        .or_else(|| headline(doc, site_name.as_deref().or(title_site.as_deref())))
        .or(page_title);
    PageMeta {
        title,
        date: date(doc, &metas, &linked, url.as_deref()),
        author: author(doc, &metas, &linked),
        source: site_name
            .or(title_site)
            .or_else(|| url.as_deref().and_then(host)),
        language: language(doc, &metas),
        tags: tags(&metas, linked.keywords),
        url,
    }
}

/// The `<meta>` tags of a page, keyed by lower-cased property, name,
/// itemprop or http-equiv, in document order.
struct Metas(Vec<(String, String)>);

impl Metas {
    fn of(doc: &Document) -> Metas {
        let pairs = select(doc, "meta[content]").into_iter().filter_map(|meta| {
            let key = ["property", "name", "itemprop", "http-equiv"]
                .iter()
                .find_map(|attr| meta.attr(attr))?;
            let value = normalize(&meta.attr("content")?);
            (!value.is_empty()).then(|| (key.trim().to_ascii_lowercase(), value))
        });
        Metas(pairs.collect())
    }

    /// The value of the first key in `keys` that is present.
    fn first(&self, keys: &[&str]) -> Option<String> {
        self.first_where(keys, |_| true)
    }

    /// The first value, by key priority, that passes `accept`.
    fn first_where(&self, keys: &[&str], accept: impl Fn(&str) -> bool) -> Option<String> {
        keys.iter()
            .find_map(|key| self.all(key).find(|value| accept(value)).map(str::to_owned))
    }

    /// The first value, by key priority, that parses as a date.
    fn first_date(&self, keys: &[&str]) -> Option<Date> {
        keys.iter()
            .find_map(|key| self.all(key).find_map(parse_meta_date))
    }

    fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// `<title>` without its site suffix, and the site's name when one was removed.
fn split_page_title(doc: &Document) -> (Option<String>, Option<String>) {
    let Some(raw) = select(doc, "title").first().map(text_of) else {
        return (None, None);
    };
    let mut title = raw.as_str();
    let mut site = None;
    while let Some((head, suffix)) = split_last_separator(title) {
        let substantial = head.split_whitespace().count() >= MIN_HEADLINE_WORDS;
        if !substantial || suffix.split_whitespace().count() > MAX_SUFFIX_WORDS {
            break;
        }
        // The rightmost part is the site; any others are sections ("UK news").
        site = site.or(Some(suffix.to_owned()));
        title = head;
    }
    let title = (!title.is_empty()).then(|| title.to_owned());
    (title, site)
}

fn split_last_separator(title: &str) -> Option<(&str, &str)> {
    let (at, separator) = TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| Some((title.rfind(sep)?, sep)))
        .max_by_key(|(at, _)| *at)?;
    Some((title[..at].trim(), title[at + separator.len()..].trim()))
}

/// og:title sometimes carries the site name too; it goes only when it is the site's.
fn strip_named_suffix(title: &str, site: Option<&str>) -> String {
    match (split_last_separator(title), site) {
        (Some((head, suffix)), Some(site)) if suffix.eq_ignore_ascii_case(site) => head.to_owned(),
        _ => title.to_owned(),
    }
}

/// The article's `<h1>`: the one inside `<article>` if any, else the first
/// that reads like a headline rather than the site's logo.
fn headline(doc: &Document, site: Option<&str>) -> Option<String> {
    let is_site = |text: &str| site.is_some_and(|s| s.eq_ignore_ascii_case(text));
    select(doc, "article h1")
        .into_iter()
        .chain(select(doc, "h1"))
        .map(|h1| text_of(&h1))
        .find(|text| {
            !text.is_empty() && text.chars().count() <= MAX_HEADLINE_CHARS && !is_site(text)
        })
}

fn date(doc: &Document, metas: &Metas, linked: &LinkedData, url: Option<&str>) -> Option<Date> {
    #[rustfmt::skip]
    const DATE_NAMES: &[&str] = &[
        "date", "pubdate", "publishdate", "publish-date", "dc.date.issued", "dc.date",
        "dcterms.created", "article.published", "parsely-pub-date", "sailthru.date",
    ];
    metas
        .first_date(&["article:published_time"])
        .or_else(|| linked.date_published.as_deref().and_then(parse_meta_date))
        .or_else(|| time_element_date(doc))
        .or_else(|| metas.first_date(DATE_NAMES))
        .or_else(|| url.and_then(url_date))
}

/// A metadata date, also in the compact `20230911` form some CMSs write.
fn parse_meta_date(text: &str) -> Option<Date> {
    parse_date(text).or_else(|| {
        let digits = text.trim();
        if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let month = Month::try_from(digits[4..6].parse::<u8>().ok()?).ok()?;
        Date::from_calendar_date(digits[..4].parse().ok()?, month, digits[6..].parse().ok()?).ok()
    })
}

/// The publication date of a `<time>` or microdata element, preferring those
/// marked as the publication date, then those inside `<article>`, then those
/// after the headline (not a sidebar's event dates).
fn time_element_date(doc: &Document) -> Option<Date> {
    // Matches come in document order, so a headline is seen before what follows it.
    let mut seen_headline = false;
    let after_headline: Vec<NodeRef> = select(doc, "h1, time[datetime]")
        .into_iter()
        .filter(|node| {
            seen_headline |= node.has_name("h1");
            seen_headline && !node.has_name("h1")
        })
        .collect();
    select(doc, "[itemprop~=datePublished], time[pubdate]")
        .into_iter()
        .chain(select(doc, "article time[datetime]"))
        .chain(after_headline)
        .chain(select(doc, "time[datetime]"))
        .find_map(|el| {
            let value = el.attr("datetime").or_else(|| el.attr("content"))?;
            parse_meta_date(&value)
        })
}

/// A date in the URL's path: `/2023/09/11/`, `/2024/mar/04/`, `/2023-09-11/`.
fn url_date(url: &str) -> Option<Date> {
    let path = url.split(['?', '#']).next()?;
    let segments: Vec<&str> = path.split('/').collect();
    let numeric = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u16>().ok())
            .flatten()
    };
    let month_of = |s: &str| -> Option<Month> {
        match numeric(s, 1..=2) {
            Some(n) => Month::try_from(u8::try_from(n).ok()?).ok(),
            None => parse_date(&format!("1 {s} 2000")).map(|d| d.month()),
        }
    };
    let from_triple = segments.windows(3).find_map(|w| {
        let year = i32::from(numeric(w[0], 4..=4)?);
        let day = u8::try_from(numeric(w[2], 1..=2)?).ok()?;
        Date::from_calendar_date(year, month_of(w[1])?, day).ok()
    });
    from_triple.or_else(|| {
        segments.iter().find_map(|s| {
            let (date, rest) = (s.get(..10)?, s.get(10..)?);
            let ends_there = rest.is_empty() || rest.starts_with(['-', '_', '.']);
            ends_there.then(|| parse_date(date)).flatten()
        })
    })
}

fn author(doc: &Document, metas: &Metas, linked: &LinkedData) -> Option<String> {
    const AUTHOR_NAMES: [&str; 6] = [
        "author",
        "article:author",
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "byl",
    ];
    let meta_author = || {
        AUTHOR_NAMES
            .iter()
            .find_map(|key| metas.all(key).find_map(byline::author_from_meta))
    };
    let rel_author = || {
        select(doc, "a[rel~=author], link[rel~=author][title]")
            .iter()
            .find_map(|a| {
                byline::author_from_text(
                    &a.attr("title")
                        .map_or_else(|| text_of(a), |t| t.to_string()),
                )
            })
    };
    let itemprop_author = || {
        select(doc, "[itemprop~=author]").iter().find_map(|el| {
            let name = first_match(el, "[itemprop~=name]").unwrap_or(*el);
            let value = name
                .attr("content")
                .map_or_else(|| text_of(&name), |c| c.to_string());
            byline::author_from_text(&value)
        })
    };
    linked
        .author
        .clone()
        .or_else(meta_author)
        .or_else(rel_author)
        .or_else(itemprop_author)
}

fn canonical_url(doc: &Document, metas: &Metas) -> Option<String> {
    let is_web = |url: &str| url.starts_with("https://") || url.starts_with("http://");
    select(doc, "link[rel~=canonical][href]")
        .iter()
        .filter_map(|link| link.attr("href"))
        .map(|href| href.trim().to_owned())
        .find(|href| is_web(href))
        .or_else(|| metas.first_where(&["og:url"], is_web))
}

/// The host of a web address without `www.`: "bbc.co.uk".
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (host.contains('.')).then(|| host.to_owned())
}

fn language(doc: &Document, metas: &Metas) -> Option<String> {
    select(doc, "html[lang]")
        .first()
        .and_then(|html| html.attr("lang"))
        .and_then(|lang| language_tag(&lang))
        .or_else(|| {
            let first = |v: &str| v.split(',').next().and_then(language_tag);
            metas
                .all("content-language")
                .find_map(first)
                .or_else(|| metas.all("og:locale").find_map(first))
        })
}

/// A BCP 47 tag in its usual case: "en_us" -> "en-US", "zh-hant-tw" -> "zh-Hant-TW".
fn language_tag(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let parts: Vec<&str> = raw.split(['-', '_']).collect();
    let primary = parts.first()?;
    let valid = (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts
            .iter()
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !valid {
        return None;
    }
    let cased: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(i, part)| match part.len() {
            _ if i == 0 => part.to_ascii_lowercase(),
            2 => part.to_ascii_uppercase(),
            4 => {
                let lower = part.to_ascii_lowercase();
                lower[..1].to_ascii_uppercase() + &lower[1..]
            }
            _ => part.to_ascii_lowercase(),
        })
        .collect();
    Some(cased.join("-"))
}

/// Keywords, article:tag, JSON-LD keywords or news_keywords, the first present.
fn tags(metas: &Metas, linked_keywords: Vec<String>) -> Vec<String> {
    let split = |values: Vec<&str>| -> Vec<String> {
        values
            .iter()
            .flat_map(|v| v.split(','))
            .map(normalize)
            .collect()
    };
    let candidates = [
        split(metas.all("keywords").collect()),
        metas.all("article:tag").map(normalize).collect(),
        linked_keywords,
        split(metas.all("news_keywords").collect()),
    ];
    let chosen = candidates
        .into_iter()
        .find(|tags| tags.iter().any(|t| !t.is_empty()));
    let mut tags: Vec<String> = Vec::new();
    for tag in chosen.unwrap_or_default() {
        let seen = tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase());
        if !tag.is_empty() && !seen && tags.len() < MAX_TAGS {
            tags.push(tag);
        }
    }
    tags
}

/// Elements matching a CSS selector; the selectors here are constants, so
/// an invalid one is a bug that shows up as nothing found, not a panic.
pub(super) fn select<'a>(doc: &'a Document, css: &str) -> Vec<NodeRef<'a>> {
    doc.try_select(css)
        .map(|s| s.nodes().to_vec())
        .unwrap_or_default()
}

/// The first element under `node` matching `css`.
fn first_match<'a>(node: &NodeRef<'a>, css: &str) -> Option<NodeRef<'a>> {
    dom_query::Selection::from(*node)
        .try_select(css)?
        .nodes()
        .first()
        .copied()
}

/// An element's text with whitespace collapsed.
pub(super) fn text_of(node: &NodeRef) -> String {
    normalize(&node.text())
}

pub(super) fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(html: &str) -> PageMeta {
        read(&Document::from(html))
    }

    fn day(y: i32, m: Month, d: u8) -> Option<Date> {
        Date::from_calendar_date(y, m, d).ok()
    }

    const OG_TITLE: &str = r#"<meta property="og:title" content="OG title">"#;
    const LD_HEADLINE: &str = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"LD title"}</script>"#;
    const H1: &str = "<article><h1>Heading title</h1></article>";
    const TITLE: &str = "<title>Page title here - Site</title>";

    #[test]
    fn title_priority_is_og_then_json_ld_then_h1_then_title_element() {
        let all = format!("{OG_TITLE}{LD_HEADLINE}{TITLE}{H1}");
        assert_eq!(meta(&all).title.as_deref(), Some("OG title"));
        let no_og = format!("{LD_HEADLINE}{TITLE}{H1}");
        assert_eq!(meta(&no_og).title.as_deref(), Some("LD title"));
        let no_ld = format!("{TITLE}{H1}");
        assert_eq!(meta(&no_ld).title.as_deref(), Some("Heading title"));
        assert_eq!(meta(TITLE).title.as_deref(), Some("Page title here"));
        assert_eq!(meta("<p>text</p>").title, None);
    }

    #[test]
    fn title_element_loses_site_and_section_suffixes() {
        for (title, headline, site) in [
            (
                "Big news today - Daily Planet",
                "Big news today",
                "Daily Planet",
            ),
            (
                "Big news today | UK news | The Chronicle",
                "Big news today",
                "The Chronicle",
            ),
            ("Big news today — Site", "Big news today", "Site"),
            (
                "Big news today :: Connacht Review",
                "Big news today",
                "Connacht Review",
            ),
        ] {
            let page = meta(&format!("<title>{title}</title>"));
            assert_eq!(page.title.as_deref(), Some(headline), "{title}");
            assert_eq!(page.source.as_deref(), Some(site), "{title}");
        }
    }

    #[test]
    fn title_suffix_stays_when_too_little_would_remain() {
        let page = meta("<title>Weather - Met Office</title>");
        assert_eq!(page.title.as_deref(), Some("Weather - Met Office"));
        assert_eq!(page.source, None);
        let long_suffix = "<title>Fire at mill - how the town came together to save it</title>";
        assert_eq!(
            meta(long_suffix).title.as_deref(),
            Some("Fire at mill - how the town came together to save it")
        );
    }

    #[test]
    fn og_title_loses_only_the_site_name_suffix() {
        let html = r#"<meta property="og:site_name" content="Daily Planet">
            <meta property="og:title" content="Big news - today | Daily Planet">"#;
        assert_eq!(meta(html).title.as_deref(), Some("Big news - today"));
        let other = r#"<meta property="og:title" content="Markets | Analysis">"#;
        assert_eq!(meta(other).title.as_deref(), Some("Markets | Analysis"));
    }

    #[test]
    fn logo_and_overlong_headings_are_not_the_title() {
        let logo = r#"<meta property="og:site_name" content="Daily Planet"><h1>Daily Planet</h1>
            <h1>Real headline</h1>"#;
        assert_eq!(meta(logo).title.as_deref(), Some("Real headline"));
        let swallowed = format!("<h1>Headline<p>{}</p>", "text ".repeat(100));
        assert_eq!(meta(&swallowed).title, None);
    }

    #[test]
    fn date_priority_is_meta_then_json_ld_then_time_then_named_meta_then_url() {
        let published =
            r#"<meta property="article:published_time" content="2023-09-11T10:00:00Z">"#;
        let ld = r#"<script type="application/ld+json">{"@type":"Article","datePublished":"2023-09-12"}</script>"#;
        let time = r#"<h1>T</h1><time datetime="2023-09-13">13 Sept</time>"#;
        let named = r#"<meta name="DC.date.issued" content="2023-09-14">"#;
        let url = r#"<link rel="canonical" href="https://x.example/2023/09/15/story/">"#;
        let cases = [
            (format!("{url}{named}{time}{ld}{published}"), 11),
            (format!("{url}{named}{time}{ld}"), 12),
            (format!("{url}{named}{time}"), 13),
            (format!("{url}{named}"), 14),
            (url.to_owned(), 15),
        ];
        for (html, expected) in cases {
            assert_eq!(
                meta(&html).date,
                day(2023, Month::September, expected),
                "{html}"
            );
        }
    }

    #[test]
    fn unparseable_dates_fall_through_to_the_next_source() {
        let html = r#"<meta property="article:published_time" content="soon">
            <meta name="pubdate" content="20230919">"#;
        assert_eq!(meta(html).date, day(2023, Month::September, 19));
    }

    #[test]
    fn time_element_prefers_marked_then_article_then_after_headline() {
        let sidebar = r#"<time datetime="2024-03-02">event</time>"#;
        let after_h1 = r#"<h1>Headline</h1><time datetime="2024-02-19">posted</time>"#;
        assert_eq!(
            meta(&format!("{sidebar}{after_h1}")).date,
            day(2024, Month::February, 19)
        );
        let in_article =
            format!("{sidebar}<article><time datetime=\"2024-02-20\">x</time></article>");
        assert_eq!(meta(&in_article).date, day(2024, Month::February, 20));
        let marked = format!(
            r#"{in_article}<meta itemprop="datePublished" content="2024-02-21T05:00:00+12:00">"#
        );
        assert_eq!(meta(&marked).date, day(2024, Month::February, 21));
        assert_eq!(meta(sidebar).date, day(2024, Month::March, 2));
    }

    #[test]
    fn url_paths_give_dates_in_the_usual_shapes() {
        for url in [
            "https://x.example/news/2023/09/11/story/",
            "https://x.example/uk-news/2023/sep/11/story",
            "https://x.example/2023-09-11/story",
            "https://x.example/blog/2023-09-11-story.html",
        ] {
            assert_eq!(url_date(url), day(2023, Month::September, 11), "{url}");
        }
        for url in [
            "https://x.example/story-12345",
            "https://x.example/2023/13/01/x",
            "https://x.example/2023-09-112/",
        ] {
            assert_eq!(url_date(url), None, "{url}");
        }
    }

    #[test]
    fn author_priority_is_json_ld_then_meta_then_rel_then_itemprop() {
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","author":[{"name":"Ann Lee"},{"name":"Bo Chan"}]}</script>"#;
        let meta_author = r#"<meta name="author" content="Cy Dunn">"#;
        let rel = r#"<a rel="author" href="/dee">Dee Eve</a>"#;
        let itemprop =
            r#"<span itemprop="author" itemscope><span itemprop="name">Fay Gee</span></span>"#;
        let cases = [
            (
                format!("{itemprop}{rel}{meta_author}{ld}"),
                "Ann Lee, Bo Chan",
            ),
            (format!("{itemprop}{rel}{meta_author}"), "Cy Dunn"),
            (format!("{itemprop}{rel}"), "Dee Eve"),
            (itemprop.to_owned(), "Fay Gee"),
        ];
        for (html, expected) in cases {
            assert_eq!(meta(&html).author.as_deref(), Some(expected), "{html}");
        }
    }

    #[test]
    fn author_urls_are_skipped_for_names() {
        let html = r#"<meta property="article:author" content="https://facebook.com/jane">
            <meta name="parsely-author" content="By Jane Doe">"#;
        assert_eq!(meta(html).author.as_deref(), Some("Jane Doe"));
        let link_text = r#"<a rel="author" href="/x">More from this author</a>"#;
        assert_eq!(meta(link_text).author, None);
    }

    #[test]
    fn source_priority_is_site_name_then_publisher_then_application_then_title_then_host() {
        let og = r#"<meta property="og:site_name" content="OG Site">"#;
        let ld = r#"<script type="application/ld+json">{"@type":"Article","publisher":{"name":"LD Site"}}</script>"#;
        let app = r#"<meta name="application-name" content="App Site">"#;
        let title = "<title>A long enough headline | Title Site</title>";
        let url = r#"<link rel="canonical" href="https://www.bbc.co.uk/news/x">"#;
        let cases = [
            (format!("{url}{title}{app}{ld}{og}"), "OG Site"),
            (format!("{url}{title}{app}{ld}"), "LD Site"),
            (format!("{url}{title}{app}"), "App Site"),
            (format!("{url}{title}"), "Title Site"),
            (url.to_owned(), "bbc.co.uk"),
        ];
        for (html, expected) in cases {
            assert_eq!(meta(&html).source.as_deref(), Some(expected), "{html}");
        }
    }

    #[test]
    fn url_is_canonical_then_og_url_and_only_absolute() {
        let both = r#"<link rel="canonical" href="https://a.example/1"><meta property="og:url" content="https://b.example/2">"#;
        assert_eq!(meta(both).url.as_deref(), Some("https://a.example/1"));
        let relative = r#"<link rel="canonical" href="/1"><meta property="og:url" content="https://b.example/2">"#;
        assert_eq!(meta(relative).url.as_deref(), Some("https://b.example/2"));
        assert_eq!(
            meta(r#"<meta property="og:url" content="ftp://b.example/2">"#).url,
            None
        );
    }

    #[test]
    fn language_is_html_lang_then_content_language_then_og_locale() {
        let all = r#"<html lang="de"><meta http-equiv="Content-Language" content="fr"><meta property="og:locale" content="en_US">"#;
        assert_eq!(meta(all).language.as_deref(), Some("de"));
        let no_lang = r#"<meta http-equiv="content-language" content="en-ie, ga"><meta property="og:locale" content="en_US">"#;
        assert_eq!(meta(no_lang).language.as_deref(), Some("en-IE"));
        let locale = r#"<meta property="og:locale" content="en_US">"#;
        assert_eq!(meta(locale).language.as_deref(), Some("en-US"));
        assert_eq!(language_tag("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(language_tag("not a language"), None);
    }

    #[test]
    fn tags_come_from_the_first_source_present_deduplicated_and_capped() {
        let keywords = r#"<meta name="keywords" content="NHS, hospitals , nhs,, Devon">"#;
        let article_tags = r#"<meta property="article:tag" content="Lyon"><meta property="article:tag" content="Urbanisme">"#;
        let ld =
            r#"<script type="application/ld+json">{"@type":"Article","keywords":["ld"]}</script>"#;
        assert_eq!(
            meta(&format!("{ld}{article_tags}{keywords}")).tags,
            ["NHS", "hospitals", "Devon"]
        );
        assert_eq!(
            meta(&format!("{ld}{article_tags}")).tags,
            ["Lyon", "Urbanisme"]
        );
        assert_eq!(meta(ld).tags, ["ld"]);
        let many: Vec<String> = (0..30).map(|i| format!("t{i}")).collect();
        let stuffed = format!(r#"<meta name="keywords" content="{}">"#, many.join(","));
        assert_eq!(meta(&stuffed).tags.len(), MAX_TAGS);
    }
}
