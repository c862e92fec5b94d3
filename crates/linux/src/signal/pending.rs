//! Signals arriving on the host for the guest.
//!
//! For every signal the guest has a handler for, crossrun installs [`on_signal`] on the
//! host, *without* SA_RESTART, so a host system call the guest thread is blocked in
//! returns EINTR and the guest's own SA_RESTART choice can be applied (see
//! [`super::deliver`]). The handler runs on the host thread that runs the guest thread
//! the kernel chose, which is exactly the guest's choice since host masks mirror guest
//! masks. It:
//! 1. records the siginfo in that thread's slot ([`ThreadSignals`], thread-local,
//!    lock-free atomics only);
//! 2. adds the signal to the *interrupted context's* mask, so it stays blocked on the
//!    host until the guest has taken this one: further instances (real-time signals
//!    queue) wait in the host kernel instead of overwriting the slot;
//! 3. sets the thread's executor interrupt flag, so the guest stops at the next block
//!    boundary (`Exit::Interrupted`);
//! 4. closes the race with blocking calls (below).
//!
//! # The syscall window
//! The run loop checks for recorded signals before it carries out a system call, but a
//! signal can arrive after that check and before the host call blocks; the call would
//! then sleep with a signal pending. Every host system call crossrun makes for the guest
//! through `sys::raw` goes through [`syscall`], a few instructions of assembly that
//! check the recorded set once more *inside* a known code range and then execute
//! `syscall`. If the handler finds the interrupted RIP inside that range, between the
//! check and the `syscall` instruction inclusive, the call has not started: it moves RIP
//! to a stub that returns "not made", which [`syscall`] turns into -EINTR and remembers
//! for [`take_skipped`] (the run loop then restarts the guest's call after the handler,
//! since for the guest the signal came before its `svc`). A signal after the `syscall` instruction interrupts
//! the call itself (EINTR, no SA_RESTART on the host). So no signal is ever left
//! waiting behind a sleeping call. (Chosen over sigprocmask + ppoll-style atomic
//! unblocking because it works for every call, not just those with a sigmask argument.)
//!
//! SIGSEGV and SIGBUS belong to crossrun_memory; a guest-*sent* one (si_code <= 0, from
//! kill/tgkill/sigqueue) reaches [`fault_fallback`], which records it the same way.

use super::siginfo::SIZE;
use crate::sys::signal::{bit, crossrun_owns};
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, Ordering};

/// One guest thread's received-but-not-yet-delivered signals.
pub struct ThreadSignals {
    /// Bit n-1: signal n is recorded.
    recorded: AtomicU64,
    /// The host siginfo of each recorded signal, as 16 little-endian words.
    infos: [[AtomicU64; SIZE / 8]; 64],
    /// The interrupt flag of the executor running this thread, or null.
    interrupt: AtomicPtr<AtomicBool>,
    /// The window turned the last system call away without making it.
    skipped: AtomicBool,
}

impl ThreadSignals {
    const fn new() -> ThreadSignals {
        ThreadSignals {
            recorded: AtomicU64::new(0),
            infos: [const { [const { AtomicU64::new(0) }; SIZE / 8] }; 64],
            interrupt: AtomicPtr::new(std::ptr::null_mut()),
            skipped: AtomicBool::new(false),
        }
    }
}

thread_local! {
    // Const-initialised and without a destructor, so the signal handler can reach it at
    // any time without lazy initialisation.
    static SIGNALS: ThreadSignals = const { ThreadSignals::new() };
}

/// Makes `flag` the interrupt flag the handler raises for the calling thread, for as
/// long as the returned guard lives (it keeps the flag alive).
pub fn attach(flag: Option<std::sync::Arc<AtomicBool>>) -> Attached {
    let ptr = flag.as_ref().map_or(std::ptr::null_mut(), |f| std::sync::Arc::as_ptr(f) as *mut AtomicBool);
    SIGNALS.with(|s| s.interrupt.store(ptr, Ordering::Release));
    Attached { _flag: flag }
}

/// Keeps the attached interrupt flag alive; detaches it when dropped.
pub struct Attached {
    _flag: Option<std::sync::Arc<AtomicBool>>,
}

