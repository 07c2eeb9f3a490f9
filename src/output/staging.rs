//! Writing an output folder all at once: files go to a hidden sibling folder,
//! which replaces the final folder by rename only when everything is written.
//! A failed or interrupted run leaves no half-written folder that looks
//! complete, and a rerun leaves no stale files from the previous one.
//!
//! Invariant: an existing final folder is only ever replaced when it is empty
//! or holds the marker file that this tool writes, so a mistyped output path
//! cannot delete someone's folder.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A hidden folder being filled, to become `final_dir` on [`Staging::commit`].
/// Dropped without a commit, it removes itself.
#[derive(Debug)]
pub struct Staging {
    final_dir: PathBuf,
    dir: PathBuf,
    marker: String,
    committed: bool,
    /// Kept when dropped uncommitted, so a later run can resume it.
    resumable: bool,
}

impl Staging {
    /// Creates the hidden staging folder `.<name>.partial-<pid>` beside
    /// `final_dir`, creating the parent folders if needed. `marker` is a file
    /// name that every folder this tool writes contains: an existing
    /// `final_dir` without it (and not empty) is refused rather than replaced.
    pub fn new(final_dir: &Path, marker: &str) -> io::Result<Staging> {
        let dir = sibling(final_dir, "partial")?;
        check_replaceable(final_dir, marker)?;
        if let Some(parent) = parent(final_dir) {
            fs::create_dir_all(parent)?;
        }
        // A leftover from a killed run that had the same process id.
        remove_if_present(&dir)?;
        fs::create_dir(&dir)?;
        Ok(Staging {
            final_dir: final_dir.to_path_buf(),
            dir,
            marker: marker.to_string(),
            committed: false,
            resumable: false,
        })
    }

    /// Opens the hidden folder `.<name>.resume` beside `final_dir`, creating
    /// it if needed, and says whether it already existed. Unlike
    /// [`Staging::new`] its name does not depend on the process and it is
    /// kept when dropped uncommitted: an interrupted sweep resumes from it.
    pub fn resumable(final_dir: &Path, marker: &str) -> io::Result<(Staging, bool)> {
        let name = final_dir.file_name().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} does not name a folder", final_dir.display()),
            )
        })?;
        let hidden = format!(".{}.resume", name.to_string_lossy());
        let dir = match parent(final_dir) {
            Some(parent) => parent.join(hidden),
            None => PathBuf::from(hidden),
        };
        check_replaceable(final_dir, marker)?;
        let existed = dir.is_dir();
        fs::create_dir_all(&dir)?;
        Ok((
            Staging {
                final_dir: final_dir.to_path_buf(),
                dir,
                marker: marker.to_string(),
                committed: false,
                resumable: true,
            },
            existed,
        ))
    }

    /// Empties a resumable folder, to start over.
    pub fn clear(&self) -> io::Result<()> {
        remove_if_present(&self.dir)?;
        fs::create_dir(&self.dir)
    }

    /// Where to write `file` so that it ends up in the final folder.
    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// Puts the staged folder in place of `final_dir`: the old folder is
    /// renamed aside, the staged one renamed in, then the old one removed.
    /// If the second rename fails, the old folder is put back.
    pub fn commit(mut self) -> io::Result<()> {
        check_replaceable(&self.final_dir, &self.marker)?;
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

/// An existing `final_dir` may be replaced only if it is a folder that is
/// empty or holds `marker`.
fn check_replaceable(final_dir: &Path, marker: &str) -> io::Result<()> {
    let meta = match fs::symlink_metadata(final_dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let refuse = |why: &str| {
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "refusing to replace {}: {why}; choose another output folder or remove it",
                final_dir.display()
            ),
        ))
    };
    if !meta.is_dir() {
        return refuse("it exists and is not a folder");
    }
    let empty = fs::read_dir(final_dir)?.next().is_none();
    if !empty && !final_dir.join(marker).is_file() {
        return refuse(&format!(
            "it is not empty and has no {marker}, so it was not written by this tool"
        ));
    }
    Ok(())
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

/// The parent folder, or `None` for a bare name in the current folder.
fn parent(path: &Path) -> Option<&Path> {
    path.parent().filter(|p| !p.as_os_str().is_empty())
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
        for file in files {
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
        assert!(names(tmp.path())[0].starts_with(".out.partial-"));
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
        let (staging, existed) = Staging::resumable(&out, MARKER).unwrap();
        assert!(!existed);
        fs::write(staging.path("half.csv"), "1").unwrap();
        drop(staging);
        let (staging, existed) = Staging::resumable(&out, MARKER).unwrap();
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
}
