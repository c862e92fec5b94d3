//! Waiting and sockets: epoll_event, fd_set, pselect6's sigset argument, msghdr,
//! mmsghdr, cmsghdr, sock_fprog, ifreq, ifconf.

use super::Record;

layout! {
    /// `struct epoll_event` (linux/eventpoll.h; x86_64 declares it packed).
    pub struct EpollEventLayout: "struct epoll_event" in Kernel {
        events: Unsigned "events",
        data: Unsigned "data",
    }
}

layout! {
    /// `fd_set`: 1024 bits in words of `long`, which the kernel reads and writes whole
    /// (`FDS_BYTES(n)`, the bits for `n` descriptors rounded up to a word).
    pub struct FdSetLayout: "fd_set" in Libc {
        /// The first word.
        word: Unsigned "fds_bits[0]",
    }
}

layout! {
    /// pselect6's sixth argument, `{ const sigset_t *ss; size_t ss_len; }`: the
    /// kernel's `struct sigset_argpack` (fs/select.c), transcribed.
    pub struct SigsetArgpackLayout: "struct sigset_argpack" in Kernel,
        decl "struct sigset_argpack { void *p; __kernel_size_t size; };" {
        set: Unsigned "p",
        set_size: Unsigned "size",
    }
}

layout! {
    /// `struct msghdr`.
    pub struct MsghdrLayout: "struct msghdr" in Libc {
        name: Unsigned "msg_name",
        namelen: Unsigned "msg_namelen",
        iov: Unsigned "msg_iov",
        iovlen: Unsigned "msg_iovlen",
        control: Unsigned "msg_control",
        controllen: Unsigned "msg_controllen",
        flags: Signed "msg_flags",
    }
}

layout! {
    /// `struct mmsghdr`: a msghdr, then `unsigned int msg_len`.
    pub struct MmsghdrLayout: "struct mmsghdr" in Libc {
        hdr: Bytes "msg_hdr",
        len: Unsigned "msg_len",
    }
}

layout! {
    /// `struct cmsghdr`: the header of each control message; the data follows at the
    /// header size aligned to a word ([`CmsghdrLayout::data_offset`]), and messages are
    /// word-aligned too (CMSG_ALIGN).
    pub struct CmsghdrLayout: "struct cmsghdr" in Libc {
        len: Unsigned "cmsg_len",
        level: Signed "cmsg_level",
        kind: Signed "cmsg_type",
    }
}

/// `n` rounded up to a multiple of `a` (a power of two).
pub fn align_up(n: usize, a: usize) -> usize {
    (n + a - 1) & !(a - 1)
}

impl CmsghdrLayout {
    /// `CMSG_LEN(0)`: where a message's data starts, on an architecture whose words
    /// are `word` bytes.
    pub fn data_offset(&self, word: usize) -> usize {
        align_up(self.size, word)
    }

    /// A header for `data_len` bytes of data at level `level`, type `kind`.
    pub fn header(&self, word: usize, data_len: usize, level: i32, kind: i32) -> Record {
        let mut h = Record::zeroed(self.data_offset(word));
        h.set(self.len, (self.data_offset(word) + data_len) as u64);
        h.set_i(self.level, level as i64);
        h.set_i(self.kind, kind as i64);
        h
    }
}

layout! {
    /// `struct sock_fprog` (linux/filter.h): a classic BPF program for
    /// SO_ATTACH_FILTER, `unsigned short len` then a pointer to the instructions (which
    /// are fixed-width, [`super::fixed::SOCK_FILTER`]).
    pub struct SockFprogLayout: "struct sock_fprog" in Kernel {
        len: Unsigned "len",
        filter: Unsigned "filter",
    }
}

layout! {
    /// `struct ifreq`: the interface name, then a union (an address, flags, an index,
    /// a metric, an MTU, `struct ifmap`, a name, a data pointer). The members the
    /// queries use are fixed-width at the union's start; its size depends on `ifmap`'s
    /// longs and the pointer.
    pub struct IfreqLayout: "struct ifreq" in Libc {
        name: Bytes "ifr_name",
        ifru: Bytes "ifr_ifru",
    }
}

layout! {
    /// `struct ifconf`: `int ifc_len`, then a pointer to an array of `struct ifreq`.
    pub struct IfconfLayout: "struct ifconf" in Libc {
        len: Signed "ifc_len",
        buf: Unsigned "ifc_buf",
    }
}
