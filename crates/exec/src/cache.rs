//! Translated blocks, keyed by guest PC and shared by every thread of the guest.

use crate::log::BlockLog;
use crossrun_ir::{passes, Block, Frontend};
use rustc_hash::FxHashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// The cache of translated blocks.
pub struct BlockCache {
    frontend: Arc<dyn Frontend>,
    blocks: RwLock<FxHashMap<u64, Arc<Block>>>,
    /// Incremented by every invalidation, so per-thread copies of cache entries (see
    /// [`LocalBlocks`]) know when to forget what they hold.
    generation: AtomicU64,
    log: BlockLog,
}

impl BlockCache {
    pub fn new(frontend: Arc<dyn Frontend>, log: BlockLog) -> Self {
        BlockCache { frontend, blocks: RwLock::new(FxHashMap::default()), generation: AtomicU64::new(0), log }
    }

    /// The block at `pc`, translating it on first use.
    pub fn get(&self, pc: u64) -> Arc<Block> {
        if let Some(b) = self.blocks.read().unwrap_or_else(|e| e.into_inner()).get(&pc) {
            return b.clone();
        }
        let block = Arc::new(self.translate(pc));
        self.blocks.write().unwrap_or_else(|e| e.into_inner()).insert(pc, block.clone());
        block
    }

    /// The optimized IR of the block at `pc`, translated now and not kept. For a compiler
    /// that keeps its own output instead: holding the IR of every compiled block would
    /// cost more memory than the compiled code (hundreds of MiB for gcc's cc1).
    pub fn translate(&self, pc: u64) -> Block {
        if let Some(b) = self.blocks.read().unwrap_or_else(|e| e.into_inner()).get(&pc) {
            return Block::clone(b);
        }
        let mut block = self.frontend.translate(pc);
        debug_assert_eq!(crossrun_ir::verify(&block), Ok(()), "frontend emitted malformed IR:\n{block}");
        passes::optimize(&mut block);
        debug_assert_eq!(crossrun_ir::verify(&block), Ok(()), "a pass broke the IR:\n{block}");
        if self.log.filter.matches(block.start_pc, block.end_pc) {
            if self.log.in_asm {
                self.log_guest_code(&block);
            }
            if self.log.ir {
                eprint!("{block}");
            }
        }
        block
    }

    /// `-d in_asm`: the guest instructions a block was translated from.
    fn log_guest_code(&self, block: &Block) {
        let mut text = format!("IN: {:#x}..{:#x}\n", block.start_pc, block.end_pc);
        let mut pc = block.start_pc;
        while pc < block.end_pc {
            let Some((line, len)) = self.frontend.disassemble(pc) else { break };
            text.push_str(&format!("  {pc:#x}:  {line}\n"));
            pc += len;
        }
        eprint!("{text}");
    }

    /// Forgets every block that contains code in `[start, end)`, so modified guest code is
    /// translated again.
    pub fn invalidate(&self, start: u64, end: u64) {
        self.blocks
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, b| b.end_pc <= start || b.start_pc >= end);
        self.generation.fetch_add(1, Ordering::Release);
    }

    /// Runs `f` with the cache locked against every other thread (for a fork: see
    /// `crossrun_linux::ForkLocks`).
    pub fn while_locked<R>(&self, f: impl FnOnce() -> R) -> R {
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
