//! `outreach merge`: joins the folders of a sweep run in shards. The work
//! is in `crate::sweep::merge`.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub(crate) struct MergeArgs {
    /// The folders of every shard of one sweep (any order).
    #[arg(required = true, value_name = "SHARD_DIR")]
    pub(crate) shards: Vec<PathBuf>,
    /// Output folder (default: <scenario name>-sweep beside the first shard).
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
    /// No final message.
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

/// `outreach merge`.
pub(crate) fn merge(a: MergeArgs, command_line: &[String]) -> Result<()> {
    let (out, info, note) =
        crate::sweep::merge::merge(&a.shards, a.out.as_deref(), command_line.to_vec())?;
    if !a.quiet {
        println!(
            "{} shards merged: {} combination(s) x {} arm(s); {note}.\nResults in {}",
            a.shards.len(),
            info.combinations,
            info.arms.len(),
            out.display()
        );
    }
    Ok(())
}
