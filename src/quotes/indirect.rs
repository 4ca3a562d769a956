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
use crate::words::{is_time_word, titles, SPEAKER, TAGGER};
use crate::words::{
    ADVERBIAL_OPENERS, AUX, DETERMINERS, EVIDENCE_VERBS, FRAMING_VERBS, INTENTION_VERBS,
    LISTENER_VERBS, MONTHS, OBJECT_PRONOUNS, PARTICLES, PERSON_NOUNS, SUBORDINATORS,
};
use crate::QuoteKind;
use std::ops::Range;

/// Runs the pass, extending `claims`; results in text order.
pub(crate) fn pass(view: &View<'_>, claims: &mut Claims) -> Vec<Found> {
    let quotes = &view.quotes;
    let mut out = Vec::new();
    let mut v = 0;
    while v < view.n() {
        let strict = view.is_cue(v) || view.is_according(v) || intention_or_evidence(view, v);
        // Beyond the strict list, a cue must read as a verb of framing ("called",
        // "slammed"), not a word that is as often a noun ("island state").
        let framing = view.is_loose_cue(v)
            && (FRAMING_VERBS.contains(&view.lower(v)) || view.lower(v).ends_with("ed"));
        // After a determiner or a possessive the word is a noun: `his tweets`, `the report`,
        // `his early-morning tweets` (over one hyphenated modifier).
        let mut d = v;
        if d > 1 && view.tok(d - 1).contains('-') && view.is_word(d - 1) {
            d -= 1;
        }
        let noun = d > 0 && DETERMINERS.contains(&view.lower(d - 1));
        // "Added" with an object is not speech: `have also added a goalkeeper`.
        let added_object = matches!(view.lower(v), "added" | "adds" | "add")
            && v + 1 < view.n()
            && (matches!(view.lower(v + 1), "a" | "an" | "the" | "another" | "more")
                || view.lower(v + 1).chars().all(|c| c.is_ascii_digit()));
        let cue_here =
            (strict || framing) && !noun && !added_object && !claims.cue[v] && !view.in_quote[v];
        if !cue_here {
            v += 1;
            continue;
        }
        let Some((attr, mut content)) = clause(view, v) else {
            v += 1;
            continue;
        };
        let mut cspan = view.span(&content);
        // A quote inside the clause already given to another attribution ends the clause
        // before it (`Christie said that was natural — no different, he said, from …
        // “voodoo economics”`), when enough words remain.
        if let Some(k) = view
            .overlapping_quotes(cspan)
            .find(|&k| claims.quote[k] && quotes[k].open > content.start)
        {
            let mut e = quotes[k].open;
            while e > content.start && !view.is_word(e - 1) && !view.in_quote[e - 1] {
                e -= 1;
            }
            if view.words_in(&(content.start..e)) >= 3 {
                content.end = e;
                cspan = view.span(&content);
            }
        }
        // A quoted sentence finished inside its marks ends the clause (`… was “not up for
        // negotiation.” Kask added that …`): what follows is a sentence of its own, kept
        // with the quote by the segmenter.
        if let Some(c) = view
            .overlapping_quotes(cspan)
            .filter_map(|k| quotes[k].close)
            .find(|&c| {
                c > content.start
                    && c + 1 < content.end
                    && view.tok(c - 1) == "."
                    && view.words_in(&(c + 1..content.end)) > 0
            })
        {
            content.end = c + 1;
            cspan = view.span(&content);
        }
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
        // `Roll left early, saying (that) CONTENT`: the clause's subject speaks; so it does
        // for a participle joined by "and" to such a participle (`…, calling it “a farce”
        // and urging …`).
        let anchor = if v > sent.start + 2 && view.tok(v - 1) == "," {
            v
        } else if v > sent.start + 3 && view.lower(v - 1) == "and" {
            // Bounded as `participle_subject`'s own look-back is, so that a sentence of many
            // "and …ing" cues stays linear.
            (sent.start + 2..v - 1).rev().take(30).find(|&p| {
                view.tok(p - 1) == "," && view.is_cue(p) && view.lower(p).ends_with("ing")
            })?
        } else {
            return None;
        };
        let subject = view.participle_subject(sent.start, anchor)?;
        let named = subject
            .clone()
            .any(|i| view.tok_entity[i].is_some() || view.names_source(i));
        if !named {
            return None;
        }
        let (cue_end, c) = clause_start(view, v, end);
        let content = c..coordinated_end(view, v, c, end);
        return (view.words_in(&content) >= 2).then_some((
            Attr::new(Pattern::ClauseAfterCue, v..cue_end, subject),
            content,
        ));
    }
    // Post-posed: `CONTENT, X said.` or `CONTENT, said X.`
    let after_words = view.words_in(&(v + 1..end));
    // (The speaker may be followed by another clause: `…, said Roll, but she …`.)
    if let Some(sp) = view
        .np_after(v + 1, end)
        .filter(|sp| sp.end == end || view.tok(sp.end) == ",")
    {
        // The comma before the cue, or inside the closing mark of a quote ending the
        // clause (`… ''not a backslapper,'' said X`).
        let content_end = if v > sent.start && view.tok(v - 1) == "," {
            Some(v - 1)
        } else if v > sent.start + 1
            && view.tok(v - 2) == ","
            && view.in_quote[v - 2]
            && !view.in_quote[v - 1]
        {
            Some(v)
        } else {
            None
        };
        if let Some(e) = content_end {
            let content = sent.start..e;
            if view.words_in(&content) >= 2 {
                return Some((Attr::new(Pattern::ClauseBeforeCue, v..v + 1, sp), content));
            }
        }
    }
    let subject = view.subject_before(sent.start, v)?;
    let quoted_after = (v + 1..end).any(|i| view.in_quote[i]);
    // What follows the cue may be a time or place (`…, Tamm said Tuesday in Tallinn.`).
    // (up to a participle that opens an attribution of its own: `…, noting …`).
    let adv_end = (v + 1..end)
        .take(12)
        .find(|&k| {
            view.tok(k) == ","
                && k + 1 < end
                && view.is_cue(k + 1)
                && view.lower(k + 1).ends_with("ing")
        })
        .unwrap_or(end);
    // A time word opens it only when a preposition, another time word or the end follows
    // (`said Tuesday in Narva`, not `said Tuesday the plan was finished`).
    let prep = |i: usize| matches!(view.lower(i), "in" | "at" | "on" | "during");
    let time_led = |i: usize| {
        is_time_word(view.lower(i))
            && (i + 1 >= adv_end || prep(i + 1) || is_time_word(view.lower(i + 1)))
    };
    let adverbial_after = v + 1 < adv_end
        && view.words_in(&(v + 1..adv_end)) <= 6
        && (time_led(v + 1) || prep(v + 1))
        && (v + 1..adv_end).all(|i| {
            !view.in_quote[i]
                && !view.is_cue(i)
                && !matches!(
                    view.lower(i),
                    "that" | "he" | "she" | "they" | "it" | "we" | "i"
                )
        });
    let post_posed = after_words == 0 || (after_words <= 2 && end == sent.end && !quoted_after);
    if post_posed || adverbial_after {
        // `…, X said.`: content is what precedes the subject.
        let mut c_end = subject.start;
        while c_end > sent.start
            && !view.is_word(c_end - 1)
            && !view.in_quote[c_end - 1]
            && !matches!(view.tok(c_end - 1), "”" | "''")
        {
            c_end -= 1;
        }
        let content = after_dateline(view, sent.start, c_end)..c_end;
        // The comma may stand inside the closing mark of a quote that ends the clause
        // (`… are “very, very pro-Kask,” Kilfoyle said.`).
        let comma_before = |k: usize| {
            view.tok(k - 1) == ","
                || (k > sent.start + 1
                    && view.tok(k - 2) == ","
                    && matches!(view.tok(k - 1), "”" | "\"" | "''" | "’"))
        };
        if subject.start > sent.start && comma_before(subject.start) && view.words_in(&content) >= 2
        {
            return Some((
                Attr::new(Pattern::ClauseBeforeCue, v..v + 1, subject),
                content,
            ));
        }
        if post_posed {
            return None;
        }
    }
    // `X wants to …`, `a poll found (that) …`: the subject must name a source; an intention's
    // content is its infinitive, "to" included.
    let intention = is_intention(view, v);
    if (intention || EVIDENCE_VERBS.contains(&verb))
        && !subject.clone().any(|i| view.names_source(i))
    {
        return None;
    }
    if intention {
        let content = v + 1..coordinated_end(view, v, v + 1, end);
        return (view.words_in(&content) >= 3).then_some((
            Attr::new(Pattern::ClauseAfterCue, v..v + 1, subject),
            content,
        ));
    }
    // `X said (that) CONTENT` / `X told Y (that) CONTENT`.
    let (cue_end, c) = clause_start(view, v, end);
    let mut content = c..coordinated_end(view, v, c, end);
    if subject.len() == 1 && view.relative_pronoun(subject.start) {
        // A relative clause ends where its sentence's own verb comes (`Barkley, who said he
        // votes democratic, said one candidate …`; `an analyst who advises insurers, has
        // followed …`).
        if let Some(k) = (v + 1..content.end).take(60).find(|&k| {
            view.tok(k) == "," && {
                let mut w = k + 1;
                while w < content.end && AUX.contains(&view.lower(w)) {
                    w += 1;
                }
                w < content.end && (w > k + 1 || view.is_loose_cue(w))
            }
        }) {
            content.end = content.end.min(k);
        }
    }
    if view.words_in(&content) < 2 {
        return None;
    }
    Some((
        Attr::new(Pattern::ClauseAfterCue, v..cue_end, subject),
        content,
    ))
}

