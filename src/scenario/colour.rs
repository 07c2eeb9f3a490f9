//! An arm's colour as a scenario writes it: `"#rrggbb"`. Charts and the live
//! page otherwise pick a shade of the arm's tactic family
//! (`crate::output::palette`); this lets a teacher keep an arm's colour
//! fixed across handouts.

use super::params::{Default, Param, Value, Written};

/// A colour given as six hexadecimal digits after `#`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colour(pub u8, pub u8, pub u8);

impl Colour {
    /// `"#rrggbb"` (either case), or `None`.
    pub fn parse(text: &str) -> Option<Colour> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Colour(byte(0)?, byte(2)?, byte(4)?))
    }

    /// `"#rrggbb"`, lower case: how it is written back and sent to the page.
    pub fn hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

impl serde::Serialize for Colour {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.hex())
    }
}

/// Unset until written: the family's shade is worked out when drawing.
impl Written for Option<Colour> {
    type Raw = String;
}

impl Value for Option<Colour> {
    fn from_default(param: &Param) -> Self {
        match param.default {
            Default::Derived(_) => None,
            _ => unreachable!("{} has no colour default", param.path),
        }
    }
    fn from_raw(raw: &String, _: &Param) -> Option<Self> {
        Colour::parse(raw.trim()).map(Some)
    }
    fn unset(&self) -> bool {
        self.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_six_hex_digits_and_writes_them_back() {
        assert_eq!(Colour::parse("#1f77B4"), Some(Colour(0x1f, 0x77, 0xb4)));
        assert_eq!(Colour(0x1f, 0x77, 0xb4).hex(), "#1f77b4");
        for bad in [
            "1f77b4", "#1f77b", "#1f77b4a", "#gg0000", "red", "#", "#+1+1+1",
        ] {
            assert_eq!(Colour::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_bad_colour_is_refused_where_it_is_written() {
        let text = "[arms.a.networking]\n[arms.b]\ncolour = \"blue\"\n[arms.b.email-blast]\n";
        let e = crate::scenario::from_str(text).unwrap_err();
        assert_eq!((e.line, e.column), (3, 10), "{e}");
        assert_eq!(e.field, "arms.b.colour", "{e}");
        assert!(
            e.message.contains("#rrggbb") && e.message.contains("blue"),
            "{e}"
        );
    }
}
