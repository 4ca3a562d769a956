//! Counting cue words on PolNeAR articles and writing `data/cue_words.tsv` (for `reproduce`).
#![allow(dead_code)]

use super::polnear::{self, Article};
use std::collections::BTreeMap;

/// A word is kept when at least this many of its occurrences are cues ...
pub const MIN_CUES: usize = 4;
// ... and at least half of them (`2 * cues >= occurrences`).

/// Per lowercased word token (runs of letters, digits or `_`, as the scorer reads words):
/// (times inside a gold cue span, occurrences).
pub fn count(articles: &[&Article]) -> BTreeMap<String, (usize, usize)> {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for a in articles {
        let cues: Vec<whosaid::Span> = a
            .ann
            .attributions
            .iter()
            .flat_map(|r| r.cues.iter().copied())
            .collect();
        for t in polnear::word_tokens(&a.text) {
            let c = counts.entry(a.text[t].to_lowercase()).or_default();
            c.1 += 1;
            if polnear::touches(t, &cues) {
                c.0 += 1;
            }
        }
    }
    counts
}

/// Whether a word's counts pass the rule.
pub fn passes(cues: usize, occurrences: usize) -> bool {
    cues >= MIN_CUES && 2 * cues >= occurrences
}

/// One reviewed curation: add (`+`) or remove (`-`) a word, with the reason.
pub struct Override {
    pub add: bool,
    pub word: String,
    pub reason: String,
}

/// Parses `data/cue_words.overrides.tsv`: `+WORD<TAB>reason` or `-WORD<TAB>reason` per line,
/// `#` comments and blank lines skipped. Every line needs a reason.
pub fn parse_overrides(src: &str) -> Result<Vec<Override>, String> {
    let mut out = Vec::new();
    for (n, line) in src.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = || format!("cue_words.overrides.tsv line {}: {line:?}", n + 1);
        let (head, reason) = line.split_once('\t').ok_or_else(bad)?;
        let add = match head.chars().next() {
            Some('+') => true,
            Some('-') => false,
            _ => return Err(bad()),
        };
        let word = head[1..].to_string();
        if word.is_empty() || word != word.to_lowercase() || reason.trim().is_empty() {
            return Err(bad());
        }
        out.push(Override {
            add,
            word,
            reason: reason.trim().to_string(),
        });
    }
    Ok(out)
}

/// The words of the table: those passing the rule, plus the added, less the removed ones.
/// With `strict`, an override that changes nothing (adds a word the rule keeps, removes one
/// it drops) is an error, so that the overrides file stays true to the counts.
pub fn select(
    counts: &BTreeMap<String, (usize, usize)>,
    overrides: &[Override],
    strict: bool,
) -> Result<Vec<String>, String> {
    let mut keep: BTreeMap<&str, bool> = counts
        .iter()
        .map(|(w, &(c, n))| (w.as_str(), passes(c, n)))
        .collect();
    for o in overrides {
        let now = keep.get(o.word.as_str()).copied().unwrap_or(false);
        if strict && now == o.add {
            return Err(format!(
                "override {}{} changes nothing: the counting rule already {} it",
                if o.add { '+' } else { '-' },
                o.word,
                if o.add { "keeps" } else { "drops" }
            ));
        }
        keep.insert(o.word.as_str(), o.add);
    }
    Ok(keep
        .into_iter()
        .filter(|&(_, k)| k)
        .map(|(w, _)| w.to_string())
        .collect())
}

/// The table file: a header, then `word<TAB>cues<TAB>occurrences` per kept word.
pub fn render(
    counts: &BTreeMap<String, (usize, usize)>,
    words: &[String],
    overrides: &[Override],
    articles: usize,
) -> String {
    // "# added: a, b" / "# removed: c, d", wrapped at 92 columns.
    let list = |add: bool| -> String {
        let v: Vec<&str> = overrides
            .iter()
            .filter(|o| o.add == add)
            .map(|o| o.word.as_str())
            .collect();
        let mut out = format!("# {}:", if add { "added" } else { "removed" });
        let mut line = out.len();
        if v.is_empty() {
            out.push_str(" none");
        }
        for (i, w) in v.iter().enumerate() {
            let item = format!(" {w}{}", if i + 1 < v.len() { "," } else { "" });
            if line + item.len() > 92 {
                out.push_str("\n#  ");
                line = 3;
            }
            line += item.len();
            out.push_str(&item);
        }
        out + "\n"
    };
    let mut out = format!(
        "# Words that mark an attribution cue in news, counted on the PolNeAR train split\n\
         # (Newell, Margolin & Ruths 2018; {articles} articles, first annotation file of each) by\n\
         # `cargo run --release --features training --example reproduce`; do not edit (curate in cue_words.overrides.tsv).\n\
         # word TAB times inside a gold cue span TAB occurrences; words are runs of letters, digits\n\
         # or _, lowercased. Kept when at least half of the occurrences (and at least {MIN_CUES}) are\n\
         # cues; then the reviewed overrides applied:\n{}{}# Counts only.\n",
        list(true),
        list(false)
    );
    for w in words {
        let (c, n) = counts.get(w).copied().unwrap_or((0, 0));
        out.push_str(&format!("{w}\t{c}\t{n}\n"));
    }
    out.push_str(&format!(
        "# The vocabulary of cues, marked ~: words not above of which at least a tenth of the\n\
         # occurrences (and at least {MIN_VOCABULARY}) are in cues. A cue of the learned stage must hold a\n\
         # word of the table (either part) or of the reporting verbs.\n"
    ));
    for (w, &(c, n)) in counts {
        if passes_vocabulary(c, n) && !words.contains(w) {
            out.push_str(&format!("~{w}\t{c}\t{n}\n"));
        }
    }
    out
}

/// A word of the cue vocabulary has at least this many cue occurrences ...
pub const MIN_VOCABULARY: usize = 3;
// ... and at least a tenth of its occurrences are cues (`10 * cues >= occurrences`).

/// Whether a word's counts put it in the cue vocabulary.
pub fn passes_vocabulary(cues: usize, occurrences: usize) -> bool {
    cues >= MIN_VOCABULARY && 10 * cues >= occurrences
}
