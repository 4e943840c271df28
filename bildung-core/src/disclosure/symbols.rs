//! Symbol sets (Zeichenerklärung): how cell statuses and qualifiers are shown in a published table.
//!
//! A [`SymbolSet`] maps every [`CellStatus`] to the text a reader sees in place of the value and
//! every [`CellFlags`] qualifier to a mark beside the value. Two official sets are built in
//! (indicators.md 4.4), and every symbol can be replaced for a municipal variant:
//!
//! ```text
//! status / flag     classical   letter   meaning (German legend)
//! Zero              -           0        nichts vorhanden (genau null)
//! LessThanHalf      0 (0,0)     k        weniger als die Hälfte von 1 in der letzten besetzten Stelle
//! Primary           .           g        geheim zu halten
//! Secondary         .           g        geheim zu halten
//! Unknown           .           g        Zahlenwert unbekannt
//! Later             ...         t        Zahlenwert fällt später an
//! NotMeaningful     x           x        Tabellenfach gesperrt, weil Aussage nicht sinnvoll
//! Unreliable        /           u        Zahlenwert nicht sicher genug
//! LIMITED           (value)     value u  Aussagewert eingeschränkt
//! ERRONEOUS         (value)     value f  Aussagewert eingeschränkt, da der Wert Fehler aufweisen kann
//! PROVISIONAL       value p     value p  vorläufige Zahl
//! REVISED           value r     value r  berichtigte Zahl
//! ESTIMATED         value s     value s  geschätzte Zahl
//! FINAL             (none)      value e  endgültige Zahl
//! BREAK             | value     | value  grundsätzliche Änderung innerhalb einer Reihe
//! PERTURBED         (never shown)
//! ```
//!
//! Rendering rules ([`SymbolSet::render`]): a published value that is exactly 0 is shown as the
//! `Zero` symbol; a published non-zero value that rounds to 0 at the shown decimals is shown as
//! `LessThanHalf`. The `LessThanHalf` text `"0"` is special: it is written with the column's
//! decimals (`0`, `0,0`, `0,00`). Flags are shown only beside values that are shown (never
//! beside a suppressed cell's symbol); suffix letters follow the value after one space
//! (`1.234 p`, several as `1.234 pr`).

use super::{CellFlags, CellStatus};
use crate::error::{Error, Result};
use crate::publish::NumberFormat;

/// How a qualifier ([`CellFlags`] bit) is marked beside a shown value.
///
/// ```
/// use bildung_core::disclosure::FlagMark;
/// assert_eq!(FlagMark::Suffix("p".into()).apply("12"), "12 p");
/// assert_eq!(FlagMark::Parentheses.apply("12"), "(12)");
/// assert_eq!(FlagMark::Prefix("|".into()).apply("12"), "| 12");
/// assert_eq!(FlagMark::Hidden.apply("12"), "12");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagMark {
    /// Not shown.
    Hidden,
    /// The value in parentheses: `(12)`.
    Parentheses,
    /// A letter after the value, separated by one space: `12 p`.
    Suffix(String),
    /// A mark before the value, separated by one space: `| 12`.
    Prefix(String),
}

impl FlagMark {
    /// The value text with this mark alone applied (see [`SymbolSet::render`] for several).
    pub fn apply(&self, text: &str) -> String {
        match self {
            FlagMark::Hidden => text.to_string(),
            FlagMark::Parentheses => format!("({text})"),
            FlagMark::Suffix(s) => format!("{text} {s}"),
            FlagMark::Prefix(s) => format!("{s} {text}"),
        }
    }

    /// The text shown in a legend (`( )`, `p`, `|`), `None` for [`FlagMark::Hidden`].
    pub fn legend_symbol(&self) -> Option<String> {
        match self {
            FlagMark::Hidden => None,
            FlagMark::Parentheses => Some("( )".to_string()),
            FlagMark::Suffix(s) | FlagMark::Prefix(s) => Some(s.clone()),
        }
    }
}

