//! The indicator registry: the built-in catalogue plus the user's own definitions.
//!
//! Definition files are TOML (`[[indicator]]` tables) or JSON (a list of objects, or an object
//! with an `indicator` list). The built-in catalogue ships as `catalogue.toml` inside the crate:
//! the minimal indicator set of a municipal Bildungsreport (indicators.md 8.2, areas A, C, D, E),
//! each definition with its official source.
//!
//! ```
//! use bildung_core::indicators::Catalogue;
//! let mut cat = Catalogue::builtin()?;
//! assert!(cat.get("D-ABS-OHSA-QSV").is_ok());
//! assert!(cat.get("NOPE").is_err());
//! cat.add_toml(r#"[[indicator]]
//! id = "MY-FQ"
//! area = "D"
//! name_de = "Förderquote (eigene Abgrenzung)"
//! name_en = "special-needs rate (own delimitation)"
//! mode = "share"
//! numerator = { table = "school_pupils", filter = { spf = ["ja"] } }
//! denominator = { table = "school_pupils" }
//! source = "own definition"
//! "#)?;
//! assert_eq!(cat.get("MY-FQ")?.version, 1);
//! # Ok::<(), bildung_core::Error>(())
//! ```

use std::collections::HashMap;

use serde_json::Value;

use super::definition::Definition;
use crate::error::{Error, Result};

/// The built-in definitions (TOML).
pub const BUILTIN_TOML: &str = include_str!("catalogue.toml");

/// A set of indicator definitions with unique ids.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    defs: Vec<Definition>,
    index: HashMap<String, usize>,
}

impl Catalogue {
    /// An empty catalogue.
    pub fn new() -> Catalogue {
        Catalogue::default()
    }

    /// The built-in catalogue (indicators.md 8.2).
    pub fn builtin() -> Result<Catalogue> {
        Catalogue::from_toml(BUILTIN_TOML)
    }

    /// A catalogue from a TOML text.
    pub fn from_toml(text: &str) -> Result<Catalogue> {
        let mut c = Catalogue::new();
        c.add_toml(text)?;
        Ok(c)
    }

    /// A catalogue from a JSON text.
    pub fn from_json(text: &str) -> Result<Catalogue> {
        let mut c = Catalogue::new();
        c.add_json(text)?;
        Ok(c)
    }

