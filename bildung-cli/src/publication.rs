//! The publication of `bildung report`: protected tables (CSV, JSON) and the HTML report with
//! charts, written to the output directory only when every table is protected.
//!
//! Steps: the count tables ([`crate::areas`]) are protected by the configured method (cell
//! suppression audited by linear programming, rounding, or the cell-key method); rates are
//! computed from the *protected* counts and inherit their suppression (a rate whose numerator or
//! denominator is suppressed is suppressed too), a rate with a denominator below
//! `min_denominator` or a numerator of 1 to `min_count - 1` is primary suppressed; the charts
//! show published cells only.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use bildung_core::NanPolicy;
use bildung_core::disclosure::{CellFlags, CellStatus, SymbolSet};
use bildung_core::funnel::{self, FunnelOptions};
use bildung_core::publish::{
    Chart, Column, CsvOptions, FunnelChart, FunnelPoint, HtmlReport, LorenzChart, LorenzSeries,
    NumberFormat, PublishTable, RankItem, RankingChart, Section, to_csv, to_json,
};
use bildung_core::rates::{self, ProportionMethod};
use ndarray::{Array1, Array2};

use crate::Error;
use crate::areas::AreaTable;
use crate::config::{Config, Method, NumberStyle, OutputFormat};
use crate::protection::{self, Protected};

/// One protected table with its file stem.
#[derive(Debug, Clone)]
pub struct Named {
    /// File stem (`leavers_by_qualification`).
    pub name: String,
    /// The table.
    pub table: PublishTable,
}

/// Everything to be written.
#[derive(Debug, Clone)]
pub struct Publication {
    /// Tables in output order.
    pub tables: Vec<Named>,
    /// The HTML report.
    pub html: String,
    /// The JSON document.
    pub json: String,
    /// One line per protected table: what disclosure control did and what the audit found.
    pub summary: Vec<String>,
    /// Number format of the CSV files.
    pub format: NumberFormat,
    /// Symbol set.
    pub symbols: SymbolSet,
}

fn core_err(what: &'static str) -> impl Fn(bildung_core::Error) -> Error {
    move |source| Error::Core { what, source }
}

/// A count table after protection, ready to be published.
fn count_table(t: &AreaTable, p: &Protected) -> Result<PublishTable, Error> {
    let (r, c) = (t.n_rows(), t.n_cols());
    let values = Array2::from_shape_vec((r, c), p.values.clone())
        .map_err(|e| Error::Data(format!("{}: {e}", t.name)))?;
    let status = Array2::from_shape_vec((r, c), p.status.clone())
        .map_err(|e| Error::Data(format!("{}: {e}", t.name)))?;
    let flags = Array2::from_shape_vec((r, c), p.flags.clone())
        .map_err(|e| Error::Data(format!("{}: {e}", t.name)))?;
    let columns = t
        .columns
        .iter()
        .map(|l| Column::new(l.clone(), 0))
        .collect();
    let mut table = PublishTable::new(t.title.clone(), t.row_header, labels(t), columns, values)
        .and_then(|x| x.with_status(status))
        .and_then(|x| x.with_flags(flags))
        .and_then(|x| x.with_row_levels(t.level.iter().map(|&l| usize::from(l)).collect()))
        .map_err(core_err("the count table"))?
        .with_source(t.source.clone());
    for n in &t.notes {
        table = table.with_note(n.clone());
    }
    table = table.with_note(p.note.clone());
    Ok(table)
}

fn labels(t: &AreaTable) -> Vec<String> {
    t.codes
        .iter()
        .zip(&t.names)
        .map(|(c, n)| {
            if c.starts_with('S') || c.starts_with('B') || c == "HH" || c == "DG" {
                n.clone()
            } else {
                format!("{c} {n}")
            }
        })
        .collect()
}

