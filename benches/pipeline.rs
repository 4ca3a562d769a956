//! Throughput benches (criterion, `Throughput::Bytes`).
//!
//! Corpus: the committed fixture articles, and — when present — a folder of real news given by
//! `WHOSAID_NEWS_DIR` (default `../shared/data/polnear/train/text`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use unicode_segmentation::UnicodeSegmentation;
use whosaid::segment::{NewsSegmenter, Segmentation, Segmenter};
use whosaid::Pipeline;

fn read_dir_texts(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect(),
        Err(_) => return Vec::new(),
    };
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn corpora() -> Vec<(&'static str, Vec<String>)> {
    let mut out = vec![(
        "fixtures",
        read_dir_texts(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles")),
    )];
    let dir = std::env::var("WHOSAID_NEWS_DIR")
        .unwrap_or_else(|_| "../shared/data/polnear/train/text".to_string());
    let news = read_dir_texts(Path::new(&dir));
    if news.is_empty() {
        eprintln!("news corpus not found at {dir} (set WHOSAID_NEWS_DIR); benching fixtures only");
    } else {
        eprintln!("news corpus: {} articles from {dir}", news.len());
        out.push(("news", news));
    }
    out
}

fn bench(c: &mut Criterion) {
    let seg = NewsSegmenter::default();
    let pipeline = Pipeline::default();
    let batch2 = Pipeline::builder().threads(2).build().expect("pipeline");
    for (name, texts) in corpora() {
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
