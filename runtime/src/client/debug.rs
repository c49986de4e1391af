//! Showing what is sent without what must stay secret.

use reqwest::header::HeaderMap;

/// The headers as `(name, value)` text with `Authorization`'s signature and `X-Security-Token`
/// masked: what `--dry-run`, `--debug` and debug logs print.
pub fn masked_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let text = value.to_str().unwrap_or("<binary>");
            let shown = match name.as_str() {
                "x-security-token" => "***".to_string(),
                "authorization" => match text.rsplit_once("Signature=") {
                    Some((head, _)) => format!("{head}Signature=***"),
                    None => "***".to_string(),
                },
                _ if value.is_sensitive() => "***".to_string(),
                _ => text.to_string(),
            };
            (name.as_str().to_string(), shown)
        })
        .collect()
}
