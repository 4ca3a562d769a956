//! Noun-phrase heuristics: the phrase that can name a speaker before or after a token, and
//! the subject of a verb. Each scan is bounded by a fixed window (at most a few dozen
//! tokens), so every call is `O(1)` in the document's length.

use super::view::View;
use crate::words::{
    is_time_word, not_speaker, MONTHS, ORG_NOUNS, PERSON_NOUNS, PREPOSITIONS, SOURCE_NOUNS,
    SPEAKER, TITLES,
};
use crate::words::{AUX, LONE_SPEAKERS, NP_STOP, PASSIVE, QUANTIFIERS};
use crate::EntityKind;
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
        // A phrase with a short aside in parentheses (`Rep. Jim Jordan (R-Ohio)`): the phrase
        // before it, the aside included.
        if self.tok(last) == ")" && last > floor + 1 {
            let open = (floor + 1..last)
                .rev()
                .take(6)
                .find(|&i| self.tok(i) == "(")?;
            let np = self.np_before(floor, open)?;
            return Some(np.start..end);
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
        // A person's name is the phrase; any other entity may be a modifier of it (`said
        // Senate leader Mitch McConnell`, `said Estonian security advisor Madis Roll`).
        let mut person_end = None;
        if let Some(r) = self.entity_range(start) {
            if r.start == start && r.end <= ceil {
                if self.entity_kind(start) == Some(EntityKind::Person) {
                    return Some(r);
                }
                person_end = Some(r.end);
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
        if let Some(first_end) = person_end {
            // The phrase that opened with another entity ends with the person it names, if
            // any; otherwise it is that entity alone, as before.
            let person = (first_end..b)
                .find(|&k| self.entity_kind(k) == Some(EntityKind::Person))
                .and_then(|k| self.entity_range(k));
            return match person {
                Some(p) if p.end <= b => Some(start..p.end),
                _ => Some(start..first_end),
            };
        }
        let r = start..b;
        self.speaker_ok(&r).then_some(r)
    }

    /// Whether token `i` is a lower-case adverb in "-ly" (`jokingly`, `repeatedly`), which can
    /// stand between a subject and its verb; not a noun such as "family" or "ally".
    pub(crate) fn ly_adverb(&self, i: usize) -> bool {
        let w = self.lower(i);
        w.len() > 5
            && w.ends_with("ly")
            && self.tok(i).starts_with(|c: char| c.is_ascii_lowercase())
            && !self.in_quote[i]
            && !matches!(w, "family" | "assembly" | "supply" | "anomaly" | "monopoly")
    }

    /// Subject of a verb at token `v`, searching back to `floor`. A passive (`is believed`)
    /// has no speaker subject. The subject of a relative clause is its relative pronoun
    /// (`Virtanen, who has said …`: "who", the mention PolNeAR annotates; the speaker stage
    /// resolves it to the phrase before it); the subject of a verb coordinated with an
    /// earlier one (`Tamm dismissed the report and said …`) is the earlier verb's.
    pub(crate) fn subject_before(&self, floor: usize, v: usize) -> Option<Range<usize>> {
        if v > floor && PASSIVE.contains(&self.lower(v - 1)) {
            return None;
        }
        let mut j = v;
        while j > floor && (AUX.contains(&self.lower(j - 1)) || self.ly_adverb(j - 1)) {
            j -= 1;
        }
        // A date before the verb: `Trump on Monday said`, `A report published Wednesday said`.
        let mut k = j;
        while k > floor && j - k < 4 && {
            let w = self.lower(k - 1);
            is_time_word(w) || MONTHS.contains(&w) || matches!(w, "on" | "this" | "earlier")
        } {
            k -= 1;
        }
        if k < j && k > floor && (k..j).any(|i| is_time_word(self.lower(i))) {
            j = k;
            while j > floor && AUX.contains(&self.lower(j - 1)) {
                j -= 1;
            }
        }
        if j <= floor {
            return None;
        }
        // A short aside in parentheses after the subject (`Jaan Tamm (R-Fla.) said`): the
        // subject is the phrase before it, the aside included.
        if j > floor + 2 && self.tok(j - 1) == ")" {
            let open = (floor + 1..j - 1)
                .rev()
                .take(6)
                .find(|&i| self.tok(i) == "(")?;
            let np = self.plain_subject(floor, open)?;
            return Some(np.start..j);
        }
        let w = self.lower(j - 1);
        if LONE_SPEAKERS.contains(&w) && !self.in_quote[j - 1] {
            // `Another said …`, `Yet another said …`.
            return Some(j - 1..j);
        }
        if j - 1 > floor && self.relative_pronoun(j - 1) {
            return Some(j - 1..j);
        }
        if matches!(w, "and" | "but") {
            return self.coordinated_subject(floor, j - 1);
        }
        self.plain_subject(floor, j)
    }

    /// Where the clause that token `v` belongs to opens, from sentence start `floor`: past a
    /// quote the segmenter started the sentence in (`He is a traitor,” Kask said, …`) and
    /// past opening conjunctions and adverbs (`And then Kask went on the attack, saying …`).
    fn clause_opening(&self, floor: usize, v: usize) -> usize {
        let mut s = floor;
        while s < v && (self.in_quote[s] || !self.is_word(s)) {
            s += 1;
        }
        while s < v
            && matches!(
                self.lower(s),
                "and" | "but" | "then" | "so" | "yet" | "still" | "also" | "now"
            )
        {
            s += 1;
        }
        s
    }

    /// Where the main clause of the clause opening at `s` starts, before token `v`: past an
    /// opening adverbial that ends in a comma (`Asked about the port, Saar …`, `Eight years
    /// ago, he …`, `In three interviews, the justice …`); `s` when the clause opens with its
    /// subject.
    fn main_clause_start(&self, s: usize, v: usize) -> usize {
        if s >= v
            || self
                .np_after(s, v)
                .is_some_and(|np| np.clone().any(|i| self.names_source(i)))
        {
            return s;
        }
        (s..v)
            .take(12)
            .find(|&k| self.tok(k) == "," && !self.in_quote[k])
            .map_or(s, |k| k + 1)
    }

    /// The subject of a participle cue at token `v` after a comma (`Roll left the room,
    /// telling reporters …`): after a reporting verb of the same sentence, that verb's
    /// subject (`“…,” Graham said on MSNBC, adding, “…”`, `…, Tamm said Tuesday, noting
    /// …`); otherwise the clause's opening phrase when it names someone, also past an opening
    /// adverbial (`In three interviews, the justice sounded off, saying …`).
    pub(crate) fn participle_subject(&self, floor: usize, v: usize) -> Option<Range<usize>> {
        if v <= floor + 1 {
            return None;
        }
        let s = self.clause_opening(floor, v - 1);
        if let Some(u) = (s..v - 1)
            .rev()
            .take(30)
            .find(|&k| self.is_cue(k) && !self.lower(k).ends_with("ing"))
        {
            if let Some(sp) = self
                .subject_before(s, u)
                .or_else(|| self.np_after(u + 1, v - 1))
            {
                return Some(sp);
            }
        }
        let named = |np: &Range<usize>| {
            np.clone()
                .any(|i| self.tok_entity[i].is_some() || self.names_source(i))
        };
        let s = self.main_clause_start(s, v - 1);
        self.np_after(s, v - 1).filter(named)
    }

    /// Whether token `i` is a relative pronoun with an antecedent right before it: `, who`,
    /// `, which`, `the report that`.
    pub(crate) fn relative_pronoun(&self, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        match self.lower(i) {
            "who" | "which" => true,
            "that" => {
                let p = self.lower(i - 1);
                self.entity_kind(i - 1)
                    .is_some_and(|k| matches!(k, EntityKind::Person | EntityKind::Organization))
                    || SOURCE_NOUNS.contains(&p)
                    || ORG_NOUNS.contains(&p)
                    || PERSON_NOUNS.contains(&p)
            }
            _ => false,
        }
    }

    /// The subject of the first of two coordinated verbs, `and` at token `and`: the subject
    /// of the cue before it, or the sentence's opening phrase when it names someone.
    fn coordinated_subject(&self, floor: usize, and: usize) -> Option<Range<usize>> {
        let verb = |k: usize| {
            self.is_cue(k)
                || (self.is_loose_cue(k)
                    && (self.lower(k).ends_with("ed") || self.lower(k).ends_with("ing")))
        };
        let floor = self.main_clause_start(self.clause_opening(floor, and), and);
        if let Some(u) = (floor..and).rev().take(25).find(|&k| verb(k)) {
            if self.lower(u).ends_with("ing") {
                // `Clinton won, declaring it … and said …`: the sentence's subject.
                return (u > floor + 1 && self.tok(u - 1) == ",")
                    .then(|| self.np_after(floor, u - 1))
                    .flatten();
            }
            let mut j = u;
            while j > floor && AUX.contains(&self.lower(j - 1)) {
                j -= 1;
            }
            if j <= floor || PASSIVE.contains(&self.lower(u - 1)) {
                return None;
            }
            if j - 1 > floor && self.relative_pronoun(j - 1) {
                return Some(j - 1..j);
            }
            return self.plain_subject(floor, j);
        }
        let mut np = self.np_after(floor, and)?;
        // The phrase runs on into the first verb when nothing stops it (`Opposition lawmakers
        // welcomed the decision but said …`): it ends before a past tense.
        if let Some(k) = (np.start + 1..np.end).find(|&k| {
            self.lower(k).ends_with("ed") && !self.tok(k).starts_with(char::is_uppercase)
        }) {
            np.end = k;
        }
        let named = np.clone().any(|i| self.names_source(i));
        (named && np.end + 1 < and).then_some(np)
    }

    /// The subject phrase ending just before token `j` (an apposition skipped), widened over
    /// prepositional phrases to its head (`officials at the ministry`); `None` when that head
    /// cannot be a source (`talk about troops going to Latvia`).
    fn plain_subject(&self, floor: usize, j: usize) -> Option<Range<usize>> {
        let np = self.apposed_subject(floor, j)?;
        let mut sp = np.clone();
        let mut head = None;
        for _ in 0..3 {
            if sp.start <= floor + 1 || !PREPOSITIONS.contains(&self.lower(sp.start - 1)) {
                break;
            }
            let Some(outer) = self.np_before(floor, sp.start - 1) else {
                break;
            };
            head = Some(outer.end - 1);
            sp = outer.start..sp.end;
        }
        match head {
            None => Some(np),
            Some(h) if self.can_be_source(h) => Some(sp),
            // `Source familiar with the ad`: another word of the phrase names the source.
            Some(h) if (sp.start..=h).any(|i| self.names_source(i)) => Some(sp),
            Some(_) => None,
        }
    }

    /// Whether the head word at token `i` can name a source: a person or organization, a
    /// pronoun, a person, organization or document noun, or a capitalised name.
    pub(crate) fn can_be_source(&self, i: usize) -> bool {
        let w = self.lower(i);
        self.names_source(i)
            || (self.tok(i).starts_with(char::is_uppercase)
                && !is_time_word(w)
                && !MONTHS.contains(&w)
                && match self.entity_kind(i) {
                    None => self.sent_range(i).start != i,
                    Some(k) => !matches!(k, EntityKind::Country | EntityKind::Location),
                })
    }

    /// Whether token `i` names a source by itself: a person or organization mention, a
    /// pronoun, or a person, organization or document noun.
    pub(crate) fn names_source(&self, i: usize) -> bool {
        let w = self.lower(i);
        self.is_pronoun(i)
            || self
                .entity_kind(i)
                .is_some_and(|k| matches!(k, EntityKind::Person | EntityKind::Organization))
            || PERSON_NOUNS.contains(&w)
            || ORG_NOUNS.contains(&w)
            || SOURCE_NOUNS.contains(&w)
            || TITLES.iter().any(|(t, u)| u & SPEAKER != 0 && *t == w)
    }

    /// The kind of the entity mention covering token `i`.
    pub(crate) fn entity_kind(&self, i: usize) -> Option<EntityKind> {
        self.tok_entity[i].map(|e| self.doc.entities[e].kind)
    }

    /// The noun phrase ending just before token `j`, or, after an apposition (`Roll, the
    /// president’s advisor, said`), the one before it.
    fn apposed_subject(&self, floor: usize, j: usize) -> Option<Range<usize>> {
        if self.tok(j - 1) == "," {
            // "Roll, the president’s advisor, said": the name before the apposition; over
            // a longer one ("Mr. Daniloff, now 81 and retired in Cambridge, Mass., said"),
            // the first phrase going left that can be a source.
            let mut first = None;
            let mut commas = 0;
            for k in (floor.max((j - 1).saturating_sub(40))..j - 1).rev() {
                if self.tok(k) != "," {
                    continue;
                }
                commas += 1;
                let np = self.np_before(floor, k);
                if let Some(np) = &np {
                    if np.clone().any(|i| self.names_source(i)) {
                        return Some(np.clone());
                    }
                }
                first = first.or(Some(np));
                if commas == 4 {
                    break;
                }
            }
            return first.flatten();
        }
        self.np_before(floor, j)
    }
}
