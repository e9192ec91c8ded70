//! Every language a folder holds: the language of each article (stated or
//! detected), its words analysed in that language (stems, CJK bigrams), one
//! query serving all of them, filters by language, and highlights in every
//! script.

use news_search::{detect_language, language_code, NewsIndex, SearchRequest, Snippet};

use crate::common::{article, titles, Workspace};

const ENGLISH: (&str, &str) = (
    "Chip shortage eases",
    "The chipmaker said on Tuesday that deliveries of its newest chips to carmakers \
     would resume next month, after a long shortage hit factories across Europe.",
);
const GERMAN: (&str, &str) = (
    "Staatsbesuch in Paris",
    "Der Bundespräsident traf am Mittwoch den französischen Präsidenten im Élysée-Palast. \
     Die beiden Politiker sprachen über die Zukunft der Europäischen Union und den Klimaschutz.",
);
const RUSSIAN: (&str, &str) = (
    "Переговоры в Анкаре",
    "Министр иностранных дел встретился с президентом Турции Эрдоганом и обсудил \
     поставки зерна через Чёрное море и ситуацию в регионе.",
);
const FRENCH: (&str, &str) = (
    "Les élections municipales reportées",
    "Le gouvernement a annoncé mercredi le report des élections municipales en raison \
     des inondations qui ont frappé plusieurs régions du sud du pays.",
);
const SPANISH: (&str, &str) = (
    "Lluvias torrenciales en el sur",
    "Las inundaciones obligaron a evacuar a cientos de vecinos en varias provincias, \
     según informaron este martes las autoridades regionales.",
);
const ARABIC: (&str, &str) = (
    "زلزال في المنطقة الجبلية",
    "قال مسؤولون إن الزلزال الذي ضرب المنطقة الجبلية أسفر عن مقتل العشرات وإصابة المئات من السكان.",
);
const CHINESE: (&str, &str) = (
    "四川发生地震",
    "四川省发生六级地震，当地政府已经组织救援队伍赶赴灾区开展搜救工作。北京派出专家协助。",
);
const JAPANESE: (&str, &str) = (
    "東京都が新たな対策",
    "東京都は水曜日、新たな防災計画を発表し、古い建物の耐震化を急ぐ方針を示した。",
);
const KOREAN: (&str, &str) = (
    "서울에서 대규모 집회",
    "서울 도심에서 수만 명이 참가한 대규모 집회가 열려 임금 인상과 물가 안정을 요구했다.",
);

/// A folder of one article per language, indexed.
fn mixed() -> (Workspace, NewsIndex) {
    let ws = Workspace::new();
    let all = [
        ("en", ENGLISH),
        ("de", GERMAN),
        ("ru", RUSSIAN),
        ("fr", FRENCH),
        ("es", SPANISH),
        ("ar", ARABIC),
        ("zh", CHINESE),
        ("ja", JAPANESE),
        ("ko", KOREAN),
    ];
    for (code, (title, body)) in all {
        ws.write(&format!("n/{code}.txt"), &article(title, body));
    }
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    (ws, index)
}

fn search(index: &NewsIndex, request: SearchRequest) -> Vec<(String, Option<String>)> {
    let results = index.search(&request).expect("search");
    results
        .hits
        .into_iter()
        .map(|h| (h.listing.title.clone(), h.listing.language.clone()))
        .collect()
}

/// The words each highlight of a snippet covers, checked against the body.
fn marked(snippet: &Snippet, body: &str) -> Vec<String> {
    snippet
        .highlights
        .iter()
        .zip(&snippet.body_highlights)
        .map(|(&(s, e), &(bs, be))| {
            assert_eq!(&snippet.text[s..e], &body[bs..be]);
            body[bs..be].to_owned()
        })
        .collect()
}

#[test]
fn languages_are_detected_from_text_and_shown_in_hits() {
    let (_ws, index) = mixed();
    for (query, code) in [
        ("carmakers", "en"),
        ("Klimaschutz", "de"),
        ("зерна", "ru"),
        ("municipales", "fr"),
        ("provincias", "es"),
        ("المئات", "ar"),
        ("四川", "zh"),
        ("防災", "ja"),
        ("서울", "ko"),
    ] {
        let hits = search(&index, SearchRequest::new(query));
        assert_eq!(hits.len(), 1, "{query}: {hits:?}");
        assert_eq!(hits[0].1.as_deref(), Some(code), "{query}");
    }
    let stats = index.stats().unwrap();
    assert_eq!(stats.languages.len(), 9, "{:?}", stats.languages);
    assert_eq!(stats.undetermined, 0);
}

