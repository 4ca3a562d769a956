//! Trains the built-in perceptron entity tagger on CoNLL-2003.
//!
//! ```text
//! cargo run --release --features training --example train_ner -- [--train FILE] [--valid FILE] [--out FILE]
//!                                            [--epochs N] [--bits B] [--prune W] [--clusters FILE]
//!                                            [--embedding-clusters FILE]
//!                                            [--seeds N,N,… | --seed N] [--lexicon-out FILE]
//!                                            [--seed-models PREFIX]
//! ```
//! Defaults: `$WHOSAID_DATA/conll2003/{train,valid}.txt` (`WHOSAID_DATA` defaults to
//! `../shared/data`), 20 epochs, 2^19 weight rows, seeds 7, 3, 5 and 11, output
//! `models/ner-perceptron.bin` (the
//! settings of the shipped model, which this command reproduces byte for byte; it is also a
//! step of `cargo run --release --features training --example reproduce`).
//! `--clusters FILE` trains with another word-cluster table than the built-in
//! `data/word_clusters.tsv` (evaluate the model with `eval_conll -- --clusters FILE`), and
//! `--embedding-clusters FILE` with another table than `data/embedding_clusters.tsv` (evaluate
//! with `eval_conll -- --embedding-clusters FILE`).
//! `--lexicon-out FILE` writes the entity lexicon of the training file (the built-in one is
//! `data/entity_lexicon.tsv`, from CoNLL-2003 train; evaluate a model trained on another file
//! with `eval_conll -- --lexicon FILE`).
//! Training is deterministic (fixed seeds). One averaged perceptron is trained per seed (the
//! seed sets the order of the training documents); the model written is their mean, which
//! scores each label with the mean of their scores at the cost of one model. After each epoch
//! the mean is scored on the validation file (token-level input, conlleval chunks) and the
//! best epoch is written. `--seed N` trains and writes a single model (its best epoch).
//! `--seed-models PREFIX` also writes, for comparisons, each seed's own model
//! (`PREFIX-SEED.bin`, at its own best epoch) and the means of the first k seeds at each one's
//! own best epoch (`PREFIX-ownK.bin`) and at their best common epoch (`PREFIX-commonK.bin`).

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
    let mut seeds: Vec<u64> = conll_eval::SHIPPED_SEEDS.to_vec();
    let mut seed_models: Option<String> = None;
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
            "--seed" => seeds = vec![val.parse().expect("--seed N")],
            "--seeds" => {
                seeds = val
                    .split(',')
                    .map(|s| s.trim().parse().expect("--seeds N,N,…"))
                    .collect()
            }
            "--seed-models" => seed_models = Some(val),
            "--lexicon-out" => lexicon_out = Some(val.into()),
            "--prune" => prune = val.parse().expect("--prune W"),
            "--clusters" | "--embedding-clusters" => {
                let table = std::fs::read_to_string(&val).unwrap_or_else(|e| {
                    eprintln!("error: {val}: {e}");
                    std::process::exit(1)
                });
                if args[i] == "--clusters" {
                    opts.word_clusters = Some(table);
                } else {
                    opts.embedding_clusters = Some(table);
                }
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
    let fail = |e: String| -> ! {
        eprintln!("error: {e}");
        std::process::exit(1)
    };
    let log = |seed: Option<u64>, epoch: usize, f1: f64| {
        let who = seed.map_or("mean".to_string(), |s| format!("seed {s}"));
        eprintln!(
            "{who} epoch {epoch}: valid F1 {f1:.2} ({:.0}s)",
            t0.elapsed().as_secs_f64()
        );
    };
    let trained = match &seed_models {
        None => conll_eval::train_seeds(&train_docs, &valid_docs, &opts, &seeds, log)
            .unwrap_or_else(|e| fail(e)),
        Some(prefix) => {
            // For comparisons: each seed's own model (its best epoch), and the means of the
            // first k seeds, at each one's own best epoch and at their best common epoch.
            let ens =
                conll_eval::train_ensemble(&train_docs, &valid_docs, &opts, &seeds, |s, e, f1| {
                    log(Some(s), e, f1)
                })
                .unwrap_or_else(|e| fail(e));
            let write = |name: String, m: &PerceptronModel| {
                std::fs::write(&name, m.to_bytes(prune))
                    .unwrap_or_else(|e| fail(format!("{name}: {e}")))
            };
            for (r, s) in ens.runs.iter().zip(&seeds) {
                eprintln!(
                    "seed {s}: best epoch {}, valid F1 {:.2}",
                    r.epoch, r.valid_f1
                );
                write(format!("{prefix}-{s}.bin"), &r.model);
            }
            for k in 2..=seeds.len() {
                write(format!("{prefix}-own{k}.bin"), &ens.own_epochs(k));
                let c = ens.common_epoch(k, &valid_docs, &opts, |_, _| ());
                eprintln!(
                    "{k} seeds: best common epoch {}, valid F1 {:.2}",
                    c.epoch, c.valid_f1
                );
                write(format!("{prefix}-common{k}.bin"), &c.model);
            }
            ens.common_epoch(seeds.len(), &valid_docs, &opts, |e, f1| log(None, e, f1))
        }
    };
    let bytes = trained.model.to_bytes(prune);
    let tagger = conll_eval::with_tables(
        PerceptronTagger::from_model(PerceptronModel::from_bytes(&bytes).expect("round trip")),
        &opts,
    )
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
        "seeds {seeds:?}, best epoch {}: valid F1 {:.2}; written {} ({:.2} MB, prune {prune}) valid F1 after quantization {pruned_f1:.2}; training took {:.0}s",
        trained.epoch,
        trained.valid_f1,
        out.display(),
        bytes.len() as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );
}
