//! Arbitrary bytes, decoded lossily, through `Pipeline::default()`: no panic, and the output
//! keeps the invariants of `whosaid::__fuzz::check_pipeline`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use whosaid::{__fuzz, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(Pipeline::default)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = __fuzz::check_pipeline(pipeline(), &text) {
        panic!("{e}\ninput: {}", __fuzz::escape(&text));
    }
});
