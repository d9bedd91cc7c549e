//! Browser tests (wasm-bindgen-test in headless Chromium): the browser's zone rules agree with the core's
//! RFC 5545 reading, and the Today page renders into a real document.
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDateTime;
use tend::zone_rules::IntlRules;
use tend_core::zone::{resolve, ZoneRules};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

#[wasm_bindgen_test]
fn intl_rules_follow_rfc_5545_in_new_york() {
    let rules = IntlRules;
    let gap = resolve(&rules, "America/New_York", local("2026-03-08 02:30")).unwrap();
    assert_eq!(gap.instant.to_rfc3339(), "2026-03-08T07:30:00+00:00");
    assert_eq!(gap.local, local("2026-03-08 03:30"));
    let repeated = resolve(&rules, "America/New_York", local("2026-11-01 01:30")).unwrap();
    assert_eq!(repeated.offset_seconds, -4 * 3600);
}

#[wasm_bindgen_test]
fn intl_rules_know_half_hour_and_steady_zones() {
    let rules = IntlRules;
    let lord_howe = resolve(&rules, "Australia/Lord_Howe", local("2026-10-04 02:15")).unwrap();
    assert_eq!(lord_howe.local, local("2026-10-04 02:45"));
    let kolkata = resolve(&rules, "Asia/Kolkata", local("2026-07-01 09:00")).unwrap();
    assert_eq!(kolkata.offset_seconds, 19800);
}

#[wasm_bindgen_test]
fn an_unknown_zone_is_an_error_not_a_crash() {
    let rules = IntlRules;
    assert!(!rules.is_known("Mars/Olympus"));
    assert!(rules.is_known("Europe/London"));
}

#[wasm_bindgen_test]
fn the_device_zone_is_a_known_iana_name() {
    let zone = tend::zone_rules::device_zone();
    assert!(IntlRules.is_known(&zone), "{zone}");
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits up to ten seconds for `ready` to hold.
async fn wait_for(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..200 {
        if ready() {
            return;
        }
        sleep(50).await;
    }
    panic!("timed out waiting for {what}");
}

#[wasm_bindgen_test]
async fn the_app_stores_the_example_plan_and_shows_todays_doses() {
    tend::storage::delete_database(tend::storage::DB_NAME)
        .await
        .unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let _handle = leptos::mount::mount_to(host.clone().unchecked_into(), tend::app::App);
    let add_link = || host.query_selector(".actions a").unwrap();
    wait_for("the empty state", || add_link().is_some()).await;
    // The example-plan offer is one of Today's extras, drawn once every record is read, a little after Today.
    let example_button = || host.query_selector(".actions button").unwrap();
    wait_for("the example offer", || example_button().is_some()).await;
    assert_eq!(
        host.query_selector("h1")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Today"
    );
    example_button()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    wait_for("the example doses", || {
        host.query_selector_all(".dose-group .dose").unwrap().length() >= 3
    })
    .await;
    let summary = host
        .query_selector(".summary")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(summary.ends_with("doses still to take"), "{summary}");

    // What the app shows came from IndexedDB: a second connection reads the same records.
    let store = tend::storage::Store::open().await.unwrap();
    let stored = store.load(None).await.unwrap().data;
    assert_eq!(stored.medications.len(), 4);
    assert_eq!(stored.profiles.len(), 1);
}

#[wasm_bindgen_test]
fn every_route_reads_back_from_its_own_path() {
    use tend::route::Route;
    let id = tend_core::Id::from_u128(7);
    let routes = [
        Route::Today,
        Route::Medicines,
        Route::NewMedicine,
        Route::EditMedicine(id),
        Route::History,
        Route::Profiles,
        Route::Settings,
        Route::Learn,
        Route::Article("asthma-what-it-is".into()),
        Route::Stories,
        Route::Story("living-with-copd".into()),
        Route::ShareStory,
        Route::Dose {
            schedule: id,
            slot: local("2026-03-29 07:30"),
        },
    ];
    for route in routes {
        assert_eq!(Route::parse(&route.path()), route, "{}", route.path());
    }
}

#[wasm_bindgen_test]
fn a_reminder_link_and_unknown_paths_are_read_as_expected() {
    use tend::route::Route;
    let id = tend_core::Id::from_u128(7);
    // As public/sw.js writes it: the slot URI-encoded.
    let from_reminder = format!("/dose/{id}/2026-03-29T07%3A30%3A00");
    assert_eq!(
        Route::parse(&from_reminder),
        Route::Dose {
            schedule: id,
            slot: local("2026-03-29 07:30")
        }
    );
    assert_eq!(Route::parse("/index.html"), Route::Today);
    assert_eq!(Route::parse("/medicines/"), Route::Medicines);
    for unknown in [
        "/nowhere",
        "/medicines/not-an-id",
        "/dose/x/y",
        "/dose/",
        "/learn/a/b",
    ] {
        assert_eq!(
            Route::parse(unknown),
            Route::NotFound(unknown.into()),
            "{unknown}"
        );
    }
}

#[wasm_bindgen_test]
async fn work_holding_the_sync_lock_never_overlaps() {
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;
    let inside = Rc::new(Cell::new(0));
    let most = Rc::new(Cell::new(0));
    let work = |n: u32| {
        let (inside, most) = (inside.clone(), most.clone());
        async move {
            inside.set(inside.get() + 1);
            most.set(most.get().max(inside.get()));
            gloo_timers::future::sleep(Duration::from_millis(20)).await;
            inside.set(inside.get() - 1);
            n
        }
    };
    let unlocked = futures::future::join_all((0..4).map(work)).await;
    assert_eq!(
        (unlocked, most.get()),
        (vec![0, 1, 2, 3], 4),
        "alone, they overlap"
    );
    most.set(0);
    let held = (0..4).map(|n| tend::sync::lock::holding("tend-test", work(n)));
    assert_eq!(futures::future::join_all(held).await, [0, 1, 2, 3]);
    assert_eq!(most.get(), 1, "holding the lock, one at a time");
}
