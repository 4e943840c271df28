//! Cell Key Method (CKM): consistent random perturbation of counts (indicators.md 4.3).
//!
//! Every microdata record carries a random **record key** in `[0, 1)`; the **cell key** of a
//! table cell is the fractional part of the sum of the record keys of its records; a
//! **perturbation table** (ptable) maps (original count, cell key) to a small noise value `v`
//! that is added to the count. The same records give the same cell key in every table, so the
//! same logical cell is perturbed identically everywhere; zeros stay zero; `|v| <= D`. Totals
//! are perturbed on their own, so rows and columns need not add up after perturbation.
//!
//! For aggregated data without microdata, [`cell_key_from_id`] derives the cell key from a
//! stable cell identifier and a secret with a keyed hash.
//!
//! # Record keys (version 1, stable)
//!
//! ```text
//! GAMMA = 0x9E3779B97F4A7C15
//! s     = seed + (index + 1) * GAMMA                  (mod 2^64)
//! z     = (s ^ (s >> 30)) * 0xBF58476D1CE4E5B9        (mod 2^64)
//! z     = (z ^ (z >> 27)) * 0x94D049BB133111EB        (mod 2^64)
//! z     = z ^ (z >> 31)
//! key   = (z >> 11) / 2^53                             in [0, 1), a multiple of 2^-53
//! ```
//!
//! This is SplitMix64 (Steele, Lea, Flood 2014): record `index` (0-based) gets the
//! `(index + 1)`-th output of the generator started at state `seed`.
//!
//! # Cell keys from record keys
//!
//! ```text
//! cell key = ( sum_r floor(k_r * 2^53)  mod 2^53 ) / 2^53
//! ```
//!
//! i.e. the fractional part of the sum of the record keys, computed exactly in 53-bit fixed
//! point (for keys made by [`record_key`], which are multiples of 2^-53, it *is* `frac(sum k_r)`
//! without any rounding). The result does not depend on the order of the records.
//!
//! # Cell keys from identifiers (version 1, stable)
//!
//! ```text
//! mac = HMAC-SHA256(key = secret as 8 bytes little-endian, message = UTF-8 bytes of id)
//! u   = first 8 bytes of mac read as a big-endian unsigned 64-bit integer
//! key = (u >> 11) / 2^53
//! ```
//!
//! (HMAC: RFC 2104, SHA-256: FIPS 180-4; Python: `hmac.new(secret.to_bytes(8, "little"),
//! id.encode(), hashlib.sha256).digest()[:8]`.)
//!
//! # Perturbation tables
//!
//! Row `i` (`0..=max_i`; the last row serves all larger counts) is a distribution over the
//! noise `v` with cumulative intervals `[p_int_lb, p_int_ub)`; a cell with count `n` and cell
//! key `u` gets the `v` of row `min(n, max_i)` whose interval contains `u` (the last entry
//! whose `p_int_lb <= u`). The column layout is that of the R package `ptable`
//! (`i, j, p, v, p_int_lb, p_int_ub`, `j = i + v`), so an office can load its official ptable
//! with [`PTable::from_csv`]. [`PTable::generate`] builds one by maximum entropy.
//!
//! Compared with R `ptable` (`create_cnt_ptable`, Enderle / Giessing / Tent): the same supports
//! (target counts `j` in `1..=js` blocked, `j >= 0`) and the same objective (maximum entropy
//! with mean 0 and variance `V`). R may carry more rows than `max_i` here (any row whose support
//! is already the full `[-D, D]` equals the last row here, so lookups agree), imposes lower
//! bounds (`epsilon`), optional monotonicity and `pstay` constraints, does not enforce `V` in
//! blocked rows and sets probabilities below 1e-7 to 0; so an official table can differ in the
//! last digits or where those options bind. Offices that must reproduce their official noise
//! load the official
//! file; entries with `p = 0` (empty intervals) are accepted and never chosen.

use crate::counts::check_count;
use crate::error::{Error, Result};
use crate::sum::NeumaierSum;

/// 2^53 as `f64`.
const TWO_53: f64 = 9_007_199_254_740_992.0;
/// Mask of the low 53 bits.
const MASK_53: u64 = (1 << 53) - 1;
/// The SplitMix64 increment (golden ratio).
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64 finaliser of a state.
fn mix64(s: u64) -> u64 {
    let mut z = (s ^ (s >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The top 53 bits of `u` as a number in `[0, 1)`.
fn unit(u: u64) -> f64 {
    (u >> 11) as f64 / TWO_53
}

/// The record key of record `index` under `seed` (version 1, see the module docs).
///
/// ```text
/// s = seed + (index + 1) * 0x9E3779B97F4A7C15  (mod 2^64)
/// key = (splitmix64_mix(s) >> 11) / 2^53
/// ```
///
/// Keys are uniform in `[0, 1)`, multiples of 2^-53, and the same for the same
/// `(seed, index)` in every version of bildung.
///
/// ```
/// use bildung_core::disclosure::{record_key, record_keys};
/// let k = record_keys(42, 3);
/// assert_eq!(k[2], record_key(42, 2));
/// assert!(k.iter().all(|&x| (0.0..1.0).contains(&x)));
/// ```
pub fn record_key(seed: u64, index: u64) -> f64 {
    unit(mix64(
        seed.wrapping_add(index.wrapping_add(1).wrapping_mul(GAMMA)),
    ))
}

/// The record keys of records `0..n` under `seed` ([`record_key`] for each index).
///
/// ```text
/// keys[k] = record_key(seed, k),  k = 0..n
/// ```
///
/// ```
/// use bildung_core::disclosure::record_keys;
/// assert_eq!(record_keys(7, 4).len(), 4);
/// assert_eq!(record_keys(7, 4), record_keys(7, 4)); // reproducible
/// ```
pub fn record_keys(seed: u64, n: usize) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s.wrapping_add(GAMMA);
            unit(mix64(s))
        })
        .collect()
}

