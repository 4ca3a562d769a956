//! Regenerates every derived artifact from the shared data, and checks them.
//!
//! ```text
//! cargo run --release --features training --example reproduce               # rewrite the artifacts in place
//! cargo run --release --features training --example reproduce -- --check    # regenerate into target/, compare, exit 1 on a difference
//! cargo run --release --features training --example reproduce -- --heldout  # only the tuning run on PolNeAR train (prints; writes its model under target/heldout/)
//! cargo run --release --features training --example reproduce -- --out DIR  # write the artifacts under DIR instead (to try a change)
//! ```
//! Data: `$WHOSAID_DATA` (default `../shared/data`): `polnear/{train,dev}`,
//! `conll2003/{train,valid}.txt`, `golden_rules/golden_rules_en.json`. Without them it says so
//! and exits 0 (a clone without the data sets). The steps, all deterministic:
//!
//! 1. `data/cue_words.tsv`: word counts on PolNeAR train (see `common/cue_words.rs`), plus
//!    the reviewed overrides of `data/cue_words.overrides.tsv`.
//! 2. `data/word_clusters.tsv`: word clusters learned from the tokens of CoNLL-2003 train and
//!    the texts of PolNeAR train (see `common/clusters.rs`; as `learn_clusters`), and
//!    `data/embedding_clusters.tsv`: clusters of the input word embeddings of the
//!    all-MiniLM-L6-v2 encoder (see `common/embeddings.rs`; as `learn_clusters --embeddings`;
//!    the encoder comes from `scripts/fetch-minilm.sh` or `$WHOSAID_MINILM`: without it the
//!    committed table is used, and `--check` fails), then
//!    `models/ner-perceptron.bin`: the entity tagger on CoNLL-2003 train with those clusters,
//!    the mean of four models (seeds 7, 3, 5, 11) at the best of 20 epochs on CoNLL-2003
//!    valid (as `train_ner`), and
//!    `data/entity_lexicon.tsv`, the names tagged in CoNLL-2003 train that it reads.
//! 3. `models/attribution-tuning.tsv`: the learned attribution stage's O penalty. PolNeAR
//!    train is split in code: articles in name order, every sixth (index mod 6 = 5) held out.
//!    A cue-word table is counted on the other five sixths, a model is trained on them, and
//!    each penalty of [`GRID`] is scored on the held-out sixth with the project's end-to-end
//!    metric; the best mean of the quoted and all F1 wins (ties: the smaller penalty).
//! 4. `models/attribution-perceptron.bin`: the learned stage on all of PolNeAR train, with the
//!    tables and the entity model of steps 1–2 (as `train_attribution`).
//! 5. `figures.json`: every figure the README quotes, computed with the artifacts above; its
//!    `measured` rows (speed, memory, the peer's figures) are carried over unchanged. The
//!    README's Figures block and the checksums in `models/README.md` are rendered from it.
//!
//! Every step runs with the freshly generated artifacts passed in at run time (cue words,
//! models, penalty), so one run is enough even when they differ from the ones compiled in.
//! Floors: the run fails when Golden Rules < 47/48, CoNLL valid micro F1 < 90.0, or PolNeAR
//! dev end-to-end F1 < 80.5 (quoted) or < 63.0 (all).

#[path = "common/attribution.rs"]
mod attribution;
#[path = "common/clusters.rs"]
mod clusters;
#[path = "common/conll.rs"]
mod conll_eval;
#[path = "common/cue_words.rs"]
mod cue_words;
#[path = "common/embeddings.rs"]
mod embeddings;
#[path = "common/golden.rs"]
mod golden;
#[path = "common/polnear.rs"]
mod polnear;
#[path = "common/score.rs"]
mod score;
#[path = "common/sha256.rs"]
mod sha256;

use polnear::{held_out, round2, Article, Scores};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Instant;
use whosaid::entities::PerceptronTagger;
use whosaid::quotes::{training, RuleAttributor};
use whosaid::segment::NewsSegmenter;
use whosaid::Pipeline;

/// O penalties tried on the held-out sixth.
const GRID: &[u32] = &[
    0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 90, 100, 110, 120,
];

/// Floors under today's figures; the run fails below them.
const MIN_GOLDEN: usize = 47;
const MIN_CONLL_MICRO: f64 = 90.0;
const MIN_DEV_QUOTED: f64 = 80.5;
const MIN_DEV_ALL: f64 = 63.0;

const FIGURES_BEGIN: &str = "<!-- figures:begin";
const FIGURES_END: &str = "<!-- figures:end -->";
const TRANSFORMER_BEGIN: &str = "<!-- transformer-figures:begin";
const TRANSFORMER_END: &str = "<!-- transformer-figures:end -->";
const SHA_BEGIN: &str = "```sha256";

fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1)
}

fn skip(what: &str) -> ! {
    println!("skipping: {what} not available (set WHOSAID_DATA or provide ../shared/data)");
    std::process::exit(0)
}

