//! Reading the page: the Markdown structure (headings, tables, code blocks) comes from
//! pulldown-cmark; each section keeps its source lines, and each table cell its source text (the
//! mapping reads backticks, links and `<br>` in cells itself).

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

pub(super) use super::lang::Role;
use super::lang::{columns, nested_heading, required_mark, role_of};
use super::Note;

/// The content under one heading (or before the first).
#[derive(Debug)]
pub(super) struct Block<'a> {
    pub(super) role: Role,
    /// The sub-heading (level 3 and below) inside a section, normalised.
    pub(super) sub: Option<String>,
    /// The line of the heading that opened the section (level 1 or 2, or a known section), 0 for
    /// the intro.
    pub(super) section: usize,
    /// Every source line below the heading, up to the next one.
    pub(super) lines: Vec<(usize, &'a str)>,
    /// The tables below the heading, in page order.
    pub(super) tables: Vec<Table>,
    /// The fenced code blocks below the heading: (first line of the content, its lines).
    pub(super) code: Vec<(usize, Vec<(usize, &'a str)>)>,
}

/// `### Body (\`XBody\`)` → `Body`; `#### RefMsgInfo — \`Go\`` → `RefMsgInfo`.
pub(super) fn normalise_heading(title: &str) -> String {
    let mut t = title.trim();
    if let Some(i) = t.find(" — ") {
        t = &t[..i];
    }
    if let Some(i) = t.find(" (") {
        t = &t[..i];
    }
    strip_links(t).trim_matches('`').trim().to_string()
}

/// A page read into sections.
pub(super) struct Page<'a> {
    pub(super) blocks: Vec<Block<'a>>,
    /// Every line outside code blocks, for the request-info patterns.
    pub(super) prose: Vec<(usize, &'a str)>,
    /// `# Action (Version V)` of a digest.
    pub(super) title: Option<(usize, String)>,
    /// Level-2 sections the importer does not read: (heading line, title).
    pub(super) others: Vec<(usize, String)>,
}

/// A Markdown table: its header's cells and its rows' (each with its line), as source text.
#[derive(Debug, Default)]
pub(super) struct Table {
    pub(super) line: usize,
    pub(super) header: Vec<String>,
    pub(super) rows: Vec<(usize, Vec<String>)>,
}

/// What the Markdown parser found, by position.
#[derive(Default)]
struct Found {
    /// (line, level, source text after the `#`s).
    headings: Vec<(usize, usize, String)>,
    tables: Vec<Table>,
    /// Code blocks: (line of the opening fence or first line, line of the last line, fenced).
    code: Vec<(usize, usize, bool)>,
}

/// The 1-based line of each byte offset.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts }
    }

    fn of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}

/// The source text of a cell: trimmed, `\|` read as `|`.
fn cell_text(text: &str, range: Range<usize>) -> String {
    text.get(range)
        .unwrap_or_default()
        .trim()
        .replace("\\|", "|")
}

fn heading_text(source: &str) -> String {
    let first = source.lines().next().unwrap_or_default().trim();
    let t = first.trim_start_matches('#');
    // A closing sequence of `#`s is not part of the title.
    let t = t.trim().trim_end_matches('#');
    t.trim().to_string()
}

fn find(text: &str, base: usize, lines: &Lines) -> Found {
    let mut found = Found::default();
    let mut table: Option<Table> = None;
    let mut row: Option<(usize, Vec<String>)> = None;
    let options = Options::ENABLE_TABLES;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let line = lines.of(base + range.start);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let title = heading_text(text.get(range).unwrap_or_default());
                found.headings.push((line, level as usize, title));
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    line,
                    ..Table::default()
                })
            }
            Event::End(TagEnd::Table) => found.tables.extend(table.take()),
            Event::Start(Tag::TableHead | Tag::TableRow) => row = Some((line, Vec::new())),
            Event::End(TagEnd::TableHead) => {
                if let (Some(t), Some((_, cells))) = (&mut table, row.take()) {
                    t.header = cells;
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some(r)) = (&mut table, row.take()) {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => {
                if let Some((_, cells)) = &mut row {
                    cells.push(cell_text(text, range));
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let last = lines.of(base + range.end.saturating_sub(1).max(range.start));
                let fenced = matches!(kind, CodeBlockKind::Fenced(_));
                found.code.push((line, last, fenced));
            }
            _ => {}
        }
    }
    found
}

