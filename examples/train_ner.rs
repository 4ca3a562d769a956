//! Trains the built-in perceptron entity tagger on CoNLL-2003.
//!
//! ```text
//! cargo run --release --example train_ner -- [--train FILE] [--valid FILE] [--out FILE]
//!                                            [--epochs N] [--bits B] [--prune W]
//! ```
//! Defaults: `$WHOSAID_DATA/conll2003/{train,valid}.txt` (`WHOSAID_DATA` defaults to
//! `../shared/data`), 15 epochs, 2^18 weight rows, output `models/ner-perceptron.bin` (the
//! settings of the shipped model, which this command reproduces byte for byte).
//! Training is deterministic (fixed seed). After each epoch the averaged model is scored on
//! the validation file (token-level input, conlleval chunks); the best epoch is written.

use std::path::PathBuf;
use std::time::Instant;
use whosaid::entities::conll;
use whosaid::entities::perceptron::{
    self, PerceptronModel, PerceptronTagger, TaggedSentence, TrainOptions,
};

fn f1_on(model: &PerceptronModel, docs: &[Vec<TaggedSentence>]) -> f64 {
    let tagger = PerceptronTagger::from_model(model.clone());
    let (mut tp, mut np, mut ng) = (0usize, 0usize, 0usize);
    for doc in docs {
        let words: Vec<Vec<&str>> = doc
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
            .collect();
        let pred = tagger.tag_tokens(&words);
        for (s, p) in doc.iter().zip(pred) {
            let gold = conll::chunks(&s.tags);
            np += p.len();
            ng += gold.len();
            for (a, b, t) in p {
                if gold
                    .iter()
                    .any(|(ga, gb, gt)| *ga == a && *gb == b && gt == t)
                {
                    tp += 1;
                }
            }
        }
    }
    let p = tp as f64 / np.max(1) as f64;
    let r = tp as f64 / ng.max(1) as f64;
    if p + r > 0.0 {
        200.0 * p * r / (p + r)
    } else {
        0.0
    }
}

fn main() {
    let data = std::env::var("WHOSAID_DATA").unwrap_or_else(|_| "../shared/data".into());
    let mut train = PathBuf::from(&data).join("conll2003/train.txt");
    let mut valid = PathBuf::from(&data).join("conll2003/valid.txt");
    let mut out = PathBuf::from("models/ner-perceptron.bin");
    let mut opts = TrainOptions {
        epochs: 15,
        bits: 18,
        ..TrainOptions::default()
    };
    let mut prune = 0.0f32;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let val = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--train" => train = val.into(),
            "--valid" => valid = val.into(),
            "--out" => out = val.into(),
            "--epochs" => opts.epochs = val.parse().expect("--epochs N"),
            "--bits" => opts.bits = val.parse().expect("--bits B"),
            "--prune" => prune = val.parse().expect("--prune W"),
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    let load = |p: &PathBuf| -> Vec<Vec<TaggedSentence>> {
        let text = match whosaid::read_text(p) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("skipping: CoNLL data not available ({e})");
                std::process::exit(0);
            }
        };
        conll::parse(&text, &p.display().to_string()).unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(1)
        })
    };
    let train_docs = load(&train);
    let valid_docs = load(&valid);
    eprintln!(
        "train: {} documents, valid: {} documents",
        train_docs.len(),
        valid_docs.len()
    );
    let t0 = Instant::now();
    let mut best: Option<(f64, usize, PerceptronModel)> = None;
    let model = perceptron::train(&train_docs, &opts, |epoch, m| {
        let f1 = f1_on(m, &valid_docs);
        eprintln!(
            "epoch {epoch}: valid F1 {f1:.2} ({:.0}s)",
            t0.elapsed().as_secs_f64()
        );
        if best.as_ref().is_none_or(|(b, _, _)| f1 > *b) {
            best = Some((f1, epoch, m.clone()));
        }
    })
    .unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let (f1, epoch, best_model) = best.unwrap_or((0.0, opts.epochs, model));
    let bytes = best_model.to_bytes(prune);
    let pruned_f1 = f1_on(
        &PerceptronModel::from_bytes(&bytes).expect("round trip"),
        &valid_docs,
    );
    std::fs::write(&out, &bytes).unwrap_or_else(|e| {
        eprintln!("error: cannot write {}: {e}", out.display());
        std::process::exit(1)
    });
    println!(
        "best epoch {epoch}: valid F1 {f1:.2}; written {} ({:.2} MB, prune {prune}) valid F1 after quantization {pruned_f1:.2}; training took {:.0}s",
        out.display(),
        bytes.len() as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );
}
