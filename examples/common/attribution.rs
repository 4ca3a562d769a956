//! Preparing PolNeAR articles for the learned attribution stage and training it, shared by
//! `train_attribution` and `reproduce` (with `polnear.rs`, included alongside).
#![allow(dead_code)]

use super::polnear::Article;
use whosaid::quotes::{training, Document, RuleAttributor};
use whosaid::segment::Segmentation;
use whosaid::Pipeline;

/// The settings of the shipped model.
pub const EPOCHS: usize = 15;
pub const BITS: u32 = 18;
pub const SEED: u64 = 11;

/// Prepares every article: `pipeline` (no attributor) gives segmentation and entities, the
/// rules of `rules` (its word lists) give the rule features. Kept in article order.
pub fn prepare(
    pipeline: &Pipeline,
    rules: &RuleAttributor,
    articles: &[&Article],
) -> Vec<training::TrainingDoc> {
    let texts: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
    let analyses = pipeline.analyze_batch(&texts);
    articles
        .iter()
        .zip(analyses)
        .map(|(article, a)| {
            let seg = Segmentation {
                paragraphs: a.paragraphs,
                sentences: a.sentences,
                tokens: a.tokens,
            };
            let doc = Document {
                text: &article.text,
                seg: &seg,
                entities: &a.entities,
                groups: &a.groups,
            };
            training::prepare_with(rules, &doc, &article.ann.attributions)
        })
        .collect()
}
