//! The charts of `outreach validate`, model against theory, as PNG and SVG:
//! the Bass curve (share adopted and adoption rate, peaks marked) and the
//! cascade's final reach run by run against percolation theory. Theory is
//! always a dashed black line, the model coloured.

use super::chart::{cannot_write, register_embedded_font, series_legend, FONT, PALETTE};
use super::png_text::PngBackend;
use crate::validate::bass;
use crate::validate::cascade::{self, Runs};
use anyhow::Result;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

const THEORY: RGBColor = RGBColor(0, 0, 0);

/// Writes `bass.png` and `bass.svg`.
pub fn write_bass_chart(dir: &Path, c: &bass::Curves, replicates: u32) -> Result<()> {
    let title = format!(
        "Bass diffusion: model (mean of {replicates} {}) against the closed form, p = {} and q = {} per year",
        if replicates == 1 { "run" } else { "runs" },
        bass::P_PER_YEAR,
        bass::Q_PER_YEAR
    );
    register_embedded_font();
    let size = (1600, 700);
    {
        let png = dir.join("bass.png");
        draw_bass(&PngBackend::new(&png, size).into_drawing_area(), &title, c)
            .map_err(|e| cannot_write(&png, e))?;
    }
    let svg = dir.join("bass.svg");
    let root = SVGBackend::new(&svg, size).into_drawing_area();
    draw_bass(&root, &title, c).map_err(|e| cannot_write(&svg, e))
}

fn draw_bass<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    c: &bass::Curves,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let root = root.titled(title, (FONT, 28))?;
    let (left, right) = root.split_horizontally(800);
    let end = c.years.last().copied().unwrap_or(1.0);
    let model = PALETTE[0];

    let mut chart = ChartBuilder::on(&left)
        .caption("Share of people who have adopted", (FONT, 24))
        .margin(20)
        .x_label_area_size(60)
        .y_label_area_size(80)
        .build_cartesian_2d(0.0..end, 0.0..1.0)?;
    mesh(&mut chart, "years", "share adopted F(t)")?;
    chart
        .draw_series(LineSeries::new(
            c.years.iter().copied().zip(c.model_adopted.iter().copied()),
            model.stroke_width(4),
        ))?
        .label("model: reach / people")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 30, y)], model.stroke_width(4)));
    chart
        .draw_series(DashedLineSeries::new(
            c.years
                .iter()
                .copied()
                .zip(c.theory_adopted.iter().copied()),
            12,
            8,
            THEORY.stroke_width(2),
        ))?
        .label("theory: F(t), dashed")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 30, y)], THEORY.stroke_width(2)));
    series_legend(&mut chart, SeriesLabelPosition::LowerRight, 18)?;

    let top = c
        .theory_rate
        .iter()
        .chain(c.model_rate.iter())
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(&right)
        .caption("Adoption rate, peak marked", (FONT, 24))
        .margin(20)
        .x_label_area_size(60)
        .y_label_area_size(80)
        .build_cartesian_2d(0.0..end, 0.0..top * 1.45)?;
    mesh(&mut chart, "years", "share of people adopting per year")?;
    chart
        .draw_series(LineSeries::new(
            c.years
                .iter()
                .copied()
                .zip(c.model_rate.iter().copied())
                .filter(|(_, r)| r.is_finite()),
            model.stroke_width(4),
        ))?
        .label("model: adoptions over a half-year window")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 30, y)], model.stroke_width(4)));
    chart
        .draw_series(DashedLineSeries::new(
            c.years.iter().copied().zip(c.theory_rate.iter().copied()),
            12,
            8,
            THEORY.stroke_width(2),
        ))?
        .label("theory: f(t) = dF/dt, dashed")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 30, y)], THEORY.stroke_width(2)));
    let (mt, mh) = c.model_peak;
    chart
        .draw_series([Circle::new((mt, mh), 12, model.stroke_width(3))])?
        .label(format!("model peak: {mt:.2} years, {mh:.4} per year"))
        .legend(move |(x, y)| Circle::new((x + 15, y), 9, model.stroke_width(3)));
    let (tt, th) = c.theory_peak;
    chart
        .draw_series([Cross::new((tt, th), 10, THEORY.stroke_width(3))])?
        .label(format!(
            "theory peak: ln(q/p)/(p+q) = {tt:.2} years, (p+q)²/4q = {th:.4}"
        ))
        .legend(|(x, y)| Cross::new((x + 15, y), 10, THEORY.stroke_width(3)));
    series_legend(&mut chart, SeriesLabelPosition::UpperRight, 18)?;
    root.present()?;
    Ok(())
}

