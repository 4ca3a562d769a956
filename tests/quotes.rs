//! Quote extraction and attribution on our own wire-style fixture and tricky layouts.

use serde_json::Value;
use whosaid::{Analysis, EntityKind, Pipeline, QuoteKind};

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
                "that the budget would be cut by a tenth",
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

/// One quote as text: (content words, cue, speaker mention, speaker name, speaker kind).
type Seen = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<EntityKind>,
);

fn seen(p: &Pipeline, text: &str) -> Vec<Seen> {
    let a = p.analyze(text);
    a.quotes
        .iter()
        .map(|q| {
            (
                q.words(text).to_string(),
                q.cue.map(|s| text[s].to_string()),
                q.speaker.map(|s| text[s].to_string()),
                q.speaker_name.clone(),
                q.speaker_kind,
            )
        })
        .collect()
}

/// The one quote whose content holds `needle`.
fn find<'a>(got: &'a [Seen], needle: &str, text: &str) -> &'a Seen {
    let mut hits = got.iter().filter(|q| q.0.contains(needle));
    let q = hits
        .next()
        .unwrap_or_else(|| panic!("{text}: no quote with {needle:?}: {got:#?}"));
    assert!(
        hits.next().is_none(),
        "{text}: two quotes with {needle:?}: {got:#?}"
    );
    q
}

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

#[test]
fn relative_clause_in_an_apposition() {
    // The mention is the relative pronoun, as PolNeAR annotates it (the scorer needs the
    // speaker to touch it); the name is the person it refers to, not a phrase across the
    // apposition.
    let p = Pipeline::default();
    let text = "“We will adapt,” said Kask, echoing Finnish President Anna Virtanen, who has \
                repeatedly said the border must stay open.";
    let got = seen(&p, text);
    let q = find(&got, "border", text);
    assert_eq!(q.0, "the border must stay open", "{got:#?}");
    assert_eq!(q.1, s("said"));
    assert_eq!(q.2, s("who"));
    assert_eq!(q.3, s("Anna Virtanen"));
    assert_eq!(q.4, Some(EntityKind::Person));
}

#[test]
fn coordinated_verbs() {
    let p = Pipeline::default();
    let text = "Defence Minister Jaan Tamm dismissed the report and said the talks were going \
                nowhere.";
    let got = seen(&p, text);
    let q = find(&got, "talks", text);
    assert_eq!(q.0, "the talks were going nowhere", "{got:#?}");
    assert_eq!(q.1, s("said"));
    assert_eq!(q.3, s("Jaan Tamm"));
    // And a reported clause with a second verb of its own stays one clause.
    let text = "Tamm said he met the envoy and asked him to stay.";
    let got = seen(&p, text);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].0, "he met the envoy and asked him to stay");
}

#[test]
fn content_boundaries_of_reported_speech() {
    // Adverbials between the cue and the clause stay out; the complementizer "that" is in,
    // as PolNeAR annotates it.
    let p = Pipeline::default();
    for (text, content, speaker, kind) in [
        (
            "Tamm said on Monday that the plan was finished.",
            "that the plan was finished",
            "Tamm",
            None,
        ),
        (
            "Officials at the ministry said in a statement that the plan was finished.",
            "that the plan was finished",
            "Officials at the ministry",
            Some(EntityKind::Person),
        ),
        (
            "Jaan Tamm said Tuesday the plan was finished.",
            "the plan was finished",
            "Jaan Tamm",
            Some(EntityKind::Person),
        ),
        (
            "Jaan Tamm pointed out that the plan was finished.",
            "that the plan was finished",
            "Jaan Tamm",
            Some(EntityKind::Person),
        ),
        (
            "Jaan Tamm told Tallinn Radio host Mari Kuusk that the plan was finished.",
            "that the plan was finished",
            "Jaan Tamm",
            Some(EntityKind::Person),
        ),
    ] {
        let got = seen(&p, text);
        assert_eq!(got.len(), 1, "{text}: {got:#?}");
        assert_eq!(got[0].0, content, "{text}");
        assert_eq!(got[0].2, s(speaker), "{text}");
        if kind.is_some() {
            assert_eq!(got[0].4, kind, "{text}");
        }
    }
    let text = "Jaan Tamm pointed out that the plan was finished.";
    assert_eq!(seen(&p, text)[0].1, s("pointed out"));
}

