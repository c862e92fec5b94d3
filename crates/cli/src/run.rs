//! Starting a guest program: load it, pick the frontend for its architecture, and hand it
//! to the Linux ABI layer to run.

use crate::options::RunOptions;
use crossrun_exec::{BlockCache, BlockLog, DebugFlags, Executor, Interpreter};
use crossrun_jit::{InvalidationHub, Jit, JitOptions};
use crossrun_linux::fakeroot::{db::Db, Creds, RootId};
use crossrun_linux::rootfs::resolve::{Resolved, Rules};
use crossrun_linux::rootfs::Rootfs;
use crossrun_linux::{Process, ProcessConfig};
use crossrun_linux::arch::{Entry, GUESTS};
use crossrun_loader::{ElfId, LoadOptions, StackSpec};
use std::convert::Infallible;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

const DEFAULT_STACK_SIZE: u64 = 8 << 20;


/// Runs the program and exits with its status; returns crossrun's own exit status when
/// the program cannot be started.
pub fn run(opts: RunOptions) -> i32 {
    let Err(msg) = start(opts);
    eprintln!("crossrun: {msg}");
    1
}

/// With `--rootfs`: the guest's root with its binds, and the cwd moved into it when the
/// host cwd is outside (the guest then starts at `/`).
fn enter_rootfs(opts: &RunOptions) -> Result<Option<Rootfs>, String> {
    let Some(dir) = &opts.rootfs else { return Ok(None) };
    let mut binds = if opts.no_default_binds { Vec::new() } else { Rootfs::default_binds() };
    binds.extend(opts.binds.iter().cloned());
    let fs = Rootfs::new(dir, &binds)?;
    if fs.guest_cwd().is_err() {
        std::env::set_current_dir(fs.root()).map_err(|e| format!("{}: {e}", fs.root().display()))?;
    }
    Ok(Some(fs))
}

/// A path walked inside the rootfs, with what the kernel would say on failure.
fn in_rootfs(fs: &Rootfs, path: &Path) -> Result<Resolved, String> {
    fs.at(libc::AT_FDCWD, path.as_os_str().as_bytes(), Rules::follow(true), b"/")
        .map_err(|e| format!("{} (in rootfs {}): {}", path.display(), fs.root().display(), std::io::Error::from_raw_os_error(e.0)))
}

/// The kernel's binfmt_script for PROGRAM under a rootfs (debootstrap's second stage is a
/// shell script): `#!INTERP [ARG]` runs INTERP with `[INTERP, ARG?, PROGRAM, ARGS...]`,
/// nested as deep as the kernel allows. Without a rootfs PROGRAM must be an ELF file,
/// as for qemu.
fn interpret_scripts(fs: &Rootfs, opts: &mut RunOptions) -> Result<(), String> {
    use crossrun_linux::sys::exec::{classify, Kind};
    for _ in 0..5 {
        let host = in_rootfs(fs, &opts.program)?.host;
        let mut head = Vec::new();
        let file = std::fs::File::open(OsStr::from_bytes(host.as_bytes())).map_err(|e| format!("{}: {e}", opts.program.display()))?;
        std::io::Read::read_to_end(&mut std::io::Read::take(file, 256), &mut head).map_err(|e| format!("{}: {e}", opts.program.display()))?;
        let Ok(Kind::Script { interpreter, arg }) = classify(&head) else { return Ok(()) };
        let interpreter = PathBuf::from(OsString::from_vec(interpreter));
        let mut args: Vec<OsString> = arg.map(OsString::from_vec).into_iter().collect();
        args.push(opts.program.clone().into_os_string());
        args.append(&mut opts.args);
        opts.args = args;
        opts.argv0 = Some(interpreter.clone().into_os_string());
        opts.program = interpreter;
    }
    Err(format!("{}: too many levels of script interpreters", opts.program.display()))
}

