//! Page furniture in plain text: the lines around an article that are not its
//! text. Reading times and "Also Read" trailers go (bylines, which give the
//! author, are read by `byline`).

/// Labels that start a trailer of links after the article.
const TRAILER_LABELS: &[&str] = &[
    "also read",
    "read also",
    "read more",
    "related",
    "related articles",
    "related stories",
    "related news",
    "related coverage",
    "more from",
    "more stories",
    "recommended",
    "recommended for you",
    "you may also like",
    "you might also like",
    "see also",
    "most read",
    "trending",
    "trending now",
];

/// Trailer lines are headlines, not paragraphs.
const MAX_TRAILER_LINE_CHARS: usize = 200;

/// "3 min Read", "5 minute read", "Reading time: 4 minutes".
pub(super) fn is_reading_time(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    let lower = lower.strip_prefix("reading time:").unwrap_or(&lower).trim();
    let Some((number, rest)) = lower.split_once(|c: char| !c.is_ascii_digit()) else {
        return false;
    };
    let unit = rest.trim_start().trim_end_matches(['.', ')']);
    !number.is_empty()
        && ["min", "mins", "minute", "minutes"].iter().any(|u| {
            unit == *u
                || unit
                    .strip_prefix(u)
                    .is_some_and(|r| matches!(r.trim(), "read" | "reading"))
        })
}

/// Where a trailer of related links begins, if the text ends with one: a
/// label line ("Also Read", "Related:") after more text than follows it,
/// followed only by headline-length lines.
pub(super) fn trailer_start(lines: &[&str]) -> Option<usize> {
    let total: usize = lines.iter().map(|l| l.trim().len()).sum();
    let mut before = 0;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        let after = total - before - trimmed.len();
        if before > after && is_trailer_label(trimmed) {
            let rest_is_links = lines[i + 1..]
                .iter()
                .all(|l| l.trim().chars().count() <= MAX_TRAILER_LINE_CHARS);
            if rest_is_links {
                return Some(i);
            }
        }
        before += trimmed.len();
    }
    None
}

/// "Also Read", "RELATED:", "Read more: <headline>".
fn is_trailer_label(line: &str) -> bool {
    let lower = line.to_lowercase();
    let label = match lower.split_once(':') {
        Some((label, _)) => label,
        None => lower.as_str(),
    };
    let label = label.trim().trim_end_matches(['.', '»', '>', '-']).trim();
    TRAILER_LABELS.contains(&label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_times_are_recognised() {
        for line in [
            "3 min Read",
            "5 minute read",
            "Reading time: 4 minutes",
            "2 mins read",
            "7 min",
        ] {
            assert!(is_reading_time(line), "{line}");
        }
        for line in [
            "3 minutes later, the bank fell",
            "min read",
            "2023",
            "Read more",
        ] {
            assert!(!is_reading_time(line), "{line}");
        }
    }

    #[test]
    fn trailer_of_links_is_found_at_the_end_only() {
        let lines = [
            "Paragraph one is long enough to be prose, and it goes on for a while.",
            "",
            "Paragraph two.",
            "",
            "Paragraph three.",
            "Also Read",
            "The Rise of Huawei: A New Tech Titan Dethroning Apple & NVIDIA?",
        ];
        assert_eq!(trailer_start(&lines), Some(5));
        let early = [
            "Related: the first line",
            "Text",
            "More text",
            "Even more text",
            "End.",
        ];
        assert_eq!(trailer_start(&early), None);
        let prose_after = [
            "One",
            "Two",
            "Three",
            "Read more",
            &"long prose ".repeat(40),
        ];
        assert_eq!(trailer_start(&prose_after), None);
    }
}
