//! The transformer tagger on tiny random BERT models built here (a few hundred KB, written to a
//! temporary folder): loading, label mapping, byte offsets on non-ASCII text, more than one
//! rust-bert batch per document, sentences longer than the model's maximum length, errors.
#![cfg(feature = "transformer")]

use rust_bert::bert::{BertConfig, BertForTokenClassification};
use rust_bert::Activation;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tch::nn::VarStore;
use tch::{Device, Tensor};
use whosaid::entities::{EntityTagger, TagInput, TransformerTagger};
use whosaid::segment::{NewsSegmenter, Segmentation};
use whosaid::{Entity, EntityKind, Error, Pipeline, Span};

const CONLL: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

/// A temporary folder removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let p =
            std::env::temp_dir().join(format!("whosaid-tf-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn vocab() -> Vec<String> {
    let mut v: Vec<String> = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for w in [
        "the",
        "said",
        "in",
        "tallinn",
        "москва",
        "estonia",
        "estonian",
        "roll",
        "madis",
        ".",
        ",",
        "'",
        "“",
        "”",
        "—",
        "sentence",
        "number",
        "is",
        "here",
        "word",
    ] {
        v.push(w.to_string());
    }
    for c in 'a'..='z' {
        v.push(c.to_string());
        v.push(format!("##{c}"));
    }
    for c in '0'..='9' {
        v.push(c.to_string());
        v.push(format!("##{c}"));
    }
    v
}

struct Tiny {
    labels: Vec<String>,
    /// Every token gets this label (classifier weights zeroed, bias one-hot); `None`: random.
    force: Option<String>,
    max_position_embeddings: i64,
    weights: &'static str,
}

impl Default for Tiny {
    fn default() -> Self {
        Tiny {
            labels: CONLL.iter().map(|s| s.to_string()).collect(),
            force: None,
            max_position_embeddings: 64,
            weights: "model.safetensors",
        }
    }
}

impl Tiny {
    fn force(label: &str) -> Self {
        Tiny {
            force: Some(label.to_string()),
            ..Tiny::default()
        }
    }

    fn config(&self) -> BertConfig {
        let id2label: HashMap<i64, String> = self
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| (i as i64, l.clone()))
            .collect();
        let label2id = id2label.iter().map(|(i, l)| (l.clone(), *i)).collect();
        BertConfig {
            hidden_act: Activation::gelu,
            attention_probs_dropout_prob: 0.1,
            hidden_dropout_prob: 0.1,
            hidden_size: 16,
            initializer_range: 0.02,
            intermediate_size: 32,
            max_position_embeddings: self.max_position_embeddings,
            num_attention_heads: 2,
            num_hidden_layers: 2,
            type_vocab_size: 2,
            vocab_size: vocab().len() as i64,
            output_attentions: None,
            output_hidden_states: None,
            is_decoder: None,
            id2label: Some(id2label),
            label2id: Some(label2id),
        }
    }

    /// Writes config.json, vocab.txt and the weights into `dir`.
    fn write(&self, dir: &Path) {
        let config = self.config();
        std::fs::write(dir.join("vocab.txt"), vocab().join("\n") + "\n").unwrap();
        std::fs::write(
            dir.join("config.json"),
            serde_json::to_string_pretty(&config).unwrap(),
        )
        .unwrap();
        let vs = VarStore::new(Device::Cpu);
        let _model = BertForTokenClassification::new(vs.root(), &config).unwrap();
        let vars = vs.variables();
        let n = self.labels.len() as i64;
        tch::no_grad(|| {
            let mut bias = vars["classifier.bias"].shallow_clone();
            match &self.force {
                Some(l) => {
                    let k = self.labels.iter().position(|x| x == l).unwrap() as i64;
                    let mut w = vars["classifier.weight"].shallow_clone();
                    let _ = w.zero_();
                    let one_hot = Tensor::zeros([n], (tch::Kind::Float, Device::Cpu)).index_fill(
                        0,
                        &Tensor::from_slice(&[k]),
                        10.0,
                    );
                    bias.copy_(&one_hot);
                }
                // Random labels, tilted towards entities so that chunks appear.
                None => {
                    let _ = bias.fill_(0.0);
                }
            }
        });
        vs.save(dir.join(self.weights)).unwrap();
    }

    fn build(&self, name: &str) -> (TempDir, TransformerTagger) {
        let dir = TempDir::new(name);
        self.write(dir.path());
        let tagger = TransformerTagger::load(dir.path()).unwrap();
        (dir, tagger)
    }
}

