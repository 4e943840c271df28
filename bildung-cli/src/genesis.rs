//! The GENESIS table 21111-02-06-4 (leavers from general-education schools by sex and
//! qualification, Kreise) as `bildung report` needs it, read with the general reader
//! [`bildung_core::genesis`].
//!
//! ```text
//! GENESIS-Tabelle: 21111-02-06-4                      <- header block: table code,
//! Absolvierende/Abgehende allgemeinbildender ...;;;;     title lines,
//! ;;;Insgesamt;Insgesamt;ohne Hauptschulabschluss;...    qualification labels,
//! ;;;Insgesamt;weiblich;Insgesamt;weiblich;...           sex labels
//! 2023;DG;Deutschland;782423;381434;55708;...         <- data lines: year;code;name;14 cells
//! 2023;01001;      Flensburg, kreisfreie Stadt;...
//! __________                                          <- footer: footnotes, licence, "Stand:"
//! ```
//!
//! The core reader does the decoding, the record splitting and the cells; this module checks
//! that the table is 21111-02-06-4 with its 3 key fields and 7 x 2 value columns in the known
//! order, and turns each row into counts: `-` is a true zero ("nichts vorhanden"); `.`
//! (unknown or secret), `x` (not meaningful), `...` (available later) and `/` (not reliable
//! enough) are *missing* and never become 0.

use bildung_core::genesis::{self as core_genesis, GenesisTable};

pub use bildung_core::genesis::Symbol;

use crate::Error;

/// The GENESIS code of the only table layout this reader accepts.
pub const TABLE_CODE: &str = "21111-02-06-4";

/// Labels of the 7 qualification columns, in file order (each comes as Insgesamt, weiblich).
pub const QUALIFICATIONS: [&str; 7] = [
    "Insgesamt",
    "ohne Hauptschulabschluss",
    "mit Hauptschulabschluss",
    "mit Mittlerem Abschluss",
    "dar. schulischer Teil der Fachhochschulreife",
    "mit Fachhochschulreife",
    "mit allgemeiner Hochschulreife",
];

/// Column index (into [`QUALIFICATIONS`]) of all leavers.
pub const ALL_LEAVERS: usize = 0;
/// Column index (into [`QUALIFICATIONS`]) of leavers without Hauptschulabschluss.
pub const WITHOUT_HSA: usize = 1;

/// Number of value cells per data line (7 qualifications x {Insgesamt, weiblich}).
const N_CELLS: usize = 2 * QUALIFICATIONS.len();
/// Number of `;`-separated fields per data line.
const N_FIELDS: usize = 3 + N_CELLS;

/// One cell of the table: a count (`-` is a count of 0) or a missing value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// A number of persons; `-` ("nichts vorhanden") is `Count(0)`.
    Count(u64),
    /// A table symbol for a missing value (never `Symbol::Zero`).
    Missing(Symbol),
}

impl Cell {
    /// The report's cell for a cell of the core reader: a count, or a missing-value symbol.
    /// `None` for a number that is not a count (negative or with decimals).
    pub(crate) fn from_core(cell: core_genesis::Cell) -> Option<Cell> {
        match cell {
            core_genesis::Cell::Symbol(s) if s != Symbol::Zero => Some(Cell::Missing(s)),
            other => other.count().map(Cell::Count),
        }
    }

    /// The count, or `None` for a missing value.
    pub fn count(self) -> Option<u64> {
        match self {
            Cell::Count(n) => Some(n),
            Cell::Missing(_) => None,
        }
    }
}

/// Regional level of a row, from the length of its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// `DG`: Germany.
    Germany,
    /// 2 digits: Land.
    Land,
    /// 3 digits: Regierungsbezirk or statistical region.
    Regierungsbezirk,
    /// 5 digits: Kreis or kreisfreie Stadt.
    Kreis,
    /// 8 digits: a city shown separately inside a Kreis-level unit (already counted in it).
    Gemeinde,
}

