//! Learns the word clusters of `data/word_clusters.tsv`, or with `--embeddings` the
//! embedding clusters of `data/embedding_clusters.tsv` (the same steps inside `reproduce`).
//!
//! ```text
//! cargo run --release --features training --example learn_clusters -- [--out FILE]
//! cargo run --release --features training --example learn_clusters -- --embeddings [DIR] [--out FILE]
//! ```
//! Word clusters read `$WHOSAID_DATA/conll2003/train.txt` and `$WHOSAID_DATA/polnear/train`
//! (`WHOSAID_DATA` defaults to `../shared/data`); see `common/clusters.rs` for the method.
//! Embedding clusters read the all-MiniLM-L6-v2 encoder folder (`DIR`, default
//! `$WHOSAID_MINILM` or `models/all-MiniLM-L6-v2`, made by `scripts/fetch-minilm.sh`); see
//! `common/embeddings.rs`.

#[path = "common/clusters.rs"]
mod clusters;
#[path = "common/conll.rs"]
mod conll_eval;
#[path = "common/embeddings.rs"]
mod embeddings;
#[path = "common/polnear.rs"]
mod polnear;
#[path = "common/score.rs"]
mod score;

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut out = None;
    let mut encoder: Option<PathBuf> = None;
    let mut extra: Vec<String> = Vec::new();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        match (args[i].as_str(), args.get(i + 1)) {
            ("--out", Some(f)) => {
                out = Some(PathBuf::from(f));
                i += 1;
            }
            ("--words", Some(f)) => {
                extra = std::fs::read_to_string(f)
                    .unwrap_or_else(|e| {
                        eprintln!("error: {f}: {e}");
                        std::process::exit(1)
                    })
                    .lines()
                    .filter(|l| !l.starts_with('#'))
                    .filter_map(|l| l.split('\t').next())
                    .map(str::to_lowercase)
                    .collect();
                i += 1;
            }
            ("--embeddings", next) => {
                encoder = Some(match next.filter(|n| !n.starts_with("--")) {
                    Some(d) => {
                        i += 1;
                        d.into()
                    }
                    None => embeddings::encoder_dir(),
                });
            }
            _ => {
                eprintln!("usage: learn_clusters [--embeddings [DIR]] [--out FILE]");
                std::process::exit(2)
            }
        }
        i += 1;
    }
    if let Some(dir) = encoder {
        let out = out.unwrap_or_else(|| "data/embedding_clusters.tsv".into());
        let t0 = Instant::now();
        let text = embeddings::learn_from(&dir, &extra).unwrap_or_else(|e| {
            eprintln!("error: {e} (run scripts/fetch-minilm.sh)");
            std::process::exit(1)
        });
        std::fs::write(&out, &text).unwrap_or_else(|e| {
            eprintln!("error: {}: {e}", out.display());
            std::process::exit(1)
        });
        println!(
            "{} words clustered; written {} ({} bytes) in {:.1}s",
            text.lines().filter(|l| !l.starts_with('#')).count(),
            out.display(),
            text.len(),
            t0.elapsed().as_secs_f64()
        );
        return;
    }
    let out = out.unwrap_or_else(|| "data/word_clusters.tsv".into());
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
