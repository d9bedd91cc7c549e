//! Markdown to HTML at build time. Raw HTML, images and top-level headings are refused, so every tag in the
//! output comes from the renderer and text is always escaped: the app can insert it without a sanitiser.

use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// The text as read, one block per line, for the reading grade and the search index.
    pub text: String,
    pub links: Vec<String>,
    pub problems: Vec<String>,
}

pub fn render(markdown: &str) -> Rendered {
    let mut out = Rendered::default();
    let mut events = Vec::new();
    for event in Parser::new_ext(markdown, Options::empty()) {
        match &event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                out.problems
                    .push(format!("raw HTML is not allowed: {}", raw.trim()));
                continue;
            }
            Event::Start(Tag::Image { .. }) => out.problems.push("images are not allowed".into()),
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => out
                .problems
                .push("use ## headings: the title is the page's only # heading".into()),
            Event::Start(Tag::Link { dest_url, .. }) => out.links.push(dest_url.to_string()),
            Event::Text(text) | Event::Code(text) => out.text.push_str(text),
            Event::SoftBreak | Event::HardBreak => out.text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.text.push('\n'),
            _ => {}
        }
        events.push(event);
    }
    html::push_html(&mut out.html, events.into_iter());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_collects_text_and_links() {
        let r = render("Hello *you*.\n\n## Why\n\n- one\n- [two](/learn/x)\n");
        assert!(r.problems.is_empty());
        assert!(r.html.contains("<h2>Why</h2>"));
        assert!(r.html.contains("<a href=\"/learn/x\">two</a>"));
        assert_eq!(r.text, "Hello you.\nWhy\none\ntwo\n");
        assert_eq!(r.links, ["/learn/x"]);
    }

    #[test]
    fn refuses_raw_html_and_never_emits_it() {
        let r = render("Hi <script>alert(1)</script> there.\n\n<div onclick=\"x()\">block</div>\n");
        assert_eq!(r.problems.len(), 3, "{:?}", r.problems);
        assert!(!r.html.contains("<script"));
        assert!(!r.html.contains("<div"));
    }

    #[test]
    fn escapes_markup_written_as_text() {
        let r = render("Type `<img src=x onerror=alert(1)>` or 1 < 2 & 3 > 2.\n");
        assert!(r.problems.is_empty());
        assert!(r.html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(r.html.contains("1 &lt; 2 &amp; 3 &gt; 2"));
    }

    #[test]
    fn refuses_images_and_top_level_headings() {
        let r = render("# Title\n\n![x](y.png)\n");
        assert_eq!(r.problems.len(), 2);
    }
}
