//! Writing an output folder all at once: files go to a hidden sibling folder,
//! which replaces the final folder by rename only when everything is written.
//! A failed or interrupted run leaves no half-written folder that looks
//! complete, and a rerun leaves no stale files from the previous one.
//!
//! A `Staging` holds the folder's [`OutputLock`] from creation until it is
//! committed or dropped, so two commands never fill or replace one folder at
//! once, and what a killed writer left beside the folder is cleared by the
//! next (see `lock`). Creating it is also where an output path is checked
//! before any work: it makes the hidden folder, so an unwritable place or a
//! name the file system refuses fails at once.
//!
//! Invariant: an existing final folder is only ever replaced when it is empty
//! or holds the marker file that this tool writes, and then (without
//! `force`) only if nothing in it is newer than that marker, so a mistyped
//! output path cannot delete someone's folder and a rerun does not silently
//! delete files the user put in a result folder.

use super::lock::{beside, parent, OutputLock};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// How a `Staging` treats an existing folder and another writer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Replace a result folder even if it holds files this tool did not
    /// write (they are deleted).
    pub force: bool,
    /// Wait for another writer of the same folder instead of refusing.
    pub wait: bool,
}

/// A hidden folder being filled, to become `final_dir` on [`Staging::commit`].
/// Dropped without a commit, it removes itself.
#[derive(Debug)]
pub struct Staging {
    final_dir: PathBuf,
    dir: PathBuf,
    marker: String,
    force: bool,
    committed: bool,
    /// Kept when dropped uncommitted, so a later run can resume it.
    resumable: bool,
    /// Declared last: released only after `Drop` has removed the folder.
    _lock: OutputLock,
}

impl Staging {
    /// [`Staging::open`] with the default options: refuse another writer and
    /// a folder holding files this tool did not write.
    pub fn new(final_dir: &Path, marker: &str) -> io::Result<Staging> {
        Staging::open(final_dir, marker, Options::default())
    }

    /// Locks `final_dir` and creates the hidden staging folder
    /// `.<name>.partial-<pid>` beside it, creating the parent folders if
    /// needed. `marker` is a file name that every folder this tool writes
    /// contains: an existing `final_dir` without it (and not empty) is
    /// refused rather than replaced.
    pub fn open(final_dir: &Path, marker: &str, options: Options) -> io::Result<Staging> {
        let dir = sibling(final_dir, "partial")?;
        check_replaceable(final_dir, marker, options.force)?;
        let lock = OutputLock::acquire(final_dir, options.wait)?;
        check_replaceable(final_dir, marker, options.force)?;
        // A leftover from a killed run that had the same process id.
        remove_if_present(&dir)?;
        fs::create_dir(&dir).map_err(|e| creating(&dir, e))?;
        Ok(Staging {
            final_dir: final_dir.to_path_buf(),
            dir,
            marker: marker.to_string(),
            force: options.force,
            committed: false,
            resumable: false,
            _lock: lock,
        })
    }

    /// Locks `final_dir` and opens the hidden folder `.<name>.resume` beside
    /// it, creating it if needed, and says whether it already existed.
    /// Unlike [`Staging::open`] its name does not depend on the process and
    /// it is kept when dropped uncommitted: an interrupted sweep resumes
    /// from it.
    pub fn resumable(
        final_dir: &Path,
        marker: &str,
        options: Options,
    ) -> io::Result<(Staging, bool)> {
        let dir = beside(final_dir, "resume")?;
        check_replaceable(final_dir, marker, options.force)?;
        let lock = OutputLock::acquire(final_dir, options.wait)?;
        check_replaceable(final_dir, marker, options.force)?;
        let existed = dir.is_dir();
        fs::create_dir_all(&dir).map_err(|e| creating(&dir, e))?;
        Ok((
            Staging {
                final_dir: final_dir.to_path_buf(),
                dir,
                marker: marker.to_string(),
                force: options.force,
                committed: false,
                resumable: true,
                _lock: lock,
            },
            existed,
        ))
    }

    /// Empties a resumable folder, to start over.
    pub fn clear(&self) -> io::Result<()> {
        remove_if_present(&self.dir)?;
        fs::create_dir(&self.dir)
    }

    /// The folder this becomes on commit.
    pub fn final_dir(&self) -> &Path {
        &self.final_dir
    }

    /// Where to write `file` so that it ends up in the final folder.
    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// Refuses when the file system holding the staging folder has less
    /// than `bytes` free, naming both figures.
    pub fn check_space(&self, bytes: u64) -> io::Result<()> {
        let Ok(free) = fs4::available_space(&self.dir) else {
            // Not every file system tells; writing will say if it is full.
            return Ok(());
        };
        if free < bytes {
            return Err(io::Error::other(
                format!(
                    "not enough disk space for the results in {}: about {:.1} MB needed, {:.1} MB free; free some space or choose another output folder",
                    self.final_dir.display(),
                    bytes as f64 / 1e6,
                    free as f64 / 1e6
                ),
            ));
        }
        Ok(())
    }

