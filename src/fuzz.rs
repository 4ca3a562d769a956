//! Hooks for the robustness tools (`fuzz/`, `examples/fuzz_smoke.rs`, `tests/robustness.rs`).
//!
//! Not part of the public API: hidden from the docs, and free to change at any time. It gives
//! the fuzzers thin access to crate-private stages (the quotation-mark pairer, the model
//! loaders) and keeps the output invariants every tool checks in one place.

use crate::contract;
use crate::quotes::marks::find_quotes;
use crate::segment::{NewsSegmenter, Segmentation};
use crate::{Analysis, EntityId, GroupId, Pipeline, Span, Stage};

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
        for (what, span) in [("content", p.content), ("outer", p.outer)] {
            let what = format!("quote mark pair #{i} {what}");
            contract::check_span(Stage::Attributor, text, &what, span)
                .map_err(|e| e.to_string())?;
        }
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

/// Checks the invariants every [`Analysis`] of `text` must hold.
///
/// The span rules are the pipeline's own stage contracts (`src/contract.rs`, the one place
/// they are written down), applied here to the finished analysis: every span (paragraphs,
/// sentences, tokens, entities, quote contents, cues, speakers) in bounds, not inverted and on
/// `char` boundaries; paragraphs, sentences and tokens in order without overlap; sentences
/// covering the tokens in order; entities non-empty, in order and with
/// `entity.text == &text[entity.span]`; quotes in order of their content, with valid speaker
/// groups. On top of those, what only the finished analysis has:
///
/// * each sentence lies in its paragraph, and each of its tokens inside it;
/// * group ids are their indices; entity groups and group mentions are valid and agree;
/// * the JSON form round-trips to the same `Analysis`.
pub fn check_analysis(text: &str, a: &Analysis) -> Result<(), String> {
    let mut seg = Segmentation {
        paragraphs: a.paragraphs.clone(),
        sentences: a.sentences.clone(),
        tokens: a.tokens.clone(),
    };
    if seg.tokens.is_empty() {
        // Built without `keep_tokens`: the sentences' token ranges point at nothing.
        for s in &mut seg.sentences {
            s.first_token = 0;
            s.end_token = 0;
        }
    }
    contract::segmentation(text, &seg).map_err(|e| e.to_string())?;
    contract::entities(text, &mut a.entities.clone()).map_err(|e| e.to_string())?;
    contract::quotes(text, &a.groups, &a.quotes).map_err(|e| e.to_string())?;
    for (i, s) in a.sentences.iter().enumerate() {
        let p = a.paragraphs[s.paragraph];
        if !p.contains(s.span) {
            return Err(format!(
                "sentence {i} ({:?}) outside its paragraph {p:?}",
                s.span
            ));
        }
        if let Some(t) = seg.tokens[seg.sentences[i].tokens()]
            .iter()
            .find(|t| !s.span.contains(**t))
        {
            return Err(format!("sentence {i} ({:?}): token {t:?} outside", s.span));
        }
    }
    for (i, e) in a.entities.iter().enumerate() {
        if let Some(g) = e.group.map(GroupId::index) {
            match a.groups.get(g) {
                None => return Err(format!("entity {i}: group {g} of {}", a.groups.len())),
                Some(grp) if !grp.mentions.contains(&EntityId(i)) => {
                    return Err(format!("entity {i}: its group {g} does not list it"))
                }
                _ => {}
            }
        }
    }
    for (gi, g) in a.groups.iter().enumerate() {
        if g.id != GroupId(gi) {
            return Err(format!("group {gi} has id {}", g.id.index()));
        }
        for m in g.mentions.iter().map(|m| m.index()) {
            match a.entities.get(m) {
                None => return Err(format!("group {gi}: mention {m} of {}", a.entities.len())),
                Some(e) if e.group != Some(GroupId(gi)) => {
                    return Err(format!(
                        "group {gi} lists entity {m}, whose group is {:?}",
                        e.group
                    ))
                }
                _ => {}
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

/// Analyzes `text` with `p` ([`Pipeline::try_analyze`]: a stage error or contract breach is
/// an `Err`), checks the result with [`check_analysis`], and checks that
/// [`Pipeline::analyze`], [`Pipeline::analyze_batch`] and [`Pipeline::try_analyze_batch`]
/// give the same analysis. Panics of the pipeline propagate.
pub fn check_pipeline(p: &Pipeline, text: &str) -> Result<Analysis, String> {
    let a = p
        .try_analyze(text)
        .map_err(|e| format!("try_analyze: {e}"))?;
    check_analysis(text, &a)?;
    if p.analyze(text) != a {
        return Err("analyze disagrees with try_analyze".into());
    }
    let batch = p.analyze_batch(&[text]);
    if batch.len() != 1 || batch[0] != a {
        return Err("analyze_batch disagrees with analyze".into());
    }
    match p.try_analyze_batch(&[text]).pop() {
        Some(Ok(b)) if b == a => {}
        Some(Err(e)) => return Err(format!("try_analyze_batch: {e}")),
        _ => return Err("try_analyze_batch disagrees with analyze".into()),
    }
    Ok(a)
}

/// Escapes `text` for printing one failing input on one line (Rust string syntax).
pub fn escape(text: &str) -> String {
    format!("{text:?}")
}

/// Hostile pieces of news-like text that the robustness tools put together or insert at
/// random offsets: every quotation mark, dashes, ellipses, abbreviations and initials, cues
/// and speakers, punctuation, odd whitespace, emoji, combining sequences and other scripts.
pub const HOSTILE_PIECES: &[&str] = &[
    // Quotation marks.
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "„",
    "‹",
    "›",
    "\"",
    "'",
    "``",
    "''",
    // Dashes and ellipses.
    "—",
    "–",
    "--",
    "…",
    "...",
    // Abbreviations and initials.
    "Mr.",
    "Mrs.",
    "Dr.",
    "Gen.",
    "U.S.",
    "U.K.",
    "Jan.",
    "Feb.",
    "No.",
    "Inc.",
    "St.",
    "a.m.",
    "e.g.",
    "J.",
    "I.",
    "A.",
    "K.",
    // Cues and speakers.
    "said",
    "told",
    "according to",
    "says",
    "added",
    "he",
    "she",
    "they",
    "reporters",
    "John Smith",
    "Kaja Tamm",
    "Madis",
    "Roll",
    "the ministry",
    "NATO",
    "Estonia",
    "Tallinn",
    "Estonian",
    "Москва",
    // Ordinary words and punctuation.
    "the",
    "talks",
    "are",
    "over",
    "We",
    "will",
    "go",
    "It",
    "The",
    "end",
    "Then",
    ".",
    ",",
    ":",
    ";",
    "?",
    "!",
    "(",
    ")",
    "[",
    "]",
    "4.5",
    "1,200",
    "12%",
    // Whitespace and line breaks.
    " ",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u{a0}",
    // Emoji and combining sequences.
    "😀",
    "👩‍👩‍👧",
    "👍🏽",
    "🇪🇪",
    "❤️",
    "e\u{301}",
    "\u{200d}",
    "\u{feff}",
    // Other scripts and pieces that once broke the pipeline.
    " said ",
    " told ",
    "東京",
    "He",
    " said «I. Then»",
];
