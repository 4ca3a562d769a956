//! PolNeAR reading and the project's attribution scoring, shared by `eval_polnear`,
//! `train_attribution` and `reproduce` (each includes this file with `#[path]`).
//!
//! The protocol (see `/work/shared/EVALUATION.md` and `examples/eval_polnear.rs`): each `E`
//! relation is one gold attribution; predicted quotes sharing a cue are merged; contents are
//! sets of word tokens; matching is one-to-one, greedy by overlap ratio; end-to-end needs the
//! content matched and the source right. Counts are summed over articles (micro-averaged).
#![allow(dead_code)]

pub use super::score::prf;

use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use whosaid::quotes::brat;
use whosaid::{Pipeline, Quote, QuoteKind, Span};

/// `$WHOSAID_DATA/polnear/SPLIT` (`WHOSAID_DATA` defaults to `../shared/data`).
pub fn split_dir(split: &str) -> PathBuf {
    let data = std::env::var("WHOSAID_DATA").unwrap_or_else(|_| "../shared/data".into());
    PathBuf::from(data).join("polnear").join(split)
}

/// Whether the article at `index` (in name order) of PolNeAR train is in the held-out sixth
/// on which `reproduce` makes its choices (index mod 6 = 5), not in the part it fits on.
pub fn held_out(index: usize) -> bool {
    index % 6 == 5
}

/// One article with its first annotation file (in name order).
pub struct Article {
    pub name: String,
    pub ann_name: String,
    pub text: String,
    pub ann: brat::Annotations,
}

/// The articles of a split folder and what was skipped.
#[derive(Default)]
pub struct Corpus {
    pub articles: Vec<Article>,
    /// Texts with more than one annotation file (the first is used).
    pub several_anns: usize,
    /// Texts without an annotation file (skipped).
    pub no_ann: usize,
    /// Unreadable files and malformed annotation lines (reported on stderr).
    pub warnings: usize,
}

fn list(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    Ok(rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
}

/// Reads up to `limit` articles of `dir` (`text/NAME.txt` with `attributions/NAME_XXXX.ann`,
/// where `XXXX`, the annotator, holds no underscore), in name order. `None` when `dir` lacks
/// either folder.
pub fn load(dir: &Path, limit: usize) -> Option<Corpus> {
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    if !text_dir.is_dir() || !ann_dir.is_dir() {
        return None;
    }
    let fail = |e: String| -> ! {
        eprintln!("error: {e}");
        std::process::exit(1)
    };
    let mut texts: Vec<PathBuf> = list(&text_dir)
        .unwrap_or_else(|e| fail(e))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    texts.sort();
    let mut anns: Vec<String> = list(&ann_dir)
        .unwrap_or_else(|e| fail(e))
        .into_iter()
        .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(String::from))
        .filter(|n| n.ends_with(".ann"))
        .collect();
    anns.sort();
    let mut c = Corpus::default();
    for path in &texts {
        if c.articles.len() >= limit {
            break;
        }
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let prefix = format!("{name}_");
        let mine: Vec<&String> = anns
            .iter()
            .filter(|a| {
                a.strip_prefix(&prefix)
                    .and_then(|r| r.strip_suffix(".ann"))
                    .is_some_and(|id| !id.is_empty() && !id.contains('_'))
            })
            .collect();
        let Some(ann_name) = mine.first() else {
            c.no_ann += 1;
            continue;
        };
        if mine.len() > 1 {
            c.several_anns += 1;
        }
        let (text, ann_src) = match (
            whosaid::io::read_text(path),
            whosaid::io::read_text(&ann_dir.join(ann_name)),
        ) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("warning: {e}");
                c.warnings += 1;
                continue;
            }
        };
        let ann = brat::parse(&text, &ann_src);
        for w in &ann.warnings {
            eprintln!("warning: {ann_name}: {w}");
        }
        c.warnings += ann.warnings.len();
        c.articles.push(Article {
            name: name.to_string(),
            ann_name: ann_name.to_string(),
            text,
            ann,
        });
    }
    Some(c)
}

