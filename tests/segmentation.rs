//! Property and robustness tests of the segmenter.

use proptest::prelude::*;
use whosaid::segment::NewsSegmenter;

fn check_invariants(text: &str) {
    let seg = NewsSegmenter::default().segment(text);
    let mut last_end = 0;
    for s in &seg.sentences {
        assert!(
            s.span.start >= last_end,
            "sentences in order, non-overlapping"
        );
        assert!(s.span.end <= text.len() && s.span.start < s.span.end);
        let piece = s.span.get(text).expect("sentence on char boundaries");
        assert_eq!(piece, piece.trim(), "sentence trimmed");
        let para = seg.paragraphs[s.paragraph];
        assert!(para.contains(s.span), "sentence inside its paragraph");
        last_end = s.span.end;
        let mut tok_end = s.span.start;
        for t in &seg.tokens[s.tokens()] {
            assert!(
                t.start >= tok_end && t.end > t.start,
                "tokens ordered, non-empty"
            );
            assert!(s.span.contains(*t), "token inside its sentence");
            let tt = t.get(text).expect("token on char boundaries");
            assert!(
                !tt.chars().any(char::is_whitespace),
                "no whitespace in {tt:?}"
            );
            tok_end = t.end;
        }
    }
    // Every non-space byte lies in exactly one sentence and one token.
    let mut covered = vec![0u8; text.len()];
    for s in &seg.sentences {
        for b in &mut covered[s.span.range()] {
            *b += 1;
        }
    }
    let mut tok_cov = vec![0u8; text.len()];
    for t in &seg.tokens {
        for b in &mut tok_cov[t.range()] {
            *b += 1;
        }
    }
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() {
            assert_eq!(covered[i], 1, "byte {i} ({c:?}) covered once by sentences");
            assert_eq!(tok_cov[i], 1, "byte {i} ({c:?}) covered once by tokens");
        }
    }
    // The lazy iterator agrees with the buffered segmentation.
    let lazy: Vec<_> = NewsSegmenter::default().sentences(text).collect();
    let eager: Vec<_> = seg.sentences.iter().map(|s| s.span).collect();
    assert_eq!(lazy, eager);
}

const PIECES: &[&str] = &[
    "Mr.",
    "Roll",
    "said",
    ".",
    "“",
    "”",
    "‘",
    "’",
    "\"",
    "'",
    "U.S.",
    "?",
    "!",
    "…",
    "...",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "1.",
    "2.",
    "a.",
    "b)",
    "Москва",
    "—",
    "-",
    "$4.5",
    "3.2%",
    "www.example.com",
    "e@x.org",
    "(",
    ")",
    "[...]",
    ". . .",
    "I",
    "The",
    "he",
    "Roll’s",
    "don't",
    "東京",
    "🙂",
    "שלום",
    "\u{200f}",
    "\u{0007}",
    "\t",
    "•",
    ",",
    ":",
    "'s",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn invariants_on_news_like_soup(parts in proptest::collection::vec(0..PIECES.len(), 0..60)) {
        let text: String = parts.iter().map(|&i| PIECES[i]).collect();
        check_invariants(&text);
    }

    #[test]
    fn invariants_on_arbitrary_unicode(text in "\\PC{0,200}") {
        check_invariants(&text);
    }
}

#[test]
fn fixtures_hold_invariants() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/articles");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        check_invariants(&text);
        n += 1;
    }
    assert!(n >= 5);
}

#[test]
fn bad_input_never_panics() {
    let big_para = "word and more words, with Mr. Roll and U.S. figures 3.5 ".repeat(18_000);
    assert!(big_para.len() > 1_000_000);
    let cases = [
        String::new(),
        "   \n\n  ".into(),
        "no sentence punctuation at all just words and words".into(),
        "ALL CAPS HEADLINE. ESTONIA SAYS NO. MR. ROLL AGREES.".into(),
        "🙂🙂 emoji only 🎉. Next 🚀!".into(),
        "שלום עולם. مرحبا بالعالم. Mixed RTL \u{202e}text\u{202c}.".into(),
        "control\u{0}chars\u{1b}[31m here.\u{7} And\u{8} more.".into(),
        "“unbalanced quote. ” ” “ ‘ ’ \" ' ( ] [ ) .".into(),
        big_para,
        ".".repeat(10_000),
        "\n".repeat(10_000),
    ];
    for text in &cases {
        check_invariants(text);
    }
}

