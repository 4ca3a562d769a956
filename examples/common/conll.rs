//! CoNLL-2003 scoring and the entity tagger's training loop, shared by `eval_conll`,
//! `train_ner` and `reproduce` (each includes this file with `#[path]`).
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use whosaid::entities::conll;
use whosaid::entities::perceptron::{
    self, PerceptronModel, PerceptronTagger, TaggedSentence, TrainOptions,
};
use whosaid::Pipeline;

/// `$WHOSAID_DATA/conll2003/FILE` (`WHOSAID_DATA` defaults to `../shared/data`).
pub fn data_file(name: &str) -> PathBuf {
    let data = std::env::var("WHOSAID_DATA").unwrap_or_else(|_| "../shared/data".into());
    PathBuf::from(data).join("conll2003").join(name)
}

/// Reads a CoNLL file into documents; `Err` names what failed.
pub fn read(path: &Path) -> Result<Vec<Vec<TaggedSentence>>, String> {
    let text = whosaid::io::read_text(path).map_err(|e| e.to_string())?;
    conll::parse(&text, &path.display().to_string()).map_err(|e| e.to_string())
}

/// Chunk counts of one type.
#[derive(Default, Clone, Copy, Debug)]
pub struct Counts {
    pub tp: usize,
    pub pred: usize,
    pub gold: usize,
}

impl Counts {
    /// (P, R, F1) in percent.
    pub fn prf(&self) -> (f64, f64, f64) {
        super::score::prf(self.tp, self.pred, self.gold)
    }

    fn add(&mut self, o: &Counts) {
        self.tp += o.tp;
        self.pred += o.pred;
        self.gold += o.gold;
    }