/// Where a clause opening at `start` begins past a dateline (`BRUSSELS — Negotiators …`,
/// `NARVA, Estonia — …`): after a dash that follows at most four capitalized words and
/// commas, the first of them in capitals. `start` when there is none.
fn after_dateline(view: &View<'_>, start: usize, end: usize) -> usize {
    let caps = |i: usize| {
        let t = view.tok(i);
        t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase)
    };
    if start >= end || !caps(start) {
        return start;
    }
    (start + 1..end.min(start + 6))
        .take_while(|&i| {
            matches!(view.tok(i), "," | "." | "—" | "–" | "―" | "--")
                || view.tok(i).starts_with(char::is_uppercase)
        })
        .find(|&i| matches!(view.tok(i), "—" | "–" | "―" | "--"))
        .map_or(start, |d| d + 1)
}

/// A verb of intention followed by "to" (`wants to`, `pledged to`).
fn is_intention(view: &View<'_>, v: usize) -> bool {
    INTENTION_VERBS.contains(&view.lower(v))
        && v + 1 < view.n()
        && view.lower(v + 1) == "to"
        && !view.in_quote[v]
}

/// A verb of intention or evidence that can be a cue here (its subject is checked later).
fn intention_or_evidence(view: &View<'_>, v: usize) -> bool {
    let w = view.lower(v);
    let lower_case = !view.tok(v).starts_with(char::is_uppercase);
    lower_case
        && !view.in_quote[v]
        && (is_intention(view, v)
            || (EVIDENCE_VERBS.contains(&w)
                && v + 1 < view.n()
                && (view.lower(v + 1) == "that" || view.is_word(v + 1))))
}

