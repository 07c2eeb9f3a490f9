//! Secrets: the teacher's token and each team's. A token is 32 random bytes
//! from the operating system, shown once (in a cookie or the teacher's
//! link) and stored only as its SHA-256 digest, so the class file holds
//! nothing that could act as anyone, yet a cookie stays valid after the
//! class is resumed from that file.
//!
//! OS randomness is right here and nowhere in the model: a token must be
//! unguessable, while the simulation's dice must be reproducible (`rng`).

use rand::TryRngCore;
use sha2::{Digest, Sha256};

/// A secret as the holder presents it (hex text). Its `Debug` hides it, so
/// it never reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(..)")
    }
}

impl Token {
    /// A fresh secret.
    pub fn generate() -> Token {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng
            .try_fill_bytes(&mut bytes)
            .expect("the operating system provides random bytes");
        Token(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// What a request carried (a cookie's value, a link's secret).
    pub fn presented(text: impl Into<String>) -> Token {
        Token(text.into())
    }

    /// The text to put in a cookie or a link.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The digest the class keeps.
    pub fn digest(&self) -> Digest32 {
        Digest32(Sha256::digest(self.0.as_bytes()).into())
    }
}

/// A token's SHA-256, as stored. Comparing digests rather than secrets
/// gives away nothing about a secret through timing.
#[derive(Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Digest32(#[serde(with = "hex32")] [u8; 32]);

impl std::fmt::Debug for Digest32 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Digest32(..)")
    }
}

/// 32 bytes as 64 hex digits in the class file.
mod hex32 {
    pub fn serialize<S: serde::Serializer>(b: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&b.iter().map(|b| format!("{b:02x}")).collect::<String>())
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let text: String = serde::Deserialize::deserialize(d)?;
        let bad = || serde::de::Error::custom("a digest is 64 hex digits");
        if text.len() != 64 || !text.is_ascii() {
            return Err(bad());
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_and_digests_round_trip() {
        let (a, b) = (Token::generate(), Token::generate());
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 64);
        assert_eq!(Token::presented(a.as_str()).digest(), a.digest());
        assert_ne!(a.digest(), b.digest());
        let json = serde_json::to_string(&a.digest()).unwrap();
        assert!(
            !json.contains(a.as_str()),
            "the file never holds the secret"
        );
        let back: Digest32 = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a.digest());
        assert!(!format!("{a:?}").contains(a.as_str()));
    }
}
