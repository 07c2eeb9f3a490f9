//! Helpers shared by the test modules: the real binary in a folder, a
//! scenario file with overrides, and the one check most error tests make
//! (every expected fragment is in what the user was told).

use assert_cmd::Command;
use outreach::scenario::{self, Override, Scenario};
use std::path::Path;

/// The `outreach` binary, run in `dir`.
pub fn outreach(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("outreach").unwrap();
    cmd.current_dir(dir);
    cmd
}

/// The scenario in `file` (the embedded default for `None`) with each
/// `PATH=VALUE` of `sets` applied, as `--set` would.
pub fn load(file: Option<&str>, sets: &[&str]) -> Scenario {
    let o: Vec<Override> = sets.iter().map(|s| Override::parse(s).unwrap()).collect();
    scenario::load(file.map(Path::new), &o)
        .unwrap_or_else(|e| panic!("{}: {e}", file.unwrap_or("the default scenario")))
        .0
}

/// Process output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `told` contains every one of `expected`: an error message names what a
/// user needs to find and fix the mistake.
pub fn check(told: &str, expected: &[&str]) {
    for f in expected {
        assert!(told.contains(f), "missing {f:?} in:\n{told}");
    }
}
