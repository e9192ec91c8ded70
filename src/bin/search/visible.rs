//! Text from articles, file names and the command line made safe to print:
//! every control character is shown as a symbol, so only the tool's own
//! styling ever reaches a terminal, and a user can see that a file holds
//! something odd.
//!
//! The convention (README: "Odd characters"): a C0 control or DEL is shown as
//! its Unicode control picture (ESC as `␛`, BEL as `␇`, a line feed in a
//! one-line field as `␊`); a C1 control as `␛` and the character of its 7-bit
//! form (U+009B, the one-byte CSI, as `␛[`). All other text is kept as is.

use std::fmt::{self, Display};
use std::io;
use std::path::Path;
use std::slice::SliceIndex;

/// Text as it may be printed: see the module docs.
#[derive(Clone, Copy)]
pub struct Visible<'a> {
    text: &'a str,
    /// Whether line feeds and tabs stay as they are (an article's body).
    layout: bool,
}

/// A one-line field (title, source, path, a message): every control shown.
pub fn line(text: &str) -> Visible<'_> {
    Visible {
        text,
        layout: false,
    }
}

/// Running text (an article's body): line feeds and tabs kept for the
/// layout, every other control shown.
pub fn lines(text: &str) -> Visible<'_> {
    Visible { text, layout: true }
}

/// A path, as `line` shows it (invalid UTF-8 as U+FFFD).
pub fn path(path: &Path) -> String {
    line(&path.to_string_lossy()).to_string()
}

impl<'a> Visible<'a> {
    /// A part of the text, cut at byte offsets of the original (as highlight
    /// ranges are), shown the same way; `None` off a character boundary.
    pub fn get(&self, range: impl SliceIndex<str, Output = str>) -> Option<Visible<'a>> {
        let text = self.text.get(range)?;
        Some(Visible { text, ..*self })
    }
}

impl Display for Visible<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut start = 0;
        for (at, c) in self.text.char_indices() {
            let kept = self.layout && (c == '\n' || c == '\t');
            if !is_control(c) || kept {
                continue;
            }
            f.write_str(&self.text[start..at])?;
            symbol(f, c)?;
            start = at + c.len_utf8();
        }
        f.write_str(&self.text[start..])
    }
}

/// C0, DEL and C1: the characters a terminal may act on.
fn is_control(c: char) -> bool {
    matches!(c, '\0'..='\x1f' | '\x7f'..='\u{9f}')
}

fn symbol(f: &mut fmt::Formatter<'_>, c: char) -> fmt::Result {
    let code = u32::from(c);
    let picture = |code| char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
    match code {
        0x00..=0x1f => write!(f, "{}", picture(0x2400 + code)),
        0x7f => f.write_str("\u{2421}"),
        // C1 controls are ESC and a character of 0x40..=0x5F, in one.
        _ => write!(f, "\u{241b}{}", picture(code - 0x40)),
    }
}

/// serde_json's compact output, with DEL and the C1 controls escaped as
/// `\u0080` and so on too: serde_json escapes only C0, and a terminal showing
/// the JSON would act on a raw C1 control. The JSON still reads back as the
/// same text.
pub struct JsonEscapes;

impl serde_json::ser::Formatter for JsonEscapes {
    fn write_string_fragment<W>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()>
    where
        W: ?Sized + io::Write,
    {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if c >= '\x7f' && is_control(c) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_as_symbols() {
        let title = "Title\x1b]0;owned\x07 \x1b[2J\r\n\tend\x7f";
        assert_eq!(line(title).to_string(), "Title␛]0;owned␇ ␛[2J␍␊␉end␡");
        assert_eq!(lines(title).to_string(), "Title␛]0;owned␇ ␛[2J␍\n\tend␡");
    }

    #[test]
    fn c1_controls_are_shown_as_their_seven_bit_form() {
        assert_eq!(
            line("a\u{9b}31mb\u{9d}0;x\u{9c}").to_string(),
            "a␛[31mb␛]0;x␛\\"
        );
        assert_eq!(line("\u{80}\u{85}\u{9f}").to_string(), "␛@␛E␛_");
    }

    #[test]
    fn other_text_is_kept() {
        let text = "Café «Zürich» 日本語 — ok… ␛ \u{a0}\u{200f}";
        assert_eq!(line(text).to_string(), text);
    }

    #[test]
    fn json_escapes_c1_and_del_and_reads_back_the_same() {
        let text = "a\u{9b}2J\x1b[0m\x7f é ¡";
        let mut out = Vec::new();
        let mut json = serde_json::Serializer::with_formatter(&mut out, JsonEscapes);
        serde::Serialize::serialize(text, &mut json).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out, r#""a\u009b2J\u001b[0m\u007f é ¡""#);
        assert_eq!(serde_json::from_str::<String>(&out).unwrap(), text);
    }
}