#[test]
fn definite_descriptions_and_pronouns() {
    let p = Pipeline::default();
    type Case<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, EntityKind);
    let cases: &[Case] = &[
        (
            "Jaan Tamm, the defence minister, spoke on Monday. The minister said the plan was \
             finished.",
            "plan",
            "The minister",
            Some("Jaan Tamm"),
            EntityKind::Person,
        ),
        (
            "Liina Kask, a spokeswoman for the port, confirmed the date. The spokeswoman said \
             the ships would wait.",
            "ships",
            "The spokeswoman",
            Some("Liina Kask"),
            EntityKind::Person,
        ),
        (
            "Acme Inc. opened a plant in Tartu on Monday. The company said the plant would hire \
             200 people.",
            "hire",
            "The company",
            Some("Acme Inc."),
            EntityKind::Organization,
        ),
        (
            "Mart Ilves visited the Defence Ministry. The ministry said the talks were over.",
            "talks",
            "The ministry",
            Some("Defence Ministry"),
            EntityKind::Organization,
        ),
        (
            "Kaja Kask opened the meeting. She said the budget would shrink.",
            "budget",
            "She",
            Some("Kaja Kask"),
            EntityKind::Person,
        ),
        // No spokesman was named: the mention stays, with a null name, never a guess.
        (
            "Kaja Kask opened the meeting. The spokesman said the budget would shrink.",
            "budget",
            "The spokesman",
            None,
            EntityKind::Person,
        ),
        // A pronoun never resolves to a group that is not a person.
        (
            "The Department of Energy announced a review. She said the review would take weeks.",
            "weeks",
            "She",
            None,
            EntityKind::Person,
        ),
    ];
    for &(text, needle, mention, name, kind) in cases {
        let got = seen(&p, text);
        let q = find(&got, needle, text);
        assert_eq!(q.2, s(mention), "{text}");
        assert_eq!(q.3.as_deref(), name, "{text}");
        assert_eq!(q.4, Some(kind), "{text}");
    }
}

#[test]
fn outlets_as_sources() {
    // Attributed to the outlet's mention. (Its kind is what the tagger says of the mention:
    // the entities issue teaches the tagger that such names are organizations.)
    let p = Pipeline::default();
    let text = "The cuts will go ahead, Breaking Military has reported.";
    let got = seen(&p, text);
    let q = find(&got, "cuts", text);
    assert_eq!(q.0, "The cuts will go ahead");
    assert_eq!(q.1, s("reported"));
    assert_eq!(q.2, s("Breaking Military"));
    assert_ne!(q.4, None, "{got:#?}");
}

#[test]
fn subjects_that_are_not_sources() {
    let p = Pipeline::default();
    let text = "All the recent talk about troops going to Latvia has highlighted the fact that \
                there are already troops in the country.";
    assert_eq!(seen(&p, text), Vec::<Seen>::new(), "{text}");
    let text = "The Signal leaks revealed last year that the plan was finished.";
    let got = seen(&p, text);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].0, "that the plan was finished");
    assert_eq!(got[0].2, s("The Signal leaks"));
}

#[test]
fn speakers_are_people_or_organizations() {
    let p = Pipeline::default();
    for (text, mention, name) in [
        (
            "The Indiana governor said the talks were over.",
            "The Indiana governor",
            None,
        ),
        (
            "The Republican presidential nominee said the talks were over.",
            "The Republican presidential nominee",
            None,
        ),
        (
            "“The talks are over,” said Senate leader Mitch McConnell.",
            "Senate leader Mitch McConnell",
            Some("Mitch McConnell"),
        ),
        (
            "“The talks are over,” said Estonian security advisor Madis Roll.",
            "Estonian security advisor Madis Roll",
            Some("Madis Roll"),
        ),
    ] {
        let a = p.analyze(text);
        assert_eq!(a.quotes.len(), 1, "{text}: {:#?}", a.quotes);
        let q = &a.quotes[0];
        assert_eq!(q.speaker.map(|s| &text[s]), Some(mention), "{text}");
        assert_eq!(q.speaker_name.as_deref(), name, "{text}");
        assert_eq!(q.speaker_kind, Some(EntityKind::Person), "{text}");
        if let Some(g) = q.speaker_group {
            assert!(matches!(
                a.groups[g.index()].kind,
                EntityKind::Person | EntityKind::Organization
            ));
        }
    }
}