/// Where the reported clause after cue token `v` starts, and where the cue ends (after a
/// particle: `pointed out`). The listener of a listener verb (`told Breitbart News Daily host
/// Alex Marlow`) and an adverbial (`said on Monday`, `said in a statement`, `said last
/// week`) stay out of the clause; the complementizer "that" is inside it, as PolNeAR
/// annotates it (on the fit part of its train split the content starts with "that" 1,931
/// times and leaves a "that" before it 4 times).
fn clause_start(view: &View<'_>, v: usize, end: usize) -> (usize, usize) {
    let verb = view.lower(v);
    let mut cue_end = v + 1;
    if cue_end < end && PARTICLES.contains(&view.lower(cue_end)) && !view.in_quote[cue_end] {
        cue_end += 1;
    }
    let mut c = cue_end;
    let that_within = |from: usize, n: usize| {
        (from..end.min(from + n))
            .take_while(|&k| !view.in_quote[k] && !view.is_cue(k) && view.tok(k) != ":")
            .find(|&k| view.lower(k) == "that")
    };
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
        if let Some(t) = that_within(c, 15) {
            c = t;
        } else {
            c = listener_end(view, c, end);
        }
    } else if c < end && ADVERBIAL_OPENERS.contains(&view.lower(c)) {
        if let Some(t) = that_within(c, 15) {
            c = t;
        } else {
            c = time_end(view, c, end);
        }
    } else if c < end && is_time_word(view.lower(c)) {
        c = time_end(view, c, end);
    }
    while c < end && matches!(view.lower(c), ":" | ",") {
        c += 1;
    }
    (cue_end, c)
}

