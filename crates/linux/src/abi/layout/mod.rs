//! Guest structure layouts as data.
//!
//! Every structure that crosses the guest/host line has a layout type here (offset and
//! size of each field, and `sizeof`), one value per guest architecture
//! (`abi/<guest>/layout.rs`, from that architecture's headers) and one for the host
//! ([`crate::abi::host`]). Handlers never reinterpret a guest structure as a host one:
//! - structures crossrun builds or reads itself go through an architecture-neutral value
//!   (e.g. [`FileStat`]) that the layout encodes field by field into a zeroed [`Record`]
//!   of the guest's size (padding stays zero), or decodes back;
//! - structures the host kernel reads or fills are converted between the guest's layout
//!   and the host's ([`convert`]), field by field, unless the two layouts are equal
//!   (`guest == host`, decided from these values), in which case the guest's buffer
//!   may go to the host kernel as it is.
//!
//! Records that are fixed-width by definition on every architecture ([`fixed`]) are
//! described too, once for all guests.
//!
//! Every layout knows its C type and each field its C member designator, and
//! `probe.rs`'s test compiles `offsetof`/`sizeof` of every field with each guest's cross
//! compiler (and the host's compiler for the host's values), so a wrong offset fails a
//! test instead of corrupting memory. Guest records are little-endian (every guest
//! supported so far is).

use crate::errno::Errno;
use crate::guest;

