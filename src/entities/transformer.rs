//! Transformer entity tagger (feature `transformer`): a BERT token-classification model run by
//! [rust-bert](https://docs.rs/rust-bert) on libtorch.
//!
//! [`TransformerTagger`] loads a local model folder, the layout Hugging Face uses and
//! `examples/train_transformer.rs` writes:
//!
//! * `config.json`: a BERT config with `id2label` (CoNLL `B-PER`/`I-ORG`/…, OntoNotes
//!   `B-PERSON`/`B-GPE`/`B-NORP`/…, BIO, BIOES or BILOU);
//! * `vocab.txt` (WordPiece vocabulary) or `tokenizer.json` (read with the `tokenizers` crate);
//!   casing comes from `tokenizer.json`'s normalizer, else `tokenizer_config.json`'s
//!   `do_lower_case`, else from whether the vocabulary has upper-case entries;
//! * weights: `model.safetensors`, `rust_model.ot` or `model.ot`, with tensor names
//!   `bert.…` and `classifier.…`.
//!
//! Nothing is ever downloaded. The model runs on [`Device::Cpu`] unless the builder is given
//! another device.
//!
//! **How tagging works.** Each sentence of the [`Segmentation`] is tokenized into WordPieces;
//! a sentence longer than the model's maximum length is cut into windows at word boundaries.
//! Windows go to `TokenClassificationModel::predict` in batches of at most `batch_size`
//! (see below), sorted by length so that little padding is computed; a pass ends early where
//! the next windows are much shorter than its first (see `plan_passes`). The pipeline's batch
//! entry points ([`Pipeline::try_analyze_batch`](crate::Pipeline::try_analyze_batch) and
//! its siblings) hand up to 512 documents to [`EntityTagger::tag_batch`] at once, which sorts
//! the windows of *all* documents together: forward passes then hold windows of nearly the
//! same length, and a short document no longer pays a pass of its own. With several
//! [replicas](TransformerTaggerBuilder::replicas) of the model, the passes run at once, one
//! per replica, and their labels are scattered back exactly as when they run in turn.
//! [`TransformerTagger::stats`] counts the positions computed, padding included. Each
//! WordPiece comes
//! back with a label and a *character* offset into its window; [`char_span_to_bytes`] turns
//! that into a byte span of the original text. Labels are then read per word — the
//! segmenter's tokens, which follow CoNLL tokenization — from the word's first WordPiece
//! (the piece the model is trained on, see `examples/train_transformer.rs`), and BIO/BIOES
//! chunks of words become [`Entity`] values. Label types map to kinds with [`label_kind`].
//!
//! **rust-bert batching bug.** In rust-bert 0.20 to 0.23, `TokenClassificationModel::predict`
//! reads the features of every batch after the first as if they were the first batch's: with
//! more than `batch_size` inputs (or inputs split into more features than that) in one call it
//! panics with `select(): index … out of range` or labels the wrong sentence. This tagger
//! never lets rust-bert split: every window fits the maximum length (so it is one feature), and
//! each call gets at most one batch.

use super::{EntityTagger, TagInput};
use crate::segment::Segmentation;
use crate::span::char_range_to_span;
use crate::{Entity, EntityKind, Error, Result, Span};
use rust_bert::bert::BertConfig;
use rust_bert::pipelines::common::{ModelResource, ModelType, TokenizerOption};
use rust_bert::pipelines::token_classification::{
    LabelAggregationOption, TokenClassificationConfig, TokenClassificationModel,
};
use rust_bert::resources::LocalResource;
use rust_tokenizers::tokenizer::BertTokenizer;
use rust_tokenizers::vocab::{BertVocab, Vocab};
use rust_tokenizers::Mask;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, TryLockError};

pub use tch::Device;

/// Weight file names tried, in order.
pub const WEIGHT_FILES: [&str; 3] = ["model.safetensors", "rust_model.ot", "model.ot"];

/// Where a label puts its word within an entity chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boundary {
    /// Starts a chunk (`B-`).
    Begin,
    /// Continues a chunk (`I-`, or a bare type in IO schemes).
    Inside,
    /// Ends a chunk (`E-`, `L-`).
    End,
    /// A one-word chunk (`S-`, `U-`).
    Single,
}

/// Maps a model label (`B-PER`, `I-GPE`, `S-NORP`, `PERSON`, …) onto a chunk boundary and an
/// [`EntityKind`].
///
/// PER/PERSON → person; ORG/ORGANIZATION → organization; LOC/LOCATION/GPE/FAC → location (the
/// pipeline's country table later promotes country names); MISC/NORP → misc (the pipeline
/// promotes demonyms to nationalities). `O` and every other type (DATE, MONEY, …) give `None`.
///
/// ```
/// use whosaid::entities::transformer::{label_kind, Boundary};
/// use whosaid::EntityKind;
/// assert_eq!(label_kind("B-PER"), Some((Boundary::Begin, EntityKind::Person)));
/// assert_eq!(label_kind("I-GPE"), Some((Boundary::Inside, EntityKind::Location)));
/// assert_eq!(label_kind("B-DATE"), None);
/// assert_eq!(label_kind("O"), None);
/// ```
pub fn label_kind(label: &str) -> Option<(Boundary, EntityKind)> {
    let label = label.trim();
    let (boundary, ty) = match label.split_once(['-', '_']) {
        Some((p, ty)) if p.len() == 1 => {
            let b = match p.to_ascii_uppercase().as_str() {
                "B" => Boundary::Begin,
                "I" => Boundary::Inside,
                "E" | "L" => Boundary::End,
                "S" | "U" => Boundary::Single,
                _ => return None,
            };
            (b, ty)
        }
        _ => (Boundary::Inside, label),
    };
    let kind = match ty.to_ascii_uppercase().as_str() {
        "PER" | "PERSON" => EntityKind::Person,
        "ORG" | "ORGANIZATION" | "ORGANISATION" => EntityKind::Organization,
        "LOC" | "LOCATION" | "GPE" | "FAC" => EntityKind::Location,
        "MISC" | "NORP" => EntityKind::Misc,
        _ => return None,
    };
    Some((boundary, kind))
}

