//! Source aliases: the names one outlet goes by ("www.cnn.com", "CNN.com")
//! mapped to the one name it is indexed under ("CNN"), so that it is one
//! facet and one `--source`.

use std::collections::BTreeMap;

/// A table of source aliases, matched on the whole source name without
/// regard to case (Unicode lower case) and to surrounding spaces.
///
/// ```
/// use news_search::SourceAliases;
///
/// let mut aliases = SourceAliases::default();
/// aliases.insert("www.cnn.com", "CNN");
/// assert_eq!(aliases.resolve("WWW.CNN.com"), "CNN");
/// assert_eq!(aliases.resolve("cnn.com/world"), "cnn.com/world");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceAliases {
    /// Lower-cased alias -> the name to index under. Sorted, so that the
    /// table's hash does not depend on the order it was filled in.
    names: BTreeMap<String, String>,
}

impl SourceAliases {
    /// Maps `alias` (any case) to `name`; a later name for the same alias
    /// replaces the earlier one.
    pub fn insert(&mut self, alias: &str, name: &str) {
        self.names.insert(key(alias), name.trim().to_owned());
    }

    /// The name `source` is indexed under: its alias's, or itself.
    pub fn resolve<'a>(&'a self, source: &'a str) -> &'a str {
        self.names.get(&key(source)).map_or(source, String::as_str)
    }

    /// Whether the table maps nothing.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The alias the same lower-cased key already maps to a different name
    /// from `name`, if any: two spellings of one alias that disagree.
    pub fn conflict(&self, alias: &str, name: &str) -> Option<&str> {
        self.names
            .get(&key(alias))
            .map(String::as_str)
            .filter(|old| *old != name.trim())
    }

    /// A hash of the table, kept with each commit so a run can tell that the
    /// aliases changed since the index was written; 0 for an empty table,
    /// as indexes written before aliases existed record.
    pub(crate) fn hash(&self) -> u64 {
        if self.names.is_empty() {
            return 0;
        }
        let mut bytes = Vec::new();
        for (alias, name) in &self.names {
            // Separators no source name holds keep "ab"+"c" apart from "a"+"bc".
            bytes.extend_from_slice(alias.as_bytes());
            bytes.push(0);
            bytes.extend_from_slice(name.as_bytes());
            bytes.push(1);
        }
        xxhash_rust::xxh3::xxh3_64(&bytes).max(1)
    }
}

fn key(source: &str) -> String {
    source.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_names_match_without_case() {
        let mut aliases = SourceAliases::default();
        aliases.insert("www.cnn.com", "CNN");
        aliases.insert("CNN.com", "CNN");
        assert_eq!(aliases.resolve("cnn.COM"), "CNN");
        assert_eq!(aliases.resolve(" www.cnn.com "), "CNN");
        assert_eq!(aliases.resolve("edition.cnn.com"), "edition.cnn.com");
        assert_eq!(aliases.resolve("CNN"), "CNN");
    }

    #[test]
    fn the_hash_changes_with_the_table_not_its_order() {
        let mut one = SourceAliases::default();
        assert_eq!(one.hash(), 0);
        one.insert("a", "A");
        one.insert("b", "B");
        let mut two = SourceAliases::default();
        two.insert("B", "B");
        two.insert("a", "A");
        assert_eq!(one.hash(), two.hash());
        two.insert("a", "Another");
        assert_ne!(one.hash(), two.hash());
        assert_ne!(one.hash(), 0);
    }

    #[test]
    fn spellings_that_disagree_are_a_conflict() {
        let mut aliases = SourceAliases::default();
        aliases.insert("cnn.com", "CNN");
        assert_eq!(aliases.conflict("CNN.com", "CNN"), None);
        assert_eq!(aliases.conflict("CNN.com", "Cable News"), Some("CNN"));
    }
}
