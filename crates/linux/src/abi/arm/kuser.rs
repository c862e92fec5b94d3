//! The kuser helpers page at 0xffff0000 (Documentation/arch/arm/kernel_user_helpers.rst,
//! arch/arm/kernel/entry-armv.S): small routines the kernel puts at fixed addresses at
//! the top of every arm process's address space, which programs call with `blx`
//! instead of using instructions older cores lack. armel's libgcc (atomic builtins on
//! ARMv5), glibc on cores without a TLS register and Go's arm runtime use them.
//!
//! They are real A32 code in a read-execute guest page, built the way the kernel builds
//! them for an SMP ARMv7 core, so they run like any guest code and are atomic with
//! respect to other threads because LDREX/STREX are (the executors run them on host
//! locked instructions):
//!
//! | address    | helper                   | in            | out                       |
//! | ---------- | ------------------------ | ------------- | ------------------------- |
//! | 0xffff0f60 | `__kuser_cmpxchg64`      | r0 = &old, r1 = &new, r2 = ptr (64-bit values) | r0 = 0 and C set if `*ptr` was `old` and is now `new`, else r0 != 0 and C clear; r3, ip and the flags clobbered |
//! | 0xffff0fa0 | `__kuser_memory_barrier` | —             | — (a full barrier)        |
//! | 0xffff0fc0 | `__kuser_cmpxchg`        | r0 = old, r1 = new, r2 = ptr | as cmpxchg64, 32-bit |
//! | 0xffff0fe0 | `__kuser_get_tls`        | —             | r0 = TPIDRURO (set_tls's value) |
//! | 0xffff0ffc | `__kuser_helper_version` | (a word)      | 5: the number of 32-byte helper slots |
//!
//! Unused words hold the kernel's poison (an undefined instruction), as in its page.

/// The page's address (the exception vector page on an arm kernel).
pub const PAGE: u64 = 0xffff_0000;

pub const CMPXCHG64: u64 = 0xffff_0f60;
pub const MEMORY_BARRIER: u64 = 0xffff_0fa0;
pub const CMPXCHG: u64 = 0xffff_0fc0;
pub const GET_TLS: u64 = 0xffff_0fe0;
pub const HELPER_VERSION: u64 = 0xffff_0ffc;

/// `udf #57073` (0xe7fddef1): what the kernel fills its vector and signal pages with.
const POISON: u32 = 0xe7fd_def1;

/// `__kuser_cmpxchg64`: the kernel's ARMv6K+ SMP version.
const CMPXCHG64_CODE: [u32; 14] = [
    0xe92d_00f0, // push    {r4, r5, r6, r7}
    0xe1c0_40d0, // ldrd    r4, r5, [r0]        old value
    0xe1c1_60d0, // ldrd    r6, r7, [r1]        new value
    0xf57f_f05b, // dmb     ish
    0xe1b2_0f9f, // 1: ldrexd r0, r1, [r2]      current value
    0xe030_3004, // eors    r3, r0, r4
    0x0031_3005, // eorseq  r3, r1, r5
    0x01a2_3f96, // strexdeq r3, r6, r7, [r2]   store if equal
    0x0333_0001, // teqeq   r3, #1              lost the reservation?
    0x0aff_fff9, // beq     1b                  then retry
    0xf57f_f05b, // dmb     ish
    0xe273_0000, // rsbs    r0, r3, #0          0 and C set when stored
    0xe8bd_00f0, // pop     {r4, r5, r6, r7}
    0xe12f_ff1e, // bx      lr
];

/// `__kuser_memory_barrier`.
const MEMORY_BARRIER_CODE: [u32; 2] = [
    0xf57f_f05b, // dmb     ish
    0xe12f_ff1e, // bx      lr
];

/// `__kuser_cmpxchg`: the kernel's ARMv6+ version, with the SMP barrier.
const CMPXCHG_CODE: [u32; 8] = [
    0xe192_3f9f, // 1: ldrex r3, [r2]
    0xe053_3000, // subs    r3, r3, r0          the current value is old?
    0x0182_3f91, // strexeq r3, r1, [r2]        then store new
    0x0333_0001, // teqeq   r3, #1              lost the reservation?
    0x0aff_fffa, // beq     1b                  then retry
    0xe273_0000, // rsbs    r0, r3, #0          0 and C set when stored
    0xf57f_f05b, // dmb     ish
    0xe12f_ff1e, // bx      lr
];