/// One line of a symbol legend (Zeichenerklärung).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegendEntry {
    /// The symbol as shown (`.`, `( )`, `p`).
    pub symbol: String,
    /// What it means, in the language of the report.
    pub meaning: String,
}

/// The flags a symbol set can mark, in the order their marks are applied and listed.
const FLAG_ORDER: [CellFlags; 8] = [
    CellFlags::LIMITED,
    CellFlags::ERRONEOUS,
    CellFlags::PROVISIONAL,
    CellFlags::REVISED,
    CellFlags::ESTIMATED,
    CellFlags::FINAL,
    CellFlags::BREAK,
    CellFlags::PERTURBED,
];

fn flag_slot(flag: CellFlags) -> Option<usize> {
    FLAG_ORDER.iter().position(|&f| f == flag)
}

/// Legend meaning of a status: (German, English).
fn status_meaning(status: CellStatus) -> (&'static str, &'static str) {
    match status {
        CellStatus::Published => ("Zahlenwert", "value"),
        CellStatus::Zero => ("nichts vorhanden (genau null)", "nothing (exactly zero)"),
        CellStatus::LessThanHalf => (
            "weniger als die Hälfte von 1 in der letzten besetzten Stelle, jedoch mehr als nichts",
            "less than half of the last digit shown, but more than nothing",
        ),
        CellStatus::Primary | CellStatus::Secondary => (
            "geheim zu halten (Geheimhaltung)",
            "kept secret (disclosure control)",
        ),
        CellStatus::Unknown => ("Zahlenwert unbekannt", "value unknown"),
        CellStatus::Later => ("Zahlenwert fällt später an", "value available later"),
        CellStatus::NotMeaningful => (
            "Tabellenfach gesperrt, weil Aussage nicht sinnvoll",
            "tabulation not meaningful",
        ),
        CellStatus::Unreliable => ("Zahlenwert nicht sicher genug", "value not reliable enough"),
    }
}

/// Legend meaning of a flag: (German, English).
fn flag_meaning(flag: CellFlags) -> (&'static str, &'static str) {
    match flag {
        CellFlags::LIMITED => ("Aussagewert eingeschränkt", "limited reliability"),
        CellFlags::ERRONEOUS => (
            "Aussagewert eingeschränkt, da der Wert Fehler aufweisen kann",
            "limited reliability, the value may contain errors",
        ),
        CellFlags::PROVISIONAL => ("vorläufige Zahl", "provisional value"),
        CellFlags::REVISED => ("berichtigte Zahl", "revised value"),
        CellFlags::ESTIMATED => ("geschätzte Zahl", "estimated value"),
        CellFlags::FINAL => ("endgültige Zahl", "final value"),
        CellFlags::BREAK => (
            "grundsätzliche Änderung innerhalb einer Reihe",
            "break in the series",
        ),
        _ => (
            "durch Rundung oder Überlagerung verändert",
            "changed by rounding or perturbation",
        ),
    }
}

/// The symbols of a published table: one text per [`CellStatus`] and one [`FlagMark`] per
/// [`CellFlags`] qualifier.
///
/// ```text
/// shown(value, status, flags, d):
///   status Published and value == 0               -> symbol(Zero)
///   status Published and round(|value|, d) == 0   -> symbol(LessThanHalf)
///   status Published                              -> number with d decimals, flag marks applied
///   status Zero / LessThanHalf                    -> symbol, flag marks applied
///   suppressed status                             -> symbol (never the value, never a flag)
/// ```
///
/// # Example
/// ```
/// use bildung_core::disclosure::{CellFlags, CellStatus, SymbolSet};
/// use bildung_core::publish::NumberFormat;
/// let s = SymbolSet::classical();
/// let de = NumberFormat::German;
/// assert_eq!(s.render(1234.5, CellStatus::Published, CellFlags::NONE, 1, de)?, "1.234,5");
/// assert_eq!(s.render(0.0, CellStatus::Published, CellFlags::NONE, 1, de)?, "-");
/// assert_eq!(s.render(0.04, CellStatus::Published, CellFlags::NONE, 1, de)?, "0,0");
/// assert_eq!(s.render(7.0, CellStatus::Primary, CellFlags::NONE, 0, de)?, ".");
/// assert_eq!(s.render(12.0, CellStatus::Published, CellFlags::PROVISIONAL, 0, de)?, "12 p");
/// // Zürich: `( )` for data-protection suppression
/// let zh = SymbolSet::classical().with_status_symbol(CellStatus::Primary, "( )")?;
/// assert_eq!(zh.symbol(CellStatus::Primary), "( )");
/// let letter = SymbolSet::from_name("letter")?;
/// assert_eq!(letter.render(0.3, CellStatus::Published, CellFlags::NONE, 0, de)?, "k");
/// # Ok::<(), bildung_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolSet {
    name: String,
    status: [String; 9],
    flags: [FlagMark; 8],
}

