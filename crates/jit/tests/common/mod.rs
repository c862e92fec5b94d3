//! Shared by the JIT's tests: guest memory regions, a tiny RNG, executors on one cache.
#![allow(dead_code)]

pub mod rv64;

use crossrun_exec::{BlockCache, DebugFlags, Interpreter};
use crossrun_ir::{Block, Frontend, Reg};
use crossrun_jit::{Jit, JitOptions};
use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

pub fn install() {
    crossrun_memory::install_fault_handler(Some(crossrun_jit::fault_handler()));
}

/// An anonymous RW mapping near `hint` (the kernel may place it elsewhere).
pub fn map(hint: u64, len: usize) -> &'static mut [u8] {
    // SAFETY: a fresh private anonymous mapping; never unmapped, so 'static is fine.
    unsafe {
        let p = libc::mmap(
            hint as *mut libc::c_void,
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        assert_ne!(p, libc::MAP_FAILED);
        std::slice::from_raw_parts_mut(p as *mut u8, len)
    }
}

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A frontend serving hand-written blocks.
#[derive(Default)]
pub struct Fixed(pub Mutex<HashMap<u64, Block>>);

impl Frontend for Fixed {
    fn translate(&self, pc: u64) -> Block {
        self.0.lock().unwrap().get(&pc).cloned().expect("no block there")
    }

    fn disassemble(&self, _pc: u64) -> Option<(String, u64)> {
        // Hand-written IR has no guest encoding to show.
        None
    }
}

/// The register crossrun-a64 keeps the stack pointer in, which its guest descriptor has
/// the JIT pin.
pub const A64_SP: Reg = Reg::X(31);

/// An interpreter and a JIT on one block cache; the JIT pins `pinned` if given.
/// Tells both caches that the guest rewrote `[start, end)`, as the Linux layer does for
/// mprotect, munmap, written code pages or IC IVAU.
pub fn code_rewritten(cache: &BlockCache, jit: &Jit, start: u64, end: u64) {
    cache.invalidate(start, end);
    jit.invalidations().invalidate(start, end);
}

pub fn executors(frontend: Arc<dyn Frontend>, link: bool) -> (Arc<BlockCache>, Interpreter, Jit) {
    executors_pinning(frontend, link, Some(A64_SP))
}

pub fn executors_pinning(frontend: Arc<dyn Frontend>, link: bool, pinned: Option<Reg>) -> (Arc<BlockCache>, Interpreter, Jit) {
    let cache = Arc::new(BlockCache::new(frontend, Default::default()));
    let interrupt = Arc::new(AtomicBool::new(false));
    let interp = Interpreter::new(cache.clone(), interrupt.clone(), DebugFlags::default());
    let opts = JitOptions { code_cache_bytes: 256 << 10, link, poison_values: true, stack_pointer: pinned, ..JitOptions::default() };
    let jit = Jit::with_options(cache.clone(), interrupt, DebugFlags::default(), opts);
    (cache, interp, jit)
}
