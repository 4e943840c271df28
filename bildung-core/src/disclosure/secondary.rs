//! Secondary (complementary) suppression: suppress further cells until no primary cell can be
//! recomputed, or narrowed below its requirement, from the published cells and the relations.
//!
//! ```text
//! repeat (at most max_rounds):
//!   (1) while a relation holds exactly one unpublished cell s and s is primary or secondary:
//!         suppress the partner c in that relation with the smallest key
//!         (cannot carry the movement, number of relations c is the total of,
//!          does not close a cycle, cost(c), c)
//!       where "cannot carry" = x_c < need(s) (need = max(upper, lower, sliding) of the primary
//!       cell it protects), "closes a cycle" = another relation of c already holds an
//!       unpublished cell, cost = x_c (Cost::Value) or 1 (Cost::Unit)
//!   (2) audit every primary cell (feasible-point shortcut, then exact LP)
//!   (3) for every unsafe primary cell p add one partner, same key with the distance after
//!       "cannot carry": 0 = a relation of p that blocks it (at the LP maximum of p no other
//!       unpublished part is left to decrease and the total is published), 1 = another relation
//!       of p, 2 = a relation of a cell at 0 in the LP maximum; go to (1)
//! until the audit is safe; cells marked must_publish are never suppressed
//! ```

use super::audit::{Check, Engine};
use super::primary::Protection;
use super::status::CellStatus;
use super::table::LinearTable;
use crate::{Error, Result};

/// Cost of suppressing a cell, minimised by the heuristic.
///
/// ```
/// use bildung_core::disclosure::Cost;
/// assert_eq!(Cost::default(), Cost::Value);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cost {
    /// The cell value (suppress as little information as possible).
    #[default]
    Value,
    /// One per cell (suppress as few cells as possible).
    Unit,
}

/// Options of the secondary suppression.
///
/// ```text
/// must_publish: empty (no restriction) or one flag per cell; max_rounds >= 1
/// ```
///
/// ```
/// use bildung_core::disclosure::SecondaryOptions;
/// let o = SecondaryOptions::default();
/// assert!(o.check(10).is_ok());
/// assert!(SecondaryOptions { must_publish: vec![false; 3], ..Default::default() }.check(10).is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SecondaryOptions {
    /// What a suppressed cell costs (default [`Cost::Value`]).
    pub cost: Cost,
    /// Cells that must be published (e.g. the grand total); empty = none.
    pub must_publish: Vec<bool>,
    /// Maximum number of audit-and-repair rounds (default 200).
    pub max_rounds: usize,
}

impl Default for SecondaryOptions {
    fn default() -> Self {
        SecondaryOptions {
            cost: Cost::Value,
            must_publish: Vec::new(),
            max_rounds: 200,
        }
    }
}

impl SecondaryOptions {
    /// Validate against a table of `n_cells` cells.
    ///
    /// ```text
    /// must_publish.len() in {0, n_cells} else ShapeMismatch; max_rounds >= 1 else InvalidParameter
    /// ```
    ///
    /// ```
    /// use bildung_core::disclosure::SecondaryOptions;
    /// assert!(SecondaryOptions { max_rounds: 0, ..Default::default() }.check(1).is_err());
    /// ```
    pub fn check(&self, n_cells: usize) -> Result<()> {
        if !self.must_publish.is_empty() && self.must_publish.len() != n_cells {
            return Err(Error::ShapeMismatch {
                what: "must_publish",
                expected: n_cells,
                found: self.must_publish.len(),
            });
        }
        if self.max_rounds == 0 {
            return Err(Error::parameter("max_rounds", 0, "must be >= 1"));
        }
        Ok(())
    }
}

/// Secondary suppression of a table whose primary cells are marked in `status` (see the
/// module docs for the algorithm). Returns the new statuses: every cell suppressed here is
/// [`CellStatus::Secondary`]; other statuses are kept. The result passes the exact audit
/// ([`audit`](super::audit)) with `protection`, else the call fails with
/// [`Error::ProtectionFailed`].
///
/// ```text
/// errors: lengths; bad protection or options; a primary cell marked must_publish;
///         no cell left that may be suppressed; max_rounds exhausted (ProtectionFailed)
/// ```
///
/// ```
/// use bildung_core::disclosure::*;
/// use ndarray::array;
/// let t = LinearTable::two_way(array![[1., 5., 8.], [6., 4., 9.], [7., 10., 12.]].view())?;
/// let rules = PrimaryRules::default();
/// let s = primary_suppression(&t, &rules, None)?;
/// let prot: Vec<Protection> = t.values().iter().map(|&x| rules.protection(x)).collect();
/// let s2 = secondary_suppression(&t, &s, &prot, &SecondaryOptions::default())?;
/// let n_sec = s2.iter().filter(|&&c| c == CellStatus::Secondary).count();
/// assert_eq!(n_sec, 3); // a rectangle of four interior cells
/// assert!(audit(&t, &s2, &prot)?.is_safe());
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn secondary_suppression(
    table: &LinearTable,
    status: &[CellStatus],
    protection: &[Protection],
    options: &SecondaryOptions,
) -> Result<Vec<CellStatus>> {
    super::audit::check_inputs(table, status, protection)?;
    options.check(table.len())?;
    let mut st = status.to_vec();
    let mut engine = Engine::new(table, status);
    run(&mut engine, &mut st, protection, options)?;
    Ok(st)
}

