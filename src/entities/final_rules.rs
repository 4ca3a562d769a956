//! Rules over the tagger's final output: the second pass's labels of a sentence, then the
//! chunks of the whole article.
//!
//! Unlike the rules in `perceptron.rs`, which also shape the first pass (and so what the
//! second pass is trained on), these run after the second pass only: they change no weight
//! of the trained model. Each one was kept because it raised F1 on the held-out fifth of
//! CoNLL-2003 train in every one of five models (`data/README.md`, "Issue 11, fourth round"),
//! except `geographic_heads_after`, which never fires there and is held by our own fixtures.
//!
//! **Cost:** each rule is one pass over the sentence's tokens or the article's chunks, with
//! hash maps keyed by names; a name is compared by its words, bounded by its length.

use std::collections::{HashMap, HashSet};

use super::features::{Lexicons, TokenInfo, G_ORG};
use super::perceptron::{chunks, set_chunk, GEO_HEADS, LOC, O, ORG, PER};

/// Applies the sentence rules to the final labels of one sentence.
pub(super) fn sentence(words: &[&str], infos: &[TokenInfo], lex: &Lexicons, labels: &mut [usize]) {
    split_of_country(words, infos, lex, labels);
    and_org_names(words, infos, labels);
    score_lines(words, labels);
    geographic_heads_after(words, infos, labels);
}

/// Applies the article rules to the chunks (`(start, end, type)` per sentence) of one article.
pub(super) fn article(words: &[&[&str]], chunks: &mut [Vec<(usize, usize, usize)>]) {
    let parts = person_parts(words, chunks);
    organization_evidence(words, &parts, chunks);
}

/// Heads of names that keep their country ("Armed Forces of Colombia", "Church of England"),
/// besides the organization words of the gazetteer ("Bank of Japan").
const OF_COUNTRY_HEADS: &[&str] = &[
    "Forces",
    "Church",
    "Churches",
    "Republic",
    "Kingdom",
    "Government",
    "Embassy",
    "Bishop",
];

/// A person or a team named with its country ("Thomas Muster of Austria", "Fenerbahce of
/// Turkey") is the name and the country, which the tagger often runs into one chunk. Only
/// names of one or two words before "of" are split, and an organization whose words there
/// include an organization word keeps its country ("Bank of Japan", "Football Association of
/// Ireland").
fn split_of_country(words: &[&str], infos: &[TokenInfo], lex: &Lexicons, labels: &mut [usize]) {
    for (a, b, t) in chunks(labels) {
        if t != PER && t != ORG {
            continue;
        }
        let Some(k) = (a + 1..(a + 3).min(b)).find(|&k| words[k] == "of") else {
            continue;
        };
        if k + 1 >= b || b - k > 5 {
            continue;
        }
        if t == ORG
            && (infos[a..k].iter().any(|i| i.gaz & G_ORG != 0)
                || words[a..k].iter().any(|w| OF_COUNTRY_HEADS.contains(w)))
        {
            continue;
        }
        if lex.countries.by_name(&words[k + 1..b].join(" ")).is_none() {
            continue;
        }
        set_chunk(labels, a, k, t);
        labels[k] = O;
        set_chunk(labels, k + 1, b, LOC);
    }
}

/// A capitalized word and "and" before an organization that ends in an organization word
/// ("Truth and Reconciliation Commission") belong to it when the tagger left the word out.
fn and_org_names(words: &[&str], infos: &[TokenInfo], labels: &mut [usize]) {
    for (a, b, t) in chunks(labels) {
        if t != ORG || a < 2 || words[a - 1] != "and" || labels[a - 2] != O {
            continue;
        }
        let before = &infos[a - 2];
        if before.init_cap && !before.all_caps && infos[b - 1].gaz & G_ORG != 0 {
            set_chunk(labels, a - 2, b, ORG);
        }
    }
}

/// A line of a match result, two names each followed by one number and nothing else but a
/// parenthesis ("Los Angeles 5 Montreal 1", "Bari 1 Verona 1 ( halftime 0-0 )"): both names
/// are teams, organizations, even when named after a city.
fn score_lines(words: &[&str], labels: &mut [usize]) {
    let end = words.iter().position(|w| *w == "(").unwrap_or(words.len());
    let is_score = |s: &str| s.len() <= 3 && s.bytes().all(|c| c.is_ascii_digit());
    let is_name_word = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    let mut runs = [(0, 0); 2];
    let mut i = 0;
    for run in &mut runs {
        let a = i;
        while i < end && !is_score(words[i]) {
            if !is_name_word(words[i]) {
                return;
            }
            i += 1;
        }
        if i == a || i == end {
            return;
        }
        *run = (a, i);
        i += 1;
    }
    if i != end {
        return;
    }
    for (a, b) in runs {
        set_chunk(labels, a, b, ORG);
    }
}

