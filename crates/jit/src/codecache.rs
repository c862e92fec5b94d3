//! The code cache: a memfd mapped once, read-execute, and written with `pwrite`, so no
//! page is ever writable and executable at once (W^X). Writing through the file rather
//! than a second, writable view also keeps each code page counted once in the
//! process's resident set size.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

/// A fixed-size region of executable memory with a bump allocator.
pub struct CodeCache {
    /// The memfd holding the code; written with `pwrite`.
    file: OwnedFd,
    /// Where the bytes are executed (PROT_READ | PROT_EXEC).
    rx: *mut u8,
    size: usize,
    /// Bytes in use from the start; everything before is code.
    used: usize,
    /// Bytes at the start that survive `clear` (the entry/exit trampoline).
    reserved: usize,
}

// SAFETY: the view is plain memory owned by this struct; moving it to another thread
// moves the ownership with it (it is not shared, since it is not Sync).
unsafe impl Send for CodeCache {}

impl CodeCache {
    /// Maps a cache of `size` bytes (rounded up to whole pages).
    pub fn new(size: usize) -> io::Result<CodeCache> {
        let size = size.div_ceil(4096) * 4096;
        // SAFETY: memfd_create with a valid NUL-terminated name and flags.
        let fd = unsafe { libc::memfd_create(c"crossrun-jit".as_ptr(), libc::MFD_CLOEXEC) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` is the memfd just created and owned by nothing else.
        let file = unsafe { OwnedFd::from_raw_fd(fd) };
        // SAFETY: ftruncate of our own descriptor.
        if unsafe { libc::ftruncate(fd, size as libc::off_t) } != 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: a fresh shared mapping of our memfd at a kernel-chosen address; it
        // cannot overlap anything else.
        let rx = unsafe { libc::mmap(std::ptr::null_mut(), size, libc::PROT_READ | libc::PROT_EXEC, libc::MAP_SHARED, fd, 0) };
        if rx == libc::MAP_FAILED {
            return Err(io::Error::new(io::ErrorKind::OutOfMemory, "cannot map the JIT code cache"));
        }
        Ok(CodeCache { file, rx: rx as *mut u8, size, used: 0, reserved: 0 })
    }

    /// Writes `bytes` at offset `off` of the memfd, which the executable view shows.
    /// False if the kernel could not store them (tmpfs out of memory).
    fn write_at(&self, off: usize, bytes: &[u8]) -> bool {
        let mut done = 0;
        while done < bytes.len() {
            let rest = &bytes[done..];
            // SAFETY: pwrite from a live Rust buffer of `rest.len()` bytes into our memfd.
            let n = unsafe {
                libc::pwrite(self.file.as_raw_fd(), rest.as_ptr().cast(), rest.len(), (off + done) as libc::off_t)
            };
            if n > 0 {
                done += n as usize;
            } else if io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
                return false;
            }
        }
        true
    }

    /// Executable address of offset `off`.
    pub fn exec_addr(&self, off: usize) -> usize {
        self.rx as usize + off
    }

    /// The executable view's address range.
    pub fn exec_range(&self) -> (usize, usize) {
        (self.rx as usize, self.rx as usize + self.size)
    }

    /// The offset the next `append` will write at.
    pub fn next_offset(&self) -> usize {
        self.used
    }

    pub fn free_bytes(&self) -> usize {
        self.size - self.used
    }

    /// Copies `code` to the end of the cache; returns its offset, or `None` when full.
    pub fn append(&mut self, code: &[u8]) -> Option<usize> {
        if code.len() > self.free_bytes() {
            return None;
        }
        let off = self.used;
        if !self.write_at(off, code) {
            return None;
        }
        self.used += code.len();
        Some(off)
    }

    /// Rewrites the 4 bytes at `off` (a rel32 of a jump being linked). The caller
    /// guarantees no thread is executing the instruction (one cache per guest thread,
    /// patched only from the dispatcher). Returns false if the write failed; the jump
    /// then keeps its old, still valid target.
    pub fn patch_u32(&mut self, off: usize, value: u32) -> bool {
        assert!(off + 4 <= self.used, "patch outside emitted code");
        self.write_at(off, &value.to_le_bytes())
    }

    /// Marks everything written so far as permanent (survives `clear`).
    pub fn reserve_prefix(&mut self) {
        self.reserved = self.used;
    }

    /// Forgets all code after the reserved prefix.
    pub fn clear(&mut self) {
        self.used = self.reserved;
    }

    /// The bytes at `off..off + len`, read back through the executable view (for
    /// disassembly).
    pub fn bytes(&self, off: usize, len: usize) -> &[u8] {
        assert!(off + len <= self.used);
        // SAFETY: in bounds of the readable view, which lives as long as `self`.
        unsafe { std::slice::from_raw_parts(self.rx.add(off), len) }
    }
}

impl Drop for CodeCache {
    fn drop(&mut self) {
        // SAFETY: the view was mapped in `new` with this size; the owner of the cache
        // guarantees no code in it is running (it is dropped with the Jit).
        unsafe { libc::munmap(self.rx as *mut libc::c_void, self.size) };
    }
}
