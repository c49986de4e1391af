//! Reading an answer's body in bounded memory: at most the configured number of bytes, whatever
//! the server announces or sends.

use bytes::{Bytes, BytesMut};

/// The default limit of an answer's size: 16 MiB. The largest documented answers (a page of 100
/// messages or records, a room's user list) are well under 1 MiB, so the limit only stops a server
/// that answers far more than any action documents (or endlessly).
pub const DEFAULT_MAX_ANSWER_BYTES: u64 = 16 * 1024 * 1024;

/// Why a body could not be read whole.
pub(crate) enum ReadError {
    /// The body is larger than the limit (announced so, or found so while reading).
    TooLarge { announced: Option<u64> },
    /// The connection failed while reading.
    Transport(reqwest::Error),
}

/// Reads `resp`'s body, stopping with [`ReadError::TooLarge`] as soon as it is known to exceed
/// `limit` bytes: an announced `Content-Length` over the limit is not read at all, and no more
/// than `limit` bytes are ever buffered.
pub(crate) async fn read_limited(
    mut resp: reqwest::Response,
    limit: u64,
) -> Result<Bytes, ReadError> {
    let announced = resp.content_length();
    if announced.is_some_and(|n| n > limit) {
        return Err(ReadError::TooLarge { announced });
    }
    let capacity = announced.unwrap_or(0).min(limit).min(1 << 20);
    let mut buf = BytesMut::with_capacity(usize::try_from(capacity).unwrap_or(0));
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                let total = (buf.len() as u64).saturating_add(chunk.len() as u64);
                if total > limit {
                    return Err(ReadError::TooLarge { announced });
                }
                if buf.is_empty() && chunk.len() as u64 == announced.unwrap_or(u64::MAX) {
                    // The whole body in one chunk: shared, not copied.
                    return Ok(chunk);
                }
                buf.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(buf.freeze()),
            Err(e) => return Err(ReadError::Transport(e)),
        }
    }
}
