//! A hand-written parser of the subset of Go that the vendor's generated SDK models use.
//!
//! `model.go`: `type X struct { ... }` declarations (also inside `type ( ... )` groups), with fields
//! of a name, a type and a raw-string tag (`json:"Wire,omitempty" query:"Wire"`), embedded fields
//! (`*XQuery`), the types `*T`, `[]T`, `map[K]V`, `interface{}`/`any` and (qualified) names, and the
//! `//` comments above fields and types. `config.go`: the composite literals `ApiListInfo` (action → method, version) and
//! `ServiceInfoMap` (region → host, signing region). Everything else (`package`, `import`, `const`,
//! `func`) is skipped. Errors name `file:line`.

use std::collections::BTreeMap;
use std::fmt;

/// A parse error, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoError {
    /// The file as given to the parser.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for GoError {}

/// A Go type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoType {
    /// A name: a predeclared type (`string`, `int32`), a struct of the file, or `pkg.Name`.
    Named(String),
    /// `*T`
    Pointer(Box<GoType>),
    /// `[]T`
    Slice(Box<GoType>),
    /// `[N]T`
    Array(String, Box<GoType>),
    /// `map[K]V`
    Map(Box<GoType>, Box<GoType>),
    /// `interface{}` or `any`.
    Interface,
}

impl GoType {
    /// The type without its pointers (`**T` → `T`).
    pub fn pointee(&self) -> &GoType {
        match self {
            GoType::Pointer(t) => t.pointee(),
            t => t,
        }
    }

    /// Whether the outermost type is a pointer.
    pub fn is_pointer(&self) -> bool {
        matches!(self, GoType::Pointer(_))
    }

    /// Every name the expression mentions (`map[string][]*X` → `string`, `X`).
    pub fn names(&self) -> Vec<&str> {
        match self {
            GoType::Named(n) => vec![n.as_str()],
            GoType::Pointer(t) | GoType::Slice(t) | GoType::Array(_, t) => t.names(),
            GoType::Map(k, v) => {
                let mut out = k.names();
                out.extend(v.names());
                out
            }
            GoType::Interface => Vec::new(),
        }
    }
}

impl fmt::Display for GoType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GoType::Named(n) => f.write_str(n),
            GoType::Pointer(t) => write!(f, "*{t}"),
            GoType::Slice(t) => write!(f, "[]{t}"),
            GoType::Array(n, t) => write!(f, "[{n}]{t}"),
            GoType::Map(k, v) => write!(f, "map[{k}]{v}"),
            GoType::Interface => f.write_str("interface{}"),
        }
    }
}

/// A field of a struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoField {
    /// The Go name (`AppID`).
    pub name: String,
    /// The type.
    pub ty: GoType,
    /// The struct tag's keys and values (`json` → `AppId,omitempty`).
    pub tags: BTreeMap<String, String>,
    /// The `//` comment lines directly above the field, without `//` and one following space.
    pub comment: Vec<String>,
    /// 1-based line of the field.
    pub line: usize,
}

impl GoField {
    /// The wire name: the `json` tag's name, or the Go name when the tag gives none.
    pub fn wire_name(&self) -> &str {
        match self
            .tags
            .get("json")
            .map(|t| t.split(',').next().unwrap_or(""))
        {
            Some(n) if !n.is_empty() => n,
            _ => &self.name,
        }
    }

    /// `json:"-"`: the field never travels.
    pub fn skipped(&self) -> bool {
        self.tags.get("json").is_some_and(|t| t == "-")
    }

    /// The comment marks the field `REQUIRED`.
    pub fn required(&self) -> bool {
        self.comment.first().is_some_and(|l| {
            let l = l.trim_start();
            l == "REQUIRED" || l.starts_with("REQUIRED;") || l.starts_with("REQUIRED ")
        })
    }

