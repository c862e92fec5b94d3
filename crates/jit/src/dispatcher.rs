//! The `Jit` executor: looks up (or compiles) the block at the guest PC, runs it, and
//! handles what it returns. Blocks the JIT cannot compile run in the interpreter, so
//! correctness never depends on how much of the IR is compiled.

use crate::codecache::CodeCache;
use crate::emit::{self, term, Env, MAX_HELPER_ARGS, MAX_VALUES};
use crate::fault::{self, FaultRecord, Registration, EXIT_FAULT};
use crate::fpflags::{self, PendingFlags};
use crate::link::{self, Links};
use crate::ras::ReturnStack;
use crate::trampoline::{self, EnterFn};
use crossrun_exec::{AddressFilter, BlockCache, DebugFlags, Executor, Exit, Interpreter};
use crossrun_ir::{CpuState, FpEnv, Op, TrapKind};
use crossrun_memory::{Fault, FaultKind};
use rustc_hash::FxHashMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Tunables of a [`Jit`].
#[derive(Clone, Debug)]
pub struct JitOptions {
    /// Size of the code cache in bytes; when it is full everything is dropped.
    pub code_cache_bytes: usize,
    /// Patch jumps to go straight to compiled targets.
    pub link: bool,
    /// Append "START SIZE name" lines for each block to /tmp/perf-PID.map.
    pub perf_map: bool,
    /// Names the guest function a block starts in, for the perf map (`guest_PC`
    /// without it, or when it has no name).
    pub guest_names: Option<GuestNames>,
    /// Print each compiled block's host code size and address to stderr (`-d out_asm`).
    pub log_out_asm: bool,
    /// Which blocks `log_out_asm` covers (`-dfilter`).
    pub log_filter: AddressFilter,
    /// Fill the value array with a pattern before entering compiled code, so a test
    /// sees any op that reads bits of a value slot it did not define.
    pub poison_values: bool,
    /// The guest's stack-pointer register (from its descriptor), kept in a host register
    /// while compiled code runs.
    pub stack_pointer: Option<crossrun_ir::Reg>,
}

impl Default for JitOptions {
    fn default() -> Self {
        JitOptions {
            code_cache_bytes: 64 << 20,
            link: true,
            perf_map: false,
            guest_names: None,
            log_out_asm: false,
            log_filter: AddressFilter::default(),
            poison_values: false,
            stack_pointer: None,
        }
    }
}

/// Guest address -> the name of the guest function there (from the guest's ELF symbols).
#[derive(Clone)]
pub struct GuestNames(pub Arc<dyn Fn(u64) -> Option<String> + Send + Sync>);

impl std::fmt::Debug for GuestNames {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GuestNames")
    }
}

/// Counters for reports and tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JitStats {
    pub blocks_compiled: u64,
    pub blocks_interpreted: u64,
    pub links_patched: u64,
    /// Times compiled code was entered from the dispatcher.
    pub entries: u64,
    pub flushes: u64,
    /// Blocks dropped one by one because the guest rewrote or unmapped their code.
    pub blocks_dropped: u64,
    /// Compiled returns whose host `ret` went to the right place, and those that took
    /// the lookup table instead (see `ras.rs`).
    pub returns_predicted: u64,
    pub returns_mispredicted: u64,
}

/// Code ranges whose translations are stale, queued by any thread (the closure the Linux
/// layer calls is `Fn + Send + Sync`) and applied by the JIT's own thread at its next
/// block boundary.
#[derive(Debug, Default)]
pub struct Invalidations {
    pending: AtomicBool,
    ranges: Mutex<Vec<(u64, u64)>>,
}

impl Invalidations {
    /// Queues `[start, end)` for invalidation. Call together with
    /// `BlockCache::invalidate` for the same range.
    pub fn invalidate(&self, start: u64, end: u64) {
        self.ranges.lock().unwrap_or_else(|e| e.into_inner()).push((start, end));
        self.pending.store(true, Ordering::Release);
    }
}

/// Every live JIT's invalidation queue, so one invalidation (from whichever thread
/// unmaps or rewrites code) reaches the JIT of every guest thread.
#[derive(Debug, Default)]
pub struct InvalidationHub {
    queues: Mutex<Vec<std::sync::Weak<Invalidations>>>,
}