/// One gold attribution, in byte offsets.
pub struct Gold {
    pub content: Vec<Span>,
    pub cues: Vec<Span>,
    pub sources: Vec<Span>,
    pub tokens: Vec<usize>,
    pub quoted: bool,
}

/// One predicted attribution (quotes sharing a cue merged).
pub struct Pred {
    pub kinds: Vec<QuoteKind>,
    pub content: Vec<Span>,
    pub cue: Option<Span>,
    pub speaker: Option<Span>,
    pub speaker_name: Option<String>,
    pub tokens: Vec<usize>,
    pub quoted: bool,
    /// The quotes merged into it (indexes into the article's quotes).
    pub quotes: Vec<usize>,
    /// The highest confidence of those quotes.
    pub confidence: f32,
}

/// Counts for one subset (quoted or all), summed over articles.
#[derive(Default, Clone, Copy, Debug)]
pub struct Counts {
    pub gold: usize,
    pub pred: usize,
    pub exact: usize,
    pub overlap: usize,
    pub cue_ok: usize,
    pub src_ok: usize,
    pub e2e: usize,
}

impl Counts {
    /// End-to-end (P, R, F1), in percent.
    pub fn e2e(&self) -> (f64, f64, f64) {
        prf(self.e2e, self.pred, self.gold)
    }

    /// Content-overlap (P, R, F1), in percent.
    pub fn overlap(&self) -> (f64, f64, f64) {
        prf(self.overlap, self.pred, self.gold)
    }

    /// The counts and the end-to-end and content-overlap figures, rounded to 2 decimals.
    pub fn json(&self) -> Value {
        let (p, r, f) = self.e2e();
        let (op, or, of) = self.overlap();
        json!({
            "gold": self.gold,
            "predictions": self.pred,
            "e2e_right": self.e2e,
            "e2e": {"precision": round2(p), "recall": round2(r), "f1": round2(f)},
            "content_overlap": {"precision": round2(op), "recall": round2(or), "f1": round2(of)},
            "content_exact_right": self.exact,
            "cue_right": self.cue_ok,
            "source_right": self.src_ok,
        })
    }
}