#[test]
fn headlines_and_cue_look_alikes() {
    let p = Pipeline::default();
    for text in [
        "Stealth Over Health: Hillary Clinton Hides Her Records From Voters",
        "The Latest: Voters in Tartu go to the polls",
        "Kask leads in the swing states of Ohio and Florida this week.",
        "Kask spent Sunday defending his early-morning tweets about the port.",
    ] {
        let got = seen(&p, text);
        assert_eq!(got, Vec::<Seen>::new(), "{text}");
    }
    // A name before the colon is still a headline speaker.
    let text = "Madis Roll: The Border Will Stay Open";
    let got = seen(&p, text);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].3, s("Madis Roll"));
}

#[test]
fn confidence_is_a_probability() {
    let p = Pipeline::default();
    let text = fixture("wire_quotes.txt");
    let a = p.analyze(&text);
    assert!(!a.quotes.is_empty());
    for q in &a.quotes {
        assert!((0.0..=1.0).contains(&q.confidence), "{q:?}");
    }
}

#[test]
fn signatures_participles_and_trailing_speakers() {
    let p = Pipeline::default();
    // A dash and a name under a quote.
    let text = "“The economy is rigged for the few.”\n\n- Bernie Sanders.\n\nThe senator spoke.";
    let got = seen(&p, text);
    let q = find(&got, "rigged", text);
    assert_eq!(q.1, s("-"));
    assert_eq!(q.3, s("Bernie Sanders"));
    // A participle after an attribution speaks for the same speaker.
    let text = "“He has no chance,” Liina Kask said on the radio, adding, “The race is over \
                for him.”";
    let got = seen(&p, text);
    assert_eq!(
        find(&got, "race is over", text).3,
        s("Liina Kask"),
        "{got:#?}"
    );
    // `…, said X, but …`: the speaker is followed by another clause.
    let text = "Ms. Brainard is ''not a backslapper,'' said Mart Ilves, but she has built ties.";
    let got = seen(&p, text);
    assert_eq!(
        find(&got, "backslapper", text).3,
        s("Mart Ilves"),
        "{got:#?}"
    );
    // The subject of a verb coordinated with one that is no cue.
    let text = "Opposition lawmakers welcomed the decision but said it had come too late.";
    let got = seen(&p, text);
    let q = find(&got, "too late", text);
    assert_eq!(q.2, s("Opposition lawmakers"));
    assert_eq!(q.4, Some(EntityKind::Person));
}

#[test]
#[ignore = "entity grouping joins the surname to the wrong Clinton; the entities issue (11) fixes grouping"]
fn same_surname_speakers_follow_the_paragraph() {
    // `Clinton` after `Hillary Clinton praised …` is Hillary, not Chelsea, named earlier.
    let p = Pipeline::default();
    let text = "Hillary Clinton campaigned in Iowa on Monday, and Chelsea Clinton joined her \
                later. Hillary Clinton praised the crowd. Clinton had told police that the \
                threats were serious.";
    let got = seen(&p, text);
    assert_eq!(
        find(&got, "threats", text).3,
        s("Hillary Clinton"),
        "{got:#?}"
    );
}

#[test]
fn intentions_evidence_and_dated_subjects() {
    let p = Pipeline::default();
    for (text, content, speaker) in [
        (
            "Jaan Tamm wants to close the border crossing by May.",
            "to close the border crossing by May",
            "Jaan Tamm",
        ),
        (
            "A poll by the Tartu Institute found that most voters back the plan.",
            "that most voters back the plan",
            "A poll by the Tartu Institute",
        ),
        (
            "A news report published Wednesday said the minister used a private email account.",
            "the minister used a private email account",
            "A news report published",
        ),
        (
            "Jaan Tamm on Monday said the talks were over.",
            "the talks were over",
            "Jaan Tamm",
        ),
    ] {
        let got = seen(&p, text);
        assert_eq!(got.len(), 1, "{text}: {got:#?}");
        assert_eq!(got[0].0, content, "{text}");
        assert_eq!(got[0].2, s(speaker), "{text}");
    }
    // Not every "found" or "wants" is an attribution: the subject must name a source.
    for text in [
        "The room found itself empty by noon.",
        "The old bridge wants to be repaired soon.",
    ] {
        assert_eq!(seen(&p, text), Vec::<Seen>::new(), "{text}");
    }
}

