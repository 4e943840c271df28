//! Text decoding of GENESIS exports: UTF-8 (with or without byte-order mark), else Windows-1252.
//!
//! The Regionaldatenbank and GENESIS-Online write their CSV downloads in Windows-1252 (older
//! exports say ISO-8859-1, which is Windows-1252 without the printable characters of
//! 0x80..=0x9F, so one decoder serves both). A file that was opened and saved again is often
//! UTF-8, with or without a byte-order mark. Decoding never fails: every byte has a
//! Windows-1252 character (the five bytes Windows-1252 leaves undefined map to the C1 control
//! with the same number, as in the WHATWG encoding standard).

use std::fmt;

/// The encoding a GENESIS export was decoded from.
///
/// ```
/// use bildung_core::genesis::{Encoding, decode};
/// assert_eq!(decode(b"G\xf6ttingen"), ("G\u{f6}ttingen".to_owned(), Encoding::Windows1252));
/// assert_eq!(decode("G\u{f6}ttingen".as_bytes()).1, Encoding::Utf8);
/// assert_eq!(decode(b"\xEF\xBB\xBFG\xC3\xB6").1, Encoding::Utf8Bom);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Valid UTF-8 without byte-order mark (a re-saved file; also plain ASCII).
    Utf8,
    /// UTF-8 after a byte-order mark `EF BB BF` (the mark is removed).
    Utf8Bom,
    /// Windows-1252 (the download format; ISO-8859-1 is a subset).
    Windows1252,
}

impl Encoding {
    /// The encoding's name (`"utf-8"`, `"utf-8-sig"`, `"windows-1252"`, as Python spells them).
    pub const fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-sig",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Windows-1252 characters of the bytes 0x80..=0x9F (WHATWG mapping: the five bytes that
/// Windows-1252 leaves undefined map to the C1 control with the same number).
const CP1252_80_9F: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// Decode Windows-1252 bytes (bytes 0xA0..=0xFF and below 0x80 are Latin-1 / ASCII).
///
/// ```
/// use bildung_core::genesis::decode_windows_1252;
/// assert_eq!(decode_windows_1252(b"\x80 \x96 Stra\xdfe"), "\u{20ac} \u{2013} Stra\u{df}e");
/// ```
pub fn decode_windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_80_9F[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// Decode a GENESIS export and say how.
///
/// A UTF-8 byte-order mark selects UTF-8 (invalid sequences after it become U+FFFD); bytes that
/// are valid UTF-8 are UTF-8; anything else is Windows-1252. The rule cannot mistake a
/// Windows-1252 download for UTF-8 in practice: an umlaut byte (0xC4..=0xFC) followed by an
/// ASCII letter is never valid UTF-8.
///
/// ```
/// use bildung_core::genesis::{Encoding, decode};
/// let (text, enc) = decode(b"Bev\xf6lkerung;\x96");
/// assert_eq!(text, "Bev\u{f6}lkerung;\u{2013}");
/// assert_eq!(enc, Encoding::Windows1252);
/// ```
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (
            String::from_utf8_lossy(rest).into_owned(),
            Encoding::Utf8Bom,
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), Encoding::Utf8),
        Err(_) => (decode_windows_1252(bytes), Encoding::Windows1252),
    }
}

/// True when the bytes start with a UTF-16 byte-order mark (a format GENESIS does not write;
/// the reader rejects it with a clear message instead of decoding it as Windows-1252).
pub(crate) fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_table() {
        // 0x80 euro, 0x96 en dash, 0x9F Y diaeresis, 0xE4 a-umlaut, 0xDF sharp s, 0xA9 (c)
        let bytes = b"\x80 \x96 \x9f G\xf6ttingen Stra\xdfe \xa9 \x81 abc";
        assert_eq!(
            decode_windows_1252(bytes),
            "\u{20ac} \u{2013} \u{178} G\u{f6}ttingen Stra\u{df}e \u{a9} \u{81} abc"
        );
        assert_eq!(decode(bytes).1, Encoding::Windows1252);
        // every byte decodes to exactly one char, and ASCII is unchanged
        let all: Vec<u8> = (0..=255).collect();
        let s = decode_windows_1252(&all);
        assert_eq!(s.chars().count(), 256);
        assert!(s.starts_with(&*String::from_utf8_lossy(&all[..128])));
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode("G\u{f6}ttingen".as_bytes()),
            ("G\u{f6}ttingen".to_owned(), Encoding::Utf8)
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFG\xC3\xB6"),
            ("G\u{f6}".to_owned(), Encoding::Utf8Bom)
        );
        // a BOM followed by invalid UTF-8: replacement characters, no panic
        assert_eq!(decode(b"\xEF\xBB\xBFa\xFFb").0, "a\u{fffd}b");
        assert_eq!(decode(b""), (String::new(), Encoding::Utf8));
        assert!(is_utf16(b"\xFF\xFEG\0"));
        assert!(!is_utf16(b"GENESIS"));
        assert_eq!(Encoding::Windows1252.to_string(), "windows-1252");
    }
}
