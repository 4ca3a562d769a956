//! Analyzes articles, or a JSON Lines corpus, and prints one JSON object per document per line
//! (JSON Lines) or a CSV table of quotes or entities.
//!
//! ```text
//! cargo run --release --example extract -- [OPTIONS] [FILE|DIR]...
//! cargo run --release --example extract -- --jsonl [OPTIONS] [CORPUS.jsonl]...
//! cargo run --release --example extract -- --help
//! ```
//! Files: with no file, reads one article from standard input; a directory stands for all the
//! `.txt` files inside it, sorted by name; each object has a `"file"` field. A file that
//! cannot be read or is not UTF-8 is reported on stderr with its name; the others are still
//! processed, and the exit code is 1 at the end.
//!
//! Corpus (`--jsonl`): one `{"id": …, "text": …}` per input line (files or stdin); one record
//! per line comes out in input order, with the line's `id` and its other fields untouched. A
//! line that cannot be analyzed becomes `{"id": …, "line": N, "error": "…"}`. Lines are read,
//! analyzed in parallel (rayon) and written in batches of `--batch` lines, one batch at a
//! time, so memory stays flat whatever the corpus size.
//!
//! `--table quotes|entities` prints CSV instead; `--threads N` sets the worker threads; a
//! progress bar is drawn on stderr when it is a terminal (not with `--quiet`).

mod common;
mod corpus;

use common::with_transformer;
use corpus::Progress;
use rayon::prelude::*;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::io::{BufRead, Read, Write};
use std::path::PathBuf;
use whosaid::{Analysis, Pipeline};

const HELP: &str = "\
extract: who is in each article, and who said what, as JSON Lines or CSV

usage: extract [OPTIONS] [FILE|DIR]...              one JSON object per article file
       extract --jsonl [OPTIONS] [CORPUS.jsonl]...  one JSON object per corpus line

Without FILE, standard input is read (one article; with --jsonl, a JSON Lines corpus).
A directory stands for the .txt files inside it, sorted by name.

Input:
  --jsonl            Input is JSON Lines: one {\"id\": ..., \"text\": ...} object per line.
                     Each output record has the line's \"id\" (null when absent) and its
                     other fields untouched, then the analysis; records come out in input
                     order. Fields named like the output's own (paragraphs, sentences,
                     tokens, entities, groups, quotes, line, error, file, input) are moved
                     into an \"input\" object. A line that is not UTF-8, not a JSON object, or
                     has no string \"text\" becomes {\"id\": ..., \"line\": N, \"error\": ...}
                     (and \"file\" when read from a file); blank lines are skipped.
  --batch N          Documents read, analyzed and written together (default 256): one
                     batch is in memory at a time.
Output (default: JSON Lines, one object per document):
  --table quotes     CSV, one row per quote:
                     doc,kind,speaker_name,speaker,cue,content,start,end
  --table entities   CSV, one row per entity mention:
                     doc,text,kind,country,group,start,end
                     doc is the file name or the record's id; speaker, cue, content and text
                     hold the span's words; start,end are byte offsets of the quote's content
                     or the mention; group is the canonical name of the mention's entity.
  --pretty           Indented JSON (an object then spans several lines).
  --tokens           Include the token spans in the JSON.
Running:
  --threads N        Worker threads (default: all cores).
  --quiet            No progress bar. The bar (documents, MB/s, ETA when the input size is
                     known) is drawn on stderr only when stderr is a terminal.
  --transformer DIR  Tag entities with the transformer model in DIR (feature `transformer`).
  --replicas N       With --transformer: N copies of the model (default 1) run forward
                     passes at once, one libtorch thread each; each copy holds its own
                     weights in memory.
  -h, --help         Print this help.

Exit status: 0 when every document was analyzed; 1 when a file or record failed (each is
reported on stderr, the others are processed); 2 for a usage error.
";

fn usage_error(msg: &str) -> ! {
    eprintln!("extract: {msg}\nusage: extract [OPTIONS] [FILE|DIR]...   (see --help)");
    std::process::exit(2);
}

/// Which table `--table` prints.
#[derive(Clone, Copy, PartialEq)]
enum Table {
    Quotes,
    Entities,
}

impl Table {
    fn header(self) -> &'static [&'static str] {
        match self {
            Table::Quotes => &[
                "doc",
                "kind",
                "speaker_name",
                "speaker",
                "cue",
                "content",
                "start",
                "end",
            ],
            Table::Entities => &["doc", "text", "kind", "country", "group", "start", "end"],
        }
    }
}

