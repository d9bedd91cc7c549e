//! The files the app fetches: per language, a catalog (every article and story with its title, summary and
//! group, plus the search index) and one bundle per condition (and one for cross-cutting articles) with the
//! rendered HTML. Spanish falls back to the English text for what is not translated yet, marked with its language.

use crate::check::{Entry, Library};
use crate::document::Source;
use crate::{CONDITIONS, LANGUAGES};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Serialize)]
struct CatalogItem<'a> {
    id: &'a str,
    kind: &'a str,
    title: &'a str,
    summary: &'a str,
    conditions: &'a [String],
    group: &'a str,
    minutes: u32,
    lang: &'a str,
}

#[derive(Serialize)]
struct Catalog<'a> {
    conditions: &'a [&'a str],
    items: Vec<CatalogItem<'a>>,
    /// Search term to the indexes of the items it appears in.
    terms: BTreeMap<String, Vec<usize>>,
}

#[derive(Serialize)]
struct BundleItem<'a> {
    id: &'a str,
    kind: &'a str,
    title: &'a str,
    html: &'a str,
    sources: &'a [Source],
    reviewed: &'a str,
    minutes: u32,
    lang: &'a str,
    urgent_help: bool,
}

/// The documents shown in `lang`: its own, and English for any id it lacks, in a stable order.
fn shown_in<'a>(library: &'a Library, lang: &str) -> Vec<&'a Entry> {
    let ids: BTreeSet<&str> = library.entries.iter().map(|e| e.doc.front.id.as_str()).collect();
    ids.into_iter()
        .filter_map(|id| library.find(lang, id).or_else(|| library.find("en", id)))
        .collect()
}

pub fn write(library: &Library, out: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    for lang in LANGUAGES {
        let entries = shown_in(library, lang);
        let mut terms: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (index, e) in entries.iter().enumerate() {
            let text = format!(
                "{} {} {}",
                e.doc.front.title, e.doc.front.summary, e.rendered.text
            );
            for term in tend_core::learn::search_terms(&text)
                .into_iter()
                .collect::<BTreeSet<_>>()
            {
                terms.entry(term).or_default().push(index);
            }
        }
        let catalog = Catalog {
            conditions: &CONDITIONS,
            items: entries.iter().map(|e| catalog_item(e)).collect(),
            terms,
        };
        write_json(&out.join(format!("catalog.{lang}.json")), &catalog)?;
        let groups: BTreeSet<&str> = entries.iter().map(|e| e.doc.group()).collect();
        for group in groups {
            let items: Vec<BundleItem> = entries
                .iter()
                .filter(|e| e.doc.group() == group)
                .map(|e| bundle_item(e))
                .collect();
            write_json(&out.join(format!("{group}.{lang}.json")), &items)?;
        }
    }
    Ok(())
}

fn catalog_item(e: &Entry) -> CatalogItem<'_> {
    let f = &e.doc.front;
    CatalogItem {
        id: &f.id,
        kind: &f.kind,
        title: &f.title,
        summary: &f.summary,
        conditions: &f.conditions,
        group: e.doc.group(),
        minutes: e.minutes(),
        lang: &e.doc.lang,
    }
}

fn bundle_item(e: &Entry) -> BundleItem<'_> {
    let f = &e.doc.front;
    BundleItem {
        id: &f.id,
        kind: &f.kind,
        title: &f.title,
        html: &e.rendered.html,
        sources: &f.sources,
        reviewed: &f.reviewed,
        minutes: e.minutes(),
        lang: &e.doc.lang,
        urgent_help: e.doc.urgent_help(),
    }
}

fn write_json(path: &Path, value: &impl Serialize) -> std::io::Result<()> {
    let json = serde_json::to_string(value).map_err(std::io::Error::other)?;
    std::fs::write(path, json)
}
