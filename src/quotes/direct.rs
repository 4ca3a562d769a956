//! Direct quotes: the attribution that stands right next to a quoted stretch.
//!
//! After the closing mark (`“…,” said Roll` / `“…,” Roll said` / `“…,” Roll, the minister,
//! said`), or before the opening mark (`Roll said: “…”`, `Roll told reporters: “…”`,
//! `According to Roll, “…”`), or at the end of the sentence before (`Roll said Monday.
//! “…”`). Then an interrupted quote (`“A,” she said, “B.”`) and a later quote of the same
//! paragraph with no cue of its own share the attribution before them, and the fragments of
//! a quote that runs over paragraphs share the attribution of the chain. Each look-around is
//! bounded (a few dozen tokens), so the pass is `O(n)`.

use super::candidate::{Attr, Pattern};
use super::view::View;
use crate::words::{
    is_time_word, AUX, DETERMINERS, LISTENER_VERBS, MONTHS, PARTICLES, PREPOSITIONS,
    QUOTE_FRAME_VERBS,
};
use crate::EntityKind;

/// The attribution of each quoted stretch of `view.quotes` (by index), where one stands next
/// to it or is shared with a neighbour.
pub(crate) fn attach(view: &View<'_>) -> Vec<Option<Attr>> {
    let quotes = &view.quotes;
    let mut attrs: Vec<Option<Attr>> = quotes
        .iter()
        .map(|q| {
            // A short quote (a title, a phrase) is speech on its own only when it opens
            // its sentence or follows a colon.
            let short = view.words_in(&q.inner) <= 3;
            // (or follows a cue and a comma: `… shook her head and said, “No.”`)
            let opens = view.sent_range(q.open).start == q.open
                || (q.open > 0 && view.tok(q.open - 1) == ":")
                || (q.open > 1
                    && view.tok(q.open - 1) == ","
                    && (view.is_cue(q.open - 2)
                        || put_it(view, view.sent_range(q.open).start, q.open - 1).is_some()));
            if short && !opens {
                return None;
            }
            // A quote right after its cue (or "that") whose clause runs on past the closing
            // mark (`Ryan said that “we need more information” about how …`) is part of a
            // reported clause: the clause pass takes it whole, as a mixed quote.
            let runs_on = q.close.is_some_and(|c| {
                c + 1 < view.sent_range(c).end
                    && view.is_word(c + 1)
                    && !view.is_loose_cue(c + 1)
                    && q.open > 0
                    && (view.lower(q.open - 1) == "that" || view.is_cue(q.open - 1))
            });
            q.close
                .and_then(|c| after_quote(view, q.open, c))
                .or_else(|| (!runs_on).then(|| before_quote(view, q.open)).flatten())
                .or_else(|| q.close.and_then(|c| signature(view, c)))
        })
        .collect();
    // Interrupted quotes (`“A,” she said, “B.”`) and later quotes of the same paragraph
    // with no cue of their own share the attribution before them.
    for k in 1..quotes.len() {
        if attrs[k].is_none() && attrs[k - 1].is_some() {
            let same_para = view.tok_para[quotes[k - 1].open] == view.tok_para[quotes[k].open];
            let other_cue = (quotes[k - 1].inner.end..quotes[k].open).any(|i| {
                view.is_cue(i)
                    && attrs[k - 1]
                        .as_ref()
                        .and_then(|a| a.cue.clone())
                        .is_none_or(|c| !c.contains(&i))
            });
            if same_para && !other_cue && view.words_in(&quotes[k].inner) > 3 {
                attrs[k] = attrs[k - 1].as_ref().map(|a| a.as_pattern(Pattern::Shared));
            }
        }
    }
    // Multi-paragraph quotes: fragments share the attribution of the chain.
    for k in (0..quotes.len()).rev() {
        if let Some(p) = quotes[k].continues {
            if attrs[p].is_none() && attrs[k].is_some() {
                attrs[p] = attrs[k].as_ref().map(|a| a.as_pattern(Pattern::Shared));
            }
        }
    }
    for k in 0..quotes.len() {
        if let Some(p) = quotes[k].continues {
            if attrs[k].is_none() && attrs[p].is_some() {
                attrs[k] = attrs[p].as_ref().map(|a| a.as_pattern(Pattern::Shared));
            }
        }
    }
    attrs
}