impl InvalidationHub {
    /// Adds a JIT's queue (`Jit::invalidations()`); it is forgotten when the JIT is dropped.
    pub fn register(&self, queue: &Arc<Invalidations>) {
        self.queues.lock().unwrap_or_else(|e| e.into_inner()).push(Arc::downgrade(queue));
    }

    /// Runs `f` while no other thread can queue invalidations (for a fork: see
    /// `crossrun_linux::ForkLocks`).
    pub fn while_locked<R>(&self, f: impl FnOnce() -> R) -> R {
        let _queues = self.queues.lock().unwrap_or_else(|e| e.into_inner());
        f()
    }

    /// Queues `[start, end)` on every registered JIT that still exists.
    pub fn invalidate(&self, start: u64, end: u64) {
        let mut queues = self.queues.lock().unwrap_or_else(|e| e.into_inner());
        queues.retain(|q| match q.upgrade() {
            Some(q) => {
                q.invalidate(start, end);
                true
            }
            None => false,
        });
    }
}

#[derive(Clone, Copy, Debug)]
enum Entry {
    /// Compiled code at this offset of the code cache.
    Compiled { offset: usize, start: u64, end: u64 },
    /// Run by the interpreter; `invalidates_code` when the block may invalidate code
    /// (IC IVAU), whose range the interpreter then reports.
    Interpret { invalidates_code: bool, start: u64, end: u64 },
}

/// The page size of the JIT's index of blocks by guest page (any size works; this is
/// the guests' smallest page).
const INDEX_PAGE_SHIFT: u32 = 12;

impl Entry {
    fn range(&self) -> (u64, u64) {
        let (Entry::Compiled { start, end, .. } | Entry::Interpret { start, end, .. }) = *self;
        (start, end.max(start.saturating_add(1)))
    }

    fn overlaps(&self, lo: u64, hi: u64) -> bool {
        let (start, end) = self.range();
        start < hi && lo < end
    }

    /// The index pages the block's code lies on.
    fn pages(&self) -> std::ops::RangeInclusive<u64> {
        let (start, end) = self.range();
        (start >> INDEX_PAGE_SHIFT)..=((end - 1) >> INDEX_PAGE_SHIFT)
    }
}

struct CodeState {
    // Dropped first, so the fault handler stops resolving into the cache before it is
    // unmapped.
    _registration: Registration,
    cache: CodeCache,
    enter: EnterFn,
    exit: usize,
    /// The trampoline's `next`, where vacant lookup-table entries jump.
    next: usize,
}

/// The x86_64 JIT executor, one per guest thread.
pub struct Jit {
    code: Option<CodeState>,
    cache: Arc<BlockCache>,
    interp: Interpreter,
    interrupt: Arc<AtomicBool>,
    debug: DebugFlags,
    options: JitOptions,
    entries: FxHashMap<u64, Entry>,
    /// Executable address of a guest access instruction -> (guest pc, is a write).
    access_sites: FxHashMap<usize, (u64, bool)>,
    links: Links,
    /// Each compiled block's link sites (offset in the code cache, guest target), so
    /// dropping the block also forgets them.
    outgoing: FxHashMap<u64, Vec<(usize, u64)>>,
    /// Guest page number -> the blocks (start pcs) with code on that page, so dropping
    /// the blocks of a small written range does not look at every block.
    pages: FxHashMap<u64, Vec<u64>>,
    /// Read by compiled code (its address is baked into indirect jumps): must not move,
    /// hence boxed inside.
    lookup: link::LookupTable,
    /// Return prediction's state, also written by compiled code and the trampoline:
    /// must not move either.
    ras: ReturnStack,
    /// Trap kinds of compiled blocks, indexed by the value of an `EXIT_TRAP` exit.
    traps: Vec<TrapKind>,
    /// How compiled code and the trampoline fold host FP flags into the guest's (see
    /// `fpflags.rs`); its address is baked in, so it must not move.
    pending_flags: Box<PendingFlags>,
    /// The FP environment whose ops compiled code inlines, once one is adopted.
    fp_env: Option<&'static FpEnv>,
    values: Box<[u128]>,
    args: Box<[u128]>,
    /// Written by the signal handler; outlives `code` (declared after it).
    fault: Box<FaultRecord>,
    invalidations: Arc<Invalidations>,
    /// Where `-perfmap` lines go. Opened for each line, not kept open: the guest owns the
    /// descriptor table and may close or reuse any number while it runs.
    perf_map: Option<String>,
    stats: JitStats,
    /// The process the code cache belongs to. The cache is MAP_SHARED memory, so after a
    /// fork the child must not write to it (the parent runs that code too).
    owner_pid: u32,
}

