//! The pipeline: segmenter → entity tagger → entity groups → quote attributor.

use crate::contract;
use crate::entities::gazetteer::Layered;
use crate::entities::{
    group_entities, CountryTable, EntityTagger, Gazetteer, PerceptronTagger, TagInput,
};
use crate::quotes::{Document, QuoteAttributor, RuleAttributor};
use crate::segment::{NewsSegmenter, Segmentation, Segmenter};
use crate::{Analysis, Entity, Error, Result, Stage};
use rayon::prelude::*;
use std::borrow::Cow;

/// Analyzes documents end to end. Build one with [`Pipeline::builder`] (or
/// [`Pipeline::default`]) and share it across threads.
pub struct Pipeline {
    segmenter: Box<dyn Segmenter>,
    tagger: Option<Box<dyn EntityTagger>>,
    countries: Option<Countries>,
    attributor: Option<Box<dyn QuoteAttributor>>,
    keep_tokens: bool,
    pool: Option<rayon::ThreadPool>,
}

/// The country table a pipeline resolves with: the built-in one or the user's.
enum Countries {
    Builtin(&'static CountryTable),
    Custom(Box<CountryTable>),
}

impl Countries {
    fn table(&self) -> &CountryTable {
        match self {
            Countries::Builtin(t) => t,
            Countries::Custom(t) => t,
        }
    }
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
    gazetteer: Option<Gazetteer>,
    countries: bool,
    country_table: Option<CountryTable>,
    attributor: AttributorChoice,
    keep_tokens: bool,
    threads: Option<usize>,
}

impl Default for PipelineBuilder {
    fn default() -> Self {
        PipelineBuilder {
            segmenter: Box::new(NewsSegmenter::default()),
            tagger: TaggerChoice::Builtin,
            gazetteer: None,
            countries: true,
            country_table: None,
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

    /// Layers a [`Gazetteer`] of your own names over the tagger (or tags with it alone after
    /// [`no_tagger`](Self::no_tagger)): every gazetteer match is kept, and the tagger's
    /// mentions that overlap one are dropped. See [`Gazetteer`] for an example.
    pub fn gazetteer(mut self, names: Gazetteer) -> Self {
        self.gazetteer = Some(names);
        self
    }

    /// Whether place and nationality mentions are resolved to countries (default `true`).
    /// With `false`, no country table is used anywhere: mentions keep the kinds and codes
    /// the tagger gave them, and country groups are named after their first mention.
    pub fn countries(mut self, resolve: bool) -> Self {
        self.countries = resolve;
        self
    }

    /// Resolves countries with your own table instead of the built-in one (for example to
    /// add regions with private-use codes, or to rename countries); implies
    /// `countries(true)`.
    ///
    /// ```
    /// use whosaid::entities::CountryTable;
    /// use whosaid::Pipeline;
    /// let tsv = "# code, name, aliases, demonyms\nXS\tScotland\t\tScottish|Scot|Scots\n";
    /// let table = CountryTable::parse(tsv, "regions.tsv")?;
    /// let p = Pipeline::builder().country_table(table).build()?;
    /// let a = p.analyze("The Scottish minister spoke in Edinburgh.");
    /// let scot = a.entities.iter().find(|e| e.text == "Scottish").unwrap();
    /// assert_eq!(scot.country.unwrap().as_str(), "XS");
    /// # Ok::<(), whosaid::Error>(())
    /// ```
    pub fn country_table(mut self, table: CountryTable) -> Self {
        self.countries = true;
        self.country_table = Some(table);
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
        let mut tagger: Option<Box<dyn EntityTagger>> = match self.tagger {
            TaggerChoice::Builtin => Some(Box::new(PerceptronTagger::builtin()?)),
            TaggerChoice::Custom(t) => Some(t),
            TaggerChoice::None => None,
        };
        if let Some(names) = self.gazetteer {
            tagger = Some(Box::new(Layered {
                base: tagger,
                names,
            }));
        }
        let countries = match (self.countries, self.country_table) {
            (false, _) => None,
            (true, None) => Some(Countries::Builtin(CountryTable::builtin())),
            (true, Some(t)) => Some(Countries::Custom(Box::new(t))),
        };
        let attributor: Option<Box<dyn QuoteAttributor>> = match self.attributor {
            AttributorChoice::Builtin => Some(Box::new(RuleAttributor::builtin()?)),
            AttributorChoice::Custom(a) => Some(a),
            AttributorChoice::None => None,
        };
        Ok(Pipeline {
            segmenter: self.segmenter,
            tagger,
            countries,
            attributor,
            keep_tokens: self.keep_tokens,
            pool,
        })
    }
}

/// Documents handed to one [`EntityTagger::tag_batch`] call by the batch entry points: enough
/// for the transformer tagger to fill its forward passes with windows of nearly equal length,
/// few enough that their texts and segmentations take little memory.
const TAG_TOGETHER: usize = 512;

/// Wraps a stage's error as [`Error::Stage`].
fn failed(stage: Stage) -> impl Fn(Error) -> Error {
    move |e| Error::Stage {
        stage,
        source: Box::new(e),
    }
}

/// Runs `f`, returning a panic in it as [`Error::Panic`].
fn catch<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(Error::from_panic(payload.as_ref())))
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
        self.segment(text, seg)?;
        let mut entities = Vec::new();
        if let Some(t) = &self.tagger {
            t.tag(text, seg, &mut entities)
                .map_err(failed(Stage::Tagger))?;
        }
        self.finish(text, seg, entities)
    }

