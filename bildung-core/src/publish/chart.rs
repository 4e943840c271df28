//! Charts of the HTML report, written as inline SVG by hand (no script, no external file).
//!
//! Every chart element has a fixed colour and CSS class, so that a screenshot test (or a user's
//! stylesheet) can find it:
//!
//! ```text
//! element                              class                colour (stroke/fill)
//! Lorenz curve k (k = 0..3, cycled)    bl-lorenz-curve      LORENZ_COLORS[k]  #0057b8 #009e73 #cc79a7 #56b4e9
//! line of equality                     bl-equality          #7f7f7f, dashed
//! funnel point                         bl-funnel-point      #e66100
//! funnel target line                   bl-target            #222222
//! funnel limit, level < 0.99 (95 %)    bl-limit-95          #1a9850
//! funnel limit, level >= 0.99 (99.8 %) bl-limit-998         #8e3ba8
//! ranking interval bar                 bl-rank-interval     #c5164e
//! ranking point estimate               bl-rank-point        #c5164e
//! ranking reference line               bl-reference         #7f7f7f, dashed
//! axes / grid                          bl-axis / bl-grid    #333333 / #e3e3e3
//! ```
//!
//! A suppressed cell never reaches a chart: points whose [`CellStatus`] is suppressed are left
//! out and counted; the count is written in a note under the chart.

use crate::disclosure::CellStatus;
use crate::error::{Error, Result};
use crate::funnel::FunnelLimits;
use crate::publish::NumberFormat;

/// Colours of Lorenz curves 1, 2, 3, 4 (then repeated).
pub const LORENZ_COLORS: [&str; 4] = ["#0057b8", "#009e73", "#cc79a7", "#56b4e9"];
/// Colour of the line of equality and of the ranking reference line.
pub const REFERENCE_COLOR: &str = "#7f7f7f";
/// Colour of funnel points.
pub const FUNNEL_POINT_COLOR: &str = "#e66100";
/// Colour of the funnel target line.
pub const TARGET_COLOR: &str = "#222222";
/// Colour of the inner (95 %) funnel limits (levels below 0.99).
pub const LIMIT_95_COLOR: &str = "#1a9850";
/// Colour of the outer (99.8 %) funnel limits (levels 0.99 and above).
pub const LIMIT_998_COLOR: &str = "#8e3ba8";
/// Colour of ranking points and interval bars.
pub const RANKING_COLOR: &str = "#c5164e";

/// One Lorenz curve: the unit values (e.g. share per Ortsteil), optional weights and statuses.
/// The curve and its Gini coefficient are computed from the units that are not suppressed.
#[derive(Debug, Clone, PartialEq)]
pub struct LorenzSeries {
    /// Legend label.
    pub label: String,
    /// Values per unit (>= 0).
    pub values: Vec<f64>,
    /// Weights per unit (e.g. population), or `None`.
    pub weights: Option<Vec<f64>>,
    /// Status per unit (empty = all published).
    pub status: Vec<CellStatus>,
}

/// A Lorenz chart: one or more curves and the line of equality; the legend gives each curve's
/// Gini coefficient, computed from the drawn curve (published units only, no small-sample
/// correction):
///
/// ```text
/// points (p_k, L_k) from inequality::lorenz_curve of the units that are not suppressed
/// G = 1 - sum_k (p_k - p_{k-1}) (L_k + L_{k-1})        (= 1 - 2 x area under the curve)
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LorenzChart {
    /// The chart title (figure caption).
    pub title: String,
    /// The curves.
    pub series: Vec<LorenzSeries>,
    /// Source line.
    pub source: Option<String>,
}

/// One area of a funnel plot.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelPoint {
    /// The area.
    pub label: String,
    /// The denominator (x axis).
    pub size: f64,
    /// The proportion (y axis).
    pub value: f64,
    /// The status of the value.
    pub status: CellStatus,
}

/// One pair of control-limit curves at a level.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitCurve {
    /// The level (0.95, 0.998).
    pub level: f64,
    /// Denominators.
    pub n: Vec<f64>,
    /// Lower limit per denominator.
    pub lower: Vec<f64>,
    /// Upper limit per denominator.
    pub upper: Vec<f64>,
}

