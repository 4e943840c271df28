//! Reading official GENESIS CSV exports (Regionaldatenbank Deutschland / regionalstatistik.de,
//! GENESIS-Online of Destatis): the tables a municipality downloads (amtliche Statistik,
//! Tabellen-Download "CSV").
//!
//! # The format
//!
//! ```text
//! GENESIS-Tabelle: 21111-01-03-4                        <- table code (first line)
//! Schulen, Schülerinnen und Schüler nach Schularten -;;;  <- title and meta lines
//! Statistik der allgemeinbildenden Schulen;;;;;;;;;
//! ;;;;Allgemeinbildende Schulen;Schülerinnen und ...     <- column header rows: they start
//! ;;;;;Geschlecht;Geschlecht;Nationalität;...               with the empty key fields
//! ;;;;;Insgesamt;weiblich;ausländisch;7. Klassenstufe;...
//! ;;;;Anzahl;Anzahl;Anzahl;Anzahl;Anzahl;Anzahl             (unit row)
//! 2023;DG;Deutschland;Grundschulen;15531;3098664;...      <- data lines: key fields, then
//! 2023;01001;      Flensburg, kreisfreie Stadt;...          one cell per value column
//! __________                                              <- footer: footnotes (a quoted
//! "zu ""gesamte Tabelle"":                                   multi-line field), licence,
//! ..."                                                       "Stand: <date of the export>"
//! Stand: 13.03.2025 / 16:39:14
//! ```
//!
//! * **Decoding**: UTF-8 with or without byte-order mark, else Windows-1252 ([`decode`]).
//! * **Records**: `;`-separated fields; a field starting with `"` is quoted, may span lines and
//!   holds `""` for `"`. Line ends `\n`, `\r\n` or `\r`.
//! * **Header**: the first non-blank line holds `GENESIS-Tabelle: <code>`. Then, up to the
//!   first data line: *title lines* (first field non-empty; the title, the statistic, the unit,
//!   a `Stichtag`) and *column header rows* (first field empty). The number of **key columns**
//!   `k` is the smallest number of leading empty fields over the column header rows; the fields
//!   after them are the value columns, labelled by the header rows (a row may leave a label
//!   empty, e.g. the sex row above a "Schulen" column).
//! * **Data lines** come after the first column header row and are recognised by their first
//!   field: a 4-digit year (`2023`) or another all-digit key (region codes `01`, `031`, `01001`,
//!   `03241001`; up to 12 digits), `DG` (Germany), or a date `dd.mm.yyyy`. The first data line must
//!   reach the last labelled column (a data column beyond the labels gets empty labels), and
//!   every data line must have the number of fields of the first one. Blank lines between data
//!   lines are skipped.
//! * **Footer**: from the first other non-blank line after the data: footnotes, licence, and the
//!   `Stand:` line ([`GenesisTable::stand`]). A line in the footer that looks like a data line
//!   (data key and the data width) is an error, so that no data are dropped silently.
//! * A last column that is empty in every data line and every header row (a trailing `;`) is
//!   dropped.
//!
//! # Cells
//!
//! Each value cell is a number (integer or decimal comma, optionally signed) or a table symbol
//! ([`Symbol`]): `-` is a true zero (nichts vorhanden) and reads as 0; `.` (unknown or secret),
//! `x` (not meaningful), `...` (not yet available) and `/` (not reliable enough) are statuses
//! and **never** zeros. Qualifiers beside a number (`p`, `r`, `s`, `( )`, `|`) are kept
//! ([`Qualifiers`]). See [`Cell`] for the full grammar and what is rejected.
//!
//! # Errors
//!
//! Everything malformed is an [`Error::Table`] (kind [`MalformedInput`](crate::ErrorKind)) with
//! the source name as `table`, the 1-based **line** as `row` and, where a field is at fault, the
//! 1-based **field number** as `column`: no table code, no column header rows, no data lines,
//! a data line with the wrong number of fields, a cell that is neither a number nor a symbol, an
//! unterminated quote, a UTF-16 file. No input makes the reader panic.
//!
//! Not supported: the GENESIS "flat file" long format (`ffcsv`, one value per line with
//! `*_Code`/`*_Label` columns) and transposed tables whose first key column is text (e.g. a
//! school year `2019/20` or a Land name in the first field); both give a clear error.
//!
//! # Example
//!
//! ```
//! use bildung_core::genesis::{GenesisTable, Symbol};
//! let csv = "GENESIS-Tabelle: 21111-02-06-4\n\
//!            Absolvierende/Abgehende;;;;\n\
//!            ;;;Insgesamt;Insgesamt\n\
//!            ;;;Insgesamt;weiblich\n\
//!            2023;DG;Deutschland;782423;381434\n\
//!            2023;01;  Schleswig-Holstein;.;-\n\
//!            __________\n\
//!            Stand: 13.03.2025 / 16:40:08\n";
//! let t = GenesisTable::from_text(csv, "leavers.csv")?;
//! assert_eq!(t.code, "21111-02-06-4");
//! assert_eq!(t.key_columns, 3);
//! assert_eq!(t.key_names(), ["year", "region_code", "region_name"]);
//! assert_eq!(t.rows[1].keys, ["2023", "01", "Schleswig-Holstein"]);
//! assert_eq!(t.rows[0].cells[0].value(), Some(782_423.0));
//! assert_eq!(t.rows[1].cells[0].symbol(), Some(Symbol::Unknown)); // missing, not 0
//! assert_eq!(t.rows[1].cells[1].value(), Some(0.0));               // "-" is a true zero
//! assert_eq!(t.columns[1].labels, ["Insgesamt", "weiblich"]);
//! assert_eq!(t.stand.as_deref(), Some("13.03.2025 / 16:40:08"));
//! assert_eq!(t.long().count(), 4); // 2 rows x 2 value columns
//! # Ok::<(), bildung_core::Error>(())
//! ```

