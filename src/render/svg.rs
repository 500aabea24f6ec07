//! A small SVG writer for the report's charts: scales (value → position), "nice" axis
//! ticks and the few elements the charts draw, every text escaped.
//!
//! Our own rather than a plotting crate's: the report's charts share one time axis across
//! two panels, sit in a print layout sized in millimetres, and must use the page's own
//! font (a crate that measures text with system fonts, or draws its own, fights both);
//! what they need is a hundred lines of arithmetic and string writing.

use std::fmt::Write as _;

/// Text for HTML or XML, in content or in a quoted attribute: `& < > " '` escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A linear map from a domain of values to a range of positions (the range may run
/// backwards, as a y axis does: larger values higher up, at smaller y).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linear {
    /// Values at the ends.
    pub domain: (f64, f64),
    /// Positions of those values.
    pub range: (f64, f64),
}

impl Linear {
    /// The position of `v`; values outside the domain are held at its ends (a chart never
    /// draws outside its frame), and an empty domain maps everything to its start.
    pub fn map(&self, v: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if !v.is_finite() || d1 == d0 {
            return r0;
        }
        let t = ((v - d0) / (d1 - d0)).clamp(0.0, 1.0);
        r0 + t * (r1 - r0)
    }
}

/// The smallest "nice" number (1, 2, 2.5 or 5 times a power of ten) at or above `v`, for
/// the top of an axis; 1 for anything not above zero.
pub fn nice_ceiling(v: f64) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= v * (1.0 - 1e-12) {
            return m * p;
        }
    }
    10.0 * p
}

/// Ticks from 0 at a nice step (see [`nice_ceiling`]) up to the first at or above `max`:
/// at most `max_ticks + 1` of them. The last tick is the top of the axis.
pub fn ticks(max: f64, max_ticks: usize) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let step = nice_ceiling(max / max_ticks.max(1) as f64);
    let count = (max / step - 1e-9).ceil().max(1.0) as usize;
    (0..=count).map(|i| i as f64 * step).collect()
}

/// Equal bands side by side (one a week), each with an inner padding share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bands {
    /// How many bands.
    pub count: usize,
    /// Left edge of the first band.
    pub start: f64,
    /// Right edge of the last band.
    pub end: f64,
}

impl Bands {
    /// Width of one band.
    pub fn width(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            (self.end - self.start) / self.count as f64
        }
    }

    /// Left edge of band `i`.
    pub fn left(&self, i: usize) -> f64 {
        self.start + self.width() * i as f64
    }

    /// Centre of band `i`.
    pub fn centre(&self, i: usize) -> f64 {
        self.left(i) + self.width() / 2.0
    }
}

