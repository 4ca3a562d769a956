//! A guide to whosaid beyond the first example: custom stages, the transformer tagger, the
//! JSON contract, threads and errors. Each section is a module with no code of its own.

/// Writing a custom stage: a segmenter, a tagger or an attributor of your own.
///
/// Each stage is a trait with one method that appends to an output buffer and returns a
/// `Result`. The pipeline checks what a stage returns (see each trait's *Contract*) and
/// reports a breach as [`Error::Contract`](crate::Error::Contract) naming the stage, so a
/// wrong stage never makes a later one panic.
///
/// A tagger fills each mention's span and kind with [`Entity::new`](crate::Entity::new);
/// the pipeline fills `text` (when left empty), resolves countries and sets `group`:
///
/// ```
/// use whosaid::entities::EntityTagger;
/// use whosaid::segment::Segmentation;
/// use whosaid::{Entity, EntityKind, Pipeline, Span};
///
/// /// Tags every token written in capitals of three letters or more as an organization.
/// struct Acronyms;
///
/// impl EntityTagger for Acronyms {
///     fn tag(&self, text: &str, seg: &Segmentation, out: &mut Vec<Entity>) -> whosaid::Result<()> {
///         for &t in &seg.tokens {
///             let w = &text[t];
///             if w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase()) {
///                 out.push(Entity::new(t, EntityKind::Organization));
///             }
///         }
///         Ok(())
///     }
/// }
///
/// let p = Pipeline::builder().tagger(Acronyms).build()?;
/// let text = "“We are ready,” the NATO envoy told ERR in Москва.";
/// let a = p.analyze(text);
/// let names: Vec<&str> = a.entities.iter().map(|e| e.text.as_str()).collect();
/// assert_eq!(names, ["NATO", "ERR"]);
/// assert_eq!(a.entities[1].span, Span::new(40, 43));
/// # Ok::<(), whosaid::Error>(())
/// ```
///
/// To add names to the built-in tagger instead of replacing it, layer a
/// [`Gazetteer`](crate::entities::Gazetteer) over it with
/// [`PipelineBuilder::gazetteer`](crate::PipelineBuilder::gazetteer).
///
/// A tagger that works faster on many documents at once (a model served in batches)
/// overrides [`EntityTagger::tag_batch`](crate::entities::EntityTagger::tag_batch) and returns
/// `true` from [`batches_documents`](crate::entities::EntityTagger::batches_documents); the
/// batch entry points then call it once per 512 documents
/// ([`TagInput`](crate::entities::TagInput)s), and still check and isolate each document's
/// result.
///
/// An attributor builds quotes with [`Quote::new`](crate::Quote::new) and its `with_*`
/// methods; the pipeline fills `text` and `speaker_text`. A stage that can fail (a
/// remote service, a model backend) returns its error, which
/// [`Pipeline::try_analyze`](crate::Pipeline::try_analyze) reports as
/// [`Error::Stage`](crate::Error::Stage) with the stage named and the error as its source.
pub mod custom_stage {}

/// The transformer tagger (feature `transformer`).
///
/// `entities::TransformerTagger` runs a BERT-family token-classification model with
/// rust-bert on libtorch. Nothing is downloaded at run or build time: set up a CPU libtorch
/// from PyPI wheels and point the tagger at a local model folder (`config.json` with
/// `id2label`, `vocab.txt` or `tokenizer.json`, and `.safetensors` or `.ot` weights):
///
/// ```text
/// scripts/setup-libtorch.sh                       # CPU libtorch 2.4.0 into .libtorch
/// # .cargo/config.toml points LIBTORCH there (an exported LIBTORCH wins)
/// cargo run --release --features transformer --example extract -- --transformer MODEL_DIR article.txt
/// ```
///
/// In code:
///
/// ```ignore
/// let tagger = whosaid::entities::TransformerTagger::load("models/minilm-conll")?;
/// let pipeline = whosaid::Pipeline::builder().tagger(tagger).build()?;
/// ```
///
/// The tagger converts rust-bert's character offsets to byte spans in one tested function;
/// a libtorch failure comes back as [`Error::Backend`](crate::Error::Backend) inside
/// [`Error::Stage`](crate::Error::Stage). It is about 250 times slower than the built-in
/// tagger for a CoNLL F1 gain of about 0.3 (see the README).
///
/// **Batches.** Give the pipeline many documents at once
/// ([`Pipeline::try_analyze_batch`](crate::Pipeline::try_analyze_batch),
/// [`analyze_files`](crate::Pipeline::analyze_files)): the tagger then sees up to 512 of
/// them in one [`EntityTagger::tag_batch`](crate::entities::EntityTagger::tag_batch) call, sorts the
/// sentence windows of all documents by length and fills each forward pass with windows of
/// nearly the same length (padding 9.5 % → 2.2 % on 20 news articles). The entities are
/// those found document by document; each document keeps its own `Result`.
/// `TransformerTagger::stats` counts what the model computed, padding included:
///
/// ```ignore
/// let tagger = std::sync::Arc::new(TransformerTagger::builder(dir).batch_size(32).build()?);
/// let before = tagger.stats();
/// let results = pipeline.try_analyze_batch(&texts);
/// let run = tagger.stats().since(&before);
/// println!("{} passes, {:.1} % padding", run.forward_passes, 100.0 * run.padding_fraction());
/// ```
///
/// **Threads.** Tagging runs between the parallel stages (segmentation before it, groups and
/// quotes after it), so the pipeline's threads and libtorch's intra-op threads
/// take turns. libtorch's OpenMP threads spin while they wait for each other: on a busy
/// 2-core machine one libtorch thread (`TransformerTaggerBuilder::threads(1)`, or
/// `OMP_NUM_THREADS=1`) was about 4 times faster than two. Measure yours with
/// `cargo bench --features transformer --bench transformer`, which also shows the glibc
/// setting that keeps the gain of sorted batches (see the README).
pub mod transformer {}