/// Status of a rate computed from count cells `num` and `den`, under the rate rules.
fn rate_status(
    p: &Protected,
    num: usize,
    den: usize,
    min_count: f64,
    min_denominator: f64,
) -> CellStatus {
    let (sn, sd) = (p.status[num], p.status[den]);
    if sn == CellStatus::Primary {
        return CellStatus::Primary;
    }
    if sn.is_suppressed() || sd.is_suppressed() {
        return CellStatus::Secondary;
    }
    let (x, n) = (p.values[num], p.values[den]);
    if n == 0.0 {
        return CellStatus::NotMeaningful;
    }
    if n < min_denominator || (x > 0.0 && x < min_count) {
        return CellStatus::Primary;
    }
    CellStatus::Published
}

/// Rates of category `k` of a protected count table: share (%) with its 95 % Wilson interval.
struct Rates {
    share: Vec<f64>,
    lower: Vec<f64>,
    upper: Vec<f64>,
    status: Vec<CellStatus>,
}

fn rates_of(t: &AreaTable, p: &Protected, k: usize, config: &Config) -> Result<Rates, Error> {
    let c = t.n_cols();
    let total = c - 1;
    let d = &config.disclosure;
    let status: Vec<CellStatus> = (0..t.n_rows())
        .map(|r| rate_status(p, r * c + k, r * c + total, d.min_count, d.min_denominator))
        .collect();
    // Wilson intervals of the published rates from the protected counts; rows that are not
    // published get the placeholder 0 / 1 (never shown).
    let column = |col: usize, placeholder: f64| -> Array1<f64> {
        (0..t.n_rows())
            .map(|r| {
                if status[r] == CellStatus::Published {
                    p.values[r * c + col]
                } else {
                    placeholder
                }
            })
            .collect()
    };
    let (x, n) = (column(k, 0.0), column(total, 1.0));
    // Perturbed counts may exceed their total by the ptable's deviation: clamp to the total.
    let x = Array1::from_iter(x.iter().zip(n.iter()).map(|(&a, &b)| a.min(b)));
    let ci = rates::proportion_ci(
        x.view(),
        n.view(),
        ProportionMethod::Wilson,
        0.95,
        NanPolicy::Raise,
    )
    .map_err(core_err("Wilson intervals of the published rates"))?;
    let pct = |v: &[f64]| -> Vec<f64> {
        v.iter()
            .zip(&status)
            .map(|(&v, s)| {
                if *s == CellStatus::Published {
                    v * 100.0
                } else {
                    0.0
                }
            })
            .collect()
    };
    Ok(Rates {
        share: pct(&ci.estimate),
        lower: pct(&ci.lower),
        upper: pct(&ci.upper),
        status,
    })
}

/// The rate table of a count table: for each category its share (%) with the Wilson interval.
fn rate_table(
    t: &AreaTable,
    p: &Protected,
    categories: &[usize],
    title: &str,
    config: &Config,
) -> Result<(PublishTable, Vec<Rates>), Error> {
    let mut cols = Vec::new();
    let mut all = Vec::new();
    for &k in categories {
        let r = rates_of(t, p, k, config)?;
        let name = &t.columns[k];
        cols.push(Column::new(format!("{name}: Anteil"), 1).with_unit("%"));
        cols.push(Column::new(format!("{name}: 95-%-Intervall, unten"), 1).with_unit("%"));
        cols.push(Column::new(format!("{name}: 95-%-Intervall, oben"), 1).with_unit("%"));
        all.push(r);
    }
    let rows = t.n_rows();
    let ncols = cols.len();
    let mut values = Array2::zeros((rows, ncols));
    let mut status = Array2::from_elem((rows, ncols), CellStatus::Published);
    for (j, r) in all.iter().enumerate() {
        for i in 0..rows {
            for (m, v) in [&r.share, &r.lower, &r.upper].iter().enumerate() {
                values[(i, 3 * j + m)] = v[i];
                status[(i, 3 * j + m)] = r.status[i];
            }
        }
    }
    let d = &config.disclosure;
    let table = PublishTable::new(
        title,
        t.row_header,
        labels(t),
        cols,
        values,
    )
    .and_then(|x| x.with_status(status))
    .and_then(|x| x.with_row_levels(t.level.iter().map(|&l| usize::from(l)).collect()))
    .map_err(core_err("the rate table"))?
    .with_source(t.source.clone())
    .with_note(format!(
        "Anteile aus den geschützten Zählwerten der Tabelle „{}“; 95-%-Intervalle nach Wilson.",
        t.title
    ))
    .with_note(format!(
        "Ein Anteil wird gesperrt, wenn sein Zähler oder Nenner gesperrt ist, der Nenner kleiner als {} oder der Zähler 1 bis {} ist.",
        d.min_denominator,
        d.min_count - 1.0
    ));
    Ok((table, all))
}

