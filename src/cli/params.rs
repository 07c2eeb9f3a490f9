//! `outreach params`: the parameter table, as text or as the Markdown of
//! docs/MODEL.md.

use super::emit;
use crate::scenario::params;
use anyhow::Result;

/// `outreach params [--markdown]`.
pub(super) fn print(markdown: bool) -> Result<()> {
    emit(&if markdown {
        params_markdown()
    } else {
        params_table()
    })
}

/// The parameter table printed by `outreach params`.
pub fn params_table() -> String {
    params::text_table()
}

/// The parameter table of docs/MODEL.md (a test keeps the two identical).
pub fn params_markdown() -> String {
    params::markdown_table()
}
