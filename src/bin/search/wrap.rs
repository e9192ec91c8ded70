//! Styled text laid out at a terminal's width: lines broken at spaces, each
//! continuation indented, and every style closed before a line ends and
//! opened again after the indent, so a highlight cut by a break stays on
//! both halves and the indent is never styled.
//!
//! The text is made visible ([`crate::visible`]) before it gets here, so its
//! width is what the terminal shows: a control shown as `␛` is measured as
//! the `␛` it prints as, and a break can never fall inside a raw control.

use std::io::{self, Write};

use anstyle::Style;
use unicode_width::UnicodeWidthChar;

/// A run of visible text in one style.
pub type Span = (Style, String);

/// Where the text goes: a screen `width` columns wide, the first line
/// starting at `column` (after what is already written on it), the others
/// after `indent` spaces.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub width: usize,
    pub column: usize,
    pub indent: usize,
}

/// Writes `spans` as they are, as one line: the unwrapped form.
pub fn write_spans(out: &mut impl Write, spans: &[Span]) -> io::Result<()> {
    for (style, text) in spans {
        write!(out, "{style}{text}{style:#}")?;
    }
    Ok(())
}

/// Writes `spans` laid out as `layout` says: a line breaks at the last space
/// that lets it fit, the spaces at a break are dropped, and a word wider than
/// a whole line is cut where the line ends (a wide character never in two).
/// No line feed follows the last line.
pub fn write_wrapped(out: &mut impl Write, spans: &[Span], layout: Layout) -> io::Result<()> {
    let width = layout.width.max(1);
    // An indent that leaves too little room is no help: start at the edge.
    let indent = if layout.indent + 10 <= width {
        layout.indent
    } else {
        0
    };
    let mut line = Line::new(out, layout.column, indent);
    let mut spaces: Vec<Cell> = Vec::new();
    let mut word: Vec<Cell> = Vec::new();
    for (span, (_, text)) in spans.iter().enumerate() {
        for c in text.chars() {
            if c == ' ' {
                if !word.is_empty() {
                    line.word(&spaces, &word, width, spans)?;
                    spaces.clear();
                    word.clear();
                }
                spaces.push(Cell { c, span });
            } else {
                word.push(Cell { c, span });
            }
        }
    }
    line.word(&spaces, &word, width, spans)?;
    line.flush(spans)
}

/// Writes `items` with `separator` between them, laid out as `layout` says:
/// a line breaks only between two items, after the separator (its trailing
/// spaces dropped), so an item (a path, a source) is never cut; a line keeps
/// room for the separator that ends it, but for an item that fills a line
/// alone, after which the break is the only separator. The first item moves to a line of its
/// own when it fits there but not after what precedes it; one wider than a
/// whole line is left to the terminal. With no layout, as one line.
pub fn write_list(
    out: &mut impl Write,
    items: &[Span],
    separator: &str,
    layout: Option<Layout>,
) -> io::Result<()> {
    let Some(layout) = layout else {
        for (i, (style, text)) in items.iter().enumerate() {
            let separator = if i > 0 { separator } else { "" };
            write!(out, "{separator}{style}{text}{style:#}")?;
        }
        return Ok(());
    };
    let ending = separator.trim_end();
    let (sep, end) = (str_width(separator), str_width(ending));
    let mut column = layout.column;
    for (i, (style, text)) in items.iter().enumerate() {
        let last = i + 1 == items.len();
        let needed = str_width(text) + if last { 0 } else { end };
        if i == 0 {
            if column > layout.indent
                && column + needed > layout.width
                && layout.indent + str_width(text) <= layout.width
            {
                write!(out, "\n{:1$}", "", layout.indent)?;
                column = layout.indent;
            }
        } else if column + sep + needed > layout.width {
            // After an item that fills its line, the break alone separates.
            let ending = if column + end <= layout.width {
                ending
            } else {
                ""
            };
            write!(out, "{ending}\n{:1$}", "", layout.indent)?;
            column = layout.indent;
        } else {
            out.write_all(separator.as_bytes())?;
            column += sep;
        }
        write!(out, "{style}{text}{style:#}")?;
        column += str_width(text);
    }
    Ok(())
}