fn tag(tagger: &TransformerTagger, text: &str) -> (Segmentation, Vec<Entity>) {
    let mut seg = Segmentation::default();
    NewsSegmenter::default().segment_into(text, &mut seg);
    let mut out = Vec::new();
    tagger.tag(text, &seg, &mut out).expect("tagging succeeds");
    (seg, out)
}

fn check_spans(text: &str, entities: &[Entity]) {
    for e in entities {
        assert_eq!(
            e.span.get(text),
            Some(e.text.as_str()),
            "entity text must be &text[span]"
        );
    }
    for w in entities.windows(2) {
        assert!(
            w[0].span.end <= w[1].span.start,
            "in order, not overlapping"
        );
    }
}

#[test]
fn loads_a_model_folder() {
    let (_dir, tagger) = Tiny::default().build("load");
    assert_eq!(tagger.labels(), CONLL);
    assert_eq!(tagger.max_length(), 64);
    // .ot weights and tokenizer.json-free folders load too.
    let (_dir, tagger) = Tiny {
        weights: "rust_model.ot",
        ..Tiny::default()
    }
    .build("ot");
    let (_, ents) = tag(&tagger, "Madis Roll said so in Tallinn.");
    check_spans("Madis Roll said so in Tallinn.", &ents);
}

#[test]
fn labels_map_onto_kinds() {
    let onto: Vec<String> = [
        "O", "B-PERSON", "I-PERSON", "B-GPE", "I-GPE", "B-NORP", "I-NORP", "B-DATE", "I-DATE",
        "B-ORG", "I-ORG", "B-FAC", "I-FAC",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let text = "Madis Roll said so in Tallinn.";
    let cases = [
        ("B-PER", Some(EntityKind::Person)),
        ("B-ORG", Some(EntityKind::Organization)),
        ("B-LOC", Some(EntityKind::Location)),
        ("B-MISC", Some(EntityKind::Misc)),
        ("B-PERSON", Some(EntityKind::Person)),
        ("B-GPE", Some(EntityKind::Location)),
        ("B-FAC", Some(EntityKind::Location)),
        ("B-NORP", Some(EntityKind::Misc)),
        ("B-DATE", None),
        ("O", None),
    ];
    for (label, kind) in cases {
        let labels = if CONLL.contains(&label) {
            CONLL.iter().map(|s| s.to_string()).collect()
        } else {
            onto.clone()
        };
        let (_dir, tagger) = Tiny {
            labels,
            ..Tiny::force(label)
        }
        .build("labels");
        let (seg, ents) = tag(&tagger, text);
        check_spans(text, &ents);
        match kind {
            // B- on every word: one entity per segmenter token.
            Some(k) => {
                let words: Vec<&str> = seg.tokens.iter().map(|t| &text[*t]).collect();
                let got: Vec<&str> = ents.iter().map(|e| e.text.as_str()).collect();
                assert_eq!(got, words, "{label}");
                assert!(ents.iter().all(|e| e.kind == k), "{label}");
                assert!(ents
                    .iter()
                    .all(|e| e.country.is_none() && e.group.is_none()));
            }
            None => assert!(ents.is_empty(), "{label}: {ents:?}"),
        }
    }
}

#[test]
fn offsets_are_bytes_of_the_original_non_ascii_text() {
    let text = "Intro line here.\n\n“Москва” said Łukasz Żółć — in Tallinn’s café, 2024.";
    let (_dir, tagger) = Tiny::force("B-LOC").build("nonascii");
    let (seg, ents) = tag(&tagger, text);
    check_spans(text, &ents);
    let words: Vec<&str> = seg.tokens.iter().map(|t| &text[*t]).collect();
    let got: Vec<&str> = ents.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(got, words);
    assert!(got.contains(&"Москва") && got.contains(&"Żółć") && got.contains(&"“"));

    // I- on every word: each sentence is one chunk, from its first to its last token.
    let (_dir, tagger) = Tiny::force("I-PER").build("nonascii-i");
    let (seg, ents) = tag(&tagger, text);
    check_spans(text, &ents);
    assert_eq!(ents.len(), seg.sentences.len());
    for (e, s) in ents.iter().zip(&seg.sentences) {
        let first = seg.tokens[s.first_token];
        let last = seg.tokens[s.end_token - 1];
        assert_eq!(e.span, Span::new(first.start, last.end));
        assert_eq!(e.kind, EntityKind::Person);
    }
    assert_eq!(
        ents[1].text,
        "“Москва” said Łukasz Żółć — in Tallinn’s café, 2024."
    );
}

fn many_sentences(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!("Sentence number {i} is here"));
        for _ in 0..(i % 7) {
            text.push_str(" word");
        }
        text.push_str(". ");
        if i % 10 == 9 {
            text.push_str("\n\n");
        }
    }
    text
}

