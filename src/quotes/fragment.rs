//! The lead of an interrupted mixed quote: in `These rulings, the lawyers said, “all command
//! the same conclusion.”` and `The club’s investment, Tanzer said, ''is a perfect example''`,
//! PolNeAR annotates one content in two fragments, the words before the attribution and the
//! quote after it. The direct pass attaches the quote; this pass adds the lead, with the same
//! attribution, so that the two share a cue (as the fragments of an interrupted quote do).
//!
//! One look per attributed quote, bounded by its sentence: `O(n)`.

use super::candidate::{Attr, Candidate, Pattern};
use super::view::View;
use crate::QuoteKind;

/// The leads of the quotes attributed in `attrs` (by index into `view.quotes`).
pub(crate) fn pass(view: &View<'_>, attrs: &[Option<Attr>]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (q, attr) in view.quotes.iter().zip(attrs) {
        let Some(attr) = attr else { continue };
        let (Some(cue), Some(sp)) = (&attr.cue, &attr.speaker) else {
            continue;
        };
        let open = q.open;
        // `…, X said, “` / `…, said X, “`: the attribution stands right before the mark,
        // after a comma.
        let a = cue.start.min(sp.start);
        let b = cue.end.max(sp.end);
        // Speaker and cue stand together (`X said`, `said X`), not a speaker found further
        // back (`Eight years ago, he backed Kask and said, “…”`).
        let gap = if sp.end <= cue.start {
            sp.end..cue.start
        } else {
            cue.end..sp.start
        };
        if gap.len() > 2 {
            continue;
        }
        if b > open || (b..open).any(|i| view.tok(i) != ",") || b == open {
            continue;
        }
        let sent = view.sent_range(open);
        if a <= sent.start + 2 || view.tok(a - 1) != "," {
            continue;
        }
        // The lead starts after a dash, colon or semicolon (`… in common — a list that, one
        // officer joked, “…”`).
        let start = (sent.start..a - 1)
            .rev()
            .find(|&i| matches!(view.tok(i), "—" | "–" | "--" | ";" | ":"))
            .map_or(sent.start, |i| i + 1);
        let lead = start..a - 1;
        let plain = lead.clone().all(|i| {
            !view.in_quote[i]
                && !view.is_cue(i)
                && !view.is_according(i)
                && !matches!(view.tok(i), "“" | "”" | "\"" | "''" | "``")
        });
        if plain && view.words_in(&lead) >= 3 {
            out.push(Candidate::new(
                QuoteKind::Indirect,
                view.span(&lead),
                attr.as_pattern(Pattern::ClauseBeforeCue),
            ));
        }
    }
    out
}
