//! Count tables by area with a hierarchy (Kreis within Land within Germany; Stadtteil within
//! Bezirk within Hamburg), the input of disclosure control in `bildung report`.
//!
//! Each table holds the leaf areas' counts as read and the aggregate rows as sums of their
//! children, plus a total column that is the sum of the category columns. So every margin adds
//! up by construction; where an official table's own totals differ (Länder that round their
//! counts publish an "Insgesamt" that is not the sum of the rounded categories), the note says so.

use crate::Error;
use crate::genesis::{Level, QUALIFICATIONS, Row, Table};
use crate::segregation::Hamburg;

/// A count table: areas (rows, in hierarchy order: parent before children) x categories, the
/// last column the total.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaTable {
    /// File stem of the outputs (`leavers_by_qualification`).
    pub name: &'static str,
    /// Title.
    pub title: String,
    /// Source line.
    pub source: String,
    /// Header of the area column.
    pub row_header: &'static str,
    /// Area codes.
    pub codes: Vec<String>,
    /// Area names.
    pub names: Vec<String>,
    /// Depth in the hierarchy (0 = the whole territory).
    pub level: Vec<u8>,
    /// Parent row of each row.
    pub parent: Vec<Option<usize>>,
    /// Column labels; the last is the total.
    pub columns: Vec<String>,
    /// Counts, row-major (`rows x columns`).
    pub values: Vec<f64>,
    /// Notes printed under the table.
    pub notes: Vec<String>,
    /// Identity of the source cells (`21111-02-06-4/2023`): with the area code and the column
    /// label it names a logical cell, the same in every table (the cell-key method's ids).
    pub cell_id_prefix: String,
}

impl AreaTable {
    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.codes.len()
    }

    /// Number of columns.
    pub fn n_cols(&self) -> usize {
        self.columns.len()
    }

    /// The count of row `r`, column `c`.
    pub fn value(&self, r: usize, c: usize) -> f64 {
        self.values[r * self.n_cols() + c]
    }

    /// Build from leaf rows: `groups` are (code, name) of the aggregate levels, each leaf names its
    /// group; the root is `root`. Aggregates are the sums of their children; the last column of
    /// every row is the sum of the others.
    fn from_leaves(
        header: (&'static str, String, String, &'static str),
        root: (String, String),
        groups: &[(String, String)],
        leaves: &[(String, String, usize, Vec<f64>)],
        categories: &[&str],
    ) -> AreaTable {
        let (name, title, source, row_header) = header;
        let k = categories.len();
        let cols = k + 1;
        let mut t = AreaTable {
            name,
            title,
            source,
            row_header,
            codes: vec![root.0],
            names: vec![root.1],
            level: vec![0],
            parent: vec![None],
            columns: categories
                .iter()
                .map(|c| (*c).to_owned())
                .chain(std::iter::once("Insgesamt".to_owned()))
                .collect(),
            values: vec![0.0; cols],
            notes: Vec::new(),
            cell_id_prefix: String::new(),
        };
        let single_group = groups.len() == 1 && groups[0].0 == t.codes[0];
        for (g, (code, gname)) in groups.iter().enumerate() {
            let group_row = if single_group {
                0
            } else {
                t.codes.push(code.clone());
                t.names.push(gname.clone());
                t.level.push(1);
                t.parent.push(Some(0));
                t.values.extend(std::iter::repeat_n(0.0, cols));
                t.codes.len() - 1
            };
            for (lcode, lname, _, counts) in leaves.iter().filter(|l| l.2 == g) {
                let row = t.codes.len();
                t.codes.push(lcode.clone());
                t.names.push(lname.clone());
                t.level.push(if single_group { 1 } else { 2 });
                t.parent.push(Some(group_row));
                let total: f64 = counts.iter().sum();
                t.values.extend(counts.iter().copied());
                t.values.push(total);
                for c in 0..cols {
                    let v = t.values[row * cols + c];
                    t.values[group_row * cols + c] += v;
                    if group_row != 0 {
                        t.values[c] += v;
                    }
                }
            }
        }
        t
    }
}

/// Categories of the leavers table (the last two qualifications of 21111-02-06-4 merged).
pub const LEAVER_CATEGORIES: [&str; 4] = [
    "ohne Hauptschulabschluss",
    "mit Hauptschulabschluss",
    "mit Mittlerem Abschluss",
    "mit Fachhochschul- oder Hochschulreife",
];

