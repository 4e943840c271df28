//! Audit of a suppression pattern: the interval an attacker can derive for every unpublished
//! cell, by linear programming.
//!
//! ```text
//! for every unpublished cell i:
//!   lo_i = min x_i,  hi_i = max x_i   subject to
//!     x_c = published value                 for every published cell c
//!     x[total] = sum x[parts]               for every relation
//!     x_c >= 0                              for every cell
//! a primary cell with requirement (lower, upper, sliding) is safe iff
//!   lo_i <= x_i - lower,  hi_i >= x_i + upper,  hi_i - lo_i >= sliding
//! ```
//!
//! The LPs are solved per connected component of unpublished cells (union-find over the
//! relations), with the `microlp` simplex solver. Two shortcuts keep the number of LPs small
//! without giving up exactness: (1) bound propagation over the relations gives valid outer bounds
//! `[L_i, U_i]`; (2) every LP solution (and the true values) is a feasible point, kept as its
//! largest upward and downward deviation per cell. When a feasible point reaches an outer bound,
//! that bound *is* the exact optimum and no LP is solved for it. Every other bound is an LP
//! optimum.

use microlp::{ComparisonOp, OptimizationDirection, Problem};

use super::primary::Protection;
use super::status::CellStatus;
use super::table::LinearTable;
use crate::{Error, Result};

/// A primary cell whose interval is narrower than required.
///
/// ```
/// use bildung_core::disclosure::{Protection, UnsafeCell};
/// let u = UnsafeCell { cell: 0, value: 1.0, lower: 1.0, upper: 1.0, required: Protection::frequency(1.0, 3.0) };
/// assert!(u.upper < u.value + u.required.upper);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnsafeCell {
    /// The cell (0-based).
    pub cell: usize,
    /// Its true value.
    pub value: f64,
    /// The attacker's lower bound `lo`.
    pub lower: f64,
    /// The attacker's upper bound `hi` (`+inf` when unbounded).
    pub upper: f64,
    /// The protection it needed.
    pub required: Protection,
}

/// The result of [`audit`].
///
/// ```text
/// intervals[c] = Some((lo_c, hi_c)) for an unpublished cell, None for a published one
/// ```
///
/// ```
/// use bildung_core::disclosure::{audit, CellStatus, LinearTable, Protection};
/// use ndarray::array;
/// let t = LinearTable::two_way(array![[1., 5.], [6., 9.]].view())?;
/// let mut s = vec![CellStatus::Published; t.len()];
/// for c in [0, 1, 3, 4] { s[c] = CellStatus::Secondary; }
/// s[0] = CellStatus::Primary;
/// let a = audit(&t, &s, &vec![Protection::frequency(1.0, 3.0); t.len()])?;
/// assert_eq!(a.intervals[0], Some((0.0, 6.0))); // 1 + min(5, 6)
/// assert!(a.is_safe());
/// # Ok::<(), bildung_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Audit {
    /// `[lo, hi]` per cell (`None` for published cells).
    pub intervals: Vec<Option<(f64, f64)>>,
    /// Primary cells whose interval breaks their requirement.
    pub unsafe_cells: Vec<UnsafeCell>,
    /// Number of linear programs solved.
    pub n_lp: usize,
}

impl Audit {
    /// Whether no primary cell is unsafe.
    ///
    /// ```
    /// use bildung_core::disclosure::Audit;
    /// assert!(Audit { intervals: vec![], unsafe_cells: vec![], n_lp: 0 }.is_safe());
    /// ```
    pub fn is_safe(&self) -> bool {
        self.unsafe_cells.is_empty()
    }
}