/// Inputs of the publication besides the configuration.
pub struct Inputs<'a> {
    /// Leavers by qualification per Kreis.
    pub leavers: &'a AreaTable,
    /// Hamburg pupils by school form per Stadtteil.
    pub hamburg: &'a AreaTable,
    /// Indicator table: (column label, decimals, per Kreis row of `leavers`: value, numerator,
    /// denominator, status, index of the leavers column whose count is the numerator).
    pub indicators: Vec<IndicatorColumn>,
    /// Whether the scope is one Land.
    pub one_land: bool,
}

/// One indicator column of the indicator table.
#[derive(Debug, Clone)]
pub struct IndicatorColumn {
    /// Column label.
    pub label: String,
    /// Per row of the leavers table: value, numerator, denominator, status; `None` where the
    /// engine has no record for the row (a Land row).
    pub cells: Vec<Option<(f64, f64, f64, CellStatus)>>,
    /// Column of the leavers table whose count is this indicator's numerator, if any.
    pub numerator_column: Option<usize>,
    /// Whether the value is proportional to the numerator (share, quota).
    pub proportional: bool,
}

/// Build the whole publication; fails (and nothing is written) when a table cannot be protected.
pub fn build(
    config: &Config,
    inputs: &Inputs<'_>,
    progress: &mut dyn FnMut(&str),
) -> Result<Publication, Error> {
    let format = match config.output.number_format {
        NumberStyle::De => NumberFormat::German,
        NumberStyle::En => NumberFormat::English,
    };
    let symbols =
        SymbolSet::from_name(&config.disclosure.symbols).map_err(core_err("the symbol set"))?;
    let mut summary = Vec::new();

    progress(&format!(
        "disclosure control ({}): {} ({} cells)",
        method_name(config.disclosure.method),
        inputs.leavers.title,
        inputs.leavers.values.len()
    ));
    let lp = protection::protect(inputs.leavers, config)?;
    summary.push(format!("{}: {}", inputs.leavers.name, lp.summary));
    progress(&format!("  {}", lp.summary));
    progress(&format!(
        "disclosure control ({}): {} ({} cells)",
        method_name(config.disclosure.method),
        inputs.hamburg.title,
        inputs.hamburg.values.len()
    ));
    let hp = protection::protect(inputs.hamburg, config)?;
    summary.push(format!("{}: {}", inputs.hamburg.name, hp.summary));
    progress(&format!("  {}", hp.summary));

    let leavers_table = count_table(inputs.leavers, &lp)?;
    let hamburg_table = count_table(inputs.hamburg, &hp)?;
    let (share_table, shares) = rate_table(
        inputs.leavers,
        &lp,
        &[0],
        "Anteil der Abgängerinnen und Abgänger ohne Hauptschulabschluss an allen Absolventen und Abgängern",
        config,
    )?;
    let (gym_table, _) = rate_table(
        inputs.hamburg,
        &hp,
        &[1],
        "Anteil der Schülerinnen und Schüler der Sekundarstufe I an Gymnasien, Hamburg 2013/14",
        config,
    )?;
    let indicator_table = indicator_table(config, inputs, &lp)?;

    progress("rendering tables and charts");
    let charts = charts(inputs, &lp, &shares[0])?;
    let tables = vec![
        Named {
            name: inputs.leavers.name.to_owned(),
            table: leavers_table,
        },
        Named {
            name: "share_without_hsa".to_owned(),
            table: share_table,
        },
        Named {
            name: "indicators".to_owned(),
            table: indicator_table,
        },
        Named {
            name: inputs.hamburg.name.to_owned(),
            table: hamburg_table,
        },
        Named {
            name: "hamburg_gymnasium_share".to_owned(),
            table: gym_table,
        },
    ];
    let html = html(config, &tables, charts, &summary, format, &symbols)?;
    let json = json(config, &tables, &summary, format, &symbols)?;
    Ok(Publication {
        tables,
        html,
        json,
        summary,
        format,
        symbols,
    })
}

