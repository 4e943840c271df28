//! The segregation section of `bildung report`: every index is computed by
//! `bildung_core::segregation`; this module only reads the data, builds the count tables and
//! formats the results.
//!
//! * Hamburg (Statistikamt Nord, Stadtteil-Profile 2014): Sek-I pupils at Gymnasium vs.
//!   Stadtteilschule over the 99 Stadtteile (two groups), by Bezirk.
//! * Nordrhein-Westfalen (IT.NRW school directory 2024/25 with the MSB Sozialindex 2025/26):
//!   pupils by Sozialindex stage 1..9 (ordered groups) over Gemeinden, decomposed by Kreis.

use std::collections::BTreeMap;
use std::path::Path;

use bildung_core::NanPolicy;
use bildung_core::segregation::{
    NullIndex, atkinson_segregation, bias_corrected_dissimilarity, carrington_troske,
    correlation_ratio, dissimilarity, entropy_index, expected_under_random_allocation, exposure,
    gini_segregation, hutchens, isolation, multi_dissimilarity, multi_gini,
    multi_information_theory, mutual_information, mutual_information_decomposition,
    normalized_exposure, rank_order_information_theory,
};
use ndarray::{Array1, Array2};

use crate::Error;
use crate::csv::{self, Record};

/// Hamburg file, relative to `data/`.
pub const HAMBURG_FILE: &str = "hamburg/stadtteilprofile_2014_tidy.csv";
/// NRW file, relative to `data/`.
pub const NRW_FILE: &str = "nrw/AS_BS_Verzeichnis_2024_25_mit_Sozialindex.csv";

/// The 7 Bezirke in the row order of the file, each with its first Stadtteil: the Stadtteil rows
/// are ordered by Bezirk, so a Stadtteil belongs to the last Bezirk whose first Stadtteil came
/// at or before it (the sums of Sek-I pupils are checked against the Bezirk rows).
pub const BEZIRKE: [(&str, &str); 7] = [
    ("Hamburg-Mitte", "Hamburg-Altstadt"),
    ("Altona", "Altona-Altstadt"),
    ("Eimsbüttel", "Eimsbüttel"),
    ("Hamburg-Nord", "Hoheluft-Ost"),
    ("Wandsbek", "Eilbek"),
    ("Bergedorf", "Lohbrügge"),
    ("Harburg", "Harburg"),
];

/// Number of Stadtteile listed with the highest and the lowest Gymnasium share.
const TOP_N: usize = 10;

/// Number of Sozialindex stages.
const STAGES: usize = 9;

/// Append a formatted line to a `String`.
macro_rules! outln {
    ($o:expr) => { $o.push('\n') };
    ($o:expr, $($arg:tt)*) => {{ $o.push_str(&format!($($arg)*)); $o.push('\n'); }};
}

fn core<T>(what: &'static str, r: Result<T, bildung_core::Error>) -> Result<T, Error> {
    r.map_err(|source| Error::Core { what, source })
}

fn parse_error(line: usize, message: impl Into<String>) -> Error {
    Error::Parse {
        path: None,
        line,
        message: message.into(),
    }
}

/// Read and parse a UTF-8 CSV file; parse errors get the path.
fn read_csv(path: &Path) -> Result<Vec<Record>, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let records = csv::parse(&text).map_err(|e| with_path(e, path))?;
    if records.is_empty() {
        return Err(with_path(parse_error(1, "empty file"), path));
    }
    Ok(records)
}

fn with_path(e: Error, path: &Path) -> Error {
    match e {
        Error::Parse { line, message, .. } => Error::Parse {
            path: Some(path.to_path_buf()),
            line,
            message,
        },
        other => other,
    }
}

/// `name` cut to `width` characters (with `…`), padded to `width`.
fn fit(name: &str, width: usize) -> String {
    if name.chars().count() > width {
        let cut: String = name.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        format!("{name:<width$}")
    }
}

// ---------------------------------------------------------------------------------------------
// Hamburg

