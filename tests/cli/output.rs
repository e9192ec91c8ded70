//! What the binary printed, made comparable: colour escapes stripped and the
//! time an index run took blanked out.

/// "... in 0.04 s" -> "... in <t> s" on the index summary line, so whole
/// outputs compare equal from run to run.
pub fn without_timing(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|piece| {
            let line = piece.trim_end_matches('\n');
            let newline = &piece[line.len()..];
            match line.rfind(" in ") {
                Some(at) if line.starts_with("indexed ") && line.ends_with(" s") => {
                    format!("{} in <t> s{newline}", &line[..at])
                }
                _ => piece.to_owned(),
            }
        })
        .collect()
}

/// `text` without ANSI escape sequences (CSI: ESC '[' ... final letter).
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
