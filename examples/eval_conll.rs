//! Scores entity tagging on a CoNLL-2003 file, conlleval-style.
//!
//! ```text
//! cargo run --release --features training --example eval_conll -- [FILE] [--tokens] [--ner-model FILE] [--clusters FILE] [--embedding-clusters FILE] [--lexicon FILE] [--json]
//! cargo run --release --features transformer,training --example eval_conll -- [FILE] --transformer DIR [--replicas N]
//! ```
//! Default file: `$WHOSAID_DATA/conll2003/valid.txt` (`WHOSAID_DATA` defaults to
//! `../shared/data`). Follows the project's scoring rules: each `-DOCSTART-` document becomes
//! one text (tokens joined by a space, sentences by `\n`); the whole default pipeline runs on
//! that raw text; entity byte spans are mapped to the tokens they touch and written as IOB2
//! (person→PER, organization→ORG, country/location→LOC, nationality/misc→MISC); a chunk is
//! right when its first token, last token and type match. `--tokens` instead feeds the gold
//! tokenization straight to the tagger (a diagnostic). `--transformer DIR` (feature
//! `transformer`) builds the pipeline with `TransformerTagger::load(DIR)` instead of the built-in
//! tagger (`--replicas N`: with N copies of the model, see `TransformerTaggerBuilder::replicas`);
//! everything else, scoring included, is unchanged. `--ner-model FILE` uses another
//! perceptron model (from `train_ner`), `--clusters FILE`, `--embedding-clusters FILE` and
//! `--lexicon FILE` with the word-cluster table, embedding-cluster table and entity lexicon it
//! was trained with. `--json` prints the figures as one JSON object (the
//! form `figures.json` holds them in).

mod common;
#[path = "common/conll.rs"]
mod conll_eval;
#[path = "common/score.rs"]
mod score;

use common::with_transformer;
use std::path::PathBuf;
use std::time::Instant;
use whosaid::entities::PerceptronTagger;
use whosaid::Pipeline;

fn main() {
    let mut file = None;
    let mut tokens_mode = false;
    let mut json = false;
    let mut transformer: Option<PathBuf> = None;
    let mut replicas: Option<usize> = None;
    let mut model_file: Option<PathBuf> = None;
    let mut clusters: Option<String> = None;
    let mut emb_clusters: Option<String> = None;
    let mut lexicon: Option<String> = None;
    let mut args = std::env::args().skip(1);
    let need = |what: &str| -> ! {
        eprintln!("error: {what}");
        std::process::exit(2)
    };
    // The contents of the file named after a table option.
    let read_table = |f: Option<String>, opt: &str| -> String {
        let f = f.unwrap_or_else(|| need(&format!("{opt} needs a file")));
        std::fs::read_to_string(&f).unwrap_or_else(|e| need(&format!("{f}: {e}")))
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--tokens" => tokens_mode = true,
            "--json" => json = true,
            "--transformer" => {
                transformer = Some(
                    args.next()
                        .map(PathBuf::from)
                        .unwrap_or_else(|| need("--transformer needs a model folder")),
                );
            }
            "--replicas" => {
                replicas = Some(
                    args.next()
                        .and_then(|n| n.parse().ok())
                        .filter(|&n| n > 0)
                        .unwrap_or_else(|| need("--replicas needs a positive number")),
                );
            }
            "--clusters" => clusters = Some(read_table(args.next(), "--clusters")),
            "--embedding-clusters" => {
                emb_clusters = Some(read_table(args.next(), "--embedding-clusters"))
            }
            "--lexicon" => lexicon = Some(read_table(args.next(), "--lexicon")),
            "--ner-model" => {
                model_file = Some(
                    args.next()
                        .map(PathBuf::from)
                        .unwrap_or_else(|| need("--ner-model needs a file")),
                );
            }
            _ if a.starts_with('-') => need(&format!("unknown option {a}")),
            _ => file = Some(PathBuf::from(a)),
        }
    }
    if transformer.is_some() && (tokens_mode || model_file.is_some()) {
        need("--tokens and --ner-model work with the built-in tagger only");
    }
    if transformer.is_none() && replicas.is_some() {
        need("--replicas needs --transformer");
    }
    let file = file.unwrap_or_else(|| conll_eval::data_file("valid.txt"));
    let docs = match conll_eval::read(&file) {
        Ok(d) => d,
        Err(e) if !file.exists() => {
            eprintln!("skipping: CoNLL data not available ({e})");
            return;
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1)
        }
    };
    let tagger = match &model_file {
        Some(f) => PerceptronTagger::from_file(f),
        None => PerceptronTagger::builtin(),
    }
    .and_then(|t| match &clusters {
        Some(c) => t.with_word_clusters(c),
        None => Ok(t),
    })
    .and_then(|t| match &emb_clusters {
        Some(c) => t.with_embedding_clusters(c),
        None => Ok(t),
    })
    .and_then(|t| match &lexicon {
        Some(l) => t.with_entity_lexicon(l),
        None => Ok(t),
    })
    .unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let mut builder = Pipeline::builder().keep_tokens(false).threads(1);
    if let Some(dir) = &transformer {
        builder = with_transformer(builder, dir, replicas.unwrap_or(1));
    } else {
        builder = builder.tagger(tagger.clone());
    }
    let pipeline = builder.build().unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let t0 = Instant::now();
    let scores = if tokens_mode {
        conll_eval::evaluate_tokens(&tagger, &docs)
    } else {
        conll_eval::evaluate_raw(&pipeline, &docs)
    };
    let secs = t0.elapsed().as_secs_f64();
    if json {
        let mut v = scores.json();
        v["file"] = file.display().to_string().into();
        v["documents"] = docs.len().into();
        v["input"] = if tokens_mode {
            "gold tokens"
        } else {
            "raw text"
        }
        .into();
        println!("{}", serde_json::to_string_pretty(&v).expect("JSON"));
        return;
    }
    println!(
        "{} ({} documents, {}{})",
        file.display(),
        docs.len(),
        if tokens_mode {
            "gold tokens"
        } else {
            "raw text through the pipeline"
        },
        match &transformer {
            Some(d) => format!(", transformer tagger {}", d.display()),
            None => String::new(),
        },
    );
    println!(
        "{:<6} {:>9} {:>9} {:>9} {:>7}",
        "type", "precision", "recall", "F1", "gold"
    );
    for (t, c) in &scores.per_type {
        let (p, r, f) = c.prf();
        println!("{t:<6} {p:>9.2} {r:>9.2} {f:>9.2} {:>7}", c.gold);
    }
    let all = scores.micro();
    let (p, r, f) = all.prf();
    println!("{:<6} {p:>9.2} {r:>9.2} {f:>9.2} {:>7}", "micro", all.gold);
    let plo = scores.micro3();
    let (p, r, f) = plo.prf();
    println!(
        "{:<6} {p:>9.2} {r:>9.2} {f:>9.2} {:>7}  (PER/ORG/LOC)",
        "micro3", plo.gold
    );
    if !tokens_mode {
        println!(
            "speed: {:.2} MB/s single-threaded ({} bytes)",
            scores.bytes as f64 / secs / 1e6,
            scores.bytes
        );
    }
}
