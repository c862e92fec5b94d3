//! vfork, and clone's CLONE_VM|CLONE_VFORK (glibc's and musl's posix_spawn): the parent
//! thread is suspended until its child execs or exits.
//!
//! A vfork child shares the parent's memory. Sharing is not possible for a child that
//! runs crossrun's own Rust code (its heap, locks and thread-locals would be the
//! parent's), so the fork module gives the child a copy, as for fork, and this module
//! keeps the rest of the contract: the parent waits on a close-on-exec pipe whose write
//! end only the child holds, which closes when the child execs or exits; and what the
//! child wrote into the vforking thread's stack, above the stack pointer it had at the
//! clone (up to 64 KiB), is written into the parent's memory before the parent goes on,
//! byte for byte where the child changed it. That is where vfork children leave results
//! for their parent: glibc's posix_spawn reports a failed exec in `args.err`, a local of
//! the suspended caller. Other writes a child makes before exec (to the heap, to globals)
//! stay in its copy.

use crate::errno::Errno;
use crate::guest;
use crate::process::Process;
use crossrun_memory::PAGE_SIZE;

/// How much of the vforking thread's stack, from its stack pointer up, is shared back.
const SHARED_STACK: u64 = 64 << 10;

/// Where the gate's fds go: far above what programs usually have open, so the child's
/// lowest free fd (which the guest may rely on) is not taken by crossrun.
const GATE_FD_MIN: i32 = 800;

/// The pipe a vfork parent waits on, and its stack as it was at the clone. Its fds are
/// closed when it is dropped.
pub struct VforkGate {
    read: i32,
    write: i32,
    sp: u64,
    stack: Vec<u8>,
}

/// What a vfork child that has not exec'd owes its parent at exit (see [`report_exit`]);
/// dropping it closes the fd (a fork of the vfork child must not hold the parent up).
#[derive(Debug)]
pub struct ParentStack {
    fd: i32,
    sp: u64,
    len: usize,
}

impl Drop for ParentStack {
    fn drop(&mut self) {
        // SAFETY: closing our own fd.
        unsafe { libc::close(self.fd) };
    }
}

impl VforkGate {
    /// For a vfork from a thread whose stack pointer is `sp` and whose stack above it is
    /// `stack` (from [`read_stack`]).
    pub fn new(sp: u64, stack: Vec<u8>) -> Result<VforkGate, Errno> {
        let mut fds = [0i32; 2];
        // SAFETY: a valid two-int array.
        crate::errno::cvt_int(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) })?;
        let high = |fd: i32| {
            // SAFETY: integer arguments on our own fd.
            let h = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, GATE_FD_MIN) };
            if h >= 0 {
                // SAFETY: closing our own fd, replaced by its copy.
                unsafe { libc::close(fd) };
                h
            } else {
                fd
            }
        };
        Ok(VforkGate { read: high(fds[0]), write: high(fds[1]), sp, stack })
    }

    /// In the parent, at once after the fork (while no other thread can fork and copy
    /// it): only the child holds the write end now.
    pub fn parent_side(&mut self) {
        // SAFETY: closing our own fd.
        unsafe { libc::close(self.write) };
        self.write = -1;
    }

    /// In the child: what it reports to its parent if it exits without exec.
    pub fn child_side(mut self) -> ParentStack {
        let fd = std::mem::replace(&mut self.write, -1);
        ParentStack { fd, sp: self.sp, len: self.stack.len() }
    }

    /// In the parent: until the child execs or exits, then the child's stack writes.
    pub fn wait_for_exec_or_exit(self) {
        let mut report = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            // SAFETY: reading into a valid local buffer from our own fd.
            let n = unsafe { libc::read(self.read, buf.as_mut_ptr().cast(), buf.len()) };
            match n {
                0 => break,
                n if n > 0 => report.extend_from_slice(&buf[..n as usize]),
                _ if Errno::last().0 == libc::EINTR => continue,
                _ => break,
            }
        }
        // A complete report (an exec leaves none): the child's copy of the same range.
        if report.len() == 8 + self.stack.len() && report[..8] == self.sp.to_le_bytes() {
            apply_changes(self.sp, &self.stack, &report[8..]);
        }
    }
}