    /// The comment's text without the `REQUIRED` marker, lines joined with `\n` (empty when there
    /// is no comment).
    pub fn description(&self) -> String {
        let mut lines: Vec<String> = self.comment.clone();
        if self.required() {
            let first = lines[0].trim_start();
            let rest = first
                .strip_prefix("REQUIRED")
                .unwrap_or(first)
                .trim_start_matches(';')
                .trim_start()
                .to_string();
            if rest.is_empty() {
                lines.remove(0);
            } else {
                lines[0] = rest;
            }
        }
        join_comment(&lines)
    }
}

/// Joins comment lines, trimming trailing spaces and leading or trailing empty lines.
fn join_comment(lines: &[String]) -> String {
    let lines: Vec<&str> = lines.iter().map(|l| l.trim_end()).collect();
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |e| e + 1);
    lines[start..end].join("\n")
}

/// A struct declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoStruct {
    /// The type name.
    pub name: String,
    /// 1-based line of the declaration.
    pub line: usize,
    /// The `//` comment lines directly above the declaration.
    pub doc: Vec<String>,
    /// The named fields, in source order.
    pub fields: Vec<GoField>,
    /// Embedded fields, as written (`*XQuery`).
    pub embedded: Vec<GoType>,
}

impl GoStruct {
    /// The declaration's comment without a leading `<Name> - ` (the vendor's generator writes
    /// `// XResResult - 描述`), lines joined with `\n`.
    pub fn description(&self) -> String {
        let mut lines = self.doc.clone();
        if let Some(first) = lines.first_mut() {
            let prefix = format!("{} -", self.name);
            if let Some(rest) = first.strip_prefix(&prefix) {
                *first = rest.trim_start().to_string();
            }
        }
        join_comment(&lines)
    }

    /// The field with this Go name.
    pub fn field(&self, name: &str) -> Option<&GoField> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A parsed `model.go`.
#[derive(Debug, Clone, Default)]
pub struct GoModel {
    /// The file name as given.
    pub file: String,
    /// Struct declarations by name.
    pub structs: BTreeMap<String, GoStruct>,
    /// Other type declarations (`type X Y`, `type X = Y`): name → (type, line).
    pub others: BTreeMap<String, (GoType, usize)>,
}

/// One action of `config.go`'s `ApiListInfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiInfo {
    /// The action (the map key).
    pub action: String,
    /// `GET` or `POST`.
    pub method: String,
    /// The `Version` query value.
    pub version: String,
    /// 1-based line of the entry.
    pub line: usize,
}

/// One region of `config.go`'s `ServiceInfoMap`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceInfo {
    /// The map key (the region the SDK user names).
    pub region: String,
    /// The API host.
    pub host: String,
    /// The region written into the signature (`Credentials.Region`).
    pub signing_region: String,
    /// 1-based line of the entry.
    pub line: usize,
}

/// A parsed `config.go`.
#[derive(Debug, Clone, Default)]
pub struct GoConfig {
    /// The file name as given.
    pub file: String,
    /// `ApiListInfo`, in source order.
    pub apis: Vec<ApiInfo>,
    /// `ServiceInfoMap`, in source order.
    pub services: Vec<ServiceInfo>,
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// An interpreted (`"..."`) or raw (`` `...` ``) string, or a rune, with its value.
    Str(String, bool),
    Num(String),
    Punct(char),
    Comment(String),
    Newline,
    Eof,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
}

