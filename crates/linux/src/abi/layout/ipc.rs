//! System V IPC, POSIX message queues and robust futex lists.
//!
//! The `*64_ds` structures embed `struct ipc64_perm`, whose members are listed in each
//! (key, the four ids, mode and seq). 32-bit kernels split each time into a low word
//! and a `_high` word; 64-bit ones have one `long`.

layout! {
    /// `struct shmid64_ds` (asm/shmbuf.h): shmctl's IPC_STAT, SHM_STAT(_ANY), IPC_SET.
    pub struct ShmidLayout: "struct shmid64_ds" in Kernel {
        key: Signed "shm_perm.key",
        uid: Unsigned "shm_perm.uid",
        gid: Unsigned "shm_perm.gid",
        cuid: Unsigned "shm_perm.cuid",
        cgid: Unsigned "shm_perm.cgid",
        mode: Unsigned "shm_perm.mode",
        seq: Unsigned "shm_perm.seq",
        segsz: Unsigned "shm_segsz",
        atime: Signed "shm_atime",
        atime_high: High "shm_atime_high" optional,
        dtime: Signed "shm_dtime",
        dtime_high: High "shm_dtime_high" optional,
        ctime: Signed "shm_ctime",
        ctime_high: High "shm_ctime_high" optional,
        cpid: Signed "shm_cpid",
        lpid: Signed "shm_lpid",
        nattch: Unsigned "shm_nattch",
    }
}

layout! {
    /// `struct shminfo64`: shmctl's IPC_INFO.
    pub struct ShminfoLayout: "struct shminfo64" in Kernel {
        shmmax: Unsigned "shmmax",
        shmmin: Unsigned "shmmin",
        shmmni: Unsigned "shmmni",
        shmseg: Unsigned "shmseg",
        shmall: Unsigned "shmall",
    }
}

layout! {
    /// `struct shm_info`: shmctl's SHM_INFO.
    pub struct ShmInfoLayout: "struct shm_info" in Kernel {
        used_ids: Signed "used_ids",
        shm_tot: Unsigned "shm_tot",
        shm_rss: Unsigned "shm_rss",
        shm_swp: Unsigned "shm_swp",
        swap_attempts: Unsigned "swap_attempts",
        swap_successes: Unsigned "swap_successes",
    }
}

layout! {
    /// `struct msqid64_ds` (asm/msgbuf.h): msgctl's IPC_STAT, MSG_STAT(_ANY), IPC_SET.
    pub struct MsqidLayout: "struct msqid64_ds" in Kernel {
        key: Signed "msg_perm.key",
        uid: Unsigned "msg_perm.uid",
        gid: Unsigned "msg_perm.gid",
        cuid: Unsigned "msg_perm.cuid",
        cgid: Unsigned "msg_perm.cgid",
        mode: Unsigned "msg_perm.mode",
        seq: Unsigned "msg_perm.seq",
        stime: Signed "msg_stime",
        stime_high: High "msg_stime_high" optional,
        rtime: Signed "msg_rtime",
        rtime_high: High "msg_rtime_high" optional,
        ctime: Signed "msg_ctime",
        ctime_high: High "msg_ctime_high" optional,
        cbytes: Unsigned "msg_cbytes",
        qnum: Unsigned "msg_qnum",
        qbytes: Unsigned "msg_qbytes",
        lspid: Signed "msg_lspid",
        lrpid: Signed "msg_lrpid",
    }
}

layout! {
    /// `struct semid64_ds` (asm/sembuf.h): semctl's IPC_STAT, SEM_STAT(_ANY), IPC_SET.
    pub struct SemidLayout: "struct semid64_ds" in Kernel {
        key: Signed "sem_perm.key",
        uid: Unsigned "sem_perm.uid",
        gid: Unsigned "sem_perm.gid",
        cuid: Unsigned "sem_perm.cuid",
        cgid: Unsigned "sem_perm.cgid",
        mode: Unsigned "sem_perm.mode",
        seq: Unsigned "sem_perm.seq",
        otime: Signed "sem_otime",
        otime_high: High "sem_otime_high" optional,
        ctime: Signed "sem_ctime",
        ctime_high: High "sem_ctime_high" optional,
        nsems: Unsigned "sem_nsems",
    }
}

layout! {
    /// `struct msgbuf` (linux/msg.h): a `long` message type, then the text.
    pub struct MsgbufLayout: "struct msgbuf" in Kernel {
        mtype: Signed "mtype",
        /// Where the text starts (the C array has one element).
        mtext: Bytes "mtext",
    }
}

layout! {
    /// `struct mq_attr` (linux/mqueue.h): four `long`s and four reserved ones.
    pub struct MqAttrLayout: "struct mq_attr" in Kernel {
        flags: Signed "mq_flags",
        maxmsg: Signed "mq_maxmsg",
        msgsize: Signed "mq_msgsize",
        curmsgs: Signed "mq_curmsgs",
    }
}

layout! {
    /// `struct robust_list_head` (linux/futex.h): set_robust_list checks its size.
    pub struct RobustListHeadLayout: "struct robust_list_head" in Kernel {
        list: Unsigned "list.next",
        futex_offset: Signed "futex_offset",
        list_op_pending: Unsigned "list_op_pending",
    }
}
