//! Markdown: rendered to plain text (markup, URLs and HTML dropped), then read
//! like plain text; YAML or TOML front matter supplies the metadata it states.

use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use super::front_matter::{self, Style};
use super::{fields, text};
use crate::article::Article;

/// Extracts the article from decoded, `\n`-separated Markdown; None if it has no text.
pub(super) fn extract(markdown: &str) -> Option<Article> {
    let (heading, body, front) = render(markdown);
    let meta = front
        .and_then(|(style, text)| front_matter::parse(style, &text))
        .map(|map| fields::article_fields(&map))
        .unwrap_or_default();
    let title = Some(meta.title).filter(|t| !t.is_empty()).or(heading);
    let mut article = text::article_from_plain(&body, title)?;
    // What the front matter states outranks what the text suggests.
    article.date = meta.date.or(article.date);
    article.author = meta.author.or(article.author);
    article.source = meta.source.or(article.source);
    article.url = meta.url;
    article.language = meta.language;
    article.tags = meta.tags;
    Some(article)
}

/// Renders `markdown` as plain text, returning the leading level-1 heading
/// separately as the title, and the front matter's text.
fn render(markdown: &str) -> (Option<String>, String, Option<(Style, String)>) {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH;
    let mut renderer = Renderer::default();
    for event in Parser::new_ext(markdown, options) {
        renderer.event(event);
    }
    let title = renderer
        .title
        .map(|title| title.trim().to_owned())
        .filter(|title| !title.is_empty());
    (title, renderer.out, renderer.front_matter)
}

#[derive(Default)]
struct Renderer {
    out: String,
    title: Option<String>,
    in_title: bool,
    in_metadata: bool,
    front_matter: Option<(Style, String)>,
    /// Whether a block other than front matter or HTML has started; only the
    /// very first block may be the title.
    seen_block: bool,
    cells_in_row: usize,
}

impl Renderer {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(Tag::MetadataBlock(kind)) => {
                self.in_metadata = true;
                let style = match kind {
                    MetadataBlockKind::YamlStyle => Style::Yaml,
                    MetadataBlockKind::PlusesStyle => Style::Toml,
                };
                self.front_matter = Some((style, String::new()));
            }
            Event::End(TagEnd::MetadataBlock(_)) => self.in_metadata = false,
            Event::Text(text) if self.in_metadata => {
                if let Some((_, front)) = &mut self.front_matter {
                    front.push_str(&text);
                }
            }
            _ if self.in_metadata => {}
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) => self.push(&text),
            Event::SoftBreak => self.push(" "),
            Event::HardBreak if self.in_title => self.push(" "),
            Event::HardBreak => self.push("\n"),
            Event::Rule => self.block_break(),
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading {
                level: HeadingLevel::H1,
                ..
            } if !self.seen_block => {
                self.seen_block = true;
                self.in_title = true;
                self.title = Some(String::new());
            }
            Tag::TableCell => {
                if self.cells_in_row > 0 {
                    self.push(" | ");
                }
                self.cells_in_row += 1;
            }
            Tag::TableHead | Tag::TableRow => {
                self.cells_in_row = 0;
                self.seen_block = true;
                self.block_break();
            }
            // Dropped markup, so it does not stop a heading after it being the title.
            Tag::HtmlBlock | Tag::MetadataBlock(_) => self.block_break(),
            tag if is_inline(&tag) => {}
            _ => {
                self.seen_block = true;
                self.block_break();
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) if self.in_title => self.in_title = false,
            TagEnd::TableCell
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image => {}
            _ => self.block_break(),
        }
    }

    fn push(&mut self, text: &str) {
        match &mut self.title {
            Some(title) if self.in_title => title.push_str(text),
            _ => self.out.push_str(text),
        }
    }

    /// Ends the current block with exactly one blank line.
    fn block_break(&mut self) {
        if self.out.is_empty() || self.out.ends_with("\n\n") {
            return;
        }
        let newlines = if self.out.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        self.out.push_str(newlines);
    }
}

