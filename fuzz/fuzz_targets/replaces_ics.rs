//! `vmo plan --replaces OLD.ics` on arbitrary bytes: the calendar reader must never panic or
//! overflow the stack (nesting is bounded before the recursive parser runs), its errors
//! are one line naming the file, and what it accepts can be replaced by a new calendar.
//! The check is `vmo_fuzz::check_replaces`, which the library's tests run on every seed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    vmo_fuzz::check_replaces(data);
});