/// The counts of one unit: without HSA, with HSA, with MSA, the rest of Insgesamt.
fn leaver_counts(row: &Row) -> Result<Option<Vec<f64>>, Error> {
    let get = |q: usize| row.total(q).count();
    let (Some(all), Some(o), Some(h), Some(m)) = (get(0), get(1), get(2), get(3)) else {
        return Ok(None);
    };
    let rest = all as i64 - o as i64 - h as i64 - m as i64;
    if rest < 0 {
        return Err(Error::Data(format!(
            "21111-02-06-4, line {} ({}): {} = {all} is below the sum of {}, {} and {} ({})",
            row.line,
            row.name,
            QUALIFICATIONS[0],
            QUALIFICATIONS[1],
            QUALIFICATIONS[2],
            QUALIFICATIONS[3],
            o + h + m
        )));
    }
    Ok(Some(vec![o as f64, h as f64, m as f64, rest as f64]))
}

/// Leavers by qualification per Kreis (Germany -> Land -> Kreis, or Land -> Kreis for one Land).
/// `units` are the report's Kreis-level units as (code, Land code, row).
pub fn leavers(
    table: &Table,
    units: &[(&str, &str, &Row)],
    land: Option<&str>,
) -> Result<AreaTable, Error> {
    let land_name = |code: &str| {
        table
            .rows
            .iter()
            .find(|r| r.level == Level::Land && r.code == code)
            .map_or_else(|| code.to_owned(), |r| r.name.clone())
    };
    let groups: Vec<(String, String)> = match land {
        Some(l) => vec![(l.to_owned(), land_name(l))],
        None => {
            let mut g: Vec<(String, String)> = Vec::new();
            for (_, l, _) in units {
                if !g.iter().any(|(c, _)| c == l) {
                    g.push(((*l).to_owned(), land_name(l)));
                }
            }
            g
        }
    };
    let mut leaves = Vec::new();
    let mut left_out = Vec::new();
    let mut empty = 0usize;
    for (code, l, row) in units {
        let Some(g) = groups.iter().position(|(c, _)| c == l) else {
            continue;
        };
        if row.is_empty() {
            // a former Kreis code kept in the table with `-` everywhere
            empty += 1;
            continue;
        }
        match leaver_counts(row)? {
            Some(counts) => leaves.push(((*code).to_owned(), row.name.clone(), g, counts)),
            None => left_out.push(format!("{} {}", code, row.name)),
        }
    }
    let root = match land {
        Some(l) => (l.to_owned(), land_name(l)),
        None => ("DG".to_owned(), "Deutschland".to_owned()),
    };
    let mut t = AreaTable::from_leaves(
        (
            "leavers_by_qualification",
            format!(
                "Absolventinnen/Absolventen und Abgängerinnen/Abgänger allgemeinbildender Schulen nach Abschlussart, {}",
                table.rows.first().map_or(0, |r| r.year)
            ),
            format!("GENESIS {} ({})", table.code, table.title),
            "Gebiet",
        ),
        root,
        &groups,
        &leaves,
        &LEAVER_CATEGORIES,
    );
    t.cell_id_prefix = format!(
        "{}/{}",
        table.code,
        table.rows.first().map_or(0, |r| r.year)
    );
    t.notes.push(
        "Länder- und Bundeswerte sind Summen der Kreise; die Spalte Insgesamt ist die Summe der Abschlussarten. \
         Länder, die ihre Zählwerte runden (Vielfache von 3 oder 5), veröffentlichen ein Insgesamt, \
         das von der Summe der gerundeten Abschlussarten abweichen kann."
            .to_owned(),
    );
    t.notes.push(
        "„mit Fachhochschul- oder Hochschulreife“ = Insgesamt der Kreiszeile minus die drei übrigen Abschlussarten."
            .to_owned(),
    );
    if empty > 0 {
        t.notes.push(format!(
            "{empty} Kreisschlüssel ohne Abgänger (frühere Kreise, in der Quelle durchgehend „-“) sind nicht aufgeführt."
        ));
    }
    if !left_out.is_empty() {
        t.notes.push(format!(
            "Nicht enthalten (fehlender Wert in der Quelle): {}.",
            left_out.join(", ")
        ));
    }
    Ok(t)
}

