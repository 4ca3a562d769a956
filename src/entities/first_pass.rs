//! Document-level evidence from a first tagging pass (stacked, two-pass tagging as in
//! Ratinov & Roth 2009): the tagger reads the whole article once, then reads it again with
//! features saying what the first pass made of the same word elsewhere in the article
//! (earlier *and* later mentions) and of the names that word was part of, and what kind of
//! article it is (its first word, the topic line of wire copy).
//!
//! Everything is counted in hash maps keyed by the token's lower-case hash, one entry per
//! token: linear in the length of the article.

use super::features::{hash_parts, IdMap, TokenInfo};

/// Types are 1 + the tagger's type index (`PER`, `ORG`, `LOC`, `MISC`); 0 is outside.
const N: usize = 5;

/// What the first pass tagged in one document.
#[derive(Default)]
pub(crate) struct FirstPass {
    /// Capitalized word → how often the first pass tagged it O and each type.
    words: IdMap<[u16; N]>,
    /// Word → how often it was part of a name of two or more tokens of each type.
    in_names: IdMap<[u16; N]>,
    /// The article's first word (a topic line in wire copy: "SOCCER - …").
    first_word: Option<u64>,
}

/// The most frequent entity type in `counts` (ties: the first) and whether every counted
/// occurrence, O included, has it; `None` without an entity.
fn majority(counts: &[u16; N]) -> Option<(usize, bool)> {
    let (best, &n) = counts[1..]
        .iter()
        .enumerate()
        .max_by_key(|&(t, n)| (*n, std::cmp::Reverse(t)))?;
    let total: u32 = counts.iter().map(|&c| u32::from(c)).sum();
    (n > 0).then_some((best + 1, u32::from(n) == total))
}

impl FirstPass {
    /// Records the first pass's chunks `(start, end, type index)` of the next sentence.
    pub fn add_sentence(&mut self, infos: &[TokenInfo], chunks: &[(usize, usize, usize)]) {
        if self.first_word.is_none() {
            self.first_word = infos.first().map(|t| t.lower_h);
        }
        let mut types = vec![0u8; infos.len()];
        for &(a, b, t) in chunks {
            for (ty, info) in types[a..b].iter_mut().zip(&infos[a..b]) {
                *ty = t as u8 + 1;
                if b - a >= 2 {
                    let c = &mut self.in_names.entry(info.lower_h).or_default()[t + 1];
                    *c = c.saturating_add(1);
                }
            }
        }
        for (info, &t) in infos.iter().zip(&types) {
            if info.init_cap {
                let c = &mut self.words.entry(info.lower_h).or_default()[usize::from(t)];
                *c = c.saturating_add(1);
            }
        }
    }

    /// Second-pass features of token `i` of a sentence (as hashes, appended to `out`).
    pub fn features(&self, infos: &[TokenInfo], i: usize, out: &mut Vec<u64>) {
        let me = &infos[i];
        // The same word elsewhere in the article, earlier and later mentions alike; not for
        // a word seen once, where it would only repeat the first pass ("Acme Inc. opened …"
        // was lost that way).
        if me.init_cap {
            let counts = self
                .words
                .get(&me.lower_h)
                .filter(|c| c.iter().map(|&n| u32::from(n)).sum::<u32>() >= 2);
            if let Some((t, all)) = counts.and_then(majority) {
                out.push(hash_parts(143, t as u64, u64::from(all)));
            }
            // A capitalized word before a number, by the article's first word: in a
            // results table of a sports story a city names a team ("SOCCER - …",
            // "Bolton 2"), in a market report a place.
            let next_digit = infos
                .get(i + 1)
                .is_some_and(|t| t.lower.bytes().next().is_some_and(|b| b.is_ascii_digit()));
            out.push(hash_parts(
                146,
                self.first_word.unwrap_or(0),
                u64::from(next_digit),
            ));
        }
        // Names of two or more tokens the word was part of ("Golan Heights", then "Golan").
        if let Some((t, all)) = self.in_names.get(&me.lower_h).and_then(majority) {
            out.push(hash_parts(
                144,
                t as u64,
                u64::from(all) | u64::from(me.init_cap) << 1,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majority_prefers_entities_and_reports_agreement() {
        assert_eq!(majority(&[3, 0, 0, 0, 0]), None);
        assert_eq!(majority(&[0, 0, 2, 0, 0]), Some((2, true)));
        assert_eq!(majority(&[1, 0, 2, 1, 0]), Some((2, false)));
        assert_eq!(majority(&[0, 1, 0, 1, 0]), Some((1, false)));
    }

    fn infos(words: &[&str]) -> Vec<TokenInfo> {
        let mut out = Vec::new();
        super::super::features::token_infos(
            super::super::features::Lexicons::builtin(),
            words,
            &mut out,
        );
        out
    }

    #[test]
    fn evidence_comes_from_other_mentions_and_longer_names() {
        let s1 = ["Golan", "Heights", "talks", "began", "."];
        let s2 = ["Golan", "talks", "stalled", "."];
        let (i1, i2) = (infos(&s1), infos(&s2));
        let mut fp = FirstPass::default();
        // "Golan Heights" a place (type index 2), then "Golan" alone missed.
        fp.add_sentence(&i1, &[(0, 2, 2)]);
        fp.add_sentence(&i2, &[]);
        let mut out = Vec::new();
        fp.features(&i2, 0, &mut out);
        // Seen twice, once as a place: the majority is a place, not unanimous.
        assert!(out.contains(&hash_parts(143, 3, 0)), "{out:?}");
        // Part of a two-word place name.
        assert!(out.contains(&hash_parts(144, 3, 1 | 2)), "{out:?}");
        // A word seen once gets no majority feature: it would only repeat the first pass.
        out.clear();
        fp.features(&i1, 1, &mut out);
        assert!(!out
            .iter()
            .any(|&h| (1..5).any(|t| h == hash_parts(143, t, 1))));
        assert!(out.contains(&hash_parts(144, 3, 1 | 2)), "{out:?}");
        // Lower-case words get neither the majority nor the article's first word.
        out.clear();
        fp.features(&i2, 1, &mut out);
        assert!(out.is_empty(), "{out:?}");
    }
}
