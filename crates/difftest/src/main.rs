//! `crossrun-difftest`: the crossrun side of the differential test in tests/difftest.
//!
//! `crossrun-difftest --arch ARCH --rows` prints every decoder row of the guest
//! architecture (name, tab, pattern; RISC-V's compressed rows have 16-bit patterns), so
//! the generator can draw instructions from exactly the encodings crossrun implements.
//! ARCH is `aarch64` (the default) or `riscv64`.
//!
//! Without `--rows` it reads test cases from stdin and writes results to stdout, both as
//! fixed-size little-endian records (see `Case` and `Outcome` below, mirrored in
//! tests/difftest/run.py). Each case runs one instruction placed in the middle of a code
//! region, from the given registers, with a data region of fixed pseudo-random content;
//! the result reports the registers, how execution stopped, and every byte of the data
//! region the instruction changed. Both regions are restored between cases.
//!
//! `--jit` runs each case through the JIT (block linking off, so a step is the one
//! instruction) instead of the reference interpreter.

use crossrun_exec::{BlockCache, DebugFlags, Exit, Interpreter};
use crossrun_ir::{CpuState, Frontend, TrapKind};
use crossrun_jit::{Jit, JitOptions};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// Where the data region is mapped, in both crossrun and Unicorn.
const DATA_BASE: u64 = 0x5000_0000;
const CODE_BASE: u64 = 0x6000_0000;
const REGION_SIZE: usize = 0x10000;
/// Offset of the instruction under test in the code region.
const INSN_OFFSET: u64 = 0x8800;
/// The page around the instruction, zero-filled here and in Unicorn (UDF #0 in A64, the
/// illegal all-zero parcel in RISC-V), where it is the only executable page: a branch
/// never reaches random bytes.
const EXEC_PAGE: std::ops::Range<usize> = 0x8000..0x9000;

