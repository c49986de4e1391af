//! `EventTime`: RFC 3339, UTC, read leniently (the documentation prints its example as
//! `1970-07-01T 00:00:00.000000000 Z`, with spaces and nanoseconds).

use std::fmt;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The longest `EventTime` read (a timestamp is about 35 characters; anything much longer is not
/// one).
const MAX_LEN: usize = 64;

/// Why an `EventTime` cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventTimeError {
    /// The value (cut to 64 characters).
    pub value: String,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for EventTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the callback's EventTime {:?} is not an RFC 3339 time: {}",
            self.value, self.reason
        )
    }
}

impl std::error::Error for EventTimeError {}

/// Reads an `EventTime` as Unix seconds: RFC 3339 (`2024-05-01T08:00:00Z`, any fraction of a
/// second, `Z` or an offset), with whitespace anywhere ignored and `t`/`z` in either case.
pub fn parse_event_time(value: &str) -> Result<i64, EventTimeError> {
    let err = |reason: String| EventTimeError {
        value: value.chars().take(MAX_LEN).collect(),
        reason,
    };
    if value.len() > MAX_LEN {
        return Err(err(format!("longer than {MAX_LEN} bytes")));
    }
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    OffsetDateTime::parse(&compact, &Rfc3339)
        .map(|t| t.unix_timestamp())
        .map_err(|e| err(e.to_string()))
}

/// `unix_seconds` as an RFC 3339 `EventTime` in UTC (`2024-05-01T08:00:00Z`).
pub(crate) fn format_event_time(unix_seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix_seconds)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}