/// Columns `text` takes on a terminal.
fn str_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// One character and the span it came from.
#[derive(Debug, Clone, Copy)]
struct Cell {
    c: char,
    span: usize,
}

fn cells_width(cells: &[Cell]) -> usize {
    cells.iter().map(|cell| cell.c.width().unwrap_or(0)).sum()
}

/// The line being filled, written out when it breaks.
struct Line<'o, W: Write> {
    out: &'o mut W,
    cells: Vec<Cell>,
    column: usize,
    indent: usize,
    /// Whether a word is on the line yet (spaces before the first word of a
    /// continuation are dropped; those the text starts with are kept).
    started: bool,
}

impl<'o, W: Write> Line<'o, W> {
    fn new(out: &'o mut W, column: usize, indent: usize) -> Self {
        Line {
            out,
            cells: Vec::new(),
            column,
            indent,
            started: false,
        }
    }

    /// Adds `spaces` and then `word`, breaking the line first when they do
    /// not fit on it; trailing spaces (an empty `word`) only when they fit.
    fn word(
        &mut self,
        spaces: &[Cell],
        word: &[Cell],
        width: usize,
        spans: &[Span],
    ) -> io::Result<()> {
        let needed = cells_width(spaces) + cells_width(word);
        if self.started && self.column + needed > width {
            if word.is_empty() {
                return Ok(());
            }
            self.break_line(spans)?;
        } else {
            self.push(spaces);
        }
        for &cell in word {
            let cells = cell.c.width().unwrap_or(0);
            if self.column + cells > width && self.column > self.indent {
                self.break_line(spans)?;
            }
            self.push(&[cell]);
        }
        Ok(())
    }

    fn push(&mut self, cells: &[Cell]) {
        self.column += cells_width(cells);
        self.cells.extend_from_slice(cells);
        self.started |= cells.iter().any(|cell| cell.c != ' ');
    }

    fn break_line(&mut self, spans: &[Span]) -> io::Result<()> {
        self.flush(spans)?;
        write!(self.out, "\n{:1$}", "", self.indent)?;
        self.column = self.indent;
        self.started = false;
        Ok(())
    }

