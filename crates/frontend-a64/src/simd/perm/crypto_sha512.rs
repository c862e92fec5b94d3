//! Crypto SHA-512 (FEAT_SHA512, Armv8.2): SHA512H, SHA512H2, SHA512SU0, SHA512SU1, the
//! SHA-512 round and message-schedule accelerators, following the Arm ARM pseudocode.
//! Each register holds two 64-bit words, word 0 in bits 63:0. x86 hosts before the
//! SHA512 extension have nothing to run them on, so the helpers are opaque.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{CpuState, Helper, Meaning, Ty};

pub(crate) const ROWS: &[Row] = &[
    row!("SHA512H", "11001110011mmmmm100000nnnnnddddd", |t, f| three(t, f, &SHA512H)),
    row!("SHA512H2", "11001110011mmmmm100001nnnnnddddd", |t, f| three(t, f, &SHA512H2)),
    row!("SHA512SU1", "11001110011mmmmm100010nnnnnddddd", |t, f| three(t, f, &SHA512SU1)),
    row!("SHA512SU0", "1100111011000000100000nnnnnddddd", sha512su0),
];

macro_rules! helper {
    ($static:ident, $name:literal, $func:ident, $nargs:literal) => {
        static $static: Helper = Helper {
            name: $name,
            func: $func,
            args: &[Ty::V128; $nargs],
            ret: Ty::V128,
            pure: true,
            meaning: Meaning::Opaque,
        };
    };
}

helper!(SHA512H, "a64_sha512h", sha512h_helper, 3);
helper!(SHA512H2, "a64_sha512h2", sha512h2_helper, 3);
helper!(SHA512SU1, "a64_sha512su1", sha512su1_helper, 3);
helper!(SHA512SU0, "a64_sha512su0", sha512su0_helper, 2);

/// Vd = helper(Vd, Vn, Vm).
fn three(tr: &mut Tr, f: Fields, helper: &'static Helper) -> Result<(), Undefined> {
    let d = f.reg('d');
    let vd = tr.v(d);
    let vn = tr.v(f.reg('n'));
    let vm = tr.v(f.reg('m'));
    let r = tr.b.call(helper, &[vd, vn, vm]);
    tr.set_v(d, r);
    Ok(())
}

/// Vd = SHA512SU0(Vd, Vn).
fn sha512su0(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let d = f.reg('d');
    let vd = tr.v(d);
    let vn = tr.v(f.reg('n'));
    let r = tr.b.call(&SHA512SU0, &[vd, vn]);
    tr.set_v(d, r);
    Ok(())
}

fn words(v: u128) -> [u64; 2] {
    [v as u64, (v >> 64) as u64]
}

fn from_words(w: [u64; 2]) -> u128 {
    w[0] as u128 | (w[1] as u128) << 64
}

/// FIPS 180-4's Sigma1 and Sigma0 (the round functions' "upper case" sums).
fn sum1(x: u64) -> u64 {
    x.rotate_right(14) ^ x.rotate_right(18) ^ x.rotate_right(41)
}

fn sum0(x: u64) -> u64 {
    x.rotate_right(28) ^ x.rotate_right(34) ^ x.rotate_right(39)
}

/// And the message schedule's sigma0 and sigma1.
fn sigma0(x: u64) -> u64 {
    x.rotate_right(1) ^ x.rotate_right(8) ^ (x >> 7)
}

fn sigma1(x: u64) -> u64 {
    x.rotate_right(19) ^ x.rotate_right(61) ^ (x >> 6)
}

/// SHA512H: the Ch and Sigma1 halves of two rounds. W = Vd, X = Vn, Y = Vm.
fn sha512h_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    let (w, x, y) = (words(a[0]), words(a[1]), words(a[2]));
    let hi = ((y[1] & x[0]) ^ (!y[1] & x[1])).wrapping_add(sum1(y[1])).wrapping_add(w[1]);
    let tmp = hi.wrapping_add(y[0]);
    let lo = ((tmp & y[1]) ^ (!tmp & x[0])).wrapping_add(sum1(tmp)).wrapping_add(w[0]);
    from_words([lo, hi])
}

/// SHA512H2: the Maj and Sigma0 halves of two rounds. W = Vd, X = Vn, Y = Vm.
fn sha512h2_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    let (w, x, y) = (words(a[0]), words(a[1]), words(a[2]));
    let hi = ((x[0] & y[1]) ^ (x[0] & y[0]) ^ (y[1] & y[0])).wrapping_add(sum0(y[0])).wrapping_add(w[1]);
    let lo = ((hi & y[0]) ^ (hi & y[1]) ^ (y[1] & y[0])).wrapping_add(sum0(hi)).wrapping_add(w[0]);
    from_words([lo, hi])
}

/// SHA512SU0: W[i] + sigma0(W[i + 1]) for two words, W[2] being Vn's word 0.
fn sha512su0_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    let (w, x) = (words(a[0]), words(a[1]));
    from_words([w[0].wrapping_add(sigma0(w[1])), w[1].wrapping_add(sigma0(x[0]))])
}

/// SHA512SU1: Vd + sigma1(Vn) + Vm, word by word.
fn sha512su1_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    let (w, x, y) = (words(a[0]), words(a[1]), words(a[2]));
    from_words([
        w[0].wrapping_add(sigma1(x[0])).wrapping_add(y[0]),
        w[1].wrapping_add(sigma1(x[1])).wrapping_add(y[1]),
    ])
}
