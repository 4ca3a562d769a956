//! Scores the sentence segmenter on the English Golden Rules.
//!
//! ```text
//! cargo run --release --example eval_sentences -- [PATH/golden_rules_en.json]
//! ```
//! Default path: `$WHOSAID_DATA/golden_rules/golden_rules_en.json`, with `WHOSAID_DATA`
//! defaulting to `../shared/data`. A rule passes when the list of sentences, each stripped of
//! surrounding whitespace (empty ones dropped), equals the expected list exactly.

use serde::Deserialize;
use std::path::PathBuf;
use std::time::Instant;
use whosaid::segment::NewsSegmenter;

#[derive(Deserialize)]
struct Rule {
    id: u32,
    name: String,
    text: String,
    expected: Vec<String>,
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let data = std::env::var("WHOSAID_DATA").unwrap_or_else(|_| "../shared/data".into());
            PathBuf::from(data).join("golden_rules/golden_rules_en.json")
        });
    let text = match whosaid::read_text(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("skipping: Golden Rules not available ({e})");
            return;
        }
    };
    let rules: Vec<Rule> = match serde_json::from_str(&text) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {} is not a Golden Rules file: {e}", path.display());
            std::process::exit(1);
        }
    };
    let seg = NewsSegmenter::default();
    let mut passed = 0;
    let mut failed = Vec::new();
    for rule in &rules {
        let got: Vec<&str> = seg
            .sentences(&rule.text)
            .map(|s| rule.text[s].trim())
            .filter(|s| !s.is_empty())
            .collect();
        if got == rule.expected {
            passed += 1;
        } else {
            failed.push(rule.id);
            eprintln!(
                "rule {} ({}) failed\n  expected: {:?}\n  got:      {:?}",
                rule.id, rule.name, rule.expected, got
            );
        }
    }
    // Speed on the rules' own text, repeated (a rough figure; the criterion bench is the
    // reference measurement).
    let all: String = rules
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let reps = 2000;
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..reps {
        n += seg.sentences(&all).count();
    }
    let secs = t.elapsed().as_secs_f64();
    println!("Golden Rules: {passed}/{}", rules.len());
    println!("failing rule ids: {failed:?}");
    println!(
        "speed on rule texts: {:.1} MB/s ({n} sentences)",
        (all.len() * reps) as f64 / secs / 1e6
    );
}
