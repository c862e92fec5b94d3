//! Translated blocks, keyed by guest PC and shared by every thread of the guest.

use crate::log::BlockLog;
use crossrun_ir::{passes, Block, BranchKind, Frontend, Op, Terminator, TrapKind};
use crossrun_memory::{code_pages, page_down, PAGE_SIZE};
use std::collections::BTreeSet;
use rustc_hash::FxHashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// Called with a guest page before code is translated from it.
pub type CodeWatch = Box<dyn Fn(u64) + Send + Sync>;
/// Told about every range whose translations are dropped.
pub type InvalidationListener = Box<dyn Fn(u64, u64) + Send + Sync>;

/// The cache of translated blocks.
pub struct BlockCache {
    frontend: Arc<dyn Frontend>,
    blocks: RwLock<FxHashMap<u64, Arc<Block>>>,
    /// Incremented by every invalidation, so per-thread copies of cache entries (see
    /// [`LocalBlocks`]) know when to forget what they hold.
    generation: AtomicU64,
    log: BlockLog,
    code_watch: OnceLock<CodeWatch>,
    listener: OnceLock<InvalidationListener>,
    /// `code_pages::writes()` as of the last batch of written pages applied.
    applied_writes: AtomicU64,
    /// Held while a batch is applied, so a thread that wrote code waits until its
    /// page's translations are gone everywhere.
    applying: Mutex<()>,
    /// A debugger's breakpoints: blocks are translated to stop just before them.
    breakpoints: RwLock<BTreeSet<u64>>,
}

impl BlockCache {
    pub fn new(frontend: Arc<dyn Frontend>, log: BlockLog) -> Self {
        BlockCache {
            frontend,
            blocks: RwLock::new(FxHashMap::default()),
            generation: AtomicU64::new(0),
            log,
            code_watch: OnceLock::new(),
            listener: OnceLock::new(),
            applied_writes: AtomicU64::new(code_pages::writes()),
            applying: Mutex::new(()),
            breakpoints: RwLock::new(BTreeSet::new()),
        }
    }

    /// Sets the function told about each guest page code is about to be translated
    /// from (the embedder write-protects writable ones: see `crossrun_memory::code_pages`).
    pub fn set_code_watch(&self, watch: CodeWatch) {
        let _ = self.code_watch.set(watch);
    }

    /// Sets the function told about every invalidated range (other executors' caches).
    pub fn set_invalidation_listener(&self, listener: InvalidationListener) {
        let _ = self.listener.set(listener);
    }

    /// The block at `pc`, translating it on first use.
    pub fn get(&self, pc: u64) -> Arc<Block> {
        if let Some(b) = self.blocks.read().unwrap_or_else(|e| e.into_inner()).get(&pc) {
            return b.clone();
        }
        let generation = self.generation();
        let block = Arc::new(self.translate(pc));
        let mut blocks = self.blocks.write().unwrap_or_else(|e| e.into_inner());
        // An invalidation during the translation may have been for the code it read:
        // run the block this once, but do not keep it.
        if self.generation() == generation {
            blocks.insert(pc, block.clone());
        }
        block
    }

    /// The optimized IR of the block at `pc`, translated now and not kept. For a compiler
    /// that keeps its own output instead: holding the IR of every compiled block would
    /// cost more memory than the compiled code (hundreds of MiB for gcc's cc1).
    pub fn translate(&self, pc: u64) -> Block {
        if let Some(b) = self.blocks.read().unwrap_or_else(|e| e.into_inner()).get(&pc) {
            return Block::clone(b);
        }
        let mut block = self.translate_watched(pc);
        debug_assert_eq!(crossrun_ir::verify(&block), Ok(()), "frontend emitted malformed IR:\n{block}");
        self.stop_at_breakpoints(&mut block);
        passes::optimize(&mut block);
        debug_assert_eq!(crossrun_ir::verify(&block), Ok(()), "a pass broke the IR:\n{block}");
        let (start, end) = self.code_range(&block);
        if self.log.filter.matches(start, end) {
            if self.log.in_asm {
                self.log_guest_code(&block);
            }
            if self.log.ir {
                crate::logfile::write(&block.to_string());
            }
        }
        block
    }

    /// A block of only the instruction at `pc`, whatever breakpoints are set there, not
    /// kept: what a debugger's single step runs.
    pub fn translate_one(&self, pc: u64) -> Block {
        let mut block = self.translate_watched(pc);
        let second = instruction_starts(&block).nth(1);
        if let Some(next) = second {
            end_before(&mut block, next);
        }
        passes::optimize(&mut block);
        block
    }

