//! Charts of a summary, as PNG and SVG: one chart per headline metric and a
//! four-panel dashboard. Every arm is a mean line with a translucent 95%
//! interval band, told apart by colour and also by dash pattern and marker
//! shape, so a black-and-white print still works; `super::palette` says
//! which arm gets which.
//!
//! Text uses a font embedded in the binary: the machine may have none
//! installed, and nothing here looks for system fonts.

use std::path::Path;
use std::sync::Once;

use anyhow::anyhow;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::{DashedPathElement, DynElement, IntoDynElement};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle};

use super::png_text::PngBackend;
use crate::comparison::Comparison;
use crate::metrics::{metric, Metric, METRICS};
use crate::summary::{Interval, Summary, CONFIDENCE};

/// The headline charts: metric (also the file stem) and a title a newcomer
/// can read. The dashboard shows the same four, in this order.
const HEADLINES: [(&str, &str); 4] = [
    (
        "reach",
        "Reach: distinct people who took in the message so far",
    ),
    ("trust", "Trust: mean trust in the brand across everyone"),
    (
        "unsubscribes",
        "Unsubscribes: unsubscribes and unfollows so far (spam complaints apart)",
    ),
    ("conversions", "Conversions: distinct customers so far"),
];

/// Writes the four headline charts (`reach`, `trust`, `unsubscribes`,
/// `conversions`, each `.png` and `.svg`), the profit chart and the
/// dashboard into `dir`; with a comparison (two arms or more), also
/// `compare.png`/`.svg`, and the dashboard shows the differences too.
pub fn write_charts(
    dir: &Path,
    scenario_name: &str,
    summary: &Summary,
    comparison: Option<&Comparison>,
    styles: &[ArmStyle],
) -> anyhow::Result<()> {
    for (name, title) in HEADLINES {
        let metric = metric(name).expect("headline metrics exist");
        write_metric_chart(dir, name, title, scenario_name, metric, summary, styles)?;
    }
    // Marketers decide on money: cumulative profit gets a chart of its own.
    let profit = metric("profit").expect("profit is a metric");
    write_metric_chart(
        dir,
        "profit",
        "Profit: revenue times margin, minus all costs, so far",
        scenario_name,
        profit,
        summary,
        styles,
    )?;
    let title = format!("Outreach compared: scenario \"{scenario_name}\"");
    let figure = match comparison {
        None => grid_of_four(Some(summary), None, styles, &title, band_note(summary)),
        Some(c) => {
            let note = format!(
                "top: {} · bottom: each arm minus \"{}\" in the same replicate; {}",
                band_note(summary),
                c.baseline,
                ZERO_NOTE
            );
            let compared = compared_styles(c, summary, styles);
            grid_of_four(Some(summary), Some((c, compared)), styles, &title, note)
        }
    };
    write(dir, "dashboard", &figure)?;
    if let Some(c) = comparison {
        let compared = compared_styles(c, summary, styles);
        write_comparison(dir, scenario_name, c, compared)?;
    }
    Ok(())
}

/// Writes `<file_stem>.png` (1000×600) and `<file_stem>.svg`: one metric,
/// every arm.
fn write_metric_chart(
    dir: &Path,
    file_stem: &str,
    title: &str,
    scenario_name: &str,
    metric: &Metric,
    summary: &Summary,
    styles: &[ArmStyle],
) -> anyhow::Result<()> {
    let figure = Figure {
        values: Some(summary),
        comparison: None,
        legend: summary.arms.clone(),
        styles: styles.to_vec(),
        compared_styles: Vec::new(),
        size: (1000, 600),
        title: title.to_string(),
        subtitle: format!("Scenario \"{scenario_name}\" · {}", band_note(summary)),
        grid: (1, 1),
        panels: vec![Panel {
            title: None,
            metric,
            difference: false,
        }],
        text: TextSizes {
            title: 30,
            subtitle: 20,
            panel_title: 24,
            axis: 22,
            ticks: 20,
            legend: 22,
        },
    };
    write(dir, file_stem, &figure)
}

/// What a band that clears zero means, in words.
const ZERO_NOTE: &str =
    "a shaded band that does not cross 0 is a real difference in these replicates";

