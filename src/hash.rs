//! Hash sets and maps keyed by paths, fingerprints and the variants of a
//! typed word, with a hash much cheaper than the standard library's: the
//! keys are the user's own paths, hashes and words, not input an attacker
//! chooses to collide (an article's words keep the standard hash).

/// A `HashSet` with rustc's Fx hash.
pub(crate) type FastSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;

/// A `HashMap` with rustc's Fx hash.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