struct Options {
    pretty: bool,
    tokens: bool,
    jsonl: bool,
    table: Option<Table>,
    quiet: bool,
    threads: Option<usize>,
    batch: usize,
    transformer: Option<PathBuf>,
    replicas: Option<usize>,
    inputs: Vec<String>,
}

fn parse_args() -> Options {
    let mut o = Options {
        pretty: false,
        tokens: false,
        jsonl: false,
        table: None,
        quiet: false,
        threads: None,
        batch: 256,
        transformer: None,
        replicas: None,
        inputs: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    let count = |name: &str, v: Option<String>| -> usize {
        corpus::count(name, v).unwrap_or_else(|e| usage_error(&e))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--pretty" => o.pretty = true,
            "--tokens" => o.tokens = true,
            "--jsonl" => o.jsonl = true,
            "--quiet" | "-q" => o.quiet = true,
            "--table" => {
                o.table = match args.next().as_deref() {
                    Some("quotes") => Some(Table::Quotes),
                    Some("entities") => Some(Table::Entities),
                    _ => usage_error("--table takes `quotes` or `entities`"),
                }
            }
            "--threads" => o.threads = Some(count("--threads", args.next())),
            "--batch" => o.batch = count("--batch", args.next()),
            "--replicas" => o.replicas = Some(count("--replicas", args.next())),
            "--transformer" => {
                let dir = args
                    .next()
                    .unwrap_or_else(|| usage_error("--transformer DIR"));
                o.transformer = Some(PathBuf::from(dir));
            }
            "-h" | "--help" => {
                print!("{HELP}");
                std::process::exit(0);
            }
            "--" => o.inputs.extend(args.by_ref()),
            a if a.starts_with('-') && a != "-" => usage_error(&format!("unknown option {a}")),
            a => o.inputs.push(a.to_string()),
        }
    }
    if o.table.is_some() && (o.pretty || o.tokens) {
        usage_error("--pretty and --tokens are for JSON, not --table");
    }
    o
}

/// How each document is written: JSON (the analysis) or CSV rows.
struct Format {
    table: Option<Table>,
    pretty: bool,
    tokens: bool,
}

impl Format {
    /// Writes one document. `head` holds the fields before the analysis (`file`, or `id` and
    /// the passed-through fields); `doc` names the document in a table.
    fn write<H: Serialize>(
        &self,
        head: &H,
        doc: &str,
        text: &str,
        mut a: Analysis,
        out: &mut Vec<u8>,
    ) -> Result<(), String> {
        let Some(table) = self.table else {
            if !self.tokens {
                a.tokens = Vec::new();
            }
            let record = Flat { head, analysis: &a };
            let r = if self.pretty {
                serde_json::to_writer_pretty(&mut *out, &record)
            } else {
                serde_json::to_writer(&mut *out, &record)
            };
            out.push(b'\n');
            return r.map_err(|e| e.to_string());
        };
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(&mut *out);
        let words = |s: Option<whosaid::Span>| s.and_then(|s| s.get(text)).unwrap_or("");
        let r = match table {
            Table::Quotes => a.quotes.iter().try_for_each(|q| {
                w.write_record([
                    doc,
                    q.kind.as_str(),
                    q.speaker_name.as_deref().unwrap_or(""),
                    words(q.speaker),
                    words(q.cue),
                    words(Some(q.content)),
                    &q.content.start.to_string(),
                    &q.content.end.to_string(),
                ])
            }),
            Table::Entities => a.entities.iter().try_for_each(|e| {
                let group = e.group.and_then(|g| a.group(g)).map_or("", |g| &g.name);
                w.write_record([
                    doc,
                    words(Some(e.span)),
                    e.kind.as_str(),
                    e.country.as_ref().map_or("", |c| c.as_str()),
                    group,
                    &e.span.start.to_string(),
                    &e.span.end.to_string(),
                ])
            }),
        };
        r.and_then(|()| Ok(w.flush()?)).map_err(|e| e.to_string())
    }
}

