//! Throughput benches (criterion, `Throughput::Bytes`).
//!
//! Corpus: the committed fixture articles, and — when present — a folder of real news given by
//! `WHOSAID_NEWS_DIR` (default `../shared/data/polnear/train/text`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use unicode_segmentation::UnicodeSegmentation;
use whosaid::segment::{NewsSegmenter, Segmentation};
use whosaid::Pipeline;

mod common;

fn bench(c: &mut Criterion) {
    let seg = NewsSegmenter::default();
    let pipeline = Pipeline::default();
    let batch2 = Pipeline::builder().threads(2).build().expect("pipeline");
    for (name, texts) in common::corpora("news", usize::MAX) {
        let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(bytes));
        g.sample_size(10);
        g.bench_function("uax29_sentences", |b| {
            b.iter(|| {
                let mut n = 0usize;
                for t in &texts {
                    n += t.split_sentence_bound_indices().count();
                }
                black_box(n)
            })
        });
        g.bench_function("sentences", |b| {
            b.iter(|| {
                let mut n = 0usize;
                for t in &texts {
                    n += seg.sentences(t).count();
                }
                black_box(n)
            })
        });
        g.bench_function("segment_with_tokens", |b| {
            let mut out = Segmentation::default();
            b.iter(|| {
                let mut n = 0usize;
                for t in &texts {
                    seg.segment_into(t, &mut out);
                    n += out.tokens.len();
                }
                black_box(n)
            })
        });
        g.bench_function("pipeline", |b| {
            b.iter(|| {
                let mut n = 0usize;
                for t in &texts {
                    n += pipeline.analyze(t).entities.len();
                }
                black_box(n)
            })
        });
        g.bench_function("pipeline_batch_2_threads", |b| {
            b.iter(|| black_box(batch2.analyze_batch(&texts).len()))
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
