//! Table rows the page splits over several source lines: each line that continues a row (the row
//! above it has no closing `|`) becomes a continuation row (`| | | ... | text |`), which the table
//! reader appends to the row's description. Line numbers stay those of the page.

/// A delimiter row: `| --- | :---: |`.
fn is_delimiter(line: &str) -> bool {
    let t = line.trim();
    t.contains('-')
        && t.contains('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The cells of a header row.
fn cell_count(line: &str) -> usize {
    let t = line.trim().trim_start_matches('|');
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').count().max(1)
}

/// A row line that closes its row: it ends with `|` (a trailing `\`, the pages' continuation
/// mark, aside) that is not an escaped `\|`.
fn closes(line: &str) -> bool {
    let t = line.trim_end();
    let t = t.strip_suffix('\\').unwrap_or(t).trim_end();
    t.ends_with('|') && !t.ends_with("\\|")
}

/// The page with every split row's continuation lines rewritten as continuation rows.
pub(super) fn join_split_rows(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    // Columns of the table being read, and whether its last row is still open.
    let mut table: Option<usize> = None;
    let mut open = false;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        match table {
            None => {
                if t.starts_with('|') && lines.get(i + 1).is_some_and(|n| is_delimiter(n)) {
                    table = Some(cell_count(t));
                    open = false;
                }
                out.push((*line).to_string());
            }
            Some(cols) => {
                if t.is_empty() {
                    table = None;
                    out.push((*line).to_string());
                } else if t.starts_with('|') {
                    open = !is_delimiter(t) && !closes(t);
                    out.push((*line).to_string());
                } else if open {
                    let mut rest = t.strip_suffix('\\').unwrap_or(t).trim_end();
                    open = !closes(rest);
                    if !open {
                        rest = rest.strip_suffix('|').unwrap_or(rest).trim_end();
                    }
                    let cr = if line.ends_with('\r') { "\r" } else { "" };
                    let empty = " |".repeat(cols.saturating_sub(1));
                    out.push(format!("|{empty} {rest} |{cr}"));
                } else {
                    out.push((*line).to_string());
                }
            }
        }
    }
    out.join("\n")
}
