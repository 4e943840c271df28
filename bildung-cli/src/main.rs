//! `bildung`: the command line of the bildung library.
//!
//! `bildung report` reads the GENESIS table 21111-02-06-4 (school leavers by qualification and
//! Kreis) and reports the share of leavers without Hauptschulabschluss per Kreis, its inequality
//! across Kreise and the within/between-Land decomposition, computed with `bildung-core`; then a
//! segregation section (Hamburg Stadtteile: Gymnasium vs. Stadtteilschule; NRW: pupils by
//! Sozialindex stage across Gemeinden), computed with `bildung_core::segregation`.

mod areas;
mod config;
mod csv;
mod genesis;
mod indicators;
mod protection;
mod publication;
mod report;
mod segregation;
mod small_area;

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// File name of the default data file.
const DATA_FILE: &str = "21111-02-06-4.csv";

const USAGE: &str = "\
bildung - education-monitoring statistics (municipal / regional)

Usage:
  bildung report [--config FILE] [--input DIR] [--out DIR] [--quiet] [--progress]
                 [--data PATH] [--format text|csv] [--land NN]
                 [--section all|inequality|indicators|segregation] [--hamburg PATH] [--nrw PATH]
  bildung print-config
  bildung --help | --version

Commands:
  report    Share of school leavers without Hauptschulabschluss per Kreis (GENESIS table
            21111-02-06-4), its inequality across Kreise (Gini, Theil T, CV, P90/P10, weighted
            by leavers and unweighted) and the decomposition within/between Länder;
            per Kreis a 95 % Wilson interval, a beta-binomial empirical-Bayes estimate
            and the funnel-plot class (exact limits at 95 % / 99.8 %, plain and widened
            for overdispersion); then official indicators per Kreis from the indicator
            engine (leavers by qualification, the average-cohort quota without HSA, the
            Gymnasium share in grade 7 and the foreign-pupil share, from GENESIS
            21111-02-06-4, 21111-01-03-4 and the population 31.12.2023); then segregation: Hamburg Gymnasium vs. Stadtteilschule pupils across the
            Stadtteile (D, Gini, Theil H, isolation/exposure, eta², Hutchens, exact
            expectations under random allocation, Carrington-Troske, bias-corrected D, by
            Bezirk) and NRW pupils by Sozialindex stage across Gemeinden (M, H, D_m,
            rank-order H, decomposition by Kreis).

The full report (--section all, text) also writes the publication: the count tables
protected by disclosure control (cell suppression with an LP audit, rounding, or the cell-key
method), rates that inherit the suppression, an indicator table, as CSV (symbols in place),
report.json and a self-contained report.html with a Lorenz curve, a funnel plot and a ranking
with intervals. Nothing is written unless every table is protected (exit code 3 otherwise).

Options:
  --config FILE      Report configuration (TOML): indicators, Land, input directory,
                     disclosure rules (method, min_count, min_denominator, rounding base,
                     cell-key secret and ptable, symbols), output directory, formats and
                     number format. Keys not given keep the built-in values
                     (`bildung print-config` prints them with comments).
  --input DIR        Directory with the input tables, laid out like data/ (genesis/,
                     population/, hamburg/, nrw/) or flat. Default: the bundled data/.
  --out DIR          Output directory of the publication (default from the configuration:
                     bildung-report). Files are written to a temporary folder first and
                     moved into place only when everything is protected.
  -q, --quiet        No progress lines on stderr.
  --progress         Progress lines on stderr also when it is not a terminal (they are shown
                     by default on a terminal).
  --data PATH        GENESIS CSV export of table 21111-02-06-4 (Windows-1252, ';').
                     Default: data/genesis/21111-02-06-4.csv in the current directory,
                     else in the bildung source tree.
  --format text|csv  text: readable report (default); csv: the per-Kreis table
                     (region_code,region_name,land,leavers,without_hsa,share_pct,status,
                     wilson_lower_pct,wilson_upper_pct,eb_pct,eb_lower_pct,eb_upper_pct,
                     funnel_class,funnel_class_widened).
  --land NN          Only the Kreise of one Land (2-digit code, e.g. 05 Nordrhein-Westfalen);
                     the decomposition is then by Regierungsbezirk / statistical region.
  --section S        all (default): every section; inequality: the GENESIS report only;
                     indicators: the indicator section only (--format csv: every
                     indicator record with numerator, denominator, status, reference dates);
                     segregation: the segregation section only (text format only).
                     With --section all --format csv only the per-Kreis table is written.
  --hamburg PATH     Hamburg Stadtteil-Profile 2014, tidy CSV.
                     Default: data/hamburg/stadtteilprofile_2014_tidy.csv (as for --data).
  --nrw PATH         NRW school directory 2024/25 with Sozialindex, CSV.
                     Default: data/nrw/AS_BS_Verzeichnis_2024_25_mit_Sozialindex.csv.
  -h, --help         Show this help.

