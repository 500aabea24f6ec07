//! See `vmo_fuzz::check_template_plan` (fuzz/src/template_plan.rs) for the input and the checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    vmo_fuzz::check_template_plan(data);
});