/// `__kuser_get_tls` on a core with the TLS register; the kernel keeps the hardware
/// version at +8 too (it copies it over the software one at boot), and the software TLS
/// value's words after it stay zero.
const GET_TLS_CODE: [u32; 4] = [
    0xee1d_0f70, // mrc     p15, 0, r0, c13, c0, 3   TPIDRURO
    0xe12f_ff1e, // bx      lr
    0xee1d_0f70, // mrc     p15, 0, r0, c13, c0, 3
    POISON,
];

/// The helpers' slots span 0xffff0f60..0xffff1000: five 32-byte slots.
const HELPER_VERSION_VALUE: u32 = 5;

/// The page's bytes.
pub static CONTENTS: [u8; 4096] = page();

const fn page() -> [u8; 4096] {
    let mut words = [POISON; 1024];
    words = put(words, CMPXCHG64, &CMPXCHG64_CODE);
    words = put(words, MEMORY_BARRIER, &MEMORY_BARRIER_CODE);
    words = put(words, CMPXCHG, &CMPXCHG_CODE);
    words = put(words, GET_TLS, &GET_TLS_CODE);
    // 0xffff0ff0..0xffff0ffc: the software TLS value and padding.
    words = put(words, 0xffff_0ff0, &[0, 0, 0]);
    words = put(words, HELPER_VERSION, &[HELPER_VERSION_VALUE]);
    let mut bytes = [0u8; 4096];
    let mut i = 0;
    while i < 1024 {
        let b = words[i].to_le_bytes();
        bytes[4 * i] = b[0];
        bytes[4 * i + 1] = b[1];
        bytes[4 * i + 2] = b[2];
        bytes[4 * i + 3] = b[3];
        i += 1;
    }
    bytes
}

