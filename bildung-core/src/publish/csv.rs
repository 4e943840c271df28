//! CSV output (RFC 4180) with symbols in place of suppressed values.

use super::{NumberFormat, PublishTable, flag_names};
use crate::disclosure::SymbolSet;
use crate::error::Result;

/// Options of [`to_csv`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CsvOptions {
    /// Number format and delimiter (German: `;` and `1234,5`; English: `,` and `1234.5`).
    pub format: NumberFormat,
    /// The symbols written in place of suppressed values.
    pub symbols: SymbolSet,
    /// Write thousands separators (`1.234,5`); off by default so that spreadsheets and scripts
    /// read the numbers back.
    pub group_digits: bool,
    /// After each value column, a column `<heading> [status]` with the status name
    /// (`published`, `primary`, ...) and one `<heading> [flags]` with the qualifier names joined by
    /// `+`.
    pub status_columns: bool,
    /// A second column `level` with the row's indentation level.
    pub level_column: bool,
}

/// The table as CSV text (RFC 4180): one header line, one line per row, CRLF line ends; a field
/// that holds the delimiter, a quote, CR or LF is quoted, quotes doubled.
///
/// ```text
/// header:  row_header [; level] ; heading_1 [; heading_1 [status] ; heading_1 [flags]] ; ...
/// row i:   label_i [; level_i] ; text(i, 1) [; status name ; flag names] ; ...
/// text:    number with the column's decimals, or the symbol (a suppressed value is never written)
/// ```
///
/// # Errors
/// As [`PublishTable::check`] and [`SymbolSet::render`].
///
/// # Example
/// ```
/// use bildung_core::disclosure::CellStatus;
/// use bildung_core::publish::{to_csv, Column, CsvOptions, PublishTable};
/// use ndarray::array;
/// let t = PublishTable::new("T", "Gebiet", vec!["Nord; Ost".into(), "Süd".into()],
///     vec![Column::new("Quote", 1).with_unit("%")], array![[12.34], [2.0]])?
///     .with_status(array![[CellStatus::Published], [CellStatus::Primary]])?;
/// let csv = to_csv(&t, &CsvOptions::default())?;
/// assert_eq!(csv, "Gebiet;Quote (%)\r\n\"Nord; Ost\";12,3\r\nSüd;.\r\n");
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn to_csv(table: &PublishTable, options: &CsvOptions) -> Result<String> {
    table.check()?;
    let delim = options.format.csv_delimiter();
    let mut out = String::new();
    let mut line: Vec<String> = vec![table.row_header.clone()];
    if options.level_column {
        line.push("level".to_string());
    }
    for c in &table.columns {
        let h = c.heading();
        if options.status_columns {
            line.push(h.clone());
            line.push(format!("{h} [status]"));
            line.push(format!("{h} [flags]"));
        } else {
            line.push(h);
        }
    }
    write_line(&mut out, &line, delim);
    for i in 0..table.nrows() {
        line.clear();
        line.push(table.row_labels[i].clone());
        if options.level_column {
            line.push(table.row_level[i].to_string());
        }
        for j in 0..table.ncols() {
            line.push(cell(table, i, j, options)?);
            if options.status_columns {
                line.push(table.shown_status(i, j).public_name().to_string());
                let flags = if table.status[(i, j)].is_suppressed() {
                    Vec::new()
                } else {
                    flag_names(table.flags[(i, j)])
                };
                line.push(flags.join("+"));
            }
        }
        write_line(&mut out, &line, delim);
    }
    Ok(out)
}

fn cell(table: &PublishTable, i: usize, j: usize, options: &CsvOptions) -> Result<String> {
    let status = table.status[(i, j)];
    if options.group_digits || status.is_suppressed() {
        return table.cell_text(i, j, options.format, &options.symbols);
    }
    // ungrouped number: render with the symbol rules, then format the number without groups
    let v = table.values[(i, j)];
    let d = table.columns[j].decimals;
    let shown = SymbolSet::shown_status(v, status, d);
    if shown == crate::disclosure::CellStatus::Published {
        let text = options.format.format_ungrouped(v, d)?;
        Ok(options.symbols.apply_flags(&text, table.flags[(i, j)]))
    } else {
        table.cell_text(i, j, options.format, &options.symbols)
    }
}

/// Quote one field per RFC 4180 when it holds the delimiter, a quote, CR or LF.
pub(crate) fn quote(field: &str, delim: char) -> String {
    if field.contains([delim, '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

fn write_line(out: &mut String, fields: &[String], delim: char) {
    for (k, f) in fields.iter().enumerate() {
        if k > 0 {
            out.push(delim);
        }
        out.push_str(&quote(f, delim));
    }
    out.push_str("\r\n");
}
