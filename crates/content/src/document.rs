//! One content file: its front matter and Markdown body.

use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub id: String,
    pub title: String,
    pub conditions: Vec<String>,
    pub kind: String,
    #[serde(default)]
    pub reading_minutes: Option<u32>,
    pub reviewed: String,
    pub summary: String,
    #[serde(default)]
    pub sources: Vec<Source>,
    /// A story that touches low mood gets the urgent-help box.
    #[serde(default)]
    pub low_mood: bool,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: String,
}

#[derive(Clone, Debug)]
pub struct Document {
    pub path: PathBuf,
    pub lang: String,
    pub front: FrontMatter,
    pub body: String,
}

impl Document {
    pub fn is_story(&self) -> bool {
        self.front.kind == "story"
    }

    /// The bundle it belongs to: its first condition, or "cross-cutting".
    pub fn group(&self) -> &str {
        self.front
            .conditions
            .first()
            .map_or("cross-cutting", String::as_str)
    }

    /// Depression content and stories that touch low mood show where to get urgent help.
    pub fn urgent_help(&self) -> bool {
        self.front.low_mood || self.front.conditions.iter().any(|c| c == "depression")
    }
}

/// Splits `+++`-fenced TOML front matter from the body and parses it.
pub fn parse(path: &Path, lang: &str, text: &str) -> Result<Document, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\n")
        .ok_or("missing front matter: the file must start with a line of +++")?;
    let end = rest
        .find("\n+++\n")
        .ok_or("front matter is not closed by a line of +++")?;
    let front: FrontMatter =
        toml::from_str(&rest[..end]).map_err(|e| format!("front matter: {}", e.message()))?;
    Ok(Document {
        path: path.to_owned(),
        lang: lang.to_owned(),
        front,
        body: rest[end + 5..].to_owned(),
    })
}

/// Every `.md` file under `<root>/articles/<lang>/` and `<root>/stories/<lang>/`, in a stable order. A file that
/// cannot be read or parsed comes back as an error with its path.
pub fn load_all(root: &Path) -> Vec<Result<Document, (PathBuf, String)>> {
    let mut out = Vec::new();
    for section in ["articles", "stories"] {
        for lang in crate::LANGUAGES {
            let dir = root.join(section).join(lang);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut paths: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .collect();
            paths.sort();
            for path in paths {
                let parsed = std::fs::read_to_string(&path)
                    .map_err(|e| e.to_string())
                    .and_then(|text| parse(&path, lang, &text));
                out.push(parsed.map_err(|e| (path, e)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++\nid = \"a\"\ntitle = \"T\"\nconditions = []\nkind = \"cross-cutting\"\nreviewed = \"2026-11-22\"\nsummary = \"S\"\n[[sources]]\ntitle = \"X\"\nurl = \"https://medlineplus.gov/x.html\"\n+++\nBody.\n";

    #[test]
    fn parses_front_matter_and_body() {
        let doc = parse(Path::new("a.md"), "en", GOOD).unwrap();
        assert_eq!(doc.front.id, "a");
        assert_eq!(doc.front.sources.len(), 1);
        assert_eq!(doc.body, "Body.\n");
        assert_eq!(doc.group(), "cross-cutting");
    }

    #[test]
    fn reports_missing_front_matter_and_fields() {
        assert!(parse(Path::new("a.md"), "en", "Body")
            .unwrap_err()
            .contains("missing front matter"));
        let no_title = GOOD.replace("title = \"T\"\n", "");
        assert!(parse(Path::new("a.md"), "en", &no_title)
            .unwrap_err()
            .contains("title"));
        let unknown = GOOD.replace("title = \"T\"\n", "title = \"T\"\nauthor = \"me\"\n");
        assert!(parse(Path::new("a.md"), "en", &unknown)
            .unwrap_err()
            .contains("author"));
    }
}
