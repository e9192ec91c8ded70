//! RSS (0.9x, 1.0, 2.0) and Atom feeds: every item is an article, with the
//! feed's own title and language as fallbacks.
//!
//! feed-rs does the parsing. It never expands entities declared in a DOCTYPE,
//! so external entities and entity bombs stay inert `&name;` text. A feed that
//! breaks off (a truncated download) keeps the items that ended before the break.

use std::time::{Duration, SystemTime};

use feed_rs::model::{Entry, Feed, Person};
use quick_xml::events::Event;
use time::{Date, OffsetDateTime};

use super::date::parse_date;
use super::fields::{
    clean_author, clean_body, clean_language, clean_title, complete_article, dedup_ignoring_case,
    gather, NO_TEXT,
};
use super::{Extracted, RecordProblem};
use crate::article::Article;
use crate::error::ExtractError;

const FORMAT: &str = "RSS/Atom feed";
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const ATOM_NAMESPACE: &[u8] = b"http://www.w3.org/2005/Atom";
/// The root's start tag must end within this many bytes of where it starts.
const SNIFF_LEN: usize = 1024;
/// The declaration, comments and doctype before the root may take this many bytes.
const MAX_PROLOG_LEN: usize = 64 * 1024;

/// Extracts every item of an RSS or Atom feed, at its 1-based position.
///
/// # Errors
///
/// `Empty` for a blank file; `Malformed` when it is not a feed or its XML is
/// broken before the first item ends; `NoArticles` when no item has a title or text.
pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    if bytes
        .strip_prefix(UTF8_BOM)
        .unwrap_or(bytes)
        .trim_ascii()
        .is_empty()
    {
        return Err(ExtractError::Empty);
    }
    if !looks_like_feed(bytes) {
        return Err(malformed("no <rss>, Atom <feed> or <rdf:RDF> root element"));
    }
    if has_late_declaration(bytes) {
        return Err(malformed("an XML declaration <?xml ...?> after the start"));
    }
    let (feed, break_problem) = match parser().parse(bytes) {
        Ok(feed) => (feed, None),
        Err(error) => salvage(bytes)
            .map(|(feed, problem)| (feed, Some(problem)))
            .ok_or_else(|| malformed(error))?,
    };
    let mut extracted = articles(&feed);
    extracted.problems.extend(break_problem);
    if extracted.articles.is_empty() {
        return Err(ExtractError::NoArticles);
    }
    Ok(extracted)
}

/// True if the root element is `<rss>`, an Atom `<feed>` or `<rdf:RDF>`,
/// after any BOM, XML declaration, processing instructions, comments and doctype.
pub(crate) fn looks_like_feed(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let Some(tag) = root_start_tag(bytes) else {
        return false;
    };
    let named = |name: &[u8]| {
        tag.strip_prefix(name)
            .is_some_and(|rest| rest.first().is_none_or(u8::is_ascii_whitespace))
    };
    let is_atom = named(b"<feed")
        && tag
            .windows(ATOM_NAMESPACE.len())
            .any(|w| w == ATOM_NAMESPACE);
    named(b"<rss") || named(b"<rdf:RDF") || is_atom
}

/// The root element's start tag up to (not including) its `>`.
fn root_start_tag(bytes: &[u8]) -> Option<&[u8]> {
    let mut rest = bytes.get(..MAX_PROLOG_LEN).unwrap_or(bytes);
    loop {
        rest = rest.trim_ascii_start();
        rest = if rest.starts_with(b"<?") {
            after(rest, b"?>")?
        } else if rest.starts_with(b"<!--") {
            after(rest, b"-->")?
        } else if rest.starts_with(b"<!DOCTYPE") {
            after_doctype(rest)?
        } else {
            break;
        };
    }
    let window = rest.get(..SNIFF_LEN).unwrap_or(rest);
    let end = window.iter().position(|&b| b == b'>')?;
    rest.starts_with(b"<").then(|| &rest[..end])
}