Exit codes: 0 success, 1 bad input or usage (the message names file, line and column or the
configuration key), 3 disclosure control failed (nothing was written).
  -V, --version      Show the version.

Data: Statistische Ämter des Bundes und der Länder, Regionaldatenbank Deutschland,
Datenlizenz Deutschland – Namensnennung – Version 2.0.
Quelle: Statistikamt Nord, Hamburger Stadtteil-Profile 2014.
IT.NRW, Statistisches Landesamt, Düsseldorf, 2025; Ministerium für Schule und Bildung NRW;
dl-de/by-2-0.
";

/// Everything that can go wrong; printed as `error: <message>` with exit code 1.
#[derive(Debug)]
pub enum Error {
    /// Wrong command-line arguments.
    Usage(String),
    /// No data file at any default location.
    DataNotFound {
        /// The file name.
        file: String,
        /// The paths that were tried.
        tried: Vec<PathBuf>,
    },
    /// The data file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The data file is not a valid export of table 21111-02-06-4.
    Parse {
        /// The file, once known.
        path: Option<PathBuf>,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The data hold nothing to compute on.
    Data(String),
    /// Disclosure control could not protect a table: nothing was written.
    Protection {
        /// The table.
        table: String,
        /// The core error.
        source: bildung_core::Error,
    },
    /// An invalid configuration file.
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong (names the key).
        message: String,
    },
    /// A measure of `bildung-core` failed.
    Core {
        /// The measure.
        what: &'static str,
        /// The core error.
        source: bildung_core::Error,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m) => write!(f, "{m}\n(run `bildung --help` for the usage)"),
            Error::DataNotFound { file, tried } => {
                write!(f, "data file {file} not found; tried:")?;
                for p in tried {
                    write!(f, "\n  {}", p.display())?;
                }
                write!(f, "\npass the file with --data PATH")
            }
            Error::Io { path, source } => write!(f, "cannot read {}: {source}", path.display()),
            Error::Parse {
                path: Some(path),
                line,
                message,
            } => write!(f, "{}, line {line}: {message}", path.display()),
            Error::Parse {
                path: None,
                line,
                message,
            } => write!(f, "line {line}: {message}"),
            Error::Data(m) => f.write_str(m),
            Error::Protection { table, source } => write!(
                f,
                "table \"{table}\" cannot be protected: {source}; nothing was written"
            ),
            Error::Config { path, message } => write!(f, "{}: {message}", path.display()),
            Error::Core { what, source } => write!(f, "{what}: {source}"),
        }
    }
}

impl std::error::Error for Error {}

/// Output format of `bildung report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Format {
    #[default]
    Text,
    Csv,
}

/// Which sections `bildung report` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Section {
    #[default]
    All,
    Inequality,
    Indicators,
    Segregation,
}

/// What the command line asks for.
#[derive(Debug, PartialEq)]
enum Command {
    Help,
    Version,
    PrintConfig,
    Report(ReportArgs),
}

/// Options of `bildung report`.
#[derive(Debug, Default, PartialEq)]
struct ReportArgs {
    data: Option<PathBuf>,
    format: Format,
    land: Option<String>,
    section: Section,
    hamburg: Option<PathBuf>,
    nrw: Option<PathBuf>,
    config: Option<PathBuf>,
    input: Option<PathBuf>,
    out: Option<PathBuf>,
    quiet: bool,
    progress: bool,
}

