//! See `vmo_fuzz::check_rides` (fuzz/src/rides.rs) for the input and the checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    vmo_fuzz::check_rides(data);
});