/// Writes `compare.png` and `compare.svg`: each arm's paired difference from
/// the baseline in the four headline metrics, in the arm's own style, about
/// a bold zero line that stands for the baseline.
fn write_comparison(
    dir: &Path,
    scenario_name: &str,
    c: &Comparison,
    compared: Vec<ArmStyle>,
) -> anyhow::Result<()> {
    let baseline = &c.baseline;
    let subtitle = format!(
        "lines: mean of {} replicates · shaded bands: paired 95% intervals; {ZERO_NOTE}",
        c.paired.replicates,
    );
    let title = format!(
        "Each arm minus \"{baseline}\" in the same replicate (same people, market and life events): scenario \"{scenario_name}\""
    );
    let mut figure = grid_of_four(None, Some((c, compared)), &[], &title, subtitle);
    figure.text.title = 28;
    write(dir, "compare", &figure)
}

/// A figure of the four headline metrics with one legend: 2x2 panels of
/// `values` or of the `comparison`'s differences, or, with both, the values
/// above the differences (4x2). `styles` are every arm's, `compared` the
/// compared arms' (the same style each arm has among all).
fn grid_of_four<'a>(
    values: Option<&'a Summary>,
    comparison: Option<(&'a Comparison, Vec<ArmStyle>)>,
    styles: &[ArmStyle],
    title: &str,
    subtitle: String,
) -> Figure<'a> {
    let both = values.is_some() && comparison.is_some();
    let (legend, legend_styles) = match (values, &comparison) {
        (Some(v), _) => (v.arms.clone(), styles.to_vec()),
        (None, Some((c, compared))) => (c.paired.arms.clone(), compared.clone()),
        (None, None) => (Vec::new(), Vec::new()),
    };
    let mut panels = Vec::new();
    if values.is_some() {
        for (i, &(name, long)) in HEADLINES.iter().enumerate() {
            panels.push(Panel {
                title: Some(if both { SHORT_TITLES[i] } else { long }),
                metric: metric(name).expect("headline metrics exist"),
                difference: false,
            });
        }
    }
    if comparison.is_some() {
        for (i, &(name, _)) in HEADLINES.iter().enumerate() {
            panels.push(Panel {
                title: Some(DIFFERENCE_TITLES[i]),
                metric: metric(name).expect("headline metrics exist"),
                difference: true,
            });
        }
    }
    let (comparison, compared_styles) = match comparison {
        Some((c, compared)) => (Some(c), compared),
        None => (None, Vec::new()),
    };
    Figure {
        values,
        comparison,
        legend,
        styles: legend_styles,
        compared_styles,
        size: if both { (2400, 1300) } else { (1600, 1000) },
        title: title.to_string(),
        subtitle,
        grid: if both { (2, 4) } else { (2, 2) },
        panels,
        text: TextSizes {
            title: 32,
            subtitle: 21,
            panel_title: 24,
            axis: 22,
            ticks: 19,
            legend: 24,
        },
    }
}

/// Panel titles of the headline metrics beside their differences (in the
/// order of `HEADLINES`).
const SHORT_TITLES: [&str; 4] = [
    "Reach: people who took in the message",
    "Trust: mean across everyone",
    "Unsubscribes and unfollows",
    "Conversions: customers",
];

/// Panel titles of the differences: what above zero means.
const DIFFERENCE_TITLES: [&str; 4] = [
    "Reach, difference: above 0, more people reached",
    "Trust, difference: above 0, more trust",
    "Unsubscribes, difference: above 0, more left",
    "Conversions, difference: above 0, more customers",
];

/// The compared arms' styles: each keeps the style it has among all arms.
fn compared_styles(c: &Comparison, values: &Summary, styles: &[ArmStyle]) -> Vec<ArmStyle> {
    c.paired
        .arms
        .iter()
        .map(|name| styles[values.arm_index(name).expect("compared arms are arms")])
        .collect()
}

/// What the lines and bands mean, for the subtitle.
fn band_note(summary: &Summary) -> String {
    match summary.replicates {
        0 | 1 => {
            "lines: a single replicate, so no confidence interval (run more replicates for one)"
                .to_string()
        }
        n => format!(
            "lines: mean of {n} replicates · shaded bands: {:.0}% interval of each arm's own mean (overlap does not mean no difference: see compare.png)",
            CONFIDENCE * 100.0
        ),
    }
}

/// Plotters looks fonts up by family name; register the embedded one under
/// the name every text style here uses.
pub(crate) const FONT: &str = "sans-serif";

pub(crate) fn register_embedded_font() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        if register_font(FONT, FontStyle::Normal, epaint_default_fonts::UBUNTU_LIGHT).is_err() {
            panic!("the embedded font is a valid TrueType font");
        }
    });
}

