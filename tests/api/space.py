"""Creates a space on the server at argv[1] and prints SPACE=… and TOKEN=… for scripts/api-fuzz.sh's shell."""
import base64
import json
import os
import sys
import urllib.request
import uuid


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


space = str(uuid.uuid4())
body = {
    "space": space,
    "join_token": b64(os.urandom(32)),
    "wrapped_key": b64(os.urandom(60)),
    "kdf": {"kdf": "argon2id", "m": 65536, "t": 3, "p": 1, "version": 1},
    "device_name": b64(os.urandom(40)),
}
request = urllib.request.Request(
    f"{sys.argv[1]}/api/v1/spaces",
    data=json.dumps(body).encode(),
    headers={"content-type": "application/json"},
    method="POST",
)
with urllib.request.urlopen(request) as response:
    answer = json.load(response)
print(f"SPACE={space}")
print(f"TOKEN={answer['token']}")
