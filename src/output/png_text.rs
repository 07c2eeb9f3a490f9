//! PNG text laid out by the font's own metrics, so words in a PNG are spaced
//! as in the SVG.
//!
//! Plotters 0.3.7 draws bitmap text glyph by glyph and places each glyph's
//! pixel box at the pen position, dropping the glyph's left side bearing (the
//! blank the font puts before the ink) and truncating the pen position to a
//! whole pixel. Narrow-bearing letters then crowd their left neighbour while
//! wide-bearing ones leave a hole, which reads as "Con versions" and
//! "so f ar". [`PngBackend`] wraps the bitmap backend and hands plotters a
//! text style whose drawing positions every glyph at its exact pen position
//! (advance plus kerning, as the layout already measures it), leaving the
//! outline's own bounds, bearing included, to ab_glyph. Everything else
//! (lines, fills, the size of a text box, anchors, rotation) is the bitmap
//! backend's own, so only glyph placement changes.

use std::sync::OnceLock;

use ab_glyph::{point, Font, FontRef, ScaleFont};
use plotters::prelude::BitMapBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontFamily, FontStyle, FontTransform,
};

use super::chart::FONT;

/// The embedded font, parsed once; the same bytes plotters was given.
fn embedded_font() -> &'static FontRef<'static> {
    static PARSED: OnceLock<FontRef<'static>> = OnceLock::new();
    PARSED.get_or_init(|| {
        FontRef::try_from_slice(epaint_default_fonts::UBUNTU_LIGHT)
            .expect("the embedded font is a valid TrueType font")
    })
}

/// Where each glyph of `text` starts, in pixels from the start of the text,
/// at plotters' scale for a text of `size`: the advance of every earlier
/// glyph plus the font's kerning between each pair, the same sum plotters
/// uses to measure the text box.
pub(crate) fn pen_positions(size: f32, text: &str) -> Vec<f32> {
    let font = embedded_font().as_scaled(size);
    let mut pen = 0f32;
    let mut prev = None;
    text.chars()
        .map(|c| {
            let id = font.glyph_id(c);
            if let Some(prev) = prev {
                pen += font.kern(prev, id);
            }
            let here = pen;
            pen += font.h_advance(id);
            prev = Some(id);
            here
        })
        .collect()
}

/// A text style that draws with exact glyph placement and otherwise is
/// `S`: colour, size, anchor, rotation and text box all come from `S`.
struct Kerned<'s, S>(&'s S);

impl<S: BackendTextStyle> BackendTextStyle for Kerned<'_, S> {
    type FontError = S::FontError;

    fn color(&self) -> BackendColor {
        self.0.color()
    }
    fn size(&self) -> f64 {
        self.0.size()
    }
    fn transform(&self) -> FontTransform {
        self.0.transform()
    }
    fn style(&self) -> FontStyle {
        self.0.style()
    }
    fn anchor(&self) -> plotters_backend::text_anchor::Pos {
        self.0.anchor()
    }
    fn family(&self) -> FontFamily<'_> {
        self.0.family()
    }
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), Self::FontError> {
        self.0.layout_box(text)
    }

    fn draw<E, DrawFunc: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        text: &str,
        pos: BackendCoord,
        mut draw: DrawFunc,
    ) -> Result<Result<(), E>, Self::FontError> {
        if self.0.family().as_str() != FONT {
            return self.0.draw(text, pos, draw);
        }
        let size = self.0.size() as f32;
        let color = self.0.color();
        let font = embedded_font().as_scaled(size);
        // Plotters puts the baseline half a text size below the top of the
        // text box; keep it there so vertical placement is unchanged.
        let baseline = size / 2.0;
        for (c, pen) in text.chars().zip(pen_positions(size, text)) {
            let glyph = font
                .glyph_id(c)
                .with_scale_and_position(size, point(pen, baseline));
            let Some(outline) = font.outline_glyph(glyph) else {
                continue; // a space: no ink, only its advance
            };
            let bounds = outline.px_bounds();
            let mut pixels = Vec::new();
            outline.draw(|x, y, coverage| pixels.push((x, y, coverage)));
            for (x, y, coverage) in pixels {
                let shade = BackendColor {
                    alpha: color.alpha * f64::from(coverage.min(1.0)),
                    rgb: color.rgb,
                };
                let x = pos.0 + bounds.min.x as i32 + x as i32;
                let y = pos.1 + bounds.min.y as i32 + y as i32;
                if let Err(e) = draw(x, y, shade) {
                    return Ok(Err(e));
                }
            }
        }
        Ok(Ok(()))
    }
}

/// The bitmap backend with text drawn by [`Kerned`].
pub(crate) struct PngBackend<'a>(BitMapBackend<'a>);

impl<'a> PngBackend<'a> {
    /// A PNG of `size` pixels, written to `path` when the drawing is done.
    pub(crate) fn new(path: &'a std::path::Path, size: (u32, u32)) -> Self {
        Self(BitMapBackend::new(path, size))
    }

    /// An RGB buffer of `size` pixels, for tests that inspect the pixels.
    #[cfg(test)]
    pub(crate) fn with_buffer(buffer: &'a mut [u8], size: (u32, u32)) -> Self {
        Self(BitMapBackend::with_buffer(buffer, size))
    }
}

