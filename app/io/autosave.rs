//! Autosave sidecars: `<plan>.autosave.ron` beside a saved plan, or one file in the data directory for an
//! untitled plan; offered back at the next start when it is newer than the plan it belongs to.

use std::path::{Path, PathBuf};

use super::PlanFile;

/// The sidecar of a plan file, or of the untitled plan when `plan` is `None`.
pub fn sidecar_path(plan: Option<&Path>, data_dir: &Path) -> PathBuf {
    match plan {
        Some(path) => {
            let name = path
                .file_name()
                .map_or_else(|| "plan.ron".into(), |n| n.to_string_lossy().into_owned());
            path.with_file_name(format!("{name}.autosave.ron"))
        }
        None => data_dir.join("untitled.autosave.ron"),
    }
}

/// Writes the sidecar atomically.
pub fn write(plan: &PlanFile, sidecar: &Path) -> Result<(), super::SaveError> {
    if let Some(dir) = sidecar.parent() {
        std::fs::create_dir_all(dir).map_err(|source| super::SaveError::Folder {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    plan.save(sidecar)
}

/// Removes the sidecar (after a save, or when the user declines recovery).
pub fn discard(sidecar: &Path) {
    std::fs::remove_file(sidecar).ok();
}

/// A sidecar worth offering: it exists, loads, and is newer than the plan file (or the plan file is gone).
pub fn recoverable(plan: Option<&Path>, sidecar: &Path) -> Option<PlanFile> {
    let sidecar_time = std::fs::metadata(sidecar).and_then(|m| m.modified()).ok()?;
    if let Some(plan) = plan
        && let Ok(plan_time) = std::fs::metadata(plan).and_then(|m| m.modified())
        && plan_time > sidecar_time
    {
        return None;
    }
    PlanFile::load(sidecar).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecars_sit_beside_their_plan() {
        let dir = Path::new("/data");
        assert_eq!(
            sidecar_path(Some(Path::new("/plans/west.ron")), dir),
            Path::new("/plans/west.ron.autosave.ron")
        );
        assert_eq!(
            sidecar_path(None, dir),
            Path::new("/data/untitled.autosave.ron")
        );
    }
}
