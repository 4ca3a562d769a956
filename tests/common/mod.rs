//! Helpers shared by the integration tests.

use std::path::PathBuf;
use std::process::Command;

/// Path of a compiled example, built (once per test process) with `cargo build --example`,
/// so that a test never runs a stale binary left by an earlier build: `cargo test` builds
/// examples marked `test = true` only as test harnesses.
pub fn example_bin(name: &str) -> PathBuf {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static BUILT: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    let bin = dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let mut built = BUILT
        .get_or_init(|| Mutex::new(HashSet::new()))
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if built.insert(name.to_string()) {
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(["build", "--example", name]);
        if cfg!(feature = "training") {
            cmd.args(["--features", "training"]);
        }
        let status = cmd.status().unwrap();
        assert!(status.success(), "cargo build --example {name} failed");
    }
    bin
}

/// Path of a test fixture.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fresh temporary folder for one test.
pub fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("whosaid-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