/// Reads the page's sections (after a front matter between `---` lines, if any).
pub(super) fn read_page(text: &str) -> Page<'_> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let mut start = 0;
    if lines.first().is_some_and(|(_, l)| l.trim() == "---") {
        if let Some(end) = lines.iter().skip(1).position(|(_, l)| l.trim() == "---") {
            start = end + 2;
        }
    }
    let index = Lines::new(text);
    let base = index.starts.get(start).copied().unwrap_or(text.len());
    let found = find(text.get(base..).unwrap_or_default(), base, &index);

    let in_code = |no: usize| found.code.iter().any(|(a, b, _)| (*a..=*b).contains(&no));
    let prose = lines[start.min(lines.len())..]
        .iter()
        .copied()
        .filter(|(no, _)| !in_code(*no))
        .collect();
    let mut blocks = vec![Block {
        role: Role::Intro,
        sub: None,
        section: 0,
        lines: Vec::new(),
        tables: Vec::new(),
        code: Vec::new(),
    }];
    let mut others = Vec::new();
    let mut title = None;
    let (mut role, mut section) = (Role::Intro, 0);
    let mut headings = found.headings.into_iter().peekable();
    for &(no, l) in &lines[start.min(lines.len())..] {
        if let Some((_, level, heading)) = headings.next_if(|(h, _, _)| *h == no) {
            let sub = match role_of(&heading) {
                Some(r) => {
                    (role, section) = (r, no);
                    None
                }
                None if level == 1 => {
                    (role, section) = (Role::Title, no);
                    title = Some((no, heading));
                    None
                }
                None if level == 2 => {
                    (role, section) = (Role::Other, no);
                    others.push((no, heading));
                    None
                }
                None => Some(nested_heading(&normalise_heading(&heading))),
            };
            blocks.push(Block {
                role,
                sub,
                section,
                lines: Vec::new(),
                tables: Vec::new(),
                code: Vec::new(),
            });
            continue;
        }
        if let Some(b) = blocks.last_mut() {
            b.lines.push((no, l));
        }
    }
    // Tables and code blocks go to the block whose lines hold their first line.
    let block_of = |blocks: &[Block], no: usize| {
        blocks
            .iter()
            .rposition(|b| b.lines.first().is_some_and(|(first, _)| *first <= no))
    };
    for t in found.tables {
        if let Some(i) = block_of(&blocks, t.line) {
            blocks[i].tables.push(t);
        }
    }
    for (open, last, fenced) in found.code {
        if let Some(i) = block_of(&blocks, open) {
            // The content lies between the fences (a block the page leaves open runs to the end);
            // an indented block is all content.
            let closed = lines
                .get(last.saturating_sub(1))
                .is_some_and(|(_, l)| l.trim_start().starts_with(['`', '~']) && last > open);
            let end = if closed || !fenced { last } else { last + 1 };
            let open = if fenced { open } else { open.saturating_sub(1) };
            let end = if fenced { end } else { end + 1 };
            let body: Vec<(usize, &str)> = lines
                .iter()
                .copied()
                .filter(|(n, _)| *n > open && *n < end)
                .collect();
            let first = body.first().map_or(end, |(n, _)| *n);
            blocks[i].code.push((first, body));
        }
    }
    Page {
        blocks,
        prose,
        title,
        others,
    }
}

