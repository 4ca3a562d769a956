//! Learns the word clusters of `data/word_clusters.tsv` from unlabeled news text (used by
//! `reproduce`; included with `#[path]`).
//!
//! **Method.** Every word seen at least [`MIN_COUNT`] times gets a context vector: the words
//! one and two positions to its left and right (the [`CONTEXTS`] most frequent word forms,
//! other words by their shape), weighted by positive pointwise mutual information with
//! context-distribution smoothing (Levy, Goldberg & Dagan 2015). The unit-length sparse
//! vectors are clustered by spherical k-means (as in Lin & Wu 2009's phrase clusters), three levels deep (16 × 16 × 16 at most), so that a word's cluster is a
//! path of three hexadecimal digits, like a Brown-cluster bit string: words that share the
//! first digit are alike in a coarse way, those that share all three are close.
//!
//! **Determinism.** Single-threaded, fixed iteration counts, ties broken by index, a fixed
//! seed, and no library transcendental function (the logarithm is computed here), so the file
//! is the same byte for byte on every machine.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};

/// Words seen fewer times get no cluster.
pub const MIN_COUNT: usize = 3;
/// Context words kept by form; rarer ones stand for their shape.
pub const CONTEXTS: usize = 3000;
/// Clusters per level.
pub const BRANCH: usize = 16;
/// k-means iterations per split.
pub const ITERATIONS: usize = 12;

/// The key a word is counted and looked up by: digits become `0` (as the tagger does).
pub fn key(word: &str) -> String {
    whosaid::entities::word_cluster_key(word).into_owned()
}

/// Natural logarithm without libm: exponent from the bits, the mantissa by an atanh series.
pub fn ln(x: f64) -> f64 {
    assert!(x > 0.0 && x.is_finite());
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000); // [1, 2)
    let t = (m - 1.0) / (m + 1.0);
    let t2 = t * t;
    let mut term = t;
    let mut sum = 0.0;
    let mut k = 1.0;
    for _ in 0..30 {
        sum += term / k;
        term *= t2;
        k += 2.0;
    }
    2.0 * sum + exp as f64 * std::f64::consts::LN_2
}

fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

fn shape(word: &str) -> String {
    let mut s = String::new();
    for c in word.chars() {
        let x = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if !s.ends_with(x) {
            s.push(x);
        }
    }
    s
}

/// Sentences of tokens → `(key, count, path)` for every clustered word, sorted by key.
pub fn learn(sentences: &[Vec<String>]) -> Vec<(String, usize, String)> {
    // Counts.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for s in sentences {
        for w in s {
            *counts.entry(key(w)).or_default() += 1;
        }
    }
    let mut vocab: Vec<(&String, usize)> = counts
        .iter()
        .filter(|(_, &c)| c >= MIN_COUNT)
        .map(|(w, &c)| (w, c))
        .collect();
    vocab.sort_by(|a, b| a.0.cmp(b.0));
    let index: HashMap<&str, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i))
        .collect();
    // Context ids: the most frequent forms, then shapes.
    let mut by_freq: Vec<(&String, usize)> = counts.iter().map(|(w, &c)| (w, c)).collect();
    by_freq.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut ctx_ids: HashMap<String, u32> = by_freq
        .iter()
        .take(CONTEXTS)
        .enumerate()
        .map(|(i, (w, _))| ((*w).clone(), i as u32))
        .collect();
    let ctx_of = |w: Option<&String>, ids: &mut HashMap<String, u32>| -> u32 {
        let k = match w {
            None => "<s>".to_string(),
            Some(w) => {
                let k = key(w);
                if ids.contains_key(&k) {
                    return ids[&k];
                }
                format!("<shape {}>", shape(&k))
            }
        };
        let n = ids.len() as u32;
        *ids.entry(k).or_insert(n)
    };
    // (word, position, context) co-occurrence counts; positions -2, -1, +1, +2.
    let mut pairs: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    for s in sentences {
        let keys: Vec<String> = s.iter().map(|w| key(w)).collect();
        for (i, k) in keys.iter().enumerate() {
            let Some(&wi) = index.get(k.as_str()) else {
                continue;
            };
            for (slot, off) in [(0u32, -2isize), (1, -1), (2, 1), (3, 2)] {
                let j = i as isize + off;
                let w = (j >= 0 && (j as usize) < s.len()).then(|| &s[j as usize]);
                let c = ctx_of(w, &mut ctx_ids) * 4 + slot;
                let weight = if off.abs() == 1 { 1.0 } else { 0.5 };
                *pairs.entry((wi as u32, c)).or_default() += weight;
            }
        }
    }
    // PPMI with context smoothing (alpha = 0.75, as c^0.75 = c / c^0.25 = c / sqrt(sqrt(c))).
    let mut word_tot = vec![0f64; vocab.len()];
    let mut ctx_tot: HashMap<u32, f64> = HashMap::new();
    let mut total = 0.0;
    for (&(w, c), &n) in &pairs {
        word_tot[w as usize] += n;
        *ctx_tot.entry(c).or_default() += n;
        total += n;
    }
    let smooth = |c: f64| c / c.sqrt().sqrt();
    let mut ctx_keys: Vec<u32> = ctx_tot.keys().copied().collect();
    ctx_keys.sort_unstable();
    let ctx_dense: HashMap<u32, u32> = ctx_keys
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i as u32))
        .collect();
    let ctx_smooth_total: f64 = ctx_keys.iter().map(|c| smooth(ctx_tot[c])).sum();
    // Sparse PPMI rows (sorted by context), unit length.
    let mut rows: Vec<Vec<(u32, f32)>> = vec![Vec::new(); vocab.len()];
    for (&(w, c), &n) in &pairs {
        let p_wc = n / total;
        let p_w = word_tot[w as usize] / total;
        let p_c = smooth(ctx_tot[&c]) / ctx_smooth_total;
        let pmi = ln(p_wc / (p_w * p_c));
        if pmi > 0.0 {
            rows[w as usize].push((ctx_dense[&c], pmi as f32));
        }
    }
    for r in &mut rows {
        let n: f32 = r.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
        if n > 0.0 {
            r.iter_mut().for_each(|(_, x)| *x /= n);
        }
    }
    let space = Space {
        rows: &rows,
        dims: ctx_keys.len(),
    };
    // Hierarchical spherical k-means.
    let mut paths = vec![String::new(); vocab.len()];
    let all: Vec<usize> = (0..vocab.len()).collect();
    split(&space, &all, 0, &mut paths, 0x9e37_79b9);
    vocab
        .iter()
        .zip(paths)
        .map(|((w, c), p)| ((*w).clone(), *c, p))
        .collect()
}

