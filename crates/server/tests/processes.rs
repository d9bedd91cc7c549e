//! The real `tend-server` binary: killed with SIGKILL in the middle of pushes, two processes on one PostgreSQL,
//! and `copy-data` from SQLite to another database.

mod common;

use common::*;
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Server {
    child: Child,
    address: String,
}

impl Server {
    /// Starts the binary on a free loopback port, and waits until it listens.
    fn start(database: &str) -> Server {
        let dist = temp_dir("process-dist");
        std::fs::write(dist.join("index.html"), "<!doctype html><title>Tend</title>").unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let address = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_tend-server"))
            .args(["--listen", &address, "--database", database])
            .args([
                "--device-rate",
                "100000/100000",
                "--address-rate",
                "100000/100000",
            ])
            .arg("--loopback-push")
            .arg("--dist")
            .arg(&dist)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while std::net::TcpStream::connect(&address).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the server did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Server { child, address }
    }

    /// SIGKILL: no shutdown, no flush, like a power cut to the process.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request on its own connection: the status and the JSON body (`None` if the connection broke).
async fn call(
    address: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Option<(u16, Value)> {
    let mut stream = TcpStream::connect(address).await.ok()?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let auth = token
        .map(|t| format!("authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "{method} /api/v1{path} HTTP/1.1\r\nhost: {address}\r\nconnection: close\r\n{auth}\
         content-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.ok()?;
    let answer = String::from_utf8(answer).ok()?;
    let (head, body) = answer.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, serde_json::from_str(body).unwrap_or(Value::Null)))
}

struct Member {
    space: String,
    token: String,
}

async fn new_space(address: &str) -> (Member, String) {
    let (space, join_token) = (uuid(), b64(&random::<32>()));
    let body = json!({ "space": space, "join_token": join_token, "wrapped_key": b64(&[1; 60]), "kdf": {},
                       "device_name": b64(&[2; 40]) });
    let (status, answer) = call(address, "POST", "/spaces", None, Some(&body)).await.unwrap();
    assert_eq!(status, 201, "{answer}");
    let token = answer["token"].as_str().unwrap().to_owned();
    (Member { space, token }, join_token)
}

async fn join_space(address: &str, space: &str, join_token: &str) -> Member {
    let body = json!({ "join_token": join_token, "device_name": b64(&[3; 40]) });
    let (status, answer) = call(
        address,
        "POST",
        &format!("/spaces/{space}/devices"),
        None,
        Some(&body),
    )
    .await
    .unwrap();
    assert_eq!(status, 201, "{answer}");
    Member {
        space: space.to_owned(),
        token: answer["token"].as_str().unwrap().to_owned(),
    }
}

/// Pushes one batch; the acknowledged (mutation, seq) pairs, or `None` if no answer came.
async fn push(address: &str, member: &Member, size: usize) -> Option<Vec<(String, i64)>> {
    let records: Vec<Value> = (0..size).map(|_| envelope()).collect();
    let path = format!("/spaces/{}/records", member.space);
    let body = json!({ "records": records });
    let (status, answer) = call(address, "POST", &path, Some(&member.token), Some(&body)).await?;
    (status == 200).then(|| {
        answer["accepted"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["mutation"].as_str().unwrap().to_owned(),
                    a["seq"].as_i64().unwrap(),
                )
            })
            .collect()
    })
}

