//! Template TOML → parse → plan → every renderer, with the plan and output checks in
//! `vmo_fuzz`. Input: 12 header bytes choosing the request (see `crate::setup`), then
//! the template source as UTF-8.

use crate::{HEADER_LEN, check_plan, render_all, setup};

/// The `template_plan` target's check (see the module docs); panics on a broken promise.
pub fn check_template_plan(data: &[u8]) {
    if data.len() < HEADER_LEN {
        return;
    }
    let (head, rest) = data.split_at(HEADER_LEN);
    let Ok(src) = std::str::from_utf8(rest) else {
        return;
    };
    let Ok(template) = vmo::template::parse("fuzz.toml", src) else {
        return;
    };
    let s = setup(head.try_into().unwrap());
    let result = vmo::plan::generate(&template, &s.request);
    if s.extreme_date {
        // Plans must stay within years 0001–9999 (four-digit ISO 8601 / iCalendar years).
        assert!(
            result.is_err(),
            "a plan starting {} was not refused",
            s.request.start
        );
        return;
    }
    let Ok(plan) = result else {
        return;
    };
    check_plan(&plan, &template, &s.request);
    render_all(&plan, &s);
}