/// A name followed by the untagged head word of a geographic feature ("Baltic" + "Sea",
/// "Caspian" + "Sea", "Rhode" + "Island") is, with it, one place.
fn geographic_heads_after(words: &[&str], infos: &[TokenInfo], labels: &mut [usize]) {
    for (a, b, _) in chunks(labels) {
        if b < words.len() && labels[b] == O && infos[b].init_cap && GEO_HEADS.contains(&words[b]) {
            set_chunk(labels, a, b + 1, LOC);
        }
    }
}

/// A one-word name that is the first or last word of a person's full name elsewhere in the
/// article ("Chelsea" after "Chelsea Clinton", "Taha" after "Mutawakel Taha") is that person.
/// Returns those first and last words.
fn person_parts<'w>(
    words: &[&[&'w str]],
    chunks: &mut [Vec<(usize, usize, usize)>],
) -> HashSet<&'w str> {
    let mut parts: HashSet<&str> = HashSet::new();
    for (ws, cs) in words.iter().zip(chunks.iter()) {
        for &(a, b, t) in cs {
            if t == PER && b - a >= 2 {
                parts.insert(ws[a]);
                parts.insert(ws[b - 1]);
            }
        }
    }
    for (ws, cs) in words.iter().zip(chunks.iter_mut()) {
        for c in cs.iter_mut() {
            if c.1 - c.0 == 1 && c.2 != PER && parts.contains(ws[c.0]) {
                c.2 = PER;
            }
        }
    }
    parts
}

/// Reporting verbs after which a pronoun tells a person ("said he") from a company ("said it").
const SAID: &[&str] = &["said", "says"];
/// Verbs of a share price ("Alcatel fell 1.7 percent to 395").
const PRICE_VERBS: &[&str] = &[
    "rose", "fell", "gained", "lost", "slipped", "eased", "edged", "climbed", "dropped", "jumped",
    "added", "ended",
];
/// Units of a share price ("gained 3 pence").
const PRICE_UNITS: &[&str] = &[
    "cents", "pence", "francs", "yen", "marks", "pfennigs", "kroons",
];
/// Words after "X 's" that make X a company ("Lilly 's shares").
const COMPANY_POSSESSIONS: &[&str] = &["shares", "stock", "profit", "net", "subsidiary", "unit"];
/// Verbs after "said it" that leave "it" a dummy subject ("said it was too early").
const COPULAS: &[&str] = &[
    "was", "is", "'s", "would", "will", "could", "might", "had", "has",
];
/// Titles before a person's name.
const PERSON_TITLES: &[&str] = &["Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr."];

