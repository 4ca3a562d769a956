//! Trains the learned attribution stage on PolNeAR (brat standoff) articles.
//!
//! ```text
//! cargo run --release --features training --example train_attribution -- [DIR] [--out FILE] [--epochs N] [--bits B]
//! ```
//! DIR defaults to `$WHOSAID_DATA/polnear/train` (`WHOSAID_DATA` defaults to
//! `../shared/data`); it holds `text/*.txt` and `attributions/*.ann` (the first annotation
//! file of an article, in name order, is used). The model is written to
//! `models/attribution-perceptron.bin` by default; score it on the dev split with
//! `cargo run --release --features training --example eval_polnear -- --attribution-model FILE`.
//! Training is deterministic (fixed seed); with the defaults this is the training step of
//! `cargo run --release --features training --example reproduce`, which also regenerates the cue-word table and
//! the entity model this step builds on.

#[path = "common/attribution.rs"]
mod attribution;
#[path = "common/polnear.rs"]
mod polnear;
#[path = "common/score.rs"]
mod score;

use std::path::PathBuf;
use std::time::Instant;
use whosaid::quotes::{training, RuleAttributor};
use whosaid::Pipeline;

fn main() {
    let mut dir = polnear::split_dir("train");
    let mut out = PathBuf::from("models/attribution-perceptron.bin");
    let mut epochs = attribution::EPOCHS;
    let mut bits = attribution::BITS;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let val = || args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--out" => {
                out = val().into();
                i += 1;
            }
            "--epochs" => {
                epochs = val().parse().expect("--epochs N");
                i += 1;
            }
            "--bits" => {
                bits = val().parse().expect("--bits B");
                i += 1;
            }
            a if a.starts_with('-') => {
                eprintln!("unknown option {a}");
                std::process::exit(2);
            }
            a => dir = a.into(),
        }
        i += 1;
    }
    let Some(corpus) = polnear::load(&dir, usize::MAX) else {
        eprintln!("skipping: PolNeAR not available at {}", dir.display());
        return;
    };
    let pipeline = Pipeline::builder()
        .no_attributor()
        .build()
        .expect("built-in pipeline");
    let t0 = Instant::now();
    let articles: Vec<&polnear::Article> = corpus.articles.iter().collect();
    let docs = attribution::prepare(&pipeline, &RuleAttributor::rules_only(), &articles);
    eprintln!(
        "{} articles prepared in {:.0}s; training {epochs} epochs",
        docs.len(),
        t0.elapsed().as_secs_f64()
    );
    let bytes = training::train(&docs, epochs, bits, attribution::SEED);
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("error: cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
    println!(
        "written {} ({:.2} MB) in {:.0}s",
        out.display(),
        bytes.len() as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );
}