/// A funnel plot: areas' proportions against their size, the target line and control limits.
///
/// ```text
/// point i: (size_i, value_i) for every area whose status is not suppressed
/// limits:  (n_j, lower_j) and (n_j, upper_j) per level; parts outside the plot are not drawn
/// y axis:  value x 100 when `percent`
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelChart {
    /// The chart title.
    pub title: String,
    /// x axis label.
    pub x_label: String,
    /// y axis label.
    pub y_label: String,
    /// The areas.
    pub points: Vec<FunnelPoint>,
    /// The target (pooled proportion or benchmark).
    pub target: f64,
    /// Limit curves (usually 95 % and 99.8 %).
    pub limits: Vec<LimitCurve>,
    /// Show the y axis in percent (values are proportions in `[0, 1]`).
    pub percent: bool,
    /// Source line.
    pub source: Option<String>,
}

impl FunnelChart {
    /// The limit curves of a [`FunnelLimits`] (clamped limits), one per level.
    ///
    /// ```
    /// use bildung_core::funnel::{funnel_grid, funnel_limits, Adjustment, FunnelMethod};
    /// use bildung_core::publish::FunnelChart;
    /// use ndarray::Array1;
    /// let n = Array1::from(funnel_grid(10.0, 500.0, 50)?);
    /// let l = funnel_limits(0.08, n.view(), &[0.95, 0.998], FunnelMethod::Exact, Default::default())?;
    /// let curves = FunnelChart::limit_curves(&l);
    /// assert_eq!(curves.len(), 2);
    /// assert_eq!(curves[1].level, 0.998);
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn limit_curves(limits: &FunnelLimits) -> Vec<LimitCurve> {
        limits
            .levels
            .iter()
            .enumerate()
            .map(|(k, &level)| LimitCurve {
                level,
                n: limits.n.clone(),
                lower: limits.lower.column(k).to_vec(),
                upper: limits.upper.column(k).to_vec(),
            })
            .collect()
    }
}

/// One area of a ranking chart: estimate and interval.
#[derive(Debug, Clone, PartialEq)]
pub struct RankItem {
    /// The area.
    pub label: String,
    /// Point estimate.
    pub estimate: f64,
    /// Lower interval bound.
    pub lower: f64,
    /// Upper interval bound.
    pub upper: f64,
    /// The status of the estimate.
    pub status: CellStatus,
}

/// A ranking of areas: sorted by estimate (largest first), each with its interval bar, and an
/// optional reference line (city value).
///
/// ```text
/// row k (top to bottom): areas not suppressed, estimate descending;
/// bar [lower, upper], point at estimate; lower <= estimate <= upper required
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RankingChart {
    /// The chart title.
    pub title: String,
    /// Axis label.
    pub x_label: String,
    /// The areas.
    pub items: Vec<RankItem>,
    /// Reference value (e.g. the city), drawn as a vertical line.
    pub reference: Option<f64>,
    /// Decimals of the axis labels.
    pub decimals: u32,
    /// Source line.
    pub source: Option<String>,
}

/// A chart of the HTML report.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Lorenz curves.
    Lorenz(LorenzChart),
    /// Funnel plot.
    Funnel(FunnelChart),
    /// Ranking of areas with intervals.
    Ranking(RankingChart),
}

/// A chart drawn: the SVG element, the number of suppressed points left out, the title.
pub(crate) struct Drawn {
    pub svg: String,
    pub skipped: usize,
    pub title: String,
    pub source: Option<String>,
    pub class: &'static str,
}

impl Chart {
    /// The chart title.
    pub fn title(&self) -> &str {
        match self {
            Chart::Lorenz(c) => &c.title,
            Chart::Funnel(c) => &c.title,
            Chart::Ranking(c) => &c.title,
        }
    }

