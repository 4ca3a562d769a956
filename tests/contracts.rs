//! Stage contracts, per-document isolation and checked model loading: a wrong stage or a
//! corrupt model is a typed error, never a panic deep inside the next stage.

use proptest::prelude::*;
use whosaid::entities::perceptron::PerceptronModel;
use whosaid::entities::{EntityTagger, TagInput};
use whosaid::quotes::{Document, QuoteAttributor, RuleAttributor};
use whosaid::segment::{NewsSegmenter, Segmentation, Segmenter};
use whosaid::{Entity, EntityKind, Error, GroupId, Pipeline, Quote, QuoteKind, Span, Stage};

const TEXT: &str = "“We will stay,” said Madis Roll in Москва. He left.";

/// A segmenter that fills tokens but no sentences (what the trait once allowed).
struct TokensOnly;
impl Segmenter for TokensOnly {
    fn segment_into(&self, text: &str, out: &mut Segmentation) -> whosaid::Result<()> {
        NewsSegmenter::default().segment_into(text, out);
        out.sentences.clear();
        Ok(())
    }
}

/// A segmenter whose sentence cuts a multi-byte character.
struct CutsChar;
impl Segmenter for CutsChar {
    fn segment_into(&self, text: &str, out: &mut Segmentation) -> whosaid::Result<()> {
        NewsSegmenter::default().segment_into(text, out);
        out.sentences[0].span.start = 1; // inside “
        Ok(())
    }
}

/// A segmenter whose backend fails.
struct Failing;
impl Segmenter for Failing {
    fn segment_into(&self, _: &str, _: &mut Segmentation) -> whosaid::Result<()> {
        Err(Error::Config("backend unavailable".into()))
    }
}

/// A tagger returning whatever entities it was built with.
struct Fixed(Vec<Entity>);
impl EntityTagger for Fixed {
    fn tag(&self, _: &str, _: &Segmentation, out: &mut Vec<Entity>) -> whosaid::Result<()> {
        out.extend(self.0.iter().cloned());
        Ok(())
    }
}

fn entity(text: &str, needle: &str, kind: EntityKind) -> Entity {
    let start = text.find(needle).unwrap();
    Entity::new(Span::new(start, start + needle.len()), kind).with_text(needle)
}

/// An attributor returning one fixed quote.
struct OneQuote(Quote);
impl QuoteAttributor for OneQuote {
    fn attribute(&self, _: &Document<'_>, out: &mut Vec<Quote>) -> whosaid::Result<()> {
        out.push(self.0.clone());
        Ok(())
    }
}

fn quote(content: Span) -> Quote {
    Quote::new(QuoteKind::Direct, content)
}

