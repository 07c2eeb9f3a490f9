//! The Bass check: in a well-mixed population with an external push p and
//! word of mouth q (both per year), the share adopted after t years is
//! F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}), and the adoption rate
//! f = dF/dt peaks at t* = ln(q/p)/(p+q) with height (p+q)^2/(4q). The model
//! is `bass.toml`; its adopted share is reach / people, day by day.

use super::Figure;
use crate::engine::RunResult;
use crate::scenario::Scenario;

/// External push, per year (the published average across products).
pub const P_PER_YEAR: f64 = 0.03;
/// Word of mouth, per year (the published average across products).
pub const Q_PER_YEAR: f64 = 0.38;

/// Half-width of the window over which the model's daily adoptions are
/// averaged into a rate: half a year each side, so that the rate is smooth.
const RATE_HALF_WINDOW_DAYS: usize = 182;
/// Half-width, in years, of the stretch around the highest rate to which a
/// parabola is fitted to find the peak. The rate curve is symmetric about
/// its peak, so the fitted time is unbiased however wide the stretch; a wide
/// one averages out the noise of a flat top. The window and the parabola
/// lower the height a little, by an amount computed by applying the same
/// estimate to theory's curve.
const PEAK_FIT_YEARS: f64 = 2.5;

/// Spread of the estimates between single runs of `bass.toml` (20 runs,
/// seed 7): the peak's time and height have standard deviations 0.11 years
/// and 0.0011 a year; the largest gap of a run was 0.0085 on average, 0.016
/// at most. Tolerances allow four standard errors of a mean over the run's
/// replicates (for the gap: 0.018 over the square root of the replicates).
const SD_PEAK_TIME: f64 = 0.11;
const SD_PEAK_RATE: f64 = 0.0011;
const GAP_ONE_RUN: f64 = 0.018;
/// What the daily steps alone change (the same model as a deterministic
/// difference equation, word of mouth heard the next day): the curve by
/// 0.0012 at most, the peak by 0.011 years later and 0.00013 a year lower.
const STEP_GAP: f64 = 0.002;
const STEP_PEAK_TIME: f64 = 0.02;
const STEP_PEAK_RATE: f64 = 0.0002;

/// Share adopted after `t` years.
pub fn adopted(p: f64, q: f64, t: f64) -> f64 {
    let e = (-(p + q) * t).exp();
    (1.0 - e) / (1.0 + q / p * e)
}

/// Adoption rate dF/dt, share of people per year, after `t` years.
pub fn adoption_rate(p: f64, q: f64, t: f64) -> f64 {
    let e = (-(p + q) * t).exp();
    (p + q).powi(2) / p * e / (1.0 + q / p * e).powi(2)
}

/// Years until the adoption rate peaks.
pub fn peak_time(p: f64, q: f64) -> f64 {
    (q / p).ln() / (p + q)
}

/// The highest adoption rate, share of people per year.
pub fn peak_rate(p: f64, q: f64) -> f64 {
    (p + q).powi(2) / (4.0 * q)
}

/// What the Bass chart draws, one point per day (time in years, at the end
/// of each day).
#[derive(Clone, Debug, Default)]
pub struct Curves {
    pub years: Vec<f64>,
    pub model_adopted: Vec<f64>,
    pub theory_adopted: Vec<f64>,
    /// The model's windowed adoption rate (NaN within half a window of
    /// either end, where there is no full window).
    pub model_rate: Vec<f64>,
    pub theory_rate: Vec<f64>,
    /// (years, rate) of each peak.
    pub model_peak: (f64, f64),
    pub theory_peak: (f64, f64),
}