impl Drop for Attached {
    fn drop(&mut self) {
        SIGNALS.with(|s| s.interrupt.store(std::ptr::null_mut(), Ordering::Release));
    }
}

/// The calling thread's recorded signals.
pub fn recorded() -> u64 {
    SIGNALS.with(|s| s.recorded.load(Ordering::Acquire))
}

/// Takes signal `sig` out of the calling thread's slot: its host siginfo.
pub fn take(sig: i32) -> Option<[u8; SIZE]> {
    SIGNALS.with(|s| {
        if s.recorded.load(Ordering::Acquire) & bit(sig) == 0 {
            return None;
        }
        let mut out = [0u8; SIZE];
        for (i, w) in s.infos[sig as usize - 1].iter().enumerate() {
            out[8 * i..8 * i + 8].copy_from_slice(&w.load(Ordering::Relaxed).to_le_bytes());
        }
        s.recorded.fetch_and(!bit(sig), Ordering::AcqRel);
        Some(out)
    })
}

/// Records a signal for the calling thread (also used to test delivery without the host).
pub fn record(sig: i32, info: &[u8; SIZE]) {
    if !(1..=64).contains(&sig) {
        return;
    }
    SIGNALS.with(|s| {
        for (i, w) in s.infos[sig as usize - 1].iter().enumerate() {
            w.store(u64::from_le_bytes(info[8 * i..8 * i + 8].try_into().expect("8 bytes")), Ordering::Relaxed);
        }
        s.recorded.fetch_or(bit(sig), Ordering::AcqRel);
        let flag = s.interrupt.load(Ordering::Acquire);
        if !flag.is_null() {
            // SAFETY: the pointer is an `Arc<AtomicBool>` kept alive by the `Attached`
            // guard of this same thread, which is either running (so the guard lives)
            // or detached it (null).
            unsafe { &*flag }.store(true, Ordering::Release);
        }
    });
}

// The syscall window (see the module comment). Arguments: rdi = the recorded-set word,
// rsi = the system call number, rdx = a pointer to the six arguments. Returns the raw
// kernel result (-errno on failure), or NOT_MADE if the call was turned away.
std::arch::global_asm!(
    ".pushsection .text.crossrun_sigwin,\"ax\",@progbits",
    ".p2align 4",
    ".globl crossrun_sigwin_call",
    ".globl crossrun_sigwin_start",
    ".globl crossrun_sigwin_syscall",
    ".globl crossrun_sigwin_eintr",
    "crossrun_sigwin_call:",
    "mov rax, rsi",
    "mov r11, rdx",
    "mov rsi, [r11 + 8]",
    "mov rdx, [r11 + 16]",
    "mov r10, [r11 + 24]",
    "mov r8, [r11 + 32]",
    "mov r9, [r11 + 40]",
    "crossrun_sigwin_start:",
    "cmp qword ptr [rdi], 0",
    "jne crossrun_sigwin_eintr",
    "mov rdi, [r11]",
    "crossrun_sigwin_syscall:",
    "syscall",
    "ret",
    "crossrun_sigwin_eintr:",
    "movabs rax, 0x8000000000000000",
    "ret",
    ".popsection",
);

// The host-side signal return for `on_signal` (x86_64 rt_sigreturn is 15). crossrun
// installs its handler with the raw rt_sigaction, because glibc's sigaction refuses
// signals 32 and 33, which the guest's own libc uses (pthread_cancel, setxid), and the
// raw call needs an SA_RESTORER of its own.
std::arch::global_asm!(
    ".pushsection .text.crossrun_sigwin,\"ax\",@progbits",
    ".p2align 4",
    ".globl crossrun_host_sigreturn",
    "crossrun_host_sigreturn:",
    "mov eax, 15",
    "syscall",
    "ud2",
    ".popsection",
);

extern "C" {
    fn crossrun_host_sigreturn();
    fn crossrun_sigwin_call(recorded: *const AtomicU64, nr: i64, args: *const [u64; 6]) -> i64;
    static crossrun_sigwin_start: u8;
    static crossrun_sigwin_syscall: u8;
    static crossrun_sigwin_eintr: u8;
}

/// What the window's turn-away path returns: no kernel result (-4095..=-1 or a value
/// below 2^63) looks like it.
const NOT_MADE: i64 = i64::MIN;

