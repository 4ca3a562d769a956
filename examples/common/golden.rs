//! The English Golden Rules and their scoring, shared by `eval_sentences` and `reproduce`.
#![allow(dead_code)]

use serde::Deserialize;
use std::path::{Path, PathBuf};
use whosaid::segment::NewsSegmenter;

#[derive(Deserialize)]
pub struct Rule {
    pub id: u32,
    pub name: String,
    pub text: String,
    pub expected: Vec<String>,
}

/// `$WHOSAID_DATA/golden_rules/golden_rules_en.json` (`WHOSAID_DATA` defaults to
/// `../shared/data`).
pub fn default_path() -> PathBuf {
    let data = std::env::var("WHOSAID_DATA").unwrap_or_else(|_| "../shared/data".into());
    PathBuf::from(data).join("golden_rules/golden_rules_en.json")
}

/// Reads a rules file: `Ok(None)` when it cannot be read, `Err` when it is no rules file.
pub fn load(path: &Path) -> Result<Option<Vec<Rule>>, String> {
    let Ok(text) = whosaid::io::read_text(path) else {
        return Ok(None);
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| format!("{} is not a Golden Rules file: {e}", path.display()))
}

/// A failed rule: its id, name, the expected and the produced sentences.
pub struct Failure<'r> {
    pub rule: &'r Rule,
    pub got: Vec<String>,
}

/// Segments each rule's text; a rule passes when the sentences, each stripped of surrounding
/// whitespace (empty ones dropped), equal the expected list exactly.
pub fn score<'r>(seg: &NewsSegmenter, rules: &'r [Rule]) -> (usize, Vec<Failure<'r>>) {
    let mut passed = 0;
    let mut failed = Vec::new();
    for rule in rules {
        let got: Vec<String> = seg
            .sentences(&rule.text)
            .map(|s| rule.text[s].trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if got == rule.expected {
            passed += 1;
        } else {
            failed.push(Failure { rule, got });
        }
    }
    (passed, failed)
}
