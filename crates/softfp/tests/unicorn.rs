//! Differential test against reference vectors produced by unicorn
//! (QEMU's AArch64 TCG, CPU model "max") with `tests/unicorn_ref.py`.
//!
//! The embedded file `tests/data/unicorn_vectors.txt` was generated with
//! `(python3 tests/unicorn_ref.py 6 1; python3 tests/unicorn_ref.py specials)`:
//! 6 random vectors per instruction form (every FP data-processing,
//! conversion and estimate instruction in h/s/d, random FPCR with
//! RMode/FZ/DN/AHP/FZ16, seed 1) plus all pairs (triples for FMA) of
//! single-precision special values under FPCR = 0 and DN|FZ.  Larger random
//! sets can be checked without committing them:
//!
//! ```text
//! python3 tests/unicorn_ref.py 2000 7 > /tmp/v.txt
//! SOFTFP_UNICORN_VECTORS=/tmp/v.txt cargo test -p crossrun-softfp --release --test unicorn
//! ```
//!
//! Line format: `op fpcr a b c result fpsr` (hex).  `a`, `b`, `c` are the
//! instruction's register inputs in order (`fmadd d0, d1, d2, d3` has
//! `a = d1, b = d2, c = d3 = addend`).

use crossrun_softfp::*;

fn rounding_letter(c: u8, fpcr: u32) -> Rounding {
    match c {
        b'n' => Rounding::TieEven,
        b'a' => Rounding::TieAway,
        b'p' => Rounding::PosInf,
        b'm' => Rounding::NegInf,
        b'z' => Rounding::Zero,
        _ => Rounding::from_fpcr(fpcr),
    }
}

fn eval_t<T: Float>(base: &str, fpcr: u32, a: u64, b: u64, c: u64, fpsr: &mut u32) -> Option<u64> {
    let (x, y, z) = (T::from_u64(a), T::from_u64(b), T::from_u64(c));
    let mask = |p: bool| if p { u64::MAX >> (64 - T::N) } else { 0 };
    let r = Rounding::from_fpcr(fpcr);
    let v = match base {
        "fadd" => add::<T>(x, y, fpcr, fpsr),
        "fsub" => sub::<T>(x, y, fpcr, fpsr),
        "fmul" => mul::<T>(x, y, fpcr, fpsr),
        "fdiv" => div::<T>(x, y, fpcr, fpsr),
        "fmulx" => mulx::<T>(x, y, fpcr, fpsr),
        "fnmul" => nmul::<T>(x, y, fpcr, fpsr),
        "fabd" => abd::<T>(x, y, fpcr, fpsr),
        "fmax" => max::<T>(x, y, fpcr, fpsr),
        "fmin" => min::<T>(x, y, fpcr, fpsr),
        "fmaxnm" => maxnum::<T>(x, y, fpcr, fpsr),
        "fminnm" => minnum::<T>(x, y, fpcr, fpsr),
        "frecps" => recip_step::<T>(x, y, fpcr, fpsr),
        "frsqrts" => rsqrt_step::<T>(x, y, fpcr, fpsr),
        "fmadd" => mul_add::<T>(z, x, y, fpcr, fpsr),
        "fmsub" => mul_sub::<T>(z, x, y, fpcr, fpsr),
        "fnmadd" => neg_mul_add::<T>(z, x, y, fpcr, fpsr),
        "fnmsub" => neg_mul_sub::<T>(z, x, y, fpcr, fpsr),
        "fsqrt" => sqrt::<T>(x, fpcr, fpsr),
        "frecpe" => recip_estimate::<T>(x, fpcr, fpsr),
        "frsqrte" => rsqrt_estimate::<T>(x, fpcr, fpsr),
        "frecpx" => recpx::<T>(x, fpcr, fpsr),
        "fabs" => abs::<T>(x),
        "fneg" => neg::<T>(x),
        "frintx" => round_to_integral::<T>(x, r, true, fpcr, fpsr),
        _ if base.starts_with("frint") => round_to_integral::<T>(
            x,
            rounding_letter(base.as_bytes()[5], fpcr),
            false,
            fpcr,
            fpsr,
        ),
        "fcmp" => return Some(compare::<T>(x, y, false, fpcr, fpsr) as u64),
        "fcmpe" => return Some(compare::<T>(x, y, true, fpcr, fpsr) as u64),
        "fcmeq" => return Some(mask(compare_eq::<T>(x, y, fpcr, fpsr))),
        "fcmge" => return Some(mask(compare_ge::<T>(x, y, fpcr, fpsr))),
        "fcmgt" => return Some(mask(compare_gt::<T>(x, y, fpcr, fpsr))),
        "facge" => return Some(mask(abs_compare_ge::<T>(x, y, fpcr, fpsr))),
        "facgt" => return Some(mask(abs_compare_gt::<T>(x, y, fpcr, fpsr))),
        _ => return None,
    };
    Some(T::to_u64(v))
}

