//! Entity tagging: the [`EntityTagger`] seam, the built-in [`PerceptronTagger`], country
//! resolution ([`CountryTable`]) and mention grouping ([`group_entities`]). With the
//! `transformer` feature, `TransformerTagger` runs a BERT token-classification model instead.
//!
//! **Cost:** the perceptron tagger is linear in the number of tokens (a fixed set of hashed
//! features per token, greedy decoding, gazetteer matches of bounded length, per-document
//! word statistics in hash maps); country resolution is one table lookup per mention;
//! grouping is `O(m log m)` in the number of mentions (lookups by name word, initials and
//! acronym instead of comparisons between groups).

mod clusters;
#[cfg(feature = "training")]
pub mod conll;
mod countries;
pub(crate) mod features;
mod final_rules;
mod first_pass;
pub(crate) mod gazetteer;
mod groups;
pub mod perceptron;
#[cfg(feature = "transformer")]
pub mod transformer;

pub use countries::{Country, CountryTable};
pub use gazetteer::Gazetteer;
pub use groups::group_entities;
pub use perceptron::PerceptronTagger;
#[cfg(feature = "transformer")]
pub use transformer::TransformerTagger;

use crate::segment::Segmentation;

/// The key under which `data/word_clusters.tsv` stores a word (digits become `0`), for the
/// code that learns the clusters.
#[cfg(feature = "training")]
pub fn word_cluster_key(word: &str) -> std::borrow::Cow<'_, str> {
    clusters::key(word)
}
use crate::Entity;

/// An entity-tagging stage: finds entity mentions in segmented text.
///
/// # Contract
/// A tagger fills each [`Entity`]'s `span` and `kind` (and may fill `country`); mentions
/// are appended in text order, do not overlap, and each span lies inside the text on `char`
/// boundaries. `text` must be `&text[span]`, or left empty for the pipeline to fill. The
/// pipeline fills `group` (and `country`, when country resolution is on). The pipeline
/// checks this and reports a breach as [`Error::Contract`](crate::Error::Contract) naming
/// the tagger.
pub trait EntityTagger: Send + Sync {
    /// Appends the entity mentions of `text` to `out`, in text order.
    ///
    /// `seg` is the segmentation of the same text; implementations should tag within
    /// sentences and may use its tokens. An error (a failing backend) is reported by
    /// [`Pipeline::try_analyze`](crate::Pipeline::try_analyze) with the stage named.
    fn tag(&self, text: &str, seg: &Segmentation, out: &mut Vec<Entity>) -> crate::Result<()>;

    /// Tags several documents at once: one result per document, in input order, each the
    /// mentions [`tag`](Self::tag) would append (or its error).
    ///
    /// The default calls [`tag`](Self::tag) on each document in turn. A tagger whose work
    /// gains from seeing many documents together (the transformer tagger batches sentences of
    /// different documents by length) overrides it, and says so with
    /// [`batches_documents`](Self::batches_documents). An error or a panic in one document
    /// should cost only that document's result; the pipeline checks each result against the
    /// contract as for [`tag`](Self::tag), and a result list of the wrong length is a
    /// contract breach for every document of the call.
    fn tag_batch(&self, docs: &[TagInput<'_>]) -> Vec<crate::Result<Vec<Entity>>> {
        docs.iter()
            .map(|d| {
                let mut out = Vec::new();
                self.tag(d.text, d.seg, &mut out).map(|()| out)
            })
            .collect()
    }

    /// Whether the pipeline's batch entry points ([`Pipeline::analyze_batch`],
    /// [`Pipeline::try_analyze_batch`], [`Pipeline::analyze_files`]) should segment their
    /// documents first and hand them to [`tag_batch`](Self::tag_batch) together, one call
    /// per 512 documents (`true`), rather than tag each document on its own inside the
    /// parallel per-document loop (`false`, the default, best for taggers that do not batch).
    ///
    /// [`Pipeline::analyze_batch`]: crate::Pipeline::analyze_batch
    /// [`Pipeline::try_analyze_batch`]: crate::Pipeline::try_analyze_batch
    /// [`Pipeline::analyze_files`]: crate::Pipeline::analyze_files
    fn batches_documents(&self) -> bool {
        false
    }
}

/// One document handed to [`EntityTagger::tag_batch`]: its text and segmentation.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct TagInput<'a> {
    /// The document's text.
    pub text: &'a str,
    /// The segmentation of `text`.
    pub seg: &'a Segmentation,
}

impl<'a> TagInput<'a> {
    /// A document for [`EntityTagger::tag_batch`].
    pub fn new(text: &'a str, seg: &'a Segmentation) -> Self {
        TagInput { text, seg }
    }
}
