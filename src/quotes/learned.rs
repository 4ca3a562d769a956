//! The learned attribution stage: a greedy averaged perceptron that labels each token of a
//! paragraph as part of a source, a cue, a content or nothing (BIO), trained on the PolNeAR
//! train split by `examples/train_attribution.rs`.
//!
//! It sees what the rules see — words around the token, quotation state, entity mentions,
//! the reporting-cue lexicons, the distance to the nearest cue — and, stacked on top, what the
//! rules decided for the token. It runs after the rules and only adds attributions whose
//! content the rules left alone, so it widens recall to the long tail of cues ("backing",
//! "calls for", "wants") without overriding what the rules got right.

use super::candidate::{Attr, Candidate, Pattern};
use super::headline::is_headline_speaker;
use super::view::View;
use crate::entities::features::{hash_bytes, hash_parts};
use crate::linear::{Averager, LinearModel};
#[cfg(feature = "training")]
use crate::quotes::brat::Attribution;
use crate::words::{AUX, DETERMINERS, PASSIVE, PREPOSITIONS};
use crate::{EntityKind, QuoteKind, Result};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

const MAGIC: &[u8; 8] = b"WSATTRPR";
const BUILTIN: &[u8] = include_bytes!("../../models/attribution-perceptron.bin");

/// Labels: O, B/I-source, B/I-cue, B/I-content.
pub(crate) const LABELS: usize = 7;
const O: usize = 0;
const SRC: usize = 1;
const CUE: usize = 3;
const CONT: usize = 5;

fn role(l: usize) -> Option<usize> {
    (l != O).then(|| (l - 1) / 2 * 2 + 1)
}

fn is_inside(l: usize) -> bool {
    l != O && (l - 1) % 2 == 1
}

fn allowed(prev: usize, l: usize) -> bool {
    !is_inside(l) || (prev != O && role(prev) == role(l))
}

/// The embedded model, parsed once per process through the same checked path as any file;
/// a corrupt embedded model is an error, never a silently disabled stage.
pub(super) fn builtin() -> Result<Arc<LinearModel>> {
    static M: OnceLock<std::result::Result<Arc<LinearModel>, String>> = OnceLock::new();
    match M.get_or_init(|| load(BUILTIN).map(Arc::new).map_err(|e| e.to_string())) {
        Ok(m) => Ok(m.clone()),
        Err(reason) => Err(crate::Error::Model {
            what: "built-in attribution perceptron".into(),
            reason: reason.clone(),
        }),
    }
}

/// Loads a model file's bytes.
pub(crate) fn load(bytes: &[u8]) -> Result<LinearModel> {
    LinearModel::from_bytes(bytes, MAGIC, LABELS, "attribution perceptron")
}

/// What the rules decided for each token: 0 nothing, 1 content, 2 cue, 3 speaker.
fn rule_tags(view: &View<'_>, quotes: &[Candidate]) -> Vec<u8> {
    let toks = &view.doc.seg.tokens;
    let mut tags = vec![0u8; toks.len()];
    let mut mark = |span: crate::Span, tag: u8| {
        let first = toks.partition_point(|t| t.end <= span.start);
        for (k, t) in toks.iter().enumerate().skip(first) {
            if t.start >= span.end {
                break;
            }
            tags[k] = tag;
        }
    };
    for q in quotes {
        mark(q.content, 1);
        if let Some(c) = &q.attr.cue {
            mark(view.span(c), 2);
        }
        if let Some(s) = &q.attr.speaker {
            mark(view.span(s), 3);
        }
    }
    tags
}

fn bucket(d: usize) -> u64 {
    match d {
        0 => 0,
        1 => 1,
        2 => 2,
        3..=5 => 3,
        6..=10 => 4,
        11..=20 => 5,
        _ => 6,
    }
}

/// Static features of every token in the document.
/// Static features of every token, in one buffer: token `i`'s are
/// `data[offsets[i]..offsets[i + 1]]`.
struct Features {
    data: Vec<u64>,
    offsets: Vec<usize>,
}

impl std::ops::Index<usize> for Features {
    type Output = [u64];
    fn index(&self, i: usize) -> &[u64] {
        &self.data[self.offsets[i]..self.offsets[i + 1]]
    }
}