fn main() {
    let mut check = false;
    let mut heldout_only = false;
    let mut out_dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--check" => check = true,
            "--heldout" => heldout_only = true,
            "--out" => out_dir = args.next().map(PathBuf::from),
            _ => {
                eprintln!("usage: reproduce [--check | --heldout | --out DIR]");
                std::process::exit(2)
            }
        }
    }
    if check && out_dir.is_some() || out_dir.as_ref().is_some_and(|d| d.as_os_str().is_empty()) {
        eprintln!("usage: reproduce [--check | --heldout | --out DIR]");
        std::process::exit(2)
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let t0 = Instant::now();
    let log = |msg: String| eprintln!("[{:>4.0}s] {msg}", t0.elapsed().as_secs_f64());

    // The data sets.
    let train = polnear::load(&polnear::split_dir("train"), usize::MAX)
        .unwrap_or_else(|| skip("PolNeAR train"));
    let dev = polnear::load(&polnear::split_dir("dev"), usize::MAX)
        .unwrap_or_else(|| skip("PolNeAR dev"));
    let conll_train = conll_eval::read(&conll_eval::data_file("train.txt"))
        .unwrap_or_else(|_| skip("CoNLL-2003 train"));
    let conll_valid = conll_eval::read(&conll_eval::data_file("valid.txt"))
        .unwrap_or_else(|_| skip("CoNLL-2003 valid"));
    let rules = match golden::load(&golden::default_path()) {
        Ok(Some(r)) => r,
        Ok(None) => skip("Golden Rules"),
        Err(e) => fail(&e),
    };
    if train.warnings + dev.warnings > 0 {
        fail("PolNeAR files could not all be read (see the warnings above)");
    }
    let overrides_src = std::fs::read_to_string(root.join("data/cue_words.overrides.tsv"))
        .unwrap_or_else(|e| fail(&format!("data/cue_words.overrides.tsv: {e}")));
    let overrides = cue_words::parse_overrides(&overrides_src).unwrap_or_else(|e| fail(&e));
    let all_train: Vec<&Article> = train.articles.iter().collect();
    let fit: Vec<&Article> = all_train
        .iter()
        .enumerate()
        .filter(|(i, _)| !held_out(*i))
        .map(|(_, a)| *a)
        .collect();
    let held: Vec<&Article> = all_train
        .iter()
        .enumerate()
        .filter(|(i, _)| held_out(*i))
        .map(|(_, a)| *a)
        .collect();
    log(format!(
        "PolNeAR train {} articles ({} to fit, {} held out), dev {}; CoNLL train {} / valid {} documents; {} Golden Rules",
        all_train.len(),
        fit.len(),
        held.len(),
        dev.articles.len(),
        conll_train.len(),
        conll_valid.len(),
        rules.len()
    ));

    // 1. Cue words on all of train.
    let counts = cue_words::count(&all_train);
    let words = cue_words::select(&counts, &overrides, true).unwrap_or_else(|e| fail(&e));
    let cue_table = cue_words::render(&counts, &words, &overrides, all_train.len());
    let kept_by_rule = counts
        .values()
        .filter(|&&(c, n)| cue_words::passes(c, n))
        .count();
    log(format!(
        "cue words: {} kept ({kept_by_rule} by the rule, {} overrides)",
        words.len(),
        overrides.len()
    ));
    let cue_table: &'static str = Box::leak(cue_table.into_boxed_str());

    // 2. Word clusters, then the entity model.
    let train_texts: Vec<&str> = all_train.iter().map(|a| a.text.as_str()).collect();
    let cluster_corpus = clusters::corpus(&conll_train, &train_texts);
    let cluster_rows = clusters::learn(&cluster_corpus);
    let cluster_table = clusters::render(&cluster_rows, clusters::SOURCES);
    log(format!(
        "word clusters: {} words from {} tokens",
        cluster_rows.len(),
        cluster_corpus.iter().map(Vec::len).sum::<usize>()
    ));
    // The embedding clusters need the encoder (scripts/fetch-minilm.sh, as CI runs it);
    // without it the committed table is used, and `--check` fails.
    let encoder = embeddings::encoder_dir();
    let emb_table = match embeddings::learn_from(&encoder, &[]) {
        Ok(t) => {
            log(format!(
                "embedding clusters: {} words from {}",
                t.lines().filter(|l| !l.starts_with('#')).count(),
                encoder.display()
            ));
            Some(t)
        }
        Err(e) if check => fail(&format!(
            "embedding clusters: {e}; run scripts/fetch-minilm.sh (or set WHOSAID_MINILM)"
        )),
        Err(e) => {
            log(format!(
                "embedding clusters: {e}; training with the committed \
                 data/embedding_clusters.tsv (run scripts/fetch-minilm.sh to rebuild it)"
            ));
            None
        }
    };
    let mut ner_options = conll_eval::shipped_options();
    ner_options.word_clusters = Some(cluster_table.clone());
    ner_options.embedding_clusters = emb_table.clone();
    let trained_ner = conll_eval::train_seeds(
        &conll_train,
        &conll_valid,
        &ner_options,
        &conll_eval::SHIPPED_SEEDS,
        |_, _, _| {},
    )
    .unwrap_or_else(|e| fail(&e));
    let ner_bytes = trained_ner.model.to_bytes(0.0);
    let tagger = PerceptronTagger::from_bytes(&ner_bytes)
        .map(|t| conll_eval::with_tables(t, &ner_options))
        .and_then(|t| t.with_entity_lexicon(&trained_ner.lexicon))
        .unwrap_or_else(|e| fail(&e.to_string()));
    log(format!(
        "entity model: best epoch {} (valid F1 {:.2} on gold tokens), {} bytes",
        trained_ner.epoch,
        trained_ner.valid_f1,
        ner_bytes.len()
    ));
    let analyzer = Pipeline::builder()
        .tagger(tagger.clone())
        .no_attributor()
        .build()
        .unwrap_or_else(|e| fail(&e.to_string()));
    let pipeline_with = |attributor: RuleAttributor| {
        Pipeline::builder()
            .tagger(tagger.clone())
            .attributor(attributor)
            .build()
            .unwrap_or_else(|e| fail(&e.to_string()))
    };

    // 3. The O penalty, on the held-out sixth of train.
    let fit_counts = cue_words::count(&fit);
    let fit_words = cue_words::select(&fit_counts, &overrides, false).unwrap_or_else(|e| fail(&e));
    let fit_table: &'static str = Box::leak(
        cue_words::render(&fit_counts, &fit_words, &overrides, fit.len()).into_boxed_str(),
    );
    let fit_rules = RuleAttributor::rules_only().with_cue_words(fit_table);
    let fit_docs = attribution::prepare(&analyzer, &fit_rules, &fit);
    let fit_refs: Vec<&training::TrainingDoc> = fit_docs.iter().collect();
    let fit_model = training::train_on(
        &fit_refs,
        attribution::EPOCHS,
        attribution::BITS,
        attribution::SEED,
    );
    log(format!(
        "tuning model trained on {} articles ({} cue words)",
        fit.len(),
        fit_words.len()
    ));
    let held_scores = |penalty: Option<f32>, learned: bool| -> Scores {
        let mut a = RuleAttributor::default().with_cue_words(fit_table);
        if learned {
            a = a
                .with_learned_model(&fit_model)
                .unwrap_or_else(|e| fail(&e.to_string()));
        } else {
            a = RuleAttributor::rules_only().with_cue_words(fit_table);
        }
        if let Some(p) = penalty {
            a = a.with_o_penalty(p);
        }
        polnear::evaluate(&pipeline_with(a), &held)
    };
    let mut grid = Vec::new();
    let mut best: Option<(f64, u32)> = None;
    for &p in GRID {
        let s = held_scores(Some(p as f32), true);
        let (q, a) = (s.quoted.e2e().2, s.all.e2e().2);
        let mean = (q + a) / 2.0;
        eprintln!("  o_penalty {p:>3}: held-out quoted F1 {q:.2}, all F1 {a:.2}, mean {mean:.2}");
        if best.is_none_or(|(b, _)| mean > b) {
            best = Some((mean, p));
        }
        grid.push(json!({
            "o_penalty": p,
            "quoted_f1": round2(q),
            "all_f1": round2(a),
            "mean_f1": round2(mean),
        }));
    }
    let (_, o_penalty) = best.unwrap_or_else(|| fail("empty grid"));
    // 3b. The confidence table: on the held-out sixth, with the tuning model and penalty.
    let fit_attributor = RuleAttributor::default()
        .with_cue_words(fit_table)
        .with_learned_model(&fit_model)
        .unwrap_or_else(|e| fail(&e.to_string()))
        .with_o_penalty(o_penalty as f32);
    let conf_table = attribution::confidence_table(
        &analyzer,
        &fit_attributor,
        &held,
        &format!(
            "on the held-out sixth of PolNeAR train ({} articles, index mod 6 = 5) with the model\n#   trained on the other {}",
            held.len(),
            fit.len()
        ),
    );
    let with_table = |a: RuleAttributor| {
        a.with_confidence_table(&conf_table)
            .unwrap_or_else(|e| fail(&e.to_string()))
    };
    let held_scores = |penalty: Option<f32>, learned: bool| -> Scores {
        let mut a = if learned {
            RuleAttributor::default()
                .with_cue_words(fit_table)
                .with_learned_model(&fit_model)
                .unwrap_or_else(|e| fail(&e.to_string()))
        } else {
            RuleAttributor::rules_only().with_cue_words(fit_table)
        };
        if let Some(p) = penalty {
            a = a.with_o_penalty(p);
        }
        polnear::evaluate(&pipeline_with(with_table(a)), &held)
    };
    let held_rules = held_scores(None, false);
    let held_best = held_scores(Some(o_penalty as f32), true);
    log(format!(
        "chosen o_penalty {o_penalty}: held-out quoted F1 {:.2}, all F1 {:.2} (rules only: {:.2}, {:.2})",
        held_best.quoted.e2e().2,
        held_best.all.e2e().2,
        held_rules.quoted.e2e().2,
        held_rules.all.e2e().2
    ));
    if heldout_only {
        // The tuning split's model and cue words, for error analysis on the held-out sixth:
        // `eval_polnear --part heldout --attribution-model target/heldout/attribution-perceptron.bin
        // --cue-words target/heldout/cue_words.tsv --o-penalty P`.
        let dir = root.join("target/heldout");
        write(&dir.join("attribution-perceptron.bin"), &fit_model);
        write(&dir.join("cue_words.tsv"), fit_table.as_bytes());
        write(
            &dir.join("attribution-confidence.tsv"),
            conf_table.as_bytes(),
        );
        log(format!(
            "held-out: precision at confidence >= 0.8: {:.2} ({} predictions; in-sample)",
            held_best.confidence.json(held_best.all.gold)["at_threshold"][1]["precision"],
            held_best.confidence.at[1].0
        ));
        log(format!(
            "tuning model and cue words written to {}",
            dir.display()
        ));
        return;
    }
    let tuning = format!(
        "# Decoding settings of the learned attribution stage, chosen by\n\
         # `cargo run --release --features training --example reproduce` on a held-out sixth of PolNeAR train (see\n\
         # figures.json, \"tuning\"); read at compile time by src/quotes/learned.rs. Do not edit.\n\
         o_penalty\t{o_penalty}\n"
    );

    // 4. The attribution model on all of train.
    let rules_fresh = RuleAttributor::rules_only().with_cue_words(cue_table);
    let docs = attribution::prepare(&analyzer, &rules_fresh, &all_train);
    let attr_bytes = training::train(
        &docs,
        attribution::EPOCHS,
        attribution::BITS,
        attribution::SEED,
    );
    log(format!(
        "attribution model: {} articles, {} bytes",
        docs.len(),
        attr_bytes.len()
    ));

    // 5. Figures.
    let (golden_passed, golden_failed) = golden::score(&NewsSegmenter::default(), &rules);
    let golden_failed: Vec<u32> = golden_failed.iter().map(|f| f.rule.id).collect();
    let full = || {
        with_table(
            RuleAttributor::default()
                .with_cue_words(cue_table)
                .with_learned_model(&attr_bytes)
                .unwrap_or_else(|e| fail(&e.to_string()))
                .with_o_penalty(o_penalty as f32),
        )
    };
    let dev_refs: Vec<&Article> = dev.articles.iter().collect();
    let dev_scores = polnear::evaluate(&pipeline_with(full()), &dev_refs);
    let dev_rules = polnear::evaluate(
        &pipeline_with(with_table(
            RuleAttributor::rules_only().with_cue_words(cue_table),
        )),
        &dev_refs,
    );
    let dev_learned = attribution::learned_alone(&analyzer, &full(), &dev_refs);
    let conll = conll_eval::evaluate_raw(&pipeline_with(full()), &conll_valid);
    log("figures computed".into());

    let figures_path = root.join("figures.json");
    let old_figures: Value = std::fs::read_to_string(&figures_path)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Value::Null);
    let measured = old_figures
        .get("measured")
        .cloned()
        .unwrap_or_else(|| json!([]));
    let measured_transformer = old_figures
        .get("measured_transformer")
        .cloned()
        .unwrap_or_else(|| json!({"note": "", "rows": []}));
    let model_entry = |bytes: &[u8]| json!({"bytes": bytes.len(), "sha256": sha256::hex(bytes)});
    let figures = json!({
        "about": "Generated by `cargo run --release --features training --example reproduce` from ../shared/data; checked by `reproduce -- --check` in CI. Do not edit, except `measured` and `measured_transformer` (figures measured once, by hand), which reproduce carries over unchanged.",
        "golden_rules": {
            "split": "English Golden Rules, all rules (no choice was made on them)",
            "command": "cargo run --release --example eval_sentences",
            "passed": golden_passed,
            "rules": rules.len(),
            "failed_ids": golden_failed,
        },
        "conll_valid": {
            "split": "CoNLL-2003 valid (the entity model's best epoch is chosen on it)",
            "command": "cargo run --release --features training --example eval_conll",
            "input": "raw text through the default pipeline",
            "documents": conll_valid.len(),
            "scores": conll.json(),
        },
        "ner_training": {
            "split": "CoNLL-2003 train; epochs scored on CoNLL-2003 valid, gold tokens",
            "command": "cargo run --release --features training --example train_ner",
            "documents": conll_train.len(),
            "seeds": conll_eval::SHIPPED_SEEDS,
            "model": "the mean of one averaged perceptron per seed, at the epoch where the mean scores best",
            "best_epoch": trained_ner.epoch,
            "valid_f1_per_epoch": trained_ner.per_epoch.iter().map(|&f| round2(f)).collect::<Vec<_>>(),
        },
        "polnear_dev": {
            "split": "PolNeAR dev (no setting is chosen on it)",
            "command": "cargo run --release --features training --example eval_polnear",
            "scores": dev_scores.json(dev_refs.len()),
            "learned_stage_alone": {
                "what": "predictions made only of quotes the learned stage added, and how many are right end to end",
                "predictions": dev_learned.0,
                "e2e_right": dev_learned.1,
                "precision": round2(polnear::prf(dev_learned.1, dev_learned.0, 1).0),
            },
            "confidence_table": "models/attribution-confidence.tsv, counted on the held-out sixth of PolNeAR train",
            "rules_only": {
                "command": "cargo run --release --features training --example eval_polnear -- --rules-only",
                "scores": dev_rules.json(dev_refs.len()),
            },
        },
        "tuning": {
            "split": "PolNeAR train, articles in name order: index mod 6 = 5 held out, the rest to fit (cue words counted and the model trained on those)",
            "command": "cargo run --release --features training --example reproduce -- --heldout",
            "fit_articles": fit.len(),
            "held_out_articles": held.len(),
            "criterion": "mean of the quoted and all end-to-end F1 on the held-out articles; ties: the smaller penalty",
            "o_penalty_grid": grid,
            "o_penalty": o_penalty,
            "held_out": held_best.json(held.len()),
            "held_out_rules_only": held_rules.json(held.len()),
        },
        "cue_words": {
            "split": "PolNeAR train, all articles",
            "articles": all_train.len(),
            "words": words.len(),
            "kept_by_rule": kept_by_rule,
            "added": overrides.iter().filter(|o| o.add).map(|o| o.word.clone()).collect::<Vec<_>>(),
            "removed": overrides.iter().filter(|o| !o.add).map(|o| o.word.clone()).collect::<Vec<_>>(),
        },
        "word_clusters": {
            "split": "unlabeled: the tokens of CoNLL-2003 train and the texts of PolNeAR train (CoNLL valid and PolNeAR dev are not used)",
            "command": "cargo run --release --features training --example learn_clusters",
            "sentences": cluster_corpus.len(),
            "tokens": cluster_corpus.iter().map(Vec::len).sum::<usize>(),
            "words": cluster_rows.len(),
            "min_count": clusters::MIN_COUNT,
        },
        "entity_lexicon": {
            "split": "CoNLL-2003 train, all documents (in training, each document sees the names of the other four fifths only)",
            "command": "cargo run --release --features training --example train_ner -- --lexicon-out FILE",
            "names": trained_ner.lexicon.lines().filter(|l| !l.starts_with('#')).count(),
        },
        "models": {
            "ner-perceptron.bin": model_entry(&ner_bytes),
            "attribution-perceptron.bin": model_entry(&attr_bytes),
        },
        "measured": measured,
        "measured_transformer": measured_transformer,
    });
    let figures_text = serde_json::to_string_pretty(&figures).expect("JSON") + "\n";

    let readme_path = root.join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap_or_else(|e| fail(&e.to_string()));
    let readme_new = replace_block(
        &readme,
        FIGURES_BEGIN,
        FIGURES_END,
        &render_figures(&figures),
    )
    .and_then(|r| {
        replace_block(
            &r,
            TRANSFORMER_BEGIN,
            TRANSFORMER_END,
            &render_transformer(&figures),
        )
    })
    .unwrap_or_else(|e| fail(&format!("README.md: {e}")));
    let models_readme_path = root.join("models/README.md");
    let models_readme =
        std::fs::read_to_string(&models_readme_path).unwrap_or_else(|e| fail(&e.to_string()));
    let sums = format!(
        "{}  attribution-perceptron.bin\n{}  ner-perceptron.bin\n",
        sha256::hex(&attr_bytes),
        sha256::hex(&ner_bytes)
    );
    let models_readme_new = replace_block(&models_readme, SHA_BEGIN, "```", &sums)
        .unwrap_or_else(|e| fail(&format!("models/README.md: {e}")));

    let mut outputs: Vec<(&str, Vec<u8>)> = vec![
        ("data/cue_words.tsv", cue_table.as_bytes().to_vec()),
        ("data/word_clusters.tsv", cluster_table.into_bytes()),
        (
            "data/entity_lexicon.tsv",
            trained_ner.lexicon.clone().into_bytes(),
        ),
        ("models/ner-perceptron.bin", ner_bytes.clone()),
        ("models/attribution-tuning.tsv", tuning.into_bytes()),
        ("models/attribution-perceptron.bin", attr_bytes.clone()),
        (
            "models/attribution-confidence.tsv",
            conf_table.clone().into_bytes(),
        ),
        ("figures.json", figures_text.into_bytes()),
        ("README.md", readme_new.into_bytes()),
        ("models/README.md", models_readme_new.into_bytes()),
    ];
    if let Some(t) = emb_table {
        outputs.insert(2, ("data/embedding_clusters.tsv", t.into_bytes()));
    }

    // Floors.
    let mut failures = Vec::new();
    if golden_passed < MIN_GOLDEN {
        failures.push(format!("Golden Rules {golden_passed} < {MIN_GOLDEN}"));
    }
    let conll_micro = conll.micro().prf().2;
    if conll_micro < MIN_CONLL_MICRO {
        failures.push(format!(
            "CoNLL valid micro F1 {conll_micro:.2} < {MIN_CONLL_MICRO}"
        ));
    }
    let (dq, da) = (dev_scores.quoted.e2e().2, dev_scores.all.e2e().2);
    if dq < MIN_DEV_QUOTED {
        failures.push(format!("PolNeAR dev quoted F1 {dq:.2} < {MIN_DEV_QUOTED}"));
    }
    if da < MIN_DEV_ALL {
        failures.push(format!("PolNeAR dev all F1 {da:.2} < {MIN_DEV_ALL}"));
    }
    println!(
        "Golden Rules {golden_passed}/{}; CoNLL valid micro F1 {conll_micro:.2}; PolNeAR dev e2e F1 quoted {dq:.2}, all {da:.2}; o_penalty {o_penalty}",
        rules.len()
    );
    println!(
        "sha256 {}  ner-perceptron.bin ({} bytes)",
        sha256::hex(&ner_bytes),
        ner_bytes.len()
    );
    println!(
        "sha256 {}  attribution-perceptron.bin ({} bytes)",
        sha256::hex(&attr_bytes),
        attr_bytes.len()
    );

    if check {
        let out_dir = root.join("target/reproduce-check");
        for (rel, bytes) in &outputs {
            let dest = out_dir.join(rel);
            write(&dest, bytes);
            match std::fs::read(root.join(rel)) {
                Ok(old) if old == *bytes => println!("same     {rel}"),
                Ok(old) => failures.push(format!(
                    "{rel} differs from the regenerated {} ({})",
                    dest.display(),
                    first_difference(&old, bytes)
                )),
                Err(e) => failures.push(format!("{rel}: {e}")),
            }
        }
    } else {
        let base = out_dir.unwrap_or_else(|| root.clone());
        for (rel, bytes) in &outputs {
            let dest = base.join(rel);
            let same = std::fs::read(&dest).is_ok_and(|old| old == *bytes);
            if !same {
                write(&dest, bytes);
            }
            println!("{} {rel}", if same { "same    " } else { "written " });
        }
        if outputs
            .iter()
            .any(|(rel, _)| rel.ends_with(".bin") || rel.ends_with(".tsv"))
        {
            println!("(rebuild to compile in new models or tables: cargo build --release)");
        }
    }
    log("done".into());
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("FAIL: {f}");
        }
        std::process::exit(1);
    }
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())));
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
}

