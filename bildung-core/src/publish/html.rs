//! The self-contained HTML report: one file with its stylesheet and inline SVG charts; no
//! script, no font, image or stylesheet from outside, readable on screen and in print.

use super::chart::{Chart, escape};
use super::{NumberFormat, PublishTable};
use crate::disclosure::{CellStatus, SymbolSet};
use crate::error::{Error, Result};

/// One block of a report section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of plain text (escaped on output).
    Paragraph(String),
    /// A table.
    Table(PublishTable),
    /// A chart.
    Chart(Chart),
}

/// A section: a heading and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The heading.
    pub heading: String,
    /// The blocks, in order.
    pub blocks: Vec<Block>,
}

impl Section {
    /// An empty section.
    pub fn new(heading: impl Into<String>) -> Section {
        Section {
            heading: heading.into(),
            blocks: Vec::new(),
        }
    }

    /// The same section with one more paragraph.
    pub fn paragraph(mut self, text: impl Into<String>) -> Section {
        self.blocks.push(Block::Paragraph(text.into()));
        self
    }

    /// The same section with one more table.
    pub fn table(mut self, table: PublishTable) -> Section {
        self.blocks.push(Block::Table(table));
        self
    }

    /// The same section with one more chart.
    pub fn chart(mut self, chart: Chart) -> Section {
        self.blocks.push(Block::Chart(chart));
        self
    }
}

/// A report: title, sections of paragraphs, tables and charts, the symbol legend and a source
/// line, rendered by [`HtmlReport::to_html`] as one self-contained HTML file.
///
/// ```text
/// <header>  title, subtitle
/// <section> per section: h2, blocks
///           table:  "Tabelle k: title", right-aligned numbers, rows indented by level, parent
///                   rows bold, footnotes, legend of the symbols used, source
///           chart:  "Abbildung k: title", inline SVG, note "n Werte ... nicht dargestellt"
///                   when suppressed points were left out, source
/// <footer>  Zeichenerklärung (every symbol of the set), source, generator
/// ```
///
/// # Example
/// ```
/// use bildung_core::publish::{Column, HtmlReport, PublishTable, Section};
/// use ndarray::array;
/// let t = PublishTable::new("Abgänger", "Gebiet", vec!["Stadt".into()],
///     vec![Column::new("Anzahl", 0)], array![[1234.0]])?;
/// let html = HtmlReport::new("Bildungsbericht 2024")
///     .with_section(Section::new("Schulabschlüsse").paragraph("Text.").table(t))
///     .with_source("Amt für Statistik")
///     .to_html()?;
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains("<td class=\"bl-num\">1.234</td>"));
/// assert!(html.contains("Zeichenerklärung"));
/// # Ok::<(), bildung_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlReport {
    /// The report title.
    pub title: String,
    /// A line under the title (area, period).
    pub subtitle: Option<String>,
    /// The sections.
    pub sections: Vec<Section>,
    /// Number format and language of generated texts.
    pub format: NumberFormat,
    /// The symbols.
    pub symbols: SymbolSet,
    /// Source line of the whole report.
    pub source: Option<String>,
}

impl HtmlReport {
    /// An empty German report with the classical symbols.
    pub fn new(title: impl Into<String>) -> HtmlReport {
        HtmlReport {
            title: title.into(),
            subtitle: None,
            sections: Vec::new(),
            format: NumberFormat::German,
            symbols: SymbolSet::classical(),
            source: None,
        }
    }

    /// The same report with a subtitle.
    pub fn with_subtitle(mut self, subtitle: impl Into<String>) -> HtmlReport {
        self.subtitle = Some(subtitle.into());
        self
    }

    /// The same report with one more section.
    pub fn with_section(mut self, section: Section) -> HtmlReport {
        self.sections.push(section);
        self
    }

    /// The same report with this number format (and language).
    pub fn with_format(mut self, format: NumberFormat) -> HtmlReport {
        self.format = format;
        self
    }

    /// The same report with these symbols.
    pub fn with_symbols(mut self, symbols: SymbolSet) -> HtmlReport {
        self.symbols = symbols;
        self
    }

    /// The same report with a source line.
    pub fn with_source(mut self, source: impl Into<String>) -> HtmlReport {
        self.source = Some(source.into());
        self
    }