/// The head's fields, then the analysis's, in one JSON object.
#[derive(Serialize)]
struct Flat<'a, H> {
    #[serde(flatten)]
    head: &'a H,
    #[serde(flatten)]
    analysis: &'a Analysis,
}

/// The head of a file's record: `{"file": …}` (unchanged since the first version).
#[derive(Serialize)]
struct FileHead<'a> {
    file: &'a str,
}

/// A JSON object's fields in input order, each value kept as its exact input text.
struct Fields<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Fields<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Fields<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut m: M) -> Result<Fields<'a>, M::Error> {
                let mut out = Vec::new();
                while let Some(k) = m.next_key::<String>()? {
                    out.push((k, m.next_value::<&'de RawValue>()?));
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Output fields that an input field may not take: such input fields go into `"input"`.
const RESERVED: [&str; 10] = [
    "paragraphs",
    "sentences",
    "tokens",
    "entities",
    "groups",
    "quotes",
    "line",
    "error",
    "file",
    "input",
];

/// The head of a corpus record: `id`, the other input fields, and `input` for those whose
/// names the output uses.
#[derive(Serialize)]
struct LineHead<'a> {
    id: Option<&'a RawValue>,
    #[serde(flatten)]
    rest: Fields<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<Fields<'a>>,
}

/// The record for a line that could not be analyzed.
#[derive(Serialize)]
struct ErrorRecord<'a> {
    id: Option<&'a RawValue>,
    line: u64,
    error: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
}

/// One input line of a corpus.
struct Line {
    no: u64,
    bytes: Vec<u8>,
}

/// What a corpus line holds.
enum Parsed<'a> {
    Blank,
    Doc {
        head: LineHead<'a>,
        text: String,
    },
    Failed {
        id: Option<Box<RawValue>>,
        error: String,
    },
}

fn parse_line(bytes: &[u8]) -> Parsed<'_> {
    let line = match std::str::from_utf8(bytes) {
        Ok(l) => l,
        Err(e) => {
            // Name the record by its id when the rest of the line still reads as JSON.
            let lossy = String::from_utf8_lossy(bytes);
            let id = serde_json::from_str::<Fields>(&lossy).ok().and_then(|f| {
                f.0.into_iter()
                    .rev()
                    .find(|(k, _)| k == "id")
                    .map(|(_, v)| v.to_owned())
            });
            return Parsed::Failed {
                id,
                error: corpus::not_utf8("the line", &e),
            };
        }
    };
    if line.trim().is_empty() {
        return Parsed::Blank;
    }
    let fields = match serde_json::from_str::<Fields>(line) {
        Ok(f) => f,
        Err(e) => {
            return Parsed::Failed {
                id: None,
                error: format!("not a JSON object: {e}"),
            }
        }
    };
    let (mut id, mut text, mut rest, mut moved) = (None, None, Vec::new(), Vec::new());
    for (k, v) in fields.0 {
        match k.as_str() {
            "id" => id = Some(v),
            "text" => text = Some(v),
            k if RESERVED.contains(&k) => moved.push((k.to_string(), v)),
            _ => rest.push((k, v)),
        }
    }
    let text = match text.map(|t| serde_json::from_str::<String>(t.get())) {
        Some(Ok(t)) => t,
        Some(Err(e)) => {
            let error = if e.classify() == serde_json::error::Category::Data {
                "\"text\" is not a string".to_string()
            } else {
                format!("\"text\" is not a valid JSON string: {e}")
            };
            return Parsed::Failed {
                id: id.map(RawValue::to_owned),
                error,
            };
        }
        None => {
            return Parsed::Failed {
                id: id.map(RawValue::to_owned),
                error: "no \"text\" field".into(),
            }
        }
    };
    let head = LineHead {
        id,
        rest: Fields(rest),
        input: (!moved.is_empty()).then_some(Fields(moved)),
    };
    Parsed::Doc { head, text }
}

