//! Search features through the library: typo tolerance and suggestions,
//! passages and highlights, order, facets, near-duplicates, reading
//! articles back and finding similar ones.

use news_search::{Error, NewsIndex, SearchRequest, Snippet, Sort};

use crate::common::{article, titles, Workspace};

/// An article file with a date and a source under the headline.
fn dated(title: &str, date: &str, source: &str, body: &str) -> String {
    format!("{title}\n\n{date}\n{source}\n\n{body}\n")
}

fn indexed(ws: &Workspace) -> NewsIndex {
    let index = ws.index();
    index.index_dir(ws.path("n")).unwrap();
    index
}

/// The text each highlight of a snippet covers, checked against the body.
fn marked_words(snippet: &Snippet, body: &str) -> Vec<String> {
    assert_eq!(snippet.highlights.len(), snippet.body_highlights.len());
    let (start, end) = snippet.body_range;
    assert!(start <= end && end <= body.len());
    snippet
        .highlights
        .iter()
        .zip(&snippet.body_highlights)
        .map(|(&(s, e), &(bs, be))| {
            let word = &snippet.text[s..e];
            assert_eq!(word, &body[bs..be], "{snippet:?}");
            assert!(bs >= start && be <= end);
            word.to_owned()
        })
        .collect()
}

/// Files about Mark Zuckerberg and one about the government, for typos.
fn zuckerberg_corpus() -> Workspace {
    let ws = Workspace::new();
    for i in 0..4 {
        ws.write(
            &format!("n/z{i}.txt"),
            &article(
                &format!("Zuckerberg plans {i}"),
                "Mark Zuckerberg spoke about the metaverse at length.",
            ),
        );
    }
    ws.write(
        "n/gov.txt",
        &article("Budget vote", "The government lost the vote on the budget."),
    );
    ws
}

// ------------------------------------------------------------- typo tolerance

#[test]
fn a_misspelt_word_finds_its_articles_and_suggests_the_word() {
    let ws = zuckerberg_corpus();
    let index = indexed(&ws);

    let results = index.search(&SearchRequest::new("zuckerbreg")).unwrap();
    assert_eq!(results.total_hits, 4);
    assert_eq!(results.suggestions.len(), 1);
    assert_eq!(results.suggestions[0].word, "zuckerbreg");
    assert_eq!(results.suggestions[0].did_you_mean, ["zuckerberg"]);
    // The close word is highlighted, in the title and in the passage.
    let hit = &results.hits[0];
    let (s, e) = hit.title_highlights[0];
    assert_eq!(&hit.title[s..e], "Zuckerberg");
    assert!(hit.snippets[0].text.contains("Zuckerberg"));
    assert!(!hit.snippets[0].highlights.is_empty());

    // --exact finds nothing, and still says what was perhaps meant.
    let exact = index
        .search(&SearchRequest::new("zuckerbreg").exact(true))
        .unwrap();
    assert_eq!(exact.total_hits, 0);
    assert_eq!(exact.suggestions[0].did_you_mean, ["zuckerberg"]);
}

#[test]
fn a_typo_in_a_suffix_finds_the_word_whose_stem_differs() {
    let ws = zuckerberg_corpus();
    let index = indexed(&ws);
    // "governmnet" stems to itself, "government" to "govern".
    assert_eq!(titles(&index, "governmnet"), ["Budget vote"]);
    let results = index.search(&SearchRequest::new("governmnet")).unwrap();
    assert_eq!(results.suggestions[0].did_you_mean, ["government"]);
}

#[test]
fn suggestions_read_as_the_closest_written_form() {
    let ws = Workspace::new();
    ws.write(
        "n/a.txt",
        &article(
            "Talks resume",
            "The deal was negotiated in May. Negotiated terms held. The negotiations went on.",
        ),
    );
    let index = indexed(&ws);
    let results = index.search(&SearchRequest::new("negotiatons")).unwrap();
    // "negotiated" is more frequent, "negotiations" closer to what was typed.
    assert_eq!(results.suggestions[0].did_you_mean, ["negotiations"]);
}

#[test]
fn short_words_are_never_fuzzy_but_get_suggestions() {
    let ws = Workspace::new();
    ws.write("n/a.txt", &article("Chip news", "A chip shortage."));
    let index = indexed(&ws);
    let results = index.search(&SearchRequest::new("chop")).unwrap();
    assert_eq!(results.total_hits, 0);
    assert_eq!(results.suggestions[0].did_you_mean, ["chip"]);
}

