//! The GENESIS reader on the real exports bundled in `data/genesis/` (and, when present, the
//! shared 2.9 MB population table that is too large to bundle), plus no-panic tests on random
//! bytes and truncated or mutated real files.
//!
//! Expected values are the file text itself, written out here (Germany rows), and counts made
//! outside the reader: a naive byte split of the data lines in this test, and the figures of
//! `data/README.md` / the shared data set's README (538 regions, 6,456 rows, symbol counts
//! counted with a Python `str.split(';')` over the cp1252-decoded lines).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use bildung_core::ErrorKind;
use bildung_core::genesis::{Cell, Encoding, GenesisTable, Symbol};
use proptest::prelude::*;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("data")
        .join("genesis")
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(data_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn read(name: &str) -> GenesisTable {
    GenesisTable::from_bytes(&bytes(name), name).unwrap_or_else(|e| panic!("{e}"))
}

/// The three bundled exports.
const FILES: [&str; 3] = [
    "21111-02-06-4.csv",
    "21111-01-03-4.csv",
    "21121-02-02-4.csv",
];

/// Naive independent count: data lines are the lines starting with `2023;`; their fields after
/// the first `keys` are cells. Returns (data lines, cells, count of `-`, `.`, `x`, `...`, `/`).
fn naive_counts(raw: &[u8], keys: usize) -> (usize, usize, [usize; 5]) {
    let mut lines = 0;
    let mut cells = 0;
    let mut sym = [0usize; 5];
    for line in raw.split(|&b| b == b'\n') {
        if !line.starts_with(b"2023;") {
            continue;
        }
        lines += 1;
        for f in line.split(|&b| b == b';').skip(keys) {
            cells += 1;
            let k = match f {
                b"-" => 0,
                b"." => 1,
                b"x" => 2,
                b"..." => 3,
                b"/" => 4,
                _ => continue,
            };
            sym[k] += 1;
        }
    }
    (lines, cells, sym)
}

fn values(t: &GenesisTable, row: usize) -> Vec<String> {
    t.rows[row]
        .cells
        .iter()
        .map(|c| match c {
            Cell::Number { value, .. } => format!("{value}"),
            Cell::Symbol(s) => s.as_str().to_owned(),
        })
        .collect()
}

#[test]
fn all_bundled_exports_parse() {
    for name in FILES {
        let t = read(name);
        assert_eq!(format!("{}.csv", t.code), name);
        assert_eq!(t.encoding, Encoding::Windows1252, "{name}");
        assert_eq!(t.key_names()[..3], ["year", "region_code", "region_name"]);
        assert!(t.stand.is_some(), "{name}");
        assert!(
            t.footer
                .iter()
                .any(|l| l.contains("Datenlizenz Deutschland")),
            "{name}: licence line"
        );
        // every row has one cell per column; the long form has rows x columns records
        assert!(t.rows.iter().all(|r| r.cells.len() == t.columns.len()));
        assert_eq!(t.long().count(), t.rows.len() * t.columns.len());
        // 538 distinct regions in each table
        let regions: BTreeSet<&str> = t.rows.iter().map(|r| r.keys[1].as_str()).collect();
        assert_eq!(regions.len(), 538, "{name}");
    }
}

#[test]
fn leavers_21111_02_06_4() {
    let t = read("21111-02-06-4.csv");
    assert_eq!(t.rows.len(), 538);
    assert_eq!(t.key_columns, 3);
    assert_eq!(t.columns.len(), 14);
    assert_eq!(t.header_lines, [7, 8, 9]);
    assert_eq!(
        t.title(),
        "Absolvierende/Abgehende allgemeinbildender Schulen nach Geschlecht und Abschlussarten - \
         Schuljahr - regionale Tiefe: Kreise und krfr. St\u{e4}dte Statistik der allgemeinbildenden \
         Schulen Absolvierende/Abgehende (Anzahl)"
    );
    assert_eq!(t.stand.as_deref(), Some("13.03.2025 / 16:40:08"));
    // line 10 of the file, verbatim:
    // 2023;DG;Deutschland;782423;381434;55708;22043;130322;53605;336361;163795;22530;11348;802;397;259230;141594
    assert_eq!(t.rows[0].line, 10);
    assert_eq!(t.rows[0].keys, ["2023", "DG", "Deutschland"]);
    assert_eq!(
        values(&t, 0),
        [
            "782423", "381434", "55708", "22043", "130322", "53605", "336361", "163795", "22530",
            "11348", "802", "397", "259230", "141594"
        ]
    );
    assert_eq!(
        t.columns[3].labels,
        [
            "Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss",
            "ohne Hauptschulabschluss",
            "weiblich"
        ]
    );
    // 2023;01001;      Flensburg, kreisfreie Stadt;1059;558;90;39;147;69;318;162;57;27;-;-;504;288
    let fl = &t.rows[2];
    assert_eq!(fl.keys[2], "Flensburg, kreisfreie Stadt");
    assert_eq!(fl.cells[10], Cell::Symbol(Symbol::Zero));
    assert_eq!(fl.cells[12].count(), Some(504));
    // last data line 547: 2023;16077;      Altenburger Land, Landkreis;720;328;92;32;121;62;332;138;4;1;x;x;175;96
    let last = &t.rows[537];
    assert_eq!((last.line, last.keys[1].as_str()), (547, "16077"));
    assert_eq!(last.cells[10].symbol(), Some(Symbol::NotMeaningful));
    assert_eq!(last.cells[10].value(), None);
    assert_eq!(last.cells[13].count(), Some(96));
    // symbols: '-' 1,955, '.' 102, 'x' 114 (data/README.md), no '...' or '/'
    let counts: Vec<usize> = t.symbol_counts().iter().map(|c| c.1).collect();
    assert_eq!(counts, [1955, 102, 114, 0, 0]);
    let (lines, cells, naive) = naive_counts(&bytes("21111-02-06-4.csv"), 3);
    assert_eq!((lines, cells), (538, 538 * 14));
    assert_eq!(counts, naive);
}

#[test]
fn pupils_21111_01_03_4() {
    let t = read("21111-01-03-4.csv");
    assert_eq!(t.rows.len(), 6456);
    assert_eq!(t.key_columns, 4);
    assert_eq!(
        t.key_names(),
        ["year", "region_code", "region_name", "key_4"]
    );
    assert_eq!(t.columns.len(), 6);
    assert_eq!(t.columns[0].label(), "Allgemeinbildende Schulen / Anzahl");
    assert_eq!(
        t.columns[3].labels,
        [
            "Sch\u{fc}lerinnen und Sch\u{fc}ler an allgemeinbildenden Schulen",
            "Nationalit\u{e4}t",
            "ausl\u{e4}ndisch",
            "Anzahl"
        ]
    );
    assert_eq!(t.columns[4].labels[2], "7. Klassenstufe", "grade 7 column");
    // 12 school types per region, in the same order everywhere
    let types: Vec<&str> = t.rows[..12].iter().map(|r| r.keys[3].as_str()).collect();
    assert_eq!(types[6], "Gymnasien");
    assert_eq!(types[11], "Insgesamt");
    for (i, r) in t.rows.iter().enumerate() {
        assert_eq!(r.keys[3], types[i % 12], "line {}", r.line);
    }
    // The Germany lines 10..=21 of the file, verbatim (cp1252 decoded):
    let germany = [
        "Vorschulbereich;1216;28808;11785;8938;x;x",
        "Grundschulen;15531;3098664;1529357;507817;x;x",
        "Schulartunabh\u{e4}ngige Orientierungsstufe;1077;119201;57765;22840;x;x",
        "Hauptschulen;1692;333907;149087;113545;59072;x",
        "Schularten mit mehreren Bildungsg\u{e4}ngen;1911;550067;254859;87955;95258;x",
        "Realschulen;1699;771330;376302;110638;131349;x",
        "Gymnasien;3160;2280967;1196430;183692;302096;203899",
        "Integrierte Gesamtschulen;2244;1148583;557186;221034;161830;55270",
        "Freie Waldorfschulen;240;88050;46281;3085;7180;6036",
        "Sonderschulen/F\u{f6}rderschulen;2798;344349;122011;64525;20864;514",
        "Abendschulen und Kollegs;288;30473;14863;11109;x;x",
        "Insgesamt;x;8819489;4327552;1359457;777644;265719",
    ];
    for (i, expected) in germany.iter().enumerate() {
        let r = &t.rows[i];
        assert_eq!(r.line, 10 + i);
        assert_eq!(r.keys[..3], ["2023", "DG", "Deutschland"]);
        let got = format!("{};{}", r.keys[3], values(&t, i).join(";"));
        assert_eq!(&got, expected);
    }
    // Gymnasium share in grade 7, Germany: 302,096 / 777,644 (hand: 38.85 %)
    let g7 = |row: usize| t.rows[row].cells[4].count().unwrap_or(0) as f64;
    assert!((g7(6) / g7(11) * 100.0 - 38.847).abs() < 0.001);
    // symbols: '-' 14,288, '.' 23, 'x' 6,270
    let counts: Vec<usize> = t.symbol_counts().iter().map(|c| c.1).collect();
    assert_eq!(counts, [14288, 23, 6270, 0, 0]);
    let (lines, cells, naive) = naive_counts(&bytes("21111-01-03-4.csv"), 4);
    assert_eq!((lines, cells), (6456, 6456 * 6));
    assert_eq!(counts, naive);
    // a '.' cell: line 2050, 2023;07133;      Bad Kreuznach, Landkreis;Vorschulbereich;1;12;4;.;x;x
    let r = t.rows.iter().find(|r| r.line == 2050).map(|r| &r.cells);
    assert_eq!(r.map(|c| c[3]), Some(Cell::Symbol(Symbol::Unknown)));
    assert_eq!(r.map(|c| c[1].count()), Some(Some(12)));
}

#[test]
fn vocational_leavers_21121_02_02_4() {
    let t = read("21121-02-02-4.csv");
    assert_eq!(t.rows.len(), 538);
    assert_eq!(t.key_columns, 3);
    assert_eq!(t.columns.len(), 12);
    assert_eq!(t.header_lines, [4, 5, 6, 7, 8, 9]);
    // the title is one line here
    assert_eq!(t.title_lines.len(), 2);
    // header rows 7 and 8 leave the last two columns empty
    assert_eq!(
        t.columns[11].labels,
        [
            "nachrichtl.: zus.erw.schul.Teil d. Fachhochs.reife",
            "Geschlecht",
            "weiblich",
            "",
            "",
            "Anzahl"
        ]
    );
    // 2023;DG;Deutschland;222742;108314;41403;16612;60583;28174;72348;36280;48403;27248;21475;10216
    assert_eq!(
        values(&t, 0),
        [
            "222742", "108314", "41403", "16612", "60583", "28174", "72348", "36280", "48403",
            "27248", "21475", "10216"
        ]
    );
    let counts: Vec<usize> = t.symbol_counts().iter().map(|c| c.1).collect();
    assert_eq!(counts, [1420, 193, 46, 0, 0]);
    let (_, _, naive) = naive_counts(&bytes("21121-02-02-4.csv"), 3);
    assert_eq!(counts, naive);
}

/// The population table by single years (2.9 MB, not bundled) from the shared data set, when
/// this checkout sits next to it; its first field is the region code, not a year.
#[test]
fn population_12411_04_02_4_if_available() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/data/de-kreise-schulstatistik/raw/12411-04-02-4.csv");
    let Ok(raw) = std::fs::read(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let t = GenesisTable::from_bytes(&raw, "12411-04-02-4.csv").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.code, "12411-04-02-4");
    assert_eq!(t.rows.len(), 43_040);
    assert_eq!(t.key_names(), ["region_code", "region_name", "key_3"]);
    assert_eq!(
        t.title_lines.last().map(String::as_str),
        Some("Stichtag: 31.12.2020")
    );
    // line 8: DG;Deutschland;unter 1 Jahr;769380;395333;374047
    assert_eq!(t.rows[0].line, 8);
    assert_eq!(values(&t, 0), ["769380", "395333", "374047"]);
    let counts: Vec<usize> = t.symbol_counts().iter().map(|c| c.1).collect();
    assert_eq!(counts, [18720, 2880, 0, 0, 0]);
    assert_eq!(t.stand.as_deref(), Some("26.11.2021 / 13:38:29"));
}

