//! Scores quote attribution against the PolNeAR attribution corpus.
//!
//! ```text
//! cargo run --release --features training --example eval_polnear -- [DIR] [--limit N] [--part heldout|fit] [--verbose]
//!     [--oracle] [--rules-only] [--attribution-model FILE] [--cue-words FILE] [--confidence-table FILE]
//!     [--o-penalty X] [--json] [--dump FILE]
//! ```
//! `DIR` holds `text/NAME.txt` and `attributions/NAME_XXXX.ann` (brat standoff); it defaults to
//! `$WHOSAID_DATA/polnear/dev`, with `WHOSAID_DATA` defaulting to `../shared/data`. When a text
//! has several annotation files (one per annotator), the first in sorted order is used.
//!
//! The protocol, in short:
//!
//! * **Gold.** Each `E` relation is one attribution: its content (the union of every `Content*`
//!   argument and all their fragments), its cue span(s) and its source span(s), if any. brat
//!   offsets count characters (Unicode scalar values), so they are mapped to byte offsets first.
//!   An attribution is *quoted* when its content text holds `“`, `”`, `"` or `''`.
//! * **Predictions.** Every quote the pipeline returns is a candidate; quotes sharing the same
//!   cue span are merged into one attribution (an interrupted quote is one gold attribution with
//!   two fragments); quotes with no cue stay alone. A prediction is *quoted* when one of its
//!   content spans, widened by one character on each side, holds one of those marks.
//! * **Contents** are sets of word tokens (maximal runs of alphanumeric characters or `_`),
//!   identified by their byte position in the text, so punctuation and quote marks never count.
//!   The text is tokenized once; a content holds every token it shares a byte with.
//! * **Matching** is one-to-one within an article. *Exact*: identical token sets. *Overlap*:
//!   candidate pairs cover at least half of the gold tokens; they are taken greedily by that
//!   ratio (ties: by the share of the prediction's tokens that are gold).
//! * On an overlap-matched pair the **cue** is right when the predicted cue shares a byte with a
//!   gold cue, and the **source** is right when the predicted speaker shares a byte with a gold
//!   source (or when both are absent). **End-to-end** counts pairs whose source is right.
//! * Figures are reported for the quoted subset (quoted gold against quoted predictions, matched
//!   separately) and for all attributions; counts are summed over articles (micro-averaged).
//! * **Per span** (comparable with BBC Citron's scores on PARC 3.0): sources, cues and contents
//!   each alone, whatever attribution they belong to, as token sets; *exact*: one-to-one equal
//!   sets (P = matches / predicted spans, R = matches / gold spans); *token overlap*: P = predicted
//!   tokens inside a gold span of the type / predicted tokens, R = gold tokens inside a predicted
//!   span / gold tokens.
//! * **Confidence**: precision, recall and F1 (all attributions, end-to-end) of the predictions
//!   whose confidence (the highest of their quotes') is at least 0.5 and 0.8, and a reliability
//!   table (confidence bins: predictions, mean confidence, share right).
//! * **The learned stage alone**: the predictions made only of quotes the learned stage added,
//!   and their end-to-end precision.
//!
//! `--verbose` lists, per article on stderr, missed quoted gold attributions, quoted ones with
//! the wrong speaker, and false predictions. `--oracle` checks the scorer itself: it replaces the
//! pipeline's output by the gold attributions (one quote per content fragment, first cue, first
//! source), which should score 100 on everything for all attributions. `--o-penalty X` decodes
//! the learned stage with another penalty on the "outside" label (the tuned one is in
//! `models/attribution-tuning.tsv`). `--confidence-table FILE` scores with another confidence
//! table (`reproduce -- --heldout` writes the tuning split's under `target/heldout/`). `--json`
//! prints the figures as one JSON object instead
//! (the form `figures.json` holds them in). `--part heldout` (or `fit`) scores only the
//! held-out sixth of PolNeAR train (or the other five sixths), the split on which `reproduce`
//! makes every choice; the default directory is then the train split. Score it with the model
//! and cue words of that split (`reproduce -- --heldout` writes them under
//! `target/heldout/`), not the shipped ones, which saw it. `--dump FILE` writes each article's
//! gold and predicted attributions and their matches as JSON lines, for error analysis.

#[path = "common/attribution.rs"]
mod attribution;
#[path = "common/polnear.rs"]
mod polnear;
#[path = "common/score.rs"]
mod score;

