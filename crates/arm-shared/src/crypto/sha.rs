//! SHA-1 and SHA-256: the round and message-schedule steps of A64's and A32's SHA1C,
//! SHA1P, SHA1M, SHA1H, SHA1SU0, SHA1SU1, SHA256H, SHA256H2, SHA256SU0 and SHA256SU1.
//! Semantics follow the Arm ARM pseudocode (SHA1C, SHAchoose, SHA256hash, ...); 32-bit
//! lanes are numbered from the least significant.

use crossrun_ir::{CpuState, Helper, Meaning, Sha1Function, ShaStep, Ty};

macro_rules! helper {
    ($static:ident, $name:literal, $func:ident, $nargs:literal, $step:expr) => {
        pub static $static: Helper = Helper {
            name: $name,
            func: $func,
            args: &[Ty::V128; $nargs],
            ret: Ty::V128,
            pure: true,
            meaning: Meaning::Sha($step),
        };
    };
}

helper!(SHA1C, "sha1c", sha1c_helper, 3, ShaStep::Sha1Rounds(Sha1Function::Choose));
helper!(SHA1P, "sha1p", sha1p_helper, 3, ShaStep::Sha1Rounds(Sha1Function::Parity));
helper!(SHA1M, "sha1m", sha1m_helper, 3, ShaStep::Sha1Rounds(Sha1Function::Majority));
helper!(SHA1SU0, "sha1su0", sha1su0_helper, 3, ShaStep::Sha1Schedule0);
helper!(SHA256H, "sha256h", sha256h_helper, 3, ShaStep::Sha256RoundsAbcd);
helper!(SHA256H2, "sha256h2", sha256h2_helper, 3, ShaStep::Sha256RoundsEfgh);
helper!(SHA256SU1, "sha256su1", sha256su1_helper, 3, ShaStep::Sha256Schedule1);
helper!(SHA1SU1, "sha1su1", sha1su1_helper, 2, ShaStep::Sha1Schedule1);
helper!(SHA256SU0, "sha256su0", sha256su0_helper, 2, ShaStep::Sha256Schedule0);

/// Vd = helper(Vd, Vn, Vm).
fn lanes32(v: u128) -> [u32; 4] {
    [v as u32, (v >> 32) as u32, (v >> 64) as u32, (v >> 96) as u32]
}

fn from_lanes32(l: [u32; 4]) -> u128 {
    l.iter().rev().fold(0u128, |acc, &x| acc << 32 | x as u128)
}

fn choose(x: u32, y: u32, z: u32) -> u32 {
    ((y ^ z) & x) ^ z
}

fn parity(x: u32, y: u32, z: u32) -> u32 {
    x ^ y ^ z
}

fn majority(x: u32, y: u32, z: u32) -> u32 {
    (x & y) | ((x | y) & z)
}

/// Four SHA-1 rounds. X = Vd holds a..d in lanes 0..3, Y = Sn holds e, W = Vm the four
/// schedule words (already including the round constant).
fn sha1_rounds(a: &[u128], f: fn(u32, u32, u32) -> u32) -> u128 {
    let mut x = lanes32(a[0]);
    let mut y = a[1] as u32;
    let w = lanes32(a[2]);
    for &we in &w {
        let t = f(x[1], x[2], x[3]);
        y = y.wrapping_add(x[0].rotate_left(5)).wrapping_add(t).wrapping_add(we);
        x[1] = x[1].rotate_left(30);
        // ROL(Y:X, 32) on the 160-bit concatenation.
        let top = x[3];
        x = [y, x[0], x[1], x[2]];
        y = top;
    }
    from_lanes32(x)
}

fn sha1c_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    sha1_rounds(a, choose)
}

fn sha1p_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    sha1_rounds(a, parity)
}

fn sha1m_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    sha1_rounds(a, majority)
}

/// (Vn<63:0> : Vd<127:64>) EOR Vd EOR Vm.
fn sha1su0_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    let (d, n, m) = (a[0], a[1], a[2]);
    let t = (n << 64) | (d >> 64);
    t ^ d ^ m
}

fn sha1su1_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    let t = lanes32(a[0] ^ (a[1] >> 32));
    let r = [
        t[0].rotate_left(1),
        t[1].rotate_left(1),
        t[2].rotate_left(1),
        t[3].rotate_left(1) ^ t[0].rotate_left(2),
    ];
    from_lanes32(r)
}

/// SHA256hash: four SHA-256 rounds on X = a..d and Y = e..h (lane 0 first); returns X
/// (SHA256H) or Y (SHA256H2).
fn sha256_hash(x: u128, y: u128, w: u128, part1: bool) -> u128 {
    let (mut x, mut y, w) = (lanes32(x), lanes32(y), lanes32(w));
    for &we in &w {
        let chs = choose(y[0], y[1], y[2]);
        let maj = majority(x[0], x[1], x[2]);
        let sigma1 = y[0].rotate_right(6) ^ y[0].rotate_right(11) ^ y[0].rotate_right(25);
        let sigma0 = x[0].rotate_right(2) ^ x[0].rotate_right(13) ^ x[0].rotate_right(22);
        let t = y[3].wrapping_add(sigma1).wrapping_add(chs).wrapping_add(we);
        x[3] = t.wrapping_add(x[3]);
        y[3] = t.wrapping_add(sigma0).wrapping_add(maj);
        // ROL(Y:X, 32) on the 256-bit concatenation.
        let (xt, yt) = (x[3], y[3]);
        x = [yt, x[0], x[1], x[2]];
        y = [xt, y[0], y[1], y[2]];
    }
    from_lanes32(if part1 { x } else { y })
}

fn sha256h_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    sha256_hash(a[0], a[1], a[2], true)
}

fn sha256h2_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    sha256_hash(a[1], a[0], a[2], false)
}

fn small_sigma0(x: u32) -> u32 {
    x.rotate_right(7) ^ x.rotate_right(18) ^ (x >> 3)
}

fn small_sigma1(x: u32) -> u32 {
    x.rotate_right(17) ^ x.rotate_right(19) ^ (x >> 10)
}

fn sha256su0_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    let (d, n) = (a[0], a[1]);
    let t = lanes32((n << 96) | (d >> 32));
    let d = lanes32(d);
    from_lanes32(std::array::from_fn(|e| small_sigma0(t[e]).wrapping_add(d[e])))
}

fn sha256su1_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    let (d, n, m) = (a[0], a[1], a[2]);
    let t0 = lanes32((m << 96) | (n >> 32));
    let op1 = lanes32(d);
    let m = lanes32(m);
    let mut r = [0u32; 4];
    // Lanes 2 and 3 depend on lanes 0 and 1 of the result.
    let t1 = [m[2], m[3], 0, 0];
    for e in 0..2 {
        r[e] = small_sigma1(t1[e]).wrapping_add(op1[e]).wrapping_add(t0[e]);
    }
    for e in 2..4 {
        r[e] = small_sigma1(r[e - 2]).wrapping_add(op1[e]).wrapping_add(t0[e]);
    }
    from_lanes32(r)
}
