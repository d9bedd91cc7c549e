//! How late reminders are sent (BENCHMARKS.md): 1,000 devices, each subscribed to a loopback push service, plan
//! 10 reminders each (10,000 pending) firing over 20 s; one server process sends them, and the push service keeps
//! when each arrived. Reports p50, p99 and the worst lateness against the fire time. Run by
//! scripts/bench-server.sh with the databases as arguments; without any (as `cargo test --all-targets` runs it),
//! a short round of 50 reminders on a temporary SQLite file checks that it still works.

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant};

async fn measure(url: &str, devices: usize, per_device: usize, spread_millis: i64) {
    let api = Api::open(url, GENEROUS).await;
    let service = PushService::start().await;
    let subscriber = Subscriber::new();
    let start = now_millis() + 5_000;
    let mut fire_at = HashMap::new();
    for d in 0..devices {
        let device = create_space(&api).await.first;
        let path = format!("/spaces/{}/push/subscription", device.space);
        let endpoint = json!({ "endpoint": service.endpoint(&format!("d{d}")) });
        api.call(
            axum::http::Method::PUT,
            &path,
            Some(&device.token),
            Some(endpoint),
        )
        .await;
        let items: Vec<Value> = (0..per_device)
            .map(|j| {
                let at =
                    start + ((d * per_device + j) as i64 * spread_millis) / (devices * per_device) as i64;
                let topic = format!("{d}-{j}");
                fire_at.insert(topic.clone(), at);
                json!({
                    "fire_at": at, "expires": at + 3_600_000, "topic": topic,
                    "cancel": b64(&random::<32>()), "body": b64(&subscriber.seal("Time for your medicine")),
                })
            })
            .collect();
        let path = format!("/spaces/{}/push/items", device.space);
        let planned = api
            .call(
                axum::http::Method::PUT,
                &path,
                Some(&device.token),
                Some(json!({ "items": items })),
            )
            .await;
        assert!(planned.status.is_success(), "{:?}", planned.body);
    }
    let pending = api.sync.store.pending_pushes().await.unwrap();
    tokio::spawn(tend_server::push::deliver(api.sync.clone()));
    let total = devices * per_device;
    let waited = Instant::now();
    while service.received.lock().unwrap().len() < total && waited.elapsed() < Duration::from_secs(120) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let received = service.received.lock().unwrap().clone();
    let mut late: Vec<i64> = received
        .iter()
        .map(|p| p.at - fire_at[p.headers["topic"].to_str().unwrap()])
        .collect();
    late.sort_unstable();
    let at = |q: f64| late[((late.len() as f64 * q) as usize).min(late.len() - 1)];
    let kind = url.split(':').next().unwrap_or(url);
    println!(
        "{kind}: {pending} pending across {devices} subscriptions; {} sent (early: {}); late p50 {} ms, p99 {} ms, max {} ms",
        received.len(),
        late.iter().filter(|l| **l < 0).count(),
        at(0.5),
        at(0.99),
        late.last().unwrap()
    );
    assert_eq!(received.len(), total, "every reminder sent once");
    assert!(late[0] >= 0, "none before its time");
}

#[tokio::main]
async fn main() {
    let urls: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if urls.is_empty() {
        measure(&sqlite_url("push_bench_smoke"), 10, 5, 1_000).await;
    }
    for url in urls {
        measure(&url, 1_000, 10, 20_000).await;
    }
}
