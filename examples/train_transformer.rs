//! Fine-tunes a BERT-family encoder for CoNLL-2003 NER with tch, and writes a model folder that
//! `whosaid::entities::TransformerTagger` loads.
//!
//! ```text
//! cargo run --release --features transformer,training --example train_transformer -- \
//!     --encoder models/all-MiniLM-L6-v2 --out models/minilm-conll \
//!     [--train FILE] [--valid FILE] [--epochs 3] [--batch 32] [--lr 1e-4] [--warmup 0.1]
//!     [--max-len 128] [--seed 42] [--limit N] [--valid-limit N] [--threads N]
//! ```
//!
//! Default data: `$WHOSAID_DATA/conll2003/{train,valid}.txt` (`WHOSAID_DATA` defaults to
//! `../shared/data`). The encoder folder holds `config.json`, `vocab.txt` or `tokenizer.json`,
//! and `model.safetensors` (or `.ot`); tensor names with or without the `bert.` prefix load.
//!
//! Training: each CoNLL word is split into WordPieces by the same tokenizer the tagger uses;
//! the first piece of a word carries its IOB2 label and the others are ignored (-100), so the
//! tagger reads one label per word. AdamW (weight decay 0.01), linear warm-up then linear decay,
//! gradient norm clipped to 1, dropout from the config, fixed seed, sentences batched by
//! similar length. After each epoch the model is scored on the valid file (entity micro F1 on
//! gold tokens); the best epoch is written to `--out`.

use rust_bert::bert::{BertConfig, BertForTokenClassification};
use rust_bert::pipelines::common::TokenizerOption;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tch::nn::{self, OptimizerConfig};
use tch::{Device, Reduction, Tensor};
use whosaid::entities::conll;
use whosaid::entities::perceptron::TaggedSentence;
use whosaid::entities::transformer::load_tokenizer;

const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
const IGNORE: i64 = -100;

struct Args {
    encoder: PathBuf,
    train: PathBuf,
    valid: PathBuf,
    out: PathBuf,
    epochs: usize,
    batch: usize,
    lr: f64,
    warmup: f64,
    max_len: usize,
    seed: u64,
    limit: Option<usize>,
    valid_limit: Option<usize>,
    threads: Option<i32>,
}

fn usage() -> ! {
    eprintln!(
        "usage: train_transformer --encoder DIR --out DIR [--train FILE] [--valid FILE] \
         [--epochs N] [--batch N] [--lr F] [--warmup F] [--max-len N] [--seed N] [--limit N] \
         [--valid-limit N] [--threads N]"
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let data =
        PathBuf::from(std::env::var("WHOSAID_DATA").unwrap_or_else(|_| "../shared/data".into()));
    let mut a = Args {
        encoder: PathBuf::new(),
        train: data.join("conll2003/train.txt"),
        valid: data.join("conll2003/valid.txt"),
        out: PathBuf::new(),
        epochs: 3,
        batch: 32,
        lr: 1e-4,
        warmup: 0.1,
        max_len: 128,
        seed: 42,
        limit: None,
        valid_limit: None,
        threads: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut val = || it.next().unwrap_or_else(|| usage());
        fn num<T: std::str::FromStr>(s: String) -> T {
            s.parse().unwrap_or_else(|_| usage())
        }
        match flag.as_str() {
            "--encoder" => a.encoder = val().into(),
            "--train" => a.train = val().into(),
            "--valid" => a.valid = val().into(),
            "--out" => a.out = val().into(),
            "--epochs" => a.epochs = num(val()),
            "--batch" => a.batch = num(val()),
            "--lr" => a.lr = num(val()),
            "--warmup" => a.warmup = num(val()),
            "--max-len" => a.max_len = num(val()),
            "--seed" => a.seed = num(val()),
            "--limit" => a.limit = Some(num(val())),
            "--valid-limit" => a.valid_limit = Some(num(val())),
            "--threads" => a.threads = Some(num(val())),
            _ => usage(),
        }
    }
    if a.encoder.as_os_str().is_empty() || a.out.as_os_str().is_empty() || a.batch == 0 {
        usage()
    }
    if a.max_len < 8 {
        eprintln!("--max-len must be at least 8");
        std::process::exit(2)
    }
    a
}

fn fail(msg: impl std::fmt::Display) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1)
}

