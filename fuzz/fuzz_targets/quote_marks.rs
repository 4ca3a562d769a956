//! The quotation-mark pairer on arbitrary text: no panic, pairs in bounds, on char boundaries
//! and in order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whosaid::__fuzz;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = __fuzz::check_quote_marks(&text) {
        panic!("{e}\ninput: {}", __fuzz::escape(&text));
    }
});
