//! A bounded, deterministic fuzzer that runs on the stable toolchain (CI runs it; the
//! coverage-guided fuzzers in `fuzz/` need cargo-fuzz).
//!
//! ```text
//! cargo run --release --example fuzz_smoke -- [--iterations N] [--seed S] [--max-len BYTES]
//!     [--keep-going] [--no-models]
//! ```
//!
//! Seeds: the committed fixtures (`tests/fixtures/**/*.txt`), the hand-written seeds in
//! `fuzz/seeds/analyze/`, and a small sample of every adversarial family
//! (`examples/common/adversarial.rs`). Each iteration takes a seed and mutates its bytes (bit
//! flips, multi-byte quotation marks, emoji, abbreviations and line breaks inserted at random
//! offsets, deletions, splices with another seed, truncation, duplicated stretches), decodes
//! them with `String::from_utf8_lossy` and runs `Pipeline::default()` on the text with the
//! output invariants of `whosaid::__fuzz::check_pipeline` and the quotation-mark pairer's
//! checks. Every eighth iteration also feeds both model loaders a mutated model file (flipped,
//! truncated, cut short, with its checksum recomputed or not): they must return `Ok` or
//! `Err`, never panic.
//!
//! A panic or a broken invariant prints the iteration, the message, the input (escaped, as a
//! Rust string) and a shortened input that still fails, then exits 1 (with `--keep-going`,
//! it goes on and exits 1 at the end, reporting each distinct failure once).

#[path = "common/adversarial.rs"]
mod adversarial;

use adversarial::Lcg;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Mutex;
use whosaid::{__fuzz, Pipeline};

fn usage() -> ! {
    eprintln!(
        "usage: fuzz_smoke [--iterations N] [--seed S] [--max-len BYTES] [--keep-going] [--no-models]"
    );
    std::process::exit(2)
}

fn push_txt_files(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            push_txt_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            if let Ok(b) = std::fs::read(&p) {
                out.push(b);
            }
        }
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    push_txt_files(&root.join("tests/fixtures"), &mut out);
    if let Ok(rd) = std::fs::read_dir(root.join("fuzz/seeds/analyze")) {
        let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        out.extend(paths.iter().filter_map(|p| std::fs::read(p).ok()));
    }
    for f in adversarial::FAMILIES {
        if let Some(t) = adversarial::family(f, 600) {
            out.push(t.into_bytes());
        }
    }
    out
}

fn mutate(r: &mut Lcg, seeds: &[Vec<u8>], max_len: usize) -> Vec<u8> {
    let mut b = seeds[r.below(seeds.len())].clone();
    if b.len() > max_len {
        // A random window of a long seed.
        let start = r.below(b.len() - max_len + 1);
        b = b[start..start + max_len].to_vec();
    }
    for _ in 0..1 + r.below(6) {
        let len = b.len();
        match r.below(8) {
            0 if len > 0 => {
                let i = r.below(len);
                b[i] ^= 1 << r.below(8);
            }
            1 | 2 => {
                let i = r.below(len + 1);
                let piece = r.pick(__fuzz::HOSTILE_PIECES).as_bytes();
                b.splice(i..i, piece.iter().copied());
            }
            3 if len > 0 => {
                let i = r.below(len);
                let j = (i + 1 + r.below(16)).min(len);
                b.drain(i..j);
            }
            4 => {
                let other = &seeds[r.below(seeds.len())];
                if !other.is_empty() {
                    let s = r.below(other.len());
                    let e = (s + 1 + r.below(256)).min(other.len());
                    let i = r.below(len + 1);
                    b.splice(i..i, other[s..e].iter().copied());
                }
            }
            5 if len > 0 => b.truncate(r.below(len)),
            6 if len > 0 => {
                let s = r.below(len);
                let e = (s + 1 + r.below(32)).min(len);
                let piece = b[s..e].to_vec();
                for _ in 0..1 + r.below(8) {
                    b.splice(s..s, piece.iter().copied());
                }
            }
            _ => {
                // A random character, multi-byte more often than not.
                let c = match r.below(3) {
                    0 => char::from_u32(0x80 + r.below(0x780) as u32),
                    1 => char::from_u32(0x800 + r.below(0xd000) as u32),
                    _ => char::from_u32(0x1_0000 + r.below(0x2_0000) as u32),
                }
                .unwrap_or('�');
                let i = r.below(len + 1);
                let mut buf = [0u8; 4];
                b.splice(i..i, c.encode_utf8(&mut buf).bytes());
            }
        }
    }
    b.truncate(max_len * 2);
    b
}

/// A mutated model file: flipped, truncated, cut short, its row count changed; with its
/// checksum recomputed or not.
fn mutate_model(r: &mut Lcg, model: &[u8]) -> Vec<u8> {
    // Without the checksum: the payload the mutations work on.
    let payload = &model[..model.len().saturating_sub(8)];
    let mut b = match r.below(4) {
        0 => payload.to_vec(),
        _ => payload[..payload.len().min(32 + r.below(4096))].to_vec(),
    };
    for _ in 0..r.below(4) {
        if b.is_empty() {
            break;
        }
        let i = if r.one_in(2) {
            r.below(b.len().min(32))
        } else {
            r.below(b.len())
        };
        b[i] ^= 1 << r.below(8);
    }
    if r.one_in(3) && b.len() >= 28 {
        // A small row count, so that a cut-short body can parse.
        let rows = r.below(64) as u32;
        b[24..28].copy_from_slice(&rows.to_le_bytes());
    }
    if r.one_in(4) && !b.is_empty() {
        let n = r.below(b.len());
        b.truncate(n);
    }
    if r.one_in(5) {
        b
    } else {
        __fuzz::with_checksum(&b)
    }
}