/// The quote whose content holds `needle`, as (content, cue, speaker) sliced from `text` by
/// the returned byte spans.
fn spans<'t>(p: &Pipeline, text: &'t str, needle: &str) -> (&'t str, &'t str, &'t str) {
    let a = p.analyze(text);
    let q = a
        .quotes
        .iter()
        .find(|q| text[q.content].contains(needle))
        .unwrap_or_else(|| panic!("{text}: no quote with {needle:?}: {:#?}", a.quotes));
    let cue = q.cue.map_or("", |c| &text[c]);
    let speaker = q.speaker.map_or("", |s| &text[s]);
    (&text[q.content], cue, speaker)
}

#[test]
fn unlisted_verbs_frame_a_quote_they_follow() {
    let p = Pipeline::default();
    for (text, content, cue, speaker) in [
        (
            "The minister was asked about the port. “Never,” Jaan Tamm retorted.",
            "“Never,”",
            "retorted",
            "Jaan Tamm",
        ),
        (
            "The crowd cheered. “This is a great day for Tartu!” beamed Liina Kask, a delegate.",
            "“This is a great day for Tartu!”",
            "beamed",
            "Liina Kask",
        ),
        (
            "Protesters lined the road. “Hands off our forests,” the banner read.",
            "“Hands off our forests,”",
            "read",
            "the banner",
        ),
    ] {
        assert_eq!(spans(&p, text, content), (content, cue, speaker), "{text}");
    }
    // A quoted sentence that ends with a full stop hands nothing over to the next one.
    let text = "“The vote is on Sunday and the count is on Monday.” Kask walked away.";
    let got = seen(&p, text);
    assert!(
        got.iter().all(|q| q.1.as_deref() != Some("walked")),
        "{got:#?}"
    );
}

#[test]
fn signatures_on_the_lines_of_one_paragraph() {
    let p = Pipeline::default();
    let text = "Readers wrote to us.\n“The plan is a disgrace to the whole country.” ― Liisa \
                Saar\n“Nobody asked us about any of this before the vote.”― Mart Kivi\n“We \
                will keep fighting.” ― Kadri Org";
    for (content, speaker) in [
        (
            "“The plan is a disgrace to the whole country.”",
            "Liisa Saar",
        ),
        (
            "“Nobody asked us about any of this before the vote.”",
            "Mart Kivi",
        ),
        ("“We will keep fighting.”", "Kadri Org"),
    ] {
        assert_eq!(spans(&p, text, content), (content, "―", speaker), "{text}");
    }
}

#[test]
fn a_participle_cue_opens_its_own_attribution() {
    let p = Pipeline::default();
    for (text, parts) in [
        (
            "Jaan Tamm said on Monday that the border would stay open, adding that the talks \
             would resume in May.",
            [
                ("that the border would stay open", "said", "Jaan Tamm"),
                ("that the talks would resume in May", "adding", "Jaan Tamm"),
            ],
        ),
        (
            "Liina Kask attacked the budget, calling it “a farce” and urging the minister to \
             resign.",
            [
                ("it “a farce”", "calling", "Liina Kask"),
                ("the minister to resign", "urging", "Liina Kask"),
            ],
        ),
    ] {
        for part in parts {
            assert_eq!(spans(&p, text, part.0), part, "{text}");
        }
    }
    // "according to" names the clause's own source and stays inside it.
    let text = "The report said that most ports were safe, according to the ministry.";
    let (content, cue, _) = spans(&p, text, "ports");
    assert_eq!(
        (content, cue),
        (
            "that most ports were safe, according to the ministry",
            "said"
        )
    );
}

#[test]
fn colon_introductions_without_a_listed_cue() {
    let p = Pipeline::default();
    for (text, content, cue, speaker) in [
        (
            "The minister was asked about the port. Jaan Tamm retorted: “The port stays open \
             as long as I am minister.”",
            "“The port stays open as long as I am minister.”",
            "retorted",
            "Jaan Tamm",
        ),
        (
            "Polls missed the swing - Tartu Review: “The polls failed to predict the swing in \
             the last week of the race.”",
            "“The polls failed to predict the swing in the last week of the race.”",
            ":",
            "Tartu Review",
        ),
        (
            "More from Liisa Saar: “The polls failed to predict the swing in the last week of \
             the race.”",
            "“The polls failed to predict the swing in the last week of the race.”",
            ":",
            "Liisa Saar",
        ),
    ] {
        assert_eq!(spans(&p, text, content), (content, cue, speaker), "{text}");
    }
}