/// The heuristic on a prepared engine (shared with `protect`, which reuses the feasible-point
/// pool for its final audit).
pub(crate) fn run(
    engine: &mut Engine<'_>,
    status: &mut [CellStatus],
    protection: &[Protection],
    options: &SecondaryOptions,
) -> Result<()> {
    let t = engine.t;
    let n = t.len();
    let vals = t.values();
    let must = |c: usize| options.must_publish.get(c).copied().unwrap_or(false);
    let mut need = vec![0.0f64; n];
    let mut primaries = Vec::new();
    for c in 0..n {
        if status[c] == CellStatus::Primary {
            if must(c) {
                return Err(Error::ProtectionFailed {
                    cell: Some(c),
                    label: t.label(c),
                    reason: "the cell is primary suppressed but marked must_publish".into(),
                });
            }
            let p = protection[c];
            need[c] = p.upper.max(p.lower).max(p.sliding);
            primaries.push(c);
        }
    }
    let mut st = State {
        t,
        n_total: {
            let mut v = vec![0u32; n];
            for r in t.relations() {
                v[r.total] += 1;
            }
            v
        },
        rel_unpub: t
            .relations()
            .iter()
            .map(|r| {
                std::iter::once(r.total)
                    .chain(r.parts.iter().copied())
                    .filter(|&k| engine.unpub[k])
                    .count()
            })
            .collect(),
        need,
        cost: options.cost,
    };
    let mut queue: std::collections::VecDeque<usize> = (0..t.relations().len()).collect();
    let mut in_queue = vec![true; t.relations().len()];
    for _round in 0..options.max_rounds {
        // (1) singleton closure
        while let Some(r) = queue.pop_front() {
            in_queue[r] = false;
            if st.rel_unpub[r] != 1 {
                continue;
            }
            let rel = &t.relations()[r];
            let Some(s) = std::iter::once(rel.total)
                .chain(rel.parts.iter().copied())
                .find(|&k| engine.unpub[k])
            else {
                continue;
            };
            if !status[s].is_protection() {
                continue;
            }
            let cands = std::iter::once(rel.total)
                .chain(rel.parts.iter().copied())
                .filter(|&k| !engine.unpub[k] && !must(k));
            let Some(c) = st.best(cands, st.need[s], |_| 0) else {
                return Err(Error::ProtectionFailed {
                    cell: Some(s),
                    label: t.label(s),
                    reason: format!(
                        "relation {r} holds no other cell that may be suppressed, so the cell is recomputable"
                    ),
                });
            };
            st.need[c] = st.need[c].max(st.need[s]);
            st.suppress(engine, status, c, &mut queue, &mut in_queue);
        }
        // (2) audit, (3) repair; first one aggregated LP per component for the primary cells
        // the feasible-point pool does not yet prove safe
        let pending: Vec<usize> = primaries
            .iter()
            .copied()
            .filter(|&p| !engine.pool_safe(p, &protection[p]))
            .collect();
        if pending.len() > 1 {
            let comps = engine.components();
            let mut comp_of = vec![usize::MAX; n];
            for (k, comp) in comps.iter().enumerate() {
                for &c in comp {
                    comp_of[c] = k;
                }
            }
            let mut by_comp: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
            for &p in &pending {
                by_comp.entry(comp_of[p]).or_default().push(p);
            }
            for (k, mut targets) in by_comp {
                // repeated with varied weights while it proves at least a tenth of the rest
                for round in 0..6u64 {
                    if targets.len() < 2 {
                        break;
                    }
                    let before = targets.len();
                    engine.warm_pool(&comps[k], &targets, round)?;
                    targets.retain(|&p| !engine.pool_safe(p, &protection[p]));
                    if targets.len() * 10 > before * 9 {
                        break;
                    }
                }
            }
        }
        let mut all_safe = true;
        for &p in &primaries {
            let check = engine.check_cell(p, &protection[p])?;
            let Check::Unsafe { lo, hi, max_point } = check else {
                continue;
            };
            all_safe = false;
            let x = vals[p];
            let req = protection[p];
            let deficit = (x + req.upper - hi)
                .max(lo - (x - req.lower))
                .max(req.sliding - (hi - lo));
            // candidate relations: those of p that block its increase (distance 0: no other
            // unpublished part left to decrease at the LP maximum, and no unpublished total),
            // the other relations of p (1), and those of blocking cells (2)
            let value_at = |c: usize| -> f64 {
                match &max_point {
                    Some(pt) => pt
                        .binary_search_by_key(&c, |&(k, _)| k)
                        .map_or(vals[c], |i| pt[i].1),
                    None => vals[c],
                }
            };
            let mut dist: std::collections::HashMap<usize, u8> = Default::default();
            for &r in t.relations_of(p) {
                let rel = &t.relations()[r];
                let blocked = if max_point.is_none() {
                    true
                } else if rel.total == p {
                    false
                } else {
                    !engine.unpub[rel.total]
                        && rel
                            .parts
                            .iter()
                            .filter(|&&k| k != p && engine.unpub[k])
                            .map(|&k| value_at(k))
                            .sum::<f64>()
                            <= 1e-9 * vals[p].max(1.0)
                };
                dist.insert(r, if blocked { 0 } else { 1 });
            }
            let blocking: Vec<usize> = match &max_point {
                Some(pt) => pt
                    .iter()
                    .filter(|&&(c, v)| c != p && v <= 1e-9 * vals[c].max(1.0))
                    .map(|&(c, _)| c)
                    .collect(),
                None => engine.component_of(p),
            };
            for c in blocking {
                for &r in t.relations_of(c) {
                    dist.entry(r).or_insert(2);
                }
            }
            let mut cand_dist: std::collections::HashMap<usize, u8> = Default::default();
            for (&r, &d) in &dist {
                let rel = &t.relations()[r];
                for k in std::iter::once(rel.total).chain(rel.parts.iter().copied()) {
                    if !engine.unpub[k] && !must(k) {
                        let e = cand_dist.entry(k).or_insert(d);
                        *e = (*e).min(d);
                    }
                }
            }
            let mut cands: Vec<usize> = cand_dist.keys().copied().collect();
            if cands.is_empty() {
                // widen: any publishable cell in a relation of the component
                for c in engine.component_of(p) {
                    for &r in t.relations_of(c) {
                        let rel = &t.relations()[r];
                        for k in std::iter::once(rel.total).chain(rel.parts.iter().copied()) {
                            if !engine.unpub[k] && !must(k) {
                                cands.push(k);
                                cand_dist.insert(k, 3);
                            }
                        }
                    }
                }
            }
            cands.sort_unstable();
            cands.dedup();
            let Some(c) = st.best(cands.into_iter(), deficit, |k| {
                cand_dist.get(&k).copied().unwrap_or(3)
            }) else {
                return Err(Error::ProtectionFailed {
                    cell: Some(p),
                    label: t.label(p),
                    reason: format!(
                        "interval [{lo}, {hi}] is narrower than required and no further cell may be suppressed"
                    ),
                });
            };
            st.need[c] = st.need[c].max(st.need[p]);
            st.suppress(engine, status, c, &mut queue, &mut in_queue);
        }
        if all_safe && queue.is_empty() {
            return Ok(());
        }
    }
    Err(Error::ProtectionFailed {
        cell: None,
        label: "the table".into(),
        reason: format!(
            "still unsafe after max_rounds = {} rounds of secondary suppression",
            options.max_rounds
        ),
    })
}

