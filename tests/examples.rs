//! Runs the evaluation and training examples on small fixtures we composed, so that each
//! example's job is exercised without the shared data sets.

mod common;
use common::{example_bin, fixture, temp_dir};
use std::process::Command;
use whosaid::entities::PerceptronTagger;
use whosaid::quotes::RuleAttributor;

fn run(name: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(example_bin(name)).args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{name} failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn eval_sentences_scores_a_rules_file() {
    let f = fixture("mini_golden_rules.json");
    let out = run("eval_sentences", &[f.as_os_str()]);
    assert!(out.contains("Golden Rules: 3/3"), "{out}");
}

#[test]
fn eval_conll_scores_per_type() {
    let f = fixture("mini.conll");
    let out = run("eval_conll", &[f.as_os_str()]);
    // Gold counts per type come from the file, whatever the tagger does.
    let gold = |ty: &str| -> usize {
        out.lines()
            .find(|l| l.starts_with(ty))
            .and_then(|l| l.split_whitespace().last())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    assert_eq!(
        (gold("PER"), gold("LOC"), gold("ORG"), gold("MISC")),
        (2, 2, 2, 1),
        "{out}"
    );
    assert_eq!(gold("micro "), 7, "{out}");
}

#[test]
fn eval_polnear_scores_a_brat_folder() {
    let d = fixture("mini_polnear");
    let out = run("eval_polnear", &[d.as_os_str()]);
    assert!(out.contains("[quoted] gold 1,"), "{out}");
    assert!(out.contains("[all] gold 2,"), "{out}");
    assert!(out.contains("end-to-end"), "{out}");
}

#[test]
fn train_ner_writes_a_loadable_model() {
    let dir = temp_dir("train-ner");
    let model = dir.join("ner.bin");
    let f = fixture("mini.conll");
    let out = run(
        "train_ner",
        &[
            "--train".as_ref(),
            f.as_os_str(),
            "--valid".as_ref(),
            f.as_os_str(),
            "--out".as_ref(),
            model.as_os_str(),
            "--epochs".as_ref(),
            "3".as_ref(),
            "--bits".as_ref(),
            "14".as_ref(),
        ],
    );
    assert!(out.contains("best epoch"), "{out}");
    // Three epochs on two documents fit the training sentences: the model must tag them.
    let tagger = PerceptronTagger::from_file(&model).unwrap();
    let tagged = tagger.tag_tokens(&[
        vec!["Kaja", "Tamm", "visited", "Tartu", "on", "Monday", "."],
        vec![
            "Madis", "Roll", "flew", "to", "Vilnius", "for", "talks", "with", "NATO", ".",
        ],
    ]);
    assert_eq!(
        tagged,
        [
            vec![(0, 2, "PER"), (3, 4, "LOC")],
            vec![(0, 2, "PER"), (4, 5, "LOC"), (8, 9, "ORG")]
        ],
        "{out}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn train_attribution_writes_a_loadable_model() {
    let dir = temp_dir("train-attr");
    let model = dir.join("attr.bin");
    let d = fixture("mini_polnear");
    let out = run(
        "train_attribution",
        &[
            d.as_os_str(),
            "--out".as_ref(),
            model.as_os_str(),
            "--epochs".as_ref(),
            "2".as_ref(),
            "--bits".as_ref(),
            "14".as_ref(),
        ],
    );
    assert!(out.contains("written"), "{out}");
    let bytes = std::fs::read(&model).unwrap();
    assert!(RuleAttributor::default().with_learned_model(&bytes).is_ok());
    assert!(RuleAttributor::default()
        .with_learned_model(&bytes[..bytes.len() / 2])
        .is_err());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn reproduce_skips_without_the_data_sets() {
    // A clone without ../shared/data: nothing is regenerated, nothing fails.
    let out = Command::new(example_bin("reproduce"))
        .args(["--check"])
        .env("WHOSAID_DATA", temp_dir("no-data"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("skipping"), "{stdout}");
}

#[test]
fn scaling_times_every_family() {
    // Tiny sizes, one run, no timeout and no ratio limit: this checks that the example runs
    // and reports every family, not how fast the pipeline is.
    let out = run(
        "scaling",
        &[
            "--sizes".as_ref(),
            "2048,8192".as_ref(),
            "--runs".as_ref(),
            "1".as_ref(),
            "--timeout".as_ref(),
            "0".as_ref(),
            "--max-ratio".as_ref(),
            "1e12".as_ref(),
        ],
    );
    let list = run("scaling", &["--list".as_ref()]);
    let families: Vec<&str> = list.lines().collect();
    assert!(families.len() >= 12, "{list}");
    for f in families {
        assert!(
            out.lines().any(|l| l.split_whitespace().next() == Some(f)),
            "no row for {f}:\n{out}"
        );
    }
    assert!(out.contains("ok: every ratio"), "{out}");
}

#[test]
fn fuzz_smoke_finds_no_failure_in_a_short_run() {
    // A few hundred deterministic mutations of the fixtures and seeds, and of the model files;
    // the example exits 1, with the failing input, on any panic or broken invariant.
    let out = run(
        "fuzz_smoke",
        &[
            "--iterations".as_ref(),
            "300".as_ref(),
            "--seed".as_ref(),
            "7".as_ref(),
        ],
    );
    assert!(out.contains("0 distinct failures"), "{out}");
}