/// Converts a character range of `sentence` (as rust-bert reports offsets) into a byte span of
/// the original text, where `sentence` starts at byte `sentence_start`.
///
/// Returns `None` when the range lies outside the sentence or is empty.
///
/// ```
/// use whosaid::entities::transformer::char_span_to_bytes;
/// let text = "Intro. “Москва” — Tallinn";
/// let sentence = &text[7..];
/// let span = char_span_to_bytes(sentence, 7, 1, 7).unwrap();
/// assert_eq!(&text[span], "Москва");
/// ```
pub fn char_span_to_bytes(
    sentence: &str,
    sentence_start: usize,
    char_start: usize,
    char_end: usize,
) -> Option<Span> {
    let span = char_range_to_span(sentence, char_start, char_end)?;
    (!span.is_empty()).then(|| span.shift(sentence_start))
}

fn model_err(dir: &Path, reason: impl Into<String>) -> Error {
    Error::Model {
        what: format!("transformer {}", dir.display()),
        reason: reason.into(),
    }
}

/// Casing of a WordPiece tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Casing {
    lower_case: bool,
    strip_accents: bool,
}

fn casing_from_tokenizer_json(tok: &tokenizers::Tokenizer) -> Option<Casing> {
    use tokenizers::NormalizerWrapper as N;
    fn walk(n: &N, c: &mut Casing, seen: &mut bool) {
        match n {
            N::BertNormalizer(b) => {
                *seen = true;
                c.lower_case = b.lowercase;
                // Hugging Face: strip_accents unset follows lowercase.
                c.strip_accents = b.strip_accents.unwrap_or(b.lowercase);
            }
            N::Lowercase(_) => {
                *seen = true;
                c.lower_case = true;
            }
            N::StripAccents(_) => {
                *seen = true;
                c.strip_accents = true;
            }
            N::Sequence(s) => {
                for n in s.get_normalizers() {
                    walk(n, c, seen);
                }
            }
            _ => {}
        }
    }
    let mut c = Casing {
        lower_case: false,
        strip_accents: false,
    };
    let mut seen = false;
    walk(tok.get_normalizer()?, &mut c, &mut seen);
    seen.then_some(c)
}

fn casing_from_tokenizer_config(dir: &Path) -> Result<Option<Casing>> {
    let path = dir.join("tokenizer_config.json");
    if !path.is_file() {
        return Ok(None);
    }
    let v: serde_json::Value = serde_json::from_str(&crate::io::read_text(&path)?)
        .map_err(|e| model_err(dir, format!("tokenizer_config.json: {e}")))?;
    Ok(v.get("do_lower_case")
        .and_then(serde_json::Value::as_bool)
        .map(|lower| Casing {
            lower_case: lower,
            strip_accents: v
                .get("strip_accents")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(lower),
        }))
}