/// Only returns when the program cannot be started.
fn start(mut opts: RunOptions) -> Result<Infallible, String> {
    if let Some(pattern) = opts.log_file.take() {
        // Absolute, so the crossrun a guest's execve starts (maybe after a chdir) finds it.
        let pattern = std::path::absolute(&pattern).map_err(|e| format!("-D {pattern}: {e}"))?.to_string_lossy().into_owned();
        let file = crossrun_exec::logfile::expand(&pattern, std::process::id())?;
        crossrun_exec::logfile::set(Path::new(&file), opts.log_append)?;
        opts.log_file = Some(pattern);
    }
    let rootfs = enter_rootfs(&opts)?;
    if let Some(fs) = &rootfs {
        interpret_scripts(fs, &mut opts)?;
    }
    // Under a rootfs PROGRAM is a guest path; the guest sees that path as its exe.
    let (program_host, exe_path) = match &rootfs {
        Some(fs) => {
            let r = in_rootfs(fs, &opts.program)?;
            (PathBuf::from(OsString::from_vec(r.host.into_bytes())), PathBuf::from(OsString::from_vec(r.guest)))
        }
        None => (opts.program.clone(), std::fs::canonicalize(&opts.program).unwrap_or_else(|_| PathBuf::from(&opts.program))),
    };
    let supported: Vec<(ElfId, &str)> = GUESTS.iter().map(|g| (g.elf, g.name)).collect();
    let mut image = crossrun_loader::identify(opts.load_from.as_ref().unwrap_or(&program_host), &supported).map_err(|e| e.to_string())?;
    let arch = crossrun_linux::arch::for_elf(image.elf).expect("identify accepts only supported guests");
    let cpu_model = arch.cpu_model(opts.cpu.as_deref()).ok_or_else(|| {
        format!("CPU model '{}' is not one of {}'s (try -cpu help)", opts.cpu.as_deref().unwrap_or_default(), arch.name)
    })?;
    // The dynamic linker's path is the guest's; the loader gets the host file.
    let sysroot = match &rootfs {
        Some(fs) => {
            if let Some(interp) = &image.interpreter {
                // Often a symlink chain inside the rootfs.
                let r = in_rootfs(fs, interp)?;
                image.interpreter = Some(PathBuf::from(OsString::from_vec(r.host.into_bytes())));
            }
            None
        }
        None => {
            // The C library the program's flags name first, then the guest's others.
            let named = arch.libraries_for(image.flags);
            let libraries: Vec<_> = std::iter::once(named).chain(arch.libraries.iter().filter(|l| !std::ptr::eq(*l, named))).collect();
            let choice = crate::sysroot::choose(opts.sysroot.as_deref(), image.interpreter.as_deref(), image.elf, &libraries, Path::new("/"))
                .map_err(|e| format!("{}: {e}", opts.program.display()))?;
            image.interpreter = choice.interpreter;
            choice.sysroot
        }
    };
    crossrun_memory::install_fault_handler(Some(fault_fallback));
    // Before anything large is mapped: a 32-bit guest's range is reserved here.
    let mut space = arch.new_space()?;
    let frontend = (arch.frontend)(cpu_model);

    let program_arg = opts.program.as_os_str().to_owned();
    let mut argv: Vec<Vec<u8>> = vec![opts.argv0.clone().unwrap_or_else(|| program_arg.clone()).into_vec()];
    argv.extend(opts.args.iter().map(|a| a.as_bytes().to_vec()));
    let stack = StackSpec {
        size: opts.stack_size.unwrap_or(DEFAULT_STACK_SIZE),
        argv: argv.clone(),
        envp: guest_environment(&opts),
        execfn: program_arg.into_vec(),
        hwcap: cpu_model.hwcap,
        hwcap2: cpu_model.hwcap2,
        platform: cpu_model.platform,
        secure: opts.secure,
        random: random_bytes(opts.seed),
        min_signal_stack: arch.min_signal_stack,
    };
    let loaded = crossrun_loader::load(&image, &mut space, &LoadOptions { stack })
        .map_err(|e| e.to_string())?;

    let root_id = root_id(&mut opts, rootfs.as_ref())?;
    let config = ProcessConfig {
        strace: opts.strace,
        log_unimplemented: opts.log.unimp,
        exe_path,
        uname_release: opts.uname_release.clone(),
        sysroot,
        reexec_options: opts.reexec_args(),
        rootfs,
        argv,
        auxv: loaded.auxv.clone(),
        cpu_model: Some(cpu_model),
        root_id,
    };
    let process = Process::new(arch, space, loaded.brk_start, config);
    let mut cpu = frontend.initial_state();
    (arch.entry)(&mut cpu, &Entry { pc: loaded.start_pc, sp: loaded.sp });
    let block_log = BlockLog { in_asm: opts.log.in_asm, ir: opts.log.ir, filter: opts.log_filter.clone() };
    let cache = Arc::new(BlockCache::new(frontend, block_log));
    if opts.perf_map && !opts.interp {
        crate::guest_symbols::check_perf_map()?;
    }
    let debugging = opts.gdb_port.map(|port| crate::debug::Debugging::listen(port, &cache, arch)).transpose()?;
    let session = debugging.as_ref().map(|d| d.session());
    let engine = Engine {
        cache: cache.clone(),
        debug: DebugFlags { ir: opts.log.ir, exec: opts.log.exec, cpu: opts.log.cpu },
        jit: (!opts.interp).then(|| JitOptions {
            perf_map: opts.perf_map,
            guest_names: opts.perf_map.then(|| crate::guest_symbols::namer(&program_host, loaded.interpreter.as_deref(), &loaded.auxv)),
            stack_pointer: Some(arch.stack_pointer),
            log_out_asm: opts.log.out_asm,
            log_filter: opts.log_filter.clone(),
            ..JitOptions::default()
        }),
        hub: Arc::new(InvalidationHub::default()),
    };
    let hub = engine.hub.clone();
    let (fork_cache, fork_hub) = (cache.clone(), hub.clone());
    // Every range dropped from the shared cache is dropped from every thread's JIT too.
    cache.set_invalidation_listener(Box::new(move |start, end| hub.invalidate(start, end)));
    let watcher = process.clone();
    cache.set_code_watch(Box::new(move |page| watcher.watch_code_page(page)));
    process.set_code_invalidator(Box::new(move |start, end| cache.invalidate(start, end)));
    // Nothing else holds one of these while taking the other, so their order is free
    // (the debugger's session, which takes the cache's locks, goes first).
    let fork_session = session.clone();
    process.set_fork_locks(Box::new(move |fork| {
        let mut locked = || fork_cache.while_locked(|| fork_hub.while_locked(&mut *fork));
        match &fork_session {
            Some(s) => s.while_locked(locked),
            None => locked(),
        }
    }));
    let mut main_thread = engine.executor();
    if let Some(d) = debugging {
        let description = arch.gdb.ok_or_else(|| format!("-g: the gdb stub does not describe {}'s registers yet", arch.name))?;
        main_thread = d.start(&process, main_thread, &cpu, description, loaded.auxv.clone())?;
    }
    // Every other guest thread gets its own executor (and interrupt flag) on the shared cache.
    process.set_executor_factory(Box::new(move || match &session {
        Some(s) => crate::debug::Debugging::wrap(s, engine.executor()),
        None => engine.executor(),
    }));
    crate::std_fds::close_again();
    let status = process.run(main_thread.as_mut(), &mut cpu);
    // Exit here rather than return and drop the process, its block cache and translated
    // code: the kernel frees them anyway, and a forked child (one whose exec failed, say)
    // that frees them first writes to every heap page it still shares with its parent,
    // copying them all (about 0.1 s of CPU per child of a guest Python).
    std::process::exit(status)
}

