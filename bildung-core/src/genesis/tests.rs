//! Unit tests of the GENESIS reader on small hand-written exports.

use super::*;
use crate::ErrorKind;

const HEAD: &str = "GENESIS-Tabelle: 21111-01-03-4\n\
Schulen, Sch\u{fc}lerinnen und Sch\u{fc}ler nach Schularten -;;;;;;\n\
Statistik der allgemeinbildenden Schulen;;;;;;\n\
;;;;Allgemeinbildende Schulen;Sch\u{fc}ler;Sch\u{fc}ler\n\
;;;;;Geschlecht;Geschlecht\n\
;;;;;Insgesamt;weiblich\n\
;;;;Anzahl;Anzahl;Anzahl\n";

const FOOT: &str = "__________\n\
\"zu \"\"Nationalit\u{e4}t\"\":\n\
2023;DG;Deutschland;Grundschulen;1;2;3\n\
Niedersachsen (2016): eingeschr\u{e4}nkte Datenqualit\u{e4}t\"\n\
\"\u{a9} Statistische \u{c4}mter des Bundes und der L\u{e4}nder, Deutschland, 2025.\n\
- Namensnennung - Version 2.0.\"\n\
Stand: 13.03.2025 / 16:39:14\n";

fn table(data: &str) -> GenesisTable {
    match GenesisTable::from_text(&format!("{HEAD}{data}{FOOT}"), "t.csv") {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    }
}

/// The error of parsing `text`, with its line and column.
fn error(text: &str) -> (Option<usize>, Option<String>, String) {
    match GenesisTable::from_text(text, "bad.csv") {
        Ok(t) => panic!("parsed: {t:?}"),
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::MalformedInput, "{e}");
            let msg = e.to_string();
            assert!(msg.starts_with("table `bad.csv`"), "{msg}");
            match e {
                Error::Table { row, column, .. } => (row, column, msg),
                other => panic!("{other:?}"),
            }
        }
    }
}

#[test]
fn structure_keys_columns_and_footer() {
    let t = table(
        "2023;DG;Deutschland;Grundschulen;15531;3098664;1529357\n\
         2023;01;  Schleswig-Holstein;Grundschulen;.;x;...\n\
         \n\
         2023;01001;      Flensburg, kreisfreie Stadt;Vorschulbereich;/;-;12,5\n",
    );
    assert_eq!(t.code, "21111-01-03-4");
    assert_eq!(t.source, "t.csv");
    assert_eq!(
        t.title(),
        "Schulen, Sch\u{fc}lerinnen und Sch\u{fc}ler nach Schularten - Statistik der allgemeinbildenden Schulen"
    );
    assert_eq!(t.header_lines, [4, 5, 6, 7]);
    assert_eq!(t.key_columns, 4);
    assert_eq!(
        t.key_names(),
        ["year", "region_code", "region_name", "key_4"]
    );
    assert_eq!(t.columns.len(), 3);
    assert_eq!(t.columns[0].field, 5);
    assert_eq!(
        t.columns[0].labels,
        ["Allgemeinbildende Schulen", "", "", "Anzahl"]
    );
    assert_eq!(t.columns[0].label(), "Allgemeinbildende Schulen / Anzahl");
    assert_eq!(
        t.columns[2].label(),
        "Sch\u{fc}ler / Geschlecht / weiblich / Anzahl"
    );
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[1].keys[2], "Schleswig-Holstein");
    assert_eq!(t.rows[2].line, 11, "the blank line 10 is skipped");
    assert_eq!(t.rows[2].keys[2], "Flensburg, kreisfreie Stadt");
    assert_eq!(t.rows[0].cells[1].count(), Some(3_098_664));
    let syms: Vec<Option<Symbol>> = t.rows[1].cells.iter().map(|c| c.symbol()).collect();
    assert_eq!(
        syms,
        [
            Some(Symbol::Unknown),
            Some(Symbol::NotMeaningful),
            Some(Symbol::Later)
        ]
    );
    assert!(t.rows[1].cells.iter().all(|c| c.value().is_none()));
    assert_eq!(t.rows[2].cells[0].symbol(), Some(Symbol::Unreliable));
    assert_eq!(t.rows[2].cells[1].value(), Some(0.0));
    assert_eq!(t.rows[2].cells[2].value(), Some(12.5));
    // the footer: the data-looking line inside the quoted footnote is not data
    assert_eq!(t.footer.len(), 4);
    assert_eq!(t.footer[0], "__________");
    assert!(t.footer[1].starts_with("zu \"Nationalit\u{e4}t\":\n2023;DG"));
    assert!(t.footer[2].contains("Namensnennung"));
    assert_eq!(t.stand.as_deref(), Some("13.03.2025 / 16:39:14"));
    // long form: row by row, column by column
    let long: Vec<(usize, &str, usize, Option<f64>)> = t
        .long()
        .map(|r| (r.line, r.keys[1].as_str(), r.column.field, r.cell.value()))
        .collect();
    assert_eq!(long.len(), 9);
    assert_eq!(long[0], (8, "DG", 5, Some(15531.0)));
    assert_eq!(long[5], (9, "01", 7, None));
    assert_eq!(long[8], (11, "01001", 7, Some(12.5)));
    assert_eq!(
        t.symbol_counts(),
        [
            (Symbol::Zero, 1),
            (Symbol::Unknown, 1),
            (Symbol::NotMeaningful, 1),
            (Symbol::Later, 1),
            (Symbol::Unreliable, 1)
        ]
    );
}

