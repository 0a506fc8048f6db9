//! The one writer for every file dcplan writes (plans, autosaves, runbooks, pictures, summaries, slides, imports):
//! nothing the user had is lost if the write fails half-way.
//!
//! The bytes go to a temporary file created exclusively in the target's directory (so a planted link at its name
//! cannot redirect the write), are synced, and the file is renamed over the target, then the directory is synced
//! so the rename itself survives a crash. The target's permissions are kept; a symlinked target is written
//! through to the file it points at, so the link stays a link. A hard-linked target gets a new file at this path
//! only (the other names keep the old content): a rename cannot update both and stay atomic.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{output} is the input {input} (the same file); write to another file")]
    SameAsInput { output: PathBuf, input: PathBuf },
}

/// Writes `bytes` to `path` atomically (see the module documentation).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let io = |source: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let target = resolve_links(path).map_err(io)?;
    let directory = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let permissions = std::fs::metadata(&target).ok().map(|m| m.permissions());
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temporary = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(directory)
        .map_err(io)?;
    temporary.write_all(bytes).map_err(io)?;
    if let Some(permissions) = permissions {
        temporary
            .as_file()
            .set_permissions(permissions)
            .map_err(io)?;
    }
    temporary.as_file().sync_all().map_err(io)?;
    // On failure the temporary file is removed when it drops; the target is untouched.
    temporary.persist(&target).map_err(|e| io(e.error))?;
    sync_directory(directory).map_err(io)
}

/// Refuses an output that is the command's input (the same file by identity, through links or other names).
pub fn refuse_input_as_output(input: &Path, output: &Path) -> Result<(), WriteError> {
    if output.exists() && same_file::is_same_file(input, output).unwrap_or(false) {
        return Err(WriteError::SameAsInput {
            output: output.to_path_buf(),
            input: input.to_path_buf(),
        });
    }
    Ok(())
}

/// The file a path finally names, following symlinks (a dangling link names the file it would create).
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // A bounded walk: a link cycle is an error, not a hang.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

#[cfg(unix)]
fn sync_directory(directory: &Path) -> std::io::Result<()> {
    std::fs::File::open(directory)?.sync_all()
}

#[cfg(not(unix))]
fn sync_directory(_directory: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test stops loudly")]

    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dcplan-write-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[cfg(unix)]
    #[test]
    fn a_private_file_stays_private_and_a_link_stays_a_link() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = scratch("mode");
        let real = dir.join("real.ron");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.join("link.ron");
        std::os::unix::fs::symlink("real.ron", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[cfg(unix)]
    #[test]
    fn the_input_is_refused_as_output_through_a_link() {
        let dir = scratch("same");
        let plan = dir.join("plan.ron");
        std::fs::write(&plan, "plan").unwrap();
        let link = dir.join("alias.md");
        std::os::unix::fs::symlink(&plan, &link).unwrap();
        assert!(matches!(
            refuse_input_as_output(&plan, &link),
            Err(WriteError::SameAsInput { .. })
        ));
        assert!(refuse_input_as_output(&plan, &dir.join("other.md")).is_ok());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_write_into_a_missing_directory_leaves_nothing() {
        let dir = scratch("missing");
        let target = dir.join("no-such-dir").join("out.md");
        assert!(write_atomic(&target, b"x").is_err());
        assert!(!target.exists());
        std::fs::remove_dir_all(&dir).ok();
    }
}