fn features(view: &View<'_>, tags: &[u8]) -> Features {
    let n = view.n();
    let lh: Vec<u64> = (0..n)
        .map(|i| hash_bytes(1, view.lower(i).as_bytes()))
        .collect();
    let cue: Vec<bool> = (0..n)
        .map(|i| view.is_cue(i) || view.is_according(i))
        .collect();
    let loose: Vec<bool> = (0..n).map(|i| view.is_loose_cue(i)).collect();
    // Distance to the nearest cue on each side within the sentence.
    let mut left = vec![usize::MAX; n];
    let mut right = vec![usize::MAX; n];
    let mut left_w = vec![0u64; n];
    let mut right_w = vec![0u64; n];
    for i in 0..n {
        let s = view.sent_range(i);
        if i > s.start && left[i - 1] != usize::MAX {
            left[i] = left[i - 1] + 1;
            left_w[i] = left_w[i - 1];
        }
        if i > s.start && cue[i - 1] {
            left[i] = 1;
            left_w[i] = lh[i - 1];
        }
    }
    for i in (0..n).rev() {
        let s = view.sent_range(i);
        if i + 1 < s.end && right[i + 1] != usize::MAX {
            right[i] = right[i + 1] + 1;
            right_w[i] = right_w[i + 1];
        }
        if i + 1 < s.end && cue[i + 1] {
            right[i] = 1;
            right_w[i] = lh[i + 1];
        }
    }
    let ent_kind = |i: usize| -> u64 {
        view.tok_entity[i].map_or(0, |e| match view.doc.entities[e].kind {
            EntityKind::Person => 1,
            EntityKind::Organization => 2,
            EntityKind::Country | EntityKind::Nationality => 3,
            _ => 4,
        })
    };
    let shape = |i: usize| -> u64 {
        let t = view.tok(i);
        let first = t.chars().next().unwrap_or(' ');
        let s: u64 = if first.is_uppercase() {
            1
        } else if first.is_lowercase() {
            2
        } else if first.is_numeric() {
            3
        } else {
            4 + (first as u64 % 64)
        };
        s
    };
    const NONE: u64 = 0x5151;
    let lw = |k: isize, i: usize, s: &Range<usize>| -> u64 {
        let j = i as isize + k;
        if j < s.start as isize || j >= s.end as isize {
            NONE.wrapping_add(k as u64)
        } else {
            lh[j as usize]
        }
    };
    let mut out = Features {
        data: Vec::with_capacity(n * 36),
        offsets: Vec::with_capacity(n + 1),
    };
    out.offsets.push(0);
    for i in 0..n {
        {
            let s = view.sent_range(i);
            let f = &mut out.data;
            let qi = u64::from(view.in_quote[i]);
            let tag = u64::from(tags[i]);
            let dl = bucket(left[i]);
            let dr = bucket(right[i]);
            f.push(hash_parts(200, 0, 0));
            f.push(hash_parts(201, lh[i], 0));
            for k in [-2isize, -1, 1, 2] {
                f.push(hash_parts(202 + (k + 2) as u64, lw(k, i, &s), 0));
            }
            f.push(hash_parts(208, lw(-1, i, &s), lh[i]));
            f.push(hash_parts(209, lh[i], lw(1, i, &s)));
            f.push(hash_parts(210, shape(i), qi));
            let lower = view.lower(i);
            let suf = lower.char_indices().rev().nth(2).map_or(0, |(b, _)| b);
            f.push(hash_bytes(211, &lower.as_bytes()[suf..]));
            f.push(hash_parts(212, qi, tag));
            f.push(hash_parts(213, tag, dl * 8 + dr));
            f.push(hash_parts(214, dl, dr));
            f.push(hash_parts(215, dl * 8 + dr, qi));
            f.push(hash_parts(216, ent_kind(i), qi));
            f.push(hash_parts(217, ent_kind(i), dl * 8 + dr));
            f.push(hash_parts(218, u64::from(cue[i]), u64::from(loose[i])));
            f.push(hash_parts(219, u64::from(view.is_pronoun(i)), dl * 8 + dr));
            f.push(hash_parts(
                220,
                u64::from(i == s.start),
                u64::from(i + 1 == s.end),
            ));
            for k in [-1isize, 1] {
                let j = i as isize + k;
                if j >= s.start as isize && j < s.end as isize {
                    let j = j as usize;
                    f.push(hash_parts(
                        221 + (k + 1) as u64,
                        u64::from(cue[j]),
                        u64::from(tags[j]),
                    ));
                    f.push(hash_parts(
                        224 + (k + 1) as u64,
                        ent_kind(j),
                        u64::from(view.in_quote[j]),
                    ));
                }
            }
            f.push(hash_parts(227, tag, lh[i]));
            f.push(hash_parts(229, left_w[i], dl));
            f.push(hash_parts(230, right_w[i], dr));
            f.push(hash_parts(231, left_w[i], qi));
            f.push(hash_parts(
                232,
                right_w[i],
                u64::from(view.is_pronoun(i)) + 2 * ent_kind(i),
            ));
            for k in [-3isize, 3] {
                f.push(hash_parts(233 + (k + 3) as u64, lw(k, i, &s), 0));
            }
            f.push(hash_parts(
                228,
                u64::from(view.tok_para[i] != view.tok_para[i.saturating_sub(1)] || i == 0),
                qi,
            ));
        }
        out.offsets.push(out.data.len());
    }
    out
}

