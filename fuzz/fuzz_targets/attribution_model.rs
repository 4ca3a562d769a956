//! The attribution model loader on arbitrary bytes, as they are and with a valid checksum appended
//! (so that mutations reach the parser): it returns `Ok` or `Err`, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whosaid::__fuzz;

fuzz_target!(|data: &[u8]| {
    let _ = __fuzz::load_attribution_model(data);
    let _ = __fuzz::load_attribution_model(&__fuzz::with_checksum(data));
});
