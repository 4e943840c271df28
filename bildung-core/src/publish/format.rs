//! Number formats of published tables: German (`1.234,5`) and English (`1,234.5`).

use crate::error::{Error, Result};

/// The largest number of decimals a column may show.
pub const MAX_DECIMALS: u32 = 12;

/// How numbers are written, and the language of generated texts (legend, notes, axis labels).
///
/// ```text
///            decimal  thousands  CSV delimiter  example
/// German     ,        .          ;              1.234,5   -0,3
/// English    .        ,          ,              1,234.5   -0.3
/// ```
/// Rounding is commercial (half away from zero) on the shortest decimal representation of the
/// `f64` (the digits `format!("{}", x)` prints), so `0.25` with one decimal is `0,3` and
/// `1.005` with two decimals is `1,01`. A value that rounds to 0 is written without a sign.
///
/// ```
/// use bildung_core::publish::NumberFormat;
/// assert_eq!(NumberFormat::German.format(1234.5, 1)?, "1.234,5");
/// assert_eq!(NumberFormat::English.format(1234.5, 1)?, "1,234.5");
/// assert_eq!(NumberFormat::German.format(0.25, 1)?, "0,3");
/// assert_eq!(NumberFormat::German.format(-1234567.0, 0)?, "-1.234.567");
/// assert_eq!(NumberFormat::German.format_ungrouped(1234.5, 2)?, "1234,50");
/// assert_eq!(NumberFormat::German.csv_delimiter(), ';');
/// # Ok::<(), bildung_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NumberFormat {
    /// Decimal comma, thousands point, CSV delimiter `;`, German texts (the default).
    #[default]
    German,
    /// Decimal point, thousands comma, CSV delimiter `,`, English texts.
    English,
}

impl NumberFormat {
    /// The format of a name: `"german"`/`"de"` or `"english"`/`"en"`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for another name.
    pub fn from_name(name: &str) -> Result<NumberFormat> {
        match name {
            "german" | "de" => Ok(NumberFormat::German),
            "english" | "en" => Ok(NumberFormat::English),
            _ => Err(Error::parameter(
                "number_format",
                name,
                "use \"german\" or \"english\"",
            )),
        }
    }

    /// The decimal separator.
    pub const fn decimal_separator(self) -> char {
        match self {
            NumberFormat::German => ',',
            NumberFormat::English => '.',
        }
    }

    /// The thousands separator.
    pub const fn group_separator(self) -> char {
        match self {
            NumberFormat::German => '.',
            NumberFormat::English => ',',
        }
    }

    /// The CSV field delimiter.
    pub const fn csv_delimiter(self) -> char {
        match self {
            NumberFormat::German => ';',
            NumberFormat::English => ',',
        }
    }

    /// The HTML `lang` code (`de`, `en`).
    pub const fn lang(self) -> &'static str {
        match self {
            NumberFormat::German => "de",
            NumberFormat::English => "en",
        }
    }

    /// `value` with `decimals` decimals and thousands separators.
    ///
    /// # Errors
    /// NaN: [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue); infinity:
    /// [`ErrorKind::NonFinite`](crate::ErrorKind::NonFinite); `decimals >` [`MAX_DECIMALS`]:
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter).
    pub fn format(self, value: f64, decimals: u32) -> Result<String> {
        self.write(value, decimals, true)
    }

    /// As [`NumberFormat::format`] without thousands separators (for CSV files).
    pub fn format_ungrouped(self, value: f64, decimals: u32) -> Result<String> {
        self.write(value, decimals, false)
    }

    fn write(self, value: f64, decimals: u32, group: bool) -> Result<String> {
        check_decimals(decimals)?;
        let (int, frac, zero) = round_digits(value, decimals)?;
        let mut out = String::new();
        if value < 0.0 && !zero {
            out.push('-');
        }
        if group {
            let n = int.len();
            for (i, ch) in int.chars().enumerate() {
                if i > 0 && (n - i) % 3 == 0 {
                    out.push(self.group_separator());
                }
                out.push(ch);
            }
        } else {
            out.push_str(&int);
        }
        if decimals > 0 {
            out.push(self.decimal_separator());
            out.push_str(&frac);
        }
        Ok(out)
    }
}