#[test]
fn a_finished_quoted_sentence_leaves_the_next_attribution_to_what_follows() {
    let p = Pipeline::default();
    // `“… them.” He added, “…”`: "He added" introduces the second quote only.
    let text = "“We have done our part and the rest is up to them.” He added, “The talks will \
                go on until the end of the month.”";
    let a = p.analyze(text);
    let cued: Vec<&str> = a
        .quotes
        .iter()
        .filter(|q| q.cue.is_some_and(|c| &text[c] == "added"))
        .map(|q| &text[q.content])
        .collect();
    assert_eq!(
        cued,
        ["“The talks will go on until the end of the month.”"],
        "{:#?}",
        a.quotes
    );
    // `“… them.” Kask says the talks …`: the verb's own clause.
    let text = "“We have done our part and the rest is up to them.” Kask says the talks will go \
                on until May.";
    assert_eq!(
        spans(&p, text, "talks"),
        ("the talks will go on until May", "says", "Kask")
    );
    // A quoted sentence finished inside its marks ends the reported clause that holds it.
    let text = "Daniel Kask said the commitment to the region was “not up for negotiation.” \
                Mart Tamm added that Tallinn would also send a patrol boat.";
    assert_eq!(
        spans(&p, text, "commitment"),
        (
            "the commitment to the region was “not up for negotiation.”",
            "said",
            "Daniel Kask"
        )
    );
    assert_eq!(
        spans(&p, text, "patrol"),
        (
            "that Tallinn would also send a patrol boat",
            "added",
            "Mart Tamm"
        )
    );
    // An attribution that ends the sentence still takes the quote before it.
    let text = "“We have done our part and the rest is up to them.” Kask said on Tuesday.";
    assert_eq!(
        spans(&p, text, "our part"),
        (
            "“We have done our part and the rest is up to them.”",
            "said",
            "Kask"
        )
    );
}

#[test]
fn a_nested_report_keeps_the_outer_speaker() {
    // `X said he believes “…”`: the source is the one who said it, not the pronoun.
    let p = Pipeline::default();
    let text = "The coach was asked about the season. Mart Kask said he believes “the squad can \
                finish in the top three this year.”";
    assert_eq!(
        spans(&p, text, "squad"),
        (
            "“the squad can finish in the top three this year.”",
            "believes",
            "Mart Kask"
        )
    );
    // A pronoun with no reporting verb before it stays the speaker.
    let text = "The coach was asked about the season. He believes “the squad can finish in the \
                top three this year.”";
    assert_eq!(spans(&p, text, "squad").2, "He");
}

#[test]
fn a_nested_report_past_an_aside_keeps_the_outer_speaker() {
    // `X at the time said he …`, `X (R-Ore.) said he …`, `he's said he …`, `Another said
    // he …`: the outer subject is found past the aside.
    let p = Pipeline::default();
    for (text, speaker) in [
        (
            "The coach was asked about the season. Mart Kask at the time said he believes \
             “the squad can finish in the top three this year.”",
            "Mart Kask",
        ),
        (
            "The coach was asked about the season. Sen. Liina Saar (R-Ore.) said she believes \
             “the squad can finish in the top three this year.”",
            "Sen. Liina Saar (R-Ore.)",
        ),
        (
            "The coach was asked about the season. Mart Kask smiled. He’s said he believes \
             “the squad can finish in the top three this year.”",
            "He",
        ),
        (
            "The fans were asked about the season. Another said he believes “the squad can \
             finish in the top three this year.”",
            "Another",
        ),
    ] {
        let (content, cue, sp) = spans(&p, text, "squad");
        assert_eq!(
            (content, cue, sp),
            (
                "“the squad can finish in the top three this year.”",
                "believes",
                speaker
            ),
            "{text}"
        );
    }
}

#[test]
fn adverbs_between_subject_and_cue_are_skipped() {
    let p = Pipeline::default();
    for (text, speaker) in [
        (
            "The vote was close. Council members have long complained that the budget is too \
             small.",
            "Council members",
        ),
        (
            "The vote was close. Mart Kask has since argued that the budget is too small.",
            "Mart Kask",
        ),
    ] {
        let (content, cue, sp) = spans(&p, text, "budget");
        assert_eq!(
            (content, sp),
            ("that the budget is too small", speaker),
            "{text}: cue {cue:?}"
        );
    }
}

