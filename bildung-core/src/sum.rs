//! Compensated (Neumaier) summation for long floating-point sums.
//!
//! Plain Kahan summation loses the small terms when a large term cancels; Neumaier's variant
//! (improved Kahan-Babuška) chooses the compensation branch by the larger operand and is exact
//! for `(1, 1e100, 1, -1e100)` (methods.md section 7.1).

/// A running Neumaier-compensated sum.
///
/// ```text
/// t = s + x
/// c += if |s| >= |x| { (s - t) + x } else { (x - t) + s }
/// s = t;   result = s + c
/// ```
///
/// ```
/// use bildung_core::sum::NeumaierSum;
/// let mut s = NeumaierSum::new();
/// for x in [1.0, 1e100, 1.0, -1e100] {
///     s.add(x);
/// }
/// assert_eq!(s.value(), 2.0);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NeumaierSum {
    sum: f64,
    compensation: f64,
}

impl NeumaierSum {
    /// An empty sum (0).
    pub const fn new() -> Self {
        NeumaierSum {
            sum: 0.0,
            compensation: 0.0,
        }
    }

    /// A sum from a running total and its compensation kept elsewhere (e.g. in SIMD-friendly
    /// lanes that open-code [`NeumaierSum::add`]).
    pub(crate) const fn from_parts(sum: f64, compensation: f64) -> Self {
        NeumaierSum { sum, compensation }
    }

    /// Add one term.
    ///
    /// The compensation branch is written as a select of the operands, so hot loops do not pay
    /// for mispredicted branches.
    #[inline(always)]
    pub fn add(&mut self, x: f64) {
        let t = self.sum + x;
        let (a, b) = if self.sum.abs() >= x.abs() {
            (self.sum, x)
        } else {
            (x, self.sum)
        };
        self.compensation += (a - t) + b;
        self.sum = t;
    }

    /// The compensated total.
    #[inline(always)]
    pub fn value(&self) -> f64 {
        self.sum + self.compensation
    }
}

/// One Neumaier step on a bare `(sum, compensation)` pair for a term `x >= 0` added to a sum
/// `>= 0`: the larger operand is then a max / min, without the `abs`. For loops that keep the
/// pairs in plain arrays so that they vectorise; [`NeumaierSum::from_parts`] wraps the result.
#[inline(always)]
pub(crate) fn add_nonnegative(sum: &mut f64, compensation: &mut f64, x: f64) {
    let t = *sum + x;
    let (big, small) = if *sum >= x { (*sum, x) } else { (x, *sum) };
    *compensation += (big - t) + small;
    *sum = t;
}

impl Extend<f64> for NeumaierSum {
    fn extend<I: IntoIterator<Item = f64>>(&mut self, iter: I) {
        for x in iter {
            self.add(x);
        }
    }
}

/// Compensated sum of an iterator of terms.
///
/// ```
/// use bildung_core::sum::neumaier_sum;
/// let s = neumaier_sum(std::iter::repeat(0.1).take(10_000_000));
/// assert_eq!(s, 1_000_000.0);
/// ```
pub fn neumaier_sum<I: IntoIterator<Item = f64>>(terms: I) -> f64 {
    let mut s = NeumaierSum::new();
    s.extend(terms);
    s.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancellation_case_from_methods_7_1() {
        assert_eq!(neumaier_sum([1.0, 1e100, 1.0, -1e100]), 2.0);
        // naive summation loses both ones
        assert_eq!([1.0, 1e100, 1.0, -1e100].iter().sum::<f64>(), 0.0);
    }

    #[test]
    fn ten_million_tenths() {
        let s = neumaier_sum(std::iter::repeat_n(0.1, 10_000_000));
        assert_eq!(s, 1_000_000.0);
    }
}
