//! The confidence of a quote: the share of attributions like it that were right on a held-out
//! part of PolNeAR train.
//!
//! "Like it" is a key: for the rules, the pattern that found the attribution, whether its
//! speaker is named (a person or organization mention, or a pronoun), and the quote's kind;
//! for the learned stage, the size of its margin (in powers of two). `reproduce` counts, on
//! the held-out sixth of PolNeAR train with the model trained on the other five sixths, how
//! many predictions of each key were right end to end, and writes the counts to
//! `models/attribution-confidence.tsv`; the confidence of a key is its share right, smoothed
//! towards the share over all keys (five predictions' worth), so that a rare key is not
//! over- or under-confident. A key the table lacks gets the overall share.

use super::candidate::{Candidate, Pattern};
use super::view::View;
use crate::{EntityKind, QuoteKind};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

const BUILTIN: &str = include_str!("../../models/attribution-confidence.tsv");

/// Weight of the overall share in each key's estimate, in predictions.
const SMOOTHING: f64 = 5.0;

/// Confidence by key.
#[derive(Debug)]
pub(crate) struct Calibration {
    by_key: HashMap<String, f32>,
    prior: f32,
}

impl Calibration {
    /// The table compiled into the crate, parsed once.
    pub(crate) fn builtin() -> crate::Result<Arc<Calibration>> {
        static C: OnceLock<Result<Arc<Calibration>, String>> = OnceLock::new();
        match C.get_or_init(|| Calibration::parse(BUILTIN).map(Arc::new)) {
            Ok(c) => Ok(c.clone()),
            Err(reason) => Err(crate::Error::Model {
                what: "built-in confidence table".into(),
                reason: reason.clone(),
            }),
        }
    }

    /// Parses a table: `key<TAB>right<TAB>predictions` per line, `#` comments; the line
    /// keyed `all` holds the totals.
    pub(crate) fn parse(tsv: &str) -> Result<Calibration, String> {
        let mut counts = Vec::new();
        let mut all = None;
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || format!("line {}: expected key, right, predictions: {line:?}", n + 1);
            let mut cols = line.split('\t');
            let (Some(key), Some(right), Some(total), None) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                return Err(bad());
            };
            let right: u32 = right.parse().map_err(|_| bad())?;
            let total: u32 = total.parse().map_err(|_| bad())?;
            if right > total {
                return Err(bad());
            }
            if key == "all" {
                all = Some((right, total));
            } else {
                counts.push((key.to_string(), right, total));
            }
        }
        let (right, total) = all.ok_or("no line keyed `all`")?;
        let prior = f64::from(right) / f64::from(total.max(1));
        let by_key = counts
            .into_iter()
            .map(|(k, r, t)| {
                let c = (f64::from(r) + SMOOTHING * prior) / (f64::from(t) + SMOOTHING);
                (k, c as f32)
            })
            .collect();
        Ok(Calibration {
            by_key,
            prior: prior as f32,
        })
    }

    /// The confidence of a key.
    pub(crate) fn confidence(&self, key: &str) -> f32 {
        self.by_key
            .get(key)
            .copied()
            .unwrap_or(self.prior)
            .clamp(0.0, 1.0)
    }
}

/// The calibration key of a candidate.
pub(crate) fn key(view: &View<'_>, c: &Candidate) -> String {
    let kind = match c.kind {
        QuoteKind::Direct => "direct",
        QuoteKind::Mixed => "mixed",
        _ => "indirect",
    };
    if c.attr.pattern == Pattern::Learned {
        // Powers of two of the margin: 0 below 1, then 1, 2, …, 12.
        let bin = (c.margin.max(0.0) + 1.0).log2().floor().clamp(0.0, 12.0) as u32;
        return format!("learned/{kind}/m{bin}");
    }
    let speaker = match &c.attr.speaker {
        None => "none",
        Some(sp) => {
            let named = sp.clone().any(|i| {
                view.is_pronoun(i)
                    || view
                        .entity_kind(i)
                        .is_some_and(|k| matches!(k, EntityKind::Person | EntityKind::Organization))
            });
            if named {
                "named"
            } else {
                "other"
            }
        }
    };
    format!("{}/{kind}/{speaker}", pattern_name(c.attr.pattern))
}

fn pattern_name(p: Pattern) -> &'static str {
    match p {
        Pattern::QuoteThenCue => "quote-then-cue",
        Pattern::CueThenQuote => "cue-then-quote",
        Pattern::PreviousSentence => "previous-sentence",
        Pattern::Signature => "signature",
        Pattern::Shared => "shared",
        Pattern::Continuation => "continuation",
        Pattern::Unattributed => "unattributed",
        Pattern::ClauseAfterCue => "clause-after-cue",
        Pattern::ClauseBeforeCue => "clause-before-cue",
        Pattern::According => "according",
        Pattern::Headline => "headline",
        Pattern::Learned => "learned",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_and_smooth() {
        let c = Calibration::parse("# c\nall\t50\t100\na\t9\t10\nb\t0\t0\n").unwrap();
        assert!((c.confidence("a") - (9.0 + 2.5) / 15.0).abs() < 1e-6);
        assert!((c.confidence("b") - 0.5).abs() < 1e-6);
        assert!((c.confidence("unknown") - 0.5).abs() < 1e-6);
        assert!(Calibration::parse("a\t1\t2\n").is_err(), "no `all` line");
        assert!(
            Calibration::parse("all\t3\t2\n").is_err(),
            "more right than predicted"
        );
        assert!(Calibration::parse("all\tx\t2\n").is_err());
        Calibration::builtin().expect("the shipped table parses");
    }
}