/// After a closing mark: `, said X` / `, X said` / `, X, the …, said`. A finished quoted
/// sentence (a full stop inside the mark), or a quote that stands inside a clause, does not
/// take an attribution that goes on to introduce a quote or clause of its own (`“… done.” He
/// added, “…”`, `“… done.” He says the talks …`): that one belongs to what follows.
fn after_quote(view: &View<'_>, open: usize, close: usize) -> Option<Attr> {
    let a = attribution_after(view, close)?;
    // So does a quote inside a clause of its own (`Kask admitted that they had “been
    // friends,” he claimed they had …`).
    let sent_start = view.sent_range(open).start;
    let inside = open > sent_start && view.words_in(&(sent_start..open)) >= 3;
    if close > 0 && (view.tok(close - 1) == "." || inside) {
        let (Some(cue), Some(sp)) = (&a.cue, &a.speaker) else {
            return Some(a);
        };
        let k = cue.end.max(sp.end);
        if k < view.sent_range(close).end && introduces(view, k, cue.start) {
            return None;
        }
    }
    Some(a)
}

/// Whether token `k`, right after an attribution with cue token `v`, starts what the
/// attribution introduces: a comma or colon and an opening mark, "that", or (after a verb
/// that takes no listener) a word that is neither a time, a month nor a preposition.
fn introduces(view: &View<'_>, k: usize, v: usize) -> bool {
    let w = view.lower(k);
    match w {
        "," | ":" => k + 1 < view.n() && matches!(view.tok(k + 1), "“" | "\"" | "''"),
        "that" => true,
        _ => {
            view.is_word(k)
                && !LISTENER_VERBS.contains(&view.lower(v))
                && !is_time_word(w)
                && !MONTHS.contains(&w)
                && !PREPOSITIONS.contains(&w)
        }
    }
}

/// The attribution right after a closing mark, if any.
fn attribution_after(view: &View<'_>, close: usize) -> Option<Attr> {
    let para = view.para_range(close);
    let mut t = close + 1;
    while t < para.end && matches!(view.tok(t), "," | "—" | "–" | "--") {
        t += 1;
    }
    if t >= para.end {
        return None;
    }
    let ceil = (t + 30).min(para.end).min(view.sent_range(close).end);
    // A full stop inside an aside (`Tamm (R-Fla.) said`, `Kask, R-Ky., said`) does not end
    // the attribution.
    let aside_stop =
        |k: usize| view.tok(k) == "." && k + 1 < ceil && matches!(view.tok(k + 1), ")" | ",");
    let stop = (t..ceil)
        .find(|&k| {
            (matches!(view.tok(k), "." | "!" | "?" | ";" | "“" | "\"") && !aside_stop(k))
                || view.in_quote[k]
        })
        .unwrap_or(ceil);
    if view.is_loose_cue(t) {
        let sp = view.np_after(t + 1, stop)?;
        return Some(Attr::new(Pattern::QuoteThenCue, t..t + 1, sp));
    }
    if view.is_according(t) {
        let sp = view.np_after(t + 2, stop)?;
        return Some(Attr::new(Pattern::QuoteThenCue, t..t + 2, sp));
    }
    // `“…,” as a ministry memo put it.`
    if view.lower(t) == "as" {
        if let Some(p) = (t + 2..stop.min(t + 10)).find(|&k| puts_it(view, k)) {
            let sp = view.np_after(t + 1, p).filter(|sp| sp.end == p)?;
            return Some(Attr::new(Pattern::QuoteThenCue, p..p + 2, sp));
        }
    }
    // A quoted sentence handed over by a comma, `!` or `?` is framed by the verb that
    // follows, listed or not (`“Never,” Tamm retorted`, `“Welcome!” beamed Kask`).
    let handed = close > 0 && matches!(view.tok(close - 1), "," | "!" | "?");
    let framing = |k: usize| handed && frame_verb(view, k);
    if framing(t) {
        let sp = view
            .np_after(t + 1, stop)
            .filter(|sp| sp.clone().any(|i| view.names_source(i)))?;
        return Some(Attr::new(Pattern::QuoteThenCue, t..t + 1, sp));
    }
    // A cue word after a determiner is a noun (`the note says`, `his statement said`).
    let noun = |k: usize| k > t && DETERMINERS.contains(&view.lower(k - 1));
    if let Some(v) = (t..stop).find(|&k| view.is_loose_cue(k) && !noun(k)) {
        let sp = view.subject_before(t, v)?;
        // The subject must start right after the quote (allowing an apposition).
        return (sp.start == t).then(|| Attr::new(Pattern::QuoteThenCue, v..v + 1, sp));
    }
    // An unlisted verb frames the quote only right after its subject (`the sign read`).
    let v = (t + 1..stop).find(|&k| framing(k))?;
    let sp = view.subject_before(t, v)?;
    let adjacent = (sp.end..v).all(|i| AUX.contains(&view.lower(i)));
    (sp.start == t && adjacent).then(|| Attr::new(Pattern::QuoteThenCue, v..v + 1, sp))
}

