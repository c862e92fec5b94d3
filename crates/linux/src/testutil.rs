//! A guest process for unit tests: set the registers, run one system call.

use crate::dispatch::Stop;
use crate::process::{Process, ProcessConfig, ThreadState};
use crossrun_ir::CpuState;
use crossrun_memory::GuestSpace;
use std::path::Path;
use std::sync::Arc;
use syscalls::aarch64::Sysno;

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

impl Guest {
    pub fn new() -> Guest {
        Guest::with_config(ProcessConfig { exe_path: "/guest/bin/prog".into(), ..Default::default() })
    }

    pub fn with_config(config: ProcessConfig) -> Guest {
        crossrun_memory::install_fault_handler(None);
        // Leave room above the break for it to grow in.
        let brk_start = free_range(64 << 20) + (16 << 20);
        let process = Process::new(GuestSpace::new(), brk_start, config);
        let thread = process.main_thread();
        Guest { process, thread, cpu: CpuState::default() }
    }

    /// Runs one system call; what the guest sees in x0, as a signed value.
    pub fn call(&mut self, nr: Sysno, args: &[u64]) -> i64 {
        let stop = self.call_raw(nr as u64, args);
        assert_eq!(stop, None, "{nr:?} stopped the thread");
        self.cpu.x[0] as i64
    }

    pub fn call_raw(&mut self, nr: u64, args: &[u64]) -> Option<Stop> {
        self.cpu.x[8] = nr;
        for i in 0..6 {
            self.cpu.x[i] = args.get(i).copied().unwrap_or(0);
        }
        self.process.syscall(&mut self.thread, &mut self.cpu)
    }

    pub fn openat_path(&mut self, path: &Path, flags: u64, mode: u64) -> i64 {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        self.call(Sysno::openat, &[(-100i64) as u64, c.as_ptr() as u64, flags, mode])
    }

    pub fn close(&mut self, fd: i32) {
        assert_eq!(self.call(Sysno::close, &[fd as u64]), 0);
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
