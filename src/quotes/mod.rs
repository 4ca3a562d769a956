//! Quote extraction and attribution: the [`QuoteAttributor`] seam and the built-in
//! [`RuleAttributor`], which runs a rule stage and then a learned stage over one view of the
//! document.
//!
//! 1. **Quoted stretches** are found by pairing quotation marks (`marks.rs`). A direct
//!    quote's content runs from its opening through its closing mark, as news attribution
//!    corpora (PARC, PolNeAR) annotate it; [`Quote::words`](crate::Quote::words) gives the
//!    words without the marks.
//! 2. **The document view** (`view.rs`) is computed once: the token table with lower-cased
//!    forms, sentence, paragraph and entity indexes and the quotation state, read by every
//!    pass below.
//! 3. **The rule stage** (`rules.rs`) runs its patterns in order, each its own pass:
//!    direct quotes and the attribution next to them (`direct.rs`: `“…,” said Roll`,
//!    `Roll said: “…”`, `“…” — Roll`, interrupted and multi-paragraph quotes); reported
//!    clauses from the
//!    remaining reporting cues (`indirect.rs`: `X said (that) …`, `X told Y …`, `…, X said.`,
//!    `According to X, …`), mixed when they hold quoted fragments, their content following
//!    PolNeAR's conventions (the complementizer "that" inside, adverbials between the cue and
//!    the clause outside, a closing mark that ends the clause inside); headlines (`headline.rs`:
//!    `Roll: Talks Are Over`); and quotes that open a paragraph right after an attribution
//!    and continue it (`continuation.rs`). A quoted passage with neither cue nor speaker is
//!    not reported (see [`RuleAttributor::with_unattributed`]); a short one (three words or
//!    fewer) is a scare quote or a title, never speech on its own.
//! 4. **The learned stage** (`learned.rs`) tags the tokens of each paragraph with a
//!    perceptron that also sees the rules' decisions, and adds only attributions whose
//!    content the rules left alone, whose cue holds a word of the cue vocabulary and whose
//!    speaker can name a source.
//! 5. **Speakers** are the words that name the source in that attribution (an entity, a
//!    pronoun, or a noun phrase such as "a spokeswoman for the navy"); an apposition
//!    (`Roll, the president’s advisor, said`) points to the name before it. `speaker.rs`
//!    resolves each to an entity group: an entity mention to its group's canonical name,
//!    he/she to the nearest earlier person of compatible gender (given-name list, Mr./Ms.),
//!    they/it to the nearest organization, a definite description ("the minister") to the
//!    nearest person with that title. When nothing fits, the name stays `None`; a speaker is
//!    only ever a person or an organization ([`Quote::speaker_kind`](crate::Quote::speaker_kind)).
//! 6. **Confidence** (`confidence.rs`): each quote's share-right estimate, by the pattern that
//!    found it (or the learned stage's margin), counted on held-out data.
//!
//! The modules import each other as a tree: `view` (with `cues`, `marks`) at the root,
//! `phrases` on it, the rule passes and `learned` on those, `speaker` on `view`, and this
//! module on all of them.
//!
//! **Cost:** `O(n log n)` in the number of tokens whatever the text holds. Quotation marks
//! are paired in one pass; the view's per-document tables (word-count prefix sums, paragraph
//! and entity token ranges, next-comma positions, each sentence's clause end) and the
//! speaker stage's pronoun antecedents make each rule's look-around `O(1)` or bounded by a
//! fixed window; overlaps between a clause and the quoted stretches, and the nearest cue or
//! source in the learned stage, are found by binary search over sorted spans.

#[cfg(feature = "training")]
pub mod brat;
mod candidate;
mod confidence;
mod continuation;
mod cues;
mod direct;
mod fragment;
mod headline;
mod indirect;
pub(crate) mod learned;
pub(crate) mod marks;
mod outer;
mod phrases;
mod rules;
mod speaker;
mod view;

use crate::linear::LinearModel;
use crate::segment::Segmentation;
use crate::{Entity, EntityGroup, Quote};
use confidence::Calibration;
use cues::CueWords;
use speaker::Resolver;
use std::sync::Arc;
use view::View;

