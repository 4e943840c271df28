//! The table model of disclosure control: cells and additivity relations.
//!
//! Every table that cell suppression protects is written as a *linear table*: a vector of cell
//! values `x` and a list of relations, each saying that one cell (the total) is the sum of
//! other cells (its parts):
//!
//! ```text
//! x[total] = sum_{k in parts} x[k]          for every relation
//! x[c] >= 0                                 for every cell (counts)
//! ```
//!
//! Two-way tables with margins, hierarchies of areas (Ortsteil within Bezirk within the city)
//! crossed with categories and a total column, and any mix of both are linear tables; the
//! suppression and the audit work on this general form only.

use ndarray::ArrayView2;

use crate::{Error, Result};

/// One additivity relation: `values[total] == sum(values[parts])`.
///
/// ```text
/// x[total] = x[parts[0]] + x[parts[1]] + ... + x[parts[m-1]]
/// ```
///
/// ```
/// use bildung_core::disclosure::{LinearTable, Relation};
/// let t = LinearTable::new(vec![2., 3., 5.], vec![Relation { total: 2, parts: vec![0, 1] }])?;
/// assert_eq!(t.relations()[0].parts, vec![0, 1]);
/// # Ok::<(), bildung_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// The total cell (0-based).
    pub total: usize,
    /// The cells that add up to the total (0-based, distinct, not the total itself).
    pub parts: Vec<usize>,
}

/// Cells and additivity relations of a table to be protected (see the module docs).
///
/// ```text
/// values[c] finite, >= 0;  |values[total] - sum values[parts]| <= 1e-9 * max(1, |values[total]|)
/// ```
///
/// ```
/// use bildung_core::disclosure::LinearTable;
/// use ndarray::array;
/// // 2 x 2 interior; margins are computed: layout 3 x 3, row-major
/// let t = LinearTable::two_way(array![[1., 4.], [6., 9.]].view())?;
/// assert_eq!(t.len(), 9);
/// assert_eq!(t.values()[8], 20.); // grand total
/// assert_eq!(t.values()[2], 5.); // row total of row 0
/// assert_eq!(t.values()[6], 7.); // column total of column 0
/// # Ok::<(), bildung_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LinearTable {
    values: Vec<f64>,
    labels: Option<Vec<String>>,
    relations: Vec<Relation>,
    /// CSR: relations that hold each cell (as total or part).
    cell_rel_offsets: Vec<usize>,
    cell_rel: Vec<usize>,
}