/// Unit-length sparse word vectors over `dims` contexts.
struct Space<'a> {
    rows: &'a [Vec<(u32, f32)>],
    dims: usize,
}

impl Space<'_> {
    fn dot(&self, m: usize, dense: &[f32]) -> f32 {
        self.rows[m]
            .iter()
            .map(|&(c, x)| x * dense[c as usize])
            .sum()
    }

    fn dense(&self, m: usize) -> Vec<f32> {
        let mut v = vec![0f32; self.dims];
        for &(c, x) in &self.rows[m] {
            v[c as usize] = x;
        }
        v
    }
}

fn normalize(v: &mut [f32]) {
    let n: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        for x in v {
            *x /= n;
        }
    }
}

const LEVELS: usize = 3;
const HEX: &[u8; 16] = b"0123456789abcdef";

/// Splits `members` into up to [`BRANCH`] clusters and recurses; appends a digit per level.
fn split(space: &Space, members: &[usize], level: usize, paths: &mut [String], seed: u64) {
    if level == LEVELS {
        return;
    }
    let k = BRANCH.min(members.len() / 4).max(1);
    let assign = kmeans(space, members, k, seed);
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (&m, &a) in members.iter().zip(&assign) {
        groups[a].push(m);
        paths[m].push(HEX[a] as char);
    }
    for (g, ms) in groups.iter().enumerate() {
        if !ms.is_empty() {
            split(space, ms, level + 1, paths, mix(seed ^ g as u64));
        }
    }
}

/// Spherical k-means with k-means++ seeding; returns each member's cluster.
fn kmeans(space: &Space, members: &[usize], k: usize, seed: u64) -> Vec<usize> {
    let mut assign = vec![0usize; members.len()];
    if k <= 1 {
        return assign;
    }
    let mut rng = seed;
    let mut next = || {
        rng = mix(rng.wrapping_add(0x9e37_79b9_7f4a_7c15));
        (rng >> 11) as f64 / (1u64 << 53) as f64
    };
    // k-means++: the first centre is the first member; then by squared distance.
    let mut centres: Vec<Vec<f32>> = vec![space.dense(members[0])];
    let mut d2: Vec<f64> = members
        .iter()
        .map(|&m| f64::from((1.0 - space.dot(m, &centres[0])).max(0.0)))
        .collect();
    while centres.len() < k {
        let total: f64 = d2.iter().sum();
        let pick = if total > 0.0 {
            let mut r = next() * total;
            let mut idx = d2.len() - 1;
            for (i, &d) in d2.iter().enumerate() {
                if r < d {
                    idx = i;
                    break;
                }
                r -= d;
            }
            idx
        } else {
            centres.len()
        };
        let c = space.dense(members[pick]);
        for (i, &m) in members.iter().enumerate() {
            d2[i] = d2[i].min(f64::from((1.0 - space.dot(m, &c)).max(0.0)));
        }
        centres.push(c);
    }
    for _ in 0..ITERATIONS {
        for (i, &m) in members.iter().enumerate() {
            let mut best = 0;
            let mut best_s = f32::NEG_INFINITY;
            for (c, centre) in centres.iter().enumerate() {
                let s = space.dot(m, centre);
                if s > best_s {
                    best = c;
                    best_s = s;
                }
            }
            assign[i] = best;
        }
        for c in centres.iter_mut() {
            c.iter_mut().for_each(|x| *x = 0.0);
        }
        for (i, &m) in members.iter().enumerate() {
            let centre = &mut centres[assign[i]];
            for &(c, x) in &space.rows[m] {
                centre[c as usize] += x;
            }
        }
        for c in centres.iter_mut() {
            normalize(c);
        }
    }
    assign
}

