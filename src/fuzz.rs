//! Hooks for the robustness tools (`fuzz/`, `examples/fuzz_smoke.rs`, `tests/robustness.rs`).
//!
//! Not part of the public API: hidden from the docs, and free to change at any time. It gives
//! the fuzzers thin access to crate-private stages (the quotation-mark pairer, the model
//! loaders) and keeps the output invariants every tool checks in one place.

use crate::quotes::marks::find_quotes;
use crate::segment::{NewsSegmenter, Segmenter};
use crate::{Analysis, Pipeline, Span};

/// One quoted stretch found by the quotation-mark pairer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteMarkPair {
    /// Bytes inside the marks (trimmed).
    pub content: Span,
    /// Bytes from the opening mark through the closing mark (or the quote's last word).
    pub outer: Span,
    /// Whether the quote closes in its paragraph.
    pub closed: bool,
}

/// Segments `text` with the default segmenter and pairs its quotation marks.
pub fn pair_quote_marks(text: &str) -> Vec<QuoteMarkPair> {
    let seg = NewsSegmenter::default().segment(text);
    let mut tok_para = vec![0; seg.tokens.len()];
    for s in &seg.sentences {
        for t in s.tokens() {
            if let Some(p) = tok_para.get_mut(t) {
                *p = s.paragraph;
            }
        }
    }
    find_quotes(text, &seg, &tok_para)
        .into_iter()
        .map(|q| QuoteMarkPair {
            content: q.content,
            outer: q.outer,
            closed: q.close.is_some(),
        })
        .collect()
}

/// Pairs the quotation marks of `text` and checks the pairs: spans in bounds, on `char`
/// boundaries, content inside its marks, pairs in text order.
pub fn check_quote_marks(text: &str) -> Result<Vec<QuoteMarkPair>, String> {
    let pairs = pair_quote_marks(text);
    let mut last = 0;
    for (i, p) in pairs.iter().enumerate() {
        check_span(text, p.content, &format!("quote mark pair {i} content"))?;
        check_span(text, p.outer, &format!("quote mark pair {i} outer"))?;
        if !p.outer.contains(p.content) {
            return Err(format!(
                "quote mark pair {i}: content {:?} outside outer {:?}",
                p.content, p.outer
            ));
        }
        if p.outer.start < last {
            return Err(format!(
                "quote mark pair {i} starts before the previous one"
            ));
        }
        last = p.outer.start;
    }
    Ok(pairs)
}

/// Parses perceptron NER model bytes (as [`crate::entities::PerceptronTagger::from_bytes`]).
pub fn load_ner_model(bytes: &[u8]) -> crate::Result<()> {
    crate::entities::PerceptronTagger::from_bytes(bytes).map(drop)
}

/// Parses learned attribution model bytes (as
/// [`crate::quotes::RuleAttributor::with_learned_model`]).
pub fn load_attribution_model(bytes: &[u8]) -> crate::Result<()> {
    crate::quotes::learned::load(bytes).map(drop)
}

/// `payload` followed by its checksum, the way model files end, so that a fuzzer's mutations
/// get past the checksum test into the parser.
pub fn with_checksum(payload: &[u8]) -> Vec<u8> {
    let mut out = payload.to_vec();
    out.extend_from_slice(&crate::linear::fnv(payload).to_le_bytes());
    out
}

/// The built-in model files, for seeding model fuzzers: `(name, bytes)`.
pub fn builtin_models() -> [(&'static str, &'static [u8]); 2] {
    [
        (
            "ner",
            include_bytes!("../models/ner-perceptron.bin").as_slice(),
        ),
        (
            "attribution",
            include_bytes!("../models/attribution-perceptron.bin").as_slice(),
        ),
    ]
}

fn check_span(text: &str, s: Span, what: &str) -> Result<(), String> {
    if s.start > s.end {
        return Err(format!("{what}: inverted span {}..{}", s.start, s.end));
    }
    if s.end > text.len() {
        return Err(format!(
            "{what}: span {}..{} past the end ({} bytes)",
            s.start,
            s.end,
            text.len()
        ));
    }
    if !text.is_char_boundary(s.start) || !text.is_char_boundary(s.end) {
        return Err(format!("{what}: span {}..{} cuts a char", s.start, s.end));
    }
    Ok(())
}

/// Checks spans that must be in order and must not overlap.
fn check_sorted_disjoint<'a>(
    text: &str,
    spans: impl Iterator<Item = &'a Span>,
    what: &str,
) -> Result<(), String> {
    let mut last_end = 0;
    for (i, s) in spans.enumerate() {
        check_span(text, *s, &format!("{what} {i}"))?;
        if s.start < last_end {
            return Err(format!(
                "{what} {i} ({}..{}) overlaps or precedes the previous one (ends at {last_end})",
                s.start, s.end
            ));
        }
        last_end = s.end;
    }
    Ok(())
}

