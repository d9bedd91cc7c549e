//! Secrets the server hands out or checks: device tokens (stored only as SHA-256), join-token hashes, and the
//! short-lived tickets a browser's EventSource carries in its URL, since it cannot send an Authorization header.

use crate::store::{Hash, Id};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    bytes
}

pub fn digest(bytes: &[u8]) -> Hash {
    Sha256::digest(bytes).into()
}

/// Equal in time that does not depend on where they differ.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

pub fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

/// A token that names its row: an id (so the server finds the row without a search by secret) and 32 random
/// bytes. A device's token, a moderator's sign-in link and a moderator's session are each one.
pub struct IdToken {
    pub id: Id,
    pub secret: [u8; 32],
}

impl IdToken {
    pub fn new(id: Id) -> IdToken {
        IdToken { id, secret: random() }
    }

    pub fn to_text(&self) -> String {
        encode(&[&self.id[..], &self.secret[..]].concat())
    }

    pub fn parse(text: &str) -> Option<IdToken> {
        let bytes = decode(text)?;
        let (id, secret) = bytes.split_at_checked(16)?;
        Some(IdToken {
            id: id.try_into().ok()?,
            secret: secret.try_into().ok()?,
        })
    }

    pub fn hash(&self) -> Hash {
        digest(&self.secret)
    }

    /// The secret's Argon2id hash, for a moderator's secrets (see [`slow_hash`]).
    pub fn slow_hash(&self) -> Vec<u8> {
        slow_hash(&self.secret)
    }
}

/// Argon2id at OWASP's smallest recommended cost (19 MiB, 2 passes, 1 lane): a moderator signs in and acts a few
/// times an hour, so each check can afford it.
fn argon2() -> argon2::Argon2<'static> {
    let params = argon2::Params::new(19 * 1024, 2, 1, Some(32)).expect("fixed parameters are valid");
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// A secret's stored form: a random 16-byte salt, then its 32-byte Argon2id hash.
pub fn slow_hash(secret: &[u8]) -> Vec<u8> {
    let salt: [u8; 16] = random();
    let mut hash = [0; 32];
    argon2()
        .hash_password_into(secret, &salt, &mut hash)
        .expect("a 16-byte salt and a 32-byte output are within Argon2's bounds");
    [&salt[..], &hash[..]].concat()
}

/// Whether `secret` is the one `stored` was made from by [`slow_hash`].
pub fn slow_matches(secret: &[u8], stored: &[u8]) -> bool {
    let Some((salt, hash)) = stored.split_at_checked(16) else {
        return false;
    };
    let mut computed = [0; 32];
    argon2().hash_password_into(secret, salt, &mut computed).is_ok() && same(&computed, hash)
}

/// Crockford's base32: no I, L, O or U to misread.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH: usize = 8;

/// A pairing's short code, 40 random bits as `ABCD-EFGH`: typed or scanned on the new device.
pub fn pairing_code() -> String {
    let bytes: [u8; CODE_LENGTH] = random();
    let code: String = bytes
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(b % 32)]))
        .collect();
    format!("{}-{}", &code[..4], &code[4..])
}

/// The hash the server keeps of a code as typed: any case, with or without the dash and spaces, O for 0 and I or
/// L for 1. `None` if it is not a code at all.
pub fn pairing_code_hash(typed: &str) -> Option<Hash> {
    let code: String = typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    let valid = code.len() == CODE_LENGTH && code.bytes().all(|b| CODE_ALPHABET.contains(&b));
    valid.then(|| digest(&[b"tend-pairing-1".as_slice(), code.as_bytes()].concat()))
}

/// How long an events ticket lets a device open its stream.
pub const TICKET_MILLIS: i64 = 60_000;

/// A ticket: the device, when it expires, and a MAC keyed by the device's token hash, so any server process can
/// check it against the database and it dies with the device's token.
pub fn ticket(device: &Id, token_hash: &Hash, expires: i64) -> String {
    let mut bytes = Vec::with_capacity(56);
    bytes.extend_from_slice(device);
    bytes.extend_from_slice(&expires.to_be_bytes());
    bytes.extend_from_slice(&ticket_mac(token_hash, &bytes));
    encode(&bytes)
}

/// The ticket's device and expiry, before its MAC is checked with [`ticket_is_valid`].
pub fn ticket_parts(ticket: &str) -> Option<(Id, i64, Vec<u8>)> {
    let bytes = decode(ticket)?;
    if bytes.len() != 56 {
        return None;
    }
    let device = bytes[..16].try_into().ok()?;
    let expires = i64::from_be_bytes(bytes[16..24].try_into().ok()?);
    Some((device, expires, bytes))
}

pub fn ticket_is_valid(bytes: &[u8], token_hash: &Hash, now: i64) -> bool {
    let expires = i64::from_be_bytes(bytes[16..24].try_into().expect("8 bytes"));
    same(&ticket_mac(token_hash, &bytes[..24]), &bytes[24..]) && now <= expires
}

fn ticket_mac(token_hash: &Hash, message: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(token_hash).expect("HMAC takes any key length");
    mac.update(b"tend-events-1");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_bad_ones_are_refused() {
        let token = IdToken::new([7; 16]);
        let parsed = IdToken::parse(&token.to_text()).unwrap();
        assert_eq!((parsed.id, parsed.secret), (token.id, token.secret));
        for bad in ["", "not base64!", &encode(&[1; 47]), &encode(&[1; 49])] {
            assert!(IdToken::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn a_slow_hash_matches_only_its_secret_and_is_salted() {
        let stored = slow_hash(b"moderator secret");
        assert_eq!(stored.len(), 48);
        assert!(slow_matches(b"moderator secret", &stored));
        assert!(!slow_matches(b"moderator secreT", &stored));
        assert!(!slow_matches(b"moderator secret", &stored[..40]));
        assert_ne!(slow_hash(b"moderator secret"), stored);
    }

    #[test]
    fn a_pairing_code_is_read_however_it_is_typed() {
        let code = pairing_code();
        assert_eq!(code.len(), 9);
        let hash = pairing_code_hash(&code).unwrap();
        assert_eq!(
            pairing_code_hash(&code.to_lowercase().replace('-', " ")),
            Some(hash)
        );
        assert_eq!(pairing_code_hash("0000-1111"), pairing_code_hash("oooo-ilIL"));
        for bad in ["", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFG!", "ABCD-EFGU"] {
            assert_eq!(pairing_code_hash(bad), None, "{bad}");
        }
        assert_ne!(pairing_code(), pairing_code());
    }

    #[test]
    fn a_ticket_holds_only_for_its_token_and_its_time() {
        let hash = digest(b"secret");
        let text = ticket(&[3; 16], &hash, 1_000);
        let (device, expires, bytes) = ticket_parts(&text).unwrap();
        assert_eq!((device, expires), ([3; 16], 1_000));
        assert!(ticket_is_valid(&bytes, &hash, 1_000));
        assert!(!ticket_is_valid(&bytes, &hash, 1_001), "expired");
        assert!(!ticket_is_valid(&bytes, &digest(b"other"), 0), "another token");
        let mut forged = bytes.clone();
        forged[17] ^= 1;
        assert!(!ticket_is_valid(&forged, &hash, 0), "a changed expiry");
        assert!(ticket_parts("short").is_none());
    }
}
