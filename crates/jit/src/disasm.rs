//! Host code listings for `-d out_asm`: Intel syntax with the `disasm` feature
//! (iced-x86), hex bytes without it.

/// One line per instruction (or per 16 bytes without a disassembler).
#[cfg(feature = "disasm")]
pub fn listing(code: &[u8], addr: u64) -> String {
    use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
    let mut decoder = Decoder::with_ip(64, code, addr, DecoderOptions::NONE);
    let mut formatter = IntelFormatter::new();
    let mut out = String::new();
    let mut text = String::new();
    for insn in &mut decoder {
        text.clear();
        formatter.format(&insn, &mut text);
        out.push_str(&format!("  {:#014x}  {text}\n", insn.ip()));
    }
    out
}

#[cfg(not(feature = "disasm"))]
pub fn listing(code: &[u8], addr: u64) -> String {
    code.chunks(16)
        .enumerate()
        .map(|(i, c)| {
            let bytes: Vec<String> = c.iter().map(|b| format!("{b:02x}")).collect();
            format!("  {:#014x}  {}\n", addr + 16 * i as u64, bytes.join(" "))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_every_byte_or_instruction() {
        // nop; ret
        let text = super::listing(&[0x90, 0xc3], 0x1000);
        assert!(text.contains("0x000000001000"), "{text}");
        #[cfg(feature = "disasm")]
        assert!(text.contains("ret"), "{text}");
    }
}