/// Checks the invariants every [`Analysis`] of `text` must hold:
///
/// * every span (paragraphs, sentences, tokens, entities, quote contents, cues, speakers) is
///   in bounds, not inverted and on `char` boundaries;
/// * paragraphs, sentences and tokens are in order and do not overlap; each sentence lies in
///   its paragraph, its token range is valid and its tokens lie inside it; entities are in
///   order and quotes are in order of their content;
/// * `entity.text == &text[entity.span]`; group and mention indices are valid and agree;
/// * quote cues and speakers lie in the text, speaker groups are valid;
/// * the JSON form round-trips to the same `Analysis`.
pub fn check_analysis(text: &str, a: &Analysis) -> Result<(), String> {
    check_sorted_disjoint(text, a.paragraphs.iter(), "paragraph")?;
    check_sorted_disjoint(text, a.sentences.iter().map(|s| &s.span), "sentence")?;
    check_sorted_disjoint(text, a.tokens.iter(), "token")?;
    for (i, s) in a.sentences.iter().enumerate() {
        let Some(p) = a.paragraphs.get(s.paragraph) else {
            return Err(format!(
                "sentence {i}: paragraph {} of {}",
                s.paragraph,
                a.paragraphs.len()
            ));
        };
        if !p.contains(s.span) {
            return Err(format!(
                "sentence {i} ({:?}) outside its paragraph {p:?}",
                s.span
            ));
        }
        if !a.tokens.is_empty() {
            if s.first_token > s.end_token || s.end_token > a.tokens.len() {
                return Err(format!(
                    "sentence {i}: tokens {}..{} of {}",
                    s.first_token,
                    s.end_token,
                    a.tokens.len()
                ));
            }
            if let Some(t) = a.tokens[s.tokens()].iter().find(|t| !s.span.contains(**t)) {
                return Err(format!("sentence {i} ({:?}): token {t:?} outside", s.span));
            }
        }
    }
    let mut last_start = 0;
    for (i, e) in a.entities.iter().enumerate() {
        check_span(text, e.span, &format!("entity {i}"))?;
        if e.span.start < last_start {
            return Err(format!("entity {i} ({:?}) out of order", e.span));
        }
        last_start = e.span.start;
        if e.text != text[e.span] {
            return Err(format!(
                "entity {i}: text {:?} but the span covers {:?}",
                e.text, &text[e.span]
            ));
        }
        if let Some(g) = e.group {
            match a.groups.get(g) {
                None => return Err(format!("entity {i}: group {g} of {}", a.groups.len())),
                Some(grp) if !grp.mentions.contains(&i) => {
                    return Err(format!("entity {i}: its group {g} does not list it"))
                }
                _ => {}
            }
        }
    }
    for (gi, g) in a.groups.iter().enumerate() {
        if g.id != gi {
            return Err(format!("group {gi} has id {}", g.id));
        }
        for &m in &g.mentions {
            match a.entities.get(m) {
                None => return Err(format!("group {gi}: mention {m} of {}", a.entities.len())),
                Some(e) if e.group != Some(gi) => {
                    return Err(format!(
                        "group {gi} lists entity {m}, whose group is {:?}",
                        e.group
                    ))
                }
                _ => {}
            }
        }
    }
    let mut last_start = 0;
    for (i, q) in a.quotes.iter().enumerate() {
        check_span(text, q.content, &format!("quote {i} content"))?;
        if q.content.start < last_start {
            return Err(format!("quote {i} ({:?}) out of order", q.content));
        }
        last_start = q.content.start;
        if let Some(c) = q.cue {
            check_span(text, c, &format!("quote {i} cue"))?;
        }
        if let Some(s) = q.speaker {
            check_span(text, s, &format!("quote {i} speaker"))?;
        }
        if let Some(g) = q.speaker_group {
            if g >= a.groups.len() {
                return Err(format!(
                    "quote {i}: speaker group {g} of {}",
                    a.groups.len()
                ));
            }
        }
    }
    let json = serde_json::to_string(a).map_err(|e| format!("serialize: {e}"))?;
    let back: Analysis = serde_json::from_str(&json).map_err(|e| format!("deserialize: {e}"))?;
    if &back != a {
        return Err("the JSON form does not round-trip".into());
    }
    Ok(())
}

/// Analyzes `text` with `p`, checks the result with [`check_analysis`], and checks that
/// [`Pipeline::analyze_batch`] gives the same analysis. Panics of the pipeline propagate.
pub fn check_pipeline(p: &Pipeline, text: &str) -> Result<Analysis, String> {
    let a = p.analyze(text);
    check_analysis(text, &a)?;
    let batch = p.analyze_batch(&[text]);
    if batch.len() != 1 || batch[0] != a {
        return Err("analyze_batch disagrees with analyze".into());
    }
    Ok(a)
}

/// Escapes `text` for printing one failing input on one line (Rust string syntax).
pub fn escape(text: &str) -> String {
    format!("{text:?}")
}
