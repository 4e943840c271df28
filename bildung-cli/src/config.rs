//! The configuration of `bildung report`: which indicators and areas, the disclosure-control
//! rules and the output.
//!
//! A TOML file given with `--config FILE`; every key is optional and defaults to the built-in
//! configuration (`report.toml` in this crate, printed by `bildung report --print-config`).
//! Unknown keys, unknown indicators and impossible thresholds are errors that name the key.
//!
//! ```toml
//! title = "Schulabschlüsse nach Kreisen"
//! land = "05"                       # only the Kreise of one Land (optional)
//! indicators = ["KR-ABS-ANTEIL", "KR-ABS-OHSA-DJ1518", "KR-GYM7", "KR-SCH-AUSL"]
//!
//! [input]
//! dir = "data"                      # directory of input tables (relative to this file)
//!
//! [disclosure]
//! method = "suppression"            # suppression | rounding | cell_key
//! min_count = 3                     # Mindestfallzahl: counts 1 .. min_count-1 are suppressed
//! protect_zeros = false
//! min_denominator = 20              # rates with a smaller denominator are suppressed
//! rounding_base = 5                 # method = "rounding"
//! cell_key_secret = 20261123        # method = "cell_key": secret of the cell keys
//! max_deviation = 2                 # method = "cell_key": ptable D
//! variance = 1.0                    # method = "cell_key": ptable V
//! symbols = "classical"             # classical | letter
//!
//! [output]
//! dir = "bildung-report"
//! formats = ["csv", "json", "html"]
//! number_format = "de"              # de | en
//! csv_bom = false                   # true: UTF-8 byte-order mark for Excel
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::Error;

/// The built-in configuration (every default, with comments).
pub const DEFAULT_TOML: &str = include_str!("report.toml");

/// How counts are protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Primary (minimum count) and secondary cell suppression, audited by linear programming.
    Suppression,
    /// Every count (totals included) rounded to a multiple of `rounding_base`.
    Rounding,
    /// Cell-key method: each count perturbed by a ptable lookup with a key per cell.
    CellKey,
}

/// Number format of the CSV files and the HTML report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberStyle {
    /// `1.234,5`, CSV separator `;`.
    De,
    /// `1,234.5`, CSV separator `,`.
    En,
}

/// An output file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputFormat {
    /// One CSV file per table.
    Csv,
    /// `report.json` with every table (values and statuses).
    Json,
    /// `report.html`, self-contained, with SVG charts.
    Html,
}

/// Input section.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// Directory of input tables (relative paths are relative to the configuration file).
    pub dir: Option<PathBuf>,
}

/// Disclosure-control section.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    /// How counts are protected.
    pub method: Method,
    /// Minimum case count (Mindestfallzahl).
    pub min_count: f64,
    /// Whether a count of 0 is sensitive too.
    pub protect_zeros: bool,
    /// Minimum denominator of a published rate.
    pub min_denominator: f64,
    /// Rounding base (method `rounding`).
    pub rounding_base: u32,
    /// Secret of the cell keys (method `cell_key`).
    pub cell_key_secret: u64,
    /// Maximum deviation D of the generated ptable (method `cell_key`).
    pub max_deviation: u32,
    /// Variance V of the generated ptable (method `cell_key`).
    pub variance: f64,
    /// Symbol set: `classical` or `letter`.
    pub symbols: String,
}

/// Output section.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// Output directory (relative paths are relative to the current directory).
    pub dir: PathBuf,
    /// Formats to write.
    pub formats: Vec<OutputFormat>,
    /// Number format.
    pub number_format: NumberStyle,
    /// Start each CSV file with a UTF-8 byte-order mark (so that Excel reads the umlauts).
    pub csv_bom: bool,
}

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Report title.
    pub title: String,
    /// Only the Kreise of one Land (2-digit code).
    pub land: Option<String>,
    /// Indicator ids of the indicator table.
    pub indicators: Vec<String>,
    /// Input tables.
    #[serde(default)]
    pub input: Input,
    /// Disclosure control.
    pub disclosure: Disclosure,
    /// Output.
    pub output: Output,
}

/// Indicators the report can compute from its input tables.
pub const REPORT_INDICATORS: [&str; 4] = [
    "KR-ABS-ANTEIL",
    "KR-ABS-OHSA-DJ1518",
    "KR-GYM7",
    "KR-SCH-AUSL",
];

impl Config {
    /// The built-in configuration.
    pub fn builtin() -> Result<Config, Error> {
        Config::parse(DEFAULT_TOML, None, Path::new("<built-in report.toml>"))
    }

