//! Learns the word clusters of `data/word_clusters.tsv` (the same step inside `reproduce`).
//!
//! ```text
//! cargo run --release --features training --example learn_clusters -- [--out FILE]
//! ```
//! Reads `$WHOSAID_DATA/conll2003/train.txt` and `$WHOSAID_DATA/polnear/train` (`WHOSAID_DATA`
//! defaults to `../shared/data`); see `common/clusters.rs` for the method.

#[path = "common/clusters.rs"]
mod clusters;
#[path = "common/conll.rs"]
mod conll_eval;
#[path = "common/polnear.rs"]
mod polnear;
#[path = "common/score.rs"]
mod score;

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut out = PathBuf::from("data/word_clusters.tsv");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--out", Some(f)) => out = f.into(),
            _ => {
                eprintln!("usage: learn_clusters [--out FILE]");
                std::process::exit(2)
            }
        }
    }
    let Ok(conll) = conll_eval::read(&conll_eval::data_file("train.txt")) else {
        println!("skipping: CoNLL-2003 train not available");
        return;
    };
    let Some(train) = polnear::load(&polnear::split_dir("train"), usize::MAX) else {
        println!("skipping: PolNeAR train not available");
        return;
    };
    let t0 = Instant::now();
    let texts: Vec<&str> = train.articles.iter().map(|a| a.text.as_str()).collect();
    let sentences = clusters::corpus(&conll, &texts);
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    let rows = clusters::learn(&sentences);
    let text = clusters::render(&rows, clusters::SOURCES);
    std::fs::write(&out, &text).unwrap_or_else(|e| {
        eprintln!("error: {}: {e}", out.display());
        std::process::exit(1)
    });
    println!(
        "{} sentences, {tokens} tokens; {} words clustered; written {} ({} bytes) in {:.1}s",
        sentences.len(),
        rows.len(),
        out.display(),
        text.len(),
        t0.elapsed().as_secs_f64()
    );
}
