//! Turns an HTML subtree into paragraphs of plain text: one per block element,
//! whitespace collapsed, scripts, styles and form controls dropped.
//!
//! The walk keeps its own stack instead of recursing, so pathologically deep
//! markup cannot overflow the thread's stack.

use dom_query::{Document, NodeData, NodeRef};

/// Elements whose content is never text a reader sees.
#[rustfmt::skip]
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe",
    "object", "embed", "canvas", "video", "audio", "select", "textarea", "button", "input",
];

/// Elements that start and end a paragraph of their own.
#[rustfmt::skip]
const BLOCKS: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend",
    "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
];

/// What a paragraph of page text is, as far as the markup tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BlockKind {
    Text,
    Heading,
    /// Inside `<figure>` or `<figcaption>`: describes a picture.
    Caption,
}

/// One paragraph of page text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Block {
    /// Whitespace collapsed; lines (from `<br>` or `<pre>`) separated by `\n`.
    pub(super) text: String,
    pub(super) kind: BlockKind,
    /// How many characters of `text` are link text, to recognise link lists.
    pub(super) link_chars: usize,
}

impl Block {
    /// The share of the text that is link text, 0.0 to 1.0.
    pub(super) fn link_density(&self) -> f64 {
        let total = self.text.chars().filter(|c| !c.is_whitespace()).count();
        if total == 0 {
            return 0.0;
        }
        self.link_chars as f64 / total as f64
    }
}

/// Plain text of an HTML fragment (a JSON field or feed item that holds
/// markup): block elements become paragraphs separated by a blank line,
/// entities decoded, scripts and styles dropped, whitespace collapsed within
/// paragraphs.
pub(crate) fn html_to_text(html: &str) -> String {
    if super::flat::too_deep(html) {
        return super::flat::stripped_text(html);
    }
    let doc = Document::fragment(html);
    let texts: Vec<String> = blocks(&doc.root()).into_iter().map(|b| b.text).collect();
    texts.join("\n\n")
}

/// The paragraphs of text under `root`, in document order.
pub(super) fn blocks(root: &NodeRef) -> Vec<Block> {
    let mut writer = Writer::default();
    let mut stack: Vec<Step> = root.children_it(true).map(Step::Enter).collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(node) => {
                if let Some(tag) = writer.enter(&node) {
                    stack.push(Step::Leave(tag));
                    stack.extend(node.children_it(true).map(Step::Enter));
                }
            }
            Step::Leave(tag) => writer.leave(tag),
        }
    }
    writer.flush();
    writer.blocks
}

enum Step<'a> {
    Enter(NodeRef<'a>),
    Leave(Tag),
}

/// What an open element means for the text inside it.
#[derive(Clone, Copy, Default)]
struct Tag {
    block: bool,
    link: bool,
    heading: bool,
    caption: bool,
    pre: bool,
}

impl Tag {
    fn of(name: &str) -> Tag {
        Tag {
            block: BLOCKS.contains(&name),
            link: name == "a",
            heading: matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6"),
            caption: matches!(name, "figure" | "figcaption"),
            pre: matches!(name, "pre" | "listing" | "plaintext"),
        }
    }
}

/// The kind of the paragraphs inside a block: the innermost block decides,
/// so a `<p>` that an unclosed `<h1>` swallowed is text, but anything inside
/// a figure is a caption.
fn kind_inside(tag: Tag, outer: Option<BlockKind>) -> BlockKind {
    if tag.caption || outer == Some(BlockKind::Caption) {
        BlockKind::Caption
    } else if tag.heading {
        BlockKind::Heading
    } else {
        BlockKind::Text
    }
}

#[derive(Default)]
struct Writer {
    blocks: Vec<Block>,
    text: String,
    link_chars: usize,
    space_pending: bool,
    /// The kinds of the open block elements, innermost last.
    kinds: Vec<BlockKind>,
    // How many open elements of each kind enclose the current text.
    links: usize,
    pre: usize,
}

impl Writer {
    /// Handles a node; returns the tag to close after its children, or None
    /// when the children are not to be visited.
    fn enter(&mut self, node: &NodeRef) -> Option<Tag> {
        let name = node.query(|n| match &n.data {
            NodeData::Text { contents } => {
                self.push_text(contents);
                None
            }
            NodeData::Element(element) => Some(element.name.local.clone()),
            _ => None,
        })??;
        let name: &str = &name;
        if name == "br" {
            self.line_break();
            return None;
        }
        if SKIPPED.contains(&name) {
            return None;
        }
        let tag = Tag::of(name);
        if tag.block {
            self.flush();
            let kind = kind_inside(tag, self.kinds.last().copied());
            self.kinds.push(kind);
        }
        self.count(tag, 1);
        Some(tag)
    }

