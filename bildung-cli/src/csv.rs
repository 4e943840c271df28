//! CSV for the segregation section: the core reader ([`bildung_core::csv`]) with `,` as separator
//! and the CLI's error type.

use crate::Error;

/// One record with the 1-based line number on which it starts.
pub type Record = bildung_core::csv::Record;

/// Split `text` into records of fields (RFC 4180, comma separator).
pub fn parse(text: &str) -> Result<Vec<Record>, Error> {
    bildung_core::csv::parse(text, ',', "csv").map_err(|e| match e {
        bildung_core::Error::Table { row, reason, .. } => Error::Parse {
            path: None,
            line: row.unwrap_or(0),
            message: reason,
        },
        other => Error::Parse {
            path: None,
            line: 0,
            message: other.to_string(),
        },
    })
}

/// The index of the column `name` in the header record.
pub fn column(header: &Record, name: &str) -> Result<usize, Error> {
    header
        .1
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| Error::Parse {
            path: None,
            line: header.0,
            message: format!("no column `{name}` in the header"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_keep_the_line() {
        let r = parse("a,b\n1,2").unwrap();
        assert_eq!(column(&r[0], "b").unwrap(), 1);
        assert!(column(&r[0], "d").is_err());
        match parse("a\n\"x\"y") {
            Err(Error::Parse { line, .. }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
    }
}
