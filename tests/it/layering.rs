//! The crate's layers, checked by reading its source: a module may use
//! modules of its own layer or below, never above, and the layers below the
//! reader know nothing of a terminal crate. ARCHITECTURE.md draws the same
//! picture; a new top-level module must be given a layer here.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module of `src/` (a directory per layer) with its layer,
/// lowest first.
const LAYERS: &[(&str, u8)] = &[
    ("model", 0),
    ("attribution", 1),
    ("library", 2),
    ("reader", 3),
    ("term", 4),
    ("host", 5),
    ("cli", 6),
];

/// Layers that are the article model, the engine and the library: no UI.
const NO_TERMINAL_CRATES: &[&str] = &["model", "attribution", "library"];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("reads src/") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`None` for the crate
/// root and the binary).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).expect("under src/");
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs");
    (name != "lib" && name != "main").then(|| name.to_owned())
}

/// The file's code without its comments, so that a comment may name a
/// module or crate it does not use.
fn code(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// Every top-level module named after `crate::`, including each one of a
/// group such as `use crate::{a, b::c}`.
fn crate_imports(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
            continue; // `whosaid_crate::`, `$crate::`
        }
        let rest = code[at + "crate::".len()..].trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => {
                        found.insert(ident_at(group[start..i].trim_start()).to_owned());
                        start = i + 1;
                    }
                    _ => {}
                }
                if depth == 0 {
                    found.insert(ident_at(group[start..i].trim_start()).to_owned());
                    break;
                }
            }
        } else {
            found.insert(ident_at(rest).to_owned());
        }
    }
    found.remove("");
    found
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let Some(own) = layer(&module) else {
            wrong.push(format!(
                "{}: module `{module}` has no layer",
                file.display()
            ));
            continue;
        };
        let code = code(&fs::read_to_string(file).expect("reads"));
        for used in crate_imports(&code) {
            match layer(&used) {
                Some(l) if l > own => wrong.push(format!(
                    "{}: `{module}` (layer {own}) uses `crate::{used}` (layer {l})",
                    file.display()
                )),
                _ => {}
            }
        }
        if NO_TERMINAL_CRATES.contains(&module.as_str()) {
            for ui in ["ratatui", "crossterm", "terminput"] {
                if code.contains(ui) {
                    wrong.push(format!("{}: `{module}` uses {ui}", file.display()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "upward imports:\n{}", wrong.join("\n"));
}

/// The hosts and the command line use the reader through what `reader`
/// exports at its top (`App`, `Driver`, `Config`, `threads`...), never
/// its inner modules: a host supplies bytes, a size and a spawner, and
/// the reader's internals stay free to change.
#[test]
fn hosts_use_only_the_reader_s_top_level_api() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src.join("host"), &mut files);
    rust_files(&src.join("cli"), &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let code = code(&fs::read_to_string(file).expect("reads"));
        for (at, _) in code.match_indices("reader::") {
            if code[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                continue; // `ratatui::`
            }
            let rest = &code[at + "reader::".len()..];
            let name = ident_at(rest);
            let inner = rest[name.len()..].starts_with("::")
                && name.chars().next().is_some_and(|c| c.is_ascii_lowercase());
            if inner {
                wrong.push(format!("{}: reader::{name}::", file.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "reader internals used:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_import_reader_sees_groups_and_skips_comments() {
    let code = code(
        "use crate::{article::Article, cli::{self, X}};\n// crate::host::ssh\nlet x = crate::reader::App;",
    );
    let got: Vec<String> = crate_imports(&code).into_iter().collect();
    assert_eq!(got, ["article", "cli", "reader"]);
}
