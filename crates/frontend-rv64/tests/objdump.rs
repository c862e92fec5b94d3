//! The decoder against GNU objdump, an independent decoder: every row's encodings must
//! be the instruction objdump names, the encodings objdump knows that crossrun treats
//! as illegal must be of extensions crossrun does not implement, and every instruction
//! of Debian trixie's riscv64 libc, libm and libstdc++ (glibc 2.41, gcc 14) must
//! decode. Needs `riscv64-linux-gnu-as` and `-objdump` (binutils-riscv64-linux-gnu,
//! installed by scripts/setup-deps.sh); skips, saying why, without them.

use crossrun_rv64::decoder::{self, Row};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use crossrun_ir::{Frontend, Terminator, TrapKind};
use crossrun_rv64::Rv64Frontend;
use std::process::Command;

/// The extensions objdump is told the code may use (binutils 2.40 knows neither Zicond
/// nor Zihintntl; the tests allow for that below).
const MARCH: &str = "rv64gc_zba_zbb_zbs_zicbop_zihintpause";

fn tool(name: &str) -> Option<String> {
    let path = format!("riscv64-linux-gnu-{name}");
    Command::new(&path).arg("--version").output().ok().filter(|o| o.status.success()).map(|_| path)
}

fn tools() -> Option<(String, String)> {
    match (tool("as"), tool("objdump")) {
        (Some(a), Some(o)) => Some((a, o)),
        _ => {
            eprintln!("skipped: riscv64-linux-gnu-as/objdump not installed (scripts/setup-deps.sh installs them)");
            None
        }
    }
}

/// One disassembled instruction: encoding, length, mnemonic (lowercase; `.4byte` or
/// `.2byte` for what objdump does not know).
#[derive(Clone, Debug)]
struct Line {
    insn: u32,
    len: u32,
    mnemonic: String,
}

fn parse_objdump(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut parts = line.split('\t');
        let (Some(addr), Some(enc), Some(rest)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let Some(addr) = addr.trim().strip_suffix(':') else { continue };
        if u64::from_str_radix(addr, 16).is_err() {
            continue;
        }
        let enc = enc.trim();
        if !(enc.len() == 4 || enc.len() == 8) {
            continue;
        }
        let Ok(insn) = u32::from_str_radix(enc, 16) else { continue };
        let mnemonic = rest.split_whitespace().next().unwrap_or("").to_lowercase();
        out.push(Line { insn, len: enc.len() as u32 / 2, mnemonic });
    }
    out
}

/// Assembles `insns` (each a 32-bit word, or a 16-bit parcel) as raw instructions and
/// returns objdump's view of them, in order.
fn disassemble_words(asm: &str, objdump: &str, insns: &[(u32, bool)]) -> Vec<Line> {
    let dir = std::env::temp_dir().join(format!("crossrun-rv64-objdump-{}-{}", std::process::id(), insns.len()));
    std::fs::create_dir_all(&dir).unwrap();
    let src: String = insns
        .iter()
        .map(|&(w, compressed)| if compressed { format!(".insn 0x{:04x}\n", w & 0xffff) } else { format!(".insn 0x{w:08x}\n") })
        .collect();
    std::fs::write(dir.join("t.s"), src).unwrap();
    let st = Command::new(asm).args(["-march", MARCH, "-o"]).arg(dir.join("t.o")).arg(dir.join("t.s")).status().unwrap();
    assert!(st.success(), "{asm} failed");
    let lines = disassemble_file(objdump, &dir.join("t.o"));
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(lines.len(), insns.len(), "objdump did not show every word");
    lines
}

fn disassemble_file(objdump: &str, path: &Path) -> Vec<Line> {
    let out = Command::new(objdump).args(["-d", "-M", "no-aliases"]).arg(path).output().unwrap();
    assert!(out.status.success(), "{objdump} {} failed", path.display());
    parse_objdump(&String::from_utf8_lossy(&out.stdout))
}

