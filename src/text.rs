//! Cutting text at byte bounds without splitting a character: bodies cut at
//! their bound when indexed, passages cut from them when shown.

/// The largest char boundary at or below `i`.
pub(crate) fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
