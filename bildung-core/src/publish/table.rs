//! The table to publish: labels, hierarchy levels, columns, values, statuses, qualifiers, notes.

use ndarray::Array2;

use super::NumberFormat;
use super::format::check_decimals;
use crate::disclosure::{CellFlags, CellStatus, SymbolSet};
use crate::error::{Error, Result};

/// The deepest indentation level of a row.
pub const MAX_LEVEL: usize = 8;

/// One value column of a [`PublishTable`].
///
/// ```
/// use bildung_core::publish::Column;
/// let c = Column::new("Anteil ohne Abschluss", 1).with_unit("%");
/// assert_eq!(c.heading(), "Anteil ohne Abschluss (%)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The heading.
    pub label: String,
    /// Decimals shown (0 for counts).
    pub decimals: u32,
    /// The unit (`%`, `Anzahl`, `je 1.000 EW`), shown under the heading.
    pub unit: Option<String>,
}

impl Column {
    /// A column without unit.
    pub fn new(label: impl Into<String>, decimals: u32) -> Column {
        Column {
            label: label.into(),
            decimals,
            unit: None,
        }
    }

    /// The same column with a unit.
    pub fn with_unit(mut self, unit: impl Into<String>) -> Column {
        self.unit = Some(unit.into());
        self
    }

    /// `label (unit)`, or the label alone.
    pub fn heading(&self) -> String {
        match &self.unit {
            Some(u) if !u.is_empty() => format!("{} ({u})", self.label),
            _ => self.label.clone(),
        }
    }
}

/// A table ready to be published: every cell has a value, a [`CellStatus`] and [`CellFlags`];
/// rows carry an indentation level for hierarchies (city 0, Bezirk 1, Ortsteil 2).
///
/// Validation ([`PublishTable::check`], run by every writer):
/// ```text
/// values, status, flags: rows x columns;  row_labels, row_level: rows;  rows, columns >= 1
/// level[0] <= MAX_LEVEL,  level[i] <= level[i-1] + 1
/// shown cell (published, zero, less than half): value finite
/// status zero: value == 0;  status less than half: value != 0 and rounds to 0 at the decimals
/// suppressed cell: any value (NaN allowed); it is never written
/// ```
///
/// # Example
/// ```
/// use bildung_core::disclosure::{CellStatus, SymbolSet};
/// use bildung_core::publish::{Column, NumberFormat, PublishTable};
/// use ndarray::array;
/// let t = PublishTable::new(
///     "Schulabgänger 2023",
///     "Gebiet",
///     vec!["Stadt".into(), "Nord".into(), "Süd".into()],
///     vec![Column::new("Abgänger", 0), Column::new("ohne Abschluss", 0)],
///     array![[1234.0, 7.0], [1000.0, 5.0], [234.0, 2.0]],
/// )?
/// .with_row_levels(vec![0, 1, 1])?
/// .with_status(array![
///     [CellStatus::Published, CellStatus::Published],
///     [CellStatus::Published, CellStatus::Secondary],
///     [CellStatus::Published, CellStatus::Primary],
/// ])?;
/// let s = SymbolSet::classical();
/// assert_eq!(t.cell_text(0, 0, NumberFormat::German, &s)?, "1.234");
/// assert_eq!(t.cell_text(2, 1, NumberFormat::German, &s)?, ".");
/// # Ok::<(), bildung_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PublishTable {
    /// The title (caption).
    pub title: String,
    /// Heading of the label column (`Gebiet`).
    pub row_header: String,
    /// One label per row.
    pub row_labels: Vec<String>,
    /// Indentation level per row (0 = top).
    pub row_level: Vec<usize>,
    /// The value columns.
    pub columns: Vec<Column>,
    /// Values, rows x columns (a suppressed cell keeps its value; it is never written).
    pub values: Array2<f64>,
    /// Status per cell.
    pub status: Array2<CellStatus>,
    /// Qualifiers per cell.
    pub flags: Array2<CellFlags>,
    /// Footnotes, in order.
    pub notes: Vec<String>,
    /// The source line (`Quelle: ...` is added on output).
    pub source: Option<String>,
}

