//! Community stories and their moderation, on every database the tests reach: what authors may send, that only
//! reviewed stories are ever served, moderators' decisions and log, reports and "this helped me", the limits, and
//! a moderator's session refused from anywhere but the server's own pages.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::*;
use serde_json::{json, Value};

const STORY: &str = "Taking my tablets every morning got easier once I kept them beside the kettle. \
    Some weeks I still forget, and that is all right.";

fn token() -> String {
    b64(&random::<32>())
}

async fn submit(api: &Api, author: &str, text: &str) -> Answer {
    let body = json!({ "text": text, "conditions": ["high-blood-pressure"], "consent": true });
    api.call(Method::POST, "/community/stories", Some(author), Some(body))
        .await
}

async fn submitted(api: &Api, author: &str, text: &str) -> String {
    let answer = submit(api, author, text).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    answer.body["story"].as_str().unwrap().to_owned()
}

async fn published(api: &Api, query: &str) -> Vec<Value> {
    let answer = api
        .call(Method::GET, &format!("/community/stories{query}"), None, None)
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    answer.body["stories"].as_array().unwrap().clone()
}

async fn mine(api: &Api, author: &str) -> Vec<Value> {
    let answer = api.call(Method::GET, "/community/mine", Some(author), None).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    answer.body["stories"].as_array().unwrap().clone()
}

/// A signed-in moderator: the session cookie and its CSRF token, as the moderation page holds them.
struct Moderator {
    cookie: String,
    csrf: String,
}

async fn sign_in(api: &Api, name: &str) -> Moderator {
    let link = tend_server::moderation::invite(&api.sync.store, name)
        .await
        .unwrap();
    let answer = api
        .call(
            Method::POST,
            "/moderation/session",
            None,
            Some(json!({ "signin": link })),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let cookie = answer.headers["set-cookie"].to_str().unwrap();
    Moderator {
        cookie: cookie.split(';').next().unwrap().to_owned(),
        csrf: answer.body["csrf"].as_str().unwrap().to_owned(),
    }
}

impl Moderator {
    /// A request from the moderation page: the cookie, the CSRF token, and the page's own origin.
    fn request(&self, method: Method, path: &str) -> axum::http::request::Builder {
        Request::builder()
            .method(method)
            .uri(format!("/api/v1{path}"))
            .header("host", "tend.test")
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .header("origin", "http://tend.test")
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/json")
    }

    async fn send(&self, api: &Api, method: Method, path: &str, body: Option<Value>) -> Answer {
        let text = body.as_ref().map_or(String::new(), Value::to_string);
        let request = self.request(method, path).body(Body::from(text)).unwrap();
        api.raw(request).await
    }

    async fn decide(&self, api: &Api, story: &str, decision: Value) -> Answer {
        let path = format!("/moderation/stories/{story}/decision");
        self.send(api, Method::POST, &path, Some(decision)).await
    }

    async fn publish(&self, api: &Api, story: &str) {
        let answer = self.decide(api, story, json!({ "decision": "publish" })).await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT, "{:?}", answer.body);
    }

    async fn queue(&self, api: &Api, status: &str) -> Vec<Value> {
        let path = format!("/moderation/stories?status={status}");
        let answer = self.send(api, Method::GET, &path, None).await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        answer.body["stories"].as_array().unwrap().clone()
    }
}

