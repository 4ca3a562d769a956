//! Throughput of the transformer pipeline against the built-in one, in the same run
//! (criterion, `Throughput::Bytes`; feature `transformer`).
//!
//! ```text
//! cargo bench --features transformer --bench transformer
//! ```
//! Model: `WHOSAID_TRANSFORMER_MODEL` (default `models/minilm-conll`, see the README); without
//! it the bench says so and skips. Corpus: the committed fixture articles, and the first 20
//! articles of `WHOSAID_NEWS_DIR` (default `../shared/data/polnear/train/text`) when present.
//! The token count (segmenter tokens) of each corpus is printed, so that bytes/s convert to
//! tokens/s.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::Path;
use whosaid::entities::TransformerTagger;
use whosaid::segment::NewsSegmenter;
use whosaid::Pipeline;

const NEWS_ARTICLES: usize = 20;

mod common;

fn bench(c: &mut Criterion) {
    let model = std::env::var("WHOSAID_TRANSFORMER_MODEL").unwrap_or_else(|_| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("models/minilm-conll")
            .display()
            .to_string()
    });
    let tagger = match TransformerTagger::load(&model) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("skipping: no transformer model ({e}); see the README to make one");
            return;
        }
    };
    eprintln!(
        "transformer model: {model} (libtorch threads: {})",
        tch::get_num_threads()
    );
    let transformer = Pipeline::builder()
        .tagger(tagger)
        .build()
        .expect("pipeline");
    let builtin = Pipeline::default();
    let seg = NewsSegmenter::default();
    for (name, texts) in common::corpora("news20", NEWS_ARTICLES) {
        let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
        let tokens: usize = texts.iter().map(|t| seg.segment(t).tokens.len()).sum();
        eprintln!(
            "{name}: {} texts, {bytes} bytes, {tokens} tokens ({:.3} tokens/byte)",
            texts.len(),
            tokens as f64 / bytes as f64
        );
        let mut g = c.benchmark_group(format!("transformer_{name}"));
        g.throughput(Throughput::Bytes(bytes));
        g.sample_size(10);
        g.bench_function("builtin_pipeline", |b| {
            b.iter(|| {
                let mut n = 0usize;
                for t in &texts {
                    n += builtin.analyze(t).entities.len();
                }
                black_box(n)
            })
        });
        g.bench_function("transformer_pipeline", |b| {
            b.iter(|| {
                let mut n = 0usize;
                for t in &texts {
                    n += transformer.analyze(t).entities.len();
                }
                black_box(n)
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
