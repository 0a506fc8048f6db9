//! Helpers shared by the integration tests: scratch folders, and the `dcplan` binary run as a user runs it.
#![allow(dead_code, reason = "each test binary uses the part it needs")]

pub mod rvtools_export;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch folder under the system temp dir, one per test and process, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("dcplan-test-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        if let Err(err) = std::fs::create_dir_all(&dir) {
            panic!("cannot create {}: {err}", dir.display());
        }
        Self(dir)
    }

    /// A path inside the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// A copy of a sample plan (`projects/samples/NAME`) in the folder.
    pub fn sample(&self, name: &str) -> PathBuf {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("projects/samples")
            .join(name);
        let to = self.0.join(name);
        if let Err(err) = std::fs::copy(&from, &to) {
            panic!("cannot copy {}: {err}", from.display());
        }
        to
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// Runs the `dcplan` binary from the project root, with no user reference data in reach.
pub fn dcplan<S: AsRef<OsStr>>(args: &[S]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_dcplan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("XDG_CONFIG_HOME")
        .env("HOME", "/nonexistent")
        .output();
    match output {
        Ok(output) => output,
        Err(err) => panic!("dcplan does not run: {err}"),
    }
}