macro_rules! with_type {
    ($t:expr, |$T:ident| $body:expr) => {
        match $t {
            b'h' => {
                type $T = F16;
                $body
            }
            b's' => {
                type $T = F32;
                $body
            }
            b'd' => {
                type $T = F64;
                $body
            }
            _ => None,
        }
    };
}

fn convert_dyn(src: u8, dst: u8, a: u64, r: Rounding, fpcr: u32, fpsr: &mut u32) -> Option<u64> {
    with_type!(src, |S| with_type!(dst, |D| Some(D::to_u64(
        convert::<S, D>(S::from_u64(a), r, fpcr, fpsr)
    ))))
}

/// Evaluates one vector; `None` for an unknown op name.
fn eval(op: &str, fpcr: u32, a: u64, b: u64, c: u64, fpsr: &mut u32) -> Option<u64> {
    let (name, fbits) = match op.split_once('/') {
        Some((n, f)) => (n, f.parse::<u32>().ok()?),
        None => (op, 0),
    };
    let (base, suffix) = name.split_once('.').unwrap_or((name, ""));
    let sfx = suffix.as_bytes();
    let r = Rounding::from_fpcr(fpcr);
    match base {
        "urecpe" => Some(unsigned_recip_estimate(a as u32) as u64),
        "ursqrte" => Some(unsigned_rsqrt_estimate(a as u32) as u64),
        "fcvt" => convert_dyn(sfx[0], sfx[1], a, r, fpcr, fpsr),
        "fcvtxn" => convert_dyn(sfx[0], sfx[1], a, Rounding::Odd, fpcr, fpsr),
        "scvtf" | "ucvtf" => {
            let bits = if sfx[0] == b'w' { 32 } else { 64 };
            let unsigned = base == "ucvtf";
            with_type!(sfx[1], |T| Some(T::to_u64(from_int::<T>(
                a, bits, fbits, unsigned, r, fpcr, fpsr
            ))))
        }
        _ if base.starts_with("fcvt") && base.len() == 6 => {
            let rounding = rounding_letter(base.as_bytes()[4], fpcr);
            let unsigned = base.as_bytes()[5] == b'u';
            let bits = if sfx[1] == b'w' { 32 } else { 64 };
            with_type!(sfx[0], |T| Some(to_int::<T>(
                T::from_u64(a),
                bits,
                fbits,
                unsigned,
                rounding,
                fpcr,
                fpsr
            )))
        }
        _ => with_type!(sfx[0], |T| eval_t::<T>(base, fpcr, a, b, c, fpsr)),
    }
}

/// Checks every line; returns the number of vectors checked.
fn check_vectors(text: &str, source: &str) -> usize {
    let mut failures = Vec::new();
    let mut count = 0;
    for (lineno, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(f.len(), 7, "{source}:{}: malformed line", lineno + 1);
        let h = |s: &str| u64::from_str_radix(s, 16).unwrap();
        let (fpcr, a, b, c, want, want_fpsr) = (
            h(f[1]) as u32,
            h(f[2]),
            h(f[3]),
            h(f[4]),
            h(f[5]),
            h(f[6]) as u32,
        );
        let mut fpsr = 0;
        let got =
            eval(f[0], fpcr, a, b, c, &mut fpsr).unwrap_or_else(|| panic!("unknown op {}", f[0]));
        count += 1;
        if (got, fpsr) != (want, want_fpsr) {
            failures.push(format!(
                "{source}:{}: {line}  => got {got:x} fpsr {fpsr:x}",
                lineno + 1
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches (of {count}):\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    count
}

#[test]
fn unicorn_embedded_vectors() {
    let n = check_vectors(
        include_str!("data/unicorn_vectors.txt"),
        "unicorn_vectors.txt",
    );
    assert!(n > 2000, "only {n} vectors");
}

#[test]
fn unicorn_external_vectors() {
    if let Ok(path) = std::env::var("SOFTFP_UNICORN_VECTORS") {
        let text = std::fs::read_to_string(&path).expect("read vectors");
        let n = check_vectors(&text, &path);
        eprintln!("checked {n} vectors from {path}");
    }
}