/// Whether objdump's `mnemonic` is the instruction row `name` decodes: the same name
/// once objdump's format (.s/.d), width (.w/.d) and ordering (.aq/.rl) suffixes, which
/// one row covers with a field, are dropped, or one of the few names objdump gives a
/// special case of a row.
fn same_instruction(name: &str, mnemonic: &str) -> bool {
    let name = name.to_lowercase();
    if name == mnemonic {
        return true;
    }
    let special = match name.as_str() {
        "c.addi" => &["c.nop"][..],
        "fence" => &["fence.tso", "pause"][..],
        "pause" => &["fence"][..],
        "ori" => &["prefetch.i", "prefetch.r", "prefetch.w"][..],
        // Compressed shifts by zero, RV128's shifts by 64: HINTs for RV64, which run as
        // the shift by zero they encode.
        "c.slli" => &["c.slli64"][..],
        "c.srli" => &["c.srli64"][..],
        "c.srai" => &["c.srai64"][..],
        _ => &[][..],
    };
    if special.contains(&mnemonic) {
        return true;
    }
    let mut parts: Vec<&str> = mnemonic.split('.').filter(|p| !matches!(*p, "aq" | "rl" | "aqrl")).collect();
    if parts.len() > 1 && matches!(parts[parts.len() - 1], "s" | "d" | "w") {
        parts.pop();
    }
    parts.join(".") == name
}

/// The row that decodes a word the way the frontend does (16-bit when the low bits are
/// not 11).
fn decode(insn: u32, len: u32) -> Option<&'static Row> {
    if len == 2 {
        decoder::decode_compressed(insn as u16).map(|(r, _)| r)
    } else {
        decoder::decode(insn).map(|(r, _)| r)
    }
}

/// Whether the frontend translates the instruction, rather than making it an illegal
/// instruction: its row's handler also rejects reserved field values.
fn translates(insn: u32, len: u32) -> bool {
    crossrun_memory::install_fault_handler(None);
    // The instruction, then zeros (the all-zero parcel is illegal, ending the block).
    let mut code = [0u32; 4];
    code[0] = if len == 2 { insn & 0xffff } else { insn };
    let pc = code.as_ptr() as u64;
    let block = Rv64Frontend.translate(pc);
    !matches!(block.term, Terminator::Trap { kind: TrapKind::Undefined { .. }, pc: at } if at == pc)
}

/// Fields objdump 2.40 requires to be zero that the specification tells implementations
/// to ignore (FENCE's fm (TSO only with RW,RW; other values reserved), rs1 and rd; FENCE.I's immediate, rs1 and rd),
/// and the rounding mode of the exact widening conversions, which objdump only knows
/// with RNE (the specification makes every valid mode legal there).
fn objdump_canonical(row: &Row, word: u32) -> u32 {
    const RS1_RD: u32 = 0x000f_8f80;
    match row.name {
        "FENCE" => word & !RS1_RD & !(0xf << 28),
        "FENCE.TSO" => word & !RS1_RD,
        "FENCE.I" => word & 0x0000_707f,
        "FCVT.D.S" | "FCVT.D.W" | "FCVT.D.WU" => word & !0x7000,
        _ => word,
    }
}

/// Whether crossrun rejects `word` of `row` for a reason objdump does not check: a CSR
/// crossrun does not have (or a write to a read-only one), or a reserved rounding mode
/// (objdump disassembles those, the specification makes them illegal).
fn rejects_semantically(row: &Row, word: u32) -> bool {
    let reserved_rm = row.pattern.contains("mmm") && matches!(word >> 12 & 7, 5 | 6);
    row.name.starts_with("CSRR") || reserved_rm
}