fn tokenize(file: &str, text: &str) -> Result<Vec<Token>, GoError> {
    let err = |line: usize, message: String| GoError {
        file: file.to_string(),
        line,
        message,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                out.push(Token {
                    tok: Tok::Newline,
                    line,
                });
                line += 1;
                i += 1;
            }
            ' ' | '\t' | '\r' | '\u{feff}' => i += 1,
            '/' if chars.get(i + 1) == Some(&'/') => {
                let start = i + 2;
                let mut end = start;
                while end < chars.len() && chars[end] != '\n' {
                    end += 1;
                }
                let body: String = chars[start..end].iter().collect();
                let body = body.strip_prefix(' ').unwrap_or(&body).to_string();
                out.push(Token {
                    tok: Tok::Comment(body),
                    line,
                });
                i = end;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                let open = line;
                i += 2;
                loop {
                    if i + 1 >= chars.len() {
                        return Err(err(open, "unterminated /* comment".into()));
                    }
                    if chars[i] == '*' && chars[i + 1] == '/' {
                        i += 2;
                        break;
                    }
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
            '"' | '\'' => {
                let open = line;
                let quote = c;
                let mut s = String::new();
                i += 1;
                loop {
                    let Some(&d) = chars.get(i) else {
                        return Err(err(open, "unterminated string".into()));
                    };
                    if d == '\n' {
                        return Err(err(open, "unterminated string".into()));
                    }
                    i += 1;
                    if d == quote {
                        break;
                    }
                    if d == '\\' {
                        let Some(&e) = chars.get(i) else {
                            return Err(err(open, "unterminated string".into()));
                        };
                        i += 1;
                        s.push(match e {
                            'n' => '\n',
                            't' => '\t',
                            'r' => '\r',
                            other => other,
                        });
                    } else {
                        s.push(d);
                    }
                }
                out.push(Token {
                    tok: Tok::Str(s, false),
                    line: open,
                });
            }
            '`' => {
                let open = line;
                let mut s = String::new();
                i += 1;
                loop {
                    let Some(&d) = chars.get(i) else {
                        return Err(err(open, "unterminated raw string".into()));
                    };
                    i += 1;
                    if d == '`' {
                        break;
                    }
                    if d == '\n' {
                        line += 1;
                    }
                    s.push(d);
                }
                out.push(Token {
                    tok: Tok::Str(s, true),
                    line: open,
                });
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push(Token {
                    tok: Tok::Ident(chars[start..i].iter().collect()),
                    line,
                });
            }
            c if c.is_ascii_digit() => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                    i += 1;
                }
                out.push(Token {
                    tok: Tok::Num(chars[start..i].iter().collect()),
                    line,
                });
            }
            c => {
                out.push(Token {
                    tok: Tok::Punct(c),
                    line,
                });
                i += 1;
            }
        }
    }
    out.push(Token {
        tok: Tok::Eof,
        line,
    });
    Ok(out)
}