    /// The segmenter stage: clears `seg` and fills it with the segmentation of `text`.
    fn segment(&self, text: &str, seg: &mut Segmentation) -> Result<()> {
        seg.clear();
        self.segmenter
            .segment_into(text, seg)
            .map_err(failed(Stage::Segmenter))?;
        contract::segmentation(text, seg)
    }

    /// The stages after the tagger, given the tagger's mentions (none without a tagger):
    /// the contract check, countries, groups and quotes.
    fn finish(
        &self,
        text: &str,
        seg: &mut Segmentation,
        mut entities: Vec<Entity>,
    ) -> Result<Analysis> {
        if self.tagger.is_some() {
            contract::entities(text, &mut entities)?;
        }
        let table = self.countries.as_ref().map(Countries::table);
        if let Some(t) = table {
            t.resolve(&mut entities);
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
    /// With a tagger that [batches documents](EntityTagger::batches_documents) (the
    /// transformer tagger), the documents are segmented first, tagged together in one
    /// [`EntityTagger::tag_batch`] call (per 512 documents), and then finished in parallel;
    /// otherwise each document goes through every stage on its own.
    ///
    /// # Panics
    /// As [`Pipeline::analyze`]; [`Pipeline::try_analyze_batch`] isolates each document.
    pub fn analyze_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Analysis> {
        if self.tags_across_documents() {
            return self
                .try_analyze_batch(texts)
                .into_iter()
                .map(|r| r.unwrap_or_else(|e| panic!("whosaid: {e}")))
                .collect();
        }
        self.run_batch(texts, |p, t, seg| p.analyze_with(t.as_ref(), seg))
    }

    /// Analyzes many documents in parallel, one [`Result`] per document, in input order: a
    /// document whose analysis fails (a stage error, a contract breach, or a panic in a
    /// stage, caught and returned as [`Error::Panic`]) costs only its own result. Documents
    /// are tagged together as described at [`Pipeline::analyze_batch`].
    ///
    /// ```
    /// use whosaid::Pipeline;
    /// let docs = ["“Yes,” said Roll.", "", "Москва said “no” to it."];
    /// let results = Pipeline::default().try_analyze_batch(&docs);
    /// assert_eq!(results.len(), 3);
    /// assert!(results.iter().all(|r| r.is_ok()));
    /// ```
    pub fn try_analyze_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Result<Analysis>> {
        if self.tags_across_documents() {
            return self.run_tagged_together(texts, |t| Ok(Cow::Borrowed(t.as_ref())));
        }
        self.run_batch(texts, |p, t, seg| {
            catch(|| p.try_analyze_with(t.as_ref(), seg)).inspect_err(|e| {
                if matches!(e, Error::Panic { .. }) {
                    // The scratch buffers may hold anything after a panic.
                    *seg = Segmentation::default();
                }
            })
        })
    }

    /// Reads and analyzes files in parallel, one [`Result`] per file in input order: a file
    /// that cannot be read ([`Error::Io`]) or is not UTF-8 ([`Error::InvalidUtf8`]) names
    /// itself in its error, and the others are analyzed as with
    /// [`Pipeline::try_analyze_batch`].
    ///
    /// ```
    /// use whosaid::Pipeline;
    /// let dir = std::env::temp_dir().join(format!("whosaid-doc-files-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("a.txt"), "“We agree,” said Roll.")?;
    /// let paths = [dir.join("a.txt"), dir.join("missing.txt")];
    /// let results = Pipeline::default().analyze_files(&paths);
    /// assert_eq!(results[0].as_ref().unwrap().quotes.len(), 1);
    /// assert!(results[1].as_ref().unwrap_err().to_string().contains("missing.txt"));
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn analyze_files<P: AsRef<std::path::Path> + Sync>(
        &self,
        paths: &[P],
    ) -> Vec<Result<Analysis>> {
        let read = |path: &P| crate::io::read_text(path.as_ref()).map(Cow::Owned);
        if self.tags_across_documents() {
            return self.run_tagged_together(paths, read);
        }
        self.run_batch(paths, |p, path, seg| {
            let text = read(path)?;
            catch(|| p.try_analyze_with(&text, seg)).inspect_err(|e| {
                if matches!(e, Error::Panic { .. }) {
                    *seg = Segmentation::default();
                }
            })
        })
    }

    /// Whether the batch entry points tag their documents in one call.
    fn tags_across_documents(&self) -> bool {
        self.tagger.as_ref().is_some_and(|t| t.batches_documents())
    }

    /// The batch path for a tagger that batches documents, [`TAG_TOGETHER`] items at a time
    /// (so that texts and segmentations of a long list are not all held at once).
    fn run_tagged_together<'t, S, F>(&self, items: &'t [S], text_of: F) -> Vec<Result<Analysis>>
    where
        S: Sync,
        F: Fn(&'t S) -> Result<Cow<'t, str>> + Sync,
    {
        let mut out = Vec::with_capacity(items.len());
        for chunk in items.chunks(TAG_TOGETHER) {
            out.extend(self.tag_together(chunk, &text_of));
        }
        out
    }

    /// Reads and segments every item in parallel, tags all segmented documents in one
    /// [`EntityTagger::tag_batch`] call, then runs the later stages in parallel. Each item
    /// keeps its own result.
    fn tag_together<'t, S, F>(&self, items: &'t [S], text_of: &F) -> Vec<Result<Analysis>>
    where
        S: Sync,
        F: Fn(&'t S) -> Result<Cow<'t, str>> + Sync,
    {
        let segmented: Vec<Result<(Cow<'t, str>, Segmentation)>> = self.in_pool(|| {
            items
                .par_iter()
                .map(|item| {
                    let text = text_of(item)?;
                    let mut seg = Segmentation::default();
                    catch(|| self.segment(&text, &mut seg))?;
                    Ok((text, seg))
                })
                .collect()
        });
        let mut tagged: Vec<Option<Result<Vec<Entity>>>> = Vec::with_capacity(items.len());
        if let Some(tagger) = &self.tagger {
            let docs: Vec<TagInput<'_>> = segmented
                .iter()
                .filter_map(|r| r.as_ref().ok())
                .map(|(text, seg)| TagInput::new(text, seg))
                .collect();
            let mut results = tag_all(tagger.as_ref(), &docs).into_iter();
            tagged.extend(
                segmented
                    .iter()
                    .map(|r| r.as_ref().ok().and_then(|_| results.next())),
            );
        }
        tagged.resize_with(items.len(), || None);
        self.in_pool(|| {
            segmented
                .into_par_iter()
                .zip(tagged)
                .map(|(doc, entities)| {
                    let (text, mut seg) = doc?;
                    let entities = entities.transpose()?.unwrap_or_default();
                    catch(|| self.finish(&text, &mut seg, entities))
                })
                .collect()
        })
    }

    /// Runs `run` in the pipeline's thread pool (rayon's global pool without one).
    fn in_pool<R: Send>(&self, run: impl FnOnce() -> R + Send) -> R {
        match &self.pool {
            Some(pool) => pool.install(run),
            None => run(),
        }
    }

    fn run_batch<S, R, F>(&self, items: &[S], f: F) -> Vec<R>
    where
        S: Sync,
        R: Send,
        F: Fn(&Pipeline, &S, &mut Segmentation) -> R + Sync,
    {
        self.in_pool(|| {
            items
                .par_iter()
                .map_init(Segmentation::default, |seg, t| f(self, t, seg))
                .collect()
        })
    }
}

/// Tags the documents in one [`EntityTagger::tag_batch`] call: one result per document, the
/// tagger's errors as [`Error::Stage`]. When that call panics, each document is tagged on
/// its own, so that only a document that panics again loses its result.
fn tag_all(tagger: &dyn EntityTagger, docs: &[TagInput<'_>]) -> Vec<Result<Vec<Entity>>> {
    if docs.is_empty() {
        return Vec::new();
    }
    match catch(|| Ok(tagger.tag_batch(docs))) {
        Ok(results) if results.len() == docs.len() => results
            .into_iter()
            .map(|r| r.map_err(failed(Stage::Tagger)))
            .collect(),
        Ok(results) => {
            let reason = format!(
                "tag_batch returned {} results for {} documents",
                results.len(),
                docs.len()
            );
            docs.iter()
                .map(|_| {
                    Err(Error::Contract {
                        stage: Stage::Tagger,
                        reason: reason.clone(),
                    })
                })
                .collect()
        }
        Err(_) => docs
            .iter()
            .map(|d| {
                catch(|| {
                    let mut out = Vec::new();
                    tagger
                        .tag(d.text, d.seg, &mut out)
                        .map_err(failed(Stage::Tagger))?;
                    Ok(out)
                })
            })
            .collect(),
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