fn unknown(mnemonic: &str) -> bool {
    matches!(mnemonic, ".2byte" | ".4byte")
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn random_word(rng: &mut Rng, pattern: &str) -> u32 {
    pattern.bytes().fold(0, |w, c| {
        let bit = match c {
            b'0' => 0,
            b'1' => 1,
            _ => (rng.next() >> 17) as u32 & 1,
        };
        w << 1 | bit
    })
}

/// Instructions objdump does not know (binutils 2.40): Zicond.
fn unknown_to_objdump(row: &Row) -> bool {
    row.name.starts_with("CZERO.")
}

#[test]
fn every_row_is_the_instruction_objdump_names() {
    let Some((asm, objdump)) = tools() else { return };
    let mut rng = Rng(0x5eed_1234_5678_9abc);
    let mut words = Vec::new();
    for row in decoder::all_rows().filter(|r| !unknown_to_objdump(r)) {
        for _ in 0..24 {
            words.push((objdump_canonical(row, random_word(&mut rng, row.pattern)), false));
        }
    }
    for row in decoder::all_compressed_rows() {
        for _ in 0..24 {
            words.push((random_word(&mut rng, row.pattern), true));
        }
    }
    let lines = disassemble_words(&asm, &objdump, &words);
    let mut wrong = BTreeMap::new();
    for l in &lines {
        let row = decode(l.insn, l.len).expect("a row's own encoding decodes");
        let agree = if translates(l.insn, l.len) {
            same_instruction(row.name, &l.mnemonic)
        } else {
            unknown(&l.mnemonic) || rejects_semantically(row, l.insn)
        };
        if !agree {
            wrong.entry((row.name, l.mnemonic.clone())).or_insert(l.insn);
        }
    }
    assert!(wrong.is_empty(), "rows objdump names otherwise (row, objdump, example): {wrong:#x?}");
}

/// Privileged and debug instructions objdump always decodes: illegal in user mode.
fn privileged(mnemonic: &str) -> bool {
    matches!(mnemonic, "sret" | "mret" | "uret" | "dret" | "wfi" | "sfence.vma" | "hfence.gvma" | "hfence.vvma")
        || mnemonic.starts_with("hlv")
        || mnemonic.starts_with("hsv")
        || mnemonic.starts_with("sinval")
        || mnemonic.starts_with("hinval")
        || mnemonic.starts_with("sfence.")
}

/// Encodings objdump names that the specification makes illegal: the defined illegal
/// instructions (the all-zero parcel, `unimp`) and C.ADDI16SP with a zero immediate,
/// which is reserved.
fn reserved_but_named(mnemonic: &str, word: u32) -> bool {
    matches!(mnemonic, "c.unimp" | "unimp") || (mnemonic == "c.addi16sp" && word & 0x107c == 0)
}

/// Every 16-bit parcel, and random 32-bit words: where objdump and crossrun disagree on
/// whether an encoding is an instruction, the difference must be one the specification
/// explains (privileged instructions, CSRs and rounding modes objdump does not check,
/// fields it wants zero that implementations must ignore, extensions binutils 2.40
/// lacks).
#[test]
fn random_encodings_are_instructions_exactly_when_objdump_says_so() {
    let Some((asm, objdump)) = tools() else { return };
    let mut rng = Rng(0x0dd_ba11_cafe_f00d);
    let mut words: Vec<(u32, bool)> = (0..=0xffffu32).filter(|p| p & 3 != 3).map(|p| (p, true)).collect();
    // 32-bit encodings: low bits 11, bits 4:2 not 111 (those begin longer encodings).
    let word = |rng: &mut Rng| (rng.next() >> 7) as u32 | 3;
    let words32 = std::iter::repeat_with(|| word(&mut rng)).filter(|w| w & 0x1c != 0x1c).take(150_000);
    words.extend(words32.map(|w| (w, false)).collect::<Vec<_>>());
    let lines = disassemble_words(&asm, &objdump, &words);
    let (mut extra, mut missing) = (BTreeMap::new(), BTreeMap::new());
    for l in &lines {
        let row = decode(l.insn, l.len);
        match (row, translates(l.insn, l.len)) {
            (Some(row), true) => {
                let explained = unknown_to_objdump(row) || objdump_canonical(row, l.insn) != l.insn;
                let agree = if unknown(&l.mnemonic) { explained } else { same_instruction(row.name, &l.mnemonic) };
                if !agree {
                    extra.entry(row.name).or_insert(l.insn);
                }
            }
            (row, _) => {
                let explained = privileged(&l.mnemonic)
                    || reserved_but_named(&l.mnemonic, l.insn)
                    || row.is_some_and(|r| rejects_semantically(r, l.insn));
                if !unknown(&l.mnemonic) && !explained {
                    missing.entry(l.mnemonic.clone()).or_insert(l.insn);
                }
            }
        }
    }
    assert!(extra.is_empty(), "crossrun runs encodings objdump does not know or names otherwise: {extra:#x?}");
    assert!(missing.is_empty(), "objdump knows instructions crossrun makes illegal: {missing:#x?}");
}

/// The shared libraries of Debian trixie's riscv64 libc6, libstdc++6 and libgcc-s1,
/// fetched once with tests/fetch-deb.sh into the dependency cache.
fn trixie_libraries() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let cache = std::env::var("CROSSRUN_CACHE").map(PathBuf::from).unwrap_or_else(|_| root.join("target/deps-cache"));
    let sysroot = cache.join("trixie-riscv64");
    let lib = sysroot.join("usr/lib/riscv64-linux-gnu");
    let names = ["libc.so.6", "libm.so.6", "ld-linux-riscv64-lp64d.so.1", "libstdc++.so.6", "libgcc_s.so.1"];
    if !names.iter().all(|n| lib.join(n).exists()) {
        let st = Command::new("bash")
            .arg(root.join("tests/fetch-deb.sh"))
            .args(["libc6,libstdc++6,libgcc-s1", "riscv64"])
            .arg(&cache)
            .env("DEBIAN_SUITE", "trixie")
            .env("FETCH_DEB_ROOT", &sysroot)
            .status()
            .expect("running tests/fetch-deb.sh");
        assert!(st.success(), "tests/fetch-deb.sh libc6,libstdc++6,libgcc-s1 riscv64 (trixie) failed");
    }
    names.iter().map(|n| lib.join(n)).collect()
}

