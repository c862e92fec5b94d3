//! Lane-wise integer arithmetic on 64-bit words of narrower elements, emitted as plain
//! IR (SWAR): how both Arm frontends write vector additions and subtractions so the JIT
//! can recognise two such halves as one SSE operation.

use crate::simd::lanes::ones;
use crossrun_ir::{Builder, Value};

/// `x` (at most `esize` bits) copied into every element of a 64-bit word.
pub fn replicate(esize: u32, x: u64) -> u64 {
    (x & ones(esize)).wrapping_mul(u64::MAX / ones(esize))
}

/// Lane-wise `a + b` of two I64 words of `esize`-bit elements: adding without the top
/// bit of each element keeps carries inside it, and the top bits are then the XOR of
/// the operands' top bits and the carry that reached them.
pub fn add_word(b: &mut Builder, esize: u32, x: Value, y: Value) -> Value {
    if esize == 64 {
        return b.add(x, y);
    }
    let top = replicate(esize, 1 << (esize - 1));
    let h = b.c64(top);
    let l = b.c64(!top);
    let x1 = b.and(x, l);
    let y1 = b.and(y, l);
    let sum = b.add(x1, y1);
    let t = b.xor(x, y);
    let t = b.and(t, h);
    b.xor(sum, t)
}

/// Lane-wise `a - b`: with each element's top bit set in `a` and clear in `b` no borrow
/// leaves an element; the true top bits are then restored by XOR.
pub fn sub_word(b: &mut Builder, esize: u32, x: Value, y: Value) -> Value {
    if esize == 64 {
        return b.sub(x, y);
    }
    let top = replicate(esize, 1 << (esize - 1));
    let h = b.c64(top);
    let l = b.c64(!top);
    let x1 = b.or(x, h);
    let y1 = b.and(y, l);
    let diff = b.sub(x1, y1);
    let t = b.xor(x, y);
    let t = b.and_not(h, t);
    b.xor(diff, t)
}