/// A tagger that panics on one document.
struct PanicsOn(&'static str);
impl EntityTagger for PanicsOn {
    fn tag(&self, text: &str, _: &Segmentation, _: &mut Vec<Entity>) -> whosaid::Result<()> {
        assert!(!text.contains(self.0), "the tagger chokes on {:?}", self.0);
        Ok(())
    }
}

fn contract_stage(r: whosaid::Result<whosaid::Analysis>) -> (Stage, String) {
    match r {
        Err(Error::Contract { stage, reason }) => (stage, reason),
        other => panic!("expected a contract error, got {other:?}"),
    }
}

#[test]
fn tokens_without_sentences_is_a_segmenter_contract_error() {
    let p = Pipeline::builder().segmenter(TokensOnly).build().unwrap();
    let (stage, reason) = contract_stage(p.try_analyze(TEXT));
    assert_eq!(stage, Stage::Segmenter);
    assert!(
        reason.contains("every token must be in a sentence"),
        "{reason}"
    );
}

#[test]
fn a_span_cutting_a_character_is_a_contract_error() {
    let p = Pipeline::builder().segmenter(CutsChar).build().unwrap();
    let (stage, reason) = contract_stage(p.try_analyze(TEXT));
    assert_eq!(stage, Stage::Segmenter);
    assert!(reason.contains("cuts a character"), "{reason}");
}

#[test]
fn a_failing_stage_is_named_and_keeps_its_source() {
    let p = Pipeline::builder().segmenter(Failing).build().unwrap();
    let err = p.try_analyze(TEXT).unwrap_err();
    assert!(
        matches!(&err, Error::Stage { stage: Stage::Segmenter, source } if matches!(**source, Error::Config(_))),
        "{err:?}"
    );
    assert!(err.to_string().starts_with("segmenter failed"), "{err}");
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn tagger_output_is_checked() {
    let roll = entity(TEXT, "Madis Roll", EntityKind::Person);
    let moscow = entity(TEXT, "Москва", EntityKind::Location);
    let cases: Vec<(Vec<Entity>, &str)> = vec![
        (vec![moscow.clone(), roll.clone()], "text order"),
        (
            vec![Entity::new(
                Span::new(TEXT.len() - 2, TEXT.len() + 5),
                EntityKind::Person,
            )],
            "past the text",
        ),
        (
            vec![roll.clone().with_text("Somebody Else")],
            "is not the text of its span",
        ),
        (
            vec![Entity::new(
                Span::new(roll.span.start, roll.span.start),
                EntityKind::Person,
            )],
            "is empty",
        ),
    ];
    for (ents, want) in cases {
        let p = Pipeline::builder().tagger(Fixed(ents)).build().unwrap();
        let (stage, reason) = contract_stage(p.try_analyze(TEXT));
        assert_eq!(stage, Stage::Tagger);
        assert!(reason.contains(want), "{reason} (wanted {want:?})");
    }
}

#[test]
fn an_empty_entity_text_is_filled_from_its_span() {
    let mut moscow = entity(TEXT, "Москва", EntityKind::Location);
    moscow.text.clear();
    let p = Pipeline::builder()
        .tagger(Fixed(vec![moscow]))
        .build()
        .unwrap();
    let a = p.try_analyze(TEXT).unwrap();
    assert_eq!(a.entities[0].text, "Москва");
    assert_eq!(&TEXT[a.entities[0].span], "Москва");
}

#[test]
fn attributor_output_is_checked() {
    let p = Pipeline::builder()
        .attributor(OneQuote(quote(Span::new(0, TEXT.len() + 1))))
        .build()
        .unwrap();
    let (stage, _) = contract_stage(p.try_analyze(TEXT));
    assert_eq!(stage, Stage::Attributor);
    let mut q = quote(Span::new(0, 3));
    q.speaker_group = Some(GroupId(99));
    let p = Pipeline::builder().attributor(OneQuote(q)).build().unwrap();
    let (stage, reason) = contract_stage(p.try_analyze(TEXT));
    assert_eq!(stage, Stage::Attributor);
    assert!(reason.contains("group 99"), "{reason}");
    // A correct one passes, with the kind it was given.
    let p = Pipeline::builder()
        .attributor(OneQuote(quote(Span::new(0, "“We will stay,”".len()))))
        .build()
        .unwrap();
    assert_eq!(
        p.try_analyze(TEXT).unwrap().quotes[0].kind,
        QuoteKind::Direct
    );
}

#[test]
fn one_panicking_document_costs_only_its_own_result() {
    let p = Pipeline::builder()
        .tagger(PanicsOn("POISON"))
        .threads(2)
        .build()
        .unwrap();
    let docs = ["“Yes,” said Roll.", "A POISON pill.", "Москва said no.", ""];
    let out = p.try_analyze_batch(&docs);
    assert_eq!(out.len(), docs.len());
    match &out[1] {
        Err(Error::Panic { message }) => assert!(message.contains("chokes"), "{message}"),
        other => panic!("expected a caught panic, got {other:?}"),
    }
    for i in [0, 2, 3] {
        let a = out[i].as_ref().unwrap();
        let want = Pipeline::builder()
            .no_tagger()
            .build()
            .unwrap()
            .analyze(docs[i]);
        assert_eq!(a.sentences, want.sentences, "document {i}");
    }
}

/// A tagger that batches documents: the whole `tag_batch` call panics when one document
/// holds `panic_on`, and a document holding `fail_on` gets an error of its own; otherwise it
/// tags every `Roll` as a person.
struct Batching {
    panic_on: &'static str,
    fail_on: &'static str,
}
impl EntityTagger for Batching {
    fn tag(&self, text: &str, _: &Segmentation, out: &mut Vec<Entity>) -> whosaid::Result<()> {
        assert!(!text.contains(self.panic_on), "the tagger chokes");
        if text.contains(self.fail_on) {
            return Err(Error::Config("backend refused".into()));
        }
        if let Some(i) = text.find("Roll") {
            out.push(Entity::new(Span::new(i, i + 4), EntityKind::Person));
        }
        Ok(())
    }
    fn tag_batch(&self, docs: &[TagInput<'_>]) -> Vec<whosaid::Result<Vec<Entity>>> {
        assert!(
            docs.iter().all(|d| !d.text.contains(self.panic_on)),
            "the whole batch chokes"
        );
        let mut results = Vec::new();
        for d in docs {
            let mut out = Vec::new();
            let r = self.tag(d.text, d.seg, &mut out);
            results.push(r.map(|()| out));
        }
        results
    }
    fn batches_documents(&self) -> bool {
        true
    }
}

#[test]
fn documents_tagged_together_keep_their_own_results() {
    let tagger = Batching {
        panic_on: "POISON",
        fail_on: "REFUSE",
    };
    let p = Pipeline::builder()
        .tagger(tagger)
        .threads(2)
        .build()
        .unwrap();
    let docs = [
        "“Yes,” said Roll.",
        "A POISON pill.",
        "Москва said no to Roll.",
        "",
        "We REFUSE.",
    ];
    let out = p.try_analyze_batch(&docs);
    assert_eq!(out.len(), docs.len());
    // The panicking call is retried document by document: only document 1 panics again.
    match &out[1] {
        Err(Error::Panic { message }) => assert!(message.contains("chokes"), "{message}"),
        other => panic!("expected a caught panic, got {other:?}"),
    }
    match &out[4] {
        Err(Error::Stage {
            stage: Stage::Tagger,
            ..
        }) => {}
        other => panic!("expected a tagger error, got {other:?}"),
    }
    for i in [0, 2, 3] {
        let a = out[i].as_ref().unwrap();
        assert_eq!(a, &p.try_analyze(docs[i]).unwrap(), "document {i}");
    }
    assert_eq!(out[2].as_ref().unwrap().entities[0].text, "Roll");
    // Without the poison, one call tags everything; files take the same path.
    let dir = std::env::temp_dir().join(format!("whosaid-batching-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), docs[2]).unwrap();
    let files = p.analyze_files(&[dir.join("a.txt"), dir.join("missing.txt")]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(files[0].as_ref().unwrap(), out[2].as_ref().unwrap());
    assert!(matches!(files[1], Err(Error::Io { .. })));
    let all = p.analyze_batch(&[docs[0], docs[2], docs[3]]);
    assert_eq!(&all[1], out[2].as_ref().unwrap());
    // More documents than one tag_batch call takes: results stay in input order.
    let many: Vec<String> = (0..1100).map(|i| format!("Item {i}: Roll said.")).collect();
    for (d, a) in many.iter().zip(p.analyze_batch(&many)) {
        assert_eq!(a.entities.len(), 1, "{d}");
        assert_eq!(a.entities[0].span.start, d.find("Roll").unwrap(), "{d}");
    }
}

/// A batching tagger whose `tag_batch` returns one result too few.
struct ShortBatch;
impl EntityTagger for ShortBatch {
    fn tag(&self, _: &str, _: &Segmentation, _: &mut Vec<Entity>) -> whosaid::Result<()> {
        Ok(())
    }
    fn tag_batch(&self, docs: &[TagInput<'_>]) -> Vec<whosaid::Result<Vec<Entity>>> {
        docs.iter().skip(1).map(|_| Ok(Vec::new())).collect()
    }
    fn batches_documents(&self) -> bool {
        true
    }
}

#[test]
fn a_batch_result_of_the_wrong_length_is_a_contract_error() {
    let p = Pipeline::builder().tagger(ShortBatch).build().unwrap();
    let out = p.try_analyze_batch(&[TEXT, TEXT]);
    for r in out {
        let (stage, reason) = contract_stage(r);
        assert_eq!(stage, Stage::Tagger);
        assert!(reason.contains("1 results for 2 documents"), "{reason}");
    }
}

#[test]
fn builtin_pipeline_and_attributor_load_through_the_checked_path() {
    assert!(Pipeline::builder().build().is_ok());
    assert!(RuleAttributor::builtin().is_ok());
}

const NER: &[u8] = include_bytes!("../models/ner-perceptron.bin");
const ATTR: &[u8] = include_bytes!("../models/attribution-perceptron.bin");

fn load_ner(b: &[u8]) -> bool {
    PerceptronModel::from_bytes(b).is_ok()
}

fn load_attr(b: &[u8]) -> bool {
    RuleAttributor::rules_only().with_learned_model(b).is_ok()
}

/// FNV-1a, as the model files' trailing checksum.
fn fnv(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A copy of `model` with header word `at` replaced and a valid checksum, as a forger
/// would write it.
fn forged(model: &[u8], at: usize, value: u32) -> Vec<u8> {
    let mut v = model.to_vec();
    v[at..at + 4].copy_from_slice(&value.to_le_bytes());
    let n = v.len() - 8;
    let sum = fnv(&v[..n]);
    v[n..].copy_from_slice(&sum.to_le_bytes());
    v
}

#[test]
fn forged_headers_are_rejected_before_allocating() {
    for (model, load) in [(NER, load_ner as fn(&[u8]) -> bool), (ATTR, load_attr)] {
        assert!(load(model));
        // Header: magic (8), version (4), bits (4), labels (4), scale (4), rows (4).
        assert!(!load(&forged(model, 12, 31)), "2^31 rows");
        assert!(!load(&forged(model, 12, 24)), "2^24 rows × labels");
        assert!(!load(&forged(model, 20, f32::NAN.to_bits())), "NaN scale");
        assert!(!load(&forged(model, 24, u32::MAX)), "more rows than bytes");
        assert!(!load(&forged(model, 8, 2)), "unknown version");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_truncation_or_byte_flip_is_an_error(cut in 0usize..1_400_000, at in 0usize..1_400_000, bit in 0u8..8) {
        for (model, load) in [(NER, load_ner as fn(&[u8]) -> bool), (ATTR, load_attr)] {
            let cut = cut % model.len();
            prop_assert!(!load(&model[..cut]));
            let mut flipped = model.to_vec();
            flipped[at % model.len()] ^= 1 << bit;
            prop_assert!(!load(&flipped));
        }
    }
}