/// One Stadtteil with its Sek-I pupils and the derived counts.
#[derive(Debug, Clone)]
pub struct Stadtteil {
    /// Name.
    pub name: String,
    /// Index into [`BEZIRKE`].
    pub bezirk: usize,
    /// Sek-I pupils (2013/14).
    pub pupils: u64,
    /// Published share at Gymnasium, % of `pupils` (one decimal).
    pub gym_pct: f64,
    /// Published share at Stadtteilschule, % of `pupils` (one decimal).
    pub sts_pct: f64,
    /// Gymnasium pupils, `round(pupils * gym_pct / 100)`.
    pub gymnasium: u64,
    /// Stadtteilschule pupils, `round(pupils * sts_pct / 100)`.
    pub stadtteilschule: u64,
}

/// The Hamburg data.
#[derive(Debug, Clone)]
pub struct Hamburg {
    /// The Stadtteile in file order.
    pub stadtteile: Vec<Stadtteil>,
    /// Published Sek-I pupils of the Bezirk rows.
    pub bezirk_pupils: [u64; 7],
    /// Published Sek-I pupils of the Hamburg row.
    pub city_pupils: u64,
}

/// Percentage with one decimal as integer tenths (`34.0` -> 340).
fn tenths(v: f64, line: usize, what: &str) -> Result<u64, Error> {
    let t = (v * 10.0).round();
    if !(0.0..=1000.0).contains(&t) || (t / 10.0 - v).abs() > 1e-9 {
        return Err(parse_error(
            line,
            format!("{what} = {v}: expected a percentage 0..100 with one decimal"),
        ));
    }
    Ok(t as u64)
}

/// `round(pupils * pct / 100)` in integer arithmetic from the tenths of the percentage, with
/// halves rounded up (`pupils * tenths / 1000`).
pub fn share_count(pupils: u64, pct_tenths: u64) -> u64 {
    (pupils * pct_tenths + 500) / 1000
}

/// Parse the tidy Stadtteil-Profile file.
pub fn parse_hamburg(records: &[Record]) -> Result<Hamburg, Error> {
    let header = &records[0];
    let c_name = csv::column(header, "area_name")?;
    let c_level = csv::column(header, "level")?;
    let c_pupils = csv::column(header, "pupils_secondary_I_2013_14")?;
    let c_gym = csv::column(header, "pupils_secondary_I_gymnasium_pct_2013_14")?;
    let c_sts = csv::column(header, "pupils_secondary_I_stadtteilschule_pct_2013_14")?;
    let mut stadtteile = Vec::new();
    let mut bezirk_rows = Vec::new();
    let mut city_pupils = None;
    let mut bezirk: Option<usize> = None;
    for (line, f) in &records[1..] {
        let line = *line;
        if f.len() != header.1.len() {
            return Err(parse_error(
                line,
                format!("{} fields, the header has {}", f.len(), header.1.len()),
            ));
        }
        let number = |c: usize| -> Result<f64, Error> {
            f[c].trim().parse::<f64>().map_err(|_| {
                parse_error(
                    line,
                    format!(
                        "{}: `{}` is not a number ({})",
                        f[c_name], f[c], header.1[c]
                    ),
                )
            })
        };
        let pupils = number(c_pupils)?;
        if pupils < 0.0 || pupils.fract() != 0.0 {
            return Err(parse_error(line, format!("{}: pupils {pupils}", f[c_name])));
        }
        let pupils = pupils as u64;
        match f[c_level].as_str() {
            "stadtteil" => {
                let next = bezirk.map_or(0, |b| b + 1);
                if next < BEZIRKE.len() && f[c_name] == BEZIRKE[next].1 {
                    bezirk = Some(next);
                }
                let Some(b) = bezirk else {
                    return Err(parse_error(
                        line,
                        format!("the first Stadtteil must be {}", BEZIRKE[0].1),
                    ));
                };
                let (gym_pct, sts_pct) = (number(c_gym)?, number(c_sts)?);
                let (gt, st) = (
                    tenths(gym_pct, line, "Gymnasium share")?,
                    tenths(sts_pct, line, "Stadtteilschule share")?,
                );
                if gt + st > 1000 {
                    return Err(parse_error(line, "the two shares add to more than 100 %"));
                }
                stadtteile.push(Stadtteil {
                    name: f[c_name].clone(),
                    bezirk: b,
                    pupils,
                    gym_pct,
                    sts_pct,
                    gymnasium: share_count(pupils, gt),
                    stadtteilschule: share_count(pupils, st),
                });
            }
            "bezirk" => bezirk_rows.push((line, f[c_name].clone(), pupils)),
            "stadt" => city_pupils = Some(pupils),
            other => return Err(parse_error(line, format!("unknown level `{other}`"))),
        }
    }
    if bezirk != Some(BEZIRKE.len() - 1) || bezirk_rows.len() != BEZIRKE.len() {
        return Err(Error::Data(
            "Hamburg: expected the Stadtteile of the 7 Bezirke and 7 Bezirk rows".into(),
        ));
    }
    let mut bezirk_pupils = [0; 7];
    for (b, (line, name, pupils)) in bezirk_rows.into_iter().enumerate() {
        if name != BEZIRKE[b].0 {
            return Err(parse_error(
                line,
                format!("Bezirk row {name}: expected {}", BEZIRKE[b].0),
            ));
        }
        bezirk_pupils[b] = pupils;
    }
    let Some(city_pupils) = city_pupils else {
        return Err(Error::Data("Hamburg: no row of level `stadt`".into()));
    };
    Ok(Hamburg {
        stadtteile,
        bezirk_pupils,
        city_pupils,
    })
}