/// A verb that can frame a quote it follows: a past tense in `-ed` or one of
/// [`QUOTE_FRAME_VERBS`], in lower case, outside quotation marks.
fn frame_verb(view: &View<'_>, k: usize) -> bool {
    let w = view.lower(k);
    !view.in_quote[k]
        && view.tok(k).starts_with(|c: char| c.is_ascii_lowercase())
        && ((w.len() > 4 && w.ends_with("ed")) || QUOTE_FRAME_VERBS.contains(&w))
}

/// A signature after a quote that ends its paragraph or line: a dash and a name, in the
/// same line or opening the next paragraph (`“…” — Paul Ryan (@SpeakerRyan)`, `“…” ¶ - Bernie
/// Sanders.`).
fn signature(view: &View<'_>, close: usize) -> Option<Attr> {
    let para = view.para_range(close);
    let mut t = close + 1;
    while t < para.end && matches!(view.tok(t), "." | ",") {
        t += 1;
    }
    if t == para.end {
        // The quote ends its paragraph: the signature opens the next one.
        if t >= view.n() {
            return None;
        }
        let next = view.para_range(t);
        if next.start != t {
            return None;
        }
    }
    if !matches!(view.tok(t), "-" | "—" | "–" | "―" | "--") {
        return None;
    }
    // The signature's line: its sentence (a line of a paragraph is a sentence of its own,
    // so a signature can close a line that another quote follows).
    let mut line = view.sent_range(t);
    if line.end <= t + 1 {
        line = view.para_range(t);
    }
    let sp = view.np_after(t + 1, line.end)?;
    let named = sp.clone().any(|i| {
        view.entity_kind(i)
            .is_some_and(|k| matches!(k, EntityKind::Person | EntityKind::Organization))
    });
    let ends = sp.end == line.end || matches!(view.tok(sp.end), "," | "(" | "." | "@");
    (named && ends).then(|| Attr::new(Pattern::Signature, t..t + 1, sp))
}

/// Before an opening mark: `X said: “` / `X told reporters: “` / `According to X, “`.
fn before_quote(view: &View<'_>, open: usize) -> Option<Attr> {
    let para = view.para_range(open);
    let mut h = open;
    while h > para.start && matches!(view.tok(h - 1), ":" | "," | "that") {
        h -= 1;
    }
    if h == open && open > para.start && !view.is_loose_cue(open - 1) {
        // Allow `said “` with no punctuation only directly after the verb.
        return None;
    }
    if h <= para.start || view.sent_range(open).start == h {
        return previous_sentence(view, open);
    }
    let sent = view.sent_range(h - 1);
    let floor = sent.start.max(para.start);
    // `according to X, “…”`
    if let Some(a) = (floor..h).rev().take(8).find(|&k| view.is_according(k)) {
        let sp = view.np_after(a + 2, h)?;
        return Some(Attr::new(Pattern::CueThenQuote, a..a + 2, sp));
    }
    if let Some(a) = put_it(view, floor, h) {
        return Some(a);
    }
    // The verb, possibly followed by a short listener ("told reporters").
    let Some(v) = (floor..h).rev().take(5).find(|&k| view.is_loose_cue(k)) else {
        return colon_frame(view, floor, h, open);
    };
    if view.lower(v).ends_with("ing") && v > floor && view.tok(v - 1) == "," {
        // `Roll left the room, telling reporters: “…”`: the clause's subject speaks.
        let sp = view.participle_subject(floor, v)?;
        return Some(Attr::new(Pattern::CueThenQuote, v..v + 1, sp));
    }
    if v + 1 < h && !LISTENER_VERBS.contains(&view.lower(v)) {
        // Words between a plain verb and the quote: an inverted subject (`said Roll: “`), or
        // the verb's complement when they open with a preposition or particle or name no
        // source (`Kask said of the council: “`, `Saar wrote back: “`, `she added a caveat:
        // “`): then the subject before the verb speaks.
        let first = view.lower(v + 1);
        let complement = PREPOSITIONS.contains(&first) || PARTICLES.contains(&first);
        let inverted = if complement {
            None
        } else {
            let sp = view.np_after(v + 1, h)?;
            if sp.end != h {
                return None;
            }
            Some(sp)
        };
        let sp = match inverted {
            Some(sp) if sp.clone().any(|i| view.can_be_source(i)) => sp,
            _ => view.subject_before(floor, v)?,
        };
        return Some(Attr::new(Pattern::CueThenQuote, v..v + 1, sp));
    }
    let sp = view.subject_before(floor, v)?;
    Some(Attr::new(Pattern::CueThenQuote, v..v + 1, sp))
}