    /// The inline SVG of the chart and the number of suppressed points left out.
    ///
    /// # Errors
    /// [`ErrorKind::EmptyInput`](crate::ErrorKind::EmptyInput) when nothing is left to draw;
    /// [`ErrorKind::ShapeMismatch`](crate::ErrorKind::ShapeMismatch) for vectors of different
    /// length; NaN or infinite values of drawn points, negative Lorenz values or weights,
    /// `lower > estimate` or `estimate > upper`: typed errors naming the point.
    ///
    /// ```
    /// use bildung_core::disclosure::CellStatus;
    /// use bildung_core::publish::{Chart, NumberFormat, RankItem, RankingChart};
    /// let item = |l: &str, e: f64, s| RankItem { label: l.into(), estimate: e, lower: e - 1.0,
    ///                                            upper: e + 1.0, status: s };
    /// let c = Chart::Ranking(RankingChart { title: "Quote".into(), x_label: "%".into(),
    ///     items: vec![item("Nord", 5.0, CellStatus::Published), item("Süd", 7.0, CellStatus::Primary)],
    ///     reference: Some(6.0), decimals: 0, source: None });
    /// let (svg, skipped) = c.to_svg(NumberFormat::German)?;
    /// assert_eq!(skipped, 1);
    /// assert!(svg.starts_with("<svg") && svg.contains("Nord") && !svg.contains("Süd"));
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn to_svg(&self, format: NumberFormat) -> Result<(String, usize)> {
        let d = self.draw(format)?;
        Ok((d.svg, d.skipped))
    }

    pub(crate) fn draw(&self, format: NumberFormat) -> Result<Drawn> {
        match self {
            Chart::Lorenz(c) => lorenz(c, format),
            Chart::Funnel(c) => funnel(c, format),
            Chart::Ranking(c) => ranking(c, format),
        }
    }
}

/// Escape text for HTML and SVG (`& < > " '`).
///
/// ```
/// assert_eq!(bildung_core::publish::escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn german(format: NumberFormat) -> bool {
    format == NumberFormat::German
}

/// Linear map from data to pixels.
#[derive(Clone, Copy)]
struct Scale {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Scale {
    fn at(&self, v: f64) -> f64 {
        if self.d1 == self.d0 {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }
}

/// Round-number ticks covering `[lo, hi]`: (ticks, step).
fn nice_ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64) {
    let span = if hi > lo { hi - lo } else { lo.abs().max(1.0) };
    let raw = span / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).floor() * step;
    let mut ticks = Vec::new();
    let mut k = 0.0;
    loop {
        let t = start + k * step;
        ticks.push(t);
        if t >= hi - 1e-9 * step || ticks.len() > 50 {
            break;
        }
        k += 1.0;
    }
    (ticks, step)
}

fn tick_decimals(step: f64) -> u32 {
    let mut d = 0u32;
    let mut s = step;
    while d < 6 && (s - s.round()).abs() > 1e-9 {
        s *= 10.0;
        d += 1;
    }
    d
}

fn num(format: NumberFormat, v: f64, d: u32) -> String {
    format.format(v, d).unwrap_or_default()
}

fn f(v: f64) -> String {
    format!("{v:.1}")
}

fn svg_open(out: &mut String, w: f64, h: f64, label: &str) {
    out.push_str(&format!(
        "<svg class=\"bl-svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{}\">\n",
        escape(label)
    ));
}

fn text(out: &mut String, x: f64, y: f64, anchor: &str, class: &str, s: &str) {
    out.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" class=\"{class}\">{}</text>\n",
        f(x),
        f(y),
        escape(s)
    ));
}

#[allow(clippy::too_many_arguments)]
fn line(
    out: &mut String,
    x1: f64,
    y1: f64,
    x2: f64,
    y2: f64,
    class: &str,
    stroke: &str,
    extra: &str,
) {
    out.push_str(&format!(
        "<line class=\"{class}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\"{extra}/>\n",
        f(x1),
        f(y1),
        f(x2),
        f(y2)
    ));
}

fn polyline(
    out: &mut String,
    pts: &[(f64, f64)],
    class: &str,
    stroke: &str,
    width: f64,
    extra: &str,
) {
    if pts.len() < 2 {
        return;
    }
    let p: Vec<String> = pts
        .iter()
        .map(|(x, y)| format!("{},{}", f(*x), f(*y)))
        .collect();
    out.push_str(&format!(
        "<polyline class=\"{class}\" points=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width}\" stroke-linejoin=\"round\"{extra}/>\n",
        p.join(" ")
    ));
}