#[test]
fn exact_matches_rank_above_close_words() {
    let ws = Workspace::new();
    for i in 0..12 {
        ws.write(
            &format!("n/k{i}.txt"),
            &article(&format!("Report {i}"), "The Kremlin said nothing."),
        );
    }
    // The corpus itself holds the rare spelling once.
    ws.write(
        "n/typo.txt",
        &article("Odd spelling", "The Kremlen said nothing."),
    );
    let index = indexed(&ws);
    let results = index.search(&SearchRequest::new("kremlen")).unwrap();
    assert_eq!(results.total_hits, 13);
    assert_eq!(results.hits[0].title, "Odd spelling");
    // The word is indexed, so there is nothing to suggest.
    assert!(results.suggestions.is_empty());
    // A word that common is not widened.
    assert_eq!(
        index
            .search(&SearchRequest::new("kremlin"))
            .unwrap()
            .total_hits,
        12
    );
}

#[test]
fn quoted_words_are_exact() {
    let ws = zuckerberg_corpus();
    let index = indexed(&ws);
    let results = index.search(&SearchRequest::new("\"zuckerbreg\"")).unwrap();
    assert_eq!(results.total_hits, 0);
}

// ------------------------------------------------------------------- passages

#[test]
fn a_phrase_is_marked_only_where_its_words_stand_together() {
    let ws = Workspace::new();
    let body = "The model was large. The language was plain. \
        A language model writes text.";
    ws.write("n/a.txt", &article("Models", body));
    let index = indexed(&ws);
    let results = index
        .search(&SearchRequest::new("\"language model\""))
        .unwrap();
    let snippet = &results.hits[0].snippets[0];
    assert_eq!(marked_words(snippet, body), ["language model"]);
}

#[test]
fn excluded_words_are_never_marked() {
    let ws = Workspace::new();
    let body = "Chips and memory. Chips again.";
    ws.write("n/a.txt", &article("Hardware", body));
    let index = indexed(&ws);
    let results = index.search(&SearchRequest::new("chips -intel")).unwrap();
    let words = marked_words(&results.hits[0].snippets[0], body);
    assert_eq!(words, ["Chips", "Chips"]);
    let results = index.search(&SearchRequest::new("chips -memory")).unwrap();
    assert_eq!(results.total_hits, 0);
}

#[test]
fn passages_are_chosen_for_distinct_words_best_first() {
    let ws = Workspace::new();
    let filler = "Nothing of note happened in this part of the story at all. ".repeat(6);
    let body = format!(
        "Tariffs rose. Tariffs fell. Tariffs rose again. {filler}\
         The harbour was quiet. {filler}\
         Tariffs hit the harbour trade hardest. {filler}"
    );
    ws.write("n/a.txt", &article("Trade", &body));
    let index = indexed(&ws);

    let results = index
        .search(&SearchRequest::new("tariffs harbour").fragments(3))
        .unwrap();
    let snippets = &results.hits[0].snippets;
    assert_eq!(snippets.len(), 3);
    // Best first: the passage holding both words, though it comes last.
    let mut best = marked_words(&snippets[0], &body);
    best.sort();
    assert_eq!(best, ["Tariffs", "harbour"]);
    // Passages never overlap.
    for pair in snippets.windows(2) {
        let (a, b) = (pair[0].body_range, pair[1].body_range);
        assert!(a.1 <= b.0 || b.1 <= a.0, "{a:?} {b:?}");
    }
    for snippet in snippets {
        marked_words(snippet, &body);
    }

    let one = index
        .search(&SearchRequest::new("tariffs harbour").fragments(1))
        .unwrap();
    assert_eq!(one.hits[0].snippets.len(), 1);
    let none = index
        .search(&SearchRequest::new("tariffs").fragments(0))
        .unwrap();
    assert!(none.hits[0].snippets.is_empty());
}

#[test]
fn passages_in_multibyte_text_keep_whole_characters() {
    let ws = Workspace::new();
    let body = format!(
        "{} Der Bürgermeister von Zürich sprach über Ökonomie. {} \
         日本の首相は東京で Zürich について話した。 {}",
        "Ärger über Straßen und Brücken. ".repeat(12),
        "Émigrés à l'étranger ont célébré. ".repeat(12),
        "😀 ".repeat(100),
    );
    ws.write("n/a.txt", &article("Städte", &body));
    let index = indexed(&ws);
    let results = index
        .search(&SearchRequest::new("zurich okonomie").fragments(2))
        .unwrap();
    let hit = &results.hits[0];
    assert!(!hit.snippets.is_empty());
    for snippet in &hit.snippets {
        for word in marked_words(snippet, &body) {
            assert!(["Zürich", "Ökonomie"].contains(&word.as_str()), "{word}");
        }
        let (start, end) = snippet.body_range;
        assert!(body.is_char_boundary(start) && body.is_char_boundary(end));
    }
}

