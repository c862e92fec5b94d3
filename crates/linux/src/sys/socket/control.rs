//! Control messages (`struct cmsghdr` and what follows it) between a guest's layout and
//! the host's: each message's header, alignment (CMSG_ALIGN, a word) and, for the time
//! stamps, payload are the architecture's; SCM_RIGHTS' ints, SCM_CREDENTIALS' ucred and
//! other levels' records are fixed-width.

use super::{SCM_TIMESTAMPING_OLD, SCM_TIMESTAMPNS_OLD, SCM_TIMESTAMP_OLD, SOL_SOCKET};
use crate::abi::host::LAYOUTS as HOST;
use crate::abi::layout::{align_up, Layouts, Record};
use crate::errno::Errno;

const SCM_RIGHTS: i32 = 1;

/// A control message's payload in `to`'s layouts: SOL_SOCKET's time stamps carry the
/// architecture's timeval or timespecs; anything else (SCM_RIGHTS' ints, ucred, the
/// fixed-width `_NEW` stamps, other levels' records) is the same everywhere.
fn convert_payload(level: i32, kind: i32, data: &[u8], from: &Layouts, to: &Layouts) -> Vec<u8> {
    // `n` records of `size` bytes, each re-encoded; anything else is left as it is.
    fn each(data: &[u8], n: usize, size: usize, conv: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
        if data.len() != n * size {
            return data.to_vec();
        }
        data.chunks(size).flat_map(conv).collect()
    }
    let (tv, ts) = ((from.timeval, to.timeval), (from.timespec, to.timespec));
    match (level, kind) {
        (SOL_SOCKET, SCM_TIMESTAMP_OLD) if tv.0 != tv.1 => {
            each(data, 1, tv.0.size, |c| tv.1.encode(tv.0.decode(&Record::from_bytes(c, tv.0.size))).into_bytes())
        }
        (SOL_SOCKET, SCM_TIMESTAMPNS_OLD | SCM_TIMESTAMPING_OLD) if ts.0 != ts.1 => {
            let n = if kind == SCM_TIMESTAMPNS_OLD { 1 } else { 3 };
            each(data, n, ts.0.size, |c| ts.1.encode(ts.0.decode(&Record::from_bytes(c, ts.0.size))).into_bytes())
        }
        _ => data.to_vec(),
    }
}

/// One control message: level, type and payload.
struct ControlMessage<'a> {
    level: i32,
    kind: i32,
    data: &'a [u8],
}

/// Whether control buffers of two architectures are the same bytes: the same header,
/// alignment and time stamps.
pub(super) fn same_control(a: &Layouts, b: &Layouts) -> bool {
    a.cmsghdr == b.cmsghdr && a.word == b.word && a.timeval == b.timeval && a.timespec == b.timespec
}

/// The control messages of a buffer in `l`'s layout, walked as the kernel's CMSG_NXTHDR
/// does: stops at a header that does not fit; a length shorter than a header is EINVAL,
/// and so is one longer than what is left, as the kernel rejects it on send, unless the
/// buffer was `received` (the kernel cuts the last message of a full buffer short and
/// leaves its length whole).
fn control_messages<'a>(src: &'a [u8], l: &Layouts, received: bool) -> Result<Vec<ControlMessage<'a>>, Errno> {
    let h = l.cmsghdr;
    let data_at = h.data_offset(l.word);
    let mut out = Vec::new();
    let mut at = 0;
    while at + data_at <= src.len() {
        let r = Record::from_bytes(&src[at..at + data_at], data_at);
        let mut len = r.get(h.len) as usize;
        if len < data_at || (len > src.len() - at && !received) {
            return Err(Errno::EINVAL);
        }
        len = len.min(src.len() - at);
        out.push(ControlMessage { level: r.get_i(h.level) as i32, kind: r.get_i(h.kind) as i32, data: &src[at + data_at..at + len] });
        at += align_up(len, l.word);
    }
    Ok(out)
}

/// One message in `l`'s layout, padded to its alignment (CMSG_SPACE).
fn encode_message(l: &Layouts, level: i32, kind: i32, data: &[u8]) -> Vec<u8> {
    let mut m = l.cmsghdr.header(l.word, data.len(), level, kind).into_bytes();
    m.extend_from_slice(data);
    m.resize(align_up(m.len(), l.word), 0);
    m
}