/// Makes host system call `nr`; returns the raw result (-errno on failure). Returns
/// -EINTR without making it if the calling thread has a signal recorded, which
/// [`take_skipped`] then reports.
///
/// # Safety
/// As for `sys::raw`: the arguments must be valid for the call.
pub unsafe fn syscall(nr: i64, args: [u64; 6]) -> i64 {
    SIGNALS.with(|s| {
        // SAFETY: forwarded to the caller; the routine reads the word and the six
        // arguments, both valid for the duration of the call.
        let r = unsafe { crossrun_sigwin_call(&s.recorded, nr, &args) };
        s.skipped.store(r == NOT_MADE, Ordering::Relaxed);
        if r == NOT_MADE {
            -(libc::EINTR as i64)
        } else {
            r
        }
    })
}

/// Whether the calling thread's last host system call was turned away by the window
/// (a signal was recorded before it started) rather than made; clears the answer.
/// Such an EINTR is not the kernel's: the guest's signal came before its `svc`, so the
/// call is to run after the handler whatever the call or SA_RESTART say.
pub fn take_skipped() -> bool {
    SIGNALS.with(|s| s.skipped.swap(false, Ordering::Relaxed))
}

/// If the interrupted context is inside the window before its `syscall` executed, make
/// it return -EINTR instead.
fn leave_window(ctx: *mut libc::ucontext_t) {
    // SAFETY: the kernel passes a valid ucontext to an SA_SIGINFO handler.
    let gregs = unsafe { &mut (*ctx).uc_mcontext.gregs };
    let rip = gregs[libc::REG_RIP as usize] as u64;
    // SAFETY: taking the addresses of linker symbols, never reading through them.
    let (start, sys, eintr) = unsafe {
        (
            &crossrun_sigwin_start as *const u8 as u64,
            &crossrun_sigwin_syscall as *const u8 as u64,
            &crossrun_sigwin_eintr as *const u8 as u64,
        )
    };
    if (start..=sys).contains(&rip) {
        gregs[libc::REG_RIP as usize] = eintr as i64;
    }
}

fn info_bytes(info: *const libc::siginfo_t) -> [u8; SIZE] {
    let mut out = [0u8; SIZE];
    if !info.is_null() {
        // SAFETY: the kernel passes a valid siginfo (128 bytes) to an SA_SIGINFO handler.
        unsafe { std::ptr::copy_nonoverlapping(info as *const u8, out.as_mut_ptr(), SIZE) };
    }
    out
}

/// The host handler for signals the guest handles.
extern "C" fn on_signal(sig: i32, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    let saved_errno = std::io::Error::last_os_error().raw_os_error();
    record(sig, &info_bytes(info));
    let ctx = ctx as *mut libc::ucontext_t;
    // The kernel's 64-bit sigset is the first word of the ucontext's mask; setting the
    // bit directly (glibc's sigaddset refuses 32 and 33).
    // SAFETY: valid ucontext (see above); the kernel installs this mask when the handler
    // returns.
    unsafe {
        let mask = std::ptr::addr_of_mut!((*ctx).uc_sigmask) as *mut u64;
        *mask |= bit(sig);
    }
    leave_window(ctx);
    if let Some(e) = saved_errno {
        // SAFETY: restoring errno of the interrupted code.
        unsafe { *libc::__errno_location() = e };
    }
}

/// crossrun_memory's fallback for SIGSEGV/SIGBUS that are not faults of its access
/// routines: one sent by a process (si_code <= 0, e.g. the guest's `raise(SIGSEGV)`) is a
/// guest signal; anything else is crossrun's own crash and takes the default action.
// Its type is crossrun_memory's `FallbackHandler` (a safe fn), and it is only ever called
// from that crate's signal handler with the kernel's own siginfo and ucontext.
#[allow(clippy::not_unsafe_ptr_arg_deref)]
pub fn fault_fallback(sig: i32, info: *mut libc::siginfo_t, ctx: *mut libc::ucontext_t) -> bool {
    // SAFETY: valid siginfo for an SA_SIGINFO handler.
    if info.is_null() || unsafe { (*info).si_code } > 0 {
        return false;
    }
    // Not blocked on the host afterwards: a real fault while SIGSEGV is blocked would
    // kill crossrun.
    record(sig, &info_bytes(info));
    leave_window(ctx);
    true
}

