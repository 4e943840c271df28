//! PCA weights (Gewichte aus der Hauptkomponentenanalyse, methods.md 5.2): the first principal
//! component of the correlation matrix of the indicators over the reference set.

use ndarray::{Array2, ArrayView2};

use super::eigen::symmetric_eigen;
use super::input::scan_table;
use super::normalise::require_members;
use super::reference::Reference;
use crate::error::{Error, Result};
use crate::input::{AreaStatus, Flags, NanPolicy};
use crate::sum::NeumaierSum;

/// Options of [`pca_weights`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PcaOptions {
    /// The first component is flagged unstable when it explains less than this share
    /// (default 0.5).
    pub min_share: f64,
    /// ... or when `(lambda_1 - lambda_2) / lambda_1` is below this gap (default 0.1): the
    /// first two eigenvalues are close, so sign and composition can flip between years.
    pub min_gap: f64,
    /// Missing values: `Raise` (default) is an error; `Omit` and `Propagate` leave areas with a
    /// missing indicator out of the correlation matrix (`Propagate` also sets the flag).
    pub nan: NanPolicy,
}

impl Default for PcaOptions {
    fn default() -> PcaOptions {
        PcaOptions {
            min_share: 0.5,
            min_gap: 0.1,
            nan: NanPolicy::Raise,
        }
    }
}

/// Eigen-decomposition of the correlation matrix and the weights of the first component.
#[derive(Debug, Clone, PartialEq)]
pub struct PcaWeights {
    /// Eigenvalues `lambda_1 >= lambda_2 >= ...` of the correlation matrix.
    pub eigenvalues: Vec<f64>,
    /// `lambda_k / sum lambda` (the trace is the number of indicators).
    pub explained: Vec<f64>,
    /// Unit eigenvectors, indicators x components (column `k` belongs to `lambda_k`), each with
    /// the sign that makes its entries sum to more than 0.
    pub components: Array2<f64>,
    /// Loadings of the first component (the first column of `components`).
    pub loadings: Vec<f64>,
    /// `loading_j^2`, summing to 1.
    pub weights: Vec<f64>,
    /// The correlation matrix, indicators x indicators.
    pub correlation: Array2<f64>,
    /// The first component explains less than `min_share`.
    pub low_share: bool,
    /// The first two eigenvalues are closer than `min_gap` (relative to `lambda_1`).
    pub close_eigenvalues: bool,
    /// `low_share || close_eigenvalues`: the weights may change a lot with the data.
    pub unstable: bool,
    /// Whether the correlations were population-weighted.
    pub weighted: bool,
    /// Reference areas used (no missing indicator).
    pub n_used: usize,
    /// Reference areas left out for a missing indicator.
    pub n_dropped: usize,
    /// Warning flags.
    pub flags: Flags,
}