/// `x` rounded to 2 decimals (as JSON prints it).
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Per-span counts for one span type (BBC Citron's measures): exact one-to-one matches of
/// token sets, and tokens of predicted and gold spans inside a span of the other side.
#[derive(Default, Clone, Copy, Debug)]
pub struct SpanCounts {
    pub gold_spans: usize,
    pub pred_spans: usize,
    pub exact: usize,
    pub gold_tokens: usize,
    pub pred_tokens: usize,
    /// Predicted tokens inside some gold span.
    pub pred_in_gold: usize,
    /// Gold tokens inside some predicted span.
    pub gold_in_pred: usize,
}

impl SpanCounts {
    /// Exact (P, R, F1) in percent.
    pub fn exact(&self) -> (f64, f64, f64) {
        prf(self.exact, self.pred_spans, self.gold_spans)
    }

    /// Token-overlap (P, R, F1) in percent.
    pub fn overlap(&self) -> (f64, f64, f64) {
        super::score::ratios(
            self.pred_in_gold,
            self.pred_tokens,
            self.gold_in_pred,
            self.gold_tokens,
        )
    }

    pub fn json(&self) -> Value {
        let (ep, er, ef) = self.exact();
        let (op, or, of) = self.overlap();
        json!({
            "exact": {"precision": round2(ep), "recall": round2(er), "f1": round2(ef)},
            "token_overlap": {"precision": round2(op), "recall": round2(or), "f1": round2(of)},
            "gold_spans": self.gold_spans,
            "predicted_spans": self.pred_spans,
        })
    }
}

/// Confidence bins of the reliability table: [0, 0.2), [0.2, 0.4), …, [0.8, 1].
pub const BINS: usize = 5;

/// Thresholds at which precision is reported.
pub const THRESHOLDS: [f32; 2] = [0.5, 0.8];

/// Predictions by confidence (all attributions, end-to-end).
#[derive(Default, Clone, Copy, Debug)]
pub struct Confidence {
    /// Per bin: predictions, sum of confidences, end-to-end right.
    pub bins: [(usize, f64, usize); BINS],
    /// Per threshold: predictions at or above it, and how many are right.
    pub at: [(usize, usize); 2],
}

impl Confidence {
    pub fn json(&self, gold: usize) -> Value {
        let at: Vec<Value> = THRESHOLDS
            .iter()
            .zip(self.at)
            .map(|(t, (n, right))| {
                let (p, r, f) = prf(right, n, gold);
                json!({"threshold": t, "predictions": n, "e2e_right": right,
                       "precision": round2(p), "recall": round2(r), "f1": round2(f)})
            })
            .collect();
        let bins: Vec<Value> = self
            .bins
            .iter()
            .enumerate()
            .map(|(b, &(n, sum, right))| {
                json!({"from": b as f64 / BINS as f64, "to": (b + 1) as f64 / BINS as f64,
                       "predictions": n,
                       "mean_confidence": round2(if n > 0 { sum / n as f64 } else { 0.0 }),
                       "share_right": round2(if n > 0 { right as f64 / n as f64 } else { 0.0 })})
            })
            .collect();
        json!({"at_threshold": at, "reliability": bins})
    }
}

/// Scores of a set of articles: the quoted subset, all attributions, quote kinds.
#[derive(Default, Clone, Copy, Debug)]
pub struct Scores {
    pub quoted: Counts,
    pub all: Counts,
    /// Pipeline quotes by kind: direct, mixed, indirect.
    pub kinds: [usize; 3],
    pub wordless: usize,
    /// Per-span scores: source, cue, content.
    pub spans: [SpanCounts; 3],
    pub confidence: Confidence,
}

impl Scores {
    pub fn json(&self, articles: usize) -> Value {
        json!({
            "articles": articles,
            "quoted": self.quoted.json(),
            "all": self.all.json(),
            "pipeline_quotes": {"direct": self.kinds[0], "mixed": self.kinds[1], "indirect": self.kinds[2]},
            "per_span": {
                "source": self.spans[0].json(),
                "cue": self.spans[1].json(),
                "content": self.spans[2].json(),
            },
            "confidence": self.confidence.json(self.all.gold),
        })
    }
}

/// One article's gold and predictions and the overlap-matched pairs of each subset.
pub struct Scored {
    pub golds: Vec<Gold>,
    pub preds: Vec<Pred>,
    pub gold_quoted: Vec<usize>,
    pub quoted_pairs: Pairs,
    pub all_pairs: Pairs,
}

/// Scores one article's `quotes` against its annotations and adds to `s`.
pub fn score_article(
    text: &str,
    ann: &brat::Annotations,
    quotes: &[Quote],
    s: &mut Scores,
) -> Scored {
    let tokens = word_tokens(text);
    let golds = gold_attributions(text, &tokens, ann);
    s.wordless += golds.iter().filter(|g| g.tokens.is_empty()).count();
    for q in quotes {
        s.kinds[match q.kind {
            QuoteKind::Direct => 0,
            QuoteKind::Mixed => 1,
            _ => 2,
        }] += 1;
    }
    let preds = predicted_attributions(text, &tokens, quotes);
    let gq: Vec<usize> = (0..golds.len()).filter(|&i| golds[i].quoted).collect();
    let pq: Vec<usize> = (0..preds.len()).filter(|&i| preds[i].quoted).collect();
    let ga: Vec<usize> = (0..golds.len()).collect();
    let pa: Vec<usize> = (0..preds.len()).collect();
    let quoted_pairs = score(&golds, &preds, &gq, &pq, &mut s.quoted);
    let all_pairs = score(&golds, &preds, &ga, &pa, &mut s.all);
    // Per-span scores: sources, cues, contents, each as token sets.
    let gold_sets = |f: &dyn Fn(&Gold) -> &Vec<Span>| -> Vec<Vec<usize>> {
        golds
            .iter()
            .map(|g| token_set(&tokens, f(g)))
            .filter(|t| !t.is_empty())
            .collect()
    };
    let pred_sets = |f: &dyn Fn(&Pred) -> Vec<Span>| -> Vec<Vec<usize>> {
        preds
            .iter()
            .map(|p| token_set(&tokens, &f(p)))
            .filter(|t| !t.is_empty())
            .collect()
    };
    let sides = [
        (
            gold_sets(&|g| &g.sources),
            pred_sets(&|p| p.speaker.into_iter().collect()),
        ),
        (
            gold_sets(&|g| &g.cues),
            pred_sets(&|p| p.cue.into_iter().collect()),
        ),
        (
            gold_sets(&|g| &g.content),
            pred_sets(&|p| p.content.clone()),
        ),
    ];
    for (c, (g, p)) in s.spans.iter_mut().zip(sides) {
        span_scores(&g, &p, c);
    }
    // Confidence: each prediction, right when its overlap match has the right source.
    let right = correct_predictions(&golds, &preds, &all_pairs);
    for (p, ok) in preds.iter().zip(&right) {
        let b = ((p.confidence * BINS as f32) as usize).min(BINS - 1);
        s.confidence.bins[b].0 += 1;
        s.confidence.bins[b].1 += f64::from(p.confidence);
        s.confidence.bins[b].2 += usize::from(*ok);
        for (t, at) in THRESHOLDS.iter().zip(s.confidence.at.iter_mut()) {
            if p.confidence >= *t {
                at.0 += 1;
                at.1 += usize::from(*ok);
            }
        }
    }
    Scored {
        golds,
        preds,
        gold_quoted: gq,
        quoted_pairs,
        all_pairs,
    }
}

/// Whether each prediction is right end to end: overlap-matched (all attributions) with
/// the right source.
pub fn correct_predictions(golds: &[Gold], preds: &[Pred], pairs: &Pairs) -> Vec<bool> {
    let mut right = vec![false; preds.len()];
    for &(g, p) in &pairs.overlap {
        right[p] = source_right(&golds[g], &preds[p]);
    }
    right
}

/// Adds one article's per-span counts: `gold` and `pred` are token sets, one per span.
fn span_scores(gold: &[Vec<usize>], pred: &[Vec<usize>], c: &mut SpanCounts) {
    c.gold_spans += gold.len();
    c.pred_spans += pred.len();
    let mut used = vec![false; pred.len()];
    for g in gold {
        if let Some(k) = (0..pred.len()).find(|&k| !used[k] && pred[k] == *g) {
            used[k] = true;
            c.exact += 1;
        }
    }
    let union = |sets: &[Vec<usize>]| -> Vec<usize> {
        let mut u: Vec<usize> = sets.iter().flatten().copied().collect();
        u.sort_unstable();
        u.dedup();
        u
    };
    let (gu, pu) = (union(gold), union(pred));
    c.gold_tokens += gu.len();
    c.pred_tokens += pu.len();
    let inter = intersection(&gu, &pu);
    c.pred_in_gold += inter;
    c.gold_in_pred += inter;
}

/// Runs `pipeline` over `articles` (in parallel, see [`Pipeline::analyze_batch`]) and scores
/// them.
pub fn evaluate(pipeline: &Pipeline, articles: &[&Article]) -> Scores {
    let texts: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
    let analyses = pipeline.analyze_batch(&texts);
    let mut s = Scores::default();
    for (a, analysis) in articles.iter().zip(&analyses) {
        score_article(&a.text, &a.ann, &analysis.quotes, &mut s);
    }
    s
}

/// Word tokens of the whole text as byte spans: maximal runs of alphanumeric chars or `_`.
pub fn word_tokens(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Span::new(s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s, text.len()));
    }
    out
}

