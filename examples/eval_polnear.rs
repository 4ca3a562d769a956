//! Scores quote attribution against the PolNeAR attribution corpus.
//!
//! ```text
//! cargo run --release --example eval_polnear -- [DIR] [--limit N] [--verbose] [--oracle] [--rules-only] [--attribution-model FILE]
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
//!
//! `--verbose` lists, per article on stderr, missed quoted gold attributions, quoted ones with
//! the wrong speaker, and false predictions. `--oracle` checks the scorer itself: it replaces the
//! pipeline's output by the gold attributions (one quote per content fragment, first cue, first
//! source), which should score 100 on everything for all attributions.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use whosaid::quotes::{brat, RuleAttributor};
use whosaid::{Pipeline, QuoteKind, Span};

/// One gold attribution, in byte offsets.
struct Gold {
    content: Vec<Span>,
    cues: Vec<Span>,
    sources: Vec<Span>,
    tokens: Vec<usize>,
    quoted: bool,
}

/// One predicted attribution (quotes sharing a cue merged).
struct Pred {
    kinds: Vec<QuoteKind>,
    content: Vec<Span>,
    cue: Option<Span>,
    speaker: Option<Span>,
    speaker_name: Option<String>,
    tokens: Vec<usize>,
    quoted: bool,
}

/// Counts for one subset (quoted or all), summed over articles.
#[derive(Default, Clone, Copy)]
struct Counts {
    gold: usize,
    pred: usize,
    exact: usize,
    overlap: usize,
    cue_ok: usize,
    src_ok: usize,
    e2e: usize,
}

fn main() {
    let mut dir = None;
    let mut limit = usize::MAX;
    let mut verbose = false;
    let mut oracle = false;
    let mut rules_only = false;
    let mut model_file: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--verbose" | "-v" => verbose = true,
            "--oracle" => oracle = true,
            "--rules-only" => rules_only = true,
            "--attribution-model" => {
                model_file = Some(
                    args.next()
                        .map(PathBuf::from)
                        .unwrap_or_else(|| usage("--attribution-model needs a file")),
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
    let dir = dir.unwrap_or_else(|| {
        let data = std::env::var("WHOSAID_DATA").unwrap_or_else(|_| "../shared/data".into());
        PathBuf::from(data).join("polnear/dev")
    });
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    if !text_dir.is_dir() || !ann_dir.is_dir() {
        println!("skipping: PolNeAR not available at {}", dir.display());
        return;
    }

    let mut texts: Vec<PathBuf> = list(&text_dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    texts.sort();
    let mut anns: Vec<String> = list(&ann_dir)
        .into_iter()
        .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(String::from))
        .filter(|n| n.ends_with(".ann"))
        .collect();
    anns.sort();

    let attributor = if rules_only {
        RuleAttributor::rules_only()
    } else if let Some(f) = &model_file {
        let bytes = std::fs::read(f).unwrap_or_else(|e| usage(&format!("{}: {e}", f.display())));
        RuleAttributor::default()
            .with_learned_model(&bytes)
            .unwrap_or_else(|e| usage(&e.to_string()))
    } else {
        RuleAttributor::default()
    };
    let pipeline = Pipeline::builder()
        .attributor(attributor)
        .build()
        .unwrap_or_else(|e| usage(&e.to_string()));
    let mut quoted = Counts::default();
    let mut all = Counts::default();
    let mut kinds = [0usize; 3];
    let mut articles = 0usize;
    let mut several_anns = 0usize;
    let mut no_ann = 0usize;
    let mut warnings = 0usize;
    let mut wordless = 0usize;
    let mut bytes = 0usize;
    let mut secs = 0.0f64;

    for path in &texts {
        if articles >= limit {
            break;
        }
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let prefix = format!("{name}_");
        // NAME_XXXX.ann, where XXXX (the annotator) holds no further underscore.
        let mine: Vec<&String> = anns
            .iter()
            .filter(|a| {
                a.strip_prefix(&prefix)
                    .and_then(|r| r.strip_suffix(".ann"))
                    .is_some_and(|id| !id.is_empty() && !id.contains('_'))
            })
            .collect();
        let Some(ann_name) = mine.first() else {
            no_ann += 1;
            continue;
        };
        if mine.len() > 1 {
            several_anns += 1;
        }
        let text = match whosaid::read_text(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("warning: {e}");
                warnings += 1;
                continue;
            }
        };
        let ann_src = match whosaid::read_text(&ann_dir.join(ann_name)) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("warning: {e}");
                warnings += 1;
                continue;
            }
        };
        articles += 1;

        let ann = brat::parse(&text, &ann_src);
        let tokens = word_tokens(&text);
        let golds = gold_attributions(&text, &tokens, &ann);
        wordless += golds.iter().filter(|g| g.tokens.is_empty()).count();
        for w in &ann.warnings {
            eprintln!("warning: {ann_name}: {w}");
        }
        warnings += ann.warnings.len();

        let t0 = Instant::now();
        let mut analysis = pipeline.analyze(&text);
        secs += t0.elapsed().as_secs_f64();
        bytes += text.len();
        if oracle {
            analysis.quotes = oracle_quotes(&golds);
        }
        for q in &analysis.quotes {
            kinds[match q.kind {
                QuoteKind::Direct => 0,
                QuoteKind::Mixed => 1,
                _ => 2,
            }] += 1;
        }
        let preds = predicted_attributions(&text, &tokens, &analysis.quotes);

        let gq: Vec<usize> = (0..golds.len()).filter(|&i| golds[i].quoted).collect();
        let pq: Vec<usize> = (0..preds.len()).filter(|&i| preds[i].quoted).collect();
        let ga: Vec<usize> = (0..golds.len()).collect();
        let pa: Vec<usize> = (0..preds.len()).collect();
        let quoted_pairs = score(&golds, &preds, &gq, &pq, &mut quoted);
        let all_pairs = score(&golds, &preds, &ga, &pa, &mut all);

        if verbose {
            report_article(name, &text, &golds, &preds, &gq, &quoted_pairs, &all_pairs);
        }
    }

    println!(
        "PolNeAR {} ({articles} articles{}{})",
        dir.display(),
        if several_anns > 0 {
            format!(", {several_anns} with several annotators: first file used")
        } else {
            String::new()
        },
        if no_ann > 0 {
            format!(", {no_ann} texts without annotations skipped")
        } else {
            String::new()
        },
    );
    if oracle {
        println!("ORACLE: gold attributions scored as predictions (a check of the scorer)");
    }
    println!(
        "pipeline quotes: {} (direct {}, mixed {}, indirect {})",
        kinds.iter().sum::<usize>(),
        kinds[0],
        kinds[1],
        kinds[2]
    );
    if wordless > 0 {
        println!("gold relations without a content word (unmatchable): {wordless}");
    }
    if warnings > 0 {
        println!("warnings: {warnings} (see stderr)");
    }
    print_counts("quoted", &quoted);
    print_counts("all", &all);
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
    eprintln!("usage: eval_polnear [DIR] [--limit N] [--verbose] [--oracle] [--rules-only] [--attribution-model FILE]");
    std::process::exit(2)
}

