//! Publishable output: tables with statuses and symbols as CSV, JSON and a self-contained HTML
//! report with SVG charts.
//!
//! Values and their [`CellStatus`](crate::disclosure::CellStatus) travel together in a
//! [`PublishTable`]; the symbols of a [`SymbolSet`](crate::disclosure::SymbolSet) replace
//! suppressed values only here, on output. A suppressed value is never written: not in the CSV,
//! not in the JSON (no `value` key), not in the HTML, and not as a point of a chart (charts leave
//! such points out and say how many in a note).
//!
//! | item | what | file |
//! |---|---|---|
//! | [`NumberFormat`], [`rounds_to_zero`] | German `1.234,5` / English `1,234.5`, commercial rounding | `format.rs` |
//! | [`PublishTable`], [`Column`], [`flag_names`] | the table, its validation, cell texts | `table.rs` |
//! | [`to_csv`], [`CsvOptions`] | RFC 4180 CSV, symbols in place, optional status columns | `csv.rs` |
//! | [`to_json`] | JSON with values, status names, flags, texts, legend | `json.rs` |
//! | [`Chart`], [`LorenzChart`], [`FunnelChart`], [`RankingChart`] | hand-written SVG charts, fixed colours and classes | `chart.rs` |
//! | [`HtmlReport`], [`Section`], [`Block`] | one self-contained HTML file, print-ready | `html.rs` |
//!
//! # Example
//! ```
//! use bildung_core::disclosure::{CellStatus, SymbolSet};
//! use bildung_core::publish::{to_csv, Column, CsvOptions, NumberFormat, PublishTable};
//! use ndarray::array;
//! let t = PublishTable::new("Abgänger ohne Abschluss", "Gebiet",
//!     vec!["Stadt".into(), "Nord".into(), "Süd".into()],
//!     vec![Column::new("Anzahl", 0), Column::new("Quote", 1).with_unit("%")],
//!     array![[1234.0, 6.25], [1232.0, 6.3], [2.0, 0.04]])?
//!     .with_row_levels(vec![0, 1, 1])?
//!     .with_status(array![[CellStatus::Published; 2], [CellStatus::Secondary; 2],
//!                         [CellStatus::Primary; 2]])?;
//! let csv = to_csv(&t, &CsvOptions { group_digits: true, ..Default::default() })?;
//! assert_eq!(csv, "Gebiet;Anzahl;Quote (%)\r\nStadt;1.234;6,3\r\nNord;.;.\r\nSüd;.;.\r\n");
//! # Ok::<(), bildung_core::Error>(())
//! ```

mod chart; // Lorenz, funnel and ranking charts as inline SVG
mod csv; // RFC 4180 CSV writer
mod format; // German and English number formats
mod html; // the self-contained HTML report
mod json; // JSON writer
mod table; // PublishTable, Column, validation

pub use chart::{
    Chart, FUNNEL_POINT_COLOR, FunnelChart, FunnelPoint, LIMIT_95_COLOR, LIMIT_998_COLOR,
    LORENZ_COLORS, LimitCurve, LorenzChart, LorenzSeries, RANKING_COLOR, REFERENCE_COLOR, RankItem,
    RankingChart, TARGET_COLOR, escape,
};
pub use csv::{CsvOptions, to_csv};
pub use format::{MAX_DECIMALS, NumberFormat, rounds_to_zero};
pub use html::{Block, HtmlReport, Section};
pub use json::to_json;
pub use table::{Column, MAX_LEVEL, PublishTable, flag_names};