/// Dense unit-length vectors → hierarchical spherical k-means paths (as [`learn`] does for
/// sparse context vectors), one per row; `seed` picks the k-means++ starting points.
pub fn cluster_dense(vectors: &[Vec<f32>], seed: u64) -> Vec<String> {
    let rows: Vec<Vec<(u32, f32)>> = vectors
        .iter()
        .map(|v| v.iter().enumerate().map(|(i, &x)| (i as u32, x)).collect())
        .collect();
    let space = Space {
        rows: &rows,
        dims: vectors.first().map_or(0, Vec::len),
    };
    let mut paths = vec![String::new(); rows.len()];
    let all: Vec<usize> = (0..rows.len()).collect();
    split(&space, &all, 0, &mut paths, seed);
    paths
}

/// What the clusters are learned from, as named in the file's header.
pub const SOURCES: &str = "the tokens of CoNLL-2003 English train and the texts of PolNeAR train";

/// The unlabeled sentences: CoNLL-2003 train's tokens as given, and PolNeAR texts tokenized
/// by the crate's own segmenter (as the tagger sees them).
pub fn corpus(
    conll: &[Vec<whosaid::entities::perceptron::TaggedSentence>],
    texts: &[&str],
) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = conll.iter().flatten().map(|s| s.tokens.clone()).collect();
    let seg = whosaid::segment::NewsSegmenter::default();
    for text in texts {
        let s = seg.segment(text);
        for sent in &s.sentences {
            out.push(
                s.tokens[sent.first_token..sent.end_token]
                    .iter()
                    .map(|&t| text[t].to_string())
                    .collect(),
            );
        }
    }
    out
}

/// The file: a header naming the sources, then `key<TAB>path<TAB>count` lines.
pub fn render(rows: &[(String, usize, String)], sources: &str) -> String {
    let mut out = format!(
        "# Word clusters learned by `cargo run --release --features training --example reproduce`\n\
         # (examples/common/clusters.rs) from unlabeled text: {sources}.\n\
         # Columns: word (digits as 0), cluster path (three hexadecimal digits, coarse to fine),\n\
         # occurrences. Derived data: do not edit; see data/README.md.\n"
    );
    for (w, c, p) in rows {
        out.push_str(&format!("{w}\t{p}\t{c}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_a_path_and_learning_is_deterministic() {
        let mut sents: Vec<Vec<String>> = Vec::new();
        let frame = |a: &[&str]| a.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        for _ in 0..4 {
            for day in ["Monday", "Tuesday", "Friday"] {
                sents.push(frame(&["on", day, "the", "minister", "said"]));
            }
            for city in ["Tallinn", "Riga", "Vilnius"] {
                sents.push(frame(&["talks", "in", city, "ended", "."]));
            }
        }
        let rows = learn(&sents);
        assert_eq!(rows, learn(&sents));
        let path = |w: &str| rows.iter().find(|r| r.0 == w).map(|r| r.2.clone()).unwrap();
        assert_eq!(path("Monday"), path("Tuesday"));
        assert_eq!(path("Tallinn"), path("Vilnius"));
        assert!(rows.iter().all(|r| r.2.len() == 3 && r.1 >= MIN_COUNT));
        let distinct: std::collections::BTreeSet<&String> = rows.iter().map(|r| &r.2).collect();
        assert!(distinct.len() > 1, "{rows:?}");
    }

    #[test]
    fn ln_matches_within_rounding() {
        for x in [1e-9, 0.001, 0.5, 1.0, 2.0, 10.0, 12345.678, 1e12] {
            assert!(
                (ln(x) - x.ln()).abs() < 1e-12 * x.ln().abs().max(1.0),
                "{x}"
            );
        }
    }
}
