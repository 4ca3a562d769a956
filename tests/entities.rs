//! The built-in entity tagger, countries and groups on our own wire-style fixture, and bad
//! input through the whole pipeline.

use serde_json::Value;
use whosaid::entities::PerceptronTagger;
use whosaid::{Analysis, EntityKind, Error, Pipeline};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The mentions of `kinds` in text order, as (text, group id).
fn mentions(a: &Analysis, kinds: &[EntityKind]) -> Vec<(String, usize)> {
    a.entities
        .iter()
        .filter(|e| kinds.contains(&e.kind))
        .map(|e| {
            (
                e.text.clone(),
                e.group.expect("every mention has a group").index(),
            )
        })
        .collect()
}

#[test]
fn wire_story_people_countries_and_organizations_are_found_and_grouped() {
    let text = fixture("wire_entities.txt");
    let expected: Value = serde_json::from_str(&fixture("wire_entities.expected.json")).unwrap();
    let a = Pipeline::default().analyze(&text);
    for e in &a.entities {
        assert_eq!(&text[e.span], e.text);
    }

    // People: exactly the expected ones, each in one group named after the full name.
    let people = mentions(&a, &[EntityKind::Person]);
    let mut want_people = Vec::new();
    for p in expected["people"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let ms: Vec<&str> = p["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        let found: Vec<&(String, usize)> = people
            .iter()
            .filter(|(t, _)| ms.contains(&t.as_str()))
            .collect();
        assert_eq!(found.len(), ms.len(), "all mentions of {name}: {people:?}");
        let g = found[0].1;
        assert!(
            found.iter().all(|(_, h)| *h == g),
            "{name} in one group: {found:?}"
        );
        assert_eq!(a.groups[g].name, name);
        assert_eq!(a.groups[g].kind, EntityKind::Person);
        want_people.extend(ms);
    }
    assert_eq!(
        people.len(),
        want_people.len(),
        "no other people: {people:?}"
    );

    // Countries and nationalities, with codes, grouped per country.
    for c in expected["countries"].as_array().unwrap() {
        let code = c["code"].as_str().unwrap();
        let want: Vec<&str> = c["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        let got: Vec<&whosaid::Entity> = a
            .entities
            .iter()
            .filter(|e| e.country.map(|k| k.to_string()).as_deref() == Some(code))
            .collect();
        let got_texts: Vec<&str> = got.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(got_texts, want, "mentions of {code}");
        let g = got[0].group.unwrap();
        assert!(got.iter().all(|e| e.group == Some(g)));
        assert_eq!(a.group(g).unwrap().kind, EntityKind::Country);
        // The fixture says which mentions are demonyms (not the country table, which is what
        // is under test).
        let demonyms: Vec<&str> = c["demonyms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        for e in &got {
            let kind = if demonyms.contains(&e.text.as_str()) {
                EntityKind::Nationality
            } else {
                EntityKind::Country
            };
            assert_eq!(e.kind, kind, "{}", e.text);
        }
    }

    // Organizations, acronyms joined to their expansions.
    for o in expected["organizations"].as_array().unwrap() {
        let name = o["name"].as_str().unwrap();
        let want: Vec<&str> = o["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        let got: Vec<(String, usize)> = mentions(&a, &[EntityKind::Organization])
            .into_iter()
            .filter(|(t, _)| want.contains(&t.as_str()))
            .collect();
        assert_eq!(got.len(), want.len(), "mentions of {name}: {got:?}");
        assert!(
            got.iter().all(|(_, g)| *g == got[0].1),
            "{name} grouped: {got:?}"
        );
        assert_eq!(a.groups[got[0].1].name, name);
    }
}

#[test]
fn surname_keeps_person_reading_from_earlier_full_name() {
    let text = "Prime Minister Kaarel Vahtra met reporters. Later, Vahtra said the plan stands.";
    let a = Pipeline::default().analyze(text);
    let people = mentions(&a, &[EntityKind::Person]);
    assert_eq!(people.len(), 2, "{people:?}");
    assert_eq!(people[0].0, "Kaarel Vahtra");
    assert_eq!(people[1].0, "Vahtra");
    assert_eq!(people[0].1, people[1].1);
}

#[test]
fn bad_input_gives_sensible_output() {
    let p = Pipeline::default();
    let check = |text: &str| {
        let a = p.analyze(text);
        for e in &a.entities {
            assert_eq!(&text[e.span], e.text);
        }
        for s in &a.sentences {
            assert!(text.get(s.span.range()).is_some());
        }
        a
    };
    // No sentence punctuation at all.
    let a = check("talks between Estonia and Latvia resumed in Riga on Monday without result");
    assert!(a
        .entities
        .iter()
        .any(|e| e.text == "Estonia" && e.kind == EntityKind::Country));
    // All caps.
    let a = check("ESTONIA AND LATVIA SIGN DEFENCE PACT IN RIGA.\n\nTALLINN 1996-08-22");
    assert!(a.sentences.len() >= 2);
    // A 1 MB single paragraph.
    let big =
        "Madis Roll of Estonia met officials in Riga on Monday, and they talked ".repeat(15_000);
    assert!(big.len() > 1_000_000);
    let a = check(&big);
    assert!(a.entities.len() > 10_000);
    assert_eq!(a.paragraphs.len(), 1);
    // Emoji, right-to-left text, control characters, stray quotes.
    check("🙂 Estonia 🎉 wins! 🚀🚀 “ ” ‘");
    check("שלום, said Madis Roll in Tel Aviv. مرحبا من القاهرة.");
    check("Madis\u{0}Roll\u{1b}[1m met\u{7} NATO\u{8} officials.\u{feff}");
    check("\u{202e}Estonia\u{202c} and \u{200f}Latvia.");
    check("");
}

#[test]
fn corrupt_model_is_a_typed_error() {
    assert!(matches!(
        PerceptronTagger::from_bytes(b"garbage"),
        Err(Error::Model { .. })
    ));
    let err =
        PerceptronTagger::from_file(std::path::Path::new("/nonexistent/model.bin")).unwrap_err();
    assert!(matches!(err, Error::Io { .. }));
    assert!(PerceptronTagger::builtin().is_ok());
}

/// Our own wire story with outlets, wire agencies, platforms, international organizations
/// and sentence-initial acronyms: every organization is found as one, none as a person, and
/// an adjective before an acronym ("a Nordic NATO ally") is not part of the name.
#[test]
fn outlets_platforms_and_agencies_are_organizations() {
    let text = fixture("outlets.txt");
    let a = Pipeline::default().analyze(&text);
    let of_kind = |k: EntityKind| -> Vec<&str> {
        a.entities
            .iter()
            .filter(|e| e.kind == k)
            .map(|e| e.text.as_str())
            .collect()
    };
    let orgs = of_kind(EntityKind::Organization);
    for want in [
        "EU",
        "Defense News",
        "Reuters",
        "Associated Press",
        "Bloomberg",
        "NATO",
        "European Union",
        "Frontex",
        "Telegram",
        "Politico",
        "Twitter",
        "Financial Times",
        "Microsoft",
        "Google",
        "UN",
        "International Maritime Organization",
        "OSCE",
        "Interpol",
        "BBC",
    ] {
        assert!(orgs.contains(&want), "{want} as an organization: {orgs:?}");
    }
    assert_eq!(
        orgs.iter().filter(|o| **o == "NATO").count(),
        2,
        "both NATOs, neither with its adjective: {orgs:?}"
    );
    assert_eq!(of_kind(EntityKind::Person), ["Ilze Vītola"]);
    // A sentence that opens with an acronym before a country: both found, neither swallowed.
    assert_eq!(orgs.iter().filter(|o| **o == "EU").count(), 2, "{orgs:?}");
    for country in ["Latvia", "Estonia"] {
        let e = a.entities.iter().find(|e| e.text == country).unwrap();
        assert_eq!(e.kind, EntityKind::Country, "“EU member {country}”");
    }
}

/// US states are places whatever the tagger's first guess, and Georgia in a story about US
/// politics is the state, not the country.
#[test]
fn us_states_are_places_and_georgia_is_a_state_in_us_politics() {
    let text = "Clinton won Nevada and Arizona on Tuesday, while Sanders took Ohio and Florida. \
                A Democratic congressman from Georgia endorsed her in Atlanta.";
    let a = Pipeline::default().analyze(text);
    for state in ["Nevada", "Arizona", "Ohio", "Florida", "Georgia"] {
        let e = a.entities.iter().find(|e| e.text == state).unwrap();
        assert_eq!(e.kind, EntityKind::Location, "{state}");
        assert_eq!(e.country, None, "{state}");
    }
    let text = "Georgia and Russia met in Tbilisi. The Georgian minister left.";
    let a = Pipeline::default().analyze(text);
    let ge = a.entities.iter().find(|e| e.text == "Georgia").unwrap();
    assert_eq!(ge.country.map(|c| c.to_string()).as_deref(), Some("GE"));
}

#[test]
fn hyphen_modifiers_ampersands_and_outlet_appositions() {
    let text = "The Tartu-based Nordhavn Shipping Group said on Monday that it had hired Kask & \
                Saar Co to review the deal.\nShares of the Riga-listed firm fell 4 percent after \
                Lõuna Sõnumid, a regional weekly, reported the talks.\nA Hong Kong-based \
                investor, Mei Ling Chan, declined to comment.";
    let a = Pipeline::default().analyze(text);
    let got: Vec<(&str, EntityKind)> = a.entities.iter().map(|e| (&text[e.span], e.kind)).collect();
    use EntityKind::*;
    assert_eq!(
        got,
        [
            ("Tartu-based", Misc),
            ("Nordhavn Shipping Group", Organization),
            ("Kask & Saar Co", Organization),
            ("Riga-listed", Misc),
            ("Lõuna Sõnumid", Organization),
            ("Hong Kong-based", Misc),
            ("Mei Ling Chan", Person),
        ]
    );
}

/// Rules over the tagger's final output, through the whole pipeline (`final_rules.rs`): without
/// them the tagger reads "Security Council" alone and "Aino Kask" as a person.
#[test]
fn final_rules_join_and_names_and_weigh_company_evidence() {
    use EntityKind::*;
    let cases: [(&str, &[(&str, EntityKind)]); 2] = [
        (
            "The Peace and Security Council of the Baltic Assembly met on Monday in Tallinn.",
            &[
                ("Peace and Security Council", Organization),
                ("Baltic Assembly", Organization),
                ("Tallinn", Location),
            ],
        ),
        (
            "Analysts at Aino Kask said on Tuesday it expected a weak year. Shares in Aino Kask \
             fell.",
            &[("Aino Kask", Organization), ("Aino Kask", Organization)],
        ),
    ];
    for (text, want) in cases {
        let a = Pipeline::default().analyze(text);
        let got: Vec<(&str, EntityKind)> =
            a.entities.iter().map(|e| (&text[e.span], e.kind)).collect();
        assert_eq!(got, want, "{text}");
    }
}