struct Parser<'a> {
    file: &'a str,
    toks: Vec<Token>,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    fn peek_at(&self, n: usize) -> &Tok {
        let i = (self.pos + n).min(self.toks.len() - 1);
        &self.toks[i].tok
    }

    fn line(&self) -> usize {
        self.toks[self.pos].line
    }

    fn bump(&mut self) -> Token {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn err(&self, message: impl Into<String>) -> GoError {
        GoError {
            file: self.file.to_string(),
            line: self.line(),
            message: message.into(),
        }
    }

    fn is_punct(&self, c: char) -> bool {
        *self.peek() == Tok::Punct(c)
    }

    fn expect_punct(&mut self, c: char) -> Result<(), GoError> {
        if self.is_punct(c) {
            self.bump();
            Ok(())
        } else {
            Err(self.err(format!("expected `{c}`, found {}", describe(self.peek()))))
        }
    }

    fn ident(&mut self) -> Result<String, GoError> {
        match self.peek().clone() {
            Tok::Ident(s) => {
                self.bump();
                Ok(s)
            }
            other => Err(self.err(format!("expected a name, found {}", describe(&other)))),
        }
    }

    fn skip_newlines(&mut self) {
        while matches!(self.peek(), Tok::Newline | Tok::Comment(_)) {
            self.bump();
        }
    }

    /// Skips tokens up to the end of the line at bracket depth 0 (the newline stays).
    fn skip_statement(&mut self) -> Result<(), GoError> {
        let mut depth = 0usize;
        let start = self.line();
        loop {
            match self.peek() {
                Tok::Eof if depth > 0 => {
                    return Err(GoError {
                        file: self.file.to_string(),
                        line: start,
                        message: "unclosed bracket".into(),
                    })
                }
                Tok::Eof => return Ok(()),
                Tok::Newline if depth == 0 => return Ok(()),
                Tok::Punct('(' | '{' | '[') => depth += 1,
                Tok::Punct(')' | '}' | ']') => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.bump();
        }
    }

    /// A type expression.
    fn ty(&mut self) -> Result<GoType, GoError> {
        match self.peek().clone() {
            Tok::Punct('*') => {
                self.bump();
                Ok(GoType::Pointer(Box::new(self.ty()?)))
            }
            Tok::Punct('[') => {
                self.bump();
                if self.is_punct(']') {
                    self.bump();
                    return Ok(GoType::Slice(Box::new(self.ty()?)));
                }
                let n = match self.peek().clone() {
                    Tok::Num(n) | Tok::Ident(n) => n,
                    other => {
                        return Err(self.err(format!(
                            "expected an array length, found {}",
                            describe(&other)
                        )))
                    }
                };
                self.bump();
                self.expect_punct(']')?;
                Ok(GoType::Array(n, Box::new(self.ty()?)))
            }
            Tok::Ident(name) => {
                self.bump();
                match name.as_str() {
                    "map" => {
                        self.expect_punct('[')?;
                        let k = self.ty()?;
                        self.expect_punct(']')?;
                        let v = self.ty()?;
                        Ok(GoType::Map(Box::new(k), Box::new(v)))
                    }
                    "interface" => {
                        self.expect_punct('{')?;
                        if !self.is_punct('}') {
                            return Err(
                                self.err("only the empty interface `interface{}` is supported")
                            );
                        }
                        self.bump();
                        Ok(GoType::Interface)
                    }
                    "any" => Ok(GoType::Interface),
                    "struct" => Err(self.err("anonymous struct types are not supported")),
                    "func" | "chan" => Err(self.err(format!("`{name}` types are not supported"))),
                    _ => {
                        if self.is_punct('.') {
                            self.bump();
                            let rest = self.ident()?;
                            Ok(GoType::Named(format!("{name}.{rest}")))
                        } else {
                            Ok(GoType::Named(name))
                        }
                    }
                }
            }
            other => Err(self.err(format!("expected a type, found {}", describe(&other)))),
        }
    }
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Ident(s) => format!("`{s}`"),
        Tok::Str(s, _) => format!("the string {s:?}"),
        Tok::Num(n) => format!("the number {n}"),
        Tok::Punct(c) => format!("`{c}`"),
        Tok::Comment(_) => "a comment".into(),
        Tok::Newline => "the end of the line".into(),
        Tok::Eof => "the end of the file".into(),
    }
}

/// A block of `//` comment lines on consecutive lines.
#[derive(Default)]
struct CommentBlock {
    lines: Vec<String>,
    last_line: usize,
}

impl CommentBlock {
    fn push(&mut self, text: String, line: usize) {
        if self.lines.is_empty() || self.last_line + 1 != line {
            self.lines.clear();
        }
        self.lines.push(text);
        self.last_line = line;
    }

    /// The block, if it ends on the line just above `line`.
    fn take_for(&mut self, line: usize) -> Vec<String> {
        let out = if !self.lines.is_empty() && self.last_line + 1 == line {
            std::mem::take(&mut self.lines)
        } else {
            Vec::new()
        };
        self.lines.clear();
        out
    }
}

/// Parses a struct tag (`json:"a,omitempty" query:"a"`).
fn parse_tag(tag: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = tag.trim();
    while !rest.is_empty() {
        let Some(colon) = rest.find(':') else { break };
        let key = rest[..colon].trim().to_string();
        let after = &rest[colon + 1..];
        let Some(after) = after.strip_prefix('"') else {
            break;
        };
        let mut value = String::new();
        let mut chars = after.char_indices();
        let mut end = after.len();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, e)) = chars.next() {
                        value.push(e);
                    }
                }
                '"' => {
                    end = i + 1;
                    break;
                }
                c => value.push(c),
            }
        }
        out.insert(key, value);
        rest = after[end.min(after.len())..].trim_start();
    }
    out
}

