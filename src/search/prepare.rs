//! What a user types or pastes, made into what the query grammar reads, so
//! that ordinary text searches as text:
//!
//! - a colon is a field separator only after a field a query may name and
//!   before a value (`source:Reuters`); elsewhere (`Brexit: UK sets out`,
//!   `10:30 GMT`, `http://`) it is a space, as the analyser would treat it;
//! - `NOT x` means `-x`;
//! - an `AND` or `OR` with nothing on one side, or a `NOT` with nothing
//!   after it, is left out, and a note says so.
//!
//! Every rewrite keeps the text's length and the place of every other
//! character, so the grammar's positions are still columns of what the user
//! typed. Quoted phrases, ranges (`[... TO ...]`) and escaped characters are
//! left as they are.

use serde::Serialize;

/// Something in the query that was read otherwise than it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum QueryNote {
    /// An `AND`, `OR` or `NOT` with nothing to apply to was left out.
    IgnoredOperator {
        /// The operator as written.
        operator: String,
        /// Where it is, in characters from 1.
        column: usize,
    },
}

impl std::fmt::Display for QueryNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryNote::IgnoredOperator { operator, column } => write!(
                f,
                "{operator} at column {column} has nothing to apply to and was left out"
            ),
        }
    }
}

/// The query as the grammar should read it, and what was read otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Prepared {
    pub text: String,
    pub notes: Vec<QueryNote>,
}

/// One piece of the query at the top level of its syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Open,
    Close,
    And,
    Or,
    Not,
    Term,
}

/// Prepares `text`; `is_field` says which names before a colon are fields.
pub(crate) fn prepare(text: &str, is_field: impl Fn(&str) -> bool) -> Prepared {
    let mut chars: Vec<char> = text.chars().collect();
    colons_to_spaces(&mut chars, &is_field);
    let pieces = pieces(&chars);
    let mut notes = Vec::new();
    // The last piece kept: an operator left out is no operand for the next.
    let mut before = None;
    for (i, &(piece, start, end)) in pieces.iter().enumerate() {
        let after = pieces.get(i + 1).map(|p| p.0);
        let operand_before = matches!(before, Some(Piece::Term | Piece::Close));
        let operand_after = matches!(after, Some(Piece::Term | Piece::Open | Piece::Not));
        let dangling = match piece {
            Piece::And | Piece::Or => !operand_before || !operand_after,
            Piece::Not => !operand_after || after == Some(Piece::Not),
            _ => false,
        };
        if dangling {
            notes.push(QueryNote::IgnoredOperator {
                operator: chars[start..end].iter().collect(),
                column: start + 1,
            });
            chars[start..end].fill(' ');
        } else if piece == Piece::Not {
            // "NOT x" -> "   -x": the space before x takes the minus sign.
            let next = pieces[i + 1].1;
            chars[start..next].fill(' ');
            chars[next - 1] = '-';
        }
        if !dangling {
            before = Some(piece);
        }
    }
    Prepared {
        text: chars.into_iter().collect(),
        notes,
    }
}

/// Replaces each colon that does not separate a field from its value.
fn colons_to_spaces(chars: &mut [char], is_field: &impl Fn(&str) -> bool) {
    let mut state = Scan::default();
    for i in 0..chars.len() {
        let c = chars[i];
        if state.skip(c) || c != ':' {
            continue;
        }
        let name_start = (0..i)
            .rev()
            .take_while(|&j| chars[j].is_alphanumeric() || chars[j] == '_')
            .last()
            .unwrap_or(i);
        let name: String = chars[name_start..i].iter().collect();
        let value_follows = chars.get(i + 1).is_some_and(|c| !c.is_whitespace());
        if !(value_follows && is_field(&name)) {
            chars[i] = ' ';
        }
    }
}