/// Reads a WordPiece vocabulary given as `token → id` (from `tokenizer.json`) by writing it
/// out in `vocab.txt` form, one token per line in id order, to a temporary file.
fn vocab_from_map(dir: &Path, values: HashMap<String, u32>) -> Result<BertVocab> {
    let n = values.values().max().map_or(0, |&m| m as usize + 1);
    let mut lines = vec![String::new(); n];
    for (token, id) in values {
        lines[id as usize] = token;
    }
    for (i, l) in lines.iter_mut().enumerate() {
        if l.is_empty() || l.contains('\n') {
            *l = format!("[whosaid-unused-{i}]");
        }
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let tmp =
        std::env::temp_dir().join(format!("whosaid-vocab-{}-{nanos}.txt", std::process::id()));
    std::fs::write(&tmp, lines.join("\n") + "\n").map_err(|source| Error::Io {
        path: tmp.clone(),
        source,
    })?;
    let vocab = BertVocab::from_file(&tmp);
    let _ = std::fs::remove_file(&tmp);
    vocab.map_err(|e| model_err(dir, format!("tokenizer.json vocabulary: {e}")))
}

/// Loads the WordPiece tokenizer of a model folder: `vocab.txt` if present, else the vocabulary
/// of `tokenizer.json`; casing as described in the [module docs](self).
///
/// Used by [`TransformerTagger`] and by `examples/train_transformer.rs`, so that training and
/// tagging split words identically.
pub fn load_tokenizer(dir: &Path) -> Result<TokenizerOption> {
    let vocab_txt = dir.join("vocab.txt");
    let tok_json = dir.join("tokenizer.json");
    let hf = if tok_json.is_file() {
        Some(
            tokenizers::Tokenizer::from_file(&tok_json)
                .map_err(|e| model_err(dir, format!("tokenizer.json: {e}")))?,
        )
    } else {
        None
    };
    let vocab: BertVocab = if vocab_txt.is_file() {
        BertVocab::from_file(&vocab_txt).map_err(|e| model_err(dir, format!("vocab.txt: {e}")))?
    } else if let Some(hf) = &hf {
        if !matches!(hf.get_model(), tokenizers::ModelWrapper::WordPiece(_)) {
            return Err(model_err(
                dir,
                "tokenizer.json is not a WordPiece tokenizer",
            ));
        }
        vocab_from_map(dir, hf.get_vocab(true))?
    } else {
        return Err(model_err(dir, "no vocab.txt or tokenizer.json"));
    };
    for t in ["[PAD]", "[CLS]", "[SEP]", "[UNK]"] {
        if !vocab.values().contains_key(t) {
            return Err(model_err(dir, format!("the vocabulary has no {t} token")));
        }
    }
    let casing = match hf.as_ref().and_then(casing_from_tokenizer_json) {
        Some(c) => c,
        None => match casing_from_tokenizer_config(dir)? {
            Some(c) => c,
            None => {
                // An uncased vocabulary has no upper-case entries besides [UNK]-style markers.
                let cased = vocab
                    .values()
                    .keys()
                    .any(|k| !k.starts_with('[') && k.chars().any(char::is_uppercase));
                Casing {
                    lower_case: !cased,
                    strip_accents: !cased,
                }
            }
        },
    };
    Ok(TokenizerOption::Bert(BertTokenizer::from_existing_vocab(
        vocab,
        casing.lower_case,
        casing.strip_accents,
    )))
}

/// Reads and checks `config.json`: a BERT config whose `id2label` numbers labels `0..n`.
///
/// Returns the config and the labels in id order.
pub fn read_config(dir: &Path) -> Result<(BertConfig, Vec<String>)> {
    let path = dir.join("config.json");
    if !path.is_file() {
        return Err(model_err(dir, "no config.json"));
    }
    let text = crate::io::read_text(&path)?;
    let raw: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| model_err(dir, format!("config.json: {e}")))?;
    if let Some(t) = raw.get("model_type").and_then(serde_json::Value::as_str) {
        if t != "bert" {
            return Err(model_err(
                dir,
                format!("config.json: model_type {t:?} is not supported (only \"bert\")"),
            ));
        }
    }
    let config: BertConfig =
        serde_json::from_value(raw).map_err(|e| model_err(dir, format!("config.json: {e}")))?;
    let id2label = config
        .id2label
        .as_ref()
        .filter(|m| !m.is_empty())
        .ok_or_else(|| model_err(dir, "config.json has no id2label"))?;
    let mut labels = Vec::with_capacity(id2label.len());
    for id in 0..id2label.len() as i64 {
        let l = id2label
            .get(&id)
            .ok_or_else(|| model_err(dir, format!("config.json: id2label has no id {id}")))?;
        labels.push(l.clone());
    }
    if config.max_position_embeddings < 4 {
        return Err(model_err(dir, "config.json: max_position_embeddings < 4"));
    }
    Ok((config, labels))
}

/// Configures a [`TransformerTagger`]; see [`TransformerTagger::builder`].
#[derive(Debug, Clone)]
pub struct TransformerTaggerBuilder {
    dir: PathBuf,
    device: Device,
    batch_size: usize,
    max_length: Option<usize>,
    threads: Option<usize>,
    replicas: usize,
}

