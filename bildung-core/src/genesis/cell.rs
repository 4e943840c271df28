//! Cells of a GENESIS table: numbers, table symbols (Zeichenerklärung) and value qualifiers.
//!
//! The symbols of the statistical offices (indicators.md 4.4) that stand *instead of* a number:
//!
//! | text | [`Symbol`] | German | value |
//! |---|---|---|---|
//! | `-` (also `–`) | [`Symbol::Zero`] | nichts vorhanden (genau null) | 0 |
//! | `.` | [`Symbol::Unknown`] | Zahlenwert unbekannt oder geheim zu halten | missing |
//! | `x` (also `X`) | [`Symbol::NotMeaningful`] | Tabellenfach gesperrt, Aussage nicht sinnvoll | missing |
//! | `...` (also `…`) | [`Symbol::Later`] | Angabe fällt später an | missing |
//! | `/` | [`Symbol::Unreliable`] | keine Angabe, Zahlenwert nicht sicher genug | missing |
//!
//! Only `-` is a number (exactly 0); the others are statuses and never become 0.
//!
//! Signs that stand *beside* a number ([`Qualifiers`]): a suffix `p` (vorläufig, provisional),
//! `r` (berichtigt, revised) or `s` (geschätzt, estimated), written directly or after a space
//! (`1234p`, `1234 p`); parentheses `(1234)` (Aussagewert eingeschränkt, limited reliability);
//! a leading `|` (Bruch in der Reihe, break in the series). The number keeps its value and the
//! qualifier is reported with it. GENESIS flat CSV exports of the Regionaldatenbank do not write
//! them (none occurs in the bundled tables), but printed tables do, and reading them is better
//! than rejecting a file.
//!
//! Not supported, on purpose: `0` (more than nothing but less than half the smallest unit) is
//! read as the number 0 — the file cannot tell it from an exact 0; `D` (average) and the letter
//! codes of newer publications (`g`, `k`, `t`, `u`, `e`) are errors naming the cell, because
//! GENESIS exports do not use them and a guess could be wrong. Thousands separators are not
//! accepted (GENESIS CSV has none); a `.` inside a number is an error (the decimal separator is
//! `,`, and `1.234` could be a German thousands separator).

use std::fmt;

/// A GENESIS table symbol written instead of a number.
///
/// ```
/// use bildung_core::genesis::Symbol;
/// assert_eq!(Symbol::from_text("..."), Some(Symbol::Later));
/// assert_eq!(Symbol::Zero.value(), Some(0.0));
/// assert_eq!(Symbol::Unknown.value(), None); // never 0
/// assert_eq!(Symbol::NotMeaningful.as_str(), "x");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Symbol {
    /// `-`: nichts vorhanden, exactly zero. The only symbol with a value (0).
    Zero = 1,
    /// `.`: Zahlenwert unbekannt oder geheim zu halten (unknown or confidential).
    Unknown = 2,
    /// `x`: Tabellenfach gesperrt, weil Aussage nicht sinnvoll (not meaningful).
    NotMeaningful = 3,
    /// `...`: Angabe fällt später an (not yet available).
    Later = 4,
    /// `/`: keine Angabe, da Zahlenwert nicht sicher genug (not reliable enough).
    Unreliable = 5,
}

impl Symbol {
    /// Every symbol, in code order.
    pub const ALL: [Symbol; 5] = [
        Symbol::Zero,
        Symbol::Unknown,
        Symbol::NotMeaningful,
        Symbol::Later,
        Symbol::Unreliable,
    ];

    /// The symbols that stand for a missing value (all but `-`).
    pub const MISSING: [Symbol; 4] = [
        Symbol::Unknown,
        Symbol::NotMeaningful,
        Symbol::Later,
        Symbol::Unreliable,
    ];