/// Re-encodes a control buffer from one architecture's control messages to another's.
pub fn convert_control(src: &[u8], from: &Layouts, to: &Layouts) -> Result<Vec<u8>, Errno> {
    let mut out = Vec::new();
    for m in control_messages(src, from, false)? {
        out.extend(encode_message(to, m.level, m.kind, &convert_payload(m.level, m.kind, m.data, from, to)));
    }
    Ok(out)
}

/// The host's received control messages as the guest's, in at most `room` bytes, and
/// whether any were cut (MSG_CTRUNC), as the kernel's put_cmsg and scm_detach_fds fill a
/// buffer (each message padded to its alignment, CMSG_SPACE, as far as there is room); in
/// a buffer too small, a message that does not fit is copied as far as it fits, except
/// SCM_RIGHTS, which keeps whole descriptors only; descriptors the guest does not get
/// are closed, so none leaks into the process.
pub(super) fn control_to_guest(host: &[u8], l: &Layouts, room: usize) -> Result<(Vec<u8>, bool), Errno> {
    if same_control(l, &HOST) {
        // The host kernel filled a buffer of the guest's size: its bytes, cut or not.
        return Ok((host.to_vec(), false));
    }
    let mut out = Vec::new();
    let mut cut = false;
    for m in control_messages(host, &HOST, true)? {
        let fds = (m.level, m.kind) == (SOL_SOCKET, SCM_RIGHTS);
        if cut {
            if fds {
                close_fds(m.data);
            }
            continue;
        }
        let data = convert_payload(m.level, m.kind, m.data, &HOST, l);
        let mut msg = encode_message(l, m.level, m.kind, &data);
        let left = room - out.len();
        if msg.len() > left {
            cut = true;
            let header = l.cmsghdr.data_offset(l.word);
            if fds {
                let keep = left.saturating_sub(header) / 4 * 4;
                close_fds(&data[keep.min(data.len())..]);
                if keep == 0 {
                    continue;
                }
                msg = encode_message(l, m.level, m.kind, &data[..keep]);
            }
            msg.truncate(left);
        }
        out.extend_from_slice(&msg);
    }
    Ok((out, cut))
}

/// Closes the descriptors of an SCM_RIGHTS payload the guest does not receive.
fn close_fds(data: &[u8]) {
    for fd in data.chunks_exact(4) {
        // SAFETY: the kernel just installed these descriptors in crossrun's process
        // for this message, and nothing else refers to them.
        unsafe { libc::close(i32::from_le_bytes(fd.try_into().expect("4 bytes"))) };
    }
}

