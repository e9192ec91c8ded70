//! Text longer than the screen through a pager, when stdout is a terminal:
//! "longer" counted in the rows the text takes once its lines wrap at the
//! terminal's width, so five long paragraphs page as fifty short lines do.

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};

use anyhow::Result;
use unicode_width::UnicodeWidthChar;

/// A terminal's size when none can be read: the VT100's.
const FALLBACK: Screen = Screen {
    width: 80,
    height: 24,
};

/// Columns and rows of a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Screen {
    width: usize,
    height: usize,
}

/// Writes `text` (with ANSI styles) to stdout, through a pager when stdout is
/// a terminal and the text takes as many rows as the screen has (it would
/// push its own first lines, or the shell's prompt, off the screen).
pub fn page(text: &[u8], no_pager: bool) -> Result<()> {
    if !no_pager && std::io::stdout().is_terminal() {
        let screen = screen();
        let plain = anstream::adapter::strip_bytes(text).into_vec();
        if rows(&String::from_utf8_lossy(&plain), screen.width) >= screen.height {
            if let Some(pager) = pager() {
                return through(pager, if styled() { text } else { &plain });
            }
        }
    }
    write(text)
}

/// Writes `text` (with ANSI styles) to stdout in one write, not one a line
/// (as anstream's stream would), its styles dropped where stdout takes none.
pub fn write(text: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match styled() {
        true => stdout.write_all(text)?,
        false => stdout.write_all(&anstream::adapter::strip_bytes(text).into_vec())?,
    }
    stdout.flush()?;
    Ok(())
}

/// Whether stdout takes styles (`--color`, `NO_COLOR`, a terminal or not).
fn styled() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

fn through(mut pager: std::process::Child, text: &[u8]) -> Result<()> {
    if let Some(stdin) = pager.stdin.as_mut() {
        // A pager quit early closes the pipe: not an error.
        let _ = stdin.write_all(text);
    }
    drop(pager.stdin.take());
    pager.wait()?;
    Ok(())
}

/// The width of the terminal stdout is, for text laid out to fit it; `None`
/// when stdout is not a terminal, so piped output is never wrapped.
pub fn width() -> Option<usize> {
    std::io::stdout().is_terminal().then(|| screen().width)
}

/// The terminal's own size, else `$COLUMNS` and `$LINES`, else 80 by 24.
fn screen() -> Screen {
    if let Some((width, height)) = terminal_size::terminal_size_of(std::io::stdout()) {
        if width.0 > 0 && height.0 > 0 {
            return Screen {
                width: usize::from(width.0),
                height: usize::from(height.0),
            };
        }
    }
    let var = |name| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|n| *n > 0)
    };
    Screen {
        width: var("COLUMNS").unwrap_or(FALLBACK.width),
        height: var("LINES").unwrap_or(FALLBACK.height),
    }
}

/// Rows `text` (without styles) takes on a terminal `width` columns wide.
fn rows(text: &str, width: usize) -> usize {
    text.lines().map(|line| line_rows(line, width.max(1))).sum()
}

/// Rows one line takes: a character that does not fit in what is left of a
/// row starts the next one (a wide character is not split), and a tab moves
/// to the next multiple of 8 but never past the last column, as terminals do.
fn line_rows(line: &str, width: usize) -> usize {
    let mut rows = 1;
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            if column < width {
                column = (column + 8 - column % 8).min(width - 1);
            }
            continue;
        }
        let cells = c.width().unwrap_or(0);
        if column + cells > width && column > 0 {
            rows += 1;
            column = 0;
        }
        column += cells;
    }
    rows
}

/// `$PAGER`, else `less -R` (which keeps colours), started with a pipe in.
fn pager() -> Option<std::process::Child> {
    let configured = std::env::var("PAGER").ok().filter(|p| !p.trim().is_empty());
    let (program, args): (String, Vec<String>) = match configured {
        Some(line) => {
            let mut words = line.split_whitespace().map(str::to_owned);
            (words.next()?, words.collect())
        }
        None => ("less".to_owned(), vec!["-R".to_owned()]),
    };
    let mut command = Command::new(program);
    command.args(args).stdin(Stdio::piped());
    // less keeps colours with -R; LESS may also carry it.
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    command.spawn().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_count_the_rows_they_wrap_to() {
        let paragraph = "word ".repeat(100); // 500 columns
        let article = format!("Title\n\n{paragraph}\n\n{paragraph}\n");
        assert_eq!(rows(&paragraph, 80), 7);
        assert_eq!(rows(&article, 80), 1 + 1 + 7 + 1 + 7);
        assert_eq!(rows(&article, 500), 5);
        // Five paragraphs of 500 columns are 35 rows on 80 columns, fewer
        // than 24 line feeds.
        let five = format!("{paragraph}\n").repeat(5);
        assert!(five.matches('\n').count() < 24 && rows(&five, 80) >= 24);
    }

    #[test]
    fn a_line_as_wide_as_the_screen_takes_one_row() {
        assert_eq!(rows(&"x".repeat(80), 80), 1);
        assert_eq!(rows(&"x".repeat(81), 80), 2);
        assert_eq!(rows("", 80), 0);
        assert_eq!(rows("\n\n", 80), 2);
    }

    #[test]
    fn wide_characters_and_tabs_take_their_columns() {
        // 41 two-column characters: the 41st does not fit in row one's last
        // column, so it starts row two.
        assert_eq!(rows(&"日".repeat(40), 80), 1);
        assert_eq!(rows(&format!("x{}", "日".repeat(40)), 80), 2);
        assert_eq!(rows(&"\tx".repeat(10), 80), 1);
        assert_eq!(rows(&"\tx".repeat(11), 80), 2);
        assert_eq!(rows("é".repeat(80).as_str(), 80), 1);
    }
}
