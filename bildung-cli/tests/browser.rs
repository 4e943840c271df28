//! The HTML report opened in headless Chromium: a screenshot must show every chart element in
//! its fixed colour (bildung_core::publish chart colours), in document order.
//!
//! Needs Debian's `chromium` (`.ci/run setup` installs it). Without it the test FAILS with a
//! message, unless `BILDUNG_SKIP_BROWSER=1` is set. `BILDUNG_CHROMIUM` names another binary.
//!
//! The check is reusable: [`check_report`] takes any report file (e.g. the output of
//! `bildung report`) and the chart colours expected in it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bildung_core::disclosure::CellStatus;
use bildung_core::funnel::{Adjustment, FunnelMethod, funnel_grid, funnel_limits};
use bildung_core::publish::{
    Chart, Column, FUNNEL_POINT_COLOR, FunnelChart, FunnelPoint, HtmlReport, LIMIT_95_COLOR,
    LIMIT_998_COLOR, LORENZ_COLORS, LorenzChart, LorenzSeries, PublishTable, RANKING_COLOR,
    RankItem, RankingChart, Section,
};
use ndarray::Array1;

/// A colour expected in the screenshot.
#[derive(Debug, Clone)]
pub struct Expect {
    /// What it is (for messages).
    pub name: &'static str,
    /// `#rrggbb`.
    pub color: &'static str,
    /// At least this many pixels of the colour.
    pub min_pixels: usize,
}

/// Where a colour was found.
#[derive(Debug, Clone)]
pub struct Found {
    /// What it is.
    pub name: &'static str,
    /// Pixels of the colour (within the tolerance).
    pub pixels: usize,
    /// Bounding box `(x0, y0, x1, y1)` in screenshot pixels.
    pub bbox: (u32, u32, u32, u32),
}

impl Found {
    /// Vertical centre of the bounding box.
    pub fn centre_y(&self) -> f64 {
        f64::from(self.bbox.1 + self.bbox.3) / 2.0
    }
}

/// The chart colours of a report with a Lorenz chart, a funnel plot and a ranking, in that order
/// of appearance.
pub fn chart_expectations() -> Vec<Expect> {
    vec![
        Expect {
            name: "Lorenz curve",
            color: LORENZ_COLORS[0],
            min_pixels: 150,
        },
        Expect {
            name: "funnel point",
            color: FUNNEL_POINT_COLOR,
            min_pixels: 100,
        },
        Expect {
            name: "funnel 95 % limit",
            color: LIMIT_95_COLOR,
            min_pixels: 150,
        },
        Expect {
            name: "funnel 99.8 % limit",
            color: LIMIT_998_COLOR,
            min_pixels: 150,
        },
        Expect {
            name: "ranking point / interval",
            color: RANKING_COLOR,
            min_pixels: 150,
        },
    ]
}

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("BILDUNG_CHROMIUM") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let fixed = PathBuf::from("/usr/bin/chromium");
    if fixed.is_file() {
        return Some(fixed);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| [d.join("chromium"), d.join("chromium-browser")])
        .find(|p| p.is_file())
}

/// Whether the browser test is skipped on purpose (`BILDUNG_SKIP_BROWSER=1`).
fn skipped() -> bool {
    std::env::var("BILDUNG_SKIP_BROWSER").is_ok_and(|v| v == "1")
}