    /// The line's text so far, each run of one span in that span's style.
    fn flush(&mut self, spans: &[Span]) -> io::Result<()> {
        let mut run = String::new();
        let mut cells = self.cells.drain(..).peekable();
        while let Some(cell) = cells.next() {
            run.push(cell.c);
            if cells.peek().is_none_or(|next| next.span != cell.span) {
                let style = spans[cell.span].0;
                write!(self.out, "{style}{run}{style:#}")?;
                run.clear();
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anstyle::AnsiColor;

    const MATCH: Style = AnsiColor::Red.on_default().bold();

    fn plain(text: &str) -> Span {
        (Style::new(), text.to_owned())
    }

    fn wrapped(spans: &[Span], width: usize, column: usize, indent: usize) -> String {
        let mut out = Vec::new();
        let layout = Layout {
            width,
            column,
            indent,
        };
        write_wrapped(&mut out, spans, layout).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn strip(text: &str) -> String {
        String::from_utf8(anstream::adapter::strip_bytes(text.as_bytes()).into_vec()).unwrap()
    }

    #[test]
    fn lines_break_at_spaces_and_continue_under_the_indent() {
        let text = "The quick brown fox jumps over the lazy dog and runs away";
        let out = wrapped(&[plain(text)], 30, 3, 3);
        assert_eq!(
            out,
            "The quick brown fox jumps\n   over the lazy dog and runs\n   away"
        );
        // With the three columns already written, no row passes 30.
        for (i, row) in out.lines().enumerate() {
            let start = if i == 0 { 3 } else { 0 };
            assert!(start + row.chars().count() <= 30, "{row:?}");
        }
    }

    #[test]
    fn text_that_fits_is_written_as_it_is() {
        let spans = [plain("…the "), (MATCH, "H100".to_owned()), plain(" chips…")];
        let mut unwrapped = Vec::new();
        write_spans(&mut unwrapped, &spans).unwrap();
        assert_eq!(
            wrapped(&spans, 80, 3, 3),
            String::from_utf8(unwrapped).unwrap()
        );
    }

    #[test]
    fn a_highlight_keeps_its_style_on_each_line_it_falls_on() {
        let spans = [
            plain("data "),
            (MATCH, "centre capacity".to_owned()),
            plain(" grows"),
        ];
        let out = wrapped(&spans, 16, 0, 2);
        assert_eq!(
            out,
            format!("data {MATCH}centre{MATCH:#}\n  {MATCH}capacity{MATCH:#} grows")
        );
        assert_eq!(strip(&out), "data centre\n  capacity grows");
    }

    #[test]
    fn a_word_wider_than_a_line_is_cut_where_the_line_ends() {
        let out = wrapped(
            &[plain("see https://example.com/a/very/long/path ok")],
            20,
            0,
            0,
        );
        assert_eq!(out, "see\nhttps://example.com/\na/very/long/path ok");
        // A two-column character is never split: it starts the next row.
        let out = wrapped(&[plain("日本語の記事")], 5, 0, 0);
        assert_eq!(out, "日本\n語の\n記事");
    }

    #[test]
    fn controls_shown_as_symbols_are_measured_as_shown() {
        // "␛[2J" is four columns on screen; the raw control never reaches
        // the wrapper.
        let shown = crate::visible::line("\x1b[2J strike at the port").to_string();
        let out = wrapped(&[plain(&shown)], 12, 0, 0);
        assert_eq!(out, "␛[2J strike\nat the port");
    }

    #[test]
    fn a_list_breaks_between_items_only() {
        let items = [
            (MATCH, "2023-09-11".to_owned()),
            plain("Port Authority News"),
            plain("corpus/wire feed.ndjson #2"),
            plain("0.88"),
        ];
        let list = |layout| {
            let mut out = Vec::new();
            write_list(&mut out, &items, " · ", layout).unwrap();
            String::from_utf8(out).unwrap()
        };
        let layout = Layout {
            width: 40,
            column: 3,
            indent: 3,
        };
        assert_eq!(
            strip(&list(Some(layout))),
            "2023-09-11 · Port Authority News ·\n   corpus/wire feed.ndjson #2 · 0.88"
        );
        // A line keeps room for the separator that ends it.
        let narrow = Layout {
            width: 32,
            ..layout
        };
        assert_eq!(
            strip(&list(Some(narrow))),
            "2023-09-11 ·\n   Port Authority News ·\n   corpus/wire feed.ndjson #2 ·\n   0.88"
        );
        // A first item that does not fit after a label starts a line.
        let after_label = Layout {
            column: 24,
            ..narrow
        };
        let moved = strip(&list(Some(after_label)));
        assert!(moved.starts_with("\n   2023-09-11 ·\n"), "{moved:?}");
        // An item that fills its line is ended by the break alone.
        let full = Layout {
            width: 29,
            ..layout
        };
        assert_eq!(
            strip(&list(Some(full))),
            "2023-09-11 ·\n   Port Authority News ·\n   corpus/wire feed.ndjson #2\n   0.88"
        );
        assert_eq!(
            list(None),
            format!(
                "{MATCH}2023-09-11{MATCH:#} · Port Authority News · corpus/wire feed.ndjson #2 · 0.88"
            )
        );
    }

    #[test]
    fn a_narrow_screen_drops_the_indent() {
        let out = wrapped(&[plain("one two three")], 8, 0, 3);
        assert_eq!(out, "one two\nthree");
    }
}
