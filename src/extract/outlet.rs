//! Outlet lines: the short line right after a plain-text header's date that
//! names the publisher ("TASS", "RTÉ", "HuffPost", "The Irish Times",
//! "rte.ie"). Their place says most; this module judges their shape, so that
//! an outlet nobody listed is still a source and a short line of text is not.

use super::byline::NAME_PARTICLES;

/// Outlet names are short: "Press Trust of India", "The Sydney Morning Herald".
const MAX_OUTLET_CHARS: usize = 40;
const MAX_OUTLET_WORDS: usize = 5;

/// Outlets whose names are shaped like a person's ("Ars Technica"), which
/// only this list tells from an author's name on its own line.
#[rustfmt::skip]
const KNOWN_OUTLETS: &[&str] = &[
    "Al Jazeera", "Ars Technica", "Deutsche Welle", "Agence France-Presse", "Dow Jones",
    "Nikkei Asia", "Yahoo Finance", "Le Monde", "Le Figaro", "El País", "El Mundo",
    "Der Spiegel", "Die Zeit", "La Repubblica", "Irish Examiner", "Fox Business",
];

/// Words that make a person-shaped name an outlet's ("Sky News", "Irish Times").
#[rustfmt::skip]
const OUTLET_WORDS: &[&str] = &[
    "News", "Times", "Post", "Journal", "Herald", "Tribune", "Gazette", "Guardian",
    "Telegraph", "Chronicle", "Press", "Daily", "Wire", "Observer", "Standard",
    "Express", "Mail", "Magazine", "Insider", "Today", "Review", "Reporter", "Radio",
    "Network", "Broadcasting", "Agency", "Media", "Independent", "Economist", "Examiner",
    "Courier", "Monitor", "Mirror", "Inquirer", "Dispatch", "Sentinel", "Bulletin",
    "Register", "Online", "Television", "Channel", "Zeitung", "Presse", "Agentur",
];

/// Articles that start outlets' names and never a person's ("The Guardian", "Le Monde").
const NAME_ARTICLES: &[&str] = &["The", "Le", "La", "Les", "El", "Il", "Der", "Die", "Das"];

/// Section labels and page furniture shaped like names ("Breaking News", "Watch Live").
#[rustfmt::skip]
const LABEL_WORDS: &[&str] = &[
    "Breaking", "Opinion", "Exclusive", "Analysis", "Editorial", "Sponsored",
    "Advertisement", "Update", "Updated", "Live", "Watch", "Video", "Photos", "Podcast",
    "Explainer", "Comment", "Interview", "Obituary", "Listen", "Share", "Print",
];

/// Lower-case words allowed inside an outlet's name ("Press Trust of India").
const MINOR_WORDS: &[&str] = &[
    "&", "of", "the", "and", "de", "la", "du", "des", "di", "für",
];

/// True if a line has the shape of an outlet's name: a host name, or one to
/// five capitalised words (numbers too: "France 24") without sentence
/// punctuation, that are neither a section label, nor a date, nor shaped like
/// a person's name unless known as an outlet's.
pub(super) fn is_outlet_name(line: &str) -> bool {
    let line = line.trim();
    let unfinished = line.ends_with(['.', '!', '?', ':', ';', ',', '"', '”', '-', '–', '—']);
    if line.is_empty() || unfinished || line.chars().nth(MAX_OUTLET_CHARS).is_some() {
        return false;
    }
    if is_host_name(line) {
        return true;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    is_capitalised_name(&words)
        && !words.iter().any(|word| contains_word(LABEL_WORDS, word))
        && !is_date_like(line, &words)
        && (!is_person_shaped(&words) || is_outlet_named(line, &words))
}

/// "rte.ie", "abcnews.go.com": the site's own name for itself.
fn is_host_name(line: &str) -> bool {
    let labels: Vec<&str> = line.split('.').collect();
    let label_ok =
        |l: &&str| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let tld_ok = labels
        .last()
        .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    labels.len() >= 2 && labels.iter().all(label_ok) && tld_ok
}

/// Every word capitalised, a number or a minor word; the first a name's.
fn is_capitalised_name(words: &[&str]) -> bool {
    let word_ok = |word: &&str| {
        MINOR_WORDS.contains(word)
            || (word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                && word
                    .chars()
                    .all(|c| c.is_alphanumeric() || "&'’.-/+".contains(c)))
    };
    let first_ok = words
        .first()
        .is_some_and(|first| !MINOR_WORDS.contains(first) && !first.eq_ignore_ascii_case("by"));
    words.len() <= MAX_OUTLET_WORDS
        && first_ok
        && words.iter().all(word_ok)
        && words
            .iter()
            .any(|word| word.chars().any(char::is_alphabetic))
}

/// "March 14", "Mon 10": a date or time the date line did not take.
fn is_date_like(line: &str, words: &[&str]) -> bool {
    line.chars().any(|c| c.is_ascii_digit())
        && words.iter().any(|word| super::date::is_calendar_word(word))
}

/// Two or three words, each a capital and then small letters, and perhaps
/// particles ("Maria García", "Sean O'Brien", "Ana de la Cruz"), after no article: an author's name on its own
/// line looks like this, and so do a few outlets' names.
fn is_person_shaped(words: &[&str]) -> bool {
    let name_word = |word: &&str| {
        let mut chars = word.chars();
        chars.next().is_some_and(char::is_uppercase)
            && word.chars().all(|c| c.is_alphabetic() || "'’-".contains(c))
            && word.chars().filter(|c| c.is_uppercase()).count() <= 2
            && word.chars().any(char::is_lowercase)
    };
    let names: Vec<&&str> = words
        .iter()
        .filter(|word| !NAME_PARTICLES.contains(word))
        .collect();
    (2..=3).contains(&names.len())
        && names.into_iter().all(name_word)
        && words
            .first()
            .is_some_and(|first| !NAME_ARTICLES.contains(first))
}

/// A known outlet, or a name built around a word such as "News" or "Times".
fn is_outlet_named(line: &str, words: &[&str]) -> bool {
    KNOWN_OUTLETS.iter().any(|o| o.eq_ignore_ascii_case(line))
        || words
            .iter()
            .flat_map(|word| word.split('-'))
            .any(|word| contains_word(OUTLET_WORDS, word))
}

fn contains_word(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets_on_no_list_are_names_by_their_shape() {
        for line in [
            "TASS",
            "RTÉ",
            "HuffPost",
            "Reuters",
            "The Irish Times",
            "Press Trust of India",
            "ABC News",
            "France 24",
            "Channel 4 News",
            "Radio Free Europe/Radio Liberty",
            "Süddeutsche Zeitung",
            "Ars Technica",
            "Le Monde",
            "rte.ie",
            "abcnews.go.com",
        ] {
            assert!(is_outlet_name(line), "{line:?}");
        }
    }

    #[test]
    fn text_labels_dates_and_people_are_not_outlets() {
        for line in [
            "",
            "Stocks fell.",
            "The company said",
            "It rained",
            "Prices Rose Again!",
            "Local Times Are Changing In This Town Now",
            "Breaking",
            "Breaking News",
            "Watch Live",
            "Reuters.",
            "By Reuters",
            "WASHINGTON —",
            "March 14",
            "Mon 10",
            "2017",
            "Maria García",
            "Sean O'Brien",
            "Ann Lee-Smith",
            "Ana de la Cruz",
            "of India",
            "\"Quoted\"",
            "A very long line that is surely not the name of any outlet at all",
        ] {
            assert!(!is_outlet_name(line), "{line:?}");
        }
    }
}
