//! Publishable output: number formats, symbols, CSV, JSON and HTML.
//!
//! Every expected string is written out by hand from the rules (German: decimal comma, thousands
//! point, `;`; classical symbols per indicators.md 4.4; RFC 4180 quoting), never pasted from the
//! program's output. A secret value (4242) sits in suppressed cells; it must not appear in any
//! output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bildung_core::ErrorKind;
use bildung_core::disclosure::{CellFlags, CellStatus, FlagMark, SymbolSet};
use bildung_core::publish::{
    Chart, Column, CsvOptions, FunnelChart, FunnelPoint, HtmlReport, LimitCurve, LorenzChart,
    LorenzSeries, NumberFormat, PublishTable, RankItem, RankingChart, Section, to_csv, to_json,
};
use ndarray::{Array2, array};

const P: CellStatus = CellStatus::Published;

/// City = Nord + Süd; Nord = Nord-Ost + Nord-West. Column 0 counts, column 1 shares in %.
/// Nord-West is primary (count 2), Nord-Ost secondary; both hold the secret 4242 in column 1.
fn table() -> PublishTable {
    PublishTable::new(
        "Abgänger \"ohne\" Abschluss",
        "Gebiet",
        vec![
            "Stadt".into(),
            "Nord".into(),
            "Nord-Ost; Hafen".into(),
            "Nord-West".into(),
            "Süd, Altstadt".into(),
        ],
        vec![
            Column::new("Abgänger", 0).with_unit("Anzahl"),
            Column::new("Quote", 1).with_unit("%"),
        ],
        array![
            [12345.0, 6.25],
            [1002.0, 0.0],
            [1000.0, 4242.0],
            [2.0, 4242.0],
            [11343.0, 0.04],
        ],
    )
    .unwrap()
    .with_row_levels(vec![0, 1, 2, 2, 1])
    .unwrap()
    .with_status(array![
        [P, P],
        [P, P],
        [CellStatus::Secondary, CellStatus::Secondary],
        [CellStatus::Primary, CellStatus::Primary],
        [P, P],
    ])
    .unwrap()
    .with_flags({
        let mut f = Array2::from_elem((5, 2), CellFlags::NONE);
        f[(0, 0)] = CellFlags::PROVISIONAL;
        f[(3, 1)] = CellFlags::REVISED; // on a suppressed cell: never shown
        f
    })
    .unwrap()
    .with_note("Vorläufige Ergebnisse.")
    .with_source("Schulstatistik")
}

#[test]
fn german_and_english_numbers() {
    let (de, en) = (NumberFormat::German, NumberFormat::English);
    assert_eq!(de.format(1234.5, 1).unwrap(), "1.234,5");
    assert_eq!(en.format(1234.5, 1).unwrap(), "1,234.5");
    assert_eq!(de.format(1234567.891, 2).unwrap(), "1.234.567,89");
    assert_eq!(en.format(1234567.891, 2).unwrap(), "1,234,567.89");
    assert_eq!(de.format(999.0, 0).unwrap(), "999");
    assert_eq!(de.format(-0.3, 1).unwrap(), "-0,3");
    // commercial rounding on the decimal digits: 2.675 -> 2.68, 0.125 -> 0.13, 2.5 -> 3
    assert_eq!(de.format(2.675, 2).unwrap(), "2,68");
    assert_eq!(en.format(0.125, 2).unwrap(), "0.13");
    assert_eq!(de.format(2.5, 0).unwrap(), "3");
    assert_eq!(de.format(-2.5, 0).unwrap(), "-3");
    assert_eq!(de.format(99999.95, 1).unwrap(), "100.000,0");
    assert_eq!(de.format_ungrouped(12345.0, 0).unwrap(), "12345");
    assert_eq!(de.format(0.0, 2).unwrap(), "0,00");
    assert_eq!(
        de.format(f64::NAN, 1).unwrap_err().kind(),
        ErrorKind::MissingValue
    );
    assert_eq!(
        de.format(f64::NEG_INFINITY, 1).unwrap_err().kind(),
        ErrorKind::NonFinite
    );
    assert_eq!(
        de.format(1.0, 13).unwrap_err().kind(),
        ErrorKind::InvalidParameter
    );
    assert_eq!(NumberFormat::from_name("de").unwrap(), de);
    assert!(NumberFormat::from_name("fr").is_err());
}

