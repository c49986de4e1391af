//! Scratch copies of spec directories, for the tests that edit a spec and regenerate, and the
//! files below a directory.

use std::io;
use std::path::{Path, PathBuf};

/// Every file below `dir` (at any depth) whose name ends in `.{ext}`, sorted by path.
pub fn files_below(dir: &Path, ext: &str) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d)? {
            let p = entry?.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

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
