//! Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method
//! (Golub & Van Loan, Matrix Computations, 4th ed., algorithm 8.5.3): enough for the
//! correlation matrix of a handful of indicators, without a linear-algebra dependency.

use crate::error::{Error, Result};

/// Sweeps before giving up (Jacobi converges quadratically; a 10 x 10 matrix needs about 8,
/// plus the few that set the last negligible elements to 0).
const MAX_SWEEPS: usize = 100;

/// Eigen-decomposition `A = V diag(values) V'` of a symmetric matrix.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Eigen {
    /// Eigenvalues, descending.
    pub(crate) values: Vec<f64>,
    /// Eigenvectors, row-major `p x p`: column `k` is the unit eigenvector of `values[k]`.
    pub(crate) vectors: Vec<f64>,
}

/// Eigen-decomposition of the symmetric `p x p` matrix `a` (row-major; only symmetric input is
/// meaningful). Each eigenvector's sign is fixed so that its entries sum to more than 0 (if
/// they sum to 0: its first non-zero entry is positive).
pub(crate) fn symmetric_eigen(a: &[f64], p: usize) -> Result<Eigen> {
    let mut a = a.to_vec();
    let mut v = vec![0.0; p * p];
    for k in 0..p {
        v[k * p + k] = 1.0;
    }
    let mut converged = false;
    for sweep in 0..MAX_SWEEPS {
        let off: f64 = (0..p)
            .flat_map(|i| (0..p).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * p + j] * a[i * p + j])
            .sum();
        if off == 0.0 {
            converged = true;
            break;
        }
        for r in 0..p {
            for q in r + 1..p {
                let arq = a[r * p + q];
                if arq == 0.0 {
                    continue;
                }
                // after a few sweeps, an element below the rounding of both diagonal entries is
                // set to 0 (Numerical Recipes, jacobi): this ends the iteration exactly
                let g = 100.0 * arq.abs();
                let (arr, aqq) = (a[r * p + r].abs(), a[q * p + q].abs());
                if sweep > 3 && arr + g == arr && aqq + g == aqq {
                    a[r * p + q] = 0.0;
                    a[q * p + r] = 0.0;
                    continue;
                }
                let tau = (a[q * p + q] - a[r * p + r]) / (2.0 * arq);
                let t = if tau.is_finite() {
                    tau.signum() / (tau.abs() + tau.hypot(1.0))
                } else {
                    0.0
                };
                let c = 1.0 / t.hypot(1.0);
                let s = t * c;
                // A J (columns r, q), then J' (A J) (rows r, q), then V J
                for k in 0..p {
                    let (akr, akq) = (a[k * p + r], a[k * p + q]);
                    a[k * p + r] = c * akr - s * akq;
                    a[k * p + q] = s * akr + c * akq;
                }
                for k in 0..p {
                    let (ark, aqk) = (a[r * p + k], a[q * p + k]);
                    a[r * p + k] = c * ark - s * aqk;
                    a[q * p + k] = s * ark + c * aqk;
                }
                // the rotation zeroes (r, q) exactly in theory
                a[r * p + q] = 0.0;
                a[q * p + r] = 0.0;
                for k in 0..p {
                    let (vkr, vkq) = (v[k * p + r], v[k * p + q]);
                    v[k * p + r] = c * vkr - s * vkq;
                    v[k * p + q] = s * vkr + c * vkq;
                }
            }
        }
    }
    if !converged {
        return Err(Error::DidNotConverge {
            what: "the Jacobi eigen-decomposition",
            iterations: MAX_SWEEPS,
        });
    }
    let mut order: Vec<usize> = (0..p).collect();
    order.sort_by(|&i, &j| a[j * p + j].total_cmp(&a[i * p + i]));
    let values = order.iter().map(|&k| a[k * p + k]).collect();
    let mut vectors = vec![0.0; p * p];
    for (new, &old) in order.iter().enumerate() {
        let col: Vec<f64> = (0..p).map(|k| v[k * p + old]).collect();
        let sum: f64 = col.iter().sum();
        let first = col.iter().copied().find(|&x| x != 0.0).unwrap_or(1.0);
        let sign = if sum > 0.0 || (sum == 0.0 && first > 0.0) {
            1.0
        } else {
            -1.0
        };
        for k in 0..p {
            vectors[k * p + new] = sign * col[k];
        }
    }
    Ok(Eigen { values, vectors })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(a: &[f64], p: usize) -> Eigen {
        let e = symmetric_eigen(a, p).unwrap();
        // A v_k = lambda_k v_k and V'V = I
        for k in 0..p {
            for i in 0..p {
                let av: f64 = (0..p).map(|j| a[i * p + j] * e.vectors[j * p + k]).sum();
                assert!((av - e.values[k] * e.vectors[i * p + k]).abs() < 1e-13);
            }
            for l in 0..p {
                let d: f64 = (0..p)
                    .map(|i| e.vectors[i * p + k] * e.vectors[i * p + l])
                    .sum();
                assert!((d - f64::from(u8::from(k == l))).abs() < 1e-13);
            }
        }
        assert!(e.values.windows(2).all(|w| w[0] >= w[1]));
        e
    }

    #[test]
    fn known_decompositions() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, (1, 1)/sqrt 2 and (1, -1)/sqrt 2
        let e = check(&[2.0, 1.0, 1.0, 2.0], 2);
        assert!((e.values[0] - 3.0).abs() < 1e-15 && (e.values[1] - 1.0).abs() < 1e-15);
        let h = std::f64::consts::FRAC_1_SQRT_2;
        assert!((e.vectors[0] - h).abs() < 1e-15 && (e.vectors[2] - h).abs() < 1e-15);
        // diagonal input is already converged
        let d = check(&[1.0, 0.0, 0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 3.0], 3);
        assert_eq!(d.values, vec![5.0, 3.0, 1.0]);
        // an equicorrelation matrix: 1 + 2 r and 1 - r (twice)
        let r = 0.6;
        let e = check(&[1.0, r, r, r, 1.0, r, r, r, 1.0], 3);
        assert!((e.values[0] - 2.2).abs() < 1e-14);
        assert!((e.values[1] - 0.4).abs() < 1e-14 && (e.values[2] - 0.4).abs() < 1e-14);
        check(
            &[
                4.0, -2.0, 0.5, 1.0, -2.0, 3.0, 0.25, -1.0, 0.5, 0.25, 2.0, 0.75, 1.0, -1.0, 0.75,
                1.0,
            ],
            4,
        );
        assert_eq!(check(&[7.0], 1).values, vec![7.0]);
    }

    #[test]
    fn converges_on_correlation_matrices_of_nearly_collinear_indicators() {
        // the README example (three shares of eight Planungsräume): this matrix once stalled
        // the sweep loop because rounding left off-diagonal elements of ~1e-16
        let x = [
            [5.0, 9.2, 20.0],
            [8.8, 16.3, 36.7],
            [4.0, 8.4, 19.0],
            [10.0, 18.8, 41.7],
            [3.0, 5.3, 11.5],
            [10.0, 17.3, 40.4],
            [3.3, 6.7, 10.7],
            [10.0, 17.7, 42.2],
        ];
        let mean: Vec<f64> = (0..3)
            .map(|j| x.iter().map(|r| r[j]).sum::<f64>() / 8.0)
            .collect();
        let cov = |a: usize, b: usize| -> f64 {
            x.iter().map(|r| (r[a] - mean[a]) * (r[b] - mean[b])).sum()
        };
        let mut c = [0.0; 9];
        for a in 0..3 {
            for b in 0..3 {
                c[a * 3 + b] = cov(a, b) / (cov(a, a) * cov(b, b)).sqrt();
            }
        }
        check(&c, 3);
        // and many random symmetric matrices, some with (nearly) repeated eigenvalues
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        for p in 2..8 {
            for round in 0..50 {
                let mut m = vec![0.0; p * p];
                for i in 0..p {
                    for j in i..p {
                        let v = if round % 5 == 0 && i != j {
                            1e-17 * next()
                        } else {
                            next()
                        };
                        m[i * p + j] = v;
                        m[j * p + i] = v;
                    }
                }
                if round % 7 == 0 {
                    for i in 0..p {
                        m[i * p + i] = 1.0;
                    }
                }
                check(&m, p);
            }
        }
    }
}
