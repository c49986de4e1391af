//! Hex and RFC 3986 percent-encoding, as the signature needs them.

/// Appends lowercase hex, 32 bytes at a time through a stack buffer (no allocation of its own).
pub(crate) fn push_hex(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len() * 2);
    for chunk in bytes.chunks(32) {
        let mut buf = [0u8; 64];
        let text = &mut buf[..chunk.len() * 2];
        // The buffer is exactly twice the chunk, and hex digits are ASCII: neither can fail.
        if ::hex::encode_to_slice(chunk, text).is_ok() {
            out.push_str(std::str::from_utf8(text).unwrap_or_default());
        }
    }
}

pub(crate) fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Percent-encodes the strict RFC 3986 way: only `A-Z a-z 0-9 - _ . ~` stay; `%XX` uppercase.
/// (Not part of the API: public for the workspace's fuzz checks.)
#[doc(hidden)]
pub fn percent_encode(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        if is_unreserved(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// Decodes `%XX` escapes (and nothing else); `None` on a bad escape or non-UTF-8 result.
#[doc(hidden)]
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = (*bytes.get(i + 1)? as char).to_digit(16)?;
            let lo = (*bytes.get(i + 2)? as char).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
