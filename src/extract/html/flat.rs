//! Markup nested too deep to parse: measured with a cheap scan of the tags
//! before any parser sees it, and read as text with the tags stripped.
//!
//! html5ever checks "is there a `<p>` in scope?" by walking the stack of open
//! elements for every start tag, so its time grows with the number of
//! elements times their depth: 100,000 nested `<div>`s took minutes. No real
//! page nests anywhere near [`MAX_HTML_DEPTH`]; one that does is hostile, and
//! its text is all that is worth keeping.

use crate::limits::MAX_HTML_DEPTH;

/// Elements that never hold others (void), or that the parser closes when a
/// sibling starts: an unclosed `<p>` or `<li>` adds no depth.
#[rustfmt::skip]
const NO_DEPTH: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp",
];

/// Elements whose content is raw text up to their end tag, never markup.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noembed"];

/// Raw-text elements whose content a reader sees.
const SHOWN_RAW: &[&str] = &["title", "textarea"];

/// Tags that end a line of the stripped text.
#[rustfmt::skip]
const LINE_BREAKS: &[&str] = &[
    "title", "br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
    "article", "header", "footer", "blockquote", "pre", "dt", "dd", "table", "ul", "ol",
];

/// True when the markup's elements nest deeper than [`MAX_HTML_DEPTH`].
pub(crate) fn too_deep(html: &str) -> bool {
    let mut depth = 0usize;
    let mut deep = false;
    scan(html, |piece| {
        match piece {
            Piece::Start(name) if !is_one_of(name, NO_DEPTH) => depth += 1,
            Piece::End(name) if !is_one_of(name, NO_DEPTH) => depth = depth.saturating_sub(1),
            _ => {}
        }
        deep = depth > MAX_HTML_DEPTH;
        !deep
    });
    deep
}

/// The text of `html` without its tags: one line per block element, entities
/// decoded, scripts and styles dropped, whitespace collapsed.
pub(crate) fn stripped_text(html: &str) -> String {
    let mut raw = String::new();
    scan(html, |piece| {
        match piece {
            // Line ends in the source are spaces; only block tags end lines.
            Piece::Text(text) => decode_entities(&text.replace(['\n', '\r'], " "), &mut raw),
            Piece::Start(name) | Piece::End(name) if is_one_of(name, LINE_BREAKS) => {
                raw.push('\n');
            }
            // Inline tags join what they separate: `un<b>broken</b>`.
            _ => {}
        }
        true
    });
    let lines: Vec<String> = raw
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect();
    lines.join("\n\n")
}

/// A piece of markup, as the scan meets it.
enum Piece<'a> {
    Text(&'a str),
    Start(&'a str),
    End(&'a str),
}

/// Calls `visit` on each piece of `html` in order until it returns false.
/// Comments, doctypes and processing instructions are skipped, as is the
/// content of raw-text elements other than titles.
fn scan<'a>(html: &'a str, mut visit: impl FnMut(Piece<'a>) -> bool) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        if open > 0 && !visit(Piece::Text(&rest[..open])) {
            return;
        }
        let tag = &rest[open..];
        let (piece, after) = if tag.starts_with("<!--") {
            (None, after_marker(tag, "-->"))
        } else if tag.starts_with("<!") || tag.starts_with("<?") {
            (None, after_marker(tag, ">"))
        } else if let Some(name) = tag_name(&tag[1..]) {
            (Some(Piece::Start(name)), after_tag(tag))
        } else if let Some(name) = tag.strip_prefix("</").and_then(tag_name) {
            (Some(Piece::End(name)), after_tag(tag))
        } else {
            (Some(Piece::Text("<")), 1)
        };
        rest = &tag[after..];
        let raw = match &piece {
            Some(Piece::Start(name)) if is_one_of(name, RAW_TEXT) => Some(*name),
            _ => None,
        };
        if let Some(piece) = piece {
            if !visit(piece) {
                return;
            }
        }
        if let Some(name) = raw {
            let end = raw_text_end(rest, name);
            if is_one_of(name, SHOWN_RAW) && !visit(Piece::Text(&rest[..end])) {
                return;
            }
            rest = &rest[end..];
        }
    }
    if !rest.is_empty() {
        visit(Piece::Text(rest));
    }
}

/// The name a tag starts with: letters, then letters, digits and `-`.
fn tag_name(after_bracket: &str) -> Option<&str> {
    if !after_bracket.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = after_bracket
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .unwrap_or(after_bracket.len());
    Some(&after_bracket[..end])
}

/// The length of the tag at the start of `tag`, through its `>` (quoted
/// attribute values may hold `>`), or all of it when unclosed.
fn after_tag(tag: &str) -> usize {
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    tag.len()
}

fn after_marker(text: &str, marker: &str) -> usize {
    text.find(marker).map_or(text.len(), |i| i + marker.len())
}

/// Where the raw text of element `name` ends: at its end tag, whatever the case.
fn raw_text_end(text: &str, name: &str) -> usize {
    let mut from = 0;
    while let Some(at) = text[from..].find("</") {
        let start = from + at;
        let candidate = &text[start + 2..];
        if candidate
            .get(..name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return start;
        }
        from = start + 2;
    }
    text.len()
}

fn is_one_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Appends `text` with the common named and all numeric entities decoded.
fn decode_entities(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let c = entity(&rest[1..end])?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn entity(name: &str) -> Option<char> {
    let numeric = name.strip_prefix('#').and_then(|n| {
        match n.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => n.parse().ok(),
        }
        .and_then(char::from_u32)
    });
    numeric.or(match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_elements_that_hold_others() {
        let nested = |n| format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n));
        assert!(!too_deep(&nested(MAX_HTML_DEPTH)));
        assert!(too_deep(&nested(MAX_HTML_DEPTH + 1)));
        // Siblings, void elements and unclosed paragraphs add nothing.
        let flat = "<div>a</div><br><img src=x><p>b<li>c".repeat(10_000);
        assert!(!too_deep(&flat));
        // Nor do tags inside comments, scripts or attribute values.
        let hidden = format!(
            "<!-- {0} --><script>'{0}'</script><a title='{0}'>x</a>",
            "<div>".repeat(MAX_HTML_DEPTH + 1)
        );
        assert!(!too_deep(&hidden));
    }

    #[test]
    fn stripped_text_keeps_lines_and_decodes_entities() {
        let html = "<html><head><title>Caf&eacute; &amp; bar</title><style>p{}</style></head>\
                    <body><div><p>First &lt;line&gt;&#8217;s</p><p>Second\n  line &#x4e2d;</p></div>\
                    <script>var x = '<p>no</p>';</script>a < b</body></html>";
        assert_eq!(
            stripped_text(html),
            "Caf&eacute; & bar\n\nFirst <line>’s\n\nSecond line 中\n\na < b"
        );
    }
}