/// Axes with ticks, grid lines and labels. `xs`, `ys` are the scales; `xt`, `yt` the ticks with
/// their decimals and a label multiplier (100 for percent).
#[allow(clippy::too_many_arguments)]
fn axes(
    out: &mut String,
    xs: Scale,
    ys: Scale,
    xt: &[f64],
    yt: &[f64],
    xd: (u32, f64),
    yd: (u32, f64),
    x_label: &str,
    y_label: &str,
    format: NumberFormat,
) {
    for &t in yt {
        let y = ys.at(t);
        line(
            out,
            xs.r0,
            y,
            xs.r1,
            y,
            "bl-grid",
            "#e3e3e3",
            " stroke-width=\"1\"",
        );
        text(
            out,
            xs.r0 - 6.0,
            y + 4.0,
            "end",
            "bl-tick",
            &num(format, t * yd.1, yd.0),
        );
    }
    for &t in xt {
        let x = xs.at(t);
        line(
            out,
            x,
            ys.r0,
            x,
            ys.r0 + 5.0,
            "bl-axis",
            "#333333",
            " stroke-width=\"1\"",
        );
        text(
            out,
            x,
            ys.r0 + 18.0,
            "middle",
            "bl-tick",
            &num(format, t * xd.1, xd.0),
        );
    }
    line(
        out,
        xs.r0,
        ys.r0,
        xs.r1,
        ys.r0,
        "bl-axis",
        "#333333",
        " stroke-width=\"1\"",
    );
    line(
        out,
        xs.r0,
        ys.r0,
        xs.r0,
        ys.r1,
        "bl-axis",
        "#333333",
        " stroke-width=\"1\"",
    );
    text(
        out,
        (xs.r0 + xs.r1) / 2.0,
        ys.r0 + 38.0,
        "middle",
        "bl-axis-label",
        x_label,
    );
    let (cx, cy) = (xs.r0 - 48.0, (ys.r0 + ys.r1) / 2.0);
    out.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"bl-axis-label\" transform=\"rotate(-90 {} {})\">{}</text>\n",
        f(cx),
        f(cy),
        f(cx),
        f(cy),
        escape(y_label)
    ));
}

fn legend_line(
    out: &mut String,
    x: f64,
    y: f64,
    stroke: &str,
    class: &str,
    dash: &str,
    label: &str,
) {
    line(
        out,
        x,
        y,
        x + 28.0,
        y,
        class,
        stroke,
        &format!(" stroke-width=\"3\"{dash}"),
    );
    text(out, x + 36.0, y + 4.0, "start", "bl-legend-text", label);
}

fn legend_dot(out: &mut String, x: f64, y: f64, fill: &str, class: &str, label: &str) {
    out.push_str(&format!(
        "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{fill}\"/>\n",
        f(x + 14.0),
        f(y)
    ));
    text(out, x + 36.0, y + 4.0, "start", "bl-legend-text", label);
}

fn check_finite(what: &'static str, index: usize, v: f64) -> Result<f64> {
    if v.is_nan() {
        Err(Error::MissingValue { what, index })
    } else if v.is_infinite() {
        Err(Error::NonFinite {
            what,
            index,
            value: v,
        })
    } else {
        Ok(v)
    }
}

fn status_at(status: &[CellStatus], i: usize) -> CellStatus {
    status.get(i).copied().unwrap_or(CellStatus::Published)
}

