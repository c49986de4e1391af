//! Scratch copies of spec directories, for the tests that edit a spec and regenerate.

use std::io;
use std::path::Path;

/// Copies the directory tree `from` to `to` (created as needed), files and subdirectories.
pub fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let p = entry?.path();
        let Some(name) = p.file_name() else { continue };
        let target = to.join(name);
        if p.is_dir() {
            copy_dir(&p, &target)?;
        } else {
            std::fs::copy(&p, &target)?;
        }
    }
    Ok(())
}
