//! aarch64 structure layouts: asm-generic's LP64 set. arm64 defines SA_RESTORER, so its
//! `struct sigaction` has `sa_restorer`; nothing else departs from asm-generic. The
//! probe test (`abi/layout/probe.rs`) checks every field against aarch64-linux-gnu-gcc.

use crate::abi::asm_generic_layout::LP64;
use crate::abi::layout::Layouts;

pub static LAYOUTS: Layouts = LP64;
