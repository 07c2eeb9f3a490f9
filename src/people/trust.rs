//! How experiences move trust (docs/MODEL.md, "Trust"): good experiences
//! close a share of the remaining distrust (diminishing returns), bad ones
//! remove a share of the trust, amplified by the negativity ratio.

#[derive(Clone, Copy, Debug)]
pub struct TrustRules {
    pub negativity_ratio: f32,
}

impl TrustRules {
    /// A good experience of strength `s` in [0, 1].
    #[inline]
    pub fn good(self, trust: &mut f32, s: f32) {
        // The min guards against rounding past 1.
        *trust = (*trust + s * (1.0 - *trust)).min(1.0);
    }

    /// A bad experience of strength `s`: costs `ratio` times what a good one gives.
    #[inline]
    pub fn bad(self, trust: &mut f32, s: f32) {
        *trust *= 1.0 - (self.negativity_ratio * s).min(1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_has_diminishing_returns_and_bad_is_amplified() {
        let r = TrustRules {
            negativity_ratio: 5.0,
        };
        let mut t = 0.2;
        r.good(&mut t, 0.5);
        assert!((t - 0.6).abs() < 1e-6);
        r.good(&mut t, 0.5);
        assert!((t - 0.8).abs() < 1e-6);
        r.bad(&mut t, 0.1);
        assert!((t - 0.4).abs() < 1e-6);
        r.bad(&mut t, 1.0);
        assert_eq!(t, 0.0);
    }
}
