//! Settings: language, dose rules, backup export and import, deleting a person's data, storage.

use crate::i18n::{plural, tr, use_lang, Lang, Message, Text, S, T};
use crate::nav::Link;
use crate::pages::extras::ReminderPermission;
use crate::pages::sync::{PushSettings, SyncSection};
use crate::route::Route;
use crate::state::use_state;
use crate::storage::{request_persistence, usage, Change};
use crate::zone_rules::IntlRules;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tend_core::backup::{export, import};
use tend_core::export::{dose_log_csv, fhir_bundle, measurements_csv, People};
use tend_core::medication::{DoseRules, MissedCutoff};
use wasm_bindgen::JsCast;

#[component]
pub fn Settings() -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="settings-heading">
            <h1 id="settings-heading">{tr(S::Settings)}</h1>
            <LanguageChoice/>
            <ReminderPermission/>
            <RulesForm/>
            <CalendarExport/>
            <ZoneInfo/>
            <SyncSection/>
            <PushSettings/>
            <DoctorExports/>
            <BackupSection/>
            <DeleteProfile/>
            <StorageInfo/>
        </section>
    }
}

#[component]
fn LanguageChoice() -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="field">
            <label for="language">{tr(S::Language)}</label>
            <select id="language" on:change=move |ev| lang.set(Lang::from_code(&event_target_value(&ev)))>
                {Lang::ALL.map(|option| view! {
                    <option value=option.code() selected=move || lang.get() == option>{option.name()}</option>
                })}
            </select>
        </div>
    }
}

/// The on-time window and the missed cut-off of the person shown (or the first person).
#[component]
fn RulesForm() -> impl IntoView {
    let state = use_state();
    let profile = move || {
        state
            .target_profile()
            .and_then(|id| state.data.with(|d| d.profile(id).cloned()))
    };
    let rules = move || profile().map(|p| p.rules).unwrap_or_default();
    let save_rules = move |update: &dyn Fn(&mut DoseRules)| {
        let Some(mut changed) = profile() else { return };
        update(&mut changed.rules);
        changed.meta.stamp = state.stamp();
        state.save(
            Change {
                profiles: vec![changed],
                ..Change::default()
            },
            Some(T::Saved),
        );
    };
    let quiet = move || profile().and_then(|p| p.quiet_hours);
    // Both times set: quiet hours on; either cleared: off.
    let save_quiet = move |start: Option<String>, end: Option<String>| {
        let Some(mut changed) = profile() else { return };
        let parse = |t: &str| chrono::NaiveTime::parse_from_str(t, "%H:%M").ok();
        // Setting one end fills the other with its last value, or a usual night (22:00 to 07:00).
        let old = changed.quiet_hours;
        let (start, end) = match (start, end) {
            (Some(t), _) => (
                parse(&t),
                old.map(|q| q.end).or(chrono::NaiveTime::from_hms_opt(7, 0, 0)),
            ),
            (None, Some(t)) => (
                old.map(|q| q.start).or(chrono::NaiveTime::from_hms_opt(22, 0, 0)),
                parse(&t),
            ),
            (None, None) => (None, None),
        };
        changed.quiet_hours = start
            .zip(end)
            .map(|(start, end)| tend_core::medication::QuietHours { start, end });
        changed.meta.stamp = state.stamp();
        state.save(
            Change {
                profiles: vec![changed],
                ..Change::default()
            },
            Some(T::Saved),
        );
    };
    let minutes_after = move || match rules().missed_cutoff {
        MissedCutoff::Window { minutes } => minutes,
        MissedCutoff::NextDose => 180,
    };
    view! {
        <section aria-labelledby="rules-heading">
            <h2 id="rules-heading">{move || profile().map(|p| p.name).unwrap_or_default()}</h2>
            <div class="field">
                <label for="on-time">{tr(S::OnTimeWindow)}</label>
                <input id="on-time" type="number" min="5" max="720" prop:value=move || rules().on_time_minutes.to_string()
                    on:change=move |ev| {
                        if let Ok(minutes) = event_target_value(&ev).parse::<u32>() {
                            save_rules(&|r| r.on_time_minutes = minutes.clamp(5, 720))
                        }
                    }/>
            </div>
            <fieldset>
                <legend>{tr(S::MissedAfter)}</legend>
                <label class="check" for="missed-next">
                    <input id="missed-next" type="radio" name="missed" prop:checked=move || rules().missed_cutoff == MissedCutoff::NextDose
                        on:change=move |_| save_rules(&|r| r.missed_cutoff = MissedCutoff::NextDose)/>
                    {tr(S::MissedAtNext)}
                </label>
                <label class="check" for="missed-window">
                    <input id="missed-window" type="radio" name="missed" prop:checked=move || rules().missed_cutoff != MissedCutoff::NextDose
                        on:change=move |_| { let minutes = minutes_after(); save_rules(&|r| r.missed_cutoff = MissedCutoff::Window { minutes }) }/>
                    {tr(S::MissedAfterMinutes)}
                </label>
                <Show when=move || rules().missed_cutoff != MissedCutoff::NextDose>
                    <div class="field">
                        <label for="missed-minutes">{tr(T::Minutes)}</label>
                        <input id="missed-minutes" type="number" min="15" prop:value=move || minutes_after().to_string()
                            on:change=move |ev| {
                                if let Ok(minutes) = event_target_value(&ev).parse::<u32>() {
                                    save_rules(&|r| r.missed_cutoff = MissedCutoff::Window { minutes: minutes.max(15) })
                                }
                            }/>
                    </div>
                </Show>
            </fieldset>
            <fieldset>
                <legend>{tr(S::QuietHours)}</legend>
                <p>{tr(S::QuietHoursHint)}</p>
                <div class="field">
                    <label for="quiet-start">{tr(S::QuietFrom)}</label>
                    <input id="quiet-start" type="time" prop:value=move || quiet().map(|q| q.start.format("%H:%M").to_string()).unwrap_or_default()
                        on:change=move |ev| save_quiet(Some(event_target_value(&ev)), None)/>
                </div>
                <div class="field">
                    <label for="quiet-end">{tr(S::QuietTo)}</label>
                    <input id="quiet-end" type="time" prop:value=move || quiet().map(|q| q.end.format("%H:%M").to_string()).unwrap_or_default()
                        on:change=move |ev| save_quiet(None, Some(event_target_value(&ev)))/>
                </div>
            </fieldset>
        </section>
    }
}