async fn pull_all(address: &str, member: &Member) -> Vec<(String, i64)> {
    let (mut all, mut after) = (Vec::new(), 0);
    loop {
        let path = format!("/spaces/{}/records?after={after}&limit=1000", member.space);
        let (status, page) = call(address, "GET", &path, Some(&member.token), None)
            .await
            .unwrap();
        assert_eq!(status, 200, "{page}");
        for record in page["records"].as_array().unwrap() {
            all.push((
                record["mutation"].as_str().unwrap().to_owned(),
                record["seq"].as_i64().unwrap(),
            ));
        }
        after = page["next"].as_i64().unwrap();
        if page["more"] == false {
            return all;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_push_survives_a_sigkill_of_the_server() {
    for url in databases("sigkill").await {
        let server = Server::start(&url);
        let (member, _) = new_space(&server.address).await;
        let address = server.address.clone();
        let pushing = tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            while let Some(accepted) = push(&address, &member, 10).await {
                acknowledged.extend(accepted);
            }
            (member, acknowledged)
        });
        tokio::time::sleep(Duration::from_millis(700)).await;
        server.kill();
        let (member, acknowledged) = pushing.await.unwrap();
        assert!(
            acknowledged.len() >= 10,
            "{url}: some pushes were acknowledged before the kill"
        );

        let server = Server::start(&url);
        let stored = pull_all(&server.address, &member).await;
        for pair in &acknowledged {
            assert!(stored.contains(pair), "{url}: acknowledged {pair:?} was lost");
        }
        assert!(stored.windows(2).all(|w| w[0].1 < w[1].1));
        // The server goes on numbering after what it stored.
        let next = push(&server.address, &member, 1).await.unwrap();
        assert_eq!(next[0].1, stored.last().unwrap().1 + 1, "{url}");
    }
}

/// Reads a server-sent events stream until a poke at `seq` or later arrives.
async fn poked(stream: &mut TcpStream, seq: i64) {
    let mut seen = String::new();
    let mut buffer = [0; 4096];
    loop {
        let read = stream.read(&mut buffer).await.unwrap();
        assert!(read > 0, "the events stream ended");
        seen.push_str(&String::from_utf8_lossy(&buffer[..read]));
        let heard = seen
            .split("event: poke\ndata: ")
            .skip(1)
            .filter_map(|rest| rest.split('\n').next()?.parse::<i64>().ok());
        if heard.into_iter().any(|n| n >= seq) {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_server_processes_on_one_postgresql_number_and_poke_together() {
    let Some(url) = databases("two_processes")
        .await
        .into_iter()
        .find(|u| u.starts_with("postgres"))
    else {
        return; // SQLite is one process's file; PostgreSQL is what several processes share (CI always has it)
    };
    let (one, two) = (Server::start(&url), Server::start(&url));
    let (phone, join_token) = new_space(&one.address).await;
    let tablet = join_space(&two.address, &phone.space, &join_token).await;

    // The tablet listens on the second process.
    let mut events = TcpStream::connect(&two.address).await.unwrap();
    let request = format!(
        "GET /api/v1/spaces/{}/events HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {}\r\n\r\n",
        tablet.space, tablet.token
    );
    events.write_all(request.as_bytes()).await.unwrap();
    poked(&mut events, 0).await;

    let (a, b) = (one.address.clone(), two.address.clone());
    let phone_pushes = tokio::spawn(async move {
        let mut all = Vec::new();
        for _ in 0..20 {
            all.extend(push(&a, &phone, 5).await.unwrap());
        }
        (phone, all)
    });
    let mut numbers: Vec<i64> = Vec::new();
    for _ in 0..20 {
        numbers.extend(push(&b, &tablet, 5).await.unwrap().iter().map(|(_, seq)| *seq));
    }
    let (phone, pushed) = phone_pushes.await.unwrap();
    numbers.extend(pushed.iter().map(|(_, seq)| *seq));
    numbers.sort_unstable();
    assert_eq!(
        numbers,
        (1..=200).collect::<Vec<i64>>(),
        "every number once across both processes"
    );

    // A push through the first process pokes the tablet on the second within a second.
    push(&one.address, &phone, 1).await.unwrap();
    tokio::time::timeout(Duration::from_secs(1), poked(&mut events, 201))
        .await
        .expect("a poke from the other process within a second");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_data_moves_every_record_into_an_empty_database_and_refuses_a_full_one() {
    let source = sqlite_url("copy_source");
    let targets = databases("copy_target").await;
    let server = Server::start(&source);
    let (member, _) = new_space(&server.address).await;
    for _ in 0..25 {
        push(&server.address, &member, 100).await.unwrap();
    }
    let before = pull_all(&server.address, &member).await;
    let author = b64(&random::<32>());
    let story = json!({
        "text": "A pill box with the days on it made my mornings calmer, and I miss fewer doses now.",
        "conditions": ["asthma"],
        "consent": true,
    });
    let sent = call(
        &server.address,
        "POST",
        "/community/stories",
        Some(&author),
        Some(&story),
    )
    .await;
    assert_eq!(sent.unwrap().0, 201);
    drop(server);
    let invited = Command::new(env!("CARGO_BIN_EXE_tend-server"))
        .args([
            "moderator",
            "add",
            "Ana",
            "--database",
            &source,
            "--url",
            "https://tend.example/",
        ])
        .output()
        .unwrap();
    assert!(
        invited.status.success(),
        "{}",
        String::from_utf8_lossy(&invited.stderr)
    );
    let printed = String::from_utf8_lossy(&invited.stdout).into_owned();
    let link = printed
        .split_once("https://tend.example/moderate#signin=")
        .map(|(_, token)| token.trim().to_owned())
        .unwrap_or_else(|| panic!("a sign-in link: {printed}"));
    for target in targets.iter().rev() {
        let copy = |to: &str| {
            Command::new(env!("CARGO_BIN_EXE_tend-server"))
                .args(["copy-data", "--database", &source, "--to", to])
                .output()
                .unwrap()
        };
        let copied = copy(target);
        let said = String::from_utf8_lossy(&copied.stdout);
        assert!(
            copied.status.success(),
            "{target}: {}",
            String::from_utf8_lossy(&copied.stderr)
        );
        assert!(
            said.contains("spaces: 1, devices: 1, records: 2500, stories: 1"),
            "{said}"
        );
        assert!(said.contains("moderators: 1"), "{said}");
        let again = copy(target);
        assert!(!again.status.success());
        assert!(String::from_utf8_lossy(&again.stderr).contains("holds spaces or stories already"));

        let server = Server::start(target);
        assert_eq!(pull_all(&server.address, &member).await, before, "{target}");
        assert_eq!(
            push(&server.address, &member, 1).await.unwrap()[0].1,
            2501,
            "{target}: numbering goes on"
        );
        let mine = call(&server.address, "GET", "/community/mine", Some(&author), None).await;
        assert_eq!(mine.unwrap().1["stories"][0]["status"], "pending", "{target}");
        let signin = json!({ "signin": link });
        let signed = call(
            &server.address,
            "POST",
            "/moderation/session",
            None,
            Some(&signin),
        )
        .await;
        assert_eq!(
            signed.unwrap().1["name"],
            "Ana",
            "{target}: the printed link signs in"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planned_reminder_survives_a_sigkill_and_a_restart_and_is_sent_once() {
    let service = PushService::start().await;
    for database in databases("push_restart").await {
        let server = Server::start(&database);
        let (member, _) = new_space(&server.address).await;
        let name = format!("restart-{}", uuid());
        let subscriber = Subscriber::new();
        let path = format!("/spaces/{}/push/subscription", member.space);
        let endpoint = json!({ "endpoint": service.endpoint(&name) });
        let subscribed = call(
            &server.address,
            "PUT",
            &path,
            Some(&member.token),
            Some(&endpoint),
        )
        .await;
        assert_eq!(subscribed.unwrap().0, 204);
        let fire_at = now_millis() + 3000;
        let plan = json!({ "items": [{
            "fire_at": fire_at, "expires": fire_at + 600_000, "cancel": b64(&random::<32>()),
            "body": b64(&subscriber.seal("Time for your medicine")),
        }] });
        let path = format!("/spaces/{}/push/items", member.space);
        let planned = call(&server.address, "PUT", &path, Some(&member.token), Some(&plan)).await;
        assert_eq!(planned.unwrap().0, 204);
        server.kill();
        let _server = Server::start(&database);
        let arrived = service.wait_for(&name, 1, Duration::from_secs(15)).await;
        assert_eq!(arrived.len(), 1, "{database}: sent after the restart");
        assert!(arrived[0].at >= fire_at, "{database}: and not before its time");
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(service.arrived(&name).len(), 1, "{database}: once");
    }
}