#[test]
fn classical_and_letter_symbols() {
    let c = SymbolSet::classical();
    let l = SymbolSet::letter();
    let de = NumberFormat::German;
    let r = |s: &SymbolSet, v: f64, st: CellStatus, f: CellFlags, d: u32| {
        s.render(v, st, f, d, de).unwrap()
    };
    let n = CellFlags::NONE;
    // statuses, classical / letter
    let cases = [
        (CellStatus::Zero, "-", "0"),
        (CellStatus::Primary, ".", "g"),
        (CellStatus::Secondary, ".", "g"),
        (CellStatus::Unknown, ".", "g"),
        (CellStatus::Later, "...", "t"),
        (CellStatus::NotMeaningful, "x", "x"),
        (CellStatus::Unreliable, "/", "u"),
    ];
    for (st, classical, letter) in cases {
        let v = if st == CellStatus::Zero { 0.0 } else { 4242.0 };
        assert_eq!(r(&c, v, st, n, 0), classical, "{st:?}");
        assert_eq!(r(&l, v, st, n, 0), letter, "{st:?}");
    }
    // a published 0 is the zero symbol; a positive value below half the last digit is "0"/"0,0"/"k"
    assert_eq!(r(&c, 0.0, P, n, 1), "-");
    assert_eq!(r(&l, 0.0, P, n, 1), "0");
    assert_eq!(r(&c, 0.4, P, n, 0), "0");
    assert_eq!(r(&c, 0.04, P, n, 1), "0,0");
    assert_eq!(r(&c, 0.004, P, n, 2), "0,00");
    assert_eq!(r(&l, 0.04, P, n, 1), "k");
    assert_eq!(r(&c, 0.05, P, n, 1), "0,1");
    assert_eq!(r(&c, 0.3, CellStatus::LessThanHalf, n, 0), "0");
    // qualifiers
    assert_eq!(r(&c, 12.0, P, CellFlags::LIMITED, 0), "(12)");
    assert_eq!(r(&l, 12.0, P, CellFlags::LIMITED, 0), "12 u");
    assert_eq!(r(&l, 12.0, P, CellFlags::ERRONEOUS, 0), "12 f");
    assert_eq!(
        r(
            &c,
            1234.0,
            P,
            CellFlags::PROVISIONAL | CellFlags::REVISED,
            0
        ),
        "1.234 pr"
    );
    assert_eq!(r(&c, 12.0, P, CellFlags::ESTIMATED, 0), "12 s");
    assert_eq!(r(&c, 12.0, P, CellFlags::BREAK, 0), "| 12");
    assert_eq!(r(&l, 12.0, P, CellFlags::FINAL, 0), "12 e");
    assert_eq!(r(&c, 12.0, P, CellFlags::FINAL, 0), "12");
    assert_eq!(r(&c, 12.0, P, CellFlags::PERTURBED, 0), "12");
    assert_eq!(
        r(&c, 12.0, P, CellFlags::LIMITED | CellFlags::PROVISIONAL, 0),
        "(12) p"
    );
    // never a flag beside a suppressed cell
    assert_eq!(
        r(&c, 4242.0, CellStatus::Primary, CellFlags::REVISED, 0),
        "."
    );
    // municipal variant (Zürich): "( )" for suppression
    let zh = SymbolSet::classical()
        .with_status_symbol(CellStatus::Primary, "( )")
        .unwrap()
        .with_status_symbol(CellStatus::Secondary, "( )")
        .unwrap();
    assert_eq!(r(&zh, 3.0, CellStatus::Secondary, n, 0), "( )");
    assert_eq!(r(&zh, 3.0, CellStatus::Unknown, n, 0), ".");
    let star = SymbolSet::classical()
        .with_flag_mark(CellFlags::ESTIMATED, FlagMark::Suffix("*".into()))
        .unwrap();
    assert_eq!(r(&star, 5.0, P, CellFlags::ESTIMATED, 0), "5 *");
    assert_eq!(SymbolSet::from_name("letter").unwrap(), l);
    assert_eq!(
        SymbolSet::from_name("x").unwrap_err().kind(),
        ErrorKind::InvalidParameter
    );
    // legend: "." merges secret and unknown; English texts for the English format
    let legend = c.legend(NumberFormat::German);
    let dot: Vec<_> = legend.iter().filter(|e| e.symbol == ".").collect();
    assert_eq!(dot.len(), 1);
    assert_eq!(
        dot[0].meaning,
        "geheim zu halten (Geheimhaltung) oder Zahlenwert unbekannt"
    );
    assert!(
        legend
            .iter()
            .any(|e| e.symbol == "( )" && e.meaning.starts_with("Aussagewert eingeschränkt"))
    );
    let en = l.legend_for(&[CellStatus::Later], CellFlags::NONE, NumberFormat::English);
    assert_eq!(en.len(), 1);
    assert_eq!(
        (en[0].symbol.as_str(), en[0].meaning.as_str()),
        ("t", "value available later")
    );
}

