//! What a pass of the quote stage proposes: an attribution (cue and speaker as token
//! ranges) and, for a content that is not a quoted stretch, the content itself.

use crate::{QuoteKind, Span};
use std::ops::Range;

/// Which pattern found an attribution (the confidence of a quote depends on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Pattern {
    /// A cue right after the closing mark: `“…,” said Roll` / `“…,” Roll said`.
    QuoteThenCue,
    /// A cue right before the opening mark: `Roll said: “…”`, `According to Roll, “…”`.
    CueThenQuote,
    /// A dash and a name after the quote: `“…” — Paul Ryan`.
    Signature,
    /// A quote opening its sentence after a sentence that ends in a cue: `Roll said: ¶ “…”`.
    PreviousSentence,
    /// A quoted stretch sharing the attribution of the one before it (an interrupted quote,
    /// a quote running over paragraphs).
    Shared,
    /// A quoted stretch that opens a paragraph or sentence after an attribution, with no cue
    /// of its own.
    Continuation,
    /// A quoted stretch with neither cue nor speaker (only with `with_unattributed`).
    Unattributed,
    /// A reported clause after its cue: `Roll said (that) …`, `Roll told reporters …`.
    ClauseAfterCue,
    /// A reported clause before its cue: `…, Roll said.` / `…, said Roll.`
    ClauseBeforeCue,
    /// `According to Roll, …` / `…, according to Roll.`
    According,
    /// `Roll: Talks Are Over`.
    Headline,
    /// Found by the learned stage.
    Learned,
}

/// An attribution: cue and speaker as token ranges.
#[derive(Debug, Clone)]
pub(crate) struct Attr {
    pub(crate) cue: Option<Range<usize>>,
    pub(crate) speaker: Option<Range<usize>>,
    #[allow(dead_code)] // read by the confidence of a quote, which is still to come
    pub(crate) pattern: Pattern,
}

impl Attr {
    pub(crate) fn new(pattern: Pattern, cue: Range<usize>, speaker: Range<usize>) -> Self {
        Attr {
            cue: Some(cue),
            speaker: Some(speaker),
            pattern,
        }
    }

    /// The same cue and speaker, found by another pattern.
    pub(crate) fn as_pattern(&self, pattern: Pattern) -> Self {
        Attr {
            pattern,
            ..self.clone()
        }
    }
}

/// A quote proposed by a pass, before its speaker is resolved.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub(crate) kind: QuoteKind,
    pub(crate) content: Span,
    pub(crate) attr: Attr,
    /// The learned stage's margin for its cue (0 for the rules).
    pub(crate) margin: f32,
}

impl Candidate {
    pub(crate) fn new(kind: QuoteKind, content: Span, attr: Attr) -> Self {
        Candidate {
            kind,
            content,
            attr,
            margin: 0.0,
        }
    }
}

/// What the rule passes have taken so far: quoted stretches already attributed or inside a
/// reported clause, and cue tokens already used. Each pass reads and extends it, in order.
pub(crate) struct Claims {
    /// By index of `View::quotes`.
    pub(crate) quote: Vec<bool>,
    /// By token.
    pub(crate) cue: Vec<bool>,
}

/// What a pass found: an attribution for a quoted stretch (by index), or a reported clause.
pub(crate) enum Found {
    Quote(usize, Attr),
    Clause(Candidate),
}