    /// Makes translations stop at `pc` with `TrapKind::Debugger` before its instruction
    /// runs; translations already made that contain it are dropped.
    pub fn insert_breakpoint(&self, pc: u64) {
        self.breakpoints.write().unwrap_or_else(|e| e.into_inner()).insert(pc);
        self.invalidate(pc, pc + 1);
    }

    /// Removes a breakpoint; returns whether there was one.
    pub fn remove_breakpoint(&self, pc: u64) -> bool {
        let removed = self.breakpoints.write().unwrap_or_else(|e| e.into_inner()).remove(&pc);
        if removed {
            // From the byte before: the blocks cut short to end at `pc` go too.
            self.invalidate(pc.saturating_sub(1), pc + 1);
        }
        removed
    }

    /// Whether a breakpoint is at the instruction at location `pc`.
    pub fn has_breakpoint(&self, pc: u64) -> bool {
        let addr = self.frontend.code_address(pc);
        self.breakpoints.read().unwrap_or_else(|e| e.into_inner()).contains(&addr)
    }

    /// Removes every breakpoint (a debugger went away, or a forked child is not debugged).
    pub fn clear_breakpoints(&self) {
        let all = std::mem::take(&mut *self.breakpoints.write().unwrap_or_else(|e| e.into_inner()));
        for pc in all {
            self.invalidate(pc.saturating_sub(1), pc + 1);
        }
    }

    /// Ends a freshly translated block just before the first breakpoint inside it, or
    /// makes it a debugger trap if one is at its start. Before the passes, while each
    /// guest instruction's ops still follow its `GuestPc`.
    fn stop_at_breakpoints(&self, block: &mut Block) {
        // Breakpoints are guest addresses; a block's pcs are locations, which may carry a
        // mode beside the address (Thumb state, say).
        let breakpoints = self.breakpoints.read().unwrap_or_else(|e| e.into_inner());
        let start = self.frontend.code_address(block.start_pc);
        if start >= block.end_pc || breakpoints.range(start..block.end_pc).next().is_none() {
            return;
        }
        let first = instruction_starts(block).find(|&pc| breakpoints.contains(&self.frontend.code_address(pc)));
        drop(breakpoints);
        let Some(at) = first else { return };
        if at != block.start_pc {
            end_before(block, at);
            return;
        }
        // The trap covers the instruction, so removing the breakpoint drops it.
        let end = instruction_starts(block).nth(1).unwrap_or(block.end_pc);
        block.insts.truncate(1);
        block.term = Terminator::Trap { kind: TrapKind::Debugger, pc: at };
        block.end_pc = end;
        block.guest_insns = 1;
    }

    /// The frontend's block at `pc`, read only after the code watch was told about every
    /// page its bytes lie on, so a write after the read is noticed. Blocks may cross into
    /// the next page (an instruction straddling the boundary): when one reaches a page not
    /// yet watched, that page is watched and the block translated again.
    fn translate_watched(&self, pc: u64) -> Block {
        let Some(watch) = self.code_watch.get() else {
            return self.frontend.translate(pc);
        };
        let addr = self.frontend.code_address(pc);
        let mut watched = page_down(addr);
        watch(watched);
        loop {
            let block = self.frontend.translate(pc);
            let last = page_down(block.end_pc.max(addr + 1) - 1);
            if last <= watched {
                return block;
            }
            while watched < last {
                watched += PAGE_SIZE;
                watch(watched);
            }
        }
    }

    /// `-d in_asm`: the guest instructions a block was translated from.
    fn log_guest_code(&self, block: &Block) {
        let (mut addr, end) = self.code_range(block);
        let mut text = format!("IN: {addr:#x}..{end:#x}\n");
        // Mode bits stay those of the block's start: enough to name each instruction.
        let mut pc = block.start_pc;
        while addr < end {
            let Some((line, len)) = self.frontend.disassemble(pc) else { break };
            text.push_str(&format!("  {addr:#x}:  {line}\n"));
            pc += len;
            addr += len;
        }
        crate::logfile::write(&text);
    }

    /// The guest addresses `block` was translated from.
    pub fn code_range(&self, block: &Block) -> (u64, u64) {
        (self.frontend.code_address(block.start_pc), block.end_pc)
    }