/// `As Kask put it (in his memo), “…”`, `as he puts it: “…”`: the cue is "put it", its
/// subject the speaker; at most twelve tokens before the quote.
fn put_it(view: &View<'_>, floor: usize, h: usize) -> Option<Attr> {
    let p = (floor..h.saturating_sub(1))
        .rev()
        .take(12)
        .find(|&k| puts_it(view, k))?;
    if (p + 2..h).any(|k| view.in_quote[k] || view.is_cue(k)) {
        return None;
    }
    let sp = view.subject_before(floor, p)?;
    let as_before = sp.start > floor && view.lower(sp.start - 1) == "as";
    as_before.then(|| Attr::new(Pattern::CueThenQuote, p..p + 2, sp))
}

/// Whether "put it" / "puts it" starts at token `k`.
fn puts_it(view: &View<'_>, k: usize) -> bool {
    k + 1 < view.n() && matches!(view.lower(k), "put" | "puts") && view.lower(k + 1) == "it"
}

/// A quote introduced by a colon with no listed cue before it: an unlisted verb right
/// before the colon (`Kask retorted: “…”`), its subject naming a source, or a name that opens
/// its line or follows a dash or "from" (`Liisa Saar: “…”`, `— Tartu Review: “…”`, `More
/// from Saar: “…”`), with the colon as the cue.
fn colon_frame(view: &View<'_>, floor: usize, h: usize, open: usize) -> Option<Attr> {
    if h + 1 != open || h <= floor {
        return None;
    }
    // `One sign read, “…”`: a frame verb also before a comma.
    if view.tok(h) == "," && QUOTE_FRAME_VERBS.contains(&view.lower(h - 1)) && !view.in_quote[h - 1]
    {
        let sp = view
            .subject_before(floor, h - 1)
            .filter(|sp| sp.clone().any(|i| view.names_source(i)))?;
        return Some(Attr::new(Pattern::CueThenQuote, h - 1..h, sp));
    }
    if view.tok(h) != ":" {
        return None;
    }
    if frame_verb(view, h - 1) {
        let sp = view
            .subject_before(floor, h - 1)
            .filter(|sp| sp.clone().any(|i| view.names_source(i)))?;
        return Some(Attr::new(Pattern::CueThenQuote, h - 1..h, sp));
    }
    let mut sp = view.np_before(floor, h)?;
    // Two names joined by "and" (`- Mark Blumenthal and Jon Cohen: “…”`).
    if sp.start > floor + 1 && view.lower(sp.start - 1) == "and" && named_source(view, sp.start - 2)
    {
        if let Some(first) = view.entity_range(sp.start - 2) {
            sp.start = first.start;
        }
    }
    let dash = |i: usize| matches!(view.tok(i), "-" | "—" | "–" | "―" | "--");
    if let Some(d) = sp.clone().rev().find(|&i| dash(i)) {
        // `Polls missed - Tartu Review: “…”`: the name after the dash.
        if d + 1 >= h {
            return None;
        }
        sp.start = d + 1;
        let named = sp.clone().any(|i| named_source(view, i));
        return named.then(|| Attr::new(Pattern::CueThenQuote, h..h + 1, sp));
    }
    let from = sp.start > floor && view.lower(sp.start - 1) == "from";
    let opens = sp.start == floor || dash(sp.start - 1) || from;
    // `More from the report: “…”`: after "from", a document noun names the source too.
    let named = sp.clone().any(|i| named_source(view, i)) || (from && view.names_source(h - 1));
    (named && opens).then(|| Attr::new(Pattern::CueThenQuote, h..h + 1, sp))
}

/// Whether token `i` is part of a person or organization mention.
fn named_source(view: &View<'_>, i: usize) -> bool {
    view.entity_kind(i)
        .is_some_and(|k| matches!(k, EntityKind::Person | EntityKind::Organization))
}

/// A quote that opens its sentence, after a sentence that ends in an attribution
/// (`Roll said Monday.` / `Roll wrote on Facebook:` / a paragraph ending in a colon).
fn previous_sentence(view: &View<'_>, open: usize) -> Option<Attr> {
    let sent = view.sent_range(open);
    if sent.start != open || sent.start == 0 {
        return None;
    }
    let prev = view.sent_range(sent.start - 1);
    let last = prev.end - 1;
    let colon = view.tok(last) == ":";
    if view.tok_para[prev.start] != view.tok_para[open] && !colon {
        return None;
    }
    let v = (prev.start..prev.end)
        .rev()
        .take(if colon { 12 } else { 7 })
        .find(|&k| view.is_loose_cue(k) || view.is_according(k))?;
    if view.is_according(v) {
        let sp = view.np_after(v + 2, prev.end)?;
        return Some(Attr::new(Pattern::PreviousSentence, v..v + 2, sp));
    }
    let sp = view
        .subject_before(prev.start, v)
        .or_else(|| view.np_after(v + 1, prev.end))?;
    Some(Attr::new(Pattern::PreviousSentence, v..v + 1, sp))
}
