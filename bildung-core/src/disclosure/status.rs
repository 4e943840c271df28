//! Cell statuses and value qualifiers of published tables (Zeichenerklärung).
//!
//! A published cell carries a number **and** a status; the status is never encoded in the number
//! (no NaN for "suppressed"). The symbol a reader sees (`.`, `-`, `x`, or the letter codes `g`,
//! `0`, `x`) is chosen only when the table is rendered, from a symbol set.
//!
//! ```text
//! status          code  classical  letter  meaning
//! Published          0  value      value   the value is shown
//! Zero               1  -          0       exactly nothing
//! LessThanHalf       2  0          k       more than nothing, less than half the unit shown
//! Primary            3  .          g       kept secret: the cell itself breaks a rule
//! Secondary          4  .          g       kept secret to protect another cell
//! Unknown            5  .          g       value unknown
//! Later              6  ...        t       available later
//! NotMeaningful      7  x          x       tabulation not meaningful
//! Unreliable         8  /          u       not reliable enough
//! ```
//!
//! Qualifiers that stand beside a value are [`CellFlags`]: limited reliability `( )`,
//! provisional `p`, revised `r`, estimated `s`, break in the series `|`, final `e`, value with
//! errors `f`.

use serde::{Deserialize, Serialize};

/// What a reader is told about one cell. Stable `u8` codes shared with Python and C.
///
/// ```
/// use bildung_core::disclosure::CellStatus;
/// assert_eq!(CellStatus::Primary.code(), 3);
/// assert_eq!(CellStatus::from_code(3), Some(CellStatus::Primary));
/// assert!(CellStatus::Secondary.is_suppressed());
/// assert!(!CellStatus::Zero.is_suppressed());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum CellStatus {
    /// The value is published.
    Published = 0,
    /// Exactly nothing (classical `-`, letter code `0`).
    Zero = 1,
    /// More than nothing but less than half of the smallest unit shown (classical `0`, letter
    /// code `k`).
    LessThanHalf = 2,
    /// Suppressed because the cell itself breaks a rule (minimum count, minimum denominator,
    /// dominance): primary suppression (classical `.`, letter code `g`).
    Primary = 3,
    /// Suppressed so that a primary cell cannot be recomputed from margins: secondary
    /// (complementary) suppression (classical `.`, letter code `g`).
    Secondary = 4,
    /// Value unknown (classical `.`, letter code `g`).
    Unknown = 5,
    /// Value available later (classical `...`, letter code `t`).
    Later = 6,
    /// Tabulation not meaningful or not applicable (`x`).
    NotMeaningful = 7,
    /// Value not reliable enough to be published (classical `/`, letter code `u`).
    Unreliable = 8,
}

impl CellStatus {
    /// Every status, in code order.
    pub const ALL: [CellStatus; 9] = [
        CellStatus::Published,
        CellStatus::Zero,
        CellStatus::LessThanHalf,
        CellStatus::Primary,
        CellStatus::Secondary,
        CellStatus::Unknown,
        CellStatus::Later,
        CellStatus::NotMeaningful,
        CellStatus::Unreliable,
    ];

    /// The stable code.
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// The status of a code, `None` for an unknown code.
    pub fn from_code(code: u8) -> Option<CellStatus> {
        CellStatus::ALL.get(usize::from(code)).copied()
    }

