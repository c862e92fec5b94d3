//! Direct block linking: a compiled `Jump`/`Branch` target starts as an exit to the
//! dispatcher; once both blocks are compiled the `jmp rel32` is patched to go straight
//! to the target's code.

use rustc_hash::FxHashMap;

/// Every link site: those waiting for their target to be compiled, and those patched to
/// jump straight to it, so one block can be dropped (its code rewritten by the guest)
/// without dropping every block that jumps to it.
#[derive(Default)]
pub struct Links {
    /// Guest target pc -> offsets (in the code cache) of rel32 fields jumping there.
    pending: FxHashMap<u64, Vec<usize>>,
    /// Guest target pc -> the rel32 fields patched to jump to its compiled code, each with
    /// the value it held before (its jump to the dispatcher).
    linked: FxHashMap<u64, Vec<(usize, u32)>>,
}

impl Links {
    pub fn clear(&mut self) {
        self.pending.clear();
        self.linked.clear();
    }

    pub fn add_pending(&mut self, target: u64, site: usize) {
        self.pending.entry(target).or_default().push(site);
    }

    /// Removes and returns the sites waiting for `target`.
    pub fn take(&mut self, target: u64) -> Vec<usize> {
        self.pending.remove(&target).unwrap_or_default()
    }

    /// Records that `site`, which held `unlinked`, now jumps to `target`'s code.
    pub fn linked(&mut self, target: u64, site: usize, unlinked: u32) {
        self.linked.entry(target).or_default().push((site, unlinked));
    }

    /// Removes and returns the sites patched to jump to `target`'s code, with the
    /// values to restore in them.
    pub fn unlink(&mut self, target: u64) -> Vec<(usize, u32)> {
        self.linked.remove(&target).unwrap_or_default()
    }

    /// Forgets `site` (in a block being dropped), which jumps or waits to jump to `target`.
    pub fn forget(&mut self, target: u64, site: usize) {
        if let Some(sites) = self.pending.get_mut(&target) {
            sites.retain(|&s| s != site);
        }
        if let Some(sites) = self.linked.get_mut(&target) {
            sites.retain(|&(s, _)| s != site);
        }
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

    /// Makes `guest`'s entry vacant, if it holds `guest`.
    pub fn remove(&mut self, guest: u64) {
        let e = &mut self.entries[(guest >> 2) as usize % LOOKUP_ENTRIES];
        if e.guest == guest {
            *e = vacant_entry(self.vacant as usize);
        }
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