fn lorenz(c: &LorenzChart, format: NumberFormat) -> Result<Drawn> {
    if c.series.is_empty() {
        return Err(Error::EmptyInput {
            what: "Lorenz chart without curves",
        });
    }
    let (w, h) = (680.0, 420.0);
    let xs = Scale {
        d0: 0.0,
        d1: 1.0,
        r0: 70.0,
        r1: 400.0,
    };
    let ys = Scale {
        d0: 0.0,
        d1: 1.0,
        r0: 370.0,
        r1: 40.0,
    };
    let mut out = String::new();
    svg_open(&mut out, w, h, &c.title);
    let ticks = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];
    let de = german(format);
    axes(
        &mut out,
        xs,
        ys,
        &ticks,
        &ticks,
        (0, 100.0),
        (0, 100.0),
        if de {
            "Anteil der Einheiten (kumuliert, %)"
        } else {
            "cumulative share of units (%)"
        },
        if de {
            "Anteil am Merkmal (kumuliert, %)"
        } else {
            "cumulative share of the total (%)"
        },
        format,
    );
    line(
        &mut out,
        xs.at(0.0),
        ys.at(0.0),
        xs.at(1.0),
        ys.at(1.0),
        "bl-equality",
        REFERENCE_COLOR,
        " stroke-width=\"1.5\" stroke-dasharray=\"6 4\"",
    );
    let mut skipped = 0;
    let mut legend_y = 60.0;
    for (k, s) in c.series.iter().enumerate() {
        let n = s.values.len();
        if !s.status.is_empty() && s.status.len() != n {
            return Err(Error::ShapeMismatch {
                what: "Lorenz status",
                expected: n,
                found: s.status.len(),
            });
        }
        if let Some(wts) = &s.weights
            && wts.len() != n
        {
            return Err(Error::ShapeMismatch {
                what: "Lorenz weights",
                expected: n,
                found: wts.len(),
            });
        }
        let mut xv = Vec::new();
        let mut wv = Vec::new();
        for i in 0..n {
            if status_at(&s.status, i).is_suppressed() {
                skipped += 1;
                continue;
            }
            xv.push(check_finite("Lorenz values", i, s.values[i])?);
            if let Some(wts) = &s.weights {
                wv.push(check_finite("Lorenz weights", i, wts[i])?);
            }
        }
        let weights = s.weights.as_ref().map(|_| ndarray::Array1::from(wv));
        let curve = crate::inequality::lorenz_curve(
            ndarray::Array1::from(xv).view(),
            weights.as_ref().map(|w| w.view()),
            crate::NanPolicy::Raise,
        )?;
        let p = &curve.population_share;
        let l = &curve.value_share;
        let mut area = 0.0;
        for i in 1..p.len().min(l.len()) {
            area += (p[i] - p[i - 1]) * (l[i] + l[i - 1]);
        }
        let gini = 1.0 - area;
        let color = LORENZ_COLORS[k % LORENZ_COLORS.len()];
        let pts: Vec<(f64, f64)> = p
            .iter()
            .zip(l)
            .map(|(&a, &b)| (xs.at(a), ys.at(b)))
            .collect();
        polyline(&mut out, &pts, "bl-lorenz-curve", color, 3.0, "");
        let label = format!("{} (Gini {})", s.label, num(format, gini, 3));
        legend_line(
            &mut out,
            425.0,
            legend_y,
            color,
            "bl-lorenz-curve",
            "",
            &label,
        );
        legend_y += 24.0;
    }
    legend_line(
        &mut out,
        425.0,
        legend_y,
        REFERENCE_COLOR,
        "bl-equality",
        " stroke-dasharray=\"6 4\"",
        if de {
            "Gleichverteilung"
        } else {
            "line of equality"
        },
    );
    out.push_str("</svg>");
    Ok(Drawn {
        svg: out,
        skipped,
        title: c.title.clone(),
        source: c.source.clone(),
        class: "bl-chart-lorenz",
    })
}

