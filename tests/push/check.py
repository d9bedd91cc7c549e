"""The server's Web Push, checked by the reference Python libraries of the Web Push world: a push service on
loopback (RFC 8030) takes what a real tend-server sends, py_vapid checks the VAPID signature (RFC 8292) and
http_ece opens the message with the subscription's private key (RFC 8291). The "device" here seals with http_ece
too, so no Tend code is on either end. Checks: sent at its time and not before, opened to the bytes sealed, with
Urgency, Topic and a TTL; a cancelled reminder never comes. argv[1] is the server's address."""

import base64
import json
import os
import sys
import threading
import time
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02

SERVER = sys.argv[1]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def raw_public(key) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def call(method: str, path: str, body=None, token=None):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{SERVER}/api/v1{path}", data=data, headers=headers, method=method)
    with urllib.request.urlopen(request) as response:
        text = response.read()
        return json.loads(text) if text else None


# The browser's side: its subscription keys, and the push service that keeps what arrives.
subscription_key = ec.generate_private_key(ec.SECP256R1())
auth_secret = os.urandom(16)
arrived = []


class PushService(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        arrived.append((time.time(), self.path, dict(self.headers), body))
        self.send_response(201)
        self.end_headers()

    def log_message(self, *args):
        pass


service = ThreadingHTTPServer(("127.0.0.1", 0), PushService)
threading.Thread(target=service.serve_forever, daemon=True).start()
service_origin = f"http://127.0.0.1:{service.server_address[1]}"

# A space with one device, subscribed.
space = str(uuid.uuid4())
created = call("POST", "/spaces", {
    "space": space,
    "join_token": b64(os.urandom(32)),
    "wrapped_key": b64(os.urandom(60)),
    "kdf": {"kdf": "argon2id", "m": 65536, "t": 3, "p": 1, "version": 1},
    "device_name": b64(os.urandom(40)),
})
token = created["token"]
call("PUT", f"/spaces/{space}/push/subscription", {"endpoint": f"{service_origin}/push/check"}, token)
server_key = call("GET", "/push/key")["key"]


def sealed(plaintext: bytes) -> str:
    """What a device uploads: the message sealed for the subscription (aes128gcm, a fresh sender key)."""
    sender = ec.generate_private_key(ec.SECP256R1())
    body = http_ece.encrypt(plaintext, private_key=sender, dh=raw_public(subscription_key), auth_secret=auth_secret, version="aes128gcm")
    return b64(body)


now_ms = int(time.time() * 1000)
fire_at = now_ms + 2500
kept, cancelled = os.urandom(32), os.urandom(32)
message = json.dumps({"notification": {"title": "Time for your medicine"}}).encode()
call("PUT", f"/spaces/{space}/push/items", {"items": [
    {"fire_at": fire_at, "expires": fire_at + 3_600_000, "topic": b64(kept[:24]), "cancel": b64(kept), "body": sealed(message)},
    {"fire_at": fire_at, "expires": fire_at + 3_600_000, "topic": b64(cancelled[:24]), "cancel": b64(cancelled), "body": sealed(b"cancelled")},
]}, token)
answer = call("POST", f"/spaces/{space}/push/cancel", {"cancel": [b64(cancelled)]}, token)
assert answer == {"cancelled": 1}, answer

deadline = time.time() + 15
while not arrived and time.time() < deadline:
    time.sleep(0.05)
time.sleep(2)  # room for a second (wrong) push to arrive
assert len(arrived) == 1, f"{len(arrived)} pushes arrived, not 1"
at, path, headers, body = arrived[0]
headers = {k.lower(): v for k, v in headers.items()}
assert path == "/push/check", path
assert at * 1000 >= fire_at, f"sent {fire_at - at * 1000:.0f} ms before its time"
lateness = at * 1000 - fire_at

# RFC 8292, checked by py_vapid (which wants the two parameters with no space between them).
authorization = headers["authorization"]
assert Vapid02.verify(authorization.replace(", ", ",")), "the VAPID signature does not verify"
params = dict(p.strip().split("=", 1) for p in authorization.split(" ", 1)[1].split(","))
assert params["k"] == server_key, "signed with another key than the server publishes"
claims = json.loads(unb64(params["t"].split(".")[1]))
assert claims["aud"] == service_origin, claims
assert time.time() < claims["exp"] <= time.time() + 24 * 3600, claims
assert claims["sub"], claims

# RFC 8291, opened by http_ece with the subscription's private key.
opened = http_ece.decrypt(body, private_key=subscription_key, auth_secret=auth_secret, version="aes128gcm")
assert opened == message, opened
assert headers["content-encoding"] == "aes128gcm", headers
assert headers["urgency"] == "high", headers
assert headers["topic"] == b64(kept[:24]), headers
assert 0 < int(headers["ttl"]) <= 3600, headers
print(f"push check: one push, {lateness:.0f} ms after its time, VAPID verified by py_vapid, opened by http_ece; the cancelled one never came")
