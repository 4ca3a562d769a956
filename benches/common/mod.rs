//! The benchmark corpora, shared by the benches.

use std::path::{Path, PathBuf};

/// The first `limit` `.txt` files of `dir`, sorted by name.
fn read_dir_texts(dir: &Path, limit: usize) -> Vec<String> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect(),
        Err(_) => return Vec::new(),
    };
    files.sort();
    files
        .iter()
        .take(limit)
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

/// The committed fixture articles, and up to `news_limit` articles of real news from
/// `WHOSAID_NEWS_DIR` (default `../shared/data/polnear/train/text`) when present, under the
/// name `news_name`.
pub fn corpora(news_name: &'static str, news_limit: usize) -> Vec<(&'static str, Vec<String>)> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
    let mut out = vec![("fixtures", read_dir_texts(&fixtures, usize::MAX))];
    let dir = std::env::var("WHOSAID_NEWS_DIR")
        .unwrap_or_else(|_| "../shared/data/polnear/train/text".to_string());
    let news = read_dir_texts(Path::new(&dir), news_limit);
    if news.is_empty() {
        eprintln!("news corpus not found at {dir} (set WHOSAID_NEWS_DIR); benching fixtures only");
    } else {
        eprintln!("news corpus: {} articles from {dir}", news.len());
        out.push((news_name, news));
    }
    out
}
