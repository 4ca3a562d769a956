//! A nested report's source: in `Benjamin said he believes “…”`, PolNeAR annotates the
//! outer speaker ("Benjamin"), not the pronoun that heads the inner clause. When the
//! speaker of an attribution is a lone pronoun right after a reporting verb (with or
//! without "that") whose own cue comes later, the speaker becomes that verb's subject.
//! Applied to the final quotes only (the learned stage reads the rule speakers as they
//! were found); each check looks at a bounded window, `O(1)` per quote.

use super::candidate::Candidate;
use super::view::View;

/// The outer speaker of candidate `c`, when its speaker is a pronoun reported by an
/// earlier verb of the same sentence: `X said (that) he <cue> …`.
pub(super) fn outer_speaker(view: &View<'_>, c: &Candidate) -> Option<std::ops::Range<usize>> {
    let sp = c.attr.speaker.as_ref()?;
    let cue = c.attr.cue.as_ref()?;
    let p = sp.start;
    if sp.len() != 1 || !view.is_pronoun(p) || cue.start <= p {
        return None;
    }
    let floor = view.sent_range(p).start;
    let mut v = p.checked_sub(1)?;
    if v > floor && view.lower(v) == "that" {
        v -= 1;
    }
    if v <= floor || !view.is_cue(v) || view.lower(v).ends_with("ing") {
        return None;
    }
    view.subject_before(floor, v)
        .filter(|outer| outer.end <= v && !outer.contains(&p))
}