/// The end of a listener starting at token `c` (`told him`, `told reporters`, `told
/// Breitbart News Daily host Alex Marlow`): an object pronoun, or a run of names and titles,
/// or one word.
fn listener_end(view: &View<'_>, c: usize, end: usize) -> usize {
    if c >= end {
        return c;
    }
    if OBJECT_PRONOUNS.contains(&view.lower(c)) {
        return c + 1;
    }
    let name_like = |k: usize| {
        view.tok_entity[k].is_some()
            || (view.tok(k).starts_with(char::is_uppercase) && !view.in_quote[k])
            || titles(SPEAKER | TAGGER).any(|t| t == view.lower(k))
            || PERSON_NOUNS.contains(&view.lower(k))
    };
    if view.tok_entity[c].is_some() {
        let mut k = c;
        while k < end && k - c < 12 && name_like(k) {
            k = view.entity_range(k).map_or(k + 1, |r| r.end.max(k + 1));
        }
        return k;
    }
    if view.np_token(c) {
        c + 1
    } else {
        c
    }
}

/// The end of a time adverbial starting at token `c` (`Tuesday`, `on Friday`, `last week`,
/// `earlier this month`), at most five tokens; `c` when there is none.
fn time_end(view: &View<'_>, c: usize, end: usize) -> usize {
    let timely = |k: usize| {
        let w = view.lower(k);
        is_time_word(w)
            || MONTHS.contains(&w)
            || matches!(
                w,
                "on" | "this" | "last" | "earlier" | "early" | "late" | "next"
            )
            || w.chars().all(|ch| ch.is_ascii_digit())
    };
    let mut k = c;
    while k < end && k - c < 5 && timely(k) {
        k += 1;
    }
    // Only a run that holds a time word is an adverbial ("on Friday", not "on the plan").
    if (c..k).any(|i| is_time_word(view.lower(i)) || MONTHS.contains(&view.lower(i))) {
        k
    } else {
        c
    }
}

/// The end of a reported clause `c..end` that is followed by a coordinated cue (`dismissed
/// the report and said …`): the coordinated verb gets its own clause. Only after a short
/// object (ten words at most, no "that" clause): in `said that the candidate knew … and
/// thought …` the second verb is the reported clause's own. A participle that opens an
/// attribution of its own ends any clause first ([`participle_end`]).
fn coordinated_end(view: &View<'_>, v: usize, c: usize, end: usize) -> usize {
    let end = participle_end(view, v, c, end);
    let end = subject_clause_end(view, c, end);
    if c < end
        && matches!(
            view.lower(c),
            "that" | "whether" | "if" | "how" | "why" | "what"
        )
    {
        return end;
    }
    for k in c..end {
        if view.words_in(&(c..k)) > 10
            || matches!(view.lower(k), "he" | "she" | "they" | "we" | "i")
        {
            // A long object, or a clause with its own subject (`said he spoke to Trump and
            // asked him …`): the verb after "and" is the clause's.
            break;
        }
        if view.in_quote[k] || !matches!(view.lower(k), "and" | "but") {
            continue;
        }
        let mut w = k + 1;
        while w < end && AUX.contains(&view.lower(w)) {
            w += 1;
        }
        if w < end && view.is_cue(w) && !view.lower(w).ends_with("ing") {
            let mut e = k;
            while e > c && view.tok(e - 1) == "," {
                e -= 1;
            }
            return e;
        }
    }
    end
}

