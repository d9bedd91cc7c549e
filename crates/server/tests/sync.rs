//! The sync API on SQLite and on PostgreSQL: spaces and devices, push and pull, retries, concurrency, isolation,
//! bad input, rate limits and pokes.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::time::Duration;

#[tokio::test]
async fn a_space_pushes_and_pulls_in_order_page_by_page() {
    for url in databases("push_pull").await {
        let api = Api::open(&url, GENEROUS).await;
        let space = create_space(&api).await;
        let phone = &space.first;
        let tablet = space.join(&api).await;
        let records: Vec<Value> = (0..5).map(|_| envelope()).collect();
        let pushed = phone.push(&api, &records).await;
        assert_eq!(pushed.status, StatusCode::OK, "{url}: {:?}", pushed.body);
        let seqs: Vec<i64> = pushed.body["accepted"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["seq"].as_i64().unwrap())
            .collect();
        assert_eq!(seqs, [1, 2, 3, 4, 5], "{url}");

        let first = tablet.pull(&api, 0, 2).await;
        assert_eq!(first.status, StatusCode::OK);
        assert_eq!(first.body["next"], 2);
        assert_eq!(first.body["more"], true);
        assert_eq!(
            first.body["newest"], 5,
            "how far the log goes: a first sync's progress"
        );
        assert_eq!(first.body["records"][0]["sealed"], records[0]["sealed"]);
        assert_eq!(first.body["records"][1]["mutation"], records[1]["mutation"]);
        let rest = tablet.pull(&api, 2, 10).await;
        assert_eq!(rest.body["records"].as_array().unwrap().len(), 3);
        assert_eq!(
            (rest.body["next"].clone(), rest.body["more"].clone()),
            (json!(5), json!(false))
        );
        let none = tablet.pull(&api, 5, 10).await;
        assert_eq!(
            none.body,
            json!({ "records": [], "next": 5, "more": false, "newest": 5 })
        );
        api.sync.store.close().await;
    }
}

