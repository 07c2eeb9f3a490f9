//! The students' join address as a QR code, SVG text for the teacher's page
//! and the projector: a phone's camera opens the address without typing it.
//! Drawn by the `qrcode` crate, one dark module per unit square, with the
//! standard quiet zone of four modules around it.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The QR code of `address` as a standalone SVG document, `pixels` wide per
/// module (black on white, medium error correction: a projected code
/// survives glare). `None` if the address is too long for any QR code.
pub fn qr_svg(address: &str, pixels: u32) -> Option<String> {
    let code = QrCode::with_error_correction_level(address.as_bytes(), EcLevel::M).ok()?;
    Some(
        code.render::<svg::Color>()
            .module_dimensions(pixels, pixels)
            .quiet_zone(true)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SVG's dark squares, read back from its path, are exactly the
    /// code's dark modules: the picture is the address's code.
    #[test]
    fn the_svg_draws_the_code_of_the_address() {
        let address = "http://192.168.1.20:8000/join";
        let svg = qr_svg(address, 1).unwrap();
        let code = QrCode::with_error_correction_level(address, EcLevel::M).unwrap();
        let (n, quiet) = (code.width(), 4);
        let side = n + 2 * quiet;
        assert!(
            svg.contains(&format!("viewBox=\"0 0 {side} {side}\"")),
            "{svg}"
        );
        let path = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let mut dark = vec![false; side * side];
        // Each rectangle is "M{x} {y}h{w}v{h}H{x}V{y}".
        for rect in path.split('M').filter(|r| !r.is_empty()) {
            let nums: Vec<usize> = rect
                .split(|c: char| !c.is_ascii_digit())
                .filter(|t| !t.is_empty())
                .map(|t| t.parse().unwrap())
                .collect();
            let (x, y, w, h) = (nums[0], nums[1], nums[2], nums[3]);
            for yy in y..y + h {
                for xx in x..x + w {
                    dark[yy * side + xx] = true;
                }
            }
        }
        let colors = code.to_colors();
        for y in 0..side {
            for x in 0..side {
                let inside = (quiet..quiet + n).contains(&x) && (quiet..quiet + n).contains(&y);
                let expected =
                    inside && colors[(y - quiet) * n + (x - quiet)] == qrcode::Color::Dark;
                assert_eq!(dark[y * side + x], expected, "module {x},{y}");
            }
        }
    }

    #[test]
    fn an_address_too_long_for_a_code_gives_none() {
        assert!(qr_svg(&"x".repeat(5000), 4).is_none());
        assert!(qr_svg("http://10.0.0.2:8000/join", 8)
            .unwrap()
            .starts_with("<?xml"));
    }
}
