//! Scores entity tagging on a CoNLL-2003 file, conlleval-style.
//!
//! ```text
//! cargo run --release --example eval_conll -- [FILE] [--tokens]
//! cargo run --release --features transformer --example eval_conll -- [FILE] --transformer DIR
//! ```
//! Default file: `$WHOSAID_DATA/conll2003/valid.txt` (`WHOSAID_DATA` defaults to
//! `../shared/data`). Follows the project's scoring rules: each `-DOCSTART-` document becomes
//! one text (tokens joined by a space, sentences by `\n`); the whole default pipeline runs on
//! that raw text; entity byte spans are mapped to the tokens they touch and written as IOB2
//! (person→PER, organization→ORG, country/location→LOC, nationality/misc→MISC); a chunk is
//! right when its first token, last token and type match. `--tokens` instead feeds the gold
//! tokenization straight to the tagger (a diagnostic). `--transformer DIR` (feature
//! `transformer`) builds the pipeline with `TransformerTagger::load(DIR)` instead of the built-in
//! tagger; everything else, scoring included, is unchanged.

mod common;
use common::with_transformer;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;
use whosaid::entities::conll;
use whosaid::entities::PerceptronTagger;
use whosaid::Pipeline;

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    pred: usize,
    gold: usize,
}

impl Counts {
    fn prf(&self) -> (f64, f64, f64) {
        let p = 100.0 * self.tp as f64 / self.pred.max(1) as f64;
        let r = 100.0 * self.tp as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

fn main() {
    let mut file = None;
    let mut tokens_mode = false;
    let mut transformer: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--tokens" {
            tokens_mode = true;
        } else if a == "--transformer" {
            transformer = Some(args.next().map(PathBuf::from).unwrap_or_else(|| {
                eprintln!("error: --transformer needs a model folder");
                std::process::exit(2)
            }));
        } else {
            file = Some(PathBuf::from(a));
        }
    }
    if transformer.is_some() && tokens_mode {
        eprintln!("error: --tokens works with the built-in tagger only");
        std::process::exit(2)
    }
    let file = file.unwrap_or_else(|| {
        let data = std::env::var("WHOSAID_DATA").unwrap_or_else(|_| "../shared/data".into());
        PathBuf::from(data).join("conll2003/valid.txt")
    });
    let text = match whosaid::read_text(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("skipping: CoNLL data not available ({e})");
            return;
        }
    };
    let docs = conll::parse(&text, &file.display().to_string()).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let mut builder = Pipeline::builder().keep_tokens(false);
    if let Some(dir) = &transformer {
        builder = with_transformer(builder, dir);
    }
    let pipeline = builder.build().unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let tagger = PerceptronTagger::builtin().expect("built-in model");
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut bytes = 0usize;
    let t0 = Instant::now();
    for doc in &docs {
        // Build the raw text and remember each token's byte span.
        let mut raw = String::new();
        let mut spans: Vec<Vec<(usize, usize)>> = Vec::new();
        for (si, s) in doc.iter().enumerate() {
            if si > 0 {
                raw.push('\n');
            }
            let mut v = Vec::new();
            for (ti, t) in s.tokens.iter().enumerate() {
                if ti > 0 {
                    raw.push(' ');
                }
                v.push((raw.len(), raw.len() + t.len()));
                raw.push_str(t);
            }
            spans.push(v);
        }
        bytes += raw.len();
        let mut pred_tags: Vec<Vec<String>> = doc
            .iter()
            .map(|s| vec!["O".to_string(); s.tokens.len()])
            .collect();
        if tokens_mode {
            let words: Vec<Vec<&str>> = doc
                .iter()
                .map(|s| s.tokens.iter().map(String::as_str).collect())
                .collect();
            for (si, chunks) in tagger.tag_tokens(&words).into_iter().enumerate() {
                for (a, b, t) in chunks {
                    for (k, tag) in pred_tags[si][a..b].iter_mut().enumerate() {
                        *tag = format!("{}-{t}", if k == 0 { "B" } else { "I" });
                    }
                }
            }
        } else {
            let analysis = pipeline.analyze(&raw);
            for e in &analysis.entities {
                let ty = e.kind.conll_type();
                let mut first = true;
                for (si, toks) in spans.iter().enumerate() {
                    for (ti, &(s, t)) in toks.iter().enumerate() {
                        if s < e.span.end && e.span.start < t {
                            pred_tags[si][ti] = format!("{}-{ty}", if first { "B" } else { "I" });
                            first = false;
                        }
                    }
                }
            }
        }
        for (s, pred) in doc.iter().zip(&pred_tags) {
            let gold = conll::chunks(&s.tags);
            let pred = conll::chunks(pred);
            for (_, _, t) in &gold {
                counts.entry(t.clone()).or_default().gold += 1;
            }
            for (a, b, t) in &pred {
                let c = counts.entry(t.clone()).or_default();
                c.pred += 1;
                if gold
                    .iter()
                    .any(|(ga, gb, gt)| ga == a && gb == b && gt == t)
                {
                    c.tp += 1;
                }
            }
        }
    }
    let secs = t0.elapsed().as_secs_f64();
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
    let mut all = Counts::default();
    let mut plo = Counts::default();
    for (t, c) in &counts {
        let (p, r, f) = c.prf();
        println!("{t:<6} {p:>9.2} {r:>9.2} {f:>9.2} {:>7}", c.gold);
        all.tp += c.tp;
        all.pred += c.pred;
        all.gold += c.gold;
        if t != "MISC" {
            plo.tp += c.tp;
            plo.pred += c.pred;
            plo.gold += c.gold;
        }
    }
    let (p, r, f) = all.prf();
    println!("{:<6} {p:>9.2} {r:>9.2} {f:>9.2} {:>7}", "micro", all.gold);
    let (p, r, f) = plo.prf();
    println!(
        "{:<6} {p:>9.2} {r:>9.2} {f:>9.2} {:>7}  (PER/ORG/LOC)",
        "micro3", plo.gold
    );
    println!(
        "speed: {:.2} MB/s single-threaded ({} bytes)",
        bytes as f64 / secs / 1e6,
        bytes
    );
}