/// How a document is named in a table: its id's string, or the id's JSON text.
fn doc_name(id: Option<&RawValue>) -> String {
    match id {
        None => String::new(),
        Some(raw) => serde_json::from_str::<String>(raw.get()).unwrap_or_else(|_| raw.get().into()),
    }
}

/// The outcome of a run: how many documents were analyzed and how many failed.
#[derive(Default)]
struct Tally {
    done: u64,
    failed: u64,
}

fn write_out(out: &mut impl Write, bytes: &[u8]) {
    if let Err(e) = out.write_all(bytes) {
        eprintln!("error: cannot write output: {e}");
        std::process::exit(1);
    }
}

/// Reads a corpus of JSON Lines and writes one record per non-blank line, in order.
fn run_jsonl(o: &Options, format: &Format, pipeline: &Pipeline, out: &mut impl Write) -> Tally {
    let mut tally = Tally::default();
    let total: Option<u64> = if o.inputs.is_empty() {
        None
    } else {
        Some(
            o.inputs
                .iter()
                .filter_map(|f| std::fs::metadata(f).ok())
                .map(|m| m.len())
                .sum(),
        )
    };
    let mut progress = Progress::new(o.quiet, total);
    let sources: Vec<Option<&str>> = if o.inputs.is_empty() {
        vec![None]
    } else {
        o.inputs.iter().map(|s| Some(s.as_str())).collect()
    };
    for source in sources {
        let reader: Box<dyn BufRead> = match source {
            None => Box::new(std::io::BufReader::with_capacity(
                1 << 20,
                std::io::stdin().lock(),
            )),
            Some(path) => match std::fs::File::open(path) {
                Ok(f) => Box::new(std::io::BufReader::with_capacity(1 << 20, f)),
                Err(e) => {
                    progress.warn(&format!("error: cannot read {path}: {e}"));
                    tally.failed += 1;
                    continue;
                }
            },
        };
        run_jsonl_source(
            source,
            reader,
            o,
            format,
            pipeline,
            out,
            &mut progress,
            &mut tally,
        );
    }
    progress.finish();
    tally
}

/// At most this many bytes of input lines are held at once (with `--batch` lines).
const BATCH_BYTES: usize = 64 << 20;

