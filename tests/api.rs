//! The public API as a user sees it: results that read on their own, helpers, the JSON
//! contract, country tables, gazetteers and file batches.

use std::path::PathBuf;
use std::process::Command;
use whosaid::entities::{CountryTable, Gazetteer};
use whosaid::{EntityKind, GroupId, Pipeline, QuoteKind};

mod common;
use common::fixture;

const STORY: &str = "Tallinn, Estonia\n\n“We will not move the border post,” said Madis Roll, \
the Estonian security adviser. Roll said the talks in Москва were over.\n\n\
Kaja Kask, a Finnish diplomat, said the meeting in Helsinki had been useful.";

#[test]
fn quotes_carry_their_text_and_speaker_text() {
    let a = Pipeline::default().analyze(STORY);
    assert!(a.quotes.len() >= 3, "{:#?}", a.quotes);
    for q in &a.quotes {
        assert_eq!(q.text, &STORY[q.content]);
        assert_eq!(q.speaker_text.as_deref(), q.speaker.map(|s| &STORY[s]));
    }
    assert_eq!(a.quotes[0].text, "“We will not move the border post,”");
    assert_eq!(a.quotes[0].speaker_text.as_deref(), Some("Madis Roll"));
    let v = serde_json::to_value(&a.quotes[0]).unwrap();
    assert_eq!(v["text"], "“We will not move the border post,”");
    assert_eq!(v["speaker_text"], "Madis Roll");
}

#[test]
fn speakers_quotes_by_and_mentions() {
    let a = Pipeline::default().analyze(STORY);
    let speakers = a.speakers();
    let names: Vec<(&str, usize)> = speakers.iter().map(|s| (s.name, s.quotes)).collect();
    assert_eq!(names, [("Madis Roll", 2), ("Kaja Kask", 1)]);
    let roll = speakers[0].group;
    assert_eq!(speakers[0].kind, EntityKind::Person);
    let said: Vec<&str> = a.quotes_by(roll).map(|q| q.text.as_str()).collect();
    assert_eq!(
        said,
        [
            "“We will not move the border post,”",
            "the talks in Москва were over"
        ]
    );
    let mentions: Vec<&str> = a.mentions(roll).map(|e| e.text.as_str()).collect();
    assert_eq!(mentions, ["Madis Roll", "Roll"]);
    assert_eq!(speakers[0].mentions, 2);
    assert_eq!(a.mentions(GroupId(999)).count(), 0);
    assert_eq!(a.quotes_by(GroupId(999)).count(), 0);
    for q in a.quotes_by(roll) {
        assert_eq!(q.kind.to_string(), q.kind.as_str());
        assert!(QuoteKind::ALL.contains(&q.kind));
    }
}

#[test]
fn countries_off_means_no_table_anywhere() {
    let on = Pipeline::default().analyze(STORY);
    let estonia = on.entities.iter().find(|e| e.text == "Estonia").unwrap();
    assert_eq!(estonia.country.unwrap().as_str(), "EE");
    let off = Pipeline::builder().countries(false).build().unwrap();
    let a = off.analyze(STORY);
    assert!(
        a.entities.iter().all(|e| e.country.is_none()),
        "{:?}",
        a.entities
    );
    assert!(a.groups.iter().all(|g| g.country.is_none()));
    // The demonym stays what the tagger called it: not re-typed as a nationality of EE.
    let estonian = a.entities.iter().find(|e| e.text == "Estonian").unwrap();
    assert_ne!(estonian.kind, EntityKind::Nationality);
}

#[test]
fn custom_country_table_replaces_the_builtin_one() {
    let tsv = "XS\tScotland\t\tScottish|Scots\nEE\tEesti\tEstonia\tEstonian\n";
    let table = CountryTable::parse(tsv, "mine.tsv").unwrap();
    let p = Pipeline::builder().country_table(table).build().unwrap();
    let text = "The Scottish and Estonian ministers met in Estonia.";
    let a = p.analyze(text);
    let code = |w: &str| {
        a.entities
            .iter()
            .find(|e| e.text == w)
            .and_then(|e| e.country)
            .map(|c| c.to_string())
    };
    assert_eq!(code("Scottish").as_deref(), Some("XS"));
    assert_eq!(code("Estonia").as_deref(), Some("EE"));
    let g = a
        .entities
        .iter()
        .find(|e| e.text == "Estonia")
        .unwrap()
        .group;
    assert_eq!(a.group(g.unwrap()).unwrap().name, "Eesti");
}

