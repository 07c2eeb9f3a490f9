//! Charts of a sweep, drawn from sweep.csv as written (so a merged sweep
//! draws exactly what a single run draws). One swept parameter: each
//! headline metric on the last day against the swept value, a line and 95%
//! band per arm, plus `sweep.png`, the first four together. Two: a heatmap
//! per headline metric, one panel per arm on a shared colour scale. Three or
//! more: no charts (sweep.csv holds everything).

use super::chart::{
    draw_arms, panels_over_legend, register_embedded_font, tick_label, titled, write, y_range,
    ArmStyle, Axes, DrawResult, Drawing, FONT,
};
use super::palette::arm_styles;
use super::sweep_csv::SweepTable;
use crate::metrics::{metric, Metric, METRICS};
use crate::summary::{Interval, CONFIDENCE};
use crate::sweep::Sweep;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// Metrics charted, in order, when the scenario has them (money metrics
/// are charted as soon as `METRICS` gains them). The first four make
/// `sweep.png`.
const HEADLINES: [&str; 7] = [
    "reach",
    "trust",
    "unsubscribes",
    "conversions",
    "profit",
    "revenue",
    "cost",
];

/// Writes the charts for `table` into `dir`; returns a note on what was drawn.
pub fn write_sweep_charts(dir: &Path, sweep: &Sweep, table: &SweepTable) -> Result<String> {
    register_embedded_font();
    let headlines: Vec<&'static Metric> = HEADLINES.iter().filter_map(|m| metric(m)).collect();
    let names: Vec<&str> = headlines.iter().map(|m| m.name).collect();
    let about = About {
        scenario: sweep.base.name.clone(),
        replicates: sweep.base.replicates,
    };
    // The table's arms by name: each keeps the colour it has in a plain run.
    let every = arm_styles(&sweep.base.arms);
    let styles = (table.arms.iter())
        .map(|name| {
            (sweep.base.arms.iter())
                .position(|a| &a.name == name)
                .map(|i| every[i])
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "the sweep's table names arm \"{name}\", which the scenario does not have"
                    )
                })
        })
        .collect::<Result<Vec<ArmStyle>>>()?;
    match table.axes.len() {
        1 => {
            let x = Categories::new(table, 0, sweep);
            for &m in &headlines {
                let fig = LineFigure {
                    size: (1000, 620),
                    title: format!("{}, against {}", label(m), x.short),
                    grid: (1, 1),
                    metrics: vec![m],
                    panel_titles: false,
                    table,
                    styles: &styles,
                    x: &x,
                    about: &about,
                };
                write(dir, m.name, &fig)?;
            }
            let fig = LineFigure {
                size: (1600, 1000),
                title: format!("Last-day results as {} varies", x.short),
                grid: (2, 2),
                metrics: headlines.iter().take(4).copied().collect(),
                panel_titles: true,
                table,
                styles: &styles,
                x: &x,
                about: &about,
            };
            write(dir, "sweep", &fig)?;
            Ok(format!(
                "charts: {} and sweep (the first four together)",
                names.join(", ")
            ))
        }
        2 => {
            let y = Categories::new(table, 0, sweep);
            let x = Categories::new(table, 1, sweep);
            for &m in &headlines {
                write(
                    dir,
                    m.name,
                    &Heatmap {
                        metric: m,
                        table,
                        x: &x,
                        y: &y,
                        about: &about,
                    },
                )?;
            }
            Ok(format!("heatmaps: {}", names.join(", ")))
        }
        n => Ok(format!(
            "no charts for {n} swept parameters (one gives line charts, two heatmaps); sweep.csv holds every value"
        )),
    }
}

/// What the subtitles say about the sweep.
struct About {
    scenario: String,
    replicates: u32,
}

impl About {
    fn note(&self) -> String {
        match self.replicates {
            0 | 1 => "each point: the last day of a single replicate (no interval)".into(),
            n => format!(
                "each point: mean of {n} replicates on the last day · bands: {:.0}% confidence interval",
                CONFIDENCE * 100.0
            ),
        }
    }
}

/// "Unsubscribes (people)".
fn label(m: &Metric) -> String {
    let mut name = m.name.replace('_', " ");
    if let Some(first) = name.get(..1) {
        name.replace_range(..1, &first.to_uppercase());
    }
    format!("{name} on the last day")
}

