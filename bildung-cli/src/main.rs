//! `bildung`: the command line of the bildung library.
//!
//! `bildung report` reads the GENESIS table 21111-02-06-4 (school leavers by qualification and
//! Kreis) and reports the share of leavers without Hauptschulabschluss per Kreis, its inequality
//! across Kreise and the within/between-Land decomposition, computed with `bildung-core`; then a
//! segregation section (Hamburg Stadtteile: Gymnasium vs. Stadtteilschule; NRW: pupils by
//! Sozialindex stage across Gemeinden), computed with `bildung_core::segregation`.

mod csv;
mod genesis;
mod indicators;
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
  bildung report [--data PATH] [--format text|csv] [--land NN]
                 [--section all|inequality|indicators|segregation] [--hamburg PATH] [--nrw PATH]
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

Options:
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
            Error::Core { what, source } => write!(f, "{what}: {source}"),
        }
    }
}

impl std::error::Error for Error {}

/// Output format of `bildung report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Csv,
}

/// Which sections `bildung report` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
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
    Report {
        data: Option<PathBuf>,
        format: Format,
        land: Option<String>,
        section: Section,
        hamburg: Option<PathBuf>,
        nrw: Option<PathBuf>,
    },
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
        other => return Err(Error::Usage(format!("unknown command `{other}`"))),
    }
    let (mut data, mut format, mut land) = (None, Format::Text, None);
    let (mut section, mut hamburg, mut nrw) = (Section::All, None, None);
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
            "--data" => data = Some(PathBuf::from(value(name)?)),
            "--hamburg" => hamburg = Some(PathBuf::from(value(name)?)),
            "--nrw" => nrw = Some(PathBuf::from(value(name)?)),
            "--section" => {
                section = match value(name)?.as_str() {
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
                format = match value(name)?.as_str() {
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
                land = Some(v);
            }
            other => return Err(Error::Usage(format!("unknown option `{other}`"))),
        }
    }
    if section == Section::Segregation && format == Format::Csv {
        return Err(Error::Usage(
            "--section segregation has no csv format (use --format text)".into(),
        ));
    }
    Ok(Command::Report {
        data,
        format,
        land,
        section,
        hamburg,
        nrw,
    })
}

/// The default data file: `data/genesis/` under the current directory, then in the source tree.
fn default_data_path() -> Result<PathBuf, Error> {
    find_data(&Path::new("genesis").join(DATA_FILE))
}

/// `data/<rel>` under the current directory, else in the source tree.
fn find_data(rel: &Path) -> Result<PathBuf, Error> {
    let rel = Path::new("data").join(rel);
    let tried = vec![
        rel.clone(),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(&rel),
    ];
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

/// The segregation section from the given or the default files.
fn run_segregation(hamburg: Option<PathBuf>, nrw: Option<PathBuf>) -> Result<String, Error> {
    let hamburg = match hamburg {
        Some(p) => p,
        None => find_data(Path::new(segregation::HAMBURG_FILE))?,
    };
    let nrw = match nrw {
        Some(p) => p,
        None => find_data(Path::new(segregation::NRW_FILE))?,
    };
    segregation::section(&hamburg, &nrw)
}

/// The indicator section: leavers (`--data`), pupils and population from `data/`.
fn run_indicators(
    data: Option<PathBuf>,
    format: Format,
    land: Option<&str>,
) -> Result<String, Error> {
    let (table, _) = load_leavers(data)?;
    let read = |rel: &str| -> Result<Vec<u8>, Error> {
        let path = find_data(Path::new(rel))?;
        std::fs::read(&path).map_err(|source| Error::Io { path, source })
    };
    let pupils = read(indicators::PUPILS_FILE)?;
    let population = read(indicators::POPULATION_FILE)?;
    let population = String::from_utf8(population)
        .map_err(|_| Error::Data(format!("{}: not UTF-8 text", indicators::POPULATION_FILE)))?;
    let section = indicators::build(&table, &pupils, &population, land)?;
    Ok(match format {
        Format::Text => section.to_text(),
        Format::Csv => section.to_csv(),
    })
}

fn run_report(data: Option<PathBuf>, format: Format, land: Option<&str>) -> Result<String, Error> {
    let (table, source) = load_leavers(data)?;
    let report = report::build(&table, &source, land)?;
    Ok(match format {
        Format::Text => report.to_text(),
        Format::Csv => report.to_csv(),
    })
}

/// Read and parse the leavers table (21111-02-06-4) from `--data` or the default path.
fn load_leavers(data: Option<PathBuf>) -> Result<(genesis::Table, String), Error> {
    let path = match data {
        Some(p) => p,
        None => default_data_path()?,
    };
    let bytes = std::fs::read(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    let source = path.display().to_string();
    let table = genesis::read(&bytes).map_err(|e| match e {
        Error::Parse { line, message, .. } => Error::Parse {
            path: Some(path.clone()),
            line,
            message,
        },
        other => other,
    })?;
    Ok((table, source))
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

fn run(args: &[String]) -> Result<(), Error> {
    match parse_args(args)? {
        Command::Help => emit(USAGE),
        Command::Version => emit(&format!(
            "bildung {} (bildung-core {})\n",
            env!("CARGO_PKG_VERSION"),
            bildung_core::VERSION
        )),
        Command::Report {
            data,
            format,
            land,
            section,
            hamburg,
            nrw,
        } => {
            let text = match (section, format) {
                (Section::Segregation, _) => run_segregation(hamburg, nrw)?,
                (Section::Indicators, _) => run_indicators(data, format, land.as_deref())?,
                (Section::Inequality, _) | (Section::All, Format::Csv) => {
                    run_report(data, format, land.as_deref())?
                }
                (Section::All, Format::Text) => {
                    let mut text = run_report(data.clone(), format, land.as_deref())?;
                    text.push('\n');
                    text.push_str(&run_indicators(data, format, land.as_deref())?);
                    text.push('\n');
                    text.push_str(&run_segregation(hamburg, nrw)?);
                    text
                }
            };
            emit(&text)
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
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
            parse_args(&args("report")).unwrap(),
            Command::Report {
                data: None,
                format: Format::Text,
                land: None,
                section: Section::All,
                hamburg: None,
                nrw: None,
            }
        );
        assert_eq!(
            parse_args(&args("report --data x.csv --format=csv --land 5")).unwrap(),
            Command::Report {
                data: Some(PathBuf::from("x.csv")),
                format: Format::Csv,
                land: Some("05".into()),
                section: Section::All,
                hamburg: None,
                nrw: None,
            }
        );
        assert_eq!(
            parse_args(&args(
                "report --section segregation --hamburg h.csv --nrw=n.csv"
            ))
            .unwrap(),
            Command::Report {
                data: None,
                format: Format::Text,
                land: None,
                section: Section::Segregation,
                hamburg: Some(PathBuf::from("h.csv")),
                nrw: Some(PathBuf::from("n.csv")),
            }
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