#[allow(clippy::too_many_arguments)]
fn run_jsonl_source(
    source: Option<&str>,
    mut reader: Box<dyn BufRead>,
    o: &Options,
    format: &Format,
    pipeline: &Pipeline,
    out: &mut impl Write,
    progress: &mut Progress,
    tally: &mut Tally,
) {
    let name = source.unwrap_or("<stdin>");
    let mut line_no = 0u64;
    let mut eof = false;
    while !eof {
        // Read one batch.
        let mut batch: Vec<Line> = Vec::with_capacity(o.batch.min(4096));
        let (mut held, mut read_bytes) = (0usize, 0u64);
        while batch.len() < o.batch && held < BATCH_BYTES {
            let mut bytes = Vec::new();
            match reader.read_until(b'\n', &mut bytes) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => {
                    line_no += 1;
                    read_bytes += n as u64;
                    while matches!(bytes.last(), Some(b'\n' | b'\r')) {
                        bytes.pop();
                    }
                    held += bytes.len();
                    batch.push(Line { no: line_no, bytes });
                }
                Err(e) => {
                    progress.warn(&format!(
                        "error: cannot read {name} after line {line_no}: {e}"
                    ));
                    tally.failed += 1;
                    eof = true;
                    break;
                }
            }
        }
        // Parse and analyze it in parallel; write it in order.
        let parsed: Vec<Parsed> = batch.par_iter().map(|l| parse_line(&l.bytes)).collect();
        let texts: Vec<&str> = parsed
            .iter()
            .filter_map(|p| match p {
                Parsed::Doc { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let mut analyses = pipeline.try_analyze_batch(&texts).into_iter();
        let jobs: Vec<(&Line, &Parsed, Option<whosaid::Result<Analysis>>)> = batch
            .iter()
            .zip(&parsed)
            .map(|(l, p)| {
                let doc = matches!(p, Parsed::Doc { .. });
                (l, p, doc.then(|| analyses.next()).flatten())
            })
            .collect();
        let rendered: Vec<(Vec<u8>, Status)> = jobs
            .into_par_iter()
            .map(|(line, p, analysis)| render_line(line, p, analysis, source, format))
            .collect();
        let mut docs = 0;
        for (bytes, status) in rendered {
            match status {
                Status::Blank => continue,
                Status::Done => tally.done += 1,
                Status::Failed(e) => {
                    progress.warn(&format!("error: {e}"));
                    tally.failed += 1;
                }
            }
            docs += 1;
            write_out(out, &bytes);
        }
        progress.advance(docs, read_bytes);
    }
}

/// What became of a corpus line.
enum Status {
    Blank,
    Done,
    /// Failed, with the message for stderr.
    Failed(String),
}

/// Renders one corpus line: its record (or its rows) and what became of it.
fn render_line(
    line: &Line,
    parsed: &Parsed,
    analysis: Option<whosaid::Result<Analysis>>,
    source: Option<&str>,
    format: &Format,
) -> (Vec<u8>, Status) {
    let mut out = Vec::new();
    let failed = |id: Option<&RawValue>, error: &str, out: &mut Vec<u8>| {
        let where_ = source.unwrap_or("<stdin>");
        let id_note = id.map_or(String::new(), |i| format!(" (id {})", i.get()));
        let report = format!("{where_} line {}{id_note}: {error}", line.no);
        if format.table.is_none() {
            let rec = ErrorRecord {
                id,
                line: line.no,
                error,
                file: source,
            };
            // An error record is plain strings and numbers: it always serializes.
            serde_json::to_writer(&mut *out, &rec).ok();
            out.push(b'\n');
        }
        Status::Failed(report)
    };
    let status = match (parsed, analysis) {
        (Parsed::Blank, _) => Status::Blank,
        (Parsed::Failed { id, error }, _) => failed(id.as_deref(), error, &mut out),
        (Parsed::Doc { head, .. }, Some(Err(e))) => failed(head.id, &e.to_string(), &mut out),
        (Parsed::Doc { head, .. }, None) => failed(head.id, "no analysis came back", &mut out),
        (Parsed::Doc { head, text }, Some(Ok(a))) => {
            match format.write(head, &doc_name(head.id), text, a, &mut out) {
                Ok(()) => Status::Done,
                Err(e) => {
                    out.clear();
                    failed(head.id, &format!("cannot serialize: {e}"), &mut out)
                }
            }
        }
    };
    (out, status)
}

/// Analyzes article files (or one article from stdin) in batches; one record per article.
fn run_files(o: &Options, format: &Format, pipeline: &Pipeline, out: &mut impl Write) -> Tally {
    let mut tally = Tally::default();
    let (files, failed) = corpus::expand_inputs(&o.inputs);
    tally.failed += u64::from(failed);
    if o.inputs.is_empty() {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            eprintln!("error: cannot read <stdin>: {e}");
            std::process::exit(1);
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {}", corpus::not_utf8("<stdin>", &e.utf8_error()));
                std::process::exit(1);
            }
        };
        let a = pipeline.try_analyze_batch(&[&text]).remove(0);
        let mut buf = Vec::new();
        match a.map_err(|e| e.to_string()).and_then(|a| {
            format.write(&FileHead { file: "<stdin>" }, "<stdin>", &text, a, &mut buf)
        }) {
            Ok(()) => {
                tally.done += 1;
                write_out(out, &buf);
            }
            Err(e) => {
                eprintln!("error: <stdin>: {e}");
                tally.failed += 1;
            }
        }
        return tally;
    }
    let total = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let mut progress = Progress::new(o.quiet, Some(total));
    // Read and analyze in batches so that memory stays bounded on large folders, while each
    // batch runs in parallel. Each document is isolated: one that fails (even by a panic
    // inside a stage) is reported with its name and the rest go on.
    for chunk in files.chunks(o.batch) {
        let texts: Vec<(String, Result<String, String>)> = chunk
            .par_iter()
            .map(|p| (p.display().to_string(), corpus::read_article(p)))
            .collect();
        let ok: Vec<&str> = texts
            .iter()
            .filter_map(|(_, t)| t.as_deref().ok())
            .collect();
        let mut analyses = pipeline.try_analyze_batch(&ok).into_iter();
        let jobs: Vec<_> = texts
            .iter()
            .map(|(name, t)| (name, t, t.is_ok().then(|| analyses.next()).flatten()))
            .collect();
        let rendered: Vec<Result<Vec<u8>, String>> = jobs
            .into_par_iter()
            .map(|(name, text, analysis)| {
                let text = text.as_deref()?;
                let a = analysis
                    .ok_or("no analysis came back")?
                    .map_err(|e| format!("{name}: {e}"))?;
                let mut buf = Vec::new();
                let head = FileHead { file: name };
                format
                    .write(&head, name, text, a, &mut buf)
                    .map_err(|e| format!("{name}: {e}"))?;
                Ok(buf)
            })
            .collect();
        let bytes: u64 = texts
            .iter()
            .filter_map(|(_, t)| t.as_ref().ok())
            .map(|t| t.len() as u64)
            .sum();
        for r in rendered {
            match r {
                Ok(buf) => {
                    tally.done += 1;
                    write_out(out, &buf);
                }
                Err(e) => {
                    progress.warn(&format!("error: {e}"));
                    tally.failed += 1;
                }
            }
        }
        progress.advance(chunk.len() as u64, bytes);
    }
    progress.finish();
    tally
}