/// A name tagged as a person that the article treats as a company in one of its mentions
/// ("Morgan Stanley said it downgraded …", "shares in Mentmore Abbey", "Lilly 's shares",
/// "Alcatel Alsthom fell 1.7 percent to 395") and never as a person ("said he", "Mr") is an
/// organization in all of them. "Said it" counts only when "it" is the subject of a verb other
/// than a copula ("said it downgraded", not "said it was too early"), and a one-word name
/// that is part of a person's full name in the article (`parts`) stays a person.
fn organization_evidence(
    words: &[&[&str]],
    parts: &HashSet<&str>,
    chunks: &mut [Vec<(usize, usize, usize)>],
) {
    // Per name: (company evidence, person evidence).
    let mut evidence: HashMap<&[&str], (bool, bool)> = HashMap::new();
    for (ws, cs) in words.iter().zip(chunks.iter()) {
        let w = |k: usize| ws.get(k).copied().unwrap_or("");
        for &(a, b, t) in cs {
            if t != PER {
                continue;
            }
            let e = evidence.entry(&ws[a..b]).or_default();
            if a >= 2
                && matches!(ws[a - 2], "Shares" | "shares" | "stake")
                && matches!(ws[a - 1], "in" | "of")
            {
                e.0 = true;
            }
            if w(b) == "'s" && COMPANY_POSSESSIONS.contains(&w(b + 1)) {
                e.0 = true;
            }
            // "fell 1.7 percent to 395.0", "gained 3 pence": a price, not a poll.
            if PRICE_VERBS.contains(&w(b))
                && w(b + 1).starts_with(|c: char| c.is_ascii_digit())
                && (PRICE_UNITS.contains(&w(b + 2))
                    || (w(b + 2) == "percent"
                        && w(b + 3) == "to"
                        && w(b + 4).starts_with(|c: char| c.is_ascii_digit())))
            {
                e.0 = true;
            }
            if SAID.contains(&w(b)) {
                // "said it", "said on Tuesday it".
                let k = if matches!(w(b + 1), "on" | "in") {
                    b + 3
                } else {
                    b + 1
                };
                match w(k) {
                    "it" if !COPULAS.contains(&w(k + 1)) => e.0 = true,
                    "its" => e.0 = true,
                    "he" | "she" | "his" | "her" => e.1 = true,
                    _ => {}
                }
            }
            if (a >= 1 && PERSON_TITLES.contains(&ws[a - 1]))
                || (b - a == 1 && parts.contains(ws[a]))
            {
                e.1 = true;
            }
        }
    }
    for (ws, cs) in words.iter().zip(chunks.iter_mut()) {
        for c in cs.iter_mut() {
            if c.2 == PER && evidence.get(&ws[c.0..c.1]) == Some(&(true, false)) {
                c.2 = ORG;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::features::{self, Lexicons};
    use super::super::perceptron::{chunks, set_chunk, MISC, TYPES};
    use super::*;

    fn labelled(n: usize, spans: &[(usize, usize, usize)]) -> Vec<usize> {
        let mut labels = vec![O; n];
        for &(a, b, t) in spans {
            set_chunk(&mut labels, a, b, t);
        }
        labels
    }

    fn named(words: &[&str], cs: &[(usize, usize, usize)]) -> Vec<(String, &'static str)> {
        cs.iter()
            .map(|&(a, b, t)| (words[a..b].join(" "), TYPES[t]))
            .collect()
    }

    fn run_sentence(text: &str, spans: &[(usize, usize, usize)]) -> Vec<(String, &'static str)> {
        let words: Vec<&str> = text.split(' ').collect();
        let lex = Lexicons::builtin();
        let mut infos = Vec::new();
        features::token_infos(lex, &words, &mut infos);
        let mut labels = labelled(words.len(), spans);
        sentence(&words, &infos, lex, &mut labels);
        named(&words, &chunks(&labels))
    }

    fn s(name: &str, t: &'static str) -> (String, &'static str) {
        (name.to_string(), t)
    }

    #[test]
    fn a_name_with_its_country_is_the_name_and_the_country() {
        assert_eq!(
            run_sentence(
                "Örgryte of Sweden drew with Ferencváros of Hungary .",
                &[(0, 3, ORG), (5, 8, ORG)]
            ),
            [
                s("Örgryte", "ORG"),
                s("Sweden", "LOC"),
                s("Ferencváros", "ORG"),
                s("Hungary", "LOC")
            ]
        );
        assert_eq!(
            run_sentence("Kadri Mägi of Estonia won .", &[(0, 4, PER)]),
            [s("Kadri Mägi", "PER"), s("Estonia", "LOC")]
        );
        // Banks, churches and republics keep their country; so does a place.
        for (text, t) in [
            ("the Bank of Estonia said", ORG),
            ("the Evangelical Church of Estonia said", ORG),
            ("the Republic of Estonia said", ORG),
            ("the Republic of Estonia said", LOC),
            ("the Lutheran Council of Estonia said", ORG),
        ] {
            let n = text.split(' ').count();
            let whole = run_sentence(text, &[(1, n - 1, t)]);
            assert_eq!(whole.len(), 1, "{text}: {whole:?}");
        }
        // Not a country: nothing changes.
        assert_eq!(
            run_sentence("Kadri Mägi of Tartu won .", &[(0, 4, PER)]),
            [s("Kadri Mägi of Tartu", "PER")]
        );
    }

    #[test]
    fn a_word_and_and_join_an_organization_they_open() {
        assert_eq!(
            run_sentence(
                "the Truth and Reconciliation Commission met",
                &[(3, 5, ORG)]
            ),
            [s("Truth and Reconciliation Commission", "ORG")]
        );
        // The organization must end in an organization word, the word must be untagged.
        assert_eq!(
            run_sentence("met Rein and Tamm Ehitus", &[(3, 5, ORG)]),
            [s("Tamm Ehitus", "ORG")]
        );
        assert_eq!(
            run_sentence(
                "Tallinn and Tartu University signed",
                &[(0, 1, LOC), (2, 4, ORG)]
            ),
            [s("Tallinn", "LOC"), s("Tartu University", "ORG")]
        );
    }

    #[test]
    fn a_name_and_a_geographic_head_after_it_are_one_place() {
        assert_eq!(
            run_sentence(
                "patrols over the Baltic Sea and Lake Peipsi",
                &[(3, 4, MISC)]
            ),
            [s("Baltic Sea", "LOC")]
        );
        assert_eq!(
            run_sentence("near Võrtsjärv Lake", &[(1, 2, ORG)]),
            [s("Võrtsjärv Lake", "LOC")]
        );
        // A head word already in a name, or in lower case, changes nothing.
        assert_eq!(
            run_sentence("the Baltic Sea Fund", &[(1, 4, ORG)]),
            [s("Baltic Sea Fund", "ORG")]
        );
        assert_eq!(
            run_sentence("a Baltic sea route", &[(1, 2, MISC)]),
            [s("Baltic", "MISC")]
        );
    }

    #[test]
    fn both_names_of_a_score_line_are_teams() {
        assert_eq!(
            run_sentence("Los Angeles 5 MONTRÉAL 1", &[(0, 2, LOC), (3, 4, LOC)]),
            [s("Los Angeles", "ORG"), s("MONTRÉAL", "ORG")]
        );
        assert_eq!(
            run_sentence(
                "Flora Tallinn 2 Levadia 0 ( halftime 1-0 )",
                &[(0, 2, ORG), (3, 4, PER)]
            ),
            [s("Flora Tallinn", "ORG"), s("Levadia", "ORG")]
        );
        // A table row, a stock index and a sentence are not score lines.
        for (text, spans) in [
            ("Tallinn 9 4 2 3 18 13 14", &[(0, 1, LOC)][..]),
            ("Tallinn 1,453 up 13.1", &[(0, 1, LOC)]),
            ("Tallinn beat Tartu 2 1", &[(0, 1, LOC), (2, 3, LOC)]),
            ("Tallinn 2 Tartu", &[(0, 1, LOC), (2, 3, LOC)]),
            (
                "Tallinn 2 Tartu 1 Pärnu",
                &[(0, 1, LOC), (2, 3, LOC), (4, 5, LOC)],
            ),
        ] {
            let out = run_sentence(text, spans);
            assert!(out.iter().all(|(_, t)| *t == "LOC"), "{text}: {out:?}");
        }
    }

    fn run_article(
        text: &[&str],
        spans: &[&[(usize, usize, usize)]],
    ) -> Vec<Vec<(String, &'static str)>> {
        let words: Vec<Vec<&str>> = text.iter().map(|s| s.split(' ').collect()).collect();
        let views: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        let mut cs: Vec<Vec<(usize, usize, usize)>> = spans.iter().map(|s| s.to_vec()).collect();
        article(&views, &mut cs);
        views.iter().zip(&cs).map(|(w, c)| named(w, c)).collect()
    }

    #[test]
    fn a_part_of_a_full_name_is_that_person() {
        let out = run_article(
            &[
                "Chelsea Öun spoke .",
                "Chelsea , 16 , smiled .",
                "Chelsea won 2-0 .",
            ],
            &[&[(0, 2, PER)], &[(0, 1, ORG)], &[(0, 1, ORG)]],
        );
        assert_eq!(out[1], [s("Chelsea", "PER")]);
        assert_eq!(out[2], [s("Chelsea", "PER")]);
        // Longer names and articles without the full name are left alone.
        let out = run_article(
            &["Chelsea Öun spoke .", "Chelsea Harbour opened ."],
            &[&[(0, 2, PER)], &[(0, 2, LOC)]],
        );
        assert_eq!(out[1], [s("Chelsea Harbour", "LOC")]);
    }

    #[test]
    fn a_person_the_article_treats_as_a_company_is_an_organization() {
        for sentence in [
            "Mägi Kaubandus said it plans to sell .",
            "Mägi Kaubandus said on Tuesday it sold its unit .",
            "Shares in Mägi Kaubandus rose .",
            "Mägi Kaubandus 's shares rose .",
            "Mägi Kaubandus fell 1.7 percent to 39.5 kroons .",
        ] {
            let at = sentence.split(' ').position(|w| w == "Mägi").unwrap();
            let out = run_article(
                &[sentence, "Analysts like Mägi Kaubandus ."],
                &[&[(at, at + 2, PER)], &[(2, 4, PER)]],
            );
            let flat: Vec<_> = out.concat();
            assert!(flat.iter().all(|(_, t)| *t == "ORG"), "{sentence}: {out:?}");
        }
        // A part of a person's full name stays a person.
        let out = run_article(
            &["Henrik Roll spoke .", "Roll said it sold the club ."],
            &[&[(0, 2, PER)], &[(0, 1, PER)]],
        );
        assert_eq!(out[1], [s("Roll", "PER")]);
        // Evidence of a person wins; so does no evidence.
        for sentences in [
            [
                "Mari Mägi said it was late .",
                "Mari Mägi said she would go .",
            ],
            ["Mari Mägi said it was late .", "Ms Mari Mägi left ."],
            ["Mari Mägi said that it was late .", "Mari Mägi left ."],
            ["Mari Mägi said it was too early .", "Mari Mägi left ."],
            [
                "Mari Mägi gained 3 percent in the poll .",
                "Mari Mägi left .",
            ],
        ] {
            let second = if sentences[1].starts_with("Ms") {
                (1, 3, PER)
            } else {
                (0, 2, PER)
            };
            let out = run_article(&sentences, &[&[(0, 2, PER)], &[second]]);
            let flat: Vec<_> = out.concat();
            assert!(
                flat.iter().all(|(_, t)| *t == "PER"),
                "{sentences:?}: {out:?}"
            );
        }
    }
}
