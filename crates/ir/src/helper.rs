//! Helpers: out-of-line functions for operations too complex to express in IR ops.

use crate::{CpuState, Meaning, Ty};

/// A helper's implementation. It receives the guest CPU state (helpers may read FPCR and
/// update FPSR, nothing else) and its arguments widened to 128 bits, and returns its
/// result widened to 128 bits (ignored for `Ty::Void`).
pub type HelperFn = fn(&mut CpuState, &[u128]) -> u128;

/// A helper's description. Frontends define these as `static`s, so a reference to one
/// identifies it.
#[derive(Debug)]
pub struct Helper {
    /// Name shown in IR dumps.
    pub name: &'static str,
    pub func: HelperFn,
    /// Argument types, checked by the verifier.
    pub args: &'static [Ty],
    pub ret: Ty,
    /// Pure helpers neither read nor write guest state (not even FPCR/FPSR), so an
    /// unused call can be removed.
    pub pure: bool,
    /// What it computes, for executors that can do it without calling `func`.
    pub meaning: Meaning,
}

impl PartialEq for Helper {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
