//! Quote extraction and attribution on our own wire-style fixture and tricky layouts.

use serde_json::Value;
use whosaid::{Analysis, Pipeline, QuoteKind};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn kind(s: &str) -> QuoteKind {
    match s {
        "direct" => QuoteKind::Direct,
        "mixed" => QuoteKind::Mixed,
        _ => QuoteKind::Indirect,
    }
}

/// (kind, content, speaker mention, speaker name) of each quote.
fn summary(text: &str, a: &Analysis) -> Vec<(QuoteKind, String, Option<String>, Option<String>)> {
    a.quotes
        .iter()
        .map(|q| {
            (
                q.kind,
                q.words(text).to_string(),
                q.speaker.map(|s| text[s].to_string()),
                q.speaker_name.clone(),
            )
        })
        .collect()
}

#[test]
fn wire_story_every_quote_found_and_attributed() {
    let text = fixture("wire_quotes.txt");
    let expected: Value = serde_json::from_str(&fixture("wire_quotes.expected.json")).unwrap();
    let a = Pipeline::default().analyze(&text);
    let got = summary(&text, &a);
    for exp in expected.as_array().unwrap() {
        let needle = exp["content_contains"].as_str().unwrap();
        let q = got
            .iter()
            .find(|(_, c, _, _)| c.contains(needle))
            .unwrap_or_else(|| panic!("no quote containing {needle:?}: {got:#?}"));
        assert_eq!(
            q.0,
            kind(exp["kind"].as_str().unwrap()),
            "kind of {needle:?}"
        );
        assert_eq!(
            q.3.as_deref(),
            exp["speaker_name"].as_str(),
            "speaker of {needle:?}: {q:?}"
        );
    }
    // Nothing else is reported as speech: in particular not the scare quote, nor "has
    // followed the growth of the fleet" or "Repairs … are expected to take several weeks".
    for (_, c, _, _) in &got {
        assert!(
            expected
                .as_array()
                .unwrap()
                .iter()
                .any(|e| c.contains(e["content_contains"].as_str().unwrap())),
            "unexpected quote {c:?}"
        );
        assert!(
            !c.contains("shadow fleet"),
            "scare quote reported as speech: {c:?}"
        );
    }
    // Every span slices the original text.
    for q in &a.quotes {
        for s in [Some(q.content), q.cue, q.speaker].into_iter().flatten() {
            assert!(text.get(s.range()).is_some());
        }
    }
}

#[test]
fn layouts() {
    let p = Pipeline::default();
    type Want<'a> = (QuoteKind, &'a str, Option<&'a str>);
    let cases: &[(&str, &[Want])] = &[
        (
            "Kaja Tamm, the mayor of Tartu, spoke on Monday. “We are ready,” Tamm said.",
            &[(QuoteKind::Direct, "We are ready,", Some("Kaja Tamm"))],
        ),
        (
            "Defence Minister Jaak Saar said: “The drills start today.”",
            &[(
                QuoteKind::Direct,
                "The drills start today.",
                Some("Jaak Saar"),
            )],
        ),
        (
            "“It is early,” said Liina Kask, “but the signs are good.”",
            &[
                (QuoteKind::Direct, "It is early,", Some("Liina Kask")),
                (
                    QuoteKind::Direct,
                    "but the signs are good.",
                    Some("Liina Kask"),
                ),
            ],
        ),
        (
            "Mart Ilves told reporters that the budget would be cut by a tenth.",
            &[(
                QuoteKind::Indirect,
                "the budget would be cut by a tenth",
                Some("Mart Ilves"),
            )],
        ),
        (
            "The budget will shrink next year, Finance Minister Mart Ilves said.",
            &[(
                QuoteKind::Indirect,
                "The budget will shrink next year",
                Some("Mart Ilves"),
            )],
        ),
        (
            "The so-called “shadow fleet” sails on, and the “Blue Line” tram is late again.",
            &[],
        ),
    ];
    for (text, want) in cases {
        let a = p.analyze(text);
        let got = summary(text, &a);
        assert_eq!(got.len(), want.len(), "{text}: {got:#?}");
        for (g, w) in got.iter().zip(want.iter()) {
            assert_eq!(g.0, w.0, "{text}");
            assert_eq!(g.1, w.1, "{text}");
            assert_eq!(g.3.as_deref(), w.2, "{text}: {g:?}");
        }
    }
}

#[test]
fn unbalanced_quotes_do_not_swallow_the_article() {
    let text = "“This quote never closes, said nobody.\n\n\
                Jaan Kuusk said: “The second quote is fine.”\n\n\
                Another paragraph ” with a stray closer.";
    let a = Pipeline::default().analyze(text);
    let got = summary(text, &a);
    assert!(
        got.iter().any(|(k, c, _, n)| *k == QuoteKind::Direct
            && c == "The second quote is fine."
            && n.as_deref() == Some("Jaan Kuusk")),
        "{got:#?}"
    );
    for (_, c, _, _) in &got {
        assert!(!c.contains("Another paragraph"), "{got:#?}");
    }
}

#[test]
fn no_speaker_is_null_not_a_guess() {
    // A person is named first, so a resolver that guessed would pick her.
    let p = Pipeline::default();
    for (text, mention) in [
        (
            "Kaja Tamm walked along the quay on Monday. “The harbour will stay closed for at \
             least another week,” the notice said.",
            "the notice",
        ),
        (
            "Kaja Tamm walked along the quay on Monday. “The harbour will stay closed for at \
             least another week,” it said.",
            "it",
        ),
    ] {
        let a = p.analyze(text);
        assert_eq!(a.quotes.len(), 1, "{text}: {:#?}", a.quotes);
        let q = &a.quotes[0];
        assert_eq!(q.kind, QuoteKind::Direct, "{text}");
        assert_eq!(q.speaker.map(|s| &text[s]), Some(mention), "{text}");
        assert_eq!(q.speaker_name, None, "{text}: {q:?}");
        assert_eq!(q.speaker_group, None, "{text}: {q:?}");
    }
}
