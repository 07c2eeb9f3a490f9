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
    let mut out = String::from("Every scenario parameter (`<arm>` is an arm's name). Set them in the file or with --set PATH=VALUE.\n\n");
    for p in params::ALL {
        out.push_str(&format!(
            "{}\n    default {}  unit {}  valid {}\n    {} ({})\n",
            p.path,
            p.default_text(),
            p.unit,
            p.range_text(),
            p.meaning,
            p.source_text()
        ));
    }
    out
}

/// The parameter table of docs/MODEL.md (a test keeps the two identical).
pub fn params_markdown() -> String {
    let mut out = String::from(
        "| parameter | default | unit | valid | source | meaning |\n|---|---|---|---|---|---|\n",
    );
    for p in params::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            p.path,
            p.default_text(),
            p.unit,
            p.range_text(),
            p.source_text(),
            p.meaning
        ));
    }
    out
}
