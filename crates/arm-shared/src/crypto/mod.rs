//! The Crypto extension's helpers: AES, SHA-1/SHA-256 and the 64-bit polynomial multiply.

pub mod aes;
pub mod pmull;
pub mod sha;
