//! Loads a guest ELF program the way the Linux kernel's ELF loader does: maps its
//! PT_LOAD segments (and its PT_INTERP dynamic linker, if any) into guest memory, sets up
//! the break, and builds the initial stack with argv, envp and the auxiliary vector.

mod elf;
mod error;
mod ident;
mod map;
mod stack;

pub use elf::ElfImage;
pub use ident::ElfId;
pub use error::LoadError;
pub use stack::{auxv_names, StackSpec};

use crossrun_memory::GuestSpace;
use std::path::{Path, PathBuf};

/// Where and how a program was loaded.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub elf: ElfId,
    /// Where the guest starts: the dynamic linker's entry if there is one, else the
    /// program's.
    pub start_pc: u64,
    /// The initial stack pointer, pointing at argc.
    pub sp: u64,
    /// The first address of the break (page-aligned end of the program's bss).
    pub brk_start: u64,
    /// The auxiliary vector as given to the guest, for /proc/self/auxv.
    pub auxv: Vec<(u64, u64)>,
    /// The host path of the dynamic linker that was loaded, if any.
    pub interpreter: Option<PathBuf>,
}

/// What the loader needs besides the program.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    pub stack: StackSpec,
}

/// Reads and checks `path` without mapping anything; it must be for one of the machines
/// in `supported` (each with its name for messages).
pub fn identify(path: &Path, supported: &[(ElfId, &str)]) -> Result<ElfImage, LoadError> {
    ElfImage::read(path, supported)
}

/// Loads a checked program into `space` and builds its stack. `image.interpreter`, if
/// any, is the host path of the dynamic linker to load (the embedder resolves the
/// program's PT_INTERP in the guest's file system view first).
pub fn load(image: &ElfImage, space: &mut GuestSpace, opts: &LoadOptions) -> Result<Loaded, LoadError> {
    let program = map::map_image(image, space, map::Placement::Program)?;
    let (interp, interpreter) = match &image.interpreter {
        Some(path) => {
            let path = path.clone();
            let interp_image = ElfImage::read(&path, &[(image.elf, "the program's machine")]).map_err(|e| LoadError::Interpreter {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
            if interp_image.elf != image.elf {
                return Err(LoadError::Interpreter {
                    path: path.display().to_string(),
                    reason: "it is for another architecture".into(),
                });
            }
            (Some(map::map_image(&interp_image, space, map::Placement::Interpreter)?), Some(path))
        }
        None => (None, None),
    };
    let start_pc = interp.as_ref().map_or(program.entry, |i| i.entry);
    let (sp, auxv) = stack::build(space, &opts.stack, &program, interp.as_ref())?;
    Ok(Loaded { elf: image.elf, start_pc, sp, brk_start: program.brk_start, auxv, interpreter })
}