/// What differs between guest architectures here.
struct Guest {
    frontend: Arc<dyn Frontend>,
    /// Every decoder row: (name, pattern).
    rows: Vec<(&'static str, String)>,
    /// The instruction Unicorn runs just before the one under test to drop any
    /// exclusive reservation an earlier case left (crossrun starts every case without
    /// one); written here too, so both code regions hold the same bytes.
    preamble: u32,
    /// The word the page around the instruction is filled with (an undefined
    /// instruction, repeated).
    fill: u32,
    /// Mode bits of the instruction's location (arm's Thumb state).
    mode: u64,
    /// Whether the case's `fpcr` field is a whole FPSCR that arm splits into its control
    /// and status halves.
    fpscr: bool,
    /// Whether the instruction at a location was refused as UNPREDICTABLE (reported as
    /// `UNPREDICTABLE` rather than `UNDEFINED`), if the guest tells the two apart.
    unpredictable: Option<fn(u64) -> bool>,
}

fn guest(arch: &str) -> Option<Guest> {
    Some(match arch {
        "aarch64" => Guest {
            frontend: Arc::new(crossrun_a64::A64Frontend),
            rows: crossrun_a64::decoder::all_rows().map(|r| (r.name, r.pattern.to_string())).collect(),
            // CLREX.
            preamble: 0xd503_305f,
            fill: 0,
            mode: 0,
            fpscr: false,
            unpredictable: None,
        },
        "riscv64" => Guest {
            frontend: Arc::new(crossrun_rv64::Rv64Frontend),
            rows: crossrun_rv64::decoder::all_rows()
                .chain(crossrun_rv64::decoder::all_compressed_rows())
                .map(|r| (r.name, r.pattern.to_string()))
                .collect(),
            // sc.w zero, zero, (zero): fails (no reservation can be at address 0) and
            // clears the reservation.
            preamble: 0x1800_202f,
            fill: 0,
            mode: 0,
            fpscr: false,
            unpredictable: None,
        },
        // One instruction per block, so a step runs exactly the instruction under test
        // (0x0000 and 0x00000000 are instructions in T32 and A32).
        "arm" => Guest {
            frontend: Arc::new(crossrun_a32::A32Frontend::single_step()),
            rows: [crossrun_a32::decoder::Set::A32, crossrun_a32::decoder::Set::A32Unconditional]
                .into_iter()
                .flat_map(crossrun_a32::decoder::all_rows)
                .map(|r| (r.name, r.pattern.to_string()))
                .collect(),
            // CLREX.
            preamble: 0xf57f_f01f,
            // UDF #0.
            fill: 0xe7f0_00f0,
            mode: 0,
            fpscr: true,
            unpredictable: Some(crossrun_a32::unpredictable_at),
        },
        "thumb" => Guest {
            frontend: Arc::new(crossrun_a32::A32Frontend::single_step()),
            rows: crossrun_a32::decoder::thumb_rows(),
            // CLREX (T32: f3bf 8f2f, first halfword first).
            preamble: 0x8f2f_f3bf,
            // UDF #0, twice.
            fill: 0xde00_de00,
            mode: crossrun_a32::location::THUMB,
            fpscr: true,
            unpredictable: Some(crossrun_a32::unpredictable_at),
        },
        _ => return None,
    })
}

/// Case record: insn u32, pad u32, x[0..32] u64 (A64: x[31] is SP), nzcv u32, fpcr u32
/// (RISC-V: frm), fpsr u32 (RISC-V: fflags), pad u32, v[0..32] u128 (RISC-V: f
/// registers in the low 64 bits).
const CASE_SIZE: usize = 8 + 32 * 8 + 16 + 32 * 16;

/// Outcome kinds.
const OK: u32 = 0;
const UNDEFINED: u32 = 1;
const MEMORY_FAULT: u32 = 2;
const OTHER_TRAP: u32 = 3;
/// Undefined because the Arm ARM makes the word's operands UNPREDICTABLE and crossrun
/// takes the UNDEFINED choice (arm).
const UNPREDICTABLE: u32 = 4;

/// The fixed content of both regions: xorshift64* from a constant seed, the same
/// generator run.py uses.
fn pattern() -> Vec<u8> {
    let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut out = Vec::with_capacity(REGION_SIZE);
    while out.len() < REGION_SIZE {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        out.extend_from_slice(&s.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes());
    }
    out
}

fn map_region(addr: u64) -> io::Result<()> {
    // SAFETY: a fixed mapping at an address crossrun does not use, refused by the kernel
    // (MAP_FIXED_NOREPLACE) if anything is there already.
    let p = unsafe {
        libc::mmap(
            addr as *mut libc::c_void,
            REGION_SIZE,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED_NOREPLACE,
            -1,
            0,
        )
    };
    if p as u64 != addr {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// The executor the cases run under.
enum Executor {
    Interpreter(Interpreter),
    Jit(Box<Jit>),
}

impl Executor {
    fn new(cache: Arc<BlockCache>, jit: bool) -> Executor {
        let interrupt = Arc::new(AtomicBool::new(false));
        if jit {
            let options = JitOptions { link: false, ..JitOptions::default() };
            Executor::Jit(Box::new(Jit::with_options(cache, interrupt, DebugFlags::default(), options)))
        } else {
            Executor::Interpreter(Interpreter::new(cache, interrupt, DebugFlags::default()))
        }
    }

    /// Forgets the compiled code of the previous case (the block cache's translations
    /// are invalidated separately).
    fn forget_compiled(&mut self) {
        if let Executor::Jit(jit) = self {
            jit.flush();
        }
    }

    fn step(&mut self, cpu: &mut CpuState) -> Option<Exit> {
        match self {
            Executor::Interpreter(interp) => interp.step(cpu),
            Executor::Jit(jit) => jit.step(cpu),
        }
    }
}

fn u64_at(b: &[u8], off: usize) -> u64 {
    u64::from_le_bytes(b[off..off + 8].try_into().expect("8 bytes"))
}

fn u32_at(b: &[u8], off: usize) -> u32 {
    u32::from_le_bytes(b[off..off + 4].try_into().expect("4 bytes"))
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arch = match args.iter().position(|a| a == "--arch") {
        Some(i) => args.get(i + 1).map(String::as_str).unwrap_or(""),
        None => "aarch64",
    };
    let Some(guest) = guest(arch) else {
        eprintln!("crossrun-difftest: unknown architecture {arch:?} (supported: aarch64, riscv64, arm, thumb)");
        std::process::exit(2);
    };
    if args.iter().any(|a| a == "--rows") {
        for (name, pattern) in &guest.rows {
            println!("{name}\t{pattern}");
        }
        return Ok(());
    }
    let jit = args.iter().any(|a| a == "--jit");
    crossrun_memory::install_fault_handler(jit.then(crossrun_jit::fault_handler));
    map_region(DATA_BASE)?;
    map_region(CODE_BASE)?;
    let pristine = pattern();
    let region = |base: u64| crossrun_memory::access::write_bytes(base, &pristine).expect("mapped read-write");
    region(DATA_BASE);
    region(CODE_BASE);
    let fill: Vec<u8> = guest.fill.to_le_bytes().into_iter().cycle().take(EXEC_PAGE.len()).collect();
    crossrun_memory::access::write_bytes(CODE_BASE + EXEC_PAGE.start as u64, &fill).expect("mapped read-write");

    let cache = Arc::new(BlockCache::new(guest.frontend.clone(), Default::default()));
    let mut executor = Executor::new(cache.clone(), jit);
    let mut input = BufReader::new(io::stdin().lock());
    let mut output = BufWriter::new(io::stdout().lock());
    let mut case = vec![0u8; CASE_SIZE];
    let mut data = vec![0u8; REGION_SIZE];
    let pc = CODE_BASE + INSN_OFFSET;
    loop {
        match input.read_exact(&mut case) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(e),
        }
        let insn = u32_at(&case, 0);
        let mut cpu = guest.frontend.initial_state();
        for i in 0..32 {
            cpu.x[i] = u64_at(&case, 8 + i * 8);
        }
        let tail = 8 + 32 * 8;
        cpu.nzcv = u32_at(&case, tail);
        cpu.fp_control = u32_at(&case, tail + 4);
        cpu.fp_status = u32_at(&case, tail + 8);
        if guest.fpscr {
            let fpscr = cpu.fp_control;
            cpu.fp_control = fpscr & crossrun_a32::FPSCR_CONTROL;
            cpu.fp_status = fpscr & crossrun_a32::FPSCR_STATUS;
        }
        for i in 0..32 {
            let off = tail + 16 + i * 16;
            cpu.v[i] = u128::from_le_bytes(case[off..off + 16].try_into().expect("16 bytes"));
        }
        // The code region afresh (a PC-relative store may have written into it), then the
        // instruction. A 16-bit instruction is followed by the rest of the 32-bit store.
        region(CODE_BASE);
        crossrun_memory::access::write_bytes(CODE_BASE + EXEC_PAGE.start as u64, &fill).expect("mapped read-write");
        crossrun_memory::access::store(pc - 4, u64::from(guest.preamble), 4).expect("code region is writable");
        crossrun_memory::access::store(pc, u64::from(insn), 4).expect("code region is writable");
        cache.invalidate(CODE_BASE + EXEC_PAGE.start as u64, CODE_BASE + EXEC_PAGE.end as u64);
        executor.forget_compiled();
        cpu.pc = pc | guest.mode;
        let kind = match executor.step(&mut cpu) {
            None => OK,
            Some(Exit::Trap(TrapKind::Undefined { .. })) if cpu.pc == pc | guest.mode => {
                if guest.unpredictable.is_some_and(|refused| refused(cpu.pc)) {
                    UNPREDICTABLE
                } else {
                    UNDEFINED
                }
            }
            Some(Exit::Trap(TrapKind::Undefined { .. })) => OK,
            Some(Exit::Trap(TrapKind::FetchFault { .. })) => OK,
            Some(Exit::MemoryFault { .. }) => MEMORY_FAULT,
            Some(_) => OTHER_TRAP,
        };
        // Outcome record: kind u32, pad u32, x[0..32] u64, pc u64, nzcv u32, fpsr u32,
        // fpcr u32, pad u32, v[0..32] u128, then the changed bytes of the data region as
        // a count u32 and (offset u32, byte u8) pairs.
        let mut out = Vec::with_capacity(CASE_SIZE + 64);
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        for x in cpu.x {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out.extend_from_slice(&cpu.pc.to_le_bytes());
        out.extend_from_slice(&cpu.nzcv.to_le_bytes());
        out.extend_from_slice(&cpu.fp_status.to_le_bytes());
        out.extend_from_slice(&cpu.fp_control.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        for v in cpu.v {
            out.extend_from_slice(&v.to_le_bytes());
        }
        crossrun_memory::access::read_bytes(DATA_BASE, &mut data).expect("mapped");
        let changed: Vec<usize> = (0..REGION_SIZE).filter(|&i| data[i] != pristine[i]).collect();
        out.extend_from_slice(&(changed.len() as u32).to_le_bytes());
        for &i in &changed {
            out.extend_from_slice(&(i as u32).to_le_bytes());
            out.push(data[i]);
        }
        if !changed.is_empty() {
            region(DATA_BASE);
        }
        output.write_all(&out)?;
        output.flush()?;
    }
    Ok(())
}
