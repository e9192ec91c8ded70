//! Saved web pages: the article's main text without the page around it
//! (navigation, banners, share buttons, related links, comments, ads), and its
//! metadata from OpenGraph, JSON-LD, `<meta>` tags and the markup.
//!
//! The main text is found by `dom_smoothie`, a port of Mozilla's Readability,
//! run on the element the page marks as the article when there is one, after
//! elements whose class or id names them as page furniture are removed. What
//! it leaves is then cleaned paragraph by paragraph.

mod flat;
mod header;
mod jsonld;
mod meta;
mod text;

use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability};

use self::meta::select;
use self::text::{Block, BlockKind};
use crate::article::Article;

pub(crate) use self::text::html_to_text;

/// The marked-up article element is trusted only when it holds this much text.
const MIN_SCOPE_CHARS: usize = 200;
/// Furniture is removed only while it holds less than this share of the text,
/// so a page that names its article container "comments" still has an article.
const MAX_FURNITURE_SHARE: f64 = 0.4;
/// Paragraphs mostly made of link text are link lists: related stories, menus.
const MAX_LINK_DENSITY: f64 = 0.7;
/// Captions are dropped when the article has this much other text; a photo
/// gallery's captions are its text.
const CAPTIONS_KEPT_BELOW_CHARS: usize = 500;
/// A short line before a link list is taken for the list's title.
const MAX_LABEL_CHARS: usize = 60;
/// Boilerplate lines ("Advertisement", "Share this article") are short.
const MAX_BOILERPLATE_CHARS: usize = 100;
/// Readability is skipped for markup nested deeper than this.
const MAX_READABLE_DEPTH: usize = 1000;
/// Without any stated title, the first paragraph is the title if this short.
const MAX_FIRST_LINE_TITLE_CHARS: usize = 150;

/// Class and id words that mark page furniture rather than article text.
#[rustfmt::skip]
const FURNITURE_WORDS: &[&str] = &[
    "share", "sharing", "social", "newsletter", "subscribe", "subscription", "signup",
    "related", "recirc", "comments", "comment", "cookie", "cookies", "consent", "gdpr", "cmp",
    "ad", "ads", "advert", "adverts", "advertisement", "sponsored", "promo", "taboola",
    "outbrain", "credit", "credits", "paywall", "popup", "modal", "breadcrumb",
    "breadcrumbs", "more", "most", "trending", "popular", "widget", "sidebar", "rail",
    "toolbar", "tools", "tags", "print",
];

/// Elements that are never article text.
const FURNITURE_TAGS: &str = "nav, aside, footer, form, button, dialog, template, [hidden]";

/// Whole paragraphs that are labels, not text (compared case-insensitively).
#[rustfmt::skip]
const BOILERPLATE_LINES: &[&str] = &[
    "advertisement", "advertising", "ad", "anzeige", "werbung", "publicité", "publicidad",
    "pubblicità", "sponsored", "share", "print", "email", "comments", "skip to content",
];

/// Beginnings of short paragraphs that are page furniture.
#[rustfmt::skip]
const BOILERPLATE_PREFIXES: &[&str] = &[
    "advertisement", "share this", "share on", "share via", "share:", "read more", "read also",
    "related:", "related stories", "related articles", "see also:", "more from", "sign up",
    "subscribe", "follow us", "click here", "©", "copyright", "all rights reserved",
    "photo:", "image:", "credit:", "story continues below", "article continues below",
    "scroll to continue",
];

/// The article a saved web page holds; None when the page has no article text.
pub(super) fn extract(html: &str) -> Option<Article> {
    if flat::too_deep(html) {
        return crate::extract::text::extract(&flat::stripped_text(html));
    }
    let doc = Document::from(html);
    let meta = meta::read(&doc);
    let title_hint = meta.title.clone().unwrap_or_default();
    // Bylines and date lines are looked for in the page as it was, before
    // Readability rewrites it, and only when the metadata lacks them.
    let page = (meta.author.is_none() || meta.date.is_none()).then(|| text::blocks(&doc.root()));
    let mut blocks = main_blocks(doc);
    clean(&mut blocks);
    let mut found = header::strip(&mut blocks, &title_hint);
    let lede = meta::normalize(&blocks.first()?.text);
    if let Some(page) = page {
        let scanned = header::scan(&page, &title_hint, Some(&lede));
        found.author = found.author.or(scanned.author);
        found.date = found.date.or(scanned.date);
    }
    let title = match meta.title {
        Some(title) => title,
        None => first_line_title(&mut blocks),
    };
    let body: Vec<String> = blocks.into_iter().map(|b| b.text).collect();
    Some(Article {
        title,
        body: body.join("\n\n"),
        date: meta.date.or(found.date),
        source: meta.source,
        author: meta.author.or(found.author),
        url: meta.url,
        language: meta.language,
        tags: meta.tags,
    })
}

