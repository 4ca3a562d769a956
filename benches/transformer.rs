//! Throughput of the transformer pipeline, documents tagged one by one ("before") against
//! documents tagged together ("after", [`EntityTagger::tag_batch`]: windows of all documents
//! sorted by length) on one model, and together on `WHOSAID_BENCH_REPLICAS` replicas of the
//! model (default 2; forward passes at once, libtorch 1 thread each), in the same run, with
//! the built-in pipeline for scale (feature `transformer`).
//!
//! ```text
//! cargo bench --features transformer --bench transformer
//! ```
//! Model: `WHOSAID_TRANSFORMER_MODEL` (default `models/minilm-conll`, see the README); without
//! it the bench says so and skips. Corpus: the committed fixture articles, and the first 20
//! articles of `WHOSAID_NEWS_DIR` (default `../shared/data/polnear/train/text`) when present.
//!
//! Both modes run `Pipeline::try_analyze_batch` on the whole corpus with one shared tagger;
//! "before" hides the tagger behind a wrapper that only implements `tag`, which is how the
//! batch entry points tagged before `tag_batch` existed; the replicas mode runs the same
//! pipeline as "after" on a second tagger built with
//! [`replicas`](whosaid::entities::transformer::TransformerTaggerBuilder::replicas), with
//! libtorch's threads (process-wide) set to 1 for its passes and back to the default for the
//! others. Passes alternate (before, after, replicas, before, …, `WHOSAID_BENCH_ROUNDS`
//! rounds, default 5) so that load from other processes hits all alike. Printed per mode: median wall time and tokens/s (segmenter tokens),
//! process CPU time per pass (user + system, from `/proc/self/stat`; less sensitive to other
//! processes than wall time), and the tagger's deterministic counts: forward passes,
//! positions computed with padding, padding fraction.
//!
//! Then the thread settings for documents tagged together: libtorch intra-op threads
//! (`tch::set_num_threads`) × the pipeline's threads, in turn, up to 3 rounds
//! (`WHOSAID_BENCH_NO_THREADS=1` skips them). `WHOSAID_BENCH_BATCHES=16,32,64` also compares batch sizes for the "after" mode.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use whosaid::entities::transformer::TransformerStats;
use whosaid::entities::{EntityTagger, TagInput, TransformerTagger};
use whosaid::segment::{NewsSegmenter, Segmentation};
use whosaid::{Entity, Pipeline, PipelineBuilder};

const NEWS_ARTICLES: usize = 20;

mod common;

/// The shared tagger, tagging documents together.
struct Together(Arc<TransformerTagger>);

impl EntityTagger for Together {
    fn tag(&self, text: &str, seg: &Segmentation, out: &mut Vec<Entity>) -> whosaid::Result<()> {
        self.0.tag(text, seg, out)
    }
    fn tag_batch(&self, docs: &[TagInput<'_>]) -> Vec<whosaid::Result<Vec<Entity>>> {
        self.0.tag_batch(docs)
    }
    fn batches_documents(&self) -> bool {
        true
    }
}

/// The shared tagger, one document at a time (the batch path before `tag_batch`).
struct OneByOne(Arc<TransformerTagger>);

impl EntityTagger for OneByOne {
    fn tag(&self, text: &str, seg: &Segmentation, out: &mut Vec<Entity>) -> whosaid::Result<()> {
        self.0.tag(text, seg, out)
    }
}

/// CPU time of this process so far (user + system), in seconds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime and stime are the
    // 12th and 13th, in clock ticks of 1/100 s on Linux.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    if f.len() < 13 {
        return f64::NAN;
    }
    (f[11] + f[12]) / 100.0
}

struct Pass {
    wall: f64,
    cpu: f64,
    stats: TransformerStats,
    entities: usize,
}