    /// The snake-case name used in JSON, Python and CSV status columns (`"primary"`).
    pub const fn name(self) -> &'static str {
        match self {
            CellStatus::Published => "published",
            CellStatus::Zero => "zero",
            CellStatus::LessThanHalf => "less_than_half",
            CellStatus::Primary => "primary",
            CellStatus::Secondary => "secondary",
            CellStatus::Unknown => "unknown",
            CellStatus::Later => "later",
            CellStatus::NotMeaningful => "not_meaningful",
            CellStatus::Unreliable => "unreliable",
        }
    }

    /// The name written into published files (JSON, CSV status columns, HTML classes): as
    /// [`CellStatus::name`], except that primary and secondary suppression are both
    /// `"confidential"`. Published output must not tell them apart: a reader who knows which
    /// suppressed cell is the primary one knows that it holds a small count.
    ///
    /// ```
    /// use bildung_core::disclosure::CellStatus;
    /// assert_eq!(CellStatus::Primary.public_name(), "confidential");
    /// assert_eq!(CellStatus::Secondary.public_name(), "confidential");
    /// assert_eq!(CellStatus::Unknown.public_name(), "unknown");
    /// ```
    pub const fn public_name(self) -> &'static str {
        match self {
            CellStatus::Primary | CellStatus::Secondary => "confidential",
            other => other.name(),
        }
    }

    /// The status of a name as given by [`CellStatus::name`].
    pub fn from_name(name: &str) -> Option<CellStatus> {
        CellStatus::ALL.iter().copied().find(|s| s.name() == name)
    }

    /// Whether the value must not be shown (primary, secondary, unknown, later,
    /// not meaningful, unreliable).
    pub const fn is_suppressed(self) -> bool {
        !matches!(
            self,
            CellStatus::Published | CellStatus::Zero | CellStatus::LessThanHalf
        )
    }

    /// Whether disclosure control set this status (primary or secondary suppression).
    pub const fn is_protection(self) -> bool {
        matches!(self, CellStatus::Primary | CellStatus::Secondary)
    }
}

impl From<crate::genesis::Symbol> for CellStatus {
    /// The status of an official symbol read from a GENESIS export.
    fn from(s: crate::genesis::Symbol) -> CellStatus {
        use crate::genesis::Symbol;
        match s {
            Symbol::Zero => CellStatus::Zero,
            Symbol::Unknown => CellStatus::Unknown,
            Symbol::NotMeaningful => CellStatus::NotMeaningful,
            Symbol::Later => CellStatus::Later,
            Symbol::Unreliable => CellStatus::Unreliable,
        }
    }
}

/// Qualifiers beside a value, as a bit set (stable bits shared with Python and C).
///
/// ```
/// use bildung_core::disclosure::CellFlags;
/// let f = CellFlags::PROVISIONAL | CellFlags::BREAK;
/// assert!(f.contains(CellFlags::BREAK));
/// assert_eq!(f.bits(), 2 | 16);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CellFlags(u16);

impl CellFlags {
    /// No qualifier.
    pub const NONE: CellFlags = CellFlags(0);
    /// Limited reliability, Aussagewert eingeschränkt (classical `( )`, letter code `u`).
    pub const LIMITED: CellFlags = CellFlags(1);
    /// Provisional value (`p`).
    pub const PROVISIONAL: CellFlags = CellFlags(2);
    /// Revised value (`r`).
    pub const REVISED: CellFlags = CellFlags(4);
    /// Estimated value (`s`).
    pub const ESTIMATED: CellFlags = CellFlags(8);
    /// Break in the series before this value (classical `|`).
    pub const BREAK: CellFlags = CellFlags(16);
    /// Final value (letter code `e`).
    pub const FINAL: CellFlags = CellFlags(32);
    /// Value known to contain errors, limited reliability (letter code `f`).
    pub const ERRONEOUS: CellFlags = CellFlags(64);
    /// Value changed by rounding or cell-key perturbation (not rendered; for audits).
    pub const PERTURBED: CellFlags = CellFlags(128);
    /// Every defined bit.
    pub const ALL_BITS: u16 = 255;

    /// The raw bits.
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// Flags from bits; `None` if an undefined bit is set.
    pub const fn from_bits(bits: u16) -> Option<CellFlags> {
        if bits & !Self::ALL_BITS == 0 {
            Some(CellFlags(bits))
        } else {
            None
        }
    }

    /// Whether every bit of `other` is set.
    pub const fn contains(self, other: CellFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether no bit is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::BitOr for CellFlags {
    type Output = CellFlags;
    fn bitor(self, rhs: CellFlags) -> CellFlags {
        CellFlags(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for CellFlags {
    fn bitor_assign(&mut self, rhs: CellFlags) {
        self.0 |= rhs.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for (i, s) in CellStatus::ALL.iter().enumerate() {
            assert_eq!(usize::from(s.code()), i);
            assert_eq!(CellStatus::from_code(s.code()), Some(*s));
            assert_eq!(CellStatus::from_name(s.name()), Some(*s));
        }
        assert_eq!(CellStatus::from_code(9), None);
        assert_eq!(CellFlags::from_bits(256), None);
    }
}