/// Start bytes of the tokens sharing a byte with any of `spans`, sorted and deduplicated.
fn token_set(tokens: &[Span], spans: &[Span]) -> Vec<usize> {
    let mut out = Vec::new();
    for s in spans {
        let first = tokens.partition_point(|t| t.end <= s.start);
        out.extend(
            tokens[first..]
                .iter()
                .take_while(|t| t.start < s.end)
                .map(|t| t.start),
        );
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn intersection(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn has_quote_mark(s: &str) -> bool {
    s.contains(['“', '”', '"']) || s.contains("''")
}

/// Whether `a` shares a byte with one of `bs`.
pub fn touches(a: Span, bs: &[Span]) -> bool {
    bs.iter().any(|b| a.start < b.end && b.start < a.end)
}

/// `text[s]`, or "" when `s` does not slice it.
pub fn slice(text: &str, s: Span) -> &str {
    text.get(s.start..s.end).unwrap_or("")
}

pub fn gold_attributions(text: &str, tokens: &[Span], ann: &brat::Annotations) -> Vec<Gold> {
    ann.attributions
        .iter()
        .map(|rel| {
            // Join fragments with a separator so that `'` + `'` across fragments is no `''`.
            let joined: Vec<&str> = rel.content.iter().map(|&s| slice(text, s)).collect();
            Gold {
                tokens: token_set(tokens, &rel.content),
                content: rel.content.clone(),
                cues: rel.cues.clone(),
                sources: rel.sources.clone(),
                quoted: has_quote_mark(&joined.join("\n")),
            }
        })
        .collect()
}

/// Groups quotes sharing a cue span into one attribution; quotes without a cue stay alone.
pub fn predicted_attributions(text: &str, tokens: &[Span], quotes: &[Quote]) -> Vec<Pred> {
    let mut preds: Vec<Pred> = Vec::new();
    let mut by_cue: HashMap<Span, usize> = HashMap::new();
    for (qi, q) in quotes.iter().enumerate() {
        let idx = match q.cue.and_then(|c| by_cue.get(&c).copied()) {
            Some(i) => i,
            None => {
                if let Some(c) = q.cue {
                    by_cue.insert(c, preds.len());
                }
                preds.push(Pred {
                    kinds: Vec::new(),
                    content: Vec::new(),
                    cue: q.cue,
                    speaker: None,
                    speaker_name: None,
                    tokens: Vec::new(),
                    quoted: false,
                    quotes: Vec::new(),
                    confidence: 0.0,
                });
                preds.len() - 1
            }
        };
        let p = &mut preds[idx];
        p.quotes.push(qi);
        p.confidence = p.confidence.max(q.confidence);
        p.kinds.push(q.kind);
        p.content.push(q.content);
        if p.speaker.is_none() {
            p.speaker = q.speaker;
        }
        if p.speaker_name.is_none() {
            p.speaker_name.clone_from(&q.speaker_name);
        }
    }
    for p in &mut preds {
        p.tokens = token_set(tokens, &p.content);
        p.quoted = p
            .content
            .iter()
            .any(|&s| has_quote_mark(slice(text, widen(text, s))));
    }
    preds
}

/// The gold attributions as pipeline output: one quote per content fragment.
pub fn oracle_quotes(text: &str, ann: &brat::Annotations) -> Vec<Quote> {
    let golds = gold_attributions(text, &word_tokens(text), ann);
    let mut out = Vec::new();
    for g in &golds {
        for &content in &g.content {
            let kind = if g.quoted {
                QuoteKind::Direct
            } else {
                QuoteKind::Indirect
            };
            let mut q = Quote::new(kind, content);
            q.cue = g.cues.first().copied();
            q.speaker = g.sources.first().copied();
            out.push(q);
        }
    }
    out
}

/// The span grown by one character on each side (within the text).
fn widen(text: &str, s: Span) -> Span {
    let start = s.start.min(text.len());
    let end = s.end.min(text.len()).max(start);
    let start = text[..start]
        .char_indices()
        .next_back()
        .map_or(start, |(i, _)| i);
    let end = text[end..]
        .chars()
        .next()
        .map_or(end, |c| end + c.len_utf8());
    Span::new(start, end)
}

/// The overlap-matched pairs `(gold, pred)` of one subset.
pub struct Pairs {
    pub overlap: Vec<(usize, usize)>,
}

/// Matches the gold attributions `gi` with the predictions `pi` and adds to `c`.
fn score(golds: &[Gold], preds: &[Pred], gi: &[usize], pi: &[usize], c: &mut Counts) -> Pairs {
    c.gold += gi.len();
    c.pred += pi.len();

    // Exact: identical non-empty token sets, one-to-one.
    let mut used = vec![false; preds.len()];
    for &g in gi {
        let gt = &golds[g].tokens;
        if gt.is_empty() {
            continue;
        }
        if let Some(&p) = pi.iter().find(|&&p| !used[p] && preds[p].tokens == *gt) {
            used[p] = true;
            c.exact += 1;
        }
    }

    // Overlap: pairs covering at least half the gold tokens, best ratio first.
    // (inter, |gold|, |pred|, g, p); ratios compared by cross-multiplication.
    let mut cands: Vec<(usize, usize, usize, usize, usize)> = Vec::new();
    for &g in gi {
        let gt = &golds[g].tokens;
        for &p in pi {
            let pt = &preds[p].tokens;
            if gt.is_empty() || pt.is_empty() {
                continue;
            }
            let inter = intersection(gt, pt);
            if inter > 0 && 2 * inter >= gt.len() {
                cands.push((inter, gt.len(), pt.len(), g, p));
            }
        }
    }
    cands.sort_by(|a, b| {
        (b.0 * a.1)
            .cmp(&(a.0 * b.1))
            .then((b.0 * a.2).cmp(&(a.0 * b.2)))
            .then((a.3, a.4).cmp(&(b.3, b.4)))
    });
    let mut gold_used = vec![false; golds.len()];
    let mut pred_used = vec![false; preds.len()];
    let mut overlap = Vec::new();
    for &(_, _, _, g, p) in &cands {
        if gold_used[g] || pred_used[p] {
            continue;
        }
        gold_used[g] = true;
        pred_used[p] = true;
        overlap.push((g, p));
        c.overlap += 1;
        let (gold, pred) = (&golds[g], &preds[p]);
        if pred.cue.is_some_and(|s| touches(s, &gold.cues)) {
            c.cue_ok += 1;
        }
        if source_right(gold, pred) {
            c.src_ok += 1;
            c.e2e += 1;
        }
    }
    Pairs { overlap }
}

/// Whether the predicted speaker touches a gold source (or both are absent).
pub fn source_right(gold: &Gold, pred: &Pred) -> bool {
    match pred.speaker {
        Some(s) => touches(s, &gold.sources),
        None => gold.sources.is_empty(),
    }
}

/// One article's gold and predicted attributions and their overlap matches, as one JSON line
/// (byte offsets into the article's text).
pub fn dump_json(name: &str, s: &Scored) -> String {
    let spans = |v: &[Span]| -> Value { v.iter().map(|s| json!([s.start, s.end])).collect() };
    let one = |s: Option<Span>| -> Value { s.map_or(Value::Null, |s| json!([s.start, s.end])) };
    let golds: Vec<Value> = s
        .golds
        .iter()
        .map(|g| {
            json!({"content": spans(&g.content), "cues": spans(&g.cues),
                   "sources": spans(&g.sources), "quoted": g.quoted})
        })
        .collect();
    let preds: Vec<Value> = s
        .preds
        .iter()
        .map(|p| {
            json!({"content": spans(&p.content), "cue": one(p.cue), "speaker": one(p.speaker),
                   "kinds": p.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                   "name": p.speaker_name, "quoted": p.quoted})
        })
        .collect();
    json!({
        "name": name,
        "golds": golds,
        "preds": preds,
        "all_pairs": s.all_pairs.overlap,
        "quoted_pairs": s.quoted_pairs.overlap,
    })
    .to_string()
}