    /// The symbol's canonical text (`"-"`, `"."`, `"x"`, `"..."`, `"/"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Symbol::Zero => "-",
            Symbol::Unknown => ".",
            Symbol::NotMeaningful => "x",
            Symbol::Later => "...",
            Symbol::Unreliable => "/",
        }
    }

    /// The stable small code (1..=5) used by the bindings; 0 there means "no symbol".
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// What the symbol means, in English.
    pub const fn meaning(self) -> &'static str {
        match self {
            Symbol::Zero => "nothing (exactly zero)",
            Symbol::Unknown => "unknown or confidential",
            Symbol::NotMeaningful => "not meaningful (cell blocked)",
            Symbol::Later => "not yet available",
            Symbol::Unreliable => "not reliable enough",
        }
    }

    /// The symbol written as `text` (surrounding blanks ignored), if any. Accepts the variants
    /// `–` (en dash) for `-`, `X` for `x` and `…` (one character) for `...`.
    pub fn from_text(text: &str) -> Option<Symbol> {
        match text.trim() {
            "-" | "\u{2013}" => Some(Symbol::Zero),
            "." => Some(Symbol::Unknown),
            "x" | "X" => Some(Symbol::NotMeaningful),
            "..." | "\u{2026}" => Some(Symbol::Later),
            "/" => Some(Symbol::Unreliable),
            _ => None,
        }
    }

    /// The value the symbol stands for: `Some(0.0)` for `-`, `None` (missing) otherwise.
    pub const fn value(self) -> Option<f64> {
        match self {
            Symbol::Zero => Some(0.0),
            _ => None,
        }
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Qualifiers written beside a number.
///
/// ```
/// use bildung_core::genesis::{Cell, Qualifiers};
/// let c = Cell::parse("(1234)p").unwrap();
/// assert_eq!(c.value(), Some(1234.0));
/// let q = c.qualifiers();
/// assert!(q.provisional && q.limited_reliability && !q.revised);
/// assert_eq!(q.names(), vec!["provisional", "limited_reliability"]);
/// assert_eq!(q.bits(), 0b01001);
/// assert!(Qualifiers::default().is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Qualifiers {
    /// `p`: vorläufiger Wert (provisional).
    pub provisional: bool,
    /// `r`: berichtigter Wert (revised).
    pub revised: bool,
    /// `s`: geschätzter Wert (estimated).
    pub estimated: bool,
    /// `( )`: Aussagewert eingeschränkt (limited reliability).
    pub limited_reliability: bool,
    /// `|`: Bruch in der Zeitreihe vor diesem Wert (break in the series).
    pub break_in_series: bool,
}

impl Qualifiers {
    /// The qualifier names, in field order; bit `i` of [`bits`](Self::bits) is `NAMES[i]`.
    pub const NAMES: [&'static str; 5] = [
        "provisional",
        "revised",
        "estimated",
        "limited_reliability",
        "break_in_series",
    ];

    /// The five fields in the order of [`NAMES`](Self::NAMES).
    const fn as_array(self) -> [bool; 5] {
        [
            self.provisional,
            self.revised,
            self.estimated,
            self.limited_reliability,
            self.break_in_series,
        ]
    }

    /// The qualifiers as bits (bit `i` set when qualifier `NAMES[i]` is), for the bindings.
    pub fn bits(self) -> u8 {
        self.as_array()
            .iter()
            .enumerate()
            .filter(|(_, set)| **set)
            .fold(0, |acc, (i, _)| acc | (1 << i))
    }

    /// True if no qualifier is set.
    pub fn is_empty(self) -> bool {
        self.bits() == 0
    }

    /// Names of the set qualifiers, in field order.
    pub fn names(self) -> Vec<&'static str> {
        Self::NAMES
            .iter()
            .zip(self.as_array())
            .filter(|(_, set)| *set)
            .map(|(n, _)| *n)
            .collect()
    }
}

/// One value cell of a GENESIS table.
///
/// ```
/// use bildung_core::genesis::{Cell, Symbol};
/// assert_eq!(Cell::parse("782423").unwrap().count(), Some(782_423));
/// assert_eq!(Cell::parse("12,5").unwrap().value(), Some(12.5));
/// assert_eq!(Cell::parse("-").unwrap().value(), Some(0.0));         // true zero
/// assert_eq!(Cell::parse("-").unwrap().symbol(), Some(Symbol::Zero));
/// assert_eq!(Cell::parse(".").unwrap().value(), None);              // missing, never 0
/// assert!(Cell::parse("n/a").is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// A number as written (integer or with decimal comma), with its qualifiers.
    Number {
        /// The value.
        value: f64,
        /// Digits written after the decimal comma (0 for an integer).
        decimals: u8,
        /// Signs beside the number (`p`, `r`, `s`, `( )`, `|`).
        qualifiers: Qualifiers,
    },
    /// A table symbol instead of a number.
    Symbol(Symbol),
}

impl Cell {
    /// Parse one field; `None` if it is neither a number nor a symbol (see the module docs).
    pub fn parse(text: &str) -> Option<Cell> {
        parse_cell(text).ok()
    }