/// Sort key of a candidate partner: (cannot carry, distance, relations it is the total of, does
/// not close a cycle, cost).
type Key = (bool, u8, u32, bool, f64);

struct State<'a> {
    t: &'a LinearTable,
    n_total: Vec<u32>,
    rel_unpub: Vec<usize>,
    need: Vec<f64>,
    cost: Cost,
}

impl State<'_> {
    /// The candidate with the smallest key (cannot carry, distance, totals, no cycle, cost).
    fn best(
        &self,
        cands: impl Iterator<Item = usize>,
        need: f64,
        dist: impl Fn(usize) -> u8,
    ) -> Option<usize> {
        let vals = self.t.values();
        let mut best: Option<(Key, usize)> = None;
        for c in cands {
            let x = vals[c];
            let cycle = self
                .t
                .relations_of(c)
                .iter()
                .filter(|&&r| self.rel_unpub[r] > 0)
                .count()
                >= 2;
            let cost = match self.cost {
                Cost::Value => x,
                Cost::Unit => 1.0,
            };
            let key = (x < need, dist(c), self.n_total[c], !cycle, cost);
            let better = match &best {
                None => true,
                Some((bk, _)) => {
                    (key.0, key.1, key.2, key.3) < (bk.0, bk.1, bk.2, bk.3)
                        || ((key.0, key.1, key.2, key.3) == (bk.0, bk.1, bk.2, bk.3)
                            && key.4 < bk.4)
                }
            };
            if better {
                best = Some((key, c));
            }
        }
        best.map(|(_, c)| c)
    }

    fn suppress(
        &mut self,
        engine: &mut Engine<'_>,
        status: &mut [CellStatus],
        c: usize,
        queue: &mut std::collections::VecDeque<usize>,
        in_queue: &mut [bool],
    ) {
        engine.unpub[c] = true;
        status[c] = CellStatus::Secondary;
        for &r in self.t.relations_of(c) {
            self.rel_unpub[r] += 1;
            if !in_queue[r] {
                in_queue[r] = true;
                queue.push_back(r);
            }
        }
        // relations of c's relations' cells may now close cycles; only counts change
    }
}