type Error<'a> = DrawingErrorKind<<BitMapBackend<'a> as DrawingBackend>::ErrorType>;

impl<'a> DrawingBackend for PngBackend<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), Error<'a>> {
        self.0.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), Error<'a>> {
        self.0.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Error<'a>> {
        self.0.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Error<'a>> {
        self.0.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Error<'a>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Error<'a>> {
        self.0.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Error<'a>> {
        self.0.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Error<'a>> {
        self.0.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Error<'a>> {
        self.0.draw_text(text, &Kerned(style), pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), Error<'a>> {
        self.0.estimate_text_size(text, style)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), Error<'a>> {
        self.0.blit_bitmap(pos, size, src)
    }
}

#[cfg(test)]
mod tests {
    use plotters::prelude::*;

    use super::*;
    use crate::output::chart::register_embedded_font;

    const SIZE: f32 = 40.0;
    const CANVAS: (u32, u32) = (900, 80);

    /// Draws `text` in black on white at (10, 20) and returns, for every
    /// column, whether any pixel in it carries ink.
    fn inked_columns(text: &str) -> Vec<bool> {
        register_embedded_font();
        let (w, h) = CANVAS;
        let mut buffer = vec![255u8; (w * h * 3) as usize];
        {
            let root = PngBackend::with_buffer(&mut buffer, CANVAS).into_drawing_area();
            root.draw_text(
                text,
                &(FONT, f64::from(SIZE)).into_font().color(&BLACK),
                (10, 20),
            )
            .unwrap();
            root.present().unwrap();
        }
        (0..w as usize)
            .map(|x| (0..h as usize).any(|y| buffer[(y * w as usize + x) * 3] < 160))
            .collect()
    }

    /// Where the font's metrics put the ink of `text` drawn at x = 10: from
    /// the first glyph's left edge to the last glyph's right edge, each
    /// glyph at its pen position (advance plus kerning).
    fn expected_ink(text: &str) -> (f32, f32) {
        let font = embedded_font().as_scaled(SIZE);
        let pens = pen_positions(SIZE, text);
        let ink = |i: usize, c: char| {
            let glyph = font
                .glyph_id(c)
                .with_scale_and_position(SIZE, point(10.0 + pens[i], 0.0));
            font.outline_glyph(glyph).map(|o| o.px_bounds())
        };
        let chars: Vec<char> = text.chars().collect();
        let first = ink(0, chars[0]).expect("the text starts with a letter");
        let last = ink(chars.len() - 1, chars[chars.len() - 1]).expect("and ends with one");
        (first.min.x, last.max.x)
    }

    fn measured_ink(columns: &[bool]) -> (usize, usize) {
        let first = columns.iter().position(|&c| c).expect("some ink");
        let last = columns.iter().rposition(|&c| c).expect("some ink");
        (first, last + 1)
    }

    #[test]
    fn rendered_width_matches_the_fonts_advances_and_kerning() {
        for text in [
            "Conversions",
            "mean",
            "shaded bands",
            "confidence interval",
            "so far",
        ] {
            let (left, right) = expected_ink(text);
            let (first, end) = measured_ink(&inked_columns(text));
            // Anti-aliasing may leave a faint column at either edge out of
            // the ink threshold: one pixel each side.
            assert!(
                (first as f32 - left).abs() <= 1.0 && (end as f32 - right).abs() <= 1.0,
                "{text:?}: ink spans {first}..{end} px, the font's metrics say {left}..{right}"
            );
        }
    }

    #[test]
    fn a_space_is_as_wide_as_the_font_says_and_letters_leave_no_holes() {
        // "shaded bands": the widest blank run inside the ink is the space,
        // as wide as the metrics leave between "d" and "b"; any other blank
        // run (between letters) is no wider than the metrics' widest gap
        // between two touching-free letters of the text.
        let text = "shaded bands";
        let columns = inked_columns(text);
        let (first, end) = measured_ink(&columns);
        let mut runs = Vec::new();
        let mut x = first;
        while x < end {
            let start = x;
            while !columns[x] {
                x += 1;
            }
            if x > start {
                runs.push(x - start);
            }
            x += 1;
        }
        let font = embedded_font().as_scaled(SIZE);
        let pens = pen_positions(SIZE, text);
        let bounds: Vec<_> = text
            .chars()
            .enumerate()
            .map(|(i, c)| {
                let glyph = font
                    .glyph_id(c)
                    .with_scale_and_position(SIZE, point(10.0 + pens[i], 0.0));
                font.outline_glyph(glyph).map(|o| o.px_bounds())
            })
            .collect();
        let gap = |a: usize, b: usize| bounds[b].unwrap().min.x - bounds[a].unwrap().max.x;
        let space = gap(5, 7);
        let widest_letter_gap = (0..text.len() - 1)
            .filter(|&i| i != 5 && i != 6)
            .map(|i| gap(i, i + 1))
            .fold(0f32, f32::max);
        let widest = *runs.iter().max().expect("the space leaves a blank run");
        assert!(
            (widest as f32 - space).abs() <= 2.0,
            "the space is {widest} px, the metrics say {space}"
        );
        let others = runs.iter().filter(|&&r| r != widest);
        for &run in others {
            assert!(
                run as f32 <= widest_letter_gap + 1.0,
                "a {run} px hole between letters, the metrics allow {widest_letter_gap}"
            );
        }
    }
}