/// The JSON contract: what `serde_json::to_string(&analysis)` (and the `extract` example)
/// writes, field by field. Fields are only ever added, never renamed or removed; the test
/// `tests/api.rs` compares `extract`'s output with a committed golden file.
///
/// ```text
/// {"paragraphs": [{"start": 0, "end": 30}, …],
///  "sentences":  [{"start", "end", "paragraph", "first_token", "end_token"}, …],
///  "tokens":     [{"start", "end"}, …]            (only when kept and not empty)
///  "entities":   [{"start", "end", "text", "kind", "country"?, "group"?}, …],
///  "groups":     [{"id", "kind", "name", "country"?, "mentions": [entity ids]}, …],
///  "quotes":     [{"kind", "content": {"start","end"}, "cue": span|null,
///                  "speaker": span|null, "speaker_name": string|null,
///                  "speaker_group"?, "speaker_kind": "person"|"organization"|null,
///                  "confidence": number, "text", "speaker_text"?}, …]}
/// ```
///
/// * Every `start`/`end` is a **byte** offset into the UTF-8 text (Python users: the
///   bindings convert to code points).
/// * `kind` is `person|organization|country|location|nationality|misc` for entities and
///   `direct|mixed|indirect` for quotes; `country` is an ISO 3166-1 alpha-2 code.
/// * `group`, `mentions` and `speaker_group` are plain integers: indices into `groups` and
///   `entities` ([`GroupId`](crate::GroupId), [`EntityId`](crate::EntityId) in Rust).
/// * A direct quote's `content` (and `text`) includes its quotation marks;
///   [`Quote::words`](crate::Quote::words) strips them. A reported clause's content
///   includes its complementizer ("that the plan was finished"), as PolNeAR annotates it.
/// * `speaker_group` is always a person or organization group, and `speaker_kind` says
///   which the speaker is even without a name ("the minister": a person); `confidence`
///   (0 to 1) is the share of attributions like it that were right on held-out data.
/// * Fields marked `?` are left out when empty.
///
/// The JSON reads back into an [`Analysis`](crate::Analysis) with serde; spans are checked
/// (`start <= end`) and country codes must be ISO codes.
pub mod json {}

/// Threads: a [`Pipeline`](crate::Pipeline) is `Send + Sync`; build it once and share it.
///
/// [`Pipeline::analyze_batch`](crate::Pipeline::analyze_batch),
/// [`try_analyze_batch`](crate::Pipeline::try_analyze_batch) and
/// [`analyze_files`](crate::Pipeline::analyze_files) run documents in parallel with rayon,
/// in rayon's global pool unless the builder was given
/// [`threads(n)`](crate::PipelineBuilder::threads) (a pool of its own). Results come back
/// in input order. Inside a worker process that already runs one task per core (Spark,
/// multiprocessing), use `threads(1)` to avoid oversubscription. For a hot single-threaded
/// loop, [`Pipeline::try_analyze_with`](crate::Pipeline::try_analyze_with) reuses a
/// [`Segmentation`](crate::segment::Segmentation)'s buffers. With a tagger that
/// [batches documents](crate::entities::EntityTagger::batches_documents) (the transformer
/// tagger), the batch entry points segment every document in parallel, tag them all in one
/// call, then finish them in parallel (see [`transformer`]).
///
/// ```
/// use whosaid::Pipeline;
/// let p = Pipeline::builder().threads(2).build()?;
/// let docs: Vec<String> = (0..8).map(|i| format!("“Point {i},” said Roll.")).collect();
/// let out = p.analyze_batch(&docs);
/// assert!(out.iter().enumerate().all(|(i, a)| a.quotes[0].text.contains(&i.to_string())));
/// # Ok::<(), whosaid::Error>(())
/// ```
pub mod threads {}

/// Errors: one type, [`Error`](crate::Error), that keeps its source.
///
/// * Building: [`PipelineBuilder::build`](crate::PipelineBuilder::build) returns
///   `Error::Config` for settings that cannot work and `Error::Model` for a model that fails
///   its checks; it never panics.
/// * Analyzing: [`Pipeline::analyze`](crate::Pipeline::analyze) cannot fail with the
///   built-in stages. With custom stages, [`Pipeline::try_analyze`](crate::Pipeline::try_analyze)
///   returns `Error::Stage` (a stage's own error, as `source`) or `Error::Contract` (a
///   stage's output breaks the contract).
/// * Batches: [`Pipeline::try_analyze_batch`](crate::Pipeline::try_analyze_batch) and
///   [`Pipeline::analyze_files`](crate::Pipeline::analyze_files) give one `Result` per
///   document; a panic inside a stage is caught and returned as `Error::Panic`, so one bad
///   document never costs the batch. Files that cannot be read are `Error::Io` or
///   `Error::InvalidUtf8`, naming the file.
///
/// ```
/// use whosaid::{Error, Pipeline};
/// let results = Pipeline::default().analyze_files(&["no/such/file.txt"]);
/// match &results[0] {
///     Err(Error::Io { path, .. }) => assert!(path.ends_with("file.txt")),
///     other => panic!("{other:?}"),
/// }
/// ```
pub mod errors {}
