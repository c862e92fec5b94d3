//! The host CPU's optional instruction sets, detected once per process.

use std::sync::OnceLock;

/// Which instruction-set extensions beyond x86_64's baseline (SSE2) the host has.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HostFeatures {
    pub sse41: bool,
    pub ssse3: bool,
    pub fma: bool,
    /// AES-NI.
    pub aes: bool,
    pub pclmulqdq: bool,
    /// SHA-NI (SHA-1 and SHA-256).
    pub sha: bool,
}

pub(crate) fn features() -> &'static HostFeatures {
    static FEATURES: OnceLock<HostFeatures> = OnceLock::new();
    FEATURES.get_or_init(|| HostFeatures {
        sse41: std::arch::is_x86_feature_detected!("sse4.1"),
        ssse3: std::arch::is_x86_feature_detected!("ssse3"),
        fma: std::arch::is_x86_feature_detected!("fma"),
        aes: std::arch::is_x86_feature_detected!("aes"),
        pclmulqdq: std::arch::is_x86_feature_detected!("pclmulqdq"),
        sha: std::arch::is_x86_feature_detected!("sha"),
    })
}