/// The paragraphs of the page's main text, before line-level cleaning.
fn main_blocks(doc: Document) -> Vec<Block> {
    keep_only_article(&doc);
    if let Some(found) = doc.try_select(FURNITURE_TAGS) {
        found.remove();
    }
    // Readability's cost grows with the square of the nesting depth; past
    // this, pathological markup is read as it is.
    if max_depth(&doc.root()) > MAX_READABLE_DEPTH {
        return body_blocks(&doc);
    }
    remove_furniture_by_name(&doc);
    let Ok(mut readability) = Readability::with_document(doc, None, Some(Config::default())) else {
        return Vec::new();
    };
    let parsed = readability.parse().is_ok();
    let content = select(&readability.doc, "#readability-page-1")
        .first()
        .copied();
    match content.filter(|_| parsed) {
        Some(root) => text::blocks(&root),
        // Readability gives up on pages with little text; what is left after
        // removing the furniture is then the best guess.
        None => body_blocks(&readability.doc),
    }
}

fn body_blocks(doc: &Document) -> Vec<Block> {
    doc.body()
        .map(|body| text::blocks(&body))
        .unwrap_or_default()
}

/// Leaves only the element the page marks as its article in the body, when
/// there is one, so Readability cannot wander into the page around it.
fn keep_only_article(doc: &Document) {
    if let (Some(article), Some(body)) = (article_element(doc), doc.body()) {
        article.remove_from_parent();
        body.remove_children();
        body.append_child(&article);
    }
}

/// How deeply elements nest under `root`, counted without recursion.
fn max_depth(root: &NodeRef) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(*root, 0)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        stack.extend(
            node.element_children()
                .into_iter()
                .map(|child| (child, depth + 1)),
        );
    }
    deepest
}

/// The one element the page marks as its article (`itemprop=articleBody`,
/// else `<article>`), when there is exactly one and it holds real text.
fn article_element(doc: &Document) -> Option<NodeRef<'_>> {
    ["[itemprop~=articleBody]", "article"]
        .iter()
        .find_map(|css| {
            let found = select(doc, css);
            match found.as_slice() {
                [one] if one.text().trim().chars().count() >= MIN_SCOPE_CHARS => Some(*one),
                _ => None,
            }
        })
}

/// Removes elements whose class or id names them as furniture: share bars,
/// newsletter boxes, ads, cookie banners, image credits.
fn remove_furniture_by_name(doc: &Document) {
    let total = doc.root().text().chars().count().max(1);
    for node in select(doc, "[class], [id]") {
        let names = [node.attr("class"), node.attr("id")];
        let furniture = names.iter().flatten().any(|name| names_furniture(name));
        // Nodes inside one already removed are checked too; removing them
        // from a detached subtree is harmless.
        if furniture {
            let share = node.text().chars().count() as f64 / total as f64;
            if share < MAX_FURNITURE_SHARE {
                node.remove_from_parent();
            }
        }
    }
}

/// True if a class or id attribute has a furniture word: "social-share-bar",
/// "InlineAd", "newsletter_box".
fn names_furniture(attribute: &str) -> bool {
    let mut words = Vec::new();
    for token in attribute.split(|c: char| !c.is_ascii_alphanumeric()) {
        // camelCase and PascalCase class names: split before each capital.
        let mut start = 0;
        for (i, c) in token.char_indices().skip(1) {
            if c.is_ascii_uppercase() && !token[..i].ends_with(|p: char| p.is_ascii_uppercase()) {
                words.push(token[start..i].to_ascii_lowercase());
                start = i;
            }
        }
        words.push(token[start..].to_ascii_lowercase());
    }
    words.iter().any(|w| FURNITURE_WORDS.contains(&w.as_str()))
}

