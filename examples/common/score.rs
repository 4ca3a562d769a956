//! Precision, recall and F1 in percent, shared by the CoNLL and PolNeAR scorers
//! (`common/conll.rs`, `common/polnear.rs`; every example that includes either includes this
//! file too, with `#[path]`).
#![allow(dead_code)]

/// (P, R, F1) in percent from true positives, predictions and gold items.
pub fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    ratios(tp, pred, tp, gold)
}

/// (P, R, F1) in percent when precision and recall count different things (token overlap:
/// predicted tokens inside gold over predicted tokens, gold tokens inside predictions over
/// gold tokens). An empty denominator counts as 1.
pub fn ratios(p_num: usize, p_den: usize, r_num: usize, r_den: usize) -> (f64, f64, f64) {
    let p = 100.0 * p_num as f64 / p_den.max(1) as f64;
    let r = 100.0 * r_num as f64 / r_den.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}
