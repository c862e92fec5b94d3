//! riscv64 structure layouts: asm-generic's LP64 set, which riscv64 takes unchanged,
//! except `struct sigaction`: riscv64 defines no SA_RESTORER, so the kernel's sigaction
//! has no `sa_restorer` member. The probe test (`abi/layout/probe.rs`) checks every
//! field against riscv64-linux-gnu-gcc.

use crate::abi::asm_generic_layout::{LP64, SIGACTION_WITHOUT_RESTORER};
use crate::abi::layout::Layouts;

pub static LAYOUTS: Layouts = Layouts { sigaction: SIGACTION_WITHOUT_RESTORER, ..LP64 };
