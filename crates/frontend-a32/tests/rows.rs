//! Every row of every table, filled with random field values, translates into IR the
//! verifier accepts (or into an undefined-instruction trap), in both select and exit
//! form (unconditional, and conditional A32 or inside an IT block).

mod support;

use crossrun_a32::decoder::{all_rows, thumb_rows, Set};
use crossrun_a32::{location, A32Frontend};
use crossrun_ir::Frontend;

/// xorshift64*.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn random_word(rng: &mut Rng, pattern: &str) -> u32 {
    let r = rng.next();
    pattern.bytes().enumerate().fold(0, |w, (i, c)| {
        let bit = match c {
            b'0' => 0,
            b'1' => 1,
            _ => (r >> i) as u32 & 1,
        };
        w << 1 | bit
    })
}

/// Translates `bytes` placed in low memory (one page per thread, reused) as one block at
/// location `mode`.
fn translate(bytes: &[u8], thumb: bool, it: u8) -> crossrun_ir::Block {
    support::install();
    thread_local! {
        static PAGE: std::cell::Cell<usize> = std::cell::Cell::new(support::low_memory(4096).as_mut_ptr() as usize);
    }
    // SAFETY: the page is this thread's own, mapped for good, and 4096 bytes long.
    let mem = unsafe { std::slice::from_raw_parts_mut(PAGE.with(|p| p.get()) as *mut u8, 4096) };
    mem[..bytes.len()].copy_from_slice(bytes);
    let loc = location::location(mem.as_ptr() as u32, thumb, it);
    let block = A32Frontend::single_step().translate(loc);
    crossrun_ir::verify(&block).unwrap_or_else(|e| panic!("{e}\n{block}"));
    block
}

#[test]
fn every_a32_row_translates_to_verified_ir() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    for set in [Set::A32, Set::A32Unconditional] {
        for row in all_rows(set) {
            for k in 0..300 {
                let mut w = random_word(&mut rng, row.pattern);
                if set == Set::A32 {
                    // Half of them unconditional, half with a random condition.
                    w = if k % 2 == 0 { w & 0x0fff_ffff | 0xe000_0000 } else { w & 0x0fff_ffff | (rng.next() as u32 % 14) << 28 };
                }
                let r = std::panic::catch_unwind(|| translate(&w.to_le_bytes(), false, 0));
                assert!(r.is_ok(), "{} {:08x}", row.name, w);
            }
        }
    }
}

#[test]
fn every_t32_row_translates_to_verified_ir() {
    let mut rng = Rng(0x0fed_cba9_8765_4321);
    for (name, pattern) in thumb_rows() {
        for k in 0..300 {
            let w = random_word(&mut rng, &pattern);
            let bytes: Vec<u8> = if pattern.len() == 16 {
                (w as u16).to_le_bytes().to_vec()
            } else {
                [((w >> 16) as u16).to_le_bytes(), (w as u16).to_le_bytes()].concat()
            };
            // Outside an IT block, or as the last (EQ) or a middle (NE, then T) one.
            let it = [0, 0x08, 0x14][k % 3];
            let r = std::panic::catch_unwind(|| translate(&bytes, true, it));
            assert!(r.is_ok(), "{name} {w:08x} it {it:#x}");
        }
    }
}