/// The top-level pieces of the query, each with its span in characters.
fn pieces(chars: &[char]) -> Vec<(Piece, usize, usize)> {
    let mut pieces = Vec::new();
    let mut state = Scan::default();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' || c == ')' {
            let piece = if c == '(' { Piece::Open } else { Piece::Close };
            pieces.push((piece, i, i + 1));
            i += 1;
        } else {
            // A word runs to the next space or parenthesis outside quotes
            // and ranges.
            let start = i;
            while i < chars.len() {
                let c = chars[i];
                let inside = state.skip(c);
                if !inside && (c.is_whitespace() || c == '(' || c == ')') {
                    break;
                }
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let piece = match word.as_str() {
                "AND" => Piece::And,
                "OR" => Piece::Or,
                "NOT" => Piece::Not,
                _ => Piece::Term,
            };
            pieces.push((piece, start, i));
        }
    }
    pieces
}

/// Where a left-to-right scan is: inside quotes, inside a range, after a
/// backslash.
#[derive(Debug, Default)]
struct Scan {
    quoted: bool,
    range: bool,
    escaped: bool,
}

impl Scan {
    /// Takes in the next character; true when it is part of a quoted phrase,
    /// a range or an escape (and so is not syntax to look at).
    fn skip(&mut self, c: char) -> bool {
        if self.escaped {
            self.escaped = false;
            return true;
        }
        let was_inside = self.quoted || self.range;
        match c {
            '\\' => self.escaped = true,
            '"' if !self.range => self.quoted = !self.quoted,
            '[' | '{' if !self.quoted => self.range = true,
            ']' | '}' if !self.quoted && self.range => self.range = false,
            _ => {}
        }
        was_inside || self.quoted || self.range || c == '\\'
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(name: &str) -> bool {
        ["title", "source", "date"].contains(&name)
    }

    fn text(query: &str) -> String {
        prepare(query, fields).text
    }

    #[test]
    fn colons_outside_fields_are_spaces() {
        assert_eq!(
            text("Brexit: UK sets out plans"),
            "Brexit  UK sets out plans"
        );
        assert_eq!(text("10:30 GMT"), "10 30 GMT");
        assert_eq!(text("see http://x.org"), "see http //x.org");
        assert_eq!(text("source:Reuters brexit"), "source:Reuters brexit");
        // A field followed by a space is text too.
        assert_eq!(text("source: Reuters"), "source  Reuters");
        // Quoted, ranged and escaped colons stay.
        assert_eq!(text("\"Brexit: UK\" x"), "\"Brexit: UK\" x");
        assert_eq!(
            text("date:[2023-01-01T00:00:00Z TO 2024]"),
            "date:[2023-01-01T00:00:00Z TO 2024]"
        );
        assert_eq!(text("a\\:b"), "a\\:b");
    }

    #[test]
    fn not_is_a_minus_sign() {
        assert_eq!(text("NOT trump"), "   -trump");
        assert_eq!(
            text("brexit NOT (may OR johnson)"),
            "brexit    -(may OR johnson)"
        );
        assert_eq!(
            text("brexit NOT  \"theresa may\""),
            "brexit     -\"theresa may\""
        );
    }

    #[test]
    fn dangling_operators_are_left_out_with_a_note() {
        let prepared = prepare("trump OR", fields);
        assert_eq!(prepared.text, "trump   ");
        assert_eq!(
            prepared.notes,
            [QueryNote::IgnoredOperator {
                operator: "OR".to_owned(),
                column: 7
            }]
        );
        assert_eq!(text("OR trump"), "   trump");
        assert_eq!(text("a AND OR b"), "a     OR b");
        assert_eq!(text("(OR a) b AND"), "(   a) b    ");
        assert_eq!(text("brexit NOT"), "brexit    ");
        // The first of two has nothing to apply to; the second applies.
        assert_eq!(text("NOT NOT x"), "       -x");
    }

    #[test]
    fn operators_between_words_and_inside_quotes_stay() {
        assert_eq!(text("a OR b AND c"), "a OR b AND c");
        assert_eq!(text("\"OR\" x"), "\"OR\" x");
        assert_eq!(text("or and not"), "or and not");
        assert!(prepare("a OR b", fields).notes.is_empty());
    }
}
