//! The page's JSON examples: parsed, and repaired where the fault is obvious (leading zeros, trailing
//! commas, comments), saying which repair was made.

use serde_json::Value;

use super::Note;

/// Repairs leading zeros in numbers, trailing commas and comments outside strings; says which.
pub(super) fn repair_json(text: &str) -> (String, Vec<&'static str>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut repairs = Vec::new();
    let note = |r: &'static str, repairs: &mut Vec<&'static str>| {
        if !repairs.contains(&r) {
            repairs.push(r);
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            out.push(c);
            i += 1;
            while i < chars.len() {
                out.push(chars[i]);
                if chars[i] == '\\' && i + 1 < chars.len() {
                    out.push(chars[i + 1]);
                    i += 2;
                    continue;
                }
                i += 1;
                if chars[i - 1] == '"' {
                    break;
                }
            }
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            note("comments removed", &mut repairs);
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
            note("comments removed", &mut repairs);
            continue;
        }
        if c == ',' {
            let mut j = i + 1;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            if matches!(chars.get(j), Some('}' | ']')) {
                note("trailing commas removed", &mut repairs);
                i += 1;
                continue;
            }
        }
        let starts_number = c.is_ascii_digit()
            && !out
                .chars()
                .last()
                .is_some_and(|p| p.is_ascii_alphanumeric() || p == '.');
        if starts_number {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            let digits: String = chars[i..j].iter().collect();
            let fraction = chars.get(j) == Some(&'.');
            if digits.len() > 1 && digits.starts_with('0') && !fraction {
                let trimmed = digits.trim_start_matches('0');
                out.push_str(if trimmed.is_empty() { "0" } else { trimmed });
                note("leading zeros of numbers dropped", &mut repairs);
            } else {
                out.push_str(&digits);
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    (out, repairs)
}

/// Parses page JSON (repairing it); on failure the page line of the fault and serde's message.
pub(super) fn parse_json(
    text: &str,
    first_line: usize,
) -> Result<(Value, Vec<&'static str>), Note> {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return Ok((v, Vec::new()));
    }
    let (repaired, repairs) = repair_json(text);
    match serde_json::from_str::<Value>(&repaired) {
        Ok(v) => Ok((v, repairs)),
        Err(e) => Err(Note {
            line: first_line + e.line().saturating_sub(1),
            message: format!("not JSON, and not repaired: {e}"),
        }),
    }
}

/// Reads an example cell: `\`x\`` → x; `-` or nothing → `None`.
pub(super) fn example_text(cell: &Option<String>) -> Option<String> {
    let c = cell.as_deref()?.trim();
    let c = c
        .strip_prefix('`')
        .and_then(|r| r.strip_suffix('`'))
        .unwrap_or(c)
        .trim();
    (!c.is_empty() && c != "-" && c != "—").then(|| c.to_string())
}