/// The example of the blocks of `role`: the first code block's lines, else (an unfenced example)
/// the lines from the first request line or `{` through the last `}` below the heading.
pub(super) fn example_lines<'a>(
    page: &Page<'a>,
    role: Role,
) -> Option<(usize, Vec<(usize, &'a str)>)> {
    let blocks = || page.blocks.iter().filter(|b| b.role == role);
    if let Some(code) = blocks().find_map(|b| b.code.first().cloned()) {
        return Some(code);
    }
    let lines: Vec<(usize, &str)> = blocks().flat_map(|b| b.lines.iter().copied()).collect();
    let starts = |l: &str| {
        let t = l.trim_start();
        t.starts_with('{') || ["POST ", "GET ", "http"].iter().any(|p| t.starts_with(p))
    };
    let first = lines.iter().position(|(_, l)| starts(l))?;
    let last = lines
        .iter()
        .rposition(|(_, l)| l.trim_start().starts_with('}'))
        .filter(|&i| i >= first)
        .unwrap_or(first);
    let body = lines[first..=last].to_vec();
    Some((body.first().map_or(0, |(n, _)| *n), body))
}

/// One parameter row, with its continuation rows.
#[derive(Debug, Clone)]
pub(super) struct RawField {
    pub(super) line: usize,
    pub(super) name: String,
    pub(super) doc_type: String,
    pub(super) required: Option<bool>,
    pub(super) example: Option<String>,
    pub(super) desc: Vec<String>,
}

/// Splits a description cell into lines (`<br>` is a line break).
fn desc_lines(cell: &str) -> Vec<String> {
    if cell.trim() == "-" {
        return Vec::new();
    }
    let mut s = cell.to_string();
    for br in ["<br />", "<br/>", "<BR>", "<br>"] {
        s = s.replace(br, "\n");
    }
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The rows of a parameter table; `None` (with a note) when it is not one.
pub(super) fn param_rows(t: &Table, notes: &mut Vec<Note>) -> Option<Vec<RawField>> {
    let cols = columns(&t.header);
    let (Some(name), Some(ty)) = (cols.name, cols.ty) else {
        notes.push(Note {
            line: t.line,
            message: format!(
                "a table without name and type columns (参数/Parameter, 类型/Type): not imported ({})",
                t.header.join(" | ")
            ),
        });
        return None;
    };
    let (required, example, desc) = (cols.required, cols.example, cols.desc);
    let cell = |row: &[String], i: Option<usize>| i.and_then(|i| row.get(i)).cloned();
    let mut out: Vec<RawField> = Vec::new();
    for (no, row) in &t.rows {
        let n = cell(row, Some(name)).unwrap_or_default();
        let n = n.trim_matches('`').trim_matches('*').trim().to_string();
        let d = cell(row, desc).unwrap_or_default();
        if n.is_empty() {
            match out.last_mut() {
                Some(prev) => {
                    prev.desc.extend(desc_lines(&d));
                    let others = row
                        .iter()
                        .enumerate()
                        .any(|(i, c)| Some(i) != desc && !c.is_empty());
                    if others {
                        notes.push(Note {
                            line: *no,
                            message: format!(
                                "a continuation row of `{}` with other cells than 描述: only 描述 is read",
                                prev.name
                            ),
                        });
                    }
                }
                None => notes.push(Note {
                    line: *no,
                    message: "a row without a parameter name and no row above it: skipped".into(),
                }),
            }
            continue;
        }
        let req = match cell(row, required) {
            None => None,
            Some(mark) => match required_mark(&mark) {
                Some(r) => Some(r),
                None => {
                    notes.push(Note {
                        line: *no,
                        message: format!(
                            "`{n}`: required mark `{}` is neither 是/Yes/Y/✓ nor 否/No/N/✗: read as optional",
                            mark.trim()
                        ),
                    });
                    Some(false)
                }
            },
        };
        out.push(RawField {
            line: *no,
            name: n,
            doc_type: cell(row, Some(ty)).unwrap_or_default(),
            required: req,
            example: cell(row, example),
            desc: desc_lines(&d),
        });
    }
    Some(out)
}

/// `Object of [RefMsgInfo](#refmsginfo)` → `Object of RefMsgInfo`.
pub(super) fn strip_links(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|c| open + c) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|e| close + e) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out.trim().to_string()
}