#[test]
fn gazetteer_names_are_always_found() {
    let text =
        "“Supply is tight,” Nordvik Grid Services said. Kask agreed with Nordvik Grid Services.";
    let plain = Pipeline::default().analyze(text);
    let found = |a: &whosaid::Analysis| {
        a.entities
            .iter()
            .filter(|e| e.text == "Nordvik Grid Services" && e.kind == EntityKind::Organization)
            .count()
    };
    let mut names = Gazetteer::new();
    names
        .add("Nordvik Grid Services", EntityKind::Organization, None)
        .unwrap();
    let with = Pipeline::builder().gazetteer(names).build().unwrap();
    let a = with.analyze(text);
    assert_eq!(
        found(&a),
        2,
        "{:?} (without: {})",
        a.entities,
        found(&plain)
    );
    assert_eq!(
        a.quotes[0].speaker_name.as_deref(),
        Some("Nordvik Grid Services")
    );
    // Entities stay sorted and non-overlapping after layering.
    for w in a.entities.windows(2) {
        assert!(w[0].span.end <= w[1].span.start);
    }
}

#[test]
fn analyze_files_gives_one_result_per_file_in_order() {
    let dir = common::temp_dir("api-files");
    std::fs::write(dir.join("bad.txt"), [b'o', b'k', 0xff]).unwrap();
    let paths: Vec<PathBuf> = vec![
        fixture("wire_quotes.txt"),
        dir.join("missing.txt"),
        dir.join("bad.txt"),
        fixture("articles/01_baltic_defence.txt"),
    ];
    let out = Pipeline::default().analyze_files(&paths);
    assert_eq!(out.len(), 4);
    assert!(!out[0].as_ref().unwrap().quotes.is_empty());
    let e1 = out[1].as_ref().unwrap_err();
    assert!(matches!(e1, whosaid::Error::Io { .. }) && e1.to_string().contains("missing.txt"));
    let e2 = out[2].as_ref().unwrap_err();
    assert!(
        matches!(e2, whosaid::Error::InvalidUtf8 { offset: 2, .. }),
        "{e2}"
    );
    let want = Pipeline::default().analyze(&std::fs::read_to_string(&paths[3]).unwrap());
    assert_eq!(out[3].as_ref().unwrap(), &want);
}

#[test]
fn without_tokens_sentences_point_at_no_token() {
    let p = Pipeline::builder().keep_tokens(false).build().unwrap();
    let a = p.analyze(STORY);
    assert!(a.tokens.is_empty());
    assert!(a.sentences.iter().all(|s| s.tokens().is_empty()));
    // Each sentence's (empty) token range indexes the (empty) token list without panicking.
    assert!(a.sentences.iter().all(|s| a.tokens[s.tokens()].is_empty()));
    let with = Pipeline::default().analyze(STORY);
    assert_eq!(
        with.sentences.iter().map(|s| s.span).collect::<Vec<_>>(),
        a.sentences.iter().map(|s| s.span).collect::<Vec<_>>()
    );
}

/// The JSON contract: `extract`'s output on our fixtures, byte for byte. After a reviewed
/// change of behaviour (a retrained model), regenerate with `WHOSAID_BLESS=1 cargo test
/// --test api json_contract`.
#[test]
fn json_contract_matches_the_golden_file() {
    let out = Command::new(common::example_bin("extract"))
        .current_dir(fixture(""))
        .args(["wire_quotes.txt", "wire_entities.txt", "articles"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let got = String::from_utf8(out.stdout).unwrap();
    let golden = fixture("golden/extract.jsonl");
    if std::env::var_os("WHOSAID_BLESS").is_some() {
        std::fs::write(&golden, &got).unwrap();
    }
    let want = std::fs::read_to_string(&golden).unwrap();
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        assert_eq!(
            g,
            w,
            "line {} of the JSON differs from {}",
            i + 1,
            golden.display()
        );
    }
    assert_eq!(got.lines().count(), want.lines().count());
}