/// Audit a suppression pattern (see the module docs for the LP). `protection[c]` is the
/// requirement of cell `c`, checked for every cell with status [`CellStatus::Primary`]; other
/// unpublished cells (secondary, unknown, later, not meaningful, unreliable) get an interval but
/// no check.
///
/// ```text
/// errors: status / protection length != table length; a protection that is negative or not
///         finite; the LP solver failing (ProtectionFailed)
/// ```
///
/// ```
/// use bildung_core::disclosure::{audit, CellStatus, LinearTable, Protection};
/// use ndarray::array;
/// // only the row partner suppressed: both cells are recomputable from the column totals
/// let t = LinearTable::two_way(array![[1., 5.], [6., 9.]].view())?;
/// let mut s = vec![CellStatus::Published; t.len()];
/// s[0] = CellStatus::Primary;
/// s[1] = CellStatus::Secondary;
/// let a = audit(&t, &s, &vec![Protection::frequency(1.0, 3.0); t.len()])?;
/// assert_eq!(a.intervals[0], Some((1.0, 1.0)));
/// assert!(!a.is_safe());
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn audit(
    table: &LinearTable,
    status: &[CellStatus],
    protection: &[Protection],
) -> Result<Audit> {
    check_inputs(table, status, protection)?;
    let mut engine = Engine::new(table, status);
    engine.full_audit(status, protection)
}

pub(crate) fn check_inputs(
    table: &LinearTable,
    status: &[CellStatus],
    protection: &[Protection],
) -> Result<()> {
    if status.len() != table.len() {
        return Err(Error::ShapeMismatch {
            what: "status",
            expected: table.len(),
            found: status.len(),
        });
    }
    if protection.len() != table.len() {
        return Err(Error::ShapeMismatch {
            what: "protection",
            expected: table.len(),
            found: protection.len(),
        });
    }
    for p in protection {
        p.check()?;
    }
    Ok(())
}

/// Relative tolerance of the interval checks.
const TOL: f64 = 1e-7;

fn tol(x: f64) -> f64 {
    TOL * x.abs().max(1.0)
}

/// Deterministic objective weight in [1, 2) of cell `i` in aggregated round `round` (round 0:
/// all 1).
fn weight(round: u64, i: usize) -> f64 {
    if round == 0 {
        return 1.0;
    }
    let mut z = (i as u64).wrapping_add(round.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    1.0 + (z >> 11) as f64 / (1u64 << 53) as f64
}

/// The LP machinery shared by [`audit`] and the secondary suppression: unpublished cells, a
/// pool of feasible deviations, LP counter.
pub(crate) struct Engine<'a> {
    pub(crate) t: &'a LinearTable,
    pub(crate) unpub: Vec<bool>,
    /// Largest feasible increase / decrease seen per cell (from feasible points).
    best_up: Vec<f64>,
    best_down: Vec<f64>,
    pub(crate) n_lp: usize,
    local: Vec<usize>,
    rel_stamp: Vec<usize>,
    stamp: usize,
}

/// One component LP: cells, relations as (terms over local indices, rhs).
struct ComponentLp {
    cells: Vec<usize>,
    rows: Vec<(Vec<(usize, f64)>, f64)>,
}

/// Outcome of a single-cell requirement check.
pub(crate) enum Check {
    Safe,
    /// Unsafe, with the exact interval and, when an LP found the max, the optimal point
    /// (global cell, value) of the component.
    Unsafe {
        lo: f64,
        hi: f64,
        max_point: Option<Vec<(usize, f64)>>,
    },
}

impl<'a> Engine<'a> {
    pub(crate) fn new(t: &'a LinearTable, status: &[CellStatus]) -> Self {
        let n = t.len();
        Engine {
            t,
            unpub: status.iter().map(|s| s.is_suppressed()).collect(),
            best_up: vec![0.0; n],
            best_down: vec![0.0; n],
            n_lp: 0,
            local: vec![usize::MAX; n],
            rel_stamp: vec![0; t.relations().len()],
            stamp: 0,
        }
    }