#[test]
fn more_than_one_batch_per_document() {
    let text = many_sentences(150);
    for batch in [4, 32, 64] {
        let dir = TempDir::new("batches");
        Tiny::force("B-MISC").write(dir.path());
        let tagger = TransformerTagger::builder(dir.path())
            .batch_size(batch)
            .build()
            .unwrap();
        let (seg, ents) = tag(&tagger, &text);
        assert!(seg.sentences.len() > 64);
        check_spans(&text, &ents);
        // Every token of every sentence, each inside its own sentence.
        for s in &seg.sentences {
            let inside: Vec<Span> = ents
                .iter()
                .filter(|e| s.span.contains(e.span))
                .map(|e| e.span)
                .collect();
            assert_eq!(inside, seg.tokens[s.tokens()].to_vec(), "batch {batch}");
        }
        assert_eq!(ents.len(), seg.tokens.len());
    }
}

#[test]
fn a_document_tags_like_its_sentences_one_by_one() {
    // Random weights: labels depend on the input, so a sentence mixed up with another would
    // show. Batch 8 makes rust-bert's batching bug bite if more than one batch were passed.
    let dir = TempDir::new("random");
    Tiny::default().write(dir.path());
    let tagger = TransformerTagger::builder(dir.path())
        .batch_size(8)
        .build()
        .unwrap();
    let text = many_sentences(100);
    let (seg, ents) = tag(&tagger, &text);
    assert!(!ents.is_empty(), "the random model should find something");
    check_spans(&text, &ents);
    for s in &seg.sentences {
        let sentence = &text[s.span];
        let (_, alone) = tag(&tagger, sentence);
        let in_doc: Vec<(Span, EntityKind)> = ents
            .iter()
            .filter(|e| s.span.contains(e.span))
            .map(|e| {
                (
                    Span::new(e.span.start - s.span.start, e.span.end - s.span.start),
                    e.kind,
                )
            })
            .collect();
        let alone: Vec<(Span, EntityKind)> = alone.iter().map(|e| (e.span, e.kind)).collect();
        assert_eq!(in_doc, alone, "{sentence}");
    }
}