#[test]
fn region_code_first_and_dates() {
    // 12411-04-02-4 style: no year, the region code comes first
    let t = GenesisTable::from_text(
        "GENESIS-Tabelle: 12411-04-02-4\n\
         Bev\u{f6}lkerung;;;;;\n\
         Stichtag: 31.12.2020;;;;;\n\
         ;;;Insgesamt;m\u{e4}nnlich;weiblich\n\
         DG;Deutschland;unter 1 Jahr;769380;395333;374047\n\
         11001001;      Berlin-Mitte;unter 1 Jahr;.;.;.\n",
        "pop",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.key_names(), ["region_code", "region_name", "key_3"]);
    assert_eq!(t.title_lines, ["Bev\u{f6}lkerung", "Stichtag: 31.12.2020"]);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.stand, None);
    assert!(t.footer.is_empty());
    // a date as first key
    let t = GenesisTable::from_text(
        "GENESIS-Tabelle: 12411-0001\n;Anzahl\n31.12.2022;84358845\n31.12.2023;84669326\n",
        "d",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.key_names(), ["date"]);
    assert_eq!(t.rows[1].cells[0].count(), Some(84_669_326));
}

#[test]
fn crlf_bom_trailing_separator_and_windows_1252() {
    let text = "GENESIS-Tabelle: X-1;\r\nTitel;;;\r\n;;A;B;\r\n2023;DG;1;2;\r\n2023;01;-;(3)p;\r\nStand: 01.01.2025\r\n";
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let t = GenesisTable::from_bytes(&bytes, "crlf").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.encoding, Encoding::Utf8Bom);
    assert_eq!(t.code, "X-1");
    assert_eq!(t.columns.len(), 2, "trailing empty column dropped");
    assert_eq!(
        t.rows[1].cells[1].qualifiers().names(),
        ["provisional", "limited_reliability"]
    );
    assert_eq!(t.stand.as_deref(), Some("01.01.2025"));
    let t = GenesisTable::from_bytes(
        b"GENESIS-Tabelle: 1\nBev\xf6lkerung\n;\x96;A\nDG;x;5\n",
        "w",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.encoding, Encoding::Windows1252);
    assert_eq!(t.title_lines, ["Bev\u{f6}lkerung"]);
    // the en dash in a header row is a label, not a key field: 1 key column
    assert_eq!(t.key_columns, 1);
    assert_eq!(t.columns[0].labels, ["\u{2013}"]);
}