#[tokio::test]
async fn a_retried_push_is_stored_once_and_answered_with_its_first_numbers() {
    for url in databases("retry").await {
        let api = Api::open(&url, GENEROUS).await;
        let space = create_space(&api).await;
        let device = &space.first;
        let batch: Vec<Value> = (0..3).map(|_| envelope()).collect();
        let first = device.push(&api, &batch).await;
        let again = device.push(&api, &batch).await;
        assert_eq!(first.body, again.body, "{url}");
        // A batch that repeats one of its own envelopes, and mixes an old one with a new one.
        let fresh = envelope();
        let mixed = device.push(&api, &[batch[1].clone(), fresh.clone(), fresh]).await;
        let seqs: Vec<i64> = mixed.body["accepted"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["seq"].as_i64().unwrap())
            .collect();
        assert_eq!(seqs, [2, 4, 4], "{url}");
        let all = device.pull_all(&api).await;
        assert_eq!(
            all.iter().map(|(seq, _)| *seq).collect::<Vec<_>>(),
            [1, 2, 3, 4],
            "{url}"
        );
        api.sync.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_devices_joining_and_pushing_at_once_get_strictly_increasing_numbers() {
    for url in databases("concurrent").await {
        let api = Api::open(&url, GENEROUS).await;
        let space = create_space(&api).await;
        // Joining at once too: a join reads the space before it writes (once answered 503 on SQLite).
        let joins = (1..8).map(|_| {
            let (api, space) = (api.clone(), space.clone());
            tokio::spawn(async move { space.join(&api).await })
        });
        let mut devices = vec![space.first.clone()];
        for join in joins.collect::<Vec<_>>() {
            devices.push(join.await.unwrap());
        }
        let pushes = devices.iter().map(|device| {
            let (api, device) = (api.clone(), device.clone());
            tokio::spawn(async move {
                let mut numbers = Vec::new();
                for _ in 0..15 {
                    let batch: Vec<Value> = (0..4).map(|_| envelope()).collect();
                    let answer = device.push(&api, &batch).await;
                    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
                    let seqs = answer.body["accepted"].as_array().unwrap().iter();
                    numbers.extend(seqs.map(|a| a["seq"].as_i64().unwrap()));
                }
                numbers
            })
        });
        let mut numbers = Vec::new();
        for push in pushes.collect::<Vec<_>>() {
            let mine = push.await.unwrap();
            assert!(
                mine.windows(2).all(|w| w[0] < w[1]),
                "{url}: one device's numbers rise"
            );
            numbers.extend(mine);
        }
        numbers.sort_unstable();
        assert_eq!(
            numbers,
            (1..=480).collect::<Vec<i64>>(),
            "{url}: every number once, no gaps"
        );
        let pulled = devices[3].pull_all(&api).await;
        assert_eq!(pulled.len(), 480);
        assert!(pulled.windows(2).all(|w| w[0].0 < w[1].0), "{url}");
        api.sync.store.close().await;
    }
}

#[tokio::test]
async fn spaces_are_isolated_and_nothing_reveals_whether_one_exists() {
    for url in databases("isolation").await {
        let api = Api::open(&url, GENEROUS).await;
        let mine = create_space(&api).await;
        let theirs = create_space(&api).await;
        theirs.first.push(&api, &[envelope()]).await;
        let me = &mine.first;

        // My token on their space, and on a space that does not exist: the same answer.
        let their_records = format!("/spaces/{}/records", theirs.first.space);
        let nowhere = format!("/spaces/{}/records", uuid());
        let asked = api.call(Method::GET, &their_records, Some(&me.token), None).await;
        let missing = api.call(Method::GET, &nowhere, Some(&me.token), None).await;
        assert_eq!(asked.status, StatusCode::NOT_FOUND, "{url}");
        assert_eq!(asked.body, missing.body, "{url}");
        let pushed = api
            .call(
                Method::POST,
                &their_records,
                Some(&me.token),
                Some(json!({ "records": [envelope()] })),
            )
            .await;
        assert_eq!(
            (pushed.status, pushed.body),
            (StatusCode::NOT_FOUND, missing.body.clone())
        );
        let devices = format!("/spaces/{}/devices/{}", theirs.first.space, theirs.first.id);
        let removed = api.call(Method::DELETE, &devices, Some(&me.token), None).await;
        assert_eq!(removed.status, StatusCode::NOT_FOUND);

        // Joining with a wrong join token, and joining a space that does not exist: the same answer.
        let wrong = join(&api, &theirs.first.space, &mine.join_token).await;
        let absent = join(&api, &uuid(), &mine.join_token).await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND);
        assert_eq!(wrong.body, absent.body);

        // No token, a forged one, another device's id with my secret.
        let my_records = format!("/spaces/{}/records", me.space);
        for token in [None, Some("forged"), Some(&b64(&[0; 48])[..])] {
            let answer = api.call(Method::GET, &my_records, token, None).await;
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{url}: {token:?}");
            assert!(answer.body["detail"].is_string());
        }
        let their_id = uuid::Uuid::parse_str(&theirs.first.id).unwrap().into_bytes();
        let my_secret = &common::unb64(&me.token)[16..];
        let spliced = b64(&[&their_id[..], my_secret].concat());
        let answer = api.call(Method::GET, &my_records, Some(&spliced), None).await;
        assert_eq!(
            answer.status,
            StatusCode::UNAUTHORIZED,
            "{url}: a real device id with another's secret"
        );

        // Their own pull still sees only their record.
        assert_eq!(theirs.first.pull_all(&api).await.len(), 1);
        assert!(me.pull_all(&api).await.is_empty());
        api.sync.store.close().await;
    }
}

#[tokio::test]
async fn a_device_is_renamed_in_its_space_only_and_a_removed_one_is_removed_and_refused() {
    for url in databases("revoke").await {
        let api = Api::open(&url, GENEROUS).await;
        let space = create_space(&api).await;
        let tablet = space.join(&api).await;
        let list = format!("/spaces/{}/devices", space.first.space);
        let name = json!({ "device_name": b64(b"sealed name of the tablet") });
        let renamed = api
            .call(
                Method::PUT,
                &format!("{list}/{}", tablet.id),
                Some(&tablet.token),
                Some(name.clone()),
            )
            .await;
        assert_eq!(
            renamed.status,
            StatusCode::NO_CONTENT,
            "{url}: {:?}",
            renamed.body
        );
        let other = create_space(&api).await;
        let elsewhere = format!("/spaces/{}/devices/{}", other.first.space, other.first.id);
        let refused = api
            .call(Method::PUT, &elsewhere, Some(&tablet.token), Some(name.clone()))
            .await;
        assert_eq!(
            refused.status,
            StatusCode::NOT_FOUND,
            "{url}: another space's device"
        );
        let not_mine = format!("{list}/{}", other.first.id);
        let refused = api
            .call(Method::PUT, &not_mine, Some(&tablet.token), Some(name.clone()))
            .await;
        assert_eq!(
            refused.status,
            StatusCode::NOT_FOUND,
            "{url}: a device of another space, by id"
        );
        let empty = json!({ "device_name": "" });
        let bad = api
            .call(
                Method::PUT,
                &format!("{list}/{}", tablet.id),
                Some(&tablet.token),
                Some(empty),
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        let listed = api.call(Method::GET, &list, Some(&space.first.token), None).await;
        let devices = listed.body["devices"].as_array().unwrap();
        assert_eq!(devices.len(), 2, "{url}");
        assert_eq!(devices[0]["this_device"], true);
        assert!(devices
            .iter()
            .all(|d| d["revoked"].is_null() && d["name"].is_string()));

        let path = format!("{list}/{}", tablet.id);
        let removed = api
            .call(Method::DELETE, &path, Some(&space.first.token), None)
            .await;
        assert_eq!(removed.status, StatusCode::NO_CONTENT, "{url}");
        let refused = tablet.pull(&api, 0, 10).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
        assert_eq!(refused.body["detail"], "This device was removed from its space.");
        let listed = api.call(Method::GET, &list, Some(&space.first.token), None).await;
        assert!(listed.body["devices"][1]["revoked"].is_i64());
        assert_eq!(
            listed.body["devices"][1]["name"],
            b64(b"sealed name of the tablet")
        );
        let gone = api
            .call(Method::PUT, &path, Some(&space.first.token), Some(name))
            .await;
        assert_eq!(
            gone.status,
            StatusCode::NOT_FOUND,
            "{url}: a removed device keeps its name"
        );
        let unknown = api
            .call(
                Method::DELETE,
                &format!("{list}/{}", uuid()),
                Some(&space.first.token),
                None,
            )
            .await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        api.sync.store.close().await;
    }
}

#[tokio::test]
async fn creating_a_space_twice_tells_only_the_holder_of_its_join_token() {
    for url in databases("create_twice").await {
        let api = Api::open(&url, GENEROUS).await;
        let space = create_space(&api).await;
        let body = |join_token: &str| {
            json!({ "space": space.first.space, "join_token": join_token, "wrapped_key": b64(&[1; 60]),
                    "kdf": {}, "device_name": b64(&[2; 40]) })
        };
        let holder = api
            .call(Method::POST, "/spaces", None, Some(body(&space.join_token)))
            .await;
        assert_eq!(holder.status, StatusCode::CONFLICT, "{url}");
        let stranger = api
            .call(Method::POST, "/spaces", None, Some(body(&b64(&[9; 32]))))
            .await;
        assert_eq!(stranger.status, StatusCode::NOT_FOUND);
        let joined = space.join(&api).await;
        assert_eq!(joined.space, space.first.space);
        api.sync.store.close().await;
    }
}

async fn raw_push(api: &Api, device: &Device, body: String) -> Answer {
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1/spaces/{}/records", device.space))
        .header("authorization", format!("Bearer {}", device.token))
        .header("content-type", "application/json")
        .body(Body::from(body))
        .unwrap();
    api.raw(request).await
}

#[tokio::test]
async fn bad_bodies_and_queries_get_a_clear_400_or_413_and_store_nothing() {
    for url in databases("bad_input").await {
        let api = Api::open(&url, GENEROUS).await;
        let space = create_space(&api).await;
        let device = &space.first;
        let huge = "A".repeat(tend_server::api::MAX_SEALED * 2);
        let bad_bodies = [
            "not json".to_owned(),
            "{}".to_owned(),
            json!({ "records": [] }).to_string(),
            json!({ "records": [{ "mutation": "not a uuid", "sealed": b64(&[1; 64]) }] }).to_string(),
            json!({ "records": [{ "mutation": uuid(), "sealed": "not base64!" }] }).to_string(),
            json!({ "records": [{ "mutation": uuid(), "sealed": b64(&[1; 3]) }] }).to_string(),
            json!({ "records": [{ "mutation": uuid(), "sealed": huge }] }).to_string(),
            json!({ "records": [envelope()], "extra": 1 }).to_string(),
            json!({ "records": (0..501).map(|_| json!({"mutation": uuid(), "sealed": b64(&[1; 29])})).collect::<Vec<_>>() }).to_string(),
        ];
        for body in bad_bodies {
            let answer = raw_push(&api, device, body.clone()).await;
            assert_eq!(
                answer.status,
                StatusCode::BAD_REQUEST,
                "{url}: {}",
                &body[..body.len().min(80)]
            );
            assert!(
                answer.body["detail"].as_str().is_some_and(|d| !d.is_empty()),
                "{:?}",
                answer.body
            );
        }
        let too_big = format!(
            "{{\"records\": [\"{}\"]}}",
            "A".repeat(tend_server::api::MAX_BODY)
        );
        let answer = raw_push(&api, device, too_big).await;
        assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{url}");
        assert_eq!(answer.body["error"], "too_large");
        for query in [
            "after=-1",
            "limit=0",
            "limit=1001",
            "after=x",
            "limit=99999999999999999999",
            "other=1",
        ] {
            let path = format!("/spaces/{}/records?{query}", device.space);
            let answer = api.call(Method::GET, &path, Some(&device.token), None).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{url}: {query}");
        }
        let bad_spaces = [
            json!({ "space": "x", "join_token": b64(&[1; 32]), "wrapped_key": b64(&[1; 60]), "kdf": {}, "device_name": b64(&[1; 9]) }),
            json!({ "space": uuid(), "join_token": b64(&[1; 31]), "wrapped_key": b64(&[1; 60]), "kdf": {}, "device_name": b64(&[1; 9]) }),
            json!({ "space": uuid(), "join_token": b64(&[1; 32]), "wrapped_key": b64(&[1; 60]), "kdf": [], "device_name": b64(&[1; 9]) }),
            json!({ "space": uuid(), "join_token": b64(&[1; 32]), "wrapped_key": "", "kdf": {}, "device_name": b64(&[1; 9]) }),
            json!({ "space": uuid(), "join_token": b64(&[1; 32]), "wrapped_key": b64(&[1; 60]), "kdf": {}, "device_name": b64(&[1; 600]) }),
        ];
        for body in bad_spaces {
            let answer = api.call(Method::POST, "/spaces", None, Some(body.clone())).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{url}: {body}");
        }
        assert!(device.pull_all(&api).await.is_empty(), "{url}: nothing stored");
        api.sync.store.close().await;
    }
}

#[tokio::test]
async fn a_device_or_an_address_over_its_rate_gets_429_with_retry_after() {
    let url = databases("rates").await.remove(0);
    let strict_device = (tend_server::limits::Rate::new(1, 3), GENEROUS.1);
    let api = Api::open(&url, strict_device).await;
    let space = create_space(&api).await;
    let statuses: Vec<StatusCode> =
        futures_util::future::join_all((0..5).map(|_| space.first.pull(&api, 0, 1)))
            .await
            .into_iter()
            .map(|answer| answer.status)
            .collect();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 3);
    let limited = space.first.pull(&api, 0, 1).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        limited.headers["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    // Another device of the space has its own allowance.
    assert_eq!(
        space.join(&api).await.pull(&api, 0, 1).await.status,
        StatusCode::OK
    );

    let strict_address = (GENEROUS.0, tend_server::limits::Rate::new(1, 2));
    let api = Api::open(&url, strict_address).await;
    let space = create_space(&api).await;
    let answers = [
        space.first.pull(&api, 0, 1).await.status,
        space.first.pull(&api, 0, 1).await.status,
    ];
    assert_eq!(answers, [StatusCode::OK, StatusCode::TOO_MANY_REQUESTS]);
}

/// Reads server-sent events until one named `poke` arrives, and answers its data.
async fn next_poke(body: &mut Body) -> i64 {
    let mut text = String::new();
    loop {
        let frame = body.frame().await.expect("the stream is open").unwrap();
        if let Some(bytes) = frame.data_ref() {
            text.push_str(std::str::from_utf8(bytes).unwrap());
        }
        if let Some(at) = text.find("event: poke\ndata: ") {
            let rest = &text[at + 18..];
            if let Some(end) = rest.find('\n') {
                return rest[..end].parse().unwrap();
            }
        }
    }
}

#[tokio::test]
async fn a_push_pokes_the_other_devices_of_its_space_within_a_second() {
    for url in databases("pokes").await {
        let api = Api::open(&url, GENEROUS).await;
        let space = create_space(&api).await;
        let tablet = space.join(&api).await;
        let other = create_space(&api).await;
        space.first.push(&api, &[envelope()]).await;

        // The tablet opens its stream with a ticket, as an EventSource must.
        let ticket_path = format!("/spaces/{}/events/ticket", tablet.space);
        let ticket = api
            .call(Method::POST, &ticket_path, Some(&tablet.token), None)
            .await;
        assert_eq!(ticket.status, StatusCode::OK, "{url}: {:?}", ticket.body);
        let ticket = ticket.body["ticket"].as_str().unwrap().to_owned();
        let request = Request::get(format!("/api/v1/spaces/{}/events?ticket={ticket}", tablet.space))
            .body(Body::empty())
            .unwrap();
        let response = tower::ServiceExt::oneshot(api.router(), request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let mut events = response.into_body();
        assert_eq!(
            next_poke(&mut events).await,
            1,
            "{url}: the newest number at once"
        );

        other.first.push(&api, &[envelope()]).await; // another space: no poke
        space.first.push(&api, &[envelope(), envelope()]).await;
        let heard = tokio::time::timeout(Duration::from_secs(1), next_poke(&mut events)).await;
        assert_eq!(heard.expect("a poke within a second"), 3, "{url}");

        // A ticket is no token: it does not open the records, and a changed one opens nothing.
        let records = format!("/spaces/{}/records", tablet.space);
        assert_eq!(
            api.call(Method::GET, &records, Some(&ticket), None).await.status,
            StatusCode::UNAUTHORIZED
        );
        let forged = format!(
            "/spaces/{}/events?ticket={}x",
            tablet.space,
            &ticket[..ticket.len() - 1]
        );
        assert_eq!(
            api.call(Method::GET, &forged, None, None).await.status,
            StatusCode::UNAUTHORIZED
        );
        api.sync.store.close().await;
    }
}

#[tokio::test]
async fn a_database_is_migrated_once_and_a_newer_one_is_refused() {
    for url in databases("migrations").await {
        let api = Api::open(&url, GENEROUS).await;
        let space = create_space(&api).await;
        space.first.push(&api, &[envelope()]).await;
        api.sync.store.close().await;
        let reopened = Api::open(&url, GENEROUS).await;
        assert_eq!(
            space.first.pull_all(&reopened).await.len(),
            1,
            "{url}: kept across a restart"
        );
        reopened.sync.store.close().await;

        let mut connection = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
            .await
            .unwrap();
        sqlx::query("INSERT INTO tend_migrations (version, applied) VALUES (999, 0)")
            .execute(&mut connection)
            .await
            .unwrap();
        let refused = tend_server::open(&url, Default::default()).await.err().unwrap();
        assert!(refused.contains("newer than this tend-server"), "{refused}");
    }
}

#[tokio::test]
async fn every_operation_in_the_openapi_document_is_served_and_every_served_path_is_documented() {
    let url = databases("openapi").await.remove(0);
    let api = Api::open(&url, GENEROUS).await;
    let document: Value = serde_json::from_str(tend_server::OPENAPI).unwrap();
    let paths = document["paths"].as_object().unwrap();
    for (path, operations) in paths {
        let concrete = path
            .replace("{space}", &uuid())
            .replace("{device}", &uuid())
            .replace("{pairing}", &uuid())
            .replace("{story}", &uuid());
        for method in operations
            .as_object()
            .unwrap()
            .keys()
            .filter(|m| *m != "parameters")
        {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            // Without a token or a body: refused, but by the operation, not as an unknown path or method.
            let answer = api.call(method.clone(), &concrete, None, None).await;
            assert_ne!(
                answer.body["detail"], "There is no such API path.",
                "{method} {path}"
            );
            assert_ne!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        }
    }
    let documented: Vec<&str> = paths.keys().map(String::as_str).collect();
    let served = [
        "/health",
        "/openapi.json",
        "/spaces",
        "/spaces/{space}/devices",
        "/spaces/{space}/devices/{device}",
        "/spaces/{space}/records",
        "/spaces/{space}/events/ticket",
        "/spaces/{space}/events",
        "/spaces/{space}/pairings",
        "/spaces/{space}/pairings/{pairing}",
        "/pairings/answer",
        "/pairings/{pairing}",
        "/community/stories",
        "/community/stories/{story}",
        "/community/stories/{story}/helped",
        "/community/stories/{story}/reports",
        "/community/mine",
        "/moderation/session",
        "/moderation/stories",
        "/moderation/stories/{story}/decision",
        "/moderation/log",
        "/push/key",
        "/spaces/{space}/push/subscription",
        "/spaces/{space}/push/items",
        "/spaces/{space}/push/cancel",
    ];
    assert_eq!(documented.len(), served.len());
    assert!(served.iter().all(|path| documented.contains(path)));
}

fn p256_key(fill: u8) -> String {
    let mut key = [fill; 65];
    key[0] = 4;
    b64(&key)
}

#[tokio::test]
async fn a_new_device_pairs_with_a_code_once_and_then_syncs() {
    use sha2::Digest;
    for url in databases("pairing").await {
        let api = Api::open(&url, GENEROUS).await;
        let space = create_space(&api).await;
        let phone = &space.first;
        phone.push(&api, &[envelope()]).await;
        let pairings = format!("/spaces/{}/pairings", phone.space);
        let opened = api
            .call(
                Method::POST,
                &pairings,
                Some(&phone.token),
                Some(json!({ "offer": p256_key(1) })),
            )
            .await;
        assert_eq!(opened.status, StatusCode::CREATED, "{url}: {:?}", opened.body);
        let code = opened.body["code"].as_str().unwrap().to_owned();
        let pairing = opened.body["pairing"].as_str().unwrap().to_owned();
        assert!(code.len() == 9 && code.as_bytes()[4] == b'-', "{code}");

        // The tablet answers with the code as a person might type it.
        let secret = random::<32>();
        let answer = json!({ "code": code.to_lowercase().replace('-', ""), "answer": p256_key(2),
                             "name": b64(&[5; 40]), "token_hash": b64(&sha2::Sha256::digest(secret)) });
        let answered = api
            .call(Method::POST, "/pairings/answer", None, Some(answer.clone()))
            .await;
        assert_eq!(answered.status, StatusCode::OK, "{url}: {:?}", answered.body);
        assert_eq!(answered.body["space"], json!(phone.space));
        assert_eq!(answered.body["offer"], json!(p256_key(1)));
        let again = api
            .call(Method::POST, "/pairings/answer", None, Some(answer))
            .await;
        assert_eq!(again.status, StatusCode::NOT_FOUND, "a code answers once");

        let collect = format!("/pairings/{pairing}?code={code}");
        let waiting = api.call(Method::GET, &collect, None, None).await;
        assert_eq!(waiting.body["status"], "waiting");
        let polled = api
            .call(
                Method::GET,
                &format!("{pairings}/{pairing}"),
                Some(&phone.token),
                None,
            )
            .await;
        assert_eq!(
            polled.body,
            json!({ "answer": p256_key(2), "name": b64(&[5; 40]) })
        );

        let delivery = json!({ "sealed_key": b64(&[7; 60]), "device_name": b64(&[8; 40]) });
        let path = format!("{pairings}/{pairing}");
        let delivered = api
            .call(Method::PUT, &path, Some(&phone.token), Some(delivery.clone()))
            .await;
        assert_eq!(
            delivered.status,
            StatusCode::NO_CONTENT,
            "{url}: {:?}",
            delivered.body
        );
        let twice = api
            .call(Method::PUT, &path, Some(&phone.token), Some(delivery))
            .await;
        assert_eq!(twice.status, StatusCode::NOT_FOUND);

        let wrong = api
            .call(
                Method::GET,
                &format!("/pairings/{pairing}?code=0000-0000"),
                None,
                None,
            )
            .await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND);
        let ready = api.call(Method::GET, &collect, None, None).await;
        assert_eq!(ready.body["status"], "ready", "{url}: {:?}", ready.body);
        assert_eq!(ready.body["sealed_key"], json!(b64(&[7; 60])));
        assert_eq!(
            api.call(Method::GET, &collect, None, None).await.status,
            StatusCode::NOT_FOUND,
            "collected once"
        );

        // Its token is its device id and the secret it kept: it reads the space's records.
        let device = uuid::Uuid::parse_str(ready.body["device"].as_str().unwrap()).unwrap();
        let tablet = Device {
            space: phone.space.clone(),
            id: device.to_string(),
            token: b64(&[&device.into_bytes()[..], &secret].concat()),
        };
        assert_eq!(tablet.pull_all(&api).await.len(), 1, "{url}");
        let listed = api
            .call(
                Method::GET,
                &format!("/spaces/{}/devices", phone.space),
                Some(&phone.token),
                None,
            )
            .await;
        assert_eq!(listed.body["devices"].as_array().unwrap().len(), 2);
        api.sync.store.close().await;
    }
}

#[tokio::test]
async fn a_pairing_is_closed_to_other_spaces_and_ends_after_ten_minutes() {
    for url in databases("pairing_limits").await {
        let api = Api::open(&url, GENEROUS).await;
        let (mine, theirs) = (create_space(&api).await, create_space(&api).await);
        let pairings = format!("/spaces/{}/pairings", mine.first.space);
        let bad = api
            .call(
                Method::POST,
                &pairings,
                Some(&mine.first.token),
                Some(json!({ "offer": b64(&[3; 65]) })),
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "not a P-256 key");
        let opened = api
            .call(
                Method::POST,
                &pairings,
                Some(&mine.first.token),
                Some(json!({ "offer": p256_key(1) })),
            )
            .await;
        let pairing = opened.body["pairing"].as_str().unwrap().to_owned();
        let code = opened.body["code"].as_str().unwrap().to_owned();
        // Another space's device sees nothing of it, as if it did not exist.
        let theirs_path = format!("/spaces/{}/pairings/{pairing}", theirs.first.space);
        let mine_path = format!("/spaces/{}/pairings/{pairing}", mine.first.space);
        let forged = api
            .call(Method::GET, &theirs_path, Some(&theirs.first.token), None)
            .await;
        let foreign = api
            .call(Method::GET, &mine_path, Some(&theirs.first.token), None)
            .await;
        assert_eq!(
            (forged.status, foreign.status),
            (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND)
        );

        let mut connection = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
            .await
            .unwrap();
        sqlx::query("UPDATE pairings SET expires = 0")
            .execute(&mut connection)
            .await
            .unwrap();
        let answer = json!({ "code": code, "answer": p256_key(2), "name": b64(&[5; 40]), "token_hash": b64(&[6; 32]) });
        let late = api
            .call(Method::POST, "/pairings/answer", None, Some(answer))
            .await;
        assert_eq!(late.status, StatusCode::NOT_FOUND, "{url}: expired");
        assert_eq!(late.body["detail"], no_pairing_detail());
        api.sync.store.close().await;
    }
}

fn no_pairing_detail() -> Value {
    json!("There is no such pairing: the code may be mistyped, used already or older than 10 minutes.")
}
