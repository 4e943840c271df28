//! Validation of indicator tables (areas x indicators) and per-area vectors.
//!
//! * no row: [`Error::EmptyInput`] (`"no areas"`); no column: [`Error::EmptyInput`]
//!   (`"no indicators"`);
//! * `±inf` anywhere: [`Error::NonFinite`] naming the cell (row-major position
//!   `row * columns + column`), under every policy;
//! * NaN: [`Error::MissingValue`] naming the first such cell under [`NanPolicy::Raise`]; else the
//!   area gets status [`AreaStatus::Missing`] and `Propagate` sets [`Flags::MISSING_PROPAGATED`].

use ndarray::{ArrayView1, ArrayView2, Axis};

use crate::error::{Error, Result};
use crate::input::{AreaStatus, Flags, NanPolicy};

/// What validation learnt about a table.
#[derive(Debug, Clone)]
pub(crate) struct Scan {
    /// Status of every area: `Missing` if any of its cells is NaN, else `Ok`.
    pub(crate) status: Vec<AreaStatus>,
    /// Areas with a missing cell.
    pub(crate) n_dropped: usize,
    /// [`Flags::MISSING_PROPAGATED`] under `Propagate` with a missing cell.
    pub(crate) flags: Flags,
}

impl Scan {
    /// Areas without a missing cell.
    pub(crate) fn n_used(&self) -> usize {
        self.status.len() - self.n_dropped
    }
}

/// Validate the table `what` (areas x indicators).
pub(crate) fn scan_table(
    what: &'static str,
    x: ArrayView2<'_, f64>,
    nan: NanPolicy,
) -> Result<Scan> {
    let (rows, cols) = x.dim();
    if rows == 0 {
        return Err(Error::EmptyInput { what: "no areas" });
    }
    if cols == 0 {
        return Err(Error::EmptyInput {
            what: "no indicators",
        });
    }
    let mut status = vec![AreaStatus::Ok; rows];
    let mut first_missing = None;
    let mut n_dropped = 0;
    for (i, row) in x.axis_iter(Axis(0)).enumerate() {
        for (j, &v) in row.iter().enumerate() {
            if v.is_infinite() {
                return Err(Error::NonFinite {
                    what,
                    index: i * cols + j,
                    value: v,
                });
            }
            if v.is_nan() {
                first_missing.get_or_insert(i * cols + j);
                if status[i] == AreaStatus::Ok {
                    status[i] = AreaStatus::Missing;
                    n_dropped += 1;
                }
            }
        }
    }
    let flags = crate::counts::resolve_missing(first_missing.map(|index| (what, index)), nan)?;
    Ok(Scan {
        status,
        n_dropped,
        flags,
    })
}

/// Validate the per-area vector `what` (one value per area).
pub(crate) fn scan_vector(
    what: &'static str,
    v: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<Scan> {
    scan_table(what, v.insert_axis(Axis(1)), nan)
}

/// The polarity of every indicator: `±1` each (default all `+1`).
pub(crate) fn polarity(polarity: Option<&[f64]>, cols: usize) -> Result<Vec<f64>> {
    let Some(p) = polarity else {
        return Ok(vec![1.0; cols]);
    };
    if p.len() != cols {
        return Err(Error::ShapeMismatch {
            what: "polarity",
            expected: cols,
            found: p.len(),
        });
    }
    for &s in p {
        if s != 1.0 && s != -1.0 {
            return Err(Error::parameter(
                "polarity",
                s,
                "each indicator's polarity must be +1 (higher = more disadvantaged) or -1",
            ));
        }
    }
    Ok(p.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::array;

    #[test]
    fn cells_are_named_row_major() {
        let x = array![[1.0, 2.0], [3.0, f64::NAN], [f64::NAN, 1.0]];
        let e = scan_table("x", x.view(), NanPolicy::Raise).unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::MissingValue, Some(3)));
        let s = scan_table("x", x.view(), NanPolicy::Propagate).unwrap();
        assert_eq!(s.n_dropped, 2);
        assert_eq!(s.n_used(), 1);
        assert!(s.flags.contains(Flags::MISSING_PROPAGATED));
        let inf = array![[1.0, f64::NAN], [f64::INFINITY, 1.0]];
        let e = scan_table("x", inf.view(), NanPolicy::Omit).unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::NonFinite, Some(2)));
        let none = ndarray::Array2::<f64>::zeros((0, 2));
        assert_eq!(
            scan_table("x", none.view(), NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::EmptyInput
        );
        let e = polarity(Some(&[1.0, 0.5]), 2).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidParameter);
        assert_eq!(
            polarity(Some(&[1.0]), 2).unwrap_err().kind(),
            ErrorKind::ShapeMismatch
        );
    }
}