#[test]
fn malformed_inputs_name_line_and_column() {
    // a cell that is neither a number nor a symbol: line 9, field 6
    let (row, col, msg) = error(&format!(
        "{HEAD}2023;DG;Deutschland;Grundschulen;1;2;3\n2023;01;SH;Grundschulen;1;n/a;3\n"
    ));
    assert_eq!((row, col.as_deref()), (Some(9), Some("6")), "{msg}");
    assert!(
        msg.contains("\"n/a\"") && msg.contains("Sch\u{fc}ler / Geschlecht / Insgesamt"),
        "{msg}"
    );
    // decimal point
    let (_, col, msg) = error(&format!("{HEAD}2023;DG;D;G;1;2;1.5\n"));
    assert_eq!(col.as_deref(), Some("7"));
    assert!(msg.contains("comma"), "{msg}");
    // empty cell
    let (row, col, msg) = error(&format!("{HEAD}2023;DG;D;G;;2;1\n"));
    assert_eq!((row, col.as_deref()), (Some(8), Some("5")), "{msg}");
    assert!(msg.contains("empty cell"), "{msg}");
    // wrong field count: too few and too many
    let (row, col, msg) = error(&format!("{HEAD}2023;DG;D;G;1;2;3\n2023;01;S;G;1\n"));
    assert_eq!((row, col.as_deref()), (Some(9), Some("6")), "{msg}");
    assert!(
        msg.contains("expected 7 fields") && msg.contains("found 5"),
        "{msg}"
    );
    let (row, col, _) = error(&format!("{HEAD}2023;DG;D;G;1;2;3\n2023;01;S;G;1;2;3;4\n"));
    assert_eq!((row, col.as_deref()), (Some(9), Some("8")));
    // unterminated quote (in the footer, too: it would swallow the rest of the file)
    let (row, col, msg) = error(&format!(
        "{HEAD}2023;DG;D;G;1;2;3\n__\n\"zu \"\"x\"\": open\n"
    ));
    assert_eq!((row, col.as_deref()), (Some(10), Some("1")), "{msg}");
    assert!(msg.contains("not closed"), "{msg}");
    // no table code
    let (row, col, msg) = error("Kreis;Wert\n01001;5\n");
    assert_eq!((row, col), (Some(1), None));
    assert!(msg.contains("not a GENESIS table export"), "{msg}");
    let (row, col, _) = error("\n\nGENESIS-Tabelle:  \n;A\n2023;1\n");
    assert_eq!((row, col.as_deref()), (Some(3), Some("1")));
    // no header rows, no data lines, empty file
    let (_, _, msg) = error("GENESIS-Tabelle: 1\nTitel\n2023;1\n");
    assert!(msg.contains("no column header rows"), "{msg}");
    let (row, _, msg) = error(HEAD);
    assert_eq!(row, Some(7));
    assert!(msg.contains("no data lines"), "{msg}");
    let (row, _, msg) = error(" \n\n");
    assert_eq!(row, Some(1));
    assert!(msg.contains("empty"), "{msg}");
    // a data line after the footer began
    let (row, col, msg) = error(&format!(
        "{HEAD}2023;DG;D;G;1;2;3\n__________\n2023;01;S;G;1;2;3\n"
    ));
    assert_eq!((row, col.as_deref()), (Some(10), Some("1")), "{msg}");
    assert!(msg.contains("footer, which begins at line 9"), "{msg}");
    // a first data line shorter than the labelled columns
    let (row, col, msg) = error("GENESIS-Tabelle: 1\n;A;B;C\n2023;1;2\n");
    assert_eq!((row, col.as_deref()), (Some(3), Some("4")), "{msg}");
    assert!(
        msg.contains("expected 4 fields") && msg.contains("found 3"),
        "{msg}"
    );
    let (row, col, _) = error("GENESIS-Tabelle: 1\n;;;A\n2023;1\n");
    assert_eq!((row, col.as_deref()), (Some(3), Some("3")));
    // data wider than the labels: the extra column has empty labels
    let t = GenesisTable::from_text("GENESIS-Tabelle: 1\n;A\n2023;1;2\n", "w")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.columns[1].labels, [""]);
    // UTF-16
    let e = GenesisTable::from_bytes(b"\xFF\xFEG\0", "u16").unwrap_err();
    assert!(e.to_string().contains("UTF-16"));
    // long garbage is shortened in messages
    let (_, _, msg) = error(&"z".repeat(10_000));
    assert!(msg.len() < 300, "{msg}");
}

#[test]
fn footer_lines_that_are_not_data() {
    // a footer line with a data key but another width is footer text, not an error
    let t = table("2023;DG;Deutschland;G;1;2;3\n");
    let text = format!("{HEAD}2023;DG;Deutschland;G;1;2;3\n__\n2011\nStand: x\n");
    let u = GenesisTable::from_text(&text, "f").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(u.rows, t.rows);
    assert_eq!(u.footer, ["__", "2011", "Stand: x"]);
}
