//! See `vmo_fuzz::check_log_open` (fuzz/src/log_open.rs) for the input and the checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    vmo_fuzz::check_log_open(data);
});
