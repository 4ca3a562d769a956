//! Throughput of `Pipeline::default().analyze` on adversarial text (criterion,
//! `Throughput::Bytes`): every family of `examples/common/adversarial.rs` at 64 KB and 1 MB,
//! with 1 MB of real news as the baseline.
//!
//! ```text
//! cargo bench --bench adversarial                 # all families
//! cargo bench --bench adversarial -- said_dense   # criterion's filter
//! ```
//!
//! Before criterion runs, one timing pass analyzes each family once at 1 MB (twice when a run
//! is quick). A family whose run takes longer than `WHOSAID_ADV_CAP_SECS` (default 5) seconds
//! is left out of the criterion runs (ten samples of it would take minutes) and reported as
//! such. After the runs, the bench prints that pass as a table: each family's 1 MB time, its
//! throughput, and its throughput relative to news (criterion does not compare benchmarks).
//! News comes from `$WHOSAID_NEWS_DIR`, else `$WHOSAID_DATA/polnear/train/text`
//! (`WHOSAID_DATA` defaults to `../shared/data`); without it, sentences composed by the
//! generator stand in.

#[path = "../examples/common/adversarial.rs"]
mod adversarial;

use criterion::{Criterion, Throughput};
use std::hint::black_box;
use std::time::{Duration, Instant};
use whosaid::Pipeline;

const SIZES: [(usize, &str); 2] = [(64 << 10, "64KB"), (1 << 20, "1MB")];

/// The best of one or two runs of `analyze` on `text`, in seconds.
fn time_once(p: &Pipeline, text: &str) -> f64 {
    let t = Instant::now();
    black_box(p.analyze(text));
    let first = t.elapsed().as_secs_f64();
    if first > 1.0 {
        return first;
    }
    let t = Instant::now();
    black_box(p.analyze(text));
    first.min(t.elapsed().as_secs_f64())
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let cap: f64 = std::env::var("WHOSAID_ADV_CAP_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5.0);
    let pipeline = Pipeline::default();
    black_box(pipeline.analyze("Warm up. “Yes,” said Mr. Roll in Tallinn."));
    eprintln!("news: {}", adversarial::news_source());

    // The timing pass at 1 MB.
    let mut pass: Vec<(&str, usize, f64)> = Vec::new();
    for &name in adversarial::FAMILIES {
        let text = adversarial::family(name, SIZES[1].0).expect("known family");
        let secs = time_once(&pipeline, &text);
        pass.push((name, text.len(), secs));
    }

    for (bytes, label) in SIZES {
        let mut g = c.benchmark_group(format!("adversarial_{label}"));
        for &(name, _, secs) in &pass {
            if secs > cap {
                eprintln!("skipping {name}/{label} in criterion: one 1 MB run took {secs:.1} s (cap {cap} s)");
                continue;
            }
            let text = adversarial::family(name, bytes).expect("known family");
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_function(name, |b| b.iter(|| black_box(pipeline.analyze(&text))));
        }
        g.finish();
    }
    c.final_summary();

    let news = pass
        .iter()
        .find(|(n, _, _)| *n == "news")
        .map(|&(_, b, s)| b as f64 / s);
    println!();
    println!("timing pass, 1 MB each (best of up to 2 runs per family):");
    println!(
        "{:<22} {:>10} {:>10} {:>14}",
        "family", "time", "MB/s", "vs news (thpt)"
    );
    for (name, bytes, secs) in pass {
        let thpt = bytes as f64 / secs;
        println!(
            "{:<22} {:>8.3} s {:>10.2} {:>14}",
            name,
            secs,
            thpt / 1e6,
            news.map_or("-".to_string(), |n| format!("{:.2}×", thpt / n))
        );
    }
}
