//! Hash sets keyed by paths and fingerprints, with a hash much cheaper than
//! the standard library's: the keys are the user's own paths and hashes, not
//! input an attacker chooses to collide.

/// A `HashSet` with rustc's Fx hash.
pub(crate) type FastSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;