    /// Add the definitions of a TOML text (`[[indicator]]` tables).
    ///
    /// Errors: TOML syntax ([`Error::Table`] with line and column), an invalid definition
    /// ([`Error::Definition`] naming the id and field), an id already in the catalogue.
    pub fn add_toml(&mut self, text: &str) -> Result<()> {
        let v: toml::Value = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
            Error::table(
                "definitions (TOML)",
                Some(line),
                Some(&format!("character {col}")),
                e.message().to_owned(),
            )
        })?;
        let json = serde_json::to_value(v)
            .map_err(|e| Error::table("definitions (TOML)", None, None, e.to_string()))?;
        self.add_value(&json)
    }

    /// Add the definitions of a JSON text.
    pub fn add_json(&mut self, text: &str) -> Result<()> {
        let v: Value = serde_json::from_str(text).map_err(|e| {
            Error::table(
                "definitions (JSON)",
                Some(e.line()),
                Some(&format!("character {}", e.column())),
                e.to_string(),
            )
        })?;
        self.add_value(&v)
    }

    fn add_value(&mut self, v: &Value) -> Result<()> {
        let list = match v {
            Value::Array(a) => a,
            Value::Object(o) => match o.get("indicator") {
                Some(Value::Array(a)) => a,
                _ => {
                    return Err(Error::definition(
                        "<file>",
                        "indicator",
                        "expected a list of definitions under `indicator`",
                    ));
                }
            },
            _ => {
                return Err(Error::definition(
                    "<file>",
                    "indicator",
                    "expected a list of definitions",
                ));
            }
        };
        let mut new = Vec::with_capacity(list.len());
        for item in list {
            new.push(Definition::from_value(item)?);
        }
        for d in new {
            self.add(d)?;
        }
        Ok(())
    }

    /// Add one definition (checked).
    pub fn add(&mut self, d: Definition) -> Result<()> {
        d.check()?;
        if self.index.contains_key(&d.id) {
            return Err(Error::definition(
                &d.id,
                "id",
                "already defined in the catalogue; choose another id",
            ));
        }
        self.index.insert(d.id.clone(), self.defs.len());
        self.defs.push(d);
        Ok(())
    }

    /// The definition with this id ([`Error::UnknownIndicator`] if there is none).
    pub fn get(&self, id: &str) -> Result<&Definition> {
        self.index
            .get(id)
            .map(|&i| &self.defs[i])
            .ok_or_else(|| Error::UnknownIndicator { id: id.to_owned() })
    }

    /// Every definition, in the order added.
    pub fn definitions(&self) -> &[Definition] {
        &self.defs
    }

    /// Number of definitions.
    pub fn len(&self) -> usize {
        self.defs.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// The definitions as JSON (a list), e.g. to document or export them.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.defs).unwrap_or_default()
    }
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_round_trips() {
        let c = Catalogue::builtin().unwrap();
        assert!(c.len() >= 30, "{}", c.len());
        let back = Catalogue::from_json(&c.to_json()).unwrap();
        assert_eq!(back.definitions(), c.definitions());
        for area in ["A", "C", "D", "E"] {
            assert!(
                c.definitions()
                    .iter()
                    .any(|d| format!("{:?}", d.area) == area),
                "{area}"
            );
        }
    }

    #[test]
    fn errors_name_the_field() {
        let base = r#"{"id": "T1", "area": "D", "name_de": "x", "name_en": "x", "mode": "share",
            "numerator": {"table": "school_leavers"}, "denominator": {"table": "school_leavers"},
            "source": "s"}"#;
        let mut ok: Value = serde_json::from_str(base).unwrap();
        assert!(Definition::from_value(&ok).is_ok());
        let cases: [(&str, Value, &str); 8] = [
            ("mode", Value::from("ratio"), "field `mode`"),
            ("area", Value::from("Z"), "field `area`"),
            ("colour", Value::from(1), "field `colour`"),
            (
                "numerator",
                serde_json::json!({"table": "pupils"}),
                "field `numerator.table`: unknown table `pupils`",
            ),
            (
                "numerator",
                serde_json::json!({"table": "school_leavers", "filter": {"abschluss": 3}}),
                "field `numerator.filter.abschluss`",
            ),
            (
                "numerator",
                serde_json::json!({"table": "school_leavers", "filter": {"birth_year": ["x"]}}),
                "integer column",
            ),
            (
                "age_band",
                serde_json::json!({"from": 17, "to": 15}),
                "field `age_band`",
            ),
            ("valid_from", Value::from("2010"), "field `valid_from`"),
        ];
        for (key, val, want) in cases {
            let mut v = ok.clone();
            v[key] = val;
            let e = Definition::from_value(&v).unwrap_err();
            assert!(e.to_string().contains(want), "{key}: {e}");
            assert_eq!(e.kind(), crate::ErrorKind::InvalidDefinition);
        }
        ok.as_object_mut().unwrap().remove("source");
        let e = Definition::from_value(&ok).unwrap_err();
        assert!(e.to_string().contains("field `source`: missing"), "{e}");
        let e = Catalogue::from_toml("[[indicator]]\nid = \n").unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::MalformedInput);
        assert!(e.to_string().contains("row 2"), "{e}");
        let mut c = Catalogue::builtin().unwrap();
        let d = c.get("D-ABS-OHSA-QSV").unwrap().clone();
        assert!(
            c.add(d)
                .unwrap_err()
                .to_string()
                .contains("already defined")
        );
        assert_eq!(
            c.get("nope").unwrap_err().kind(),
            crate::ErrorKind::UnknownIndicator
        );
    }
}
