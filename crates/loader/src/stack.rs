//! The initial stack, laid out as the Linux kernel's ELF loader lays it out
//! (fs/binfmt_elf.c create_elf_tables): from the top, a NULL word, the program path
//! (AT_EXECFN), the environment and argument strings, the platform string, 16 random
//! bytes (AT_RANDOM), then, 16-byte aligned at the stack pointer: argc, argv[], NULL,
//! envp[], NULL, auxv, all words of the program's class (8 bytes, or 4 for 32-bit
//! programs).

use crate::map::Mapped;
use crate::LoadError;
use crossrun_memory::access;
use crossrun_memory::space::MapRequest;
use crossrun_memory::{GuestSpace, Protection};

// Auxiliary vector keys (include/uapi/linux/auxvec.h), the same on every architecture.
const AT_NULL: u64 = 0;
const AT_PHDR: u64 = 3;
const AT_PHENT: u64 = 4;
const AT_PHNUM: u64 = 5;
const AT_PAGESZ: u64 = 6;
const AT_BASE: u64 = 7;
const AT_FLAGS: u64 = 8;
const AT_ENTRY: u64 = 9;
const AT_UID: u64 = 11;
const AT_EUID: u64 = 12;
const AT_GID: u64 = 13;
const AT_EGID: u64 = 14;
const AT_PLATFORM: u64 = 15;
const AT_HWCAP: u64 = 16;
const AT_CLKTCK: u64 = 17;
const AT_SECURE: u64 = 23;
const AT_RANDOM: u64 = 25;
const AT_HWCAP2: u64 = 26;
const AT_EXECFN: u64 = 31;
const AT_MINSIGSTKSZ: u64 = 51;

/// The inaccessible gap below the guest stack: the kernel's default stack_guard_gap
/// (256 pages).
pub const STACK_GUARD: u64 = 256 * crossrun_memory::PAGE_SIZE;

/// Names of the auxv keys crossrun emits, for `-d` output and tests.
pub fn auxv_names(key: u64) -> &'static str {
    match key {
        AT_NULL => "AT_NULL",
        AT_PHDR => "AT_PHDR",
        AT_PHENT => "AT_PHENT",
        AT_PHNUM => "AT_PHNUM",
        AT_PAGESZ => "AT_PAGESZ",
        AT_BASE => "AT_BASE",
        AT_FLAGS => "AT_FLAGS",
        AT_ENTRY => "AT_ENTRY",
        AT_UID => "AT_UID",
        AT_EUID => "AT_EUID",
        AT_GID => "AT_GID",
        AT_EGID => "AT_EGID",
        AT_PLATFORM => "AT_PLATFORM",
        AT_HWCAP => "AT_HWCAP",
        AT_CLKTCK => "AT_CLKTCK",
        AT_SECURE => "AT_SECURE",
        AT_RANDOM => "AT_RANDOM",
        AT_HWCAP2 => "AT_HWCAP2",
        AT_EXECFN => "AT_EXECFN",
        AT_MINSIGSTKSZ => "AT_MINSIGSTKSZ",
        _ => "AT_?",
    }
}

/// Everything that goes on the initial stack besides what the loader computes.
#[derive(Clone, Debug)]
pub struct StackSpec {
    pub size: u64,
    pub argv: Vec<Vec<u8>>,
    pub envp: Vec<Vec<u8>>,
    /// The path the program was started by (AT_EXECFN).
    pub execfn: Vec<u8>,
    pub hwcap: u64,
    pub hwcap2: u64,
    /// AT_PLATFORM's string, if the guest's kernel gives one.
    pub platform: Option<&'static str>,
    /// Whether the program runs with elevated privileges (AT_SECURE).
    pub secure: bool,
    pub random: [u8; 16],
    /// AT_MINSIGSTKSZ: the smallest signal stack the guest's signal frames fit in, if the
    /// guest's kernel reports one.
    pub min_signal_stack: Option<u64>,
}

/// Writes bytes downwards from `top`, like the kernel's copy_strings.
struct Writer {
    sp: u64,
    floor: u64,
}

impl Writer {
    fn push_bytes(&mut self, bytes: &[u8]) -> Result<u64, LoadError> {
        let len = bytes.len() as u64;
        if self.sp - self.floor < len {
            return Err(LoadError::StackTooSmall { size: 0 });
        }
        self.sp -= len;
        access::write_bytes(self.sp, bytes).expect("the stack was just mapped read-write");
        Ok(self.sp)
    }

    fn push_c_string(&mut self, s: &[u8]) -> Result<u64, LoadError> {
        let mut v = s.to_vec();
        v.push(0);
        self.push_bytes(&v)
    }
}

fn ids() -> (u64, u64, u64, u64) {
    // SAFETY: these calls cannot fail and have no preconditions.
    unsafe { (libc::getuid() as u64, libc::geteuid() as u64, libc::getgid() as u64, libc::getegid() as u64) }
}

