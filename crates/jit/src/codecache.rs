//! The code cache: one piece of shared memory mapped twice, so no page is ever writable
//! and executable at once (W^X). Code is written through the read-write view and run from
//! the read-execute view at the same offset.

use std::io;

/// Every block starts at a multiple of this many bytes (a 16-byte constant inside it is
/// then 16-byte aligned in memory too, as legacy SSE memory operands require).
pub const CODE_ALIGN: usize = 16;

/// A fixed-size region of executable memory with a bump allocator.
pub struct CodeCache {
    /// Where code is written (PROT_READ | PROT_WRITE).
    rw: *mut u8,
    /// Where the same bytes are executed (PROT_READ | PROT_EXEC).
    rx: *mut u8,
    size: usize,
    /// Bytes in use from the start; everything before is code.
    used: usize,
    /// Bytes at the start that survive `clear` (the entry/exit trampoline).
    reserved: usize,
}

// SAFETY: the views are plain memory owned by this struct; moving it to another thread
// moves the ownership with it (it is not shared, since it is not Sync).
unsafe impl Send for CodeCache {}

impl CodeCache {
    /// Maps a cache of `size` bytes (rounded up to whole pages).
    ///
    /// The memory is a shared anonymous mapping, and the second view is made with
    /// mremap(old_size = 0), which maps the same pages again. Being anonymous shared
    /// memory, both views are named `/dev/zero (deleted)`, which perf treats as
    /// anonymous, so samples in compiled code are named from /tmp/perf-PID.map
    /// (`-perfmap`); perf ignores that map for file-backed memory such as a memfd.
    pub fn new(size: usize) -> io::Result<CodeCache> {
        let size = size.div_ceil(4096) * 4096;
        // SAFETY: a fresh shared anonymous mapping at a kernel-chosen address.
        let rw = unsafe {
            libc::mmap(std::ptr::null_mut(), size, libc::PROT_READ | libc::PROT_WRITE, libc::MAP_SHARED | libc::MAP_ANONYMOUS, -1, 0)
        };
        if rw == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `rw` is a shared mapping of `size` bytes; old_size 0 makes a second
        // mapping of the same pages at a kernel-chosen address, overlapping nothing.
        let rx = unsafe { libc::mremap(rw, 0, size, libc::MREMAP_MAYMOVE) };
        // SAFETY: `rx` (when valid) is the mapping just made, `size` bytes long.
        if rx == libc::MAP_FAILED || unsafe { libc::mprotect(rx, size, libc::PROT_READ | libc::PROT_EXEC) } != 0 {
            let e = io::Error::last_os_error();
            for p in [rw, rx].into_iter().filter(|&p| p != libc::MAP_FAILED) {
                // SAFETY: unmapping a mapping made above and never handed out.
                unsafe { libc::munmap(p, size) };
            }
            return Err(e);
        }
        Ok(CodeCache { rw: rw as *mut u8, rx: rx as *mut u8, size, used: 0, reserved: 0 })
    }

    /// Executable address of offset `off`.
    pub fn exec_addr(&self, off: usize) -> usize {
        self.rx as usize + off
    }

    /// The executable view's address range.
    pub fn exec_range(&self) -> (usize, usize) {
        (self.rx as usize, self.rx as usize + self.size)
    }

    /// The offset the next `append` will write at: the next multiple of
    /// [`CODE_ALIGN`], so a block's constants can be aligned for SSE memory operands.
    pub fn next_offset(&self) -> usize {
        self.used.next_multiple_of(CODE_ALIGN).min(self.size)
    }

    pub fn free_bytes(&self) -> usize {
        self.size - self.next_offset()
    }

    /// Copies `code` to `next_offset()`, padding the gap with `int3`; returns its offset,
    /// or `None` when full.
    pub fn append(&mut self, code: &[u8]) -> Option<usize> {
        if code.len() > self.free_bytes() {
            return None;
        }
        let off = self.next_offset();
        // SAFETY: `used <= off` and `off + code.len() <= size`, so both writes stay inside
        // the RW view, and `code` is a separate Rust buffer, so the ranges cannot overlap.
        unsafe {
            std::ptr::write_bytes(self.rw.add(self.used), 0xcc, off - self.used);
            std::ptr::copy_nonoverlapping(code.as_ptr(), self.rw.add(off), code.len());
        }
        self.used = off + code.len();
        Some(off)
    }

    /// Rewrites the 4 bytes at `off` (a rel32 of a jump being linked). The caller
    /// guarantees no thread is executing the instruction (one cache per guest thread,
    /// patched only from the dispatcher).
    pub fn patch_u32(&mut self, off: usize, value: u32) {
        assert!(off + 4 <= self.used, "patch outside emitted code");
        // SAFETY: in bounds of the RW view (checked above); unaligned write is allowed.
        unsafe { std::ptr::write_unaligned(self.rw.add(off) as *mut u32, value) };
    }

    /// The 4 bytes at `off` (a rel32 about to be patched).
    pub fn read_u32(&self, off: usize) -> u32 {
        u32::from_le_bytes(self.bytes(off, 4).try_into().expect("4 bytes"))
    }

    /// Marks everything written so far as permanent (survives `clear`).
    pub fn reserve_prefix(&mut self) {
        self.reserved = self.used;
    }

    /// Forgets all code after the reserved prefix.
    pub fn clear(&mut self) {
        self.used = self.reserved;
    }

    /// The bytes at `off..off + len`, read back through the RW view (for disassembly).
    pub fn bytes(&self, off: usize, len: usize) -> &[u8] {
        assert!(off + len <= self.used);
        // SAFETY: in bounds of the RW view, which lives as long as `self`.
        unsafe { std::slice::from_raw_parts(self.rw.add(off), len) }
    }
}

impl Drop for CodeCache {
    fn drop(&mut self) {
        for p in [self.rw, self.rx] {
            // SAFETY: both views were mapped in `new` with this size; the owner of the
            // cache guarantees no code in it is running (it is dropped with the Jit).
            unsafe { libc::munmap(p as *mut libc::c_void, self.size) };
        }
    }
}