#[test]
fn sentences_longer_than_the_model_are_windowed() {
    // max_position_embeddings 16: at most 14 WordPieces per window.
    let mut text = String::from("Madis Roll said");
    for i in 0..40 {
        text.push_str(if i % 3 == 0 { " Tallinn" } else { " word" });
    }
    text.push_str(" — Москва, Estonia xyzzyplughfoo.");
    let dir = TempDir::new("long");
    Tiny {
        max_position_embeddings: 16,
        ..Tiny::force("B-ORG")
    }
    .write(dir.path());
    let tagger = TransformerTagger::load(dir.path()).unwrap();
    let (seg, ents) = tag(&tagger, &text);
    assert_eq!(seg.sentences.len(), 1);
    check_spans(&text, &ents);
    let words: Vec<&str> = seg.tokens.iter().map(|t| &text[*t]).collect();
    let got: Vec<&str> = ents.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(got, words);

    // A shorter maximum set on the builder windows too; I- chunks survive window cuts.
    let dir = TempDir::new("long-i");
    Tiny::force("I-ORG").write(dir.path());
    let tagger = TransformerTagger::builder(dir.path())
        .max_length(8)
        .build()
        .unwrap();
    assert_eq!(tagger.max_length(), 8);
    let (_, ents) = tag(&tagger, &text);
    assert_eq!(ents.len(), 1);
    assert_eq!(ents[0].text, text);
}

#[test]
fn plugs_into_the_pipeline() {
    let (_dir, tagger) = Tiny::force("B-LOC").build("pipeline");
    let pipeline = Pipeline::builder().tagger(tagger).build().unwrap();
    let text = "“We are ready,” said Roll in Estonia.";
    let a = pipeline.analyze(text);
    check_spans(text, &a.entities);
    // The country table promotes a LOC that names a country.
    let estonia = a.entities.iter().find(|e| e.text == "Estonia").unwrap();
    assert_eq!(estonia.kind, EntityKind::Country);
    assert_eq!(
        estonia.country.map(|c| c.to_string()).as_deref(),
        Some("EE")
    );
    assert_eq!(a.quotes.len(), 1);
    let batch = pipeline.analyze_batch(&[text, text, text]);
    assert!(batch.iter().all(|b| b.entities == a.entities));
}

#[test]
fn bad_folders_are_typed_errors() {
    let model_err = |r: whosaid::Result<TransformerTagger>, needle: &str| match r {
        Err(e @ Error::Model { .. }) => {
            assert!(e.to_string().contains(needle), "{e} lacks {needle:?}")
        }
        Err(e) => panic!("expected Error::Model, got {e:?}"),
        Ok(_) => panic!("expected an error"),
    };
    model_err(
        TransformerTagger::load("/nonexistent/whosaid-model"),
        "no such folder",
    );

    let dir = TempDir::new("bad");
    Tiny::default().write(dir.path());
    let config = std::fs::read_to_string(dir.path().join("config.json")).unwrap();

    std::fs::write(dir.path().join("config.json"), "{ not json").unwrap();
    model_err(TransformerTagger::load(dir.path()), "config.json");

    let mut v: serde_json::Value = serde_json::from_str(&config).unwrap();
    v.as_object_mut().unwrap().remove("id2label");
    std::fs::write(dir.path().join("config.json"), v.to_string()).unwrap();
    model_err(TransformerTagger::load(dir.path()), "id2label");

    let mut v: serde_json::Value = serde_json::from_str(&config).unwrap();
    v["model_type"] = "gpt2".into();
    std::fs::write(dir.path().join("config.json"), v.to_string()).unwrap();
    model_err(TransformerTagger::load(dir.path()), "model_type");

    // Weights that do not fit the config (one label more).
    let mut v: serde_json::Value = serde_json::from_str(&config).unwrap();
    v["id2label"]["9"] = "B-EXTRA".into();
    std::fs::write(dir.path().join("config.json"), v.to_string()).unwrap();
    model_err(TransformerTagger::load(dir.path()), "classifier");

    std::fs::write(dir.path().join("config.json"), &config).unwrap();
    std::fs::remove_file(dir.path().join("vocab.txt")).unwrap();
    model_err(TransformerTagger::load(dir.path()), "vocab.txt");

    Tiny::default().write(dir.path());
    std::fs::remove_file(dir.path().join("model.safetensors")).unwrap();
    model_err(TransformerTagger::load(dir.path()), "no weights");

    Tiny::default().write(dir.path());
    assert!(matches!(
        TransformerTagger::builder(dir.path())
            .max_length(1000)
            .build(),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        TransformerTagger::builder(dir.path()).batch_size(0).build(),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        TransformerTagger::builder(dir.path()).threads(0).build(),
        Err(Error::Config(_))
    ));
}