mod cell;
mod decode;
mod records;

pub use cell::{Cell, Qualifiers, Symbol};
pub use decode::{Encoding, decode, decode_windows_1252};

use crate::error::{Error, Result};
use records::Record;

/// The marker before the table code on the first line.
const CODE_MARKER: &str = "GENESIS-Tabelle:";

/// Longest text of a field or line quoted in an error message (characters).
const QUOTE_MAX: usize = 60;

/// One value column: where it is in the lines and what the header rows say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// 1-based field number of the column in the file's lines (after the key fields).
    pub field: usize,
    /// The column's label in each column header row, top to bottom (`""` where a row leaves
    /// it empty). All columns have one label per header row.
    pub labels: Vec<String>,
}

impl Column {
    /// The non-empty labels joined with `" / "` (e.g. `"Schülerinnen und Schüler an
    /// allgemeinbildenden Schulen / Geschlecht / weiblich / Anzahl"`).
    pub fn label(&self) -> String {
        self.labels
            .iter()
            .filter(|l| !l.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// One data line.
#[derive(Debug, Clone, PartialEq)]
pub struct GenesisRow {
    /// 1-based line of the data line in the file.
    pub line: usize,
    /// The key fields as text, blanks around them removed (a region name's indentation, which
    /// repeats the level given by the code, is dropped).
    pub keys: Vec<String>,
    /// One cell per value column (see [`GenesisTable::columns`]).
    pub cells: Vec<Cell>,
}

/// A parsed GENESIS CSV export.
#[derive(Debug, Clone, PartialEq)]
pub struct GenesisTable {
    /// Name of the source used in error messages (a file name).
    pub source: String,
    /// The encoding the bytes were decoded from.
    pub encoding: Encoding,
    /// The table code from `GENESIS-Tabelle: <code>` (e.g. `"21111-02-06-4"`).
    pub code: String,
    /// Title and meta lines of the header block, in file order, trailing `;` removed
    /// (title, statistic, unit, `Stichtag: ...`).
    pub title_lines: Vec<String>,
    /// 1-based lines of the column header rows, top to bottom.
    pub header_lines: Vec<usize>,
    /// Number of key fields at the start of each data line (year, region code, name, ...).
    pub key_columns: usize,
    /// The value columns, in file order.
    pub columns: Vec<Column>,
    /// The data lines, in file order.
    pub rows: Vec<GenesisRow>,
    /// The footer's non-blank lines (records) as text: separator line, footnotes (one record,
    /// with line breaks), licence, `Stand: ...`.
    pub footer: Vec<String>,
    /// The text after `Stand:` in the footer (date and time of the export), if present.
    pub stand: Option<String>,
}

/// One cell in long form: a data line's keys, one value column and its cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LongRecord<'a> {
    /// 1-based line of the data line.
    pub line: usize,
    /// The data line's key fields.
    pub keys: &'a [String],
    /// Index of the value column in [`GenesisTable::columns`] (0-based).
    pub column_index: usize,
    /// The value column (field number and header labels).
    pub column: &'a Column,
    /// The cell.
    pub cell: Cell,
}

impl GenesisTable {
    /// Decode (UTF-8 with or without BOM, else Windows-1252) and parse an export.
    ///
    /// `source` names the input in error messages (a file name).
    ///
    /// ```
    /// use bildung_core::genesis::{Encoding, GenesisTable};
    /// let bytes = b"GENESIS-Tabelle: 12411-04-02-4\nBev\xf6lkerung;;\n;;Insgesamt\nDG;Deutschland;83155031\n";
    /// let t = GenesisTable::from_bytes(bytes, "pop.csv")?;
    /// assert_eq!(t.encoding, Encoding::Windows1252);
    /// assert_eq!(t.title_lines, ["Bev\u{f6}lkerung"]);
    /// assert_eq!(t.rows[0].cells[0].count(), Some(83_155_031));
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn from_bytes(bytes: &[u8], source: &str) -> Result<GenesisTable> {
        if decode::is_utf16(bytes) {
            return Err(Error::table(
                source,
                Some(1),
                None,
                "the file is UTF-16; GENESIS exports are Windows-1252 or UTF-8 (save it as UTF-8)",
            ));
        }
        let (text, encoding) = decode(bytes);
        parse(&text, source, encoding)
    }

    /// Parse an already decoded export (its [`encoding`](Self::encoding) is recorded as UTF-8).
    pub fn from_text(text: &str, source: &str) -> Result<GenesisTable> {
        parse(text, source, Encoding::Utf8)
    }

    /// The title: the title lines joined with a space.
    pub fn title(&self) -> String {
        self.title_lines.join(" ")
    }

    /// Column header row `i` (0-based, top to bottom) as in the file: its label of every value
    /// column, `None` past the last header row.
    ///
    /// ```
    /// use bildung_core::genesis::GenesisTable;
    /// let t = GenesisTable::from_text("GENESIS-Tabelle: 1\n;;A;A\n;;Insgesamt;weiblich\nDG;D;1;2\n", "t")?;
    /// assert_eq!(t.header_row(1), Some(vec!["Insgesamt", "weiblich"]));
    /// assert_eq!(t.header_row(2), None);
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn header_row(&self, i: usize) -> Option<Vec<&str>> {
        (i < self.header_lines.len()).then(|| {
            self.columns
                .iter()
                .map(|c| c.labels.get(i).map_or("", String::as_str))
                .collect()
        })
    }

    /// Names for the key columns, guessed from their content: `"year"` (every value 4 digits),
    /// `"region_code"` (every value `DG` or digits, not all 4 digits), `"region_name"` (the
    /// column after `region_code`), `"date"` (every value `dd.mm.yyyy`); any other key column
    /// (and a second column of a kind) is `"key_<n>"` with its 1-based position.
    ///
    /// ```
    /// use bildung_core::genesis::GenesisTable;
    /// let t = GenesisTable::from_text(
    ///     "GENESIS-Tabelle: 1\n;;;;X\n2023;DG;Deutschland;Grundschulen;1\n", "t")?;
    /// assert_eq!(t.key_names(), ["year", "region_code", "region_name", "key_4"]);
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn key_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::with_capacity(self.key_columns);
        for c in 0..self.key_columns {
            let values = || self.rows.iter().filter_map(|r| r.keys.get(c));
            let all = |f: fn(&str) -> bool| values().all(|v| f(v));
            let guess = if all(is_year) {
                "year"
            } else if all(|v| v == "DG" || is_digits(v, 12)) {
                "region_code"
            } else if all(is_date) {
                "date"
            } else if names.last().is_some_and(|n| n == "region_code") {
                "region_name"
            } else {
                ""
            };
            if guess.is_empty() || names.iter().any(|n| n == guess) {
                names.push(format!("key_{}", c + 1));
            } else {
                names.push(guess.to_owned());
            }
        }
        names
    }

    /// The table in long form: one record per data line x value column, line by line.
    pub fn long(&self) -> impl Iterator<Item = LongRecord<'_>> + '_ {
        self.rows.iter().flat_map(move |row| {
            row.cells
                .iter()
                .zip(&self.columns)
                .enumerate()
                .map(move |(j, (&cell, column))| LongRecord {
                    line: row.line,
                    keys: &row.keys,
                    column_index: j,
                    column,
                    cell,
                })
        })
    }

    /// How often each symbol occurs among the cells, in the order of [`Symbol::ALL`].
    ///
    /// ```
    /// use bildung_core::genesis::{GenesisTable, Symbol};
    /// let t = GenesisTable::from_text("GENESIS-Tabelle: 1\n;;A;B\nDG;D;-;x\n01;S;.;-\n", "t")?;
    /// let counts = t.symbol_counts();
    /// assert_eq!(counts[0], (Symbol::Zero, 2));
    /// assert_eq!(counts[1], (Symbol::Unknown, 1));
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn symbol_counts(&self) -> [(Symbol, usize); 5] {
        let mut counts = Symbol::ALL.map(|s| (s, 0usize));
        for row in &self.rows {
            for cell in &row.cells {
                if let Some(s) = cell.symbol() {
                    counts[usize::from(s.code() - 1)].1 += 1;
                }
            }
        }
        counts
    }
}

/// `n` or fewer ASCII digits (at least one).
fn is_digits(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
}

/// A 4-digit year.
fn is_year(s: &str) -> bool {
    s.len() == 4 && is_digits(s, 4)
}

/// A date `dd.mm.yyyy`.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[2] == b'.'
        && b[5] == b'.'
        && [0, 1, 3, 4, 6, 7, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
}

/// True when a first field starts a data line.
fn is_data_key(first: &str) -> bool {
    let f = first.trim();
    f == "DG" || is_digits(f, 12) || is_date(f)
}

/// `text` for an error message: quoted, shortened to [`QUOTE_MAX`] characters.
fn quoted(text: &str) -> String {
    if text.chars().count() <= QUOTE_MAX {
        format!("{text:?}")
    } else {
        let short: String = text.chars().take(QUOTE_MAX).collect();
        format!("{short:?}...")
    }
}

/// Where a record belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Header,
    Data,
    Footer,
}

