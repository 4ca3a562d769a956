//! Word clusters: a word's cluster path (three hexadecimal digits, coarse to fine), learned
//! from unlabeled news text and read from `data/word_clusters.tsv`; features of the entity
//! tagger. See `data/README.md` for the source and `examples/common/clusters.rs` for the
//! method.

use super::features::{hash_bytes, IdMap};
use crate::{Error, Result};
use std::borrow::Cow;

/// The key a word is stored under: digits become `0`, so that "1996" and "2017" share one.
pub(crate) fn key(word: &str) -> Cow<'_, str> {
    if word.bytes().any(|b| b.is_ascii_digit()) {
        Cow::Owned(
            word.chars()
                .map(|c| if c.is_ascii_digit() { '0' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(word)
    }
}

/// Word → cluster path packed in 12 bits (`0xabc` for path `abc`). Words are stored by the
/// hash the tagger already computes for a token (`hash_bytes(2, word)`), so that a word
/// without digits costs one lookup and no hashing.
#[derive(Default, Clone)]
pub(crate) struct WordClusters {
    paths: IdMap<u16>,
}

impl std::fmt::Debug for WordClusters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordClusters")
            .field("words", &self.paths.len())
            .finish()
    }
}

fn key_hash(word: &str) -> u64 {
    hash_bytes(2, key(word).as_bytes())
}

impl WordClusters {
    /// Parses `word<TAB>path<TAB>count` lines (`#` comments); a path is 1 to 3 hex digits.
    pub(crate) fn parse(tsv: &str, file: &str) -> Result<Self> {
        Self::parse_column(tsv, file, 1)
    }

    /// Parses the paths of column `column` (1: the second) of `word<TAB>path…` lines.
    pub(crate) fn parse_column(tsv: &str, file: &str, column: usize) -> Result<Self> {
        let mut paths = IdMap::default();
        for (i, line) in tsv.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(w), Some(p)) = (cols.next(), cols.nth(column - 1)) else {
                return Err(Error::Data {
                    file: file.into(),
                    line: i + 1,
                    reason: format!("expected a word and {column} path column(s)"),
                });
            };
            let packed = (1..=3)
                .contains(&p.len())
                .then(|| u16::from_str_radix(p, 16).ok())
                .flatten()
                .map(|v| v << (4 * (3 - p.len())));
            let Some(packed) = packed else {
                return Err(Error::Data {
                    file: file.into(),
                    line: i + 1,
                    reason: format!("bad cluster path {p:?}"),
                });
            };
            paths.insert(key_hash(w), packed);
        }
        Ok(WordClusters { paths })
    }

    /// The cluster of `word` (as written, else lower case, else capitalized), plus one; 0 for
    /// none. `word_h` is `hash_bytes(2, word)`.
    pub(crate) fn get(&self, word: &str, lower: &str, word_h: u64) -> u16 {
        if self.paths.is_empty() {
            return 0;
        }
        let digits = word.bytes().any(|b| b.is_ascii_digit());
        let h = if digits { key_hash(word) } else { word_h };
        if let Some(&p) = self.paths.get(&h) {
            return p + 1;
        }
        if lower != word {
            if let Some(&p) = self.paths.get(&key_hash(lower)) {
                return p + 1;
            }
        }
        // All-caps headlines: "GERMANY" → "Germany".
        if word.chars().any(char::is_lowercase) {
            return 0;
        }
        let mut chars = lower.chars();
        if let Some(first) = chars.next() {
            let mut cap: String = first.to_uppercase().collect();
            cap.push_str(chars.as_str());
            if cap != word {
                if let Some(&p) = self.paths.get(&key_hash(&cap)) {
                    return p + 1;
                }
            }
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_look_up() {
        let c =
            WordClusters::parse("# x\nGermany\t3a1\t9\nsaid\t0f\t40\n0000\t2\t5\n", "t").unwrap();
        let get = |w: &str| c.get(w, &w.to_lowercase(), hash_bytes(2, w.as_bytes()));
        assert_eq!(get("Germany"), 0x3a1 + 1);
        assert_eq!(get("GERMANY"), 0x3a1 + 1);
        assert_eq!(get("Said"), 0x0f0 + 1);
        assert_eq!(get("1996"), 0x200 + 1);
        assert_eq!(get("Tallinn"), 0);
        assert!(WordClusters::parse("x\tzz\t1\n", "t").is_err());
        assert!(WordClusters::parse("x\n", "t").is_err());
        let two = WordClusters::parse_column("Riga\t3a1\t07\n", "t", 2).unwrap();
        assert_eq!(two.get("Riga", "riga", hash_bytes(2, b"Riga")), 0x070 + 1);
        assert!(WordClusters::parse_column("Riga\t3a1\n", "t", 2).is_err());
    }
}