/// Drops what Readability left that is not article text: labels and
/// boilerplate lines, link lists and their headings, captions of an article
/// with text of its own, and headings left with nothing under them.
fn clean(blocks: &mut Vec<Block>) {
    let prose: usize = blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Caption)
        .map(|b| b.text.chars().count())
        .sum();
    let links: Vec<bool> = blocks
        .iter()
        .map(|b| b.link_density() >= MAX_LINK_DENSITY)
        .collect();
    let keep: Vec<bool> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let caption_dropped =
                b.kind == BlockKind::Caption && prose >= CAPTIONS_KEPT_BELOW_CHARS;
            // A label right before a link list is the list's title ("Most read").
            let labels_links = links.get(i + 1) == Some(&true) && is_label(b);
            !(links[i] || caption_dropped || labels_links || is_boilerplate(&b.text))
        })
        .collect();
    let mut keep = keep.into_iter();
    blocks.retain(|_| keep.next().unwrap_or(true));
    drop_empty_sections(blocks);
}

/// A heading, or a short line that does not end like a sentence.
fn is_label(block: &Block) -> bool {
    block.kind == BlockKind::Heading
        || (block.text.chars().count() <= MAX_LABEL_CHARS
            && !block.text.ends_with(['.', '!', '?', '"', '”', '»', ')']))
}

/// Removes headings with no text under them before the next heading.
fn drop_empty_sections(blocks: &mut Vec<Block>) {
    // Walk backwards so a heading knows whether text follows it.
    let mut text_follows = false;
    let mut kept = Vec::with_capacity(blocks.len());
    for block in blocks.drain(..).rev() {
        let is_heading = block.kind == BlockKind::Heading;
        if is_heading && !text_follows {
            continue;
        }
        text_follows = !is_heading;
        kept.push(block);
    }
    kept.reverse();
    *blocks = kept;
}

fn is_boilerplate(text: &str) -> bool {
    if !text.chars().any(char::is_alphanumeric) {
        return true;
    }
    if text.chars().count() > MAX_BOILERPLATE_CHARS {
        return false;
    }
    let lower = text.to_lowercase();
    let lower = lower.trim_end_matches([':', '.', '!']);
    BOILERPLATE_LINES.contains(&lower)
        || BOILERPLATE_PREFIXES.iter().any(|prefix| {
            lower.strip_prefix(prefix).is_some_and(|rest| {
                prefix.ends_with(|c: char| !c.is_alphanumeric())
                    || !rest.starts_with(char::is_alphanumeric)
            })
        })
        || is_counter(lower)
}

/// A photo gallery's "3 of 8".
fn is_counter(text: &str) -> bool {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    matches!(parts.as_slice(), [a, "of", b] if number(a) && number(b))
}

/// A title for a page that states none: its first line, which then leaves
/// the body, unless it is prose (or all the text there is) and has to stay.
fn first_line_title(blocks: &mut Vec<Block>) -> String {
    let Some(first) = blocks.first() else {
        return String::new();
    };
    let line = first.text.lines().next().unwrap_or_default().to_owned();
    let only_text = blocks.len() == 1 && !first.text.contains('\n');
    if line.chars().count() > MAX_FIRST_LINE_TITLE_CHARS {
        return shorten(&line);
    }
    if only_text {
        return line;
    }
    let rest = first.text.lines().skip(1).collect::<Vec<_>>().join("\n");
    if rest.is_empty() {
        blocks.remove(0);
    } else {
        blocks[0].text = rest;
    }
    line
}