/// Tags whose text flows on within the enclosing block.
fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::{Date, Month};

    fn article(markdown: &str) -> Article {
        extract(markdown).expect("markdown has an article")
    }

    #[test]
    fn leading_heading_is_the_title_and_markup_is_removed() {
        let article = article(
            "# Meta's *new* model\n\nMeta **unveils** a [model](https://example.com/x) \
             with `code`.\nSecond line.  \nAfter break.\n\n![A chart](chart.png)\n",
        );
        assert_eq!(article.title, "Meta's new model");
        assert_eq!(
            article.body,
            "Meta unveils a model with code. Second line.\nAfter break.\n\nA chart"
        );
        assert!(!article.body.contains("example.com"));
    }

    #[test]
    fn setext_heading_is_the_title() {
        let article = article("Café news\n=========\n\nBody text.\n");
        assert_eq!(article.title, "Café news");
        assert_eq!(article.body, "Body text.");
    }

    #[test]
    fn front_matter_gives_metadata_and_is_not_text() {
        let yaml = article("---\ntitle: From front matter\nauthor: X Y\n---\n\n# Shown\n\nBody.\n");
        assert_eq!(yaml.title, "From front matter");
        assert_eq!(yaml.author.as_deref(), Some("X Y"));
        assert_eq!(yaml.body, "Body.");
        let toml =
            article("+++\ntitle = \"Ports\"\ndate = 2023-09-11\n+++\n\nFirst line\n\nBody.\n");
        assert_eq!(toml.title, "Ports");
        assert_eq!(
            toml.date.map(|d| d.to_string()).as_deref(),
            Some("2023-09-11")
        );
        assert_eq!(toml.body, "First line\n\nBody.");
    }

    #[test]
    fn front_matter_without_a_title_leaves_the_heading_as_title() {
        let article = article("---\ndate: 2023-09-11\n---\n\n# Heading\n\nBody.\n");
        assert_eq!(article.title, "Heading");
        assert_eq!(article.body, "Body.");
    }

    #[test]
    fn without_leading_heading_the_first_line_is_the_title() {
        let article = article("Intro paragraph.\n\n# Later heading\n\nBody.\n");
        assert_eq!(article.title, "Intro paragraph.");
        assert_eq!(article.body, "Later heading\n\nBody.");
    }

    #[test]
    fn second_level_heading_is_a_fallback_title() {
        let article = article("## Sub\n\nBody.\n");
        assert_eq!(article.title, "Sub");
        assert_eq!(article.body, "Body.");
    }

    #[test]
    fn blocks_are_separated_by_blank_lines() {
        let markdown = "# T\n\n- one\n- two\n  - nested\n\n> quoted\n\n```\nlet x = 1;\nlet y = 2;\n```\n\n---\n\nEnd.";
        assert_eq!(
            article(markdown).body,
            "one\n\ntwo\n\nnested\n\nquoted\n\nlet x = 1;\nlet y = 2;\n\nEnd."
        );
    }

    #[test]
    fn tables_become_rows_of_cells() {
        let article = article("# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert_eq!(article.body, "a | b\n\n1 | 2");
    }

    #[test]
    fn html_is_dropped() {
        let article =
            article("<!-- note -->\n# T\n\n<div>\nhidden\n</div>\n\nText <b>bold</b> ~~old~~.\n");
        assert_eq!(article.title, "T");
        assert_eq!(article.body, "Text bold old.");
    }

    #[test]
    fn date_and_source_header_is_recognised() {
        let article =
            article("# Title\n\n*September 11, 2023*\n\n**ABC News**\n\n# Title\n\nBody.");
        assert_eq!(
            article.date,
            Date::from_calendar_date(2023, Month::September, 11).ok()
        );
        assert_eq!(article.source.as_deref(), Some("ABC News"));
        assert_eq!(article.body, "Body.");
    }

    #[test]
    fn byline_with_the_date_gives_both() {
        let article = article(
            "# Title\n\n*Published 09 February 2017* by **Maria García**\n\n**TASS**\n\nBody.",
        );
        assert_eq!(
            article.date,
            Date::from_calendar_date(2017, Month::February, 9).ok()
        );
        assert_eq!(article.author.as_deref(), Some("Maria García"));
        assert_eq!(article.source.as_deref(), Some("TASS"));
        assert_eq!(article.body, "Body.");
    }

    #[test]
    fn markup_without_text_has_no_article() {
        assert_eq!(extract("---\ndate: 2023-09-11\n---\n"), None);
        // A title alone is an article (a link post, a brief).
        assert_eq!(
            extract("---\ntitle: Only a title\n---\n")
                .map(|a| a.title)
                .as_deref(),
            Some("Only a title")
        );
        assert_eq!(extract("<div></div>\n"), None);
    }

    #[test]
    fn empty_heading_falls_back_to_first_line() {
        let article = article("#\n\nReal title\n\nBody.");
        assert_eq!(article.title, "Real title");
        assert_eq!(article.body, "Body.");
    }
}