#[tokio::test]
async fn a_story_with_a_phone_an_email_or_dosing_advice_sent_straight_to_the_api_is_refused() {
    for url in databases("stories_refused").await {
        let api = Api::open(&url, GENEROUS).await;
        let author = token();
        for (text, problem) in [
            (format!("{STORY} Call me on 555-123-4567."), "phone"),
            (format!("{STORY} Write to me at someone@example.org."), "email"),
            (
                format!("{STORY} If you forget one, just double up."),
                "dosing_advice",
            ),
            (format!("{STORY} I take 500 mg now."), "dosing_advice"),
            ("Too short.".to_owned(), "too_short"),
        ] {
            let answer = submit(&api, &author, &text).await;
            assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
            let problems = answer.body["problems"].as_array().unwrap();
            assert!(
                problems.iter().any(|p| p["problem"] == problem),
                "{text}: {problems:?}"
            );
        }
        let no_consent = json!({ "text": STORY, "conditions": ["asthma"], "consent": false });
        let answer = api
            .call(
                Method::POST,
                "/community/stories",
                Some(&author),
                Some(no_consent),
            )
            .await;
        assert_eq!(answer.body["problems"][0]["problem"], "no_consent");
        let unknown = json!({ "text": STORY, "conditions": ["<b>x</b>"], "consent": true });
        let answer = api
            .call(Method::POST, "/community/stories", Some(&author), Some(unknown))
            .await;
        assert_eq!(answer.body["problems"][0]["problem"], "unknown_condition");
        let answer = submit(&api, "not-a-token", STORY).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        let answer = api
            .call(
                Method::POST,
                "/community/stories",
                Some(&author),
                Some(json!({ "text": 1 })),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
        // A fresh server: this one's address has sent its ten submissions of the hour.
        let api = Api::open(&url, GENEROUS).await;
        let huge = submit(&api, &author, &"a".repeat(tend_server::community::MAX_STORY_BODY)).await;
        assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
        let long = submit(&api, &author, &"word ".repeat(1001)).await;
        assert_eq!(long.body["problems"][0]["problem"], "too_long");
        assert!(mine(&api, &author).await.is_empty(), "{url}: nothing stored");
    }
}

#[tokio::test]
async fn nothing_unreviewed_is_served_and_authors_follow_publish_redact_decline_and_withdraw() {
    for url in databases("stories_life").await {
        let api = Api::open(&url, GENEROUS).await;
        let (author, moderator) = (token(), sign_in(&api, "Ana").await);
        let markup = format!("{STORY} <script>alert(1)</script> <b>bold</b>");
        let first = submitted(&api, &author, &markup).await;
        let second = submitted(
            &api,
            &author,
            &format!("{STORY} My neighbour on the corner helps."),
        )
        .await;
        let third = submitted(&api, &author, &format!("{STORY} Buy the pills I sell.")).await;
        assert!(
            published(&api, "").await.is_empty(),
            "{url}: nothing before review"
        );
        let statuses: Vec<_> = mine(&api, &author)
            .await
            .iter()
            .map(|s| s["status"].clone())
            .collect();
        assert_eq!(statuses, ["pending", "pending", "pending"]);
        assert_eq!(moderator.queue(&api, "pending").await.len(), 3);

        moderator.publish(&api, &first).await;
        let remove = json!({ "decision": "publish", "remove": ["on the corner"] });
        let answer = moderator.decide(&api, &second, remove).await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT, "{:?}", answer.body);
        let decline = json!({ "decision": "decline", "reason": "It reads as an advertisement." });
        assert_eq!(
            moderator.decide(&api, &third, decline).await.status,
            StatusCode::NO_CONTENT
        );

        let shown = published(&api, "?condition=high-blood-pressure").await;
        assert_eq!(shown.len(), 2);
        let texts: Vec<&str> = shown.iter().map(|s| s["text"].as_str().unwrap()).collect();
        assert!(texts.contains(&markup.as_str()), "markup kept as the text it is");
        assert!(texts.iter().any(|t| t.ends_with("My neighbour [removed] helps.")));
        assert!(published(&api, "?condition=asthma").await.is_empty());
        let answer = api
            .call(Method::GET, "/community/stories?condition=nope", None, None)
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);

        let declined = mine(&api, &author)
            .await
            .into_iter()
            .find(|s| s["story"] == third)
            .unwrap();
        assert_eq!(declined["status"], "declined");
        assert_eq!(declined["reason"], "It reads as an advertisement.");

        // Another author cannot withdraw it, and is told nothing about it.
        let path = format!("/community/stories/{first}");
        let other = api.call(Method::DELETE, &path, Some(&token()), None).await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
        let withdrawn = api.call(Method::DELETE, &path, Some(&author), None).await;
        assert_eq!(withdrawn.status, StatusCode::NO_CONTENT);
        assert_eq!(published(&api, "").await.len(), 1, "{url}: withdrawn is gone");
        let mine = mine(&api, &author).await;
        let gone = mine.iter().find(|s| s["story"] == first).unwrap();
        assert_eq!(
            (gone["status"].as_str(), gone["text"].as_str()),
            (Some("withdrawn"), Some(""))
        );
        let again = moderator
            .decide(&api, &first, json!({ "decision": "publish" }))
            .await;
        assert_eq!(
            again.status,
            StatusCode::NOT_FOUND,
            "a withdrawn story cannot be published"
        );

        let bad = json!({ "decision": "publish", "remove": ["not in the story"] });
        assert_eq!(
            moderator.decide(&api, &second, bad).await.status,
            StatusCode::BAD_REQUEST
        );
        let no_reason = json!({ "decision": "decline" });
        assert_eq!(
            moderator.decide(&api, &second, no_reason).await.status,
            StatusCode::BAD_REQUEST
        );

        let log = moderator.send(&api, Method::GET, "/moderation/log", None).await;
        let entries = log.body["entries"].as_array().unwrap();
        let actions: Vec<(&str, &str)> = entries
            .iter()
            .map(|e| {
                (
                    e["action"].as_str().unwrap(),
                    e["moderator"].as_str().unwrap_or("-"),
                )
            })
            .collect();
        for expected in [
            ("published", "Ana"),
            ("declined", "Ana"),
            ("withdrawn by its author", "-"),
        ] {
            assert!(actions.contains(&expected), "{url}: {actions:?}");
        }
        assert!(entries.iter().any(|e| e["detail"] == "passages removed: 1"));
        assert_eq!(entries.len(), 4);
    }
}

