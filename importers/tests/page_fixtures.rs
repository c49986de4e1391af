//! Every page of `tests/fixtures/pages/` imports to the draft next to it: `X.md` to `X.draft.yaml`,
//! byte for byte (fields, required flags, types, examples, the texts in the page's language, and
//! the warnings with their lines). A new page layout is supported by adding a page and the draft
//! it must give; `UPDATE_PAGE_FIXTURES=1 cargo test -p importers --test page_fixtures` writes the
//! drafts of pages that have none yet, or rewrites all of them, for a person to review.
//!
//! The pages are imported as `cargo xtask import-page` does, with `service.yaml`'s editions, but
//! with no existing actions and shared types, so that the drafts do not change as the spec grows.
//! A page whose family cannot be told from it is imported with the family its draft names (as
//! `--family` would give it).

use std::path::{Path, PathBuf};

use codegen::spec::ActionSpec;
use importers::page::{import_page_in, Project, TODO_EN, TODO_ZH};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

const DIR: &str = "tests/fixtures/pages";

/// The pages: every `.md` of the directory but its README.
fn pages() -> Vec<PathBuf> {
    let dir = root().join(DIR);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    out.sort();
    out
}

fn draft_path(page: &Path) -> PathBuf {
    page.with_extension("draft.yaml")
}

/// The page's draft as YAML, with the run's counts as a last comment.
fn import(page: &Path, expected: Option<&str>) -> String {
    let text = std::fs::read_to_string(page).expect("page");
    let mut project = Project::read(&root().join("api-spec"));
    project.known_actions.clear();
    project.shared_types.clear();
    let name = page.file_name().expect("name").to_string_lossy();
    let source = format!("{DIR}/{name}");
    let draft = match import_page_in(&text, &project, None, source.clone()) {
        Ok(d) => d,
        Err(e) if e.message.contains("cannot tell the family") => {
            let family = expected
                .and_then(|t| t.lines().find_map(|l| l.strip_prefix("family: ")))
                .unwrap_or_else(|| panic!("{name}: {e}; its draft names no family"));
            import_page_in(&text, &project, Some(family.to_string()), source)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        }
        Err(e) => panic!("{name}: {e}"),
    };
    format!(
        "{}# Read: {}\n",
        draft.to_yaml().unwrap_or_else(|e| panic!("{e}")),
        draft.counts()
    )
}

#[test]
fn every_page_imports_to_its_draft() {
    let update = std::env::var_os("UPDATE_PAGE_FIXTURES").is_some();
    let pages = pages();
    assert!(pages.len() >= 5, "the seed and the written pages");
    let mut failures = Vec::new();
    for page in &pages {
        let path = draft_path(page);
        let expected = std::fs::read_to_string(&path).ok();
        let got = import(page, expected.as_deref());
        // Every draft reads back as an action file (the loader refuses it only for `draft: true`).
        if let Err(e) = serde_yaml::from_str::<ActionSpec>(&got) {
            failures.push(format!(
                "{}: the draft is no action file: {e}",
                path.display()
            ));
        }
        match expected {
            Some(e) if e == got => {}
            _ if update => std::fs::write(&path, &got).expect("write draft"),
            None => failures.push(format!(
                "{}: no draft; run with UPDATE_PAGE_FIXTURES=1 and review it",
                path.display()
            )),
            Some(e) => {
                let line = e
                    .lines()
                    .zip(got.lines())
                    .position(|(a, b)| a != b)
                    .map_or(e.lines().count().min(got.lines().count()), |i| i);
                failures.push(format!(
                    "{}: differs from line {}:\n  expected: {:?}\n  got:      {:?}",
                    path.display(),
                    line + 1,
                    e.lines().nth(line).unwrap_or(""),
                    got.lines().nth(line).unwrap_or("")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Descriptions go to the page's language; the other language is a marked TODO.
#[test]
fn texts_go_to_the_page_s_language() {
    for page in pages() {
        let expected = std::fs::read_to_string(draft_path(&page)).ok();
        let got = import(&page, expected.as_deref());
        let spec: ActionSpec = serde_yaml::from_str(&got).expect("draft");
        let english = page.to_string_lossy().contains("English")
            || page.to_string_lossy().contains("Byteplus");
        let (todo, text) = if english {
            (&spec.description.zh, &spec.description.en)
        } else {
            (&spec.description.en, &spec.description.zh)
        };
        assert_eq!(
            todo,
            if english { TODO_ZH } else { TODO_EN },
            "{}",
            page.display()
        );
        assert!(
            !text.is_empty() && !text.starts_with("TODO"),
            "{}",
            page.display()
        );
        for f in spec.request.iter().chain(&spec.result) {
            let other = if english {
                &f.description.zh
            } else {
                &f.description.en
            };
            assert!(other.starts_with("TODO:"), "{}: {}", page.display(), f.name);
        }
    }
}