    /// Forgets every block that contains code in `[start, end)`, so modified guest code is
    /// translated again, and tells the invalidation listener.
    pub fn invalidate(&self, start: u64, end: u64) {
        let mut blocks = self.blocks.write().unwrap_or_else(|e| e.into_inner());
        let frontend = &self.frontend;
        blocks.retain(|_, b| b.end_pc <= start || frontend.code_address(b.start_pc) >= end);
        self.generation.fetch_add(1, Ordering::Release);
        drop(blocks);
        if let Some(listener) = self.listener.get() {
            listener(start, end);
        }
    }

    /// Drops the translations of guest pages written since the last call (noticed by
    /// `crossrun_memory::code_pages`). Executors call it at every block boundary; it
    /// returns once the pages the calling thread wrote are invalidated everywhere.
    pub fn apply_code_writes(&self) {
        if code_pages::writes() == self.applied_writes.load(Ordering::Acquire) {
            return;
        }
        let _applying = self.applying.lock().unwrap_or_else(|e| e.into_inner());
        let seen = code_pages::writes();
        if seen != self.applied_writes.load(Ordering::Acquire) {
            code_pages::take_written(|start, end| self.invalidate(start, end));
            self.applied_writes.store(seen, Ordering::Release);
        }
    }

    /// Runs `f` with the cache locked against every other thread (for a fork: see
    /// `crossrun_linux::ForkLocks`).
    pub fn while_locked<R>(&self, f: impl FnOnce() -> R) -> R {
        let _applying = self.applying.lock().unwrap_or_else(|e| e.into_inner());
        let _blocks = self.blocks.write().unwrap_or_else(|e| e.into_inner());
        f()
    }

    /// Changes whenever blocks are invalidated.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn frontend(&self) -> &Arc<dyn Frontend> {
        &self.frontend
    }
}

/// The guest addresses of a block's instructions, in order (every instruction starts
/// with `GuestPc`).
fn instruction_starts(block: &Block) -> impl Iterator<Item = u64> + '_ {
    block.insts.iter().filter_map(|i| match i.op {
        Op::GuestPc(pc) => Some(pc),
        _ => None,
    })
}

/// Cuts an unoptimised block just before the instruction at `at`, continuing there.
/// Nothing before the cut uses a value defined after it (SSA order), so the rest is
/// well formed.
fn end_before(block: &mut Block, at: u64) {
    let Some(cut) = block.insts.iter().position(|i| i.op == Op::GuestPc(at)) else { return };
    block.insts.truncate(cut);
    block.guest_insns = instruction_starts(block).count() as u32;
    block.term = Terminator::Jump { target: at, kind: BranchKind::Plain };
    block.end_pc = at;
}

/// Slots in a [`LocalBlocks`] table (a power of two).
const LOCAL_SLOTS: usize = 4096;

/// One guest thread's direct-mapped copy of recently used cache entries: finding the
/// next block is an array index instead of a lock, a hash and two atomic reference-count
/// updates. It is emptied whenever the shared cache's generation changes.
pub struct LocalBlocks {
    slots: Vec<Option<Arc<Block>>>,
    generation: u64,
}

impl Default for LocalBlocks {
    fn default() -> Self {
        LocalBlocks { slots: vec![None; LOCAL_SLOTS], generation: 0 }
    }
}

