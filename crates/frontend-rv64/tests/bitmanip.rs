//! Zba, Zbb, Zbs and Zicond. Expected values are computed with Rust's integer methods,
//! an independent statement of each instruction's definition. Words from
//! riscv64-linux-gnu-as, Zicond's (which binutils 2.40 lacks) from the specification's
//! encoding table.

mod support;

use support::{run_one, A0, A1, A2};

fn a0_after(insn: u32, a1: u64, a2: u64) -> u64 {
    run_one(insn, &[(A1, a1), (A2, a2)]).x[A0]
}

fn sext32(v: u32) -> u64 {
    v as i32 as i64 as u64
}

/// Operand values: edges and patterns.
const VALUES: [u64; 10] = [
    0,
    1,
    0x80,
    0x8000_0000,
    0xffff_ffff,
    0x8123_4567_89ab_cdef,
    0x0000_0001_0000_0000,
    0x7fff_ffff_ffff_ffff,
    0x8000_0000_0000_0000,
    u64::MAX,
];

/// Every instruction on every pair of values.
fn check(insn: u32, asm: &str, expected: impl Fn(u64, u64) -> u64) {
    for a in VALUES {
        for b in VALUES.iter().map(|v| v.rotate_left(7) ^ 0x24).chain(VALUES) {
            assert_eq!(a0_after(insn, a, b), expected(a, b), "{asm} with {a:#x}, {b:#x}");
        }
    }
}

#[test]
fn zba() {
    let w = |a: u64| a & 0xffff_ffff;
    check(0x20c5a533, "sh1add", |a, b| (a << 1).wrapping_add(b));
    check(0x20c5c533, "sh2add", |a, b| (a << 2).wrapping_add(b));
    check(0x20c5e533, "sh3add", |a, b| (a << 3).wrapping_add(b));
    check(0x08c5853b, "add.uw", |a, b| w(a).wrapping_add(b));
    check(0x20c5a53b, "sh1add.uw", |a, b| (w(a) << 1).wrapping_add(b));
    check(0x20c5c53b, "sh2add.uw", |a, b| (w(a) << 2).wrapping_add(b));
    check(0x20c5e53b, "sh3add.uw", |a, b| (w(a) << 3).wrapping_add(b));
    check(0x0855951b, "slli.uw a0, a1, 5", |a, _| w(a) << 5);
}

#[test]
fn zbb() {
    check(0x40c5f533, "andn", |a, b| a & !b);
    check(0x40c5e533, "orn", |a, b| a | !b);
    check(0x40c5c533, "xnor", |a, b| !(a ^ b));
    check(0x60059513, "clz", |a, _| u64::from(a.leading_zeros()));
    check(0x60159513, "ctz", |a, _| u64::from(a.trailing_zeros()));
    check(0x60259513, "cpop", |a, _| u64::from(a.count_ones()));
    check(0x6005951b, "clzw", |a, _| u64::from((a as u32).leading_zeros()));
    check(0x6015951b, "ctzw", |a, _| u64::from((a as u32).trailing_zeros()));
    check(0x6025951b, "cpopw", |a, _| u64::from((a as u32).count_ones()));
    check(0x0ac5e533, "max", |a, b| (a as i64).max(b as i64) as u64);
    check(0x0ac5f533, "maxu", |a, b| a.max(b));
    check(0x0ac5c533, "min", |a, b| (a as i64).min(b as i64) as u64);
    check(0x0ac5d533, "minu", |a, b| a.min(b));
    check(0x60459513, "sext.b", |a, _| a as i8 as i64 as u64);
    check(0x60559513, "sext.h", |a, _| a as i16 as i64 as u64);
    check(0x0805c53b, "zext.h", |a, _| a & 0xffff);
    check(0x60c59533, "rol", |a, b| a.rotate_left(b as u32 & 63));
    check(0x60c5d533, "ror", |a, b| a.rotate_right(b as u32 & 63));
    check(0x6245d513, "rori a0, a1, 36", |a, _| a.rotate_right(36));
    check(0x60c5953b, "rolw", |a, b| sext32((a as u32).rotate_left(b as u32 & 31)));
    check(0x60c5d53b, "rorw", |a, b| sext32((a as u32).rotate_right(b as u32 & 31)));
    check(0x6045d51b, "roriw a0, a1, 4", |a, _| sext32((a as u32).rotate_right(4)));
    check(0x2875d513, "orc.b", |a, _| {
        let bytes = a.to_le_bytes().map(|b| if b == 0 { 0 } else { 0xff });
        u64::from_le_bytes(bytes)
    });
    check(0x6b85d513, "rev8", |a, _| a.swap_bytes());
}

#[test]
fn zbs() {
    check(0x48c59533, "bclr", |a, b| a & !(1 << (b & 63)));
    check(0x4bf59513, "bclri a0, a1, 63", |a, _| a & !(1 << 63));
    check(0x48c5d533, "bext", |a, b| a >> (b & 63) & 1);
    check(0x4bf5d513, "bexti a0, a1, 63", |a, _| a >> 63);
    check(0x68c59533, "binv", |a, b| a ^ 1 << (b & 63));
    check(0x68059513, "binvi a0, a1, 0", |a, _| a ^ 1);
    check(0x28c59533, "bset", |a, b| a | 1 << (b & 63));
    check(0x2a859513, "bseti a0, a1, 40", |a, _| a | 1 << 40);
}

#[test]
fn zicond() {
    check(0x0ec5d533, "czero.eqz a0, a1, a2", |a, b| if b == 0 { 0 } else { a });
    check(0x0ec5f533, "czero.nez a0, a1, a2", |a, b| if b != 0 { 0 } else { a });
}
