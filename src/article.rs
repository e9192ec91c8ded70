//! `Article`: the one shape every stage agrees on, from extraction to the index.

use time::Date;

/// One news article as extracted from a file, before it is indexed.
///
/// Fields that the file does not state are `None`; nothing is guessed from
/// file names or modification times.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    /// The headline.
    pub title: String,
    /// The article text, paragraphs separated by blank lines, without the title.
    pub body: String,
    /// The publication date, when the article states one.
    pub date: Option<Date>,
    /// The outlet that published it ("Reuters", "ABC News").
    pub source: Option<String>,
    /// The byline.
    pub author: Option<String>,
    /// Where the article was published online.
    pub url: Option<String>,
    /// The language it is written in, as a BCP 47 tag ("en", "en-GB").
    pub language: Option<String>,
    /// Keywords or categories the article carries.
    pub tags: Vec<String>,
}