use polnear::{Pairs, Pred, Scores};
use std::path::PathBuf;
use std::time::Instant;
use whosaid::quotes::RuleAttributor;
use whosaid::{Pipeline, Span};

fn main() {
    let mut dir = None;
    let mut limit = usize::MAX;
    let mut verbose = false;
    let mut oracle = false;
    let mut rules_only = false;
    let mut json = false;
    let mut model_file: Option<PathBuf> = None;
    let mut o_penalty: Option<f32> = None;
    let mut part: Option<bool> = None;
    let mut cue_file: Option<PathBuf> = None;
    let mut dump: Option<PathBuf> = None;
    let mut confidence_file: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--verbose" | "-v" => verbose = true,
            "--oracle" => oracle = true,
            "--rules-only" => rules_only = true,
            "--json" => json = true,
            "--attribution-model" => {
                model_file = Some(
                    args.next()
                        .map(PathBuf::from)
                        .unwrap_or_else(|| usage("--attribution-model needs a file")),
                );
            }
            "--part" => {
                part = match args.next().as_deref() {
                    Some("heldout") => Some(true),
                    Some("fit") => Some(false),
                    _ => usage("--part needs heldout or fit"),
                };
            }
            "--cue-words" => {
                cue_file = Some(
                    args.next()
                        .map(PathBuf::from)
                        .unwrap_or_else(|| usage("--cue-words needs a file")),
                );
            }
            "--confidence-table" => {
                confidence_file = Some(
                    args.next()
                        .map(PathBuf::from)
                        .unwrap_or_else(|| usage("--confidence-table needs a file")),
                );
            }
            "--dump" => {
                dump = Some(
                    args.next()
                        .map(PathBuf::from)
                        .unwrap_or_else(|| usage("--dump needs a file")),
                );
            }
            "--o-penalty" => {
                o_penalty = Some(
                    args.next()
                        .and_then(|n| n.parse().ok())
                        .unwrap_or_else(|| usage("--o-penalty needs a number")),
                );
            }
            "--limit" => {
                limit = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| usage("--limit needs a number"));
            }
            _ if a.starts_with("--limit=") => {
                limit = a["--limit=".len()..]
                    .parse()
                    .unwrap_or_else(|_| usage("--limit needs a number"));
            }
            _ if a.starts_with('-') => usage(&format!("unknown option {a}")),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir =
        dir.unwrap_or_else(|| polnear::split_dir(if part.is_some() { "train" } else { "dev" }));
    let Some(mut corpus) = polnear::load(&dir, limit) else {
        println!("skipping: PolNeAR not available at {}", dir.display());
        return;
    };
    if let Some(held) = part {
        // The tuning split of `reproduce`: articles in name order, index mod 6 = 5 held out.
        let all = std::mem::take(&mut corpus.articles);
        corpus.articles = all
            .into_iter()
            .enumerate()
            .filter(|(i, _)| polnear::held_out(*i) == held)
            .map(|(_, a)| a)
            .collect();
    }

    let mut attributor = if rules_only {
        RuleAttributor::rules_only()
    } else if let Some(f) = &model_file {
        let bytes = std::fs::read(f).unwrap_or_else(|e| usage(&format!("{}: {e}", f.display())));
        RuleAttributor::default()
            .with_learned_model(&bytes)
            .unwrap_or_else(|e| usage(&e.to_string()))
    } else {
        RuleAttributor::default()
    };
    if let Some(p) = o_penalty {
        attributor = attributor.with_o_penalty(p);
    }
    if let Some(f) = &cue_file {
        let table =
            std::fs::read_to_string(f).unwrap_or_else(|e| usage(&format!("{}: {e}", f.display())));
        attributor = attributor.with_cue_words(Box::leak(table.into_boxed_str()));
    }
    if let Some(f) = &confidence_file {
        let table =
            std::fs::read_to_string(f).unwrap_or_else(|e| usage(&format!("{}: {e}", f.display())));
        attributor = attributor
            .with_confidence_table(&table)
            .unwrap_or_else(|e| usage(&e.to_string()));
    }
    let mut dump_out = dump.as_ref().map(|f| {
        std::io::BufWriter::new(
            std::fs::File::create(f).unwrap_or_else(|e| usage(&format!("{}: {e}", f.display()))),
        )
    });
    // Segmentation and entities by the pipeline; the attributor runs on its output so that
    // each quote's confidence key is known (the quotes are the pipeline's).
    let analyzer = Pipeline::builder()
        .no_attributor()
        .build()
        .unwrap_or_else(|e| usage(&e.to_string()));
    let mut scores = Scores::default();
    let mut bytes = 0usize;
    let mut secs = 0.0f64;
    // The learned stage's own predictions: (predictions, right end to end).
    let mut learned = (0usize, 0usize);
    for article in &corpus.articles {
        let text = &article.text;
        let t0 = Instant::now();
        let keyed = attribution::keyed_quotes(&analyzer, &attributor, text);
        secs += t0.elapsed().as_secs_f64();
        bytes += text.len();
        let (mut quotes, keys): (Vec<_>, Vec<_>) = keyed.into_iter().unzip();
        if oracle {
            quotes = polnear::oracle_quotes(text, &article.ann);
        }
        let scored = polnear::score_article(text, &article.ann, &quotes, &mut scores);
        if !oracle {
            let right =
                polnear::correct_predictions(&scored.golds, &scored.preds, &scored.all_pairs);
            for (p, ok) in scored.preds.iter().zip(right) {
                if p.quotes.iter().all(|&q| keys[q].starts_with("learned/")) {
                    learned.0 += 1;
                    learned.1 += usize::from(ok);
                }
            }
        }
        if let Some(out) = dump_out.as_mut() {
            use std::io::Write;
            let line = polnear::dump_json(&article.name, &scored);
            writeln!(out, "{line}").unwrap_or_else(|e| usage(&e.to_string()));
        }
        if verbose {
            report_article(
                &article.name,
                text,
                &scored.golds,
                &scored.preds,
                &scored.gold_quoted,
                &scored.quoted_pairs,
                &scored.all_pairs,
            );
        }
    }
    let articles = corpus.articles.len();
    if json {
        let mut v = scores.json(articles);
        v["learned_stage_alone"] = serde_json::json!({
            "predictions": learned.0,
            "e2e_right": learned.1,
            "precision": polnear::round2(polnear::prf(learned.1, learned.0, 1).0),
        });
        v["dir"] = dir.display().to_string().into();
        v["oracle"] = oracle.into();
        println!("{}", serde_json::to_string_pretty(&v).expect("JSON"));
        return;
    }

    println!(
        "PolNeAR {} ({articles} articles{}{})",
        dir.display(),
        if corpus.several_anns > 0 {
            format!(
                ", {} with several annotators: first file used",
                corpus.several_anns
            )
        } else {
            String::new()
        },
        if corpus.no_ann > 0 {
            format!(", {} texts without annotations skipped", corpus.no_ann)
        } else {
            String::new()
        },
    );
    if oracle {
        println!("ORACLE: gold attributions scored as predictions (a check of the scorer)");
    }
    let kinds = scores.kinds;
    println!(
        "pipeline quotes: {} (direct {}, mixed {}, indirect {})",
        kinds.iter().sum::<usize>(),
        kinds[0],
        kinds[1],
        kinds[2]
    );
    if scores.wordless > 0 {
        println!(
            "gold relations without a content word (unmatchable): {}",
            scores.wordless
        );
    }
    if corpus.warnings > 0 {
        println!("warnings: {} (see stderr)", corpus.warnings);
    }
    print_counts("quoted", &scores.quoted);
    print_counts("all", &scores.all);
    println!(
        "  learned stage alone: {} predictions, {} right end to end (precision {:.2})",
        learned.0,
        learned.1,
        polnear::prf(learned.1, learned.0, 1).0
    );
    print_spans(&scores);
    print_confidence(&scores);
    println!(
        "time: {:.3} s in the pipeline, {:.2} MB/s single-threaded ({bytes} bytes)",
        secs,
        if secs > 0.0 {
            bytes as f64 / secs / 1e6
        } else {
            0.0
        }
    );
}

