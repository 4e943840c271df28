//! Splitting decoded text into `;`-separated records with `"` quoting (RFC 4180 with `;`).
//!
//! A field that starts with `"` is quoted: it runs to the next `"` that is not doubled, may hold
//! `;` and line breaks, and `""` inside it is one `"`. Text after the closing quote up to the
//! next separator is kept as written (lenient, like Python's `csv` module), and so is a `"`
//! inside an unquoted field. Line breaks are `\n`, `\r\n` or a lone `\r`; inside quoted fields
//! they become `\n`.

/// One record (a logical line): its fields and the 1-based line on which it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Record {
    /// 1-based physical line of the record's first character.
    pub line: usize,
    /// The fields, unquoted.
    pub fields: Vec<String>,
}

impl Record {
    /// True when every field is empty or blank (`;;;;`, an empty line).
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }

    /// The record's text: its fields up to the last non-empty one, joined with `;`.
    pub fn text(&self) -> String {
        let end = self
            .fields
            .iter()
            .rposition(|f| !f.trim().is_empty())
            .map_or(0, |i| i + 1);
        self.fields[..end].join(";").trim().to_owned()
    }
}

/// A quoted field that is still open at the end of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UnterminatedQuote {
    /// 1-based line of the opening quote.
    pub line: usize,
    /// 1-based field number of the quoted field in its record.
    pub column: usize,
}

/// Split `text` into records.
pub(crate) fn split(text: &str) -> Result<Vec<Record>, UnterminatedQuote> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut records = Vec::new();
    let mut line = 1usize;
    let mut i = 0usize;
    while i < n {
        let start_line = line;
        let mut fields = Vec::new();
        // one record
        loop {
            let mut field = String::new();
            if bytes.get(i) == Some(&b'"') {
                let open_line = line;
                i += 1;
                let mut closed = false;
                while i < n {
                    match bytes[i] {
                        b'"' if bytes.get(i + 1) == Some(&b'"') => {
                            field.push('"');
                            i += 2;
                        }
                        b'"' => {
                            i += 1;
                            closed = true;
                            break;
                        }
                        b'\r' | b'\n' => {
                            i += newline_len(bytes, i);
                            line += 1;
                            field.push('\n');
                        }
                        _ => {
                            let run = scan(bytes, i, |b| matches!(b, b'"' | b'\r' | b'\n'));
                            field.push_str(&text[i..run]);
                            i = run;
                        }
                    }
                }
                if !closed {
                    return Err(UnterminatedQuote {
                        line: open_line,
                        column: fields.len() + 1,
                    });
                }
            }
            // unquoted part (or the rest after a closing quote)
            let end = scan(bytes, i, |b| matches!(b, b';' | b'\r' | b'\n'));
            field.push_str(&text[i..end]);
            i = end;
            fields.push(field);
            match bytes.get(i) {
                Some(b';') => i += 1,
                Some(_) => {
                    i += newline_len(bytes, i);
                    line += 1;
                    break;
                }
                None => break,
            }
        }
        records.push(Record {
            line: start_line,
            fields,
        });
    }
    Ok(records)
}

/// Index of the first byte at or after `i` for which `stop` holds, or the end of `bytes`.
/// (`stop` only matches ASCII bytes, so the index is a char boundary of the text.)
fn scan(bytes: &[u8], i: usize, stop: impl Fn(u8) -> bool) -> usize {
    bytes[i..]
        .iter()
        .position(|&b| stop(b))
        .map_or(bytes.len(), |p| i + p)
}

/// Length of the line break at `i` (`\r\n` is 2, `\n` or `\r` 1).
fn newline_len(bytes: &[u8], i: usize) -> usize {
    if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<(usize, Vec<String>)> {
        split(text)
            .unwrap()
            .into_iter()
            .map(|r| (r.line, r.fields))
            .collect()
    }

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn plain_and_quoted() {
        assert_eq!(
            fields("a;b;;c\n1;2\n"),
            [(1, v(&["a", "b", "", "c"])), (2, v(&["1", "2"]))]
        );
        // quoted field over three lines with "" escapes, then the next record on line 4
        assert_eq!(
            fields("\"zu \"\"x\"\":\nline 2;\n\nend\";y\nStand: 1\n"),
            [
                (1, v(&["zu \"x\":\nline 2;\n\nend", "y"])),
                (5, v(&["Stand: 1"]))
            ]
        );
        // CRLF and lone CR; no final newline; empty line is a record with one empty field
        assert_eq!(
            fields("a;b\r\n\r\nc\rd"),
            [
                (1, v(&["a", "b"])),
                (2, v(&[""])),
                (3, v(&["c"])),
                (4, v(&["d"]))
            ]
        );
        // a quote inside an unquoted field and text after a closing quote are kept
        assert_eq!(fields("a\"b;\"c\"d\n"), [(1, v(&["a\"b", "cd"]))]);
        assert_eq!(fields(""), []);
        assert_eq!(fields(";"), [(1, v(&["", ""]))]);
    }

    #[test]
    fn unterminated_quote_names_line_and_field() {
        assert_eq!(
            split("a;b\nc;\"open\nmore\n"),
            Err(UnterminatedQuote { line: 2, column: 2 })
        );
        assert_eq!(split("\""), Err(UnterminatedQuote { line: 1, column: 1 }));
    }

    #[test]
    fn record_text() {
        let r = &split("Titel, Teil 1;;;;\n").unwrap()[0];
        assert_eq!(r.text(), "Titel, Teil 1");
        assert!(!r.is_blank());
        assert!(split(" ;;\n").unwrap()[0].is_blank());
    }
}
