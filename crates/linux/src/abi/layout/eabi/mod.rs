//! The generic handlers under a 32-bit guest's structures, called by their
//! asm-generic names: an aarch64 guest whose layouts are arm's
//! ([`crate::abi::arm::layout::LAYOUTS`]), so the conversions are tested call by call
//! apart from arm's own numbering and marshalling.

use crate::abi::Abi;
use crate::arch::GuestArch;

/// An aarch64 guest whose structures are arm EABI's, so the generic handlers can run
/// real host calls against 32-bit layouts before a 32-bit guest exists ([`handlers`]).
pub static ABI: Abi = Abi { name: "aarch64 with arm EABI structures", layouts: &crate::abi::arm::layout::LAYOUTS, ..crate::abi::aarch64::ABI };
pub static ARCH: GuestArch = GuestArch { abi: &ABI, ..crate::abi::aarch64::ARCH };

mod handlers;