/// PCA weights of `k` indicators: eigen-decomposition of their correlation matrix over the
/// reference set (Jacobi method), first-component loadings with the sign fixed so that
/// `sum v_1 > 0`, weights `v_1j^2`.
///
/// ```text
/// r_jl = sum_i w_i (x_ij - m_j)(x_il - m_l) / sqrt(sum_i w_i (x_ij - m_j)^2 sum_i w_i (x_il - m_l)^2)
/// R = V diag(lambda) V',   weights_j = V_j1^2,   share = lambda_1 / k
/// unstable if share < min_share or (lambda_1 - lambda_2) / lambda_1 < min_gap
/// ```
/// The correlation matrix does not depend on a prior z-standardisation, so `x` may hold the
/// raw or the normalised indicators (after polarity: a negatively oriented indicator gets a
/// negative loading). With highly correlated indicators the weights are near-equal.
///
/// # Errors
/// The table checks of the [module](super); an indicator constant over the used areas:
/// [`Error::UndefinedColumn`]; no used area: [`Error::EmptyInput`]; `min_share` outside
/// `[0, 1]` or `min_gap` outside `[0, 1]`: [`Error::InvalidParameter`].
///
/// # Example
/// ```
/// use bildung_core::index::{pca_weights, PcaOptions, Reference};
/// use ndarray::array;
/// let x = array![[1.0, 2.0], [2.0, 3.9], [3.0, 6.2], [4.0, 8.0]];
/// let p = pca_weights(x.view(), &Reference::all(), &PcaOptions::default())?;
/// assert!((p.weights[0] - 0.5).abs() < 1e-12); // two indicators: always 1/2 each
/// assert!(p.explained[0] > 0.99 && !p.unstable);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn pca_weights(
    x: ArrayView2<'_, f64>,
    reference: &Reference<'_>,
    options: &PcaOptions,
) -> Result<PcaWeights> {
    for (name, v) in [
        ("min_share", options.min_share),
        ("min_gap", options.min_gap),
    ] {
        if !(0.0..=1.0).contains(&v) {
            return Err(Error::parameter(name, v, "must lie in [0, 1]"));
        }
    }
    let (rows, k) = x.dim();
    let scan = scan_table("x", x, options.nan)?;
    let refs = reference.resolve(rows, options.nan)?;
    require_members(&refs)?;
    let used: Vec<usize> = (0..rows)
        .filter(|&i| refs.member[i] && scan.status[i] == AreaStatus::Ok)
        .collect();
    let n_dropped = (0..rows)
        .filter(|&i| refs.member[i] && scan.status[i] != AreaStatus::Ok)
        .count();
    if used.is_empty() {
        return Err(Error::EmptyInput {
            what: "no reference area without a missing indicator",
        });
    }
    let mut wsum = NeumaierSum::new();
    for &i in &used {
        wsum.add(refs.weight(i));
    }
    let w_total = wsum.value();
    let means: Vec<f64> = (0..k)
        .map(|j| {
            let mut s = NeumaierSum::new();
            for &i in &used {
                s.add(refs.weight(i) * x[[i, j]]);
            }
            s.value() / w_total
        })
        .collect();
    let mut cov = vec![0.0; k * k];
    for a in 0..k {
        for b in a..k {
            let mut s = NeumaierSum::new();
            for &i in &used {
                s.add(refs.weight(i) * (x[[i, a]] - means[a]) * (x[[i, b]] - means[b]));
            }
            cov[a * k + b] = s.value();
            cov[b * k + a] = s.value();
        }
    }
    for j in 0..k {
        if cov[j * k + j] <= 0.0 || !cov[j * k + j].is_finite() {
            return Err(Error::UndefinedColumn {
                measure: "pca_weights",
                what: "x",
                column: j,
                reason: "constant indicator (no variance over the reference set)",
            });
        }
    }
    let mut corr = Array2::zeros((k, k));
    for a in 0..k {
        for b in 0..k {
            corr[[a, b]] = if a == b {
                1.0
            } else {
                cov[a * k + b] / (cov[a * k + a] * cov[b * k + b]).sqrt()
            };
        }
    }
    let flat: Vec<f64> = corr.iter().copied().collect();
    let e = symmetric_eigen(&flat, k)?;
    let trace: f64 = e.values.iter().sum();
    let explained: Vec<f64> = e.values.iter().map(|l| l / trace).collect();
    let components = Array2::from_shape_vec((k, k), e.vectors)
        .map_err(|_| Error::undefined("pca_weights", "eigenvector shape"))?;
    let loadings: Vec<f64> = components.column(0).to_vec();
    let weights: Vec<f64> = loadings.iter().map(|v| v * v).collect();
    let low_share = explained[0] < options.min_share;
    let close_eigenvalues = k > 1 && (e.values[0] - e.values[1]) / e.values[0] < options.min_gap;
    Ok(PcaWeights {
        eigenvalues: e.values,
        explained,
        components,
        loadings,
        weights,
        correlation: corr,
        low_share,
        close_eigenvalues,
        unstable: low_share || close_eigenvalues,
        weighted: refs.weights.is_some(),
        n_used: used.len(),
        n_dropped,
        flags: scan.flags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::array;

    #[test]
    fn flags_unstable_components() {
        // uncorrelated indicators: eigenvalues equal, first component explains 1/2
        let x = array![[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]];
        let p = pca_weights(x.view(), &Reference::all(), &PcaOptions::default()).unwrap();
        assert!((p.eigenvalues[0] - 1.0).abs() < 1e-15);
        assert!(p.close_eigenvalues && p.unstable);
        let c = array![[1.0, 1.0], [1.0, 2.0]];
        let e = pca_weights(c.view(), &Reference::all(), &PcaOptions::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Undefined);
        assert!(e.to_string().contains("column 0"));
    }

    #[test]
    fn negative_polarity_gives_a_negative_loading() {
        let x = array![
            [1.0, 9.0, 2.0],
            [2.0, 7.0, 2.5],
            [3.0, 6.5, 3.9],
            [4.0, 3.0, 4.1]
        ];
        let p = pca_weights(x.view(), &Reference::all(), &PcaOptions::default()).unwrap();
        assert!(p.loadings[1] < 0.0 && p.loadings[0] > 0.0);
        assert!((p.weights.iter().sum::<f64>() - 1.0).abs() < 1e-14);
    }
}
