//! Go tokens, the token cursor the parsers share, comments above declarations and struct tags.

use std::collections::BTreeMap;

use super::{GoError, GoType};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
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
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) line: usize,
}

pub(crate) fn tokenize(file: &str, text: &str) -> Result<Vec<Token>, GoError> {
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

pub(crate) struct Parser<'a> {
    pub(crate) file: &'a str,
    pub(crate) toks: Vec<Token>,
    pub(crate) pos: usize,
}

impl Parser<'_> {
    pub(crate) fn peek(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    pub(crate) fn peek_at(&self, n: usize) -> &Tok {
        let i = (self.pos + n).min(self.toks.len() - 1);
        &self.toks[i].tok
    }

    pub(crate) fn line(&self) -> usize {
        self.toks[self.pos].line
    }

    pub(crate) fn bump(&mut self) -> Token {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    pub(crate) fn err(&self, message: impl Into<String>) -> GoError {
        GoError {
            file: self.file.to_string(),
            line: self.line(),
            message: message.into(),
        }
    }

    pub(crate) fn is_punct(&self, c: char) -> bool {
        *self.peek() == Tok::Punct(c)
    }

    pub(crate) fn expect_punct(&mut self, c: char) -> Result<(), GoError> {
        if self.is_punct(c) {
            self.bump();
            Ok(())
        } else {
            Err(self.err(format!("expected `{c}`, found {}", describe(self.peek()))))
        }
    }

    pub(crate) fn ident(&mut self) -> Result<String, GoError> {
        match self.peek().clone() {
            Tok::Ident(s) => {
                self.bump();
                Ok(s)
            }
            other => Err(self.err(format!("expected a name, found {}", describe(&other)))),
        }
    }

    pub(crate) fn skip_newlines(&mut self) {
        while matches!(self.peek(), Tok::Newline | Tok::Comment(_)) {
            self.bump();
        }
    }

    /// Skips tokens up to the end of the line at bracket depth 0 (the newline stays).
    pub(crate) fn skip_statement(&mut self) -> Result<(), GoError> {
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
    pub(crate) fn ty(&mut self) -> Result<GoType, GoError> {
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

pub(crate) fn describe(t: &Tok) -> String {
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
pub(crate) struct CommentBlock {
    pub(crate) lines: Vec<String>,
    pub(crate) last_line: usize,
}

impl CommentBlock {
    pub(crate) fn push(&mut self, text: String, line: usize) {
        if self.lines.is_empty() || self.last_line + 1 != line {
            self.lines.clear();
        }
        self.lines.push(text);
        self.last_line = line;
    }

    /// The block, if it ends on the line just above `line`.
    pub(crate) fn take_for(&mut self, line: usize) -> Vec<String> {
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
pub(crate) fn parse_tag(tag: &str) -> BTreeMap<String, String> {
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