#[test]
fn a_huge_body_gets_passages_from_its_beginning() {
    let ws = Workspace::new();
    let mut body = String::from("The satellite launch went well. ");
    while body.len() < 10 << 20 {
        body.push_str("Engineers checked every système twice before the countdown. ");
    }
    ws.write("n/huge.txt", &article("Launch", &body));
    ws.write("n/small.txt", &article("Other", "A satellite too."));
    let index = indexed(&ws);
    let results = index
        .search(&SearchRequest::new("satellite launch"))
        .unwrap();
    assert_eq!(results.hits[0].title, "Launch");
    let snippet = &results.hits[0].snippets[0];
    assert!(snippet.text.len() < 1024, "{}", snippet.text.len());
    assert_eq!(marked_words(snippet, &body), ["satellite", "launch"]);
}

// ---------------------------------------------------------------- order, facets

fn dated_corpus() -> Workspace {
    let ws = Workspace::new();
    // Different stories, so that none collapses into another.
    let body = |topic: &str| format!("Election coverage continues with {topic}.");
    let a = body("the count in the north and a recount in two towns");
    let b = body("early polls, rallies and a televised debate");
    let c = body("the final result and the winner's speech");
    ws.write("n/a.txt", &dated("March vote", "2023-03-02", "Reuters", &a));
    ws.write("n/b.txt", &dated("January vote", "2023-01-15", "BBC", &b));
    ws.write("n/c.txt", &dated("May vote", "2023-05-20", "Reuters", &c));
    let d = body("no date given: turnout, queues and ballot papers");
    ws.write("n/d.txt", &article("Undated vote", &d));
    ws
}

#[test]
fn hits_sort_by_date_with_undated_last() {
    let ws = dated_corpus();
    let index = indexed(&ws);
    let order = |sort| -> Vec<String> {
        let request = SearchRequest::new("election").sort(sort);
        let results = index.search(&request).unwrap();
        results.hits.into_iter().map(|h| h.listing.title).collect()
    };
    assert_eq!(
        order(Sort::Newest),
        ["May vote", "March vote", "January vote", "Undated vote"]
    );
    assert_eq!(
        order(Sort::Oldest),
        ["January vote", "March vote", "May vote", "Undated vote"]
    );
}

#[test]
fn facets_count_every_match_by_source_and_month() {
    let ws = dated_corpus();
    let index = indexed(&ws);
    let request = SearchRequest::new("election").facets(true).limit(1);
    let results = index.search(&request).unwrap();
    assert_eq!(results.hits.len(), 1);
    let facets = results.facets.expect("facets asked for");
    assert_eq!(
        facets.sources,
        [("Reuters".to_owned(), 2), ("BBC".to_owned(), 1)]
    );
    assert_eq!(facets.no_source, 1);
    let months: Vec<(&str, u64)> = facets
        .months
        .iter()
        .map(|(m, n)| (m.as_str(), *n))
        .collect();
    assert_eq!(
        months,
        [
            ("2023-01", 1),
            ("2023-02", 0),
            ("2023-03", 1),
            ("2023-04", 0),
            ("2023-05", 1)
        ]
    );
    assert_eq!(facets.years, [("2023".to_owned(), 3)]);
    assert_eq!(facets.undated, 1);
    // Not asked for, not computed.
    let plain = index.search(&SearchRequest::new("election")).unwrap();
    assert!(plain.facets.is_none());
}

// ------------------------------------------------------------ near-duplicates

/// One wire story in two outlets with a changed headline and word, and an
/// unrelated story.
fn wire_corpus() -> Workspace {
    let ws = Workspace::new();
    let story = "The central bank raised interest rates by a quarter point on \
        Tuesday, citing persistent inflation in services and a tight labour market. \
        Markets had expected the move, and the currency barely changed. Officials \
        signalled that further increases were possible if price pressures did not \
        ease over the coming months.";
    ws.write("n/a.txt", &article("Bank raises rates", story));
    ws.write(
        "n/b.txt",
        &article(
            "Central bank lifts rates",
            &story.replace("barely", "hardly"),
        ),
    );
    ws.write(
        "n/c.txt",
        &article(
            "Rates on hold elsewhere",
            "Another central bank left interest rates unchanged this week.",
        ),
    );
    ws
}