#[test]
fn tokenizer_json_alone_is_enough() {
    // A WordPiece tokenizer.json without vocab.txt, as the tokenizers crate writes it.
    let dir = TempDir::new("tokjson");
    Tiny::force("B-PER").write(dir.path());
    let vocab: serde_json::Map<String, serde_json::Value> = vocab()
        .into_iter()
        .enumerate()
        .map(|(i, t)| (t, i.into()))
        .collect();
    let tok = serde_json::json!({
        "version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
        "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true,
                       "strip_accents": null, "lowercase": true},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": null, "decoder": null,
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": vocab}
    });
    std::fs::write(dir.path().join("tokenizer.json"), tok.to_string()).unwrap();
    std::fs::remove_file(dir.path().join("vocab.txt")).unwrap();
    let tagger = TransformerTagger::load(dir.path()).unwrap();
    let text = "Madis Roll said “Москва”.";
    let (seg, ents) = tag(&tagger, text);
    check_spans(text, &ents);
    assert_eq!(ents.len(), seg.tokens.len());
}

/// Each document segmented.
fn segment_all(docs: &[String]) -> Vec<Segmentation> {
    let seg = NewsSegmenter::default();
    docs.iter().map(|d| seg.segment(d)).collect()
}

/// The documents with their segmentations, as the tagger's batch input.
fn tag_inputs<'a>(docs: &'a [String], segs: &'a [Segmentation]) -> Vec<TagInput<'a>> {
    docs.iter()
        .zip(segs)
        .map(|(d, s)| TagInput::new(d, s))
        .collect()
}

#[test]
fn documents_tagged_together_tag_as_one_by_one() {
    // Random weights: labels depend on the input, so a window scattered back to the wrong
    // document or sentence would show. Batch 8: many forward passes, each mixing documents.
    let dir = TempDir::new("cross");
    Tiny::default().write(dir.path());
    let mut long = String::from("Madis Roll said");
    for i in 0..90 {
        long.push_str(if i % 4 == 0 { " Tallinn" } else { " word" });
    }
    long.push_str(" in Москва.");
    let docs: Vec<String> = vec![
        many_sentences(60),
        "“Москва is here,” said Madis Roll — in Tallinn’s café.".to_string(),
        String::new(),
        long, // one sentence longer than the model's 64 positions: windowed
        "Roll.".to_string(),
        " \n\n ".to_string(),
        "Intro line here.\n\n“Москва” said Łukasz Żółć — in Estonia, 2024. The end.".to_string(),
        many_sentences(7),
    ];
    let segs = segment_all(&docs);
    let inputs = tag_inputs(&docs, &segs);
    for batch in [1, 8, 32] {
        let tagger = TransformerTagger::builder(dir.path())
            .batch_size(batch)
            .build()
            .unwrap();
        let before = tagger.stats();
        let one_by_one: Vec<Vec<Entity>> =
            docs.iter().map(|d| tag(&tagger, d).1).collect::<Vec<_>>();
        let alone = tagger.stats().since(&before);
        let together: Vec<Vec<Entity>> = tagger
            .tag_batch(&inputs)
            .into_iter()
            .map(|r| r.expect("tagging succeeds"))
            .collect();
        let joint = tagger.stats().since(&before).since(&alone);
        assert_eq!(together, one_by_one, "batch {batch}");
        assert!(one_by_one.iter().any(|e| !e.is_empty()));
        assert!(together[2].is_empty() && together[5].is_empty());
        for (d, e) in docs.iter().zip(&together) {
            check_spans(d, e);
        }
        // The same windows and WordPieces, with less padding.
        assert_eq!(joint.windows, alone.windows);
        assert_eq!(joint.positions, alone.positions);
        if batch == 1 {
            assert_eq!(joint.padding_fraction(), 0.0);
        } else {
            assert!(
                joint.padding_fraction() < alone.padding_fraction(),
                "{joint:?} {alone:?}"
            );
        }
    }

    // Through the pipeline: the batch entry points tag the documents together.
    let tagger = TransformerTagger::builder(dir.path())
        .batch_size(8)
        .build()
        .unwrap();
    let pipeline = Pipeline::builder()
        .tagger(tagger)
        .threads(2)
        .build()
        .unwrap();
    let batch = pipeline.try_analyze_batch(&docs);
    for (d, got) in docs.iter().zip(&batch) {
        assert_eq!(got.as_ref().unwrap(), &pipeline.analyze(d));
    }
    assert_eq!(
        pipeline.analyze_batch(&docs),
        batch.into_iter().map(Result::unwrap).collect::<Vec<_>>()
    );
}