impl LinearTable {
    /// A table from cell values and relations; validates everything.
    ///
    /// ```text
    /// errors: empty values; NaN / inf / negative value; a relation index >= len; a relation
    /// without parts, with the total among its parts or with a part twice (InvalidParameter);
    /// |x[total] - sum x[parts]| > 1e-9 * max(1, |x[total]|)  -> Error::InconsistentTotal
    /// ```
    ///
    /// ```
    /// use bildung_core::disclosure::{LinearTable, Relation};
    /// use bildung_core::ErrorKind;
    /// let bad = LinearTable::new(vec![2., 3., 6.], vec![Relation { total: 2, parts: vec![0, 1] }]);
    /// assert_eq!(bad.unwrap_err().kind(), ErrorKind::InconsistentTable);
    /// ```
    pub fn new(values: Vec<f64>, relations: Vec<Relation>) -> Result<Self> {
        if values.is_empty() {
            return Err(Error::EmptyInput {
                what: "table values",
            });
        }
        for (i, &v) in values.iter().enumerate() {
            if v.is_nan() {
                return Err(Error::MissingValue {
                    what: "values",
                    index: i,
                });
            }
            if v.is_infinite() {
                return Err(Error::NonFinite {
                    what: "values",
                    index: i,
                    value: v,
                });
            }
            if v < 0.0 {
                return Err(Error::NegativeValue {
                    what: "values",
                    index: i,
                    value: v,
                });
            }
        }
        let n = values.len();
        let mut seen = vec![usize::MAX; n];
        for (r, rel) in relations.iter().enumerate() {
            if rel.total >= n {
                return Err(Error::parameter(
                    "relations",
                    format!("relation {r}"),
                    format!("total {} is not a cell (table has {n} cells)", rel.total),
                ));
            }
            if rel.parts.is_empty() {
                return Err(Error::parameter(
                    "relations",
                    format!("relation {r}"),
                    "a relation needs at least one part",
                ));
            }
            seen[rel.total] = r;
            for &p in &rel.parts {
                if p >= n {
                    return Err(Error::parameter(
                        "relations",
                        format!("relation {r}"),
                        format!("part {p} is not a cell (table has {n} cells)"),
                    ));
                }
                if p == rel.total {
                    return Err(Error::parameter(
                        "relations",
                        format!("relation {r}"),
                        format!("the total {p} is among its own parts"),
                    ));
                }
                if seen[p] == r {
                    return Err(Error::parameter(
                        "relations",
                        format!("relation {r}"),
                        format!("part {p} appears twice"),
                    ));
                }
                seen[p] = r;
            }
        }
        // CSR index cell -> relations
        let mut counts = vec![0usize; n + 1];
        for rel in &relations {
            counts[rel.total + 1] += 1;
            for &p in &rel.parts {
                counts[p + 1] += 1;
            }
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let mut fill = counts.clone();
        let mut cell_rel = vec![0usize; counts[n]];
        for (r, rel) in relations.iter().enumerate() {
            for c in std::iter::once(rel.total).chain(rel.parts.iter().copied()) {
                cell_rel[fill[c]] = r;
                fill[c] += 1;
            }
        }
        let table = LinearTable {
            values,
            labels: None,
            relations,
            cell_rel_offsets: counts,
            cell_rel,
        };
        table.check_sums()?;
        Ok(table)
    }

    fn check_sums(&self) -> Result<()> {
        for (r, rel) in self.relations.iter().enumerate() {
            let total = self.values[rel.total];
            let sum = kahan_sum(rel.parts.iter().map(|&p| self.values[p]));
            if (total - sum).abs() > 1e-9 * total.abs().max(1.0) {
                return Err(Error::InconsistentTotal {
                    cell: rel.total,
                    label: self.label(rel.total),
                    relation: r,
                    total,
                    sum_of_parts: sum,
                    n_parts: rel.parts.len(),
                });
            }
        }
        Ok(())
    }

    /// The same table with readable cell labels (used in error messages).
    ///
    /// ```text
    /// labels.len() == len()   else Error::ShapeMismatch
    /// ```
    ///
    /// ```
    /// use bildung_core::disclosure::{LinearTable, Relation};
    /// let t = LinearTable::new(vec![2., 3., 5.], vec![Relation { total: 2, parts: vec![0, 1] }])?
    ///     .with_labels(vec!["a".into(), "b".into(), "Summe".into()])?;
    /// assert_eq!(t.label(2), "Summe");
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn with_labels(mut self, labels: Vec<String>) -> Result<Self> {
        if labels.len() != self.values.len() {
            return Err(Error::ShapeMismatch {
                what: "labels",
                expected: self.values.len(),
                found: labels.len(),
            });
        }
        self.labels = Some(labels);
        Ok(self)
    }

    /// A two-way table from its interior `r x c`; the margins are computed.
    ///
    /// ```text
    /// layout (r+1) x (c+1), row-major: cell (i, j) = i*(c+1) + j
    /// x[i, c] = sum_j x[i, j]   (row totals, i = 0..=r)
    /// x[r, j] = sum_i x[i, j]   (column totals, j = 0..=c; x[r, c] = grand total)
    /// ```
    ///
    /// ```
    /// use bildung_core::disclosure::LinearTable;
    /// use ndarray::array;
    /// let t = LinearTable::two_way(array![[1., 2., 3.]].view())?;
    /// assert_eq!(t.values(), &[1., 2., 3., 6., 1., 2., 3., 6.]);
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn two_way(interior: ArrayView2<f64>) -> Result<Self> {
        let (r, c) = interior.dim();
        if r == 0 || c == 0 {
            return Err(Error::EmptyInput {
                what: "two-way table interior",
            });
        }
        let w = c + 1;
        let mut full = vec![0.0; (r + 1) * w];
        for i in 0..r {
            for j in 0..c {
                full[i * w + j] = interior[[i, j]];
            }
        }
        // validate interior before summing (so that errors name interior values)
        for (k, &v) in full.iter().enumerate() {
            if !v.is_finite() || v < 0.0 {
                return LinearTable::new(full.clone(), Vec::new()).map_err(|e| match e {
                    Error::MissingValue { .. } => Error::MissingValue {
                        what: "interior",
                        index: (k / w) * c + k % w,
                    },
                    Error::NonFinite { value, .. } => Error::NonFinite {
                        what: "interior",
                        index: (k / w) * c + k % w,
                        value,
                    },
                    Error::NegativeValue { value, .. } => Error::NegativeValue {
                        what: "interior",
                        index: (k / w) * c + k % w,
                        value,
                    },
                    other => other,
                });
            }
        }
        for i in 0..r {
            full[i * w + c] = kahan_sum((0..c).map(|j| full[i * w + j]));
        }
        for j in 0..=c {
            full[r * w + j] = kahan_sum((0..r).map(|i| full[i * w + j]));
        }
        LinearTable::new(full, two_way_relations(r, c))
    }

    /// A two-way table given with its margins (`(r+1) x (c+1)`, last row = column totals, last
    /// column = row totals); the margins are checked.
    ///
    /// ```text
    /// same layout and relations as two_way; a margin that does not add up
    /// -> Error::InconsistentTotal naming the cell "row i, column j"
    /// ```
    ///
    /// ```
    /// use bildung_core::disclosure::LinearTable;
    /// use bildung_core::ErrorKind;
    /// use ndarray::array;
    /// let ok = LinearTable::two_way_with_margins(array![[1., 2., 3.], [1., 2., 3.]].view())?;
    /// assert_eq!(ok.len(), 6);
    /// let bad = LinearTable::two_way_with_margins(array![[1., 2., 4.], [1., 2., 4.]].view());
    /// assert_eq!(bad.unwrap_err().kind(), ErrorKind::InconsistentTable);
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn two_way_with_margins(full: ArrayView2<f64>) -> Result<Self> {
        let (r1, c1) = full.dim();
        if r1 < 2 || c1 < 2 {
            return Err(Error::parameter(
                "full",
                format!("{r1} x {c1}"),
                "a table with margins needs at least 2 rows and 2 columns",
            ));
        }
        let values: Vec<f64> = full.iter().copied().collect();
        let mut t = LinearTable::new(values, Vec::new())?;
        t.labels = Some(
            (0..r1 * c1)
                .map(|k| format!("row {}, column {}", k / c1, k % c1))
                .collect(),
        );
        t.install_relations(two_way_relations(r1 - 1, c1 - 1))?;
        Ok(t)
    }

    /// A hierarchy of areas crossed with columns: `values` is `rows x cols`, `parent[row]` the
    /// parent row of each row (`None` for a root), cell = `row * cols + col`.
    ///
    /// ```text
    /// x[p, j] = sum_{row: parent[row] = p} x[row, j]     for every row p with children, every j
    /// x[row, t] = sum_{j != t} x[row, j]                  for every row, if total_column = Some(t)
    /// errors: parent.len() != rows; a parent out of range, a row its own ancestor (cycle);
    ///         t >= cols or cols < 2 with a total column; sums that do not add up
    /// ```
    ///
    /// ```
    /// use bildung_core::disclosure::LinearTable;
    /// use ndarray::array;
    /// // city = Bezirk A + Bezirk B; columns: boys, girls, total
    /// let v = array![[5., 7., 12.], [2., 3., 5.], [3., 4., 7.]];
    /// let t = LinearTable::hierarchical(v.view(), &[None, Some(0), Some(0)], Some(2))?;
    /// assert_eq!(t.relations().len(), 3 + 3); // 3 hierarchy + 3 row relations
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn hierarchical(
        values: ArrayView2<f64>,
        parent: &[Option<usize>],
        total_column: Option<usize>,
    ) -> Result<Self> {
        let (rows, cols) = values.dim();
        if rows == 0 || cols == 0 {
            return Err(Error::EmptyInput {
                what: "hierarchical table",
            });
        }
        if parent.len() != rows {
            return Err(Error::ShapeMismatch {
                what: "parent",
                expected: rows,
                found: parent.len(),
            });
        }
        for (row, p) in parent.iter().enumerate() {
            if let Some(p) = *p
                && p >= rows
            {
                return Err(Error::parameter(
                    "parent",
                    format!("parent[{row}] = {p}"),
                    format!("not a row (table has {rows} rows)"),
                ));
            }
        }
        // cycle check: walk up at most `rows` steps
        for start in 0..rows {
            let mut cur = parent[start];
            let mut steps = 0;
            while let Some(p) = cur {
                if p == start || steps > rows {
                    return Err(Error::parameter(
                        "parent",
                        format!("row {start}"),
                        "the parent links form a cycle (a row is its own ancestor)",
                    ));
                }
                cur = parent[p];
                steps += 1;
            }
        }
        if let Some(t) = total_column
            && (t >= cols || cols < 2)
        {
            return Err(Error::parameter(
                "total_column",
                t,
                format!("must be a column index < {cols} of a table with at least 2 columns"),
            ));
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); rows];
        for (row, p) in parent.iter().enumerate() {
            if let Some(p) = *p {
                children[p].push(row);
            }
        }
        let mut relations = Vec::new();
        for (p, ch) in children.iter().enumerate() {
            if ch.is_empty() {
                continue;
            }
            for j in 0..cols {
                relations.push(Relation {
                    total: p * cols + j,
                    parts: ch.iter().map(|&r| r * cols + j).collect(),
                });
            }
        }
        if let Some(t) = total_column {
            for row in 0..rows {
                relations.push(Relation {
                    total: row * cols + t,
                    parts: (0..cols)
                        .filter(|&j| j != t)
                        .map(|j| row * cols + j)
                        .collect(),
                });
            }
        }
        let flat: Vec<f64> = values.iter().copied().collect();
        let mut t = LinearTable::new(flat, Vec::new())?;
        t.labels = Some(
            (0..rows * cols)
                .map(|k| format!("row {}, column {}", k / cols, k % cols))
                .collect(),
        );
        t.install_relations(relations)?;
        Ok(t)
    }