/// Check a key in `[0, 1)` and return its 53-bit fixed-point value `floor(key * 2^53)`.
fn fixed(what: &'static str, index: usize, key: f64) -> Result<u64> {
    if key.is_nan() {
        return Err(Error::MissingValue { what, index });
    }
    if !(0.0..1.0).contains(&key) {
        return Err(Error::parameter(
            what,
            format!("{key} at position {index}"),
            "keys must lie in [0, 1)",
        ));
    }
    // scaling by a power of two is exact; the floor of a value below 2^53 fits in u64
    Ok((key * TWO_53).floor() as u64)
}

/// The cell key of one cell: the fractional part of the sum of its records' keys.
///
/// ```text
/// cell key = (sum_r floor(k_r 2^53) mod 2^53) / 2^53
/// ```
///
/// Exact and independent of the record order. An empty cell has key 0. Errors: a NaN key
/// (`MissingValue`), a key outside `[0, 1)` (`InvalidParameter`).
///
/// ```
/// use bildung_core::disclosure::cell_key;
/// assert_eq!(cell_key(&[0.5, 0.75])?, 0.25);
/// assert_eq!(cell_key(&[0.75, 0.5])?, 0.25);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn cell_key(record_keys: &[f64]) -> Result<f64> {
    let mut acc = 0u64;
    for (k, &x) in record_keys.iter().enumerate() {
        acc = acc.wrapping_add(fixed("record_keys", k, x)?) & MASK_53;
    }
    Ok(acc as f64 / TWO_53)
}

/// The cell keys of `n_cells` cells at once: record `r` belongs to cell `groups[r]`.
///
/// ```text
/// key[c] = (sum_{r: groups[r] = c} floor(k_r 2^53) mod 2^53) / 2^53
/// ```
///
/// Errors: lengths differ (`ShapeMismatch`), a cell index `>= n_cells` (`InvalidParameter`),
/// keys as in [`cell_key`].
///
/// ```
/// use bildung_core::disclosure::cell_keys_by_group;
/// let keys = cell_keys_by_group(&[0.5, 0.25, 0.75, 0.5], &[0, 1, 0, 1], 3)?;
/// assert_eq!(keys, vec![0.25, 0.75, 0.0]);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn cell_keys_by_group(
    record_keys: &[f64],
    groups: &[usize],
    n_cells: usize,
) -> Result<Vec<f64>> {
    if groups.len() != record_keys.len() {
        return Err(Error::ShapeMismatch {
            what: "groups",
            expected: record_keys.len(),
            found: groups.len(),
        });
    }
    let mut acc = vec![0u64; n_cells];
    for (k, (&x, &g)) in record_keys.iter().zip(groups).enumerate() {
        let f = fixed("record_keys", k, x)?;
        let slot = acc.get_mut(g).ok_or_else(|| {
            Error::parameter(
                "groups",
                format!("{g} at position {k}"),
                format!("cell indices must be below n_cells = {n_cells}"),
            )
        })?;
        *slot = slot.wrapping_add(f) & MASK_53;
    }
    Ok(acc.into_iter().map(|a| a as f64 / TWO_53).collect())
}

/// The cell key of a cell known only by a stable identifier, for aggregated data without
/// microdata (version 1, see the module docs).
///
/// ```text
/// key = (big_endian_u64(HMAC-SHA256(le_bytes(secret), utf8(id))[0..8]) >> 11) / 2^53
/// ```
///
/// The same `id` and `secret` give the same key in every table and every version of
/// bildung; keep the secret secret (whoever knows it can compute every cell's noise). Use
/// identifiers that name the logical cell, not its position in a table (e.g.
/// `"2024|Ortsteil 0101|Gymnasium|weiblich"`).
///
/// ```
/// use bildung_core::disclosure::cell_key_from_id;
/// let k = cell_key_from_id("2024|0101|Gymnasium", 12345);
/// assert_eq!(k, cell_key_from_id("2024|0101|Gymnasium", 12345));
/// assert_ne!(k, cell_key_from_id("2024|0101|Gymnasium", 12346));
/// assert!((0.0..1.0).contains(&k));
/// ```
pub fn cell_key_from_id(id: &str, secret: u64) -> f64 {
    let mac = hmac_sha256(&secret.to_le_bytes(), id.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&mac[..8]);
    unit(u64::from_be_bytes(first))
}