fn parse(text: &str, source: &str, encoding: Encoding) -> Result<GenesisTable> {
    let err = |line: usize, column: Option<usize>, reason: String| {
        Error::table(
            source,
            Some(line),
            column.map(|c| c.to_string()).as_deref(),
            reason,
        )
    };
    if text.trim().is_empty() {
        return Err(err(1, None, "the file is empty".into()));
    }
    let records = records::split(text).map_err(|u| {
        err(
            u.line,
            Some(u.column),
            "a quoted field (starting with '\"') is not closed before the end of the file".into(),
        )
    })?;
    let mut iter = records.iter().filter(|r| !r.is_blank());
    let Some(first) = iter.next() else {
        return Err(err(1, None, "the file is empty".into()));
    };
    let first_field = first.fields.first().map_or("", |f| f.trim());
    let code = first_field
        .strip_prefix(CODE_MARKER)
        .map(str::trim)
        .ok_or_else(|| {
            err(
                first.line,
                None,
                format!(
                    "not a GENESIS table export: the first line is {}, expected \"{CODE_MARKER} <code>\"",
                    quoted(&first.text())
                ),
            )
        })?;
    if code.is_empty() {
        return Err(err(
            first.line,
            Some(1),
            format!("no table code after \"{CODE_MARKER}\""),
        ));
    }

    let mut title_lines = Vec::new();
    let mut headers: Vec<&Record> = Vec::new();
    let mut data: Vec<&Record> = Vec::new();
    let mut footer: Vec<&Record> = Vec::new();
    let mut part = Part::Header;
    for r in iter {
        let first = r.fields.first().map_or("", String::as_str);
        match part {
            Part::Header if !headers.is_empty() && is_data_key(first) => {
                part = Part::Data;
                data.push(r);
            }
            Part::Header if first.trim().is_empty() => headers.push(r),
            Part::Header => title_lines.push(r.text()),
            Part::Data if is_data_key(first) => data.push(r),
            Part::Data | Part::Footer => {
                if part == Part::Footer
                    && is_data_key(first)
                    && data
                        .first()
                        .is_some_and(|d| d.fields.len() == r.fields.len())
                {
                    return Err(err(
                        r.line,
                        Some(1),
                        format!(
                            "a data line after the footer, which begins at line {}; the data lines must be one block",
                            footer.first().map_or(r.line, |f| f.line)
                        ),
                    ));
                }
                part = Part::Footer;
                footer.push(r);
            }
        }
    }
    let last_line = records.last().map_or(1, |r| r.line);
    if headers.is_empty() {
        return Err(err(
            last_line,
            None,
            "no column header rows (lines starting with ';' that label the value columns) after the title"
                .into(),
        ));
    }
    let Some(first_data) = data.first() else {
        return Err(err(
            last_line,
            None,
            format!(
                "no data lines (first field a 4-digit year, a region code such as DG or 01001, or a date) after the column header rows (line {})",
                headers.first().map_or(1, |h| h.line)
            ),
        ));
    };

    // per header row: its first and one past its last non-empty field
    let spans: Vec<(usize, usize)> = headers
        .iter()
        .map(|h| {
            let filled = |f: &&String| !f.trim().is_empty();
            let first = h.fields.iter().position(|f| filled(&f));
            let last = h.fields.iter().rposition(|f| filled(&f));
            (first.unwrap_or(h.fields.len()), last.map_or(0, |i| i + 1))
        })
        .collect();
    // key columns: the fewest leading empty fields of a header row (>= 1: the first is empty);
    // the header rows label the value columns up to their last non-empty field
    let key_columns = spans.iter().map(|s| s.0).min().unwrap_or(1);
    let header_width = spans.iter().map(|s| s.1).max().unwrap_or(0);
    let mut width = first_data.fields.len();
    if width < header_width {
        return Err(err(
            first_data.line,
            Some(width + 1),
            format!(
                "expected {header_width} fields ({key_columns} key fields and the {} value columns labelled by the column header rows), found {width}",
                header_width - key_columns
            ),
        ));
    }
    for d in &data {
        if d.fields.len() != width {
            return Err(err(
                d.line,
                Some(d.fields.len().min(width) + 1),
                format!(
                    "expected {width} fields (as in the first data line, line {}), found {}",
                    first_data.line,
                    d.fields.len()
                ),
            ));
        }
    }
    let empty_at = |r: &Record, i: usize| r.fields.get(i).is_none_or(|f| f.trim().is_empty());
    // a trailing ';' on every line: drop the empty last column
    if width > key_columns + 1
        && data.iter().all(|d| empty_at(d, width - 1))
        && headers.iter().all(|h| empty_at(h, width - 1))
    {
        width -= 1;
    }
    let columns: Vec<Column> = (key_columns..width)
        .map(|i| Column {
            field: i + 1,
            labels: headers
                .iter()
                .map(|h| h.fields.get(i).map_or("", |f| f.trim()).to_owned())
                .collect(),
        })
        .collect();

    let mut rows = Vec::with_capacity(data.len());
    for d in &data {
        let keys = d.fields[..key_columns]
            .iter()
            .map(|f| f.trim().to_owned())
            .collect();
        let mut cells = Vec::with_capacity(columns.len());
        for (field, column) in d.fields[key_columns..width].iter().zip(&columns) {
            let cell = cell::parse_cell(field).map_err(|reason| {
                err(
                    d.line,
                    Some(column.field),
                    format!(
                        "cell {} (column {}): {reason}",
                        quoted(field),
                        quoted(&column.label())
                    ),
                )
            })?;
            cells.push(cell);
        }
        rows.push(GenesisRow {
            line: d.line,
            keys,
            cells,
        });
    }

    let footer: Vec<String> = footer.iter().map(|r| r.text()).collect();
    let stand = footer
        .iter()
        .find_map(|l| l.strip_prefix("Stand:"))
        .map(|s| s.trim().to_owned());
    Ok(GenesisTable {
        source: source.to_owned(),
        encoding,
        code: code.to_owned(),
        title_lines,
        header_lines: headers.iter().map(|h| h.line).collect(),
        key_columns,
        columns,
        rows,
        footer,
        stand,
    })
}

#[cfg(test)]
mod tests;
