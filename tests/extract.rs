//! Runs the `extract` example on fixtures and checks every span in its JSON.

use std::path::PathBuf;
use std::process::Command;

mod common;
use common::fixture;

fn extract_bin() -> PathBuf {
    common::example_bin("extract")
}

fn check_spans(text: &str, v: &serde_json::Value) {
    let slice = |s: &serde_json::Value| -> &str {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        text.get(a..b).expect("span on char boundaries")
    };
    for s in v["sentences"].as_array().unwrap() {
        let t = slice(s);
        assert!(!t.is_empty() && t == t.trim());
    }
    for e in v["entities"].as_array().unwrap() {
        assert_eq!(slice(e), e["text"].as_str().unwrap());
    }
    for q in v["quotes"].as_array().unwrap() {
        assert!(!slice(&q["content"]).is_empty());
        for key in ["cue", "speaker"] {
            if !q[key].is_null() {
                assert!(!slice(&q[key]).is_empty());
            }
        }
    }
}

#[test]
fn extract_prints_valid_spans_for_non_ascii_article() {
    let path = fixture("articles/01_baltic_defence.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("Москва") && text.contains('“'));
    let out = Command::new(extract_bin()).arg(&path).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1);
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["file"].as_str().unwrap(), path.display().to_string());
    check_spans(&text, &v);
    // The sentence holding the Cyrillic name slices back to text containing it.
    let found = v["sentences"].as_array().unwrap().iter().any(|s| {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        text[a..b].contains("Москва")
    });
    assert!(found);
}