    /// The report as one HTML document.
    ///
    /// # Errors
    /// [`ErrorKind::EmptyInput`](crate::ErrorKind::EmptyInput) for an empty title; every
    /// table is checked ([`PublishTable::check`]) and every chart drawn ([`Chart::to_svg`]);
    /// their errors are returned.
    pub fn to_html(&self) -> Result<String> {
        if self.title.trim().is_empty() {
            return Err(Error::EmptyInput {
                what: "report title",
            });
        }
        let de = self.format == NumberFormat::German;
        let mut out = String::new();
        out.push_str("<!DOCTYPE html>\n");
        out.push_str(&format!("<html lang=\"{}\">\n<head>\n", self.format.lang()));
        out.push_str("<meta charset=\"utf-8\">\n");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.push_str(&format!(
            "<meta name=\"generator\" content=\"bildung {}\">\n",
            crate::VERSION
        ));
        out.push_str(&format!("<title>{}</title>\n", escape(&self.title)));
        out.push_str("<style>\n");
        out.push_str(CSS);
        out.push_str("</style>\n</head>\n<body>\n<main class=\"bl-report\">\n");
        out.push_str("<header class=\"bl-head\">\n");
        out.push_str(&format!("<h1>{}</h1>\n", escape(&self.title)));
        if let Some(s) = &self.subtitle {
            out.push_str(&format!("<p class=\"bl-subtitle\">{}</p>\n", escape(s)));
        }
        out.push_str("</header>\n");
        let (mut n_table, mut n_figure) = (0usize, 0usize);
        for section in &self.sections {
            out.push_str("<section>\n");
            out.push_str(&format!("<h2>{}</h2>\n", escape(&section.heading)));
            for block in &section.blocks {
                match block {
                    Block::Paragraph(p) => {
                        out.push_str(&format!("<p>{}</p>\n", escape(p)));
                    }
                    Block::Table(t) => {
                        n_table += 1;
                        self.table(&mut out, t, n_table)?;
                    }
                    Block::Chart(c) => {
                        n_figure += 1;
                        self.chart(&mut out, c, n_figure)?;
                    }
                }
            }
            out.push_str("</section>\n");
        }
        out.push_str("<footer class=\"bl-foot\">\n");
        out.push_str(&format!(
            "<h2>{}</h2>\n",
            if de { "Zeichenerklärung" } else { "Symbols" }
        ));
        out.push_str("<dl class=\"bl-legend-full\">\n");
        for e in self.symbols.legend(self.format) {
            out.push_str(&format!(
                "<dt>{}</dt><dd>{}</dd>\n",
                escape(&e.symbol),
                escape(&e.meaning)
            ));
        }
        out.push_str("</dl>\n");
        if let Some(s) = &self.source {
            out.push_str(&format!(
                "<p class=\"bl-source\">{}: {}</p>\n",
                if de { "Quelle" } else { "Source" },
                escape(s)
            ));
        }
        out.push_str(&format!(
            "<p class=\"bl-generator\">{} bildung {}</p>\n",
            if de { "Erstellt mit" } else { "Produced with" },
            crate::VERSION
        ));
        out.push_str("</footer>\n</main>\n</body>\n</html>\n");
        Ok(out)
    }