/// The end of a reported clause `c..end` before a coordinated clause with a pronoun subject
/// and a cue of its own (`decried the “spin masters,” and he foreshadowed …`, `recommended
/// that no charges be filed, but he called her actions “extremely careless”`): PolNeAR
/// annotates that clause as an attribution of its own, with the pronoun as its source.
/// Looks at most 80 tokens ahead.
fn subject_clause_end(view: &View<'_>, c: usize, end: usize) -> usize {
    // In a sentence that opens with a subordinate clause (`When Kask announced his bid, he
    // called …`), the main clause's pronoun subject after a comma ends the clause too.
    let sent = view.sent_range(c.min(view.n() - 1));
    let subordinate = SUBORDINATORS.contains(&view.lower(sent.start));
    let mut commas = 0;
    for k in (c + 1..end).take(80) {
        if view.in_quote[k] || k + 2 >= end {
            continue;
        }
        // (A comma inside a closing mark counts, and the mark stays with the clause.)
        let closing_comma = view.comma_in_closing_mark(k);
        if view.tok(k) == "," || closing_comma {
            commas += 1;
        }
        let pronoun = matches!(view.lower(k + 1), "he" | "she" | "they" | "we" | "i" | "it");
        let after_subordinate = subordinate && commas == 1 && (view.tok(k) == "," || closing_comma);
        if !pronoun {
            continue;
        }
        if after_subordinate && view.words_in(&(c..k)) >= 2 {
            return if closing_comma { k + 1 } else { k };
        }
        if !matches!(
            view.lower(k),
            "and" | "but" | "although" | "though" | "while"
        ) {
            continue;
        }
        let mut w = k + 2;
        while w < end
            && (AUX.contains(&view.lower(w))
                || matches!(
                    view.lower(w),
                    "also" | "later" | "then" | "again" | "even" | "still"
                )
                || (view.lower(w).ends_with("ly") && view.lower(w).len() > 4))
        {
            w += 1;
        }
        let cue = w < end
            && !view.in_quote[w]
            && (view.is_cue(w) || (view.is_loose_cue(w) && view.lower(w).ends_with("ed")));
        if cue && view.words_in(&(c..k)) >= 2 {
            let mut e = k;
            while e > c && view.tok(e - 1) == "," {
                e -= 1;
            }
            return e;
        }
    }
    end
}

/// The end of a reported clause `c..end` (of cue token `v`) before a participle cue that
/// opens an attribution of its own: after a comma (`said the talks were over, adding that …`),
/// or after "and" when the cue is a participle too (`calling it “a farce” and urging …`).
/// "according to" stays in the clause (it names the clause's own source). Looks at most 80
/// tokens ahead.
fn participle_end(view: &View<'_>, v: usize, c: usize, end: usize) -> usize {
    let participle = |k: usize| {
        k < end && view.is_cue(k) && view.lower(k).ends_with("ing") && !view.is_according(k)
    };
    let after_participle = view.lower(v).ends_with("ing");
    for k in (c + 1..end).take(80) {
        if view.in_quote[k] || !participle(k + 1) {
            continue;
        }
        // (The comma may stand inside a closing mark: `… “win this race,” adding that …`;
        // the mark stays with the content.)
        let closing_comma = view.comma_in_closing_mark(k);
        let split = match view.lower(k) {
            "," => view.words_in(&(c..k)) >= 2,
            "and" => after_participle,
            _ => closing_comma && view.words_in(&(c..k)) >= 2,
        };
        if split {
            let mut e = if closing_comma { k + 1 } else { k };
            while e > c && view.tok(e - 1) == "," {
                e -= 1;
            }
            return e;
        }
    }
    end
}