/// splitmix64: a tiny seeded generator for shuffling.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// One encoded sentence: piece ids with `[CLS]`/`[SEP]`, label per piece (-100: ignored), and
/// for each word the index of its first piece (`None` when cut off by `--max-len`).
struct Example {
    ids: Vec<i64>,
    labels: Vec<i64>,
    word_first: Vec<Option<usize>>,
}

fn encode(
    tok: &TokenizerOption,
    s: &TaggedSentence,
    label_id: &HashMap<&str, i64>,
    max_len: usize,
    cache: &mut HashMap<String, Vec<i64>>,
) -> (Example, bool) {
    let cls = tok.convert_tokens_to_ids(&["[CLS]"])[0];
    let sep = tok.get_sep_id().unwrap_or(102);
    let mut ids = vec![cls];
    let mut labels = vec![IGNORE];
    let mut word_first = Vec::with_capacity(s.tokens.len());
    let mut truncated = false;
    for (w, tag) in s.tokens.iter().zip(&s.tags) {
        let pieces = cache
            .entry(w.clone())
            .or_insert_with(|| tok.convert_tokens_to_ids(&tok.tokenize(w)));
        if pieces.is_empty() || ids.len() + pieces.len() > max_len - 1 {
            truncated |= !pieces.is_empty();
            word_first.push(None);
            continue;
        }
        word_first.push(Some(ids.len()));
        labels.push(*label_id.get(tag.as_str()).unwrap_or(&0));
        labels.extend(std::iter::repeat_n(IGNORE, pieces.len() - 1));
        ids.extend_from_slice(pieces);
    }
    ids.push(sep);
    labels.push(IGNORE);
    (
        Example {
            ids,
            labels,
            word_first,
        },
        truncated,
    )
}

fn batch_tensors(exs: &[&Example], pad: i64, device: Device) -> (Tensor, Tensor, Tensor) {
    let len = exs.iter().map(|e| e.ids.len()).max().unwrap_or(0);
    let mut ids = Vec::with_capacity(exs.len() * len);
    let mut mask = Vec::with_capacity(exs.len() * len);
    let mut labels = Vec::with_capacity(exs.len() * len);
    for e in exs {
        let n = e.ids.len();
        ids.extend_from_slice(&e.ids);
        ids.extend(std::iter::repeat_n(pad, len - n));
        mask.extend(std::iter::repeat_n(1i64, n));
        mask.extend(std::iter::repeat_n(0i64, len - n));
        labels.extend_from_slice(&e.labels);
        labels.extend(std::iter::repeat_n(IGNORE, len - n));
    }
    let shape = [exs.len() as i64, len as i64];
    (
        Tensor::from_slice(&ids).view(shape).to(device),
        Tensor::from_slice(&mask).view(shape).to(device),
        Tensor::from_slice(&labels).view(shape).to(device),
    )
}

/// Batches of similar length: shuffle, sort within pools of 50 batches, shuffle the batches.
fn make_batches(n: usize, lens: &[usize], batch: usize, rng: &mut Rng) -> Vec<Vec<usize>> {
    let mut idx: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut idx);
    let mut batches = Vec::new();
    for pool in idx.chunks_mut(batch * 50) {
        pool.sort_by_key(|&i| lens[i]);
        batches.extend(pool.chunks(batch).map(<[usize]>::to_vec));
    }
    rng.shuffle(&mut batches);
    batches
}