#[test]
fn csv_german_with_symbols_and_quoting() {
    let t = table();
    let csv = to_csv(&t, &CsvOptions::default()).unwrap();
    let expected = "Gebiet;Abgänger (Anzahl);Quote (%)\r\n\
                    Stadt;12345 p;6,3\r\n\
                    Nord;1002;-\r\n\
                    \"Nord-Ost; Hafen\";.;.\r\n\
                    Nord-West;.;.\r\n\
                    Süd, Altstadt;11343;0,0\r\n";
    assert_eq!(csv, expected);
    let grouped = to_csv(
        &t,
        &CsvOptions {
            group_digits: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(grouped.contains("Stadt;12.345 p;6,3\r\n"));
    assert!(!csv.contains("4242") && !grouped.contains("4242"));
}

#[test]
fn csv_english_status_columns_level_and_letter_codes() {
    let mut t = table();
    t.title = "x".into();
    t.row_labels[1] = "Nord \"inner\"".into();
    let csv = to_csv(
        &t,
        &CsvOptions {
            format: NumberFormat::English,
            symbols: SymbolSet::letter(),
            group_digits: false,
            status_columns: true,
            level_column: true,
        },
    )
    .unwrap();
    let expected = "Gebiet,level,Abgänger (Anzahl),Abgänger (Anzahl) [status],Abgänger (Anzahl) [flags],Quote (%),Quote (%) [status],Quote (%) [flags]\r\n\
                    Stadt,0,12345 p,published,provisional,6.3,published,\r\n\
                    \"Nord \"\"inner\"\"\",1,1002,published,,0,zero,\r\n\
                    Nord-Ost; Hafen,2,g,confidential,,g,confidential,\r\n\
                    Nord-West,2,g,confidential,,g,confidential,\r\n\
                    \"Süd, Altstadt\",1,11343,published,,k,less_than_half,\r\n";
    assert_eq!(csv, expected);
    // a field with a line break is quoted
    t.row_labels[0] = "Stadt\ninsgesamt".into();
    let csv = to_csv(&t, &CsvOptions::default()).unwrap();
    assert!(csv.starts_with("Gebiet;Abgänger (Anzahl);Quote (%)\r\n\"Stadt\ninsgesamt\";"));
}

#[test]
fn json_has_values_statuses_and_no_suppressed_value() {
    let t = table();
    let text = to_json(&t, NumberFormat::German, &SymbolSet::classical()).unwrap();
    assert!(!text.contains("4242"));
    let j: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(j["title"], "Abgänger \"ohne\" Abschluss");
    assert_eq!(j["source"], "Schulstatistik");
    assert_eq!(j["notes"][0], "Vorläufige Ergebnisse.");
    assert_eq!(j["number_format"], "german");
    assert_eq!(j["symbols"], "classical");
    assert_eq!(j["columns"][1]["label"], "Quote");
    assert_eq!(j["columns"][1]["decimals"], 1);
    assert_eq!(j["columns"][1]["unit"], "%");
    let rows = j["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let cell = |r: usize, c: usize| &rows[r]["cells"][c];
    assert_eq!(rows[2]["label"], "Nord-Ost; Hafen");
    assert_eq!(rows[2]["level"], 2);
    assert_eq!(cell(0, 0)["value"], 12345.0);
    assert_eq!(cell(0, 0)["text"], "12.345 p");
    assert_eq!(cell(0, 0)["flags"], serde_json::json!(["provisional"]));
    assert_eq!(cell(0, 1)["text"], "6,3");
    assert_eq!(cell(0, 1)["value"], 6.25);
    assert_eq!(cell(1, 1)["status"], "zero");
    assert_eq!(cell(1, 1)["text"], "-");
    assert_eq!(cell(1, 1)["value"], 0.0);
    // primary and secondary suppression look the same in published output
    for (r, status) in [(2, "confidential"), (3, "confidential")] {
        for c in 0..2 {
            assert_eq!(cell(r, c)["status"], status);
            assert_eq!(cell(r, c)["text"], ".");
            assert!(
                cell(r, c).get("value").is_none(),
                "value of ({r}, {c}) written"
            );
            assert_eq!(cell(r, c)["flags"], serde_json::json!([]));
        }
    }
    assert_eq!(cell(4, 1)["status"], "less_than_half");
    assert_eq!(cell(4, 1)["text"], "0,0");
    let legend = j["legend"].as_array().unwrap();
    let symbols: Vec<&str> = legend
        .iter()
        .map(|e| e["symbol"].as_str().unwrap())
        .collect();
    assert_eq!(symbols, vec!["-", "0", ".", "p"]);
}

/// Tags balance (void elements and `/>` excepted): a minimal well-formedness check.
fn assert_balanced(html: &str) {
    const VOID: [&str; 8] = ["meta", "br", "link", "img", "input", "hr", "col", "wbr"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').expect("unclosed '<'");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        assert!(!tag.contains('<'), "'<' inside a tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> without opening tag"));
            assert_eq!(open, name.trim(), "</{name}> closes <{open}>");
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(!name.is_empty(), "empty tag name in <{tag}>");
        if tag.ends_with('/') || VOID.contains(&name.as_str()) {
            continue;
        }
        stack.push(name);
    }
    assert!(stack.is_empty(), "unclosed tags: {stack:?}");
}

fn report() -> HtmlReport {
    let st = |s: CellStatus| s;
    let lorenz = Chart::Lorenz(LorenzChart {
        title: "Lorenzkurve".into(),
        series: vec![
            LorenzSeries {
                label: "Quote <Ortsteile>".into(),
                values: vec![1.0, 2.0, 3.0, 4242.0],
                weights: None,
                status: vec![P, P, P, st(CellStatus::Primary)],
            },
            LorenzSeries {
                label: "gleich".into(),
                values: vec![1.0, 1.0],
                weights: Some(vec![2.0, 3.0]),
                status: vec![],
            },
        ],
        source: Some("eigene Berechnung".into()),
    });
    let funnel = Chart::Funnel(FunnelChart {
        title: "Trichter".into(),
        x_label: "Abgänger".into(),
        y_label: "Quote".into(),
        points: vec![
            FunnelPoint {
                label: "A".into(),
                size: 50.0,
                value: 0.1,
                status: P,
            },
            FunnelPoint {
                label: "Geheimgebiet".into(),
                size: 4242.0,
                value: 0.5,
                status: CellStatus::Secondary,
            },
            FunnelPoint {
                label: "C".into(),
                size: 150.0,
                value: 0.05,
                status: P,
            },
        ],
        target: 0.08,
        limits: vec![
            LimitCurve {
                level: 0.95,
                n: vec![20.0, 100.0, 200.0],
                lower: vec![0.0, 0.03, 0.045],
                upper: vec![0.25, 0.14, 0.12],
            },
            LimitCurve {
                level: 0.998,
                n: vec![20.0, 100.0, 200.0],
                lower: vec![0.0, 0.01, 0.03],
                upper: vec![0.35, 0.18, 0.15],
            },
        ],
        percent: true,
        source: None,
    });
    let ranking = Chart::Ranking(RankingChart {
        title: "Rangfolge".into(),
        x_label: "Quote (%)".into(),
        items: vec![
            RankItem {
                label: "Nord".into(),
                estimate: 5.0,
                lower: 3.0,
                upper: 8.0,
                status: P,
            },
            RankItem {
                label: "Geheimgebiet".into(),
                estimate: 42.42,
                lower: 40.0,
                upper: 45.0,
                status: CellStatus::Primary,
            },
            RankItem {
                label: "Süd".into(),
                estimate: 9.0,
                lower: 6.0,
                upper: 12.5,
                status: P,
            },
        ],
        reference: Some(7.0),
        decimals: 1,
        source: None,
    });
    HtmlReport::new("Bericht <2024> & mehr")
        .with_subtitle("Musterstadt")
        .with_section(
            Section::new("Tabellen")
                .paragraph("Ein Absatz mit <b>Markup</b>.")
                .table(table()),
        )
        .with_section(
            Section::new("Abbildungen")
                .chart(lorenz)
                .chart(funnel)
                .chart(ranking),
        )
        .with_source("Amt für Statistik")
}

#[test]
fn html_report_is_well_formed_self_contained_and_hides_secrets() {
    let html = report().to_html().unwrap();
    assert_balanced(&html);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"de\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    // self-contained: no script, no link, no external resource of any kind
    for bad in [
        "<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import", "http:",
        "https:", "//cdn",
    ] {
        assert!(!html.contains(bad), "report contains {bad}");
    }
    // text is escaped
    assert!(html.contains("<title>Bericht &lt;2024&gt; &amp; mehr</title>"));
    assert!(html.contains("<p>Ein Absatz mit &lt;b&gt;Markup&lt;/b&gt;.</p>"));
    assert!(html.contains("Abgänger &quot;ohne&quot; Abschluss"));
    // secrets never written, suppressed areas never in charts
    assert!(!html.contains("4242") && !html.contains("42,4") && !html.contains("Geheimgebiet"));
    // the table: numbered caption, right-aligned numbers, symbols, hierarchy
    assert!(html.contains(
        "<caption><span class=\"bl-number\">Tabelle 1:</span> Abgänger &quot;ohne&quot; Abschluss</caption>"
    ));
    assert!(html.contains(
        "<tr class=\"bl-level-0 bl-parent\"><th scope=\"row\">Stadt</th><td class=\"bl-num\">12.345 p</td><td class=\"bl-num\">6,3</td></tr>"
    ));
    assert!(html.contains(
        "<tr class=\"bl-level-1 bl-parent\"><th scope=\"row\">Nord</th><td class=\"bl-num\">1.002</td><td class=\"bl-num bl-sym bl-zero\">-</td></tr>"
    ));
    assert!(html.contains(
        "<tr class=\"bl-level-2\"><th scope=\"row\">Nord-West</th><td class=\"bl-num bl-sym bl-confidential\">.</td><td class=\"bl-num bl-sym bl-confidential\">.</td></tr>"
    ));
    assert!(html.contains("<td class=\"bl-num bl-sym bl-less-than-half\">0,0</td>"));
    assert!(html.contains("td.bl-num { text-align: right;"));
    assert!(html.contains("<span class=\"bl-unit\">%</span>"));
    assert!(html.contains("<li>Vorläufige Ergebnisse.</li>"));
    assert!(html.contains("<p class=\"bl-source\">Quelle: Schulstatistik</p>"));
    assert!(html.contains(
        "<span class=\"bl-legend-item\"><b>.</b> geheim zu halten (Geheimhaltung)</span>"
    ));
    // figures: numbered, one note each for the one suppressed point
    for (k, class, title) in [
        (1, "bl-chart-lorenz", "Lorenzkurve"),
        (2, "bl-chart-funnel", "Trichter"),
        (3, "bl-chart-ranking", "Rangfolge"),
    ] {
        assert!(html.contains(&format!(
            "<figure class=\"bl-chart {class}\">\n<figcaption><span class=\"bl-number\">Abbildung {k}:</span> {title}</figcaption>\n<svg"
        )));
    }
    assert_eq!(
        html.matches("<p class=\"bl-chart-note\">1 Wert ist geheim zu halten oder nicht verfügbar und wird nicht dargestellt.</p>")
            .count(),
        3
    );
    // chart elements with their classes and colours
    assert_eq!(html.matches("class=\"bl-lorenz-curve\" points=").count(), 2);
    assert!(html.contains("stroke=\"#0057b8\""));
    assert_eq!(html.matches("<circle class=\"bl-funnel-point\"").count(), 3); // 2 + legend
    assert!(html.contains("class=\"bl-limit-95\""));
    assert!(html.contains("class=\"bl-limit-998\""));
    assert!(html.contains("class=\"bl-target\""));
    assert_eq!(html.matches("<circle class=\"bl-rank-point\"").count(), 2);
    assert!(html.contains("class=\"bl-reference\""));
    // Lorenz legend: Gini of 1, 2, 3 (hand: G = sum|xi-xj| / (2 n^2 mean) = 8 / 36 = 0.222)
    // and of the equal values (0)
    assert!(html.contains("Quote &lt;Ortsteile&gt; (Gini 0,222)"));
    assert!(html.contains("gleich (Gini 0,000)"));
    // ranking: largest first (Süd 9 above Nord 5)
    assert!(html.find(">Süd</text>").unwrap() < html.find(">Nord</text>").unwrap());
    // full legend and print styles
    assert!(html.contains("<h2>Zeichenerklärung</h2>"));
    assert!(html.contains("<dt>...</dt><dd>Zahlenwert fällt später an</dd>"));
    assert!(html.contains("@media print"));
}

#[test]
fn html_english() {
    let html = report()
        .with_format(NumberFormat::English)
        .with_symbols(SymbolSet::letter())
        .to_html()
        .unwrap();
    assert_balanced(&html);
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<td class=\"bl-num\">12,345 p</td>"));
    assert!(html.contains("<td class=\"bl-num bl-sym bl-confidential\">g</td>"));
    assert!(html.contains("<h2>Symbols</h2>"));
    assert!(html.contains("Table 1:") && html.contains("Figure 3:"));
    assert!(html.contains("1 value is suppressed or not available and is not shown."));
    assert!(!html.contains("4242"));
}

#[test]
fn bad_tables_are_typed_errors() {
    let cols = || vec![Column::new("a", 0), Column::new("b", 1)];
    let labels = || vec!["x".to_string(), "y".to_string()];
    let ok = array![[1.0, 2.0], [3.0, 4.0]];
    let kind = |r: bildung_core::Result<PublishTable>| r.unwrap_err().kind();
    assert_eq!(
        kind(PublishTable::new(
            "t",
            "g",
            vec!["x".into()],
            cols(),
            ok.clone()
        )),
        ErrorKind::ShapeMismatch
    );
    assert_eq!(
        kind(PublishTable::new(
            "t",
            "g",
            labels(),
            vec![Column::new("a", 0)],
            ok.clone()
        )),
        ErrorKind::ShapeMismatch
    );
    assert_eq!(
        kind(PublishTable::new(
            "t",
            "g",
            vec![],
            cols(),
            Array2::zeros((0, 2))
        )),
        ErrorKind::EmptyInput
    );
    assert_eq!(
        kind(PublishTable::new(
            "t",
            "g",
            labels(),
            vec![Column::new("a", 0), Column::new("b", 13)],
            ok.clone()
        )),
        ErrorKind::InvalidParameter
    );
    // NaN in a published cell: an error naming the table, row and column
    let e = PublishTable::new(
        "Tab",
        "g",
        labels(),
        cols(),
        array![[1.0, f64::NAN], [3.0, 4.0]],
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MalformedInput);
    let msg = e.to_string();
    assert!(
        msg.contains("Tab") && msg.contains("row 0") && msg.contains("`b`"),
        "{msg}"
    );
    // ... but allowed in a suppressed cell
    let t = PublishTable::new(
        "t",
        "g",
        labels(),
        cols(),
        array![[1.0, f64::NAN], [3.0, 4.0]],
    );
    assert!(t.is_err());
    let base = PublishTable::new("t", "g", labels(), cols(), ok.clone()).unwrap();
    let mut s = Array2::from_elem((2, 2), P);
    s[(0, 1)] = CellStatus::Unknown;
    let mut with_nan = base.clone();
    with_nan.values[(0, 1)] = f64::NAN;
    assert!(with_nan.clone().with_status(s.clone()).is_ok());
    assert_eq!(
        to_csv(&with_nan.with_status(s).unwrap(), &CsvOptions::default()).unwrap(),
        "g;a;b\r\nx;1;.\r\ny;3;4,0\r\n"
    );
    // status zero on a non-zero value; less than half on a value that is shown as 0,1
    let mut s = Array2::from_elem((2, 2), P);
    s[(1, 0)] = CellStatus::Zero;
    assert_eq!(kind(base.clone().with_status(s)), ErrorKind::MalformedInput);
    let mut t = base.clone();
    t.values[(1, 1)] = 0.06;
    let mut s = Array2::from_elem((2, 2), P);
    s[(1, 1)] = CellStatus::LessThanHalf;
    assert_eq!(kind(t.with_status(s)), ErrorKind::MalformedInput);
    // level jumps by two; wrong shapes of status and flags
    assert_eq!(
        kind(base.clone().with_row_levels(vec![0, 2])),
        ErrorKind::MalformedInput
    );
    assert_eq!(
        kind(base.clone().with_row_levels(vec![0])),
        ErrorKind::ShapeMismatch
    );
    assert_eq!(
        kind(base.clone().with_status(Array2::from_elem((1, 4), P))),
        ErrorKind::ShapeMismatch
    );
    assert_eq!(
        kind(
            base.clone()
                .with_flags(Array2::from_elem((2, 1), CellFlags::NONE))
        ),
        ErrorKind::ShapeMismatch
    );
    // a table broken by hand after construction is caught by every writer
    let mut broken = base;
    broken.values[(0, 0)] = f64::INFINITY;
    assert_eq!(
        to_csv(&broken, &CsvOptions::default()).unwrap_err().kind(),
        ErrorKind::MalformedInput
    );
    assert!(to_json(&broken, NumberFormat::German, &SymbolSet::classical()).is_err());
    assert!(
        HtmlReport::new("r")
            .with_section(Section::new("s").table(broken))
            .to_html()
            .is_err()
    );
    assert_eq!(
        HtmlReport::new(" ").to_html().unwrap_err().kind(),
        ErrorKind::EmptyInput
    );
}

#[test]
fn bad_charts_are_typed_errors() {
    let de = NumberFormat::German;
    let item = |e: f64, l: f64, u: f64, s: CellStatus| RankItem {
        label: "a".into(),
        estimate: e,
        lower: l,
        upper: u,
        status: s,
    };
    let ranking = |items| {
        Chart::Ranking(RankingChart {
            title: "r".into(),
            x_label: "x".into(),
            items,
            reference: None,
            decimals: 1,
            source: None,
        })
    };
    assert_eq!(
        ranking(vec![item(5.0, 6.0, 8.0, P)])
            .to_svg(de)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidParameter
    );
    assert_eq!(
        ranking(vec![item(f64::NAN, 1.0, 2.0, P)])
            .to_svg(de)
            .unwrap_err()
            .kind(),
        ErrorKind::MissingValue
    );
    assert_eq!(
        ranking(vec![item(5.0, 4.0, 6.0, CellStatus::Primary)])
            .to_svg(de)
            .unwrap_err()
            .kind(),
        ErrorKind::EmptyInput
    );
    // a suppressed NaN is fine: it is never drawn
    let (_, skipped) = ranking(vec![
        item(5.0, 4.0, 6.0, P),
        item(f64::NAN, f64::NAN, f64::NAN, CellStatus::Unknown),
    ])
    .to_svg(de)
    .unwrap();
    assert_eq!(skipped, 1);
    let lorenz = |values: Vec<f64>, status: Vec<CellStatus>| {
        Chart::Lorenz(LorenzChart {
            title: "l".into(),
            series: vec![LorenzSeries {
                label: "s".into(),
                values,
                weights: None,
                status,
            }],
            source: None,
        })
    };
    assert_eq!(
        lorenz(vec![1.0, -2.0], vec![])
            .to_svg(de)
            .unwrap_err()
            .kind(),
        ErrorKind::NegativeValue
    );
    assert_eq!(
        lorenz(vec![1.0, 2.0], vec![P])
            .to_svg(de)
            .unwrap_err()
            .kind(),
        ErrorKind::ShapeMismatch
    );
    assert_eq!(
        Chart::Lorenz(LorenzChart {
            title: "l".into(),
            series: vec![],
            source: None
        })
        .to_svg(de)
        .unwrap_err()
        .kind(),
        ErrorKind::EmptyInput
    );
    let funnel = |points| {
        Chart::Funnel(FunnelChart {
            title: "f".into(),
            x_label: "n".into(),
            y_label: "p".into(),
            points,
            target: 0.1,
            limits: vec![LimitCurve {
                level: 0.95,
                n: vec![1.0, 2.0],
                lower: vec![0.0],
                upper: vec![0.5, 0.4],
            }],
            percent: false,
            source: None,
        })
    };
    let pt = |size: f64| FunnelPoint {
        label: "a".into(),
        size,
        value: 0.1,
        status: P,
    };
    assert_eq!(
        funnel(vec![pt(10.0)]).to_svg(de).unwrap_err().kind(),
        ErrorKind::ShapeMismatch
    );
    assert_eq!(
        funnel(vec![]).to_svg(de).unwrap_err().kind(),
        ErrorKind::EmptyInput
    );
}
