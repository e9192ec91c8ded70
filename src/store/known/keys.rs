//! Path keys in order, front-coded as sorted string tables store their keys:
//! each key is the number of bytes it shares with the key before it, then
//! the rest. The files of one folder share most of their path, so a key
//! costs a few bytes beside what makes it differ (at 3.56 M files, about
//! 10 bytes a key where whole keys and their ends took 50).

use std::ops::Range;

/// Every [`RESTART`]th key is stored whole, so that a key is rebuilt from at
/// most that many and a search can start at any of them.
const RESTART: usize = 16;

/// Path keys, pushed in order.
#[derive(Debug, Default)]
pub(super) struct Keys {
    /// Per key: the bytes shared with the key before (a varint), the length
    /// of the rest (a varint), the rest.
    bytes: Vec<u8>,
    /// Where every [`RESTART`]th key starts in `bytes`.
    restarts: Vec<usize>,
    len: usize,
    /// The last key pushed.
    last: String,
}

impl Keys {
    /// Adds `key`, which sorts after every key before it.
    pub(super) fn push(&mut self, key: &str) {
        let shared = match self.len % RESTART {
            0 => {
                self.restarts.push(self.bytes.len());
                0
            }
            _ => shared_prefix(&self.last, key),
        };
        let rest = &key.as_bytes()[shared..];
        put_varint(&mut self.bytes, shared);
        put_varint(&mut self.bytes, rest.len());
        self.bytes.extend_from_slice(rest);
        self.last.clear();
        self.last.push_str(key);
        self.len += 1;
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    pub(super) fn last(&self) -> Option<&str> {
        (self.len > 0).then_some(self.last.as_str())
    }

    /// The key at `at`, rebuilt.
    pub(super) fn get(&self, at: usize) -> Option<String> {
        if at >= self.len {
            return None;
        }
        let mut cursor = self.cursor(at - at % RESTART);
        for _ in 0..at % RESTART {
            cursor.advance();
        }
        cursor.advance().map(str::to_owned)
    }

    /// A cursor that reads the keys from the restart at `at` (a multiple of
    /// [`RESTART`]) on.
    pub(super) fn cursor(&self, at: usize) -> Cursor<'_> {
        let offset = self
            .restarts
            .get(at / RESTART)
            .copied()
            .unwrap_or(self.bytes.len());
        Cursor {
            bytes: &self.bytes,
            offset,
            key: Vec::new(),
        }
    }

    /// The first place in `range` whose key is not `before`, for a `before`
    /// true of the keys of a first part of the range and false of the rest:
    /// a binary search over the whole keys, then a few rebuilt.
    pub(super) fn partition_in(&self, range: Range<usize>, before: impl Fn(&str) -> bool) -> usize {
        self.partition_by(range, before, |_| {})
    }

    /// The place of `key` in `range`, if it is there.
    pub(super) fn find_in(&self, range: Range<usize>, key: &str) -> Option<usize> {
        let mut found = false;
        let at = self.partition_by(range, |k| k < key, |k| found = k == key);
        found.then_some(at)
    }

    /// [`Keys::partition_in`], which also shows `place` the key at the
    /// place found (when it is in the range).
    fn partition_by(
        &self,
        range: Range<usize>,
        before: impl Fn(&str) -> bool,
        place: impl FnOnce(&str),
    ) -> usize {
        let end = range.end.min(self.len);
        let start = range.start.min(end);
        // The restarts that begin inside the range.
        let first = start.div_ceil(RESTART);
        let (mut low, mut high) = (first, end.div_ceil(RESTART));
        while low < high {
            let middle = low + (high - low) / 2;
            match before(self.whole(middle)) {
                true => low = middle + 1,
                false => high = middle,
            }
        }
        // The place is after the last restart whose key is `before` (or at
        // the range's start), and at the next restart at the latest, whose
        // key is not.
        let from = match low == first {
            true => start,
            false => (low - 1) * RESTART,
        };
        let last = (low * RESTART).min(end.saturating_sub(1));
        let mut cursor = self.cursor(from - from % RESTART);
        for _ in 0..from % RESTART {
            cursor.advance();
        }
        for at in from..=last {
            match cursor.advance() {
                Some(key) if before(key) => {}
                Some(key) => {
                    place(key);
                    return at;
                }
                None => break,
            }
        }
        end
    }

    /// The whole key at restart `restart`.
    fn whole(&self, restart: usize) -> &str {
        let mut offset = self.restarts[restart];
        let _shared = take_varint(&self.bytes, &mut offset);
        let length = take_varint(&self.bytes, &mut offset);
        let rest = self.bytes.get(offset..offset + length).unwrap_or_default();
        std::str::from_utf8(rest).unwrap_or_default()
    }
}

