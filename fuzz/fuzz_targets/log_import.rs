//! See `vmo_fuzz::check_log_import` (fuzz/src/log_import.rs) for the input and the checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    vmo_fuzz::check_log_import(data);
});