impl TransformerTaggerBuilder {
    /// libtorch's intra-op threads (`tch::set_num_threads`), set by [`build`](Self::build)
    /// for the **whole process**; at least 1, else `build` returns [`Error::Config`].
    /// Default: left as libtorch set it (one per core, or `OMP_NUM_THREADS`), except with
    /// more than one [replica](Self::replicas), where it is 1.
    ///
    /// libtorch's OpenMP threads wait for each other by spinning: when other processes keep
    /// the cores busy, a forward pass on several threads can take many times longer than on
    /// one. On a shared 2-core machine, 1 thread analyzed 20 news articles about 4× faster
    /// than 2 (see the README); on idle cores more threads can be faster. Measure with
    /// `cargo bench --features transformer --bench transformer`.
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = Some(n);
        self
    }

    /// The device to run on (default [`Device::Cpu`]; e.g. `Device::Cuda(0)` with a CUDA
    /// libtorch).
    pub fn device(mut self, device: Device) -> Self {
        self.device = device;
        self
    }

    /// Windows per forward pass (default 32; at least 1, else [`build`](Self::build) returns
    /// [`Error::Config`]). Windows are sorted by length before they are cut into forward
    /// passes — across all the documents of a
    /// [`tag_batch`](EntityTagger::tag_batch) call — so that little padding is computed.
    pub fn batch_size(mut self, n: usize) -> Self {
        self.batch_size = n;
        self
    }

    /// Copies of the model loaded (default 1; at least 1, else [`build`](Self::build) returns
    /// [`Error::Config`]). With more than one, the forward passes of a
    /// [`tag_batch`](EntityTagger::tag_batch) call (and of a long document) run at the same
    /// time, one per replica, each replica on its own thread taking the next pass as it
    /// finishes one; single documents tagged from several threads at once each take a free
    /// replica. The entities are the same as with one replica.
    ///
    /// **Memory:** each replica holds its own copy of the weights (about the size of the
    /// weight file, e.g. 4 × 90 MB for 4 replicas of a MiniLM), plus the activations of the
    /// passes running at once.
    ///
    /// **Threads:** unless [`threads`](Self::threads) is set, `build` sets libtorch's
    /// intra-op threads to 1 for the **whole process** when there is more than one replica:
    /// concurrent passes that each spread over every core would oversubscribe the cores,
    /// and libtorch's OpenMP threads spin while they wait. One thread per pass and one pass
    /// per core uses the cores without that waiting, which pays most on a busy machine; on
    /// idle cores and with few, large passes, one replica on all cores can be as fast. A
    /// sensible choice is one replica per core. Measure with
    /// `cargo bench --features transformer --bench transformer`
    /// (`WHOSAID_BENCH_REPLICAS`).
    pub fn replicas(mut self, n: usize) -> Self {
        self.replicas = n;
        self
    }

    /// Longest window in WordPieces, `[CLS]` and `[SEP]` included (default and upper bound:
    /// the model's `max_position_embeddings`).
    pub fn max_length(mut self, n: usize) -> Self {
        self.max_length = Some(n);
        self
    }

    /// Loads the model.
    pub fn build(self) -> Result<TransformerTagger> {
        let dir = self.dir;
        if !dir.is_dir() {
            return Err(model_err(&dir, "no such folder"));
        }
        if self.batch_size == 0 {
            return Err(Error::Config("batch_size must be at least 1".into()));
        }
        if self.replicas == 0 {
            return Err(Error::Config("replicas must be at least 1".into()));
        }
        let threads = match self.threads {
            Some(0) => return Err(Error::Config("threads must be at least 1".into())),
            Some(n) => Some(
                i32::try_from(n).map_err(|_| Error::Config(format!("threads: {n} is too many")))?,
            ),
            // Concurrent passes on several replicas: one libtorch thread each.
            None => (self.replicas > 1).then_some(1),
        };
        let (config, labels) = read_config(&dir)?;
        let model_max = config.max_position_embeddings as usize;
        let max_length = self.max_length.unwrap_or(model_max);
        if !(3..=model_max).contains(&max_length) {
            return Err(Error::Config(format!(
                "max_length must be between 3 and {model_max}, got {max_length}"
            )));
        }
        let weights = WEIGHT_FILES
            .iter()
            .map(|f| dir.join(f))
            .find(|p| p.is_file())
            .ok_or_else(|| {
                model_err(
                    &dir,
                    format!("no weights (looked for {})", WEIGHT_FILES.join(", ")),
                )
            })?;
        let vocab_file = if dir.join("vocab.txt").is_file() {
            dir.join("vocab.txt")
        } else {
            dir.join("tokenizer.json")
        };
        let load_model = || -> Result<Mutex<TokenClassificationModel>> {
            let mut tc = TokenClassificationConfig::new(
                ModelType::Bert,
                ModelResource::Torch(Box::new(LocalResource::from(weights.clone()))),
                LocalResource::from(dir.join("config.json")),
                LocalResource::from(vocab_file.clone()),
                None,
                false,
                None,
                None,
                LabelAggregationOption::First,
            );
            tc.device = self.device;
            tc.batch_size = self.batch_size;
            TokenClassificationModel::new_with_tokenizer(tc, load_tokenizer(&dir)?)
                .map(Mutex::new)
                .map_err(|e| model_err(&dir, e.to_string()))
        };
        let models = (0..self.replicas)
            .map(|_| load_model())
            .collect::<Result<Vec<_>>>()?;
        let window_tokenizer = load_tokenizer(&dir)?;
        if let Some(n) = threads {
            tch::set_num_threads(n);
        }
        let kinds = labels.iter().map(|l| label_kind(l)).collect();
        Ok(TransformerTagger {
            models,
            tokenizer: window_tokenizer,
            labels,
            kinds,
            max_pieces: max_length - 2,
            batch_size: self.batch_size,
            counts: Counters::default(),
        })
    }
}

/// A [`EntityTagger`] backed by a rust-bert BERT token-classification model.
///
/// ```no_run
/// use whosaid::entities::TransformerTagger;
/// use whosaid::Pipeline;
/// let tagger = TransformerTagger::load("models/minilm-conll")?;
/// let pipeline = Pipeline::builder().tagger(tagger).build()?;
/// let analysis = pipeline.analyze("“We are ready,” said Madis Roll in Tallinn.");
/// # Ok::<(), whosaid::Error>(())
/// ```
///
/// The model sits behind a mutex, and libtorch spreads each forward pass over its own
/// threads; with several [replicas](TransformerTaggerBuilder::replicas), passes run on the
/// replicas at once, one libtorch thread each. [`Pipeline::analyze_batch`](crate::Pipeline::analyze_batch) segments its
/// documents in parallel, tags them all in one [`EntityTagger::tag_batch`] call (windows of
/// all documents sorted by length), then runs the later stages in parallel: the model and
/// the pipeline's threads take turns instead of competing for the cores.
pub struct TransformerTagger {
    /// The replicas of the model, at least one.
    models: Vec<Mutex<TokenClassificationModel>>,
    tokenizer: TokenizerOption,
    labels: Vec<String>,
    kinds: Vec<Option<(Boundary, EntityKind)>>,
    max_pieces: usize,
    batch_size: usize,
    counts: Counters,
}

/// Running totals behind [`TransformerTagger::stats`].
#[derive(Debug, Default)]
struct Counters {
    windows: AtomicU64,
    positions: AtomicU64,
    padded_positions: AtomicU64,
    forward_passes: AtomicU64,
}

/// What a [`TransformerTagger`] has fed its model so far, from
/// [`TransformerTagger::stats`]: a deterministic measure of the work done, padding included.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TransformerStats {
    /// Windows (sentences, or pieces of sentences longer than the maximum length) tagged.
    pub windows: u64,
    /// WordPieces of those windows, `[CLS]` and `[SEP]` included.
    pub positions: u64,
    /// Positions the model computed: `positions` plus the padding that makes every window of
    /// a forward pass as long as its longest.
    pub padded_positions: u64,
    /// Forward passes run.
    pub forward_passes: u64,
}