// ---------------------------------------------------------------------------------------------
// SHA-256 (FIPS 180-4) and HMAC (RFC 2104), written out so the keyed hash needs no dependency.

const K256: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

fn sha256_block(h: &mut [u32; 8], block: &[u8]) {
    let mut w = [0u32; 64];
    for (t, chunk) in block.chunks_exact(4).enumerate().take(16) {
        w[t] = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    for t in 16..64 {
        let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
        let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16]
            .wrapping_add(s0)
            .wrapping_add(w[t - 7])
            .wrapping_add(s1);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = *h;
    for t in 0..64 {
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = hh
            .wrapping_add(s1)
            .wrapping_add(ch)
            .wrapping_add(K256[t])
            .wrapping_add(w[t]);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = s0.wrapping_add(maj);
        hh = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.wrapping_add(t2);
    }
    for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
        *x = x.wrapping_add(y);
    }
}

/// SHA-256 of the concatenation of `parts`.
fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut data: Vec<u8> = parts.concat();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    data.push(0x80);
    while data.len() % 64 != 56 {
        data.push(0);
    }
    data.extend_from_slice(&bit_len.to_be_bytes());
    for block in data.chunks_exact(64) {
        sha256_block(&mut h, block);
    }
    let mut out = [0u8; 32];
    for (o, x) in out.chunks_exact_mut(4).zip(h) {
        o.copy_from_slice(&x.to_be_bytes());
    }
    out
}

/// HMAC-SHA256 (RFC 2104) of `msg` under `key`.
fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut k0 = [0u8; 64];
    if key.len() > 64 {
        k0[..32].copy_from_slice(&sha256(&[key]));
    } else {
        k0[..key.len()].copy_from_slice(key);
    }
    let ipad: Vec<u8> = k0.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = k0.iter().map(|b| b ^ 0x5c).collect();
    let inner = sha256(&[&ipad, msg]);
    sha256(&[&opad, &inner])
}

// ---------------------------------------------------------------------------------------------
// Perturbation tables

/// Parameters of a generated perturbation table ([`PTable::generate`]).
///
/// ```
/// use bildung_core::disclosure::PTableParams;
/// let p = PTableParams::new(2, 1.05);
/// assert_eq!(p.js, 0);
/// assert!(p.check().is_ok());
/// assert!(PTableParams::new(0, 1.0).check().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PTableParams {
    /// Maximum absolute perturbation `D >= 1` (`|v| <= D`).
    pub max_deviation: u32,
    /// Variance `V > 0` of the noise (exact in every row).
    pub variance: f64,
    /// "No small results": no perturbed count lies in `1..=js` (0 = no such rule). R
    /// `ptable`'s `js`.
    pub js: u32,
}

impl PTableParams {
    /// `max_deviation` D and `variance` V, without the small-results rule (`js = 0`).
    pub fn new(max_deviation: u32, variance: f64) -> Self {
        PTableParams {
            max_deviation,
            variance,
            js: 0,
        }
    }

    /// Check the ranges: `1 <= D <= 1000`, `V` finite and `> 0`, `js <= 1000`. Whether every
    /// row can reach `V` is checked by [`PTable::generate`].
    pub fn check(&self) -> Result<()> {
        if !(1..=1000).contains(&self.max_deviation) {
            return Err(Error::parameter(
                "max_deviation",
                self.max_deviation,
                "must be between 1 and 1000",
            ));
        }
        if !self.variance.is_finite() || self.variance <= 0.0 {
            return Err(Error::parameter(
                "variance",
                self.variance,
                "must be finite and > 0",
            ));
        }
        if self.js > 1000 {
            return Err(Error::parameter("js", self.js, "must be at most 1000"));
        }
        Ok(())
    }
}

/// One entry of a ptable row: noise `v` with probability `p` and its cumulative interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PEntry {
    /// The perturbation (`j = i + v` is the perturbed count).
    pub v: i64,
    /// Its probability.
    pub p: f64,
    /// Lower end of its cell-key interval (`p_int_lb`).
    pub lower: f64,
    /// Upper end of its cell-key interval (`p_int_ub`).
    pub upper: f64,
}

/// A perturbation table: for each original count `i = 0..=max_i` (the last row for every
/// larger count) a distribution of the noise `v` with cumulative cell-key intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct PTable {
    rows: Vec<Vec<PEntry>>,
}

/// The support of row `i`: `v` in `[-D, D]` with `j = i + v >= 0` and `j` not in `1..=js`.
fn support(i: i64, d: i64, js: i64) -> Vec<i64> {
    (-d..=d)
        .filter(|&v| {
            let j = i + v;
            j == 0 || j > js
        })
        .collect()
}