    fn install_relations(&mut self, relations: Vec<Relation>) -> Result<()> {
        let labels = self.labels.take();
        let mut t = LinearTable::new(self.values.clone(), relations).map_err(|e| match e {
            Error::InconsistentTotal {
                cell,
                relation,
                total,
                sum_of_parts,
                n_parts,
                ..
            } => Error::InconsistentTotal {
                cell,
                label: labels
                    .as_ref()
                    .and_then(|l| l.get(cell).cloned())
                    .unwrap_or_else(|| format!("cell {cell}")),
                relation,
                total,
                sum_of_parts,
                n_parts,
            },
            other => other,
        })?;
        t.labels = labels;
        *self = t;
        Ok(())
    }

    /// Number of cells.
    ///
    /// ```
    /// use bildung_core::disclosure::LinearTable;
    /// assert_eq!(LinearTable::new(vec![1.], vec![])?.len(), 1);
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the table has no cells (never: construction rejects empty tables).
    ///
    /// ```
    /// use bildung_core::disclosure::LinearTable;
    /// assert!(!LinearTable::new(vec![1.], vec![])?.is_empty());
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The cell values.
    ///
    /// ```
    /// use bildung_core::disclosure::LinearTable;
    /// assert_eq!(LinearTable::new(vec![1., 2.], vec![])?.values(), &[1., 2.]);
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The relations.
    ///
    /// ```
    /// use bildung_core::disclosure::LinearTable;
    /// assert!(LinearTable::new(vec![1., 2.], vec![])?.relations().is_empty());
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// The relations (indices into [`relations`](Self::relations)) that hold `cell`, as total
    /// or part; empty for a cell out of range.
    ///
    /// ```
    /// use bildung_core::disclosure::{LinearTable, Relation};
    /// let t = LinearTable::new(vec![2., 3., 5.], vec![Relation { total: 2, parts: vec![0, 1] }])?;
    /// assert_eq!(t.relations_of(0), &[0]);
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn relations_of(&self, cell: usize) -> &[usize] {
        match (
            self.cell_rel_offsets.get(cell),
            self.cell_rel_offsets.get(cell + 1),
        ) {
            (Some(&a), Some(&b)) => &self.cell_rel[a..b],
            _ => &[],
        }
    }

