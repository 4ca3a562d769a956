//! The pipeline: segmenter → entity tagger → entity groups → quote attributor.

use crate::entities::{group_entities, CountryTable, EntityTagger, PerceptronTagger};
use crate::quotes::{Document, QuoteAttributor, RuleAttributor};
use crate::segment::{NewsSegmenter, Segmentation, Segmenter};
use crate::{Analysis, Error, Result};
use rayon::prelude::*;

/// Analyzes documents end to end. Build one with [`Pipeline::builder`] (or
/// [`Pipeline::default`]) and share it across threads.
pub struct Pipeline {
    segmenter: Box<dyn Segmenter>,
    tagger: Option<Box<dyn EntityTagger>>,
    countries: Option<&'static CountryTable>,
    attributor: Option<Box<dyn QuoteAttributor>>,
    keep_tokens: bool,
    pool: Option<rayon::ThreadPool>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("tagger", &self.tagger.is_some())
            .field("attributor", &self.attributor.is_some())
            .field("keep_tokens", &self.keep_tokens)
            .finish()
    }
}

impl Default for Pipeline {
    /// The built-in pipeline (segmenter, perceptron tagger, countries, groups, quotes): works
    /// offline with no setup.
    fn default() -> Self {
        Pipeline::builder()
            .build()
            .expect("the built-in stages load (the embedded model is checked by the tests)")
    }
}

/// Which tagger the builder will use.
enum TaggerChoice {
    Builtin,
    Custom(Box<dyn EntityTagger>),
    None,
}

/// Configures a [`Pipeline`].
pub struct PipelineBuilder {
    segmenter: Box<dyn Segmenter>,
    tagger: TaggerChoice,
    countries: bool,
    attributor: Option<Box<dyn QuoteAttributor>>,
    keep_tokens: bool,
    threads: Option<usize>,
}

impl Default for PipelineBuilder {
    fn default() -> Self {
        PipelineBuilder {
            segmenter: Box::new(NewsSegmenter::default()),
            tagger: TaggerChoice::Builtin,
            countries: true,
            attributor: Some(Box::new(RuleAttributor::default())),
            keep_tokens: true,
            threads: None,
        }
    }
}

impl PipelineBuilder {
    /// Replaces the segmenter.
    pub fn segmenter(mut self, s: impl Segmenter + 'static) -> Self {
        self.segmenter = Box::new(s);
        self
    }

    /// Replaces the entity tagger.
    pub fn tagger(mut self, t: impl EntityTagger + 'static) -> Self {
        self.tagger = TaggerChoice::Custom(Box::new(t));
        self
    }

    /// Runs without entity tagging.
    pub fn no_tagger(mut self) -> Self {
        self.tagger = TaggerChoice::None;
        self
    }

    /// Whether place and nationality mentions are resolved to countries (default `true`).
    pub fn countries(mut self, resolve: bool) -> Self {
        self.countries = resolve;
        self
    }

    /// Replaces the quote attributor.
    pub fn attributor(mut self, a: impl QuoteAttributor + 'static) -> Self {
        self.attributor = Some(Box::new(a));
        self
    }

    /// Runs without quote attribution.
    pub fn no_attributor(mut self) -> Self {
        self.attributor = None;
        self
    }

    /// Whether [`Analysis::tokens`] is filled (default `true`).
    pub fn keep_tokens(mut self, keep: bool) -> Self {
        self.keep_tokens = keep;
        self
    }

    /// Number of threads for [`Pipeline::analyze_batch`]; default: rayon's global pool.
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = Some(n);
        self
    }

    /// Builds the pipeline, checking the settings.
    pub fn build(self) -> Result<Pipeline> {
        let pool = match self.threads {
            None => None,
            Some(0) => return Err(Error::Config("threads must be at least 1".into())),
            Some(n) => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(|e| Error::Config(format!("cannot start {n} threads: {e}")))?,
            ),
        };
        let tagger: Option<Box<dyn EntityTagger>> = match self.tagger {
            TaggerChoice::Builtin => Some(Box::new(PerceptronTagger::builtin()?)),
            TaggerChoice::Custom(t) => Some(t),
            TaggerChoice::None => None,
        };
        Ok(Pipeline {
            segmenter: self.segmenter,
            tagger,
            countries: self.countries.then(CountryTable::builtin),
            attributor: self.attributor,
            keep_tokens: self.keep_tokens,
            pool,
        })
    }
}

impl Pipeline {
    /// A builder starting from the built-in stages.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// Analyzes one document.
    pub fn analyze(&self, text: &str) -> Analysis {
        let mut seg = Segmentation::default();
        self.analyze_with(text, &mut seg)
    }

    /// Analyzes one document, reusing `seg` as scratch space (for hot loops).
    pub fn analyze_with(&self, text: &str, seg: &mut Segmentation) -> Analysis {
        self.segmenter.segment_into(text, seg);
        let mut entities = Vec::new();
        if let Some(t) = &self.tagger {
            t.tag(text, seg, &mut entities);
        }
        let table = self.countries.unwrap_or_else(|| CountryTable::builtin());
        if self.countries.is_some() {
            table.resolve(&mut entities);
        }
        let groups = group_entities(&mut entities, table);
        let mut quotes = Vec::new();
        if let Some(a) = &self.attributor {
            let doc = Document {
                text,
                seg,
                entities: &entities,
                groups: &groups,
            };
            a.attribute(&doc, &mut quotes);
        }
        Analysis {
            paragraphs: seg.paragraphs.clone(),
            sentences: seg.sentences.clone(),
            tokens: if self.keep_tokens {
                seg.tokens.clone()
            } else {
                Vec::new()
            },
            entities,
            groups,
            quotes,
        }
    }

    /// Analyzes many documents in parallel; results come back in input order.
    pub fn analyze_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Analysis> {
        let run = || {
            texts
                .par_iter()
                .map_init(Segmentation::default, |seg, t| {
                    self.analyze_with(t.as_ref(), seg)
                })
                .collect()
        };
        match &self.pool {
            Some(pool) => pool.install(run),
            None => run(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_threads_is_a_config_error() {
        let err = Pipeline::builder().threads(0).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)));
    }

    #[test]
    fn batch_keeps_input_order() {
        let p = Pipeline::builder().threads(2).build().unwrap();
        let texts: Vec<String> = (0..50).map(|i| "Word. ".repeat(i + 1)).collect();
        let out = p.analyze_batch(&texts);
        for (i, a) in out.iter().enumerate() {
            assert_eq!(a.sentences.len(), i + 1);
        }
    }

    #[test]
    fn empty_text_gives_empty_analysis() {
        let a = Pipeline::default().analyze("");
        assert!(a.sentences.is_empty() && a.paragraphs.is_empty() && a.tokens.is_empty());
        let a = Pipeline::default().analyze(" \n\n\t ");
        assert!(a.sentences.is_empty());
    }
}