impl TransformerStats {
    /// The share of computed positions that were padding (0 when nothing ran).
    pub fn padding_fraction(&self) -> f64 {
        if self.padded_positions == 0 {
            0.0
        } else {
            1.0 - self.positions as f64 / self.padded_positions as f64
        }
    }

    /// The counts accumulated since `earlier`, an older reading of the same tagger (a count
    /// that went down, from a reading of another tagger, gives 0).
    pub fn since(&self, earlier: &TransformerStats) -> TransformerStats {
        TransformerStats {
            windows: self.windows.saturating_sub(earlier.windows),
            positions: self.positions.saturating_sub(earlier.positions),
            padded_positions: self
                .padded_positions
                .saturating_sub(earlier.padded_positions),
            forward_passes: self.forward_passes.saturating_sub(earlier.forward_passes),
        }
    }
}

impl std::fmt::Debug for TransformerTagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransformerTagger")
            .field("labels", &self.labels)
            .field("max_length", &(self.max_pieces + 2))
            .field("batch_size", &self.batch_size)
            .field("replicas", &self.models.len())
            .finish()
    }
}

/// One piece of a sentence sent to the model.
struct Window {
    /// Index of the document in a [`EntityTagger::tag_batch`] call (0 for one document).
    doc: usize,
    sentence: usize,
    /// First character of the window within its sentence.
    char_start: usize,
    text: String,
    pieces: usize,
}

/// A WordPiece as rust-bert returns it: character offsets into its window, label index.
#[derive(Clone, Copy)]
struct Predicted {
    chars: (usize, usize),
    label: usize,
    word_start: bool,
}

/// A WordPiece with its predicted label, as a byte span of the original text.
#[derive(Clone, Copy)]
struct Piece {
    span: Span,
    label: usize,
    word_start: bool,
}

impl TransformerTagger {
    /// Loads a model folder on the CPU with default settings.
    pub fn load(dir: impl AsRef<Path>) -> Result<Self> {
        Self::builder(dir).build()
    }

    /// A builder for the model in `dir`.
    pub fn builder(dir: impl AsRef<Path>) -> TransformerTaggerBuilder {
        TransformerTaggerBuilder {
            dir: dir.as_ref().to_path_buf(),
            device: Device::Cpu,
            batch_size: 32,
            max_length: None,
            threads: None,
            replicas: 1,
        }
    }

    /// The model's labels, in id order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Longest window in WordPieces, special tokens included.
    pub fn max_length(&self) -> usize {
        self.max_pieces + 2
    }

    /// Windows per forward pass.
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    /// Copies of the model loaded; see [`TransformerTaggerBuilder::replicas`].
    pub fn replicas(&self) -> usize {
        self.models.len()
    }

    /// What the model has been fed since the tagger was loaded: windows, WordPieces,
    /// positions computed with padding, forward passes. Take two readings and
    /// [`since`](TransformerStats::since) to measure one run.
    pub fn stats(&self) -> TransformerStats {
        let c = &self.counts;
        TransformerStats {
            windows: c.windows.load(Ordering::Relaxed),
            positions: c.positions.load(Ordering::Relaxed),
            padded_positions: c.padded_positions.load(Ordering::Relaxed),
            forward_passes: c.forward_passes.load(Ordering::Relaxed),
        }
    }

    fn label_index(&self, label: &str, index: i64) -> usize {
        usize::try_from(index)
            .ok()
            .filter(|&i| self.labels.get(i).is_some_and(|l| l == label))
            .or_else(|| self.labels.iter().position(|l| l == label))
            .unwrap_or(usize::MAX)
    }

    /// Cuts `sentence` (chars `[from, to)`) into windows of at most `max_pieces` WordPieces,
    /// at word boundaries where possible.
    fn push_windows(
        &self,
        doc: usize,
        sentence_idx: usize,
        sentence: &str,
        from: usize,
        to: usize,
        out: &mut Vec<Window>,
    ) {
        let Some(span) = char_range_to_span(sentence, from, to) else {
            return;
        };
        let text = &sentence[span.range()];
        let toks = self.tokenizer.tokenize_with_offsets(text);
        let n = toks.tokens.len();
        if n == 0 {
            return;
        }
        if n <= self.max_pieces || to - from <= 1 {
            out.push(Window {
                doc,
                sentence: sentence_idx,
                char_start: from,
                text: text.to_string(),
                pieces: n.min(self.max_pieces),
            });
            return;
        }
        // Cut before the last word start that keeps the first part within the limit.
        let starts = |i: usize| toks.offsets[i].map(|o| o.begin as usize);
        let cut = (1..=self.max_pieces)
            .rev()
            .find(|&i| toks.masks[i] != Mask::Continuation && starts(i).is_some_and(|c| c > 0))
            .or_else(|| {
                (1..=self.max_pieces)
                    .rev()
                    .find(|&i| starts(i).is_some_and(|c| c > 0))
            })
            .and_then(starts)
            .unwrap_or((to - from) / 2)
            .clamp(1, to - from - 1);
        self.push_windows(doc, sentence_idx, sentence, from, from + cut, out);
        self.push_windows(doc, sentence_idx, sentence, from + cut, to, out);
    }