/// One swept parameter's values as placed on an axis: at their value when
/// all are numbers, else one slot each in the order swept.
struct Categories {
    /// The values as sweep.csv writes them, in grid order.
    labels: Vec<String>,
    /// Where each value sits on the axis.
    positions: Vec<f64>,
    numeric: bool,
    /// The axis title: the path and its unit.
    desc: String,
    /// The last key of the path, for titles.
    short: String,
}

impl Categories {
    fn new(table: &SweepTable, axis: usize, sweep: &Sweep) -> Categories {
        let swept = &sweep.grid.axes[axis];
        let labels: Vec<String> = swept.values.iter().map(|v| v.cell.clone()).collect();
        let numbers: Option<Vec<f64>> = labels.iter().map(|l| l.parse().ok()).collect();
        let numeric = numbers.is_some();
        let positions = numbers.unwrap_or_else(|| (0..labels.len()).map(|i| i as f64).collect());
        Categories {
            labels,
            positions,
            numeric,
            // Words such as a network's kind have no unit worth printing.
            desc: match swept.param.unit {
                "" | "-" => table.axes[axis].clone(),
                unit => format!("{} ({unit})", table.axes[axis]),
            },
            short: swept.param.key().to_string(),
        }
    }

    fn position(&self, cell: &str) -> Option<f64> {
        self.labels
            .iter()
            .position(|l| l == cell)
            .map(|i| self.positions[i])
    }

    /// The axis range, with room around the outermost values.
    fn range(&self) -> std::ops::Range<f64> {
        let lo = self.positions.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = self
            .positions
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        let pad = if self.numeric {
            ((hi - lo) * 0.04).max(1e-9 + lo.abs() * 0.05)
        } else {
            0.5
        };
        lo - pad..hi + pad
    }

    /// A tick's text: the number, or the value whose slot it is.
    fn tick(&self, v: f64) -> String {
        if self.numeric {
            return tick_label(v);
        }
        let i = v.round();
        if (v - i).abs() < 0.01 && i >= 0.0 && (i as usize) < self.labels.len() {
            self.labels[i as usize].clone()
        } else {
            String::new()
        }
    }
}

/// Each arm's (x, interval) of metric `m`, in grid order.
fn arm_points(table: &SweepTable, x: &Categories, m: usize) -> Vec<Vec<(f64, Interval)>> {
    let mut arms = vec![Vec::new(); table.arms.len()];
    for row in &table.rows {
        if let Some(at) = x.position(&row.values[0]) {
            arms[row.arm].push((at, row.metrics[m]));
        }
    }
    arms
}

fn metric_index(m: &Metric) -> usize {
    METRICS
        .iter()
        .position(|x| x.name == m.name)
        .expect("charted metrics are in METRICS")
}

/// Line charts of one swept parameter, in a grid of panels over one legend.
struct LineFigure<'a> {
    size: (u32, u32),
    title: String,
    grid: (usize, usize),
    metrics: Vec<&'static Metric>,
    panel_titles: bool,
    table: &'a SweepTable,
    /// The table's arms' styles, in its order.
    styles: &'a [ArmStyle],
    x: &'a Categories,
    about: &'a About,
}

impl Drawing for LineFigure<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let subtitle = format!(
            "Scenario \"{}\" · {}",
            self.about.scenario,
            self.about.note()
        );
        let body = titled(root, (&self.title, 30), (&subtitle, 20))?;
        panels_over_legend(
            &body,
            &self.table.arms,
            self.styles,
            22,
            self.grid,
            self.metrics.len(),
            |area, i| self.panel(area, self.metrics[i]),
        )?;
        root.present()
    }
}

impl LineFigure<'_> {
    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        m: &Metric,
    ) -> DrawResult<DB> {
        let arms = arm_points(self.table, self.x, metric_index(m));
        let intervals: Vec<Vec<Interval>> = arms
            .iter()
            .map(|a| a.iter().map(|&(_, i)| i).collect())
            .collect();
        let slices: Vec<&[Interval]> = intervals.iter().map(Vec::as_slice).collect();
        let (bottom, top) = y_range(&slices);
        let caption = label(m);
        let mut chart = Axes {
            caption: self.panel_titles.then_some(caption.as_str()),
            x: self.x.range(),
            y: bottom..top,
            x_desc: &self.x.desc,
            y_desc: m.unit,
            x_labels: if self.x.numeric {
                10
            } else {
                self.x.labels.len() * 2 + 1
            },
            x_tick: &|v| self.x.tick(*v),
            axis: 22,
            ticks: 20,
            caption_size: 24,
        }
        .draw(area)?;
        // Few points: every one is marked.
        draw_arms(&mut chart, &arms, self.styles, bottom, None)
    }
}

