//! How articles are named, run for real: what a hit prints is what `show`
//! and `similar` take, a file of several articles needs its number where one
//! article is needed, and the ids in the README and `--help` are the ones a
//! fresh clone gets.

use serde_json::{json, Value};

use crate::harness::{TestEnv, BUNDLED};

/// One NDJSON record.
fn record(title: &str, text: &str) -> String {
    format!("{}\n", json!({ "title": title, "text": text }))
}

const RATES: &str = "The central bank raised interest rates by a quarter point on \
    Tuesday, citing persistent inflation in services and a tight labour market. \
    Markets had expected the move, and the currency barely changed. Officials \
    signalled that further increases were possible if price pressures did not \
    ease over the coming months.";

const HARVEST: &str = "Farmers brought in the wheat harvest a month early after a \
    warm spring, and millers expect a good year for flour.";

/// Two dumps: `wire.ndjson` (rates, harvest), and `copies.ndjson` holding
/// another story, an exact copy of the harvest and a near-identical rates
/// story; and a plain article on another subject.
fn dumps_env() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "news/wire.ndjson",
        record("Bank raises rates", RATES) + &record("Harvest comes early", HARVEST),
    );
    env.write(
        "news/copies.ndjson",
        record(
            "Bridge reopens",
            "The bridge reopened after repairs to its deck.",
        ) + &record("Harvest comes early", HARVEST)
            + &record(
                "Central bank lifts rates",
                &RATES.replace("barely", "hardly"),
            ),
    );
    env.write(
        "news/wheat.txt",
        "Wheat prices fall\n\nThe wheat harvest drove flour prices down for millers.\n",
    );
    env.index(&["news"]);
    env
}

/// The place a hit's second line names: `news/wire.ndjson #2 · 1.23` -> the path and number.
fn place_of_first_hit(stdout: &str) -> String {
    let line = stdout.lines().nth(1).expect("a hit's second line");
    let place = line.trim().split(" · ").next().expect("a place");
    place.to_owned()
}

/// The titles `search show` printed: each article's first line.
fn shown_titles(env: &TestEnv, place: &str) -> Vec<String> {
    let run = env.run(&["show", "--json", place]);
    let articles = run.json()["articles"].as_array().expect("articles").clone();
    articles
        .iter()
        .map(|a| a["title"].as_str().expect("a title").to_owned())
        .collect()
}