fn method_name(m: Method) -> &'static str {
    match m {
        Method::Suppression => "cell suppression",
        Method::Rounding => "rounding",
        Method::CellKey => "cell-key method",
    }
}

/// The indicator table: one column per configured indicator, the rows of the leavers table that
/// have indicator records (Germany or the Land, and the Kreise).
fn indicator_table(
    config: &Config,
    inputs: &Inputs<'_>,
    lp: &Protected,
) -> Result<PublishTable, Error> {
    let t = inputs.leavers;
    let c = t.n_cols();
    let total = c - 1;
    let d = &config.disclosure;
    let rows: Vec<usize> = (0..t.n_rows())
        .filter(|&r| inputs.indicators.iter().any(|ind| ind.cells[r].is_some()))
        .collect();
    let k = inputs.indicators.len();
    let mut values = Array2::zeros((rows.len(), k));
    let mut status = Array2::from_elem((rows.len(), k), CellStatus::Published);
    let mut cols = Vec::new();
    for (j, ind) in inputs.indicators.iter().enumerate() {
        cols.push(Column::new(ind.label.clone(), 1));
        for (out, &i) in rows.iter().enumerate() {
            let Some((value, num, den, st)) = ind.cells[i] else {
                status[(out, j)] = CellStatus::Unknown;
                continue;
            };
            let mut s = st;
            let mut v = value;
            if s == CellStatus::Published {
                if let Some(k) = ind.numerator_column {
                    // The numerator is a cell of the leavers table: inherit its protection, and
                    // under rounding / cell key compute from the protected count.
                    let cell = i * c + k;
                    let den_cell = i * c + total;
                    if lp.status[cell] == CellStatus::Primary {
                        s = CellStatus::Primary;
                    } else if lp.status[cell].is_suppressed() || lp.status[den_cell].is_suppressed()
                    {
                        s = CellStatus::Secondary;
                    } else if ind.proportional && num > 0.0 {
                        v = value * lp.values[cell] / num;
                    }
                }
                if s == CellStatus::Published
                    && (den < d.min_denominator || (num > 0.0 && num < d.min_count))
                {
                    s = CellStatus::Primary;
                }
            }
            values[(out, j)] = if s == CellStatus::Published { v } else { 0.0 };
            status[(out, j)] = s;
        }
    }
    let all = labels(t);
    let table = PublishTable::new(
        "Bildungsindikatoren nach Kreisen",
        t.row_header,
        rows.iter().map(|&r| all[r].clone()).collect(),
        cols,
        values,
    )
    .and_then(|x| x.with_status(status))
    .and_then(|x| {
        x.with_row_levels(
            rows.iter()
                .map(|&r| usize::from(t.level[r].min(1)))
                .collect(),
        )
    })
    .map_err(core_err("the indicator table"))?
    .with_source("bildung indicator engine: GENESIS 21111-02-06-4, 21111-01-03-4, population 31.12.2023 (Regionaldatenbank Deutschland)")
    .with_note(format!(
        "Ein Indikator wird gesperrt, wenn sein Zähler 1 bis {} ist oder sein Nenner unter {} liegt; \
         Indikatoren, deren Zähler eine gesperrte Zelle der Abschlusstabelle ist, werden mitgesperrt.",
        d.min_count - 1.0,
        d.min_denominator
    ));
    Ok(table)
}