/// Where two files first differ, for the failure message.
fn first_difference(old: &[u8], new: &[u8]) -> String {
    if let (Ok(a), Ok(b)) = (std::str::from_utf8(old), std::str::from_utf8(new)) {
        for (n, (x, y)) in a.lines().zip(b.lines()).enumerate() {
            if x != y {
                return format!("line {}: committed {x:?}, regenerated {y:?}", n + 1);
            }
        }
        return format!(
            "{} lines committed, {} regenerated",
            a.lines().count(),
            b.lines().count()
        );
    }
    format!(
        "{} bytes committed ({}), {} regenerated ({})",
        old.len(),
        &sha256::hex(old)[..12],
        new.len(),
        &sha256::hex(new)[..12]
    )
}

/// `text` with the lines between the line starting with `begin` and the next line starting
/// with `end` replaced by `body`.
fn replace_block(text: &str, begin: &str, end: &str, body: &str) -> Result<String, String> {
    let b = text
        .find(&format!("\n{begin}"))
        .ok_or_else(|| format!("no line starting with {begin:?}"))?
        + 1;
    let body_start = b + text[b..].find('\n').ok_or("unterminated block")? + 1;
    let e = body_start
        + text[body_start..]
            .find(&format!("\n{end}"))
            .map(|i| i + 1)
            .or_else(|| text[body_start..].starts_with(end).then_some(0))
            .ok_or_else(|| format!("no line starting with {end:?} after {begin:?}"))?;
    Ok(format!("{}{body}{}", &text[..body_start], &text[e..]))
}

