//! `vmo log import` on arbitrary bytes: vmo CSV, vmo JSON and Strong CSV. Nothing may
//! panic; every entry accepted is in range; what vmo writes back (CSV and JSON) reads back
//! to the same entries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    vmo_fuzz::check_log_import(data);
});