/// Maximum-entropy distribution on `support` with mean 0 and variance `var`, by Newton's method
/// on the convex dual `F(a, b) = ln sum_v exp(a v + b (v^2 - var))` (gradient: the moment
/// errors). A step is halved until it lowers `F` (Armijo) or the moment errors; near the
/// solution `F` is flat to rounding and only the second test can pass.
fn max_entropy_row(support: &[i64], var: f64) -> Result<Vec<f64>> {
    const MAX_ITER: usize = 500;
    let vs: Vec<f64> = support.iter().map(|&v| v as f64).collect();
    // (F, p, [mean, E v^2 - var]) at (a, b)
    let state = |a: f64, b: f64| -> (f64, Vec<f64>, [f64; 2]) {
        let e: Vec<f64> = vs.iter().map(|&v| a * v + b * (v * v - var)).collect();
        let m = e.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let w: Vec<f64> = e.iter().map(|&x| (x - m).exp()).collect();
        let z: f64 = w.iter().sum();
        let p: Vec<f64> = w.into_iter().map(|x| x / z).collect();
        let mean: f64 = vs.iter().zip(&p).map(|(v, q)| v * q).sum();
        let m2: f64 = vs.iter().zip(&p).map(|(v, q)| v * v * q).sum();
        (m + z.ln(), p, [mean, m2 - var])
    };
    let scale = var.max(1.0);
    let (mut a, mut b) = (0.0f64, 0.0f64);
    let (mut f, mut p, mut g) = state(a, b);
    for _ in 0..MAX_ITER {
        if g[0].abs() <= 1e-14 * scale && g[1].abs() <= 1e-13 * scale {
            return Ok(p);
        }
        let mean = g[0];
        let m2 = g[1] + var;
        let m3: f64 = vs.iter().zip(&p).map(|(v, q)| v * v * v * q).sum();
        let m4: f64 = vs.iter().zip(&p).map(|(v, q)| v * v * v * v * q).sum();
        let (h11, h12, h22) = (m2 - mean * mean, m3 - mean * m2, m4 - m2 * m2);
        let det = h11 * h22 - h12 * h12;
        if !(det.is_finite() && det > 0.0) {
            break;
        }
        let da = -(h22 * g[0] - h12 * g[1]) / det;
        let db = -(h11 * g[1] - h12 * g[0]) / det;
        let slope = g[0] * da + g[1] * db;
        let norm = g[0].hypot(g[1]);
        let mut t = 1.0;
        loop {
            let (fa, pa, ga) = state(a + t * da, b + t * db);
            if fa <= f + 1e-4 * t * slope
                || ga[0].hypot(ga[1]) < (1.0 - 1e-4 * t) * norm
                || t < 1e-12
            {
                a += t * da;
                b += t * db;
                (f, p, g) = (fa, pa, ga);
                break;
            }
            t *= 0.5;
        }
    }
    Err(Error::DidNotConverge {
        what: "the maximum-entropy ptable row",
        iterations: MAX_ITER,
    })
}

impl PTable {
    /// Generate a ptable by maximum entropy (rows `i = 0..=max_i`).
    ///
    /// ```text
    /// row 0:   v = 0 with p = 1                     (zeros stay zero)
    /// row i:   S_i = { v in [-D, D] : i + v >= 0, i + v not in 1..=js }
    ///          p maximises -sum p_v ln p_v  subject to
    ///          sum p_v = 1,  sum v p_v = 0 (unbiased),  sum v^2 p_v = V
    ///          solution p_v ∝ exp(a_i v + b_i v^2)
    /// max_i  = D            if js = 0
    ///        = D + js + 1   if js > 0                (the first row with S_i = [-D, D])
    /// ```
    ///
    /// Entries are sorted by `v`; `p_int_lb` is the running sum of the probabilities before an
    /// entry (compensated), `p_int_ub = p_int_lb + p` and the last `p_int_ub` is exactly 1.
    ///
    /// Errors: parameters out of range ([`PTableParams::check`]); a row that cannot have mean 0
    /// and variance `V` on its support (`V` must lie strictly between the smallest and the
    /// largest variance a mean-0 distribution on `S_i` can have, e.g. `V < D` for row 1 without
    /// `js`): `InvalidParameter` naming the row and the allowed range.
    ///
    /// ```
    /// use bildung_core::disclosure::{PTable, PTableParams};
    /// let t = PTable::generate(&PTableParams::new(2, 1.05))?;
    /// assert_eq!(t.max_i(), 2);
    /// let row = t.row(10); // counts >= 2 use the last row
    /// let mean: f64 = row.iter().map(|e| e.v as f64 * e.p).sum();
    /// let var: f64 = row.iter().map(|e| (e.v * e.v) as f64 * e.p).sum();
    /// assert!(mean.abs() < 1e-12 && (var - 1.05).abs() < 1e-12);
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn generate(params: &PTableParams) -> Result<PTable> {
        params.check()?;
        let d = i64::from(params.max_deviation);
        let js = i64::from(params.js);
        let max_i = if js == 0 { d } else { d + js + 1 };
        let v = params.variance;
        let mut rows = vec![vec![PEntry {
            v: 0,
            p: 1.0,
            lower: 0.0,
            upper: 1.0,
        }]];
        for i in 1..=max_i {
            let s = support(i, d, js);
            // mean-0 variance range on S: max = |min| * max; min = 0 if 0 in S, else
            // |a| * b for the negative a and positive b nearest to 0
            let lo = s.iter().copied().filter(|&x| x < 0).max();
            let hi = s.iter().copied().filter(|&x| x > 0).min();
            let (neg, pos) = (
                s.iter().copied().filter(|&x| x < 0).min(),
                s.iter().copied().filter(|&x| x > 0).max(),
            );
            let (Some(lo), Some(hi), Some(neg), Some(pos)) = (lo, hi, neg, pos) else {
                return Err(Error::parameter(
                    "max_deviation",
                    d,
                    format!("row {i} has no perturbation of both signs (support {s:?})"),
                ));
            };
            let vmax = (-neg * pos) as f64;
            let vmin = if s.contains(&0) {
                0.0
            } else {
                (-lo * hi) as f64
            };
            if !(v > vmin && v < vmax) {
                return Err(Error::parameter(
                    "variance",
                    v,
                    format!(
                        "row {i} (support {s:?}) can only reach variances strictly between {vmin} and {vmax} with mean 0"
                    ),
                ));
            }
            let p = max_entropy_row(&s, v)?;
            let mut acc = NeumaierSum::new();
            let mut row = Vec::with_capacity(s.len());
            for (k, (&vv, &pp)) in s.iter().zip(&p).enumerate() {
                let lower = acc.value();
                acc.add(pp);
                let upper = if k + 1 == s.len() { 1.0 } else { acc.value() };
                row.push(PEntry {
                    v: vv,
                    p: pp,
                    lower,
                    upper,
                });
            }
            rows.push(row);
        }
        Ok(PTable { rows })
    }

