//! Scores the sentence segmenter on the English Golden Rules.
//!
//! ```text
//! cargo run --release --example eval_sentences -- [PATH/golden_rules_en.json] [--json]
//! ```
//! Default path: `$WHOSAID_DATA/golden_rules/golden_rules_en.json`, with `WHOSAID_DATA`
//! defaulting to `../shared/data`. A rule passes when the list of sentences, each stripped of
//! surrounding whitespace (empty ones dropped), equals the expected list exactly. `--json`
//! prints the score as one JSON object (the form `figures.json` holds it in).

#[path = "common/golden.rs"]
mod golden;

use std::path::PathBuf;
use std::time::Instant;
use whosaid::segment::NewsSegmenter;

fn main() {
    let mut path = None;
    let mut json = false;
    for a in std::env::args().skip(1) {
        if a == "--json" {
            json = true;
        } else {
            path = Some(PathBuf::from(a));
        }
    }
    let path = path.unwrap_or_else(golden::default_path);
    let rules = match golden::load(&path) {
        Ok(Some(r)) => r,
        Ok(None) => {
            eprintln!("skipping: Golden Rules not available ({})", path.display());
            return;
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let seg = NewsSegmenter::default();
    let (passed, failed) = golden::score(&seg, &rules);
    for f in &failed {
        eprintln!(
            "rule {} ({}) failed\n  expected: {:?}\n  got:      {:?}",
            f.rule.id, f.rule.name, f.rule.expected, f.got
        );
    }
    let failed_ids: Vec<u32> = failed.iter().map(|f| f.rule.id).collect();
    if json {
        let v = serde_json::json!({
            "passed": passed,
            "rules": rules.len(),
            "failed_ids": failed_ids,
        });
        println!("{}", serde_json::to_string_pretty(&v).expect("JSON"));
        return;
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
    println!("failing rule ids: {failed_ids:?}");
    println!(
        "speed on rule texts: {:.1} MB/s ({n} sentences)",
        (all.len() * reps) as f64 / secs / 1e6
    );
}