fn run(pipeline: &Pipeline, tagger: &TransformerTagger, texts: &[String]) -> Pass {
    let before = tagger.stats();
    let cpu = cpu_seconds();
    let t = Instant::now();
    let entities = pipeline
        .try_analyze_batch(texts)
        .iter()
        .map(|r| r.as_ref().expect("analysis").entities.len())
        .sum();
    Pass {
        wall: t.elapsed().as_secs_f64(),
        cpu: cpu_seconds() - cpu,
        stats: tagger.stats().since(&before),
        entities,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn report(label: &str, passes: &[Pass], tokens: usize) -> f64 {
    let wall = median(passes.iter().map(|p| p.wall).collect());
    let cpu = median(passes.iter().map(|p| p.cpu).collect());
    let s = passes[0].stats;
    eprintln!(
        "  {label:<42} {:>7.0} tokens/s (median wall {wall:.2} s of {}: {}); CPU {cpu:.2} s/pass; \
         {} passes, {} positions computed for {} WordPieces: padding {:.1} %; {} entities",
        tokens as f64 / wall,
        passes.len(),
        passes
            .iter()
            .map(|p| format!("{:.2}", p.wall))
            .collect::<Vec<_>>()
            .join(" "),
        s.forward_passes,
        s.padded_positions,
        s.positions,
        100.0 * s.padding_fraction(),
        passes[0].entities,
    );
    tokens as f64 / wall
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The "before" and "after" pipelines around one shared tagger.
fn pipelines(tagger: &Arc<TransformerTagger>, threads: usize) -> (Pipeline, Pipeline) {
    let build = |b: PipelineBuilder| b.threads(threads).build().expect("pipeline");
    (
        build(Pipeline::builder().tagger(OneByOne(Arc::clone(tagger)))),
        build(Pipeline::builder().tagger(Together(Arc::clone(tagger)))),
    )
}

fn main() {
    let model = std::env::var("WHOSAID_TRANSFORMER_MODEL").unwrap_or_else(|_| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("models/minilm-conll")
            .display()
            .to_string()
    });
    let tagger = match TransformerTagger::load(&model) {
        Ok(t) => Arc::new(t),
        Err(e) => {
            eprintln!("skipping: no transformer model ({e}); see the README to make one");
            return;
        }
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let torch_default = tch::get_num_threads();
    let replicas = env_usize("WHOSAID_BENCH_REPLICAS", 2).max(1);
    // Threads given, so that building leaves libtorch's default alone: the replicas mode
    // sets 1 around its own passes.
    let replicated = Arc::new(
        TransformerTagger::builder(&model)
            .replicas(replicas)
            .threads(torch_default.max(1) as usize)
            .build()
            .expect("model"),
    );
    eprintln!(
        "transformer model: {model}; batch size {}; {cores} cores; libtorch threads {torch_default}; \
         {replicas} replicas",
        tagger.batch_size()
    );
    let rounds = env_usize("WHOSAID_BENCH_ROUNDS", 5).max(1);
    let builtin = Pipeline::default();
    let seg = NewsSegmenter::default();
    for (name, texts) in common::corpora("news20", NEWS_ARTICLES) {
        let bytes: usize = texts.iter().map(String::len).sum();
        let tokens: usize = texts.iter().map(|t| seg.segment(t).tokens.len()).sum();
        eprintln!(
            "{name}: {} texts, {bytes} bytes, {tokens} tokens; {rounds} alternating rounds, \
             pipeline threads {cores}, libtorch threads {torch_default}",
            texts.len(),
        );
        let (before, after) = pipelines(&tagger, cores);
        let (_, after_replicas) = pipelines(&replicated, cores);
        let run_replicas = || {
            tch::set_num_threads(1);
            let pass = run(&after_replicas, &replicated, &texts);
            tch::set_num_threads(torch_default);
            pass
        };
        // Warm-up, and the same entities every way.
        let (b, a) = (run(&before, &tagger, &texts), run(&after, &tagger, &texts));
        assert_eq!(b.entities, a.entities, "both modes find the same entities");
        assert_eq!(
            run_replicas().entities,
            a.entities,
            "replicas find the same entities"
        );
        let (mut bs, mut as_, mut rs) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            bs.push(run(&before, &tagger, &texts));
            as_.push(run(&after, &tagger, &texts));
            rs.push(run_replicas());
        }
        let tb = report("before: documents one by one", &bs, tokens);
        let ta = report("after: documents tagged together", &as_, tokens);
        let tr = report(
            &format!("after: together, {replicas} replicas, libtorch 1"),
            &rs,
            tokens,
        );
        let cpu = |v: &[Pass]| median(v.iter().map(|p| p.cpu).collect());
        eprintln!(
            "  speed-up {:.2}x by wall time, {:.2}x by CPU time",
            ta / tb,
            cpu(&bs) / cpu(&as_)
        );
        eprintln!(
            "  {replicas} replicas: speed-up {:.2}x over before, {:.2}x over after by wall time; \
             {:.2}x, {:.2}x by CPU time",
            tr / tb,
            tr / ta,
            cpu(&bs) / cpu(&rs),
            cpu(&as_) / cpu(&rs)
        );
        let t = Instant::now();
        let n: usize = builtin
            .analyze_batch(&texts)
            .iter()
            .map(|a| a.entities.len())
            .sum();
        let w = t.elapsed().as_secs_f64();
        eprintln!(
            "  built-in pipeline: {:.0} tokens/s ({:.2} MB/s; {n} entities)",
            tokens as f64 / w,
            bytes as f64 / w / 1e6
        );

        if name != "news20" {
            continue;
        }
        if std::env::var_os("WHOSAID_BENCH_NO_THREADS").is_none() {
            // Documents tagged together, each setting in turn, round after round.
            eprintln!("{name}: thread settings, documents tagged together (libtorch x pipeline)");
            let settings: Vec<(usize, usize)> = [1, cores]
                .iter()
                .flat_map(|&torch| [1, cores].map(|threads| (torch, threads)))
                .collect();
            let mut passes: Vec<Vec<Pass>> = settings.iter().map(|_| Vec::new()).collect();
            for _ in 0..rounds.min(3) {
                for (&(torch, threads), out) in settings.iter().zip(&mut passes) {
                    tch::set_num_threads(torch as i32);
                    let (_, after) = pipelines(&tagger, threads);
                    out.push(run(&after, &tagger, &texts));
                }
            }
            for ((torch, threads), p) in settings.iter().zip(&passes) {
                report(&format!("libtorch {torch}, pipeline {threads}"), p, tokens);
            }
        }
        tch::set_num_threads(torch_default);
        if let Ok(sizes) = std::env::var("WHOSAID_BENCH_BATCHES") {
            eprintln!("{name}: batch sizes (documents tagged together)");
            for size in sizes.split(',').filter_map(|s| s.trim().parse().ok()) {
                let t = Arc::new(
                    TransformerTagger::builder(&model)
                        .batch_size(size)
                        .build()
                        .expect("model"),
                );
                let (_, after) = pipelines(&t, cores);
                let passes: Vec<Pass> = (0..rounds.min(2))
                    .map(|_| run(&after, &t, &texts))
                    .collect();
                report(&format!("after, batch {size}"), &passes, tokens);
            }
        }
    }
}