/// One metric over two swept parameters: a panel per arm, cells coloured
/// by the mean on one scale for every arm, with the scale on the right.
struct Heatmap<'a> {
    metric: &'static Metric,
    table: &'a SweepTable,
    /// The inner (second) swept parameter, across.
    x: &'a Categories,
    /// The outer (first) swept parameter, up.
    y: &'a Categories,
    about: &'a About,
}

/// Width of the colour scale strip.
const SCALE_WIDTH: u32 = 170;
/// Cells are labelled with their value up to this many per panel.
const MAX_LABELLED_CELLS: usize = 150;

impl Heatmap<'_> {
    fn grid(&self) -> (usize, usize) {
        let cols = self.table.arms.len().clamp(1, 3);
        (self.table.arms.len().div_ceil(cols).max(1), cols)
    }

    /// The lowest and highest mean over every arm.
    fn scale(&self) -> (f64, f64) {
        let m = metric_index(self.metric);
        let means = self
            .table
            .rows
            .iter()
            .map(|r| r.metrics[m].mean)
            .filter(|v| v.is_finite());
        let lo = means.clone().fold(f64::INFINITY, f64::min);
        let hi = means.fold(f64::NEG_INFINITY, f64::max);
        if !lo.is_finite() {
            (0.0, 1.0)
        } else if hi - lo < 1e-12 {
            (lo - 0.5, hi + 0.5)
        } else {
            (lo, hi)
        }
    }

    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        arm: usize,
        scale: (f64, f64),
    ) -> DrawResult<DB> {
        let m = metric_index(self.metric);
        let (nx, ny) = (self.x.labels.len(), self.y.labels.len());
        let mut chart = ChartBuilder::on(area)
            .caption(&self.table.arms[arm], (FONT, 24))
            .margin(12)
            .margin_right(24)
            .x_label_area_size(66)
            .y_label_area_size(100)
            .build_cartesian_2d(-0.5..nx as f64 - 0.5, -0.5..ny as f64 - 0.5)?;
        // Slots, not values: cells are equal whatever the spacing of values.
        let x_tick = |v: &f64| slot_label(&self.x.labels, *v);
        let y_tick = |v: &f64| slot_label(&self.y.labels, *v);
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(self.x.desc.as_str())
            .y_desc(self.y.desc.as_str())
            .axis_desc_style((FONT, 20))
            .label_style((FONT, 18))
            .x_labels(nx * 2 + 1)
            .y_labels(ny * 2 + 1)
            .x_label_formatter(&x_tick)
            .y_label_formatter(&y_tick)
            .draw()?;
        let labelled = nx * ny <= MAX_LABELLED_CELLS;
        let text_size = if nx.max(ny) <= 6 { 18 } else { 14 };
        for row in self.table.rows.iter().filter(|r| r.arm == arm) {
            let (Some(yi), Some(xi)) = (
                self.y.labels.iter().position(|l| *l == row.values[0]),
                self.x.labels.iter().position(|l| *l == row.values[1]),
            ) else {
                continue;
            };
            let (x, y) = (xi as f64, yi as f64);
            let mean = row.metrics[m].mean;
            let t = (mean - scale.0) / (scale.1 - scale.0);
            let fill = if mean.is_finite() {
                viridis(t)
            } else {
                RGBColor(220, 220, 220)
            };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                fill.filled(),
            )))?;
            if labelled && mean.is_finite() {
                let ink = if t < 0.6 { WHITE } else { BLACK };
                let style = (FONT, text_size)
                    .into_font()
                    .color(&ink)
                    .pos(Pos::new(HPos::Center, VPos::Center));
                chart.draw_series(std::iter::once(Text::new(cell_text(mean), (x, y), style)))?;
            }
        }
        Ok(())
    }

    fn colour_scale<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: (f64, f64),
    ) -> DrawResult<DB> {
        let (_, h) = area.dim_in_pixel();
        let (top, bottom) = (70i32, h as i32 - 90);
        let (left, right) = (20i32, 50i32);
        area.draw_text(
            self.metric.unit,
            &(FONT, 20).into_font().color(&BLACK),
            (left, top - 40),
        )?;
        let steps = 100;
        for s in 0..steps {
            let t0 = s as f64 / steps as f64;
            let y0 = bottom - ((bottom - top) as f64 * t0) as i32;
            let y1 = bottom - ((bottom - top) as f64 * (t0 + 1.0 / steps as f64)) as i32;
            area.draw(&Rectangle::new(
                [(left, y1), (right, y0)],
                viridis(t0).filled(),
            ))?;
        }
        area.draw(&Rectangle::new(
            [(left, top), (right, bottom)],
            BLACK.stroke_width(1),
        ))?;
        let style = (FONT, 18)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        for k in 0..=4 {
            let t = k as f64 / 4.0;
            let y = bottom - ((bottom - top) as f64 * t) as i32;
            area.draw(&PathElement::new(vec![(right, y), (right + 6, y)], BLACK))?;
            let v = scale.0 + t * (scale.1 - scale.0);
            area.draw_text(&cell_text(v), &style, (right + 10, y))?;
        }
        Ok(())
    }
}