pub(crate) fn check_decimals(decimals: u32) -> Result<()> {
    if decimals > MAX_DECIMALS {
        return Err(Error::parameter(
            "decimals",
            decimals,
            format!("at most {MAX_DECIMALS} decimals can be shown"),
        ));
    }
    Ok(())
}

/// Whether a finite value is written as 0 at `decimals` (`|value| < 0.5 * 10^-decimals` on its
/// shortest decimal representation). NaN, infinity and bad `decimals` give `false`.
///
/// ```
/// use bildung_core::publish::rounds_to_zero;
/// assert!(rounds_to_zero(0.049, 1));
/// assert!(!rounds_to_zero(0.05, 1));
/// assert!(rounds_to_zero(-0.4, 0));
/// ```
pub fn rounds_to_zero(value: f64, decimals: u32) -> bool {
    decimals <= MAX_DECIMALS && matches!(round_digits(value, decimals), Ok((_, _, true)))
}

/// Integer digits, fraction digits (exactly `decimals`) and whether the result is 0, of
/// `|value|` rounded half away from zero on its shortest decimal representation.
fn round_digits(value: f64, decimals: u32) -> Result<(String, String, bool)> {
    if value.is_nan() {
        return Err(Error::MissingValue {
            what: "value",
            index: 0,
        });
    }
    if value.is_infinite() {
        return Err(Error::NonFinite {
            what: "value",
            index: 0,
            value,
        });
    }
    // "1.2345e3" -> digits 12345, exponent 3: value = 1.2345 * 10^3
    let sci = format!("{:e}", value.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let d = i64::from(decimals);
    // number of digits kept: those with place value >= 10^-decimals
    let keep = exp + 1 + d;
    let mut kept: Vec<u8> = Vec::new();
    if keep >= 0 {
        let keep = keep as usize;
        kept = (0..keep)
            .map(|i| digits.get(i).copied().unwrap_or(0))
            .collect();
        let round_up = digits.get(keep).is_some_and(|&g| g >= 5);
        if round_up {
            let mut i = kept.len();
            let mut carry = true;
            while carry && i > 0 {
                i -= 1;
                if kept[i] == 9 {
                    kept[i] = 0;
                } else {
                    kept[i] += 1;
                    carry = false;
                }
            }
            if carry {
                kept.insert(0, 1);
            }
        }
    }
    let zero = kept.iter().all(|&g| g == 0);
    // kept is the value times 10^decimals as an integer; pad so there is one integer digit
    let d = decimals as usize;
    while kept.len() < d + 1 {
        kept.insert(0, 0);
    }
    let split = kept.len() - d;
    let mut int: String = kept[..split]
        .iter()
        .map(|&g| char::from(b'0' + g))
        .collect();
    let trimmed = int.trim_start_matches('0');
    int = if trimmed.is_empty() {
        "0".to_string()
    } else {
        trimmed.to_string()
    };
    let frac: String = kept[split..]
        .iter()
        .map(|&g| char::from(b'0' + g))
        .collect();
    Ok((int, frac, zero))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_cases() {
        let de = NumberFormat::German;
        assert_eq!(de.format(0.0, 0).ok().as_deref(), Some("0"));
        assert_eq!(de.format(9.96, 1).ok().as_deref(), Some("10,0"));
        assert_eq!(de.format(999.5, 0).ok().as_deref(), Some("1.000"));
        assert_eq!(de.format(1.005, 2).ok().as_deref(), Some("1,01"));
        assert_eq!(de.format(0.0004, 3).ok().as_deref(), Some("0,000"));
        assert_eq!(de.format(0.0005, 3).ok().as_deref(), Some("0,001"));
        assert_eq!(de.format(-0.04, 1).ok().as_deref(), Some("0,0"));
        assert_eq!(de.format(123.0, 0).ok().as_deref(), Some("123"));
        assert_eq!(de.format(1e-300, 2).ok().as_deref(), Some("0,00"));
        assert_eq!(de.format(0.5, 0).ok().as_deref(), Some("1"));
        assert!(de.format(f64::NAN, 0).is_err());
        assert!(de.format(f64::INFINITY, 0).is_err());
        assert!(de.format(1.0, 13).is_err());
    }
}
