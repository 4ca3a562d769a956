//! Indirect and mixed quotes from the reporting cues that no direct quote took:
//! `X said (that) …`, `X told Y (that) …`, `…, X said.`, `…, said X.`, `According to X, …`,
//! `…, according to X.`, `X left, saying …`. The content is the reported clause; when it holds
//! quoted fragments the quote is mixed, and when it is exactly one quoted stretch, that
//! stretch becomes a direct quote cued here.
//!
//! One scan over the tokens; each cue looks at its own sentence through the view's indexes
//! (clause end, next comma, quoted stretches by binary search), and the scan resumes after
//! the content it took, so the pass is `O(n log n)`.

use super::candidate::{Attr, Candidate, Claims, Found, Pattern};
use super::view::View;
use crate::words::{FRAMING_VERBS, LISTENER_VERBS};
use crate::QuoteKind;
use std::ops::Range;

/// Runs the pass, extending `claims`; results in text order.
pub(crate) fn pass(view: &View<'_>, claims: &mut Claims) -> Vec<Found> {
    let quotes = &view.quotes;
    let mut out = Vec::new();
    let mut v = 0;
    while v < view.n() {
        let strict = view.is_cue(v) || view.is_according(v);
        // Beyond the strict list, a cue must read as a verb of framing ("called",
        // "slammed"), not a word that is as often a noun ("island state").
        let framing = view.is_loose_cue(v)
            && (FRAMING_VERBS.contains(&view.lower(v)) || view.lower(v).ends_with("ed"));
        let cue_here = (strict || framing) && !claims.cue[v] && !view.in_quote[v];
        if !cue_here {
            v += 1;
            continue;
        }
        let Some((attr, content)) = clause(view, v) else {
            v += 1;
            continue;
        };
        let cspan = view.span(&content);
        let mut mixed = false;
        let mut all_quote = None;
        let overlapping = view.overlapping_quotes(cspan);
        for (k, q) in quotes
            .iter()
            .enumerate()
            .take(overlapping.end)
            .skip(overlapping.start)
        {
            if claims.quote[k] {
                // Content already given to a direct quote: drop this reading.
                mixed = false;
                all_quote = Some(usize::MAX);
                break;
            }
            mixed = true;
            if view.words_in(&(content.start..q.open)) == 0
                && (q.inner.end..content.end).all(|i| !view.is_word(i))
            {
                all_quote = Some(k);
            }
        }
        if all_quote == Some(usize::MAX)
            || (!strict && !mixed)
            || (!mixed && view.words_in(&content) < 3)
        {
            v += 1;
            continue;
        }
        if let Some(k) = all_quote {
            // The clause is one quote: a direct quote cued by this verb.
            claims.quote[k] = true;
            out.push(Found::Quote(k, attr));
            v += 1;
            continue;
        }
        for c in &mut claims.quote[overlapping] {
            *c = true;
        }
        let kind = if mixed {
            QuoteKind::Mixed
        } else {
            QuoteKind::Indirect
        };
        for i in attr.cue.clone().unwrap_or(v..v + 1) {
            claims.cue[i] = true;
        }
        out.push(Found::Clause(Candidate::new(kind, cspan, attr)));
        v = content.end.max(v + 1);
    }
    out
}

/// An indirect attribution around cue token `v`: (attribution, content tokens).
fn clause(view: &View<'_>, v: usize) -> Option<(Attr, Range<usize>)> {
    let sent = view.sent_range(v);
    let end = view.clause_end[view.tok_sent[v]];
    if view.is_according(v) {
        let sp = view.np_after(v + 2, end)?;
        let content =
            if v == sent.start || (v > sent.start && !view.is_word(v - 1) && v - 1 == sent.start) {
                let mut c = view.comma_in(sp.end, end)? + 1;
                // Skip an apposition: `According to X, an analyst at Y, CONTENT`.
                if c < end && matches!(view.lower(c), "a" | "an" | "the") {
                    if let Some(k) = (c..end.min(c + 14)).find(|&k| view.tok(k) == ",") {
                        if view.words_in(&(k + 1..end)) >= 2 && (c..k).all(|i| !view.is_cue(i)) {
                            c = k + 1;
                        }
                    }
                }
                c..end
            } else {
                let mut e = v;
                while e > sent.start && view.tok(e - 1) == "," {
                    e -= 1;
                }
                sent.start..e
            };
        return (view.words_in(&content) >= 2)
            .then_some((Attr::new(Pattern::According, v..v + 2, sp), content));
    }
    let verb = view.lower(v);
    if verb.ends_with("ing") {
        // `Roll left early, saying (that) CONTENT`: the clause's subject speaks.
        if v <= sent.start + 2 || view.tok(v - 1) != "," {
            return None;
        }
        let subject = view.np_after(sent.start, v - 1)?;
        let named = subject
            .clone()
            .any(|i| view.tok_entity[i].is_some() || view.is_pronoun(i));
        if !named {
            return None;
        }
        let mut c = v + 1;
        if LISTENER_VERBS.contains(&verb) {
            c = (c..end.min(c + 8))
                .find(|&k| view.lower(k) == "that")
                .map_or(c + 1, |t| t + 1);
        }
        while c < end && matches!(view.lower(c), "that" | ":" | ",") {
            c += 1;
        }
        let content = c..end;
        return (view.words_in(&content) >= 2).then_some((
            Attr::new(Pattern::ClauseAfterCue, v..v + 1, subject),
            content,
        ));
    }
    // Post-posed: `CONTENT, X said.` or `CONTENT, said X.`
    let after_words = view.words_in(&(v + 1..end));
    if let Some(sp) = view.np_after(v + 1, end).filter(|sp| sp.end == end) {
        if v > sent.start && view.tok(v - 1) == "," {
            let content = sent.start..v - 1;
            if view.words_in(&content) >= 2 {
                return Some((Attr::new(Pattern::ClauseBeforeCue, v..v + 1, sp), content));
            }
        }
    }
    let subject = view.subject_before(sent.start, v)?;
    if after_words == 0 || (after_words <= 2 && end == sent.end) {
        // `…, X said.`: content is what precedes the subject.
        let mut c_end = subject.start;
        while c_end > sent.start && !view.is_word(c_end - 1) && !view.in_quote[c_end - 1] {
            c_end -= 1;
        }
        let content = sent.start..c_end;
        if subject.start > sent.start
            && view.tok(subject.start - 1) == ","
            && view.words_in(&content) >= 2
        {
            return Some((
                Attr::new(Pattern::ClauseBeforeCue, v..v + 1, subject),
                content,
            ));
        }
        return None;
    }
    // `X said (that) CONTENT` / `X told Y (that) CONTENT`.
    let mut c = v + 1;
    if matches!(verb, "asked" | "asks" | "ask") {
        if let Some(t) = (c..end.min(c + 8)).find(|&k| {
            matches!(
                view.lower(k),
                "whether" | "if" | "what" | "why" | "how" | "when" | "about" | "to" | "for"
            )
        }) {
            c = t;
        }
    } else if LISTENER_VERBS.contains(&verb) {
        if let Some(t) = (c..end.min(c + 8)).find(|&k| view.lower(k) == "that") {
            c = t + 1;
        } else if let Some(r) = view.entity_range(c) {
            c = r.end;
        } else if view.np_token(c) {
            c += 1;
        }
    }
    while c < end && matches!(view.lower(c), "that" | ":" | ",") {
        c += 1;
    }
    let content = c..end;
    if view.words_in(&content) < 2 {
        return None;
    }
    Some((
        Attr::new(Pattern::ClauseAfterCue, v..v + 1, subject),
        content,
    ))
}