impl Jit {
    pub fn new(cache: Arc<BlockCache>, interrupt: Arc<AtomicBool>, debug: DebugFlags) -> Jit {
        Jit::with_options(cache, interrupt, debug, JitOptions::default())
    }

    pub fn with_options(cache: Arc<BlockCache>, interrupt: Arc<AtomicBool>, debug: DebugFlags, options: JitOptions) -> Jit {
        let mut fault = Box::<FaultRecord>::default();
        let ras = ReturnStack::default();
        let pending_flags = Box::<PendingFlags>::default();
        let code = match set_up_code(&options, &mut fault, &ras, &pending_flags, &interrupt) {
            Ok(code) => Some(code),
            Err(why) => {
                eprintln!("crossrun: JIT unavailable ({why}); interpreting");
                None
            }
        };
        let perf_map = options.perf_map.then(|| format!("/tmp/perf-{}.map", std::process::id()));
        let vacant = code.as_ref().map_or(0, |c| c.next);
        Jit {
            code,
            interp: Interpreter::new(cache.clone(), interrupt.clone(), debug),
            cache,
            interrupt,
            debug,
            options,
            entries: FxHashMap::default(),
            access_sites: FxHashMap::default(),
            links: Links::default(),
            outgoing: FxHashMap::default(),
            pages: FxHashMap::default(),
            lookup: link::LookupTable::new(vacant),
            ras,
            traps: Vec::new(),
            pending_flags,
            fp_env: None,
            values: vec![0u128; MAX_VALUES].into_boxed_slice(),
            args: vec![0u128; MAX_HELPER_ARGS].into_boxed_slice(),
            fault,
            invalidations: Arc::default(),
            perf_map,
            stats: JitStats::default(),
            owner_pid: std::process::id(),
        }
    }

    /// The handle to queue invalidations with from other threads.
    pub fn invalidations(&self) -> Arc<Invalidations> {
        self.invalidations.clone()
    }

    pub fn stats(&self) -> JitStats {
        let (returns_predicted, returns_mispredicted) = self.ras.counts();
        JitStats { returns_predicted, returns_mispredicted, ..self.stats }
    }

    /// Whether native code is in use (false if the code cache could not be set up).
    pub fn is_native(&self) -> bool {
        self.code.is_some()
    }

    /// The executable address range of the code cache, if any.
    pub fn code_range(&self) -> Option<(usize, usize)> {
        self.code.as_ref().map(|c| c.cache.exec_range())
    }

    /// Drops every compiled block. Only called from the dispatcher, when no compiled
    /// code of this thread is running.
    pub fn flush(&mut self) {
        if let Some(code) = &mut self.code {
            code.cache.clear();
        }
        self.flush_bookkeeping();
        self.stats.flushes += 1;
    }

    /// In a forked child: forget compiled code and take a code cache of our own, leaving
    /// the one shared with the parent alone (dropping our views of it does not affect
    /// the parent's).
    fn reset_after_fork(&mut self) {
        self.owner_pid = std::process::id();
        let old = self.code.take();
        drop(old);
        self.code = set_up_code(&self.options, &mut self.fault, &self.ras, &self.pending_flags, &self.interrupt).ok();
        // After the new cache exists: vacant entries point at its trampoline.
        self.flush_bookkeeping();
    }

    /// Forgets everything that refers to compiled code. The lookup table holds host
    /// addresses, so compiled code must never see it point into a cache that was
    /// cleared or replaced.
    fn flush_bookkeeping(&mut self) {
        let vacant = self.code.as_ref().map_or(0, |c| c.next);
        self.entries.clear();
        self.access_sites.clear();
        self.links.clear();
        self.outgoing.clear();
        self.pages.clear();
        self.lookup.clear(vacant);
        self.traps.clear();
    }

    fn apply_invalidations(&mut self) {
        self.invalidations.pending.store(false, Ordering::Relaxed);
        let ranges = std::mem::take(&mut *self.invalidations.ranges.lock().unwrap_or_else(|e| e.into_inner()));
        for (lo, hi) in ranges {
            self.drop_blocks(lo, hi);
        }
    }