#[test]
fn what_a_hit_prints_for_one_of_several_articles_is_taken_by_show_and_similar() {
    let env = dumps_env();
    let run = env.run(&["query", "bridge"]);
    assert_eq!(run.code, 0, "{run:#?}");
    let place = place_of_first_hit(&run.stdout);
    assert_eq!(place, "news/copies.ndjson #1");

    assert_eq!(shown_titles(&env, &place), ["Bridge reopens"]);
    assert_eq!(
        shown_titles(&env, "news/copies.ndjson#1"),
        ["Bridge reopens"]
    );
    assert_eq!(
        shown_titles(&env, "./news/copies.ndjson  #1"),
        ["Bridge reopens"]
    );
    // Relative to where the user stands.
    let mut inside = env.command(&["--index", "../index", "show", "--json", "copies.ndjson #1"]);
    inside.current_dir(env.path().join("news"));
    let inside = crate::harness::run_command(&mut inside).json();
    assert_eq!(inside["articles"][0]["title"], "Bridge reopens");
    // The id a hit's JSON gives names the same article.
    let id = env.run(&["query", "--json", "bridge"]).json()["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(shown_titles(&env, &id), ["Bridge reopens"]);

    let harvest = place_of_first_hit(&env.run(&["query", "wheat", "early"]).stdout);
    let similar = env.run(&["similar", &harvest]);
    assert_eq!(similar.code, 0, "{similar:#?}");
    assert_eq!(place_of_first_hit(&similar.stdout), "news/wheat.txt");

    let missing = env.run(&["show", "news/copies.ndjson #9"]);
    assert!(
        missing
            .error_message()
            .starts_with("no article in the index at ./index has the id or path"),
        "{missing:#?}"
    );
}

#[test]
fn similar_on_a_file_of_several_articles_asks_which_one() {
    let env = dumps_env();
    let run = env.run(&["similar", "news/copies.ndjson"]);
    assert_eq!(
        run.error_message(),
        "\"news/copies.ndjson\" names 3 articles and one is needed: name one as search \
         hits print it, such as \"news/copies.ndjson #1\", \"news/copies.ndjson #2\" or \
         \"news/copies.ndjson #3\""
    );
    // Showing a whole file still shows every article of it.
    assert_eq!(
        shown_titles(&env, "news/copies.ndjson"),
        [
            "Bridge reopens",
            "Harvest comes early",
            "Central bank lifts rates"
        ]
    );
}

#[test]
fn copies_and_near_identical_stories_are_listed_as_show_takes_them() {
    let env = dumps_env();
    let harvest = env.run(&["query", "harvest", "early"]);
    assert_eq!(harvest.code, 0, "{harvest:#?}");
    let lines: Vec<&str> = harvest.stdout.lines().collect();
    assert_eq!(place_of_first_hit(&harvest.stdout), "news/copies.ndjson #2");
    assert_eq!(lines[3], "   also at news/wire.ndjson #2", "{lines:?}");
    let place = lines[3].trim_start().trim_start_matches("also at ");
    assert_eq!(shown_titles(&env, place), ["Harvest comes early"]);

    let json = env.run(&["query", "--json", "harvest", "early"]).json();
    let hit = &json["hits"][0];
    let copy = &hit["also_at"][0];
    assert_eq!(
        (&copy["path"], &copy["position"]),
        (&json!("news/wire.ndjson"), &json!(2))
    );
    // The hit's id is that of the place it prints, and the copy's its own.
    let shown_id = |place: &str| -> Value {
        env.run(&["show", "--json", place]).json()["articles"][0]["id"].clone()
    };
    assert_eq!(hit["id"], shown_id("news/copies.ndjson #2"));
    assert_eq!(copy["id"], shown_id("news/wire.ndjson #2"));

    let rates = env.run(&["query", "interest", "rates"]);
    let near = rates.stdout.lines().last().expect("a last line");
    let near = near
        .strip_prefix("   +1 near-identical: ")
        .unwrap_or_else(|| panic!("{rates:#?}"));
    assert!(
        ["news/wire.ndjson #1", "news/copies.ndjson #3"].contains(&near),
        "{near}"
    );
    assert_eq!(shown_titles(&env, near).len(), 1);
}

/// Every run of 16 hex digits that stands as a word of `text`.
fn ids_in(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|word| word.len() == 16 && word.bytes().all(|b| b.is_ascii_hexdigit()))
        .collect()
}

#[test]
fn ids_in_the_readme_and_help_are_the_ones_a_fresh_clone_gets() {
    // The test's folder is not the repository's: the same corpus folder
    // elsewhere must give the same ids.
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);
    let hit = &env.run(&["query", "--json", "H100"]).json()["hits"][0];
    assert_eq!(hit["path"], BUNDLED);
    let id = hit["id"].as_str().expect("an id");

    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let mut help = String::new();
    for command in ["show", "similar"] {
        help += &env.run(&[command, "--help"]).stdout;
    }
    for (name, text) in [("README.md", &readme), ("--help", &help)] {
        let ids = ids_in(text);
        assert!(!ids.is_empty(), "{name} shows no id");
        assert!(
            ids.iter().all(|shown| *shown == id),
            "{name}: {ids:?}, not {id}"
        );
    }
}

#[test]
fn an_index_of_an_older_schema_is_rebuilt_by_the_command_its_error_names() {
    let env = TestEnv::with_bundled_article();
    env.index(&["corpus"]);
    // What an older build left: the same files, an older version in the commit.
    let index = tantivy::Index::open_in_dir(env.path().join("index")).expect("open index");
    let folder = std::fs::canonicalize(env.path().join("corpus")).expect("canonical folder");
    let older = json!({ "version": news_search::SCHEMA_VERSION - 1, "folders": [folder] });
    let mut writer = index
        .writer::<tantivy::TantivyDocument>(50_000_000)
        .expect("writer");
    let mut commit = writer.prepare_commit().expect("prepare commit");
    commit.set_payload(&older.to_string());
    commit.commit().expect("commit");
    drop(writer);

    let query = env.run(&["query", "H100"]);
    assert!(
        query
            .error_message()
            .ends_with("run \"search index --rebuild\""),
        "{query:#?}"
    );
    let rebuilt = env.run(&["index", "--json", "--rebuild"]).json();
    assert_eq!(rebuilt["added"], 1, "{rebuilt}");
    let again = env.run(&["query", "--json", "H100"]).json();
    assert_eq!(again["hits"][0]["path"], BUNDLED);
}