    /// The largest count with its own row; larger counts use this row.
    pub fn max_i(&self) -> usize {
        self.rows.len() - 1
    }

    /// The row used for a count: row `min(count, max_i)`.
    pub fn row(&self, count: u64) -> &[PEntry] {
        let k = usize::try_from(count).map_or(self.max_i(), |c| c.min(self.max_i()));
        &self.rows[k]
    }

    /// The largest `|v|` in the table.
    pub fn max_deviation(&self) -> u64 {
        self.rows
            .iter()
            .flatten()
            .map(|e| e.v.unsigned_abs())
            .max()
            .unwrap_or(0)
    }

    /// The perturbation of a cell with `count` and `cell_key`: the `v` of the last entry of row
    /// `min(count, max_i)` with `p_int_lb <= cell_key`.
    ///
    /// ```text
    /// v(n, u) = v_k  with  k = max{ k : lb_{min(n, max_i), k} <= u }
    /// ```
    ///
    /// Errors: a cell key outside `[0, 1)` (`InvalidParameter`) or NaN (`MissingValue`).
    ///
    /// ```
    /// use bildung_core::disclosure::PTable;
    /// let t = PTable::from_csv("i,j,p,v,p_int_lb,p_int_ub\n0,0,1,0,0,1\n1,0,0.25,-1,0,0.25\n1,1,0.5,0,0.25,0.75\n1,2,0.25,1,0.75,1\n")?;
    /// assert_eq!(t.perturbation(1, 0.2)?, -1);
    /// assert_eq!(t.perturbation(1, 0.25)?, 0); // a boundary belongs to the upper interval
    /// assert_eq!(t.perturbation(7, 0.9)?, 1);  // counts above 1 use row 1
    /// assert_eq!(t.perturbation(0, 0.9)?, 0);
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn perturbation(&self, count: u64, cell_key: f64) -> Result<i64> {
        fixed("cell_key", 0, cell_key)?;
        Ok(self.lookup(count, cell_key))
    }

    fn lookup(&self, count: u64, u: f64) -> i64 {
        let row = self.row(count);
        let k = row.partition_point(|e| e.lower <= u).saturating_sub(1);
        row.get(k).map_or(0, |e| e.v)
    }