    /// Runs the model on the windows, at most one rust-bert batch per call.
    fn predict(&self, windows: &[Window]) -> Vec<Vec<Predicted>> {
        let mut order: Vec<usize> = (0..windows.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(windows[i].pieces));
        let lengths: Vec<usize> = order.iter().map(|&i| windows[i].pieces + 2).collect();
        let passes: Vec<&[usize]> = plan_passes(&lengths, self.batch_size)
            .into_iter()
            .map(|pass| &order[pass])
            .collect();
        let mut out = vec![Vec::new(); windows.len()];
        for (chunk, predicted) in passes.iter().zip(self.run_passes(windows, &passes)) {
            for (&wi, p) in chunk.iter().zip(predicted) {
                out[wi] = p;
            }
        }
        out
    }

    /// Runs the forward passes (each a list of window indices), returning each pass's
    /// predictions in the order of its windows. With more than one replica and more than one
    /// pass, one scoped thread per replica (at most one per pass) takes the passes in turn
    /// from a shared index; a panic in one (a libtorch failure) is raised again here, once
    /// all threads are done, with its own message.
    fn run_passes(&self, windows: &[Window], passes: &[&[usize]]) -> Vec<Vec<Vec<Predicted>>> {
        let workers = self.models.len().min(passes.len());
        if workers <= 1 {
            let model = self.free_model();
            return passes
                .iter()
                .map(|pass| self.run_pass(&model, windows, pass))
                .collect();
        }
        let next = AtomicUsize::new(0);
        let slots: Vec<OnceLock<Vec<Vec<Predicted>>>> =
            passes.iter().map(|_| OnceLock::new()).collect();
        let panicked = std::thread::scope(|scope| {
            let handles: Vec<_> = self.models[..workers]
                .iter()
                .map(|model| {
                    let (next, slots) = (&next, &slots);
                    scope.spawn(move || {
                        let model = model.lock().unwrap_or_else(|e| e.into_inner());
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(pass) = passes.get(i) else { break };
                            let _ = slots[i].set(self.run_pass(&model, windows, pass));
                        }
                    })
                })
                .collect();
            // Joined by hand, so that the first panic keeps its payload (`scope` would
            // replace it with "a scoped thread panicked").
            handles.into_iter().find_map(|h| h.join().err())
        });
        if let Some(payload) = panicked {
            std::panic::resume_unwind(payload);
        }
        slots
            .into_iter()
            .map(|slot| slot.into_inner().unwrap_or_default())
            .collect()
    }

    /// A replica that no other thread is using, else the first one (waiting for it).
    fn free_model(&self) -> MutexGuard<'_, TokenClassificationModel> {
        self.models
            .iter()
            .find_map(|m| match m.try_lock() {
                Ok(guard) => Some(guard),
                Err(TryLockError::Poisoned(e)) => Some(e.into_inner()),
                Err(TryLockError::WouldBlock) => None,
            })
            .unwrap_or_else(|| self.models[0].lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Runs one forward pass over the windows `pass`, counting it in [`Self::stats`].
    fn run_pass(
        &self,
        model: &TokenClassificationModel,
        windows: &[Window],
        pass: &[usize],
    ) -> Vec<Vec<Predicted>> {
        let texts: Vec<&str> = pass.iter().map(|&i| windows[i].text.as_str()).collect();
        let tokens = model.predict(&texts, false, false);
        // Each window is its pieces plus [CLS] and [SEP], padded to the longest.
        let lengths = pass.iter().map(|&i| windows[i].pieces as u64 + 2);
        let longest = lengths.clone().max().unwrap_or(0);
        let c = &self.counts;
        c.windows.fetch_add(pass.len() as u64, Ordering::Relaxed);
        c.positions.fetch_add(lengths.sum(), Ordering::Relaxed);
        c.padded_positions
            .fetch_add(longest * pass.len() as u64, Ordering::Relaxed);
        c.forward_passes.fetch_add(1, Ordering::Relaxed);
        tokens
            .into_iter()
            .map(|toks| {
                toks.into_iter()
                    .filter_map(|t| {
                        let o = t.offset?;
                        Some(Predicted {
                            chars: (o.begin as usize, o.end as usize),
                            label: self.label_index(&t.label, t.label_index),
                            word_start: t.mask != Mask::Continuation,
                        })
                    })
                    .collect()
            })
            .collect()
    }

    /// Appends the windows of every sentence of document `doc`.
    fn push_document(&self, doc: usize, text: &str, seg: &Segmentation, out: &mut Vec<Window>) {
        for (si, s) in seg.sentences.iter().enumerate() {
            let Some(sentence) = s.span.get(text) else {
                continue;
            };
            let chars = sentence.chars().count();
            self.push_windows(doc, si, sentence, 0, chars, out);
        }
    }

    /// Turns the predictions for the windows of one document into entities in text order.
    fn decode<'w>(
        &self,
        text: &str,
        seg: &Segmentation,
        predicted: impl Iterator<Item = (&'w Window, Vec<Predicted>)>,
    ) -> Vec<Entity> {
        let mut pieces: Vec<Vec<Piece>> = vec![Vec::new(); seg.sentences.len()];
        for (w, preds) in predicted {
            let s = &seg.sentences[w.sentence];
            let sentence = &text[s.span.range()];
            for p in preds {
                let (b, e) = p.chars;
                if let Some(span) =
                    char_span_to_bytes(sentence, s.span.start, w.char_start + b, w.char_start + e)
                {
                    pieces[w.sentence].push(Piece {
                        span,
                        label: p.label,
                        word_start: p.word_start,
                    });
                }
            }
        }
        let mut out = Vec::new();
        for (si, s) in seg.sentences.iter().enumerate() {
            let ps = &mut pieces[si];
            ps.sort_by_key(|p| p.span.start);
            let words = word_labels(seg, s.tokens(), ps);
            decode_chunks(text, &words, &self.kinds, &mut out);
        }
        out
    }

    /// Tags the sentences of a segmented text, returning entities in text order.
    fn tag_segmented(&self, text: &str, seg: &Segmentation) -> Vec<Entity> {
        let mut windows = Vec::new();
        self.push_document(0, text, seg, &mut windows);
        if windows.is_empty() {
            return Vec::new();
        }
        let predicted = self.predict(&windows);
        self.decode(text, seg, windows.iter().zip(predicted))
    }

    /// Tags several documents with their windows sorted by length together.
    fn tag_documents(&self, docs: &[TagInput<'_>]) -> Vec<Vec<Entity>> {
        let mut windows = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            self.push_document(d, doc.text, doc.seg, &mut windows);
        }
        let predicted = self.predict(&windows);
        // Windows are in document order: hand each document its run of them.
        let mut per_doc: Vec<Vec<(&Window, Vec<Predicted>)>> =
            docs.iter().map(|_| Vec::new()).collect();
        for (w, p) in windows.iter().zip(predicted) {
            per_doc[w.doc].push((w, p));
        }
        docs.iter()
            .zip(per_doc)
            .map(|(doc, preds)| self.decode(doc.text, doc.seg, preds.into_iter()))
            .collect()
    }
}

