//! The last proof of packaging: the `volc-rtc` package, as `cargo package` wrote it, installs with
//! `cargo install` and its demo runs. The published libraries are not on a registry yet, so the
//! install takes them from their own packages (unpacked, through `[patch.crates-io]`): every source
//! compiled is a packaged one, never the workspace's.

use std::path::Path;
use std::process::Command;

use crate::public_api::{published, CLI};

/// Where the packages are unpacked and the binary installed, under the system's temporary directory
/// (outside the workspace, whose manifest would otherwise claim the unpacked packages).
const SCRATCH: &str = "volc-rtc-package-install";

/// Unpacks the packages of `target/package`, installs `volc-rtc` from its package (a debug build,
/// offline, with its packaged lock file) and runs `volc-rtc demo`.
pub fn run(root: &Path, cargo: &str) -> Result<(), String> {
    let version = env!("CARGO_PKG_VERSION");
    let packages = root.join("target/package");
    let scratch = std::env::temp_dir().join(format!("{SCRATCH}-{}", std::process::id()));
    let src = scratch.join("src");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;

    let mut patches = Vec::new();
    for name in published() {
        let file = packages.join(format!("{name}-{version}.crate"));
        if !file.is_file() {
            return Err(format!(
                "{} is missing: run `cargo package` first",
                file.display()
            ));
        }
        run_command(
            Command::new("tar").arg("xzf").arg(&file).current_dir(&src),
            "tar",
        )?;
        if name != CLI {
            let dir = src.join(format!("{name}-{version}"));
            patches.push(format!(
                "patch.crates-io.{name}.path={:?}",
                path_text(&dir)?
            ));
        }
    }

    let root_dir = scratch.join("root");
    let mut install = Command::new(cargo);
    install
        .args(["install", "--offline", "--debug", "--locked", "--quiet"])
        .arg("--root")
        .arg(&root_dir)
        .arg("--path")
        .arg(src.join(format!("{CLI}-{version}")))
        // The workspace's target directory: dependencies already built are reused.
        .env("CARGO_TARGET_DIR", root.join("target"))
        .current_dir(&scratch);
    for patch in &patches {
        install.arg("--config").arg(patch);
    }
    run_command(&mut install, "cargo install")?;

    let binary = root_dir.join("bin").join(CLI);
    let out = Command::new(&binary)
        .arg("demo")
        .current_dir(&scratch)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || !stdout.contains("<- Result:") {
        return Err(format!(
            "the installed `{CLI} demo` failed ({}):\n{stdout}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let results = stdout.matches("<- Result:").count();
    println!("installed {CLI} {version} from its package; its demo ran ({results} calls answered)");
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

/// Removes the unpacked copies that an earlier `cargo package` left of this workspace's packages.
///
/// `cargo package` verifies each package against the others through a temporary registry, and
/// cargo unpacks that registry's packages under `$CARGO_HOME/registry/src/<hash of its path>/`.
/// An unpacked copy is reused whenever one of the same name and version is already there, and the
/// versions here stay the same while their sources change: a machine whose cargo home outlives the
/// checkout (a CI cache, a second clone in the same place) would verify against yesterday's
/// sources. Only `<published package>-<this version>` directories are removed; cargo unpacks them
/// again from the fresh packages.
pub fn clear_unpacked_packages() -> Result<usize, String> {
    let Some(home) = cargo_home() else {
        return Ok(0);
    };
    let src = home.join("registry").join("src");
    let Ok(registries) = std::fs::read_dir(&src) else {
        return Ok(0);
    };
    let version = env!("CARGO_PKG_VERSION");
    let mut removed = 0;
    for registry in registries.flatten() {
        for name in published() {
            let dir = registry.path().join(format!("{name}-{version}"));
            if dir.is_dir() {
                std::fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}

/// Cargo's home: `$CARGO_HOME`, else `~/.cargo`.
fn cargo_home() -> Option<std::path::PathBuf> {
    if let Some(home) = std::env::var_os("CARGO_HOME").filter(|h| !h.is_empty()) {
        return Some(home.into());
    }
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| Path::new(&h).join(".cargo"))
}

fn path_text(path: &Path) -> Result<&str, String> {
    path.to_str()
        .ok_or_else(|| format!("{} is not UTF-8", path.display()))
}

fn run_command(cmd: &mut Command, what: &str) -> Result<(), String> {
    match cmd.status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{what} failed ({s})")),
        Err(e) => Err(format!("cannot run {what}: {e}")),
    }
}