/// The calendar backstop: an .ics file of one medicine's or every medicine's timetable, with alarms.
#[component]
fn CalendarExport() -> impl IntoView {
    let state = use_state();
    let chosen = RwSignal::new(String::new());
    let medicines = move || {
        state.data.with(|d| {
            d.medications
                .iter()
                .filter(|m| !m.meta.deleted && state.shows(m.meta.profile_id))
                .map(|m| (m.meta.id, m.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let export_calendar = move |_| {
        let wanted: Vec<tend_core::Id> = match tend_core::Id::parse(&chosen.get_untracked()) {
            Ok(id) => vec![id],
            Err(_) => medicines().into_iter().map(|(id, _)| id).collect(),
        };
        let calendar = state.data.with_untracked(|d| {
            let zones = tend_core::dataset::ZoneContext::recorded(d, &state.zone());
            tend_core::ics::export(d, &zones, &IntlRules, &wanted, crate::clock::now())
        });
        match calendar {
            Ok(calendar) => download("tend-reminders.ics", &calendar.text, "text/calendar"),
            Err(e) => state.notice.set(Some(crate::state::Notice::Error(Message::fill(
                S::CalendarFailed,
                &[("problem", &e)],
            )))),
        }
    };
    view! {
        <section aria-labelledby="calendar-heading">
            <h2 id="calendar-heading">{tr(S::CalendarTitle)}</h2>
            <p>{tr(S::CalendarWhy)}</p>
            <p>{tr(S::CalendarAlarms)}</p>
            <div class="field">
                <label for="calendar-medicine">{tr(S::CalendarWhich)}</label>
                <select id="calendar-medicine" on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value="">{tr(S::AllMedicines)}</option>
                    {move || medicines().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
            </div>
            <button type="button" class="button" on:click=export_calendar>{tr(S::ExportCalendar)}</button>
        </section>
    }
}

#[component]
fn ZoneInfo() -> impl IntoView {
    let zone = crate::zone_rules::device_zone();
    view! {
        <section aria-labelledby="zone-heading">
            <h2 id="zone-heading">{tr(S::TimeZone)}</h2>
            <p>{tr(S::ZoneNow)} " " <strong>{zone}</strong>"."</p>
            <p>{tr(S::ZoneExplain)}</p>
        </section>
    }
}

/// "Backup saved: tend-backup-2026-11-10.json, 3 people, 412 dose records".
fn backup_saved(lang: Lang, name: &str, people: usize, doses: usize) -> String {
    let people = plural(people, S::PeopleOne, S::PeopleMany).fill(lang, &[("n", &people)]);
    let records = plural(doses, S::DoseRecordsOne, S::DoseRecordsMany).fill(lang, &[("n", &doses)]);
    S::BackupSaved.fill(
        lang,
        &[("file", &name), ("people", &people), ("records", &records)],
    )
}

/// Offers `text` as a file download.
fn download(name: &str, text: &str, mime: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(link) = document().create_element("a") {
        let link: web_sys::HtmlAnchorElement = link.unchecked_into();
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Files for a doctor or a clinic's system (docs/formats.md): the dose log as CSV and FHIR R4, of the last 90
/// days, for the person shown (everyone when all are shown).
#[component]
fn DoctorExports() -> impl IntoView {
    let state = use_state();
    let file = move |which: DoctorFile| {
        let now = crate::clock::now();
        let from = now - chrono::Duration::days(EXPORT_DAYS);
        let people = state.profile.get_untracked().map_or(People::All, People::Only);
        let day = state.today().format("%Y-%m-%d");
        let made = state.data.with_untracked(|d| match which {
            DoctorFile::Fhir => {
                let bundle = fhir_bundle(d, people, &IntlRules, from, now, now);
                Ok((
                    format!("tend-fhir-{day}.json"),
                    bundle.to_string(),
                    "application/fhir+json",
                ))
            }
            DoctorFile::Measurements => {
                let csv = measurements_csv(d, people, &IntlRules, from, now);
                Ok((format!("tend-measurements-{day}.csv"), csv, "text/csv"))
            }
            DoctorFile::DoseLog => {
                let zones = tend_core::dataset::ZoneContext::recorded(d, &state.zone());
                dose_log_csv(d, people, &zones, &IntlRules, from, now, now)
                    .map(|csv| (format!("tend-doses-{day}.csv"), csv, "text/csv"))
            }
        });
        match made {
            Ok((name, text, mime)) => download(&name, &text, mime),
            Err(e) => state.notice.set(Some(crate::state::Notice::Error(Message::fill(
                S::ExportFailed,
                &[("problem", &e)],
            )))),
        }
    };
    view! {
        <section aria-labelledby="doctor-heading">
            <h2 id="doctor-heading">{tr(S::DoctorFiles)}</h2>
            <p><Link to=Route::Report>{tr(S::ReportTitle)}</Link></p>
            <p>{tr(S::DoctorFilesWhy)}</p>
            <p><button type="button" class="button" on:click=move |_| file(DoctorFile::DoseLog)>{tr(S::ExportDoseLog)}</button></p>
            <p><button type="button" class="button" on:click=move |_| file(DoctorFile::Measurements)>{tr(S::ExportMeasurements)}</button></p>
            <p><button type="button" class="button" on:click=move |_| file(DoctorFile::Fhir)>{tr(S::ExportFhir)}</button></p>
        </section>
    }
}

#[derive(Clone, Copy)]
enum DoctorFile {
    DoseLog,
    Measurements,
    Fhir,
}

/// How far back the files for a doctor go.
const EXPORT_DAYS: i64 = 90;

#[component]
fn BackupSection() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let problems: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let exported: RwSignal<Option<(String, usize, usize)>> = RwSignal::new(None);
    let export_file = move |_| {
        let (text, people, doses) = state.data.with_untracked(|d| {
            let people = d.profiles.iter().filter(|p| !p.meta.deleted).count();
            let doses = d.dose_events.iter().filter(|e| !e.meta.deleted).count();
            (export(d, crate::clock::now()), people, doses)
        });
        // Named by the person's date, not the UTC one.
        let name = format!("tend-backup-{}.json", state.today().format("%Y-%m-%d"));
        download(&name, &text, "application/json");
        exported.set(Some((name, people, doses)));
    };
    let exported_text = move || {
        exported
            .get()
            .map(|(name, people, doses)| backup_saved(lang.get(), &name, people, doses))
    };
    let import_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            match import(&text, &IntlRules) {
                Ok(data) => {
                    problems.set(Vec::new());
                    state.profile.set(None);
                    state.replace(
                        move |store| async move { store.replace_all(&data).await },
                        S::ImportDone,
                    );
                }
                Err(found) => problems.set(found.iter().map(ToString::to_string).collect()),
            }
        });
    };
    view! {
        <section aria-labelledby="backup-heading">
            <h2 id="backup-heading">{tr(S::Backup)}</h2>
            <p><button type="button" class="button" on:click=export_file>{tr(S::Export)}</button></p>
            <p role="status">{exported_text}</p>
            <div class="field">
                <label for="import-file">{tr(S::Import)}</label>
                <input id="import-file" type="file" accept="application/json,.json" on:change=import_file/>
            </div>
            <Show when=move || !problems.get().is_empty()>
                <div class="problems" role="alert">
                    <p>{tr(S::ImportProblems)}</p>
                    <ul class="problem-list">{move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn DeleteProfile() -> impl IntoView {
    let state = use_state();
    let confirming = RwSignal::new(false);
    let profile = move || {
        state
            .target_profile()
            .and_then(|id| state.data.with(|d| d.profile(id).cloned()))
    };
    let delete = move |_| {
        let Some(profile) = profile() else { return };
        confirming.set(false);
        state.profile.set(None);
        let stamp = state.stamp();
        state.replace(
            move |store| async move { store.delete_profile(profile.meta.id, stamp).await },
            S::Deleted,
        );
    };
    view! {
        <section aria-labelledby="delete-heading">
            <h2 id="delete-heading">{tr(S::DeleteProfileData)}</h2>
            <Show when=move || !confirming.get() fallback=move || view! {
                <p class="actions">
                    <button type="button" class="button button-danger" on:click=delete>
                        {tr(S::ConfirmDelete)} " " {move || profile().map(|p| p.name).unwrap_or_default()}
                    </button>
                    <button type="button" class="button" on:click=move |_| confirming.set(false)>{tr(T::Cancel)}</button>
                </p>
            }>
                <p><button type="button" class="button" on:click=move |_| confirming.set(true)>
                    {tr(S::DeleteProfileData)} ": " {move || profile().map(|p| p.name).unwrap_or_default()}
                </button></p>
            </Show>
        </section>
    }
}

#[component]
fn StorageInfo() -> impl IntoView {
    let lang = use_lang();
    let used: RwSignal<Option<(f64, f64)>> = RwSignal::new(None);
    let persisted: RwSignal<Option<bool>> = RwSignal::new(None);
    spawn_local(async move {
        persisted.set(request_persistence().await);
        used.set(usage().await);
    });
    view! {
        <section aria-labelledby="storage-heading">
            <h2 id="storage-heading">{tr(S::Storage)}</h2>
            <p>{move || used.get().map(|(used, quota)| {
                let (used, quota) = (format!("{:.1}", used / 1e6), format!("{:.0}", quota / 1e6));
                S::Used.fill(lang.get(), &[("used", &used), ("quota", &quota)])
            })}</p>
            <p>{move || match persisted.get() {
                Some(true) => format!("{}: {}", S::Persistent.get(lang.get()), S::Yes.get(lang.get())),
                _ => S::NotPersistent.get(lang.get()).to_owned(),
            }}</p>
        </section>
    }
}
