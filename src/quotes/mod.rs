//! Quote extraction and attribution: the [`QuoteAttributor`] seam and the built-in
//! [`RuleAttributor`].

pub mod brat;
mod marks;
mod rules;

pub use rules::RuleAttributor;

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
pub trait QuoteAttributor: Send + Sync {
    /// Appends the quotes found in `doc` to `out`, ordered by content position.
    fn attribute(&self, doc: &Document<'_>, out: &mut Vec<Quote>);
}
