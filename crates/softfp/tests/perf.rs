//! Rough throughput check (ignored by default; run with
//! `cargo test -p crossrun-softfp --release --test perf -- --ignored --nocapture`).

use std::hint::black_box;
use std::time::Instant;

use crossrun_softfp::*;

fn bench<B: Copy>(name: &str, inputs: &[(B, B, B)], f: impl Fn(B, B, B, &mut u32) -> B) {
    // SOFTFP_BENCH_OP=<name> runs only that op (e.g. for instruction counts
    // under `valgrind --tool=cachegrind`).
    if let Ok(only) = std::env::var("SOFTFP_BENCH_OP") {
        if only != name.trim() {
            return;
        }
    }
    let rounds = 200;
    let start = Instant::now();
    let mut fpsr = 0u32;
    for _ in 0..rounds {
        for &(a, b, c) in inputs {
            black_box(f(black_box(a), black_box(b), black_box(c), &mut fpsr));
        }
    }
    let ns = start.elapsed().as_nanos() as f64 / (rounds * inputs.len()) as f64;
    println!("{name:>14}: {ns:6.2} ns/op");
}

#[test]
#[ignore]
fn perf_smoke() {
    let mut x = 0x1234_5678_9abc_def1u64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    // Normal operands of moderate magnitude.
    let d: Vec<(u64, u64, u64)> = (0..4096)
        .map(|_| {
            let mut g = || (0x3F0u64 + next() % 32) << 52 | next() >> 12 | (next() & 1) << 63;
            (g(), g(), g())
        })
        .collect();
    let s: Vec<(u32, u32, u32)> = d
        .iter()
        .map(|&(a, b, c)| ((a >> 32) as u32, (b >> 32) as u32, (c >> 32) as u32))
        .collect();
    bench("nop", &d, |a, b, c, _| a ^ b ^ c);
    bench("add f64", &d, |a, b, _, f| add::<F64>(a, b, 0, f));
    bench("mul f64", &d, |a, b, _, f| mul::<F64>(a, b, 0, f));
    bench("div f64", &d, |a, b, _, f| div::<F64>(a, b, 0, f));
    bench("sqrt f64", &d, |a, _, _, f| {
        sqrt::<F64>(a & !(1 << 63), 0, f)
    });
    bench("fma f64", &d, |a, b, c, f| mul_add::<F64>(c, a, b, 0, f));
    bench("add f32", &s, |a, b, _, f| add::<F32>(a, b, 0, f));
    bench("mul f32", &s, |a, b, _, f| mul::<F32>(a, b, 0, f));
    bench("div f32", &s, |a, b, _, f| div::<F32>(a, b, 0, f));
    bench("sqrt f32", &s, |a, _, _, f| {
        sqrt::<F32>(a & !(1 << 31), 0, f)
    });
    bench("fma f32", &s, |a, b, c, f| mul_add::<F32>(c, a, b, 0, f));
    bench("cmp f64", &d, |a, b, _, f| {
        compare::<F64>(a, b, false, 0, f) as u64
    });
    bench("fcvtzs f64", &d, |a, _, _, f| {
        to_int::<F64>(a, 64, 0, false, Rounding::Zero, 0, f)
    });
    bench("scvtf f64", &d, |a, _, _, f| {
        from_int::<F64>(a, 64, 0, false, Rounding::TieEven, 0, f)
    });
    bench("fcvt d->s", &d, |a, _, _, f| {
        convert::<F64, F32>(a, Rounding::TieEven, 0, f) as u64
    });
    bench("frecpe f32", &s, |a, _, _, f| {
        recip_estimate::<F32>(a, 0, f)
    });
    bench("frsqrte f32", &s, |a, _, _, f| {
        rsqrt_estimate::<F32>(a & !(1 << 31), 0, f)
    });
}
