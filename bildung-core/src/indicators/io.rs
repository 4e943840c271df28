//! Tidy input tables from CSV text, and results as CSV text.
//!
//! A tidy table file has a header row with the column names of its [`TableKind`] (see
//! `catalogue.toml` and [`TableKind::schema`]), a `count` column and optionally a `symbol`
//! column. The separator (`,` or `;`) is taken from the header line. Count cells are
//! non-negative integers or official symbols: `-` is a true zero, `.`, `x`, `...` and `/` are
//! missing values ([`Symbol`]); an empty count is an error (write the symbol that applies).
//!
//! ```
//! use bildung_core::indicators::{io, TableKind, Tables};
//! let text = "unit_id;year;age;count\nA;2023;0;120\nA;2023;1;.\n";
//! let mut t = Tables::new();
//! t.add(io::read_table_csv(TableKind::Population, text, "pop.csv")?)?;
//! let p = t.get(TableKind::Population).unwrap();
//! assert_eq!(p.counts()[0], 120.0);
//! assert!(p.counts()[1].is_nan());
//! # Ok::<(), bildung_core::Error>(())
//! ```

use std::fmt::Write;

use super::result::IndicatorResults;
use super::table::{ColumnType, Symbol, TableBuilder, TableKind};
use crate::error::{Error, Result};