/// Parse the arguments after the program name.
fn parse_args(args: &[String]) -> Result<Command, Error> {
    let mut it = args.iter();
    let Some(first) = it.next() else {
        return Err(Error::Usage("no command given".into()));
    };
    match first.as_str() {
        "-h" | "--help" | "help" => return Ok(Command::Help),
        "-V" | "--version" => return Ok(Command::Version),
        "report" => {}
        "print-config" => return Ok(Command::PrintConfig),
        other => return Err(Error::Usage(format!("unknown command `{other}`"))),
    }
    let mut a = ReportArgs::default();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| Error::Usage(format!("{name} needs a value")))
        };
        match name {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--data" => a.data = Some(PathBuf::from(value(name)?)),
            "--hamburg" => a.hamburg = Some(PathBuf::from(value(name)?)),
            "--nrw" => a.nrw = Some(PathBuf::from(value(name)?)),
            "--config" => a.config = Some(PathBuf::from(value(name)?)),
            "--input" => a.input = Some(PathBuf::from(value(name)?)),
            "--out" => a.out = Some(PathBuf::from(value(name)?)),
            "-q" | "--quiet" => a.quiet = true,
            "--progress" => a.progress = true,
            "--section" => {
                a.section = match value(name)?.as_str() {
                    "all" => Section::All,
                    "inequality" => Section::Inequality,
                    "indicators" => Section::Indicators,
                    "segregation" => Section::Segregation,
                    other => {
                        return Err(Error::Usage(format!(
                            "--section {other}: expected `all`, `inequality`, `indicators` or `segregation`"
                        )));
                    }
                }
            }
            "--format" => {
                a.format = match value(name)?.as_str() {
                    "text" => Format::Text,
                    "csv" => Format::Csv,
                    other => {
                        return Err(Error::Usage(format!(
                            "--format {other}: expected `text` or `csv`"
                        )));
                    }
                }
            }
            "--land" => {
                let v = value(name)?;
                let v = if v.len() == 1 { format!("0{v}") } else { v };
                if v.len() != 2 || !v.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(Error::Usage(format!(
                        "--land {v}: expected a 2-digit Land code (01 Schleswig-Holstein .. 16 Thüringen)"
                    )));
                }
                a.land = Some(v);
            }
            other => return Err(Error::Usage(format!("unknown option `{other}`"))),
        }
    }
    if a.section == Section::Segregation && a.format == Format::Csv {
        return Err(Error::Usage(
            "--section segregation has no csv format (use --format text)".into(),
        ));
    }
    Ok(Command::Report(a))
}

/// Where the input tables are: an input directory (`--input` or the configuration), else the
/// bundled `data/` folder (under the current directory, then in the source tree).
#[derive(Debug, Clone, Default)]
struct Inputs {
    dir: Option<PathBuf>,
}

impl Inputs {
    /// The file `rel` (e.g. `genesis/21111-02-06-4.csv`): in the input directory as `dir/rel` or
    /// `dir/<file name>`; without one, `data/<rel>` under the current directory or the source tree.
    fn find(&self, rel: &Path) -> Result<PathBuf, Error> {
        let tried = match &self.dir {
            Some(dir) => {
                let mut t = vec![dir.join(rel)];
                if let Some(name) = rel.file_name() {
                    t.push(dir.join(name));
                }
                t
            }
            None => {
                let rel = Path::new("data").join(rel);
                vec![
                    rel.clone(),
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(&rel),
                ]
            }
        };
        match tried.iter().find(|p| p.is_file()) {
            Some(p) => Ok(p.clone()),
            None => Err(Error::DataNotFound {
                file: rel
                    .file_name()
                    .map_or_else(String::new, |f| f.to_string_lossy().into_owned()),
                tried,
            }),
        }
    }

    fn leavers_path(&self, data: Option<PathBuf>) -> Result<PathBuf, Error> {
        match data {
            Some(p) => Ok(p),
            None => self.find(&Path::new("genesis").join(DATA_FILE)),
        }
    }
}