    /// Read a ptable in the column layout of the R package `ptable`
    /// (`i, j, p, v, p_int_lb, p_int_ub`, optional `type`).
    ///
    /// ```text
    /// accepted: a header line naming the columns (any order; j and type optional) or none
    ///           (then i, j, p, v, p_int_lb, p_int_ub[, type] in this order);
    ///           separator ',' or ';' or white space; fields may be in double quotes;
    ///           empty lines and lines starting with '#' are skipped
    /// checked:  rows i = 0, 1, ..., max_i all present, in order; v strictly increasing in a
    ///           row; i + v >= 0; j = i + v; row 0 is exactly {v = 0, p = 1};
    ///           0 <= p <= 1, |p_int_ub - p_int_lb - p| <= 1e-6, first p_int_lb = 0 and
    ///           last p_int_ub = 1 (to 1e-6), consecutive intervals touch (to 1e-6);
    ///           type (if given) is "all"
    /// ```
    ///
    /// The first `p_int_lb` of a row is set to exactly 0 and the last `p_int_ub` to exactly 1
    /// (files print rounded numbers); otherwise the file's intervals are used as given.
    /// Errors: [`ErrorKind::MalformedInput`](crate::ErrorKind::MalformedInput) naming the line
    /// and column.
    ///
    /// ```
    /// use bildung_core::disclosure::{PTable, PTableParams};
    /// let t = PTable::generate(&PTableParams::new(3, 2.0))?;
    /// assert_eq!(PTable::from_csv(&t.to_csv())?, t);
    /// assert!(PTable::from_csv("i,j,p,v,p_int_lb,p_int_ub\n1,1,1,0,0,1\n").is_err()); // no row 0
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn from_csv(text: &str) -> Result<PTable> {
        const NAMES: [&str; 7] = ["i", "j", "p", "v", "p_int_lb", "p_int_ub", "type"];
        let err = |line: usize, col: Option<&str>, why: String| {
            Error::table("ptable", Some(line), col, why)
        };
        let split = |line: &str| -> Vec<String> {
            let fields: Vec<&str> = if line.contains(';') {
                line.split(';').collect()
            } else if line.contains(',') {
                line.split(',').collect()
            } else {
                line.split_whitespace().collect()
            };
            fields
                .iter()
                .map(|f| f.trim().trim_matches('"').trim().to_owned())
                .collect()
        };
        // column positions of i, j, p, v, lb, ub, type
        let mut cols: Option<[Option<usize>; 7]> = None;
        let mut rows: Vec<Vec<PEntry>> = Vec::new();
        for (ln0, raw) in text.lines().enumerate() {
            let ln = ln0 + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields = split(line);
            if cols.is_none() {
                let is_header = fields.first().is_some_and(|f| f.parse::<f64>().is_err());
                if is_header {
                    let mut c = [None; 7];
                    for (k, f) in fields.iter().enumerate() {
                        let name = f.to_ascii_lowercase();
                        if let Some(pos) = NAMES.iter().position(|&n| n == name) {
                            c[pos] = Some(k);
                        }
                    }
                    for (pos, name) in NAMES.iter().enumerate() {
                        if c[pos].is_none() && ![1, 6].contains(&pos) {
                            return Err(err(ln, Some(name), "missing column".into()));
                        }
                    }
                    cols = Some(c);
                    continue;
                }
                cols = Some([
                    Some(0),
                    Some(1),
                    Some(2),
                    Some(3),
                    Some(4),
                    Some(5),
                    Some(6),
                ]);
                if fields.len() < 6 {
                    return Err(err(
                        ln,
                        None,
                        format!("{} fields, 6 expected", fields.len()),
                    ));
                }
            }
            let c = cols.unwrap_or([None; 7]);
            let get = |pos: usize| -> Result<Option<f64>> {
                match c[pos] {
                    None => Ok(None),
                    Some(k) if pos == 6 => Ok(fields.get(k).map(|_| 0.0)),
                    Some(k) => {
                        let f = fields
                            .get(k)
                            .ok_or_else(|| err(ln, Some(NAMES[pos]), "missing field".into()))?;
                        let x: f64 = f.parse().map_err(|_| {
                            err(ln, Some(NAMES[pos]), format!("`{f}` is not a number"))
                        })?;
                        if !x.is_finite() {
                            return Err(err(ln, Some(NAMES[pos]), format!("`{f}` is not finite")));
                        }
                        Ok(Some(x))
                    }
                }
            };
            if let Some(k) = c[6]
                && let Some(t) = fields.get(k)
                && !t.eq_ignore_ascii_case("all")
            {
                return Err(err(
                    ln,
                    Some("type"),
                    format!("type `{t}`: only ptables of type \"all\" are supported"),
                ));
            }
            let req = |pos: usize| -> Result<f64> {
                get(pos)?.ok_or_else(|| err(ln, Some(NAMES[pos]), "missing field".into()))
            };
            let (i, p, v, lb, ub) = (req(0)?, req(2)?, req(3)?, req(4)?, req(5)?);
            let whole = |x: f64, name: &str| -> Result<i64> {
                if x.fract() != 0.0 || x.abs() > 1e15 {
                    return Err(err(ln, Some(name), format!("{x} is not a whole number")));
                }
                Ok(x as i64)
            };
            let (i, v) = (whole(i, "i")?, whole(v, "v")?);
            if i < 0 || i + v < 0 {
                return Err(err(
                    ln,
                    Some("v"),
                    format!("i = {i}, v = {v}: i and i + v must be >= 0"),
                ));
            }
            if let Some(j) = get(1)?
                && j != (i + v) as f64
            {
                return Err(err(ln, Some("j"), format!("j = {j} but i + v = {}", i + v)));
            }
            if !(0.0..=1.0).contains(&p) || !(0.0..=1.0).contains(&lb) || !(0.0..=1.0).contains(&ub)
            {
                return Err(err(
                    ln,
                    Some("p"),
                    "p, p_int_lb and p_int_ub must lie in [0, 1]".into(),
                ));
            }
            if (ub - lb - p).abs() > 1e-6 {
                return Err(err(
                    ln,
                    Some("p_int_ub"),
                    format!("interval [{lb}, {ub}) does not have width p = {p}"),
                ));
            }
            let entry = PEntry {
                v,
                p,
                lower: lb,
                upper: ub,
            };
            let n = rows.len() as i64;
            if i == n {
                if let Some(prev) = rows.last() {
                    check_row_end(prev, ln - 1, n - 1)?;
                }
                if lb.abs() > 1e-6 {
                    return Err(err(
                        ln,
                        Some("p_int_lb"),
                        format!("row {i} must start at 0"),
                    ));
                }
                rows.push(vec![PEntry {
                    lower: 0.0,
                    ..entry
                }]);
            } else if i == n - 1 {
                let row = rows
                    .last_mut()
                    .ok_or_else(|| err(ln, Some("i"), "no row".into()))?;
                let last = row.last().copied().unwrap_or(entry);
                if v <= last.v {
                    return Err(err(
                        ln,
                        Some("v"),
                        format!("v = {v} after v = {}: v must increase within a row", last.v),
                    ));
                }
                if (lb - last.upper).abs() > 1e-6 {
                    return Err(err(
                        ln,
                        Some("p_int_lb"),
                        format!(
                            "interval starts at {lb} but the previous one ends at {}",
                            last.upper
                        ),
                    ));
                }
                row.push(entry);
            } else {
                return Err(err(
                    ln,
                    Some("i"),
                    format!(
                        "row i = {i} where i = {} or {n} was expected (rows 0, 1, 2, ... in order)",
                        (n - 1).max(0)
                    ),
                ));
            }
        }
        let n = rows.len();
        match rows.last() {
            None => return Err(err(1, None, "no rows".into())),
            Some(last) => check_row_end(last, text.lines().count(), n as i64 - 1)?,
        }
        if rows[0].len() != 1 || rows[0][0].v != 0 {
            return Err(err(
                1,
                Some("v"),
                "row 0 must be the single entry v = 0, p = 1 (zeros stay zero)".into(),
            ));
        }
        for row in &mut rows {
            if let Some(e) = row.last_mut() {
                e.upper = 1.0;
            }
        }
        Ok(PTable { rows })
    }

