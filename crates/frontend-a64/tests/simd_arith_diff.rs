//! Differential check of the AdvSIMD integer rows against reference results recorded
//! from another AArch64 model (the unicorn Python package). Ignored by default: it
//! needs a case file, one case per line:
//! `<insn hex> <name> | <32 initial V regs hex> | <32 final V regs hex> <fpsr hex>` or
//! `... | UNDEF`. Run with
//! `SIMD_DIFF_CASES=/path/cases.txt cargo test --test simd_arith_diff -- --ignored`.

mod support;

use crossrun_exec::Exit;
use crossrun_ir::{CpuState, TrapKind};
use std::collections::BTreeMap;

#[test]
#[ignore]
fn matches_recorded_cases() {
    let Ok(path) = std::env::var("SIMD_DIFF_CASES") else { return };
    let text = std::fs::read_to_string(path).expect("case file");
    let mut fails: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut total = 0;
    let mut failed_words = String::new();
    for line in text.lines() {
        let parts: Vec<&str> = line.split(" | ").collect();
        let head: Vec<&str> = parts[0].split(' ').collect();
        let insn = u32::from_str_radix(head[0], 16).unwrap();
        let name = head[1].to_string();
        let init: Vec<u128> = parts[1].split(' ').map(|x| u128::from_str_radix(x, 16).unwrap()).collect();
        let mut cpu = CpuState::default();
        cpu.v.copy_from_slice(&init);
        let (exit, out) = support::run_until_exit(&[insn], &mut cpu);
        let got = match exit {
            Exit::Trap(TrapKind::Undefined { insn: 0 }) if out.pc == 4 => {
                let mut s: Vec<String> = out.v.iter().map(|x| format!("{x:x}")).collect();
                s.push(format!("{:x}", out.fpsr));
                s.join(" ")
            }
            Exit::Trap(TrapKind::Undefined { .. }) if out.pc == 0 => "UNDEF".to_string(),
            other => format!("{other:?}"),
        };
        total += 1;
        if got != parts[2] {
            failed_words += &format!("{insn:08x} {}\n", if got == "UNDEF" { "undef" } else if parts[2] == "UNDEF" { "defined" } else { "value" });
            let e = fails.entry(name).or_insert((0, String::new()));
            if e.0 == 0 {
                let want: Vec<&str> = parts[2].split(' ').collect();
                let gotv: Vec<&str> = got.split(' ').collect();
                let mut diff = String::new();
                if want.len() != gotv.len() {
                    diff = format!("want {} got {}", parts[2].get(..60).unwrap_or(parts[2]), got.get(..60).unwrap_or(&got));
                } else {
                    for (i, (w, g)) in want.iter().zip(&gotv).enumerate() {
                        if w != g {
                            let reg = if i == 32 { "fpsr".to_string() } else { format!("v{i}") };
                            let init = if i < 32 { format!("{:x}", init[i]) } else { "0".into() };
                            diff += &format!(" {reg}: want {w} got {g} (was {init});");
                        }
                    }
                }
                e.1 = format!("{insn:08x}:{diff}");
            }
            e.0 += 1;
        }
    }
    if let Ok(out) = std::env::var("SIMD_DIFF_FAILS") {
        std::fs::write(out, failed_words).expect("write failures");
    }
    for (name, (count, example)) in &fails {
        eprintln!("{name}: {count} mismatches, e.g. {example}");
    }
    eprintln!("{} of {total} cases mismatch", fails.values().map(|f| f.0).sum::<usize>());
    assert!(fails.is_empty());
}