impl Level {
    /// The level of a region code, or `None` for an unknown form.
    pub fn of_code(code: &str) -> Option<Level> {
        if code == "DG" {
            return Some(Level::Germany);
        }
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match code.len() {
            2 => Some(Level::Land),
            3 => Some(Level::Regierungsbezirk),
            5 => Some(Level::Kreis),
            8 => Some(Level::Gemeinde),
            _ => None,
        }
    }
}

/// One data line of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Reporting year (the year in which the school year ends).
    pub year: u16,
    /// Region code (`DG`, or an AGS-style key of 2, 3, 5 or 8 digits).
    pub code: String,
    /// Region name, indentation removed and runs of spaces collapsed.
    pub name: String,
    /// Level derived from the code.
    pub level: Level,
    /// Line number in the file (1-based).
    pub line: usize,
    /// The 14 cells: for each qualification in [`QUALIFICATIONS`], Insgesamt then weiblich.
    pub cells: [Cell; N_CELLS],
}

impl Row {
    /// Cell "Insgesamt" (both sexes) of qualification column `q` (index into [`QUALIFICATIONS`]).
    pub fn total(&self, q: usize) -> Cell {
        self.cells[2 * q]
    }

    /// Cell "weiblich" of qualification column `q`.
    pub fn female(&self, q: usize) -> Cell {
        self.cells[2 * q + 1]
    }

    /// The code of the Land the row belongs to (first 2 digits), `None` for Germany.
    pub fn land(&self) -> Option<&str> {
        match self.level {
            Level::Germany => None,
            _ => self.code.get(..2),
        }
    }

    /// True when every cell is `-` (a code without any leaver, e.g. a former Kreis).
    pub fn is_empty(&self) -> bool {
        self.cells.iter().all(|c| *c == Cell::Count(0))
    }
}

/// The parsed table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Table code from the first header line (`21111-02-06-4`).
    pub code: String,
    /// Title from the header block, lines joined with a space.
    pub title: String,
    /// The `Stand:` line of the footer (date of the export), if present.
    pub stand: Option<String>,
    /// Data lines in file order.
    pub rows: Vec<Row>,
}

fn parse_error(line: usize, message: impl Into<String>) -> Error {
    Error::Parse {
        path: None,
        line,
        message: message.into(),
    }
}

/// A core reader error as a CLI parse error (line, then the field where one is named).
fn from_core_error(e: bildung_core::Error) -> Error {
    match e {
        bildung_core::Error::Table {
            row,
            column,
            reason,
            ..
        } => parse_error(
            row.unwrap_or(1),
            match column {
                Some(c) => format!("field {c}: {reason}"),
                None => reason,
            },
        ),
        other => parse_error(1, other.to_string()),
    }
}

/// Check the two column-label rows above the data: qualification, then sex.
fn check_columns(t: &GenesisTable) -> Result<(), Error> {
    let [.., qline, sline] = t.header_lines[..] else {
        return Err(parse_error(
            t.header_lines.first().copied().unwrap_or(1),
            "the column-label lines (qualification, sex) before the data are missing",
        ));
    };
    let h = t.header_lines.len();
    let quals = t.header_row(h - 2).unwrap_or_default();
    let expected: Vec<&str> = QUALIFICATIONS.iter().flat_map(|q| [*q, *q]).collect();
    if quals != expected {
        return Err(parse_error(
            qline,
            format!(
                "unexpected qualification columns: expected {} pairs starting with \"Insgesamt\", \"ohne Hauptschulabschluss\"; found {:?}",
                QUALIFICATIONS.len(),
                quals
            ),
        ));
    }
    let sexes = t.header_row(h - 1).unwrap_or_default();
    let expected: Vec<&str> = (0..QUALIFICATIONS.len())
        .flat_map(|_| ["Insgesamt", "weiblich"])
        .collect();
    if sexes != expected {
        return Err(parse_error(
            sline,
            format!("unexpected sex columns: expected Insgesamt;weiblich pairs, found {sexes:?}"),
        ));
    }
    Ok(())
}