/// The start of `line`, cut at a word boundary, with "…".
fn shorten(line: &str) -> String {
    let head: String = line.chars().take(MAX_FIRST_LINE_TITLE_CHARS).collect();
    let cut = head
        .rfind(' ')
        .map_or(head.as_str(), |space| &head[..space]);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::{Date, Month};

    const LEDE: &str = "The council voted on Monday to rebuild the sea wall, ending a decade of \
                        argument over how to protect the town from winter storms.";
    const SECOND: &str = "Work will begin in the autumn and is expected to take three years, \
                          with half of the promenade open throughout.";

    fn page(head: &str, body: &str) -> String {
        format!("<!doctype html><html><head>{head}</head><body>{body}</body></html>")
    }

    fn story(extra: &str) -> String {
        page(
            "<title>Council approves sea wall plan - Gazette</title>",
            &format!("<article><h1>Council approves sea wall plan</h1>{extra}<p>{LEDE}</p><p>{SECOND}</p></article>"),
        )
    }

    fn article(html: &str) -> Article {
        extract(html).expect("page has an article")
    }

    #[test]
    fn title_is_not_repeated_in_the_body() {
        let article = article(&story(""));
        assert_eq!(article.title, "Council approves sea wall plan");
        assert_eq!(article.body, format!("{LEDE}\n\n{SECOND}"));
        assert_eq!(article.source.as_deref(), Some("Gazette"));
    }

    #[test]
    fn byline_and_date_line_fill_missing_metadata_and_leave_the_body() {
        let article = article(&story(
            "<p class=x>By Jane Doe, Staff Writer</p><p>Published: September 11, 2023</p>",
        ));
        assert_eq!(article.author.as_deref(), Some("Jane Doe"));
        assert_eq!(
            article.date,
            Date::from_calendar_date(2023, Month::September, 11).ok()
        );
        assert!(
            article.body.starts_with("The council voted"),
            "{}",
            article.body
        );
    }

    #[test]
    fn metadata_wins_over_the_byline_in_the_text() {
        let html = story(r#"<meta name="author" content="Meta Name"><p>By Jane Doe</p>"#);
        assert_eq!(article(&html).author.as_deref(), Some("Meta Name"));
    }

    #[test]
    fn furniture_is_removed_by_element_and_class_name() {
        let html = story(
            r#"<nav>Home News</nav><div class="social-share-bar">Share on X</div>
               <div id="newsletterBox"><p>Get our free daily newsletter in your inbox every morning</p></div>
               <div class="InlineAd">Buy things now at great prices everywhere</div>
               <figure><img src=a.jpg><figcaption>A wall. <span class=credit>Jo Bloggs/Agency</span></figcaption></figure>"#,
        );
        let body = article(&html).body;
        for furniture in [
            "Home News",
            "Share on X",
            "newsletter",
            "Buy things",
            "Jo Bloggs",
        ] {
            assert!(!body.contains(furniture), "{furniture} in {body}");
        }
    }

    #[test]
    fn class_names_are_split_into_words() {
        assert!(names_furniture("social-share-bar"));
        assert!(names_furniture("InlineAd"));
        assert!(names_furniture("newsletter_box mt-4"));
        assert!(!names_furniture("article-body shadow"));
        assert!(!names_furniture("header loaded"));
        assert!(!names_furniture("ADVERTISEMENTS-free"));
    }

    #[test]
    fn boilerplate_lines_are_dropped() {
        for line in [
            "Advertisement",
            "ADVERTISEMENT",
            "Anzeige",
            "Share this article:",
            "Read more: Flood warnings issued",
            "© 2023 Gazette. All rights reserved.",
            "3 of 8",
            "___",
            "* * *",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
        for line in [
            "Subscribers pay more this year.",
            "Advertisers left the platform after the row.",
            LEDE,
        ] {
            assert!(!is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn link_lists_and_their_titles_are_dropped() {
        let html = story(
            r#"</article><div><p>Most read</p><ul><li><a href=/a>Other story one</a></li>
               <li><a href=/b>Other story two</a></li></ul></div><article>"#,
        );
        let body = article(&html).body;
        assert!(
            !body.contains("Most read") && !body.contains("Other story"),
            "{body}"
        );
    }

    #[test]
    fn headings_with_nothing_under_them_are_dropped() {
        let mut blocks = vec![
            Block {
                text: "Intro".into(),
                kind: BlockKind::Heading,
                link_chars: 0,
            },
            Block {
                text: LEDE.into(),
                kind: BlockKind::Text,
                link_chars: 0,
            },
            Block {
                text: "Empty section".into(),
                kind: BlockKind::Heading,
                link_chars: 0,
            },
            Block {
                text: "Post navigation".into(),
                kind: BlockKind::Heading,
                link_chars: 0,
            },
        ];
        drop_empty_sections(&mut blocks);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Intro", LEDE]);
    }

    #[test]
    fn captions_are_dropped_beside_text_but_are_a_gallery_text() {
        let caption =
            "<figure><img src=a.jpg><figcaption>Balloons over the park.</figcaption></figure>";
        let long_story = story(&format!("{caption}<p>{LEDE} {SECOND} {LEDE}</p>"));
        assert!(!article(&long_story).body.contains("Balloons"));
        let gallery = page(
            "<title>Photos: balloons over the city</title>",
            &format!("<main><h1>Photos: balloons over the city</h1><p>Balloons rose at dawn.</p>{caption}{}</main>",
                caption.replace("Balloons over", "A crew inflates a balloon in")),
        );
        let body = article(&gallery).body;
        assert!(
            body.contains("Balloons over the park.") && body.contains("A crew inflates"),
            "{body}"
        );
    }

    #[test]
    fn marked_up_article_keeps_readability_out_of_the_sidebar() {
        let sidebar = format!(
            "<div class=box><p>{}</p></div>",
            "Sidebar prose that is long. ".repeat(20)
        );
        let html = page(
            "",
            &format!(
                "{sidebar}<article><h1>Headline here</h1><p>{LEDE}</p><p>{SECOND}</p></article>"
            ),
        );
        let body = article(&html).body;
        assert!(!body.contains("Sidebar"), "{body}");
        assert!(body.contains(SECOND));
    }

    #[test]
    fn page_without_a_title_takes_a_short_first_line_or_the_start_of_prose() {
        let prose = page("", &format!("<div><p>{LEDE}{LEDE}</p></div>"));
        let untitled = article(&prose);
        assert!(untitled.title.starts_with("The council voted on Monday"));
        assert!(untitled.title.ends_with('…') && untitled.title.chars().count() <= 151);
        assert_eq!(untitled.body, format!("{LEDE}{LEDE}"));
        let titled = article(&page(
            "",
            &format!("<div><p>Short first line</p><p>{LEDE}</p></div>"),
        ));
        assert_eq!(titled.title, "Short first line");
        assert_eq!(titled.body, LEDE);
    }

    #[test]
    fn pages_without_text_have_no_article() {
        for html in [
            "",
            "   ",
            "<script>var a = 1;</script>",
            "<html><head><title>Only a title</title></head><body></body></html>",
            "<html><body><div id=root></div><noscript>Enable JavaScript</noscript></body></html>",
            "<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav></body></html>",
        ] {
            assert_eq!(extract(html), None, "{html:?}");
        }
    }

    #[test]
    fn arbitrary_bytes_and_tag_soup_do_not_panic() {
        // A cheap deterministic generator stands in for a fuzzer.
        let mut state: u32 = 0x9e37_79b9;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        let pieces = [
            "<div>",
            "</div>",
            "<p>",
            "</p>",
            "<h1>",
            "<table>",
            "<td>",
            "<a href=x>",
            "</a>",
            "<script>",
            "</script>",
            "<!--",
            "-->",
            "<meta name=author content='By X'>",
            "text ",
            "&amp;",
            "&#xFFFF;",
            "<br>",
            "<article>",
            "<title>",
            "</title>",
            "é中",
            "\0",
            "<![CDATA[",
            r#"<script type="application/ld+json">{"@type":"Article","author":["#,
            "By Jane Doe",
            "2023-09-11",
            "<time datetime='2023-02-30'>",
            "<p class=share>",
            "<figure>",
        ];
        for _ in 0..300 {
            let soup: String = (0..60)
                .map(|_| pieces[next() as usize % pieces.len()])
                .collect();
            let _ = extract(&soup);
            let _ = html_to_text(&soup);
            let bytes: Vec<u8> = (0..200).map(|_| next() as u8).collect();
            let _ = extract(&String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn a_hundred_thousand_nested_elements_are_read_as_text() {
        let text = "Deeply nested text that is long enough to be the article. ".repeat(5);
        let divs = format!(
            "<title>Deep page</title>{}<p>{text}</p>{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        // Parsing this is quadratic in html5ever (minutes for 100,000
        // levels): past MAX_HTML_DEPTH the text is read with the tags stripped.
        assert!(article(&divs).body.contains("Deeply nested text"));
        assert_eq!(article(&divs).title, "Deep page");
        let spans = format!("{}{text}", "<span>".repeat(100_000));
        assert!(html_to_text(&spans).starts_with("Deeply nested text"));
    }
}