    /// Drops the blocks whose guest code overlaps `[lo, hi)`, and only those: guest JITs
    /// (V8, the JVM, LuaJIT) rewrite a little code at a time, and dropping every block
    /// each time made retranslation most of their run. Only called from the
    /// dispatcher, when no compiled code of this thread is running.
    fn drop_blocks(&mut self, lo: u64, hi: u64) {
        let (first, last) = (lo >> INDEX_PAGE_SHIFT, hi.max(lo.saturating_add(1)).saturating_sub(1) >> INDEX_PAGE_SHIFT);
        // A huge range (an munmap of a whole mapping) costs no more than one pass over
        // the index.
        let candidates: Vec<u64> = if last - first < self.pages.len() as u64 {
            (first..=last).filter_map(|page| self.pages.get(&page)).flatten().copied().collect()
        } else {
            self.pages.values().flatten().copied().collect()
        };
        for pc in candidates {
            let Some(entry) = self.entries.get(&pc).copied() else { continue };
            if !entry.overlaps(lo, hi) {
                continue;
            }
            self.entries.remove(&pc);
            for page in entry.pages() {
                if let Some(pcs) = self.pages.get_mut(&page) {
                    pcs.retain(|&p| p != pc);
                }
            }
            if let Entry::Compiled { .. } = entry {
                self.drop_compiled(pc);
            }
        }
    }

    /// Makes the compiled block of `pc` unreachable: jumps linked to it exit to the
    /// dispatcher again (and wait for its next translation), its lookup-table entry is
    /// vacant, and its own link sites are forgotten. Its code stays in the cache, dead,
    /// until the next flush reclaims the space.
    fn drop_compiled(&mut self, pc: u64) {
        self.stats.blocks_dropped += 1;
        self.lookup.remove(pc);
        for (site, target) in self.outgoing.remove(&pc).unwrap_or_default() {
            self.links.forget(target, site);
        }
        let Some(code) = self.code.as_mut() else { return };
        for (site, unlinked) in self.links.unlink(pc) {
            code.cache.patch_u32(site, unlinked);
            self.links.add_pending(pc, site);
        }
    }

    /// Runs the block at `cpu.pc` (and, with linking, any blocks it jumps straight to).
    /// `None` when it ended in a branch (`cpu.pc` is then the target).
    pub fn step(&mut self, cpu: &mut CpuState) -> Option<Exit> {
        // Most blocks the dispatcher runs are in the indirect-branch table: no hashing.
        if let Some(addr) = self.lookup.get(cpu.pc) {
            return self.enter(cpu, addr);
        }
        let entry = match self.entries.get(&cpu.pc) {
            Some(e) => *e,
            None => self.translate(cpu.pc),
        };
        match entry {
            Entry::Compiled { offset, .. } => {
                let code = self.code.as_ref().expect("compiled entries exist only with a code cache");
                let addr = code.cache.exec_addr(offset);
                // Back into the lookup table, from which a colliding block evicted it, so
                // indirect branches in compiled code find it again without the dispatcher.
                self.lookup.insert(cpu.pc, addr);
                self.enter(cpu, addr)
            }
            Entry::Interpret { invalidates_code, .. } => {
                let exit = self.interp.step(cpu);
                if invalidates_code {
                    if let Some((lo, hi)) = self.interp.take_invalidated() {
                        self.drop_blocks(lo, hi);
                    }
                }
                exit
            }
        }
    }