fn usage(msg: &str) -> ! {
    eprintln!("error: {msg}");
    eprintln!("usage: eval_polnear [DIR] [--limit N] [--part heldout|fit] [--verbose] [--oracle] [--rules-only] [--attribution-model FILE] [--cue-words FILE] [--confidence-table FILE] [--o-penalty X] [--json] [--dump FILE]");
    std::process::exit(2)
}

fn print_counts(label: &str, c: &polnear::Counts) {
    println!();
    println!("[{label}] gold {}, predictions {}", c.gold, c.pred);
    let line = |name: &str, tp: usize| {
        let (p, r, f) = polnear::prf(tp, c.pred, c.gold);
        println!("  {name:<16} P {p:6.2}  R {r:6.2}  F1 {f:6.2}  ({tp} right)");
    };
    line("content exact", c.exact);
    line("content overlap", c.overlap);
    let acc = |name: &str, ok: usize| {
        println!(
            "  {name:<16} {:6.2}  ({ok}/{} matched)",
            100.0 * ok as f64 / c.overlap.max(1) as f64,
            c.overlap
        );
    };
    acc("cue accuracy", c.cue_ok);
    acc("source accuracy", c.src_ok);
    line("end-to-end", c.e2e);
}

fn print_spans(s: &Scores) {
    println!();
    println!("[per span] each type alone, as BBC Citron scores PARC 3.0 (token sets; overlap counts tokens)");
    println!("  span      exact P   R       F1      | token overlap P  R       F1      | gold / predicted spans");
    for (name, c) in ["source", "cue", "content"].iter().zip(&s.spans) {
        let (ep, er, ef) = c.exact();
        let (op, or, of) = c.overlap();
        println!(
            "  {name:<8}  {ep:6.2}  {er:6.2}  {ef:6.2}  |        {op:6.2}  {or:6.2}  {of:6.2}  | {} / {}",
            c.gold_spans, c.pred_spans
        );
    }
}

