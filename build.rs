//! Build script. Does nothing in the default (pure Rust) build.
//!
//! With `--features transformer`, bakes an rpath to `$LIBTORCH/lib` into every binary, test and
//! example, so that libtorch is found at run time without `LD_LIBRARY_PATH` (which
//! `.cargo/config.toml` cannot pass to `cargo test`).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_TRANSFORMER").is_none() {
        return;
    }
    println!("cargo:rerun-if-env-changed=LIBTORCH");
    if let Some(dir) = std::env::var_os("LIBTORCH") {
        let lib = std::path::Path::new(&dir).join("lib");
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib.display());
    }
}