#[test]
fn truncated_real_files_never_panic() {
    for name in FILES {
        let raw = bytes(name);
        let step = (raw.len() / 150).max(1);
        for cut in (0..raw.len()).step_by(step).chain([raw.len() - 1]) {
            match GenesisTable::from_bytes(&raw[..cut], name) {
                Ok(t) => assert!(t.rows.len() <= 6456),
                Err(e) => {
                    assert_eq!(e.kind(), ErrorKind::MalformedInput, "{e}");
                    assert!(e.index().is_some(), "error without a line: {e}");
                }
            }
        }
    }
    // a cut inside the quoted footnote: an unterminated quote with its line
    let raw = bytes("21111-02-06-4.csv");
    let e = GenesisTable::from_bytes(&raw[..raw.len() - 300], "cut.csv").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("table `cut.csv`, row 549, column `1`: a quoted field"),
        "{e}"
    );
    // a cut in the middle of the last data line: wrong field count on line 547
    let end = raw
        .windows(10)
        .position(|w| w == b"__________")
        .unwrap_or(0);
    let e = GenesisTable::from_bytes(&raw[..end - 10], "cut.csv").unwrap_err();
    assert!(e.to_string().contains("row 547"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = GenesisTable::from_bytes(&data, "random");
        let mut with_head = b"GENESIS-Tabelle: 1\n;A;B\n".to_vec();
        with_head.extend_from_slice(&data);
        let _ = GenesisTable::from_bytes(&with_head, "random");
    }

    #[test]
    fn any_cell_text_parses_or_is_rejected(text in "\\PC{0,8}", tail in "[prs)( |0-9,.\\-]{0,4}") {
        for t in [text.clone(), format!("{text}{tail}"), format!("{tail}{text}")] {
            if let Some(c) = Cell::parse(&t) {
                // a number is finite; only '-' among the symbols has a value
                prop_assert!(c.value().is_none_or(f64::is_finite));
            }
        }
    }

    #[test]
    fn random_genesis_like_text_never_panics(
        parts in proptest::collection::vec(
            prop_oneof![
                Just(";"), Just("\n"), Just("\r"), Just("\""), Just("\"\""), Just("-"),
                Just("."), Just("x"), Just("..."), Just("/"), Just("2023"), Just("DG"),
                Just("01001"), Just("12,5"), Just("(3)p"), Just("|"), Just(" "), Just("Stand:"),
                Just("GENESIS-Tabelle: 1\n"), Just("\u{e4}"),
            ],
            0..120,
        )
    ) {
        let text: String = parts.concat();
        if let Err(e) = GenesisTable::from_text(&text, "gen") {
            prop_assert_eq!(e.kind(), ErrorKind::MalformedInput);
            prop_assert!(e.index().is_some());
        }
    }

    #[test]
    fn mutated_real_file_never_panics(
        edits in proptest::collection::vec((0usize..54_568, any::<u8>()), 1..20)
    ) {
        let mut raw = bytes("21111-02-06-4.csv");
        for (at, b) in edits {
            let n = raw.len();
            raw[at % n] = b;
        }
        if let Ok(t) = GenesisTable::from_bytes(&raw, "mutated") {
            prop_assert!(t.rows.len() <= 538 + 20);
        }
    }
}
