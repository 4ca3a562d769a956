//! Trains the built-in perceptron entity tagger on CoNLL-2003.
//!
//! ```text
//! cargo run --release --features training --example train_ner -- [--train FILE] [--valid FILE] [--out FILE]
//!                                            [--epochs N] [--bits B] [--prune W] [--clusters FILE] [--seed N]
//!                                            [--lexicon-out FILE]
//! ```
//! Defaults: `$WHOSAID_DATA/conll2003/{train,valid}.txt` (`WHOSAID_DATA` defaults to
//! `../shared/data`), 20 epochs, 2^19 weight rows, output `models/ner-perceptron.bin` (the
//! settings of the shipped model, which this command reproduces byte for byte; it is also a
//! step of `cargo run --release --features training --example reproduce`).
//! `--clusters FILE` trains with another word-cluster table than the built-in
//! `data/word_clusters.tsv` (evaluate the model with `eval_conll -- --clusters FILE`).
//! `--lexicon-out FILE` writes the entity lexicon of the training file (the built-in one is
//! `data/entity_lexicon.tsv`, from CoNLL-2003 train; evaluate a model trained on another file
//! with `eval_conll -- --lexicon FILE`).
//! Training is deterministic (fixed seed). After each epoch the averaged model is scored on
//! the validation file (token-level input, conlleval chunks); the best epoch is written.

#[path = "common/conll.rs"]
mod conll_eval;
#[path = "common/score.rs"]
mod score;

use std::path::PathBuf;
use std::time::Instant;
use whosaid::entities::perceptron::{PerceptronModel, PerceptronTagger};

fn main() {
    let mut train = conll_eval::data_file("train.txt");
    let mut valid = conll_eval::data_file("valid.txt");
    let mut out = PathBuf::from("models/ner-perceptron.bin");
    let mut opts = conll_eval::shipped_options();
    let mut prune = 0.0f32;
    let mut lexicon_out: Option<PathBuf> = None;
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
            "--seed" => opts.seed = val.parse().expect("--seed N"),
            "--lexicon-out" => lexicon_out = Some(val.into()),
            "--prune" => prune = val.parse().expect("--prune W"),
            "--clusters" => {
                opts.word_clusters = Some(std::fs::read_to_string(&val).unwrap_or_else(|e| {
                    eprintln!("error: {val}: {e}");
                    std::process::exit(1)
                }))
            }
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    let load = |p: &PathBuf| match conll_eval::read(p) {
        Ok(d) => d,
        Err(e) if !p.exists() => {
            eprintln!("skipping: CoNLL data not available ({e})");
            std::process::exit(0);
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1)
        }
    };
    let train_docs = load(&train);
    let valid_docs = load(&valid);
    eprintln!(
        "train: {} documents, valid: {} documents",
        train_docs.len(),
        valid_docs.len()
    );
    let t0 = Instant::now();
    let trained = conll_eval::train_best(&train_docs, &valid_docs, &opts, |epoch, f1| {
        eprintln!(
            "epoch {epoch}: valid F1 {f1:.2} ({:.0}s)",
            t0.elapsed().as_secs_f64()
        );
    })
    .unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let bytes = trained.model.to_bytes(prune);
    let mut tagger =
        PerceptronTagger::from_model(PerceptronModel::from_bytes(&bytes).expect("round trip"));
    if let Some(c) = &opts.word_clusters {
        tagger = tagger.with_word_clusters(c).expect("clusters");
    }
    tagger = tagger
        .with_entity_lexicon(&trained.lexicon)
        .expect("lexicon");
    if let Some(f) = &lexicon_out {
        std::fs::write(f, &trained.lexicon).unwrap_or_else(|e| {
            eprintln!("error: cannot write {}: {e}", f.display());
            std::process::exit(1)
        });
    }
    let (_, _, pruned_f1) = conll_eval::evaluate_tokens(&tagger, &valid_docs)
        .micro()
        .prf();
    std::fs::write(&out, &bytes).unwrap_or_else(|e| {
        eprintln!("error: cannot write {}: {e}", out.display());
        std::process::exit(1)
    });
    println!(
        "best epoch {}: valid F1 {:.2}; written {} ({:.2} MB, prune {prune}) valid F1 after quantization {pruned_f1:.2}; training took {:.0}s",
        trained.epoch,
        trained.valid_f1,
        out.display(),
        bytes.len() as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );
}
