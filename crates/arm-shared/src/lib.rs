//! What the Arm ARM defines once for AArch64 and AArch32, as IR helpers both Arm
//! frontends call: the same static [`crossrun_ir::Helper`] (and so the same JIT
//! inlining, by its `Meaning`) serves A64's CRC32X and A32's CRC32W, A64's FADD and
//! A32's VADD.F32.
//!
//! Only the semantics live here; each frontend keeps its own decoding and register
//! mapping and passes operands in the shapes documented on each helper.

pub mod counter;
pub mod crc32;
pub mod crypto;
pub mod fp;
pub mod simd;
