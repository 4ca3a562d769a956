//! Headline-style attributions: `Roll: Talks Are Over` (a name, a colon, a clause). One look
//! at the first seven tokens of each sentence: `O(n log n)` with the binary search over the
//! quoted stretches.

use super::candidate::{Attr, Candidate, Claims, Found, Pattern};
use super::view::View;
use crate::QuoteKind;

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
        let named = sp.clone().any(|i| view.tok_entity[i].is_some())
            || sp
                .clone()
                .all(|i| view.tok(i).starts_with(char::is_uppercase));
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
