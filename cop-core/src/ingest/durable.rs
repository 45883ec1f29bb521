//! Durable files: a file is replaced whole or not at all.
//!
//! [`write_file`] is the one way the library, the C functions, the Python module and the
//! command write a file (snapshots, exports, reports): the content goes to a temporary file in
//! the target's directory, which is flushed to the disk (`fsync`) and then renamed over the
//! target, and the directory is flushed too. A write that fails midway — a full disk, a file
//! size limit, a bug — leaves the previous file as it was and removes the temporary one.
//! A symbolic link at the target is followed (the file it points to is replaced); the
//! replaced file's permissions are kept.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{CopError, Result};
use crate::model::landscape::Landscape;

/// An I/O error whose message names the path it happened on.
pub fn with_path(path: &Path, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// Writes a file through `write`, replacing `path` only once everything was written and
/// flushed to the disk (see the [module docs](self)). Errors name the path.
///
/// ```
/// use std::io::Write;
/// let dir = std::env::temp_dir().join(format!("cop-durable-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("notes.txt");
/// cop_core::ingest::durable::write_file(&path, |w| w.write_all(b"old"))?;
/// let failed = cop_core::ingest::durable::write_file(&path, |w| {
///     w.write_all(b"new, half")?;
///     Err(std::io::Error::other("the disk is full"))
/// });
/// assert!(failed.is_err());
/// assert_eq!(std::fs::read(&path)?, b"old");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_file(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let target = resolve(path).map_err(|e| with_path(path, e))?;
    if target.is_dir() {
        return Err(with_path(path, io::Error::new(io::ErrorKind::IsADirectory, "is a directory")));
    }
    // A device, pipe or socket (`/dev/null`, `/dev/stdout`, a FIFO) is written in place: renaming
    // a file over it would replace the device with a plain file.
    if fs::metadata(&target).is_ok_and(|meta| !meta.is_file()) {
        return write_in_place(&target, write).map_err(|e| with_path(path, e));
    }
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (temp, file) = create_temp(&dir, &target).map_err(|e| with_path(path, e))?;
    let written = (|| {
        if let Ok(meta) = fs::metadata(&target) {
            file.set_permissions(meta.permissions())?;
        }
        let mut writer = BufWriter::with_capacity(1 << 16, &file);
        write(&mut writer)?;
        writer.flush()?;
        drop(writer);
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, &target)
    })();
    if let Err(error) = written {
        let _ = fs::remove_file(&temp);
        return Err(with_path(path, error));
    }
    sync_dir(&dir).map_err(|e| with_path(path, e))
}

/// Writes to something that is not a regular file, as it is.
fn write_in_place(target: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let file = fs::OpenOptions::new().write(true).open(target)?;
    let mut writer = BufWriter::with_capacity(1 << 16, file);
    write(&mut writer)?;
    writer.flush()
}

/// The file a path names: a symbolic link is followed.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

fn create_temp(dir: &Path, target: &Path) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = target.file_name().map_or_else(|| "cop".into(), |n| n.to_string_lossy().into_owned());
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        match fs::OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// A core error as an I/O error (to pass through [`write_file`]); see [`from_io`].
pub(crate) fn to_io(error: CopError) -> io::Error {
    match error {
        CopError::Io(e) => e,
        other => io::Error::other(other),
    }
}

/// The core error inside an I/O error made by [`to_io`], or the I/O error itself.
pub(crate) fn from_io(error: io::Error) -> CopError {
    if error.get_ref().is_some_and(|e| e.is::<CopError>()) {
        let inner = error.into_inner().expect("checked above");
        return *inner.downcast::<CopError>().expect("checked above");
    }
    CopError::Io(error)
}

impl Landscape {
    /// Writes a JSON snapshot to a file durably ([`write_file`]): the previous file survives a
    /// failed write.
    pub fn save_snapshot_file(&self, path: &Path) -> Result<()> {
        write_file(path, |w| self.save_snapshot(w).map_err(to_io)).map_err(from_io)
    }

    /// Writes every event as CSV ([`Landscape::export_csv`]) to a file durably ([`write_file`]).
    pub fn export_csv_file(&self, path: &Path) -> Result<()> {
        write_file(path, |w| self.export_csv(w).map_err(to_io)).map_err(from_io)
    }

    /// Writes every event as JSON Lines ([`Landscape::export_jsonl`]) to a file durably
    /// ([`write_file`]).
    pub fn export_jsonl_file(&self, path: &Path) -> Result<()> {
        write_file(path, |w| self.export_jsonl(w).map_err(to_io)).map_err(from_io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found when `cop report -o /dev/null` replaced /dev/null with a plain file: a pipe (or a
    /// device) is written in place, and stays what it was.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_pipe_or_device_is_written_in_place() {
        use std::os::unix::fs::FileTypeExt;
        let dir = scratch("fifo");
        let fifo = dir.join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(&fifo).unwrap())
        };
        write_file(&fifo, |w| w.write_all(b"through the pipe")).unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo(), "still a pipe");
        fs::remove_dir_all(&dir).unwrap();
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cop-durable-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// A writer that takes `room` bytes and then fails, like a full disk.
    struct Full<'a> {
        inner: &'a mut dyn Write,
        room: usize,
    }

    impl Write for Full<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "no space left on device"));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            self.inner.write(&buf[..n])
        }
        fn flush(&mut self) -> io::Result<()> {
            self.inner.flush()
        }
    }

    #[test]
    fn a_write_that_fails_midway_leaves_the_old_file_and_no_temporary_one() {
        let dir = scratch("midway");
        let path = dir.join("landscape.json");
        let mut landscape = Landscape::new();
        landscape.ensure_member("ada").unwrap();
        landscape.save_snapshot_file(&path).unwrap();
        let old = fs::read(&path).unwrap();
        for name in ["bob", "cy", "dee"] {
            landscape.ensure_member(name).unwrap();
        }
        let err = write_file(&path, |w| {
            let mut full = Full { inner: w, room: 20 };
            landscape.save_snapshot(&mut full).map_err(to_io)
        })
        .unwrap_err();
        assert!(err.to_string().contains("landscape.json"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), old);
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "the temporary file is removed");
        // A write that succeeds replaces the file whole.
        landscape.save_snapshot_file(&path).unwrap();
        assert!(Landscape::load_snapshot(fs::File::open(&path).unwrap()).unwrap() == landscape);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_directory_and_a_missing_directory_are_named() {
        let dir = scratch("names");
        let err = Landscape::new().save_snapshot_file(&dir).unwrap_err();
        assert!(err.to_string().contains(&*dir.to_string_lossy()), "{err}");
        let missing = dir.join("no/such/dir/x.json");
        let err = Landscape::new().save_snapshot_file(&missing).unwrap_err();
        assert!(err.to_string().contains("no/such/dir"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_and_links_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("links");
        let real = dir.join("real.json");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.join("link.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_file(&link, |w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read(&real).unwrap(), b"new");
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640);
        fs::remove_dir_all(&dir).unwrap();
    }
}
