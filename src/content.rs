//! The education library in the app: the catalog (titles, summaries, search index) and the per-condition
//! bundles built by `tend-content`, fetched when first needed and cached by the service worker for offline
//! reading; plus what the person keeps locally (articles read, stories that helped).

use crate::i18n::Lang;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(
    inline_js = "export function get_text(url) { return fetch(url).then((r) => r.ok ? r.text() : Promise.reject(new Error(`${r.status}`))); }"
)]
extern "C" {
    fn get_text(url: &str) -> js_sys::Promise;
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Catalog {
    pub conditions: Vec<String>,
    pub items: Vec<Item>,
    terms: HashMap<String, Vec<usize>>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Item {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub conditions: Vec<String>,
    pub group: String,
    pub minutes: u32,
    pub lang: String,
}

impl Item {
    pub fn is_story(&self) -> bool {
        self.kind == "story"
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Source {
    pub title: String,
    pub url: String,
}

/// An article or story with its rendered body (HTML made at build time from Markdown, raw HTML refused).
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Full {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub html: String,
    pub sources: Vec<Source>,
    pub reviewed: String,
    pub minutes: u32,
    pub lang: String,
    pub urgent_help: bool,
}

async fn fetch_json<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, String> {
    let text = wasm_bindgen_futures::JsFuture::from(get_text(url))
        .await
        .map_err(|e| format!("{e:?}"))?;
    tend_core::record::from_json(&text.as_string().unwrap_or_default()).map_err(|e| e.to_string())
}

pub async fn catalog(lang: Lang) -> Result<Catalog, String> {
    fetch_json(&format!("/content/catalog.{}.json", lang.code())).await
}

pub async fn full(lang: Lang, group: &str, id: &str) -> Result<Full, String> {
    let bundle: Vec<Full> = fetch_json(&format!("/content/{group}.{}.json", lang.code())).await?;
    bundle
        .into_iter()
        .find(|f| f.id == id)
        .ok_or_else(|| format!("{id} is not in {group}"))
}

impl Catalog {
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Items matching every word of the query (a word matches the terms it starts), in catalog order.
    pub fn search(&self, query: &str) -> Vec<&Item> {
        let mut found: Option<BTreeSet<usize>> = None;
        for word in tend_core::learn::search_terms(query) {
            let matches: BTreeSet<usize> = self
                .terms
                .iter()
                .filter(|(term, _)| term.starts_with(&word))
                .flat_map(|(_, items)| items.iter().copied())
                .collect();
            found = Some(match found {
                Some(previous) => previous.intersection(&matches).copied().collect(),
                None => matches,
            });
        }
        found
            .unwrap_or_default()
            .into_iter()
            .filter_map(|i| self.items.get(i))
            .collect()
    }
}

/// Ids kept in localStorage as one comma-separated list: articles read, stories that helped.
pub struct LocalSet(pub &'static str);

pub const READ: LocalSet = LocalSet("tend.read");
pub const HELPED: LocalSet = LocalSet("tend.helped");

impl LocalSet {
    pub fn get(&self) -> BTreeSet<String> {
        crate::prefs::stored(self.0)
            .map(|v| {
                v.split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn set(&self, id: &str, on: bool) {
        let mut all = self.get();
        if on {
            all.insert(id.to_owned());
        } else {
            all.remove(id);
        }
        let list = all.into_iter().collect::<Vec<_>>().join(",");
        crate::prefs::store(self.0, Some(&list));
    }
}
