//! Noun-phrase heuristics: the phrase that can name a speaker before or after a token, and
//! the subject of a verb. Each scan is bounded by a fixed window (at most a few dozen
//! tokens), so every call is `O(1)` in the document's length.

use super::view::View;
use crate::words::{is_time_word, not_speaker, AUX, NP_STOP, PASSIVE, QUANTIFIERS};
use std::ops::Range;

impl View<'_> {
    /// A phrase can name a speaker when its last word is not a time, number or function word.
    pub(crate) fn speaker_ok(&self, r: &Range<usize>) -> bool {
        let last = r.end - 1;
        let w = self.lower(last);
        (self.is_pronoun(last) && !matches!(w, "his" | "her"))
            || self.tok_entity[last].is_some()
            || (!not_speaker(w)
                && !is_time_word(w)
                && !QUANTIFIERS.contains(&w)
                && !w.ends_with("ly")
                && !w
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == '.'))
    }

    /// Whether token `i` can be part of a noun phrase.
    pub(crate) fn np_token(&self, i: usize) -> bool {
        let w = self.lower(i);
        (self.is_word(i) || w == "'s" || w == "-" || w == "&" || w == ".")
            && !NP_STOP.contains(&w)
            && !self.is_cue(i)
            && !self.in_quote[i]
    }

    /// The noun phrase that ends just before token `end` (exclusive), not reaching `floor`.
    pub(crate) fn np_before(&self, floor: usize, end: usize) -> Option<Range<usize>> {
        if end <= floor {
            return None;
        }
        let last = end - 1;
        if self.is_pronoun(last) {
            return Some(last..end);
        }
        if let Some(r) = self.entity_range(last) {
            if r.start >= floor {
                // Extend left over a determiner/title/possessive part of the same phrase.
                return Some(self.extend_left(floor, r));
            }
        }
        if !self.np_token(last) || !self.is_word(last) || !self.speaker_ok(&(last..end)) {
            return None;
        }
        let mut a = last;
        while a > floor && end - a < 8 && self.np_token(a - 1) {
            a -= 1;
        }
        Some(self.trim_prepositions(a..end))
    }

    /// Drops prepositions that open a phrase ("of Clinton" → "Clinton").
    fn trim_prepositions(&self, mut r: Range<usize>) -> Range<usize> {
        while r.len() > 1
            && matches!(
                self.lower(r.start),
                "of" | "for" | "against" | "like" | "per"
            )
        {
            r.start += 1;
        }
        r
    }

    fn extend_left(&self, floor: usize, r: Range<usize>) -> Range<usize> {
        let mut a = r.start;
        while a > floor && r.end - a < 10 && self.np_token(a - 1) && !self.is_pronoun(a - 1) {
            a -= 1;
        }
        self.trim_prepositions(a..r.end)
    }

    /// The noun phrase that starts at token `start`, not reaching `ceil`.
    pub(crate) fn np_after(&self, start: usize, ceil: usize) -> Option<Range<usize>> {
        if start >= ceil {
            return None;
        }
        if self.is_pronoun(start) {
            return Some(start..start + 1);
        }
        if !self.np_token(start) || !self.is_word(start) {
            return None;
        }
        if let Some(r) = self.entity_range(start) {
            if r.start == start && r.end <= ceil {
                return Some(r);
            }
        }
        // A date word ends the phrase (`said Roll Tuesday`) unless a determiner makes it part
        // of it (`a Wednesday editorial`).
        let ends_phrase = |b: usize| {
            let after_determiner =
                matches!(self.lower(b - 1), "a" | "an" | "the" | "this" | "last");
            is_time_word(self.lower(b)) && !after_determiner
        };
        let mut b = start + 1;
        while b < ceil && b - start < 10 && self.np_token(b) && !ends_phrase(b) {
            b += 1;
        }
        // Trim trailing non-words.
        while b > start + 1 && !self.is_word(b - 1) {
            b -= 1;
        }
        let r = start..b;
        self.speaker_ok(&r).then_some(r)
    }

    /// Subject of a verb at token `v`, searching back to `floor`. A passive (`is believed`)
    /// has no speaker subject.
    pub(crate) fn subject_before(&self, floor: usize, v: usize) -> Option<Range<usize>> {
        if v > floor && PASSIVE.contains(&self.lower(v - 1)) {
            return None;
        }
        let mut j = v;
        while j > floor && AUX.contains(&self.lower(j - 1)) {
            j -= 1;
        }
        if j <= floor {
            return None;
        }
        if self.tok(j - 1) == "," {
            // "Roll, the president’s advisor, said": the name before the apposition.
            let k = (floor..j - 1)
                .rev()
                .take(25)
                .find(|&k| self.tok(k) == ",")?;
            let np = self.np_before(floor, k)?;
            return Some(np);
        }
        self.np_before(floor, j)
    }
}