#[test]
fn a_complement_after_the_cue_is_no_inverted_subject() {
    // `X said of Y: “…”`, `X wrote back: “…”`, `X added a caveat: “…”`: X speaks.
    let p = Pipeline::default();
    for (text, speaker) in [
        (
            "The vote was close. Mart Kask said of the council: “They just need to act.”",
            "Mart Kask",
        ),
        (
            "The vote was close. Liina Saar wrote back: “We all have him on our list.”",
            "Liina Saar",
        ),
        (
            "The vote was close. Liina Saar added a caveat: “Down the ballot, I will vote for \
             the mayor.”",
            "Liina Saar",
        ),
    ] {
        let (content, _, sp) = spans(&p, text, "“");
        assert_eq!(sp, speaker, "{text}: {content:?}");
    }
    // An inverted subject still speaks: `…, said Mart Kask: “…”`.
    let text = "Then came the reply, said Mart Kask: “They just need to act.”";
    assert_eq!(spans(&p, text, "act").2, "Mart Kask");
}

#[test]
fn a_report_according_to_someone_else_is_theirs() {
    // `X said CONTENT, according to Y`: Y is the source.
    let p = Pipeline::default();
    let text = "The vote was close. Mart Kask said the talks had failed, according to the Tartu \
                Review.";
    let (_, cue, sp) = spans(&p, text, "talks");
    assert_eq!((cue, sp), ("said", "the Tartu Review"));
}

#[test]
fn a_quote_said_according_to_someone_else_is_theirs() {
    // `“…,” X said at a rally, according to Y.`: PolNeAR credits Y, who reports it.
    let p = Pipeline::default();
    let text = "The campaign went on. “We will not stop in Pärnu,” Mart Kask said at a rally, \
                according to the Baltic Courier.";
    assert_eq!(
        spans(&p, text, "Pärnu"),
        ("“We will not stop in Pärnu,”", "said", "the Baltic Courier")
    );
    // With no ", according to" after it, the speaker stays.
    let text = "The campaign went on. “We will not stop in Pärnu,” Mart Kask said at a rally.";
    assert_eq!(spans(&p, text, "Pärnu").2, "Mart Kask");
}

#[test]
fn a_coordinated_clause_with_its_own_subject_is_its_own_attribution() {
    // `X decried “…,” and he foreshadowed “…”`: the second clause is the pronoun's.
    let p = Pipeline::default();
    let text = "Liina Saar said that no charges would be filed over the “lost” files, but she \
                called the handling “extremely careless.”";
    let first = spans(&p, text, "charges");
    assert_eq!(
        first.0,
        "that no charges would be filed over the “lost” files"
    );
    assert_eq!(first.2, "Liina Saar");
    let second = spans(&p, text, "careless");
    assert_eq!(
        (second.1, second.2),
        ("called", "she"),
        "{text}: {second:?}"
    );
}

#[test]
fn a_participle_after_an_opening_quote_shares_the_reporters_subject() {
    // The segmenter may start the sentence inside the quote (“… traitor. He is a
    // traitor,”): the participle's subject is the speaker after the quote, not "He".
    let p = Pipeline::default();
    for text in [
        "“I have a rival who is a traitor. He is a traitor,” Mart Kask said at a rally in \
         Narva, adding that he believed the rival was “a coward.”",
        "Kask’s “excesses” are sickening, Mart Kask said Tuesday in Narva, adding that the \
         rival was “a coward.”",
    ] {
        let (content, cue, speaker) = spans(&p, text, "coward");
        assert_eq!((cue, speaker), ("adding", "Mart Kask"), "{text}: {content}");
    }
}

#[test]
fn a_post_posed_attribution_past_an_aside_or_adverbial() {
    let p = Pipeline::default();
    for (text, needle, content, speaker) in [
        (
            // A party aside with full stops inside it.
            "“It reminds us of the stakes,” Sen. Liina Saar (R-Fla.) said Saturday night at a \
             rally.",
            "stakes",
            "“It reminds us of the stakes,”",
            "Sen. Liina Saar (R-Fla.)",
        ),
        (
            "“The vote was a disgrace,” Majority Leader Kati Kask, R-Ky., said.",
            "disgrace",
            "“The vote was a disgrace,”",
            "Majority Leader Kati Kask",
        ),
        (
            // The comma inside the closing mark.
            "Teachers in the union are “very, very pro-Kask,” Kilfoyle said.",
            "Teachers",
            "Teachers in the union are “very, very pro-Kask,”",
            "Kilfoyle",
        ),
        (
            // A time and place after the verb.
            "Kask’s “excesses” are sickening, Mart Tamm said Tuesday in Narva.",
            "sickening",
            "Kask’s “excesses” are sickening",
            "Mart Tamm",
        ),
    ] {
        let got = spans(&p, text, needle);
        assert_eq!((got.0, got.2), (content, speaker), "{text}");
    }
}