/// Parse a tidy table in CSV form into a [`TableBuilder`] (validated by
/// [`Tables::add`](super::Tables::add)). Columns known to the schema get their type; other
/// columns are integers when every value is an integer, else text. Errors name `source`, the
/// 1-based line and the column: malformed CSV, a row with too many or too few fields, no
/// `count` column, an empty or unreadable count, a non-integer in an integer column.
pub fn read_table_csv(kind: TableKind, text: &str, source: &str) -> Result<TableBuilder> {
    let first = text.lines().next().unwrap_or("");
    let sep = if first.matches(';').count() > first.matches(',').count() {
        ';'
    } else {
        ','
    };
    let records = crate::csv::parse(text, sep, source)?;
    let Some((header_line, header)) = records.first() else {
        return Err(Error::table(source, None, None, "no header row"));
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
    let count_col = header.iter().position(|h| h == "count").ok_or_else(|| {
        Error::table(
            source,
            Some(*header_line),
            Some("count"),
            "no `count` column in the header",
        )
    })?;
    let symbol_col = header.iter().position(|h| h == "symbol");
    let rows = &records[1..];
    for (line, r) in rows {
        if r.len() != header.len() {
            return Err(Error::table(
                source,
                Some(*line),
                None,
                format!("{} fields, but the header has {}", r.len(), header.len()),
            ));
        }
    }
    let mut counts = Vec::with_capacity(rows.len());
    let mut symbols = Vec::with_capacity(rows.len());
    for (line, r) in rows {
        let cell = r[count_col].trim();
        let sym_text = symbol_col.map(|c| r[c].trim()).filter(|s| !s.is_empty());
        let (value, symbol) = match cell {
            "-" => (0.0, None),
            "" => match sym_text.and_then(Symbol::from_text) {
                Some(s) => (f64::NAN, Some(s)),
                None => {
                    return Err(Error::table(
                        source,
                        Some(*line),
                        Some("count"),
                        "empty count; write the number or the table symbol (`-`, `.`, `x`, `...`, `/`)",
                    ));
                }
            },
            s => match Symbol::from_text(s) {
                Some(sym) => (f64::NAN, Some(sym)),
                None => {
                    let v: f64 = s.parse().map_err(|_| {
                        Error::table(
                            source,
                            Some(*line),
                            Some("count"),
                            format!("`{s}` is neither a count nor a table symbol"),
                        )
                    })?;
                    if let Some(t) = sym_text {
                        return Err(Error::table(
                            source,
                            Some(*line),
                            Some("symbol"),
                            format!("symbol `{t}` on a cell with the number {s}"),
                        ));
                    }
                    (v, None)
                }
            },
        };
        counts.push(value);
        symbols.push(symbol);
    }
    let mut b = TableBuilder::new(kind).source(source);
    for (j, name) in header.iter().enumerate() {
        if j == count_col || Some(j) == symbol_col {
            continue;
        }
        let values: Vec<&str> = rows.iter().map(|(_, r)| r[j].trim()).collect();
        let schema = kind.column_spec(name).map(|s| s.ty);
        let parsed: Option<Vec<i64>> = if schema == Some(ColumnType::Text) {
            None
        } else {
            values.iter().map(|v| v.parse::<i64>().ok()).collect()
        };
        b = match (schema, parsed) {
            (_, Some(ints)) => b.int(name, ints),
            (Some(ColumnType::Int), None) => {
                let bad = values
                    .iter()
                    .position(|v| v.parse::<i64>().is_err())
                    .unwrap_or(0);
                return Err(Error::table(
                    source,
                    Some(rows[bad].0),
                    Some(name),
                    format!("`{}` is not an integer", values[bad]),
                ));
            }
            (_, None) => b.text(name, values),
        };
    }
    Ok(b.counts(counts).symbols(symbols))
}

/// Quote a CSV field when needed.
fn field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn number(out: &mut String, x: f64) {
    if x.is_finite() {
        let _ = write!(out, "{x}");
    }
}

impl IndicatorResults {
    /// The records as CSV (`,` separator, `.` decimal point, empty cell for NaN): indicator,
    /// version, unit_id, period, the breakdown columns, category, value, numerator, denominator,
    /// se, status, symbol, flags (names joined by `|`), unit (of the value), numerator_ref,
    /// denominator_ref, population_source, census_basis.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("indicator,version,unit_id,period");
        for b in &self.by {
            out.push(',');
            field(&mut out, b);
        }
        out.push_str(
            ",category,value,numerator,denominator,se,status,symbol,flags,unit,numerator_ref,denominator_ref,population_source,census_basis\n",
        );
        for i in 0..self.len() {
            let ind = &self.indicators[self.indicator[i] as usize];
            field(&mut out, &ind.id);
            let _ = write!(out, ",{},", ind.version);
            field(&mut out, self.text(self.unit[i]));
            let _ = write!(out, ",{}", self.period[i]);
            for c in &self.by_codes {
                out.push(',');
                field(&mut out, self.text(c[i]));
            }
            out.push(',');
            field(&mut out, self.text(self.category[i]));
            for x in [
                self.value[i],
                self.numerator[i],
                self.denominator[i],
                self.se[i],
            ] {
                out.push(',');
                number(&mut out, x);
            }
            let _ = write!(out, ",{},", self.status[i].name());
            if let Some(s) = self.symbol_of(i) {
                out.push_str(s.as_str());
            }
            out.push(',');
            out.push_str(&self.flags_of(i).names().join("|"));
            let _ = write!(out, ",{},", ind.mode.unit());
            field(&mut out, &ind.numerator_reference(self.period[i]));
            out.push(',');
            field(&mut out, &ind.denominator_reference(self.period[i]));
            out.push(',');
            field(&mut out, self.text(self.population_source[i]));
            out.push(',');
            field(&mut out, self.text(self.census_basis[i]));
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::{Catalogue, Request, Tables, compute};

    #[test]
    fn reads_symbols_and_types_and_names_errors() {
        let text = "unit_id,leaving_year,abschluss,birth_year,count,symbol\n\
                    01001,2023,ohne_hsa,2007,12,\n\
                    01001,2023,ahr,2005,-,\n\
                    01002,2023,ohne_hsa,2007,,x\n\
                    01002,2023,ahr,2005,/,\n";
        let b = read_table_csv(TableKind::SchoolLeavers, text, "leavers.csv").unwrap();
        let mut t = Tables::new();
        t.add(b).unwrap();
        let l = t.get(TableKind::SchoolLeavers).unwrap();
        assert_eq!(l.counts()[0], 12.0);
        assert_eq!(l.counts()[1], 0.0);
        assert_eq!(l.symbol(2), Some(Symbol::NotMeaningful));
        assert_eq!(l.symbol(3), Some(Symbol::Unreliable));
        // unit ids keep their leading zero (schema: text)
        assert!(matches!(
            l.column("unit_id"),
            Some(crate::indicators::Column::Text(_))
        ));
        let cases = [
            ("unit_id,leaving_year,count\nA,2023\n", "row 2", "fields"),
            (
                "unit_id,leaving_year\nA,2023\n",
                "column `count`",
                "no `count`",
            ),
            (
                "unit_id,leaving_year,count\nA,2023,\n",
                "row 2, column `count`",
                "empty count",
            ),
            (
                "unit_id,leaving_year,count\nA,2023,12a\n",
                "row 2, column `count`",
                "neither",
            ),
            (
                "unit_id,leaving_year,count\nA,20x3,1\n",
                "row 2, column `leaving_year`",
                "integer",
            ),
            (
                "unit_id,leaving_year,count\nA,2023,\"1\n",
                "row 2",
                "unterminated",
            ),
        ];
        for (text, at, what) in cases {
            let e = read_table_csv(TableKind::SchoolLeavers, text, "f.csv").unwrap_err();
            let m = e.to_string();
            assert!(
                m.contains("table `f.csv`") && m.contains(at) && m.contains(what),
                "{m}"
            );
        }
        let neg = "unit_id,leaving_year,count\nA,2023,-3\n";
        let e = t
            .add(read_table_csv(TableKind::SchoolLeavers, neg, "f.csv").unwrap())
            .unwrap_err();
        assert!(e.to_string().contains("negative count"), "{e}");
    }

    #[test]
    fn results_as_csv() {
        let mut t = Tables::new();
        let text = "unit_id,leaving_year,abschluss,count\nA,2023,ohne_hsa,1\nA,2023,ahr,3\n\"B, Stadt\",2023,ahr,.\n";
        t.add(read_table_csv(TableKind::SchoolLeavers, text, "l.csv").unwrap())
            .unwrap();
        let cat = Catalogue::builtin().unwrap();
        let req = Request {
            indicators: vec!["D-ABS-ANTEIL".into()],
            ..Request::default()
        };
        let csv = compute(&cat, &t, &req).unwrap().to_csv();
        assert!(
            csv.starts_with("indicator,version,unit_id,period,category,value"),
            "{csv}"
        );
        assert!(csv.contains("D-ABS-ANTEIL,1,A,2023,ohne_hsa,25,1,4,,ok,,small_population,percent,leaving year 2023,leaving year 2023,,\n"), "{csv}");
        assert!(
            csv.contains("\"B, Stadt\",2023,ahr,,,,,missing,.,"),
            "{csv}"
        );
    }
}
