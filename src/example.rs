//! The example plan, given fresh ids and the chosen person, so it is ordinary data the person can edit or delete.

use crate::state::AppState;
use crate::storage::Change;
use std::collections::HashMap;
use tend_core::Id;

pub fn for_profile(state: &AppState, profile: Id) -> Change {
    let demo = tend_core::example::demo(state.today(), crate::clock::now());
    let mut new_ids: HashMap<Id, Id> = HashMap::new();
    let medications = demo
        .medications
        .into_iter()
        .map(|mut m| {
            let meta = state.meta(profile);
            new_ids.insert(m.meta.id, meta.id);
            m.meta = meta;
            m
        })
        .collect();
    let schedules = demo
        .schedules
        .into_iter()
        .map(|mut s| {
            s.meta = state.meta(profile);
            s.medication_id = new_ids[&s.medication_id];
            s
        })
        .collect();
    Change {
        medications,
        schedules,
        ..Change::default()
    }
}