impl Default for SymbolSet {
    /// The classical set.
    fn default() -> Self {
        SymbolSet::classical()
    }
}

impl SymbolSet {
    /// The classical symbols of the German statistical offices (`-`, `0`, `.`, `...`, `x`, `/`,
    /// `( )`, `p`, `r`, `s`, `|`).
    pub fn classical() -> SymbolSet {
        SymbolSet {
            name: "classical".to_string(),
            status: [
                String::new(),
                "-".into(),
                "0".into(),
                ".".into(),
                ".".into(),
                ".".into(),
                "...".into(),
                "x".into(),
                "/".into(),
            ],
            flags: [
                FlagMark::Parentheses,
                FlagMark::Parentheses,
                FlagMark::Suffix("p".into()),
                FlagMark::Suffix("r".into()),
                FlagMark::Suffix("s".into()),
                FlagMark::Hidden,
                FlagMark::Prefix("|".into()),
                FlagMark::Hidden,
            ],
        }
    }

    /// The newer machine-readable letter codes (`0`, `k`, `g`, `t`, `x`, `u`; flags
    /// `u f p r s e`).
    pub fn letter() -> SymbolSet {
        SymbolSet {
            name: "letter".to_string(),
            status: [
                String::new(),
                "0".into(),
                "k".into(),
                "g".into(),
                "g".into(),
                "g".into(),
                "t".into(),
                "x".into(),
                "u".into(),
            ],
            flags: [
                FlagMark::Suffix("u".into()),
                FlagMark::Suffix("f".into()),
                FlagMark::Suffix("p".into()),
                FlagMark::Suffix("r".into()),
                FlagMark::Suffix("s".into()),
                FlagMark::Suffix("e".into()),
                FlagMark::Prefix("|".into()),
                FlagMark::Hidden,
            ],
        }
    }

    /// A built-in set by name: `"classical"` or `"letter"`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for another name.
    pub fn from_name(name: &str) -> Result<SymbolSet> {
        match name {
            "classical" => Ok(SymbolSet::classical()),
            "letter" => Ok(SymbolSet::letter()),
            _ => Err(Error::parameter(
                "symbols",
                name,
                "unknown symbol set; use \"classical\" or \"letter\"",
            )),
        }
    }

    /// The name of the set it was built from (`"classical"`, `"letter"`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The same set with `text` shown for `status` (a municipal variant).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for
    /// [`CellStatus::Published`] (a published value is shown as a number) or for an empty or
    /// blank text, or a text with a line break.
    pub fn with_status_symbol(
        mut self,
        status: CellStatus,
        text: impl Into<String>,
    ) -> Result<Self> {
        let text = text.into();
        if status == CellStatus::Published {
            return Err(Error::parameter(
                "status",
                status.name(),
                "a published value is shown as its number and has no symbol",
            ));
        }
        check_symbol_text(&text)?;
        self.status[usize::from(status.code())] = text;
        Ok(self)
    }

    /// The same set with `mark` for the single qualifier `flag`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `flag` is not
    /// exactly one defined bit, or a suffix/prefix text is blank or has a line break.
    pub fn with_flag_mark(mut self, flag: CellFlags, mark: FlagMark) -> Result<Self> {
        let Some(slot) = flag_slot(flag) else {
            return Err(Error::parameter(
                "flag",
                flag.bits(),
                "must be exactly one defined qualifier bit",
            ));
        };
        if let FlagMark::Suffix(s) | FlagMark::Prefix(s) = &mark {
            check_symbol_text(s)?;
        }
        self.flags[slot] = mark;
        Ok(self)
    }