/// True if an XML declaration stands anywhere but first, which XML forbids.
/// feed-rs hands each declaration's encoding to quick-xml, which panics when
/// the encoding changes once reading is under way.
fn has_late_declaration(bytes: &[u8]) -> bool {
    let bytes = bytes
        .strip_prefix(UTF8_BOM)
        .unwrap_or(bytes)
        .trim_ascii_start();
    // The declaration ends at its first `>`; one running on swallows the next.
    let end = bytes.iter().position(|&b| b == b'>');
    if bytes.starts_with(b"<?xml") && end.is_some_and(|end| bytes[end - 1] != b'?') {
        return true;
    }
    let declaration =
        |w: &[u8]| w.starts_with(b"<?xml") && (w[5] == b'?' || w[5].is_ascii_whitespace());
    if !bytes.windows(6).skip(1).any(declaration) {
        return false;
    }
    // One quoted in CDATA or a comment is text: reading tells. Where reading
    // fails first, feed-rs (which decodes first) may still get there.
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().check_end_names = false;
    let mut started = false;
    loop {
        match reader.read_event() {
            Ok(Event::Decl(_)) if started => return true,
            Ok(Event::Eof) => return false,
            Err(_) => return true,
            Ok(_) => started = true,
        }
    }
}

fn after<'a>(bytes: &'a [u8], terminator: &[u8]) -> Option<&'a [u8]> {
    let at = bytes
        .windows(terminator.len())
        .position(|w| w == terminator)?;
    bytes.get(at + terminator.len()..)
}

/// Skips a doctype, whose internal subset `[...]` may hold `>` of its own.
fn after_doctype(bytes: &[u8]) -> Option<&[u8]> {
    let close = bytes.iter().position(|&b| b == b'>')?;
    match bytes.iter().position(|&b| b == b'[') {
        Some(open) if open < close => after(after(bytes, b"]")?.trim_ascii_start(), b">"),
        _ => bytes.get(close + 1..),
    }
}

fn malformed(reason: impl ToString) -> ExtractError {
    ExtractError::Malformed {
        format: FORMAT,
        reason: reason.to_string(),
    }
}

fn parser() -> feed_rs::parser::Parser {
    feed_rs::parser::Builder::new()
        // feed-rs turns timestamps into UTC, which moves an evening article to
        // the next day. Articles are dated by the day their publisher wrote,
        // so parse_date reads that day and it travels through feed-rs as its
        // midnight UTC.
        .timestamp_parser(|text| parse_date(text).and_then(midnight_utc).map(Into::into))
        // Ids are not used; the default would draw a random UUID for items without one.
        .id_generator(|_, _, _| String::new())
        .build()
}

fn midnight_utc(date: Date) -> Option<SystemTime> {
    let seconds = date.midnight().assume_utc().unix_timestamp();
    let distance = Duration::from_secs(seconds.unsigned_abs());
    if seconds >= 0 {
        SystemTime::UNIX_EPOCH.checked_add(distance)
    } else {
        SystemTime::UNIX_EPOCH.checked_sub(distance)
    }
}

/// What an item falls back on when it does not say.
struct FeedDefaults {
    source: Option<String>,
    author: Option<String>,
    language: Option<String>,
}

fn articles(feed: &Feed) -> Extracted {
    let defaults = FeedDefaults {
        source: feed
            .title
            .as_ref()
            .map(|t| clean_title(&t.content))
            .filter(|t| !t.is_empty()),
        // Atom: an entry without an author has the feed's.
        author: names(&feed.authors),
        language: feed.language.as_deref().and_then(clean_language),
    };
    let records = feed.entries.iter().map(|entry| {
        complete_article(article_fields(entry, &defaults)).ok_or_else(|| NO_TEXT.to_owned())
    });
    gather("item", records)
}

fn article_fields(entry: &Entry, defaults: &FeedDefaults) -> Article {
    let mut tags: Vec<String> = entry
        .categories
        .iter()
        .map(|c| clean_title(c.label.as_deref().unwrap_or(&c.term)))
        .filter(|tag| !tag.is_empty())
        .collect();
    dedup_ignoring_case(&mut tags);
    Article {
        title: entry
            .title
            .as_ref()
            .map(|t| clean_title(&t.content))
            .unwrap_or_default(),
        body: fullest_text(entry),
        date: entry
            .published
            .or(entry.updated)
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t.timestamp()).ok())
            .map(OffsetDateTime::date),
        author: names(&entry.authors).or_else(|| defaults.author.clone()),
        source: defaults.source.clone(),
        url: url(entry),
        language: entry
            .language
            .as_deref()
            .and_then(clean_language)
            .or_else(|| defaults.language.clone()),
        tags,
    }
}

