//! Direct block linking: a compiled `Jump`/`Branch` target starts as an exit to the
//! dispatcher; once both blocks are compiled the `jmp rel32` is patched to go straight
//! to the target's code.

use rustc_hash::FxHashMap;

/// Link sites waiting for their target to be compiled.
#[derive(Default)]
pub struct Links {
    /// Guest target pc -> offsets (in the code cache) of rel32 fields jumping there.
    pending: FxHashMap<u64, Vec<usize>>,
}

impl Links {
    pub fn clear(&mut self) {
        self.pending.clear();
    }

    pub fn add_pending(&mut self, target: u64, site: usize) {
        self.pending.entry(target).or_default().push(site);
    }

    /// Removes and returns the sites waiting for `target`.
    pub fn take(&mut self, target: u64) -> Vec<usize> {
        self.pending.remove(&target).unwrap_or_default()
    }
}

/// The rel32 that makes the jump whose displacement is at `site` land on `target`
/// (both offsets in the same code cache).
pub fn rel32(site: usize, target: usize) -> u32 {
    // The displacement counts from the end of the 4-byte field.
    (target as i64 - (site as i64 + 4)) as i32 as u32
}

/// Entries in the indirect-branch lookup table (a power of two).
pub const LOOKUP_ENTRIES: usize = 4096;

/// One entry: a guest pc and the executable address of its compiled code.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct LookupEntry {
    pub guest: u64,
    pub host: u64,
}

/// A direct-mapped table compiled `Indirect` terminators consult before returning to
/// the dispatcher (indexed by `(pc >> 2) % LOOKUP_ENTRIES`, 16 bytes per entry: the
/// layout `emit/term.rs` relies on).
pub struct LookupTable {
    entries: Box<[LookupEntry]>,
}

const EMPTY: LookupEntry = LookupEntry { guest: u64::MAX, host: 0 };

impl Default for LookupTable {
    fn default() -> Self {
        LookupTable { entries: vec![EMPTY; LOOKUP_ENTRIES].into_boxed_slice() }
    }
}

impl LookupTable {
    pub fn address(&self) -> usize {
        self.entries.as_ptr() as usize
    }

    pub fn insert(&mut self, guest: u64, host: usize) {
        self.entries[(guest >> 2) as usize % LOOKUP_ENTRIES] = LookupEntry { guest, host: host as u64 };
    }

    pub fn clear(&mut self) {
        self.entries.fill(EMPTY);
    }
}