fn funnel(c: &FunnelChart, format: NumberFormat) -> Result<Drawn> {
    let mut pts = Vec::new();
    let mut skipped = 0;
    for (i, p) in c.points.iter().enumerate() {
        if p.status.is_suppressed() {
            skipped += 1;
            continue;
        }
        let size = check_finite("funnel size", i, p.size)?;
        let value = check_finite("funnel value", i, p.value)?;
        if size < 0.0 {
            return Err(Error::NegativeValue {
                what: "funnel size",
                index: i,
                value: size,
            });
        }
        pts.push((size, value));
    }
    if pts.is_empty() {
        return Err(Error::EmptyInput {
            what: "funnel chart without a published point",
        });
    }
    let target = check_finite("funnel target", 0, c.target)?;
    for (k, lc) in c.limits.iter().enumerate() {
        if lc.lower.len() != lc.n.len() || lc.upper.len() != lc.n.len() {
            return Err(Error::ShapeMismatch {
                what: "funnel limit curve",
                expected: lc.n.len(),
                found: lc.lower.len().min(lc.upper.len()),
            });
        }
        check_finite("funnel limit level", k, lc.level)?;
    }
    let x_max = pts.iter().map(|p| p.0).fold(0.0, f64::max) * 1.05;
    let v_max = pts.iter().map(|p| p.1).fold(target, f64::max);
    let v_min = pts.iter().map(|p| p.1).fold(target, f64::min);
    let pad = (v_max - v_min).max(v_max.abs() * 0.1).max(1e-9) * 0.25;
    let (yt, ystep) = nice_ticks(
        (v_min - pad).max(if v_min >= 0.0 { 0.0 } else { f64::MIN }),
        v_max + pad,
        5,
    );
    let (xt, xstep) = nice_ticks(0.0, x_max.max(1.0), 6);
    let (w, h) = (680.0, 420.0);
    let xs = Scale {
        d0: xt[0],
        d1: xt[xt.len() - 1],
        r0: 80.0,
        r1: 470.0,
    };
    let ys = Scale {
        d0: yt[0],
        d1: yt[yt.len() - 1],
        r0: 370.0,
        r1: 30.0,
    };
    let mult = if c.percent { 100.0 } else { 1.0 };
    let mut out = String::new();
    svg_open(&mut out, w, h, &c.title);
    axes(
        &mut out,
        xs,
        ys,
        &xt,
        &yt,
        (tick_decimals(xstep), 1.0),
        (tick_decimals(ystep * mult), mult),
        &c.x_label,
        &c.y_label,
        format,
    );
    let de = german(format);
    let mut legend_y = 50.0;
    for lc in &c.limits {
        let (class, color) = if lc.level < 0.99 {
            ("bl-limit-95", LIMIT_95_COLOR)
        } else {
            ("bl-limit-998", LIMIT_998_COLOR)
        };
        for side in [&lc.lower, &lc.upper] {
            // keep only the runs of points inside the plot (manual clipping)
            let mut run: Vec<(f64, f64)> = Vec::new();
            for (&n, &v) in lc.n.iter().zip(side.iter()) {
                let inside = n.is_finite()
                    && v.is_finite()
                    && n >= xs.d0
                    && n <= xs.d1
                    && v >= ys.d0
                    && v <= ys.d1;
                if inside {
                    run.push((xs.at(n), ys.at(v)));
                } else {
                    polyline(&mut out, &run, class, color, 2.0, "");
                    run.clear();
                }
            }
            polyline(&mut out, &run, class, color, 2.0, "");
        }
        let pct = num(
            format,
            lc.level * 100.0,
            if (lc.level * 100.0).fract().abs() < 1e-9 {
                0
            } else {
                1
            },
        );
        let label = if de {
            format!("{pct} %-Kontrollgrenzen")
        } else {
            format!("{pct} % control limits")
        };
        legend_line(&mut out, 490.0, legend_y, color, class, "", &label);
        legend_y += 24.0;
    }
    line(
        &mut out,
        xs.r0,
        ys.at(target),
        xs.r1,
        ys.at(target),
        "bl-target",
        TARGET_COLOR,
        " stroke-width=\"1.5\"",
    );
    let tlabel = format!(
        "{} {}{}",
        if de { "Zielwert" } else { "target" },
        num(format, target * mult, 1),
        if c.percent { " %" } else { "" }
    );
    legend_line(
        &mut out,
        490.0,
        legend_y,
        TARGET_COLOR,
        "bl-target",
        "",
        &tlabel,
    );
    legend_y += 24.0;
    for (i, &(n, v)) in pts.iter().enumerate() {
        out.push_str(&format!(
            "<circle class=\"bl-funnel-point\" cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{FUNNEL_POINT_COLOR}\" stroke=\"#ffffff\" stroke-width=\"1\"><title>{}</title></circle>\n",
            f(xs.at(n)),
            f(ys.at(v)),
            escape(&c.points.iter().filter(|p| !p.status.is_suppressed()).nth(i).map(|p| p.label.clone()).unwrap_or_default())
        ));
    }
    legend_dot(
        &mut out,
        490.0,
        legend_y,
        FUNNEL_POINT_COLOR,
        "bl-funnel-point",
        if de { "Gebiete" } else { "areas" },
    );
    out.push_str("</svg>");
    Ok(Drawn {
        svg: out,
        skipped,
        title: c.title.clone(),
        source: c.source.clone(),
        class: "bl-chart-funnel",
    })
}

