//! Trains the learned attribution stage on PolNeAR (brat standoff) articles.
//!
//! ```text
//! cargo run --release --example train_attribution -- [DIR] [--out FILE] [--epochs N] [--bits B]
//! ```
//! DIR defaults to `$WHOSAID_DATA/polnear/train` (`WHOSAID_DATA` defaults to
//! `../shared/data`); it holds `text/*.txt` and `attributions/*.ann` (the first annotation
//! file of an article, in name order, is used). The model is written to
//! `models/attribution-perceptron.bin` by default; score it on the dev split with
//! `cargo run --release --example eval_polnear -- --attribution-model FILE`.
//! Training is deterministic (fixed seed).

use std::path::{Path, PathBuf};
use std::time::Instant;
use whosaid::quotes::{brat, training, Document};
use whosaid::segment::Segmentation;
use whosaid::Pipeline;

fn main() {
    let data = std::env::var("WHOSAID_DATA").unwrap_or_else(|_| "../shared/data".into());
    let mut dir = PathBuf::from(data).join("polnear/train");
    let mut out = PathBuf::from("models/attribution-perceptron.bin");
    let mut epochs = 15usize;
    let mut bits = 18u32;
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
    let text_dir = dir.join("text");
    let Ok(rd) = std::fs::read_dir(&text_dir) else {
        eprintln!("skipping: PolNeAR not available at {}", dir.display());
        return;
    };
    let mut texts: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    texts.sort();
    let mut anns: Vec<PathBuf> = std::fs::read_dir(dir.join("attributions"))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    anns.sort();
    let pipeline = Pipeline::builder()
        .no_attributor()
        .build()
        .expect("built-in pipeline");
    let t0 = Instant::now();
    let mut docs = Vec::new();
    for t in &texts {
        let stem = t.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let prefix = format!("{stem}_");
        let Some(ann) = anns.iter().find(|a| {
            a.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".ann"))
        }) else {
            continue;
        };
        let (text, ann_src) = match (whosaid::read_text(t), whosaid::read_text(Path::new(ann))) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("warning: {e}");
                continue;
            }
        };
        let gold = brat::parse(&text, &ann_src);
        let a = pipeline.analyze(&text);
        let seg = Segmentation {
            paragraphs: a.paragraphs.clone(),
            sentences: a.sentences.clone(),
            tokens: a.tokens.clone(),
        };
        let doc = Document {
            text: &text,
            seg: &seg,
            entities: &a.entities,
            groups: &a.groups,
        };
        docs.push(training::prepare(&doc, &gold.attributions));
    }
    eprintln!(
        "{} articles prepared in {:.0}s; training {epochs} epochs",
        docs.len(),
        t0.elapsed().as_secs_f64()
    );
    let bytes = training::train(&docs, epochs, bits, 11);
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