/// Okabe-Ito colours, strongest contrast on white first and yellow last.
pub(crate) const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x00, 0x00), // black
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Dash {
    Solid,
    /// Dash and gap lengths in pixels.
    Dashed(i32, i32),
}

const DASHES: [Dash; 4] = [
    Dash::Solid,
    Dash::Dashed(16, 8),
    Dash::Dashed(4, 6),
    Dash::Dashed(28, 10),
];

/// Each tactic family has one (`super::palette`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Marker {
    Circle,
    Triangle,
    Square,
    Cross,
    HollowCircle,
    HollowSquare,
}

const LINE_WIDTH: u32 = 3;
const MARKER_SIZE: i32 = 7;
/// Roughly how many markers each line carries.
const MARKERS_PER_LINE: usize = 12;

/// How one arm is drawn; the same in every chart and legend.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ArmStyle {
    pub(crate) color: RGBColor,
    dash: Dash,
    marker: Marker,
}

impl ArmStyle {
    /// The `k`-th arm of a family: the family's marker, the `k`-th dash.
    pub(crate) fn new(color: RGBColor, k: usize, marker: Marker) -> ArmStyle {
        ArmStyle {
            color,
            dash: DASHES[k % DASHES.len()],
            marker,
        }
    }

    /// What is left of the style in a grey print.
    #[cfg(test)]
    pub(crate) fn shape(&self) -> (Dash, Marker) {
        (self.dash, self.marker)
    }

    pub(crate) fn line<'a, DB: DrawingBackend + 'a, C: Clone + 'a>(
        &self,
        points: Vec<C>,
    ) -> DynElement<'a, DB, C> {
        let stroke = self.color.stroke_width(LINE_WIDTH);
        match self.dash {
            Dash::Solid => PathElement::new(points, stroke).into_dyn(),
            Dash::Dashed(dash, gap) => DashedPathElement::new(points, dash, gap, stroke).into_dyn(),
        }
    }

    pub(crate) fn marker<'a, DB: DrawingBackend + 'a, C: Clone + 'a>(
        &self,
        at: C,
    ) -> DynElement<'a, DB, C> {
        let fill = self.color.filled();
        let r = MARKER_SIZE;
        let at = EmptyElement::at(at);
        match self.marker {
            Marker::Circle => (at + Circle::new((0, 0), r, fill)).into_dyn(),
            Marker::Triangle => (at + TriangleMarker::new((0, 0), r + 1, fill)).into_dyn(),
            Marker::Square => {
                (at + Rectangle::new([(-r + 1, -r + 1), (r - 1, r - 1)], fill)).into_dyn()
            }
            Marker::Cross => {
                (at + Cross::new((0, 0), r, self.color.stroke_width(LINE_WIDTH))).into_dyn()
            }
            Marker::HollowCircle => {
                (at + Circle::new((0, 0), r, self.color.stroke_width(LINE_WIDTH))).into_dyn()
            }
            Marker::HollowSquare => (at
                + Rectangle::new(
                    [(-r + 1, -r + 1), (r - 1, r - 1)],
                    self.color.stroke_width(LINE_WIDTH),
                ))
            .into_dyn(),
        }
    }
}

struct TextSizes {
    title: u32,
    subtitle: u32,
    panel_title: u32,
    axis: u32,
    ticks: u32,
    legend: u32,
}

struct Panel<'a> {
    title: Option<&'a str>,
    metric: &'a Metric,
    /// Each compared arm minus the baseline, instead of the arms' values.
    difference: bool,
}

/// A titled grid of panels above one legend.
struct Figure<'a> {
    values: Option<&'a Summary>,
    comparison: Option<&'a Comparison>,
    /// The legend's entries and their styles.
    legend: Vec<String>,
    /// Every arm's style, in the order of `values`' arms.
    styles: Vec<ArmStyle>,
    /// The compared arms' styles, in the order of the comparison's arms.
    compared_styles: Vec<ArmStyle>,
    size: (u32, u32),
    title: String,
    subtitle: String,
    grid: (usize, usize),
    panels: Vec<Panel<'a>>,
    text: TextSizes,
}

pub(crate) type DrawResult<DB> =
    Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A chart that can be drawn on any backend; [`write`] draws it twice.
