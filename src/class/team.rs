//! A team: the name it chose, kept apart from the arm name the simulation
//! uses. A display name may hold any letters (it is data, shown as text);
//! the arm name is derived from it, unique in the class and valid wherever
//! an arm name goes (scenario files, CSV columns, charts).

use super::error::ClassError;
use super::plan::Plan;
use super::token::Digest32;
use serde::{Deserialize, Serialize};

/// A team's number in its class, never reused (removed teams keep theirs in
/// the history of rounds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TeamId(pub u32);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Team {
    pub id: TeamId,
    /// As the team typed it (trimmed): any letters, possibly hostile markup.
    pub name: String,
    /// Its arm's name in every round's scenario.
    pub arm: String,
    /// The digest of the team's secret (its device's cookie).
    pub(super) token: Digest32,
    /// The plan as last submitted, if any.
    pub plan: Option<Plan>,
}

/// Longest team name, in characters: long enough for any language, short
/// enough for a leaderboard line on a phone.
pub const MAX_NAME_CHARS: usize = 40;

/// Longest derived arm name, in characters (before a "-2" to set it apart).
pub const MAX_ARM_CHARS: usize = 24;

/// A team name as it will be kept: trimmed, 1 to 40 characters, no control
/// characters (line breaks, escapes) that would break a table or a log line.
pub fn display_name(typed: &str) -> Result<String, ClassError> {
    let name = typed.trim();
    if name.is_empty() {
        return Err(ClassError::Name("give your team a name".into()));
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(ClassError::Name(format!(
            "{chars} characters is too long: use at most {MAX_NAME_CHARS}"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(ClassError::Name(
            "use letters, digits, spaces and punctuation, without line breaks or tabs".into(),
        ));
    }
    Ok(name.to_string())
}

/// The arm name for display name `name`: its letters and digits (of any
/// script, lower-cased), other runs of characters as one '-', at most 24
/// characters, "team" if nothing is left; then "-2", "-3" and on until no
/// name in `taken` is the same. Such a name is valid in a scenario file
/// (no '.' or '=', never blank) and needs no quoting in a path.
pub fn arm_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut base = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            base.extend(c.to_lowercase());
        } else if !base.is_empty() && !base.ends_with('-') {
            base.push('-');
        }
    }
    let base: String = base.chars().take(MAX_ARM_CHARS).collect();
    let base = match base.trim_end_matches('-') {
        "" => "team".to_string(),
        b => b.to_string(),
    };
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken(candidate))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arm_names_are_valid_unique_and_readable() {
        let none = |_: &str| false;
        assert_eq!(arm_name("The Blue Team", none), "the-blue-team");
        assert_eq!(arm_name("Équipe Été!", none), "équipe-été");
        assert_eq!(arm_name("日本 チーム", none), "日本-チーム");
        assert_eq!(
            arm_name("<script>alert(1)</script>", none),
            "script-alert-1-script"
        );
        assert_eq!(arm_name("!!! ...", none), "team");
        assert_eq!(
            arm_name(&"x".repeat(40), none).chars().count(),
            MAX_ARM_CHARS
        );
        let taken = ["blue", "blue-2"];
        assert_eq!(arm_name("Blue", |n| taken.contains(&n)), "blue-3");
        for name in ["a.b=c", "  ", "x\"y", "ärm.1"] {
            let arm = arm_name(name, none);
            assert!(
                !arm.contains(['.', '=', '"', ' ']) && !arm.is_empty(),
                "{arm}"
            );
        }
    }

    #[test]
    fn display_names_keep_any_letters_but_refuse_blank_long_and_control() {
        assert_eq!(
            display_name("  <b>Ünïcode 🙂</b> ").unwrap(),
            "<b>Ünïcode 🙂</b>"
        );
        assert!(display_name("   ").is_err());
        assert!(display_name(&"é".repeat(41)).is_err());
        assert!(display_name(&"é".repeat(40)).is_ok());
        assert!(display_name("a\nb").is_err());
    }
}
