//! The generator's output cache (`cargo xtask codegen` keeps it under `target/codegen-cache/`):
//! one entry per output file, named by a hash of everything the file is generated from, so that
//! regenerating after one spec file changed emits and formats only the files whose inputs changed.
//!
//! - The key of a file is SHA-256 over the generator's identity ([`generator_id`]: its version and
//!   the running executable's path, size and modification time, so that any rebuild of the
//!   generator starts afresh), the file's path and header, and its input: the part of the lowered
//!   model it is emitted from (an action and its family's shared facts) or, for the small files
//!   that aggregate every action, the tokens emitted for it.
//! - An entry holds a SHA-256 of its key and contents: an entry that does not match (cut short,
//!   edited, another entry's, another format) is a miss, and the file is emitted again. A cache can make generation faster,
//!   never different.
//! - Entries are written to a temporary file and renamed, so that a run stopped half-way leaves
//!   no partial entry; after a run, entries it did not use are deleted ([`Cache::prune`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// The first line of an entry (the format's version).
const MAGIC: &str = "volcengine-codegen-cache 1\n";

/// A cache key: SHA-256 of a file's inputs.
pub type Key = [u8; 32];

/// A directory of cached output files.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    used: Mutex<BTreeSet<String>>,
}

/// The generator's identity: its version and the running executable (path, size, modification
/// time); `None` when the executable cannot be identified, and then nothing is cached.
pub fn generator_id() -> Option<&'static str> {
    static ID: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let meta = std::fs::metadata(&exe).ok()?;
        let mtime = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        Some(format!(
            "{} {} {} {}.{:09}",
            crate::GENERATOR_VERSION,
            exe.display(),
            meta.len(),
            mtime.as_secs(),
            mtime.subsec_nanos()
        ))
    })
    .as_deref()
}

/// Hashes the parts of a key, each length-prefixed (so that no two lists of parts collide).
pub fn key(parts: &[&[u8]]) -> Key {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().into()
}

/// An entry's checksum: SHA-256 over its name (its key) and contents, so that an entry copied under
/// another key does not pass either.
fn checksum(name: &str, body: &str) -> String {
    hex::encode(key(&[name.as_bytes(), body.as_bytes()]))
}

impl Cache {
    /// Opens (creating it) the cache in `dir`; `None` when the generator cannot be identified
    /// or the directory cannot be made.
    pub fn open(dir: &Path) -> Option<Cache> {
        generator_id()?;
        std::fs::create_dir_all(dir).ok()?;
        Some(Cache {
            dir: dir.to_path_buf(),
            used: Mutex::new(BTreeSet::new()),
        })
    }

    /// The key of a file, from its path, header and input (the generator's identity included).
    pub fn key(&self, path: &str, sources: &str, input: &[u8]) -> Key {
        let id = generator_id().unwrap_or_default();
        key(&[id.as_bytes(), path.as_bytes(), sources.as_bytes(), input])
    }

    fn entry(&self, key: &Key) -> (String, PathBuf) {
        let name = hex::encode(key);
        let path = self.dir.join(&name);
        (name, path)
    }

    /// The cached contents for `key`, if there is a sound entry.
    pub fn get(&self, key: &Key) -> Option<String> {
        let (name, path) = self.entry(key);
        let text = std::fs::read_to_string(&path).ok()?;
        let rest = text.strip_prefix(MAGIC)?;
        let (sum, body) = rest.split_once('\n')?;
        if sum != checksum(&name, body) {
            return None;
        }
        self.mark(name);
        Some(body.to_string())
    }

    /// Stores `contents` under `key` (best effort: a cache that cannot be written only makes
    /// the next run slower).
    pub fn put(&self, key: &Key, contents: &str) {
        let (name, path) = self.entry(key);
        let sum = checksum(&name, contents);
        let tmp = self.dir.join(format!(
            "{name}.tmp{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let text = format!("{MAGIC}{sum}\n{contents}");
        if std::fs::write(&tmp, text).is_ok() && std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        self.mark(name);
    }

    fn mark(&self, name: String) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(name);
        }
    }

    /// Deletes the entries this run did not use (those of inputs that changed or went away).
    pub fn prune(&self) {
        let Ok(used) = self.used.lock() else { return };
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !used.contains(&name) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}