fn convert_row(row: &core_genesis::GenesisRow) -> Result<Row, Error> {
    let line_no = row.line;
    let [year, code, name] = &row.keys[..] else {
        return Err(parse_error(
            line_no,
            "expected 3 key fields (year;code;name)",
        ));
    };
    let year = year
        .parse()
        .map_err(|_| parse_error(line_no, format!("invalid year {year:?}")))?;
    let level = Level::of_code(code).ok_or_else(|| {
        parse_error(
            line_no,
            format!("invalid region code {code:?} (expected DG or 2, 3, 5 or 8 digits)"),
        )
    })?;
    let mut cells = [Cell::Count(0); N_CELLS];
    for (k, (cell, core)) in cells.iter_mut().zip(&row.cells).enumerate() {
        *cell = Cell::from_core(*core).ok_or_else(|| {
            parse_error(
                line_no,
                format!(
                    "region {code}: cell {core:?} in column {} ({}, {}) is not a count",
                    k + 4,
                    QUALIFICATIONS[k / 2],
                    if k % 2 == 0 { "Insgesamt" } else { "weiblich" }
                ),
            )
        })?;
    }
    Ok(Row {
        year,
        code: code.clone(),
        name: name.split_whitespace().collect::<Vec<_>>().join(" "),
        level,
        line: line_no,
        cells,
    })
}

/// Parse the bytes of an export of table 21111-02-06-4 (Windows-1252 or UTF-8).
pub fn read(bytes: &[u8]) -> Result<Table, Error> {
    from_core(GenesisTable::from_bytes(bytes, TABLE_CODE).map_err(from_core_error)?)
}

/// Parse a decoded export of table 21111-02-06-4 (the unit tests' entry point).
///
/// The core reader splits header block, data lines and footer; this checks the table code, the
/// column labels and the cells, and keeps the `Stand:` date of the footer.
#[cfg(test)]
pub fn parse(text: &str) -> Result<Table, Error> {
    from_core(GenesisTable::from_text(text, TABLE_CODE).map_err(from_core_error)?)
}