/// The mapped stack: `[bottom, top)`, read-write, above its guard gap.
#[derive(Clone, Copy, Debug)]
pub struct Stack {
    bottom: u64,
    top: u64,
}

/// Maps the stack with its guard gap below it, and has the guest's later mappings
/// placed below that (the kernel's mmap_base).
pub fn map(space: &mut GuestSpace, spec: &StackSpec) -> Result<Stack, LoadError> {
    // Like the kernel's stack_guard_gap, inaccessible pages below the stack make an
    // overflow fault instead of running into whatever the host maps next to it. They
    // belong to the guest, so the host never places its own memory there either.
    let req = MapRequest {
        addr: 0,
        len: STACK_GUARD + spec.size,
        prot: Protection::RW,
        flags: libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
        fd: -1,
        offset: 0,
    };
    let map_failed = |e: crossrun_memory::MapError| LoadError::Map { what: "the stack", addr: 0, reason: format!("errno {}", e.errno()) };
    let guard = space.map(req).map_err(map_failed)?;
    space.protect(guard, STACK_GUARD, Protection::NONE).map_err(map_failed)?;
    space.set_mmap_base(guard);
    let bottom = guard + STACK_GUARD;
    Ok(Stack { bottom, top: bottom + spec.size })
}

/// Fills the stack; returns the initial SP and the auxv given to the guest. `word` is
/// the size of the program's pointers.
pub fn build(
    stack: &Stack,
    spec: &StackSpec,
    word: usize,
    program: &Mapped,
    interp: Option<&Mapped>,
) -> Result<(u64, Vec<(u64, u64)>), LoadError> {
    let too_small = |_| LoadError::StackTooSmall { size: spec.size };
    let mut w = Writer { sp: stack.top, floor: stack.bottom };
    // The kernel leaves the last word of the stack as a NULL end marker.
    w.push_bytes(&[0; 8][..word]).map_err(too_small)?;
    let execfn = w.push_c_string(&spec.execfn).map_err(too_small)?;
    let mut envp = Vec::with_capacity(spec.envp.len());
    for e in spec.envp.iter().rev() {
        envp.push(w.push_c_string(e).map_err(too_small)?);
    }
    envp.reverse();
    let mut argv = Vec::with_capacity(spec.argv.len());
    for a in spec.argv.iter().rev() {
        argv.push(w.push_c_string(a).map_err(too_small)?);
    }
    argv.reverse();
    let platform = match spec.platform {
        Some(p) => Some(w.push_c_string(p.as_bytes()).map_err(too_small)?),
        None => None,
    };
    let random = w.push_bytes(&spec.random).map_err(too_small)?;

    let (uid, euid, gid, egid) = ids();
    let mut auxv: Vec<(u64, u64)> = spec.min_signal_stack.map(|m| (AT_MINSIGSTKSZ, m)).into_iter().collect();
    auxv.extend([
        (AT_HWCAP, spec.hwcap),
        (AT_PAGESZ, crossrun_memory::PAGE_SIZE),
        (AT_CLKTCK, 100),
        (AT_PHDR, program.phdr),
        (AT_PHENT, program.phentsize),
        (AT_PHNUM, program.phnum),
        (AT_BASE, interp.map_or(0, |i| i.bias)),
        (AT_FLAGS, 0),
        (AT_ENTRY, program.entry),
        (AT_UID, uid),
        (AT_EUID, euid),
        (AT_GID, gid),
        (AT_EGID, egid),
        (AT_SECURE, spec.secure as u64),
        (AT_RANDOM, random),
        (AT_HWCAP2, spec.hwcap2),
        (AT_EXECFN, execfn),
    ]);
    auxv.extend(platform.map(|p| (AT_PLATFORM, p)));
    auxv.push((AT_NULL, 0));
    // argc, argv, NULL, envp, NULL, then the auxv pairs: all words.
    let words = 1 + argv.len() + 1 + envp.len() + 1 + 2 * auxv.len();
    let table = (w.sp - (word * words) as u64) & !15;
    if table < w.floor {
        return Err(LoadError::StackTooSmall { size: spec.size });
    }
    let mut table_words: Vec<u64> = Vec::with_capacity(words);
    table_words.push(argv.len() as u64);
    table_words.extend(&argv);
    table_words.push(0);
    table_words.extend(&envp);
    table_words.push(0);
    for (k, v) in &auxv {
        table_words.extend([*k, *v]);
    }
    let bytes: Vec<u8> = table_words.iter().flat_map(|w| w.to_le_bytes().into_iter().take(word)).collect();
    access::write_bytes(table, &bytes).expect("the stack was just mapped read-write");
    Ok((table, auxv))
}