/// The fake root settings under `--root-id`: the store opened (and its path made
/// absolute in `opts`, so every crossrun a guest's execve starts uses the same one,
/// whatever its directory, session or chroot) and the credentials to start with. Under
/// `--rootfs DIR` the store is `DIR/.crossrun-ids` unless given: the ownership belongs
/// to that tree, and every later run on it must see the same owners.
fn root_id(opts: &mut RunOptions, rootfs: Option<&Rootfs>) -> Result<Option<RootId>, String> {
    if !opts.root_id {
        return Ok(None);
    }
    let db = match (opts.root_id_db.take(), rootfs) {
        (Some(p), _) => std::path::absolute(&p).map_err(|e| format!("--root-id-db {}: {e}", p.display()))?,
        (None, Some(fs)) => fs.root().join(crossrun_linux::rootfs::ID_STORE),
        (None, None) => default_root_id_db(),
    };
    let store = Db::open(&db).map_err(|e| format!("--root-id-db {}: {e}", db.display()))?;
    opts.root_id_db = Some(db);
    let creds = match &opts.root_id_creds {
        Some(s) => Creds::parse(s).ok_or_else(|| format!("invalid --root-id-creds '{s}'"))?,
        None => Creds::root(),
    };
    Ok(Some(RootId { db: Arc::new(store), creds }))
}