    /// Read a configuration file: its keys over the built-in defaults.
    pub fn from_file(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path.parent(), path)
    }

    /// Parse `text` over the built-in defaults; relative `input.dir` is taken relative to `base`.
    pub fn parse(text: &str, base: Option<&Path>, path: &Path) -> Result<Config, Error> {
        let bad = |message: String| Error::Config {
            path: path.to_path_buf(),
            message,
        };
        let mut merged: toml::Table = toml::from_str(DEFAULT_TOML)
            .map_err(|e| bad(format!("built-in configuration: {e}")))?;
        let user: toml::Table = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        merge(&mut merged, user);
        let mut config: Config = toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| bad(e.to_string()))?;
        if let (Some(dir), Some(base)) = (&config.input.dir, base)
            && dir.is_relative()
        {
            config.input.dir = Some(base.join(dir));
        }
        config.check().map_err(bad)?;
        Ok(config)
    }

    /// Reject impossible settings, naming the key.
    fn check(&mut self) -> Result<(), String> {
        let d = &self.disclosure;
        if !(d.min_count.is_finite() && d.min_count >= 1.0 && d.min_count.fract() == 0.0) {
            return Err(format!(
                "disclosure.min_count = {}: expected a whole number of at least 1 (1 switches the rule off)",
                d.min_count
            ));
        }
        if !(d.min_denominator.is_finite() && d.min_denominator >= 0.0) {
            return Err(format!(
                "disclosure.min_denominator = {}: expected a number of at least 0",
                d.min_denominator
            ));
        }
        if d.rounding_base < 2 {
            return Err(format!(
                "disclosure.rounding_base = {}: expected at least 2 (3, 5 and 10 are usual)",
                d.rounding_base
            ));
        }
        if d.max_deviation < 1 {
            return Err("disclosure.max_deviation = 0: expected at least 1".into());
        }
        if !(d.variance.is_finite() && d.variance > 0.0) {
            return Err(format!(
                "disclosure.variance = {}: expected a positive number",
                d.variance
            ));
        }
        if !matches!(d.symbols.as_str(), "classical" | "letter") {
            return Err(format!(
                "disclosure.symbols = {:?}: expected \"classical\" or \"letter\"",
                d.symbols
            ));
        }
        if let Some(land) = &self.land {
            let land = if land.len() == 1 {
                format!("0{land}")
            } else {
                land.clone()
            };
            if land.len() != 2 || !land.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "land = {land:?}: expected a 2-digit Land code (01 Schleswig-Holstein .. 16 Thüringen)"
                ));
            }
            self.land = Some(land);
        }
        if self.indicators.is_empty() {
            return Err("indicators = []: name at least one indicator".into());
        }
        for id in &self.indicators {
            if !REPORT_INDICATORS.contains(&id.as_str()) {
                return Err(indicator_problem(id));
            }
        }
        if self.output.formats.is_empty() {
            return Err(
                "output.formats = []: name at least one of \"csv\", \"json\", \"html\"".into(),
            );
        }
        Ok(())
    }
}

/// Why an indicator id cannot be used: unknown, or known but not computable from the inputs.
fn indicator_problem(id: &str) -> String {
    let known = bildung_core::indicators::Catalogue::builtin()
        .ok()
        .is_some_and(|c| c.get(id).is_ok());
    if known {
        format!(
            "indicators: `{id}` is in the built-in catalogue but needs tables the report does not read; the report computes {}",
            REPORT_INDICATORS.join(", ")
        )
    } else {
        format!(
            "indicators: unknown indicator `{id}`; the report computes {}",
            REPORT_INDICATORS.join(", ")
        )
    }
}

/// Overlay `user` on `base`, table by table.
fn merge(base: &mut toml::Table, user: toml::Table) {
    for (key, value) in user {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(u)) => merge(b, u),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, None, Path::new("test.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn builtin_defaults() {
        let c = Config::builtin().unwrap();
        assert_eq!(c.disclosure.method, Method::Suppression);
        assert_eq!(c.disclosure.min_count, 3.0);
        assert_eq!(c.indicators.len(), 4);
        assert_eq!(c.output.formats.len(), 3);
        assert_eq!(c.land, None);
    }

    #[test]
    fn user_keys_override_defaults() {
        let c =
            parse("land = \"5\"\n[disclosure]\nmin_count = 5\nmethod = \"rounding\"\n").unwrap();
        assert_eq!(c.land.as_deref(), Some("05"));
        assert_eq!(c.disclosure.min_count, 5.0);
        assert_eq!(c.disclosure.method, Method::Rounding);
        assert_eq!(c.disclosure.min_denominator, 20.0);
    }

    #[test]
    fn bad_configurations_name_the_key() {
        for (text, needle) in [
            ("[disclosure]\nmin_count = 0\n", "disclosure.min_count = 0"),
            (
                "[disclosure]\nmin_count = 2.5\n",
                "disclosure.min_count = 2.5",
            ),
            (
                "[disclosure]\nmin_denominator = -1\n",
                "disclosure.min_denominator = -1",
            ),
            (
                "[disclosure]\nrounding_base = 1\n",
                "disclosure.rounding_base = 1",
            ),
            ("[disclosure]\nvariance = 0.0\n", "disclosure.variance = 0"),
            ("[disclosure]\nsymbols = \"emoji\"\n", "disclosure.symbols"),
            (
                "[disclosure]\nmethod = \"magic\"\n",
                "unknown variant `magic`",
            ),
            ("[disclosure]\nminimum = 3\n", "unknown field `minimum`"),
            ("colour = 1\n", "unknown field `colour`"),
            ("land = \"123\"\n", "land = \"123\""),
            ("indicators = [\"NOPE\"]\n", "unknown indicator `NOPE`"),
            (
                "indicators = [\"C-BQ-U3\"]\n",
                "`C-BQ-U3` is in the built-in catalogue",
            ),
            ("indicators = []\n", "indicators = []"),
            ("[output]\nformats = [\"pdf\"]\n", "unknown variant `pdf`"),
            ("[output]\nformats = []\n", "output.formats = []"),
            ("title = \n", "test.toml"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.contains(needle), "{text:?}: {e}");
            assert!(e.starts_with("test.toml"), "{text:?}: {e}");
        }
    }
}