/// Parses a `model.go`. `file` names the file in errors.
pub fn parse_model(file: &str, text: &str) -> Result<GoModel, GoError> {
    let toks = tokenize(file, text)?;
    let mut p = Parser { file, toks, pos: 0 };
    let mut model = GoModel {
        file: file.to_string(),
        ..GoModel::default()
    };
    let mut comments = CommentBlock::default();
    loop {
        let line = p.line();
        match p.peek().clone() {
            Tok::Eof => break,
            Tok::Newline => {
                p.bump();
            }
            Tok::Comment(c) => {
                comments.push(c, line);
                p.bump();
            }
            Tok::Ident(kw) if kw == "type" => {
                let doc = comments.take_for(line);
                p.bump();
                if p.is_punct('(') {
                    p.bump();
                    let mut inner = CommentBlock::default();
                    loop {
                        let l = p.line();
                        match p.peek().clone() {
                            Tok::Newline | Tok::Punct(';') => {
                                p.bump();
                            }
                            Tok::Comment(c) => {
                                inner.push(c, l);
                                p.bump();
                            }
                            Tok::Punct(')') => {
                                p.bump();
                                break;
                            }
                            Tok::Eof => return Err(p.err("unclosed `type (`")),
                            _ => {
                                let d = inner.take_for(l);
                                type_spec(&mut p, &mut model, d)?;
                            }
                        }
                    }
                } else {
                    type_spec(&mut p, &mut model, doc)?;
                }
            }
            Tok::Ident(kw) if kw == "package" || kw == "import" => {
                comments.take_for(0);
                p.bump();
                p.skip_statement()?;
            }
            Tok::Ident(kw) if kw == "const" || kw == "var" || kw == "func" => {
                comments.take_for(0);
                p.bump();
                p.skip_statement()?;
            }
            other => {
                return Err(p.err(format!(
                    "unexpected {} at the top level (expected a `type` declaration)",
                    describe(&other)
                )))
            }
        }
    }
    Ok(model)
}

/// `Name struct {...}`, `Name T` or `Name = T`, after `type`.
fn type_spec(p: &mut Parser<'_>, model: &mut GoModel, doc: Vec<String>) -> Result<(), GoError> {
    let line = p.line();
    let name = p.ident()?;
    if model.structs.contains_key(&name) || model.others.contains_key(&name) {
        return Err(p.err(format!("type `{name}` is declared twice")));
    }
    if *p.peek() == Tok::Ident("struct".into()) {
        p.bump();
        let (fields, embedded) = struct_body(p)?;
        model.structs.insert(
            name.clone(),
            GoStruct {
                name,
                line,
                doc,
                fields,
                embedded,
            },
        );
    } else {
        if p.is_punct('=') {
            p.bump();
        }
        let ty = p.ty()?;
        model.others.insert(name, (ty, line));
    }
    Ok(())
}

fn struct_body(p: &mut Parser<'_>) -> Result<(Vec<GoField>, Vec<GoType>), GoError> {
    p.expect_punct('{')?;
    let mut fields = Vec::new();
    let mut embedded = Vec::new();
    let mut comments = CommentBlock::default();
    loop {
        let line = p.line();
        match p.peek().clone() {
            Tok::Newline | Tok::Punct(';') => {
                p.bump();
            }
            Tok::Comment(c) => {
                comments.push(c, line);
                p.bump();
            }
            Tok::Punct('}') => {
                p.bump();
                return Ok((fields, embedded));
            }
            Tok::Eof => return Err(p.err("unclosed struct")),
            Tok::Punct('*') => {
                comments.take_for(0);
                embedded.push(p.ty()?);
                end_of_field(p)?;
            }
            Tok::Ident(name) => {
                let comment = comments.take_for(line);
                let embedded_here = matches!(
                    p.peek_at(1),
                    Tok::Newline
                        | Tok::Punct('}' | '.' | ';')
                        | Tok::Str(_, true)
                        | Tok::Comment(_)
                );
                if embedded_here {
                    embedded.push(p.ty()?);
                    end_of_field(p)?;
                    continue;
                }
                p.bump();
                if p.is_punct(',') {
                    return Err(p.err(format!(
                        "several names in one field declaration (`{name}, ...`) are not supported"
                    )));
                }
                let ty = p.ty()?;
                let tags = match p.peek().clone() {
                    Tok::Str(s, _) => {
                        p.bump();
                        parse_tag(&s)
                    }
                    _ => BTreeMap::new(),
                };
                end_of_field(p)?;
                fields.push(GoField {
                    name,
                    ty,
                    tags,
                    comment,
                    line,
                });
            }
            other => {
                return Err(p.err(format!(
                    "unexpected {} in a struct (expected a field)",
                    describe(&other)
                )))
            }
        }
    }
}

