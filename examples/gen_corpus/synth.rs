//! Synthetic articles resampled from real text: a real headline, paragraphs of
//! real consecutive sentences, a length like real news, and about one content
//! word in twenty swapped for a word drawn from a Zipf law over millions of
//! ranks, so the vocabulary keeps growing with the corpus as real text does.

use std::path::Path;

use anyhow::Context;
use news_search::extract::extract_file;
use rand::distr::weighted::WeightedIndex;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal, Zipf};
use serde::Serialize;
use time::{Date, Duration, Month};

use super::material::{Material, Sentence};

/// Ranks of the synthetic vocabulary the swapped words are drawn from.
pub const SYNTHETIC_RANKS: u32 = 5_000_000;
/// The Zipf exponent: tuned so that 1 GB holds about 600,000 distinct words.
const ZIPF_EXPONENT: f64 = 1.09;
/// The share of content words swapped for synthetic ones.
const SWAP_RATE: f64 = 0.05;
/// Body length in words: log-normal around this median...
const MEDIAN_WORDS: f64 = 370.0;
/// ...with this spread (of the logarithm)...
const WORDS_SIGMA: f64 = 0.6;
/// ...kept within these bounds.
const MIN_WORDS: usize = 80;
const MAX_WORDS: usize = 5_000;
/// Paragraphs hold this many consecutive source sentences at most.
const MAX_PARAGRAPH_SENTENCES: usize = 4;
/// Draws for a first paragraph the txt extractor reads back as written.
const MAX_OPENING_DRAWS: usize = 10;
/// Articles are dated over these six years.
const FIRST_YEAR: i32 = 2019;
const DAYS: i64 = 6 * 365 + 2;

/// Outlets and how often each appears, all spelled so that the txt extractor
/// recognises the line as the source.
const SOURCES: &[(&str, u32)] = &[
    ("Reuters", 30),
    ("Associated Press", 20),
    ("BBC", 15),
    ("The Guardian", 10),
    ("Al Jazeera", 9),
    ("ABC News", 7),
    ("Bloomberg", 5),
    ("The New York Times", 4),
];

/// Syllables of synthetic words: an onset and a vowel, and a coda at the end.
/// No onset is a prefix-plus-vowel of another, so different ranks give different words.
#[rustfmt::skip]
const ONSETS: &[&str] = &[
    "b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "kl", "l",
    "m", "n", "p", "pr", "r", "s", "sh", "st", "t", "tr", "v", "w", "z",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ou"];
const CODAS: &[&str] = &["", "n", "r", "s", "l", "m", "x", "nd"];

/// Articles a folder of the text corpus.
pub const PER_FOLDER: u64 = 1_000;

/// Writes the text of article number `index` to `root/txt/0000/000123.txt`.
pub fn write_text(root: &Path, index: u64, text: &str) -> anyhow::Result<()> {
    let folder = root.join("txt").join(format!("{:04}", index / PER_FOLDER));
    let path = folder.join(format!("{index:06}.txt"));
    std::fs::create_dir_all(&folder)
        .and_then(|()| std::fs::write(&path, text))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// One generated article.
pub struct GeneratedArticle {
    /// The headline.
    pub title: String,
    /// Paragraphs separated by blank lines.
    pub body: String,
    /// The publication date.
    pub date: Date,
    /// The outlet.
    pub source: &'static str,
    /// The ranks of the synthetic words it holds, for counting the vocabulary.
    pub synthetic: Vec<u32>,
}

#[derive(Serialize)]
struct JsonArticle<'a> {
    title: &'a str,
    body: &'a str,
    date: String,
    source: &'a str,
}

impl GeneratedArticle {
    /// The article as the txt extractor reads it: title, date line, source
    /// line, then the body.
    pub fn to_text(&self) -> String {
        let (date, source) = (self.date, self.source);
        let dateline = format!("{} {}, {}", date.month(), date.day(), date.year());
        format!("{}\n\n{dateline}\n{source}\n\n{}\n", self.title, self.body)
    }

    /// The article as one NDJSON line, without the newline.
    pub fn to_json(&self) -> String {
        let record = JsonArticle {
            title: &self.title,
            body: &self.body,
            date: self.date.to_string(),
            source: self.source,
        };
        serde_json::to_string(&record).expect("a struct of strings serialises")
    }
}

/// Makes article number `i` of a corpus, the same for the same material and seed.
pub struct Generator<'a> {
    material: &'a Material,
    seed: u64,
    length: LogNormal<f64>,
    zipf: Zipf<f64>,
    sources: WeightedIndex<u32>,
    epoch: Date,
}

