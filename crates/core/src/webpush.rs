//! Web Push message encryption (RFC 8291): the "aes128gcm" content coding of RFC 8188 in one record, keyed by an
//! ECDH agreement between a one-time key of the sender and the subscription's P-256 key, and the subscription's
//! authentication secret. The device encrypts its own reminders this way before it gives them to the server, so
//! the server forwards bytes it cannot read. Randomness (the one-time key and the salt) comes from the caller.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes128Gcm, Nonce};
use hkdf::Hkdf;
use p256::ecdh::diffie_hellman;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use sha2::Sha256;

/// The record size the header names: one record holds any push message (push services take 4,096 bytes).
const RECORD_SIZE: u32 = 4096;
/// Header: salt (16), record size (4), key id length (1), the sender's public key (65).
const HEADER: usize = 16 + 4 + 1 + 65;
/// The longest plaintext that fits a push message of 4,096 bytes (header, delimiter and tag taken off).
pub const MAX_PLAINTEXT: usize = 4096 - HEADER - 1 - 16;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PushError {
    /// A key that is not a P-256 point or scalar, or an authentication secret that is not 16 bytes.
    BadKey,
    TooLong,
    /// Bytes that are not a message for this subscription (or were changed).
    Unreadable,
}

/// The content-encryption key and nonce of RFC 8291 section 3.4 and RFC 8188 section 2.2.
fn keys(shared: &[u8], auth: &[u8], ua_public: &[u8], as_public: &[u8], salt: &[u8]) -> ([u8; 16], [u8; 12]) {
    let mut info = b"WebPush: info\0".to_vec();
    info.extend_from_slice(ua_public);
    info.extend_from_slice(as_public);
    let mut ikm = [0; 32];
    Hkdf::<Sha256>::new(Some(auth), shared)
        .expand(&info, &mut ikm)
        .expect("32 bytes is a valid HKDF length");
    let prk = Hkdf::<Sha256>::new(Some(salt), &ikm);
    let (mut cek, mut nonce) = ([0; 16], [0; 12]);
    prk.expand(b"Content-Encoding: aes128gcm\0", &mut cek)
        .expect("16 bytes is a valid HKDF length");
    prk.expand(b"Content-Encoding: nonce\0", &mut nonce)
        .expect("12 bytes is a valid HKDF length");
    (cek, nonce)
}

fn agreement(private: &SecretKey, public: &[u8]) -> Result<Vec<u8>, PushError> {
    let public = PublicKey::from_sec1_bytes(public).map_err(|_| PushError::BadKey)?;
    let shared = diffie_hellman(private.to_nonzero_scalar(), public.as_affine());
    Ok(shared.raw_secret_bytes().to_vec())
}

/// Encrypts `plaintext` for a subscription (`ua_public`, its uncompressed P-256 key, and `auth`, its 16-byte
/// secret), with the sender's one-time private key and a random 16-byte salt.
pub fn encrypt(
    plaintext: &[u8],
    ua_public: &[u8],
    auth: &[u8],
    one_time: &[u8; 32],
    salt: &[u8; 16],
) -> Result<Vec<u8>, PushError> {
    Sealer::new(ua_public, auth, one_time)?.seal(plaintext, salt)
}

/// Encrypts many messages for one subscription with one sender key: the key agreement, the costly part, is
/// done once, and each message's own salt still gives it its own key and nonce (RFC 8188 section 2.2). A device
/// seals its whole plan of reminders this way.
pub struct Sealer {
    ua_public: Vec<u8>,
    auth: Vec<u8>,
    as_public: Vec<u8>,
    shared: Vec<u8>,
}

impl Sealer {
    pub fn new(ua_public: &[u8], auth: &[u8], one_time: &[u8; 32]) -> Result<Sealer, PushError> {
        if auth.len() != 16 {
            return Err(PushError::BadKey);
        }
        let private = SecretKey::from_slice(one_time).map_err(|_| PushError::BadKey)?;
        Ok(Sealer {
            ua_public: ua_public.to_vec(),
            auth: auth.to_vec(),
            as_public: uncompressed(&private),
            shared: agreement(&private, ua_public)?,
        })
    }

    /// One message, under a salt never used before with this sealer.
    pub fn seal(&self, plaintext: &[u8], salt: &[u8; 16]) -> Result<Vec<u8>, PushError> {
        if plaintext.len() > MAX_PLAINTEXT {
            return Err(PushError::TooLong);
        }
        let (cek, nonce) = keys(&self.shared, &self.auth, &self.ua_public, &self.as_public, salt);
        let mut record = plaintext.to_vec();
        record.push(2); // the last (and only) record's delimiter, with no padding after it
        let sealed = Aes128Gcm::new(&cek.into())
            .encrypt(Nonce::from_slice(&nonce), record.as_slice())
            .map_err(|_| PushError::TooLong)?;
        let mut body = Vec::with_capacity(HEADER + sealed.len());
        body.extend_from_slice(salt);
        body.extend_from_slice(&RECORD_SIZE.to_be_bytes());
        body.push(self.as_public.len() as u8);
        body.extend_from_slice(&self.as_public);
        body.extend_from_slice(&sealed);
        Ok(body)
    }
}

/// Decrypts a message with the subscription's private key and secret, as a browser does.
pub fn decrypt(body: &[u8], ua_private: &[u8; 32], auth: &[u8]) -> Result<Vec<u8>, PushError> {
    let private = SecretKey::from_slice(ua_private).map_err(|_| PushError::BadKey)?;
    let (salt, rest) = body.split_at_checked(16).ok_or(PushError::Unreadable)?;
    let (_record_size, rest) = rest.split_at_checked(4).ok_or(PushError::Unreadable)?;
    let (&id_length, rest) = rest.split_first().ok_or(PushError::Unreadable)?;
    let (as_public, sealed) = rest
        .split_at_checked(usize::from(id_length))
        .ok_or(PushError::Unreadable)?;
    let ua_public = uncompressed(&private);
    let shared = agreement(&private, as_public)?;
    let (cek, nonce) = keys(&shared, auth, &ua_public, as_public, salt);
    let mut record = Aes128Gcm::new(&cek.into())
        .decrypt(Nonce::from_slice(&nonce), Payload::from(sealed))
        .map_err(|_| PushError::Unreadable)?;
    // Padding is zeros after the delimiter; the last record's delimiter is 2.
    while record.last() == Some(&0) {
        record.pop();
    }
    match record.pop() {
        Some(2) => Ok(record),
        _ => Err(PushError::Unreadable),
    }
}

/// The uncompressed public key of a P-256 private key: a subscription's, or a sender's.
pub fn public_key(private: &[u8; 32]) -> Result<Vec<u8>, PushError> {
    let private = SecretKey::from_slice(private).map_err(|_| PushError::BadKey)?;
    Ok(uncompressed(&private))
}

fn uncompressed(private: &SecretKey) -> Vec<u8> {
    private.public_key().to_encoded_point(false).as_bytes().to_vec()
}
