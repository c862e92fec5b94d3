//! Reading and writing guest memory on behalf of system calls.
//!
//! Everything here goes through [`crossrun_memory::access`], whose routines turn a fault
//! into an error, so a bad guest pointer becomes `EFAULT` and never a crash of crossrun.
//! Copies use aligned 8-byte accesses where they can (an aligned access never straddles
//! a page, so a fault still points at the first inaccessible byte) and single bytes
//! elsewhere.

use crate::errno::Errno;
use crossrun_memory::access;
use std::ffi::CString;

/// `PATH_MAX` on every Linux architecture, including the terminating NUL.
pub const PATH_MAX: usize = 4096;

/// Copies `buf.len()` bytes of guest memory at `addr` into `buf`.
pub fn read(addr: u64, buf: &mut [u8]) -> Result<(), Errno> {
    let mut i = 0;
    while i < buf.len() {
        let at = addr.wrapping_add(i as u64);
        if at % 8 == 0 && buf.len() - i >= 8 {
            let v = access::load(at, 8)?;
            buf[i..i + 8].copy_from_slice(&v.to_le_bytes());
            i += 8;
        } else {
            buf[i] = access::load(at, 1)? as u8;
            i += 1;
        }
    }
    Ok(())
}

/// Copies `buf` into guest memory at `addr`.
pub fn write(addr: u64, buf: &[u8]) -> Result<(), Errno> {
    let mut i = 0;
    while i < buf.len() {
        let at = addr.wrapping_add(i as u64);
        if at % 8 == 0 && buf.len() - i >= 8 {
            let v = u64::from_le_bytes(buf[i..i + 8].try_into().expect("8 bytes"));
            access::store(at, v, 8)?;
            i += 8;
        } else {
            access::store(at, buf[i] as u64, 1)?;
            i += 1;
        }
    }
    Ok(())
}

pub fn read_u32(addr: u64) -> Result<u32, Errno> {
    let mut b = [0; 4];
    read(addr, &mut b)?;
    Ok(u32::from_le_bytes(b))
}

pub fn read_u64(addr: u64) -> Result<u64, Errno> {
    let mut b = [0; 8];
    read(addr, &mut b)?;
    Ok(u64::from_le_bytes(b))
}

pub fn write_u32(addr: u64, v: u32) -> Result<(), Errno> {
    write(addr, &v.to_le_bytes())
}

pub fn write_u64(addr: u64, v: u64) -> Result<(), Errno> {
    write(addr, &v.to_le_bytes())
}

/// Reads a NUL-terminated guest string of at most `max` bytes including the NUL.
/// `Ok(None)` if no NUL was found within `max` bytes.
pub fn read_cstr(addr: u64, max: usize) -> Result<Option<Vec<u8>>, Errno> {
    let mut out = Vec::new();
    let mut at = addr;
    while out.len() < max {
        // Whole aligned words while they are entirely below the limit, else bytes.
        if at % 8 == 0 && max - out.len() >= 8 {
            let word = access::load(at, 8)?.to_le_bytes();
            if let Some(nul) = word.iter().position(|&b| b == 0) {
                out.extend_from_slice(&word[..nul]);
                return Ok(Some(out));
            }
            out.extend_from_slice(&word);
            at = at.wrapping_add(8);
        } else {
            let b = access::load(at, 1)? as u8;
            if b == 0 {
                return Ok(Some(out));
            }
            out.push(b);
            at = at.wrapping_add(1);
        }
    }
    Ok(None)
}

/// Reads a path argument as the kernel's `getname` does: `EFAULT` for a bad pointer,
/// `ENAMETOOLONG` when no NUL comes within `PATH_MAX` bytes. An empty path is returned
/// as such; the host call then fails with `ENOENT` unless `AT_EMPTY_PATH` allows it.
pub fn read_path(addr: u64) -> Result<CString, Errno> {
    match read_cstr(addr, PATH_MAX)? {
        Some(bytes) => Ok(CString::new(bytes).expect("no interior NUL")),
        None => Err(Errno::ENAMETOOLONG),
    }
}

/// Like [`read_path`] for arguments that may be NULL (e.g. `utimensat`'s path).
pub fn read_opt_path(addr: u64) -> Result<Option<CString>, Errno> {
    if addr == 0 {
        Ok(None)
    } else {
        read_path(addr).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_round_trip_at_every_alignment() {
        crossrun_memory::install_fault_handler(None);
        let mut dst = vec![0u8; 64];
        let src: Vec<u8> = (0..40).collect();
        for start in 0..8 {
            dst.iter_mut().for_each(|b| *b = 0);
            write(dst.as_mut_ptr() as u64 + start, &src).unwrap();
            assert_eq!(&dst[start as usize..start as usize + 40], &src[..]);
            let mut back = vec![0u8; 40];
            read(dst.as_ptr() as u64 + start, &mut back).unwrap();
            assert_eq!(back, src);
        }
    }

    #[test]
    fn bad_pointers_are_efault() {
        crossrun_memory::install_fault_handler(None);
        let mut b = [0u8; 16];
        assert_eq!(read(8, &mut b), Err(Errno::EFAULT));
        assert_eq!(write(8, &b), Err(Errno::EFAULT));
        assert_eq!(read_path(0), Err(Errno::EFAULT));
    }

    #[test]
    fn strings_stop_at_nul_or_limit() {
        crossrun_memory::install_fault_handler(None);
        let s = b"hello/world\0junk";
        for off in 0..4 {
            let mut buf = [b'x'; 32];
            buf[off..off + s.len()].copy_from_slice(s);
            let got = read_cstr(buf.as_ptr() as u64 + off as u64, 64).unwrap();
            assert_eq!(got.as_deref(), Some(&b"hello/world"[..]));
        }
        let long = vec![b'a'; PATH_MAX + 10];
        assert_eq!(read_path(long.as_ptr() as u64), Err(Errno::ENAMETOOLONG));
        let mut exact = vec![b'a'; PATH_MAX];
        exact[PATH_MAX - 1] = 0;
        assert_eq!(read_path(exact.as_ptr() as u64).unwrap().as_bytes().len(), PATH_MAX - 1);
    }
}
