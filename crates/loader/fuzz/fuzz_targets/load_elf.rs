//! Feeds arbitrary bytes to the ELF loader: parsing must never panic, and loading what
//! parses must either succeed or fail cleanly, leaving no guest mapping behind.
#![no_main]

use crossrun_loader::{ElfImage, LoadOptions, StackSpec};
use crossrun_memory::GuestSpace;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    crossrun_memory::install_fault_handler(None);
    let Ok(image) = ElfImage::parse(Path::new("fuzz"), data.to_vec()) else { return };
    let mut space = GuestSpace::new();
    let stack = StackSpec {
        size: 64 * 1024,
        argv: vec![b"fuzz".to_vec()],
        envp: vec![],
        execfn: b"fuzz".to_vec(),
        hwcap: 0,
        hwcap2: 0,
        platform: Some("aarch64"),
        secure: false,
        random: [0; 16],
        min_signal_stack: Some(5120),
    };
    // Interpreters named by fuzzed PT_INTERP are looked up under a sysroot that does
    // not exist, so the fuzzer never loads real files from the machine.
    let opts = LoadOptions { stack };
    let _ = crossrun_loader::load(&image, &mut space, &opts);
    let ranges: Vec<(u64, u64)> = space.ranges().collect();
    for (start, end) in ranges {
        space.unmap(start, end - start).expect("unmapping what the loader mapped");
    }
});
