// A Web Push service for the tests, taking messages as a browser maker's push service does (RFC 8030): it
// checks each message's VAPID signature (RFC 8292) and opens it with the subscription's private key (RFC 8291),
// with Node's own crypto rather than any of Tend's code, and records what arrived and when. Headless Chromium
// has no push service of its own here (no network), so the page is given a subscription at this one.
import { createServer } from "node:http";
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from "node:crypto";

const b64 = (bytes) => Buffer.from(bytes).toString("base64url");
const unb64 = (text) => Buffer.from(text, "base64url");

/** Starts the service on loopback: its subscription (endpoint and keys, base64url), what it received, and
 * `open` for a message sealed for that subscription. */
export async function startPushService() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = randomBytes(16);
  const received = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      try {
        const vapid = checkVapid(request.headers.authorization, origin);
        const payload = JSON.parse(open(Buffer.concat(chunks)));
        received.push({ at: Date.now(), headers: request.headers, vapid, payload });
        response.writeHead(201).end();
      } catch (error) {
        received.push({ at: Date.now(), error: String(error) });
        response.writeHead(400).end();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const open = (body) => decrypt(body, ecdh, auth);
  return {
    subscription: { endpoint: `${origin}/push/tend-e2e`, p256dh: b64(ecdh.getPublicKey()), auth: b64(auth) },
    received,
    open,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** RFC 8291: one aes128gcm record, keyed from the ECDH secret of the sender's key (in the header) and ours. */
function decrypt(body, ecdh, auth) {
  const salt = body.subarray(0, 16);
  const idLength = body[20];
  const senderKey = body.subarray(21, 21 + idLength);
  const sealed = body.subarray(21 + idLength);
  const shared = ecdh.computeSecret(senderKey);
  const info = Buffer.concat([Buffer.from("WebPush: info\0"), ecdh.getPublicKey(), senderKey]);
  const ikm = Buffer.from(hkdfSync("sha256", shared, auth, info, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(sealed.subarray(-16));
  const record = Buffer.concat([decipher.update(sealed.subarray(0, -16)), decipher.final()]);
  let end = record.length - 1;
  while (end >= 0 && record[end] === 0) end--;
  if (record[end] !== 2) throw new Error("the record has no last-record delimiter");
  return record.subarray(0, end).toString("utf8");
}

/** RFC 8292: `vapid t=<ES256 JWT>, k=<P-256 public key>`, for this push service's origin, not expired. */
function checkVapid(header, origin) {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header || "");
  if (!match) throw new Error(`no VAPID authorization: ${header}`);
  const [, jwt, k] = match;
  const [head, claims, signature] = jwt.split(".");
  const raw = unb64(k);
  const key = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: b64(raw.subarray(1, 33)), y: b64(raw.subarray(33, 65)) },
    format: "jwk",
  });
  const signed = verify("sha256", Buffer.from(`${head}.${claims}`), { key, dsaEncoding: "ieee-p1363" }, unb64(signature));
  if (!signed) throw new Error("the VAPID signature does not verify");
  const { alg } = JSON.parse(unb64(head));
  const { aud, exp, sub } = JSON.parse(unb64(claims));
  const now = Date.now() / 1000;
  if (alg !== "ES256" || aud !== origin || !(exp > now && exp <= now + 24 * 3600) || !sub) {
    throw new Error(`bad VAPID claims: ${alg} ${aud} ${exp} ${sub}`);
  }
  return { key: k, sub };
}
