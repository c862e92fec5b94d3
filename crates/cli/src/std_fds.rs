//! Standard descriptors the guest was started without.
//!
//! Rust's runtime opens /dev/null on any of fds 0-2 that are closed when `main` starts, so
//! that its own `print!` cannot write into an unrelated file. A guest must see exactly the
//! descriptors it was given (programs test "started with stdin closed", and posix_spawn
//! tests close fd 0 on purpose), so a constructor records which were closed before the
//! runtime's check, and `close_again` closes those just before the guest runs.

use std::sync::atomic::{AtomicU8, Ordering};

/// Bit n set: fd n was closed at process start.
static CLOSED_AT_START: AtomicU8 = AtomicU8::new(0);

/// Runs from `.init_array`, before the Rust runtime's own setup in `main`'s caller.
extern "C" fn record_closed() {
    let mut mask = 0;
    for fd in 0..3 {
        // SAFETY: F_GETFD only reads the descriptor's flags; it fails with EBADF exactly
        // when the descriptor is not open.
        if unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1 {
            mask |= 1 << fd;
        }
    }
    CLOSED_AT_START.store(mask, Ordering::Relaxed);
}

#[used]
#[link_section = ".init_array"]
static RECORD_CLOSED: extern "C" fn() = record_closed;

/// Closes the standard descriptors that were closed at start (the runtime's /dev/null
/// stand-ins). Call last thing before the guest runs: crossrun's own diagnostics to a
/// closed stderr are lost from here on, as they would be for the guest.
pub fn close_again() {
    let mask = CLOSED_AT_START.load(Ordering::Relaxed);
    for fd in 0..3 {
        if mask & (1 << fd) != 0 {
            // SAFETY: the descriptor is the runtime's /dev/null stand-in, which nothing in
            // crossrun holds or uses by number; closing it hands the number back to the guest.
            unsafe { libc::close(fd) };
        }
    }
}