/// What a forward pass costs besides its positions, counted in positions, for
/// [`plan_passes`]: a pass is worth starting to save more padding than this.
const PASS_COST: usize = 32;

/// Cuts windows of the given lengths, sorted longest first, into forward passes of at most
/// `batch` windows: the contiguous runs that minimise the positions computed (each pass
/// padded to its first, longest window) plus [`PASS_COST`] per pass. With windows of similar
/// lengths every pass is full; a few long windows get passes of their own instead of
/// padding `batch - 1` short ones to their length.
fn plan_passes(lengths: &[usize], batch: usize) -> Vec<std::ops::Range<usize>> {
    let n = lengths.len();
    let batch = batch.max(1);
    // best[i]: the cheapest cost of windows i.., and the end of its first pass.
    let mut best = vec![(0usize, n); n + 1];
    for i in (0..n).rev() {
        best[i] = (i + 1..=n.min(i + batch))
            .map(|j| ((j - i) * lengths[i] + PASS_COST + best[j].0, j))
            .min()
            .unwrap_or((0, n));
    }
    let mut passes = Vec::new();
    let mut i = 0;
    while i < n {
        let j = best[i].1;
        passes.push(i..j);
        i = j;
    }
    passes
}

/// The words of a sentence with the label of their first WordPiece (`usize::MAX`: none).
///
/// Words are the segmenter's tokens when it produced any, else runs of WordPieces that start
/// with a non-continuation piece.
fn word_labels(
    seg: &Segmentation,
    tokens: std::ops::Range<usize>,
    pieces: &[Piece],
) -> Vec<(Span, usize)> {
    let seg_words = seg.tokens.get(tokens).unwrap_or(&[]);
    if seg_words.is_empty() {
        let mut words: Vec<(Span, usize)> = Vec::new();
        for p in pieces {
            match words.last_mut() {
                Some((span, _)) if !p.word_start => *span = span.cover(p.span),
                _ => words.push((p.span, p.label)),
            }
        }
        return words;
    }
    let mut words = Vec::with_capacity(seg_words.len());
    let mut k = 0;
    for &w in seg_words {
        while k < pieces.len() && pieces[k].span.start < w.start {
            k += 1;
        }
        let label = match pieces.get(k) {
            Some(p) if p.span.start < w.end => p.label,
            _ => usize::MAX,
        };
        words.push((w, label));
    }
    words
}

/// Turns labelled words into entities (BIO, BIOES/BILOU, or IO labels).
fn decode_chunks(
    text: &str,
    words: &[(Span, usize)],
    kinds: &[Option<(Boundary, EntityKind)>],
    out: &mut Vec<Entity>,
) {
    let mut open: Option<(Span, EntityKind)> = None;
    let close = |open: &mut Option<(Span, EntityKind)>, out: &mut Vec<Entity>| {
        if let Some((span, kind)) = open.take() {
            if let Some(t) = span.get(text) {
                out.push(Entity {
                    span,
                    text: t.to_string(),
                    kind,
                    country: None,
                    group: None,
                });
            }
        }
    };
    for &(span, label) in words {
        let Some((boundary, kind)) = kinds.get(label).copied().flatten() else {
            close(&mut open, out);
            continue;
        };
        let continues = matches!(boundary, Boundary::Inside | Boundary::End)
            && open.is_some_and(|(_, k)| k == kind);
        if continues {
            if let Some((s, _)) = open.as_mut() {
                *s = s.cover(span);
            }
        } else {
            close(&mut open, out);
            open = Some((span, kind));
        }
        if matches!(boundary, Boundary::End | Boundary::Single) {
            close(&mut open, out);
        }
    }
    close(&mut open, out);
}

/// Runs `f`, returning a panic in it (how rust-bert reports a libtorch failure) as
/// [`Error::Backend`].
fn catch_backend<T>(f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| Error::Backend {
        what: "transformer tagger".into(),
        reason: crate::error::panic_message(payload.as_ref()),
    })
}