/// Declares a layout type: its C type, the header set that defines it, and for each
/// field its kind and C member designator. Generates the struct (with `size`, then one
/// [`Field`] per field, `Option<Field>` for `optional` ones, an array for a bracketed
/// list of designators) and its [`Layout`] implementation.
macro_rules! layout {
    (
        $(#[$doc:meta])*
        pub struct $T:ident: $c_type:literal in $headers:ident $(, decl $decl:literal)? {
            $( $(#[$fdoc:meta])* $f:ident: $kind:ident $c:tt $($opt:ident)?, )*
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $T {
            /// `sizeof`.
            pub size: usize,
            $( $(#[$fdoc])* pub $f: layout!(@ty $c $($opt)?), )*
        }

        impl $crate::abi::layout::Layout for $T {
            const C_TYPE: &'static str = $c_type;
            const HEADERS: $crate::abi::layout::Headers = $crate::abi::layout::Headers::$headers;
            $(const C_DECL: &'static str = $decl;)?

            fn size(&self) -> usize {
                self.size
            }

            fn members(&self) -> Vec<$crate::abi::layout::Member> {
                let mut m = Vec::new();
                $( m.extend(layout!(@members $kind, $c, self.$f $(, $opt)?)); )*
                m
            }
        }
    };
    (@ty $c:literal) => { $crate::abi::layout::Field };
    (@ty $c:literal optional) => { Option<$crate::abi::layout::Field> };
    (@ty [$($c:literal),+]) => { [$crate::abi::layout::Field; [$($c),+].len()] };
    (@members $kind:ident, $c:literal, $v:expr) => {
        [$crate::abi::layout::Member { c: $c, kind: $crate::abi::layout::Kind::$kind, field: Some($v) }]
    };
    (@members $kind:ident, $c:literal, $v:expr, optional) => {
        [$crate::abi::layout::Member { c: $c, kind: $crate::abi::layout::Kind::$kind, field: $v }]
    };
    (@members $kind:ident, [$($c:literal),+], $v:expr) => {
        [$($c),+].into_iter().zip($v).map(|(c, f)| $crate::abi::layout::Member { c, kind: $crate::abi::layout::Kind::$kind, field: Some(f) })
    };
}

mod file;
pub mod fixed;
mod io;
mod ipc;
mod signal;
mod time;

pub use file::*;
pub use io::*;
pub use ipc::*;
pub use signal::*;
pub use time::*;

#[cfg(test)]
pub(crate) mod eabi;
#[cfg(test)]
mod probe;

/// Where one field lives in a guest structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub offset: usize,
    /// In bytes: 1, 2, 4 or 8 for integers, anything for byte arrays.
    pub size: usize,
}

pub const fn field(offset: usize, size: usize) -> Field {
    Field { offset, size }
}

/// What a field holds, which decides how [`convert`] moves it between layouts whose
/// field sizes differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A signed integer: sign-extended when widened.
    Signed,
    /// An unsigned integer or a pointer: zero-extended when widened.
    Unsigned,
    /// Bytes copied as they are (truncated or zero-padded to the destination's size).
    Bytes,
    /// The upper 32 bits of the member before it, which 32-bit kernels keep in a word of
    /// its own (`shm_atime_high`); absent where the member itself is 64 bits wide.
    High,
}

/// One field of a layout with its C member designator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member {
    /// What `offsetof(TYPE, ...)` takes: `st_dev`, `ru_utime.tv_sec`, `loads[1]`.
    pub c: &'static str,
    pub kind: Kind,
    /// `None` where this architecture's structure has no such member.
    pub field: Option<Field>,
}

/// Which headers declare a C type. The kernel's uapi headers (`<asm/...>`, `<linux/...>`)
/// and the C library's conflict (both define `struct stat`, `sigset_t`, ...), so each
/// set is compiled in a probe of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Headers {
    /// The kernel's uapi headers: what system calls take.
    Kernel,
    /// The C library's headers, for structures the kernel's uapi does not export
    /// (`struct msghdr`, `fd_set`, `struct ifreq`); glibc's match the kernel's.
    Libc,
    /// A self-contained prelude of its own (a guest's signal frame headers).
    Own(&'static str),
}

/// A structure layout: its C spelling and its fields.
pub trait Layout: Copy + PartialEq {
    /// The C type (`struct stat`, `siginfo_t`).
    const C_TYPE: &'static str;
    const HEADERS: Headers;
    /// C declarations the probe needs before using the type: a structure the kernel
    /// declares in its sources rather than its uapi headers, transcribed.
    const C_DECL: &'static str = "";

    fn size(&self) -> usize;

    /// Every field, in declaration order, with absent ones as `None`: two values of one
    /// layout type list the same members in the same order.
    fn members(&self) -> Vec<Member>;

    /// What the probe test checks.
    fn describe(&self) -> CStruct {
        CStruct {
            c_type: Self::C_TYPE,
            headers: Self::HEADERS,
            decl: Self::C_DECL,
            size: self.size(),
            members: self.members().into_iter().filter_map(|m| m.field.map(|f| (m.c, f))).collect(),
            exprs: Vec::new(),
        }
    }
}

/// Re-encodes a record from one layout of a structure to another, field by field
/// (padding and members the destination lacks stay zero). Equal layouts copy the bytes,
/// so nothing the kernel wrote is lost on the way.
pub fn convert<L: Layout>(src: &[u8], from: &L, to: &L) -> Record {
    let src = Record::from_bytes(src, from.size());
    if from == to {
        return src;
    }
    let (fm, tm) = (from.members(), to.members());
    debug_assert_eq!(fm.len(), tm.len());
    let mut dst = Record::zeroed(to.size());
    // The value of the last integer member, which a `High` member after it extends.
    let mut value = 0u64;
    for (i, (a, b)) in fm.iter().zip(&tm).enumerate() {
        match a.kind {
            Kind::Bytes => {
                if let (Some(fa), Some(fb)) = (a.field, b.field) {
                    dst.set_bytes(fb, src.bytes(fa));
                }
            }
            Kind::Signed | Kind::Unsigned => {
                let high = fm.get(i + 1).filter(|n| n.kind == Kind::High).and_then(|n| n.field);
                value = match (a.field, high) {
                    (None, _) => 0,
                    (Some(fa), Some(h)) => src.get(fa) | src.get(h) << 32,
                    (Some(fa), None) if a.kind == Kind::Signed => src.get_i(fa) as u64,
                    (Some(fa), None) => src.get(fa),
                };
                if let Some(fb) = b.field {
                    dst.set(fb, value);
                }
            }
            Kind::High => {
                if let Some(fb) = b.field {
                    dst.set(fb, value >> 32);
                }
            }
        }
    }
    dst
}

/// The bytes of one guest structure being built or taken apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    bytes: Vec<u8>,
}

impl Record {
    pub fn zeroed(size: usize) -> Record {
        Record { bytes: vec![0; size] }
    }

    /// A record of `size` bytes holding `b` (truncated or zero-padded).
    pub fn from_bytes(b: &[u8], size: usize) -> Record {
        let mut r = Record::zeroed(size);
        let n = b.len().min(size);
        r.bytes[..n].copy_from_slice(&b[..n]);
        r
    }

    /// Reads `size` bytes of guest memory at `addr`.
    pub fn read(addr: u64, size: usize) -> Result<Record, Errno> {
        let mut r = Record::zeroed(size);
        guest::read(addr, &mut r.bytes)?;
        Ok(r)
    }

    /// Copies the record to guest memory at `addr`.
    pub fn write(&self, addr: u64) -> Result<(), Errno> {
        guest::write(addr, &self.bytes)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn as_mut_bytes(&mut self) -> &mut [u8] {
        &mut self.bytes
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Stores the low `f.size` bytes of `v` (two's complement for negative values).
    pub fn set(&mut self, f: Field, v: u64) {
        debug_assert!(f.size <= 8, "integer field of {} bytes", f.size);
        self.bytes[f.offset..f.offset + f.size].copy_from_slice(&v.to_le_bytes()[..f.size]);
    }

    pub fn set_i(&mut self, f: Field, v: i64) {
        self.set(f, v as u64);
    }

    /// Copies `b` into a byte-array field, truncated to the field, zero-padded.
    pub fn set_bytes(&mut self, f: Field, b: &[u8]) {
        let dst = &mut self.bytes[f.offset..f.offset + f.size];
        dst.fill(0);
        let n = b.len().min(f.size);
        dst[..n].copy_from_slice(&b[..n]);
    }

    /// The field zero-extended.
    pub fn get(&self, f: Field) -> u64 {
        let mut b = [0u8; 8];
        b[..f.size].copy_from_slice(&self.bytes[f.offset..f.offset + f.size]);
        u64::from_le_bytes(b)
    }

    /// The field sign-extended.
    pub fn get_i(&self, f: Field) -> i64 {
        let shift = 64 - 8 * f.size as u32;
        ((self.get(f) << shift) as i64) >> shift
    }

    pub fn bytes(&self, f: Field) -> &[u8] {
        &self.bytes[f.offset..f.offset + f.size]
    }
}

/// Reads one integer field (zero-extended) of the guest structure at `base`.
pub fn read_field(base: u64, f: Field) -> Result<u64, Errno> {
    let mut b = [0u8; 8];
    guest::read(base.wrapping_add(f.offset as u64), &mut b[..f.size])?;
    Ok(u64::from_le_bytes(b))
}

/// Writes one integer field (its low `f.size` bytes) of the guest structure at `base`.
pub fn write_field(base: u64, f: Field, v: u64) -> Result<(), Errno> {
    guest::write(base.wrapping_add(f.offset as u64), &v.to_le_bytes()[..f.size])
}

impl Layouts {
    /// A guest word (`long`, pointer, `size_t`) at offset 0.
    pub fn word_field(&self) -> Field {
        field(0, self.word)
    }
}

/// One structure as C spells it, for the test that compiles `offsetof`/`sizeof` probes
/// with each guest's compiler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CStruct {
    pub c_type: &'static str,
    pub headers: Headers,
    pub decl: &'static str,
    pub size: usize,
    /// (member designator, field) for every member the architecture has.
    pub members: Vec<(&'static str, Field)>,
    /// Other C constant expressions the layout stands for, with their values
    /// (`CMSG_ALIGN(1)`).
    pub exprs: Vec<(String, u64)>,
}

/// What a guest's probe needs besides the layouts' own C names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CProbe {
    /// Layouts whose C type has another name on this guest, by their field in
    /// [`Layouts`]: (`"stat"`, `"struct stat64"`).
    pub renamed: &'static [(&'static str, &'static str)],
    /// Declarations the kernel probe needs for those (a structure the kernel declares
    /// only in its sources, transcribed).
    pub kernel_decls: &'static str,
}

/// Every structure layout of one architecture.
#[derive(Clone, Copy, Debug)]
pub struct Layouts {
    pub timespec: TimespecLayout,
    pub timeval: TimevalLayout,
    pub itimerspec: ItimerspecLayout,
    pub itimerval: ItimervalLayout,
    pub tms: TmsLayout,
    pub rusage: RusageLayout,
    pub stat: StatLayout,
    pub statfs: StatfsLayout,
    pub flock: FlockLayout,
    pub iovec: IovecLayout,
    pub rlimit: RlimitLayout,
    pub utsname: UtsnameLayout,
    pub sysinfo: SysinfoLayout,
    pub termios: TermiosLayout,
    pub winsize: WinsizeLayout,
    pub sigaction: SigactionLayout,
    pub stack: StackLayout,
    pub siginfo: SiginfoLayout,
    pub sigevent: SigeventLayout,
    pub epoll_event: EpollEventLayout,
    pub fd_set: FdSetLayout,
    pub sigset_argpack: SigsetArgpackLayout,
    pub msghdr: MsghdrLayout,
    pub mmsghdr: MmsghdrLayout,
    pub cmsghdr: CmsghdrLayout,
    pub sock_fprog: SockFprogLayout,
    pub ifreq: IfreqLayout,
    pub ifconf: IfconfLayout,
    pub shmid: ShmidLayout,
    pub shminfo: ShminfoLayout,
    pub shm_info: ShmInfoLayout,
    pub msqid: MsqidLayout,
    pub semid: SemidLayout,
    pub msgbuf: MsgbufLayout,
    pub mq_attr: MqAttrLayout,
    pub robust_list_head: RobustListHeadLayout,
    /// `sizeof(long)`, the size of a pointer and of `size_t`.
    pub word: usize,
    pub probe: CProbe,
}

impl Layouts {
    /// Every layout as its C type, named by its field here, with the guest's renamings
    /// applied, and the facts about words (`sizeof(long)`, `CMSG_ALIGN`) as expressions
    /// of the kernel probe.
    pub fn describe(&self) -> Vec<(&'static str, CStruct)> {
        // Destructured without `..`: a layout added to `Layouts` must be described here.
        let Layouts {
            timespec,
            timeval,
            itimerspec,
            itimerval,
            tms,
            rusage,
            stat,
            statfs,
            flock,
            iovec,
            rlimit,
            utsname,
            sysinfo,
            termios,
            winsize,
            sigaction,
            stack,
            siginfo,
            sigevent,
            epoll_event,
            fd_set,
            sigset_argpack,
            msghdr,
            mmsghdr,
            cmsghdr,
            sock_fprog,
            ifreq,
            ifconf,
            shmid,
            shminfo,
            shm_info,
            msqid,
            semid,
            msgbuf,
            mq_attr,
            robust_list_head,
            word,
            probe,
        } = *self;
        let mut all = vec![
            ("timespec", timespec.describe()),
            ("timeval", timeval.describe()),
            ("itimerspec", itimerspec.describe()),
            ("itimerval", itimerval.describe()),
            ("tms", tms.describe()),
            ("rusage", rusage.describe()),
            ("stat", stat.describe()),
            ("statfs", statfs.describe()),
            ("flock", flock.describe()),
            ("iovec", iovec.describe()),
            ("rlimit", rlimit.describe()),
            ("utsname", utsname.describe()),
            ("sysinfo", sysinfo.describe()),
            ("termios", termios.describe()),
            ("winsize", winsize.describe()),
            ("sigaction", sigaction.describe()),
            ("stack", stack.describe()),
            ("siginfo", siginfo.describe()),
            ("sigevent", sigevent.describe()),
            ("epoll_event", epoll_event.describe()),
            ("fd_set", fd_set.describe()),
            ("sigset_argpack", sigset_argpack.describe()),
            ("msghdr", msghdr.describe()),
            ("mmsghdr", mmsghdr.describe()),
            ("cmsghdr", cmsghdr.describe()),
            ("sock_fprog", sock_fprog.describe()),
            ("ifreq", ifreq.describe()),
            ("ifconf", ifconf.describe()),
            ("shmid", shmid.describe()),
            ("shminfo", shminfo.describe()),
            ("shm_info", shm_info.describe()),
            ("msqid", msqid.describe()),
            ("semid", semid.describe()),
            ("msgbuf", msgbuf.describe()),
            ("mq_attr", mq_attr.describe()),
            ("robust_list_head", robust_list_head.describe()),
        ];
        for (name, c) in &mut all {
            if let Some(&(_, renamed)) = probe.renamed.iter().find(|(n, _)| n == name) {
                c.c_type = renamed;
            }
        }
        let cmsg = all.iter_mut().find(|(n, _)| *n == "cmsghdr").expect("described above");
        // Control messages are aligned to a word (CMSG_ALIGN), their data starts at the
        // aligned header size (CMSG_LEN(0)).
        cmsg.1.exprs = vec![
            ("CMSG_ALIGN(1)".into(), word as u64),
            ("CMSG_LEN(0)".into(), cmsghdr.data_offset(word) as u64),
            ("sizeof(long)".into(), word as u64),
            ("sizeof(void *)".into(), word as u64),
            ("sizeof(size_t)".into(), word as u64),
        ];
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_fields_are_little_endian_and_sign_extend() {
        let mut r = Record::zeroed(16);
        r.set(field(2, 2), 0xabcd);
        r.set_i(field(8, 4), -2);
        assert_eq!(&r.as_bytes()[..4], &[0, 0, 0xcd, 0xab]);
        assert_eq!(r.get(field(8, 4)), 0xffff_fffe);
        assert_eq!(r.get_i(field(8, 4)), -2);
        assert_eq!(r.get_i(field(2, 2)), 0xabcd_u16 as i16 as i64);
        r.set_bytes(field(12, 4), b"abcdef");
        assert_eq!(r.bytes(field(12, 4)), b"abcd");
        r.set_bytes(field(12, 4), b"x");
        assert_eq!(r.bytes(field(12, 4)), b"x\0\0\0");
    }

    layout! {
        /// A structure with every kind of member, in a 64-bit and a 32-bit form.
        pub struct Sample: "struct sample" in Kernel {
            id: Signed "id",
            time: Signed "time",
            time_high: High "time_high" optional,
            count: Unsigned "count",
            name: Bytes "name",
            extra: Unsigned "extra" optional,
        }
    }

    const WIDE: Sample =
        Sample { size: 40, id: field(0, 4), time: field(8, 8), time_high: None, count: field(16, 8), name: field(24, 8), extra: Some(field(32, 8)) };
    const NARROW: Sample =
        Sample { size: 24, id: field(0, 4), time: field(4, 4), time_high: Some(field(8, 4)), count: field(12, 4), name: field(16, 6), extra: None };

    #[test]
    fn convert_moves_each_member_by_its_kind() {
        let mut w = Record::zeroed(40);
        w.set_i(WIDE.id, -3);
        w.set_i(WIDE.time, 0x1_2345_6789);
        w.set(WIDE.count, 0xffff_fff0);
        w.set_bytes(WIDE.name, b"abcdefgh");
        w.set(WIDE.extra.unwrap(), 99);
        let n = convert(w.as_bytes(), &WIDE, &NARROW);
        assert_eq!(n.as_bytes().len(), 24);
        assert_eq!(n.get_i(NARROW.id), -3);
        assert_eq!(n.get(NARROW.time), 0x2345_6789, "the low word");
        assert_eq!(n.get(NARROW.time_high.unwrap()), 1, "the high word");
        assert_eq!(n.get(NARROW.count), 0xffff_fff0);
        assert_eq!(n.bytes(NARROW.name), b"abcdef");
        // Back: the halves join, a signed narrow member sign-extends, the member the
        // narrow layout lacks is zero.
        let mut n2 = n.clone();
        n2.set_i(NARROW.id, -7);
        n2.set(NARROW.time, 0x8000_0000);
        n2.set(NARROW.time_high.unwrap(), 0);
        let w2 = convert(n2.as_bytes(), &NARROW, &WIDE);
        assert_eq!(w2.get_i(WIDE.id), -7);
        assert_eq!(w2.get(WIDE.time), 0x8000_0000, "low word with a high word: not sign-extended");
        assert_eq!(w2.get(WIDE.count), 0xffff_fff0, "unsigned: zero-extended");
        assert_eq!(w2.bytes(WIDE.name), b"abcdef\0\0");
        assert_eq!(w2.get(WIDE.extra.unwrap()), 0);
        // Equal layouts copy everything, padding included.
        let mut raw = [0x5au8; 40];
        raw[0] = 1;
        assert_eq!(convert(&raw, &WIDE, &WIDE).as_bytes(), &raw);
    }

    #[test]
    fn members_list_optional_and_array_fields() {
        let d = NARROW.describe();
        assert_eq!(d.c_type, "struct sample");
        assert_eq!(d.members.iter().map(|m| m.0).collect::<Vec<_>>(), ["id", "time", "time_high", "count", "name"]);
        assert_eq!(WIDE.members().len(), NARROW.members().len(), "absent members are listed as None");
    }
}
