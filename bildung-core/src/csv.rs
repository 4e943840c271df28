//! A small RFC 4180 reader: a chosen separator (`,` or `;`), `"` quoting with `""` as an
//! escaped quote, CRLF or LF line ends, quoted fields that span lines, a leading byte-order mark
//! ignored, empty lines skipped. Used for tidy input tables and the files of `bildung report`.
//!
//! ```
//! let r = bildung_core::csv::parse("a;b\n1;\"x; y\"\n", ';', "t.csv")?;
//! assert_eq!(r[1], (2, vec!["1".to_owned(), "x; y".to_owned()]));
//! # Ok::<(), bildung_core::Error>(())
//! ```

use crate::error::{Error, Result};

/// One record with the 1-based line number on which it starts.
pub type Record = (usize, Vec<String>);

/// Split `text` into records of fields. Errors ([`Error::Table`] naming `source` and the line):
/// a stray quote inside a field, text after a closing quote, an unterminated quoted field.
pub fn parse(text: &str, separator: char, source: &str) -> Result<Vec<Record>> {
    let parse_error = |line: usize, message: &str| Error::table(source, Some(line), None, message);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    // Whether the current field was quoted (then it may be empty and still present).
    let mut quoted = false;
    let mut in_quotes = false;
    let (mut line, mut start_line) = (1usize, 1usize);
    let mut chars = text.chars().peekable();
    let finish_record = |record: &mut Vec<String>, start: usize, records: &mut Vec<Record>| {
        let r = std::mem::take(record);
        if !(r.len() == 1 && r[0].is_empty()) {
            records.push((start, r));
        }
    };
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !quoted => {
                in_quotes = true;
                quoted = true;
            }
            '"' => return Err(parse_error(line, "stray '\"' inside a field")),
            c if c == separator => {
                record.push(std::mem::take(&mut field));
                quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                quoted = false;
                finish_record(&mut record, start_line, &mut records);
                line += 1;
                start_line = line;
            }
            _ if quoted => {
                return Err(parse_error(line, "text after the closing '\"' of a field"));
            }
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(parse_error(start_line, "unterminated quoted field"));
    }
    if !field.is_empty() || quoted || !record.is_empty() {
        record.push(field);
        finish_record(&mut record, start_line, &mut records);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_line_ends() {
        let r = parse(
            "\u{feff}a,b,c\r\n1,\"x, \"\"y\"\"\",\n\n\"multi\nline\",\"\",z",
            ',',
            "t",
        )
        .unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(r[0], (1, vec!["a".into(), "b".into(), "c".into()]));
        assert_eq!(
            r[1],
            (2, vec!["1".into(), "x, \"y\"".into(), String::new()])
        );
        assert_eq!(
            r[2],
            (4, vec!["multi\nline".into(), String::new(), "z".into()])
        );
        assert!(parse("a,\"b", ',', "t").is_err());
        assert!(parse("a,b\"c", ',', "t").is_err());
        let e = parse("x\n\"a\"b", ',', "t.csv").unwrap_err();
        assert!(e.to_string().contains("table `t.csv`, row 2"), "{e}");
        assert_eq!(parse("a;b,c", ';', "t").unwrap()[0].1, vec!["a", "b,c"]);
    }
}