#[cfg(feature = "training")]
/// Training the learned attribution stage (used by `examples/train_attribution.rs`).
pub mod training {
    use super::brat::Attribution;
    use super::{rules, Document, RuleAttributor, View};

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
        let view = View::new(doc, &attributor.cues);
        let rule_quotes = rules::candidates(&view, attributor.keep_unattributed);
        TrainingDoc(super::learned::training_doc(&view, &rule_quotes, gold))
    }

    /// The quotes `attributor` finds in `doc`, each with its confidence key (for counting
    /// the confidence table; see `models/attribution-confidence.tsv`).
    pub fn attribute_keyed(
        attributor: &RuleAttributor,
        doc: &Document<'_>,
    ) -> Vec<(crate::Quote, String)> {
        attributor.keyed(doc)
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
/// the text on `char` boundaries; `speaker_group` is an index into `doc.groups` of a person
/// or organization group; `speaker_kind`, when set, is a person or an organization;
/// `confidence` is in [0, 1] (a NaN is a breach too). The pipeline
/// checks this and reports a breach as [`Error::Contract`](crate::Error::Contract) naming
/// the attributor.
pub trait QuoteAttributor: Send + Sync {
    /// Appends the quotes found in `doc` to `out`, ordered by content position.
    fn attribute(&self, doc: &Document<'_>, out: &mut Vec<Quote>) -> crate::Result<()>;
}

/// The built-in quote attributor: the rule stage, then the learned stage.
#[derive(Debug, Clone)]
pub struct RuleAttributor {
    cues: CueWords,
    keep_unattributed: bool,
    learned: Option<Arc<LinearModel>>,
    o_penalty: Option<f32>,
    calibration: Arc<Calibration>,
}

impl Default for RuleAttributor {
    /// The rules with the built-in learned stage.
    ///
    /// # Panics
    /// Only if the model embedded in the crate fails its checks (a corrupted build; the
    /// crate's tests load it). [`RuleAttributor::builtin`] returns that as an error.
    fn default() -> Self {
        RuleAttributor::builtin().unwrap_or_else(|e| panic!("whosaid: {e}"))
    }
}

impl RuleAttributor {
    /// The rules with the built-in learned stage; an error if the embedded model is corrupt.
    pub fn builtin() -> crate::Result<Self> {
        Ok(RuleAttributor {
            learned: Some(learned::builtin()?),
            calibration: Calibration::builtin()?,
            ..RuleAttributor::rules_only()
        })
    }

    /// The rules alone, without the learned attribution stage.
    ///
    /// # Panics
    /// Only if the confidence table embedded in the crate fails to parse (a corrupted
    /// build; the crate's tests parse it).
    pub fn rules_only() -> Self {
        RuleAttributor {
            cues: CueWords::builtin(),
            keep_unattributed: false,
            o_penalty: None,
            learned: None,
            calibration: Calibration::builtin().unwrap_or_else(|e| panic!("whosaid: {e}")),
        }
    }

    /// Uses another confidence table, in the format of `models/attribution-confidence.tsv`
    /// (`key<TAB>right<TAB>predictions`, an `all` line with the totals), instead of the
    /// built-in one; `examples/reproduce.rs` scores with a freshly counted table this way.
    pub fn with_confidence_table(mut self, table: &str) -> crate::Result<Self> {
        self.calibration =
            Arc::new(
                Calibration::parse(table).map_err(|reason| crate::Error::Model {
                    what: "confidence table".into(),
                    reason,
                })?,
            );
        Ok(self)
    }

    /// Uses a learned attribution model (bytes written by `examples/train_attribution.rs`)
    /// instead of the built-in one.
    pub fn with_learned_model(mut self, bytes: &[u8]) -> crate::Result<Self> {
        self.learned = Some(Arc::new(learned::load(bytes)?));
        Ok(self)
    }

    /// Uses another cue-word table, in the format of `data/cue_words.tsv` (word, tab, counts;
    /// `#` comments), instead of the built-in one. `examples/reproduce.rs` uses it to train
    /// and score with a freshly generated table before it is compiled in.
    pub fn with_cue_words(mut self, table: &'static str) -> Self {
        self.cues = CueWords::with_table(table);
        self
    }

    /// Decodes the learned stage with this penalty on the "outside" label instead of the tuned
    /// one (higher: more and longer attributions). For tuning; see `examples/reproduce.rs`.
    pub fn with_o_penalty(mut self, penalty: f32) -> Self {
        self.o_penalty = Some(penalty);
        self
    }

    /// Also report quoted passages that have neither a cue nor a speaker nearby (with `cue`
    /// and `speaker` null). Off by default: such passages are as often titles, slogans or
    /// excerpts as speech.
    pub fn with_unattributed(mut self, keep: bool) -> Self {
        self.keep_unattributed = keep;
        self
    }
}

impl QuoteAttributor for RuleAttributor {
    fn attribute(&self, doc: &Document<'_>, out: &mut Vec<Quote>) -> crate::Result<()> {
        out.extend(self.keyed(doc).into_iter().map(|(q, _)| q));
        Ok(())
    }
}

impl RuleAttributor {
    /// The quotes of `doc`, ordered by content, each with its confidence key.
    fn keyed(&self, doc: &Document<'_>) -> Vec<(Quote, String)> {
        if doc.seg.tokens.is_empty() {
            return Vec::new();
        }
        let view = View::new(doc, &self.cues);
        let mut found = rules::candidates(&view, self.keep_unattributed);
        if let Some(model) = &self.learned {
            let mut extra = learned::with_o_penalty(self.o_penalty, || {
                learned::attributions(model, &view, &found)
            });
            // The learned stage adds only attributions it finds a speaker for: without
            // one, a cue it takes is more often an expectation or a belief ("Repairs
            // are expected to take weeks") than speech. Chosen on the held-out sixth
            // of PolNeAR train (data/README.md).
            // And the speaker must have a word that can name a source (a person or
            // organization, a pronoun, a person, organization or document noun, a name):
            // not "The vessel, which sails under the flag of a small Pacific island state,".
            extra.retain(|c| {
                c.attr
                    .speaker
                    .as_ref()
                    .is_some_and(|sp| sp.clone().any(|i| view.can_be_source(i)))
            });
            found.extend(extra);
        }
        let resolver = Resolver::new(&view);
        let mut quotes: Vec<(Quote, String)> = found
            .iter()
            .map(|c| {
                let key = confidence::key(&view, c);
                let nested = outer::outer_speaker(&view, c).map(|sp| {
                    let mut o = c.clone();
                    o.attr.speaker = Some(sp);
                    o
                });
                let nested = nested.or_else(|| {
                    outer::sourceless(&view, c).then(|| {
                        let mut o = c.clone();
                        o.attr.speaker = None;
                        o
                    })
                });
                let mut q = resolver.quote(nested.as_ref().unwrap_or(c));
                q.confidence = self.calibration.confidence(&key);
                (q, key)
            })
            .collect();
        quotes.sort_by_key(|(q, _)| (q.content.start, q.content.end));
        quotes
    }
}
