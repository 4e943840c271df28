//! Reader for the GENESIS table 21111-02-06-4 as exported by the Regionaldatenbank Deutschland
//! (regionalstatistik.de, "CSV" flat-file download).
//!
//! The export is Windows-1252 text with `;` as separator:
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
//! Data lines are the lines whose first field is a 4-digit year. Cells are counts or GENESIS
//! table symbols: `-` is a true zero ("nichts vorhanden"); `.` (unknown or secret), `x` (not
//! meaningful), `...` (available later) and `/` (not reliable enough) are *missing* and never
//! become 0.

use std::fmt;

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

/// Windows-1252 characters of the bytes 0x80..=0x9F (WHATWG mapping: the five bytes that
/// Windows-1252 leaves undefined map to the C1 control with the same number).
const CP1252_80_9F: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// Decode Windows-1252 bytes to a `String` (bytes 0xA0..=0xFF are Latin-1).
pub fn decode_cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_80_9F[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// Decode a GENESIS export: UTF-8 when the bytes start with a UTF-8 byte-order mark or are
/// valid UTF-8 (a re-saved file), else Windows-1252 (the format of the download).
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => decode_cp1252(bytes),
    }
}

/// A GENESIS table symbol that stands for a missing value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol {
    /// `.`: value unknown or to be kept secret.
    Unknown,
    /// `x`: cell blocked, a value is not meaningful here.
    NotMeaningful,
    /// `...`: value will be available later.
    Later,
    /// `/`: value not reliable enough.
    Unreliable,
}

impl Symbol {
    /// Every symbol, in the order of the GENESIS "Zeichenerklärung".
    pub const ALL: [Symbol; 4] = [
        Symbol::Unknown,
        Symbol::NotMeaningful,
        Symbol::Later,
        Symbol::Unreliable,
    ];

    /// The symbol as written in the file.
    pub const fn as_str(self) -> &'static str {
        match self {
            Symbol::Unknown => ".",
            Symbol::NotMeaningful => "x",
            Symbol::Later => "...",
            Symbol::Unreliable => "/",
        }
    }

    /// What the symbol means, in English.
    pub const fn meaning(self) -> &'static str {
        match self {
            Symbol::Unknown => "unknown or confidential",
            Symbol::NotMeaningful => "not meaningful (cell blocked)",
            Symbol::Later => "not yet available",
            Symbol::Unreliable => "not reliable enough",
        }
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One cell of the table: a count (`-` is a count of 0) or a missing value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// A number of persons; `-` ("nichts vorhanden") is `Count(0)`.
    Count(u64),
    /// A table symbol for a missing value.
    Missing(Symbol),
}

