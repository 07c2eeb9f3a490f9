//! Summaries across replicates.