    /// A readable name of a cell: its label if labels were given, else `"cell {index}"`.
    ///
    /// ```
    /// use bildung_core::disclosure::LinearTable;
    /// assert_eq!(LinearTable::new(vec![1., 2.], vec![])?.label(1), "cell 1");
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn label(&self, cell: usize) -> String {
        self.labels
            .as_ref()
            .and_then(|l| l.get(cell).cloned())
            .unwrap_or_else(|| format!("cell {cell}"))
    }
}

/// Relations of an `(r+1) x (c+1)` two-way table with margins, row-major.
fn two_way_relations(r: usize, c: usize) -> Vec<Relation> {
    let w = c + 1;
    let mut rel = Vec::with_capacity(r + c + 2);
    for i in 0..=r {
        rel.push(Relation {
            total: i * w + c,
            parts: (0..c).map(|j| i * w + j).collect(),
        });
    }
    for j in 0..=c {
        rel.push(Relation {
            total: r * w + j,
            parts: (0..r).map(|i| i * w + j).collect(),
        });
    }
    rel
}

/// Compensated (Neumaier) sum.
pub(crate) fn kahan_sum(it: impl Iterator<Item = f64>) -> f64 {
    let mut s = 0.0;
    let mut comp = 0.0;
    for v in it {
        let t = s + v;
        if s.abs() >= v.abs() {
            comp += (s - t) + v;
        } else {
            comp += (v - t) + s;
        }
        s = t;
    }
    s + comp
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::ErrorKind;
    use ndarray::array;

    #[test]
    fn two_way_layout_and_relations() {
        let t = LinearTable::two_way(array![[1., 2.], [3., 4.]].view()).unwrap();
        assert_eq!(t.values(), &[1., 2., 3., 3., 4., 7., 4., 6., 10.]);
        assert_eq!(t.relations().len(), 6);
        assert_eq!(t.relations_of(4).len(), 2);
        assert_eq!(t.relations_of(8).len(), 2);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        let r = |t, p: Vec<usize>| Relation { total: t, parts: p };
        assert_eq!(
            LinearTable::new(vec![], vec![]).unwrap_err().kind(),
            ErrorKind::EmptyInput
        );
        assert_eq!(
            LinearTable::new(vec![f64::NAN], vec![]).unwrap_err().kind(),
            ErrorKind::MissingValue
        );
        assert_eq!(
            LinearTable::new(vec![-1.], vec![]).unwrap_err().kind(),
            ErrorKind::NegativeValue
        );
        assert_eq!(
            LinearTable::new(vec![1., 1.], vec![r(1, vec![0, 0])])
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidParameter
        );
        assert_eq!(
            LinearTable::new(vec![1., 1.], vec![r(1, vec![1])])
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidParameter
        );
        assert_eq!(
            LinearTable::new(vec![1., 1.], vec![r(5, vec![0])])
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidParameter
        );
        let e = LinearTable::hierarchical(array![[1.], [1.]].view(), &[Some(1), Some(0)], None)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidParameter);
        let e =
            LinearTable::hierarchical(array![[3., 1.], [1., 1.]].view(), &[None, Some(0)], None)
                .unwrap_err();
        match e {
            Error::InconsistentTotal { cell, label, .. } => {
                assert_eq!(cell, 0);
                assert_eq!(label, "row 0, column 0");
            }
            other => panic!("{other:?}"),
        }
    }
}