/// Sek-I pupils by school form per Stadtteil (Hamburg -> Bezirk -> Stadtteil), counts derived from
/// the published shares as `round(pupils x share / 100)`; "andere Schulformen" is the rest.
pub fn hamburg(hh: &Hamburg, bezirke: &[&str], source: &str) -> Result<AreaTable, Error> {
    let groups: Vec<(String, String)> = bezirke
        .iter()
        .enumerate()
        .map(|(i, b)| (format!("B{}", i + 1), (*b).to_owned()))
        .collect();
    let mut leaves = Vec::new();
    for (i, s) in hh.stadtteile.iter().enumerate() {
        let rest = s.pupils as i64 - s.gymnasium as i64 - s.stadtteilschule as i64;
        if rest < 0 {
            return Err(Error::Data(format!(
                "Hamburg, Stadtteil {}: Gymnasium {} + Stadtteilschule {} pupils exceed the {} Sek-I pupils",
                s.name, s.gymnasium, s.stadtteilschule, s.pupils
            )));
        }
        leaves.push((
            format!("S{:03}", i + 1),
            s.name.clone(),
            s.bezirk,
            vec![s.stadtteilschule as f64, s.gymnasium as f64, rest as f64],
        ));
    }
    let mut t = AreaTable::from_leaves(
        (
            "hamburg_pupils_by_school_form",
            "Schülerinnen und Schüler der Sekundarstufe I nach Schulform, Hamburg, Schuljahr 2013/14"
                .to_owned(),
            format!("Statistikamt Nord, Hamburger Stadtteil-Profile 2014 ({source})"),
            "Gebiet",
        ),
        ("HH".to_owned(), "Hamburg".to_owned()),
        &groups,
        &leaves,
        &["Stadtteilschule", "Gymnasium", "andere Schulformen"],
    );
    t.cell_id_prefix = "hamburg-stadtteilprofile-2014/sek1-2013-14".to_owned();
    t.notes.push(
        "Zählwerte der Stadtteile aus den veröffentlichten Anteilen abgeleitet (Schüler × Anteil / 100, gerundet); \
         Bezirks- und Stadtwerte sind Summen der Stadtteile."
            .to_owned(),
    );
    let city = t.value(0, t.n_cols() - 1);
    if (city - hh.city_pupils as f64).abs() > 0.5 {
        t.notes.push(format!(
            "Die Summe der Stadtteile ({city}) weicht von der veröffentlichten Stadtzeile ({}) ab.",
            hh.city_pupils
        ));
    }
    Ok(t)
}

/// The rows of `table` for the report's units: a Kreis row by its code, a city-state by its Land
/// row. Units whose row cannot be found are skipped.
pub fn unit_rows<'a>(
    table: &'a Table,
    units: &'a [crate::report::Unit],
) -> Vec<(&'a str, &'a str, &'a Row)> {
    units
        .iter()
        .filter_map(|u| {
            let want = if u.city_state {
                &u.code[..2]
            } else {
                u.code.as_str()
            };
            table
                .rows
                .iter()
                .find(|r| r.code == want)
                .map(|r| (u.code.as_str(), u.land.as_str(), r))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregates_are_sums_of_children() {
        let leaves = vec![
            ("K1".to_owned(), "a".to_owned(), 0, vec![1.0, 2.0]),
            ("K2".to_owned(), "b".to_owned(), 0, vec![3.0, 4.0]),
            ("K3".to_owned(), "c".to_owned(), 1, vec![5.0, 6.0]),
        ];
        let groups = vec![("L1".into(), "L one".into()), ("L2".into(), "L two".into())];
        let t = AreaTable::from_leaves(
            ("t", "T".into(), "S".into(), "Gebiet"),
            ("DG".into(), "D".into()),
            &groups,
            &leaves,
            &["x", "y"],
        );
        assert_eq!(t.codes, ["DG", "L1", "K1", "K2", "L2", "K3"]);
        assert_eq!(
            t.parent,
            [None, Some(0), Some(1), Some(1), Some(0), Some(4)]
        );
        assert_eq!(t.level, [0, 1, 2, 2, 1, 2]);
        // root: x = 1+3+5, y = 2+4+6, total 21; L1: 4, 6, 10; K3: 5, 6, 11
        assert_eq!(&t.values[0..3], &[9.0, 12.0, 21.0]);
        assert_eq!(&t.values[3..6], &[4.0, 6.0, 10.0]);
        assert_eq!(&t.values[15..18], &[5.0, 6.0, 11.0]);
    }
}
