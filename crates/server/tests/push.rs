//! Web Push on every database the tests reach, against a push service on loopback that checks each push's VAPID
//! signature: a reminder is sent at its time and not before, readable only with its subscription's key; a
//! cancelled one never; an expired subscription is removed; a busy push service is tried again; two processes on
//! one database send each reminder once; bad plans and endpoints are refused.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{json, Value};
use std::time::Duration;

fn item(subscriber: &Subscriber, fire_at: i64, text: &str, cancel: &str) -> Value {
    json!({
        "fire_at": fire_at,
        "expires": fire_at + 60 * 60 * 1000,
        "topic": "dose-1",
        "cancel": cancel,
        "body": b64(&subscriber.seal(text)),
    })
}

async fn subscribe(api: &Api, device: &Device, endpoint: &str) -> Answer {
    let path = format!("/spaces/{}/push/subscription", device.space);
    api.call(
        Method::PUT,
        &path,
        Some(&device.token),
        Some(json!({ "endpoint": endpoint })),
    )
    .await
}

async fn plan(api: &Api, device: &Device, items: Vec<Value>) -> Answer {
    let path = format!("/spaces/{}/push/items", device.space);
    api.call(
        Method::PUT,
        &path,
        Some(&device.token),
        Some(json!({ "items": items })),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_is_sent_at_its_time_signed_and_readable_only_with_its_subscription_key() {
    let service = PushService::start().await;
    for url in databases("push_sent").await {
        let api = Api::open(&url, GENEROUS).await;
        tokio::spawn(tend_server::push::deliver(api.sync.clone()));
        let device = create_space(&api).await.first;
        let subscriber = Subscriber::new();
        let name = format!("phone-{}", uuid());
        assert_eq!(
            subscribe(&api, &device, &service.endpoint(&name)).await.status,
            StatusCode::NO_CONTENT
        );
        let fire_at = now_millis() + 1500;
        let (keep, drop_it) = (b64(&random::<32>()), b64(&random::<32>()));
        let items = vec![
            item(&subscriber, fire_at, "Time for your medicine", &keep),
            item(&subscriber, fire_at, "cancelled", &drop_it),
        ];
        assert_eq!(plan(&api, &device, items).await.status, StatusCode::NO_CONTENT);
        let path = format!("/spaces/{}/push/cancel", device.space);
        let cancelled = api
            .call(
                Method::POST,
                &path,
                Some(&device.token),
                Some(json!({ "cancel": [drop_it] })),
            )
            .await;
        assert_eq!(cancelled.body["cancelled"], 1, "{url}");

        let early = service.wait_for(&name, 1, Duration::from_millis(1000)).await;
        assert!(early.is_empty(), "{url}: not before its time");
        let arrived = service.wait_for(&name, 1, Duration::from_secs(10)).await;
        assert_eq!(arrived.len(), 1, "{url}");
        let push = &arrived[0];
        assert!(
            push.at >= fire_at && push.at < fire_at + 5_000,
            "{url}: {} ms late",
            push.at - fire_at
        );
        let key = api.call(Method::GET, "/push/key", None, None).await;
        assert_eq!(
            push.vapid_key.as_deref().map(b64).as_deref(),
            key.body["key"].as_str(),
            "{url}"
        );
        let header = |name: &str| push.headers[name].to_str().unwrap().to_owned();
        assert_eq!(
            (header("urgency"), header("topic"), header("content-encoding")),
            ("high".into(), "dose-1".into(), "aes128gcm".into())
        );
        let ttl: i64 = header("ttl").parse().unwrap();
        assert!(
            (3500..=3600).contains(&ttl),
            "{url}: the TTL ends at the dose's cut-off, {ttl}"
        );
        assert_eq!(subscriber.open(&push.body), "Time for your medicine");
        assert!(
            Subscriber::new().open_fails(&push.body),
            "another subscription cannot read it"
        );

        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(
            service.arrived(&name).len(),
            1,
            "{url}: once, and the cancelled one never"
        );
        assert_eq!(
            api.sync.store.pending_pushes().await.unwrap(),
            0,
            "{url}: nothing kept after sending"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_subscription_is_removed_and_a_busy_push_service_is_tried_again() {
    let service = PushService::start().await;
    for url in databases("push_retry").await {
        let api = Api::open(&url, GENEROUS).await;
        tokio::spawn(tend_server::push::deliver(api.sync.clone()));
        let space = create_space(&api).await;
        let (gone, busy) = (space.first.clone(), space.join(&api).await);
        let subscriber = Subscriber::new();
        let (gone_name, busy_name) = (format!("gone-{}", uuid()), format!("busy-{}", uuid()));
        subscribe(&api, &gone, &service.endpoint(&gone_name)).await;
        subscribe(&api, &busy, &service.endpoint(&busy_name)).await;
        let now = now_millis();
        let later = item(&subscriber, now + 60_000, "later", &b64(&random::<32>()));
        plan(
            &api,
            &gone,
            vec![item(&subscriber, now, "now", &b64(&random::<32>())), later],
        )
        .await;
        plan(
            &api,
            &busy,
            vec![item(&subscriber, now, "busy", &b64(&random::<32>()))],
        )
        .await;
        assert_eq!(
            service
                .wait_for(&gone_name, 1, Duration::from_secs(5))
                .await
                .len(),
            1
        );
        let retried = service.wait_for(&busy_name, 1, Duration::from_secs(10)).await;
        assert_eq!(
            retried.len(),
            1,
            "{url}: sent after the push service's Retry-After"
        );
        assert_eq!(subscriber.open(&retried[0].body), "busy");
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(
            api.sync.store.pending_pushes().await.unwrap(),
            0,
            "{url}: the gone subscription's plan went with it"
        );
        let again = plan(
            &api,
            &gone,
            vec![item(&subscriber, now, "again", &b64(&random::<32>()))],
        )
        .await;
        assert_eq!(again.status, StatusCode::NO_CONTENT);
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(
            service.arrived(&gone_name).len(),
            1,
            "{url}: nothing goes to a removed subscription"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_on_one_database_send_each_reminder_once() {
    let service = PushService::start().await;
    for url in databases("push_once").await {
        let (one, two) = (Api::open(&url, GENEROUS).await, Api::open(&url, GENEROUS).await);
        let device = create_space(&one).await.first;
        let subscriber = Subscriber::new();
        let name = format!("shared-{}", uuid());
        subscribe(&one, &device, &service.endpoint(&name)).await;
        let now = now_millis();
        let items: Vec<Value> = (0..60)
            .map(|i| {
                item(
                    &subscriber,
                    now + (i % 6) * 200,
                    &format!("dose {i}"),
                    &b64(&random::<32>()),
                )
            })
            .collect();
        assert_eq!(plan(&one, &device, items).await.status, StatusCode::NO_CONTENT);
        for api in [&one, &two] {
            for _ in 0..2 {
                tokio::spawn(tend_server::push::deliver(api.sync.clone()));
            }
        }
        let arrived = service.wait_for(&name, 60, Duration::from_secs(15)).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let mut texts: Vec<String> = service
            .arrived(&name)
            .iter()
            .map(|p| subscriber.open(&p.body))
            .collect();
        texts.sort();
        texts.dedup();
        assert_eq!(
            (arrived.len(), service.arrived(&name).len(), texts.len()),
            (60, 60, 60),
            "{url}"
        );
    }
}

#[tokio::test]
async fn bad_plans_subscriptions_and_strangers_are_refused() {
    let url = databases("push_refused").await.remove(0);
    let api = Api::open(&url, GENEROUS).await;
    let device = create_space(&api).await.first;
    let other = create_space(&api).await.first;
    let subscriber = Subscriber::new();
    for endpoint in [
        "http://push.example.com/x",
        "https://10.0.0.8/x",
        "https://[fd00::1]/x",
        "https://localhost/x",
        "https://user:pw@push.example.com/x",
        "not a url",
    ] {
        let answer = subscribe(&api, &device, endpoint).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{endpoint}");
    }
    assert!(tend_server::push::endpoint_allowed("https://fcm.googleapis.com/fcm/send/abc", false).is_ok());
    assert!(tend_server::push::endpoint_allowed("http://127.0.0.1:9/push", false).is_err());
    let now = now_millis();
    let good = item(&subscriber, now + 60_000, "x", &b64(&random::<32>()));
    let with = |field: &str, value: Value| {
        let mut item = good.clone();
        item[field] = value;
        item
    };
    for (what, bad) in [
        (
            "too far ahead",
            with("fire_at", json!(now + 20 * 24 * 3600 * 1000)),
        ),
        ("expires before it fires", with("expires", json!(now))),
        ("a topic with a space", with("topic", json!("dose 1"))),
        ("a topic too long", with("topic", json!("a".repeat(33)))),
        ("a short cancel token", with("cancel", json!(b64(&[1; 8])))),
        ("a body over 4096 bytes", with("body", json!(b64(&[1; 4097])))),
        ("an unknown field", with("medicine", json!("Metformin"))),
    ] {
        assert_eq!(
            plan(&api, &device, vec![bad]).await.status,
            StatusCode::BAD_REQUEST,
            "{what}"
        );
    }
    let too_many = vec![good.clone(); tend_server::push::MAX_ITEMS + 1];
    assert_eq!(
        plan(&api, &device, too_many).await.status,
        StatusCode::BAD_REQUEST
    );
    let path = format!("/spaces/{}/push/items", device.space);
    let stranger = api
        .call(Method::PUT, &path, None, Some(json!({ "items": [good.clone()] })))
        .await;
    assert_eq!(stranger.status, StatusCode::UNAUTHORIZED);
    let elsewhere = api
        .call(
            Method::PUT,
            &path,
            Some(&other.token),
            Some(json!({ "items": [good] })),
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    assert_eq!(api.sync.store.pending_pushes().await.unwrap(), 0);
}