#[test]
fn stats_count_padding() {
    let dir = TempDir::new("stats");
    Tiny::force("B-PER").write(dir.path());
    // Process-wide; the tests run correctly on any number of threads.
    let threads = tch::get_num_threads();
    let tagger = TransformerTagger::builder(dir.path())
        .threads(1)
        .build()
        .unwrap();
    assert_eq!(tch::get_num_threads(), 1);
    tch::set_num_threads(threads);
    assert_eq!(tagger.stats(), Default::default());
    assert_eq!(tagger.batch_size(), 32);
    // Two sentences of different lengths in one pass: the short one is padded.
    let text = "Roll said. Madis Roll said so in Tallinn.";
    let (seg, _) = tag(&tagger, text);
    assert_eq!(seg.sentences.len(), 2);
    let s = tagger.stats();
    assert_eq!((s.windows, s.forward_passes), (2, 1));
    assert!(s.padded_positions > s.positions && s.positions > 4, "{s:?}");
    let f = s.padding_fraction();
    assert!(f > 0.0 && f < 0.5, "{f}");
}

/// Each entity as (span, the text its span slices, kind).
fn sliced<'t>(text: &'t str, entities: &[Entity]) -> Vec<(Span, &'t str, EntityKind)> {
    entities
        .iter()
        .map(|e| {
            (
                e.span,
                e.span.get(text).expect("span inside the text"),
                e.kind,
            )
        })
        .collect()
}

#[test]
fn replicas_tag_like_one_replica_and_one_by_one() {
    // Random weights: a pass's labels scattered into another pass's slot would show.
    replicas_agree(&Tiny::default());
    // Every word an entity: spans over curly quotes and Cyrillic.
    let all = replicas_agree(&Tiny::force("B-LOC"));
    assert!(all.iter().flatten().any(|e| e.text == "Москва"));
    assert!(all.iter().flatten().any(|e| e.text == "“"));
}