#[test]
fn near_identical_articles_collapse_into_one_hit() {
    let ws = wire_corpus();
    let index = indexed(&ws);
    let results = index.search(&SearchRequest::new("interest rates")).unwrap();
    assert_eq!(results.total_hits, 3);
    assert_eq!(results.hits.len(), 2);
    let collapsed: Vec<&str> = results
        .hits
        .iter()
        .flat_map(|h| &h.near_duplicates)
        .map(|n| n.title.as_str())
        .collect();
    assert_eq!(collapsed.len(), 1);
    assert!(["Bank raises rates", "Central bank lifts rates"].contains(&collapsed[0]));

    let all = index
        .search(&SearchRequest::new("interest rates").collapse(false))
        .unwrap();
    assert_eq!(all.hits.len(), 3);
    assert!(all.hits.iter().all(|h| h.near_duplicates.is_empty()));
}

#[test]
fn a_page_says_whether_hits_follow_it_after_collapsing() {
    let ws = wire_corpus();
    let index = indexed(&ws);
    let page = |request: SearchRequest| index.search(&request).unwrap();
    // Three matches, two hits: a page of two is the last one.
    let first = page(SearchRequest::new("interest rates").limit(1));
    assert!(first.more);
    let both = page(SearchRequest::new("interest rates").limit(2));
    assert_eq!((both.total_hits, both.hits.len(), both.more), (3, 2, false));
    let apart = page(
        SearchRequest::new("interest rates")
            .limit(2)
            .collapse(false),
    );
    assert!(apart.more);
}

#[test]
fn collapsing_reads_further_to_fill_the_page() {
    let ws = Workspace::new();
    let story = "Storm warnings were issued for the whole coast as winds rose \
        overnight and ferries stayed in port while crews prepared sandbags. Schools \
        in three districts closed early, and the coastguard asked people to keep \
        away from the sea walls until the tide turned on Thursday morning. Power \
        companies put extra teams on standby and the rail operator cut services.";
    // Forty printings of one storm story rank above three other stories.
    for i in 0..40 {
        ws.write(
            &format!("n/copy{i:02}.txt"),
            &article(&format!("Storm warning {i}"), story),
        );
    }
    let others = [
        "Council business went on as usual with budgets, planning and roads.",
        "The library reopened after repairs, with new shelves and longer hours.",
        "Farmers at the market sold apples, cheese and bread to visitors.",
    ];
    for (i, text) in others.iter().enumerate() {
        ws.write(
            &format!("n/other{i}.txt"),
            &article(
                &format!("Council news {i}"),
                &format!("{} A storm of a different kind.", text.repeat(8)),
            ),
        );
    }
    let index = indexed(&ws);
    let results = index.search(&SearchRequest::new("storm").limit(3)).unwrap();
    assert_eq!(results.total_hits, 43);
    assert_eq!(results.hits.len(), 3);
    assert_eq!(results.hits[0].near_duplicates.len(), 39);
    assert!(results.hits[1].title.starts_with("Council news"));
}

// ------------------------------------------------------- articles read back

#[test]
fn lookup_by_id_or_path_returns_the_whole_article() {
    let ws = wire_corpus();
    ws.write(
        "n/feed.ndjson",
        "{\"title\":\"First item\",\"text\":\"One.\"}\n\
         {\"title\":\"Second item\",\"text\":\"Two.\"}\n",
    );
    let index = indexed(&ws);
    let hit = index
        .search(&SearchRequest::new("unchanged"))
        .unwrap()
        .hits
        .remove(0);
    let by_id = index.lookup(&hit.id).unwrap();
    assert_eq!(by_id.len(), 1);
    assert_eq!(by_id[0].title, "Rates on hold elsewhere");
    assert!(by_id[0].body.starts_with("Another central bank"));

    let path = ws.path("n/c.txt");
    let by_path = index.lookup(path.to_str().unwrap()).unwrap();
    assert_eq!(by_path[0].id, hit.id);

    let items = index
        .lookup(ws.path("n/feed.ndjson").to_str().unwrap())
        .unwrap();
    let names: Vec<&str> = items.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(names, ["First item", "Second item"]);

    let missing = index.lookup("no-such-article").unwrap_err();
    assert!(
        matches!(missing, Error::ArticleNotFound { .. }),
        "{missing}"
    );
    assert!(missing.is_user_error());
}

