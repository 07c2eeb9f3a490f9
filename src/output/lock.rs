//! One writer per output folder: an advisory lock on a hidden file beside the
//! folder (`.<name>.lock`), held from before the first day is simulated until
//! the results are renamed into place. The folder itself cannot carry the
//! lock, since it is replaced by a rename.
//!
//! The lock is the operating system's (`flock` on Unix, `LockFileEx` on
//! Windows, through `fs4`), so it dies with the process that held it: a run
//! killed with `kill -9` never blocks the next one. While holding it, a
//! writer may clear what killed writers of the same folder left beside it.
//!
//! Invariant: the lock file is removed only by its holder, while holding it,
//! and a process that locked a file is the holder only if that file is still
//! the one at the lock's path (otherwise it took a lock on a removed file and
//! tries again).

use fs4::fs_std::FileExt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The held lock on an output folder; released when dropped.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
    path: PathBuf,
    final_dir: PathBuf,
}

impl OutputLock {
    /// Locks `final_dir` for writing, creating its parent folders. Without
    /// `wait`, another live writer makes this fail at once with a message
    /// naming the folder and that writer's process id; with `wait`, this
    /// blocks until that writer is done.
    pub fn acquire(final_dir: &Path, wait: bool) -> io::Result<OutputLock> {
        let path = beside(final_dir, "lock")?;
        if let Some(parent) = parent(final_dir) {
            fs::create_dir_all(parent).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("cannot create the folder {}: {e}", parent.display()),
                )
            })?;
        }
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| {
                    io::Error::new(
                        e.kind(),
                        format!("cannot write beside {}: {e}", final_dir.display()),
                    )
                })?;
            if wait {
                FileExt::lock_exclusive(&file)?;
            } else if !FileExt::try_lock_exclusive(&file)? {
                let mut text = String::new();
                // Best effort: the pid only makes the message more useful.
                let _ = file.read_to_string(&mut text);
                let holder = match text.trim().parse::<u32>() {
                    Ok(pid) => format!("another outreach process (pid {pid})"),
                    Err(_) => "another outreach process".to_string(),
                };
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    format!(
                        "{} is being written by {holder}; wait for it to finish (or add --wait), or choose another output folder",
                        final_dir.display()
                    ),
                ));
            }
            if !still_at(&file, &path) {
                // The previous holder removed this file after we opened it.
                continue;
            }
            file.set_len(0)?;
            file.rewind()?;
            write!(file, "{}", std::process::id())?;
            file.flush()?;
            let lock = OutputLock {
                file,
                path,
                final_dir: final_dir.to_path_buf(),
            };
            lock.clear_leftovers();
            return Ok(lock);
        }
    }

    /// The folder this lock guards.
    pub fn final_dir(&self) -> &Path {
        &self.final_dir
    }

    /// Removes the hidden `.<name>.partial-<pid>` and `.<name>.old-<pid>`
    /// folders beside the final folder. Every writer holds this lock, so any
    /// found now belong to a writer that was killed. An `.old` folder while
    /// the final folder is missing is a result a killed writer had moved
    /// aside: it is put back instead.
    fn clear_leftovers(&self) {
        let Some(name) = self.final_dir.file_name() else {
            return;
        };
        let name = name.to_string_lossy();
        let dir = parent(&self.final_dir).unwrap_or(Path::new("."));
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        let partial = format!(".{name}.partial-");
        let old = format!(".{name}.old-");
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            let pid = |prefix: &str| {
                file.strip_prefix(prefix).is_some_and(|rest| {
                    !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())
                })
            };
            // Failures are ignored: a leftover that cannot be removed is
            // hidden and harmless, and is tried again by the next writer.
            if pid(&partial) {
                let _ = fs::remove_dir_all(entry.path());
            } else if pid(&old) {
                if fs::symlink_metadata(&self.final_dir).is_err() {
                    let _ = fs::rename(entry.path(), &self.final_dir);
                } else {
                    let _ = fs::remove_dir_all(entry.path());
                }
            }
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still held, so that nobody else holds it then; the
        // lock itself goes with the file handle right after.
        let _ = fs::remove_file(&self.path);
        let _ = FileExt::unlock(&self.file);
    }
}

/// Whether the open `file` is still the file at `path`.
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Windows cannot remove an open file, so the file at the path is the one
/// held.
#[cfg(not(unix))]
fn still_at(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// `.<name>.<tag>` beside `final_dir`.
pub(crate) fn beside(final_dir: &Path, tag: &str) -> io::Result<PathBuf> {
    let name = final_dir.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} does not name a folder", final_dir.display()),
        )
    })?;
    let hidden = format!(".{}.{tag}", name.to_string_lossy());
    Ok(match parent(final_dir) {
        Some(parent) => parent.join(hidden),
        None => PathBuf::from(hidden),
    })
}

/// The parent folder, or `None` for a bare name in the current folder.
pub(crate) fn parent(path: &Path) -> Option<&Path> {
    path.parent().filter(|p| !p.as_os_str().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_with_the_folder_and_the_pid() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let held = OutputLock::acquire(&out, false).unwrap();
        let err = OutputLock::acquire(&out, false).unwrap_err();
        let text = err.to_string();
        assert!(text.contains(&out.display().to_string()), "{text}");
        assert!(
            text.contains(&format!("pid {}", std::process::id())),
            "{text}"
        );
        drop(held);
        let again = OutputLock::acquire(&out, false).unwrap();
        drop(again);
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            0,
            "the lock file goes with the lock"
        );
    }

    #[test]
    fn a_lock_file_left_behind_does_not_block() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        // What a killed writer leaves: the file, its pid, no lock.
        fs::write(tmp.path().join(".out.lock"), "999999").unwrap();
        OutputLock::acquire(&out, false).unwrap();
    }

    #[test]
    fn leftovers_of_killed_writers_are_cleared_and_a_moved_result_restored() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        fs::create_dir(tmp.path().join(".out.partial-12345")).unwrap();
        fs::create_dir(tmp.path().join(".out.old-777")).unwrap();
        fs::write(tmp.path().join(".out.old-777/run.json"), "{}").unwrap();
        fs::create_dir(tmp.path().join(".other.partial-1")).unwrap();
        let lock = OutputLock::acquire(&out, false).unwrap();
        assert!(out.join("run.json").is_file(), "the moved result is back");
        drop(lock);
        let mut left: Vec<String> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".other.partial-1", "out"]);
    }
}
