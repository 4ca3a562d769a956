//! A nested report's source: in `Benjamin said he believes “…”`, PolNeAR annotates the
//! outer speaker ("Benjamin"), not the pronoun that heads the inner clause. When the
//! speaker of an attribution is a lone pronoun right after a reporting verb (with or
//! without "that") whose own cue comes later, the speaker becomes that verb's subject.
//! Likewise in `X said the talks had failed, according to the newspaper`, the source is
//! the newspaper: a report that runs on into ", according to Y" takes Y as its speaker.
//! The reporting verb's subject is also found past an aside (`X at the time said he …`,
//! `he's said he …`; in `X (R-Ore.) said he …` the parenthesis and in `Another said he …`
//! the lone word are the subject `View::subject_before` finds).
//! Applied to the final quotes only (the learned stage reads the rule speakers as they
//! were found); each check looks at a bounded window, `O(1)` per quote.

use super::candidate::Candidate;
use super::view::View;
use crate::words::{AUX, MOMENT_NOUNS, SOURCELESS_CUES};

/// The outer speaker of candidate `c`, when its speaker is a pronoun reported by an
/// earlier verb of the same sentence: `X said (that) he <cue> …`.
pub(super) fn outer_speaker(view: &View<'_>, c: &Candidate) -> Option<std::ops::Range<usize>> {
    let cue = c.attr.cue.as_ref()?;
    c.attr.speaker.as_ref()?;
    // A report that runs on into ", according to Y" (unless its cue is "according to").
    let according = (!view.is_according(cue.start))
        .then(|| {
            let toks = &view.doc.seg.tokens;
            let content = toks.partition_point(|t| t.start < c.content.start)
                ..toks.partition_point(|t| t.start < c.content.end);
            according_after(view, &content, cue)
                .or_else(|| according_behind(view, c, content.end, cue))
        })
        .flatten();
    according.or_else(|| reporter(view, c, cue))
}

/// How many tokens after an attribution are searched for ", according to".
const BEHIND: usize = 12;

/// `“…,” X said at a rally, according to Y.`: the phrase after "according to", when it
/// follows the attribution itself (cue and speaker after the content, which ends before token
/// `content_end`) in the same sentence, with no quote mark or other cue between. On the fit part of PolNeAR train, gold had Y in
/// 16 of the 17 direct quotes read this way.
fn according_behind(
    view: &View<'_>,
    c: &Candidate,
    content_end: usize,
    cue: &std::ops::Range<usize>,
) -> Option<std::ops::Range<usize>> {
    let sp = c.attr.speaker.as_ref()?;
    if cue.start < content_end || sp.start < content_end {
        return None;
    }
    let from = cue.end.max(sp.end);
    let sent_end = view.sent_range(cue.start).end;
    let k = (from..sent_end.saturating_sub(2))
        .take(BEHIND)
        .take_while(|&k| {
            !view.in_quote[k] && (view.is_word(k) || matches!(view.tok(k), "," | "." | "-"))
        })
        .find(|&k| k > from && view.tok(k - 1) == "," && view.is_according(k))?;
    if (from..k).any(|i| view.is_cue(i)) {
        return None;
    }
    view.np_after(k + 2, sent_end)
}

/// Whether candidate `c`'s cue ends with a word of [`SOURCELESS_CUES`] (`It seems …`, `a
/// thriller titled “…”`): PolNeAR gives such attributions no source, so neither do we.
pub(super) fn sourceless(view: &View<'_>, c: &Candidate) -> bool {
    c.attr
        .cue
        .as_ref()
        .filter(|cue| !cue.is_empty())
        .is_some_and(|cue| SOURCELESS_CUES.contains(&view.lower(cue.end - 1)))
}

/// How many of a content's last tokens are searched for ", according to".
const TAIL: usize = 30;

/// `X said CONTENT, according to Y`: the phrase after "according to", when the cue comes
/// before the content (`content`: its tokens).
fn according_after(
    view: &View<'_>,
    content: &std::ops::Range<usize>,
    cue: &std::ops::Range<usize>,
) -> Option<std::ops::Range<usize>> {
    let (first, end) = (content.start, content.end);
    if cue.end > first || end <= first + 2 {
        return None;
    }
    let k = (first + 1..end - 2)
        .rev()
        .take(TAIL)
        .find(|&k| view.tok(k - 1) == "," && view.is_according(k))?;
    let sent_end = view.sent_range(k).end;
    view.np_after(k + 2, sent_end)
}

/// `X said (that) he <cue> …`: X.
fn reporter(
    view: &View<'_>,
    c: &Candidate,
    cue: &std::ops::Range<usize>,
) -> Option<std::ops::Range<usize>> {
    let sp = c.attr.speaker.as_ref()?;
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
        .or_else(|| subject_past_aside(view, floor, v))
        .filter(|outer| outer.end <= v && !outer.contains(&p))
}

/// The subject of the reporting verb at `v` when an aside stands between them: `Hale at
/// the time said`, `he's said` (a parenthesis, `Hale (R-Ore.) said`, and a lone `Another`
/// are subjects that `View::subject_before` finds).
fn subject_past_aside(view: &View<'_>, floor: usize, v: usize) -> Option<std::ops::Range<usize>> {
    // `he's said he …`: "'s" is "has", not a passive.
    if v > floor + 1 && view.lower(v - 1) == "'s" && view.is_pronoun(v - 2) {
        return Some(v - 2..v - 1);
    }
    let mut j = v;
    while j > floor && AUX.contains(&view.lower(j - 1)) {
        j -= 1;
    }
    if j >= floor + 4
        && MOMENT_NOUNS.contains(&view.lower(j - 1))
        && matches!(view.lower(j - 2), "the" | "that")
        && view.lower(j - 3) == "at"
    {
        j -= 3;
    } else {
        return None;
    }
    view.subject_before(floor, j)
}