#[test]
fn extract_reports_bad_files_and_keeps_going() {
    let dir = common::temp_dir("extract");
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"Valid start \xff\xfe then garbage.").unwrap();
    let good = fixture("articles/02_eu_trade.txt");
    let missing = dir.join("missing.txt");
    let out = Command::new(extract_bin())
        .arg(&bad)
        .arg(&good)
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.txt") && stderr.contains("UTF-8"),
        "{stderr}"
    );
    assert!(stderr.contains("missing.txt"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "the good file is still processed");
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    check_spans(&std::fs::read_to_string(&good).unwrap(), &v);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn extract_reads_directories_in_order_and_stdin() {
    let out = Command::new(extract_bin())
        .arg(fixture("articles"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let files: Vec<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["file"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    assert!(files.len() >= 5);

    use std::io::Write;
    let mut child = Command::new(extract_bin())
        .arg("--pretty")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("“Да,” said Roll. He left.".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["file"], "<stdin>");
    assert_eq!(v["sentences"].as_array().unwrap().len(), 2);
}

/// Runs `extract` with `args`, feeding `stdin`; returns (exit code, stdout, stderr).
fn run_extract(args: &[&std::ffi::OsStr], stdin: &[u8]) -> (Option<i32>, String, String) {
    use std::io::Write;
    let mut child = Command::new(extract_bin())
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    let feeder = std::thread::spawn(move || input.write_all(&bytes));
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The analysis fields of a record (the pipeline's own JSON, without tokens).
fn analysis_of(v: &serde_json::Value) -> serde_json::Value {
    let keys = ["paragraphs", "sentences", "entities", "groups", "quotes"];
    keys.iter().map(|k| (k.to_string(), v[k].clone())).collect()
}

/// A corpus of JSON Lines with good and bad lines, and what each line should give:
/// `Ok((id, text))` or `Err(error fragment)`; `None` for a blank line.
type Expected = Option<Result<(serde_json::Value, String), &'static str>>;

fn corpus() -> (Vec<u8>, Vec<Expected>) {
    let articles: Vec<String> = std::fs::read_dir(fixture("articles"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let mut bytes = Vec::new();
    let mut want: Vec<Expected> = Vec::new();
    for i in 0..40usize {
        let line: Vec<u8> = match i % 10 {
            3 => {
                want.push(Some(Err("not a JSON object")));
                format!("{{\"id\": \"d{i}\", \"text\": ").into_bytes()
            }
            5 => {
                want.push(Some(Err("no \"text\" field")));
                format!("{{\"id\": \"d{i}\", \"body\": \"x\"}}").into_bytes()
            }
            7 => {
                want.push(Some(Err("not valid UTF-8")));
                let mut b = format!("{{\"id\": \"d{i}\", \"text\": \"caf").into_bytes();
                b.extend_from_slice(b"\xe9\"}");
                b
            }
            8 if i == 8 => {
                want.push(None);
                b"   ".to_vec()
            }
            9 => {
                want.push(Some(Err("\"text\" is not a string")));
                format!("{{\"id\": {i}, \"text\": [\"a\"]}}").into_bytes()
            }
            _ => {
                let text = if i % 2 == 0 {
                    articles[i % articles.len()].clone()
                } else {
                    format!("“Point {i} stands,” said Madis Roll in Москва.\n\nRoll left.")
                };
                let id = if i % 4 == 1 {
                    serde_json::json!(i)
                } else {
                    serde_json::json!(format!("d{i}"))
                };
                want.push(Some(Ok((id.clone(), text.clone()))));
                // Extra fields come back byte for byte (1.50 stays 1.50), in their order;
                // one named like an output field moves into "input".
                format!(
                    "{{\"src\": {{\"n\": 1.50, \"w\": \"a\\u00e9\"}}, \"id\": {id}, \"text\": {}, \
                     \"quotes\": [{i}], \"z\": null}}",
                    serde_json::to_string(&text).unwrap()
                )
                .into_bytes()
            }
        };
        bytes.extend_from_slice(&line);
        bytes.extend_from_slice(if i % 3 == 0 { b"\r\n" } else { b"\n" });
    }
    (bytes, want)
}

/// Checks a JSON Lines run's output against the corpus: one record per non-blank line, in
/// order, each with its id, and the analysis the library gives for its text.
fn check_corpus_output(stdout: &str, want: &[Expected], file: Option<&str>) {
    let pipeline = whosaid::Pipeline::default();
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let expected: Vec<(usize, &Result<_, _>)> = want
        .iter()
        .enumerate()
        .filter_map(|(i, w)| w.as_ref().map(|w| (i + 1, w)))
        .collect();
    assert_eq!(records.len(), expected.len(), "no record lost or added");
    for (rec, (line, w)) in records.iter().zip(expected) {
        match w {
            Ok((id, text)) => {
                assert_eq!(&rec["id"], id, "line {line}");
                let keys: Vec<&str> = rec
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(|k| k.as_str())
                    .collect();
                assert!(keys.contains(&"src") && keys.contains(&"z"), "{keys:?}");
                assert_eq!(rec["input"]["quotes"][0], line as u64 - 1);
                assert!(rec.get("tokens").is_none() && rec.get("error").is_none());
                // Through the JSON text, as `extract` writes it (an f32 confidence printed
                // in its shortest form reads back as a different f64 than `to_value` gives).
                let json = serde_json::to_string(&pipeline.analyze(text)).unwrap();
                let a: serde_json::Value = serde_json::from_str(&json).unwrap();
                assert_eq!(analysis_of(rec), analysis_of(&a), "line {line}");
            }
            Err(fragment) => {
                assert_eq!(rec["line"], line as u64, "{rec}");
                let err = rec["error"].as_str().unwrap();
                assert!(err.contains(fragment), "line {line}: {err}");
                assert!(rec.get("quotes").is_none());
                if line % 10 == 6 || line % 10 == 8 {
                    // No text, or not UTF-8: the record still carries its id.
                    assert_eq!(rec["id"], format!("d{}", line - 1));
                }
                match file {
                    Some(f) => assert_eq!(rec["file"], f),
                    None => assert!(rec.get("file").is_none()),
                }
            }
        }
    }
    // Passed-through values keep their exact text.
    let first = stdout.lines().next().unwrap();
    assert!(
        first.starts_with(r#"{"id":"d0","src":{"n": 1.50, "w": "a\u00e9"},"z":null,"input":{"quotes":[0]},"paragraphs":"#),
        "{first}"
    );
}

#[test]
fn jsonl_keeps_every_record_in_order_and_reports_bad_lines() {
    let (bytes, want) = corpus();
    // Small batches on two threads: many batches, each analyzed in parallel.
    let (code, stdout, stderr) = run_extract(
        &[
            "--jsonl".as_ref(),
            "--batch".as_ref(),
            "7".as_ref(),
            "--threads".as_ref(),
            "2".as_ref(),
        ],
        &bytes,
    );
    assert_eq!(
        code,
        Some(1),
        "a failed record sets the exit code: {stderr}"
    );
    check_corpus_output(&stdout, &want, None);
    assert!(
        stderr.contains("line 4") && stderr.contains("16 of 39"),
        "{stderr}"
    );

    // From a file, in one batch on one thread: the same records, naming the file on errors.
    let dir = common::temp_dir("jsonl-file");
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, &bytes).unwrap();
    let name = path.to_str().unwrap();
    let (code, stdout2, _) = run_extract(
        &[
            "--jsonl".as_ref(),
            "--threads".as_ref(),
            "1".as_ref(),
            path.as_os_str(),
        ],
        b"",
    );
    assert_eq!(code, Some(1));
    check_corpus_output(&stdout2, &want, Some(name));

    // A corpus of good lines only exits 0.
    let ok = b"{\"id\":1,\"text\":\"\xe2\x80\x9cYes,\xe2\x80\x9d said Roll.\"}\n{\"id\":2,\"text\":\"\"}\n";
    let (code, stdout, stderr) = run_extract(&["--jsonl".as_ref()], ok);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout.lines().count(), 2);
    assert!(
        stderr.is_empty(),
        "no progress bar when stderr is not a terminal: {stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn tables_hold_one_row_per_quote_or_entity() {
    let path = fixture("articles/01_baltic_defence.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let a = whosaid::Pipeline::default().analyze(&text);
    let name = path.display().to_string();
    for (table, header, rows) in [
        (
            "quotes",
            "doc,kind,speaker_name,speaker,cue,content,start,end",
            a.quotes.len(),
        ),
        (
            "entities",
            "doc,text,kind,country,group,start,end",
            a.entities.len(),
        ),
    ] {
        let (code, stdout, stderr) =
            run_extract(&["--table".as_ref(), table.as_ref(), path.as_os_str()], b"");
        assert_eq!(code, Some(0), "{stderr}");
        assert_eq!(stdout.lines().next(), Some(header));
        let mut r = csv::Reader::from_reader(stdout.as_bytes());
        let records: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
        assert_eq!(records.len(), rows, "{table}");
        for (i, rec) in records.iter().enumerate() {
            assert_eq!(&rec[0], name);
            let n = rec.len();
            let (start, end): (usize, usize) =
                (rec[n - 2].parse().unwrap(), rec[n - 1].parse().unwrap());
            if table == "quotes" {
                let q = &a.quotes[i];
                assert_eq!(&rec[1], q.kind.as_str());
                assert_eq!(&rec[2], q.speaker_name.as_deref().unwrap_or(""));
                assert_eq!(&rec[3], q.speaker.map_or("", |s| &text[s]));
                assert_eq!(&rec[4], q.cue.map_or("", |s| &text[s]));
                assert_eq!(&rec[5], &text[start..end]);
                assert_eq!((start, end), (q.content.start, q.content.end));
            } else {
                let e = &a.entities[i];
                assert_eq!(&rec[1], &text[start..end]);
                assert_eq!(&rec[1], e.text);
                assert_eq!(&rec[2], e.kind.as_str());
                assert_eq!(&rec[3], e.country.map_or(String::new(), |c| c.to_string()));
                let group = e.group.and_then(|g| a.group(g)).map_or("", |g| &g.name);
                assert_eq!(&rec[4], group);
            }
        }
    }
    // In corpus mode, `doc` is the record's id (a string as is, other ids as JSON).
    let line = serde_json::json!({"id": "a-1", "text": text}).to_string() + "\n";
    let line2 = serde_json::json!({"id": 2, "text": "“No,” said Roll."}).to_string();
    let (code, stdout, _) = run_extract(
        &["--jsonl".as_ref(), "--table".as_ref(), "quotes".as_ref()],
        (line + &line2).as_bytes(),
    );
    assert_eq!(code, Some(0));
    let docs: Vec<String> = csv::Reader::from_reader(stdout.as_bytes())
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert_eq!(docs.len(), a.quotes.len() + 1);
    assert!(docs[..a.quotes.len()].iter().all(|d| d == "a-1"));
    assert_eq!(docs.last().unwrap(), "2");
}

#[test]
fn help_and_readme_document_every_option() {
    let out = Command::new(extract_bin()).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    let readme = std::fs::read_to_string(fixture("../../README.md")).unwrap();
    for opt in [
        "--jsonl",
        "--batch",
        "--table quotes",
        "--table entities",
        "--pretty",
        "--tokens",
        "--threads",
        "--quiet",
        "--transformer",
    ] {
        assert!(help.contains(opt), "--help lacks {opt}");
        assert!(readme.contains(opt), "README lacks {opt}");
    }
    let out = Command::new(extract_bin()).arg("--nope").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(extract_bin())
        .args(["--table", "quotes", "--pretty"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn progress_bar_is_drawn_on_a_terminal_only() {
    let dir = fixture("articles");
    // Piped: nothing on stderr.
    let out = Command::new(extract_bin()).arg(&dir).output().unwrap();
    assert!(out.status.success() && out.stderr.is_empty());
    // On a terminal (util-linux `script` gives the command one), the bar counts documents;
    // `--quiet` silences it.
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped the terminal check: `script` (util-linux) is not installed");
        return;
    }
    let bin = extract_bin();
    let run = |extra: &str| -> String {
        let cmd = format!("{} {extra} {} > /dev/null", bin.display(), dir.display());
        let out = Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let shown = run("");
    assert!(
        shown.contains("6 docs") && shown.contains("B/s"),
        "{shown:?}"
    );
    assert!(!run("--quiet").contains("docs"));
}