    fn leave(&mut self, tag: Tag) {
        if tag.block {
            self.flush();
            self.kinds.pop();
        }
        self.count(tag, -1);
    }

    fn count(&mut self, tag: Tag, delta: isize) {
        for (open, counter) in [(tag.link, &mut self.links), (tag.pre, &mut self.pre)] {
            if open {
                *counter = counter.saturating_add_signed(delta);
            }
        }
    }

    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if self.pre > 0 && c == '\n' {
                self.line_break();
            } else if c.is_whitespace() && self.pre == 0 {
                self.space_pending = true;
            } else {
                let at_line_start = self.text.is_empty() || self.text.ends_with('\n');
                if self.space_pending && !at_line_start {
                    self.text.push(' ');
                }
                self.space_pending = false;
                self.text.push(if c.is_whitespace() { ' ' } else { c });
                if self.links > 0 {
                    self.link_chars += 1;
                }
            }
        }
    }

    fn line_break(&mut self) {
        let kept = self.text.trim_end_matches(' ').len();
        self.text.truncate(kept);
        self.text.push('\n');
        self.space_pending = false;
    }

    /// Ends the current paragraph.
    fn flush(&mut self) {
        let raw = std::mem::take(&mut self.text);
        let link_chars = std::mem::take(&mut self.link_chars);
        self.space_pending = false;
        let lines: Vec<&str> = raw
            .lines()
            .map(|line| {
                if self.pre > 0 {
                    line.trim_end()
                } else {
                    line.trim()
                }
            })
            .filter(|line| !line.is_empty())
            .collect();
        if lines.is_empty() {
            return;
        }
        let kind = self.kinds.last().copied().unwrap_or(BlockKind::Text);
        self.blocks.push(Block {
            text: lines.join("\n"),
            kind,
            link_chars,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs_and_inline_elements_flow() {
        let text = html_to_text(
            "<div><p>One <b>bold</b>\n  word.</p><p>Two</p>Loose <em>text</em><h2>Head</h2></div>",
        );
        assert_eq!(text, "One bold word.\n\nTwo\n\nLoose text\n\nHead");
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            html_to_text("<p>Caf&eacute; &amp; bar &#8220;quoted&#8221; &lt;tag&gt;&nbsp;x</p>"),
            "Café & bar “quoted” <tag> x"
        );
    }

    #[test]
    fn line_breaks_start_new_lines_within_a_paragraph() {
        assert_eq!(
            html_to_text("<p>Line one<br>  Line two<br/><br>Line three</p>"),
            "Line one\nLine two\nLine three"
        );
    }

    #[test]
    fn list_items_are_paragraphs() {
        assert_eq!(
            html_to_text("<ul><li>First</li><li>Second <a href='#'>link</a></li></ul>"),
            "First\n\nSecond link"
        );
    }

    #[test]
    fn scripts_styles_and_controls_are_dropped() {
        let html = "<script>var x = '<p>no</p>';</script><style>p{}</style>\
                    <p>Kept</p><noscript>Enable JS</noscript><button>Click</button>";
        assert_eq!(html_to_text(html), "Kept");
    }

    #[test]
    fn preformatted_text_keeps_its_lines_and_indentation() {
        assert_eq!(
            html_to_text("<pre>fn main() {\n    run();\n}</pre>"),
            "fn main() {\n    run();\n}"
        );
    }

    #[test]
    fn adjacent_inline_elements_are_not_separated() {
        assert_eq!(
            html_to_text("<p><span>un</span><span>broken</span></p>"),
            "unbroken"
        );
    }

    #[test]
    fn headings_captions_and_links_are_marked() {
        let doc = Document::from(
            "<h1>Title</h1><figure><img src=x><figcaption>Pic</figcaption></figure>\
             <p><a href=/a>All link</a></p><p>Half <a href=/b>link</a></p>",
        );
        let blocks = blocks(&doc.root());
        let kinds: Vec<BlockKind> = blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading,
                BlockKind::Caption,
                BlockKind::Text,
                BlockKind::Text
            ]
        );
        assert!((blocks[2].link_density() - 1.0).abs() < f64::EPSILON);
        assert!(blocks[3].link_density() < 0.6);
    }

    #[test]
    fn innermost_block_decides_the_kind() {
        let doc = Document::from("<h1>Title<p>Swallowed text</p><figure><p>Pic</p></figure>");
        let kinds: Vec<BlockKind> = blocks(&doc.root()).iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [BlockKind::Heading, BlockKind::Text, BlockKind::Caption]
        );
    }

    #[test]
    fn empty_and_markup_only_input_gives_empty_text() {
        assert_eq!(html_to_text(""), "");
        assert_eq!(html_to_text("<div><span> </span></div>"), "");
        assert_eq!(html_to_text("<script>only()</script>"), "");
        assert_eq!(html_to_text("plain &amp; simple"), "plain & simple");
    }
}