    /// Write the table in the column layout of the R package `ptable`:
    /// `i,j,p,v,p_int_lb,p_int_ub,type` (comma-separated, header line, `type` = `all`, numbers
    /// in Rust's shortest round-trip form, so [`PTable::from_csv`] reads back the same table).
    pub fn to_csv(&self) -> String {
        let mut s = String::from("i,j,p,v,p_int_lb,p_int_ub,type\n");
        for (i, row) in self.rows.iter().enumerate() {
            for e in row {
                let i = i as i64;
                s.push_str(&format!(
                    "{i},{},{},{},{},{},all\n",
                    i + e.v,
                    e.p,
                    e.v,
                    e.lower,
                    e.upper
                ));
            }
        }
        s
    }
}

/// Check that a finished row's probabilities add up and its last interval ends at 1.
fn check_row_end(row: &[PEntry], line: usize, i: i64) -> Result<()> {
    let sum: f64 = row.iter().map(|e| e.p).sum();
    let end = row.last().map_or(0.0, |e| e.upper);
    if (sum - 1.0).abs() > 1e-6 || (end - 1.0).abs() > 1e-6 {
        return Err(Error::table(
            "ptable",
            Some(line),
            Some("p"),
            format!(
                "row {i}: probabilities sum to {sum} and the last interval ends at {end}; both must be 1"
            ),
        ));
    }
    Ok(())
}

