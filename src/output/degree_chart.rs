//! The degree-distribution chart of `outreach graph`: the share of people
//! with each number of friends, on log-log axes, one series per network.

use super::chart::{cannot_write, register_embedded_font, series_legend, FONT, PALETTE};
use super::png_text::PngBackend;
use crate::population::Graph;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// Share of people per degree, for degrees with at least one person (a log
/// axis has no zero), in logarithmic bins so heavy tails stay readable.
pub fn degree_shares(g: &Graph) -> Vec<(f64, f64)> {
    let n = g.len().max(1) as f64;
    let mut counts = std::collections::BTreeMap::<u32, u64>::new();
    for p in 0..g.len() as u32 {
        *counts.entry(g.friends(p).len() as u32).or_default() += 1;
    }
    // Bins [b, b*1.1): the share per unit of degree within the bin.
    let mut points = Vec::new();
    let mut lo = 1.0f64;
    let max = counts.keys().next_back().copied().unwrap_or(0) as f64;
    while lo <= max {
        let hi = (lo * 1.1).ceil().max(lo + 1.0);
        let people: u64 = counts.range(lo as u32..hi as u32).map(|(_, c)| c).sum();
        if people > 0 {
            let mid = (lo * (hi - 1.0)).sqrt();
            points.push((mid, people as f64 / n / (hi - lo)));
        }
        lo = hi;
    }
    points
}

/// Writes `degree_distribution.png` and `.svg` into `dir`.
pub fn write_degree_chart(
    dir: &Path,
    title: &str,
    series: &[(String, Vec<(f64, f64)>)],
) -> Result<()> {
    register_embedded_font();
    {
        let png = dir.join("degree_distribution.png");
        let root = PngBackend::new(&png, (1000, 650)).into_drawing_area();
        draw(&root, title, series).map_err(|e| cannot_write(&png, e))?;
    }
    let svg = dir.join("degree_distribution.svg");
    let root = SVGBackend::new(&svg, (1000, 650)).into_drawing_area();
    draw(&root, title, series).map_err(|e| cannot_write(&svg, e))
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    series: &[(String, Vec<(f64, f64)>)],
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let all = series.iter().flat_map(|(_, p)| p.iter());
    let (mut x_max, mut y_min, mut y_max) = (10.0f64, 1.0f64, 1e-9f64);
    for &(x, y) in all {
        x_max = x_max.max(x);
        y_min = y_min.min(y);
        y_max = y_max.max(y);
    }
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FONT, 28))
        .margin(20)
        .x_label_area_size(60)
        .y_label_area_size(110)
        .build_cartesian_2d(
            (1f64..x_max * 1.5).log_scale(),
            (y_min / 2.0..y_max * 2.0).log_scale(),
        )?;
    chart
        .configure_mesh()
        .x_desc("friends (degree), logarithmic")
        .y_desc("share of people with that many friends, logarithmic")
        .x_label_formatter(&|v| format!("{}", v.round()))
        .y_label_formatter(&|v| power_of_ten(*v))
        .label_style((FONT, 18))
        .axis_desc_style((FONT, 20))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()?;
    for (i, (name, points)) in series.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let style = color.filled();
        let shape = i % 3;
        chart
            .draw_series(
                points
                    .iter()
                    .map(move |&(x, y)| -> DynElement<DB, (f64, f64)> {
                        match shape {
                            0 => Circle::new((x, y), 5, style).into_dyn(),
                            1 => TriangleMarker::new((x, y), 7, style).into_dyn(),
                            _ => Cross::new((x, y), 6, color.stroke_width(3)).into_dyn(),
                        }
                    }),
            )?
            .label(name.as_str())
            .legend(move |(x, y)| -> DynElement<DB, (i32, i32)> {
                match shape {
                    0 => Circle::new((x + 10, y), 5, style).into_dyn(),
                    1 => TriangleMarker::new((x + 10, y), 7, style).into_dyn(),
                    _ => Cross::new((x + 10, y), 6, color.stroke_width(3)).into_dyn(),
                }
            });
    }
    series_legend(&mut chart, SeriesLabelPosition::UpperRight, 20)?;
    root.present()?;
    Ok(())
}

/// A log-axis tick as a power of ten ("10^-3"), readable at any size.
fn power_of_ten(v: f64) -> String {
    let e = v.log10().round() as i32;
    if (v.log10() - f64::from(e)).abs() > 0.05 {
        return String::new();
    }
    match e {
        0 => "1".into(),
        -1 => "0.1".into(),
        -2 => "0.01".into(),
        _ => format!("10^{e}"),
    }
}