/// The two-group indices of one `(x, t)`, all from `bildung_core::segregation`.
fn two_group_table(o: &mut String, x: &Array1<f64>, t: &Array1<f64>) -> Result<(), Error> {
    let nan = NanPolicy::Raise;
    let (xv, tv) = (x.view(), t.view());
    let y = t - x;
    let d = core("dissimilarity", dissimilarity(xv, tv, nan))?;
    let g = core("gini_segregation", gini_segregation(xv, tv, nan))?;
    let h = core("entropy_index", entropy_index(xv, tv, nan))?;
    let xpx = core("isolation", isolation(xv, tv, nan))?;
    let xpy = core("exposure", exposure(xv, tv, nan))?;
    let ypx = core("exposure", exposure(y.view(), tv, nan))?;
    let ypy = core("isolation", isolation(y.view(), tv, nan))?;
    let eta = core("correlation_ratio", correlation_ratio(xv, tv, nan))?;
    let hut = core("hutchens", hutchens(xv, tv, nan))?;
    let atk = core(
        "atkinson_segregation",
        atkinson_segregation(xv, tv, 0.5, nan),
    )?;
    let e = core(
        "expected_under_random_allocation",
        expected_under_random_allocation(xv, tv, nan),
    )?;
    let ct = |i| core("carrington_troske", carrington_troske(xv, tv, i, nan));
    let (ct_d, ct_h, ct_eta) = (
        ct(NullIndex::Dissimilarity)?,
        ct(NullIndex::EntropyIndex)?,
        ct(NullIndex::CorrelationRatio)?,
    );
    let bc = core(
        "bias_corrected_dissimilarity",
        bias_corrected_dissimilarity(xv, tv, nan),
    )?;
    let dash = "–";
    outln!(
        o,
        "                                          observed   E[random]   Carrington-Troske"
    );
    let row = |o: &mut String, name: &str, v: f64, ev: Option<f64>, c: Option<f64>| {
        let f = |v: Option<f64>| v.map_or_else(|| dash.to_owned(), |v| format!("{v:.6}"));
        outln!(
            o,
            "  {}{v:>10.6}  {:>10}  {:>18}",
            fit(name, 38),
            f(ev),
            f(c)
        );
    };
    row(
        o,
        "dissimilarity D",
        d.value,
        Some(e.dissimilarity),
        Some(ct_d.value),
    );
    row(o, "Gini segregation G", g.value, None, None);
    row(
        o,
        "Theil entropy index H",
        h.value,
        Some(e.entropy_index),
        Some(ct_h.value),
    );
    row(
        o,
        "isolation xPx (Gymnasium)",
        xpx.value,
        Some(e.isolation),
        None,
    );
    row(o, "isolation yPy (Stadtteilschule)", ypy.value, None, None);
    row(o, "exposure xPy (Gymnasium to STS)", xpy.value, None, None);
    row(o, "exposure yPx (STS to Gymnasium)", ypx.value, None, None);
    row(
        o,
        "correlation ratio eta²",
        eta.value,
        Some(e.correlation_ratio),
        Some(ct_eta.value),
    );
    row(o, "Hutchens square root S", hut.value, None, None);
    row(o, "Atkinson A(0.5)", atk.value, None, None);
    outln!(
        o,
        "  {}{:>10.6}   (= 2 D - E[D*], E[D*] = {:.6}, exact bootstrap)",
        fit("bias-corrected D (Allen et al. 2015)", 38),
        bc.value,
        bc.expected_bootstrap
    );
    Ok(())
}