impl Cell {
    /// Parse one field: digits, `-`, or a symbol. Anything else is `None`.
    pub fn parse(field: &str) -> Option<Cell> {
        let f = field.trim();
        match f {
            "-" => Some(Cell::Count(0)),
            "." => Some(Cell::Missing(Symbol::Unknown)),
            "x" | "X" => Some(Cell::Missing(Symbol::NotMeaningful)),
            "..." => Some(Cell::Missing(Symbol::Later)),
            "/" => Some(Cell::Missing(Symbol::Unreliable)),
            _ if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
                f.parse().ok().map(Cell::Count)
            }
            _ => None,
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

/// True for a data line: the first field is a 4-digit year.
fn is_data_line(line: &str) -> bool {
    let first = line.split(';').next().unwrap_or("");
    first.len() == 4 && first.bytes().all(|b| b.is_ascii_digit())
}

/// Fields of a header line without the empty trailing ones and surrounding quotes.
fn text_of(line: &str) -> String {
    line.trim_end_matches(';')
        .trim_matches('"')
        .trim()
        .to_owned()
}

/// Check the two column-label lines that precede the data.
fn check_columns(labels: &[(usize, &str)]) -> Result<(), Error> {
    let [.., (qline, quals), (sline, sexes)] = labels else {
        return Err(parse_error(
            labels.last().map_or(1, |l| l.0),
            "the column-label lines (qualification, sex) before the data are missing",
        ));
    };
    let quals: Vec<&str> = quals.split(';').skip(3).collect();
    let expected: Vec<&str> = QUALIFICATIONS.iter().flat_map(|q| [*q, *q]).collect();
    if quals != expected {
        return Err(parse_error(
            *qline,
            format!(
                "unexpected qualification columns: expected {} pairs starting with \"Insgesamt\", \"ohne Hauptschulabschluss\"; found {:?}",
                QUALIFICATIONS.len(),
                quals
            ),
        ));
    }
    let sexes: Vec<&str> = sexes.split(';').skip(3).collect();
    let expected: Vec<&str> = (0..QUALIFICATIONS.len())
        .flat_map(|_| ["Insgesamt", "weiblich"])
        .collect();
    if sexes != expected {
        return Err(parse_error(
            *sline,
            format!("unexpected sex columns: expected Insgesamt;weiblich pairs, found {sexes:?}"),
        ));
    }
    Ok(())
}

fn parse_row(line_no: usize, line: &str) -> Result<Row, Error> {
    let fields: Vec<&str> = line.split(';').collect();
    if fields.len() != N_FIELDS {
        return Err(parse_error(
            line_no,
            format!(
                "expected {N_FIELDS} fields (year;code;name;{N_CELLS} cells), found {}",
                fields.len()
            ),
        ));
    }
    let year = fields[0]
        .parse()
        .map_err(|_| parse_error(line_no, format!("invalid year {:?}", fields[0])))?;
    let code = fields[1].trim().to_owned();
    let level = Level::of_code(&code).ok_or_else(|| {
        parse_error(
            line_no,
            format!("invalid region code {code:?} (expected DG or 2, 3, 5 or 8 digits)"),
        )
    })?;
    let mut cells = [Cell::Count(0); N_CELLS];
    for (k, (cell, field)) in cells.iter_mut().zip(&fields[3..]).enumerate() {
        *cell = Cell::parse(field).ok_or_else(|| {
            parse_error(
                line_no,
                format!(
                    "region {code}: cell {:?} in column {} ({}, {}) is neither a count nor a GENESIS symbol (- . x ... /)",
                    field,
                    k + 4,
                    QUALIFICATIONS[k / 2],
                    if k % 2 == 0 { "Insgesamt" } else { "weiblich" }
                ),
            )
        })?;
    }
    Ok(Row {
        year,
        code,
        name: fields[2].split_whitespace().collect::<Vec<_>>().join(" "),
        level,
        line: line_no,
        cells,
    })
}

/// Parse a decoded export of table 21111-02-06-4.
///
/// Skips the header block (checking the table code and the column labels) and stops at the
/// footer (the first non-data line after the data), from which only the `Stand:` line is kept.
pub fn parse(text: &str) -> Result<Table, Error> {
    let mut lines = text.lines().map(|l| l.trim_end_matches('\r')).enumerate();
    let (_, first) = lines
        .next()
        .ok_or_else(|| parse_error(1, "the file is empty"))?;
    let code = first
        .trim_end_matches(';')
        .strip_prefix("GENESIS-Tabelle:")
        .map(str::trim)
        .ok_or_else(|| {
            parse_error(
                1,
                format!("not a GENESIS table export: the first line is {first:?}, expected \"GENESIS-Tabelle: {TABLE_CODE}\""),
            )
        })?
        .to_owned();
    if code != TABLE_CODE {
        return Err(parse_error(
            1,
            format!(
                "this is GENESIS table {code}; only table {TABLE_CODE} (leavers by qualification and Kreis) is supported"
            ),
        ));
    }

    let mut title = Vec::new();
    let mut labels: Vec<(usize, &str)> = Vec::new();
    let mut rows = Vec::new();
    let mut stand = None;
    let mut in_footer = false;
    for (i, line) in lines {
        let line_no = i + 1;
        if in_footer {
            if let Some(s) = line.trim().strip_prefix("Stand:") {
                stand = Some(s.trim().to_owned());
            }
        } else if is_data_line(line) {
            if rows.is_empty() {
                check_columns(&labels)?;
            }
            rows.push(parse_row(line_no, line)?);
        } else if !rows.is_empty() {
            in_footer = true;
            if let Some(s) = line.trim().strip_prefix("Stand:") {
                stand = Some(s.trim().to_owned());
            }
        } else if line.starts_with(';') {
            labels.push((line_no, line));
        } else if labels.is_empty() {
            let t = text_of(line);
            if !t.is_empty() {
                title.push(t);
            }
        }
    }
    if rows.is_empty() {
        return Err(parse_error(
            text.lines().count().max(1),
            "no data lines (lines starting with a 4-digit year) found",
        ));
    }
    Ok(Table {
        code,
        title: title.join(" "),
        stand,
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
    fn cp1252_decoding() {
        // 0x80 euro, 0x96 en dash, 0x9F Y diaeresis, 0xE4 a-umlaut, 0xDF sharp s, 0xA9 copyright
        let bytes = b"\x80 \x96 \x9f G\xf6ttingen Stra\xdfe \xa9 \x81 abc";
        assert_eq!(
            decode_cp1252(bytes),
            "\u{20ac} \u{2013} \u{178} G\u{f6}ttingen Stra\u{df}e \u{a9} \u{81} abc"
        );
        assert_eq!(decode(bytes), decode_cp1252(bytes));
        // valid UTF-8 (a re-saved file) and a BOM are taken as UTF-8
        assert_eq!(decode("G\u{f6}ttingen".as_bytes()), "G\u{f6}ttingen");
        assert_eq!(decode(b"\xEF\xBB\xBFG\xC3\xB6"), "G\u{f6}");
    }

    #[test]
    fn every_symbol() {
        assert_eq!(Cell::parse("-"), Some(Cell::Count(0)));
        assert_eq!(Cell::parse("0"), Some(Cell::Count(0)));
        assert_eq!(Cell::parse("782423"), Some(Cell::Count(782_423)));
        assert_eq!(Cell::parse("."), Some(Cell::Missing(Symbol::Unknown)));
        assert_eq!(Cell::parse("x"), Some(Cell::Missing(Symbol::NotMeaningful)));
        assert_eq!(Cell::parse("..."), Some(Cell::Missing(Symbol::Later)));
        assert_eq!(Cell::parse("/"), Some(Cell::Missing(Symbol::Unreliable)));
        for s in Symbol::ALL {
            assert_eq!(Cell::parse(s.as_str()), Some(Cell::Missing(s)));
            assert_eq!(
                Cell::Missing(s).count(),
                None,
                "{s} must not become a number"
            );
        }
        for bad in ["", "1.5", "-3", "12a", "..", "(5)", "5p"] {
            assert_eq!(Cell::parse(bad), None, "{bad:?}");
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
        let t = parse(&decode(text.as_bytes())).unwrap();
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
        let other = HEADER.replace("21111-02-06-4", "21111-01-03-4");
        assert!(
            parse(&other)
                .unwrap_err()
                .to_string()
                .contains("21111-01-03-4")
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
