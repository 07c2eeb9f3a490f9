//! What a run returns: every arm's daily metrics in every replicate.

use crate::metrics::DayMetrics;

#[derive(Clone, Debug, PartialEq)]
pub struct RunResult {
    /// Arm names, in scenario order.
    pub arms: Vec<String>,
    /// `series[arm][replicate][day]`.
    pub series: Vec<Vec<Vec<DayMetrics>>>,
}