    /// The text shown for `status` (empty for [`CellStatus::Published`]).
    pub fn symbol(&self, status: CellStatus) -> &str {
        &self.status[usize::from(status.code())]
    }

    /// The mark of one qualifier ([`FlagMark::Hidden`] for a value that is not one defined bit).
    pub fn flag_mark(&self, flag: CellFlags) -> &FlagMark {
        match flag_slot(flag) {
            Some(slot) => &self.flags[slot],
            None => &FlagMark::Hidden,
        }
    }

    /// The status a cell is shown with: a published exact 0 becomes [`CellStatus::Zero`], a
    /// published non-zero value that rounds to 0 at `decimals` becomes
    /// [`CellStatus::LessThanHalf`]; every other status is returned unchanged.
    ///
    /// ```
    /// use bildung_core::disclosure::{CellStatus, SymbolSet};
    /// assert_eq!(SymbolSet::shown_status(0.0, CellStatus::Published, 1), CellStatus::Zero);
    /// assert_eq!(SymbolSet::shown_status(0.049, CellStatus::Published, 1), CellStatus::LessThanHalf);
    /// assert_eq!(SymbolSet::shown_status(0.05, CellStatus::Published, 1), CellStatus::Published);
    /// ```
    pub fn shown_status(value: f64, status: CellStatus, decimals: u32) -> CellStatus {
        if status != CellStatus::Published || !value.is_finite() {
            return status;
        }
        if value == 0.0 {
            CellStatus::Zero
        } else if crate::publish::rounds_to_zero(value, decimals) {
            CellStatus::LessThanHalf
        } else {
            CellStatus::Published
        }
    }