/// Installs [`on_signal`] for `sig` on the host. Not for the signals crossrun owns.
pub fn install_host_handler(sig: i32) {
    if crossrun_owns(sig) {
        return;
    }
    const SA_RESTORER: u64 = 0x0400_0000;
    let act = crate::host::HostSigaction {
        handler: on_signal as *const () as usize,
        // No SA_RESTART: blocking host calls must come back with EINTR (see above).
        flags: (libc::SA_SIGINFO | libc::SA_ONSTACK) as u64 | SA_RESTORER,
        restorer: crossrun_host_sigreturn as *const () as usize,
        mask: 0,
    };
    // SAFETY: installing a handler that only touches thread-local atomics and the
    // ucontext, with a valid kernel sigaction whose restorer does rt_sigreturn.
    unsafe {
        libc::syscall(libc::SYS_rt_sigaction, sig, &act as *const crate::host::HostSigaction, std::ptr::null_mut::<u8>(), 8)
    };
}

/// Whether the host runs [`on_signal`] for `sig`.
pub fn host_handler_installed(sig: i32) -> bool {
    crate::host::sigaction_get(sig).is_ok_and(|a| a.handler == on_signal as *const () as usize)
}

/// Gives a recorded signal the calling thread's guest mask now blocks back to the host,
/// where it stays pending (the host mask mirrors the guest's) with its siginfo.
pub fn requeue(sig: i32, info: &[u8; SIZE]) {
    // SAFETY: a 128-byte siginfo local; rt_tgsigqueueinfo to our own thread may carry
    // any si_code.
    unsafe {
        libc::syscall(libc::SYS_rt_tgsigqueueinfo, crate::host::getpid(), crate::host::gettid(), sig, info.as_ptr());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_returns_eintr_when_a_signal_is_recorded() {
        // SAFETY: getpid takes no arguments.
        let pid = unsafe { syscall(libc::SYS_getpid, [0; 6]) };
        assert_eq!(pid, std::process::id() as i64);
        assert!(!take_skipped());
        record(libc::SIGUSR2, &[0; SIZE]);
        // SAFETY: as above.
        assert_eq!(unsafe { syscall(libc::SYS_getpid, [0; 6]) }, -(libc::EINTR as i64));
        assert!(take_skipped(), "the EINTR is the window's, the call was not made");
        assert!(!take_skipped(), "taking clears it");
        assert!(take(libc::SIGUSR2).is_some());
        assert!(take(libc::SIGUSR2).is_none());
        assert_eq!(recorded(), 0);
    }

    #[test]
    fn host_signal_interrupts_a_blocking_read_and_is_recorded() {
        std::thread::spawn(|| {
            install_host_handler(libc::SIGURG);
            let flag = std::sync::Arc::new(AtomicBool::new(false));
            let _a = attach(Some(flag.clone()));
            let mut fds = [0; 2];
            // SAFETY: a valid 2-int array.
            assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
            let tid = crate::host::gettid();
            let pid = crate::host::getpid();
            let t = std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(50));
                // SAFETY: integer arguments.
                unsafe { libc::syscall(libc::SYS_tgkill, pid, tid, libc::SIGURG) };
            });
            let mut b = [0u8; 1];
            // SAFETY: read into a valid 1-byte buffer.
            let r = unsafe { syscall(libc::SYS_read, [fds[0] as u64, b.as_mut_ptr() as u64, 1, 0, 0, 0]) };
            t.join().unwrap();
            assert_eq!(r, -(libc::EINTR as i64));
            assert!(!take_skipped(), "the kernel's EINTR: the read was made");
            assert!(flag.load(Ordering::Acquire));
            let info = take(libc::SIGURG).expect("recorded");
            assert_eq!(i32::from_le_bytes(info[0..4].try_into().unwrap()), libc::SIGURG);
            // SIGURG stays blocked on this host thread until the guest took it.
            assert_ne!(crate::host::sigprocmask(libc::SIG_BLOCK, None).unwrap() & bit(libc::SIGURG), 0);
            // SAFETY: closing our own fds.
            unsafe { libc::close(fds[0]); libc::close(fds[1]) };
        })
        .join()
        .unwrap();
    }
}
