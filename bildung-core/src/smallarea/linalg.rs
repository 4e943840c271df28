//! Dense linear algebra for the small systems of the Fay-Herriot model (`p` fixed effects,
//! `p` up to about ten): a Cholesky factorisation `A = L L'` of a symmetric positive-definite
//! `p x p` matrix, solves, the inverse and `ln det A` from the diagonal of `L` (methods.md 7.1).
//!
//! Matrices are row-major `Vec<f64>` of length `p * p`.

/// Largest `d_j / a_jj` (the part of column `j` not explained by the columns before it, `1 - R^2`
/// of column `j` on the earlier columns when `A` is a Gram matrix) at which a column counts as a
/// linear combination of the earlier ones. Rounding in a Gram matrix of `m` rows is about
/// `m * 1e-16` relative, so exact collinearity lands far below this; a design with a variance
/// inflation factor above 1e9 is rejected too (its coefficients would be meaningless).
pub(crate) const RANK_TOLERANCE: f64 = 1e-9;

/// The Cholesky factor `L` (lower triangular, row-major) of a `p x p` matrix.
#[derive(Debug, Clone)]
pub(crate) struct Cholesky {
    l: Vec<f64>,
    p: usize,
}

impl Cholesky {
    /// Factorise the symmetric matrix `a` (only its lower triangle is read).
    ///
    /// Fails with the index of the first column `j` whose pivot `d_j` is not above
    /// `tolerance * a_jj` (or whose diagonal is not positive): that column is (numerically) a
    /// linear combination of the columns before it.
    pub(crate) fn new(a: &[f64], p: usize, tolerance: f64) -> Result<Cholesky, usize> {
        let mut l = vec![0.0; p * p];
        for j in 0..p {
            let ajj = a[j * p + j];
            let mut d = ajj;
            for k in 0..j {
                d -= l[j * p + k] * l[j * p + k];
            }
            if !(ajj > 0.0 && d > tolerance * ajj && d.is_finite()) {
                return Err(j);
            }
            let ljj = d.sqrt();
            l[j * p + j] = ljj;
            for i in j + 1..p {
                let mut s = a[i * p + j];
                for k in 0..j {
                    s -= l[i * p + k] * l[j * p + k];
                }
                l[i * p + j] = s / ljj;
            }
        }
        Ok(Cholesky { l, p })
    }

    /// Solve `A x = b` in place.
    pub(crate) fn solve(&self, b: &mut [f64]) {
        let (l, p) = (&self.l, self.p);
        for i in 0..p {
            let mut s = b[i];
            for k in 0..i {
                s -= l[i * p + k] * b[k];
            }
            b[i] = s / l[i * p + i];
        }
        for i in (0..p).rev() {
            let mut s = b[i];
            for k in i + 1..p {
                s -= l[k * p + i] * b[k];
            }
            b[i] = s / l[i * p + i];
        }
    }

    /// `A^-1` (row-major, symmetric).
    pub(crate) fn inverse(&self) -> Vec<f64> {
        let p = self.p;
        let mut inv = vec![0.0; p * p];
        let mut col = vec![0.0; p];
        for j in 0..p {
            col.iter_mut().for_each(|c| *c = 0.0);
            col[j] = 1.0;
            self.solve(&mut col);
            for i in 0..p {
                inv[i * p + j] = col[i];
            }
        }
        // symmetrise the rounding
        for i in 0..p {
            for j in 0..i {
                let s = 0.5 * (inv[i * p + j] + inv[j * p + i]);
                inv[i * p + j] = s;
                inv[j * p + i] = s;
            }
        }
        inv
    }

    /// `ln det A = 2 sum_j ln L_jj`.
    pub(crate) fn ln_det(&self) -> f64 {
        (0..self.p).map(|j| 2.0 * self.l[j * self.p + j].ln()).sum()
    }
}

/// `x' M x` for a symmetric `p x p` matrix `M`.
pub(crate) fn quadratic_form(m: &[f64], x: &[f64]) -> f64 {
    let p = x.len();
    let mut s = 0.0;
    for i in 0..p {
        let mut row = 0.0;
        for j in 0..p {
            row += m[i * p + j] * x[j];
        }
        s += x[i] * row;
    }
    s
}

/// `tr(A B)` for `p x p` matrices (row-major).
pub(crate) fn trace_of_product(a: &[f64], b: &[f64], p: usize) -> f64 {
    let mut s = 0.0;
    for i in 0..p {
        for k in 0..p {
            s += a[i * p + k] * b[k * p + i];
        }
    }
    s
}

/// `A B` for `p x p` matrices (row-major).
pub(crate) fn product(a: &[f64], b: &[f64], p: usize) -> Vec<f64> {
    let mut c = vec![0.0; p * p];
    for i in 0..p {
        for k in 0..p {
            let aik = a[i * p + k];
            for j in 0..p {
                c[i * p + j] += aik * b[k * p + j];
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_inverts_and_takes_the_log_determinant() {
        // A = [[4, 2, 0.4], [2, 10, 1], [0.4, 1, 3]]
        let a = [4.0, 2.0, 0.4, 2.0, 10.0, 1.0, 0.4, 1.0, 3.0];
        let c = Cholesky::new(&a, 3, RANK_TOLERANCE).unwrap();
        let mut b = [1.0, 2.0, 3.0];
        c.solve(&mut b);
        // A b = (1, 2, 3)
        for i in 0..3 {
            let s: f64 = (0..3).map(|j| a[i * 3 + j] * b[j]).sum();
            assert!((s - [1.0, 2.0, 3.0][i]).abs() < 1e-14);
        }
        let inv = c.inverse();
        let id = product(&a, &inv, 3);
        for i in 0..3 {
            for j in 0..3 {
                let want = if i == j { 1.0 } else { 0.0 };
                assert!((id[i * 3 + j] - want).abs() < 1e-14);
            }
        }
        // det A by cofactors: 4 (30 - 1) - 2 (6 - 0.4) + 0.4 (2 - 4) = 104.0
        assert!((c.ln_det() - 104f64.ln()).abs() < 1e-14);
        assert!((quadratic_form(&a, &[1.0, 1.0, 1.0]) - 23.8).abs() < 1e-13);
        assert!((trace_of_product(&a, &inv, 3) - 3.0).abs() < 1e-14);
    }

    #[test]
    fn names_the_dependent_column() {
        // column 2 = column 0 + column 1 in X = [[1, 0, 1], [1, 1, 2], [1, 2, 3], [1, 5, 6]]
        let x = [
            [1.0, 0.0, 1.0],
            [1.0, 1.0, 2.0],
            [1.0, 2.0, 3.0],
            [1.0, 5.0, 6.0],
        ];
        let mut g = [0.0; 9];
        for r in &x {
            for i in 0..3 {
                for j in 0..3 {
                    g[i * 3 + j] += r[i] * r[j];
                }
            }
        }
        assert_eq!(Cholesky::new(&g, 3, RANK_TOLERANCE).unwrap_err(), 2);
        let zero = [1.0, 0.0, 0.0, 0.0];
        assert_eq!(Cholesky::new(&zero, 2, RANK_TOLERANCE).unwrap_err(), 1);
    }
}
