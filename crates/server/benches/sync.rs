//! Sync server throughput and latency (BENCHMARKS.md): 50 devices (25 spaces of a phone and a tablet) push batches
//! of 10 records of 200 sealed bytes as fast as they are answered, for 10 s, over HTTP/1.1 keep-alive on loopback;
//! then the time from a push on one device to its poke and pull on the other. Run by scripts/bench-server.sh, which
//! starts PostgreSQL; the databases to measure come as arguments (`sqlite://…`, `postgres://…`). Without any (as
//! `cargo test --all-targets` runs it), one short round on a temporary SQLite file checks that it still works.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tend_server::limits::Rate;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const DEVICES: usize = 50;
const BATCH: usize = 10;
const SEALED_BYTES: usize = 200;

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0; N];
    getrandom::fill(&mut bytes).unwrap();
    bytes
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn uuid() -> String {
    uuid::Uuid::from_bytes(random()).to_string()
}

/// One keep-alive HTTP/1.1 connection.
struct Connection {
    stream: BufReader<TcpStream>,
    address: SocketAddr,
}

impl Connection {
    async fn open(address: SocketAddr) -> Connection {
        let stream = TcpStream::connect(address).await.unwrap();
        stream.set_nodelay(true).unwrap();
        Connection {
            stream: BufReader::new(stream),
            address,
        }
    }

    async fn call(
        &mut self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let body = body.map(Value::to_string).unwrap_or_default();
        let auth = token
            .map(|t| format!("authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        let request = format!(
            "{method} /api/v1{path} HTTP/1.1\r\nhost: {}\r\n{auth}content-type: application/json\r\n\
             content-length: {}\r\n\r\n{body}",
            self.address,
            body.len()
        );
        self.stream.get_mut().write_all(request.as_bytes()).await.unwrap();
        let (mut line, mut status, mut length) = (String::new(), 0, 0);
        loop {
            line.clear();
            self.stream.read_line(&mut line).await.unwrap();
            if status == 0 {
                status = line.split(' ').nth(1).unwrap().parse().unwrap();
            } else if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap();
            } else if line == "\r\n" {
                break;
            }
        }
        let mut answer = vec![0; length];
        self.stream.read_exact(&mut answer).await.unwrap();
        (status, serde_json::from_slice(&answer).unwrap_or(Value::Null))
    }
}

struct Device {
    space: String,
    token: String,
}

async fn space_of_two(connection: &mut Connection) -> (Device, Device) {
    let (space, join_token) = (uuid(), b64(&random::<32>()));
    let body = json!({ "space": space, "join_token": join_token, "wrapped_key": b64(&[1; 60]), "kdf": {},
                       "device_name": b64(&[2; 40]) });
    let (_, created) = connection.call("POST", "/spaces", None, Some(&body)).await;
    let body = json!({ "join_token": join_token, "device_name": b64(&[3; 40]) });
    let (_, joined) = connection
        .call("POST", &format!("/spaces/{space}/devices"), None, Some(&body))
        .await;
    let device = |answer: &Value| Device {
        space: space.clone(),
        token: answer["token"].as_str().unwrap().to_owned(),
    };
    (device(&created), device(&joined))
}

fn batch() -> Value {
    let records: Vec<Value> = (0..BATCH)
        .map(|_| json!({ "mutation": uuid(), "sealed": b64(&random::<SEALED_BYTES>()) }))
        .collect();
    json!({ "records": records })
}

