//! A guest process for unit tests: set the registers, run one system call.
//!
//! Calls are named as the kernel names them (`g.call("openat", ...)`) and looked up in
//! the guest's own table, so a test of a generic handler runs against any guest's ABI.

use crate::arch::{GuestArch, GUESTS};
use crate::dispatch::Stop;
use crate::process::{Process, ProcessConfig, ThreadState};
use crossrun_ir::CpuState;
use crossrun_memory::space::MapRequest;
use crossrun_memory::{GuestSpace, Protection};
use std::path::Path;
use std::sync::Arc;

pub struct Guest {
    pub process: Arc<Process>,
    pub thread: ThreadState,
    pub cpu: CpuState,
}

/// Some address range nothing is mapped at right now (found by mapping and unmapping it).
pub fn free_range(len: usize) -> u64 {
    // SAFETY: a fresh anonymous mapping the kernel places, unmapped again at once.
    unsafe {
        let p = libc::mmap(std::ptr::null_mut(), len, libc::PROT_NONE, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, -1, 0);
        assert_ne!(p, libc::MAP_FAILED);
        libc::munmap(p, len);
        p as u64
    }
}

/// The guest the tests of generic code run as (any would do: they name calls, not
/// numbers).
pub fn test_arch() -> &'static GuestArch {
    GUESTS[0]
}

/// A process of guest `arch` with `config`: its address space held below the guest's
/// limit as the CLI's would be (without the fixed pages, which one host process can
/// hold for only one guest).
pub fn process(arch: &'static GuestArch, config: ProcessConfig) -> Arc<Process> {
    crossrun_memory::install_fault_handler(None);
    let mut space = GuestSpace::with_address_bits(arch.address_bits).expect("the guest's address space");
    // A free range for the break, with room above it to grow in.
    let probe = MapRequest { addr: 0, len: 64 << 20, prot: Protection::NONE, flags: libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE, fd: -1, offset: 0 };
    let free = space.map(probe).expect("room for the break");
    space.unmap(free, 64 << 20).unwrap();
    Process::new(arch, space, free + (16 << 20), config)
}

impl Guest {
    pub fn new() -> Guest {
        Guest::with_config(ProcessConfig { exe_path: "/guest/bin/prog".into(), ..Default::default() })
    }

    pub fn with_config(config: ProcessConfig) -> Guest {
        Guest::of(process(test_arch(), config))
    }

    /// A process of the guest `arch`.
    pub fn for_arch(arch: &'static GuestArch) -> Guest {
        Guest::of(process(arch, ProcessConfig { exe_path: "/guest/bin/prog".into(), ..Default::default() }))
    }

    fn of(process: Arc<Process>) -> Guest {
        let thread = process.main_thread();
        Guest { process, thread, cpu: CpuState::default() }
    }

    /// The number of the call the kernel names `name`, in this guest's table.
    pub fn nr(&self, name: &str) -> u64 {
        let abi = self.process.abi();
        let def = abi.syscalls.iter().find(|d| d.name == name);
        def.unwrap_or_else(|| panic!("{} has no system call {name}", abi.name)).nr as u64
    }

    /// Runs the call `name`; what the guest sees in its return register, as a signed
    /// value.
    pub fn call(&mut self, name: &str, args: &[u64]) -> i64 {
        let stop = self.call_raw(name, args);
        assert_eq!(stop, None, "{name} stopped the thread");
        (self.process.abi().result)(&self.cpu) as i64
    }

    pub fn call_raw(&mut self, name: &str, args: &[u64]) -> Option<Stop> {
        let nr = self.nr(name);
        self.call_nr(nr, args)
    }

    /// Runs the call with number `nr` (one the table may not have).
    pub fn call_nr(&mut self, nr: u64, args: &[u64]) -> Option<Stop> {
        let mut all = [0u64; 6];
        all[..args.len()].copy_from_slice(args);
        let abi = self.process.abi();
        (abi.set_syscall)(&mut self.cpu, nr, &all);
        self.process.syscall(&mut self.thread, &mut self.cpu, nr, all, abi.lookup(nr))
    }

    pub fn openat_path(&mut self, path: &Path, flags: u64, mode: u64) -> i64 {
        let c = self.c_string(path.to_str().unwrap());
        self.call("openat", &[(-100i64) as u32 as u64, c, flags, mode])
    }

    /// `len` bytes of fresh, zeroed, read-write guest memory (a 32-bit guest's below 4
    /// GiB, as its pointers must be).
    pub fn alloc(&mut self, len: u64) -> u64 {
        let req = MapRequest { addr: 0, len, prot: Protection::RW, flags: libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, fd: -1, offset: 0 };
        self.process.space().map(req).expect("guest memory")
    }

    /// `s` NUL-terminated in guest memory.
    pub fn c_string(&mut self, s: &str) -> u64 {
        let at = self.alloc(s.len() as u64 + 1);
        crate::guest::write(at, s.as_bytes()).unwrap();
        at
    }

    pub fn close(&mut self, fd: i32) {
        assert_eq!(self.call("close", &[fd as u64]), 0);
    }
}

pub fn cstr(s: &str) -> std::ffi::CString {
    std::ffi::CString::new(s).unwrap()
}

/// Runs the single test `name` of this test binary in a child process with `env` set,
/// in an empty temporary directory, and returns how it ended. The test checks `env` to
/// know it is the child. Also asserts that no file (e.g. a core dump) appeared.
pub fn run_child_test(name: &str, env: (&str, &str)) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(env.0, env.1)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "files left behind (a core dump?)");
    out
}
