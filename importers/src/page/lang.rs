//! The pages' words in both languages: section headings, column names, required marks, nested-type
//! headings, and which language a page is written in.

/// What a section of the page is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Intro,
    Title,
    Limits,
    RequestInfo,
    Request,
    Response,
    RequestExample,
    ResponseExample,
    Other,
}

/// Section headings (a prefix of the heading, case-insensitive for English) and what they hold.
const SECTIONS: &[(Role, &[&str])] = &[
    (
        Role::Limits,
        &[
            "注意事项",
            "使用限制",
            "限制说明",
            "Notes",
            "Note",
            "Usage limits",
            "Limits",
            "Limitations",
            "Restrictions",
            "Precautions",
        ],
    ),
    (
        Role::RequestInfo,
        &[
            "请求说明",
            "请求方式",
            "Request description",
            "Request method",
            "Request info",
            "Request URL",
            "Request line",
            "Request syntax",
        ],
    ),
    (
        Role::RequestExample,
        &[
            "请求示例",
            "Request example",
            "Request sample",
            "Sample request",
            "Example request",
        ],
    ),
    (
        Role::ResponseExample,
        &[
            "返回示例",
            "响应示例",
            "返回结果示例",
            "Response example",
            "Response sample",
            "Sample response",
            "Example response",
            "Return example",
        ],
    ),
    (
        Role::Request,
        &[
            "请求参数",
            "输入参数",
            "Request parameters",
            "Request parameter",
            "Input parameters",
            "Parameters",
        ],
    ),
    (
        Role::Response,
        &[
            "返回参数",
            "响应参数",
            "返回结果",
            "输出参数",
            "Response parameters",
            "Response parameter",
            "Return parameters",
            "Returned parameters",
            "Response fields",
            "Output parameters",
        ],
    ),
];

/// What a section heading names, if the importer reads it.
pub(super) fn role_of(title: &str) -> Option<Role> {
    let mut t = title.trim().trim_matches('*').trim();
    // `Response (\`XRes\`)`, `Request — x`: the words before.
    for cut in [" (", " — ", "（"] {
        if let Some(i) = t.find(cut) {
            t = &t[..i];
        }
    }
    let lower = t.trim().to_lowercase();
    if lower == "request" {
        return Some(Role::Request);
    }
    if lower == "response" {
        return Some(Role::Response);
    }
    SECTIONS.iter().find_map(|(role, words)| {
        words
            .iter()
            .any(|w| lower.starts_with(&w.to_lowercase()))
            .then_some(*role)
    })
}

/// A table's columns, by header names.
pub(super) struct Columns {
    pub(super) name: Option<usize>,
    pub(super) ty: Option<usize>,
    pub(super) required: Option<usize>,
    pub(super) example: Option<usize>,
    pub(super) desc: Option<usize>,
}

const NAME: &[&str] = &[
    "参数名称",
    "参数名",
    "参数",
    "名称",
    "字段",
    "Parameter name",
    "Parameter",
    "Name",
    "Field",
    "Key",
];
const TYPE: &[&str] = &["类型", "数据类型", "参数类型", "Data type", "Type"];
const REQUIRED: &[&str] = &[
    "是否必选",
    "是否必填",
    "是否必须",
    "必选",
    "必填",
    "Required",
    "Mandatory",
    "Is required",
];
const EXAMPLE: &[&str] = &[
    "示例值",
    "示例",
    "样例",
    "Sample value",
    "Example value",
    "Example",
    "Sample",
];
const DESC: &[&str] = &["描述", "说明", "含义", "Description", "Remarks", "Meaning"];

/// Finds the columns of a header: a cell equal to one of the names first, else one starting with
/// one (never the Go SDK's `Go 类型` / `Go type` column).
pub(super) fn columns(header: &[String]) -> Columns {
    let clean: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_matches('*').trim().to_lowercase())
        .collect();
    let col = |names: &[&str]| {
        let exact = clean
            .iter()
            .position(|h| names.iter().any(|n| *h == n.to_lowercase()));
        exact.or_else(|| {
            clean.iter().position(|h| {
                !h.starts_with("go ") && names.iter().any(|n| h.starts_with(&n.to_lowercase()))
            })
        })
    };
    Columns {
        name: col(NAME),
        ty: col(TYPE),
        required: col(REQUIRED),
        example: col(EXAMPLE),
        desc: col(DESC),
    }
}

/// A required mark: `Some(true)` for 是/Yes/Y/✓, `Some(false)` for 否/No/N/✗/-, `None` when unknown.
pub(super) fn required_mark(cell: &str) -> Option<bool> {
    let c = cell
        .trim()
        .trim_matches(|c: char| c == '`' || c == '*')
        .trim();
    let lower = c.to_lowercase();
    const YES: &[&str] = &[
        "是",
        "必选",
        "必填",
        "yes",
        "y",
        "true",
        "required",
        "mandatory",
        "✓",
        "✔",
        "✔️",
        "√",
        "✅",
        "☑",
        "☑️",
    ];
    const NO: &[&str] = &[
        "否",
        "可选",
        "非必选",
        "非必填",
        "no",
        "n",
        "false",
        "optional",
        "✗",
        "✘",
        "×",
        "❌",
        "-",
        "—",
    ];
    if YES.contains(&lower.as_str()) {
        Some(true)
    } else if NO.contains(&lower.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// A nested type's heading: `RefMsgInfo`, `Object of RefMsgInfo`, `Array of Item`,
/// `RefMsgInfo 对象`, `RefMsgInfo 结构`, `数据结构 RefMsgInfo` → the type's name.
pub(super) fn nested_heading(heading: &str) -> String {
    let mut t = heading.trim();
    for p in [
        "Object of ",
        "Array of ",
        "Structure of ",
        "Data structure ",
        "数据结构",
        "结构体",
    ] {
        if let Some(r) = t.strip_prefix(p) {
            t = r.trim_start_matches([':', '：', ' ']);
        }
    }
    for s in [
        " object",
        " structure",
        "对象",
        "结构体",
        "结构",
        "数组",
        "类型",
    ] {
        if let Some(r) = t.strip_suffix(s) {
            t = r.trim_end();
        }
    }
    t.trim_matches('`').trim().to_string()
}

/// The language of a page's prose and cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Chinese (the Volcengine pages).
    Zh,
    /// English (the BytePlus pages, and the Volcengine pages' English editions).
    En,
}

/// A CJK character (the pages' Chinese).
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// Chinese when a tenth or more of the letters of `text` are CJK characters, else English.
pub(super) fn language_of(text: &str) -> Language {
    let (mut cjk, mut latin) = (0usize, 0usize);
    for c in text.chars() {
        if is_cjk(c) {
            cjk += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    // A Chinese character says as much as a short English word.
    if cjk * 10 >= (cjk + latin / 5).max(1) {
        Language::Zh
    } else {
        Language::En
    }
}