pub(crate) trait Drawing {
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// Draws `<stem>.png` and `<stem>.svg` into `dir`.
pub(crate) fn write(dir: &Path, stem: &str, chart: &impl Drawing) -> anyhow::Result<()> {
    register_embedded_font();
    let png = dir.join(format!("{stem}.png"));
    chart
        .draw(&PngBackend::new(&png, chart.size()).into_drawing_area())
        .map_err(|e| cannot_write(&png, e.into()))?;
    let svg = dir.join(format!("{stem}.svg"));
    chart
        .draw(&SVGBackend::new(&svg, chart.size()).into_drawing_area())
        .map_err(|e| cannot_write(&svg, e.into()))?;
    Ok(())
}

/// "cannot write <path>: <why>" for a chart that failed: plotters shows its
/// backends' errors with `Debug` (`ImageError(IoError(Custom { kind: Other,
/// ...`), so the IO error inside is dug out and shown in words.
pub(crate) fn cannot_write(path: &Path, e: anyhow::Error) -> anyhow::Error {
    use plotters_backend::DrawingErrorKind;
    use plotters_bitmap::BitMapBackendError;
    let why = if let Some(DrawingAreaErrorKind::BackendError(DrawingErrorKind::DrawingError(b))) =
        e.downcast_ref::<DrawingAreaErrorKind<BitMapBackendError>>()
    {
        match b {
            BitMapBackendError::IOError(io) => io.to_string(),
            // Its Display is the IO error's own.
            BitMapBackendError::ImageError(image) => image.to_string(),
            other => format!("{other:?}"),
        }
    } else if let Some(DrawingAreaErrorKind::BackendError(DrawingErrorKind::DrawingError(io))) =
        e.downcast_ref::<DrawingAreaErrorKind<std::io::Error>>()
    {
        io.to_string()
    } else {
        format!("{e:#}")
    };
    anyhow!("cannot write {}: {why}", path.display())
}

/// Grey, for subtitles.
pub(crate) const GREY: RGBColor = RGBColor(80, 80, 80);

/// A white figure with a title and a grey subtitle; returns the area below.
pub(crate) fn titled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: (&str, u32),
    subtitle: (&str, u32),
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    root.margin(10, 0, 0, 0)
        .titled(title.0, (FONT, title.1))?
        .titled(subtitle.0, (FONT, subtitle.1).into_font().color(&GREY))
}

/// Splits `body` into a `grid` of panels above one legend of `arms`,
/// draws each panel with `panel(area, index)`, then the legend.
pub(crate) fn panels_over_legend<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    arms: &[String],
    styles: &[ArmStyle],
    legend_size: u32,
    grid: (usize, usize),
    count: usize,
    mut panel: impl FnMut(&DrawingArea<DB, Shift>, usize) -> DrawResult<DB>,
) -> DrawResult<DB> {
    let legend = Legend::layout(body, arms, styles, legend_size)?;
    let (_, body_height) = body.dim_in_pixel();
    let (plots, legend_area) = body.split_vertically(body_height.saturating_sub(legend.height));
    for (i, area) in plots.split_evenly(grid).iter().take(count).enumerate() {
        panel(area, i)?;
    }
    legend.draw(&legend_area)
}

/// The axes of a line chart (a panel of a figure or a chart of its own):
/// label areas sized from the text, a light grey grid without minor lines,
/// and y ticks as [`tick_label`] writes them.
pub(crate) struct Axes<'a> {
    pub(crate) caption: Option<&'a str>,
    pub(crate) x: std::ops::Range<f64>,
    pub(crate) y: std::ops::Range<f64>,
    pub(crate) x_desc: &'a str,
    pub(crate) y_desc: &'a str,
    pub(crate) x_labels: usize,
    pub(crate) x_tick: &'a dyn Fn(&f64) -> String,
    /// Font sizes of the axis titles, the tick labels and the caption.
    pub(crate) axis: u32,
    pub(crate) ticks: u32,
    pub(crate) caption_size: u32,
}

/// A line chart's drawing context: real numbers on both axes.
pub(crate) type LineChart<'a, DB> =
    ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

impl Axes<'_> {
    /// Builds the chart on `area` and draws its mesh.
    pub(crate) fn draw<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
    ) -> Result<LineChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
        let mut builder = ChartBuilder::on(area);
        builder
            .margin(12)
            .margin_right(36)
            .x_label_area_size(self.axis * 3)
            .y_label_area_size(self.axis * 5);
        if let Some(caption) = self.caption {
            builder.caption(caption, (FONT, self.caption_size));
        }
        let mut chart = builder.build_cartesian_2d(self.x.clone(), self.y.clone())?;
        chart
            .configure_mesh()
            .x_desc(self.x_desc)
            .y_desc(self.y_desc)
            .axis_desc_style((FONT, self.axis))
            .label_style((FONT, self.ticks))
            .x_labels(self.x_labels)
            .y_labels(8)
            .x_label_formatter(self.x_tick)
            .y_label_formatter(&|v| tick_label_to(*v, tick_decimals(self.y.end - self.y.start)))
            .bold_line_style(RGBColor(220, 220, 220))
            .max_light_lines(0)
            .draw()?;
        Ok(chart)
    }
}