    /// The value: the number, 0 for `-`, `None` for a missing-value symbol.
    pub fn value(self) -> Option<f64> {
        match self {
            Cell::Number { value, .. } => Some(value),
            Cell::Symbol(s) => s.value(),
        }
    }

    /// The symbol, if the cell is one (including `-`).
    pub fn symbol(self) -> Option<Symbol> {
        match self {
            Cell::Number { .. } => None,
            Cell::Symbol(s) => Some(s),
        }
    }

    /// The qualifiers of a number (empty for a symbol).
    pub fn qualifiers(self) -> Qualifiers {
        match self {
            Cell::Number { qualifiers, .. } => qualifiers,
            Cell::Symbol(_) => Qualifiers::default(),
        }
    }

    /// True for a missing value (a symbol other than `-`).
    pub fn is_missing(self) -> bool {
        self.value().is_none()
    }

    /// The value as a count: a non-negative integer written without decimals, or `-` (0).
    /// `None` for missing values, negative numbers and numbers with decimals.
    pub fn count(self) -> Option<u64> {
        match self {
            Cell::Symbol(Symbol::Zero) => Some(0),
            Cell::Number {
                value, decimals: 0, ..
            } if (0.0..=MAX_EXACT).contains(&value) => Some(value as u64),
            _ => None,
        }
    }
}

/// 2^53: integers up to this are exact in `f64`.
const MAX_EXACT: f64 = 9_007_199_254_740_992.0;

/// Parse one field, or say why it is not a cell.
pub(crate) fn parse_cell(text: &str) -> Result<Cell, &'static str> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty cell (a GENESIS export writes a number or a symbol in every cell)");
    }
    if let Some(s) = Symbol::from_text(t) {
        return Ok(Cell::Symbol(s));
    }
    let mut qualifiers = Qualifiers::default();
    let mut t = t;
    if let Some(rest) = t.strip_prefix('|') {
        qualifiers.break_in_series = true;
        t = rest.trim_start();
    }
    t = strip_suffix_flag(t, &mut qualifiers);
    if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        qualifiers.limited_reliability = true;
        t = inner.trim();
        t = strip_suffix_flag(t, &mut qualifiers);
    }
    let (value, decimals) = parse_number(t)?;
    Ok(Cell::Number {
        value,
        decimals,
        qualifiers,
    })
}

/// Remove one trailing `p`, `r` or `s` (after digits or `)`, optionally after a space).
fn strip_suffix_flag<'a>(t: &'a str, q: &mut Qualifiers) -> &'a str {
    let (Some(rest), Some(last)) = (
        t.strip_suffix(['p', 'r', 's']),
        t.as_bytes().last().copied(),
    ) else {
        return t;
    };
    let rest = rest.trim_end();
    let after_number = rest
        .as_bytes()
        .last()
        .is_some_and(|b| b.is_ascii_digit() || *b == b')');
    let flag = match last {
        b'p' if after_number => &mut q.provisional,
        b'r' if after_number => &mut q.revised,
        b's' if after_number => &mut q.estimated,
        _ => return t,
    };
    *flag = true;
    rest
}

