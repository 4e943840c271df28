//! Coefficient of variation (Variationskoeffizient).

use ndarray::ArrayView1;

use super::sorted::positive_mean;
use crate::error::{Error, Result};
use crate::input::{Estimate, Flags, NanPolicy, estimate};
use crate::sum::neumaier_sum;

/// Which variance the coefficient of variation uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum VarianceForm {
    /// Divisor `W` (population form; the one tied to `GE(2) = CV^2 / 2`). The default.
    #[default]
    Population,
    /// Population variance times `n/(n-1)`, `n` = number of units used (divisor `n-1` unweighted).
    Sample,
}

impl VarianceForm {
    /// Parse `"population"` or `"sample"`.
    ///
    /// ```
    /// use bildung_core::inequality::VarianceForm;
    /// assert_eq!(VarianceForm::from_name("sample").unwrap(), VarianceForm::Sample);
    /// assert!(VarianceForm::from_name("n-1").is_err());
    /// ```
    pub fn from_name(name: &str) -> Result<VarianceForm> {
        match name {
            "population" => Ok(VarianceForm::Population),
            "sample" => Ok(VarianceForm::Sample),
            other => Err(Error::parameter(
                "form",
                format!("{other:?}"),
                "expected \"population\" or \"sample\"",
            )),
        }
    }

    /// The form's name (`"population"`, `"sample"`).
    pub const fn name(self) -> &'static str {
        match self {
            VarianceForm::Population => "population",
            VarianceForm::Sample => "sample",
        }
    }
}

/// Coefficient of variation `CV = sigma / mu`.
///
/// ```text
/// mu = sum w_i x_i / W
/// sigma^2 = sum_i (w_i / W) (x_i - mu)^2            (Population, default)
/// sigma^2 = n/(n-1) * sum_i (w_i / W) (x_i - mu)^2  (Sample, n = number of units)
/// ```
/// Two-pass, compensated. Range `[0, sqrt(n-1)]` unweighted (population form).
///
/// # Errors
/// As for [`gini`](super::gini); all values 0 and the sample form with one unit are
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, inequality::{coefficient_of_variation, VarianceForm}};
/// use ndarray::array;
/// let x = array![541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.];
/// let cv = coefficient_of_variation(x.view(), None, VarianceForm::Population, NanPolicy::Raise);
/// assert!((cv.unwrap().value - 0.9169582).abs() < 1e-7);
/// let cvs = coefficient_of_variation(x.view(), None, VarianceForm::Sample, NanPolicy::Raise);
/// assert!((cvs.unwrap().value - 0.9665588).abs() < 1e-7);
/// ```
pub fn coefficient_of_variation(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    form: VarianceForm,
    nan: NanPolicy,
) -> Result<Estimate> {
    estimate("coefficient of variation", x, weights, nan, |u| {
        let (mu, w) = positive_mean("coefficient of variation", u.iter())?;
        let mut var = neumaier_sum(u.iter().map(|(xi, wi)| wi * (xi - mu) * (xi - mu))) / w;
        if form == VarianceForm::Sample {
            let n = u.n_used() as f64;
            if u.n_used() < 2 {
                return Err(Error::undefined(
                    "coefficient of variation",
                    "the sample form needs at least 2 units",
                ));
            }
            var *= n / (n - 1.0);
        }
        Ok((var.sqrt() / mu, Flags::NONE))
    })
}