#[test]
fn every_searchable_article_is_exported_once() {
    let ws = wire_corpus();
    // An exact copy is listed with its story, not exported again.
    std::fs::copy(ws.path("n/c.txt"), ws.path("n/c-copy.txt")).unwrap();
    let index = indexed(&ws);
    let mut exported: Vec<String> = index.articles().map(|a| a.unwrap().listing.title).collect();
    exported.sort();
    assert_eq!(
        exported,
        [
            "Bank raises rates",
            "Central bank lifts rates",
            "Rates on hold elsewhere"
        ]
    );
}

#[test]
fn highlights_mark_a_query_in_the_whole_article() {
    let ws = wire_corpus();
    let index = indexed(&ws);
    let article = index
        .lookup(ws.path("n/a.txt").to_str().unwrap())
        .unwrap()
        .remove(0);
    let marks = index
        .highlights("\"interest rates\" inflaton bank", &article)
        .unwrap();
    let words: Vec<&str> = marks
        .body
        .iter()
        .map(|&(s, e)| &article.body[s..e])
        .collect();
    assert_eq!(words, ["bank", "interest rates", "inflation"]);
    // "rates" alone in the title is not the phrase.
    let title: Vec<&str> = marks
        .title
        .iter()
        .map(|&(s, e)| &article.title[s..e])
        .collect();
    assert_eq!(title, ["Bank"]);
}

// ------------------------------------------------------------------- similar

#[test]
fn similar_finds_articles_on_the_same_subject_without_the_article_or_its_copies() {
    let ws = Workspace::new();
    let chip_story = "The semiconductor foundry will build wafers for processors and \
        graphics accelerators at a new plant, the company said on Monday. Output of \
        the wafers is to start next year, and the processors will go to servers and \
        laptops. The foundry expects demand for accelerators to keep rising as more \
        companies train large models.";
    let chips = [
        ("Chip maker expands", chip_story),
        (
            "Foundry output grows",
            "Semiconductor wafers from the foundry supply processors for servers.",
        ),
        (
            "New processors ship",
            "Graphics accelerators and processors built on semiconductor wafers ship this month.",
        ),
    ];
    let football = [
        (
            "Cup final tonight",
            "The striker and the goalkeeper prepare for the final at the stadium.",
        ),
        (
            "Late goal wins match",
            "A striker scored past the goalkeeper as the stadium cheered the final whistle.",
        ),
    ];
    for (i, (title, body)) in chips.iter().chain(&football).enumerate() {
        ws.write(&format!("n/{i}.txt"), &article(title, body));
    }
    // Everyday articles, so that common words are common.
    for i in 0..20 {
        ws.write(
            &format!("n/day{i}.txt"),
            &article(
                &format!("Day {i}"),
                "The weather was mild and the town was quiet for the holiday, and this was expected.",
            ),
        );
    }
    // A near-identical copy of the first article.
    ws.write(
        "n/copy.txt",
        &article(
            chips[0].0,
            &chip_story.replace("on Monday", "on Monday morning"),
        ),
    );
    let index = indexed(&ws);
    let results = index
        .similar(
            ws.path("n/0.txt").to_str().unwrap(),
            &SearchRequest::new(""),
        )
        .unwrap();
    let found: Vec<&str> = results.hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.contains(&"Foundry output grows"), "{found:?}");
    assert!(found.contains(&"New processors ship"), "{found:?}");
    assert!(results.query.contains("processor"), "{}", results.query);

    let missing = index
        .similar("nothing-here", &SearchRequest::new(""))
        .unwrap_err();
    assert!(matches!(missing, Error::ArticleNotFound { .. }));
}

#[test]
fn deeply_nested_parentheses_are_refused_not_a_crash() {
    let ws = zuckerberg_corpus();
    let index = indexed(&ws);
    let error = index
        .search(&SearchRequest::new("(".repeat(5000)))
        .unwrap_err();
    assert!(matches!(error, Error::BadQuery { .. }), "{error}");
    // 32 levels still search.
    let nested = format!("{}zuckerberg{}", "(".repeat(32), ")".repeat(32));
    assert_eq!(
        index
            .search(&SearchRequest::new(nested))
            .unwrap()
            .total_hits,
        4
    );
}
