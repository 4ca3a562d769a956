//! Word clusters: a word's cluster path (three hexadecimal digits, coarse to fine), learned
//! from unlabeled news text and read from `data/word_clusters.tsv`; features of the entity
//! tagger. See `data/README.md` for the source and `examples/common/clusters.rs` for the
//! method.

use crate::{Error, Result};
use std::borrow::Cow;
use std::collections::HashMap;

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

/// Word → cluster path packed in 12 bits (`0xabc` for path `abc`).
#[derive(Debug, Default, Clone)]
pub(crate) struct WordClusters {
    paths: HashMap<String, u16>,
}

impl WordClusters {
    /// Parses `word<TAB>path<TAB>count` lines (`#` comments); a path is 1 to 3 hex digits.
    pub(crate) fn parse(tsv: &str, file: &str) -> Result<Self> {
        let mut paths = HashMap::new();
        for (i, line) in tsv.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(w), Some(p)) = (cols.next(), cols.next()) else {
                return Err(Error::Data {
                    file: file.into(),
                    line: i + 1,
                    reason: "expected word<TAB>path<TAB>count".into(),
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
            paths.insert(w.to_string(), packed);
        }
        Ok(WordClusters { paths })
    }

    /// The cluster of `word` (as written, else lower case, else capitalized), plus one; 0 for
    /// none.
    pub(crate) fn get(&self, word: &str, lower: &str) -> u16 {
        if self.paths.is_empty() {
            return 0;
        }
        let k = key(word);
        if let Some(&p) = self.paths.get(k.as_ref()) {
            return p + 1;
        }
        let l = key(lower);
        if let Some(&p) = self.paths.get(l.as_ref()) {
            return p + 1;
        }
        // All-caps headlines: "GERMANY" → "Germany".
        let mut chars = l.chars();
        if let Some(first) = chars.next() {
            let mut cap: String = first.to_uppercase().collect();
            cap.push_str(chars.as_str());
            if let Some(&p) = self.paths.get(&cap) {
                return p + 1;
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
        assert_eq!(c.get("Germany", "germany"), 0x3a1 + 1);
        assert_eq!(c.get("GERMANY", "germany"), 0x3a1 + 1);
        assert_eq!(c.get("Said", "said"), 0x0f0 + 1);
        assert_eq!(c.get("1996", "1996"), 0x200 + 1);
        assert_eq!(c.get("Tallinn", "tallinn"), 0);
        assert!(WordClusters::parse("x\tzz\t1\n", "t").is_err());
        assert!(WordClusters::parse("x\n", "t").is_err());
    }
}