#[tokio::test]
async fn reports_from_three_readers_hide_a_story_until_a_moderator_publishes_it_again() {
    for url in databases("stories_reports").await {
        let api = Api::open(&url, GENEROUS).await;
        let moderator = sign_in(&api, "Ben").await;
        let story = submitted(&api, &token(), STORY).await;
        moderator.publish(&api, &story).await;
        let report = |reader: String, reason: &'static str| {
            let api = api.clone();
            let path = format!("/community/stories/{story}/reports");
            async move {
                let body = json!({ "reason": reason, "note": "please look" });
                api.call(Method::POST, &path, Some(&reader), Some(body)).await
            }
        };
        let same = token();
        for _ in 0..3 {
            assert_eq!(
                report(same.clone(), "harmful").await.status,
                StatusCode::NO_CONTENT
            );
        }
        assert_eq!(
            published(&api, "").await.len(),
            1,
            "{url}: one reader counts once"
        );
        assert_eq!(report(token(), "nonsense").await.status, StatusCode::BAD_REQUEST);
        report(token(), "promotion").await;
        report(token(), "other").await;
        assert!(
            published(&api, "").await.is_empty(),
            "{url}: hidden after three readers"
        );
        assert_eq!(report(token(), "other").await.status, StatusCode::NOT_FOUND);
        let hidden = moderator.queue(&api, "hidden").await;
        assert_eq!(hidden.len(), 1);
        assert_eq!(hidden[0]["reports"].as_array().unwrap().len(), 3);
        assert_eq!(hidden[0]["reports"][0], "harmful: please look");

        moderator.publish(&api, &story).await;
        assert_eq!(published(&api, "").await.len(), 1, "{url}: back after review");
        report(token(), "other").await;
        assert_eq!(
            published(&api, "").await.len(),
            1,
            "{url}: the count started again"
        );
        let log = moderator.send(&api, Method::GET, "/moderation/log", None).await;
        assert!(log.body["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "hidden by readers' reports" && e["detail"] == "reports: 3"));
    }
}

#[tokio::test]
async fn this_helped_me_counts_each_device_once_and_only_for_published_stories() {
    for url in databases("stories_helped").await {
        let api = Api::open(&url, GENEROUS).await;
        let moderator = sign_in(&api, "Cy").await;
        let story = submitted(&api, &token(), STORY).await;
        let path = format!("/community/stories/{story}/helped");
        let reader = token();
        let early = api.call(Method::POST, &path, Some(&reader), None).await;
        assert_eq!(early.status, StatusCode::NOT_FOUND, "{url}: not before review");
        moderator.publish(&api, &story).await;
        for (who, count) in [(&reader, 1), (&reader, 1), (&token(), 2)] {
            let answer = api.call(Method::POST, &path, Some(who), None).await;
            assert_eq!(answer.body["helped"], count, "{url}");
        }
        assert_eq!(published(&api, "").await[0]["helped"], 2);
        let unknown = format!("/community/stories/{}/helped", uuid());
        assert_eq!(
            api.call(Method::POST, &unknown, Some(&reader), None).await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn submissions_are_limited_per_device_token_and_per_address() {
    let url = databases("stories_limits").await.remove(0);
    let api = Api::open(&url, GENEROUS).await;
    let author = token();
    for _ in 0..5 {
        submitted(&api, &author, STORY).await;
    }
    let sixth = submit(&api, &author, STORY).await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(sixth.headers.contains_key("retry-after"));
    for _ in 0..4 {
        submitted(&api, &token(), STORY).await;
    }
    let eleventh = submit(&api, &token(), STORY).await;
    assert_eq!(
        eleventh.status,
        StatusCode::TOO_MANY_REQUESTS,
        "ten an hour from one address"
    );
    assert!(api
        .call(Method::GET, "/community/stories", None, None)
        .await
        .status
        .is_success());
}

#[tokio::test]
async fn a_moderator_session_cannot_be_used_cross_site_or_after_it_ends() {
    for url in databases("stories_sessions").await {
        let api = Api::open(&url, GENEROUS).await;
        let link = tend_server::moderation::invite(&api.sync.store, "Dee")
            .await
            .unwrap();
        let sign_in = || {
            api.call(
                Method::POST,
                "/moderation/session",
                None,
                Some(json!({ "signin": link })),
            )
        };
        let answer = sign_in().await;
        let cookie = answer.headers["set-cookie"].to_str().unwrap().to_owned();
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/moderation"] {
            assert!(cookie.contains(attribute), "{cookie}");
        }
        assert_eq!(
            sign_in().await.status,
            StatusCode::UNAUTHORIZED,
            "{url}: a link works once"
        );
        let moderator = Moderator {
            cookie: cookie.split(';').next().unwrap().to_owned(),
            csrf: answer.body["csrf"].as_str().unwrap().to_owned(),
        };
        let story = submitted(&api, &token(), STORY).await;
        let path = format!("/api/v1/moderation/stories/{story}/decision");
        let publish = || Body::from(json!({ "decision": "publish" }).to_string());
        let attempts = [
            ("no CSRF token", "x-csrf-token", ""),
            ("another session's CSRF token", "x-csrf-token", "AAAA"),
            ("another site's origin", "origin", "https://evil.example"),
            ("a cross-site fetch", "sec-fetch-site", "cross-site"),
        ];
        for (what, name, value) in attempts {
            let mut request = moderator.request(Method::POST, "/x").body(publish()).unwrap();
            *request.uri_mut() = path.parse().unwrap();
            request.headers_mut().insert(name, value.parse().unwrap());
            let answer = api.raw(request).await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{url}: {what}");
        }
        let stranger = Request::builder()
            .method(Method::POST)
            .uri(&path)
            .header("content-type", "application/json")
            .body(publish())
            .unwrap();
        assert_eq!(api.raw(stranger).await.status, StatusCode::UNAUTHORIZED);
        let forged = Moderator {
            cookie: format!("tend_moderator={}", b64(&random::<48>())),
            csrf: moderator.csrf.clone(),
        };
        assert_eq!(forged.queue_status(&api).await, StatusCode::UNAUTHORIZED);
        assert!(
            published(&api, "").await.is_empty(),
            "{url}: no attempt published it"
        );

        let who = moderator
            .send(&api, Method::GET, "/moderation/session", None)
            .await;
        assert_eq!(
            (who.body["name"].as_str(), who.body["csrf"].as_str()),
            (Some("Dee"), Some(moderator.csrf.as_str()))
        );
        let out = moderator
            .send(&api, Method::DELETE, "/moderation/session", None)
            .await;
        assert_eq!(out.status, StatusCode::NO_CONTENT);
        assert_eq!(
            moderator.queue_status(&api).await,
            StatusCode::UNAUTHORIZED,
            "{url}: signed out"
        );

        let removed = self::sign_in(&api, "Eve").await;
        assert!(api.sync.store.remove_moderator("Eve").await.unwrap());
        assert_eq!(
            removed.queue_status(&api).await,
            StatusCode::UNAUTHORIZED,
            "{url}: removed"
        );
    }
}

impl Moderator {
    async fn queue_status(&self, api: &Api) -> StatusCode {
        self.send(api, Method::GET, "/moderation/stories", None)
            .await
            .status
    }
}

#[tokio::test]
async fn a_story_about_self_harm_is_flagged_for_the_urgent_help_box() {
    let url = databases("stories_urgent").await.remove(0);
    let api = Api::open(&url, GENEROUS).await;
    let moderator = sign_in(&api, "Flo").await;
    let text = format!("{STORY} Last winter I thought about suicide, and talking to someone helped.");
    let answer = submit(&api, &token(), &text).await;
    assert_eq!(answer.body["urgent"], true);
    moderator
        .publish(&api, answer.body["story"].as_str().unwrap())
        .await;
    assert_eq!(published(&api, "").await[0]["urgent"], true);
    assert_eq!(submit(&api, &token(), STORY).await.body["urgent"], false);
}

#[tokio::test]
async fn the_session_cookie_is_secure_behind_an_https_proxy_and_only_there() {
    let url = databases("stories_secure").await.remove(0);
    for (trust_proxy, proto, secure) in [
        (true, "https", true),
        (true, "http", false),
        (false, "https", false),
    ] {
        let api = Api::open_with(&url, GENEROUS, trust_proxy).await;
        let link = tend_server::moderation::invite(&api.sync.store, "Gus")
            .await
            .unwrap();
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/moderation/session")
            .header("content-type", "application/json")
            .header("x-forwarded-proto", proto)
            .body(Body::from(json!({ "signin": link }).to_string()))
            .unwrap();
        let answer = api.raw(request).await;
        let cookie = answer.headers["set-cookie"].to_str().unwrap();
        assert_eq!(
            cookie.ends_with("; Secure"),
            secure,
            "{trust_proxy} {proto}: {cookie}"
        );
    }
}