/// Where the last panic happened (set by the hook [`main`] installs).
static PANIC_AT: Mutex<String> = Mutex::new(String::new());

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    let msg = if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "(non-string panic)".to_string()
    };
    let at = PANIC_AT.lock().map(|s| s.clone()).unwrap_or_default();
    format!("at {at}: {msg}")
}

/// Runs every text check on `text`: `Err` with the panic or the broken invariant.
fn check_text(p: &Pipeline, text: &str) -> Result<(), String> {
    match catch_unwind(AssertUnwindSafe(|| {
        __fuzz::check_pipeline(p, text)?;
        __fuzz::check_quote_marks(text).map(drop)
    })) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(format!("invariant: {e}")),
        Err(panic) => Err(format!("panic: {}", panic_message(&*panic))),
    }
}

fn check_model(bytes: &[u8]) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| {
        let _ = __fuzz::load_ner_model(bytes);
        let _ = __fuzz::load_attribution_model(bytes);
    }))
    .map_err(|panic| format!("panic: {}", panic_message(&*panic)))
}

/// A shorter input that still fails the same way (greedy removal of chunks, then of
/// characters).
fn shrink(p: &Pipeline, text: &str, failure: &str) -> String {
    let key = failure_key(failure);
    let fails = |t: &str| check_text(p, t).is_err_and(|e| failure_key(&e) == key);
    let mut chars: Vec<char> = text.chars().collect();
    let mut chunk = chars.len().div_ceil(2).max(1);
    let mut tries = 0;
    while chunk >= 1 && tries < 4000 {
        let mut i = 0;
        let mut removed = false;
        while i < chars.len() && tries < 4000 {
            let end = (i + chunk).min(chars.len());
            let candidate: String = chars[..i].iter().chain(&chars[end..]).collect();
            tries += 1;
            if fails(&candidate) {
                chars.drain(i..end);
                removed = true;
            } else {
                i += chunk;
            }
        }
        if !removed {
            if chunk == 1 {
                break;
            }
            chunk /= 2;
        }
    }
    chars.into_iter().collect()
}

/// What makes two failures the same: a panic's location, or an invariant's message with
/// numbers left out.
fn failure_key(failure: &str) -> String {
    match failure.strip_prefix("panic: at ") {
        Some(rest) => rest.split(": ").next().unwrap_or("").to_string(),
        None => failure
            .split(" (")
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_ascii_digit())
            .collect(),
    }
}

fn value(args: &mut impl Iterator<Item = String>) -> u64 {
    args.next()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| usage())
}

fn main() {
    let mut iterations = 2000usize;
    let mut seed = 1u64;
    let mut max_len = 2048usize;
    let mut keep_going = false;
    let mut models = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--iterations" => iterations = value(&mut args) as usize,
            "--seed" => seed = value(&mut args),
            "--max-len" => max_len = (value(&mut args) as usize).max(1),
            "--keep-going" => keep_going = true,
            "--no-models" => models = false,
            _ => usage(),
        }
    }
    // Panics are caught and reported with their input; the hook only records where.
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut at) = PANIC_AT.lock() {
            *at = info.location().map_or_else(
                || "?".to_string(),
                |l| format!("{}:{}:{}", l.file(), l.line(), l.column()),
            );
        }
    }));
    let pipeline = Pipeline::default();
    let seeds = seeds();
    let model_files = __fuzz::builtin_models();
    println!(
        "fuzz_smoke: {iterations} iterations, seed {seed}, {} seeds, max length {max_len}",
        seeds.len()
    );
    let mut r = Lcg::new(seed);
    let mut failures: Vec<String> = Vec::new();
    let (mut texts, mut model_runs) = (0usize, 0usize);
    let report = |what: String, failures: &mut Vec<String>| -> bool {
        let key = failure_key(&what);
        let new = !failures.contains(&key);
        if new {
            failures.push(key);
        }
        new
    };
    for it in 0..iterations {
        let bytes = mutate(&mut r, &seeds, max_len);
        let text = String::from_utf8_lossy(&bytes);
        texts += 1;
        if let Err(e) = check_text(&pipeline, &text) {
            if report(e.clone(), &mut failures) {
                println!("FAIL iteration {it} (seed {seed}): {e}");
                println!("  input ({} bytes): {}", text.len(), __fuzz::escape(&text));
                let short = shrink(&pipeline, &text, &e);
                println!(
                    "  shortened ({} bytes): {}",
                    short.len(),
                    __fuzz::escape(&short)
                );
            }
            if !keep_going {
                std::process::exit(1);
            }
        }
        if models && it % 8 == 0 {
            let (name, model) = model_files[r.below(model_files.len())];
            let m = mutate_model(&mut r, model);
            model_runs += 1;
            if let Err(e) = check_model(&m) {
                if report(e.clone(), &mut failures) {
                    println!("FAIL iteration {it} (seed {seed}): model loader: {e}");
                    let path = std::env::temp_dir().join(format!("fuzz_smoke-{name}-{it}.bin"));
                    let saved = std::fs::write(&path, &m).is_ok();
                    println!(
                        "  mutated {name} model ({} bytes){}",
                        m.len(),
                        if saved {
                            format!(", written to {}", path.display())
                        } else {
                            String::new()
                        }
                    );
                }
                if !keep_going {
                    std::process::exit(1);
                }
            }
        }
    }
    println!(
        "fuzz_smoke: {texts} texts, {model_runs} model files, {} distinct failures",
        failures.len()
    );
    if !failures.is_empty() {
        std::process::exit(1);
    }
}