/// Reads keys one after another.
pub(super) struct Cursor<'a> {
    bytes: &'a [u8],
    offset: usize,
    key: Vec<u8>,
}

impl Cursor<'_> {
    /// The next key; `None` after the last.
    pub(super) fn advance(&mut self) -> Option<&str> {
        if self.offset >= self.bytes.len() {
            return None;
        }
        let shared = take_varint(self.bytes, &mut self.offset);
        let length = take_varint(self.bytes, &mut self.offset);
        let rest = self.bytes.get(self.offset..self.offset + length)?;
        self.offset += length;
        self.key.truncate(shared);
        self.key.extend_from_slice(rest);
        // Keys are pushed as text and rebuilt byte for byte.
        std::str::from_utf8(&self.key).ok()
    }
}

/// How many bytes `a` and `b` begin with in common (a key may go on from
/// the middle of a character: it is rebuilt whole before it is read).
fn shared_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// Appends `value` seven bits a byte, lowest first; the high bit marks a
/// byte that is followed by another.
fn put_varint(bytes: &mut Vec<u8>, mut value: usize) {
    while value >= 0x80 {
        bytes.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

/// Reads a varint [`put_varint`] wrote at `offset`, and moves past it.
fn take_varint(bytes: &[u8], offset: &mut usize) -> usize {
    let mut value = 0;
    let mut shift = 0;
    while let Some(&byte) = bytes.get(*offset) {
        *offset += 1;
        value |= usize::from(byte & 0x7f) << shift;
        shift += 7;
        if byte < 0x80 {
            break;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(list: &[&str]) -> Keys {
        let mut keys = Keys::default();
        for key in list {
            keys.push(key);
        }
        keys
    }

    /// Paths in order, some sharing long prefixes, some not, one with a
    /// character of two bytes where its neighbour differs inside it.
    fn paths() -> Vec<String> {
        let mut paths: Vec<String> = (0..50)
            .map(|i| format!("/news/{:02}/{:03}.txt", i / 7, i))
            .collect();
        paths.extend([
            "/news/é.txt".to_owned(),
            "/news/ê.txt".to_owned(),
            "/other.txt".to_owned(),
            format!("/{}", "x".repeat(300)),
        ]);
        paths.sort();
        paths
    }

    #[test]
    fn every_key_comes_back_whole_and_in_order() {
        let paths = paths();
        let list: Vec<&str> = paths.iter().map(String::as_str).collect();
        let keys = keys(&list);
        assert_eq!(keys.len(), paths.len());
        for (at, path) in paths.iter().enumerate() {
            assert_eq!(keys.get(at).as_deref(), Some(path.as_str()), "{at}");
        }
        assert_eq!(keys.get(paths.len()), None);
        let mut cursor = keys.cursor(0);
        let mut read = Vec::new();
        while let Some(key) = cursor.advance() {
            read.push(key.to_owned());
        }
        assert_eq!(read, paths);
        assert_eq!(keys.last(), paths.last().map(String::as_str));
    }

    #[test]
    fn the_files_of_a_folder_take_a_few_bytes_each() {
        let paths: Vec<String> = (0..100)
            .map(|i| format!("/archive/2024/news/{i:05}.txt"))
            .collect();
        let list: Vec<&str> = paths.iter().map(String::as_str).collect();
        let keys = keys(&list);
        let whole: usize = paths.iter().map(String::len).sum();
        assert!(keys.bytes.len() < whole / 2, "{} {whole}", keys.bytes.len());
    }

    #[test]
    fn a_partition_is_found_from_any_start_in_any_range() {
        let paths = paths();
        let list: Vec<&str> = paths.iter().map(String::as_str).collect();
        let keys = keys(&list);
        let n = paths.len();
        for probe in paths
            .iter()
            .map(String::as_str)
            .chain(["", "/news/03/", "/zz"])
        {
            for start in 0..=n {
                for end in start..=n {
                    let expected = (start..end)
                        .find(|&at| paths[at].as_str() >= probe)
                        .unwrap_or(end);
                    let found = keys.partition_in(start..end, |k| k < probe);
                    assert_eq!(found, expected, "{probe} in {start}..{end}");
                }
            }
        }
    }

    #[test]
    fn varints_read_back_what_was_written() {
        let mut bytes = Vec::new();
        let values = [0, 1, 127, 128, 300, 16_383, 16_384, 65_535, 1 << 40];
        for value in values {
            put_varint(&mut bytes, value);
        }
        let mut offset = 0;
        for value in values {
            assert_eq!(take_varint(&bytes, &mut offset), value);
        }
        assert_eq!(offset, bytes.len());
    }
}