const fn put(mut words: [u32; 1024], addr: u64, code: &[u32]) -> [u32; 1024] {
    let first = ((addr - PAGE) / 4) as usize;
    let mut i = 0;
    while i < code.len() {
        words[first + i] = code[i];
        i += 1;
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(addr: u64) -> u32 {
        let at = (addr - PAGE) as usize;
        u32::from_le_bytes(CONTENTS[at..at + 4].try_into().unwrap())
    }

    #[test]
    fn helpers_sit_in_their_slots() {
        assert_eq!(word(HELPER_VERSION), 5);
        assert_eq!(word(CMPXCHG), 0xe192_3f9f);
        assert_eq!(word(GET_TLS), 0xee1d_0f70);
        assert_eq!(word(0xffff_0ff0), 0, "software TLS value");
        assert_eq!(word(PAGE), POISON);
        // Every helper ends in `bx lr` within its slot.
        for (start, code_len) in [(CMPXCHG64, 14), (MEMORY_BARRIER, 2), (CMPXCHG, 8), (GET_TLS, 2)] {
            assert_eq!(word(start + 4 * (code_len - 1)), 0xe12f_ff1e);
        }
        const { assert!(CMPXCHG64 + 4 * 14 <= MEMORY_BARRIER && MEMORY_BARRIER + 8 <= CMPXCHG && CMPXCHG + 32 <= GET_TLS) };
    }

    /// The encodings are what the cross assembler makes of the kernel's instructions
    /// (skipped without arm-linux-gnueabihf-as).
    #[test]
    fn encodings_match_the_assembler() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let src = dir.path().join("k.s");
        let obj = dir.path().join("k.o");
        std::fs::write(
            &src,
            ".syntax unified\n.arch armv7-a\n.arm\n\
             cmpxchg64: push {r4, r5, r6, r7}\nldrd r4, r5, [r0]\nldrd r6, r7, [r1]\ndmb ish\n\
             1: ldrexd r0, r1, [r2]\neors r3, r0, r4\neorseq r3, r1, r5\nstrexdeq r3, r6, r7, [r2]\nteqeq r3, #1\nbeq 1b\n\
             dmb ish\nrsbs r0, r3, #0\npop {r4, r5, r6, r7}\nbx lr\n\
             barrier: dmb ish\nbx lr\n\
             cmpxchg: 2: ldrex r3, [r2]\nsubs r3, r3, r0\nstrexeq r3, r1, [r2]\nteqeq r3, #1\nbeq 2b\nrsbs r0, r3, #0\ndmb ish\nbx lr\n\
             get_tls: mrc p15, 0, r0, c13, c0, 3\nbx lr\n",
        )
        .unwrap();
        let Ok(status) = std::process::Command::new("arm-linux-gnueabihf-as").arg("-o").arg(&obj).arg(&src).status() else {
            eprintln!("skipped: arm-linux-gnueabihf-as is not installed");
            return;
        };
        assert!(status.success());
        let out = std::process::Command::new("arm-linux-gnueabihf-objcopy").args(["-O", "binary", "-j", ".text"]).arg(&obj).arg(dir.path().join("k.bin")).status();
        assert!(out.unwrap().success());
        let bin = std::fs::read(dir.path().join("k.bin")).unwrap();
        let words: Vec<u32> = bin.chunks(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect();
        let ours: Vec<u32> = [&CMPXCHG64_CODE[..], &MEMORY_BARRIER_CODE, &CMPXCHG_CODE, &GET_TLS_CODE[..2]].concat();
        assert_eq!(words, ours);
    }

    /// The helpers run as the guest runs them: the frontend translates the page and the
    /// interpreter executes it, returning through lr (Arm or Thumb) to an `svc`.
    mod running {
        use super::*;
        use crate::abi::arm::ARCH;
        use crossrun_a32::location;
        use crossrun_exec::{BlockCache, DebugFlags, Executor, Exit, Interpreter};
        use crossrun_ir::CpuState;
        use crossrun_memory::space::MapRequest;
        use crossrun_memory::{GuestSpace, Protection};
        use std::sync::atomic::AtomicBool;
        use std::sync::Arc;

        /// `svc #0` in Arm state, then in Thumb state.
        const SVC_A32: u32 = 0xef00_0000;
        const SVC_T16: u16 = 0xdf00;
        const C: u32 = 1 << 29;

        /// The page at 0xffff0000 exists once per host process: the tests that map it
        /// take turns.
        static PAGE_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

        struct Machine {
            _turn: std::sync::MutexGuard<'static, ()>,
            space: GuestSpace,
            cache: Arc<BlockCache>,
            data: u64,
            ret: u64,
        }

        /// The page at 0xffff0000, a data page and a page of return `svc`s.
        fn machine() -> Machine {
            crossrun_memory::install_fault_handler(None);
            let turn = PAGE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
            let mut space = ARCH.new_space().unwrap();
            let rw = |space: &mut GuestSpace| {
                let req = MapRequest { addr: 0, len: 4096, prot: Protection::RW, flags: libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, fd: -1, offset: 0 };
                space.map(req).unwrap()
            };
            let (data, ret) = (rw(&mut space), rw(&mut space));
            crate::guest::write_u32(ret, SVC_A32).unwrap();
            crate::guest::write(ret + 4, &SVC_T16.to_le_bytes()).unwrap();
            let cache = Arc::new(BlockCache::new((ARCH.frontend)(ARCH.cpu_model(None).unwrap()), Default::default()));
            Machine { _turn: turn, space, cache, data, ret }
        }

        impl Machine {
            fn interpreter(&self) -> Interpreter {
                Interpreter::new(self.cache.clone(), Arc::new(AtomicBool::new(false)), DebugFlags::default())
            }

            /// Calls `helper` with r0..r2 from Arm code (or Thumb code), returning the
            /// registers after it came back to the `svc` at lr.
            fn call(&self, helper: u64, args: [u64; 3], thumb: bool) -> CpuState {
                let mut cpu = CpuState::default();
                cpu.x[..3].copy_from_slice(&args);
                cpu.x[13] = self.data + 2048;
                cpu.x[14] = if thumb { self.ret + 4 + 1 } else { self.ret };
                cpu.thread_pointer = 0x4242_1000;
                cpu.nzcv = if thumb { 0 } else { 0xf000_0000 };
                cpu.pc = location::location(helper as u32, false, 0);
                let exit = self.interpreter().run(&mut cpu);
                assert!(matches!(exit, Exit::Syscall), "{exit:?}");
                let back = if thumb { self.ret + 4 + 2 } else { self.ret + 4 };
                assert_eq!((location::address_of(cpu.pc) as u64, location::thumb(cpu.pc)), (back, thumb), "returned to lr");
                cpu
            }
        }

        impl Drop for Machine {
            fn drop(&mut self) {
                for (s, e) in self.space.ranges().collect::<Vec<_>>() {
                    self.space.unmap(s, e - s).unwrap();
                }
            }
        }

        #[test]
        fn helpers_behave_as_the_kernels() {
            let m = machine();
            let (ptr, old, new) = (m.data, m.data + 8, m.data + 16);
            for thumb in [false, true] {
                // __kuser_cmpxchg: stores when *ptr is old, reporting it in r0 and C.
                crate::guest::write_u32(ptr, 5).unwrap();
                let cpu = m.call(CMPXCHG, [5, 7, ptr], thumb);
                assert_eq!((cpu.x[0], cpu.nzcv & C), (0, C));
                assert_eq!(crate::guest::read_u32(ptr).unwrap(), 7);
                let cpu = m.call(CMPXCHG, [5, 9, ptr], thumb);
                assert!(cpu.x[0] != 0 && cpu.nzcv & C == 0);
                assert_eq!(crate::guest::read_u32(ptr).unwrap(), 7, "not stored");
                // __kuser_cmpxchg64 through pointers to the old and new values; r4..r7,
                // which it uses, come back unchanged.
                crate::guest::write_u64(ptr, 0x1_0000_0002).unwrap();
                crate::guest::write_u64(old, 0x1_0000_0002).unwrap();
                crate::guest::write_u64(new, 0xffff_0000_0000_0003).unwrap();
                let cpu = m.call(CMPXCHG64, [old, new, ptr], thumb);
                assert_eq!((cpu.x[0], cpu.nzcv & C), (0, C));
                assert_eq!(cpu.x[4..8], [0; 4]);
                assert_eq!(cpu.x[13], m.data + 2048, "the stack is balanced");
                assert_eq!(crate::guest::read_u64(ptr).unwrap(), 0xffff_0000_0000_0003);
                let cpu = m.call(CMPXCHG64, [old, new, ptr], thumb);
                assert!(cpu.x[0] != 0 && cpu.nzcv & C == 0, "the high word differs");
                // __kuser_get_tls reads TPIDRURO; the barrier leaves r0 alone.
                assert_eq!(m.call(GET_TLS, [0, 0, 0], thumb).x[0], 0x4242_1000);
                assert_eq!(m.call(MEMORY_BARRIER, [11, 0, 0], thumb).x[0], 11);
            }
            assert_eq!(crate::guest::read_u32(HELPER_VERSION).unwrap(), 5);
        }

        /// Two threads increment one counter through __kuser_cmpxchg: none of the
        /// increments is lost.
        #[test]
        fn cmpxchg_is_atomic_between_threads() {
            let m = machine();
            let code = m.data + 1024;
            // loop: ldr r0, [r4]; add r1, r0, #1; mov r2, r4; blx r5; bcc loop;
            //       subs r6, r6, #1; bne loop; svc #0
            let loop_code = [0xe594_0000u32, 0xe280_1001, 0xe1a0_2004, 0xe12f_ff35, 0x3aff_fffa, 0xe256_6001, 0x1aff_fff8, SVC_A32];
            for (i, w) in loop_code.iter().enumerate() {
                crate::guest::write_u32(code + 4 * i as u64, *w).unwrap();
            }
            let counter = m.data;
            crate::guest::write_u32(counter, 0).unwrap();
            const EACH: u64 = 20_000;
            std::thread::scope(|s| {
                for t in 0..2u64 {
                    let m = &m;
                    s.spawn(move || {
                        let mut cpu = CpuState::default();
                        cpu.x[4] = counter;
                        cpu.x[5] = CMPXCHG;
                        cpu.x[6] = EACH;
                        cpu.x[13] = m.data + 2048 - 256 * t;
                        cpu.pc = location::location(code as u32, false, 0);
                        let exit = m.interpreter().run(&mut cpu);
                        assert!(matches!(exit, Exit::Syscall), "{exit:?}");
                    });
                }
            });
            assert_eq!(crate::guest::read_u32(counter).unwrap() as u64, 2 * EACH);
        }
    }
}