fn print_confidence(s: &Scores) {
    let c = &s.confidence;
    println!();
    println!("[confidence] all attributions, end-to-end");
    for (t, (n, right)) in polnear::THRESHOLDS.iter().zip(c.at) {
        let (p, r, f) = polnear::prf(right, n, s.all.gold);
        println!("  confidence >= {t:.1}: {n} predictions, P {p:6.2}  R {r:6.2}  F1 {f:6.2}");
    }
    println!("  reliability: bin           predictions  mean confidence  share right");
    for (b, &(n, sum, right)) in c.bins.iter().enumerate() {
        let (lo, hi) = (
            b as f64 / polnear::BINS as f64,
            (b + 1) as f64 / polnear::BINS as f64,
        );
        println!(
            "               [{lo:.1}, {hi:.1}{}  {n:>11}  {:>15.3}  {:>11.3}",
            if b + 1 == polnear::BINS { "]" } else { ")" },
            if n > 0 { sum / n as f64 } else { 0.0 },
            if n > 0 { right as f64 / n as f64 } else { 0.0 }
        );
    }
}

fn excerpt(text: &str, spans: &[Span]) -> String {
    let joined: Vec<&str> = spans.iter().map(|&s| polnear::slice(text, s)).collect();
    let flat: String = joined
        .join(" … ")
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if flat.chars().count() > 100 {
        let cut: String = flat.chars().take(100).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

fn report_article(
    name: &str,
    text: &str,
    golds: &[polnear::Gold],
    preds: &[Pred],
    gold_quoted: &[usize],
    quoted_pairs: &Pairs,
    all_pairs: &Pairs,
) {
    let mut lines = Vec::new();
    for &g in gold_quoted {
        let gold = &golds[g];
        match quoted_pairs.overlap.iter().find(|&&(mg, _)| mg == g) {
            None => lines.push(format!(
                "  missed   {:?}  source: {:?}",
                excerpt(text, &gold.content),
                excerpt(text, &gold.sources)
            )),
            Some(&(_, p)) if !polnear::source_right(gold, &preds[p]) => lines.push(format!(
                "  speaker  {:?}  gold: {:?}  predicted: {:?} ({})",
                excerpt(text, &gold.content),
                excerpt(text, &gold.sources),
                preds[p]
                    .speaker
                    .map_or(String::new(), |s| excerpt(text, &[s])),
                preds[p].speaker_name.as_deref().unwrap_or("-"),
            )),
            Some(_) => {}
        }
    }
    for (p, pred) in preds.iter().enumerate() {
        if all_pairs.overlap.iter().any(|&(_, mp)| mp == p) {
            continue;
        }
        let kinds: Vec<String> = pred.kinds.iter().map(|k| format!("{k:?}")).collect();
        lines.push(format!(
            "  false    [{}] {:?}  speaker: {:?} ({})",
            kinds.join("+").to_lowercase(),
            excerpt(text, &pred.content),
            pred.speaker.map_or(String::new(), |s| excerpt(text, &[s])),
            pred.speaker_name.as_deref().unwrap_or("-"),
        ));
    }
    if !lines.is_empty() {
        eprintln!("== {name}");
        for l in lines {
            eprintln!("{l}");
        }
    }
}