fn list(dir: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!("error: cannot list {}: {e}", dir.display());
            std::process::exit(1)
        }
    }
}

/// Word tokens of the whole text as byte spans: maximal runs of alphanumeric chars or `_`.
fn word_tokens(text: &str) -> Vec<Span> {
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

fn touches(a: Span, bs: &[Span]) -> bool {
    bs.iter().any(|b| a.start < b.end && b.start < a.end)
}

fn slice(text: &str, s: Span) -> &str {
    text.get(s.start..s.end).unwrap_or("")
}

fn gold_attributions(text: &str, tokens: &[Span], ann: &brat::Annotations) -> Vec<Gold> {
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
fn predicted_attributions(text: &str, tokens: &[Span], quotes: &[whosaid::Quote]) -> Vec<Pred> {
    let mut preds: Vec<Pred> = Vec::new();
    let mut by_cue: HashMap<Span, usize> = HashMap::new();
    for q in quotes {
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
                });
                preds.len() - 1
            }
        };
        let p = &mut preds[idx];
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
fn oracle_quotes(golds: &[Gold]) -> Vec<whosaid::Quote> {
    let mut out = Vec::new();
    for g in golds {
        for &content in &g.content {
            let kind = if g.quoted {
                QuoteKind::Direct
            } else {
                QuoteKind::Indirect
            };
            let mut q = whosaid::Quote::new(kind, content);
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
struct Pairs {
    overlap: Vec<(usize, usize)>,
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

fn source_right(gold: &Gold, pred: &Pred) -> bool {
    match pred.speaker {
        Some(s) => touches(s, &gold.sources),
        None => gold.sources.is_empty(),
    }
}

fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = 100.0 * tp as f64 / pred.max(1) as f64;
    let r = 100.0 * tp as f64 / gold.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

fn print_counts(label: &str, c: &Counts) {
    println!();
    println!("[{label}] gold {}, predictions {}", c.gold, c.pred);
    let line = |name: &str, tp: usize| {
        let (p, r, f) = prf(tp, c.pred, c.gold);
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

fn excerpt(text: &str, spans: &[Span]) -> String {
    let joined: Vec<&str> = spans.iter().map(|&s| slice(text, s)).collect();
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
    golds: &[Gold],
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
            Some(&(_, p)) if !source_right(gold, &preds[p]) => lines.push(format!(
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