impl PublishTable {
    /// A table with every cell published, no qualifiers, every row at level 0.
    ///
    /// # Errors
    /// As [`PublishTable::check`].
    pub fn new(
        title: impl Into<String>,
        row_header: impl Into<String>,
        row_labels: Vec<String>,
        columns: Vec<Column>,
        values: Array2<f64>,
    ) -> Result<PublishTable> {
        let (r, c) = values.dim();
        let t = PublishTable {
            title: title.into(),
            row_header: row_header.into(),
            row_level: vec![0; row_labels.len()],
            row_labels,
            columns,
            status: Array2::from_elem((r, c), CellStatus::Published),
            flags: Array2::from_elem((r, c), CellFlags::NONE),
            values,
            notes: Vec::new(),
            source: None,
        };
        t.check()?;
        Ok(t)
    }

    /// The same table with these statuses.
    ///
    /// # Errors
    /// As [`PublishTable::check`].
    pub fn with_status(mut self, status: Array2<CellStatus>) -> Result<PublishTable> {
        self.status = status;
        self.check()?;
        Ok(self)
    }

    /// The same table with these qualifiers.
    ///
    /// # Errors
    /// As [`PublishTable::check`].
    pub fn with_flags(mut self, flags: Array2<CellFlags>) -> Result<PublishTable> {
        self.flags = flags;
        self.check()?;
        Ok(self)
    }

    /// The same table with these row levels.
    ///
    /// # Errors
    /// As [`PublishTable::check`].
    pub fn with_row_levels(mut self, levels: Vec<usize>) -> Result<PublishTable> {
        self.row_level = levels;
        self.check()?;
        Ok(self)
    }

    /// The same table with one more footnote.
    pub fn with_note(mut self, note: impl Into<String>) -> PublishTable {
        self.notes.push(note.into());
        self
    }

    /// The same table with a source line.
    pub fn with_source(mut self, source: impl Into<String>) -> PublishTable {
        self.source = Some(source.into());
        self
    }

    /// Number of rows.
    pub fn nrows(&self) -> usize {
        self.values.nrows()
    }

    /// Number of value columns.
    pub fn ncols(&self) -> usize {
        self.values.ncols()
    }