impl EntityTagger for TransformerTagger {
    /// Tags with the model; a libtorch failure (which rust-bert reports by panicking) is
    /// caught and returned as [`Error::Backend`].
    fn tag(&self, text: &str, seg: &Segmentation, out: &mut Vec<Entity>) -> Result<()> {
        out.extend(catch_backend(|| self.tag_segmented(text, seg))?);
        Ok(())
    }

    /// Tags the windows of all documents together: sorted by length, cut into forward passes
    /// of [`batch_size`](TransformerTaggerBuilder::batch_size), labels scattered back to
    /// their documents. The entities are those [`tag`](EntityTagger::tag) finds document by
    /// document (up to floating-point ties). When libtorch fails, each document is tagged
    /// on its own, so that the failure is reported only for the documents that cause it.
    fn tag_batch(&self, docs: &[TagInput<'_>]) -> Vec<Result<Vec<Entity>>> {
        match catch_backend(|| self.tag_documents(docs)) {
            Ok(tagged) => tagged.into_iter().map(Ok).collect(),
            Err(_) => docs
                .iter()
                .map(|d| catch_backend(|| self.tag_segmented(d.text, d.seg)))
                .collect(),
        }
    }

    /// `true`: the pipeline's batch entry points hand their documents (up to 512) to
    /// [`tag_batch`](EntityTagger::tag_batch) at once.
    fn batches_documents(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_map_conll_and_ontonotes() {
        use EntityKind::*;
        let cases = [
            ("B-PER", Some((Boundary::Begin, Person))),
            ("I-ORG", Some((Boundary::Inside, Organization))),
            ("B-LOC", Some((Boundary::Begin, Location))),
            ("I-MISC", Some((Boundary::Inside, Misc))),
            ("B-PERSON", Some((Boundary::Begin, Person))),
            ("B-GPE", Some((Boundary::Begin, Location))),
            ("E-FAC", Some((Boundary::End, Location))),
            ("S-NORP", Some((Boundary::Single, Misc))),
            ("U-ORG", Some((Boundary::Single, Organization))),
            ("L-PER", Some((Boundary::End, Person))),
            ("PER", Some((Boundary::Inside, Person))),
            ("B-DATE", None),
            ("I-CARDINAL", None),
            ("O", None),
            ("", None),
        ];
        for (l, want) in cases {
            assert_eq!(label_kind(l), want, "{l}");
        }
    }

    #[test]
    fn char_offsets_become_byte_spans_of_the_text() {
        let text = "Первый. “Москва” said Łukasz — in Tallinn.";
        let start = text.find('“').unwrap();
        let sentence = &text[start..];
        let s = char_span_to_bytes(sentence, start, 1, 7).unwrap();
        assert_eq!(&text[s], "Москва");
        let s = char_span_to_bytes(sentence, start, 14, 20).unwrap();
        assert_eq!(&text[s], "Łukasz");
        let n = sentence.chars().count();
        let s = char_span_to_bytes(sentence, start, n - 8, n - 1).unwrap();
        assert_eq!(&text[s], "Tallinn");
        assert_eq!(char_span_to_bytes(sentence, start, 3, 3), None);
        assert_eq!(char_span_to_bytes(sentence, start, n, n + 1), None);
    }

    #[test]
    fn passes_fill_up_but_leave_outliers_alone() {
        // Similar lengths: full passes.
        let even = [20, 20, 19, 19, 18, 18, 18, 17];
        assert_eq!(plan_passes(&even, 4), [0..4, 4..8]);
        let passes = plan_passes(&even, 3);
        assert_eq!(passes.len(), 3);
        assert!(passes.iter().all(|p| p.len() <= 3));
        assert_eq!(passes.last().map(|p| p.end), Some(8));
        // One long window alone rather than padding seven short ones to its length.
        let outlier = [120, 20, 20, 19, 19, 18, 18, 18];
        assert_eq!(plan_passes(&outlier, 8), [0..1, 1..8]);
        assert_eq!(plan_passes(&[], 8), Vec::<std::ops::Range<usize>>::new());
        assert_eq!(
            plan_passes(&[5], 0),
            vec![std::ops::Range { start: 0, end: 1 }]
        );
    }

    #[test]
    fn chunks_decode_bio_and_bioes() {
        let kinds = vec![
            None,
            label_kind("B-PER"),
            label_kind("I-PER"),
            label_kind("B-LOC"),
            label_kind("S-ORG"),
            label_kind("E-PER"),
        ];
        let text = "a b c d e f";
        let w = |i: usize, l: usize| (Span::new(2 * i, 2 * i + 1), l);
        let mut out = Vec::new();
        // B-PER I-PER O I-PER B-LOC S-ORG
        decode_chunks(
            text,
            &[w(0, 1), w(1, 2), w(2, 0), w(3, 2), w(4, 3), w(5, 4)],
            &kinds,
            &mut out,
        );
        let got: Vec<(&str, EntityKind)> = out.iter().map(|e| (e.text.as_str(), e.kind)).collect();
        assert_eq!(
            got,
            [
                ("a b", EntityKind::Person),
                ("d", EntityKind::Person),
                ("e", EntityKind::Location),
                ("f", EntityKind::Organization),
            ]
        );
        // B-PER E-PER I-PER: E closes the chunk; unknown label ids are O.
        out.clear();
        decode_chunks(
            text,
            &[w(0, 1), w(1, 5), w(2, 2), w(3, usize::MAX)],
            &kinds,
            &mut out,
        );
        let got: Vec<&str> = out.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(got, ["a b", "c"]);
    }
}