#[test]
fn short_text_stays_undetermined_and_a_stated_language_wins() {
    assert_eq!(detect_language("Staatsbesuch", "Paris"), None);
    assert_eq!(detect_language(GERMAN.0, GERMAN.1), Some("de"));
    assert_eq!(language_code("de-AT").as_deref(), Some("de"));
    let ws = Workspace::new();
    // Too short to detect, but stated; and English text stated as Dutch is Dutch.
    ws.write(
        "n/a.json",
        r#"{"title": "Brand", "body": "Feuer im Hafen", "lang": "de-DE"}"#,
    );
    ws.write(
        "n/b.html",
        r#"<html lang="nl"><head><title>Storm</title></head><body><p>Bomen omgewaaid.</p></body></html>"#,
    );
    ws.write("n/c.txt", &article("Storm", "Trees down."));
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    let languages = |query: &str| search(&index, SearchRequest::new(query));
    assert_eq!(languages("Hafen")[0].1.as_deref(), Some("de"));
    assert_eq!(languages("omgewaaid")[0].1.as_deref(), Some("nl"));
    assert_eq!(languages("trees")[0].1, None);
}

#[test]
fn inflected_forms_find_articles_in_their_own_language() {
    let (_ws, index) = mixed();
    for (query, title) in [
        ("Präsident", GERMAN.0),
        ("praesident präsidenten", GERMAN.0),
        ("Эрдоган", RUSSIAN.0),
        ("élection", FRENCH.0),
        ("inundación", SPANISH.0),
        ("chip", ENGLISH.0),
        ("delivery", ENGLISH.0),
    ] {
        let hits = search(&index, SearchRequest::new(query));
        let found: Vec<&str> = hits.iter().map(|(t, _)| t.as_str()).collect();
        assert!(found.contains(&title), "{query}: {found:?}");
    }
}

#[test]
fn chinese_japanese_and_korean_words_and_sentences_are_found() {
    let (_ws, index) = mixed();
    for (query, title) in [
        ("北京", CHINESE.0),
        ("地震", CHINESE.0),
        ("東京", JAPANESE.0),
        ("耐震化", JAPANESE.0),
        ("집회", KOREAN.0),
        // A pasted sentence, its punctuation and spacing changed.
        ("当地政府已经组织救援队伍 赶赴灾区开展搜救工作", CHINESE.0),
        ("古い建物の耐震化を急ぐ方針", JAPANESE.0),
        ("\"救援队伍\"", CHINESE.0),
    ] {
        assert_eq!(titles(&index, query), [title], "{query}");
    }
    // Bigrams are not words: nothing close to a CJK word is taken for it.
    assert!(titles(&index, "北海").is_empty());
    assert!(titles(&index, "\"地政队伍\"").is_empty());
}

#[test]
fn language_filters_are_never_relaxed() {
    let (_ws, index) = mixed();
    // No article has both words; the fallback to any word keeps the filter.
    let request = SearchRequest::new("Präsidenten carmakers").languages(["de", "fr"]);
    let hits = search(&index, request);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].1.as_deref(), Some("de"));
    let hits = search(&index, SearchRequest::new("carmakers lang:de"));
    assert!(hits.is_empty(), "{hits:?}");
    let hits = search(&index, SearchRequest::new("carmakers Klimaschutz lang:de"));
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].1.as_deref(), Some("de"));
    let hits = search(&index, SearchRequest::new("Klimaschutz lang:de-DE"));
    assert_eq!(hits.len(), 1, "{hits:?}");
    let hits = search(&index, SearchRequest::new("carmakers").languages(["en-GB"]));
    assert_eq!(hits.len(), 1, "{hits:?}");
}

#[test]
fn highlights_cover_the_matched_words_in_every_script() {
    let (_ws, index) = mixed();
    for (query, body, expected) in [
        ("Эрдоган", RUSSIAN.1, "Эрдоганом"),
        ("الزلزال", ARABIC.1, "الزلزال"),
        ("Präsident", GERMAN.1, "Präsidenten"),
        ("地震", CHINESE.1, "地震"),
        ("救援队伍", CHINESE.1, "救援队伍"),
        ("東京", JAPANESE.1, "東京"),
    ] {
        let results = index.search(&SearchRequest::new(query)).unwrap();
        assert_eq!(results.hits.len(), 1, "{query}");
        let snippet = &results.hits[0].snippets[0];
        let words = marked(snippet, body);
        assert_eq!(
            words.first().map(String::as_str),
            Some(expected),
            "{query}: {words:?}"
        );
    }
}

