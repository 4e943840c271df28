//! Disclosure control of one count table of `bildung report`, by the configured method, with
//! `bildung_core::disclosure`.

use bildung_core::disclosure::{self, CellFlags, CellStatus};
use ndarray::Array2;

use crate::Error;
use crate::areas::AreaTable;
use crate::config::{Config, Method};
use crate::publication::perturbed_flags;

/// A protected count table.
#[derive(Debug, Clone)]
pub struct Protected {
    /// Values to publish (the originals under suppression; rounded or perturbed otherwise).
    pub values: Vec<f64>,
    /// Status of every cell.
    pub status: Vec<CellStatus>,
    /// Flags of every cell.
    pub flags: Vec<CellFlags>,
    /// Note under the table (German).
    pub note: String,
    /// One line: what was done, what the audit found.
    pub summary: String,
}

/// Protect `t` by the method of `config`.
pub fn protect(t: &AreaTable, config: &Config) -> Result<Protected, Error> {
    let d = &config.disclosure;
    let fail = |what: &'static str| move |source| Error::Core { what, source };
    match d.method {
        Method::Suppression => {
            let values = Array2::from_shape_vec((t.n_rows(), t.n_cols()), t.values.clone())
                .map_err(|e| Error::Data(format!("{}: {e}", t.name)))?;
            let labels: Vec<String> = (0..t.values.len())
                .map(|i| {
                    let (r, c) = (i / t.n_cols(), i % t.n_cols());
                    format!("{} / {}", t.names[r], t.columns[c])
                })
                .collect();
            let table = disclosure::LinearTable::hierarchical(
                values.view(),
                &t.parent,
                Some(t.n_cols() - 1),
            )
            .and_then(|x| x.with_labels(labels))
            .map_err(fail("the table to protect"))?;
            let rules = disclosure::PrimaryRules {
                min_count: d.min_count,
                protect_zeros: d.protect_zeros,
            };
            // The grand total of the territory stays published.
            let mut must_publish = vec![false; t.values.len()];
            must_publish[t.n_cols() - 1] = true;
            let options = disclosure::SecondaryOptions {
                must_publish,
                ..disclosure::SecondaryOptions::default()
            };
            let p = disclosure::protect(&table, &rules, &options).map_err(|source| match source
                .kind()
            {
                bildung_core::ErrorKind::ProtectionFailed => Error::Protection {
                    table: t.title.clone(),
                    source,
                },
                _ => Error::Core {
                    what: "disclosure control",
                    source,
                },
            })?;
            if !p.audit.is_safe() {
                return Err(Error::Protection {
                    table: t.title.clone(),
                    source: bildung_core::Error::ProtectionFailed {
                        cell: p.audit.unsafe_cells.first().map(|u| u.cell),
                        label: t.title.clone(),
                        reason: format!("{} cells fail the audit", p.audit.unsafe_cells.len()),
                    },
                });
            }
            let n_sup = p.status.iter().filter(|s| s.is_suppressed()).count();
            Ok(Protected {
                values: t.values.clone(),
                flags: vec![CellFlags::NONE; t.values.len()],
                note: format!(
                    "Geheimhaltung durch Zellsperrung: {} Zellen mit 1 bis {} Fällen gesperrt (primär), {} weitere Zellen gesperrt, damit keine gesperrte Zelle aus Summen errechnet werden kann (sekundär).",
                    p.n_primary,
                    d.min_count - 1.0,
                    p.n_secondary
                ),
                summary: format!(
                    "{} cells, {} primary and {} secondary suppressions ({} unpublished); LP audit ({} linear programs): every primary cell's interval reaches {} and is at least 1 wide; no unprotected cell",
                    t.values.len(),
                    p.n_primary,
                    p.n_secondary,
                    n_sup,
                    p.audit.n_lp,
                    d.min_count
                ),
                status: p.status,
            })
        }
        Method::Rounding => {
            let rounded =
                disclosure::round_to_base(&t.values, d.rounding_base).map_err(fail("rounding"))?;
            let max_dev = t
                .values
                .iter()
                .zip(&rounded)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            let flags = perturbed_flags(&t.values, &rounded);
            let changed = flags.iter().filter(|f| !f.is_empty()).count();
            Ok(Protected {
                status: vec![CellStatus::Published; t.values.len()],
                flags,
                note: format!(
                    "Geheimhaltung durch Rundung: alle Zählwerte einschließlich der Summen sind unabhängig voneinander auf ein Vielfaches von {} gerundet; Summen können daher von der Summe der gerundeten Einzelwerte abweichen.",
                    d.rounding_base
                ),
                summary: format!(
                    "{} cells rounded to base {} ({} changed, largest deviation {})",
                    t.values.len(),
                    d.rounding_base,
                    changed,
                    max_dev
                ),
                values: rounded,
            })
        }
        Method::CellKey => {
            let ptable = disclosure::PTable::generate(&disclosure::PTableParams::new(
                d.max_deviation,
                d.variance,
            ))
            .map_err(fail("the perturbation table"))?;
            let keys: Vec<f64> = (0..t.values.len())
                .map(|i| {
                    let (r, c) = (i / t.n_cols(), i % t.n_cols());
                    disclosure::cell_key_from_id(
                        &format!("{}/{}/{}", t.cell_id_prefix, t.codes[r], t.columns[c]),
                        d.cell_key_secret,
                    )
                })
                .collect();
            let perturbed = disclosure::perturb(&t.values, &keys, &ptable)
                .map_err(fail("cell-key perturbation"))?;
            let flags = perturbed_flags(&t.values, &perturbed);
            let changed = flags.iter().filter(|f| !f.is_empty()).count();
            Ok(Protected {
                status: vec![CellStatus::Published; t.values.len()],
                flags,
                note: format!(
                    "Geheimhaltung mit der Cell-Key-Methode (maximale Abweichung {}, Varianz {}); Nullen bleiben Nullen, Summen können von der Summe der Einzelwerte abweichen.",
                    d.max_deviation, d.variance
                ),
                summary: format!(
                    "{} cells perturbed by the cell-key method (D = {}, V = {}; {} changed)",
                    t.values.len(),
                    d.max_deviation,
                    d.variance,
                    changed
                ),
                values: perturbed,
            })
        }
    }
}