    /// Runs compiled code from its executable address `addr`.
    fn enter(&mut self, cpu: &mut CpuState, addr: usize) -> Option<Exit> {
        if self.options.poison_values {
            self.values.fill(0xa5a5_a5a5_a5a5_a5a5_a5a5_a5a5_a5a5_a5a5);
        }
        self.stats.entries += 1;
        let code = self.code.as_ref().expect("compiled entries exist only with a code cache");
        // SAFETY: `addr` is the start of a block compiled by `emit::compile` into the
        // live code cache; the block only touches `cpu`, the value array (MAX_VALUES
        // slots, more than any compiled block uses), the argument area (MAX_HELPER_ARGS)
        // and guest memory, whose faults the registered fault handler turns into an
        // EXIT_FAULT return through the trampoline.
        let r = unsafe { (code.enter)(cpu, addr, self.values.as_mut_ptr(), self.args.as_mut_ptr()) };
        match r.kind {
            term::EXIT_SYSCALL => Some(Exit::Syscall),
            EXIT_FAULT => {
                let rec = &*self.fault;
                let (pc, write) = self.access_sites.get(&(rec.rip as usize)).copied().unwrap_or(
                    // Only guest accesses can fault in compiled code; anything else is a
                    // JIT bug, reported at the block start rather than crashing.
                    (cpu.pc, false),
                );
                cpu.pc = pc;
                let kind = if rec.signal == libc::SIGBUS { FaultKind::Bus } else { FaultKind::Segv };
                Some(Exit::MemoryFault { fault: Fault { addr: rec.addr, kind }, write })
            }
            // Compiled code has already set `cpu.pc`.
            term::EXIT_MISALIGNED_LOAD | term::EXIT_MISALIGNED_STORE => Some(Exit::MemoryFault {
                fault: Fault { addr: r.value, kind: FaultKind::Alignment },
                write: r.kind == term::EXIT_MISALIGNED_STORE,
            }),
            term::EXIT_TRAP => match self.traps.get(r.value as usize) {
                Some(kind) => Some(Exit::Trap(*kind)),
                None => unreachable!("trap exit with unknown index {}", r.value),
            },
            term::EXIT_NEXT => {
                cpu.pc = r.value;
                None
            }
            other => unreachable!("compiled code returned exit kind {other}"),
        }
    }

    /// Decides how to run the block at `pc`, compiling it if possible.
    fn translate(&mut self, pc: u64) -> Entry {
        // Compiled blocks need no IR afterwards, so it is not kept in the shared cache;
        // the interpreter fetches (and caches) the blocks it runs itself.
        let block = self.cache.translate(pc);
        let (start, end) = self.cache.code_range(&block);
        let interpret = Entry::Interpret {
            invalidates_code: block.insts.iter().any(|i| matches!(i.op, Op::InvalidateCode(_))),
            start,
            end,
        };
        let entry = if self.code.is_some() && emit::supported(&block) {
            self.compile(&block).unwrap_or(interpret)
        } else {
            interpret
        };
        match entry {
            Entry::Compiled { .. } => self.stats.blocks_compiled += 1,
            Entry::Interpret { .. } => self.stats.blocks_interpreted += 1,
        }
        self.entries.insert(pc, entry);
        for page in entry.pages() {
            self.pages.entry(page).or_default().push(pc);
        }
        entry
    }

    fn compile(&mut self, block: &crossrun_ir::Block) -> Option<Entry> {
        let link = self.options.link && !self.debug.exec && !self.debug.cpu;
        let interrupt = Arc::as_ptr(&self.interrupt) as usize;
        let lookup = if link { self.lookup.address() } else { 0 };
        let ras = if link { self.ras.address() } else { 0 };
        let pinned = self.options.stack_pointer;
        let pending_flags = &*self.pending_flags as *const PendingFlags as usize;
        let fp_env = self.fp_env;
        let env = |code: &CodeState| Env { exit: code.exit, interrupt, link, lookup, ras, pinned, pending_flags, fp_env };
        let code = self.code.as_mut()?;
        let mut base = code.cache.next_offset();
        let trap_base = self.traps.len();
        let mut compiled = emit::compile(block, code.cache.exec_addr(base), trap_base, env(code)).ok()?;
        if compiled.code.len() > code.cache.free_bytes() {
            // Full: start over. Safe here, between blocks, with no compiled code running.
            self.flush();
            let code = self.code.as_mut()?;
            base = code.cache.next_offset();
            compiled = emit::compile(block, code.cache.exec_addr(base), 0, env(code)).ok()?;
        }
        if let (None, Some(env)) = (self.fp_env, compiled.fp_env) {
            // The first FP environment met: its flags are the ones MXCSR holds from now.
            self.fp_env = Some(env);
            self.pending_flags.table = fpflags::flag_table(env).as_ptr() as usize;
            self.pending_flags.status = emit::register_offset(env.status) as i64;
        }
        let code = self.code.as_mut()?;
        let offset = code.cache.append(&compiled.code)?;
        debug_assert_eq!(offset, base);
        self.traps.extend_from_slice(&compiled.traps);
        for &(site, pc, write) in &compiled.access_sites {
            self.access_sites.insert(code.cache.exec_addr(offset + site), (pc, write));
        }
        // Link this block's jumps to targets already compiled; the rest wait.
        for &(site, target) in &compiled.link_sites {
            match self.entries.get(&target) {
                Some(Entry::Compiled { offset: t, .. }) => {
                    self.links.linked(target, offset + site, code.cache.read_u32(offset + site));
                    code.cache.patch_u32(offset + site, link::rel32(offset + site, *t));
                    self.stats.links_patched += 1;
                }
                _ => self.links.add_pending(target, offset + site),
            }
        }
        // And jumps already waiting for this block.
        for site in self.links.take(block.start_pc) {
            self.links.linked(block.start_pc, site, code.cache.read_u32(site));
            code.cache.patch_u32(site, link::rel32(site, offset));
            self.stats.links_patched += 1;
        }
        self.outgoing.insert(block.start_pc, compiled.link_sites.iter().map(|&(site, target)| (offset + site, target)).collect());
        let addr = code.cache.exec_addr(offset);
        self.lookup.insert(block.start_pc, addr);
        let (start, end) = self.cache.code_range(block);
        if self.options.log_out_asm && self.options.log_filter.matches(start, end) {
            crossrun_exec::logfile::line(format_args!("crossrun: OUT: [size={}] {:#x} for guest {:#x}", compiled.code.len(), addr, block.start_pc));
            crossrun_exec::logfile::line(format_args!("{}", crate::disasm::listing(code.cache.bytes(offset, compiled.code.len()), addr as u64)));
        }
        if let Some(path) = &self.perf_map {
            // perf ignores a map it cannot parse; a failed write only loses symbols.
            if let Ok(mut map) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
                // Named by code address: a location's mode bits are no part of a symbol's.
                let name = self.options.guest_names.as_ref().and_then(|n| (n.0)(start));
                let name = name.unwrap_or_else(|| format!("guest_{start:x}"));
                let _ = writeln!(map, "{:x} {:x} {name}", addr, compiled.code.len());
            }
        }
        Some(Entry::Compiled { offset, start, end })
    }
}

