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
