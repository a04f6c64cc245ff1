//! A log-log line chart written straight as SVG: a few polylines need no
//! plotting library, and the file stays small and diffable.

use std::fmt::Write;

pub struct Series {
    pub label: String,
    pub colour: &'static str,
    pub dashed: bool,
    /// (x, y) with both positive.
    pub points: Vec<(f64, f64)>,
}

pub struct Panel {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<Series>,
}

const W: f64 = 460.0;
const H: f64 = 380.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 95.0;

fn decades(lo: f64, hi: f64) -> (i32, i32) {
    let a = lo.log10().floor() as i32;
    let mut b = hi.log10().ceil() as i32;
    if b <= a {
        b = a + 1;
    }
    (a, b)
}

fn human(v: f64, unit: &str) -> String {
    let (d, s) = match unit {
        "B" => match v {
            v if v >= 1e6 => (v / 1e6, "MB"),
            v if v >= 1e3 => (v / 1e3, "kB"),
            _ => (v, "B"),
        },
        _ => (v, unit),
    };
    if d >= 1.0 {
        format!("{d:.0} {s}")
    } else {
        format!("{d} {s}")
    }
}

fn panel(out: &mut String, p: &Panel, x0: f64, x_unit: &str, y_unit: &str) {
    let pts = p.series.iter().flat_map(|s| s.points.iter());
    let (mut xl, mut xh, mut yl, mut yh) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in pts {
        xl = xl.min(x);
        xh = xh.max(x);
        yl = yl.min(y);
        yh = yh.max(y);
    }
    if xl > xh {
        return;
    }
    let (xa, xb) = decades(xl, xh);
    let (ya, yb) = decades(yl, yh);
    let pw = W - LEFT - RIGHT;
    let ph = H - TOP - BOTTOM;
    let sx = |x: f64| x0 + LEFT + (x.log10() - f64::from(xa)) / f64::from(xb - xa) * pw;
    let sy = |y: f64| TOP + ph - (y.log10() - f64::from(ya)) / f64::from(yb - ya) * ph;
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="22" font-size="15" text-anchor="middle" font-weight="bold">{}</text>"#,
        x0 + LEFT + pw / 2.0,
        p.title
    );
    let _ = writeln!(
        out,
        r##"<rect x="{:.1}" y="{TOP}" width="{pw}" height="{ph}" fill="none" stroke="#444"/>"##,
        x0 + LEFT
    );
    for d in xa..=xb {
        let x = sx(10f64.powi(d));
        let _ = writeln!(
            out,
            r##"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{:.1}" stroke="#ddd"/><text x="{x:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text>"##,
            TOP + ph,
            TOP + ph + 15.0,
            human(10f64.powi(d), x_unit)
        );
    }
    for d in ya..=yb {
        let y = sy(10f64.powi(d));
        let _ = writeln!(
            out,
            r##"<line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{}</text>"##,
            x0 + LEFT,
            x0 + LEFT + pw,
            x0 + LEFT - 5.0,
            y + 4.0,
            human(10f64.powi(d), y_unit)
        );
    }
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle">{}</text>"#,
        x0 + LEFT + pw / 2.0,
        TOP + ph + 32.0,
        p.x_label
    );
    let _ = writeln!(
        out,
        r#"<text transform="translate({:.1},{:.1}) rotate(-90)" font-size="12" text-anchor="middle">{}</text>"#,
        x0 + 16.0,
        TOP + ph / 2.0,
        p.y_label
    );
    for (i, s) in p.series.iter().enumerate() {
        let path: Vec<String> = s
            .points
            .iter()
            .map(|&(x, y)| format!("{:.1},{:.1}", sx(x), sy(y)))
            .collect();
        let dash = if s.dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = writeln!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{dash}/>"#,
            path.join(" "),
            s.colour
        );
        for &(x, y) in &s.points {
            let _ = writeln!(
                out,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{}"/>"#,
                sx(x),
                sy(y),
                s.colour
            );
        }
        let ly = TOP + ph + 50.0 + 14.0 * i as f64;
        let lx = x0 + LEFT;
        let _ = writeln!(
            out,
            r#"<line x1="{lx:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{}" stroke-width="2"{dash}/><text x="{:.1}" y="{:.1}" font-size="11">{}</text>"#,
            ly - 4.0,
            lx + 24.0,
            ly - 4.0,
            s.colour,
            lx + 30.0,
            ly,
            s.label
        );
    }
}

/// Two panels side by side; x in bytes, y units as given.
pub fn two_panels(left: &Panel, left_unit: &str, right: &Panel, right_unit: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{H}" font-family="sans-serif">"#,
        2.0 * W
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    panel(&mut out, left, 0.0, "B", left_unit);
    panel(&mut out, right, W, "B", right_unit);
    out.push_str("</svg>\n");
    out
}