/// The model's adopted share against theory, and the peak of its rate.
pub fn evaluate(s: &Scenario, result: &RunResult) -> (Vec<Figure>, Curves) {
    let (p, q) = (P_PER_YEAR, Q_PER_YEAR);
    let people = f64::from(s.population.size);
    let runs = &result.series[0];
    let days = s.days as usize;
    let years: Vec<f64> = (1..=days).map(|d| d as f64 / 365.0).collect();
    let model_adopted: Vec<f64> = (0..days)
        .map(|d| runs.iter().map(|r| r[d].reach as f64).sum::<f64>() / runs.len() as f64 / people)
        .collect();
    let theory_adopted: Vec<f64> = years.iter().map(|&t| adopted(p, q, t)).collect();
    let theory_rate: Vec<f64> = years.iter().map(|&t| adoption_rate(p, q, t)).collect();
    let model_rate = windowed_rate(&model_adopted, RATE_HALF_WINDOW_DAYS);
    let model_peak = fit_peak(&years, &model_rate, PEAK_FIT_YEARS);
    let theory_peak = (peak_time(p, q), peak_rate(p, q));
    let gap = model_adopted
        .iter()
        .zip(&theory_adopted)
        .map(|(m, t)| (m - t).abs())
        .fold(0.0, f64::max);
    // The estimate's own bias: the same window and fit on theory's curve.
    let estimated = fit_peak(
        &years,
        &windowed_rate(&theory_adopted, RATE_HALF_WINDOW_DAYS),
        PEAK_FIT_YEARS,
    );
    let time_bias = (estimated.0 - theory_peak.0).abs();
    let rate_bias = (estimated.1 - theory_peak.1).abs();
    let runs = f64::from(s.replicates);
    let noise = 4.0 / runs.sqrt();
    let figures = vec![
        Figure {
            check: "bass",
            figure: format!(
                "largest gap in adopted share over {:.0} years",
                days as f64 / 365.0
            ),
            model: gap,
            theory: 0.0,
            tolerance: STEP_GAP + GAP_ONE_RUN / runs.sqrt(),
            basis: format!(
                "{STEP_GAP} for daily steps + {GAP_ONE_RUN}/sqrt({runs} runs) for a finite population"
            ),
        },
        Figure {
            check: "bass",
            figure: "adoption peak: time, years".into(),
            model: model_peak.0,
            theory: theory_peak.0,
            tolerance: time_bias + STEP_PEAK_TIME + noise * SD_PEAK_TIME,
            basis: format!(
                "{time_bias:.5} estimate's bias + {STEP_PEAK_TIME} for daily steps + 4 standard errors of a mean of {runs} runs (one run's sd {SD_PEAK_TIME})"
            ),
        },
        Figure {
            check: "bass",
            figure: "adoption peak: rate, share per year".into(),
            model: model_peak.1,
            theory: theory_peak.1,
            tolerance: rate_bias + STEP_PEAK_RATE + noise * SD_PEAK_RATE,
            basis: format!(
                "{rate_bias:.5} estimate's bias + {STEP_PEAK_RATE} for daily steps + 4 standard errors of a mean of {runs} runs (one run's sd {SD_PEAK_RATE})"
            ),
        },
    ];
    let curves = Curves {
        years,
        model_adopted,
        theory_adopted,
        model_rate,
        theory_rate,
        model_peak,
        theory_peak,
    };
    (figures, curves)
}

/// Adoption rate per year from a daily cumulative share: the change over a
/// window of `half` days each side, NaN where the window does not fit.
fn windowed_rate(adopted: &[f64], half: usize) -> Vec<f64> {
    let per_year = 365.0 / (2 * half) as f64;
    (0..adopted.len())
        .map(|d| {
            if d < half || d + half >= adopted.len() {
                f64::NAN
            } else {
                (adopted[d + half] - adopted[d - half]) * per_year
            }
        })
        .collect()
}

/// The peak (x, y) of a noisy single-humped series: the vertex of the
/// least-squares parabola through the points within `half_width` of the
/// highest one (the highest point itself if they curve upwards).
fn fit_peak(x: &[f64], y: &[f64], half_width: f64) -> (f64, f64) {
    let top = (0..y.len())
        .filter(|&i| y[i].is_finite())
        .max_by(|&a, &b| y[a].total_cmp(&y[b]));
    let Some(top) = top else {
        return (f64::NAN, f64::NAN);
    };
    let x0 = x[top];
    // Normal equations of y = a + b u + c u^2 with u = x - x0.
    let mut m = [[0.0f64; 4]; 3];
    for (&xi, &yi) in x.iter().zip(y) {
        let u = xi - x0;
        if u.abs() > half_width || !yi.is_finite() {
            continue;
        }
        let powers = [1.0, u, u * u, yi];
        for (row, &pr) in m.iter_mut().zip(&powers) {
            for (cell, &pc) in row.iter_mut().zip(&powers) {
                *cell += pr * pc;
            }
        }
    }
    match solve3(m) {
        Some([a, b, c]) if c < 0.0 => {
            let u = -b / (2.0 * c);
            (x0 + u, a + b * u + c * u * u)
        }
        _ => (x0, y[top]),
    }
}