    /// The text of one cell (see the rules on [`SymbolSet`]).
    ///
    /// # Errors
    /// A shown value (status published, zero or less-than-half) that is NaN or infinite:
    /// [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue) /
    /// [`ErrorKind::NonFinite`](crate::ErrorKind::NonFinite); `decimals` above
    /// [`MAX_DECIMALS`](crate::publish::MAX_DECIMALS):
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter).
    pub fn render(
        &self,
        value: f64,
        status: CellStatus,
        flags: CellFlags,
        decimals: u32,
        format: NumberFormat,
    ) -> Result<String> {
        if status.is_suppressed() {
            return Ok(self.symbol(status).to_string());
        }
        if value.is_nan() {
            return Err(Error::MissingValue {
                what: "value",
                index: 0,
            });
        }
        let shown = SymbolSet::shown_status(value, status, decimals);
        let text = match shown {
            CellStatus::Published => format.format(value, decimals)?,
            CellStatus::LessThanHalf if self.symbol(shown) == "0" => {
                format.format(0.0, decimals)?
            }
            other => self.symbol(other).to_string(),
        };
        Ok(self.apply_flags(&text, flags))
    }

    /// Apply the marks of `flags` to a shown text: parentheses first, then suffix letters
    /// (joined, after one space), then prefixes.
    pub fn apply_flags(&self, text: &str, flags: CellFlags) -> String {
        let mut out = text.to_string();
        let mut suffix = String::new();
        let mut prefix = String::new();
        let mut parens = false;
        for (slot, &flag) in FLAG_ORDER.iter().enumerate() {
            if !flags.contains(flag) {
                continue;
            }
            match &self.flags[slot] {
                FlagMark::Hidden => {}
                FlagMark::Parentheses => parens = true,
                FlagMark::Suffix(s) => {
                    if !suffix.contains(s.as_str()) {
                        suffix.push_str(s);
                    }
                }
                FlagMark::Prefix(s) => {
                    if !prefix.is_empty() {
                        prefix.push(' ');
                    }
                    prefix.push_str(s);
                }
            }
        }
        if parens {
            out = format!("({out})");
        }
        if !suffix.is_empty() {
            out = format!("{out} {suffix}");
        }
        if !prefix.is_empty() {
            out = format!("{prefix} {out}");
        }
        out
    }

    /// The legend (Zeichenerklärung) of every symbol of the set, in the language of `format`.
    /// Statuses that share a symbol are one line (`.`: "geheim zu halten (Geheimhaltung) oder
    /// Zahlenwert unbekannt").
    ///
    /// ```
    /// use bildung_core::disclosure::SymbolSet;
    /// use bildung_core::publish::NumberFormat;
    /// let l = SymbolSet::classical().legend(NumberFormat::German);
    /// assert_eq!(l[0].symbol, "-");
    /// assert_eq!(l[0].meaning, "nichts vorhanden (genau null)");
    /// assert!(l.iter().any(|e| e.symbol == "." && e.meaning.contains("geheim")));
    /// ```
    pub fn legend(&self, format: NumberFormat) -> Vec<LegendEntry> {
        let all = CellFlags::from_bits(CellFlags::ALL_BITS).unwrap_or_default();
        self.legend_for(&CellStatus::ALL, all, format)
    }

    /// The legend of the given shown statuses and qualifiers only (the symbols that occur in a
    /// table), in the order of the status codes, then the flags.
    pub fn legend_for(
        &self,
        statuses: &[CellStatus],
        flags: CellFlags,
        format: NumberFormat,
    ) -> Vec<LegendEntry> {
        let german = format == NumberFormat::German;
        let pick = |m: (&'static str, &'static str)| if german { m.0 } else { m.1 };
        let joiner = if german { " oder " } else { " or " };
        let mut out: Vec<(String, Vec<&'static str>)> = Vec::new();
        for status in CellStatus::ALL {
            if status == CellStatus::Published || !statuses.contains(&status) {
                continue;
            }
            let symbol = self.symbol(status).to_string();
            let meaning = pick(status_meaning(status));
            match out.iter_mut().find(|(s, _)| *s == symbol) {
                Some((_, m)) => {
                    if !m.contains(&meaning) {
                        m.push(meaning);
                    }
                }
                None => out.push((symbol, vec![meaning])),
            }
        }
        for (slot, &flag) in FLAG_ORDER.iter().enumerate() {
            if !flags.contains(flag) {
                continue;
            }
            let Some(symbol) = self.flags[slot].legend_symbol() else {
                continue;
            };
            let meaning = pick(flag_meaning(flag));
            match out.iter_mut().find(|(s, _)| *s == symbol) {
                Some((_, m)) => {
                    if !m.contains(&meaning) {
                        m.push(meaning);
                    }
                }
                None => out.push((symbol, vec![meaning])),
            }
        }
        out.into_iter()
            .map(|(symbol, m)| LegendEntry {
                symbol,
                meaning: m.join(joiner),
            })
            .collect()
    }
}

fn check_symbol_text(text: &str) -> Result<()> {
    if text.trim().is_empty() || text.contains(['\n', '\r']) {
        return Err(Error::parameter(
            "symbol",
            format!("{text:?}"),
            "a symbol must be a non-blank text on one line",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_symbols_merge_in_the_legend() {
        let l = SymbolSet::classical().legend_for(
            &[CellStatus::Primary, CellStatus::Unknown],
            CellFlags::NONE,
            NumberFormat::English,
        );
        assert_eq!(l.len(), 1);
        assert_eq!(
            l[0].meaning,
            "kept secret (disclosure control) or value unknown"
        );
    }

    #[test]
    fn bad_overrides_are_errors() {
        assert!(
            SymbolSet::classical()
                .with_status_symbol(CellStatus::Published, "v")
                .is_err()
        );
        assert!(
            SymbolSet::classical()
                .with_status_symbol(CellStatus::Primary, " ")
                .is_err()
        );
        assert!(
            SymbolSet::classical()
                .with_flag_mark(
                    CellFlags::PROVISIONAL | CellFlags::REVISED,
                    FlagMark::Hidden
                )
                .is_err()
        );
        assert!(SymbolSet::from_name("zurich").is_err());
    }
}
