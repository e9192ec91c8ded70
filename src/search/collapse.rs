//! Near-duplicate collapsing: a wire story printed by five outlets with small
//! edits is one hit, with the other four listed under it. Articles are near
//! when their SimHashes (see `fingerprint.rs`) differ in few bits.

use std::collections::HashMap;

use tantivy::columnar::Column;
use tantivy::{DocAddress, Searcher, SegmentOrdinal};

use crate::store::schema;

/// Articles whose SimHashes differ in at most this many of 64 bits are
/// near-identical. Unrelated texts differ in about 32 (± 4); a story with a
/// changed sentence or headline, in 2 to 12 (more when the text is short).
pub(crate) const NEAR_BITS: u32 = 12;

/// A candidate hit, in ranking order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ranked {
    /// The sort key before the score: 0 by relevance, the date by date.
    pub key: i64,
    pub score: f32,
    pub address: DocAddress,
}

/// SimHashes read from each segment's fast column.
pub(crate) struct SimHashes<'a> {
    searcher: &'a Searcher,
    columns: HashMap<SegmentOrdinal, Option<Column<u64>>>,
}

impl<'a> SimHashes<'a> {
    pub(crate) fn new(searcher: &'a Searcher) -> Self {
        SimHashes {
            searcher,
            columns: HashMap::new(),
        }
    }

    pub(crate) fn get(&mut self, address: DocAddress) -> Option<u64> {
        let searcher = self.searcher;
        let column = self.columns.entry(address.segment_ord).or_insert_with(|| {
            let segment = searcher.segment_reader(address.segment_ord);
            segment.fast_fields().u64(schema::SIMHASH).ok()
        });
        column.as_ref().and_then(|c| c.first(address.doc_id))
    }
}

/// True when two SimHashes are near enough to call the texts near-identical.
pub(crate) fn near(a: u64, b: u64) -> bool {
    (a ^ b).count_ones() <= NEAR_BITS
}

/// Groups `ranked` (best first): each group starts with its best article,
/// and the near-identical ones ranked below it follow. Articles near
/// `exclude` (the article a "similar" search starts from) are dropped.
pub(crate) fn group(
    simhashes: &mut SimHashes<'_>,
    ranked: Vec<Ranked>,
    exclude: Option<u64>,
) -> Vec<Vec<Ranked>> {
    let mut groups: Vec<(Option<u64>, Vec<Ranked>)> = Vec::new();
    for candidate in ranked {
        let hash = simhashes.get(candidate.address);
        if let (Some(h), Some(x)) = (hash, exclude) {
            if near(h, x) {
                continue;
            }
        }
        let leader = hash.and_then(|h| {
            groups
                .iter_mut()
                .find(|(leader, _)| leader.is_some_and(|l| near(l, h)))
        });
        match leader {
            Some((_, members)) => members.push(candidate),
            None => groups.push((hash, vec![candidate])),
        }
    }
    groups.into_iter().map(|(_, members)| members).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearness_counts_differing_bits() {
        assert!(near(0, 0xFFF));
        assert!(!near(0, 0x1FFF));
        assert!(near(u64::MAX, u64::MAX));
    }
}