/// After a field: an optional tag was read; a trailing comment, then the end of the line or `}`.
fn end_of_field(p: &mut Parser<'_>) -> Result<(), GoError> {
    if matches!(p.peek(), Tok::Str(_, _)) {
        p.bump();
    }
    if matches!(p.peek(), Tok::Comment(_)) {
        p.bump();
    }
    match p.peek() {
        Tok::Newline | Tok::Punct('}' | ';') | Tok::Eof => Ok(()),
        other => Err(p.err(format!(
            "unexpected {} after a field",
            describe(&other.clone())
        ))),
    }
}

// ---------------------------------------------------------------------------------------------
// config.go

/// A value in a composite literal.
#[derive(Debug, Clone)]
enum Lit {
    Composite {
        elems: Vec<(Option<Lit>, Lit)>,
        line: usize,
    },
    Str(String, usize),
    Ident(String, usize),
    Other(usize),
}

impl Lit {
    fn line(&self) -> usize {
        match self {
            Lit::Composite { line, .. }
            | Lit::Str(_, line)
            | Lit::Ident(_, line)
            | Lit::Other(line) => *line,
        }
    }

    /// The value of the element with this key (a name or a string).
    fn get(&self, key: &str) -> Option<&Lit> {
        let Lit::Composite { elems, .. } = self else {
            return None;
        };
        elems.iter().find_map(|(k, v)| match k {
            Some(Lit::Ident(n, _)) | Some(Lit::Str(n, _)) if n == key => Some(v),
            _ => None,
        })
    }

    fn string(&self) -> Option<&str> {
        match self {
            Lit::Str(s, _) => Some(s),
            _ => None,
        }
    }

    /// The first string of `[]string{"x"}`.
    fn first_string(&self) -> Option<&str> {
        match self {
            Lit::Composite { elems, .. } => elems.first().and_then(|(_, v)| v.string()),
            Lit::Str(s, _) => Some(s),
            _ => None,
        }
    }
}

impl Parser<'_> {
    fn value(&mut self) -> Result<Lit, GoError> {
        self.skip_newlines();
        let line = self.line();
        match self.peek().clone() {
            Tok::Str(s, _) => {
                self.bump();
                Ok(Lit::Str(s, line))
            }
            Tok::Punct('{') => self.composite(line),
            Tok::Punct('&') => {
                self.bump();
                self.value()
            }
            Tok::Punct('[' | '*') => {
                self.ty()?;
                self.composite(line)
            }
            Tok::Ident(name) if name == "map" => {
                self.ty()?;
                self.composite(line)
            }
            Tok::Ident(_) => {
                let mut path = self.ident()?;
                while self.is_punct('.') {
                    self.bump();
                    path.push('.');
                    path.push_str(&self.ident()?);
                }
                if self.is_punct('{') {
                    self.composite(line)
                } else if matches!(self.peek(), Tok::Punct(',' | '}' | ':') | Tok::Newline) {
                    Ok(Lit::Ident(path, line))
                } else {
                    self.skip_expression();
                    Ok(Lit::Other(line))
                }
            }
            Tok::Num(_) => {
                self.skip_expression();
                Ok(Lit::Other(line))
            }
            other => Err(self.err(format!("expected a value, found {}", describe(&other)))),
        }
    }

    /// Skips an expression up to `,` or `}` at depth 0.
    fn skip_expression(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                Tok::Eof => return,
                Tok::Punct(',' | '}') | Tok::Newline if depth == 0 => return,
                Tok::Punct('(' | '{' | '[') => depth += 1,
                Tok::Punct(')' | '}' | ']') => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.bump();
        }
    }

    fn composite(&mut self, line: usize) -> Result<Lit, GoError> {
        self.expect_punct('{')?;
        let mut elems = Vec::new();
        loop {
            self.skip_newlines();
            if self.is_punct('}') {
                self.bump();
                return Ok(Lit::Composite { elems, line });
            }
            let first = self.value()?;
            let elem = if self.is_punct(':') {
                self.bump();
                (Some(first), self.value()?)
            } else {
                (None, first)
            };
            elems.push(elem);
            self.skip_newlines();
            if self.is_punct(',') {
                self.bump();
            } else if !self.is_punct('}') {
                return Err(self.err(format!(
                    "expected `,` or `}}` in a composite literal, found {}",
                    describe(self.peek())
                )));
            }
        }
    }
}