/// A number for an SVG attribute: at most two decimals, no trailing zeros.
pub fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    let r = if r == 0.0 { 0.0 } else { r };
    let s = format!("{r:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// An SVG document being written.
#[derive(Debug)]
pub struct Svg {
    out: String,
}

impl Svg {
    /// Starts an `<svg>` of `width` × `height` user units that scales to its container,
    /// titled by the element `title_id` (an accessible name) and described by `desc`.
    pub fn new(width: f64, height: f64, title_id: &str, title: &str, desc: &str) -> Svg {
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{id}\"><title id=\"{id}\">{}</title><desc>{}</desc>",
            num(width),
            num(height),
            escape(title),
            escape(desc),
            id = escape(title_id),
        );
        Svg { out }
    }

    /// Raw markup written by this module's callers (pattern definitions).
    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// A rectangle; `attrs` are extra attributes (class, fill), written as given.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, attrs: &str) {
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {attrs}/>",
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0))
        );
    }

    /// A straight line.
    pub fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), attrs: &str) {
        let _ = write!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {attrs}/>",
            num(x1),
            num(y1),
            num(x2),
            num(y2)
        );
    }

    /// A line through `points` (nothing for fewer than two).
    pub fn polyline(&mut self, points: &[(f64, f64)], attrs: &str) {
        if points.len() < 2 {
            return;
        }
        let pts: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
            .collect();
        let _ = write!(
            self.out,
            "<polyline points=\"{}\" fill=\"none\" {attrs}/>",
            pts.join(" ")
        );
    }

    /// A circle.
    pub fn circle(&mut self, (cx, cy): (f64, f64), r: f64, attrs: &str) {
        let _ = write!(
            self.out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {attrs}/>",
            num(cx),
            num(cy),
            num(r)
        );
    }

    /// A closed shape through `points`.
    pub fn polygon(&mut self, points: &[(f64, f64)], attrs: &str) {
        let pts: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
            .collect();
        let _ = write!(self.out, "<polygon points=\"{}\" {attrs}/>", pts.join(" "));
    }

    /// Text at (x, y), escaped; `anchor` is `start`, `middle` or `end`.
    pub fn text(&mut self, (x, y): (f64, f64), anchor: &str, attrs: &str, text: &str) {
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" {attrs}>{}</text>",
            num(x),
            num(y),
            escape(text)
        );
    }

    /// The finished `<svg>` element.
    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ceilings_are_one_two_two_and_a_half_or_five_times_a_power_of_ten() {
        for (v, want) in [
            (0.0, 1.0),
            (-3.0, 1.0),
            (f64::NAN, 1.0),
            (0.3, 0.5),
            (1.0, 1.0),
            (1.01, 2.0),
            (2.2, 2.5),
            (7.0, 10.0),
            (10.0, 10.0),
            (122.0, 200.0),
            (180.0, 200.0),
            (201.0, 250.0),
            (4300.0, 5000.0),
        ] {
            assert_eq!(nice_ceiling(v), want, "{v}");
        }
    }

    #[test]
    fn ticks_run_from_zero_to_the_nice_top_at_a_nice_step() {
        assert_eq!(ticks(10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(ticks(122.0, 4), vec![0.0, 50.0, 100.0, 150.0]);
        assert_eq!(ticks(36.5, 4), vec![0.0, 10.0, 20.0, 30.0, 40.0]);
        assert_eq!(ticks(0.0, 4), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        for top in [3.0, 17.0, 99.0, 1234.0, 0.07] {
            let t = ticks(top, 5);
            assert!(t.len() <= 6 && *t.last().unwrap() >= top, "{top}: {t:?}");
        }
    }

    #[test]
    fn a_linear_scale_maps_ends_to_ends_and_holds_values_outside() {
        // A y axis: 0 at the bottom (y 100), 10 at the top (y 20).
        let y = Linear {
            domain: (0.0, 10.0),
            range: (100.0, 20.0),
        };
        assert_eq!(y.map(0.0), 100.0);
        assert_eq!(y.map(10.0), 20.0);
        assert_eq!(y.map(2.0), 84.0);
        assert_eq!(y.map(-1.0), 100.0);
        assert_eq!(y.map(11.0), 20.0);
        assert_eq!(y.map(f64::NAN), 100.0);
        let empty = Linear {
            domain: (5.0, 5.0),
            range: (0.0, 1.0),
        };
        assert_eq!(empty.map(5.0), 0.0);
    }

    #[test]
    fn bands_split_the_axis_evenly() {
        let b = Bands {
            count: 12,
            start: 40.0,
            end: 640.0,
        };
        assert_eq!(b.width(), 50.0);
        assert_eq!(b.left(0), 40.0);
        assert_eq!(b.centre(11), 615.0);
        assert_eq!(
            Bands {
                count: 0,
                start: 0.0,
                end: 1.0
            }
            .width(),
            0.0
        );
    }

    #[test]
    fn text_is_escaped_and_numbers_are_short() {
        let mut s = Svg::new(10.0, 10.0, "t", "a <b> & \"c\"", "d'e");
        s.text((1.0, 2.0), "start", "", "<script>alert(1)</script>");
        let out = s.finish();
        assert!(!out.contains("<script>") && !out.contains("<b>"), "{out}");
        assert!(
            out.contains("&lt;script&gt;") && out.contains("d&#39;e"),
            "{out}"
        );
        assert_eq!(num(1.0), "1");
        assert_eq!(num(2.456), "2.46");
        assert_eq!(num(-0.001), "0");
    }
}