/// Screenshot `html` with headless Chromium into `png` (window `width` x `height`).
pub fn screenshot(html: &Path, png: &Path, width: u32, height: u32) -> Result<(), String> {
    let bin = chromium().ok_or_else(|| {
        "chromium not found (looked for $BILDUNG_CHROMIUM, /usr/bin/chromium, chromium on PATH): \
         install Debian's `chromium` (bash .ci/run setup does) or set BILDUNG_SKIP_BROWSER=1"
            .to_string()
    })?;
    let html = html
        .canonicalize()
        .map_err(|e| format!("{}: {e}", html.display()))?;
    let dir = png.parent().ok_or("screenshot path without a directory")?;
    let profile = dir.join("chromium-profile");
    let mut child = Command::new(&bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{} did not finish within 120 s", bin.display()));
            }
            Err(e) => return Err(format!("waiting for chromium: {e}")),
        }
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("chromium output: {e}"))?;
    if !png.is_file() {
        return Err(format!(
            "chromium wrote no screenshot (status {}); stderr:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(())
}

fn parse_hex(color: &str) -> Result<[u8; 3], String> {
    let h = color
        .strip_prefix('#')
        .filter(|h| h.len() == 6)
        .ok_or(format!("bad colour {color}"))?;
    let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).map_err(|e| format!("{color}: {e}"));
    Ok([c(0)?, c(2)?, c(4)?])
}

/// Decode an RGB(A) PNG: (width, height, RGB bytes).
pub fn decode_png(path: &Path) -> Result<(u32, u32, Vec<u8>), String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder
        .read_info()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let size = reader.output_buffer_size().ok_or("PNG too large")?;
    let mut buf = vec![0; size];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Indexed => return Err("indexed PNG after normalisation".into()),
    };
    let mut rgb = Vec::with_capacity(info.width as usize * info.height as usize * 3);
    for y in 0..info.height as usize {
        let row = &buf[y * info.line_size..(y + 1) * info.line_size];
        for x in 0..info.width as usize {
            let p = &row[x * channels..(x + 1) * channels];
            if channels >= 3 {
                rgb.extend_from_slice(&p[..3]);
            } else {
                rgb.extend_from_slice(&[p[0], p[0], p[0]]);
            }
        }
    }
    Ok((info.width, info.height, rgb))
}

/// Count the pixels of each expected colour (each channel within `tolerance`) and their
/// bounding boxes; an error lists every colour with too few pixels.
pub fn find_colors(png: &Path, expect: &[Expect], tolerance: u8) -> Result<Vec<Found>, String> {
    let (w, h, rgb) = decode_png(png)?;
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for e in expect {
        let c = parse_hex(e.color)?;
        let mut n = 0usize;
        let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
        for y in 0..h {
            for x in 0..w {
                let i = (y as usize * w as usize + x as usize) * 3;
                if (0..3).all(|k| rgb[i + k].abs_diff(c[k]) <= tolerance) {
                    n += 1;
                    x0 = x0.min(x);
                    y0 = y0.min(y);
                    x1 = x1.max(x);
                    y1 = y1.max(y);
                }
            }
        }
        if n < e.min_pixels {
            missing.push(format!(
                "{} ({}): {n} pixels, at least {} expected",
                e.name, e.color, e.min_pixels
            ));
        }
        found.push(Found {
            name: e.name,
            pixels: n,
            bbox: (x0, y0, x1, y1),
        });
    }
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(format!(
            "{} ({w}x{h}): {}",
            png.display(),
            missing.join("; ")
        ))
    }
}

/// Screenshot a report and check that every expected colour is there and that the colours
/// appear in the given vertical order (`order`: indices into `expect`, top to bottom, compared
/// by the centres of their bounding boxes). Returns what was found.
pub fn check_report(
    html: &Path,
    expect: &[Expect],
    order: &[usize],
    window: (u32, u32),
) -> Result<Vec<Found>, String> {
    let png = html.with_extension("png");
    let _ = std::fs::remove_file(&png);
    screenshot(html, &png, window.0, window.1)?;
    let found = find_colors(&png, expect, 10)?;
    for pair in order.windows(2) {
        let (a, b) = (&found[pair[0]], &found[pair[1]]);
        if a.centre_y() >= b.centre_y() {
            return Err(format!(
                "{} (centre y {}) should be above {} (centre y {}) in {}",
                a.name,
                a.centre_y(),
                b.name,
                b.centre_y(),
                png.display()
            ));
        }
    }
    Ok(found)
}

fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let d = std::env::temp_dir().join(format!("bildung-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
    d
}

/// A report with a table, a Lorenz chart, a funnel plot and a ranking (fixed data; one
/// suppressed area in each chart).
fn sample_report() -> HtmlReport {
    let labels: Vec<String> = [
        "Altstadt",
        "Nordviertel",
        "Südstadt",
        "Westend",
        "Ostpark",
        "Hafen",
        "Bahnhof",
        "Lindenhof",
        "Am Berg",
        "Gartenstadt",
        "Neustadt",
        "Auenwald",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let leavers = [
        40., 55., 80., 120., 150., 60., 35., 200., 90., 70., 110., 45.,
    ];
    let without = [2., 9., 4., 14., 9., 3., 6., 12., 12., 3., 8., 7.];
    let mut status = vec![CellStatus::Published; 12];
    status[6] = CellStatus::Primary; // Bahnhof: suppressed everywhere
    let table = PublishTable::new(
        "Schulabgänger ohne Abschluss nach Stadtteil",
        "Stadtteil",
        std::iter::once("Stadt".to_string())
            .chain(labels.iter().cloned())
            .collect(),
        vec![
            Column::new("Abgänger", 0).with_unit("Anzahl"),
            Column::new("ohne Abschluss", 0).with_unit("Anzahl"),
        ],
        {
            let mut v = ndarray::Array2::zeros((13, 2));
            v[(0, 0)] = leavers.iter().sum();
            v[(0, 1)] = without.iter().sum();
            for i in 0..12 {
                v[(i + 1, 0)] = leavers[i];
                v[(i + 1, 1)] = without[i];
            }
            v
        },
    )
    .and_then(|t| {
        let mut levels = vec![1; 13];
        levels[0] = 0;
        t.with_row_levels(levels)
    })
    .and_then(|t| {
        let mut s = ndarray::Array2::from_elem((13, 2), CellStatus::Published);
        s[(7, 1)] = CellStatus::Primary;
        s[(11, 1)] = CellStatus::Secondary;
        t.with_status(s)
    })
    .unwrap_or_else(|e| panic!("table: {e}"))
    .with_source("Schulstatistik, eigene Berechnung")
    .with_note("Abgänger allgemeinbildender Schulen im Schuljahr 2022/23.");

    let shares: Vec<f64> = without.iter().zip(&leavers).map(|(x, n)| x / n).collect();
    let lorenz = Chart::Lorenz(LorenzChart {
        title: "Lorenzkurve der Abgänger ohne Abschluss".into(),
        series: vec![LorenzSeries {
            label: "Stadtteile".into(),
            values: shares.clone(),
            weights: Some(leavers.to_vec()),
            status: status.clone(),
        }],
        source: None,
    });
    let target = without.iter().sum::<f64>() / leavers.iter().sum::<f64>();
    let grid = Array1::from(funnel_grid(10.0, 220.0, 60).unwrap_or_else(|e| panic!("{e}")));
    let limits = funnel_limits(
        target,
        grid.view(),
        &[0.95, 0.998],
        FunnelMethod::Exact,
        Adjustment::None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let funnel = Chart::Funnel(FunnelChart {
        title: "Trichterdiagramm".into(),
        x_label: "Abgänger".into(),
        y_label: "ohne Abschluss (%)".into(),
        points: (0..12)
            .map(|i| FunnelPoint {
                label: labels[i].clone(),
                size: leavers[i],
                value: shares[i],
                status: status[i],
            })
            .collect(),
        target,
        limits: FunnelChart::limit_curves(&limits),
        percent: true,
        source: None,
    });
    let ranking = Chart::Ranking(RankingChart {
        title: "Rangfolge mit 95-%-Intervallen".into(),
        x_label: "ohne Abschluss (%)".into(),
        items: (0..12)
            .map(|i| {
                let p = shares[i] * 100.0;
                let se = (shares[i] * (1.0 - shares[i]) / leavers[i]).sqrt() * 100.0;
                RankItem {
                    label: labels[i].clone(),
                    estimate: p,
                    lower: (p - 1.96 * se).max(0.0),
                    upper: p + 1.96 * se,
                    status: status[i],
                }
            })
            .collect(),
        reference: Some(target * 100.0),
        decimals: 1,
        source: Some("Schulstatistik".into()),
    });
    HtmlReport::new("Bildungsbericht Musterstadt 2024")
        .with_subtitle("Schulabschlüsse nach Stadtteilen")
        .with_section(
            Section::new("Abschlüsse")
                .paragraph("Übersicht.")
                .table(table),
        )
        .with_section(
            Section::new("Ungleichheit")
                .chart(lorenz)
                .chart(funnel)
                .chart(ranking),
        )
        .with_source("Amt für Statistik Musterstadt")
}

#[test]
fn report_screenshot_shows_every_chart() {
    if skipped() {
        eprintln!("BILDUNG_SKIP_BROWSER=1: browser test skipped");
        return;
    }
    let dir = temp_dir("browser");
    let html = dir.join("report.html");
    let text = sample_report()
        .to_html()
        .unwrap_or_else(|e| panic!("report: {e}"));
    let charts = &text[text.find("<figure").expect("no figure")..];
    assert!(
        !charts.contains("Bahnhof"),
        "a suppressed area reached a chart"
    );
    assert_eq!(
        charts.matches("<p class=\"bl-chart-note\">1 Wert").count(),
        3
    );
    std::fs::write(&html, text).unwrap_or_else(|e| panic!("{}: {e}", html.display()));
    // top to bottom: Lorenz, funnel points, ranking
    let found = check_report(&html, &chart_expectations(), &[0, 1, 4], (1200, 2400))
        .unwrap_or_else(|e| panic!("screenshot check failed: {e}"));
    for f in &found {
        eprintln!(
            "{:<26} {:>6} px  bbox x {}..{} y {}..{}",
            f.name, f.pixels, f.bbox.0, f.bbox.2, f.bbox.1, f.bbox.3
        );
    }
    // the limits belong to the funnel plot: their boxes overlap the points' rows
    let (points, l95, l998) = (&found[1], &found[2], &found[3]);
    for l in [l95, l998] {
        assert!(
            l.bbox.1 < points.bbox.3 && l.bbox.3 > points.bbox.1,
            "{} ({:?}) is not beside the funnel points ({:?})",
            l.name,
            l.bbox,
            points.bbox
        );
    }
    if std::env::var_os("BILDUNG_KEEP_SCREENSHOT").is_some() {
        eprintln!("kept {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The check is not vacuous: a report without the funnel plot fails it, naming the funnel
/// colours.
#[test]
fn screenshot_check_notices_a_missing_chart() {
    if skipped() {
        eprintln!("BILDUNG_SKIP_BROWSER=1: browser test skipped");
        return;
    }
    let mut report = sample_report();
    for s in &mut report.sections {
        s.blocks
            .retain(|b| !matches!(b, bildung_core::publish::Block::Chart(Chart::Funnel(_))));
    }
    let dir = temp_dir("browser-missing");
    let html = dir.join("report.html");
    std::fs::write(&html, report.to_html().unwrap()).unwrap();
    let err = check_report(&html, &chart_expectations(), &[0, 1, 4], (1200, 2400))
        .expect_err("a report without a funnel plot passed the screenshot check");
    assert!(
        err.contains("funnel point") && err.contains("funnel 95 % limit"),
        "{err}"
    );
    assert!(
        !err.contains("Lorenz curve") && !err.contains("ranking"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The report that `bildung report` writes from the bundled real data: every chart is drawn, in
/// the order Lorenz curve, funnel plot, ranking, and no suppressed value reaches a chart.
#[test]
fn bildung_report_html_shows_every_chart() {
    if skipped() {
        eprintln!("BILDUNG_SKIP_BROWSER=1: browser test skipped");
        return;
    }
    let dir = temp_dir("report");
    let out = dir.join("out");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_bildung"))
        .args(["report", "-q", "--out"])
        .arg(&out)
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| panic!("run bildung: {e}"));
    assert!(
        o.status.success(),
        "bildung report: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let html = out.join("report.html");
    let text = std::fs::read_to_string(&html).unwrap_or_else(|e| panic!("{e}"));
    for needle in [
        "<svg",
        "bl-lorenz-curve",
        "bl-funnel-point",
        "bl-rank-point",
    ] {
        assert!(text.contains(needle), "{needle} missing from report.html");
    }
    let found = check_report(&html, &chart_expectations(), &[0, 1, 4], (1200, 2400))
        .unwrap_or_else(|e| panic!("screenshot check of the real report failed: {e}"));
    for f in &found {
        eprintln!(
            "real report: {:<26} {:>6} px  bbox x {}..{} y {}..{}",
            f.name, f.pixels, f.bbox.0, f.bbox.2, f.bbox.1, f.bbox.3
        );
    }
    if std::env::var_os("BILDUNG_KEEP_SCREENSHOT").is_some() {
        eprintln!("kept {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