/// The longer of the full content (`content:encoded`, Atom `content`) and the
/// summary (`description`, `summary`): some feeds put a teaser in the content.
fn fullest_text(entry: &Entry) -> String {
    let content = entry.content.as_ref().and_then(|c| c.body.as_deref());
    let summary = entry.summary.as_ref().map(|s| s.content.as_str());
    [content, summary]
        .into_iter()
        .flatten()
        .map(clean_body)
        .max_by_key(String::len)
        .unwrap_or_default()
}

/// The names of people, joined with ", "; an e-mail address alone is no name.
fn names(people: &[Person]) -> Option<String> {
    let mut names: Vec<String> = people
        .iter()
        .filter_map(|p| p.name.as_deref().and_then(clean_author))
        .collect();
    dedup_ignoring_case(&mut names);
    (!names.is_empty()).then(|| names.join(", "))
}

/// The item's own page: its alternate link, else a permalink guid or Atom id.
fn url(entry: &Entry) -> Option<String> {
    let page = entry.links.iter().find(|link| {
        link.target.is_none() && link.rel.as_deref().is_none_or(|rel| rel == "alternate")
    });
    let id = entry.id.trim();
    let id_is_url = id.starts_with("https://") || id.starts_with("http://");
    page.map(|link| link.href.trim().to_owned())
        .or_else(|| id_is_url.then(|| id.to_owned()))
}

/// Re-parses a feed whose XML breaks off, cut after the last item that ended
/// before the break and closed there; None if no item ended before it.
fn salvage(bytes: &[u8]) -> Option<(Feed, RecordProblem)> {
    let cut = last_complete_item(bytes)?;
    let mut repaired = bytes.get(..cut.end)?.to_vec();
    for name in cut.open.iter().rev() {
        repaired.extend_from_slice(b"</");
        repaired.extend_from_slice(name.as_bytes());
        repaired.push(b'>');
    }
    let feed = parser().parse(repaired.as_slice()).ok()?;
    let problem = RecordProblem {
        location: format!("item {}", feed.entries.len() + 1),
        reason: format!("the feed breaks off here ({}); the rest is lost", cut.fault),
    };
    Some((feed, problem))
}

/// Where to cut a broken feed: after the last item or entry that ended
/// before the XML broke, with the elements still open there.
struct Cut {
    end: usize,
    open: Vec<String>,
    fault: String,
}