/// Reads of the vector extension's CSRs (vstart, vxsat, vxrm, vcsr, vl, vtype, vlenb):
/// illegal without V. libgcc's unwinder has them, for unwinding frames of vector code,
/// which cannot exist where V is not advertised.
fn vector_csr_read(mnemonic: &str, word: u32) -> bool {
    mnemonic == "csrrs" && matches!(word >> 20, 0x008 | 0x009 | 0x00a | 0x00f | 0xc20 | 0xc21 | 0xc22)
}

/// Every instruction in Debian's riscv64 libraries that objdump knows translates to the
/// instruction objdump names, but for the defined illegal instruction and vector CSR
/// reads; the words objdump shows as data (`.4byte`, `.2byte`: constants in text, or
/// instructions newer than binutils 2.40) are listed.
#[test]
fn debian_trixie_libraries_decode() {
    let Some((_, objdump)) = tools() else { return };
    let mut illegal: BTreeMap<String, (u32, usize)> = BTreeMap::new();
    let mut misnamed = BTreeMap::new();
    let mut data_words: BTreeMap<&str, usize> = BTreeMap::new();
    let mut total = 0;
    for lib in trixie_libraries() {
        for l in disassemble_file(&objdump, &lib) {
            total += 1;
            let row = decode(l.insn, l.len);
            let runs = translates(l.insn, l.len);
            if unknown(&l.mnemonic) {
                *data_words.entry(if runs { row.map_or("?", |r| r.name) } else { "(illegal for both)" }).or_default() += 1;
            } else if !runs {
                if reserved_but_named(&l.mnemonic, l.insn) || vector_csr_read(&l.mnemonic, l.insn) {
                    continue;
                }
                let e = illegal.entry(l.mnemonic.clone()).or_insert((l.insn, 0));
                e.1 += 1;
            } else if let Some(row) = row.filter(|r| !same_instruction(r.name, &l.mnemonic)) {
                misnamed.entry((row.name, l.mnemonic.clone())).or_insert(l.insn);
            }
        }
    }
    eprintln!("{total} instructions; words objdump shows as data, by what crossrun makes of them: {data_words:?}");
    assert!(total > 100_000, "only {total} instructions disassembled");
    assert!(misnamed.is_empty(), "named otherwise by objdump: {misnamed:#x?}");
    assert!(illegal.is_empty(), "illegal in crossrun (mnemonic: example, count): {illegal:#x?}");
}
