//! Draws the spread picture as inline SVG: the sampled people of one arm on
//! one day, each a mark coloured and shaped by state (Okabe-Ito colours,
//! and shapes that still differ in a black-and-white print), over faint
//! lines for friendships. Plain text, the same bytes every time.

use crate::spread::{PersonState, Sample};
use std::fmt::Write;

/// Side of one picture, in SVG units.
const SIDE: f64 = 240.0;
const MARGIN: f64 = 8.0;

/// How a state is drawn: fill, outline, shape (the live page draws the
/// same, `serve::network`).
pub(crate) fn style(state: PersonState) -> (&'static str, &'static str, Shape) {
    match state {
        PersonState::NotReached => ("#ffffff", "#8a8a8a", Shape::Circle),
        PersonState::Reached => ("#56B4E9", "#1b4f6b", Shape::Circle),
        PersonState::Trusting => ("#009E73", "#00392a", Shape::Diamond),
        PersonState::Customer => ("#0072B2", "#000000", Shape::Square),
        PersonState::Left => ("#D55E00", "#D55E00", Shape::Cross),
    }
}

#[derive(Clone, Copy)]
pub(crate) enum Shape {
    Circle,
    Diamond,
    Square,
    Cross,
}

impl Shape {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Shape::Circle => "circle",
            Shape::Diamond => "diamond",
            Shape::Square => "square",
            Shape::Cross => "cross",
        }
    }
}

/// One mark centred on (x, y).
fn mark(out: &mut String, state: PersonState, x: f64, y: f64) {
    let (fill, stroke, shape) = style(state);
    let _ = match shape {
        Shape::Circle => writeln!(
            out,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="3.2" fill="{fill}" stroke="{stroke}" stroke-width="0.9"/>"#
        ),
        Shape::Diamond => writeln!(
            out,
            r#"<path d="M{x:.1} {:.1}L{:.1} {y:.1}L{x:.1} {:.1}L{:.1} {y:.1}Z" fill="{fill}" stroke="{stroke}" stroke-width="0.9"/>"#,
            y - 4.6,
            x + 4.6,
            y + 4.6,
            x - 4.6
        ),
        Shape::Square => writeln!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="7.6" height="7.6" fill="{fill}" stroke="{stroke}" stroke-width="1.1"/>"#,
            x - 3.8,
            y - 3.8
        ),
        Shape::Cross => writeln!(
            out,
            r#"<path d="M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}" stroke="{stroke}" stroke-width="2.2" fill="none"/>"#,
            x - 3.5,
            y - 3.5,
            x + 3.5,
            y + 3.5,
            x - 3.5,
            y + 3.5,
            x + 3.5,
            y - 3.5
        ),
    };
}

/// The sample on one day: `states[k]` is the state of `sample.people[k]`.
pub fn picture(sample: &Sample, states: &[PersonState], label: &str) -> String {
    let place = |(x, y): (f64, f64)| {
        (
            MARGIN + x * (SIDE - 2.0 * MARGIN),
            MARGIN + y * (SIDE - 2.0 * MARGIN),
        )
    };
    let mut out = format!(
        r##"<svg class="spread" viewBox="0 0 {SIDE} {SIDE}" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}">
<rect x="0" y="0" width="{SIDE}" height="{SIDE}" fill="#ffffff" stroke="#bbbbbb" stroke-width="1"/>
<g stroke="#c8c8c8" stroke-width="0.6">
"##
    );
    for &(i, j) in &sample.lines {
        let ((x1, y1), (x2, y2)) = (place(sample.at[i]), place(sample.at[j]));
        let _ = writeln!(
            out,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}"/>"#
        );
    }
    out.push_str("</g>\n");
    // Not-reached people first, so that everyone else is drawn on top.
    for state in PersonState::ALL {
        for (k, s) in states.iter().enumerate() {
            if *s == state {
                let (x, y) = place(sample.at[k]);
                mark(&mut out, state, x, y);
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

/// The legend: one mark and its meaning per state.
pub fn legend() -> String {
    let mut out = String::from("<ul class=\"legend\">\n");
    for state in PersonState::ALL {
        let mut svg = String::from(
            r#"<svg viewBox="0 0 12 12" width="14" height="14" xmlns="http://www.w3.org/2000/svg" aria-hidden="true">"#,
        );
        mark(&mut svg, state, 6.0, 6.0);
        svg.push_str("</svg>");
        let _ = writeln!(out, "<li>{svg} {}</li>", state.label());
    }
    out.push_str("</ul>\n");
    out
}

/// How many sampled people are in each state, in legend order, for captions.
pub fn counts(states: &[PersonState]) -> Vec<(PersonState, usize)> {
    PersonState::ALL
        .iter()
        .map(|&s| (s, states.iter().filter(|&&x| x == s).count()))
        .collect()
}
