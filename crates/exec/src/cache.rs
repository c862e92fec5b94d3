//! Translated blocks, keyed by guest PC and shared by every thread of the guest.

use crossrun_ir::{passes, Block, Frontend};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// The cache of translated blocks.
pub struct BlockCache {
    frontend: Arc<dyn Frontend>,
    blocks: RwLock<HashMap<u64, Arc<Block>>>,
    log_ir: bool,
}

impl BlockCache {
    pub fn new(frontend: Arc<dyn Frontend>, log_ir: bool) -> Self {
        BlockCache { frontend, blocks: RwLock::new(HashMap::new()), log_ir }
    }

    /// The block at `pc`, translating it on first use.
    pub fn get(&self, pc: u64) -> Arc<Block> {
        if let Some(b) = self.blocks.read().unwrap_or_else(|e| e.into_inner()).get(&pc) {
            return b.clone();
        }
        let mut block = self.frontend.translate(pc);
        debug_assert_eq!(crossrun_ir::verify(&block), Ok(()), "frontend emitted malformed IR:\n{block}");
        passes::optimize(&mut block);
        debug_assert_eq!(crossrun_ir::verify(&block), Ok(()), "a pass broke the IR:\n{block}");
        if self.log_ir {
            eprint!("{block}");
        }
        let block = Arc::new(block);
        self.blocks.write().unwrap_or_else(|e| e.into_inner()).insert(pc, block.clone());
        block
    }

    /// Forgets every block that contains code in `[start, end)`, so modified guest code is
    /// translated again.
    pub fn invalidate(&self, start: u64, end: u64) {
        self.blocks
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, b| b.end_pc <= start || b.start_pc >= end);
    }

    pub fn frontend(&self) -> &Arc<dyn Frontend> {
        &self.frontend
    }
}