/// Pushes until the deadline, one after the other, or one every `every` (starting at `offset`); the latency of
/// each push.
async fn push_loop(
    address: SocketAddr,
    device: Device,
    until: Instant,
    pace: Option<(Duration, Duration)>,
) -> Vec<Duration> {
    let mut connection = Connection::open(address).await;
    let path = format!("/spaces/{}/records", device.space);
    let mut latencies = Vec::new();
    let mut ticks =
        pace.map(|(every, offset)| tokio::time::interval_at((Instant::now() + offset).into(), every));
    while Instant::now() < until {
        let body = batch();
        if let Some(ticks) = &mut ticks {
            ticks.tick().await;
        }
        let started = Instant::now();
        let (status, answer) = connection
            .call("POST", &path, Some(&device.token), Some(&body))
            .await;
        latencies.push(started.elapsed());
        assert_eq!(status, 200, "{answer}");
    }
    latencies
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// A push on the phone until the tablet, told by a poke on its events stream, has pulled it.
async fn push_to_pull(address: SocketAddr, phone: &Device, tablet: &Device) -> Duration {
    let mut events = TcpStream::connect(address).await.unwrap();
    let request = format!(
        "GET /api/v1/spaces/{}/events HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {}\r\n\r\n",
        tablet.space, tablet.token
    );
    events.write_all(request.as_bytes()).await.unwrap();
    let mut buffer = vec![0; 4096];
    let read = events.read(&mut buffer).await.unwrap(); // the headers and the first poke
    let newest = String::from_utf8_lossy(&buffer[..read]).to_string();
    let after: i64 = newest
        .rsplit("data: ")
        .next()
        .unwrap()
        .split('\n')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (mut pusher, mut puller) = (Connection::open(address).await, Connection::open(address).await);
    let started = Instant::now();
    let path = format!("/spaces/{}/records", phone.space);
    pusher
        .call("POST", &path, Some(&phone.token), Some(&batch()))
        .await;
    let mut heard = String::new();
    while !heard.contains("event: poke") {
        let read = events.read(&mut buffer).await.unwrap();
        heard.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
    let pull = format!("/spaces/{}/records?after={after}", tablet.space);
    let (_, page) = puller.call("GET", &pull, Some(&tablet.token), None).await;
    assert_eq!(page["records"].as_array().unwrap().len(), BATCH);
    started.elapsed()
}

async fn measure(url: &str, seconds: u64) {
    let generous = Rate::new(1_000_000, 1_000_000);
    let settings = tend_server::Settings {
        rates: (generous, generous),
        ..Default::default()
    };
    let sync = tend_server::open(url, settings).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let dist = std::env::temp_dir().join("tend-bench-dist");
    let app = tend_server::app(dist, sync.clone());
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .await
            .unwrap()
    });

    let mut setup = Connection::open(address).await;
    let mut devices = Vec::new();
    for _ in 0..DEVICES / 2 {
        let (phone, tablet) = space_of_two(&mut setup).await;
        devices.push(phone);
        devices.push(tablet);
    }
    let kind = url.split(':').next().unwrap();
    // As fast as answers come, then at the goal's rate: 1,000 records a second, each device every half second.
    for pace in [None, Some(Duration::from_millis(500))] {
        let until = Instant::now() + Duration::from_secs(seconds);
        let started = Instant::now();
        let loops: Vec<_> = devices
            .iter()
            .enumerate()
            .map(|(i, device)| {
                let device = Device {
                    space: device.space.clone(),
                    token: device.token.clone(),
                };
                let pace = pace.map(|every| (every, every * i as u32 / DEVICES as u32));
                tokio::spawn(push_loop(address, device, until, pace))
            })
            .collect();
        let mut latencies = Vec::new();
        for pushes in loops {
            latencies.extend(pushes.await.unwrap());
        }
        let elapsed = started.elapsed().as_secs_f64();
        latencies.sort_unstable();
        let records = latencies.len() * BATCH;
        println!(
            "{kind}, {}: {DEVICES} devices, batches of {BATCH}: {:.0} records/s ({} pushes in {elapsed:.1} s), \
             push latency p50 {:.1} ms, p99 {:.1} ms",
            if pace.is_some() { "paced at 1,000 records/s" } else { "flat out" },
            records as f64 / elapsed,
            latencies.len(),
            percentile(&latencies, 0.5).as_secs_f64() * 1e3,
            percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        );
    }

    let (phone, tablet) = space_of_two(&mut setup).await;
    let mut rounds = Vec::new();
    for _ in 0..20 {
        rounds.push(push_to_pull(address, &phone, &tablet).await);
    }
    rounds.sort_unstable();
    println!(
        "{kind}: a push on one device, poked and pulled on the other: median {:.1} ms, worst of 20 {:.1} ms",
        percentile(&rounds, 0.5).as_secs_f64() * 1e3,
        rounds.last().unwrap().as_secs_f64() * 1e3,
    );
    sync.store.close().await;
}

#[tokio::main]
async fn main() {
    let urls: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if urls.is_empty() {
        let file = std::env::temp_dir().join(format!("tend-bench-smoke-{}.sqlite3", std::process::id()));
        measure(&format!("sqlite://{}?mode=rwc", file.display()), 1).await;
        let _ = std::fs::remove_file(file);
    }
    for url in urls {
        measure(&url, 10).await;
    }
}