    /// Puts the staged folder in place of `final_dir`: the old folder is
    /// renamed aside, the staged one renamed in, then the old one removed.
    /// If the second rename fails, the old folder is put back.
    pub fn commit(mut self) -> io::Result<()> {
        check_replaceable(&self.final_dir, &self.marker, self.force)?;
        let trash = sibling(&self.final_dir, "old")?;
        remove_if_present(&trash)?;
        let had_old = match fs::rename(&self.final_dir, &trash) {
            Ok(()) => true,
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(e),
        };
        if let Err(e) = fs::rename(&self.dir, &self.final_dir) {
            if had_old {
                // Best effort: the rename error is the one worth reporting.
                let _ = fs::rename(&trash, &self.final_dir);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old {
            fs::remove_dir_all(&trash)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && !self.resumable {
            // Nothing useful to do on failure while already unwinding or
            // reporting another error; the folder is hidden either way.
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// `e`, saying which folder could not be created (the OS message alone, such
/// as "File name too long", names no path).
fn creating(dir: &Path, e: io::Error) -> io::Error {
    io::Error::new(
        e.kind(),
        format!("cannot create the folder {}: {e}", dir.display()),
    )
}

/// An existing `final_dir` may be replaced only if it is a folder that is
/// empty or holds `marker`, and (unless `force`) nothing in it is newer than
/// `marker`: the marker is written last, so a newer file was put there or
/// changed since.
fn check_replaceable(final_dir: &Path, marker: &str, force: bool) -> io::Result<()> {
    let meta = match fs::symlink_metadata(final_dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        // "File name too long", "Not a directory": say which path.
        Err(e) => {
            return Err(io::Error::new(
                e.kind(),
                format!(
                    "cannot use {} as an output folder: {e}",
                    final_dir.display()
                ),
            ))
        }
    };
    let refuse = |why: &str| {
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("refusing to replace {}: {why}", final_dir.display()),
        ))
    };
    if !meta.is_dir() {
        return refuse("it exists and is not a folder; choose another output folder");
    }
    let empty = fs::read_dir(final_dir)?.next().is_none();
    if empty {
        return Ok(());
    }
    let Ok(written) = fs::metadata(final_dir.join(marker)).and_then(|m| m.modified()) else {
        return refuse(&format!(
            "it is not empty and has no {marker}, so it was not written by this tool; choose another output folder or remove it"
        ));
    };
    if force {
        return Ok(());
    }
    let mut foreign: Vec<String> = Vec::new();
    for entry in fs::read_dir(final_dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        if meta.is_dir() || meta.modified().is_ok_and(|t| t > written) {
            foreign.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort();
    let shown = foreign.len().min(5);
    let more = if foreign.len() > shown {
        format!(" and {} more", foreign.len() - shown)
    } else {
        String::new()
    };
    refuse(&format!(
        "it holds files this tool did not write or that changed since ({}{more}); move them elsewhere, or add --force to replace the folder and delete them",
        foreign[..shown].join(", ")
    ))
}

/// `.<name>.<tag>-<pid>` beside `final_dir`: hidden, and on the same file
/// system so that renames are atomic.
fn sibling(final_dir: &Path, tag: &str) -> io::Result<PathBuf> {
    let name = final_dir.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} does not name a folder", final_dir.display()),
        )
    })?;
    let hidden = format!(".{}.{tag}-{}", name.to_string_lossy(), std::process::id());
    Ok(match parent(final_dir) {
        Some(parent) => parent.join(hidden),
        None => PathBuf::from(hidden),
    })
}

fn remove_if_present(dir: &Path) -> io::Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARKER: &str = "run.json";

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn stage(final_dir: &Path, files: &[&str]) -> Staging {
        let staging = Staging::new(final_dir, MARKER).unwrap();
        // The marker last, as every writer does.
        let (marker, rest): (Vec<&str>, Vec<&str>) = files.iter().partition(|f| **f == MARKER);
        for file in rest.iter().chain(&marker) {
            fs::write(staging.path(file), file).unwrap();
        }
        staging
    }

    #[test]
    fn commit_creates_the_folder_and_leaves_nothing_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("nested").join("out");
        stage(&out, &[MARKER, "a.csv"]).commit().unwrap();
        assert_eq!(names(&out), ["a.csv", MARKER]);
        assert_eq!(names(&tmp.path().join("nested")), ["out"]);
    }

