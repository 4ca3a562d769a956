//! Helpers shared by the integration tests.

use std::path::PathBuf;
use std::process::Command;

/// Path of a compiled example (`cargo test` builds the examples next to the test binaries'
/// parent folder); builds it if it is missing.
pub fn example_bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    let bin = dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(["build", "--example", name]);
        if cfg!(feature = "training") {
            cmd.args(["--features", "training"]);
        }
        let status = cmd.status().unwrap();
        assert!(status.success());
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