    pub fn json(&self) -> Value {
        let (p, r, f) = self.prf();
        json!({
            "precision": round2(p), "recall": round2(r), "f1": round2(f),
            "right": self.tp, "predicted": self.pred, "gold": self.gold,
        })
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Counts per CoNLL type (`LOC`, `MISC`, `ORG`, `PER`).
#[derive(Default, Clone, Debug)]
pub struct Scores {
    pub per_type: BTreeMap<String, Counts>,
    /// Bytes of raw text run through the pipeline.
    pub bytes: usize,
}

impl Scores {
    /// Micro counts over all types.
    pub fn micro(&self) -> Counts {
        let mut c = Counts::default();
        for v in self.per_type.values() {
            c.add(v);
        }
        c
    }

    /// Micro counts over PER, ORG and LOC.
    pub fn micro3(&self) -> Counts {
        let mut c = Counts::default();
        for (t, v) in &self.per_type {
            if t != "MISC" {
                c.add(v);
            }
        }
        c
    }

    pub fn json(&self) -> Value {
        let types: serde_json::Map<String, Value> = self
            .per_type
            .iter()
            .map(|(t, c)| (t.clone(), c.json()))
            .collect();
        json!({
            "micro": self.micro().json(),
            "micro_per_org_loc": self.micro3().json(),
            "types": types,
        })
    }

    fn add_sentence(&mut self, gold_tags: &[String], pred: &[(usize, usize, String)]) {
        let gold = conll::chunks(gold_tags);
        for (_, _, t) in &gold {
            self.per_type.entry(t.clone()).or_default().gold += 1;
        }
        for (a, b, t) in pred {
            let c = self.per_type.entry(t.clone()).or_default();
            c.pred += 1;
            if gold
                .iter()
                .any(|(ga, gb, gt)| ga == a && gb == b && gt == t)
            {
                c.tp += 1;
            }
        }
    }
}

/// Each token's byte span in the raw text, per sentence.
pub type TokenSpans = Vec<Vec<(usize, usize)>>;

/// One document as raw text (tokens joined by a space, sentences by `\n`) and each token's
/// byte span.
pub fn raw_text(doc: &[TaggedSentence]) -> (String, TokenSpans) {
    let mut raw = String::new();
    let mut spans = Vec::new();
    for (si, s) in doc.iter().enumerate() {
        if si > 0 {
            raw.push('\n');
        }
        let mut v = Vec::new();
        for (ti, t) in s.tokens.iter().enumerate() {
            if ti > 0 {
                raw.push(' ');
            }
            v.push((raw.len(), raw.len() + t.len()));
            raw.push_str(t);
        }
        spans.push(v);
    }
    (raw, spans)
}

/// Scores one document's raw-text `analysis`: entity spans are mapped to the tokens they
/// touch and written as IOB2.
pub fn score_analysis(
    doc: &[TaggedSentence],
    spans: &TokenSpans,
    analysis: &whosaid::Analysis,
    scores: &mut Scores,
) {
    let mut pred_tags: Vec<Vec<String>> = doc
        .iter()
        .map(|s| vec!["O".to_string(); s.tokens.len()])
        .collect();
    for e in &analysis.entities {
        let ty = e.kind.conll_type();
        let mut first = true;
        for (si, toks) in spans.iter().enumerate() {
            for (ti, &(s, t)) in toks.iter().enumerate() {
                if s < e.span.end && e.span.start < t {
                    pred_tags[si][ti] = format!("{}-{ty}", if first { "B" } else { "I" });
                    first = false;
                }
            }
        }
    }
    let show_errors = std::env::var_os("WHOSAID_CONLL_ERRORS").is_some();
    for (s, pred) in doc.iter().zip(&pred_tags) {
        let pred = conll::chunks(pred);
        if show_errors {
            print_errors(s, &pred);
        }
        scores.add_sentence(&s.tags, &pred);
    }
}

/// A diagnostic (`WHOSAID_CONLL_ERRORS=1`): the sentence, then each chunk that is only in the
/// gold (`-`) or only in the prediction (`+`).
fn print_errors(s: &TaggedSentence, pred: &[(usize, usize, String)]) {
    let gold = conll::chunks(&s.tags);
    let show = |(a, b, t): &(usize, usize, String)| format!("{t} {}", s.tokens[*a..*b].join(" "));
    let missed: Vec<String> = gold
        .iter()
        .filter(|g| !pred.contains(g))
        .map(show)
        .collect();
    let wrong: Vec<String> = pred
        .iter()
        .filter(|p| !gold.contains(p))
        .map(show)
        .collect();
    if !missed.is_empty() || !wrong.is_empty() {
        println!("# {}", s.tokens.join(" "));
        for m in missed {
            println!("  - {m}");
        }
        for w in wrong {
            println!("  + {w}");
        }
    }
}

/// Runs the whole `pipeline` on each document's raw text (in parallel) and scores it.
pub fn evaluate_raw(pipeline: &Pipeline, docs: &[Vec<TaggedSentence>]) -> Scores {
    let raws: Vec<(String, TokenSpans)> = docs.iter().map(|d| raw_text(d)).collect();
    let texts: Vec<&str> = raws.iter().map(|(r, _)| r.as_str()).collect();
    let analyses = pipeline.analyze_batch(&texts);
    let mut scores = Scores::default();
    for ((doc, (raw, spans)), a) in docs.iter().zip(&raws).zip(&analyses) {
        scores.bytes += raw.len();
        score_analysis(doc, spans, a, &mut scores);
    }
    scores
}

/// Scores `tagger` on the gold tokenization (conlleval chunks).
pub fn evaluate_tokens(tagger: &PerceptronTagger, docs: &[Vec<TaggedSentence>]) -> Scores {
    let mut scores = Scores::default();
    for doc in docs {
        let words: Vec<Vec<&str>> = doc
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
            .collect();
        for (s, chunks) in doc.iter().zip(tagger.tag_tokens(&words)) {
            let pred: Vec<(usize, usize, String)> = chunks
                .into_iter()
                .map(|(a, b, t)| (a, b, t.to_string()))
                .collect();
            if std::env::var_os("WHOSAID_CONLL_ERRORS").is_some() {
                print_errors(s, &pred);
            }
            scores.add_sentence(&s.tags, &pred);
        }
    }
    scores
}

/// The settings of the shipped entity model.
pub fn shipped_options() -> TrainOptions {
    TrainOptions {
        epochs: 20,
        bits: 19,
        ..TrainOptions::default()
    }
}

/// The seeds (document orders) of the shipped entity model: it is the mean of one model per
/// seed, at the epoch where that mean scores best on the validation documents
/// ([`train_seeds`]; chosen on a held-out fifth of CoNLL-2003 train, see `data/README.md`).
pub const SHIPPED_SEEDS: [u64; 4] = [7, 3, 5, 11];

/// What [`train_best`] found.
pub struct Trained {
    /// The best epoch (1-based) and its micro F1 on the validation documents (gold tokens).
    pub epoch: usize,
    pub valid_f1: f64,
    /// Micro F1 per epoch.
    pub per_epoch: Vec<f64>,
    pub model: PerceptronModel,
    /// The entity lexicon of the training documents (`data/entity_lexicon.tsv`).
    pub lexicon: String,
}

/// Micro F1 of `model` on `valid` (gold tokens), tagging with the clusters of `opts` and
/// `lexicon`.
fn valid_f1(
    model: &PerceptronModel,
    opts: &TrainOptions,
    lexicon: &str,
    valid: &[Vec<TaggedSentence>],
) -> f64 {
    let tagger = with_tables(PerceptronTagger::from_model(model.clone()), opts)
        .with_entity_lexicon(lexicon)
        .expect("lexicon parsed for training");
    evaluate_tokens(&tagger, valid).micro().prf().2
}

/// `tagger` with the word-cluster and embedding-cluster tables the model was trained with
/// (`opts`), where they are not the built-in ones.
pub fn with_tables(mut tagger: PerceptronTagger, opts: &TrainOptions) -> PerceptronTagger {
    if let Some(c) = &opts.word_clusters {
        tagger = tagger
            .with_word_clusters(c)
            .expect("clusters parsed for training");
    }
    if let Some(c) = &opts.embedding_clusters {
        tagger = tagger
            .with_embedding_clusters(c)
            .expect("embedding clusters parsed for training");
    }
    tagger
}

/// Trains on `train`, scores the averaged model on `valid` (gold tokens) after each epoch and
/// keeps the best epoch (the first of equals). `log` sees each epoch's F1.
pub fn train_best(
    train: &[Vec<TaggedSentence>],
    valid: &[Vec<TaggedSentence>],
    opts: &TrainOptions,
    mut log: impl FnMut(usize, f64),
) -> Result<Trained, String> {
    let mut best: Option<(f64, usize, PerceptronModel)> = None;
    let mut per_epoch = Vec::new();
    let lexicon = perceptron::entity_lexicon(train);
    let model = perceptron::train(train, opts, |epoch, m| {
        let f1 = valid_f1(m, opts, &lexicon, valid);
        log(epoch, f1);
        per_epoch.push(f1);
        if best.as_ref().is_none_or(|(b, _, _)| f1 > *b) {
            best = Some((f1, epoch, m.clone()));
        }
    })
    .map_err(|e| e.to_string())?;
    let (valid_f1, epoch, model) = best.unwrap_or((0.0, opts.epochs, model));
    Ok(Trained {
        epoch,
        valid_f1,
        per_epoch,
        model,
        lexicon,
    })
}

/// Models trained with several seeds (document orders), as [`train_ensemble`] returns them.
pub struct Ensemble {
    /// Each seed's own run, its best epoch chosen on the validation documents.
    pub runs: Vec<Trained>,
    /// Each seed's averaged model after each epoch, as model files.
    snapshots: Vec<Vec<Vec<u8>>>,
    pub lexicon: String,
}

impl Ensemble {
    /// The mean of the first `k` seeds' models at one common epoch, the epoch at which that
    /// mean scores best on `valid` (the first of equals). `log` sees each epoch's F1.
    pub fn common_epoch(
        &self,
        k: usize,
        valid: &[Vec<TaggedSentence>],
        opts: &TrainOptions,
        mut log: impl FnMut(usize, f64),
    ) -> Trained {
        let epochs = self.snapshots.first().map_or(0, Vec::len);
        let mut best: Option<(f64, usize, PerceptronModel)> = None;
        let mut per_epoch = Vec::new();
        for e in 0..epochs {
            let models: Vec<PerceptronModel> = self.snapshots[..k]
                .iter()
                .map(|s| PerceptronModel::from_bytes(&s[e]).expect("snapshot round trip"))
                .collect();
            let refs: Vec<&PerceptronModel> = models.iter().collect();
            let m = PerceptronModel::mean(&refs).expect("models of one size");
            let f1 = valid_f1(&m, opts, &self.lexicon, valid);
            log(e + 1, f1);
            per_epoch.push(f1);
            if best.as_ref().is_none_or(|(b, _, _)| f1 > *b) {
                best = Some((f1, e + 1, m));
            }
        }
        let (valid_f1, epoch, model) = best.expect("at least one epoch");
        Trained {
            epoch,
            valid_f1,
            per_epoch,
            model,
            lexicon: self.lexicon.clone(),
        }
    }

    /// The mean of the first `k` seeds' models, each at its own best epoch.
    pub fn own_epochs(&self, k: usize) -> PerceptronModel {
        let refs: Vec<&PerceptronModel> = self.runs[..k].iter().map(|r| &r.model).collect();
        PerceptronModel::mean(&refs).expect("models of one size")
    }
}

/// Trains one model per seed (the seed of `opts` is ignored) as [`train_best`] does, keeping
/// each epoch's model for [`Ensemble::common_epoch`]. `log` sees the seed, epoch and F1.
pub fn train_ensemble(
    train: &[Vec<TaggedSentence>],
    valid: &[Vec<TaggedSentence>],
    opts: &TrainOptions,
    seeds: &[u64],
    mut log: impl FnMut(u64, usize, f64),
) -> Result<Ensemble, String> {
    let lexicon = perceptron::entity_lexicon(train);
    let mut runs = Vec::new();
    let mut snapshots = Vec::new();
    for &seed in seeds {
        let o = TrainOptions {
            seed,
            ..opts.clone()
        };
        let mut snaps = Vec::new();
        let mut best: Option<(f64, usize, PerceptronModel)> = None;
        let mut per_epoch = Vec::new();
        perceptron::train(train, &o, |epoch, m| {
            snaps.push(m.to_bytes(0.0));
            let f1 = valid_f1(m, &o, &lexicon, valid);
            log(seed, epoch, f1);
            per_epoch.push(f1);
            if best.as_ref().is_none_or(|(b, _, _)| f1 > *b) {
                best = Some((f1, epoch, m.clone()));
            }
        })
        .map_err(|e| e.to_string())?;
        let (valid_f1, epoch, model) = best.ok_or("no epoch")?;
        runs.push(Trained {
            epoch,
            valid_f1,
            per_epoch,
            model,
            lexicon: lexicon.clone(),
        });
        snapshots.push(snaps);
    }
    Ok(Ensemble {
        runs,
        snapshots,
        lexicon,
    })
}

/// The shipped way of training: one seed as [`train_best`]; several as the mean of one model
/// per seed at their best common epoch ([`train_ensemble`], [`Ensemble::common_epoch`]).
/// The seed of `opts` is ignored. `log` sees the seed (`None` for the mean), epoch and F1.
pub fn train_seeds(
    train: &[Vec<TaggedSentence>],
    valid: &[Vec<TaggedSentence>],
    opts: &TrainOptions,
    seeds: &[u64],
    mut log: impl FnMut(Option<u64>, usize, f64),
) -> Result<Trained, String> {
    match seeds {
        [] => Err("no seed".into()),
        [seed] => {
            let o = TrainOptions {
                seed: *seed,
                ..opts.clone()
            };
            train_best(train, valid, &o, |e, f1| log(Some(*seed), e, f1))
        }
        _ => {
            let ens = train_ensemble(train, valid, opts, seeds, |s, e, f1| log(Some(s), e, f1))?;
            Ok(ens.common_epoch(seeds.len(), valid, opts, |e, f1| log(None, e, f1)))
        }
    }
}