/// Tags documents with 3 replicas, batch 4 (many forward passes, shared out among the
/// replicas), checks that one replica and documents one by one give the same entities, and
/// returns them.
fn replicas_agree(model: &Tiny) -> Vec<Vec<Entity>> {
    let dir = TempDir::new("replicas");
    model.write(dir.path());
    let docs: Vec<String> = vec![
        many_sentences(40),
        "“Москва is here,” said Madis Roll — in Tallinn’s café.".to_string(),
        String::new(),
        "Intro line here.\n\n“Москва” said Łukasz Żółć — in Estonia, 2024. The end.".to_string(),
        many_sentences(9),
        "Roll.".to_string(),
    ];
    let segs = segment_all(&docs);
    let inputs = tag_inputs(&docs, &segs);
    let tagger = |replicas| {
        TransformerTagger::builder(dir.path())
            .batch_size(4)
            .replicas(replicas)
            .build()
            .unwrap()
    };
    let threads = tch::get_num_threads();
    let one = tagger(1);
    let three = tagger(3);
    // More than one replica and no `threads`: one libtorch thread (process-wide).
    assert_eq!(tch::get_num_threads(), 1);
    tch::set_num_threads(threads);
    assert_eq!((one.replicas(), three.replicas()), (1, 3));
    let batch = |t: &TransformerTagger| -> Vec<Vec<Entity>> {
        t.tag_batch(&inputs)
            .into_iter()
            .map(|r| r.expect("tagging succeeds"))
            .collect()
    };
    let before = three.stats();
    let together = batch(&three);
    assert!(three.stats().since(&before).forward_passes >= 6);
    let alone: Vec<Vec<Entity>> = docs.iter().map(|d| tag(&one, d).1).collect();
    assert!(alone.iter().any(|e| !e.is_empty()));
    for (name, other) in [
        ("one replica, together", batch(&one)),
        (
            "three replicas, one by one",
            docs.iter().map(|d| tag(&three, d).1).collect(),
        ),
        ("one replica, one by one", alone),
    ] {
        for ((d, got), want) in docs.iter().zip(&together).zip(&other) {
            check_spans(d, got);
            assert_eq!(sliced(d, got), sliced(d, want), "{name}");
        }
        assert_eq!(together, other, "{name}");
    }

    // Several callers at once, each taking a free replica or waiting for one.
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4).map(|_| s.spawn(|| batch(&three))).collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), together);
        }
    });
    together
}

#[test]
fn replicas_must_be_at_least_one() {
    let dir = TempDir::new("replicas0");
    Tiny::default().write(dir.path());
    assert!(matches!(
        TransformerTagger::builder(dir.path()).replicas(0).build(),
        Err(Error::Config(_))
    ));
    let threads = tch::get_num_threads();
    let tagger = TransformerTagger::builder(dir.path())
        .replicas(2)
        .threads(2)
        .build()
        .unwrap();
    // `threads` set: kept with several replicas.
    assert_eq!(tch::get_num_threads(), 2);
    tch::set_num_threads(threads);
    assert_eq!(tagger.replicas(), 2);
}

#[test]
fn a_failing_pass_on_a_replica_fails_only_its_document() {
    // A vocabulary entry past the model's embeddings: a window holding it makes libtorch fail
    // (rust-bert panics) inside a replica's thread.
    let dir = TempDir::new("replica-fail");
    Tiny::force("B-PER").write(dir.path());
    let mut words = vocab();
    words.push("boom".to_string());
    std::fs::write(dir.path().join("vocab.txt"), words.join("\n") + "\n").unwrap();
    let tagger = TransformerTagger::builder(dir.path())
        .batch_size(2)
        .replicas(2)
        .threads(1)
        .build()
        .unwrap();
    let docs = [
        many_sentences(12),
        "Madis Roll said boom in Москва.".to_string(),
        "“Москва,” said Roll.".to_string(),
    ];
    let segs = segment_all(&docs);
    let inputs = tag_inputs(&docs, &segs);
    for _ in 0..2 {
        let got = tagger.tag_batch(&inputs);
        assert!(
            matches!(&got[1], Err(Error::Backend { .. })),
            "{:?}",
            got[1]
        );
        for i in [0, 2] {
            let ents = got[i].as_ref().expect("the other documents are tagged");
            assert_eq!(ents, &tag(&tagger, &docs[i]).1);
            assert!(!ents.is_empty());
        }
    }
}
