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
/// layout `emit/term.rs` relies on). A vacant entry holds the trampoline's `next`: any
/// guest pc may match its guest field, and jumping there just leaves for the dispatcher.
pub struct LookupTable {
    entries: Box<[LookupEntry]>,
    vacant: u64,
}

impl LookupTable {
    /// An empty table whose vacant entries jump to `vacant`.
    pub fn new(vacant: usize) -> Self {
        LookupTable { entries: vec![vacant_entry(vacant); LOOKUP_ENTRIES].into_boxed_slice(), vacant: vacant as u64 }
    }

    /// The executable address of the compiled block at guest `pc`, if its entry holds it.
    pub fn get(&self, pc: u64) -> Option<usize> {
        let e = self.entries[(pc >> 2) as usize % LOOKUP_ENTRIES];
        (e.guest == pc && e.host != self.vacant).then_some(e.host as usize)
    }

    pub fn address(&self) -> usize {
        self.entries.as_ptr() as usize
    }

    pub fn insert(&mut self, guest: u64, host: usize) {
        self.entries[(guest >> 2) as usize % LOOKUP_ENTRIES] = LookupEntry { guest, host: host as u64 };
    }

    /// Empties the table; vacant entries jump to `vacant`.
    pub fn clear(&mut self, vacant: usize) {
        self.entries.fill(vacant_entry(vacant));
        self.vacant = vacant as u64;
    }
}

fn vacant_entry(vacant: usize) -> LookupEntry {
    LookupEntry { guest: u64::MAX, host: vacant as u64 }
}
