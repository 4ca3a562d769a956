//! Quote extraction and attribution: the [`QuoteAttributor`] seam and the built-in
//! [`RuleAttributor`].
//!
//! **Cost:** `O(n log n)` in the number of tokens whatever the text holds. Quotation marks
//! are paired in one pass; per-document tables (word-count prefix sums, paragraph and entity
//! token ranges, next-comma positions, each sentence's clause end, pronoun antecedents) make
//! each rule's look-around `O(1)` or bounded by a fixed window; overlaps between a clause
//! and the quoted stretches, and the nearest cue or source in the learned stage, are found by
//! binary search over sorted spans.

#[cfg(feature = "training")]
pub mod brat;
pub(crate) mod learned;
pub(crate) mod marks;
mod rules;

pub use rules::RuleAttributor;

#[cfg(feature = "training")]
/// Training the learned attribution stage (used by `examples/train_attribution.rs`).
pub mod training {
    use super::brat::Attribution;
    use super::{Document, RuleAttributor};

    /// A document prepared for training: features, rule decisions and gold labels.
    pub struct TrainingDoc(pub(crate) super::learned::TrainingDoc);

    /// Prepares a document: `doc` must hold the text's segmentation and entities.
    pub fn prepare(doc: &Document<'_>, gold: &[Attribution]) -> TrainingDoc {
        prepare_with(&RuleAttributor::rules_only(), doc, gold)
    }

    /// Prepares a document with the rules of `attributor` (its word lists; its learned model
    /// is not used), for example one with a freshly generated cue-word table.
    pub fn prepare_with(
        attributor: &RuleAttributor,
        doc: &Document<'_>,
        gold: &[Attribution],
    ) -> TrainingDoc {
        TrainingDoc(super::learned::training_doc(attributor, doc, gold))
    }

    /// Trains an attribution model and returns its file bytes, loadable with
    /// [`RuleAttributor::with_learned_model`].
    pub fn train(docs: &[TrainingDoc], epochs: usize, bits: u32, seed: u64) -> Vec<u8> {
        let refs: Vec<&TrainingDoc> = docs.iter().collect();
        train_on(&refs, epochs, bits, seed)
    }

    /// [`train`] on a selection of documents (for example all but a held-out part).
    pub fn train_on(docs: &[&TrainingDoc], epochs: usize, bits: u32, seed: u64) -> Vec<u8> {
        let inner: Vec<&super::learned::TrainingDoc> = docs.iter().map(|d| &d.0).collect();
        super::learned::train(&inner, epochs, bits, seed)
    }
}

use crate::segment::Segmentation;
use crate::{Entity, EntityGroup, Quote};

/// What a quote attributor sees of a document.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The original text.
    pub text: &'a str,
    /// Its segmentation.
    pub seg: &'a Segmentation,
    /// Tagged entity mentions.
    pub entities: &'a [Entity],
    /// Entity groups over those mentions.
    pub groups: &'a [EntityGroup],
}

/// A quote-attribution stage.
///
/// # Contract
/// Quotes are appended ordered by content start; `content`, `cue` and `speaker` lie inside
/// the text on `char` boundaries; `speaker_group` is an index into `doc.groups`. The pipeline
/// checks this and reports a breach as [`Error::Contract`](crate::Error::Contract) naming
/// the attributor.
pub trait QuoteAttributor: Send + Sync {
    /// Appends the quotes found in `doc` to `out`, ordered by content position.
    fn attribute(&self, doc: &Document<'_>, out: &mut Vec<Quote>) -> crate::Result<()>;
}