/// Draws every arm's points `(x, interval)` on `chart`: the interval bands
/// first, so that every line stays on top of every band, then each mean
/// line with its markers. `max_markers` spaces markers out on long lines
/// (staggered between arms so they do not sit on each other); `None` marks
/// every point. `floor` is the y axis's lowest value.
pub(crate) fn draw_arms<DB: DrawingBackend>(
    chart: &mut LineChart<'_, DB>,
    arms: &[Vec<(f64, Interval)>],
    styles: &[ArmStyle],
    floor: f64,
    max_markers: Option<usize>,
) -> DrawResult<DB> {
    for (arm, points) in arms.iter().enumerate() {
        let color = styles[arm].color.mix(0.2).filled();
        for band in bands(points, floor) {
            chart.draw_series(std::iter::once(Polygon::new(band, color)))?;
        }
    }
    let n_arms = arms.len().max(1);
    for (arm, points) in arms.iter().enumerate() {
        let style = styles[arm];
        let line: Vec<(f64, f64)> = points
            .iter()
            .filter(|(_, i)| i.mean.is_finite())
            .map(|&(x, i)| (x, i.mean))
            .collect();
        let step = max_markers.map_or(1, |most| (line.len() / most).max(1));
        let marked: Vec<(f64, f64)> = line
            .iter()
            .skip(arm * step / n_arms)
            .step_by(step)
            .copied()
            .collect();
        // Drawn on the plotting area directly: `draw_series` would need
        // `'static` elements, which a backend borrowing its path is not.
        let plot = chart.plotting_area();
        plot.draw(&style.line(line))?;
        for p in marked {
            plot.draw(&style.marker(p))?;
        }
    }
    Ok(())
}

/// A legend of plotters' own series labels, boxed on a white ground, at
/// `at` inside the plotting area (the charts of `graph` and `validate`).
pub(crate) fn series_legend<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    at: SeriesLabelPosition,
    font_size: u32,
) -> DrawResult<DB> {
    chart
        .configure_series_labels()
        .position(at)
        .label_font((FONT, font_size))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
}

impl Drawing for Figure<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let body = titled(
            root,
            (&self.title, self.text.title),
            (&self.subtitle, self.text.subtitle),
        )?;
        panels_over_legend(
            &body,
            &self.legend,
            &self.styles,
            self.text.legend,
            self.grid,
            self.panels.len(),
            |area, i| self.draw_panel(area, &self.panels[i]),
        )?;
        root.present()
    }
}

impl Figure<'_> {
    fn draw_panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        panel: &Panel,
    ) -> DrawResult<DB> {
        let metric_index = METRICS
            .iter()
            .position(|m| m.name == panel.metric.name)
            .expect("a chart's metric is in METRICS");
        let (summary, styles) = match (panel.difference, self.values, self.comparison) {
            (false, Some(v), _) => (v, &self.styles),
            (true, _, Some(c)) => (&c.paired, &self.compared_styles),
            _ => unreachable!("a panel's data is in the figure"),
        };
        // Days count from 1.
        let points = |cells: &[Interval]| -> Vec<(f64, Interval)> {
            cells
                .iter()
                .enumerate()
                .map(|(day, &i)| ((day + 1) as f64, i))
                .collect()
        };
        let arms: Vec<Vec<(f64, Interval)>> = summary
            .cells
            .iter()
            .map(|arm| points(&arm[metric_index]))
            .collect();
        // The unpaired interval is left out: on the same scale it would
        // dwarf the paired band that decides (compare.csv keeps it).
        let intervals: Vec<&[Interval]> = summary
            .cells
            .iter()
            .map(|arm| arm[metric_index].as_slice())
            .collect();
        let (bottom, top) = y_range(&intervals);
        let days = summary.days.max(2) as f64;
        let mut chart = Axes {
            caption: panel.title,
            x: 1.0..days,
            y: bottom..top,
            x_desc: "day",
            y_desc: panel.metric.unit,
            x_labels: 10,
            x_tick: &|v| tick_label(*v),
            axis: self.text.axis,
            ticks: self.text.ticks,
            caption_size: self.text.panel_title,
        }
        .draw(area)?;
        if panel.difference {
            let c = self
                .comparison
                .expect("a difference panel has a comparison");
            // The baseline is the zero line: bold, and named on the chart.
            let plot = chart.plotting_area();
            plot.draw(&PathElement::new(
                vec![(1.0, 0.0), (days, 0.0)],
                BLACK.stroke_width(3),
            ))?;
            // At the right end, where the differences have grown away from
            // zero, on the side of the line with more room.
            let room_above = top > -bottom;
            plot.draw(&Text::new(
                format!("0 = \"{}\"", c.baseline),
                (days - (days - 1.0) * 0.01, 0.0),
                (FONT, self.text.ticks)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(
                        HPos::Right,
                        if room_above { VPos::Bottom } else { VPos::Top },
                    )),
            ))?;
        }
        draw_arms(&mut chart, &arms, styles, bottom, Some(MARKERS_PER_LINE))
    }
}