/// Lorenz curve, funnel plot and ranking from the published rates.
fn charts(inputs: &Inputs<'_>, lp: &Protected, share: &Rates) -> Result<Vec<Chart>, Error> {
    let t = inputs.leavers;
    let c = t.n_cols();
    let leaves: Vec<usize> = (0..t.n_rows())
        .filter(|&r| !t.parent.contains(&Some(r)))
        .collect();
    let values: Vec<f64> = leaves.iter().map(|&r| share.share[r]).collect();
    let weights: Vec<f64> = leaves.iter().map(|&r| lp.values[r * c + c - 1]).collect();
    let status: Vec<CellStatus> = leaves.iter().map(|&r| share.status[r]).collect();
    let lorenz = Chart::Lorenz(LorenzChart {
        title: "Lorenzkurve: Anteil ohne Hauptschulabschluss über die Kreise (gewichtet mit den Abgängern)".into(),
        series: vec![LorenzSeries {
            label: "Kreise".into(),
            values: values.clone(),
            weights: Some(weights.clone()),
            status: status.clone(),
        }],
        source: Some(t.source.clone()),
    });
    // Funnel: published Kreise, limits around the share of the whole territory.
    let root_share = share.share[0] / 100.0;
    let points: Vec<FunnelPoint> = leaves
        .iter()
        .map(|&r| FunnelPoint {
            label: t.names[r].clone(),
            size: lp.values[r * c + c - 1],
            value: share.share[r] / 100.0,
            status: share.status[r],
        })
        .collect();
    let published: Vec<&FunnelPoint> = points
        .iter()
        .filter(|p| p.status == CellStatus::Published && p.size > 0.0)
        .collect();
    let n_max = published.iter().map(|p| p.size).fold(1.0, f64::max);
    let n_min = published
        .iter()
        .map(|p| p.size)
        .fold(n_max, f64::min)
        .max(1.0);
    let grid = funnel::funnel_grid(n_min.min(n_max), n_max.max(n_min + 1.0), 200)
        .map_err(core_err("the funnel grid"))?;
    let opts = FunnelOptions::default();
    let limits = funnel::funnel_limits(
        if root_share > 0.0 && root_share < 1.0 {
            root_share
        } else {
            0.5
        },
        Array1::from(grid).view(),
        &opts.levels,
        opts.method,
        funnel::Adjustment::None,
    )
    .map_err(core_err("the funnel limits"))?;
    let funnel = Chart::Funnel(FunnelChart {
        title: "Trichterdiagramm: Anteil ohne Hauptschulabschluss nach Zahl der Abgänger".into(),
        x_label: "Absolventen und Abgänger".into(),
        y_label: "ohne Hauptschulabschluss".into(),
        points,
        target: root_share,
        limits: FunnelChart::limit_curves(&limits),
        percent: true,
        source: Some(t.source.clone()),
    });
    // Ranking: the level below the root (Länder, or the Kreise of one Land), with intervals.
    let ranked: Vec<usize> = (0..t.n_rows())
        .filter(|&r| t.parent[r] == Some(0))
        .collect();
    let mut items: Vec<RankItem> = ranked
        .iter()
        .map(|&r| RankItem {
            label: t.names[r].clone(),
            estimate: share.share[r],
            lower: share.lower[r],
            upper: share.upper[r],
            status: share.status[r],
        })
        .collect();
    items.sort_by(|a, b| b.estimate.total_cmp(&a.estimate));
    let ranking = Chart::Ranking(RankingChart {
        title: format!(
            "Rangfolge: Anteil ohne Hauptschulabschluss nach {} mit 95-%-Intervall",
            if inputs.one_land {
                "Kreisen"
            } else {
                "Ländern"
            }
        ),
        x_label: "Anteil ohne Hauptschulabschluss in %".into(),
        items,
        reference: Some(share.share[0]),
        decimals: 1,
        source: Some(t.source.clone()),
    });
    Ok(vec![lorenz, funnel, ranking])
}

fn html(
    config: &Config,
    tables: &[Named],
    charts: Vec<Chart>,
    summary: &[String],
    format: NumberFormat,
    symbols: &SymbolSet,
) -> Result<String, Error> {
    let mut intro = Section::new("Überblick").paragraph(format!(
        "Geheimhaltung: {} (Mindestfallzahl {}, Mindestnenner für Anteile {}). \
         Gesperrte Werte erscheinen als Symbol, nie als Zahl, auch nicht in den Abbildungen.",
        method_name(config.disclosure.method),
        config.disclosure.min_count,
        config.disclosure.min_denominator
    ));
    for s in summary {
        intro = intro.paragraph(format!("Prüfung: {s}"));
    }
    let mut figures = Section::new("Abbildungen");
    for c in charts {
        figures = figures.chart(c);
    }
    let mut report = HtmlReport::new(config.title.clone())
        .with_subtitle(format!(
            "erstellt mit bildung {} (bildung report)",
            env!("CARGO_PKG_VERSION")
        ))
        .with_format(format)
        .with_symbols(symbols.clone())
        .with_source(crate::report::ATTRIBUTION)
        .with_section(intro)
        .with_section(figures);
    let mut section = Section::new("Tabellen");
    for t in tables {
        section = section.table(t.table.clone());
    }
    report = report.with_section(section);
    report.to_html().map_err(core_err("the HTML report"))
}

