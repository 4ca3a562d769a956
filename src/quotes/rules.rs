//! The rule stage: the attribution patterns, run in order over one document view.
//!
//! 1. **Direct quotes** ([`direct`](super::direct)): the attribution right next to each
//!    quoted stretch, shared by interrupted and multi-paragraph quotes.
//! 2. **Reported clauses** ([`indirect`](super::indirect)): the remaining reporting cues and
//!    their clauses (indirect, or mixed when they hold quoted fragments).
//! 3. **Leads of interrupted mixed quotes** ([`fragment`](super::fragment)): `The rulings,
//!    the lawyers said, “…”`.
//! 4. **Headlines** ([`headline`](super::headline)): `Roll: Talks Are Over`.
//! 5. **Continuations** ([`continuation`](super::continuation)): the direct quotes, with
//!    those that carry on after an attribution.
//!
//! Each pass returns what it found; what the earlier passes took (quoted stretches, cue
//! tokens) is passed along in [`Claims`], so that no two passes take the same words.

use super::candidate::{Attr, Candidate, Claims, Found};
use super::continuation::{self, Known};
use super::view::View;
use super::{direct, fragment, headline, indirect};

/// The rule stage's quotes: reported clauses (in text order) first, then headlines, then the
/// direct quotes. (The learned stage reads them in this order.)
pub(crate) fn candidates(view: &View<'_>, keep_unattributed: bool) -> Vec<Candidate> {
    let mut attrs: Vec<Option<Attr>> = direct::attach(view);
    let mut claims = Claims {
        quote: attrs.iter().map(Option::is_some).collect(),
        cue: vec![false; view.n()],
    };
    for a in attrs.iter().flatten() {
        if let Some(c) = &a.cue {
            for i in c.clone() {
                claims.cue[i] = true;
            }
        }
    }
    let mut out = Vec::new();
    // Known speakers by position, for quotes that carry on after an attribution.
    let mut known: Vec<Known> = Vec::new();
    for found in indirect::pass(view, &mut claims) {
        match found {
            Found::Quote(k, a) => attrs[k] = Some(a),
            Found::Clause(c) => {
                // A relative clause (`…, who likened it to a car crash`) is no attribution
                // that later quotes carry on.
                if let (Some(sp), Some(cue)) = (&c.attr.speaker, &c.attr.cue) {
                    if !(sp.len() == 1 && view.relative_pronoun(sp.start)) {
                        known.push((cue.start, sp.clone(), Some(cue.clone())));
                    }
                }
                out.push(c);
            }
        }
    }
    out.extend(fragment::pass(view, &attrs));
    for found in headline::pass(view, &mut claims) {
        match found {
            Found::Quote(k, a) => attrs[k] = Some(a),
            Found::Clause(c) => out.push(c),
        }
    }
    out.extend(continuation::pass(
        view,
        &attrs,
        &claims.quote,
        known,
        keep_unattributed,
    ));
    out
}