    /// The connected component of unpublished cells that holds `cell`.
    pub(crate) fn component_of(&self, cell: usize) -> Vec<usize> {
        let mut seen = std::collections::HashSet::new();
        let mut seen_rel = std::collections::HashSet::new();
        let mut stack = vec![cell];
        seen.insert(cell);
        let mut out = Vec::new();
        while let Some(c) = stack.pop() {
            out.push(c);
            for &r in self.t.relations_of(c) {
                if !seen_rel.insert(r) {
                    continue;
                }
                let rel = &self.t.relations()[r];
                for k in std::iter::once(rel.total).chain(rel.parts.iter().copied()) {
                    if self.unpub[k] && seen.insert(k) {
                        stack.push(k);
                    }
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// All components of unpublished cells (union-find over the relations).
    pub(crate) fn components(&self) -> Vec<Vec<usize>> {
        let n = self.t.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        for rel in self.t.relations() {
            let mut first = None;
            for k in std::iter::once(rel.total).chain(rel.parts.iter().copied()) {
                if !self.unpub[k] {
                    continue;
                }
                match first {
                    None => first = Some(k),
                    Some(f) => {
                        let (a, b) = (find(&mut parent, f), find(&mut parent, k));
                        if a != b {
                            parent[a] = b;
                        }
                    }
                }
            }
        }
        let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for c in 0..n {
            if self.unpub[c] {
                let r = find(&mut parent, c);
                groups.entry(r).or_default().push(c);
            }
        }
        groups.into_values().collect()
    }

    fn build(&mut self, cells: &[usize]) -> ComponentLp {
        self.stamp += 1;
        for (i, &c) in cells.iter().enumerate() {
            self.local[c] = i;
        }
        let vals = self.t.values();
        let mut rows = Vec::new();
        for &c in cells {
            for &r in self.t.relations_of(c) {
                if self.rel_stamp[r] == self.stamp {
                    continue;
                }
                self.rel_stamp[r] = self.stamp;
                let rel = &self.t.relations()[r];
                let mut terms = Vec::new();
                let mut rhs = 0.0;
                for (k, a) in
                    std::iter::once((rel.total, -1.0)).chain(rel.parts.iter().map(|&p| (p, 1.0)))
                {
                    if self.unpub[k] {
                        terms.push((self.local[k], a));
                    } else {
                        rhs -= a * vals[k];
                    }
                }
                rows.push((terms, rhs));
            }
        }
        for &c in cells {
            self.local[c] = usize::MAX;
        }
        ComponentLp {
            cells: cells.to_vec(),
            rows,
        }
    }

    /// Outer bounds by propagation over the relations (valid, maybe not tight).
    fn propagate(lp: &ComponentLp) -> (Vec<f64>, Vec<f64>) {
        let m = lp.cells.len();
        let mut lo = vec![0.0f64; m];
        let mut hi = vec![f64::INFINITY; m];
        let max_sweeps = 50;
        for _ in 0..max_sweeps {
            let mut changed = false;
            for (terms, rhs) in &lp.rows {
                // range of sum a_k x_k: [smin, smax]
                let (mut smin, mut smax) = (0.0, 0.0);
                let (mut nmin_inf, mut nmax_inf) = (0usize, 0usize);
                for &(k, a) in terms {
                    let (cmin, cmax) = if a > 0.0 {
                        (lo[k], hi[k])
                    } else {
                        (-hi[k], -lo[k])
                    };
                    if cmin.is_infinite() {
                        nmin_inf += 1;
                    } else {
                        smin += cmin;
                    }
                    if cmax.is_infinite() {
                        nmax_inf += 1;
                    } else {
                        smax += cmax;
                    }
                }
                for &(k, a) in terms {
                    let (cmin, cmax) = if a > 0.0 {
                        (lo[k], hi[k])
                    } else {
                        (-hi[k], -lo[k])
                    };
                    // range of the others
                    let omin = if cmin.is_infinite() {
                        if nmin_inf > 1 {
                            f64::NEG_INFINITY
                        } else {
                            smin
                        }
                    } else if nmin_inf > 0 {
                        f64::NEG_INFINITY
                    } else {
                        smin - cmin
                    };
                    let omax = if cmax.is_infinite() {
                        if nmax_inf > 1 { f64::INFINITY } else { smax }
                    } else if nmax_inf > 0 {
                        f64::INFINITY
                    } else {
                        smax - cmax
                    };
                    // a x_k = rhs - others
                    let (tmin, tmax) = (rhs - omax, rhs - omin);
                    let (nlo, nhi) = if a > 0.0 {
                        (tmin, tmax)
                    } else {
                        (-tmax, -tmin)
                    };
                    if nlo > lo[k] + tol(nlo) {
                        lo[k] = nlo;
                        changed = true;
                    }
                    if nhi < hi[k] - tol(nhi) {
                        hi[k] = nhi.max(lo[k]);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        (lo, hi)
    }

    /// Solve `max/min sum obj` over the component; record the optimal point in the pool.
    /// Returns the optimal local point, or `None` when unbounded.
    fn solve(
        &mut self,
        lp: &ComponentLp,
        obj: &[(usize, f64)],
        maximize: bool,
    ) -> Result<Option<Vec<f64>>> {
        let dir = if maximize {
            OptimizationDirection::Maximize
        } else {
            OptimizationDirection::Minimize
        };
        let mut p = Problem::new(dir);
        let mut coef = vec![0.0; lp.cells.len()];
        for &(k, a) in obj {
            coef[k] += a;
        }
        let vars: Vec<_> = coef
            .iter()
            .map(|&c| p.add_var(c, (0.0, f64::INFINITY)))
            .collect();
        for (terms, rhs) in &lp.rows {
            let expr: Vec<(microlp::Variable, f64)> =
                terms.iter().map(|&(k, a)| (vars[k], a)).collect();
            p.add_constraint(expr.as_slice(), ComparisonOp::Eq, *rhs);
        }
        self.n_lp += 1;
        let fail = |reason: String| Error::ProtectionFailed {
            cell: lp.cells.first().copied(),
            label: format!(
                "the component of {} unpublished cells around {}",
                lp.cells.len(),
                lp.cells
                    .first()
                    .map_or_else(|| "?".to_string(), |&c| self.t.label(c))
            ),
            reason,
        };
        match p.solve() {
            Ok(microlp::SolveOutcome::Solution(sol)) => {
                let x: Vec<f64> = vars.iter().map(|&v| sol.var_value(v).max(0.0)).collect();
                self.record(lp, &x);
                Ok(Some(x))
            }
            Ok(microlp::SolveOutcome::Interrupted(_)) => {
                Err(fail("the LP solver was interrupted".to_string()))
            }
            Err(microlp::Error::Unbounded) => Ok(None),
            Err(e) => Err(fail(format!("the audit LP failed: {e}"))),
        }
    }

    fn record(&mut self, lp: &ComponentLp, x: &[f64]) {
        let vals = self.t.values();
        for (i, &c) in lp.cells.iter().enumerate() {
            let d = x[i] - vals[c];
            if d > self.best_up[c] {
                self.best_up[c] = d;
            }
            if -d > self.best_down[c] {
                self.best_down[c] = -d;
            }
        }
    }

    /// Feasible-point shortcut: one LP maximising the sum of `targets` (cells of the component
    /// `comp`, weights from [`weight`] for round `round`) adds a point to the pool that often
    /// proves many of them safe at once. An unbounded LP adds nothing.
    pub(crate) fn warm_pool(
        &mut self,
        comp: &[usize],
        targets: &[usize],
        round: u64,
    ) -> Result<()> {
        let lp = self.build(comp);
        let obj: Vec<(usize, f64)> = targets
            .iter()
            .filter_map(|c| comp.binary_search(c).ok())
            .map(|k| (k, weight(round, k)))
            .collect();
        if obj.is_empty() {
            return Ok(());
        }
        self.solve(&lp, &obj, true)?;
        Ok(())
    }

    /// Whether the pool alone proves the requirement of `cell`.
    pub(crate) fn pool_safe(&self, cell: usize, req: &Protection) -> bool {
        let x = self.t.values()[cell];
        let e = tol(x);
        self.best_up[cell] >= req.upper - e
            && self.best_down[cell] >= req.lower - e
            && self.best_up[cell] + self.best_down[cell] >= req.sliding - e
    }

    /// Check the requirement of one cell: pool shortcut, propagation, then exact LPs.
    pub(crate) fn check_cell(&mut self, cell: usize, req: &Protection) -> Result<Check> {
        if self.pool_safe(cell, req) {
            return Ok(Check::Safe);
        }
        let x = self.t.values()[cell];
        let e = tol(x);
        let comp = self.component_of(cell);
        let lp = self.build(&comp);
        let k = comp.binary_search(&cell).unwrap_or(0);
        let (plo, phi) = Self::propagate(&lp);
        // exact bounds, pool-certified or by LP
        let mut max_point = None;
        // the outer bound is exact when a feasible point reaches it; otherwise an LP (also when
        // the outer bound already proves the cell unsafe: the repair needs the optimal point)
        let hi = if x + self.best_up[cell] >= phi[k] - tol(phi[k]) {
            phi[k]
        } else {
            match self.solve(&lp, &[(k, 1.0)], true)? {
                Some(p) => {
                    let v = p[k];
                    max_point = Some(comp.iter().copied().zip(p).collect());
                    v
                }
                None => f64::INFINITY,
            }
        };
        if max_point.is_none() && hi < x + req.upper - e && hi.is_finite() {
            // unsafe above: the repair needs an optimal point to see what blocks the cell
            if let Some(p) = self.solve(&lp, &[(k, 1.0)], true)? {
                max_point = Some(comp.iter().copied().zip(p).collect());
            }
        }
        let lo = if x - self.best_down[cell] <= plo[k] + tol(plo[k]) || plo[k] > x - req.lower + e {
            plo[k]
        } else {
            match self.solve(&lp, &[(k, 1.0)], false)? {
                Some(p) => p[k],
                None => 0.0,
            }
        };
        if hi >= x + req.upper - e && lo <= x - req.lower + e && hi - lo >= req.sliding - e {
            Ok(Check::Safe)
        } else {
            Ok(Check::Unsafe { lo, hi, max_point })
        }
    }

    /// Exact intervals of every cell of one component (local order = `comp`).
    fn component_intervals(&mut self, comp: &[usize]) -> Result<Vec<(f64, f64)>> {
        let lp = self.build(comp);
        let (plo, phi) = Self::propagate(&lp);
        let vals = self.t.values();
        let m = comp.len();
        let mut hi: Vec<Option<f64>> = vec![None; m];
        let mut lo: Vec<Option<f64>> = vec![None; m];
        let certify = |eng: &Engine, hi: &mut [Option<f64>], lo: &mut [Option<f64>]| {
            for (i, &c) in comp.iter().enumerate() {
                let x = vals[c];
                if hi[i].is_none() && x + eng.best_up[c] >= phi[i] - tol(phi[i]) {
                    hi[i] = Some(phi[i]);
                }
                if lo[i].is_none() && x - eng.best_down[c] <= plo[i] + tol(plo[i]) {
                    lo[i] = Some(plo[i]);
                }
            }
        };
        certify(self, &mut hi, &mut lo);
        // aggregated LPs (sum of the open cells, then varied weights) fill the pool cheaply:
        // repeated while they still certify bounds
        for maximize in [true, false] {
            for round in 0..4u64 {
                let open: Vec<(usize, f64)> = (0..m)
                    .filter(|&i| {
                        if maximize {
                            hi[i].is_none()
                        } else {
                            lo[i].is_none()
                        }
                    })
                    .map(|i| (i, weight(round, i)))
                    .collect();
                if open.len() <= 1 || (maximize && open.iter().any(|&(i, _)| phi[i].is_infinite()))
                {
                    break;
                }
                let before = open.len();
                self.solve(&lp, &open, maximize)?;
                certify(self, &mut hi, &mut lo);
                let after = (0..m)
                    .filter(|&i| {
                        if maximize {
                            hi[i].is_none()
                        } else {
                            lo[i].is_none()
                        }
                    })
                    .count();
                if after * 10 > before * 9 {
                    break;
                }
            }
        }
        for i in 0..m {
            if hi[i].is_none() {
                let v = match self.solve(&lp, &[(i, 1.0)], true)? {
                    Some(p) => p[i],
                    None => f64::INFINITY,
                };
                hi[i] = Some(v);
                certify(self, &mut hi, &mut lo);
            }
            if lo[i].is_none() {
                let v = match self.solve(&lp, &[(i, 1.0)], false)? {
                    Some(p) => p[i],
                    None => 0.0,
                };
                lo[i] = Some(v);
                certify(self, &mut hi, &mut lo);
            }
        }
        Ok((0..m)
            .map(|i| {
                let h = hi[i].unwrap_or(f64::INFINITY);
                let l = lo[i].unwrap_or(0.0);
                (l, h.max(l))
            })
            .collect())
    }

    /// The exact audit of the current pattern.
    pub(crate) fn full_audit(
        &mut self,
        status: &[CellStatus],
        protection: &[Protection],
    ) -> Result<Audit> {
        let n = self.t.len();
        let mut intervals = vec![None; n];
        let mut unsafe_cells = Vec::new();
        for comp in self.components() {
            let iv = self.component_intervals(&comp)?;
            for (&c, &(lo, hi)) in comp.iter().zip(&iv) {
                intervals[c] = Some((lo, hi));
            }
        }
        for c in 0..n {
            if status[c] != CellStatus::Primary {
                continue;
            }
            let x = self.t.values()[c];
            let req = protection[c];
            let (lo, hi) = intervals[c].unwrap_or((x, x));
            let e = tol(x);
            if !(hi >= x + req.upper - e && lo <= x - req.lower + e && hi - lo >= req.sliding - e) {
                unsafe_cells.push(UnsafeCell {
                    cell: c,
                    value: x,
                    lower: lo,
                    upper: hi,
                    required: req,
                });
            }
        }
        Ok(Audit {
            intervals,
            unsafe_cells,
            n_lp: self.n_lp,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use ndarray::array;

    #[test]
    fn rectangle_in_3x3_hand_intervals() {
        // interior [[1,5,7],[6,9,4],[8,2,3]]; rectangle (0,0),(0,1),(1,0),(1,1)
        // a + b = 6, a + c = 7, c + d = 15, b + d = 14: a = t in [0, 6], c = 7 - t, d = 8 + t
        let t =
            LinearTable::two_way(array![[1., 5., 7.], [6., 9., 4.], [8., 2., 3.]].view()).unwrap();
        let mut s = vec![CellStatus::Published; t.len()];
        for c in [0, 1, 4, 5] {
            s[c] = CellStatus::Secondary;
        }
        s[0] = CellStatus::Primary;
        let a = audit(&t, &s, &vec![Protection::frequency(1.0, 3.0); t.len()]).unwrap();
        assert_eq!(a.intervals[0], Some((0.0, 6.0)));
        assert_eq!(a.intervals[1], Some((0.0, 6.0)));
        assert_eq!(a.intervals[4], Some((1.0, 7.0)));
        assert_eq!(a.intervals[5], Some((8.0, 14.0)));
        assert!(a.is_safe());
    }

    #[test]
    fn unbounded_when_all_suppressed() {
        let t = LinearTable::two_way(array![[1., 5.], [6., 9.]].view()).unwrap();
        let s = vec![CellStatus::Unknown; t.len()];
        let a = audit(&t, &s, &vec![Protection::NONE; t.len()]).unwrap();
        assert_eq!(a.intervals[8], Some((0.0, f64::INFINITY)));
    }
}