    /// Check shapes, levels and the agreement of values and statuses (rules on
    /// [`PublishTable`]).
    ///
    /// # Errors
    /// [`ErrorKind::EmptyInput`](crate::ErrorKind::EmptyInput) for no rows or columns;
    /// [`ErrorKind::ShapeMismatch`](crate::ErrorKind::ShapeMismatch) naming `row_labels`,
    /// `row_level`, `columns`, `status` or `flags`;
    /// [`ErrorKind::MalformedInput`](crate::ErrorKind::MalformedInput) naming the table, row and
    /// column for a level jump, a NaN or infinite shown value, a zero status on a non-zero value
    /// or a less-than-half status on a value that does not round to 0;
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for too many decimals.
    pub fn check(&self) -> Result<()> {
        let (r, c) = self.values.dim();
        if r == 0 || c == 0 {
            return Err(Error::EmptyInput {
                what: "publish table without rows or columns",
            });
        }
        let shape = |what: &'static str, expected: usize, found: usize| {
            if expected == found {
                Ok(())
            } else {
                Err(Error::ShapeMismatch {
                    what,
                    expected,
                    found,
                })
            }
        };
        shape("row_labels", r, self.row_labels.len())?;
        shape("row_level", r, self.row_level.len())?;
        shape("columns", c, self.columns.len())?;
        shape("status", r * c, self.status.len())?;
        shape("status rows", r, self.status.nrows())?;
        shape("flags", r * c, self.flags.len())?;
        shape("flags rows", r, self.flags.nrows())?;
        for col in &self.columns {
            check_decimals(col.decimals)?;
        }
        for (i, &level) in self.row_level.iter().enumerate() {
            let max = if i == 0 {
                MAX_LEVEL
            } else {
                (self.row_level[i - 1] + 1).min(MAX_LEVEL)
            };
            if level > max {
                return Err(self.err(
                    i,
                    None,
                    format!("row level {level} is deeper than allowed here (at most {max})"),
                ));
            }
        }
        for ((i, j), &v) in self.values.indexed_iter() {
            let status = self.status[(i, j)];
            if status.is_suppressed() {
                continue;
            }
            if !v.is_finite() {
                return Err(self.err(
                    i,
                    Some(j),
                    format!(
                        "value {v} with status {} (a shown value must be finite; give a suppressing status such as unknown)",
                        status.name()
                    ),
                ));
            }
            let decimals = self.columns[j].decimals;
            match status {
                CellStatus::Zero if v != 0.0 => {
                    return Err(self.err(i, Some(j), format!("status zero but value {v}")));
                }
                CellStatus::LessThanHalf
                    if v == 0.0 || !super::format::rounds_to_zero(v, decimals) =>
                {
                    return Err(self.err(
                        i,
                        Some(j),
                        format!(
                            "status less_than_half but value {v} (must be non-zero and round to 0 at {decimals} decimals)"
                        ),
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn err(&self, row: usize, col: Option<usize>, reason: String) -> Error {
        let label = self.row_labels.get(row).cloned().unwrap_or_default();
        Error::table(
            self.title.clone(),
            Some(row),
            col.and_then(|j| self.columns.get(j))
                .map(|c| c.label.as_str()),
            format!("({label}) {reason}"),
        )
    }

    /// The status cell `(row, col)` is shown with (see [`SymbolSet::shown_status`]).
    /// Out-of-range positions give [`CellStatus::Unknown`].
    pub fn shown_status(&self, row: usize, col: usize) -> CellStatus {
        match (self.values.get((row, col)), self.status.get((row, col))) {
            (Some(&v), Some(&s)) => {
                let d = self.columns.get(col).map_or(0, |c| c.decimals);
                SymbolSet::shown_status(v, s, d)
            }
            _ => CellStatus::Unknown,
        }
    }

    /// The text of cell `(row, col)`: the number with the column's decimals, or the symbol.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for a position
    /// outside the table; otherwise as [`SymbolSet::render`].
    pub fn cell_text(
        &self,
        row: usize,
        col: usize,
        format: NumberFormat,
        symbols: &SymbolSet,
    ) -> Result<String> {
        let (Some(&v), Some(&s), Some(&f), Some(c)) = (
            self.values.get((row, col)),
            self.status.get((row, col)),
            self.flags.get((row, col)),
            self.columns.get(col),
        ) else {
            return Err(Error::parameter(
                "cell",
                format!("({row}, {col})"),
                format!("outside the {} x {} table", self.nrows(), self.ncols()),
            ));
        };
        symbols.render(v, s, f, c.decimals, format)
    }

    /// The shown statuses and the union of the qualifiers of shown cells: what the table's
    /// legend must explain.
    pub fn used_symbols(&self) -> (Vec<CellStatus>, CellFlags) {
        let mut statuses = Vec::new();
        let mut flags = CellFlags::NONE;
        for ((i, j), &f) in self.flags.indexed_iter() {
            let s = self.shown_status(i, j);
            if !statuses.contains(&s) {
                statuses.push(s);
            }
            if !s.is_suppressed() {
                flags |= f;
            }
        }
        statuses.sort();
        (statuses, flags)
    }
}

/// Names of the set qualifiers (`provisional`, `revised`, ...), in bit order: the names used in
/// JSON and in CSV status columns.
///
/// ```
/// use bildung_core::disclosure::CellFlags;
/// use bildung_core::publish::flag_names;
/// assert_eq!(flag_names(CellFlags::PROVISIONAL | CellFlags::LIMITED), vec!["limited", "provisional"]);
/// ```
pub fn flag_names(flags: CellFlags) -> Vec<&'static str> {
    const NAMES: [(CellFlags, &str); 8] = [
        (CellFlags::LIMITED, "limited"),
        (CellFlags::PROVISIONAL, "provisional"),
        (CellFlags::REVISED, "revised"),
        (CellFlags::ESTIMATED, "estimated"),
        (CellFlags::BREAK, "break"),
        (CellFlags::FINAL, "final"),
        (CellFlags::ERRONEOUS, "erroneous"),
        (CellFlags::PERTURBED, "perturbed"),
    ];
    NAMES
        .iter()
        .filter(|(f, _)| flags.contains(*f))
        .map(|&(_, n)| n)
        .collect()
}