/// The interval band as polygons, one per run of consecutive points that
/// have bounds: along the upper bounds, then back along the lower ones.
/// Lower bounds stop at `floor`, the axis floor (0 unless differences go
/// below it): plotters does not clip shapes to the plotting area.
pub(crate) fn bands(points: &[(f64, Interval)], floor: f64) -> Vec<Vec<(f64, f64)>> {
    let mut bands = Vec::new();
    let mut run: Vec<(f64, f64, f64)> = Vec::new();
    let mut close = |run: &mut Vec<(f64, f64, f64)>| {
        if run.len() >= 2 {
            let upper = run.iter().map(|&(x, _, high)| (x, high));
            let lower = run.iter().rev().map(|&(x, low, _)| (x, low));
            bands.push(upper.chain(lower).collect());
        }
        run.clear();
    };
    for &(x, i) in points {
        match (i.low, i.high) {
            (Some(low), Some(high)) if low.is_finite() && high.is_finite() => {
                run.push((x, low.max(floor), high));
            }
            _ => close(&mut run),
        }
    }
    close(&mut run);
    bands
}

/// The y axis runs from 0 (or a little below the lowest value, for
/// differences that go negative) to a little above the highest mean or bound.
pub(crate) fn y_range(arms: &[&[Interval]]) -> (f64, f64) {
    let values = || {
        arms.iter()
            .flat_map(|arm| arm.iter())
            .flat_map(|i| [Some(i.mean), i.low, i.high])
            .flatten()
            .filter(|v| v.is_finite())
    };
    let highest = values().fold(0.0, f64::max);
    let lowest = values().fold(0.0, f64::min);
    let top = if highest > 0.0 {
        highest * 1.08
    } else if lowest < 0.0 {
        -lowest * 0.08
    } else {
        1.0
    };
    (lowest * 1.08, top)
}

/// An axis tick: at most two decimals, no trailing zeros, thousands separated
/// by commas (12,500; 0.25; 3).
pub(crate) fn tick_label(value: f64) -> String {
    tick_label_to(value, 2)
}

/// Decimals the y ticks of an axis spanning `span` need so that about 8
/// ticks read apart (at least 2, so small values keep their form): a
/// trust difference axis from -0.03 to 0 needs 3, or "-0.01" repeats.
fn tick_decimals(span: f64) -> usize {
    let step = span / 8.0;
    if step > 0.0 && step.is_finite() {
        ((-step.log10()).ceil().max(0.0) as usize).clamp(2, 6)
    } else {
        2
    }
}

/// [`tick_label`] with `decimals` decimals at most.
fn tick_label_to(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let (sign, text) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if grouped == "0" && fraction.is_none() {
        ""
    } else {
        sign
    };
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The shared legend: a sample of each arm's line and marker beside its
/// name, in centred rows that wrap when names do not fit on one.
pub(crate) struct Legend<'a> {
    arms: &'a [String],
    styles: &'a [ArmStyle],
    font_size: u32,
    /// Per row, the arms it holds and each entry's width in pixels.
    rows: Vec<Vec<(usize, u32)>>,
    pub(crate) height: u32,
}

const SAMPLE_WIDTH: u32 = 64;
const SAMPLE_GAP: u32 = 10;
const ENTRY_GAP: u32 = 40;

