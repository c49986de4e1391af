//! Reading a configuration file in bounded memory: regular files only, up to a size limit.

use std::path::Path;

use crate::error::{ConfigErrorKind, Error};

/// The largest configuration file read: 1 MiB, far more than any set of profiles needs.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Reads a configuration file as text: `Ok(None)` when it does not exist. Anything but a regular
/// file (a directory, a FIFO, `/dev/zero`, also behind a link), over [`MAX_FILE_BYTES`] (never
/// read past) or not UTF-8 is an [`Error::Config`] ([`ConfigErrorKind::File`]) naming the file, with
/// the I/O error as its source.
pub fn read_file(path: &Path) -> Result<Option<String>, Error> {
    use std::io::Read;
    let kind = |reason: String| ConfigErrorKind::File {
        path: path.to_path_buf(),
        line: None,
        column: None,
        reason,
    };
    let fail = |reason: String| Error::config(kind(reason));
    let io = |e: std::io::Error| Error::config_from(kind("cannot read it".into()), e);
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        other => other.map_err(io)?,
    };
    let regular = |m: &std::fs::Metadata| match (m.is_file(), m.len()) {
        (false, _) => Err(fail("not a regular file (only one is read)".into())),
        (true, n) if n > MAX_FILE_BYTES => Err(fail(format!("{n} bytes, over {MAX_FILE_BYTES}"))),
        _ => Ok(()),
    };
    // Checked before opening (opening a FIFO blocks) and again on the file opened.
    regular(&meta)?;
    let file = std::fs::File::open(path).map_err(io)?;
    regular(&file.metadata().map_err(io)?)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(format!("over the limit of {MAX_FILE_BYTES} bytes")));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| Error::config_from(kind("not UTF-8 text".into()), e.utf8_error()))
}
