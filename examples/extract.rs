//! Analyzes articles and prints one JSON object per file per line (JSON Lines).
//!
//! ```text
//! cargo run --release --example extract -- [--pretty] [--tokens] FILE_OR_DIR...
//! cargo run --release --features transformer --example extract -- --transformer DIR FILE_OR_DIR...
//! ```
//! With no file, reads standard input. A directory stands for all the `.txt` files inside it,
//! sorted by name. Each object has a `"file"` field. A file that cannot be read or is not UTF-8
//! is reported on stderr with its name; the others are still processed, and the exit code is
//! 1 at the end. `--transformer DIR` (feature `transformer`) tags entities with the
//! transformer model in `DIR` instead of the built-in tagger.

mod common;
use common::with_transformer;
use serde::Serialize;
use std::io::{Read, Write};
use std::path::PathBuf;
use whosaid::{Analysis, Pipeline};

#[derive(Serialize)]
struct Output<'a> {
    file: &'a str,
    #[serde(flatten)]
    analysis: &'a Analysis,
}

fn usage() -> ! {
    eprintln!(
        "usage: extract [--pretty] [--tokens] [--transformer DIR] [FILE|DIR]...   (no file: read stdin)"
    );
    std::process::exit(2);
}

fn main() {
    let mut pretty = false;
    let mut tokens = false;
    let mut inputs: Vec<PathBuf> = Vec::new();
    let mut failed = false;
    let mut transformer: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--pretty" => pretty = true,
            "--tokens" => tokens = true,
            "--transformer" => {
                transformer = Some(args.next().map(PathBuf::from).unwrap_or_else(|| usage()))
            }
            "-h" | "--help" => usage(),
            a if a.starts_with("--") => {
                eprintln!("unknown option {a}");
                usage()
            }
            a => {
                let p = PathBuf::from(a);
                if p.is_dir() {
                    match std::fs::read_dir(&p) {
                        Ok(rd) => {
                            let mut files: Vec<PathBuf> = rd
                                .filter_map(|e| e.ok().map(|e| e.path()))
                                .filter(|f| f.extension().is_some_and(|x| x == "txt"))
                                .collect();
                            files.sort();
                            inputs.extend(files);
                        }
                        Err(e) => {
                            eprintln!("error: cannot read directory {}: {e}", p.display());
                            failed = true;
                        }
                    }
                } else {
                    inputs.push(p);
                }
            }
        }
    }
    // Tokens are always kept so that each sentence's `first_token..end_token` indexes the
    // token list that `--tokens` prints; without `--tokens` the list itself is left out.
    let mut builder = Pipeline::builder();
    if let Some(dir) = &transformer {
        builder = with_transformer(builder, dir);
    }
    let pipeline = match builder.build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut emit = |name: &str, mut a: Analysis| -> std::io::Result<()> {
        if !tokens {
            a.tokens = Vec::new();
        }
        let o = Output {
            file: name,
            analysis: &a,
        };
        if pretty {
            serde_json::to_writer_pretty(&mut out, &o)?;
        } else {
            serde_json::to_writer(&mut out, &o)?;
        }
        out.write_all(b"\n")
    };
    if inputs.is_empty() {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            eprintln!("error: cannot read <stdin>: {e}");
            std::process::exit(1);
        }
        match whosaid::io::decode_utf8("<stdin>", bytes) {
            Ok(text) => match pipeline.try_analyze_batch(&[text]).remove(0) {
                Ok(a) => {
                    if let Err(e) = emit("<stdin>", a) {
                        eprintln!("error: cannot write output: {e}");
                        std::process::exit(1);
                    }
                }
                Err(e) => {
                    eprintln!("error: <stdin>: {e}");
                    failed = true;
                }
            },
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
    }
    // Read and analyze in chunks so that memory stays bounded on large folders, while the
    // analysis of each chunk runs in parallel. Each document is isolated: one that fails
    // (even by a panic inside a stage) is reported with its name and the rest go on.
    for chunk in inputs.chunks(256) {
        let texts: Vec<(String, Result<String, whosaid::Error>)> = chunk
            .iter()
            .map(|p| (p.display().to_string(), whosaid::io::read_text(p)))
            .collect();
        let ok: Vec<&str> = texts
            .iter()
            .filter_map(|(_, t)| t.as_ref().ok().map(String::as_str))
            .collect();
        let mut analyses = pipeline.try_analyze_batch(&ok).into_iter();
        for (name, text) in &texts {
            let analysis = match text {
                Ok(_) => analyses.next(),
                Err(e) => {
                    eprintln!("error: {e}");
                    failed = true;
                    continue;
                }
            };
            match analysis {
                Some(Ok(a)) => {
                    if let Err(e) = emit(name, a) {
                        eprintln!("error: cannot write output: {e}");
                        std::process::exit(1);
                    }
                }
                Some(Err(e)) => {
                    eprintln!("error: {name}: {e}");
                    failed = true;
                }
                None => {
                    eprintln!("error: {name}: no analysis came back");
                    failed = true;
                }
            }
        }
    }
    if out.flush().is_err() {
        failed = true;
    }
    if failed {
        std::process::exit(1);
    }
}