impl<'a> Legend<'a> {
    pub(crate) fn layout<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        arms: &'a [String],
        styles: &'a [ArmStyle],
        font_size: u32,
    ) -> Result<Self, DrawingAreaErrorKind<DB::ErrorType>> {
        let font = (FONT, font_size).into_text_style(area);
        let (width, _) = area.dim_in_pixel();
        let room = width.saturating_sub(2 * ENTRY_GAP);
        let mut rows: Vec<Vec<(usize, u32)>> = vec![Vec::new()];
        let mut used = 0;
        for (arm, name) in arms.iter().enumerate() {
            let (text_width, _) = area.estimate_text_size(name, &font)?;
            let entry = SAMPLE_WIDTH + SAMPLE_GAP + text_width;
            let row = rows.last_mut().expect("rows start with one");
            if !row.is_empty() && used + ENTRY_GAP + entry > room {
                rows.push(Vec::new());
                used = 0;
            }
            let row = rows.last_mut().expect("rows start with one");
            used += if row.is_empty() {
                entry
            } else {
                ENTRY_GAP + entry
            };
            row.push((arm, entry));
        }
        let height = rows.len() as u32 * Self::row_height(font_size) + 24;
        Ok(Legend {
            arms,
            styles,
            font_size,
            rows,
            height,
        })
    }

    fn row_height(font_size: u32) -> u32 {
        font_size * 2
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (width, _) = area.dim_in_pixel();
        let row_height = Self::row_height(self.font_size) as i32;
        let text = (FONT, self.font_size)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let widest = self
            .rows
            .iter()
            .map(|row| {
                row.iter().map(|&(_, w)| w).sum::<u32>()
                    + ENTRY_GAP * row.len().saturating_sub(1) as u32
            })
            .max()
            .unwrap_or(0) as i32;
        let (box_left, box_top) = ((width as i32 - widest) / 2 - 16, 6);
        area.draw(&Rectangle::new(
            [
                (box_left, box_top),
                (
                    box_left + widest + 32,
                    box_top + row_height * self.rows.len() as i32 + 12,
                ),
            ],
            RGBColor(160, 160, 160).stroke_width(1),
        ))?;
        for (r, row) in self.rows.iter().enumerate() {
            let row_width = row.iter().map(|&(_, w)| w).sum::<u32>()
                + ENTRY_GAP * row.len().saturating_sub(1) as u32;
            let y = box_top + 6 + row_height * r as i32 + row_height / 2;
            let mut x = (width as i32 - row_width as i32) / 2;
            for &(arm, entry) in row {
                let style = self.styles[arm];
                area.draw(&style.line(vec![(x, y), (x + SAMPLE_WIDTH as i32, y)]))?;
                area.draw(&style.marker((x + SAMPLE_WIDTH as i32 / 2, y)))?;
                area.draw_text(
                    &self.arms[arm],
                    &text,
                    (x + (SAMPLE_WIDTH + SAMPLE_GAP) as i32, y),
                )?;
                x += (entry + ENTRY_GAP) as i32;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::palette::{styles_of, Family};
    use crate::summary::summarise;
    use crate::summary::tests::synthetic_run;

    /// Renders the charts into a fresh folder, checks the files and removes
    /// them, unless `OUTREACH_CHART_DIR` names a folder to keep them in for a
    /// person to look at.
    fn render(name: &str, run: &crate::engine::RunResult) {
        let summary = &summarise(run);
        let comparison = (run.arms.len() > 1).then(|| crate::comparison::compare(run, 0));
        let keep = std::env::var_os("OUTREACH_CHART_DIR").map(|d| Path::new(&d).join(name));
        let tmp = tempfile::tempdir().unwrap();
        let dir = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
        std::fs::create_dir_all(&dir).unwrap();
        // The synthetic arms are named after what they do.
        let looks: Vec<_> = (run.arms.iter())
            .map(|n| match n.starts_with("email") {
                true => (Family::Blasting, None),
                false => (Family::Networking, None),
            })
            .collect();
        let styles = styles_of(&looks);
        write_charts(&dir, "synthetic", summary, comparison.as_ref(), &styles).unwrap();
        check_files(&dir);
        if let Some(c) = &comparison {
            let texts = svg_texts(&dir.join("compare.svg"));
            // The SVG escapes the quotes around the name.
            let zero = |t: &String| t.starts_with("0 = ") && t.contains(c.baseline.as_str());
            assert!(texts.iter().any(zero), "the zero line names the baseline");
            for name in &c.paired.arms {
                assert!(texts.contains(name), "the legend names {name}");
            }
            assert!(
                !texts
                    .iter()
                    .any(|t| t.contains("(paired)") || t.contains("(unpaired")),
                "one legend entry per compared arm"
            );
            let dashboard = svg_texts(&dir.join("dashboard.svg"));
            assert!(
                dashboard.iter().any(zero),
                "the dashboard shows the differences"
            );
        }
        let texts = svg_texts(&dir.join("reach.svg"));
        assert!(
            texts.iter().any(|t| t == "people"),
            "the y axis names the unit"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Reach: distinct people")),
            "the title"
        );
        let note = if summary.replicates > 1 {
            "95% interval"
        } else {
            "no confidence interval"
        };
        assert!(
            texts.iter().any(|t| t.contains(note)),
            "the subtitle explains the bands"
        );
    }

    /// The text of every `<text>` element of an SVG file.
    fn svg_texts(path: &Path) -> Vec<String> {
        let svg = std::fs::read_to_string(path).unwrap();
        assert!(
            svg.contains("<svg") && svg.contains("</svg>"),
            "{} is an SVG",
            path.display()
        );
        svg.split("<text")
            .skip(1)
            .map(|t| {
                t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()]
                    .trim()
                    .to_string()
            })
            .collect()
    }

    fn check_files(dir: &Path) {
        for stem in ["reach", "trust", "unsubscribes", "conversions", "dashboard"] {
            let png = std::fs::read(dir.join(format!("{stem}.png"))).unwrap();
            assert!(png.starts_with(b"\x89PNG"), "{stem}.png is a PNG");
            let texts = svg_texts(&dir.join(format!("{stem}.svg")));
            assert!(
                texts.iter().any(|t| t == "networking"),
                "{stem}.svg has a legend"
            );
            assert!(
                texts.iter().any(|t| t == "day"),
                "{stem}.svg labels the x axis"
            );
        }
    }

    #[test]
    fn charts_are_written_as_png_and_svg() {
        render("three-replicates", &synthetic_run());
    }

    #[test]
    fn a_single_replicate_draws_lines_without_bands() {
        let mut run = synthetic_run();
        for arm in &mut run.series {
            arm.truncate(1);
        }
        render("one-replicate", &run);
    }

    #[test]
    fn many_arms_with_long_names_fit() {
        let mut run = synthetic_run();
        let template = run.series[1].clone();
        for i in 0..7 {
            run.arms.push(format!("networking variant number {i}"));
            run.series.push(template.clone());
        }
        render("many-arms", &run);
    }

    #[test]
    fn bands_skip_days_without_bounds() {
        let with = |mean: f64| Interval {
            mean,
            low: Some(mean - 1.0),
            high: Some(mean + 1.0),
        };
        let without = Interval {
            mean: 5.0,
            low: None,
            high: None,
        };
        let days = [
            with(1.0),
            with(2.0),
            without,
            with(4.0),
            with(5.0),
            with(6.0),
        ];
        let points: Vec<(f64, Interval)> = (1..).map(f64::from).zip(days).collect();
        let bands = bands(&points, 0.0);
        assert_eq!(bands.len(), 2);
        assert_eq!(bands[0], [(1.0, 2.0), (2.0, 3.0), (2.0, 1.0), (1.0, 0.0)]);
        assert_eq!(bands[1].len(), 6);
    }

    #[test]
    fn small_spans_get_the_decimals_that_tell_ticks_apart() {
        assert_eq!(tick_decimals(8000.0), 2);
        assert_eq!(tick_decimals(0.35), 2);
        // -0.035 to 0: steps of about 0.004.
        assert_eq!(tick_decimals(0.035), 3);
        assert_eq!(tick_label_to(-0.015, tick_decimals(0.035)), "-0.015");
    }

    #[test]
    fn tick_labels_are_short_and_grouped() {
        for (value, label) in [
            (0.0, "0"),
            (3.0, "3"),
            (0.25, "0.25"),
            (2.5, "2.5"),
            (12500.0, "12,500"),
            (1234567.0, "1,234,567"),
            (-1500.5, "-1,500.5"),
            (-0.001, "0"),
        ] {
            assert_eq!(tick_label(value), label, "{value}");
        }
    }

    #[test]
    fn y_axis_starts_at_zero_and_clears_the_data() {
        let i = |mean: f64, high: Option<f64>| Interval {
            mean,
            low: None,
            high,
        };
        let arm: &[Interval] = &[i(1.0, Some(3.0)), i(2.0, None)];
        assert_eq!(y_range(&[arm]), (0.0, 3.0 * 1.08));
        assert_eq!(y_range(&[&[]]), (0.0, 1.0));
        let below: &[Interval] = &[i(-2.0, Some(1.0))];
        assert_eq!(y_range(&[below]), (-2.0 * 1.08, 1.08));
    }
}