/// Greedy decoding over one paragraph (`range`), optionally learning from `gold`.
fn decode(
    model: &LinearModel,
    feats: &Features,
    tags: &[u8],
    range: Range<usize>,
    labels: &mut [usize],
    mut margins: Option<&mut [f32]>,
    mut train: Option<(&[usize], &mut Averager)>,
) {
    let mut scores = [0f32; LABELS];
    for i in range.clone() {
        let p1 = if i > range.start { labels[i - 1] } else { 99 };
        let p2 = if i > range.start + 1 {
            labels[i - 2]
        } else {
            99
        };
        let dynf = [
            hash_parts(240, p1 as u64, 0),
            hash_parts(241, p1 as u64, p2 as u64),
            hash_parts(242, p1 as u64, u64::from(tags[i])),
            hash_parts(243, p1 as u64, feats[i][1]),
        ];
        scores.fill(0.0);
        model.score(&feats[i], &mut scores);
        model.score(&dynf, &mut scores);
        if train.is_none() {
            scores[O] -= PENALTY.with(std::cell::Cell::get);
        }
        let prev = if i > range.start { labels[i - 1] } else { O };
        let mut best = O;
        let mut best_score = f32::NEG_INFINITY;
        for (l, &sc) in scores.iter().enumerate() {
            if allowed(prev, l) && sc > best_score {
                best = l;
                best_score = sc;
            }
        }
        if let Some((gold, avg)) = train.as_mut() {
            let g = gold[i];
            if g != best {
                avg.update(model, feats[i].iter().chain(dynf.iter()), g, best);
            }
            if allowed(prev, g) {
                best = g;
            }
        }
        if let Some(m) = margins.as_mut() {
            m[i] = best_score - scores[O];
        }
        labels[i] = best;
    }
}

/// The tuned decoding settings, generated by `cargo run --release --features training --example reproduce`.
const TUNING: &str = include_str!("../../models/attribution-tuning.tsv");

/// Subtracted from the "outside" score when decoding: trades precision for recall. Chosen by
/// `examples/reproduce.rs` over a grid, training on five sixths of the PolNeAR train split and
/// scoring the held-out sixth (see `models/attribution-tuning.tsv`); read at compile time.
const O_PENALTY: f32 = tuned_value(TUNING, b"o_penalty") as f32;

/// The non-negative integer on the line `KEY<TAB>VALUE` of a tuning file; a missing or
/// malformed line fails the build.
const fn tuned_value(tsv: &str, key: &[u8]) -> u32 {
    let b = tsv.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let mut k = 0;
        while k < key.len() && i + k < b.len() && b[i + k] == key[k] {
            k += 1;
        }
        if k == key.len() && i + k < b.len() && b[i + k] == b'\t' {
            let mut j = i + k + 1;
            let mut v = 0u32;
            while j < b.len() && b[j].is_ascii_digit() {
                v = v * 10 + (b[j] - b'0') as u32;
                j += 1;
            }
            assert!(
                j > i + k + 1 && (j == b.len() || b[j] == b'\n'),
                "malformed value in models/attribution-tuning.tsv"
            );
            return v;
        }
        while i < b.len() && b[i] != b'\n' {
            i += 1;
        }
        i += 1;
    }
    panic!("models/attribution-tuning.tsv lacks a key")
}