/// Entity micro F1 (and per type) on gold tokens, reading each word's label at its first piece.
fn evaluate(
    model: &BertForTokenClassification,
    sents: &[TaggedSentence],
    exs: &[Example],
    pad: i64,
    device: Device,
) -> (f64, Vec<(String, f64)>) {
    let mut order: Vec<usize> = (0..exs.len()).collect();
    order.sort_by_key(|&i| exs[i].ids.len());
    let mut counts: HashMap<String, (usize, usize, usize)> = HashMap::new();
    tch::no_grad(|| {
        for chunk in order.chunks(64) {
            let refs: Vec<&Example> = chunk.iter().map(|&i| &exs[i]).collect();
            let (ids, mask, _) = batch_tensors(&refs, pad, device);
            let out = model.forward_t(Some(&ids), Some(&mask), None, None, None, false);
            let pred = out.logits.argmax(-1, false).to(Device::Cpu);
            let rows = pred.size()[1] as usize;
            let flat: Vec<i64> = Vec::<i64>::try_from(pred.flatten(0, -1)).unwrap_or_default();
            for (b, &i) in chunk.iter().enumerate() {
                let tags: Vec<String> = exs[i]
                    .word_first
                    .iter()
                    .map(|p| match p {
                        Some(p) => LABELS[flat[b * rows + p].clamp(0, 8) as usize].to_string(),
                        None => "O".to_string(),
                    })
                    .collect();
                // Repair I- without a B- of its type (as the tagger's decoder does).
                let mut fixed = tags.clone();
                for k in 0..fixed.len() {
                    if let Some(t) = tags[k].strip_prefix("I-") {
                        let ok = k > 0 && fixed[k - 1].len() > 2 && &fixed[k - 1][2..] == t;
                        if !ok {
                            fixed[k] = format!("B-{t}");
                        }
                    }
                }
                let gold = conll::chunks(&sents[i].tags);
                let pred = conll::chunks(&fixed);
                for (_, _, t) in &gold {
                    counts.entry(t.clone()).or_default().2 += 1;
                }
                for c in &pred {
                    let e = counts.entry(c.2.clone()).or_default();
                    e.1 += 1;
                    if gold.contains(c) {
                        e.0 += 1;
                    }
                }
            }
        }
    });
    let f1 = |tp: usize, p: usize, g: usize| {
        if tp == 0 {
            0.0
        } else {
            let (p, r) = (tp as f64 / p as f64, tp as f64 / g as f64);
            100.0 * 2.0 * p * r / (p + r)
        }
    };
    let (mut tp, mut p, mut g) = (0, 0, 0);
    let mut per: Vec<(String, f64)> = counts
        .iter()
        .map(|(t, &(a, b, c))| {
            tp += a;
            p += b;
            g += c;
            (t.clone(), f1(a, b, c))
        })
        .collect();
    per.sort_by(|a, b| a.0.cmp(&b.0));
    (f1(tp, p, g), per)
}

fn load_sentences(path: &Path, limit: Option<usize>) -> Vec<TaggedSentence> {
    let text = whosaid::io::read_text(path).unwrap_or_else(|e| fail(e));
    let docs = conll::parse(&text, &path.display().to_string()).unwrap_or_else(|e| fail(e));
    let mut s: Vec<TaggedSentence> = docs.into_iter().flatten().collect();
    if let Some(n) = limit {
        s.truncate(n);
    }
    s
}

/// Loads the encoder's weights into the token-classification model's var store; names may
/// lack the `bert.` prefix. Returns the variables left at their random initialization.
fn load_encoder(vs: &mut nn::VarStore, dir: &Path) -> Vec<String> {
    let file = whosaid::entities::transformer::WEIGHT_FILES
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.is_file())
        .unwrap_or_else(|| fail(format!("no encoder weights in {}", dir.display())));
    let named: HashMap<String, Tensor> = if file.extension().is_some_and(|e| e == "safetensors") {
        Tensor::read_safetensors(&file)
    } else {
        Tensor::load_multi(&file)
    }
    .unwrap_or_else(|e| fail(format!("{}: {e}", file.display())))
    .into_iter()
    .collect();
    let mut missing = Vec::new();
    tch::no_grad(|| {
        for (name, mut var) in vs.variables() {
            let src = named
                .get(&name)
                .or_else(|| name.strip_prefix("bert.").and_then(|n| named.get(n)));
            match src {
                Some(src) => {
                    if src.size() != var.size() {
                        fail(format!(
                            "{name}: shape {:?} in {}, {:?} expected",
                            src.size(),
                            file.display(),
                            var.size()
                        ));
                    }
                    var.copy_(&src.to_kind(var.kind()));
                }
                None => missing.push(name),
            }
        }
    });
    missing.sort();
    missing
}