/// The Hamburg and NRW files from the options or the inputs.
fn segregation_paths(
    inputs: &Inputs,
    hamburg: Option<PathBuf>,
    nrw: Option<PathBuf>,
) -> Result<(PathBuf, PathBuf), Error> {
    let hamburg = match hamburg {
        Some(p) => p,
        None => inputs.find(Path::new(segregation::HAMBURG_FILE))?,
    };
    let nrw = match nrw {
        Some(p) => p,
        None => inputs.find(Path::new(segregation::NRW_FILE))?,
    };
    Ok((hamburg, nrw))
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The indicator section from the leavers table and the pupils and population files.
fn indicator_section(
    inputs: &Inputs,
    table: &genesis::Table,
    land: Option<&str>,
) -> Result<indicators::Section, Error> {
    let pupils = read_bytes(&inputs.find(Path::new(indicators::PUPILS_FILE))?)?;
    let population = read_bytes(&inputs.find(Path::new(indicators::POPULATION_FILE))?)?;
    let population = String::from_utf8(population)
        .map_err(|_| Error::Data(format!("{}: not UTF-8 text", indicators::POPULATION_FILE)))?;
    indicators::build(table, &pupils, &population, land)
}

/// Read and parse the leavers table (21111-02-06-4).
fn load_leavers(path: &Path) -> Result<(genesis::Table, String), Error> {
    let bytes = read_bytes(path)?;
    let source = path.display().to_string();
    let table = genesis::read(&bytes).map_err(|e| match e {
        Error::Parse { line, message, .. } => Error::Parse {
            path: Some(path.to_path_buf()),
            line,
            message,
        },
        other => other,
    })?;
    Ok((table, source))
}

#[cfg(test)]
fn run_report(data: Option<PathBuf>, format: Format, land: Option<&str>) -> Result<String, Error> {
    let path = Inputs::default().leavers_path(data)?;
    let (table, source) = load_leavers(&path)?;
    let report = report::build(&table, &source, land)?;
    Ok(match format {
        Format::Text => report.to_text(),
        Format::Csv => report.to_csv(),
    })
}

/// Write to stdout; a closed pipe (`bildung report | head`) is not an error.
fn emit(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Io {
            path: PathBuf::from("<stdout>"),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// Progress lines on stderr (unless `--quiet`), with the elapsed time.
struct Progress {
    quiet: bool,
    start: std::time::Instant,
}

impl Progress {
    fn say(&self, line: &str) {
        if !self.quiet {
            eprintln!("[{:6.2} s] {line}", self.start.elapsed().as_secs_f64());
        }
    }
}

fn run_report_command(a: ReportArgs) -> Result<(), Error> {
    use std::io::IsTerminal;
    let progress = Progress {
        quiet: a.quiet || !(a.progress || std::io::stderr().is_terminal()),
        start: std::time::Instant::now(),
    };
    let mut cfg = match &a.config {
        Some(p) => config::Config::from_file(p)?,
        None => config::Config::builtin()?,
    };
    if let Some(l) = &a.land {
        cfg.land = Some(l.clone());
    }
    let inputs = Inputs {
        dir: a.input.clone().or_else(|| cfg.input.dir.clone()),
    };
    if let Some(dir) = &inputs.dir
        && !dir.is_dir()
    {
        return Err(Error::Usage(format!(
            "input directory {} does not exist",
            dir.display()
        )));
    }
    let land = cfg.land.clone();
    let land = land.as_deref();
    match (a.section, a.format) {
        (Section::Segregation, _) => {
            let (h, n) = segregation_paths(&inputs, a.hamburg, a.nrw)?;
            emit(&segregation::section(&h, &n)?)
        }
        (Section::Indicators, format) => {
            let (table, _) = load_leavers(&inputs.leavers_path(a.data)?)?;
            let s = indicator_section(&inputs, &table, land)?;
            emit(&match format {
                Format::Text => s.to_text(),
                Format::Csv => s.to_csv(),
            })
        }
        (Section::Inequality, format) | (Section::All, format @ Format::Csv) => {
            let (table, source) = load_leavers(&inputs.leavers_path(a.data)?)?;
            let report = report::build(&table, &source, land)?;
            emit(&match format {
                Format::Text => report.to_text(),
                Format::Csv => report.to_csv(),
            })
        }
        (Section::All, Format::Text) => {
            progress.say("reading the input tables");
            let path = inputs.leavers_path(a.data)?;
            let (table, source) = load_leavers(&path)?;
            let (h, n) = segregation_paths(&inputs, a.hamburg, a.nrw)?;
            progress.say("computing inequality, intervals and funnel classes");
            let report = report::build(&table, &source, land)?;
            progress.say("computing the indicators");
            let section = indicator_section(&inputs, &table, land)?;
            progress.say("computing segregation");
            let segregation_text = segregation::section(&h, &n)?;
            let hamburg = segregation::load_hamburg(&h)?;
            let publication = publish(&cfg, &table, &report, &section, &hamburg, &h, &progress)?;
            let dir = a.out.clone().unwrap_or_else(|| cfg.output.dir.clone());
            progress.say(&format!("writing the publication to {}", dir.display()));
            let written = publication::write(&publication, &cfg, &dir)?;
            let mut text = report.to_text();
            text.push('\n');
            text.push_str(&section.to_text());
            text.push('\n');
            text.push_str(&segregation_text);
            text.push_str(&publication_text(&publication, &written));
            emit(&text)?;
            progress.say(&format!(
                "done: {} files in {}",
                written.len(),
                dir.display()
            ));
            Ok(())
        }
    }
}

/// The protected tables, charts and audit of the report.
fn publish(
    cfg: &config::Config,
    table: &genesis::Table,
    report: &report::Report,
    section: &indicators::Section,
    hamburg: &segregation::Hamburg,
    hamburg_path: &Path,
    progress: &Progress,
) -> Result<publication::Publication, Error> {
    let land = cfg.land.as_deref();
    let rows = areas::unit_rows(table, &report.units);
    let leavers = areas::leavers(table, &rows, land)?;
    let bezirke: Vec<&str> = segregation::BEZIRKE.iter().map(|b| b.0).collect();
    let hh = areas::hamburg(hamburg, &bezirke, &hamburg_path.display().to_string())?;
    let indicators = indicator_columns(cfg, section, &leavers);
    let inputs = publication::Inputs {
        leavers: &leavers,
        hamburg: &hh,
        indicators,
        one_land: land.is_some(),
    };
    publication::build(cfg, &inputs, &mut |line| progress.say(line))
}

/// The indicator columns of the configured indicators, aligned with the rows of `leavers`.
fn indicator_columns(
    cfg: &config::Config,
    section: &indicators::Section,
    leavers: &areas::AreaTable,
) -> Vec<publication::IndicatorColumn> {
    use bildung_core::disclosure::CellStatus;
    use bildung_core::indicators::ValueStatus;
    let mut out = Vec::new();
    let mut column = |label: String, id: &str, category: &str, num_col: Option<usize>| {
        let recs = section.records(id, category);
        let cells = leavers
            .codes
            .iter()
            .map(|code| {
                recs.get(code).map(|r| {
                    let status = match r.status {
                        ValueStatus::Ok => CellStatus::Published,
                        ValueStatus::Missing => {
                            r.symbol.map_or(CellStatus::Unknown, CellStatus::from)
                        }
                        _ => CellStatus::Unknown,
                    };
                    (r.value, r.numerator, r.denominator, status)
                })
            })
            .collect();
        out.push(publication::IndicatorColumn {
            label,
            cells,
            numerator_column: num_col,
            proportional: true,
        });
    };
    for id in &cfg.indicators {
        match id.as_str() {
            "KR-ABS-ANTEIL" => {
                for (k, (cat, name)) in [
                    ("ohne_hsa", "ohne Hauptschulabschluss"),
                    ("hsa", "mit Hauptschulabschluss"),
                    ("msa", "mit Mittlerem Abschluss"),
                ]
                .iter()
                .enumerate()
                {
                    column(format!("{name}, % der Abgänger"), id, cat, Some(k));
                }
            }
            "KR-ABS-OHSA-DJ1518" => column(
                "ohne Hauptschulabschluss, % des Durchschnittsjahrgangs 15–18".into(),
                id,
                "total",
                Some(0),
            ),
            "KR-GYM7" => column(
                "Klassenstufe 7 an Gymnasien, % der Schüler".into(),
                id,
                "total",
                None,
            ),
            "KR-SCH-AUSL" => column(
                "ausländische Schüler, % der Schüler".into(),
                id,
                "total",
                None,
            ),
            _ => {}
        }
    }
    out
}

/// The closing lines of the text report: what was published where.
fn publication_text(p: &publication::Publication, written: &[PathBuf]) -> String {
    let mut o = String::from("\nPublication (disclosure control applied)\n");
    o.push_str("========================================\n");
    for s in &p.summary {
        o.push_str(&format!("  {s}\n"));
    }
    for w in written {
        o.push_str(&format!("  wrote {}\n", w.display()));
    }
    o.push_str("  The tables above are the analyst's working view of the source data (not protected);\n  publish the files.\n");
    o
}

fn run(args: &[String]) -> Result<(), Error> {
    match parse_args(args)? {
        Command::Help => emit(USAGE),
        Command::Version => emit(&format!(
            "bildung {} (bildung-core {})\n",
            env!("CARGO_PKG_VERSION"),
            bildung_core::VERSION
        )),
        Command::PrintConfig => emit(config::DEFAULT_TOML),
        Command::Report(a) => run_report_command(a),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            match e {
                Error::Protection { .. } => ExitCode::from(3),
                _ => ExitCode::FAILURE,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn arguments() {
        assert_eq!(parse_args(&args("--help")).unwrap(), Command::Help);
        assert_eq!(parse_args(&args("report -h")).unwrap(), Command::Help);
        assert_eq!(parse_args(&args("-V")).unwrap(), Command::Version);
        assert_eq!(
            parse_args(&args("print-config")).unwrap(),
            Command::PrintConfig
        );
        assert_eq!(
            parse_args(&args("report")).unwrap(),
            Command::Report(ReportArgs::default())
        );
        assert_eq!(
            parse_args(&args("report --data x.csv --format=csv --land 5")).unwrap(),
            Command::Report(ReportArgs {
                data: Some(PathBuf::from("x.csv")),
                format: Format::Csv,
                land: Some("05".into()),
                ..ReportArgs::default()
            })
        );
        assert_eq!(
            parse_args(&args(
                "report --section segregation --hamburg h.csv --nrw=n.csv"
            ))
            .unwrap(),
            Command::Report(ReportArgs {
                section: Section::Segregation,
                hamburg: Some(PathBuf::from("h.csv")),
                nrw: Some(PathBuf::from("n.csv")),
                ..ReportArgs::default()
            })
        );
        assert_eq!(
            parse_args(&args("report --config c.toml --input in --out=o -q")).unwrap(),
            Command::Report(ReportArgs {
                config: Some(PathBuf::from("c.toml")),
                input: Some(PathBuf::from("in")),
                out: Some(PathBuf::from("o")),
                quiet: true,
                ..ReportArgs::default()
            })
        );
        for bad in [
            "",
            "reprot",
            "report --format xml",
            "report --land 123",
            "report --land",
            "report --verbose",
            "report --section maps",
            "report --section segregation --format csv",
            "report --config",
            "report --out",
        ] {
            let e = parse_args(&args(bad)).unwrap_err();
            assert!(matches!(e, Error::Usage(_)), "{bad:?}: {e}");
        }
    }

    #[test]
    fn missing_file_is_a_clear_error() {
        let e = run_report(
            Some(PathBuf::from("/nonexistent/x.csv")),
            Format::Text,
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("cannot read /nonexistent/x.csv"), "{e}");
        let e = Error::DataNotFound {
            file: DATA_FILE.into(),
            tried: vec![PathBuf::from("a"), PathBuf::from("b")],
        }
        .to_string();
        assert!(e.contains("  a\n  b\npass the file with --data"), "{e}");
    }
}
