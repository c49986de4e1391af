//! `cargo xtask import-page FILE.md [--out FILE] [--family F]`: a Volcengine API page into a draft
//! action file (`importers::page` does the work; its documentation says how a page maps).
//!
//! The draft goes to stdout, or to `--out FILE` (a file that exists is replaced only when it is a
//! draft itself, so a finished action is never overwritten). Then stderr gets how many fields, types
//! and examples were read, and last the warnings (what could not be mapped or was guessed), each as
//! `PAGE:LINE: message`. The family is `--family` when given, else guessed (an existing
//! action file of that name, a digest's Family line, or the page's links to the IM OpenAPI's common
//! pages); when it cannot be guessed the command asks for `--family`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use importers::page::{import_page_in, Project};

const USAGE: &str = "usage: cargo xtask import-page FILE.md [--out FILE] [--family FAMILY]";

/// Runs the command with the arguments after `import-page`.
pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let mut page: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut family: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        match flag {
            "--out" | "--family" => {
                let Some(v) = inline.or_else(|| it.next().cloned()) else {
                    eprintln!("`{flag}` needs a value; {USAGE}");
                    return ExitCode::from(2);
                };
                if flag == "--out" {
                    out = Some(PathBuf::from(v));
                } else {
                    family = Some(v);
                }
            }
            f if f.starts_with('-') => {
                eprintln!("unknown option `{a}`; {USAGE}");
                return ExitCode::from(2);
            }
            _ if page.is_none() => page = Some(PathBuf::from(a)),
            _ => {
                eprintln!("one page at a time (`{a}`); {USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(page) = page else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if let Some(path) = &out {
        if let Ok(existing) = std::fs::read_to_string(path) {
            if !existing.lines().any(|l| l.trim() == "draft: true") {
                eprintln!(
                    "{} exists and is not a draft: not overwritten (remove it or choose another --out)",
                    path.display()
                );
                return ExitCode::FAILURE;
            }
        }
    }
    let text = match std::fs::read_to_string(&page) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {}: {e}", page.display());
            return ExitCode::FAILURE;
        }
    };
    let shown = page.display().to_string();
    let project = Project::read(&root.join("api-spec"));
    let draft = import_page_in(&text, &project, family, source_name(root, &page));
    let draft = match draft {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{shown}: {}", e.to_string().trim_start_matches("page: "));
            return ExitCode::FAILURE;
        }
    };
    if !project.families.is_empty() && !project.families.contains(&draft.spec.family) {
        eprintln!(
            "{shown}: family `{}` is not one of service.yaml's ({})",
            draft.spec.family,
            project.families.join(", ")
        );
        return ExitCode::FAILURE;
    }
    let yaml = match draft.to_yaml() {
        Ok(y) => y,
        Err(e) => {
            eprintln!("{shown}: the draft cannot be written: {e}");
            return ExitCode::FAILURE;
        }
    };
    let todo = yaml.matches(importers::page::TODO_EN).count()
        + yaml.matches(importers::page::TODO_ZH).count();
    match &out {
        None => print!("{yaml}"),
        Some(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                if let Err(e) = std::fs::create_dir_all(dir) {
                    eprintln!("cannot create {}: {e}", dir.display());
                    return ExitCode::FAILURE;
                }
            }
            if let Err(e) = std::fs::write(path, &yaml) {
                eprintln!("cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    let s = &draft.spec;
    eprintln!(
        "{}: draft of {} {} ({}): {}; {} texts to write (TODO)",
        out.as_ref()
            .map_or("stdout".into(), |p| p.display().to_string()),
        s.action,
        s.version,
        s.family,
        draft.counts(),
        todo,
    );
    // The warnings last, where a person reads them: each with its page line (`PAGE:LINE:`), also
    // written into the draft as `# TODO:` comments.
    if !draft.notes.is_empty() {
        eprintln!("{} warnings:", draft.notes.len());
    }
    for n in &draft.notes {
        if n.line == 0 {
            eprintln!("{shown}: {}", n.message);
        } else {
            eprintln!("{shown}:{}: {}", n.line, n.message);
        }
    }
    ExitCode::SUCCESS
}

/// The page's name for `source:`: relative to the project, else to its parent (`shared/...`, as
/// the finished files write it), else as given.
fn source_name(root: &Path, page: &Path) -> String {
    let abs = std::fs::canonicalize(page).unwrap_or_else(|_| page.to_path_buf());
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    for base in [Some(root.as_path()), root.parent()].into_iter().flatten() {
        if let Ok(rel) = abs.strip_prefix(base) {
            return rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
        }
    }
    page.display().to_string()
}
