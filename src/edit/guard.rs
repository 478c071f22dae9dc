//! "Nobody is writing it": before an edit reads a note, make sure no other program is in the
//! middle of saving it, and keep it that way until the edit is in place. Never waits unbounded.
//!
//! On Linux a read lease does this: the kernel grants it only while nobody has the file open for
//! writing, and while it is held a program that opens the file to write waits for us, and we can
//! see that it waits. Where leases are not to be had (another owner's file, a network share, other
//! systems) the note must have been still for a moment instead: a settle check on its times.

use std::fs::{File, Metadata};
use std::time::{Duration, Instant, SystemTime};

/// How long a note must have been unchanged for the settle check, where there is no lease.
const SETTLE: Duration = Duration::from_millis(250);
/// How often a busy note is looked at again.
const POLL: Duration = Duration::from_millis(10);

/// What keeps other writers out while the edit is made; released on drop.
pub(crate) enum Guard<'f> {
    #[cfg(target_os = "linux")]
    Lease(&'f File),
    /// The note was still for [`SETTLE`] when it was read; nothing holds other writers off.
    Settled(std::marker::PhantomData<&'f File>),
}

/// The outcome of waiting for a writer that never finished.
pub(crate) struct StillWriting;

impl<'f> Guard<'f> {
    /// Waits (up to `wait`) until nobody writes `file`, then holds the lease where there is one.
    pub fn take(file: &'f File, wait: Duration) -> Result<Guard<'f>, StillWriting> {
        let started = Instant::now();
        #[cfg(target_os = "linux")]
        loop {
            match lease::set(file, libc::F_RDLCK) {
                Ok(()) => return Ok(Guard::Lease(file)),
                Err(e) if e.raw_os_error() == Some(libc::EAGAIN) => {
                    if started.elapsed() >= wait {
                        return Err(StillWriting);
                    }
                    std::thread::sleep(POLL);
                }
                // Not the owner, a filesystem without leases: the settle check below.
                Err(_) => break,
            }
        }
        settle(file, started, wait)?;
        Ok(Guard::Settled(std::marker::PhantomData))
    }

    /// Whether every writer is still held off: false once a program has asked to write the note
    /// (it now waits for us) or the lease was lost. Always true for a settled note.
    pub fn intact(&self) -> bool {
        match self {
            #[cfg(target_os = "linux")]
            Guard::Lease(f) => lease::get(f) == Some(libc::F_RDLCK),
            Guard::Settled(_) => true,
        }
    }

    /// Whether a program may be writing the note right now, after the guard was let go and taken
    /// again at once: the lease is refused while anybody has the file open for writing.
    pub fn writer_came_in(file: &File) -> bool {
        #[cfg(target_os = "linux")]
        {
            match lease::set(file, libc::F_RDLCK) {
                Ok(()) => {
                    let _ = lease::set(file, libc::F_UNLCK);
                    false
                }
                Err(e) => e.raw_os_error() == Some(libc::EAGAIN),
            }
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = file;
            false
        }
    }
}

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        if let Guard::Lease(f) = self {
            let _ = lease::set(f, libc::F_UNLCK);
        }
    }
}

/// Waits until the note's change time is at least [`SETTLE`] old, up to `wait` since `started`.
fn settle(file: &File, started: Instant, wait: Duration) -> Result<(), StillWriting> {
    loop {
        let Ok(meta) = file.metadata() else {
            return Ok(());
        };
        let age = SystemTime::now()
            .duration_since(changed(&meta))
            .unwrap_or_default();
        if age >= SETTLE {
            return Ok(());
        }
        if started.elapsed() >= wait {
            return Err(StillWriting);
        }
        std::thread::sleep(POLL.max(SETTLE - age).min(SETTLE));
    }
}

/// The later of the modification and status-change times.
fn changed(meta: &Metadata) -> SystemTime {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let ctime = SystemTime::UNIX_EPOCH
            .checked_add(Duration::new(
                u64::try_from(meta.ctime()).unwrap_or(0),
                u32::try_from(meta.ctime_nsec()).unwrap_or(0),
            ))
            .unwrap_or(SystemTime::UNIX_EPOCH);
        ctime.max(meta.modified().unwrap_or(SystemTime::UNIX_EPOCH))
    }
    #[cfg(not(unix))]
    meta.modified().unwrap_or(SystemTime::UNIX_EPOCH)
}

#[cfg(target_os = "linux")]
mod lease {
    use std::fs::File;
    use std::os::fd::AsRawFd;
    use std::sync::Once;

    static QUIET: Once = Once::new();

    /// Takes or lets go of a lease. The kernel tells the holder that a writer waits with SIGIO,
    /// whose default action ends the process; that is set to "ignore" once, unless the program
    /// already handles SIGIO (the lease is then asked about with [`get`], never waited on).
    pub fn set(file: &File, kind: libc::c_int) -> std::io::Result<()> {
        QUIET.call_once(|| unsafe {
            // SAFETY: plain sigaction calls with a zeroed struct; only SIG_DFL is replaced.
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(libc::SIGIO, std::ptr::null(), &mut old) == 0
                && old.sa_sigaction == libc::SIG_DFL
            {
                let mut ign: libc::sigaction = std::mem::zeroed();
                ign.sa_sigaction = libc::SIG_IGN;
                libc::sigaction(libc::SIGIO, &ign, std::ptr::null_mut());
            }
        });
        // SAFETY: fcntl on a descriptor we own, with integer arguments.
        let r = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETLEASE, kind) };
        if r == -1 {
            Err(std::io::Error::last_os_error())
        } else {
            Ok(())
        }
    }

    /// The lease held now: `F_RDLCK` while intact, `F_UNLCK` once a writer waits or it is gone.
    pub fn get(file: &File) -> Option<libc::c_int> {
        // SAFETY: fcntl on a descriptor we own.
        let r = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLEASE) };
        (r != -1).then_some(r)
    }
}
