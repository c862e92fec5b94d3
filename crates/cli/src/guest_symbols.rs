//! Names of guest functions, for `-perfmap`: the symbol tables of the ELF files the
//! guest's code comes from. The program and its dynamic linker were loaded by crossrun
//! (copied into anonymous memory), so their places come from the auxiliary vector; the
//! shared libraries the dynamic linker maps are file mappings, found in /proc/self/maps
//! since guest addresses are host addresses. Every guest architecture's ELF files read
//! the same way.

use object::{Object, ObjectSegment, ObjectSymbol, SymbolKind};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A file's function symbols: (link-time address, size, name), sorted by address.
type Symbols = Arc<Vec<(u64, u64, String)>>;

/// One mapping of a guest file: addresses in it are the file's link-time addresses plus
/// `bias`.
struct Module {
    start: u64,
    end: u64,
    bias: u64,
    symbols: Symbols,
}

#[derive(Default)]
pub struct GuestSymbols {
    modules: Vec<Module>,
    files: HashMap<PathBuf, Symbols>,
    /// Pages that were mapped from no file (guest JIT code, say), checked once.
    anonymous: HashSet<u64>,
}

/// auxv tags (the same for every Linux architecture).
const AT_BASE: u64 = 7;
const AT_ENTRY: u64 = 9;

impl GuestSymbols {
    /// Knows the program (placed so that its entry point is AT_ENTRY) and the dynamic
    /// linker (placed at AT_BASE).
    pub fn new(program: &Path, interpreter: Option<&Path>, auxv: &[(u64, u64)]) -> GuestSymbols {
        let mut me = GuestSymbols::default();
        let at = |tag| auxv.iter().find(|e| e.0 == tag).map(|e| e.1);
        let mut add = |path: &Path, place: &dyn Fn(&object::File<'_>) -> Option<u64>| {
            let Ok(data) = std::fs::read(path) else { return };
            let Ok(file) = object::File::parse(&*data) else { return };
            let Some(bias) = place(&file) else { return };
            let segments = file.segments().map(|s| (s.address(), s.address() + s.size()));
            let (lo, hi) = segments.fold((u64::MAX, 0), |(lo, hi), (a, b)| (lo.min(a), hi.max(b)));
            let symbols = Arc::new(function_symbols(&file));
            me.modules.push(Module { start: lo.wrapping_add(bias), end: hi.wrapping_add(bias), bias, symbols });
        };
        add(program, &|f| Some(at(AT_ENTRY)?.wrapping_sub(f.entry())));
        if let Some(interp) = interpreter {
            add(interp, &|_| at(AT_BASE));
        }
        me
    }

    /// The function containing guest address `pc`, if some guest file names it.
    pub fn name(&mut self, pc: u64) -> Option<String> {
        if !self.modules.iter().any(|m| (m.start..m.end).contains(&pc)) {
            let page = pc >> 12;
            if self.anonymous.contains(&page) {
                return None;
            }
            // A library mapped since the last look (maps is opened per look: the guest
            // owns the descriptor table).
            match self.load_module(pc) {
                Some(m) => self.modules.push(m),
                None => {
                    self.anonymous.insert(page);
                    return None;
                }
            }
        }
        let m = self.modules.iter().find(|m| (m.start..m.end).contains(&pc))?;
        let at = pc.wrapping_sub(m.bias);
        let i = m.symbols.partition_point(|s| s.0 <= at).checked_sub(1)?;
        let (addr, size, name) = &m.symbols[i];
        (at < addr + size.max(&1)).then(|| name.clone())
    }

    fn load_module(&mut self, pc: u64) -> Option<Module> {
        let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
        let line = maps.lines().find(|l| {
            let (range, _) = l.split_once(' ').unwrap_or_default();
            let (a, b) = range.split_once('-').unwrap_or_default();
            let (a, b) = (u64::from_str_radix(a, 16).unwrap_or(0), u64::from_str_radix(b, 16).unwrap_or(0));
            (a..b).contains(&pc)
        })?;
        let f: Vec<&str> = line.splitn(6, ' ').collect();
        let path = f.get(5)?.trim_start();
        if !path.starts_with('/') {
            return None;
        }
        let (a, b) = f[0].split_once('-')?;
        let (start, end) = (u64::from_str_radix(a, 16).ok()?, u64::from_str_radix(b, 16).ok()?);
        let offset = u64::from_str_radix(f[2], 16).ok()?;
        let data = std::fs::read(Path::new(path)).ok()?;
        let file = object::File::parse(&*data).ok()?;
        // The loadable segment this mapping came from gives the bias.
        let seg = file.segments().find(|s| {
            let (off, len) = s.file_range();
            offset >= off & !0xfff && offset < off + len.max(1)
        })?;
        let (seg_off, _) = seg.file_range();
        let bias = start.wrapping_sub(seg.address().wrapping_add(offset).wrapping_sub(seg_off));
        let symbols = match self.files.get(Path::new(path)) {
            Some(s) => s.clone(),
            None => {
                let s = Arc::new(function_symbols(&file));
                self.files.insert(PathBuf::from(path), s.clone());
                s
            }
        };
        Some(Module { start, end, bias, symbols })
    }
}

/// The functions in `.symtab`, or `.dynsym` for a stripped file (Debian's libraries).
fn function_symbols(file: &object::File<'_>) -> Vec<(u64, u64, String)> {
    let pick = |syms: &mut dyn Iterator<Item = object::Symbol<'_, '_>>| -> Vec<(u64, u64, String)> {
        syms.filter(|s| s.kind() == SymbolKind::Text && s.is_definition() && s.address() != 0)
            .filter_map(|s| Some((s.address(), s.size(), s.name().ok()?.to_owned())))
            .collect()
    };
    let mut out = pick(&mut file.symbols());
    if out.is_empty() {
        out = pick(&mut file.dynamic_symbols());
    }
    out.sort_by_key(|s| s.0);
    out
}

/// The namer the JIT's perf map uses (see [`GuestSymbols::new`]).
pub fn namer(program: &Path, interpreter: Option<&Path>, auxv: &[(u64, u64)]) -> crossrun_jit::GuestNames {
    let symbols = Mutex::new(GuestSymbols::new(program, interpreter, auxv));
    crossrun_jit::GuestNames(Arc::new(move |pc| symbols.lock().unwrap_or_else(|e| e.into_inner()).name(pc)))
}

/// `-perfmap` needs /tmp/perf-PID.map (the JIT appends to it, opening it per block): a
/// one-line error up front rather than a profile without names.
pub fn check_perf_map() -> Result<(), String> {
    let path = format!("/tmp/perf-{}.map", std::process::id());
    std::fs::OpenOptions::new().create(true).append(true).open(&path).map(drop).map_err(|e| format!("-perfmap: cannot write {path}: {e}"))
}