#[test]
fn impressions_have_no_source() {
    // PolNeAR leaves `The email appears to contradict …` without a source: the cue is kept,
    // the speaker is none.
    let p = Pipeline::default();
    let text = "The email appears to contradict earlier comments from the minister that “time \
                and distance prevented a faster response.”";
    let a = p.analyze(text);
    let q = a
        .quotes
        .iter()
        .find(|q| text[q.content].contains("contradict"))
        .unwrap_or_else(|| panic!("{text}: {:#?}", a.quotes));
    assert_eq!(q.cue.map(|c| &text[c]), Some("appears"));
    assert_eq!(q.speaker, None, "{text}: {q:?}");
}

#[test]
fn an_adverb_between_subject_and_cue_keeps_the_subject() {
    let p = Pipeline::default();
    let text = "Liina Saar often speaks of the port, and she jokingly tells audiences that after \
                forty years “it is time.”";
    let (_, cue, speaker) = spans(&p, text, "forty");
    assert_eq!((cue, speaker), ("tells", "she"), "{text}");
}

#[test]
fn the_lead_of_an_interrupted_mixed_quote_shares_its_attribution() {
    // `LEAD, X said, “REST”`: one content in two fragments, with one cue.
    let p = Pipeline::default();
    let text = "The club’s heavy investment in its courts, Mari Tanzer said, “is a perfect \
                example of adapting” to the new economics.";
    let a = p.analyze(text);
    let lead = spans(&p, text, "investment");
    let rest = spans(&p, text, "perfect");
    assert_eq!(lead.0, "The club’s heavy investment in its courts");
    assert_eq!((lead.1, lead.2), ("said", "Mari Tanzer"));
    assert_eq!((rest.1, rest.2), ("said", "Mari Tanzer"));
    let cues: Vec<_> = a.quotes.iter().map(|q| q.cue).collect();
    assert_eq!(cues.len(), 2, "{:#?}", a.quotes);
    assert_eq!(cues[0], cues[1]);
    // A lead with a cue of its own is a clause of its own, not a fragment.
    let text = "Kask said the courts were full, Mari Tanzer said, “and that is a perfect example \
                of adapting.”";
    let a = p.analyze(text);
    assert!(
        a.quotes
            .iter()
            .all(|q| !text[q.content].starts_with("Kask")),
        "{:#?}",
        a.quotes
    );
}

#[test]
fn subjects_past_opening_adverbials_and_nouns_that_look_like_cues() {
    let p = Pipeline::default();
    for (text, needle, cue, speaker) in [
        // A short quote right after `said,` is speech.
        (
            "Asked about the port, Liina Saar shook her head and said, “No.”",
            "No",
            "said",
            "Liina Saar",
        ),
        // A coordinated verb's subject past an opening adverbial.
        (
            "Eight years ago, he backed Mart Kask over Tamm and said, “Tamm has never done \
             anything for us.”",
            "never",
            "said",
            "he",
        ),
        // "note" after a determiner is a noun, not the cue.
        (
            "The book sold well. “Mart, you are a total loser!” the note said.",
            "loser",
            "said",
            "the note",
        ),
        // A participle's subject past an opening conjunction.
        (
            "And then Kask went fully on the attack, saying, “Is the minister going to \
             resign?”",
            "resign",
            "saying",
            "Kask",
        ),
    ] {
        let got = spans(&p, text, needle);
        assert_eq!((got.1, got.2), (cue, speaker), "{text}: {got:?}");
    }
    // The speaker found further back is no reason to take the words before it as a lead.
    let text = "Eight years ago, he backed Mart Kask over Tamm and said, “Tamm has never done \
                anything for us.”";
    let a = p.analyze(text);
    assert!(
        a.quotes.iter().all(|q| !text[q.content].contains("Eight")),
        "{:#?}",
        a.quotes
    );
}

