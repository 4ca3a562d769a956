//! The direct quotes, last: each quoted stretch with its own attribution, and a quoted
//! stretch with none that opens a paragraph (or a sentence) right after an attribution,
//! which continues it (same cue and speaker, so the pieces read as one attribution). A long
//! quoted stretch with neither cue nor speaker is kept only on request; a short one (three
//! words or fewer) is a scare quote or a title. One pass over the quoted stretches with a
//! binary search into the sorted known speakers: `O(n log n)`.

use super::candidate::{Attr, Candidate, Pattern};
use super::view::View;
use crate::QuoteKind;
use std::ops::Range;

/// A speaker known at a token position: (position, speaker, cue).
pub(crate) type Known = (usize, Range<usize>, Option<Range<usize>>);

/// The direct quotes, in text order. `attrs` holds each quoted stretch's attribution,
/// `claimed` whether a reported clause took it, `known` the speakers of the reported
/// clauses (by cue position).
pub(crate) fn pass(
    view: &View<'_>,
    attrs: &[Option<Attr>],
    claimed: &[bool],
    mut known: Vec<Known>,
    keep_unattributed: bool,
) -> Vec<Candidate> {
    let quotes = &view.quotes;
    for (k, a) in attrs.iter().enumerate() {
        if let Some(a) = a {
            if let Some(sp) = &a.speaker {
                known.push((quotes[k].open, sp.clone(), a.cue.clone()));
            }
        }
    }
    known.sort_by_key(|(p, _, _)| *p);
    let mut out = Vec::new();
    let mut last_attr: Option<(usize, Attr)> = None;
    for (k, q) in quotes.iter().enumerate() {
        if claimed[k] && attrs[k].is_none() {
            continue;
        }
        let para = view.tok_para[q.open];
        let attr = match &attrs[k] {
            Some(a) => Some(a.clone()),
            None => {
                let para_start = view.para_range(q.open).start;
                let opens_para = q.open == para_start;
                let opens_sentence = view.sent_range(q.open).start == q.open;
                let before = known[..known.partition_point(|(p, _, _)| *p < q.open)].last();
                match (&last_attr, before) {
                    (Some((p, a)), _) if opens_para && para <= p + 1 => {
                        Some(a.as_pattern(Pattern::Continuation))
                    }
                    (_, Some((p, sp, cue)))
                        if (opens_para || (opens_sentence && view.tok_para[*p] == para))
                            && view.tok_para[*p] + 1 >= para =>
                    {
                        Some(Attr {
                            cue: cue.clone(),
                            speaker: Some(sp.clone()),
                            pattern: Pattern::Continuation,
                        })
                    }
                    _ => None,
                }
            }
        };
        if attr.is_none() && (view.words_in(&q.inner) <= 3 || !keep_unattributed) {
            continue;
        }
        let attr = attr.unwrap_or(Attr {
            cue: None,
            speaker: None,
            pattern: Pattern::Unattributed,
        });
        if attrs[k].is_some() || attr.speaker.is_some() {
            last_attr = Some((para, attr.clone()));
        }
        out.push(Candidate::new(QuoteKind::Direct, q.outer, attr));
    }
    out
}