thread_local! {
    /// The penalty in force on this thread (see [`with_o_penalty`]).
    static PENALTY: std::cell::Cell<f32> = const { std::cell::Cell::new(O_PENALTY) };
}

/// Runs `f` with `penalty` (or the tuned one, for `None`) as this thread's O penalty; used by
/// `RuleAttributor::with_o_penalty` so that the tuning run can score other values.
pub(super) fn with_o_penalty<R>(penalty: Option<f32>, f: impl FnOnce() -> R) -> R {
    struct Restore(f32);
    impl Drop for Restore {
        fn drop(&mut self) {
            PENALTY.with(|p| p.set(self.0));
        }
    }
    let _restore = Restore(PENALTY.with(|p| p.replace(penalty.unwrap_or(O_PENALTY))));
    f()
}

fn spans_of(labels: &[usize], range: Range<usize>, r: usize) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for i in range {
        let l = labels[i];
        if l != O && role(l) == Some(r) {
            if is_inside(l) && out.last().is_some_and(|s| s.end == i) {
                if let Some(last) = out.last_mut() {
                    last.end = i + 1;
                }
            } else {
                out.push(i..i + 1);
            }
        }
    }
    out
}

fn gap(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Index of the range nearest to `target` (by [`gap`]) among sorted, disjoint `ranges`; the
/// first one on a tie, as a linear scan with `min_by_key` would choose. `O(log n)`.
fn nearest(ranges: &[Range<usize>], target: &Range<usize>) -> Option<usize> {
    // Ranges before `lo` end at or before the target's start; their gap shrinks as the index
    // grows. From `lo` on, the gap is 0 (overlap) and then grows. So the minimum is at
    // `lo - 1` or `lo`.
    let lo = ranges.partition_point(|r| r.end <= target.start);
    let before = lo.checked_sub(1);
    let at = (lo < ranges.len()).then_some(lo);
    match (before, at) {
        (Some(b), Some(a)) => Some(if gap(&ranges[b], target) <= gap(&ranges[a], target) {
            b
        } else {
            a
        }),
        (b, a) => b.or(a),
    }
}

/// Answers "does any of these spans overlap this one?" in `O(log n)`: spans sorted by start,
/// with the running maximum of their ends.
pub(super) struct SpanIndex {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl SpanIndex {
    pub(super) fn new(spans: impl Iterator<Item = crate::Span>) -> Self {
        let mut v: Vec<crate::Span> = spans.collect();
        v.sort_unstable_by_key(|s| s.start);
        let mut max_end = Vec::with_capacity(v.len());
        let mut m = 0;
        for s in &v {
            m = m.max(s.end);
            max_end.push(m);
        }
        SpanIndex {
            starts: v.iter().map(|s| s.start).collect(),
            max_end,
        }
    }

    /// True when some span shares a byte with `span` (as [`crate::Span::overlaps`]).
    pub(super) fn overlaps_any(&self, span: crate::Span) -> bool {
        // Spans starting before `span.end`; one of them overlaps iff its end passes
        // `span.start`.
        let k = self.starts.partition_point(|&s| s < span.end);
        k > 0 && self.max_end[k - 1] > span.start
    }
}

/// Attributions the learned tagger adds to the rules' `found` quotes.
pub(super) fn attributions(
    model: &LinearModel,
    view: &View<'_>,
    found: &[Candidate],
) -> Vec<Candidate> {
    let tags = rule_tags(view, found);
    let rule_contents = SpanIndex::new(found.iter().map(|q| q.content));
    let feats = features(view, &tags);
    let mut labels = vec![O; view.n()];
    let mut margins = vec![0f32; view.n()];
    let mut out = Vec::new();
    for para in view.paragraphs() {
        decode(
            model,
            &feats,
            &tags,
            para.clone(),
            &mut labels,
            Some(&mut margins),
            None,
        );
        let cues = spans_of(&labels, para.clone(), CUE);
        if cues.is_empty() {
            continue;
        }
        let sources = spans_of(&labels, para.clone(), SRC);
        let contents = spans_of(&labels, para.clone(), CONT);
        // Each content goes to its nearest cue (the first one on a tie): one binary search
        // per content, so a paragraph costs O(n log n) whatever its number of cues.
        let mut owned: Vec<Vec<&Range<usize>>> = vec![Vec::new(); cues.len()];
        for c in &contents {
            if let Some(ci) = nearest(&cues, c) {
                owned[ci].push(c);
            }
        }
        for (ci, cue) in cues.iter().enumerate() {
            let mine = &owned[ci];
            let Some(first) = mine.first() else { continue };
            let content = first.start..mine.iter().map(|c| c.end).max().unwrap_or(first.end);
            if view.words_in(&content) < 4 {
                continue;
            }
            let cspan = view.span(&content);
            if rule_contents.overlaps_any(cspan) {
                continue;
            }
            // The nearest source inside the cue's sentence: sources are sorted and disjoint,
            // so those of the sentence are one slice of them.
            let sent = view.sent_range(cue.start);
            let lo = sources.partition_point(|s| s.start < sent.start);
            let hi = lo + sources[lo..].partition_point(|s| s.end <= sent.end);
            let speaker = nearest(&sources[lo..hi], cue).map(|k| sources[lo + k].clone());
            let quoted = content.clone().any(|i| view.in_quote[i]);
            // Quoted words framed by a one-word cue that is as often a noun ("island state")
            // are a scare quote, not speech.
            let weak_cue =
                cue.len() == 1 && !(view.is_cue(cue.start) || view.is_according(cue.start));
            if quoted && weak_cue {
                continue;
            }
            // A cue of words must hold one that is a cue often enough (the vocabulary of
            // cue words): `has followed the growth of the fleet` is no attribution.
            // Auxiliaries ("has", "was"), in many cues, tell nothing.
            let words = cue.clone().filter(|&i| view.is_word(i));
            let telling = words.clone().filter(|&i| {
                let w = view.lower(i);
                !AUX.contains(&w)
                    && !PASSIVE.contains(&w)
                    && !DETERMINERS.contains(&w)
                    && !PREPOSITIONS.contains(&w)
            });
            if words.clone().next().is_some() && !telling.clone().any(|i| view.in_cue_vocabulary(i))
            {
                continue;
            }
            // A colon cue is a headline's: the words before it must name someone.
            if view.tok(cue.start) == ":"
                && !speaker
                    .as_ref()
                    .is_some_and(|sp| is_headline_speaker(view, sp))
            {
                continue;
            }
            let kind = if quoted {
                QuoteKind::Mixed
            } else {
                QuoteKind::Indirect
            };
            let attr = Attr {
                cue: Some(cue.clone()),
                speaker,
                pattern: Pattern::Learned,
            };
            // How sure the tagger was of its cue: the mean margin of the cue's labels over
            // "outside".
            let margin = margins[cue.clone()].iter().sum::<f32>() / cue.len() as f32;
            let mut c = Candidate::new(kind, cspan, attr);
            c.margin = margin;
            out.push(c);
        }
    }
    out
}

#[cfg(feature = "training")]
/// Gold BIO labels of a document's tokens.
fn gold_labels(view: &View<'_>, gold: &[Attribution]) -> Vec<usize> {
    let toks = &view.doc.seg.tokens;
    let mut labels = vec![O; toks.len()];
    let mut owner = vec![usize::MAX; toks.len()];
    for (ai, a) in gold.iter().enumerate() {
        for (r, spans) in [(CONT, &a.content), (CUE, &a.cues), (SRC, &a.sources)] {
            for sp in spans.iter() {
                let first = toks.partition_point(|t| t.end <= sp.start);
                for k in first..toks.len() {
                    if toks[k].start >= sp.end {
                        break;
                    }
                    let inside = k > first
                        && labels[k - 1] != O
                        && role(labels[k - 1]) == Some(r)
                        && owner[k - 1] == ai;
                    labels[k] = if inside { r + 1 } else { r };
                    owner[k] = ai;
                }
            }
        }
    }
    labels
}

#[cfg(feature = "training")]
/// One training document: its features, rule tags, gold labels and paragraphs.
pub(crate) struct TrainingDoc {
    feats: Features,
    tags: Vec<u8>,
    gold: Vec<usize>,
    paras: Vec<Range<usize>>,
}

/// Prepares a training document from the view of an analysed text (entities and
/// segmentation filled), the rules' quotes on it and its gold attributions.
#[cfg(feature = "training")]
pub(crate) fn training_doc(
    view: &View<'_>,
    rule_quotes: &[Candidate],
    gold: &[Attribution],
) -> TrainingDoc {
    let tags = rule_tags(view, rule_quotes);
    TrainingDoc {
        feats: features(view, &tags),
        gold: gold_labels(view, gold),
        tags,
        paras: view.paragraphs(),
    }
}

#[cfg(feature = "training")]
/// Independent training runs (seeds `seed`, `seed + 1`, …) whose averaged models are
/// averaged again: one run's model depends on its document order, and moved the held-out
/// figures by a few tenths whenever a rule changed the inputs a little.
const RUNS: u64 = 4;

#[cfg(feature = "training")]
/// Trains [`RUNS`] averaged perceptrons, each for `epochs` passes (documents in a fixed
/// shuffled order per epoch and seed), and returns the bytes of their mean.
pub(crate) fn train(docs: &[&TrainingDoc], epochs: usize, bits: u32, seed: u64) -> Vec<u8> {
    let mut mean = LinearModel::zeros(bits, LABELS);
    for run in 0..RUNS {
        let m = train_run(docs, epochs, bits, seed.wrapping_add(run));
        for (w, x) in mean.weights.iter_mut().zip(&m.weights) {
            *w += x / RUNS as f32;
        }
    }
    mean.to_bytes(MAGIC, 0.0)
}

#[cfg(feature = "training")]
/// One averaged perceptron.
fn train_run(docs: &[&TrainingDoc], epochs: usize, bits: u32, seed: u64) -> LinearModel {
    let mut model = LinearModel::zeros(bits, LABELS);
    let mut avg = Averager::new(&model);
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut rng = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    for _ in 0..epochs {
        crate::linear::shuffle(&mut order, &mut rng);
        for &d in &order {
            let doc = docs[d];
            let mut labels = vec![O; doc.gold.len()];
            for p in &doc.paras {
                decode(
                    &model,
                    &doc.feats,
                    &doc.tags,
                    p.clone(),
                    &mut labels,
                    None,
                    Some((&doc.gold, &mut avg)),
                );
                avg.apply(&mut model);
            }
        }
    }
    avg.averaged(&model)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_model_loads_and_bad_bytes_are_typed_errors() {
        let m = builtin().expect("the shipped attribution model loads");
        assert_eq!(m.labels(), LABELS);
        assert!(matches!(
            load(b"not a model"),
            Err(crate::Error::Model { .. })
        ));
        let mut bad = BUILTIN.to_vec();
        let mid = bad.len() / 2;
        bad[mid] ^= 1;
        assert!(load(&bad).is_err());
    }

    #[test]
    fn bio_transitions() {
        assert!(allowed(O, SRC));
        assert!(!allowed(O, SRC + 1));
        assert!(allowed(SRC, SRC + 1));
        assert!(!allowed(CUE, SRC + 1));
        assert!(allowed(CONT + 1, CONT + 1));
    }

    /// Deterministic pseudo-random sorted, disjoint ranges for the index tests.
    fn ranges(seed: u64, n: usize) -> Vec<Range<usize>> {
        let mut state = seed;
        let mut next = |m: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % m) as usize
        };
        let mut pos = 0;
        (0..n)
            .map(|_| {
                let start = pos + next(4);
                let end = start + 1 + next(3);
                pos = end;
                start..end
            })
            .collect()
    }

    #[test]
    fn nearest_agrees_with_a_linear_scan() {
        for seed in 0..300 {
            let rs = ranges(seed, (seed % 9) as usize);
            for t in ranges(seed + 1000, 12) {
                let scan = rs
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, r)| gap(&t, r))
                    .map(|(i, _)| i);
                assert_eq!(nearest(&rs, &t), scan, "{rs:?} {t:?}");
            }
        }
    }

    #[test]
    fn span_index_agrees_with_a_linear_scan() {
        use crate::Span;
        for seed in 0..300 {
            // Overlapping and nested spans, as rule quotes can be.
            let spans: Vec<Span> = ranges(seed, (seed % 7) as usize)
                .into_iter()
                .zip(ranges(seed + 7, 7))
                .map(|(a, b)| Span::new(a.start.min(b.start), a.end.max(b.end)))
                .collect();
            let index = SpanIndex::new(spans.iter().copied());
            for t in ranges(seed + 2000, 10) {
                for probe in [Span::new(t.start, t.end), Span::new(t.start, t.start)] {
                    let scan = spans.iter().any(|s| s.overlaps(probe));
                    assert_eq!(index.overlaps_any(probe), scan, "{spans:?} {probe:?}");
                }
            }
        }
    }
}
