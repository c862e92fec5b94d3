//! Optimisation passes over one block. Each is a plain function `fn(&mut Block)` that
//! keeps the block verified; [`optimize`] runs them in a sensible order.

mod dead_code;
mod forward_registers;
mod simplify;

pub use dead_code::remove_dead_code;
pub use forward_registers::forward_registers;
pub use simplify::simplify;

use crate::Block;

/// Runs every pass once.
pub fn optimize(block: &mut Block) {
    forward_registers(block);
    simplify(block);
    remove_dead_code(block);
}
