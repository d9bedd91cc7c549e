pub mod common;
pub mod draft;
pub mod history;
pub mod medicines;
pub mod profiles;
pub mod settings;
pub mod today;