    #[test]
    fn files_are_hidden_until_commit() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let staging = stage(&out, &[MARKER]);
        assert!(!out.exists());
        assert!(names(tmp.path())
            .iter()
            .any(|n| n.starts_with(".out.partial-")));
        staging.commit().unwrap();
        assert!(out.join(MARKER).is_file());
    }

    #[test]
    fn a_rerun_replaces_the_old_folder_without_stale_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        stage(&out, &[MARKER, "stale.png"]).commit().unwrap();
        stage(&out, &[MARKER, "fresh.png"]).commit().unwrap();
        assert_eq!(names(&out), ["fresh.png", MARKER]);
        assert_eq!(names(tmp.path()), ["out"]);
    }

    #[test]
    fn dropping_without_commit_removes_the_staging_folder_and_keeps_the_old_one() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        stage(&out, &[MARKER, "old.csv"]).commit().unwrap();
        drop(stage(&out, &[MARKER, "half.csv"]));
        assert_eq!(names(&out), ["old.csv", MARKER]);
        assert_eq!(names(tmp.path()), ["out"]);
    }

    #[test]
    fn a_resumable_folder_survives_a_drop_and_is_found_again() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let (staging, existed) = Staging::resumable(&out, MARKER, Options::default()).unwrap();
        assert!(!existed);
        fs::write(staging.path("half.csv"), "1").unwrap();
        drop(staging);
        let (staging, existed) = Staging::resumable(&out, MARKER, Options::default()).unwrap();
        assert!(existed);
        assert!(staging.path("half.csv").is_file());
        fs::write(staging.path(MARKER), "{}").unwrap();
        staging.commit().unwrap();
        assert_eq!(names(&out), ["half.csv", MARKER]);
        assert_eq!(names(tmp.path()), ["out"]);
    }

    #[test]
    fn an_empty_existing_folder_is_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        fs::create_dir(&out).unwrap();
        stage(&out, &[MARKER]).commit().unwrap();
        assert_eq!(names(&out), [MARKER]);
    }

    #[test]
    fn a_foreign_folder_is_refused_and_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("thesis");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("chapter1.tex"), "precious").unwrap();
        let err = Staging::new(&out, MARKER).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert!(err.to_string().contains("has no run.json"), "{err}");
        assert_eq!(names(&out), ["chapter1.tex"]);
        assert_eq!(names(tmp.path()), ["thesis"]);
    }

    #[test]
    fn an_existing_file_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        fs::write(&out, "a file").unwrap();
        let err = Staging::new(&out, MARKER).unwrap_err();
        assert!(err.to_string().contains("is not a folder"), "{err}");
    }

    #[test]
    fn a_path_without_a_name_is_refused() {
        let err = Staging::new(Path::new(".."), MARKER).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    /// Issue 11, items 1 and 2: two writers of one folder both reported
    /// success and one result vanished (or rows doubled); the second is now
    /// refused at once, naming the folder and the first one's process id.
    #[test]
    fn item_1_2_a_second_writer_of_a_folder_is_refused_at_once() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let first = stage(&out, &[MARKER]);
        let err = Staging::new(&out, MARKER).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::WouldBlock);
        assert!(err.to_string().contains("is being written by"), "{err}");
        let err = Staging::resumable(&out, "sweep.json", Options::default()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::WouldBlock);
        first.commit().unwrap();
        stage(&out, &[MARKER]).commit().unwrap();
        assert_eq!(names(tmp.path()), ["out"]);
    }

    /// Issue 11, item 10: a killed run's hidden `.out.partial-PID` folder
    /// stayed for ever; the next writer of the folder removes it.
    #[test]
    fn item_10_a_killed_runs_partial_folder_is_removed_by_the_next_run() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        for pid in ["4000001", "4000002"] {
            let left = tmp.path().join(format!(".out.partial-{pid}"));
            fs::create_dir(&left).unwrap();
            fs::write(left.join("timeseries.csv"), "half").unwrap();
        }
        stage(&out, &[MARKER]).commit().unwrap();
        assert_eq!(names(tmp.path()), ["out"]);
    }

    /// Issue 11, item 6: a path that is a file, or a name the file system
    /// refuses, failed only after the whole computation; both fail when the
    /// staging folder is opened, which a run does first.
    #[test]
    fn item_6_an_unusable_output_path_is_refused_when_opened() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("file");
        fs::write(&file, "x").unwrap();
        assert!(Staging::new(&file, MARKER).is_err());
        assert!(Staging::new(&file.join("out"), MARKER).is_err());
        let long = tmp.path().join("n".repeat(100_000));
        let err = Staging::new(&long, MARKER).unwrap_err();
        assert!(err.to_string().contains("cannot"), "{err}");
        let staging = Staging::new(&tmp.path().join("out"), MARKER).unwrap();
        let err = staging.check_space(u64::MAX).unwrap_err();
        assert!(err.to_string().contains("not enough disk space"), "{err}");
    }
}