/// `interrupt` must outlive the returned code state (the `Jit` drops `code` first).
fn set_up_code(
    options: &JitOptions,
    fault: &mut FaultRecord,
    ras: &ReturnStack,
    pending_flags: &PendingFlags,
    interrupt: &Arc<AtomicBool>,
) -> Result<CodeState, String> {
    let mut cache = CodeCache::new(options.code_cache_bytes.max(64 << 10)).map_err(|e| e.to_string())?;
    let base = cache.exec_addr(0);
    let tramp = trampoline::build(base, ras.address(), options.stack_pointer, pending_flags as *const PendingFlags as usize);
    let off = cache.append(&tramp.code).ok_or("code cache too small")?;
    cache.reserve_prefix();
    let (start, end) = cache.exec_range();
    let exit = cache.exec_addr(off + tramp.exit);
    let next = cache.exec_addr(off + tramp.next);
    let registration = fault::register(start, end, fault, exit, Arc::as_ptr(interrupt)).ok_or("too many code caches")?;
    // SAFETY: the trampoline was just written at offset `off` of the executable view and
    // has exactly `EnterFn`'s signature and ABI (see trampoline.rs).
    let enter: EnterFn = unsafe { std::mem::transmute::<usize, EnterFn>(cache.exec_addr(off)) };
    Ok(CodeState { _registration: registration, cache, enter, exit, next })
}

impl Executor for Jit {
    fn interrupt_flag(&self) -> Option<Arc<AtomicBool>> {
        Some(self.interrupt.clone())
    }

    fn run(&mut self, cpu: &mut CpuState) -> Exit {
        if std::process::id() != self.owner_pid {
            self.reset_after_fork();
        }
        loop {
            // A plain load first: the flag is almost always clear, and a locked swap on
            // every dispatcher entry would cost more than the check.
            if self.interrupt.load(Ordering::Relaxed) && self.interrupt.swap(false, Ordering::Acquire) {
                return Exit::Interrupted;
            }
            // Written code pages reach every JIT's queue, this one's included.
            self.cache.apply_code_writes();
            if self.invalidations.pending.load(Ordering::Acquire) {
                self.apply_invalidations();
            }
            if self.debug.exec {
                crossrun_exec::logfile::line(format_args!("crossrun: exec {:#x}", cpu.pc));
            }
            if self.debug.cpu {
                crossrun_exec::logfile::line(format_args!("crossrun: {cpu:x?}"));
            }
            if let Some(exit) = self.step(cpu) {
                return exit;
            }
        }
    }
}