fn main() {
    let a = parse_args();
    let t_start = Instant::now();
    if let Some(n) = a.threads {
        tch::set_num_threads(n);
    }
    tch::manual_seed(a.seed as i64);
    let device = Device::Cpu;
    eprintln!(
        "libtorch threads: {}, device: {device:?}",
        tch::get_num_threads()
    );

    // Encoder config with our labels.
    let config_text =
        whosaid::io::read_text(&a.encoder.join("config.json")).unwrap_or_else(|e| fail(e));
    let mut config_json: serde_json::Value =
        serde_json::from_str(&config_text).unwrap_or_else(|e| fail(format!("config.json: {e}")));
    let id2label: serde_json::Map<String, serde_json::Value> = LABELS
        .iter()
        .enumerate()
        .map(|(i, l)| (i.to_string(), serde_json::Value::from(*l)))
        .collect();
    let label2id: serde_json::Map<String, serde_json::Value> = LABELS
        .iter()
        .enumerate()
        .map(|(i, l)| (l.to_string(), serde_json::Value::from(i)))
        .collect();
    config_json["id2label"] = id2label.into();
    config_json["label2id"] = label2id.into();
    config_json["architectures"] = serde_json::json!(["BertForTokenClassification"]);
    config_json["model_type"] = "bert".into();
    let config: BertConfig = serde_json::from_value(config_json.clone())
        .unwrap_or_else(|e| fail(format!("config.json: {e}")));

    let tok = load_tokenizer(&a.encoder).unwrap_or_else(|e| fail(e));
    let pad = tok.get_pad_id().unwrap_or(0);
    let label_id: HashMap<&str, i64> = LABELS
        .iter()
        .enumerate()
        .map(|(i, l)| (*l, i as i64))
        .collect();

    let train = load_sentences(&a.train, a.limit);
    let valid = load_sentences(&a.valid, a.valid_limit);
    let mut cache = HashMap::new();
    let mut cut = 0;
    let train_ex: Vec<Example> = train
        .iter()
        .map(|s| {
            let (e, t) = encode(&tok, s, &label_id, a.max_len, &mut cache);
            cut += usize::from(t);
            e
        })
        .collect();
    let valid_ex: Vec<Example> = valid
        .iter()
        .map(|s| encode(&tok, s, &label_id, 512, &mut cache).0)
        .collect();
    let lens: Vec<usize> = train_ex.iter().map(|e| e.ids.len()).collect();
    let pieces: usize = lens.iter().sum();
    eprintln!(
        "train: {} sentences, {pieces} pieces ({cut} cut at --max-len {}); valid: {} sentences",
        train.len(),
        a.max_len,
        valid.len()
    );

    let mut vs = nn::VarStore::new(device);
    let model = BertForTokenClassification::new(vs.root(), &config).unwrap_or_else(|e| fail(e));
    let missing = load_encoder(&mut vs, &a.encoder);
    eprintln!("initialized from scratch: {missing:?}");
    if missing.iter().any(|n| !n.starts_with("classifier.")) {
        fail("the encoder weights do not match a BERT model");
    }

    let mut opt = nn::AdamW::default()
        .build(&vs, a.lr)
        .unwrap_or_else(|e| fail(e));
    let mut rng = Rng(a.seed);
    let steps_per_epoch = train_ex.len().div_ceil(a.batch);
    let total = (steps_per_epoch * a.epochs).max(1);
    let warm = ((total as f64) * a.warmup).round().max(1.0) as usize;
    eprintln!(
        "epochs {}, batch {}, lr {}, warm-up {warm} of {total} steps, max-len {}, seed {}",
        a.epochs, a.batch, a.lr, a.max_len, a.seed
    );
    let mut step = 0usize;
    let mut best: Option<(f64, usize)> = None;
    let mut log = Vec::new();
    std::fs::create_dir_all(&a.out).unwrap_or_else(|e| fail(format!("{}: {e}", a.out.display())));
    for epoch in 1..=a.epochs {
        let t0 = Instant::now();
        let batches = make_batches(train_ex.len(), &lens, a.batch, &mut rng);
        let mut loss_sum = 0.0;
        let mut done_pieces = 0usize;
        for (bi, b) in batches.iter().enumerate() {
            let lr = if step < warm {
                a.lr * (step + 1) as f64 / warm as f64
            } else {
                a.lr * (total - step) as f64 / (total - warm).max(1) as f64
            };
            opt.set_lr(lr);
            let refs: Vec<&Example> = b.iter().map(|&i| &train_ex[i]).collect();
            let (ids, mask, labels) = batch_tensors(&refs, pad, device);
            let out = model.forward_t(Some(&ids), Some(&mask), None, None, None, true);
            let loss = out
                .logits
                .view([-1, LABELS.len() as i64])
                .cross_entropy_loss::<Tensor>(
                    &labels.view([-1]),
                    None,
                    Reduction::Mean,
                    IGNORE,
                    0.0,
                );
            opt.zero_grad();
            loss.backward();
            opt.clip_grad_norm(1.0);
            opt.step();
            loss_sum += loss.double_value(&[]);
            done_pieces += refs.iter().map(|e| e.ids.len()).sum::<usize>();
            step += 1;
            if (bi + 1) % 50 == 0 || bi + 1 == batches.len() {
                let secs = t0.elapsed().as_secs_f64();
                eprintln!(
                    "epoch {epoch} step {}/{} loss {:.4} lr {lr:.2e} {:.0} pieces/s, epoch ETA {:.0}s",
                    bi + 1,
                    batches.len(),
                    loss_sum / (bi + 1) as f64,
                    done_pieces as f64 / secs,
                    secs * batches.len() as f64 / (bi + 1) as f64 - secs
                );
            }
        }
        let train_secs = t0.elapsed().as_secs_f64();
        let (f1, per) = evaluate(&model, &valid, &valid_ex, pad, device);
        let per_s: Vec<String> = per.iter().map(|(t, f)| format!("{t} {f:.2}")).collect();
        eprintln!(
            "epoch {epoch}: train {train_secs:.0}s, valid micro F1 {f1:.2} ({}) [gold tokens]",
            per_s.join(", ")
        );
        log.push(serde_json::json!({
            "epoch": epoch, "train_seconds": train_secs, "loss": loss_sum / batches.len().max(1) as f64,
            "valid_f1_gold_tokens": f1,
            "valid_f1_per_type": per.iter().map(|(t, f)| (t.clone(), serde_json::Value::from(*f))).collect::<serde_json::Map<_, _>>(),
        }));
        if best.is_none_or(|(b, _)| f1 > b) {
            best = Some((f1, epoch));
            vs.save(a.out.join("model.safetensors"))
                .unwrap_or_else(|e| fail(e));
        }
    }

    // The rest of the model folder.
    std::fs::write(
        a.out.join("config.json"),
        serde_json::to_string_pretty(&config_json).unwrap_or_default(),
    )
    .unwrap_or_else(|e| fail(e));
    for f in [
        "vocab.txt",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
    ] {
        let src = a.encoder.join(f);
        if src.is_file() {
            std::fs::copy(&src, a.out.join(f)).unwrap_or_else(|e| fail(format!("{f}: {e}")));
        }
    }
    let (best_f1, best_epoch) = best.unwrap_or((0.0, 0));
    let summary = serde_json::json!({
        "encoder": a.encoder.display().to_string(),
        "train": a.train.display().to_string(),
        "train_sentences": train.len(),
        "epochs": a.epochs, "batch": a.batch, "lr": a.lr, "warmup": a.warmup,
        "max_len": a.max_len, "seed": a.seed, "threads": tch::get_num_threads(),
        "best_epoch": best_epoch, "best_valid_f1_gold_tokens": best_f1,
        "total_seconds": t_start.elapsed().as_secs_f64(),
        "epochs_log": log,
    });
    std::fs::write(
        a.out.join("training.json"),
        serde_json::to_string_pretty(&summary).unwrap_or_default(),
    )
    .unwrap_or_else(|e| fail(e));
    eprintln!(
        "wrote {} (epoch {best_epoch}, valid F1 {best_f1:.2} on gold tokens) in {:.0}s",
        a.out.display(),
        t_start.elapsed().as_secs_f64()
    );
}
