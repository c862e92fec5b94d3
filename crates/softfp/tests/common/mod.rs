//! Shared test helpers: a deterministic PRNG and generators of interesting
//! floating-point encodings.
#![allow(dead_code)]

/// xorshift64* — deterministic, seedable, no dependencies.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn bit(&mut self) -> bool {
        self.next() & 1 != 0
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
}

/// Format parameters for the generators.
#[derive(Clone, Copy)]
pub struct Fmt {
    pub e: u32,
    pub f: u32,
}

pub const H: Fmt = Fmt { e: 5, f: 10 };
pub const S: Fmt = Fmt { e: 8, f: 23 };
pub const D: Fmt = Fmt { e: 11, f: 52 };

impl Fmt {
    pub fn n(self) -> u32 {
        1 + self.e + self.f
    }
    pub fn bias(self) -> i64 {
        (1 << (self.e - 1)) - 1
    }
    pub fn max_exp(self) -> u64 {
        (1 << self.e) - 1
    }
    pub fn frac_mask(self) -> u64 {
        (1 << self.f) - 1
    }
    pub fn sign_mask(self) -> u64 {
        1 << (self.n() - 1)
    }
    pub fn is_nan(self, x: u64) -> bool {
        (x >> self.f) & self.max_exp() == self.max_exp() && x & self.frac_mask() != 0
    }
    pub fn is_snan(self, x: u64) -> bool {
        self.is_nan(x) && x & (1 << (self.f - 1)) == 0
    }
    pub fn exp_field(self, x: u64) -> i64 {
        ((x >> self.f) & self.max_exp()) as i64
    }
    pub fn make(self, sign: bool, exp: i64, frac: u64) -> u64 {
        let exp = exp.clamp(0, self.max_exp() as i64) as u64;
        (if sign { self.sign_mask() } else { 0 }) | (exp << self.f) | (frac & self.frac_mask())
    }

    /// A fraction field with structure: random, sparse, dense, or short.
    pub fn frac(self, rng: &mut Rng) -> u64 {
        let m = self.frac_mask();
        match rng.below(6) {
            0 | 1 => rng.next() & m,
            2 => (1 << rng.below(self.f as u64)) | (1 << rng.below(self.f as u64)),
            3 => m ^ (1 << rng.below(self.f as u64)),
            4 => (rng.next() & m) & !(m >> rng.below(self.f as u64 + 1)),
            _ => (rng.next() & m) | (m >> rng.below(self.f as u64 + 1)) & !(rng.next() & 7),
        }
    }

    /// An encoding biased towards interesting regions.  NaNs are produced
    /// only when `nans` is set.
    pub fn gen(self, rng: &mut Rng, nans: bool) -> u64 {
        let sign = rng.bit();
        let max = self.max_exp() as i64;
        let bias = self.bias();
        let frac = self.frac(rng);
        match rng.below(20) {
            0 => {
                let specials = [
                    0,
                    1,
                    self.frac_mask(),
                    1 << self.f,
                    (max as u64 - 1) << self.f | self.frac_mask(),
                ];
                let v = specials[rng.below(specials.len() as u64) as usize];
                v | if sign { self.sign_mask() } else { 0 }
            }
            1 => self.make(
                sign,
                max,
                if nans && rng.below(3) == 0 {
                    frac.max(1)
                } else {
                    0
                },
            ),
            2 | 3 => self.make(sign, 0, frac),
            4 | 5 => self.make(sign, rng.range(1, self.f as i64 + 3), frac),
            6 | 7 => self.make(sign, rng.range(max - 4, max - 1), frac),
            8..=13 => self.make(sign, (bias + rng.range(-40, 40)).clamp(1, max - 1), frac),
            _ => self.make(sign, rng.range(1, max - 1), frac),
        }
    }

    /// A second operand related to `a` so that sums cancel, products and
    /// quotients land near the underflow/overflow thresholds, etc.
    pub fn gen_related(self, rng: &mut Rng, a: u64, nans: bool) -> u64 {
        let max = self.max_exp() as i64;
        let bias = self.bias();
        let ea = self.exp_field(a).max(1) - bias;
        let sign = rng.bit();
        let frac = self.frac(rng);
        match rng.below(8) {
            // Near-cancellation: same exponent or +-1, perturbed low bits.
            0 | 1 => {
                let k = rng.below(self.f as u64 + 1);
                let low = rng.next() & ((1u64 << k) - 1);
                let e = (self.exp_field(a) + rng.range(-1, 1)).clamp(0, max - 1);
                self.make(sign, e, (a ^ low) & self.frac_mask())
            }
            // Exponent difference around the precision (ties, sticky bits).
            2 => self.make(
                sign,
                (self.exp_field(a) - rng.range(0, self.f as i64 + 4)).clamp(0, max - 1),
                frac,
            ),
            // Product near the underflow threshold.
            3 => {
                let target = 1 - bias - ea + rng.range(-(self.f as i64) - 3, 3);
                self.make(sign, (target + bias).clamp(0, max - 1), frac)
            }
            // Product near the overflow threshold.
            4 => {
                let target = bias - ea + rng.range(-2, 1);
                self.make(sign, (target + bias).clamp(1, max - 1), frac)
            }
            // Quotient near the underflow / overflow thresholds.
            5 => {
                let target = if rng.bit() {
                    ea - (1 - bias) - rng.range(-3, self.f as i64 + 3)
                } else {
                    ea - bias - rng.range(-1, 2)
                };
                self.make(sign, (target + bias).clamp(0, max - 1), frac)
            }
            _ => self.gen(rng, nans),
        }
    }
}

/// FPCR value selecting an Arm rounding mode (0 RN, 1 RP, 2 RM, 3 RZ).
pub fn fpcr_rmode(rmode: u32) -> u32 {
    rmode << 22
}

pub fn iters(default: usize) -> usize {
    std::env::var("SOFTFP_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}