fn from_core(t: GenesisTable) -> Result<Table, Error> {
    if t.code != TABLE_CODE {
        return Err(parse_error(
            1,
            format!(
                "this is GENESIS table {}; only table {TABLE_CODE} (leavers by qualification and Kreis) is supported",
                t.code
            ),
        ));
    }
    if let Some(first) = t.rows.first()
        && (t.key_columns != 3 || t.columns.len() != N_CELLS)
    {
        return Err(parse_error(
            first.line,
            format!(
                "expected {N_FIELDS} fields (year;code;name;{N_CELLS} cells), found {}",
                t.key_columns + t.columns.len()
            ),
        ));
    }
    check_columns(&t)?;
    let rows = t.rows.iter().map(convert_row).collect::<Result<_, _>>()?;
    Ok(Table {
        title: t.title(),
        code: t.code,
        stand: t.stand,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "GENESIS-Tabelle: 21111-02-06-4\n\
Absolvierende/Abgehende allgemeinbildender Schulen nach;;;;;;;;;;;;;;;;\n\
Kreise und krfr. St\u{e4}dte;;;;;;;;;;;;;;;;\n\
;;;Absolvierende;Absolvierende;Absolvierende;Absolvierende;Absolvierende;Absolvierende;Absolvierende;Absolvierende;Absolvierende;Absolvierende;Absolvierende;Absolvierende;Absolvierende;Absolvierende\n\
;;;Insgesamt;Insgesamt;ohne Hauptschulabschluss;ohne Hauptschulabschluss;mit Hauptschulabschluss;mit Hauptschulabschluss;mit Mittlerem Abschluss;mit Mittlerem Abschluss;dar. schulischer Teil der Fachhochschulreife;dar. schulischer Teil der Fachhochschulreife;mit Fachhochschulreife;mit Fachhochschulreife;mit allgemeiner Hochschulreife;mit allgemeiner Hochschulreife\n\
;;;Insgesamt;weiblich;Insgesamt;weiblich;Insgesamt;weiblich;Insgesamt;weiblich;Insgesamt;weiblich;Insgesamt;weiblich;Insgesamt;weiblich\n";

    const FOOTER: &str = "__________\n\
\"zu \"\"gesamte Tabelle\"\":\n\
Die Angabe des Berichtsjahres bezieht sich auf das Jahr in\n\
2023;99999;not data;1;1;1;1;1;1;1;1;1;1;1;1;1;1\n\
Ab 2012 mit Nichtsch\u{fc}lerpr\u{fc}fungen (Externe).\"\n\
\"\u{a9} Statistische \u{c4}mter des Bundes und der L\u{e4}nder, Deutschland, 2025.\n\
- Namensnennung - Version 2.0.\"\n\
Stand: 13.03.2025 / 16:40:08\n";

    fn table(data: &str) -> Table {
        parse(&format!("{HEADER}{data}{FOOTER}")).unwrap()
    }

    #[test]
    fn windows_1252_bytes() {
        // the region name in Windows-1252 (0xFC u-umlaut, 0xDF sharp s)
        let text =
            format!("{HEADER}2023;09162;M\u{fc}nchen, Stra\u{df}e;1;1;1;1;1;1;1;1;1;1;1;1;1;1\n");
        let bytes: Vec<u8> = text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect();
        let t = read(&bytes).unwrap();
        assert_eq!(t.rows[0].name, "M\u{fc}nchen, Stra\u{df}e");
        assert_eq!(read(text.as_bytes()).unwrap(), t);
    }

    #[test]
    fn every_symbol() {
        let t = table("2023;01001;F;-;0;.;x;...;/;782423;1;1;1;1;1;1;1\n");
        let c = &t.rows[0].cells;
        assert_eq!(c[0], Cell::Count(0));
        assert_eq!(c[1], Cell::Count(0));
        assert_eq!(c[2], Cell::Missing(Symbol::Unknown));
        assert_eq!(c[3], Cell::Missing(Symbol::NotMeaningful));
        assert_eq!(c[4], Cell::Missing(Symbol::Later));
        assert_eq!(c[5], Cell::Missing(Symbol::Unreliable));
        assert_eq!(c[6], Cell::Count(782_423));
        for s in Symbol::MISSING {
            assert_eq!(
                Cell::Missing(s).count(),
                None,
                "{s} must not become a number"
            );
        }
        // numbers that are not counts
        for bad in ["1,5", "-3"] {
            let text = format!("{HEADER}2023;01001;F;{bad};1;1;1;1;1;1;1;1;1;1;1;1;1\n");
            let e = parse(&text).unwrap_err().to_string();
            assert!(e.contains("line 7") && e.contains("not a count"), "{e}");
        }
    }

    #[test]
    fn header_and_footer_are_skipped() {
        let t = table(
            "2023;DG;Deutschland;100;50;10;4;20;10;40;20;5;2;-;-;30;16\n\
2023;01;  Schleswig-Holstein;.;.;x;x;...;...;/;/;-;-;-;-;3;3\n\
2023;01001;      Flensburg, kreisfreie Stadt;1059;558;90;39;147;69;318;162;57;27;-;-;504;288\n\
2023;03241001;      Hannover, Landeshauptstadt;4812;2423;379;172;602;264;1753;832;325;165;.;.;2078;1155\n\
2023;031;    Braunschweig, Statistische Region;-;-;-;-;-;-;-;-;-;-;-;-;-;-\n",
        );
        assert_eq!(t.code, TABLE_CODE);
        assert_eq!(
            t.title,
            "Absolvierende/Abgehende allgemeinbildender Schulen nach Kreise und krfr. St\u{e4}dte"
        );
        assert_eq!(t.stand.as_deref(), Some("13.03.2025 / 16:40:08"));
        // the footer line that looks like data is not read
        assert_eq!(t.rows.len(), 5);
        let levels: Vec<Level> = t.rows.iter().map(|r| r.level).collect();
        assert_eq!(
            levels,
            [
                Level::Germany,
                Level::Land,
                Level::Kreis,
                Level::Gemeinde,
                Level::Regierungsbezirk
            ]
        );
        let sh = &t.rows[1];
        assert_eq!(sh.name, "Schleswig-Holstein");
        assert_eq!(sh.total(ALL_LEAVERS), Cell::Missing(Symbol::Unknown));
        assert_eq!(sh.female(ALL_LEAVERS), Cell::Missing(Symbol::Unknown));
        assert_eq!(sh.total(WITHOUT_HSA), Cell::Missing(Symbol::NotMeaningful));
        assert_eq!(sh.total(2), Cell::Missing(Symbol::Later));
        assert_eq!(sh.total(3), Cell::Missing(Symbol::Unreliable));
        assert_eq!(sh.total(4), Cell::Count(0));
        let fl = &t.rows[2];
        assert_eq!(fl.name, "Flensburg, kreisfreie Stadt");
        assert_eq!(fl.line, 9);
        assert_eq!(fl.land(), Some("01"));
        assert_eq!(fl.total(ALL_LEAVERS), Cell::Count(1059));
        assert_eq!(fl.female(ALL_LEAVERS), Cell::Count(558));
        assert_eq!(fl.total(WITHOUT_HSA), Cell::Count(90));
        assert_eq!(fl.female(6), Cell::Count(288));
        assert!(!fl.is_empty());
        assert!(t.rows[4].is_empty());
        assert_eq!(t.rows[0].land(), None);
    }

    #[test]
    fn crlf_and_utf8_input() {
        let text =
            format!("{HEADER}2023;01001;      Flensburg;1;1;1;1;1;1;1;1;1;1;1;1;1;1\n{FOOTER}")
                .replace('\n', "\r\n");
        let t = read(text.as_bytes()).unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].female(6), Cell::Count(1));
        assert_eq!(t.stand.as_deref(), Some("13.03.2025 / 16:40:08"));
    }

    #[test]
    fn errors_name_the_line() {
        let bad_cell = format!("{HEADER}2023;01001;Flensburg;1;1;1;1;1;1;1;1;1;1;1;1;1;n/a\n");
        let e = parse(&bad_cell).unwrap_err().to_string();
        assert!(e.contains("line 7") && e.contains("n/a"), "{e}");
        let short = format!("{HEADER}2023;01001;Flensburg;1;1\n");
        let e = parse(&short).unwrap_err().to_string();
        assert!(e.contains("line 7") && e.contains("17 fields"), "{e}");
        let bad_code = format!("{HEADER}2023;0100;Flensburg;1;1;1;1;1;1;1;1;1;1;1;1;1;1\n");
        assert!(parse(&bad_code).unwrap_err().to_string().contains("0100"));
        // another GENESIS table: the real export of 21111-01-03-4 (pupils by school type)
        let other = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../data/genesis/21111-01-03-4.csv"
        ))
        .unwrap();
        let e = read(&other).unwrap_err().to_string();
        assert!(
            e.contains("this is GENESIS table 21111-01-03-4; only table 21111-02-06-4"),
            "{e}"
        );
        let e = parse("Kreis;Wert\n").unwrap_err().to_string();
        assert!(e.contains("not a GENESIS table"), "{e}");
        let e = parse(HEADER).unwrap_err().to_string();
        assert!(e.contains("no data lines"), "{e}");
        let swapped = HEADER.replace(";;;Insgesamt;Insgesamt;ohne", ";;;Insgesamt;Insgesamt;mit");
        let e = parse(&format!(
            "{swapped}2023;01001;F;1;1;1;1;1;1;1;1;1;1;1;1;1;1\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(e.contains("qualification columns"), "{e}");
        assert_eq!(
            parse("").unwrap_err().to_string(),
            "line 1: the file is empty"
        );
    }

    #[test]
    fn levels_from_codes() {
        assert_eq!(Level::of_code("DG"), Some(Level::Germany));
        assert_eq!(Level::of_code("16"), Some(Level::Land));
        assert_eq!(Level::of_code("145"), Some(Level::Regierungsbezirk));
        assert_eq!(Level::of_code("14713"), Some(Level::Kreis));
        assert_eq!(Level::of_code("11001001"), Some(Level::Gemeinde));
        assert_eq!(Level::of_code("1234"), None);
        assert_eq!(Level::of_code("0a"), None);
    }
}