fn num(v: &Value, path: &[&str]) -> f64 {
    let mut x = v;
    for k in path {
        x = &x[*k];
    }
    x.as_f64()
        .unwrap_or_else(|| fail(&format!("figures.json lacks {}", path.join("."))))
}

/// A figure as the README prints it: two decimals.
fn f2(v: &Value, path: &[&str]) -> String {
    format!("{:.2}", num(v, path))
}

/// The README's transformer figures (measured once, carried over), with today's built-in
/// tagger row on the same file and scorer.
fn render_transformer(fig: &Value) -> String {
    let m = &fig["measured_transformer"];
    let c = &fig["conll_valid"]["scores"];
    let mut out = format!(
        "{}\n\n| what | figure |\n|---|---|\n",
        m["note"].as_str().unwrap_or_default()
    );
    for row in m["rows"].as_array().into_iter().flatten() {
        let what = row["what"].as_str().unwrap_or_default();
        out.push_str(&format!(
            "| {what} | {} |\n",
            row["figure"].as_str().unwrap_or_default()
        ));
        if what.starts_with("CoNLL-2003 valid") {
            out.push_str(&format!(
                "| same, built-in perceptron tagger (regenerated by `reproduce`) | PER {}, ORG {}, LOC {}, MISC {}; micro {} (P {}, R {}) |\n",
                f2(c, &["types", "PER", "f1"]),
                f2(c, &["types", "ORG", "f1"]),
                f2(c, &["types", "LOC", "f1"]),
                f2(c, &["types", "MISC", "f1"]),
                f2(c, &["micro", "f1"]),
                f2(c, &["micro", "precision"]),
                f2(c, &["micro", "recall"]),
            ));
        }
    }
    out
}