impl Drop for VforkGate {
    fn drop(&mut self) {
        for fd in [self.read, self.write] {
            if fd >= 0 {
                // SAFETY: closing our own fd.
                unsafe { libc::close(fd) };
            }
        }
    }
}

/// The stack from `sp` up to SHARED_STACK bytes, as far as it is the guest's and
/// readable.
pub fn read_stack(process: &Process, sp: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = sp;
    let space = process.space();
    while at < sp.saturating_add(SHARED_STACK) {
        let end = ((at / PAGE_SIZE + 1) * PAGE_SIZE).min(sp + SHARED_STACK);
        let mut page = vec![0u8; (end - at) as usize];
        if !space.owns(at, end - at) || guest::read(at, &mut page).is_err() {
            break;
        }
        out.extend_from_slice(&page);
        at = end;
    }
    out
}

/// Writes the runs of bytes in which `child` differs from `before` to guest memory at
/// `base`.
fn apply_changes(base: u64, before: &[u8], child: &[u8]) {
    let mut i = 0;
    while i < child.len() {
        if child[i] == before[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < child.len() && child[i] != before[i] {
            i += 1;
        }
        // The range was readable a moment ago and the thread that owns it is this one.
        let _ = guest::write(base + start as u64, &child[start..i]);
    }
}

/// The fd a vfork child holds for its parent, if this is one that has not exec'd. The
/// guest does not know it: the fd module keeps the guest's close, close_range and dup3
/// from closing it (which would let the parent go on before the exec, and lose the
/// report); posix_spawn's child closes every fd above 2 with close_range.
pub fn reserved_fd(process: &Process) -> Option<i32> {
    process.vfork_parent.lock().unwrap_or_else(|e| e.into_inner()).as_ref().map(|p| p.fd)
}

/// The guest is about to dup3 onto the reserved fd: it moves to another number.
pub fn move_reserved_fd(process: &Process) {
    if let Some(p) = process.vfork_parent.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
        // SAFETY: integer arguments on our own fd.
        let moved = unsafe { libc::fcntl(p.fd, libc::F_DUPFD_CLOEXEC, GATE_FD_MIN) };
        if moved >= 0 {
            p.fd = moved;
        }
    }
}

/// A vfork child exits without exec: its copy of the parent's stack goes to the parent.
pub fn report_exit(process: &Process) {
    let Some(p) = process.vfork_parent.lock().unwrap_or_else(|e| e.into_inner()).take() else { return };
    // Dropping `p` at the end closes the fd: the parent sees the end of the report.
    let mut msg = p.sp.to_le_bytes().to_vec();
    let mut stack = vec![0u8; p.len];
    if guest::read(p.sp, &mut stack).is_ok() {
        msg.extend_from_slice(&stack);
        let mut sent = 0;
        while sent < msg.len() {
            // SAFETY: writing from a valid local buffer to our own pipe.
            let n = unsafe { libc::write(p.fd, msg[sent..].as_ptr().cast(), msg.len() - sent) };
            if n > 0 {
                sent += n as usize;
            } else if Errno::last().0 != libc::EINTR {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_bytes_the_child_changed_are_written_back() {
        let mut memory = [1u8, 2, 3, 4, 5, 6, 7, 8];
        let before = [1u8, 2, 3, 4, 5, 6, 7, 8];
        // Another thread changed byte 0 meanwhile; the child changed bytes 2..4 and 7.
        memory[0] = 9;
        let child = [1u8, 2, 30, 40, 5, 6, 7, 80];
        apply_changes(memory.as_mut_ptr() as u64, &before, &child);
        assert_eq!(memory, [9, 2, 30, 40, 5, 6, 7, 80]);
    }
}
