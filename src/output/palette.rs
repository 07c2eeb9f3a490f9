//! Which colour, dash and marker each arm gets, the same in every chart,
//! the report and the live page. An arm's colour says what it does: each
//! tactic kind has a family of shades (blasting warm, networking blue, and
//! so on), and an arm keeps its colour however the scenario orders its
//! arms. Within a family arms take the shades and dashes in the order they
//! appear; each family has a marker of its own, so a black-and-white print
//! still tells the kinds apart by marker and the arms of a kind by dash.

use plotters::style::RGBColor;

use super::chart::{ArmStyle, Marker};
use crate::scenario::overrides::arm_tactics;
use crate::scenario::ArmConfig;

/// What an arm does, as its colour shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Blasting,
    Networking,
    Ads,
    LinkBait,
    Community,
    /// Several tactic kinds, or none (an arm that only watches).
    Mixed,
}

impl Family {
    pub fn of(arm: &ArmConfig) -> Family {
        match arm_tactics(arm).as_slice() {
            ["email-blast"] => Family::Blasting,
            ["networking"] => Family::Networking,
            ["social-ads"] => Family::Ads,
            ["link-bait"] => Family::LinkBait,
            ["community"] => Family::Community,
            _ => Family::Mixed,
        }
    }

    /// Shades strongest on white first; the first of each family stays
    /// apart from the other families' first for colour-blind readers
    /// (Okabe-Ito vermillion, blue, bluish green, reddish purple).
    fn shades(self) -> [RGBColor; 4] {
        let hex = match self {
            Family::Blasting => [0xD55E00, 0xE69F00, 0xA3271F, 0xF07857],
            Family::Networking => [0x0072B2, 0x56B4E9, 0x1B3A8C, 0x6E8FD0],
            Family::Ads => [0x009E73, 0x1B6E3A, 0x5CC48A, 0x2F8F5B],
            Family::LinkBait => [0x8C6D1F, 0xC19A2E, 0x5E4210, 0xA67C52],
            Family::Community => [0xCC79A7, 0x9E2A7A, 0xE3A6CD, 0x7A1F5C],
            Family::Mixed => [0x5E4FA2, 0x555555, 0x9A8BC9, 0x222222],
        };
        hex.map(|h: u32| RGBColor((h >> 16) as u8, (h >> 8) as u8, h as u8))
    }

    fn marker(self) -> Marker {
        match self {
            Family::Blasting => Marker::Triangle,
            Family::Networking => Marker::Circle,
            Family::Ads => Marker::Square,
            Family::LinkBait => Marker::Cross,
            Family::Community => Marker::HollowCircle,
            Family::Mixed => Marker::HollowSquare,
        }
    }
}

/// Every arm's style, in the scenario's order.
pub(crate) fn arm_styles(arms: &[ArmConfig]) -> Vec<ArmStyle> {
    let looks: Vec<(Family, Option<RGBColor>)> = arms
        .iter()
        .map(|a| (Family::of(a), a.colour.map(|c| RGBColor(c.0, c.1, c.2))))
        .collect();
    styles_of(&looks)
}

/// The styles of arms given by family and explicit colour, in order: the
/// k-th arm of a family takes the family's k-th shade and dash.
pub(crate) fn styles_of(looks: &[(Family, Option<RGBColor>)]) -> Vec<ArmStyle> {
    looks
        .iter()
        .enumerate()
        .map(|(i, &(family, colour))| {
            let k = looks[..i].iter().filter(|l| l.0 == family).count();
            let shades = family.shades();
            let color = colour.unwrap_or(shades[k % shades.len()]);
            ArmStyle::new(color, k, family.marker())
        })
        .collect()
}

/// Every arm's colour as `"#rrggbb"`, for the live page.
pub fn hex_colours(arms: &[ArmConfig]) -> Vec<String> {
    arm_styles(arms)
        .iter()
        .map(|s| {
            let RGBColor(r, g, b) = s.color;
            format!("#{r:02x}{g:02x}{b:02x}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAMILIES: [Family; 6] = [
        Family::Blasting,
        Family::Networking,
        Family::Ads,
        Family::LinkBait,
        Family::Community,
        Family::Mixed,
    ];

    #[test]
    fn arms_differ_without_colour() {
        // Four arms of every family: each pair of arms differs in dash or
        // marker, so a grey print tells them apart.
        let looks: Vec<(Family, Option<RGBColor>)> =
            (0..4).flat_map(|_| FAMILIES.map(|f| (f, None))).collect();
        let styles = styles_of(&looks);
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[..i] {
                assert!(a.shape() != b.shape(), "arm {i} repeats a dash and marker");
                assert!(a.color != b.color, "arm {i} repeats a colour");
            }
        }
    }

    #[test]
    fn an_explicit_colour_wins_and_the_family_keeps_counting() {
        let red = RGBColor(0xff, 0, 0);
        let s = styles_of(&[(Family::Blasting, Some(red)), (Family::Blasting, None)]);
        assert_eq!(s[0].color, red);
        assert_eq!(s[1].color, Family::Blasting.shades()[1]);
        assert!(s[0].shape() != s[1].shape());
    }

    #[test]
    fn an_arm_keeps_its_colour_whatever_the_order_of_arms() {
        let arms = [
            "[arms.blast.email-blast]",
            "[arms.talk.networking]",
            "[arms.both.email-blast]\n[arms.both.networking]",
            "[arms.ads.social-ads]",
        ];
        let colours = |order: &[usize]| {
            let text: Vec<&str> = order.iter().map(|&i| arms[i]).collect();
            let s = crate::scenario::from_str(&text.join("\n")).unwrap();
            let hex = hex_colours(&s.arms);
            let mut by_name: Vec<(String, String)> =
                s.arms.iter().map(|a| a.name.clone()).zip(hex).collect();
            by_name.sort();
            by_name
        };
        let forward = colours(&[0, 1, 2, 3]);
        assert_eq!(forward, colours(&[3, 2, 1, 0]));
        assert_eq!(forward, colours(&[1, 3, 0, 2]));
        let of = |name: &str| forward.iter().find(|(n, _)| n == name).unwrap().1.clone();
        assert_eq!(of("blast"), "#d55e00", "blasting is vermillion");
        assert_eq!(of("talk"), "#0072b2", "networking is blue");
        assert_eq!(of("both"), "#5e4fa2", "a mixed arm is purple");
        assert_eq!(of("ads"), "#009e73", "social ads are green");
    }

    #[test]
    fn a_scenario_colour_reaches_the_charts() {
        let s = crate::scenario::from_str(
            "[arms.a]\ncolour = \"#123ABC\"\n[arms.a.networking]\n[arms.b.networking]",
        )
        .unwrap();
        assert_eq!(hex_colours(&s.arms), ["#123abc", "#56b4e9"]);
        assert!(s.to_toml().contains("colour = \"#123abc\""));
    }
}