    fn table(&self, out: &mut String, t: &PublishTable, k: usize) -> Result<()> {
        t.check()?;
        let de = self.format == NumberFormat::German;
        out.push_str("<div class=\"bl-table-wrap\">\n<table class=\"bl-table\">\n");
        out.push_str(&format!(
            "<caption><span class=\"bl-number\">{} {k}:</span> {}</caption>\n",
            if de { "Tabelle" } else { "Table" },
            escape(&t.title)
        ));
        out.push_str("<thead>\n<tr>");
        out.push_str(&format!(
            "<th scope=\"col\" class=\"bl-stub\">{}</th>",
            escape(&t.row_header)
        ));
        for c in &t.columns {
            out.push_str(&format!("<th scope=\"col\">{}", escape(&c.label)));
            if let Some(u) = c.unit.as_deref().filter(|u| !u.is_empty()) {
                out.push_str(&format!("<span class=\"bl-unit\">{}</span>", escape(u)));
            }
            out.push_str("</th>");
        }
        out.push_str("</tr>\n</thead>\n<tbody>\n");
        for i in 0..t.nrows() {
            let level = t.row_level[i];
            let parent = t.row_level.get(i + 1).is_some_and(|&n| n > level);
            let class = if parent {
                format!("bl-level-{level} bl-parent")
            } else {
                format!("bl-level-{level}")
            };
            out.push_str(&format!(
                "<tr class=\"{class}\"><th scope=\"row\">{}</th>",
                escape(&t.row_labels[i])
            ));
            for j in 0..t.ncols() {
                let text = t.cell_text(i, j, self.format, &self.symbols)?;
                let shown = t.shown_status(i, j);
                if shown == CellStatus::Published {
                    out.push_str(&format!("<td class=\"bl-num\">{}</td>", escape(&text)));
                } else {
                    out.push_str(&format!(
                        "<td class=\"bl-num bl-sym bl-{}\">{}</td>",
                        shown.public_name().replace('_', "-"),
                        escape(&text)
                    ));
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        let (used, flags) = t.used_symbols();
        let legend = self.symbols.legend_for(&used, flags, self.format);
        if !t.notes.is_empty() || !legend.is_empty() || t.source.is_some() {
            out.push_str("<div class=\"bl-table-foot\">\n");
            if !t.notes.is_empty() {
                out.push_str("<ol class=\"bl-notes\">\n");
                for n in &t.notes {
                    out.push_str(&format!("<li>{}</li>\n", escape(n)));
                }
                out.push_str("</ol>\n");
            }
            if !legend.is_empty() {
                let items: Vec<String> = legend
                    .iter()
                    .map(|e| {
                        format!(
                            "<span class=\"bl-legend-item\"><b>{}</b> {}</span>",
                            escape(&e.symbol),
                            escape(&e.meaning)
                        )
                    })
                    .collect();
                out.push_str(&format!(
                    "<p class=\"bl-legend\">{}: {}</p>\n",
                    if de { "Zeichenerklärung" } else { "Symbols" },
                    items.join(" · ")
                ));
            }
            source_line(out, t.source.as_deref(), de);
            out.push_str("</div>\n");
        }
        out.push_str("</div>\n");
        Ok(())
    }

    fn chart(&self, out: &mut String, c: &Chart, k: usize) -> Result<()> {
        let de = self.format == NumberFormat::German;
        let d = c.draw(self.format)?;
        out.push_str(&format!("<figure class=\"bl-chart {}\">\n", d.class));
        out.push_str(&format!(
            "<figcaption><span class=\"bl-number\">{} {k}:</span> {}</figcaption>\n",
            if de { "Abbildung" } else { "Figure" },
            escape(&d.title)
        ));
        out.push_str(&d.svg);
        out.push('\n');
        if d.skipped > 0 {
            let note = match (de, d.skipped) {
                (true, 1) => {
                    "1 Wert ist geheim zu halten oder nicht verfügbar und wird nicht dargestellt."
                        .to_string()
                }
                (true, n) => format!(
                    "{n} Werte sind geheim zu halten oder nicht verfügbar und werden nicht dargestellt."
                ),
                (false, 1) => {
                    "1 value is suppressed or not available and is not shown.".to_string()
                }
                (false, n) => {
                    format!("{n} values are suppressed or not available and are not shown.")
                }
            };
            out.push_str(&format!("<p class=\"bl-chart-note\">{note}</p>\n"));
        }
        source_line(out, d.source.as_deref(), de);
        out.push_str("</figure>\n");
        Ok(())
    }
}

fn source_line(out: &mut String, source: Option<&str>, de: bool) {
    if let Some(s) = source {
        out.push_str(&format!(
            "<p class=\"bl-source\">{}: {}</p>\n",
            if de { "Quelle" } else { "Source" },
            escape(s)
        ));
    }
}

const CSS: &str = r#":root { --ink: #1d1d1b; --rule: #1d2b3a; --muted: #595959; --band: #f4f5f7; }
* { box-sizing: border-box; }
html { background: #ffffff; }
body { margin: 0; color: var(--ink); background: #ffffff;
  font-family: "Source Sans 3", "Source Sans Pro", "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
  font-size: 15px; line-height: 1.45; }
main.bl-report { max-width: 76rem; margin: 0 auto; padding: 2rem 2.5rem 3rem; }
header.bl-head { border-bottom: 3px solid var(--rule); margin-bottom: 1.5rem; padding-bottom: .6rem; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 .3rem; font-weight: 600; }
.bl-subtitle { margin: 0; color: var(--muted); font-size: 1.05rem; }
h2 { font-size: 1.25rem; font-weight: 600; margin: 2.2rem 0 .8rem; padding-bottom: .2rem; border-bottom: 1px solid #c9ccd1; }
p { margin: .5rem 0 .8rem; max-width: 48rem; }
.bl-table-wrap { margin: 1.2rem 0 1.6rem; overflow-x: auto; }
table.bl-table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums lining-nums; font-size: .93rem; }
table.bl-table caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 .45rem; }
.bl-number { font-weight: 600; }
table.bl-table thead th { border-top: 2px solid var(--rule); border-bottom: 1px solid var(--rule); padding: .4rem .55rem;
  text-align: right; vertical-align: bottom; font-weight: 600; hyphens: auto; }
table.bl-table thead th.bl-stub { text-align: left; }
.bl-unit { display: block; font-weight: 400; color: var(--muted); font-size: .85em; }
table.bl-table tbody th { text-align: left; font-weight: 400; padding: .22rem .55rem; white-space: nowrap; }
table.bl-table td.bl-num { text-align: right; padding: .22rem .55rem; white-space: nowrap; }
table.bl-table tbody tr:nth-child(even) { background: var(--band); }
table.bl-table tbody tr:last-child th, table.bl-table tbody tr:last-child td { border-bottom: 2px solid var(--rule); }
table.bl-table tr.bl-parent th, table.bl-table tr.bl-parent td { font-weight: 600; }
tr.bl-level-1 th { padding-left: 1.6rem; } tr.bl-level-2 th { padding-left: 2.7rem; }
tr.bl-level-3 th { padding-left: 3.8rem; } tr.bl-level-4 th { padding-left: 4.9rem; }
tr.bl-level-5 th { padding-left: 6rem; } tr.bl-level-6 th { padding-left: 7.1rem; }
tr.bl-level-7 th { padding-left: 8.2rem; } tr.bl-level-8 th { padding-left: 9.3rem; }
.bl-table-foot, .bl-chart-note, .bl-source, .bl-legend { font-size: .82rem; color: var(--muted); }
.bl-table-foot { margin-top: .4rem; }
.bl-notes { margin: .2rem 0; padding-left: 1.4rem; }
.bl-legend, .bl-source { margin: .2rem 0; max-width: none; }
.bl-legend b { color: var(--ink); font-weight: 600; }
figure.bl-chart { margin: 1.6rem 0; }
figure.bl-chart figcaption { font-weight: 600; margin-bottom: .4rem; }
svg.bl-svg { display: block; max-width: 100%; height: auto; font-family: inherit; }
.bl-tick { font-size: 12px; fill: #333333; }
.bl-axis-label { font-size: 13px; fill: #333333; }
.bl-legend-text, .bl-rank-label { font-size: 13px; fill: var(--ink); }
footer.bl-foot { margin-top: 2.5rem; border-top: 3px solid var(--rule); font-size: .88rem; }
footer.bl-foot h2 { border: 0; font-size: 1.05rem; margin: 1rem 0 .4rem; }
dl.bl-legend-full { display: grid; grid-template-columns: 3.5rem 1fr; gap: .1rem .8rem; margin: 0 0 1rem; }
dl.bl-legend-full dt { font-weight: 600; text-align: center; }
dl.bl-legend-full dd { margin: 0; }
.bl-generator { color: var(--muted); font-size: .8rem; }
@media print {
  @page { size: A4; margin: 18mm 16mm 20mm; }
  html, body { font-size: 10pt; }
  main.bl-report { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  .bl-table-wrap, figure.bl-chart { break-inside: avoid; overflow: visible; }
  thead { display: table-header-group; }
  svg.bl-svg { max-width: 100%; }
}
"#;