/// Parse `-?digits(,digits)?` into its value and number of decimals.
fn parse_number(t: &str) -> Result<(f64, u8), &'static str> {
    let unsigned = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = match unsigned.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return Err(if unsigned.contains('.') {
            "not a number: GENESIS writes decimals with a comma (12,5) and no thousands separator; '.' alone means unknown"
        } else {
            "neither a number nor a GENESIS symbol (- . x ... /)"
        });
    }
    let normalized = match frac {
        Some(f) => format!("{}{int}.{f}", if t.starts_with('-') { "-" } else { "" }),
        None => t.to_owned(),
    };
    let value: f64 = normalized
        .parse()
        .map_err(|_| "neither a number nor a GENESIS symbol (- . x ... /)")?;
    if frac.is_none() && int.parse::<u64>().map_or(true, |n| n > 1 << 53) {
        return Err("integer too large to be represented exactly (above 2^53)");
    }
    if !value.is_finite() {
        return Err("number out of range");
    }
    let decimals = u8::try_from(frac.map_or(0, str::len)).unwrap_or(u8::MAX);
    // -0 and -0,0 are 0
    Ok((if value == 0.0 { 0.0 } else { value }, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(value: f64, decimals: u8, qualifiers: Qualifiers) -> Option<Cell> {
        Some(Cell::Number {
            value,
            decimals,
            qualifiers,
        })
    }

    const NONE: Qualifiers = Qualifiers {
        provisional: false,
        revised: false,
        estimated: false,
        limited_reliability: false,
        break_in_series: false,
    };

    #[test]
    fn symbols() {
        for s in Symbol::ALL {
            assert_eq!(Cell::parse(s.as_str()), Some(Cell::Symbol(s)));
            assert_eq!(Symbol::from_text(&format!(" {s} ")), Some(s));
        }
        for s in Symbol::MISSING {
            let c = Cell::Symbol(s);
            assert_eq!(c.value(), None, "{s} must not become a number");
            assert!(c.is_missing());
            assert_eq!(c.count(), None);
        }
        assert_eq!(Cell::parse("-").and_then(Cell::count), Some(0));
        assert_eq!(Cell::parse("\u{2013}"), Some(Cell::Symbol(Symbol::Zero)));
        assert_eq!(Cell::parse("X"), Some(Cell::Symbol(Symbol::NotMeaningful)));
        assert_eq!(Cell::parse("\u{2026}"), Some(Cell::Symbol(Symbol::Later)));
        let codes: Vec<u8> = Symbol::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(codes, [1, 2, 3, 4, 5]);
        assert_eq!(Symbol::Later.meaning(), "not yet available");
    }

    #[test]
    fn numbers() {
        let none = NONE;
        assert_eq!(Cell::parse("0"), num(0.0, 0, none));
        assert_eq!(Cell::parse(" 782423 "), num(782_423.0, 0, none));
        assert_eq!(Cell::parse("12,5"), num(12.5, 1, none));
        assert_eq!(Cell::parse("-3,25"), num(-3.25, 2, none));
        assert_eq!(Cell::parse("-7"), num(-7.0, 0, none));
        assert_eq!(Cell::parse("-0,0"), num(0.0, 1, none));
        assert_eq!(Cell::parse("0,0").and_then(Cell::count), None);
        assert_eq!(Cell::parse("-7").and_then(Cell::count), None);
        assert_eq!(
            Cell::parse("9007199254740992").and_then(Cell::count),
            Some(1 << 53)
        );
        assert_eq!(
            parse_cell("9007199254740993"),
            Err("integer too large to be represented exactly (above 2^53)")
        );
    }

    #[test]
    fn qualifiers() {
        let p = Qualifiers {
            provisional: true,
            ..NONE
        };
        assert_eq!(Cell::parse("1234p"), num(1234.0, 0, p));
        assert_eq!(Cell::parse("1234 p"), num(1234.0, 0, p));
        let r = Qualifiers {
            revised: true,
            ..NONE
        };
        assert_eq!(Cell::parse("1,5r"), num(1.5, 1, r));
        let s = Qualifiers {
            estimated: true,
            ..NONE
        };
        assert_eq!(Cell::parse("17s"), num(17.0, 0, s));
        let limited = Qualifiers {
            limited_reliability: true,
            ..NONE
        };
        assert_eq!(Cell::parse("(12)"), num(12.0, 0, limited));
        let both = Qualifiers {
            provisional: true,
            ..limited
        };
        assert_eq!(Cell::parse("(12p)"), num(12.0, 0, both));
        assert_eq!(Cell::parse("(12)p"), num(12.0, 0, both));
        let brk = Qualifiers {
            break_in_series: true,
            ..NONE
        };
        assert_eq!(Cell::parse("| 12"), num(12.0, 0, brk));
        assert_eq!(p.bits(), 1);
        assert_eq!(brk.bits(), 16);
        assert_eq!(both.names(), ["provisional", "limited_reliability"]);
        assert!(Cell::Symbol(Symbol::Zero).qualifiers().is_empty());
    }

    #[test]
    fn rejected() {
        for bad in [
            "",
            " ",
            "n/a",
            "1.5",
            "1.234",
            "1 234",
            "+5",
            "1e5",
            "12a",
            "..",
            "....",
            "p",
            "(",
            "()",
            "(5",
            "5)",
            "|",
            "-,5",
            "5,",
            ",5",
            "--5",
            "5pp",
            "D",
            "g",
            "inf",
            "NaN",
            "9\u{8f}",
            "\u{e4}",
            "5\u{2013}",
            "(\u{fc})",
            "|\u{e9}p",
        ] {
            assert_eq!(Cell::parse(bad), None, "{bad:?}");
        }
        assert!(parse_cell("1.5").unwrap_err().contains("comma"));
        assert!(parse_cell("").unwrap_err().contains("empty cell"));
    }
}
