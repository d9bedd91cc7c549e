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

/// The English and Spanish of `key` as `texts!` in src/i18n.rs declares them.
fn declared(i18n: &str, key: &str) -> Option<(String, String)> {
    let line = i18n
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{key} => ")))?;
    let quoted: Vec<&str> = line.split('"').collect();
    // `Key => "en", "es";` splits into [head, en, ", ", es, ";"].
    (quoted.len() == 5).then(|| (quoted[1].to_owned(), quoted[3].to_owned()))
}

/// The value of `name="…"` in a tag's attributes.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// Each text the static shell in index.html shows, as (key, English, Spanish): an element's text comes from
/// `data-t`/`data-es`, a label from `data-t-label`/`aria-label`/`data-es-label`.
fn shell_texts(html: &str) -> Vec<(String, String, String)> {
    let mut texts = Vec::new();
    for piece in html.split('<').skip(1) {
        let Some((tag, text)) = piece.split_once('>') else {
            continue;
        };
        if let (Some(key), Some(es)) = (attribute(tag, "data-t"), attribute(tag, "data-es")) {
            texts.push((key.to_owned(), text.to_owned(), es.to_owned()));
        }
        if let (Some(key), Some(en), Some(es)) = (
            attribute(tag, "data-t-label"),
            attribute(tag, "aria-label"),
            attribute(tag, "data-es-label"),
        ) {
            texts.push((key.to_owned(), en.to_owned(), es.to_owned()));
        }
    }
    texts
}

#[test]
fn the_static_shell_says_what_the_app_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let i18n = fs::read_to_string(root.join("src/i18n.rs")).unwrap();
    let html = fs::read_to_string(root.join("index.html")).unwrap();
    let texts = shell_texts(&html);
    assert!(texts.len() >= 10, "the shell's texts were not found: {texts:?}");
    for (key, en, es) in texts {
        assert_eq!(
            declared(&i18n, &key),
            Some((en, es)),
            "index.html's shell text `{key}` differs from src/i18n.rs"
        );
    }
}

#[test]
fn a_shell_text_that_drifts_is_found() {
    let i18n = "    Today => \"Today\", \"Hoy\";\n";
    let html = r#"<h1 data-t="Today" data-es="Hoy">Now</h1><nav aria-label="Main" data-t-label="Today" data-es-label="Hoy">"#;
    let texts = shell_texts(html);
    assert_eq!(texts[0], ("Today".into(), "Now".into(), "Hoy".into()));
    assert_ne!(
        declared(i18n, "Today"),
        Some((texts[0].1.clone(), texts[0].2.clone()))
    );
    assert_eq!(declared(i18n, "Today"), Some(("Today".into(), "Hoy".into())));
    assert_eq!(texts[1], ("Today".into(), "Main".into(), "Hoy".into()));
}