/// The README's Figures block, from `figures.json`.
fn render_figures(fig: &Value) -> String {
    let g = &fig["golden_rules"];
    let failed: Vec<String> = g["failed_ids"]
        .as_array()
        .map(|a| a.iter().map(|x| format!("#{x}")).collect())
        .unwrap_or_default();
    let c = &fig["conll_valid"]["scores"];
    let d = &fig["polnear_dev"]["scores"];
    let r = &fig["polnear_dev"]["rules_only"]["scores"];
    let t = &fig["tuning"];
    let m = &fig["models"];
    let mb = |name: &str| format!("{:.2} MB", num(m, &[name, "bytes"]) / 1e6);
    let mut out = String::new();
    out.push_str(
        "| what | split | figure | command |\n\
         |---|---|---|---|\n",
    );
    out.push_str(&format!(
        "| Golden Rules (English) | all {} rules | **{}/{}**{} | `{}` |\n",
        num(g, &["rules"]),
        num(g, &["passed"]),
        num(g, &["rules"]),
        if failed.is_empty() {
            String::new()
        } else {
            format!(" (fails {})", failed.join(", "))
        },
        g["command"].as_str().unwrap_or_default()
    ));
    out.push_str(&format!(
        "| CoNLL-2003 entities, raw text through the pipeline | valid (the entity model's best epoch is chosen on it) | **micro F1 {}** (P {}, R {}; PER {}, LOC {}, ORG {}, MISC {}) | `{}` |\n",
        f2(c, &["micro", "f1"]),
        f2(c, &["micro", "precision"]),
        f2(c, &["micro", "recall"]),
        f2(c, &["types", "PER", "f1"]),
        f2(c, &["types", "LOC", "f1"]),
        f2(c, &["types", "ORG", "f1"]),
        f2(c, &["types", "MISC", "f1"]),
        fig["conll_valid"]["command"].as_str().unwrap_or_default()
    ));
    out.push_str(&format!(
        "| PolNeAR quoted attributions, end-to-end | dev | **F1 {}** (P {}, R {}; content overlap F1 {}) | `{}` |\n",
        f2(d, &["quoted", "e2e", "f1"]),
        f2(d, &["quoted", "e2e", "precision"]),
        f2(d, &["quoted", "e2e", "recall"]),
        f2(d, &["quoted", "content_overlap", "f1"]),
        fig["polnear_dev"]["command"].as_str().unwrap_or_default()
    ));
    out.push_str(&format!(
        "| PolNeAR all attributions, end-to-end | dev | **F1 {}** (P {}, R {}; content overlap F1 {}) | same |\n",
        f2(d, &["all", "e2e", "f1"]),
        f2(d, &["all", "e2e", "precision"]),
        f2(d, &["all", "e2e", "recall"]),
        f2(d, &["all", "content_overlap", "f1"]),
    ));
    let span = |name: &str| {
        let x = &d["per_span"][name];
        format!(
            "{name} {} / {}",
            f2(x, &["exact", "f1"]),
            f2(x, &["token_overlap", "f1"])
        )
    };
    out.push_str(&format!(
        "| PolNeAR per-span F1, exact / token overlap (each span type alone, as BBC Citron scores PARC 3.0) | dev | {}; {}; {} | same |\n",
        span("source"),
        span("cue"),
        span("content"),
    ));
    let at = &d["confidence"]["at_threshold"];
    out.push_str(&format!(
        "| PolNeAR all attributions at confidence ≥ 0.5 / ≥ 0.8 (confidence counted on the held-out sixth of train) | dev | P {} (R {}) / **P {}** (R {}) | same |\n",
        f2(&at[0], &["precision"]),
        f2(&at[0], &["recall"]),
        f2(&at[1], &["precision"]),
        f2(&at[1], &["recall"]),
    ));
    let l = &fig["polnear_dev"]["learned_stage_alone"];
    out.push_str(&format!(
        "| learned stage alone: its own predictions | dev | precision {} ({} of {} right end to end) | same |\n",
        f2(l, &["precision"]),
        num(l, &["e2e_right"]),
        num(l, &["predictions"]),
    ));
    out.push_str(&format!(
        "| same, rules only (no learned stage) | dev | quoted F1 {}, all F1 {} | `{}` |\n",
        f2(r, &["quoted", "e2e", "f1"]),
        f2(r, &["all", "e2e", "f1"]),
        fig["polnear_dev"]["rules_only"]["command"]
            .as_str()
            .unwrap_or_default()
    ));
    out.push_str(&format!(
        "| learned stage's O penalty, chosen on a grid of {} | train: {} articles fit, {} held out (index mod 6 = 5) | **{}**: held-out quoted F1 {}, all F1 {} (rules only {}, {}) | `{}` |\n",
        t["o_penalty_grid"].as_array().map_or(0, Vec::len),
        num(t, &["fit_articles"]),
        num(t, &["held_out_articles"]),
        num(t, &["o_penalty"]),
        f2(t, &["held_out", "quoted", "e2e", "f1"]),
        f2(t, &["held_out", "all", "e2e", "f1"]),
        f2(t, &["held_out_rules_only", "quoted", "e2e", "f1"]),
        f2(t, &["held_out_rules_only", "all", "e2e", "f1"]),
        t["command"].as_str().unwrap_or_default()
    ));
    out.push_str(&format!(
        "| model files | — | entities {}, attribution {} (sha256 in `models/README.md`) | `cargo run --release --features training --example reproduce` |\n",
        mb("ner-perceptron.bin"),
        mb("attribution-perceptron.bin"),
    ));
    if let Some(rows) = fig["measured"].as_array() {
        if !rows.is_empty() {
            out.push_str(
                "\nMeasured once, not regenerated (timings vary from run to run; each ratio compares \
                 two programs measured in the same run):\n\n\
                 | what | split / input | figure | command | measured |\n\
                 |---|---|---|---|---|\n",
            );
            for row in rows {
                let cell = |k: &str| row[k].as_str().unwrap_or_default().to_string();
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} |\n",
                    cell("what"),
                    cell("input"),
                    cell("figure"),
                    cell("command"),
                    cell("measured")
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_known_answers() {
        assert_eq!(
            sha256::hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256::hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256::hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
    }

    #[test]
    fn cue_word_rule_and_overrides() {
        let counts: std::collections::BTreeMap<String, (usize, usize)> = [
            ("said", (10, 12)),
            ("say", (4, 9)),
            ("noted", (3, 3)),
            ("repeatedly", (5, 8)),
        ]
        .into_iter()
        .map(|(w, c)| (w.to_string(), c))
        .collect();
        assert!(cue_words::passes(4, 8) && !cue_words::passes(4, 9) && !cue_words::passes(3, 3));
        let ov = cue_words::parse_overrides("# c\n+say\tverb\n-repeatedly\tadverb\n").unwrap();
        assert_eq!(
            cue_words::select(&counts, &ov, true).unwrap(),
            ["said", "say"]
        );
        // An override that changes nothing, or one without a reason, is an error.
        let moot = cue_words::parse_overrides("+said\tverb\n").unwrap();
        assert!(cue_words::select(&counts, &moot, true).is_err());
        assert!(cue_words::select(&counts, &moot, false).is_ok());
        assert!(cue_words::parse_overrides("+say\n").is_err());
        assert!(cue_words::parse_overrides("say\treason\n").is_err());
        let table = cue_words::render(&counts, &["said".into()], &ov, 3);
        assert!(
            table.contains("\nsaid\t10\t12\n# The vocabulary"),
            "{table}"
        );
        // The vocabulary: the other words with at least 3 cues, a tenth of their occurrences.
        assert!(
            table.ends_with("\n~noted\t3\t3\n~repeatedly\t5\t8\n~say\t4\t9\n"),
            "{table}"
        );
        assert!(cue_words::passes_vocabulary(3, 30) && !cue_words::passes_vocabulary(3, 31));
        assert!(
            table.contains("\n# added: say\n# removed: repeatedly\n"),
            "{table}"
        );
    }

    #[test]
    fn blocks_are_replaced_between_their_markers() {
        let text = "a\n<!-- figures:begin x -->\nold\nold\n<!-- figures:end -->\nb\n";
        assert_eq!(
            replace_block(text, FIGURES_BEGIN, FIGURES_END, "new\n").unwrap(),
            "a\n<!-- figures:begin x -->\nnew\n<!-- figures:end -->\nb\n"
        );
        let sums = "x\n```sha256\n```\n";
        assert_eq!(
            replace_block(sums, SHA_BEGIN, "```", "1  a\n").unwrap(),
            "x\n```sha256\n1  a\n```\n"
        );
        assert!(replace_block("no markers\n", FIGURES_BEGIN, FIGURES_END, "").is_err());
    }

    #[test]
    fn held_out_sixth() {
        let held: Vec<usize> = (0..18).filter(|&i| held_out(i)).collect();
        assert_eq!(held, [5, 11, 17]);
    }
}
