//! Finding articles: files and folders named on the command line, the
//! default `content/` folder, or the article built into the binary.

use std::path::{Path, PathBuf};

use crate::article::{Article, ArticleError};

/// The article shown when there is no `content/` folder, so a bare install
/// still opens something real.
pub const EMBEDDED_NAME: &str = "2024-03-24-kyiv-lviv-strikes.txt";
pub const EMBEDDED_TEXT: &str = include_str!("../content/2024-03-24-kyiv-lviv-strikes.txt");

pub fn embedded() -> Result<Article, ArticleError> {
    Article::parse(EMBEDDED_NAME, EMBEDDED_TEXT.as_bytes())
}

/// Expands each path: a file stays itself, a folder gives its `.txt` files
/// (not recursing, so a symlink loop cannot trap us), sorted by name.
pub fn discover(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| is_article_file(f))
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn is_article_file(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "txt") && p.is_file()
}