fn ranking(c: &RankingChart, format: NumberFormat) -> Result<Drawn> {
    let mut items = Vec::new();
    let mut skipped = 0;
    for (i, it) in c.items.iter().enumerate() {
        if it.status.is_suppressed() {
            skipped += 1;
            continue;
        }
        let e = check_finite("ranking estimate", i, it.estimate)?;
        let lo = check_finite("ranking lower", i, it.lower)?;
        let hi = check_finite("ranking upper", i, it.upper)?;
        if lo > e || e > hi {
            return Err(Error::parameter(
                "ranking interval",
                format!("{} [{lo}, {hi}] around {e}", it.label),
                "the interval must contain the estimate (lower <= estimate <= upper)",
            ));
        }
        items.push((it.label.as_str(), e, lo, hi));
    }
    if items.is_empty() {
        return Err(Error::EmptyInput {
            what: "ranking chart without a published area",
        });
    }
    items.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut lo = items.iter().map(|t| t.2).fold(f64::INFINITY, f64::min);
    let mut hi = items.iter().map(|t| t.3).fold(f64::NEG_INFINITY, f64::max);
    if let Some(r) = c.reference {
        let r = check_finite("ranking reference", 0, r)?;
        lo = lo.min(r);
        hi = hi.max(r);
    }
    let (xt, xstep) = nice_ticks(lo, hi, 6);
    let row = 22.0;
    let top = 20.0;
    let plot_h = row * items.len() as f64;
    let (w, h) = (680.0, top + plot_h + 60.0);
    let xs = Scale {
        d0: xt[0],
        d1: xt[xt.len() - 1],
        r0: 200.0,
        r1: 640.0,
    };
    let mut out = String::new();
    svg_open(&mut out, w, h, &c.title);
    let d = tick_decimals(xstep);
    for &t in &xt {
        let x = xs.at(t);
        line(
            &mut out,
            x,
            top,
            x,
            top + plot_h,
            "bl-grid",
            "#e3e3e3",
            " stroke-width=\"1\"",
        );
        text(
            &mut out,
            x,
            top + plot_h + 18.0,
            "middle",
            "bl-tick",
            &num(format, t, d),
        );
    }
    line(
        &mut out,
        xs.r0,
        top + plot_h,
        xs.r1,
        top + plot_h,
        "bl-axis",
        "#333333",
        " stroke-width=\"1\"",
    );
    text(
        &mut out,
        (xs.r0 + xs.r1) / 2.0,
        top + plot_h + 40.0,
        "middle",
        "bl-axis-label",
        &c.x_label,
    );
    if let Some(r) = c.reference {
        line(
            &mut out,
            xs.at(r),
            top - 6.0,
            xs.at(r),
            top + plot_h,
            "bl-reference",
            REFERENCE_COLOR,
            " stroke-width=\"1.5\" stroke-dasharray=\"5 4\"",
        );
    }
    for (k, &(label, e, l, u)) in items.iter().enumerate() {
        let y = top + row * (k as f64 + 0.5);
        text(
            &mut out,
            xs.r0 - 10.0,
            y + 4.0,
            "end",
            "bl-rank-label",
            label,
        );
        line(
            &mut out,
            xs.at(l),
            y,
            xs.at(u),
            y,
            "bl-rank-interval",
            RANKING_COLOR,
            " stroke-width=\"2.5\"",
        );
        line(
            &mut out,
            xs.at(l),
            y - 5.0,
            xs.at(l),
            y + 5.0,
            "bl-rank-interval",
            RANKING_COLOR,
            " stroke-width=\"2\"",
        );
        line(
            &mut out,
            xs.at(u),
            y - 5.0,
            xs.at(u),
            y + 5.0,
            "bl-rank-interval",
            RANKING_COLOR,
            " stroke-width=\"2\"",
        );
        out.push_str(&format!(
            "<circle class=\"bl-rank-point\" cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{RANKING_COLOR}\"><title>{}: {} [{}; {}]</title></circle>\n",
            f(xs.at(e)),
            f(y),
            escape(label),
            num(format, e, c.decimals.min(6)),
            num(format, l, c.decimals.min(6)),
            num(format, u, c.decimals.min(6)),
        ));
    }
    out.push_str("</svg>");
    Ok(Drawn {
        svg: out,
        skipped,
        title: c.title.clone(),
        source: c.source.clone(),
        class: "bl-chart-ranking",
    })
}