#[test]
fn no_punctuation_gives_one_sentence_per_line() {
    let text = "just words without an end\nanother line";
    let seg = NewsSegmenter::default().segment(text);
    assert_eq!(seg.sentences.len(), 2);
    assert_eq!(&text[seg.sentences[1].span], "another line");
}

/// A multi-byte opening mark right before an initial "I." once made the pronoun look-back
/// slice inside the mark (`“` is 3 bytes, `«` 2).
#[test]
fn multibyte_opener_before_an_initial_does_not_panic() {
    for text in [
        "“I. The end.",
        "He said «I. Then»",
        "„I. Ja.“",
        "‹I. x› «I.» “I.”",
        "Москва «I. Я» said “I. You”.",
    ] {
        let seg = NewsSegmenter::default().segment(text);
        for s in &seg.sentences {
            assert!(s.span.get(text).is_some(), "{text:?}: {:?}", s.span);
        }
        let a = whosaid::Pipeline::default().analyze(text);
        assert!(a.sentences.iter().all(|s| s.span.end <= text.len()));
    }
    let seg = NewsSegmenter::default().segment("He said «I. Then»");
    let text = "He said «I. Then»";
    let sents: Vec<&str> = seg.sentences.iter().map(|s| &text[s.span]).collect();
    assert_eq!(sents, ["He said «I. Then»"]);
}

fn sentences(text: &str) -> Vec<&str> {
    let seg = NewsSegmenter::default().segment(text);
    seg.sentences.iter().map(|s| &text[s.span]).collect()
}

/// Golden Rule #18: a time closes a sentence before a title, unless it opens the sentence.
#[test]
fn time_of_day_before_a_title() {
    assert_eq!(
        sentences("He left the bank at 6 P.M. Mr. Smith then went to the store."),
        [
            "He left the bank at 6 P.M.",
            "Mr. Smith then went to the store."
        ]
    );
    assert_eq!(
        sentences("At 5 a.m. Mr. Smith went to the bank."),
        ["At 5 a.m. Mr. Smith went to the bank."]
    );
}

/// A sentence end that lost its space splits; URLs, e-mail addresses, decimals and
/// abbreviations do not.
#[test]
fn missing_space_after_a_period() {
    assert_eq!(
        sentences("Talks ended in the capital.Today the ministers fly home."),
        [
            "Talks ended in the capital.",
            "Today the ministers fly home."
        ]
    );
    for whole in [
        "See www.example.com/News.Today for the list of the talks.",
        "Write to mary.Smith@example.org about the talks.",
        "Growth was 3.5 percent in the quarter.",
        "Mr.Smith met the U.S.Army officers.",
    ] {
        assert_eq!(sentences(whole), [whole], "{whole:?}");
    }
}

/// Text extracted from a PDF or an HTML page: a line break in mid-sentence is a space; a
/// short line (a headline) stays a sentence of its own.
#[test]
fn line_break_inside_a_sentence() {
    let text = "Estonian officials said on Tuesday that the talks with the\nunions would resume next week, after a pause of\nseveral days. Both sides agreed.";
    assert_eq!(
        sentences(text),
        [
            "Estonian officials said on Tuesday that the talks with the\nunions would resume next week, after a pause of\nseveral days.",
            "Both sides agreed."
        ]
    );
    assert_eq!(
        sentences("Cable damaged in the gulf\ninvestigators say"),
        ["Cable damaged in the gulf", "investigators say"]
    );
}