/// Writes `cascade.png` and `cascade.svg`.
pub fn write_cascade_chart(dir: &Path, runs: &Runs) -> Result<()> {
    let t_c = runs.thresholds.iter().sum::<f64>() / runs.thresholds.len() as f64;
    let title = format!(
        "Pass-it-on cascade on a random graph of {} people (T_c = {t_c:.4}): final reach of each run",
        runs.people
    );
    register_embedded_font();
    let size = (1200, 750);
    {
        let png = dir.join("cascade.png");
        draw_cascade(
            &PngBackend::new(&png, size).into_drawing_area(),
            &title,
            runs,
        )
        .map_err(|e| cannot_write(&png, e))?;
    }
    let svg = dir.join("cascade.svg");
    let root = SVGBackend::new(&svg, size).into_drawing_area();
    draw_cascade(&root, &title, runs).map_err(|e| cannot_write(&svg, e))
}

fn draw_cascade<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    runs: &Runs,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let people = f64::from(runs.people);
    let count = runs
        .arms
        .iter()
        .map(|a| a.final_share.len())
        .max()
        .unwrap_or(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FONT, 26))
        .margin(20)
        .x_label_area_size(60)
        .y_label_area_size(90)
        .build_cartesian_2d(0.0..count + 1.0, (0.7..people * 60.0).log_scale())?;
    chart
        .configure_mesh()
        .x_desc("runs (replicates), sorted by final reach")
        .y_desc("final reach, people (logarithmic)")
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .label_style((FONT, 18))
        .axis_desc_style((FONT, 20))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()?;
    let line = |y: f64| [(0.0, y), (count + 1.0, y)];
    for (i, arm) in runs.arms.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let mut sorted: Vec<f64> = arm.final_share.iter().map(|z| z * people).collect();
        sorted.sort_by(f64::total_cmp);
        let points = sorted
            .into_iter()
            .enumerate()
            .map(|(r, v)| ((r + 1) as f64, v));
        let label = format!("model, T = {} ({}): one mark per run", arm.pass_on, arm.arm);
        if i % 2 == 0 {
            chart
                .draw_series(points.map(|p| Circle::new(p, 5, color.filled())))?
                .label(label)
                .legend(move |(x, y)| Circle::new((x + 15, y), 5, color.filled()));
        } else {
            chart
                .draw_series(points.map(|p| TriangleMarker::new(p, 7, color.filled())))?
                .label(label)
                .legend(move |(x, y)| TriangleMarker::new((x + 15, y), 7, color.filled()));
        }
        let theory = arm.theory_people;
        let text = if arm.above {
            format!(
                "theory, T = {}: runs that take off reach z N = {theory:.0}, z = 1 - e^(-Rz)",
                arm.pass_on
            )
        } else {
            format!(
                "theory, T = {}: mean outbreak 1 + T<k>/(1 - T/T_c) = {theory:.2}",
                arm.pass_on
            )
        };
        chart
            .draw_series(DashedLineSeries::new(
                line(theory),
                12,
                8,
                color.stroke_width(2),
            ))?
            .label(text)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 30, y)], color.stroke_width(2)));
    }
    let cut = cascade::TAKE_OFF_SHARE * people;
    let grey = RGBColor(120, 120, 120);
    chart
        .draw_series(DashedLineSeries::new(line(cut), 4, 6, grey.stroke_width(2)))?
        .label(format!("taking off: reaching 5 % of people ({cut:.0})"))
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 30, y)], grey.stroke_width(2)));
    series_legend(&mut chart, SeriesLabelPosition::UpperLeft, 18)?;
    root.present()?;
    Ok(())
}

/// The Bass chart's panels: real numbers on both axes.
type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn mesh<'a, DB: DrawingBackend + 'a>(chart: &mut Chart<'a, DB>, x: &str, y: &str) -> Result<()>
where
    DB::ErrorType: 'static,
{
    chart
        .configure_mesh()
        .x_desc(x)
        .y_desc(y)
        .label_style((FONT, 18))
        .axis_desc_style((FONT, 20))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()?;
    Ok(())
}