#[test]
fn put_it_lone_speakers_and_frame_verbs_before_a_quote() {
    let p = Pipeline::default();
    for (text, needle, cue, speaker) in [
        (
            "As Mart Kask put it in his memo to employees, “Imagine a world where we are no \
             longer looking up at the giants.”",
            "Imagine",
            "put it",
            "Mart Kask",
        ),
        (
            "“It is still going,” added another delegate. Yet another said, “Kask is in a \
             five-way battle for second place.”",
            "five-way",
            "said",
            "another",
        ),
        (
            "The roads were busy. One sign read, “Trust the ferry, but always wear a life \
             jacket.”",
            "Trust",
            "read",
            "One sign",
        ),
    ] {
        let got = spans(&p, text, needle);
        assert_eq!((got.1, got.2), (cue, speaker), "{text}: {got:?}");
    }
}

#[test]
fn asides_put_it_after_a_quote_and_mistyped_openers() {
    let p = Pipeline::default();
    for (text, needle, cue, speaker) in [
        (
            "“If the agency wanted any other laptops, they would just go get them,” Rep. Jaan \
             Tamm (R-Ohio), an oversight panel member, said in a phone interview.",
            "laptops",
            "said",
            "Rep. Jaan Tamm (R-Ohio)",
        ),
        (
            "The main requirement is a “lawful source of investment income,” as a ministry \
             memo put it.",
            "lawful",
            "put it",
            "a ministry memo",
        ),
        (
            // A closing mark typed where the opening one belongs.
            "The readers wrote in.\n\n”Fear. I am truly afraid that the ferry will sink.” ― \
             Mari Kask.",
            "Fear",
            "―",
            "Mari Kask",
        ),
    ] {
        let got = spans(&p, text, needle);
        assert_eq!((got.1, got.2), (cue, speaker), "{text}: {got:?}");
    }
    // The person is the speaker's name, not the state in the aside.
    let text = "“If the agency wanted them, they would go get them,” Rep. Jaan Tamm (R-Ohio) said.";
    let a = p.analyze(text);
    assert_eq!(a.quotes[0].speaker_name.as_deref(), Some("Jaan Tamm"));
}

#[test]
fn a_quote_inside_a_reported_clause_that_runs_on_is_mixed() {
    // `X said that “…” about …`: PolNeAR's content is the whole clause, "that" included.
    let p = Pipeline::default();
    let text = "Ryan said that “we need more information” about how the agency came to its \
                conclusion on Tuesday.";
    let a = p.analyze(text);
    let q = a
        .quotes
        .iter()
        .find(|q| text[q.content].contains("information"))
        .unwrap_or_else(|| panic!("{:#?}", a.quotes));
    assert_eq!(
        &text[q.content],
        "that “we need more information” about how the agency came to its conclusion on Tuesday"
    );
    assert_eq!(q.kind, whosaid::QuoteKind::Mixed);
    // A quote that ends its clause stays a direct quote.
    let text = "Ryan said that “we need more information.”";
    assert_eq!(
        spans(&p, text, "information").0,
        "“we need more information.”"
    );
}

#[test]
fn a_quote_inside_a_clause_leaves_a_following_attribution_its_own_clause() {
    // `…that they had “been friends,” he claimed they had …`: "he claimed" introduces a clause
    // of its own; the quote stays in the clause before it.
    let p = Pipeline::default();
    let text = "Although Kask admitted to the newspaper that he and the woman had “been friends \
                for some time,” he claimed they had never met in private.";
    let first = spans(&p, text, "friends");
    assert_eq!(
        (first.0, first.1),
        (
            "that he and the woman had “been friends for some time,”",
            "admitted"
        )
    );
    let second = spans(&p, text, "never met");
    assert_eq!(
        second,
        ("they had never met in private", "claimed", "he"),
        "{text}"
    );
}

#[test]
fn colon_introductions_with_two_names_or_an_aside() {
    let p = Pipeline::default();
    for (text, needle, speaker) in [
        (
            "The poll was wrong.\n\nFERRY POLLS NOT WRONG, JUST TOO EARLY - Mart Kask and Liina \
             Saar: “Although the polls failed to predict the result, they were not dead wrong.”",
            "dead wrong",
            "Mart Kask and Liina Saar",
        ),
        (
            "The hearing went on.\n\nRep. Jaan Tamm (R-S.C.):\"I have not heard anyone other \
             than you cite that figure.\"",
            "figure",
            "Rep. Jaan Tamm (R-S.C.)",
        ),
    ] {
        let got = spans(&p, text, needle);
        assert_eq!((got.1, got.2), (":", speaker), "{text}: {got:?}");
    }
}