#[test]
fn facets_count_languages() {
    let (_ws, index) = mixed();
    let results = index
        .search(&SearchRequest::new("*").facets(true).limit(20))
        .unwrap();
    let facets = results.facets.unwrap();
    let mut codes: Vec<&str> = facets.languages.iter().map(|(c, _)| c.as_str()).collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        ["ar", "de", "en", "es", "fr", "ja", "ko", "ru", "zh"]
    );
}

#[test]
fn typos_are_forgiven_in_other_languages() {
    let (_ws, index) = mixed();
    // One letter off, in German and Russian.
    assert_eq!(titles(&index, "Klimashutz"), [GERMAN.0]);
    assert_eq!(titles(&index, "Переговры"), [RUSSIAN.0]);
    let results = index.search(&SearchRequest::new("Klimashutz")).unwrap();
    let suggested: Vec<&str> = results
        .suggestions
        .iter()
        .flat_map(|s| s.did_you_mean.iter().map(String::as_str))
        .collect();
    assert_eq!(suggested, ["klimaschutz"]);
}

#[test]
fn typos_are_mended_only_in_a_language_the_index_holds_enough_of() {
    // One German article beside English text over a hundred times its
    // length: German words are still found, but a German typo is mended
    // only when `--lang de` names the language.
    let ws = Workspace::new();
    ws.write("n/de.txt", &article(GERMAN.0, GERMAN.1));
    let report: Vec<String> = (0..400)
        .map(|i| format!("Report {i} said deliveries of chips to carmakers would resume."))
        .collect();
    ws.write("n/en.txt", &article(ENGLISH.0, &report.join(" ")));
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    assert_eq!(titles(&index, "Klimaschutz"), [GERMAN.0]);
    assert_eq!(titles(&index, "Klimashutz"), Vec::<String>::new());
    let named = SearchRequest::new("Klimashutz").languages(["de"]);
    assert_eq!(
        search(&index, named),
        [(GERMAN.0.to_owned(), Some("de".to_owned()))]
    );
    // English, most of the text, is mended as before.
    assert_eq!(titles(&index, "carmakres"), [ENGLISH.0]);
}

#[test]
fn typos_in_a_first_letter_or_a_suffix_are_forgiven_in_other_languages() {
    let ws = Workspace::new();
    ws.write(
        "n/de.txt",
        &article(
            "Fenster nebeneinander anordnen",
            "Sie können zwei Fenster nebeneinander auf dem Bildschirm anordnen, um ihre \
             Inhalte zu vergleichen. Die Sicherheit Ihrer Daten bleibt dabei gewahrt.",
        ),
    );
    ws.write("n/fr.txt", &article(FRENCH.0, FRENCH.1));
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    // The first letter wrong (stems of other languages were only looked
    // for among those sharing it), and a typo that keeps the stemmer from
    // cutting the suffix (`sicheriheit` does not stem to `sicher`).
    assert_eq!(titles(&index, "jouvernement"), [FRENCH.0]);
    assert_eq!(
        titles(&index, "sicheriheit"),
        ["Fenster nebeneinander anordnen"]
    );
}

#[test]
fn similar_and_show_read_an_article_in_its_own_language() {
    let (ws, index) = mixed();
    ws.write(
        "n/de2.txt",
        &article(
            "Klimaschutz in der Union",
            "Die Politiker der Europäischen Union stritten am Mittwoch über den Klimaschutz \
             und die Zukunft der Kohlekraftwerke in Deutschland und Frankreich.",
        ),
    );
    index.index_dir(ws.path("n")).unwrap();
    let path = ws.path("n/de.txt");
    let like = index
        .similar(path.to_str().unwrap(), &SearchRequest::new(""))
        .unwrap();
    let titles: Vec<&str> = like.hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(
        titles.first(),
        Some(&"Klimaschutz in der Union"),
        "{titles:?}"
    );

    let shown = index
        .lookup_one(ws.path("n/ru.txt").to_str().unwrap())
        .unwrap();
    let marks = index.highlights("Эрдоган", &shown).unwrap();
    let words: Vec<&str> = marks.body.iter().map(|&(s, e)| &shown.body[s..e]).collect();
    assert_eq!(words, ["Эрдоганом"]);
}
