//! Tend's education library at build time: reads `content/` (Markdown with TOML front matter), checks it against
//! the writing rules of the product brief, and writes the compact per-condition bundles and the search index the
//! app fetches lazily. Markdown is rendered to HTML here, with raw HTML refused, so the app needs no sanitiser.

pub mod bundle;
pub mod check;
pub mod document;
pub mod markdown;
pub mod readability;

pub use tend_core::learn::CONDITIONS;

/// The five articles every condition has.
pub const CONDITION_KINDS: [&str; 5] = [
    "what-it-is",
    "how-medicines-work",
    "why-adherence",
    "living-with",
    "when-to-call",
];

/// The articles for everyone, whatever their conditions.
pub const CROSS_CUTTING: [&str; 7] = [
    "remembering-doses",
    "side-effects",
    "cost-and-refills",
    "travelling-with-medicines",
    "talking-to-your-care-team",
    "after-a-missed-dose",
    "starting-a-new-medicine",
];

/// Languages: English is complete; Spanish falls back to English for what is not translated yet.
pub const LANGUAGES: [&str; 2] = ["en", "es"];