/// One store per login session (the processes of one shell share it) and user, in the
/// user's runtime directory if there is one.
fn default_root_id_db() -> PathBuf {
    // SAFETY: plain queries.
    let (sid, uid) = unsafe { (libc::getsid(0), libc::geteuid()) };
    let dir = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from).filter(|d| d.is_dir()).unwrap_or_else(|| PathBuf::from("/tmp"));
    dir.join(format!("crossrun-ids-{uid}-{sid}"))
}

/// How guest code runs: the JIT (with its options), or the reference interpreter.
struct Engine {
    cache: Arc<BlockCache>,
    debug: DebugFlags,
    jit: Option<JitOptions>,
    /// Tells every thread's JIT about code that changed.
    hub: Arc<InvalidationHub>,
}

impl Engine {
    fn executor(&self) -> Box<dyn Executor + Send> {
        let interrupt = Arc::new(AtomicBool::new(false));
        match &self.jit {
            Some(options) => {
                let jit = Jit::with_options(self.cache.clone(), interrupt, self.debug, options.clone());
                self.hub.register(&jit.invalidations());
                Box::new(jit)
            }
            None => Box::new(Interpreter::new(self.cache.clone(), interrupt, self.debug)),
        }
    }
}

/// Host faults that are not guest memory accesses made by crossrun's Rust code: first
/// faults inside JIT code (guest loads and stores), then signals sent to the process
/// (delivered to the guest by the Linux layer).
fn fault_fallback(sig: i32, info: *mut libc::siginfo_t, ctx: *mut libc::ucontext_t) -> bool {
    crossrun_jit::fault_handler()(sig, info, ctx) || crossrun_linux::signal::fault_fallback(sig, info, ctx)
}

/// The host environment with `-U` removals and `-E` additions applied, in order.
fn guest_environment(opts: &RunOptions) -> Vec<Vec<u8>> {
    let mut env: Vec<(OsString, OsString)> = std::env::vars_os().collect();
    env.retain(|(k, _)| !opts.unset_env.contains(k));
    // The programs the guest executes run under crossrun too, with this environment:
    // they must not all try to wait for gdb on the same port.
    env.retain(|(k, _)| k != "QEMU_GDB");
    for (k, v) in &opts.set_env {
        match env.iter_mut().find(|(key, _)| key == k) {
            Some(entry) => entry.1 = v.clone(),
            None => env.push((k.clone(), v.clone())),
        }
    }
    env.into_iter()
        .map(|(k, v)| {
            let mut kv = k.into_vec();
            kv.push(b'=');
            kv.extend(v.into_vec());
            kv
        })
        .collect()
}

/// AT_RANDOM's 16 bytes: from the seed if one is given (reproducible runs), else from the
/// host's random source.
fn random_bytes(seed: Option<u64>) -> [u8; 16] {
    let mut out = [0u8; 16];
    match seed {
        Some(mut s) => {
            for chunk in out.chunks_mut(8) {
                // splitmix64: a tiny, well-mixed generator; reproducibility is all we need.
                s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
                let mut z = s;
                z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                chunk.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
            }
        }
        None => {
            if std::fs::File::open("/dev/urandom").and_then(|mut f| std::io::Read::read_exact(&mut f, &mut out)).is_err() {
                // Without a random source the guest still runs; its stack protector is
                // just weaker, as on a kernel without entropy.
                out = std::process::id().to_le_bytes().repeat(4).try_into().expect("16 bytes");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// `crossrun binfmt install all` registers exactly the guests crossrun runs, each with
    /// a magic that matches that guest's ELF header.
    #[test]
    fn binfmt_registers_every_guest_and_nothing_else() {
        let mut guests: Vec<&str> = crossrun_linux::arch::GUESTS.iter().map(|g| g.name).collect();
        let mut emulated = crossrun_binfmt::EMULATED_ARCHES.to_vec();
        guests.sort();
        emulated.sort();
        assert_eq!(guests, emulated);
        for g in crossrun_linux::arch::GUESTS {
            let row = crossrun_binfmt::find_arch(g.name).unwrap_or_else(|| panic!("no binfmt row for {}", g.name));
            assert_eq!(row.machine, g.elf.machine, "{}", g.name);
            assert_eq!(row.class == crossrun_binfmt::elf::ElfClass::Elf64, g.elf.is_64, "{}", g.name);
        }
    }
}
