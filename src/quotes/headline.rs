//! Headline-style attributions: `Roll: Talks Are Over` (a name, a colon, a clause). One look
//! at the first seven tokens of each sentence: `O(n log n)` with the binary search over the
//! quoted stretches.

use super::candidate::{Attr, Candidate, Claims, Found, Pattern};
use super::view::View;
use crate::{EntityKind, QuoteKind};
use std::ops::Range;

/// Prepositions that, capitalised inside a phrase, mark a headline's title case.
const HEADLINE_PREPOSITIONS: &[&str] = &[
    "Over", "About", "In", "On", "With", "From", "To", "At", "By", "After", "Before", "Against",
    "Vs", "Into", "Under",
];

/// Last words of a headline label that is no speaker (`Delegate Update:`, `Question:`).
const HEADLINE_WORDS: &[&str] = &[
    "latest",
    "update",
    "question",
    "answer",
    "poll",
    "analysis",
    "opinion",
    "editorial",
    "review",
    "exclusive",
    "watch",
    "video",
    "photos",
    "live",
    "breaking",
    "report",
    "timeline",
];

/// Runs the pass, extending `claims`; results in text order.
pub(crate) fn pass(view: &View<'_>, claims: &mut Claims) -> Vec<Found> {
    let quotes = &view.quotes;
    let mut out = Vec::new();
    for sent in &view.doc.seg.sentences {
        let r = sent.tokens();
        let Some(c) = r.clone().take(7).find(|&k| view.tok(k) == ":") else {
            continue;
        };
        if c == r.start || claims.cue[c] || view.in_quote[c] {
            continue;
        }
        let Some(sp) = view.np_before(r.start, c).filter(|sp| sp.start == r.start) else {
            continue;
        };
        let named = is_headline_speaker(view, &sp);
        let mut end = r.end;
        while end > c + 1 && !view.is_word(end - 1) && !view.in_quote[end - 1] {
            end -= 1;
        }
        let content = c + 1..end;
        if !named || view.words_in(&content) < 3 {
            continue;
        }
        let cspan = view.span(&content);
        let overlapping = view.overlapping_quotes(cspan);
        if overlapping.clone().any(|k| claims.quote[k]) {
            continue;
        }
        let attr = Attr::new(Pattern::Headline, c..c + 1, sp);
        if overlapping.len() == 1 {
            let k = overlapping.start;
            if view.words_in(&(content.start..quotes[k].open)) == 0 {
                claims.quote[k] = true;
                out.push(Found::Quote(k, attr));
                continue;
            }
        }
        let kind = if overlapping.is_empty() {
            QuoteKind::Indirect
        } else {
            QuoteKind::Mixed
        };
        for k in overlapping {
            claims.quote[k] = true;
        }
        claims.cue[c] = true;
        out.push(Found::Clause(Candidate::new(kind, cspan, attr)));
    }
    out
}

/// Whether the phrase before a headline's colon names a speaker, not the headline's own
/// words (`The Latest:`, `Stealth Over Health:`, `Question:`): a person or organization
/// mention, or one or two capitalised words, not opening with an article, with no
/// capitalised preposition inside.
pub(crate) fn is_headline_speaker(view: &View<'_>, sp: &Range<usize>) -> bool {
    let person_or_org = sp.clone().any(|i| {
        view.entity_kind(i)
            .is_some_and(|k| matches!(k, EntityKind::Person | EntityKind::Organization))
    });
    let short_name = sp.len() <= 2
        && sp
            .clone()
            .all(|i| view.tok(i).starts_with(char::is_uppercase) && view.tok_entity[i].is_none());
    let wording = sp
        .clone()
        .skip(1)
        .any(|i| HEADLINE_PREPOSITIONS.contains(&view.tok(i)));
    !sp.is_empty()
        && !wording
        && !matches!(view.lower(sp.start), "the" | "a" | "an")
        && (person_or_org || short_name)
        && !HEADLINE_WORDS.contains(&view.lower(sp.end - 1))
}