fn main() {
    let o = parse_args();
    if let Err(e) = corpus::set_threads(o.threads) {
        usage_error(&e);
    }
    // Tokens are always kept so that each sentence's `first_token..end_token` indexes the
    // token list that `--tokens` prints; without `--tokens` the list itself is left out.
    let mut builder = Pipeline::builder();
    if let Some(dir) = &o.transformer {
        builder = with_transformer(builder, dir, o.replicas.unwrap_or(1));
    } else if o.replicas.is_some() {
        usage_error("--replicas needs --transformer");
    }
    let pipeline = match builder.build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let format = Format {
        table: o.table,
        pretty: o.pretty,
        tokens: o.tokens,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    if let Some(t) = o.table {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(t.header()).ok();
        write_out(&mut out, &w.into_inner().unwrap_or_default());
    }
    let tally = if o.jsonl {
        run_jsonl(&o, &format, &pipeline, &mut out)
    } else {
        run_files(&o, &format, &pipeline, &mut out)
    };
    if let Err(e) = out.flush() {
        eprintln!("error: cannot write output: {e}");
        std::process::exit(1);
    }
    if tally.failed > 0 {
        if o.jsonl {
            eprintln!(
                "extract: {} of {} documents failed",
                tally.failed,
                tally.failed + tally.done
            );
        }
        std::process::exit(1);
    }
}