fn json(
    config: &Config,
    tables: &[Named],
    summary: &[String],
    format: NumberFormat,
    symbols: &SymbolSet,
) -> Result<String, Error> {
    let quote = |s: &str| {
        let mut o = String::from("\"");
        for ch in s.chars() {
            match ch {
                '"' => o.push_str("\\\""),
                '\\' => o.push_str("\\\\"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(o, "\\u{:04x}", c as u32);
                }
                c => o.push(c),
            }
        }
        o.push('"');
        o
    };
    let mut o = String::from("{\n");
    let _ = writeln!(o, "  \"title\": {},", quote(&config.title));
    let _ = writeln!(
        o,
        "  \"generator\": {},",
        quote(&format!("bildung {}", env!("CARGO_PKG_VERSION")))
    );
    let _ = writeln!(
        o,
        "  \"disclosure\": {{\"method\": {}, \"min_count\": {}, \"min_denominator\": {}, \"symbols\": {}}},",
        quote(method_name(config.disclosure.method)),
        config.disclosure.min_count,
        config.disclosure.min_denominator,
        quote(&config.disclosure.symbols)
    );
    let audit: Vec<String> = summary.iter().map(|s| quote(s)).collect();
    let _ = writeln!(o, "  \"audit\": [{}],", audit.join(", "));
    o.push_str("  \"tables\": [\n");
    for (i, t) in tables.iter().enumerate() {
        let body = to_json(&t.table, format, symbols).map_err(core_err("a JSON table"))?;
        let _ = writeln!(
            o,
            "    {{\"name\": {}, \"table\": {}}}{}",
            quote(&t.name),
            body.trim(),
            if i + 1 < tables.len() { "," } else { "" }
        );
    }
    o.push_str("  ]\n}\n");
    Ok(o)
}

/// Write the publication into `dir`: first into a temporary folder inside it, then each file
/// moved into place, so a failure leaves no partial publication. Returns the written paths.
pub fn write(p: &Publication, config: &Config, dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io {
            path: path.clone(),
            source,
        }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let tmp = dir.join(format!(".bildung-report-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
    let mut files: Vec<(String, String)> = Vec::new();
    for f in &config.output.formats {
        match f {
            OutputFormat::Csv => {
                let opts = CsvOptions {
                    format: p.format,
                    symbols: p.symbols.clone(),
                    ..CsvOptions::default()
                };
                for t in &p.tables {
                    let text = to_csv(&t.table, &opts).map_err(core_err("a CSV table"))?;
                    let text = if config.output.csv_bom {
                        format!("\u{feff}{text}")
                    } else {
                        text
                    };
                    files.push((format!("{}.csv", t.name), text));
                }
            }
            OutputFormat::Json => files.push(("report.json".into(), p.json.clone())),
            OutputFormat::Html => files.push(("report.html".into(), p.html.clone())),
        }
    }
    let result = (|| {
        for (name, text) in &files {
            let path = tmp.join(name);
            std::fs::write(&path, text).map_err(io(&path))?;
        }
        let mut written = Vec::new();
        for (name, _) in &files {
            let to = dir.join(name);
            std::fs::rename(tmp.join(name), &to).map_err(io(&to))?;
            written.push(to);
        }
        Ok(written)
    })();
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

/// Flags of a protected count table's cells (all none, or PERTURBED where a value changed).
pub fn perturbed_flags(original: &[f64], protected: &[f64]) -> Vec<CellFlags> {
    original
        .iter()
        .zip(protected)
        .map(|(a, b)| {
            if a == b {
                CellFlags::NONE
            } else {
                CellFlags::PERTURBED
            }
        })
        .collect()
}