/// Perturb counts by the cell key method: `count + v(count, cell key)`.
///
/// ```text
/// perturbed_c = n_c + v_k,  k = max{ k : lb_{min(n_c, max_i), k} <= u_c }
/// n_c = 0  =>  perturbed_c = 0
/// ```
///
/// The same count and cell key give the same perturbed value in every table (consistency);
/// zeros stay zero; `|perturbed - count| <= D`. Set [`CellFlags::PERTURBED`](super::CellFlags)
/// on the published cells. Errors: lengths differ (`ShapeMismatch`), a count that is NaN
/// (`MissingValue`), infinite (`NonFinite`), negative or fractional (`InvalidCount`), a cell key
/// NaN (`MissingValue`) or outside `[0, 1)` (`InvalidParameter`).
///
/// ```
/// use bildung_core::disclosure::{cell_key_from_id, perturb, PTable, PTableParams};
/// let t = PTable::generate(&PTableParams::new(2, 1.05))?;
/// let ids = ["2024|A|m", "2024|A|w", "2024|A"];
/// let keys: Vec<f64> = ids.iter().map(|id| cell_key_from_id(id, 99)).collect();
/// let out = perturb(&[0., 4., 4.], &keys, &t)?;
/// assert_eq!(out[0], 0.0); // zeros stay zero
/// assert!((out[1] - 4.0).abs() <= 2.0);
/// assert_eq!(perturb(&[4.], &keys[1..2], &t)?, vec![out[1]]); // consistent
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn perturb(counts: &[f64], cell_keys: &[f64], ptable: &PTable) -> Result<Vec<f64>> {
    if counts.len() != cell_keys.len() {
        return Err(Error::ShapeMismatch {
            what: "cell_keys",
            expected: counts.len(),
            found: cell_keys.len(),
        });
    }
    counts
        .iter()
        .zip(cell_keys)
        .enumerate()
        .map(|(k, (&n, &u))| {
            if n.is_nan() {
                return Err(Error::MissingValue {
                    what: "counts",
                    index: k,
                });
            }
            check_count("counts", k, n, true)?;
            fixed("cell_keys", k, u)?;
            let count = if n >= 1.8e19 { u64::MAX } else { n as u64 };
            Ok(n + ptable.lookup(count, u) as f64)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::ErrorKind;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn sha256_fips_vectors() {
        // FIPS 180-2 appendix B
        assert_eq!(
            hex(&sha256(&[b"abc"])),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&sha256(&[b""])),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(&[
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            ])),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
    }

    #[test]
    fn hmac_rfc4231_vectors() {
        // RFC 4231 test case 2
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // test case 6: a 131-byte key (hashed first)
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn splitmix64_reference_outputs() {
        // SplitMix64 seeded with 1234567: the widely quoted first outputs of Vigna's reference C
        // code, re-checked with a 6-line Python version (arbitrary-precision integers)
        let mut s = 1234567u64;
        let mut next = || {
            s = s.wrapping_add(GAMMA);
            mix64(s)
        };
        assert_eq!(next(), 6457827717110365317);
        assert_eq!(next(), 3203168211198807973);
        assert_eq!(next(), 9817491932198370423);
    }

    #[test]
    fn cell_key_errors() {
        let e = cell_key(&[0.1, 1.0]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidParameter);
        let e = cell_key(&[f64::NAN]).unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::MissingValue, Some(0)));
        assert_eq!(cell_key(&[]).unwrap(), 0.0);
        let e = cell_keys_by_group(&[0.1], &[], 1).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ShapeMismatch);
        let e = cell_keys_by_group(&[0.1], &[1], 1).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidParameter);
    }

    #[test]
    fn generate_rejects_unreachable_variance() {
        // row 1 of D = 2 without js: max variance 1 * 2 = 2
        let e = PTable::generate(&PTableParams::new(2, 2.0)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidParameter);
        assert!(PTable::generate(&PTableParams::new(2, 1.99)).is_ok());
        let e = PTable::generate(&PTableParams::new(2, f64::NAN)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidParameter);
        // js = 1, D = 3: row 1 support {-1, 1, 2, 3}, variance in (1, 3)
        let p = PTableParams {
            js: 1,
            ..PTableParams::new(3, 1.0)
        };
        assert!(PTable::generate(&p).is_err());
        let t = PTable::generate(&PTableParams { variance: 1.5, ..p }).unwrap();
        assert_eq!(t.max_i(), 5);
        for i in 1..=5 {
            for e in t.row(i) {
                let j = i as i64 + e.v;
                assert!(j == 0 || j > 1, "row {i} gives {j}");
            }
        }
    }

    #[test]
    fn from_csv_rejects_bad_tables() {
        let good = "i,j,p,v,p_int_lb,p_int_ub\n0,0,1,0,0,1\n1,0,0.5,-1,0,0.5\n1,2,0.5,1,0.5,1\n";
        assert!(PTable::from_csv(good).is_ok());
        for bad in [
            "",
            "i,j,p,v,p_int_lb\n0,0,1,0,0\n",
            "i,j,p,v,p_int_lb,p_int_ub\n0,0,1,0,0,1\n1,0,0.5,-1,0,0.5\n1,2,0.4,1,0.5,0.9\n",
            "i,j,p,v,p_int_lb,p_int_ub\n0,0,1,0,0,1\n1,1,0.5,-1,0,0.5\n1,2,0.5,1,0.5,1\n",
            "i,j,p,v,p_int_lb,p_int_ub\n0,0,1,0,0,1\n2,1,0.5,-1,0,0.5\n2,3,0.5,1,0.5,1\n",
            "i,j,p,v,p_int_lb,p_int_ub\n0,0,0.5,0,0,0.5\n0,1,0.5,1,0.5,1\n",
            "i,j,p,v,p_int_lb,p_int_ub,type\n0,0,1,0,0,1,even\n",
            "i,j,p,v,p_int_lb,p_int_ub\n0,0,1,0,0,1\n1,x,0.5,-1,0,0.5\n",
        ] {
            let e = PTable::from_csv(bad).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::MalformedInput, "{bad}: {e}");
        }
        // an entry with p = 0 (R ptable zeroes p < 1e-7) is never chosen
        let z = "i,j,p,v,p_int_lb,p_int_ub\n0,0,1,0,0,1\n1,0,0.5,-1,0,0.5\n1,1,0,0,0.5,0.5\n1,2,0.5,1,0.5,1\n";
        let t = PTable::from_csv(z).unwrap();
        assert_eq!(t.perturbation(1, 0.5).unwrap(), 1);
        assert_eq!(t.perturbation(1, 0.4999).unwrap(), -1);
        // R write.table without header, space separated, quoted type
        let r = "0 0 1 0 0 1 \"all\"\n1 0 0.5 -1 0 0.5 \"all\"\n1 2 0.5 1 0.5 1 \"all\"\n";
        assert_eq!(
            PTable::from_csv(r).unwrap(),
            PTable::from_csv(good).unwrap()
        );
    }
}
