//! The smoke run of the `page_import` fuzz target (`fuzz/fuzz_targets/page_import.rs`): every seed
//! of `fuzz/corpus/page_import/` and every page of `tests/fixtures/pages/`, plus deterministic
//! mutations of them (bit flips, Markdown tokens, splices, truncations), go through the target's
//! check: the importer never panics on any page. Long runs are cargo-fuzz's (`fuzz/README.md`).

mod fuzz_checks;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn files(dir: &Path, ext: &str) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| ext.is_empty() || p.extension().is_some_and(|x| x == ext))
        .map(|p| {
            let name = p.display().to_string();
            (name, std::fs::read(&p).expect("read"))
        })
        .collect();
    out.sort();
    out
}

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "\n| ",
    " |",
    "|\\\n",
    "\n| --- | --- |\n",
    "\n## ",
    "\n### ",
    "\n# ",
    "```\n",
    "```json\n",
    "Object of ",
    "Array of ",
    "JSON Map<String,",
    "Integer",
    "Long",
    "String",
    "Boolean",
    "\n- `0`：",
    "\n- `1`: ",
    "是",
    "否",
    "Yes",
    "No",
    "✓",
    "POST https://open.byteplusapi.com?Action=A&Version=2020-12-01\n",
    "GET https://rtc.volcengineapi.com?Action=B&Version=2023-11-01&X=1\n",
    "Action=",
    "&Version=",
    "请求参数",
    "返回参数",
    "Request parameters",
    "Response parameters",
    "Request example",
    "Response example",
    "Result returns \"ok\"",
    "{\"Result\": ",
    "[",
    "{",
    "}",
    "\"",
    "`",
    "\u{a0}",
    "<br>",
    "\r\n",
    "QPS 5",
    "---\n",
];

fn mutate(rng: &mut Rng, input: &[u8], seeds: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = v.len();
        match rng.below(6) {
            0 if len > 0 => {
                let i = rng.below(len);
                v[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(32));
                v.drain(i..i + n);
            }
            2 => {
                let other = &seeds[rng.below(seeds.len())].1;
                if !other.is_empty() {
                    let i = rng.below(other.len());
                    let n = 1 + rng.below((other.len() - i).min(200));
                    let at = rng.below(len + 1);
                    v.splice(at..at, other[i..i + n].iter().copied());
                }
            }
            3 => v.truncate(rng.below(len + 1)),
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())];
                let at = rng.below(len + 1);
                v.splice(at..at, t.bytes());
            }
        }
    }
    v
}

#[test]
fn the_page_importer_never_panics() {
    let mut seeds = files(&root().join("fuzz/corpus/page_import"), "");
    seeds.extend(files(&root().join("tests/fixtures/pages"), "md"));
    assert!(seeds.len() >= 10, "only {} seeds", seeds.len());
    let mut rng = Rng(0x5eed_0023);
    let mut runs = 0;
    for (name, data) in &seeds {
        let mutations = (150 * 2048 / data.len().max(1)).clamp(20, 150);
        let inputs = std::iter::once(data.clone())
            .chain((0..mutations).map(|_| mutate(&mut rng, data, &seeds)))
            .collect::<Vec<_>>();
        for (i, input) in inputs.iter().enumerate() {
            if catch_unwind(AssertUnwindSafe(|| fuzz_checks::page_import(input))).is_err() {
                let file = std::env::temp_dir()
                    .join(format!("fuzz-smoke-page_import-{}.md", std::process::id()));
                let _ = std::fs::write(&file, input);
                panic!(
                    "{name} mutation {i} failed (saved as {}; replay with `cargo fuzz run page_import <file>`)",
                    file.display()
                );
            }
            runs += 1;
        }
    }
    assert!(runs > 1000, "{runs} runs");
}