impl<'a> Generator<'a> {
    /// A generator over `material`; panics if the material holds no sentence.
    pub fn new(material: &'a Material, seed: u64) -> Generator<'a> {
        assert!(
            !material.sentences.is_empty() && !material.titles.is_empty(),
            "the source has no article text"
        );
        Generator {
            material,
            seed,
            length: LogNormal::new(MEDIAN_WORDS.ln(), WORDS_SIGMA).expect("valid log-normal"),
            zipf: Zipf::new(f64::from(SYNTHETIC_RANKS), ZIPF_EXPONENT).expect("valid Zipf"),
            sources: WeightedIndex::new(SOURCES.iter().map(|s| s.1)).expect("valid weights"),
            epoch: Date::from_calendar_date(FIRST_YEAR, Month::January, 1).expect("valid date"),
        }
    }

    /// Article number `index`: each has its own random stream, so articles can
    /// be made in any order, in parallel, and a smaller corpus is a prefix of a
    /// larger one.
    pub fn article(&self, index: u64) -> GeneratedArticle {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(index);
        let mut synthetic = Vec::new();
        let titles = &self.material.titles;
        let mut title = String::new();
        let pick = &titles[rng.random_range(0..titles.len())];
        self.resample(pick, &mut rng, &mut title, &mut synthetic);

        let target = (self.length.sample(&mut rng) as usize).clamp(MIN_WORDS, MAX_WORDS);
        let sentences = &self.material.sentences;
        let (mut body, mut words) = (String::new(), 0);
        while words < target {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            for draw in 1.. {
                let (at, made, counted) = (body.len(), synthetic.len(), words);
                let start = rng.random_range(0..sentences.len());
                let count = rng.random_range(1..=MAX_PARAGRAPH_SENTENCES);
                for (k, sentence) in sentences[start..].iter().take(count).enumerate() {
                    if k > 0 {
                        body.push(' ');
                    }
                    self.resample(sentence, &mut rng, &mut body, &mut synthetic);
                    words += sentence.words;
                }
                // A body that opens with a wire dateline ("ST. PETERSBURG,
                // March 18. /TASS/.") is read as one: drawn again. Only such
                // articles differ from what the generator made without it.
                if at > 0 || draw == MAX_OPENING_DRAWS || opens_a_body(&body) {
                    break;
                }
                body.truncate(at);
                synthetic.truncate(made);
                words = counted;
            }
        }
        let days = rng.random_range(0..DAYS);
        GeneratedArticle {
            title,
            body,
            date: self.epoch + Duration::days(days),
            source: SOURCES[self.sources.sample(&mut rng)].0,
            synthetic,
        }
    }

    /// Appends `sentence` to `out`, swapping some content words for synthetic ones.
    fn resample(
        &self,
        sentence: &Sentence,
        rng: &mut ChaCha8Rng,
        out: &mut String,
        synthetic: &mut Vec<u32>,
    ) {
        let text = &sentence.text;
        let mut copied = 0;
        for &(start, end) in &sentence.content {
            if !rng.random_bool(SWAP_RATE) {
                continue;
            }
            out.push_str(&text[copied..start]);
            let rank = self.zipf.sample(rng) as u32;
            let capital = text.as_bytes()[start].is_ascii_uppercase();
            push_synthetic_word(rank, capital, out);
            synthetic.push(rank);
            copied = end;
        }
        out.push_str(&text[copied..]);
    }
}

/// Whether the txt extractor reads `paragraph` back as written when it opens
/// an article's body (a dateline is joined to the paragraph after it), laid
/// out as every generated article is.
fn opens_a_body(paragraph: &str) -> bool {
    let next = "The talks went on into the evening, officials said, and were to resume on Monday.";
    let probe = GeneratedArticle {
        title: "Title".to_owned(),
        body: format!("{paragraph}\n\n{next}"),
        date: Date::from_calendar_date(FIRST_YEAR, Month::January, 1).expect("valid date"),
        source: SOURCES[0].0,
        synthetic: Vec::new(),
    };
    extract_file(Path::new("000000.txt"), probe.to_text().as_bytes())
        .ok()
        .and_then(|extracted| extracted.articles.into_iter().next())
        .is_some_and(|(_, article)| article.body == probe.body)
}

/// Writes the pronounceable word of a rank: at least two syllables, then a coda.
fn push_synthetic_word(rank: u32, capital: bool, out: &mut String) {
    let base = (ONSETS.len() * VOWELS.len()) as u32;
    let mut n = rank + base;
    let mut syllables = Vec::with_capacity(4);
    while n > 0 {
        syllables.push(n % base);
        n /= base;
    }
    let start = out.len();
    for &s in syllables.iter().rev() {
        out.push_str(ONSETS[(s as usize) / VOWELS.len()]);
        out.push_str(VOWELS[(s as usize) % VOWELS.len()]);
    }
    out.push_str(CODAS[rank as usize % CODAS.len()]);
    if let Some(first) = out.get_mut(start..=start).filter(|_| capital) {
        first.make_ascii_uppercase();
    }
}