/// Solves a 3x3 linear system given as an augmented matrix (Gaussian
/// elimination with partial pivoting); `None` if it is singular.
fn solve3(mut m: [[f64; 4]; 3]) -> Option<[f64; 3]> {
    for col in 0..3 {
        let pivot = (col..3).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        if m[pivot][col].abs() < 1e-300 {
            return None;
        }
        m.swap(col, pivot);
        let lead = m[col];
        for (r, row) in m.iter_mut().enumerate() {
            if r != col {
                let f = row[col] / lead[col];
                for (x, l) in row.iter_mut().zip(lead).skip(col) {
                    *x -= f * l;
                }
            }
        }
    }
    Some([m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]])
}

/// The daily hazards the scenario file gives: 1 - e^(-rate / 365).
pub fn daily_hazard(per_year: f64) -> f64 {
    1.0 - (-per_year / 365.0).exp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{Check, Size};

    const P: f64 = P_PER_YEAR;
    const Q: f64 = Q_PER_YEAR;

    #[test]
    fn closed_form_at_known_points() {
        assert_eq!(adopted(P, Q, 0.0), 0.0);
        // Computed by hand: (1 - e^-0.41) / (1 + 12.667 e^-0.41).
        assert!((adopted(P, Q, 1.0) - 0.035_758_164).abs() < 1e-8);
        assert!((adopted(P, Q, 20.0) - 0.996_259_415).abs() < 1e-8);
        assert!((adopted(P, Q, 1e3) - 1.0).abs() < 1e-12);
        // Pure push: F = 1 - e^-pt.
        assert!((adopted(0.1, 0.0, 3.0) - (1.0 - (-0.3f64).exp())).abs() < 1e-12);
    }

    #[test]
    fn rate_is_the_derivative_of_the_share() {
        for t in [0.0, 1.0, 5.0, 6.2, 12.0] {
            let h = 1e-5;
            let numeric = (adopted(P, Q, t + h) - adopted(P, Q, (t - h).max(0.0)))
                / (t + h - (t - h).max(0.0));
            assert!((numeric - adoption_rate(P, Q, t)).abs() < 1e-6, "t = {t}");
        }
        assert!((adoption_rate(P, Q, 0.0) - P).abs() < 1e-12);
    }

    #[test]
    fn peak_formulas() {
        let t = peak_time(P, Q);
        assert!((t - 6.192_619).abs() < 1e-6);
        assert!((peak_rate(P, Q) - 0.110_592_105).abs() < 1e-9);
        assert!((adoption_rate(P, Q, t) - peak_rate(P, Q)).abs() < 1e-12);
        for dt in [-0.5, -0.01, 0.01, 0.5] {
            assert!(adoption_rate(P, Q, t + dt) < peak_rate(P, Q));
        }
        // At the peak half of the eventual adopters minus p/(2q) have adopted.
        assert!((adopted(P, Q, t) - (0.5 - P / (2.0 * Q))).abs() < 1e-12);
    }

    #[test]
    fn peak_fit_finds_a_known_vertex_and_the_window_barely_lowers_it() {
        let days = 7300;
        let years: Vec<f64> = (1..=days).map(|d| d as f64 / 365.0).collect();
        let share: Vec<f64> = years.iter().map(|&t| adopted(P, Q, t)).collect();
        let rate = windowed_rate(&share, RATE_HALF_WINDOW_DAYS);
        let (t, h) = fit_peak(&years, &rate, PEAK_FIT_YEARS);
        assert!((t - peak_time(P, Q)).abs() < 0.01, "{t}");
        let lowered = 1.0 - h / peak_rate(P, Q);
        assert!((0.0..0.01).contains(&lowered), "{lowered}");
        let (x, y) = fit_peak(&[0.0, 1.0, 2.0, 3.0, 4.0], &[0.0, 3.0, 4.0, 3.0, 0.0], 10.0);
        assert!((x - 2.0).abs() < 1e-9 && (y - 4.0).abs() < 0.5, "{x} {y}");
    }

    #[test]
    fn the_scenario_file_holds_p_and_q_as_daily_hazards() {
        let s = Check::Bass.scenario(Size::Full).unwrap();
        let ads = s.arms[0].social_ads.as_ref().expect("bass pushes with ads");
        assert!((ads.reach_per_day - daily_hazard(P)).abs() < 1e-15);
        assert!((s.behaviour.tell_per_day - daily_hazard(Q)).abs() < 1e-15);
    }
}
