//! JSON output: values, statuses, qualifiers and the rendered text of every cell.

use serde_json::{Map, Value, json};

use super::{NumberFormat, PublishTable, flag_names};
use crate::disclosure::SymbolSet;
use crate::error::{Error, Result};

/// The table as a JSON document (pretty-printed). A suppressed cell has no `value` key: its
/// value is never written.
///
/// ```text
/// { "title", "row_header", "source", "notes": [..], "number_format": "german"|"english",
///   "symbols": "classical"|"letter",
///   "legend": [{"symbol", "meaning"}],                  (symbols used in the table)
///   "columns": [{"label", "decimals", "unit"}],
///   "rows": [{"label", "level",
///             "cells": [{"status", "flags": [..], "text", "value"?}] }] }
/// status: the shown status's public name (a published 0 is "zero"; primary and secondary
/// suppression are both "confidential"); value: only when not suppressed
/// ```
///
/// # Errors
/// As [`PublishTable::check`] and [`SymbolSet::render`].
///
/// # Example
/// ```
/// use bildung_core::disclosure::{CellStatus, SymbolSet};
/// use bildung_core::publish::{to_json, Column, NumberFormat, PublishTable};
/// use ndarray::array;
/// let t = PublishTable::new("T", "Gebiet", vec!["Nord".into(), "Süd".into()],
///     vec![Column::new("Anzahl", 0)], array![[12.0], [2.0]])?
///     .with_status(array![[CellStatus::Published], [CellStatus::Primary]])?;
/// let j: serde_json::Value =
///     serde_json::from_str(&to_json(&t, NumberFormat::German, &SymbolSet::classical())?).unwrap();
/// assert_eq!(j["rows"][0]["cells"][0]["value"], 12.0);
/// assert_eq!(j["rows"][1]["cells"][0]["status"], "confidential");
/// assert_eq!(j["rows"][1]["cells"][0]["text"], ".");
/// assert!(j["rows"][1]["cells"][0].get("value").is_none());
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn to_json(table: &PublishTable, format: NumberFormat, symbols: &SymbolSet) -> Result<String> {
    table.check()?;
    let columns: Vec<Value> = table
        .columns
        .iter()
        .map(|c| json!({"label": c.label, "decimals": c.decimals, "unit": c.unit}))
        .collect();
    let mut rows = Vec::with_capacity(table.nrows());
    for i in 0..table.nrows() {
        let mut cells = Vec::with_capacity(table.ncols());
        for j in 0..table.ncols() {
            let status = table.status[(i, j)];
            let mut cell = Map::new();
            cell.insert(
                "status".into(),
                Value::from(table.shown_status(i, j).public_name()),
            );
            let flags = if status.is_suppressed() {
                Vec::new()
            } else {
                flag_names(table.flags[(i, j)])
            };
            cell.insert("flags".into(), json!(flags));
            cell.insert(
                "text".into(),
                Value::from(table.cell_text(i, j, format, symbols)?),
            );
            if !status.is_suppressed() {
                cell.insert("value".into(), json!(table.values[(i, j)]));
            }
            cells.push(Value::Object(cell));
        }
        rows.push(json!({
            "label": table.row_labels[i],
            "level": table.row_level[i],
            "cells": cells,
        }));
    }
    let (used, flags) = table.used_symbols();
    let legend: Vec<Value> = symbols
        .legend_for(&used, flags, format)
        .into_iter()
        .map(|e| json!({"symbol": e.symbol, "meaning": e.meaning}))
        .collect();
    let doc = json!({
        "title": table.title,
        "row_header": table.row_header,
        "source": table.source,
        "notes": table.notes,
        "number_format": match format { NumberFormat::German => "german", NumberFormat::English => "english" },
        "symbols": symbols.name(),
        "legend": legend,
        "columns": columns,
        "rows": rows,
    });
    serde_json::to_string_pretty(&doc).map_err(|e| {
        Error::table(
            table.title.clone(),
            None,
            None,
            format!("JSON serialisation failed: {e}"),
        )
    })
}
