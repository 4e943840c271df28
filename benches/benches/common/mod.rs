//! Helpers shared by the criterion benches: a deterministic generator for the synthetic inputs,
//! test-mode detection (`cargo test --all-targets` runs each bench once on small inputs) and the
//! size cap.
#![allow(dead_code)]

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, deterministic generator.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in the open interval (0, 1).
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal (Box–Muller, one of the pair).
    pub fn normal(&mut self) -> f64 {
        let r = (-2.0 * self.uniform().ln()).sqrt();
        r * (std::f64::consts::TAU * self.uniform()).cos()
    }
}

/// True when the bench binary runs as a test (`cargo test --all-targets`, or `--test`).
pub fn test_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--test")
}

/// `1e4` for 10,000.
pub fn label(n: usize) -> String {
    format!("1e{}", (n as f64).log10().round())
}

/// The largest input size to run: `test_mode_max` in test mode, else `BILDUNG_BENCH_MAX_N` (if
/// set) or no cap.
pub fn cap(test_mode_max: usize) -> usize {
    if test_mode() {
        test_mode_max
    } else {
        std::env::var("BILDUNG_BENCH_MAX_N")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(usize::MAX, |v| v as usize)
    }
}
