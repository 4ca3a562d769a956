//! Whole-pipeline robustness: news-like text built from hostile pieces (every quotation mark,
//! dashes, ellipses, abbreviations, initials, cue verbs, names, line breaks, emoji, random
//! characters) must never make `Pipeline::default()` panic, and its output must keep the
//! invariants of `whosaid::__fuzz::check_pipeline` (spans in bounds, on char boundaries and in
//! order; entity texts match their spans; group and mention indices agree; `analyze_batch`
//! agrees with `analyze`; the JSON form round-trips).
//!
//! Inputs that once failed, here or in the fuzzers, are kept as explicit regression cases.

use proptest::prelude::*;
use std::sync::OnceLock;
use whosaid::{__fuzz, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(Pipeline::default)
}

fn check(text: &str) {
    if let Err(e) = __fuzz::check_pipeline(pipeline(), text) {
        panic!("{e}\ninput: {}", __fuzz::escape(text));
    }
    if let Err(e) = __fuzz::check_quote_marks(text) {
        panic!("{e}\ninput: {}", __fuzz::escape(text));
    }
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::sample::select(__fuzz::HOSTILE_PIECES).prop_map(str::to_string),
        2 => "[A-Z][a-z]{1,8}",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

/// Pieces joined with spaces most of the time, so that marks land both next to words and
/// apart from them.
fn news_like() -> impl Strategy<Value = String> {
    proptest::collection::vec((piece(), proptest::bool::weighted(0.7)), 0..80).prop_map(|v| {
        let mut s = String::new();
        for (p, space) in v {
            s.push_str(&p);
            if space {
                s.push(' ');
            }
        }
        s
    })
}

const MARKS: &[&str] = &[
    "“", "”", "‘", "’", "«", "»", "„", "‹", "›", "\"", "'", "``", "''", "(", "[", "—", "…",
];
const WORDS: &[&str] = &[
    "Mr.",
    "Dr.",
    "U.S.",
    "Jan.",
    "No.",
    "J.",
    "I.",
    "A.",
    "said",
    "told",
    "says",
    "added",
    "according to",
    "he",
    "She",
    "John Smith",
    "Kaja Tamm",
    "Roll",
    "NATO",
    "Estonia",
    "Москва",
    "The",
    "end",
    "Then",
    "We",
    "will",
    "go",
    "4.5",
    "😀",
    "👩‍👩‍👧",
    "🇪🇪",
    "e\u{301}",
];
const ENDS: &[&str] = &[
    ".", ",", "”", "’", "»", "›", "\"", "'", "''", "?", "!", "…", "...", ",”", ".”", "?»", ")",
    ":", "—",
];
const SEPARATORS: &[&str] = &[" ", " ", " ", " ", "", "\n", "\n\n", " — ", "\t", "\u{a0}"];

/// Words with marks and punctuation attached, the way they stand in text (`“I.`, `go,”`).
fn word() -> impl Strategy<Value = String> {
    let core = prop_oneof![
        6 => proptest::sample::select(WORDS).prop_map(str::to_string),
        2 => "[A-Z][a-z]{0,8}",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    let opt = |items: &'static [&'static str], p: f64| {
        proptest::option::weighted(p, proptest::sample::select(items))
    };
    (
        opt(MARKS, 0.25),
        core,
        opt(ENDS, 0.3),
        proptest::sample::select(SEPARATORS),
    )
        .prop_map(|(pre, core, end, sep)| {
            format!("{}{core}{}{sep}", pre.unwrap_or(""), end.unwrap_or(""))
        })
}

fn sentences() -> impl Strategy<Value = String> {
    proptest::collection::vec(word(), 0..60).prop_map(|v| v.concat())
}

proptest! {
    // 128 cases each (a few seconds in a debug build); `PROPTEST_CASES=N` runs more.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(128),
        ..ProptestConfig::default()
    })]

    #[test]
    fn pipeline_never_panics_and_keeps_its_invariants(text in news_like()) {
        check(&text);
    }

    #[test]
    fn words_with_attached_marks_keep_the_invariants(text in sentences()) {
        check(&text);
    }

    #[test]
    fn arbitrary_strings_keep_the_invariants(text in "\\PC{0,200}") {
        check(&text);
    }
}

#[test]
fn regression_initial_after_opening_quote() {
    check("“I. The end.");
}

#[test]
fn regression_put_at_the_end_after_a_quote() {
    // `“…,” as X put` with nothing after "put": the look for "put it" read past the last token.
    check("“Hello there friends,” as the memo put");
    check("He said “Hello there friends,” as the memo puts");
}

#[test]
fn regression_initial_after_guillemet() {
    check("He said «I. Then»");
}

#[test]
fn regression_initial_after_no_break_space() {
    // Found by `words_with_attached_marks_keep_the_invariants`: the byte before `I.` is the
    // second byte of U+00A0.
    check("Mr.\u{a0}I. Then");
    check("Mr.\u{a0}I.\t»Mr. ");
}

#[test]
fn empty_and_blank_inputs() {
    for t in [
        "", " ", "\n", "\n\n\n", "\u{feff}", "“", "”", "«»", "''", "``",
    ] {
        check(t);
    }
}

/// A model payload (no checksum): the header of a built-in model with `rows` rows, then `body`.
fn model_with_rows(model: &[u8], rows: u32, body: &[u8]) -> Vec<u8> {
    let mut b = model[..24].to_vec();
    b.extend_from_slice(&rows.to_le_bytes());
    b.extend_from_slice(body);
    __fuzz::with_checksum(&b)
}

#[test]
fn regression_model_row_delta_overflow() {
    // Spotted in the loader and confirmed with the `attribution_model` fuzz target (built
    // with overflow checks): a row delta near 2^64 overflowed the row index, a panic where
    // overflow checks are on, instead of being rejected.
    let mut body = vec![1, 1, 0x10, 0x00];
    body.extend_from_slice(&[0xff; 9]);
    body.extend_from_slice(&[0x01, 1, 0x10, 0x00]);
    for (name, model) in __fuzz::builtin_models() {
        let bytes = model_with_rows(model, 2, &body);
        let ner = __fuzz::load_ner_model(&bytes);
        let attr = __fuzz::load_attribution_model(&bytes);
        assert!(ner.is_err() && attr.is_err(), "{name}: {ner:?} {attr:?}");
    }
}

#[test]
fn model_loaders_accept_a_valid_cut_down_model() {
    // The same header with no rows is a valid (empty) model: the loaders' Ok path.
    let [(_, ner), (_, attr)] = __fuzz::builtin_models();
    assert!(__fuzz::load_ner_model(&model_with_rows(ner, 0, &[])).is_ok());
    assert!(__fuzz::load_attribution_model(&model_with_rows(attr, 0, &[])).is_ok());
    assert!(__fuzz::load_ner_model(&model_with_rows(attr, 0, &[])).is_err());
}