impl LocalBlocks {
    /// The block at `pc`, from this table or else from the shared cache.
    pub fn get(&mut self, cache: &BlockCache, pc: u64) -> &Arc<Block> {
        let generation = cache.generation();
        if generation != self.generation {
            self.slots.iter_mut().for_each(|s| *s = None);
            self.generation = generation;
        }
        let slot = &mut self.slots[(pc >> 2) as usize & (LOCAL_SLOTS - 1)];
        match slot {
            Some(b) if b.start_pc == pc => {}
            _ => *slot = Some(cache.get(pc)),
        }
        slot.as_ref().expect("filled above")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossrun_ir::{Builder, BranchKind, Terminator};
    use std::sync::atomic::AtomicUsize;

    /// A frontend whose block at any pc covers `len` bytes, counting translations.
    struct Spanning {
        len: u64,
        translations: Arc<AtomicUsize>,
    }

    impl Frontend for Spanning {
        fn translate(&self, pc: u64) -> Block {
            self.translations.fetch_add(1, Ordering::SeqCst);
            let end = pc + self.len;
            Builder::new(pc).finish(end, 1, Terminator::Jump { target: end, kind: BranchKind::Plain })
        }

        fn disassemble(&self, _pc: u64) -> Option<(String, u64)> {
            None
        }
    }

    /// Translates a block of `len` bytes at `pc`; returns the watched pages in order, with
    /// how many translations had happened when each was watched, and the total.
    fn watched_pages(pc: u64, len: u64) -> (Vec<(u64, usize)>, usize) {
        let translations = Arc::new(AtomicUsize::new(0));
        let frontend = Spanning { len, translations: translations.clone() };
        let cache = BlockCache::new(Arc::new(frontend), BlockLog::default());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (log, count) = (seen.clone(), translations.clone());
        cache.set_code_watch(Box::new(move |page| log.lock().unwrap().push((page, count.load(Ordering::SeqCst)))));
        cache.get(pc);
        let pages = seen.lock().unwrap().clone();
        (pages, translations.load(Ordering::SeqCst))
    }

    #[test]
    fn a_block_within_one_page_watches_it_before_one_translation() {
        assert_eq!(watched_pages(0x1_0ffc, 4), (vec![(0x1_0000, 0)], 1));
    }

    /// A block whose last instruction straddles into the next page: that page is watched
    /// too, and the block the cache keeps was read after both watches.
    #[test]
    fn a_block_crossing_a_page_boundary_watches_every_page_it_lies_on() {
        let (pages, translations) = watched_pages(0x1_0ffe, 4);
        assert_eq!(pages, vec![(0x1_0000, 0), (0x1_1000, 1)]);
        assert_eq!(translations, 2, "translated again after the second page was watched");
        let (pages, _) = watched_pages(0x2_0ff0, 0x2020);
        assert_eq!(pages.iter().map(|p| p.0).collect::<Vec<_>>(), vec![0x2_0000, 0x2_1000, 0x2_2000, 0x2_3000]);
    }

    /// A frontend whose locations carry a mode bit above the address (as Arm's Thumb
    /// state does): blocks are `len` bytes long.
    struct Moded {
        len: u64,
    }

    const MODE: u64 = 1 << 32;

    impl Frontend for Moded {
        fn translate(&self, pc: u64) -> Block {
            let end = (pc & !MODE) + self.len;
            Builder::new(pc).finish(end, 1, Terminator::Jump { target: end | (pc & MODE), kind: BranchKind::Plain })
        }

        fn code_address(&self, pc: u64) -> u64 {
            pc & !MODE
        }

        fn disassemble(&self, _pc: u64) -> Option<(String, u64)> {
            None
        }
    }

    /// The code watch sees the page of the code's address, not of the location, and
    /// invalidating that page drops the block whatever its mode bits.
    #[test]
    fn blocks_at_locations_with_mode_bits_are_watched_and_dropped_by_address() {
        let cache = BlockCache::new(Arc::new(Moded { len: 4 }), BlockLog::default());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        cache.set_code_watch(Box::new(move |page| log.lock().unwrap().push(page)));
        let first = cache.get(0x1_0ffe | MODE);
        assert_eq!(*seen.lock().unwrap(), vec![0x1_0000, 0x1_1000]);
        assert_eq!(cache.code_range(&first), (0x1_0ffe, 0x1_1002));
        cache.invalidate(0x1_1000, 0x1_2000);
        let again = cache.get(0x1_0ffe | MODE);
        assert!(!Arc::ptr_eq(&first, &again), "the block was not dropped");
        let kept = cache.get(0x2_0000 | MODE);
        cache.invalidate(0x1_0000, 0x2_0000);
        assert!(Arc::ptr_eq(&kept, &cache.get(0x2_0000 | MODE)), "a block outside the range was dropped");
    }

    /// A write to the second page drops the block that began on the first.
    #[test]
    fn writing_the_second_page_drops_a_straddling_block() {
        let translations = Arc::new(AtomicUsize::new(0));
        let frontend = Spanning { len: 4, translations: translations.clone() };
        let cache = BlockCache::new(Arc::new(frontend), BlockLog::default());
        cache.get(0x1_0ffe);
        cache.get(0x1_0ffe);
        assert_eq!(translations.load(Ordering::SeqCst), 1);
        cache.invalidate(0x1_1000, 0x1_2000);
        cache.get(0x1_0ffe);
        assert_eq!(translations.load(Ordering::SeqCst), 2);
    }
}
