//! The pipeline: segmenter → entity tagger → entity groups → quote attributor.

use crate::contract;
use crate::entities::{group_entities, CountryTable, EntityTagger, PerceptronTagger};
use crate::error::panic_message;
use crate::quotes::{Document, QuoteAttributor, RuleAttributor};
use crate::segment::{NewsSegmenter, Segmentation, Segmenter};
use crate::{Analysis, Error, Result, Stage};
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
    ///
    /// # Panics
    /// Only if a model embedded in the crate fails its checks (a corrupted build); the
    /// crate's tests load both. [`Pipeline::builder`]`().build()` returns that as an error.
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

/// Which attributor the builder will use.
enum AttributorChoice {
    Builtin,
    Custom(Box<dyn QuoteAttributor>),
    None,
}

/// Configures a [`Pipeline`].
pub struct PipelineBuilder {
    segmenter: Box<dyn Segmenter>,
    tagger: TaggerChoice,
    countries: bool,
    attributor: AttributorChoice,
    keep_tokens: bool,
    threads: Option<usize>,
}

impl Default for PipelineBuilder {
    fn default() -> Self {
        PipelineBuilder {
            segmenter: Box::new(NewsSegmenter::default()),
            tagger: TaggerChoice::Builtin,
            countries: true,
            attributor: AttributorChoice::Builtin,
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
        self.attributor = AttributorChoice::Custom(Box::new(a));
        self
    }

    /// Runs without quote attribution.
    pub fn no_attributor(mut self) -> Self {
        self.attributor = AttributorChoice::None;
        self
    }

    /// Whether [`Analysis::tokens`] is filled (default `true`). Without tokens, each
    /// sentence's token range is empty (`first_token == end_token == 0`).
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
        let attributor: Option<Box<dyn QuoteAttributor>> = match self.attributor {
            AttributorChoice::Builtin => Some(Box::new(RuleAttributor::builtin()?)),
            AttributorChoice::Custom(a) => Some(a),
            AttributorChoice::None => None,
        };
        Ok(Pipeline {
            segmenter: self.segmenter,
            tagger,
            countries: self.countries.then(CountryTable::builtin),
            attributor,
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
    ///
    /// # Panics
    /// Only when a stage fails or breaks its contract, which the built-in stages never do;
    /// with custom stages, use [`Pipeline::try_analyze`] to get the error instead.
    pub fn analyze(&self, text: &str) -> Analysis {
        let mut seg = Segmentation::default();
        self.analyze_with(text, &mut seg)
    }

    /// Analyzes one document, reusing `seg` as scratch space (for hot loops).
    ///
    /// # Panics
    /// As [`Pipeline::analyze`].
    pub fn analyze_with(&self, text: &str, seg: &mut Segmentation) -> Analysis {
        self.try_analyze_with(text, seg)
            .unwrap_or_else(|e| panic!("whosaid: {e}"))
    }

    /// Analyzes one document, returning a stage's failure or contract breach as an
    /// [`Error`] that names the stage ([`Error::Stage`], [`Error::Contract`]).
    ///
    /// ```
    /// use whosaid::Pipeline;
    /// let text = "“We are ready,” said Madis Roll.";
    /// let a = Pipeline::default().try_analyze(text)?;
    /// assert_eq!(a.quotes[0].speaker_name.as_deref(), Some("Madis Roll"));
    /// # Ok::<(), whosaid::Error>(())
    /// ```
    pub fn try_analyze(&self, text: &str) -> Result<Analysis> {
        let mut seg = Segmentation::default();
        self.try_analyze_with(text, &mut seg)
    }

    /// [`Pipeline::try_analyze`], reusing `seg`'s buffers. The paragraphs, sentences and
    /// (when kept) tokens move into the result; what is not kept stays in `seg` for reuse.
    pub fn try_analyze_with(&self, text: &str, seg: &mut Segmentation) -> Result<Analysis> {
        let failed = |stage| {
            move |e| Error::Stage {
                stage,
                source: Box::new(e),
            }
        };
        seg.clear();
        self.segmenter
            .segment_into(text, seg)
            .map_err(failed(Stage::Segmenter))?;
        contract::segmentation(text, seg)?;
        let mut entities = Vec::new();
        if let Some(t) = &self.tagger {
            t.tag(text, seg, &mut entities)
                .map_err(failed(Stage::Tagger))?;
            contract::entities(text, &mut entities)?;
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
            a.attribute(&doc, &mut quotes)
                .map_err(failed(Stage::Attributor))?;
            contract::quotes(text, &groups, &quotes)?;
            for q in &mut quotes {
                q.text = text[q.content].to_string();
                q.speaker_text = q.speaker.map(|s| text[s].to_string());
            }
        }
        let mut sentences = std::mem::take(&mut seg.sentences);
        let tokens = if self.keep_tokens {
            std::mem::take(&mut seg.tokens)
        } else {
            // No token list: sentences point at no token (their spans stay).
            for s in &mut sentences {
                s.first_token = 0;
                s.end_token = 0;
            }
            Vec::new()
        };
        Ok(Analysis {
            paragraphs: std::mem::take(&mut seg.paragraphs),
            sentences,
            tokens,
            entities,
            groups,
            quotes,
        })
    }

    /// Analyzes many documents in parallel; results come back in input order.
    ///
    /// # Panics
    /// As [`Pipeline::analyze`]; [`Pipeline::try_analyze_batch`] isolates each document.
    pub fn analyze_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Analysis> {
        self.run_batch(texts, |p, t, seg| p.analyze_with(t, seg))
    }

    /// Analyzes many documents in parallel, one [`Result`] per document, in input order: a
    /// document whose analysis fails (a stage error, a contract breach, or a panic in a
    /// stage, caught and returned as [`Error::Panic`]) costs only its own result.
    ///
    /// ```
    /// use whosaid::Pipeline;
    /// let docs = ["“Yes,” said Roll.", "", "Москва said “no” to it."];
    /// let results = Pipeline::default().try_analyze_batch(&docs);
    /// assert_eq!(results.len(), 3);
    /// assert!(results.iter().all(|r| r.is_ok()));
    /// ```
    pub fn try_analyze_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Result<Analysis>> {
        self.run_batch(texts, |p, t, seg| {
            let run = std::panic::AssertUnwindSafe(|| p.try_analyze_with(t, seg));
            std::panic::catch_unwind(run).unwrap_or_else(|payload| {
                // The scratch buffers may hold anything after a panic.
                *seg = Segmentation::default();
                Err(Error::Panic {
                    message: panic_message(payload.as_ref()),
                })
            })
        })
    }

    fn run_batch<S, R, F>(&self, texts: &[S], f: F) -> Vec<R>
    where
        S: AsRef<str> + Sync,
        R: Send,
        F: Fn(&Pipeline, &str, &mut Segmentation) -> R + Sync,
    {
        let run = || {
            texts
                .par_iter()
                .map_init(Segmentation::default, |seg, t| f(self, t.as_ref(), seg))
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
