//! The app's rule that every visible string goes through `src/i18n.rs`, where `texts!` makes a missing Spanish
//! string a build error. This test fails when code elsewhere in the app's `src/` chooses words by language itself,
//! or holds Spanish text, so a second, unchecked way of translating cannot come back. It lives here because the
//! app's own tests run in the browser, which cannot read the sources, and the core's tests already run natively in
//! the test command, with no extra build.

use std::fs;
use std::path::{Path, PathBuf};

/// What a branch on the language looks like.
const LANGUAGE_BRANCHES: [&str; 8] = [
    "Lang::En",
    "Lang::Es",
    "== Lang",
    "if es ",
    "let es ",
    "match lang",
    "match (lang",
    ".code() ==",
];

/// Letters and marks of Spanish text that English text does not use.
const SPANISH: [char; 9] = ['á', 'é', 'í', 'ó', 'ú', 'ñ', '¿', '¡', 'ª'];

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The lines outside `i18n.rs`, comments left out, that pick words by language or carry Spanish words.
fn offending_lines(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    sources(src, &mut files);
    files.sort();
    let mut offending = Vec::new();
    for file in files
        .iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "i18n.rs"))
    {
        let text = fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if LANGUAGE_BRANCHES.iter().any(|p| code.contains(p)) || code.contains(SPANISH) {
                let name = file.strip_prefix(src).unwrap().display();
                offending.push(format!("src/{name}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    offending
}

#[test]
fn words_are_chosen_by_language_only_in_i18n() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src");
    let offending = offending_lines(&src);
    assert!(
        offending.is_empty(),
        "these lines translate outside src/i18n.rs; give each text a key in `texts!` instead:\n{}",
        offending.join("\n")
    );
}

#[test]
fn the_scan_finds_a_branch_on_the_language() {
    let dir = std::env::temp_dir().join(format!("tend-translations-{}", std::process::id()));
    fs::create_dir_all(dir.join("pages")).unwrap();
    fs::write(dir.join("i18n.rs"), "let es = lang == Lang::Es;\n").unwrap();
    fs::write(
        dir.join("pages/page.rs"),
        "// \"Hoy\" in a comment is fine\nlet x = 1;\nlet word = if lang == Lang::Es { a } else { b };\nlet s = \"Mañana\";\n",
    )
    .unwrap();
    let offending = offending_lines(&dir);
    fs::remove_dir_all(&dir).unwrap();
    assert_eq!(offending.len(), 2, "{offending:?}");
    assert!(offending[0].starts_with("src/pages/page.rs:3:"));
    assert!(offending[1].starts_with("src/pages/page.rs:4:"));
}