/// Room for the control messages a guest buffer of `guest_len` bytes can take, in the
/// host's layout: each message's header and alignment may be larger on the host (16
/// bytes and 8 against a 32-bit guest's 12 and 4), by at most the difference per
/// smallest guest message.
pub(super) fn host_control_room(l: &Layouts, guest_len: usize) -> usize {
    let guest_min = l.cmsghdr.data_offset(l.word);
    let host_min = HOST.cmsghdr.data_offset(HOST.word);
    if guest_min >= host_min {
        return guest_len;
    }
    guest_len + guest_len.div_ceil(guest_min) * (host_min - guest_min + HOST.word)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A message in the 64-bit layout (a size_t length, two ints, 8-aligned).
    pub(in crate::sys::socket) fn cmsg(level: u32, kind: u32, data: &[u8]) -> Vec<u8> {
        let mut v = ((16 + data.len()) as u64).to_le_bytes().to_vec();
        v.extend_from_slice(&level.to_le_bytes());
        v.extend_from_slice(&kind.to_le_bytes());
        v.extend_from_slice(data);
        v.resize(align_up(v.len(), 8), 0);
        v
    }

    /// The same in arm EABI's (a 4-byte length, 4-aligned).
    fn cmsg32(level: u32, kind: u32, data: &[u8]) -> Vec<u8> {
        let mut v = ((12 + data.len()) as u32).to_le_bytes().to_vec();
        v.extend_from_slice(&level.to_le_bytes());
        v.extend_from_slice(&kind.to_le_bytes());
        v.extend_from_slice(data);
        v.resize(align_up(v.len(), 4), 0);
        v
    }

    fn guest_layouts() -> &'static Layouts {
        crate::testutil::test_arch().abi.layouts
    }

    #[test]
    fn control_messages_are_reencoded_and_validated() {
        let mut buf = cmsg(1, 1, &7i32.to_le_bytes()); // SCM_RIGHTS, one fd: padded to 24
        assert_eq!(buf.len(), 24);
        buf.extend(cmsg(1, 2, &[1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0])); // SCM_CREDENTIALS
        assert!(same_control(guest_layouts(), &HOST), "the 64-bit layouts coincide");
        let host = convert_control(&buf, guest_layouts(), &HOST).unwrap();
        assert_eq!(host, buf);
        // A length running past the buffer, or shorter than a header: EINVAL.
        let mut bad = buf.clone();
        bad[0] = 200;
        assert_eq!(convert_control(&bad, guest_layouts(), &HOST), Err(Errno::EINVAL));
        bad[0] = 8;
        assert_eq!(convert_control(&bad, guest_layouts(), &HOST), Err(Errno::EINVAL));
        // Trailing bytes too short for a header are ignored, as CMSG_NXTHDR does.
        let mut tail = buf.clone();
        tail.extend_from_slice(&[0; 8]);
        assert_eq!(convert_control(&tail, guest_layouts(), &HOST).unwrap(), buf);
    }

    /// A 32-bit guest's control messages: 12-byte headers and 4-byte alignment against
    /// the host's 16 and 8, and an old SO_TIMESTAMP's 8-byte timeval against 16.
    #[test]
    fn control_messages_of_a_32_bit_guest_are_moved_and_their_times_widened() {
        let g = &crate::abi::arm::layout::LAYOUTS;
        let mut guest = cmsg32(1, 1, &[5, 0, 0, 0, 6, 0, 0, 0, 7, 0, 0, 0]); // three fds: 24 bytes
        assert_eq!(guest.len(), 24);
        let tv = [100u32.to_le_bytes(), 250u32.to_le_bytes()].concat();
        guest.extend(cmsg32(1, SCM_TIMESTAMP_OLD as u32, &tv));
        let host = convert_control(&guest, g, &HOST).unwrap();
        let mut want = cmsg(1, 1, &[5, 0, 0, 0, 6, 0, 0, 0, 7, 0, 0, 0]);
        assert_eq!(want.len(), 32);
        want.extend(cmsg(1, SCM_TIMESTAMP_OLD as u32, &[100u64.to_le_bytes(), 250u64.to_le_bytes()].concat()));
        assert_eq!(host, want);
        assert_eq!(convert_control(&host, &HOST, g).unwrap(), guest, "and back");
        // Received into a guest buffer with room for the timestamp's header and half its
        // data: the fds and the cut message, flagged.
        let (out, cut) = control_to_guest(&host, g, 24 + 16).unwrap();
        assert!(cut);
        assert_eq!(out, guest[..40].to_vec());
        // The room needed on the host for what the guest's buffer can hold.
        assert!(host_control_room(g, guest.len()) >= host.len());
    }

    /// Descriptors that do not fit the guest's buffer are closed, as the kernel never
    /// installs them; those that fit are delivered, in whole ints.
    #[test]
    fn scm_rights_cut_short_keeps_whole_fds_and_closes_the_rest() {
        let g = &crate::abi::arm::layout::LAYOUTS;
        let (mut fds, mut tail) = ([0i32; 2], [0i32; 2]);
        // SAFETY: pipe2 into valid arrays.
        assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
        // SAFETY: as above.
        assert_eq!(unsafe { libc::pipe2(tail.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
        let mut host = cmsg(1, 1, &[fds[0].to_le_bytes(), fds[1].to_le_bytes()].concat());
        host.extend(cmsg(1, 1, &tail[0].to_le_bytes()));
        // Room for the header and one fd and a half.
        let (out, cut) = control_to_guest(&host, g, 12 + 6).unwrap();
        assert!(cut);
        assert_eq!(out, cmsg32(1, 1, &fds[0].to_le_bytes()));
        let open = |fd: i32| {
            // SAFETY: F_GETFD takes no pointer.
            let r = unsafe { libc::fcntl(fd, libc::F_GETFD) };
            r != -1
        };
        assert!(open(fds[0]), "delivered");
        assert!(!open(fds[1]) && !open(tail[0]), "not delivered: closed");
        // SAFETY: closing this test's own descriptors.
        unsafe {
            libc::close(fds[0]);
            libc::close(tail[1]);
        }
    }
}