fn last_complete_item(bytes: &[u8]) -> Option<Cut> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut open: Vec<String> = Vec::new();
    let mut cut = None;
    let fault = loop {
        match reader.read_event() {
            Ok(Event::Start(tag)) => open.push(tag.name().as_ref().to_owned()),
            Ok(Event::End(tag)) => {
                open.pop();
                let name = tag.local_name();
                // Items sit under <channel> (RSS 2.0) or the root (Atom, RSS 1.0).
                if matches!(name.as_ref(), "item" | "entry") && open.len() <= 2 {
                    cut = Some((reader.buffer_position(), open.clone()));
                }
            }
            // Well-formed: the fault is not in the XML, so cutting cannot help.
            Ok(Event::Eof) if open.is_empty() => return None,
            Ok(Event::Eof) => break "the file ends inside an element".to_owned(),
            Err(error) => break error.to_string(),
            Ok(_) => {}
        }
    };
    let (end, open) = cut?;
    Some(Cut {
        end: usize::try_from(end).ok()?,
        open,
        fault,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Month;

    fn rss(items: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Gazette</title><language>en-gb</language>{items}</channel></rss>"#
        )
    }

    fn articles(xml: &str) -> Vec<(u64, Article)> {
        extract(xml.as_bytes()).expect("extracts").articles
    }

    fn one(xml: &str) -> Article {
        let mut articles = articles(xml);
        assert_eq!(articles.len(), 1);
        articles.remove(0).1
    }

    fn sep_11() -> Option<Date> {
        Date::from_calendar_date(2023, Month::September, 11).ok()
    }

    #[test]
    fn feed_roots_are_recognised_after_the_prolog() {
        let prolog = "\u{feff}<?xml version=\"1.0\"?>\n<!-- a > comment -->\n<?xml-stylesheet href=\"s.xsl\"?>\n";
        for root in [
            "<rss version=\"2.0\">",
            "<rss>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">",
            "<feed\n  xml:lang=\"en\"\n  xmlns=\"http://www.w3.org/2005/Atom\">",
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">",
            "<!DOCTYPE rss [<!ENTITY a \"x>y\">]>\n<rss version=\"2.0\">",
        ] {
            assert!(
                looks_like_feed(format!("{prolog}{root}").as_bytes()),
                "{root}"
            );
            assert!(looks_like_feed(root.as_bytes()), "{root}");
        }
    }

    #[test]
    fn a_declaration_after_the_start_is_malformed_not_a_panic() {
        let item = "<item><title>T</title><description>Body.</description></item>";
        let later = rss(item).replacen(
            "<channel>",
            "<channel><?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            1,
        );
        let latin1 = later.replacen(
            "<?xml version=\"1.0\"?>",
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
            1,
        );
        let twice =
            rss(item).replacen("?>", "?><?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", 1);
        for xml in [later, latin1, twice] {
            assert!(
                matches!(extract(xml.as_bytes()), Err(ExtractError::Malformed { .. })),
                "{xml}"
            );
        }
        // Stylesheets, leading blanks and declarations quoted in CDATA are fine.
        let quoted = "<item><title>T</title><description><![CDATA[<?xml version=\"1.0\"?>]]></description></item>";
        let styled = rss(quoted).replacen("?>", "?>\n<?xml-stylesheet href=\"s.xsl\"?>", 1);
        assert_eq!(one(&format!("\n  {styled}")).title, "T");
    }

    #[test]
    fn other_roots_are_not_feeds() {
        for text in [
            "<feed><entry/></feed>",
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
            "<html><body><rss>",
            "<rssfeed>",
            "text <rss>",
            "{\"items\": []}",
            "",
            "<?xml version=\"1.0\"",
            "<!-- <rss> never closed",
        ] {
            assert!(!looks_like_feed(text.as_bytes()), "{text}");
        }
        let late = format!("<root>{}<rss>", " ".repeat(SNIFF_LEN));
        assert!(!looks_like_feed(late.as_bytes()));
    }

    #[test]
    fn rss_items_become_articles_with_channel_fallbacks() {
        let xml = rss(r#"
            <item><title>First</title><link>https://example.com/1</link>
              <dc:creator>By Jane Doe</dc:creator><dc:creator>Sam Roe</dc:creator>
              <pubDate>Mon, 11 Sep 2023 10:30:00 +0100</pubDate>
              <category>Business</category><category>Port</category>
              <description>Teaser.</description>
              <content:encoded><![CDATA[<p>Full text one.</p><p>Paragraph two.</p>]]></content:encoded></item>
            <item><title>Second</title><description>Only a description.</description></item>"#);
        let articles = articles(&xml);
        let (position, first) = &articles[0];
        assert_eq!(*position, 1);
        assert_eq!(first.title, "First");
        assert_eq!(first.url.as_deref(), Some("https://example.com/1"));
        assert_eq!(first.author.as_deref(), Some("Jane Doe, Sam Roe"));
        assert_eq!(first.date, sep_11());
        assert_eq!(first.tags, ["Business", "Port"]);
        assert_eq!(first.body, "Full text one.\n\nParagraph two.");
        assert_eq!(first.source.as_deref(), Some("Gazette"));
        assert_eq!(first.language.as_deref(), Some("en-GB"));
        assert_eq!(
            (articles[1].0, articles[1].1.body.as_str()),
            (2, "Only a description.")
        );
    }

    #[test]
    fn the_fuller_of_content_and_description_is_the_body() {
        let xml = rss("<item><title>T</title><description>A much longer description of the event.</description><content:encoded>Short.</content:encoded></item>");
        assert_eq!(one(&xml).body, "A much longer description of the event.");
    }

    #[test]
    fn date_is_the_day_the_publisher_wrote_not_the_utc_day() {
        let xml =
            rss("<item><title>T</title><pubDate>Mon, 11 Sep 2023 23:45:00 -0400</pubDate></item>");
        assert_eq!(one(&xml).date, sep_11());
        let xml = rss("<item><title>T</title><pubDate>next week</pubDate></item>");
        assert_eq!(one(&xml).date, None);
    }

    #[test]
    fn rss_author_email_gives_the_name_or_nothing() {
        let xml =
            rss("<item><title>T</title><author>desk@example.com (Sam Whitaker)</author></item>");
        assert_eq!(one(&xml).author.as_deref(), Some("Sam Whitaker"));
        let xml = rss("<item><title>T</title><author>desk@example.com</author></item>");
        assert_eq!(one(&xml).author, None);
    }

    #[test]
    fn permalink_guid_is_the_url_when_there_is_no_link() {
        let xml = rss(
            r#"<item><title>T</title><guid>https://example.com/g</guid></item><item><title>U</title><guid isPermaLink="false">id-7</guid></item>"#,
        );
        let articles = articles(&xml);
        assert_eq!(articles[0].1.url.as_deref(), Some("https://example.com/g"));
        assert_eq!(articles[1].1.url, None);
    }

    #[test]
    fn atom_entries_prefer_published_and_inherit_the_feed_author() {
        let xml = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><author><name>Desk</name></author>
            <entry><title type="html">Why &lt;em&gt;moths&lt;/em&gt; matter</title>
              <link rel="enclosure" href="https://example.com/a.jpg"/><link href="https://example.com/a"/>
              <published>2023-09-11T09:00:00+02:00</published><updated>2023-09-12T09:00:00Z</updated>
              <category term="eco" label="Ecology"/><category term="bugs"/>
              <summary>Short.</summary><content type="html" xml:lang="nb-no">&lt;p&gt;Longer content here.&lt;/p&gt;</content></entry>
            <entry><title>B</title><author><name>Ingrid</name></author><updated>2023-09-11T01:00:00Z</updated></entry></feed>"#;
        let articles = articles(xml);
        let first = &articles[0].1;
        assert_eq!(first.title, "Why moths matter");
        assert_eq!(first.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(first.date, sep_11());
        assert_eq!(first.author.as_deref(), Some("Desk"));
        assert_eq!(first.language.as_deref(), Some("nb-NO"));
        assert_eq!(first.tags, ["Ecology", "bugs"]);
        assert_eq!(first.body, "Longer content here.");
        assert_eq!(articles[1].1.author.as_deref(), Some("Ingrid"));
        assert_eq!(articles[1].1.date, sep_11());
    }

    #[test]
    fn rss_1_items_are_read() {
        let xml = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel><title>Observer</title></channel>
            <item><title>T</title><link>https://example.com/t</link><dc:date>2023-09-11T07:00:00+01:00</dc:date></item></rdf:RDF>"#;
        let article = one(xml);
        assert_eq!((article.title.as_str(), article.date), ("T", sep_11()));
        assert_eq!(article.source.as_deref(), Some("Observer"));
    }

    #[test]
    fn item_without_title_or_text_is_a_problem_and_text_alone_makes_a_title() {
        let xml = rss("<item><guid>x</guid></item><item><description>Pool closes Monday.</description></item>");
        let extracted = extract(xml.as_bytes()).expect("extracts");
        assert_eq!(
            extracted.problems,
            [RecordProblem {
                location: "item 1".into(),
                reason: "no title or text".into()
            }]
        );
        let (position, article) = &extracted.articles[0];
        assert_eq!(
            (*position, article.title.as_str(), article.body.as_str()),
            (2, "Pool closes Monday.", "")
        );
    }

    #[test]
    fn external_entities_are_never_read() {
        let secret = std::env::temp_dir().join(format!("feed-xxe-{}.txt", std::process::id()));
        std::fs::write(&secret, "SECRET-MARKER-7f3a").expect("writes temp file");
        let xml = format!(
            r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{path}"><!ENTITY pw SYSTEM "file:///etc/passwd"><!ENTITY % p SYSTEM "file://{path}"> %p;]>
            <rss version="2.0"><channel><title>&xxe;</title><item><title>Safe &pw;</title><description>Text &xxe; &pw;</description><category>&xxe;</category></item></channel></rss>"#,
            path = secret.display()
        );
        let result = extract(xml.as_bytes());
        let _ = std::fs::remove_file(&secret);
        let article = &result.expect("extracts").articles[0].1;
        let everything = format!("{article:?}");
        assert!(
            !everything.contains("SECRET-MARKER") && !everything.contains("root:"),
            "{everything}"
        );
        assert!(article.body.starts_with("Text"));
    }

    #[test]
    fn entity_bombs_are_not_expanded() {
        let mut doctype = String::from("<!DOCTYPE rss [<!ENTITY lol \"lol\">");
        for level in 1..=9 {
            let refs = format!("&lol{};", level - 1)
                .replace("&lol0;", "&lol;")
                .repeat(10);
            doctype.push_str(&format!("<!ENTITY lol{level} \"{refs}\">"));
        }
        doctype.push_str("]>");
        let xml = format!("{doctype}{}", rss("").replace("<?xml version=\"1.0\"?>", "").replace("</channel>", "<item><title>&lol9;</title><description>Gulls &lol9;</description></item></channel>"));
        let article = one(&xml);
        assert!(
            article.body.len() + article.title.len() < 100,
            "{article:?}"
        );
    }

    #[test]
    fn truncated_feed_keeps_the_items_that_ended() {
        let full = rss("<item><title>A</title></item><item><title>B</title></item><item><title>C</title><description>cut her");
        for (cut, kept) in [
            (full.len(), 2),
            (full.find("<title>C").unwrap_or(0), 2),
            (full.find("<title>B").unwrap_or(0), 1),
        ] {
            let extracted = extract(&full.as_bytes()[..cut]).expect("extracts");
            let titles: Vec<&str> = extracted
                .articles
                .iter()
                .map(|(_, a)| a.title.as_str())
                .collect();
            assert_eq!(titles, ["A", "B"][..kept]);
            assert_eq!(extracted.problems.len(), 1);
            assert_eq!(extracted.problems[0].location, format!("item {}", kept + 1));
        }
    }

    #[test]
    fn broken_tag_mid_feed_keeps_the_items_before_it() {
        let xml = rss("<item><title>A</title></item><item><title>B</oops></item><item><title>C</title></item>");
        let extracted = extract(xml.as_bytes()).expect("extracts");
        assert_eq!(extracted.articles.len(), 1);
        assert_eq!(extracted.problems[0].location, "item 2");
    }

    #[test]
    fn feed_broken_before_its_first_item_ends_is_malformed() {
        let xml = rss("<item><title>A</title>");
        let cut = xml.find("</channel>").unwrap_or(xml.len());
        assert!(matches!(
            extract(&xml.as_bytes()[..cut]),
            Err(ExtractError::Malformed {
                format: "RSS/Atom feed",
                ..
            })
        ));
    }

    #[test]
    fn not_a_feed_is_malformed_and_blank_is_empty() {
        let sitemap =
            "<?xml version=\"1.0\"?><urlset><url><loc>https://example.com/</loc></url></urlset>";
        let error = extract(sitemap.as_bytes()).expect_err("not a feed");
        assert!(
            error.to_string().starts_with("not valid RSS/Atom feed"),
            "{error}"
        );
        assert_eq!(extract(b" \n\t"), Err(ExtractError::Empty));
        assert_eq!(extract(rss("").as_bytes()), Err(ExtractError::NoArticles));
    }

    #[test]
    fn arbitrary_bytes_do_not_panic() {
        let mut state: u32 = 0x2545_f491;
        let pieces: [&[u8]; 14] = [
            b"<",
            b">",
            b"</",
            b"item",
            b"title",
            b"&",
            b";",
            b"\"",
            b"<![CDATA[",
            b"]]>",
            b"\xff",
            b"\0",
            b" x",
            b"<!DOCTYPE rss [",
        ];
        for _ in 0..1_000 {
            let mut bytes = rss("<item><title>").into_bytes();
            for _ in 0..60 {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                bytes.extend_from_slice(pieces[state as usize % pieces.len()]);
            }
            let _ = extract(&bytes);
            let _ = extract(&bytes[bytes.len() / 2..]);
        }
    }
}