fn hamburg_text(o: &mut String, hh: &Hamburg, source: &str) -> Result<(), Error> {
    let st = &hh.stadtteile;
    let x: Array1<f64> = st.iter().map(|s| s.gymnasium as f64).collect();
    let t: Array1<f64> = st
        .iter()
        .map(|s| (s.gymnasium + s.stadtteilschule) as f64)
        .collect();
    let pupils: u64 = st.iter().map(|s| s.pupils).sum();
    let (sx, sy) = (
        st.iter().map(|s| s.gymnasium).sum::<u64>(),
        st.iter().map(|s| s.stadtteilschule).sum::<u64>(),
    );
    outln!(
        o,
        "Hamburg: Gymnasium vs. Stadtteilschule pupils (Sek I, school year 2013/14) across Stadtteile"
    );
    outln!(o, "Data:   {source}");
    outln!(
        o,
        "Quelle: Statistikamt Nord, Hamburger Stadtteil-Profile 2014 (licence not verified; see data/README.md)"
    );
    outln!(
        o,
        "  Stadtteile                              {:>8}   (in 7 Bezirke; pupils by residence [inferred])",
        st.len()
    );
    outln!(
        o,
        "  Sek-I pupils, sum over Stadtteile       {pupils:>8}   (Hamburg row: {})",
        hh.city_pupils
    );
    outln!(
        o,
        "  x = Gymnasium pupils                    {sx:>8}   (round(pupils × share / 100) per Stadtteil)"
    );
    outln!(o, "  y = Stadtteilschule pupils              {sy:>8}");
    outln!(
        o,
        "  t = x + y                               {:>8}   Gymnasium share X/T = {:.2} %",
        sx + sy,
        100.0 * sx as f64 / (sx + sy) as f64
    );
    outln!(o);
    two_group_table(o, &x, &t)?;
    outln!(
        o,
        "  E[random]: exact expectation under random allocation of the t pupils with fixed margins"
    );
    outln!(
        o,
        "  (expected_under_random_allocation); Carrington-Troske = (I - E[I]) / (1 - E[I])."
    );

    // Bezirk level.
    outln!(o);
    outln!(
        o,
        "Hamburg by Bezirk: Theil H split into between and within Bezirke (mutual_information_decomposition)"
    );
    let counts = Array2::from_shape_fn((st.len(), 2), |(i, j)| {
        if j == 0 {
            st[i].gymnasium as f64
        } else {
            st[i].stadtteilschule as f64
        }
    });
    let codes: Array1<i64> = st.iter().map(|s| s.bezirk as i64).collect();
    let dec = core(
        "mutual_information_decomposition",
        mutual_information_decomposition(counts.view(), codes.view(), NanPolicy::Raise),
    )?;
    outln!(
        o,
        "  {} {:>10} {:>15} {:>6} {:>6} {:>6} {:>9} {:>8} {:>8}",
        fit("Bezirk", 16),
        "Stadtteile",
        "Sek-I (row)",
        "x",
        "t",
        "Gym %",
        "D within",
        "H_s",
        "% of H"
    );
    for (b, (name, _)) in BEZIRKE.iter().enumerate() {
        let members: Vec<&Stadtteil> = st.iter().filter(|s| s.bezirk == b).collect();
        let p: u64 = members.iter().map(|s| s.pupils).sum();
        let bx: Array1<f64> = members.iter().map(|s| s.gymnasium as f64).collect();
        let bt: Array1<f64> = members
            .iter()
            .map(|s| (s.gymnasium + s.stadtteilschule) as f64)
            .collect();
        let d_b = core(
            "dissimilarity",
            dissimilarity(bx.view(), bt.view(), NanPolicy::Raise),
        )?;
        let term = dec.districts.iter().find(|d| d.district == b as i64);
        let (h_s, contrib) = term.map_or((f64::NAN, 0.0), |d| (d.h, d.h_contribution));
        outln!(
            o,
            "  {} {:>10} {:>7} ({:>5}) {:>6} {:>6} {:>6.2} {:>9.6} {:>8.6} {:>8.1}",
            fit(name, 16),
            members.len(),
            p,
            hh.bezirk_pupils[b],
            bx.sum(),
            bt.sum(),
            100.0 * bx.sum() / bt.sum(),
            d_b.value,
            h_s,
            100.0 * contrib / dec.h_total
        );
    }
    outln!(
        o,
        "  H total {:.6} = between Bezirke {:.6} ({:.1} %) + within Bezirke {:.6} ({:.1} %)",
        dec.h_total,
        dec.h_between,
        100.0 * dec.h_between / dec.h_total,
        dec.h_within,
        100.0 * dec.h_within / dec.h_total
    );
    let bx: Array1<f64> = (0..7)
        .map(|b| {
            st.iter()
                .filter(|s| s.bezirk == b)
                .map(|s| s.gymnasium as f64)
                .sum()
        })
        .collect();
    let bt: Array1<f64> = (0..7)
        .map(|b| {
            st.iter()
                .filter(|s| s.bezirk == b)
                .map(|s| (s.gymnasium + s.stadtteilschule) as f64)
                .sum()
        })
        .collect();
    let d7 = core(
        "dissimilarity",
        dissimilarity(bx.view(), bt.view(), NanPolicy::Raise),
    )?;
    outln!(
        o,
        "  D across the 7 Bezirke (Bezirk sums as areas) {:.6}; share of H = the Bezirk's within term / H",
        d7.value
    );
    let mismatch: Vec<String> = (0..7)
        .filter_map(|b| {
            let p: u64 = st.iter().filter(|s| s.bezirk == b).map(|s| s.pupils).sum();
            (p != hh.bezirk_pupils[b])
                .then(|| format!("{} {p} vs {}", BEZIRKE[b].0, hh.bezirk_pupils[b]))
        })
        .collect();
    if mismatch.is_empty() {
        outln!(
            o,
            "  Stadtteil -> Bezirk by row order; the Stadtteil sums equal the published Bezirk rows."
        );
    } else {
        outln!(
            o,
            "  Stadtteil sums differ from the Bezirk rows: {}",
            mismatch.join("; ")
        );
    }

    // Top / bottom.
    let mut order: Vec<&Stadtteil> = st.iter().collect();
    order.sort_by(|a, b| b.gym_pct.total_cmp(&a.gym_pct).then(a.name.cmp(&b.name)));
    let header =
        "    #  Stadtteil                    Bezirk          Sek-I  Gym %  STS %      x      t";
    let line = |o: &mut String, rank: usize, s: &Stadtteil| {
        outln!(
            o,
            "  {rank:>3}  {} {} {:>6} {:>6.1} {:>6.1} {:>6} {:>6}{}",
            fit(&s.name, 28),
            fit(BEZIRKE[s.bezirk].0, 14),
            s.pupils,
            s.gym_pct,
            s.sts_pct,
            s.gymnasium,
            s.gymnasium + s.stadtteilschule,
            if s.pupils < 100 { "  *" } else { "" }
        );
    };
    outln!(o);
    outln!(
        o,
        "{TOP_N} Stadtteile with the highest Gymnasium share (published % of Sek-I pupils)"
    );
    outln!(o, "{header}");
    for (i, s) in order.iter().take(TOP_N).enumerate() {
        line(o, i + 1, s);
    }
    outln!(o);
    outln!(o, "{TOP_N} Stadtteile with the lowest Gymnasium share");
    outln!(o, "{header}");
    for (i, s) in order.iter().enumerate().rev().take(TOP_N) {
        line(o, i + 1, s);
    }
    outln!(
        o,
        "  * fewer than 100 Sek-I pupils (share coarse). Gym % + STS % < 100: the rest attend special"
    );
    outln!(o, "    schools and other forms, which are left out of t.");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// NRW

/// One school of the NRW directory.
#[derive(Debug, Clone)]
pub struct School {
    /// Schulform.
    pub form: String,
    /// 8-digit AGS of the school location.
    pub ags: String,
    /// Pupils (rounded to multiples of 5 by IT.NRW).
    pub pupils: u64,
    /// Sozialindex stage 1..=9, if set.
    pub stage: Option<usize>,
}

/// Parse the NRW school directory.
pub fn parse_nrw(records: &[Record]) -> Result<Vec<School>, Error> {
    let header = &records[0];
    let c_form = csv::column(header, "Schulform")?;
    let c_ags = csv::column(header, "Amtlicher Gemeindeschlüssel")?;
    let c_n = csv::column(header, "Anzahl")?;
    let c_idx = csv::column(header, "Sozialindex")?;
    let mut schools = Vec::with_capacity(records.len());
    for (line, f) in &records[1..] {
        let line = *line;
        if f.len() != header.1.len() {
            return Err(parse_error(
                line,
                format!("{} fields, the header has {}", f.len(), header.1.len()),
            ));
        }
        let ags = f[c_ags].trim();
        if ags.len() != 8 || !ags.bytes().all(|b| b.is_ascii_digit()) {
            return Err(parse_error(line, format!("AGS `{ags}`: expected 8 digits")));
        }
        let pupils = f[c_n]
            .trim()
            .parse::<u64>()
            .map_err(|_| parse_error(line, format!("Anzahl `{}` is not a count", f[c_n])))?;
        let stage = match f[c_idx].trim() {
            "" => None,
            s => match s.parse::<usize>() {
                Ok(v) if (1..=STAGES).contains(&v) => Some(v),
                _ => {
                    return Err(parse_error(
                        line,
                        format!("Sozialindex `{s}`: expected a stage 1..9 or empty"),
                    ));
                }
            },
        };
        schools.push(School {
            form: f[c_form].trim().to_owned(),
            ags: ags.to_owned(),
            pupils,
            stage,
        });
    }
    Ok(schools)
}

fn nrw_text(o: &mut String, schools: &[School], source: &str) -> Result<(), Error> {
    let nan = NanPolicy::Raise;
    let with: Vec<&School> = schools.iter().filter(|s| s.stage.is_some()).collect();
    let stage = |s: &School| s.stage.map_or(0, |v| v - 1);
    outln!(o);
    outln!(
        o,
        "Nordrhein-Westfalen: pupils by Sozialindex stage (1 least .. 9 most burdened) across Gemeinden"
    );
    outln!(o, "Data:   {source}");
    outln!(
        o,
        "Quelle: IT.NRW, Statistisches Landesamt, Düsseldorf, 2025 (Schul- und Adressverzeichnis 2024/25,"
    );
    outln!(
        o,
        "        gerundet); Ministerium für Schule und Bildung NRW (Sozialindex 2025/26); dl-de/by-2-0"
    );
    // School forms.
    let mut forms: BTreeMap<&str, (u64, u64, u64, u64)> = BTreeMap::new();
    for s in schools {
        let e = forms.entry(s.form.as_str()).or_default();
        if s.stage.is_some() {
            e.0 += 1;
            e.1 += s.pupils;
        } else {
            e.2 += 1;
            e.3 += s.pupils;
        }
    }
    let included: Vec<String> = forms
        .iter()
        .filter(|(_, v)| v.0 > 0)
        .map(|(k, v)| format!("{k} {} ({} pupils)", v.0, v.1))
        .collect();
    let excluded: Vec<String> = forms
        .iter()
        .filter(|(_, v)| v.2 > 0)
        .map(|(k, v)| format!("{k} {}", v.2))
        .collect();
    let n_with_pupils: u64 = with.iter().map(|s| s.pupils).sum();
    outln!(
        o,
        "  Included: the {} schools with a Sozialindex stage ({n_with_pupils} pupils), by school form:",
        with.len()
    );
    outln!(o, "{}", wrap(&included, "; ", "    ", 100).trim_end());
    outln!(
        o,
        "  Not included: {} schools without a stage (no index is set for them):",
        schools.len() - with.len()
    );
    outln!(o, "{}", wrap(&excluded, "; ", "    ", 100).trim_end());

    // Tables: schools x stages and Gemeinden x stages.
    let mut gemeinden: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &with {
        let n = gemeinden.len();
        gemeinden.entry(s.ags.as_str()).or_insert(n);
    }
    // Re-number in AGS order.
    for (i, v) in gemeinden.values_mut().enumerate() {
        *v = i;
    }
    let mut school_table = Array2::<f64>::zeros((with.len(), STAGES));
    let mut school_gemeinde = Array1::<i64>::zeros(with.len());
    let mut gem_table = Array2::<f64>::zeros((gemeinden.len(), STAGES));
    let mut gem_kreis = Array1::<i64>::zeros(gemeinden.len());
    let mut stage_schools = [0u64; STAGES];
    for (i, s) in with.iter().enumerate() {
        let g = gemeinden[s.ags.as_str()];
        school_table[[i, stage(s)]] = s.pupils as f64;
        school_gemeinde[i] = g as i64;
        gem_table[[g, stage(s)]] += s.pupils as f64;
        stage_schools[stage(s)] += 1;
    }
    let mut kreise = std::collections::BTreeSet::new();
    for (ags, &g) in &gemeinden {
        let k: i64 = ags[..5].parse().unwrap_or(-1);
        gem_kreis[g] = k;
        kreise.insert(k);
    }
    outln!(o);
    outln!(
        o,
        "  stage                 1      2      3      4      5      6      7      8      9"
    );
    let cells = |v: &dyn Fn(usize) -> String| (0..STAGES).map(v).collect::<Vec<_>>().join(" ");
    outln!(
        o,
        "  schools         {}",
        cells(&|j| format!("{:>6}", stage_schools[j]))
    );
    let stage_pupils: Vec<f64> = (0..STAGES).map(|j| gem_table.column(j).sum()).collect();
    outln!(
        o,
        "  pupils (100s)   {}",
        cells(&|j| format!("{:>6.0}", stage_pupils[j] / 100.0))
    );
    outln!(
        o,
        "  pupils %        {}",
        cells(&|j| format!("{:>6.2}", 100.0 * stage_pupils[j] / n_with_pupils as f64))
    );

    let m = core(
        "mutual_information",
        mutual_information(gem_table.view(), nan),
    )?;
    let h = core(
        "multi_information_theory",
        multi_information_theory(gem_table.view(), nan),
    )?;
    let dm = core(
        "multi_dissimilarity",
        multi_dissimilarity(gem_table.view(), nan),
    )?;
    let gm = core("multi_gini", multi_gini(gem_table.view(), nan))?;
    let ne = core(
        "normalized_exposure",
        normalized_exposure(gem_table.view(), nan),
    )?;
    let ro = core(
        "rank_order_information_theory",
        rank_order_information_theory(gem_table.view(), nan),
    )?;
    outln!(o);
    outln!(
        o,
        "Multigroup indices: areas = {} Gemeinden (school location), groups = the 9 stages",
        m.n_used
    );
    outln!(
        o,
        "  mutual information M (nats)             {:>10.6}",
        m.value
    );
    outln!(
        o,
        "  Theil H (multi_information_theory)      {:>10.6}",
        h.value
    );
    outln!(
        o,
        "  multigroup dissimilarity D_m            {:>10.6}",
        dm.value
    );
    outln!(
        o,
        "  multigroup Gini G_m                     {:>10.6}",
        gm.value
    );
    outln!(
        o,
        "  normalized exposure P*                  {:>10.6}",
        ne.value
    );
    outln!(
        o,
        "  rank-order information theory H^R       {:>10.6}   (stages ordered 1..9; polynomial degree {})",
        ro.value,
        ro.degree
    );
    let prof: Vec<String> = ro
        .thresholds
        .iter()
        .zip(&ro.profile)
        .map(|(p, v)| format!("{p:.3}:{v:.4}"))
        .collect();
    outln!(
        o,
        "  H profile at cumulative share p (stage ≤ c vs > c), p:H"
    );
    outln!(o, "{}", wrap(&prof, "  ", "    ", 100).trim_end());

    // Decompositions: schools by Gemeinde, Gemeinden by Kreis.
    let sg = core(
        "mutual_information_decomposition",
        mutual_information_decomposition(school_table.view(), school_gemeinde.view(), nan),
    )?;
    let gk = core(
        "mutual_information_decomposition",
        mutual_information_decomposition(gem_table.view(), gem_kreis.view(), nan),
    )?;
    outln!(o);
    outln!(
        o,
        "Decomposition (mutual_information_decomposition): Gemeinden by Kreis ({} Kreise)",
        kreise.len()
    );
    outln!(
        o,
        "                                                 M          H   share %"
    );
    let dl = |o: &mut String, name: &str, mv: f64, hv: f64, tot: f64| {
        outln!(
            o,
            "  {}{mv:>10.6} {hv:>10.6}  {:>7.1}",
            fit(name, 45),
            100.0 * hv / tot
        );
    };
    dl(o, "Gemeinden, total", gk.m_total, gk.h_total, gk.h_total);
    dl(
        o,
        "  between Kreise",
        gk.m_between,
        gk.h_between,
        gk.h_total,
    );
    dl(
        o,
        "  within Kreise (between their Gemeinden)",
        gk.m_within,
        gk.h_within,
        gk.h_total,
    );
    outln!(o);
    outln!(
        o,
        "Schools by Gemeinde ({} schools; each school has one stage, so H over schools = 1)",
        sg.n_used
    );
    dl(o, "schools, total", sg.m_total, sg.h_total, sg.h_total);
    dl(
        o,
        "  between Gemeinden",
        sg.m_between,
        sg.h_between,
        sg.h_total,
    );
    dl(
        o,
        "  within Gemeinden (between their schools)",
        sg.m_within,
        sg.h_within,
        sg.h_total,
    );
    outln!(
        o,
        "  Counts are pupils of the schools of each stage (the stage is a school attribute, not a"
    );
    outln!(
        o,
        "  pupil's); pupils are counted at the school's Gemeinde and rounded to multiples of 5 (IT.NRW)."
    );
    Ok(())
}

/// Wrap `items` joined by `sep` into lines of at most `width` characters, indented.
fn wrap(items: &[String], sep: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::from(indent);
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item}{sep}")
        } else {
            item.clone()
        };
        if line.chars().count() + piece.chars().count() > width && !line.trim().is_empty() {
            outln!(out, "{}", line.trim_end());
            line = String::from(indent);
        }
        line.push_str(&piece);
    }
    if !line.trim().is_empty() {
        outln!(out, "{}", line.trim_end());
    }
    out
}

/// Read and parse the Hamburg Stadtteil-Profile file.
pub fn load_hamburg(path: &Path) -> Result<Hamburg, Error> {
    parse_hamburg(&read_csv(path)?).map_err(|e| with_path(e, path))
}

/// The segregation section as text.
pub fn section(hamburg: &Path, nrw: &Path) -> Result<String, Error> {
    let hh = parse_hamburg(&read_csv(hamburg)?).map_err(|e| with_path(e, hamburg))?;
    let schools = parse_nrw(&read_csv(nrw)?).map_err(|e| with_path(e, nrw))?;
    let mut o = String::new();
    outln!(
        o,
        "Segregation (bildung_core::segregation; every count integral, no missing values)"
    );
    outln!(
        o,
        "================================================================================"
    );
    hamburg_text(&mut o, &hh, &hamburg.display().to_string())?;
    nrw_text(&mut o, &schools, &nrw.display().to_string())?;
    Ok(o)
}