impl Drawing for Heatmap<'_> {
    fn size(&self) -> (u32, u32) {
        let (rows, cols) = self.grid();
        (cols as u32 * 560 + SCALE_WIDTH, rows as u32 * 520 + 130)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let title = format!(
            "{} ({}): {} across, {} up",
            label(self.metric),
            self.metric.unit,
            self.x.short,
            self.y.short
        );
        let subtitle = format!(
            "Scenario \"{}\" · colour and number: mean of {} replicate(s) on the last day · one panel per arm, one colour scale",
            self.about.scenario, self.about.replicates
        );
        let body = titled(root, (&title, 28), (&subtitle, 18))?;
        let (w, _) = body.dim_in_pixel();
        let (panels, strip) = body.split_horizontally(w.saturating_sub(SCALE_WIDTH));
        let scale = self.scale();
        for (arm, area) in panels.split_evenly(self.grid()).iter().enumerate() {
            if arm < self.table.arms.len() {
                self.panel(area, arm, scale)?;
            }
        }
        self.colour_scale(&strip, scale)?;
        root.present()
    }
}

/// The label of the slot a tick sits on, if it sits on one.
fn slot_label(labels: &[String], v: f64) -> String {
    let i = v.round();
    if (v - i).abs() < 0.01 && i >= 0.0 && (i as usize) < labels.len() {
        labels[i as usize].clone()
    } else {
        String::new()
    }
}

/// A value in a cell or on the scale: three decimals below 10, else grouped.
fn cell_text(v: f64) -> String {
    if v.abs() < 10.0 {
        format!("{v:.3}")
    } else {
        tick_label(v.round())
    }
}

/// Viridis (perceptually uniform, readable in grey and by colour-blind
/// readers), interpolated between five of its colours; `t` in [0, 1].
fn viridis(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 5] = [
        (0x44, 0x01, 0x54),
        (0x3b, 0x52, 0x8b),
        (0x21, 0x91, 0x8c),
        (0x5e, 0xc9, 0x62),
        (0xfd, 0xe7, 0x25),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let at = t * (STOPS.len() - 1) as f64;
    let i = (at.floor() as usize).min(STOPS.len() - 2);
    let f = at - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

#[cfg(test)]
mod tests {
    use super::super::chart::bands;
    use super::*;

    #[test]
    fn viridis_runs_from_purple_to_yellow() {
        assert_eq!(viridis(0.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(viridis(1.0), RGBColor(0xfd, 0xe7, 0x25));
        assert_eq!(viridis(f64::NAN), viridis(0.0));
    }

    #[test]
    fn bands_follow_points_with_bounds() {
        let i = |m: f64| Interval {
            mean: m,
            low: Some(m - 1.0),
            high: Some(m + 1.0),
        };
        let b = bands(&[(1.0, i(2.0)), (7.0, i(3.0))], 0.0);
        assert_eq!(b, [vec![(1.0, 3.0), (7.0, 4.0), (7.0, 2.0), (1.0, 1.0)]]);
    }
}