/// Parses a `config.go`: `ApiListInfo` and `ServiceInfoMap`. `file` names the file in errors.
pub fn parse_config(file: &str, text: &str) -> Result<GoConfig, GoError> {
    let toks = tokenize(file, text)?;
    let mut p = Parser { file, toks, pos: 0 };
    let mut config = GoConfig {
        file: file.to_string(),
        ..GoConfig::default()
    };
    let err = |line: usize, message: String| GoError {
        file: file.to_string(),
        line,
        message,
    };
    let mut found_api = false;
    while *p.peek() != Tok::Eof {
        let is_target = matches!(p.peek(), Tok::Ident(n) if n == "ApiListInfo" || n == "ServiceInfoMap")
            && *p.peek_at(1) == Tok::Punct('=');
        if !is_target {
            p.bump();
            continue;
        }
        let Tok::Ident(name) = p.bump().tok else {
            unreachable!("checked above")
        };
        p.bump(); // `=`
        let lit = p.value()?;
        let Lit::Composite { elems, .. } = &lit else {
            return Err(err(
                lit.line(),
                format!("`{name}` is not a composite literal"),
            ));
        };
        for (key, value) in elems {
            let Some(Lit::Str(key, _)) = key else {
                return Err(err(
                    value.line(),
                    format!("an entry of `{name}` without a string key"),
                ));
            };
            let line = value.line();
            if name == "ApiListInfo" {
                found_api = true;
                let method = match value.get("Method") {
                    Some(Lit::Ident(m, _)) => match m.as_str() {
                        "http.MethodGet" => "GET",
                        "http.MethodPost" => "POST",
                        other => {
                            return Err(err(line, format!("{key}: unsupported method `{other}`")))
                        }
                    },
                    Some(Lit::Str(m, _)) if m == "GET" || m == "POST" => m.as_str(),
                    _ => {
                        return Err(err(
                            line,
                            format!("{key}: no `Method: http.MethodGet/Post`"),
                        ))
                    }
                }
                .to_string();
                let query = value.get("Query");
                let version = query
                    .and_then(|q| q.get("Version"))
                    .and_then(Lit::first_string)
                    .ok_or_else(|| err(line, format!("{key}: no `Query` `Version`")))?
                    .to_string();
                if let Some(a) = query
                    .and_then(|q| q.get("Action"))
                    .and_then(Lit::first_string)
                {
                    if a != key {
                        return Err(err(
                            line,
                            format!("{key}: its Query names another action, `{a}`"),
                        ));
                    }
                }
                if config.apis.iter().any(|x| &x.action == key) {
                    return Err(err(line, format!("action `{key}` is listed twice")));
                }
                config.apis.push(ApiInfo {
                    action: key.clone(),
                    method,
                    version,
                    line,
                });
            } else {
                let host = value
                    .get("Host")
                    .and_then(Lit::string)
                    .ok_or_else(|| err(line, format!("{key}: no `Host`")))?
                    .to_string();
                let signing_region = value
                    .get("Credentials")
                    .and_then(|c| c.get("Region"))
                    .and_then(Lit::string)
                    .unwrap_or(key)
                    .to_string();
                config.services.push(ServiceInfo {
                    region: key.clone(),
                    host,
                    signing_region,
                    line,
                });
            }
        }
    }
    if !found_api {
        return Err(err(
            1,
            "no `ApiListInfo = map[...]...{...}` in the file".into(),
        ));
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"package x

// KickBody - 说明
// 第二行
type KickBody struct {

	// REQUIRED; 应用 ID
	AppID string `json:"AppId"`

	// 房间
	// 第二行
	RoomID *string `json:"RoomId,omitempty"`
	Tags   []*string         `json:"Tags,omitempty"`
	Ext    map[string]string `json:"Ext,omitempty"` // trailing
	Any    interface{}       `json:"Any,omitempty"`
	List   []*KickBodyListItem `json:"List,omitempty"`
}

type KickBodyListItem struct {
	// REQUIRED
	N int32 `json:"n"`
}
type Kick struct{}
type KickReq struct {
	*KickQuery
	*KickBody
}
type (
	A struct{}
	B struct{}
)
"#;

    #[test]
    fn parses_structs_fields_comments_and_tags() {
        let m = parse_model("model.go", MODEL).unwrap();
        let s = &m.structs["KickBody"];
        assert_eq!(s.line, 5);
        assert_eq!(s.description(), "说明\n第二行");
        assert_eq!(s.fields.len(), 6);
        let app = &s.fields[0];
        assert_eq!((app.name.as_str(), app.wire_name()), ("AppID", "AppId"));
        assert!(app.required());
        assert_eq!(app.description(), "应用 ID");
        assert_eq!(app.line, 8);
        let room = &s.fields[1];
        assert!(!room.required());
        assert_eq!(room.description(), "房间\n第二行");
        assert_eq!(room.ty.to_string(), "*string");
        let tags = &s.fields[2];
        assert_eq!(
            tags.description(),
            "",
            "a field after a field has no comment"
        );
        assert_eq!(tags.ty.to_string(), "[]*string");
        assert_eq!(s.fields[3].ty.to_string(), "map[string]string");
        assert_eq!(s.fields[4].ty, GoType::Interface);
        assert_eq!(s.fields[5].ty.to_string(), "[]*KickBodyListItem");
        let item = &m.structs["KickBodyListItem"];
        assert!(item.fields[0].required());
        assert_eq!(item.fields[0].description(), "");
        assert_eq!(item.fields[0].wire_name(), "n");
        assert!(m.structs["Kick"].fields.is_empty());
        assert_eq!(m.structs["KickReq"].embedded.len(), 2);
        assert!(m.structs.contains_key("A") && m.structs.contains_key("B"));
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = parse_model(
            "m.go",
            "package x\n\ntype X struct {\n\tA struct{ B int }\n}\n",
        )
        .unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("m.go", 4), "{e}");
        assert!(e.to_string().starts_with("m.go:4: anonymous struct"), "{e}");
        let e = parse_model("m.go", "package x\ntype X struct {\n\tA string\n").unwrap_err();
        assert!(e.message.contains("unclosed struct"), "{e}");
        let e = parse_config("c.go", "package x\nvar x = 1\n").unwrap_err();
        assert!(e.message.contains("ApiListInfo"), "{e}");
    }

    #[test]
    fn parses_config() {
        let text = r#"package x
var (
	ServiceInfoMap = map[string]common.ServiceInfo{
		"cn-north-1": {
			Timeout: DefaultTimeout,
			Host:    "rtc.volcengineapi.com",
			Header: http.Header{
				"Accept": []string{"application/json"},
			},
			Credentials: common.Credentials{
				Region:  "cn-north-1",
				Service: ServiceName,
			},
		},
	}
	ApiListInfo = map[string]*common.ApiInfo{

		"Kick": {
			Method: http.MethodGet,
			Path:   "/",
			Query: url.Values{
				"Action":  []string{"Kick"},
				"Version": []string{"2023-11-01"},
			},
		},
	}
)
const DefaultTimeout = 10 * time.Second
"#;
        let c = parse_config("config.go", text).unwrap();
        assert_eq!(
            c.apis,
            vec![ApiInfo {
                action: "Kick".into(),
                method: "GET".into(),
                version: "2023-11-01".into(),
                line: 18
            }]
        );
        assert_eq!(c.services[0].host, "rtc.volcengineapi.com");
        assert_eq!(c.services[0].signing_region, "cn-north-1");
    }
}
