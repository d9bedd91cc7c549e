//! End-to-end encryption for sync, through the browser's WebCrypto (docs/sync.md, "Encrypted records"): the
//! random space key, its wrapping by the key a recovery phrase derives, and sealing a record's plaintext with
//! AES-256-GCM bound to its space and mutation id. Nothing here knows records; `tend_core::sync` makes the
//! plaintexts and `tend_core::keys` the derived values.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

const NONCE: usize = 12;
const SEAL_CONTEXT: &[u8] = b"tend-sync-1";
const WRAP_CONTEXT: &[u8] = b"tend-wrap-1";
const PAIRING_CONTEXT: &[u8] = b"tend-pairing-space-key-1";

/// Why a sealed value did not open: a wrong key (a mistyped phrase gives another key), or bytes changed or moved
/// to another space or mutation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CryptoError(pub String);

impl From<JsValue> for CryptoError {
    fn from(error: JsValue) -> CryptoError {
        let name = Reflect::get(&error, &"name".into())
            .ok()
            .and_then(|n| n.as_string());
        CryptoError(name.unwrap_or_else(|| "WebCrypto failed".into()))
    }
}

/// The space's AES-256-GCM key. It can be stored in IndexedDB as it is (a `CryptoKey` survives structured
/// cloning), and exported only to be wrapped.
#[derive(Clone, Debug)]
pub struct SpaceKey(pub CryptoKey);

fn subtle() -> Result<SubtleCrypto, CryptoError> {
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(|| CryptoError("this browser has no WebCrypto".into()))?;
    Ok(crypto.subtle())
}

/// `n` random bytes from the browser's random source.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, CryptoError> {
    let mut bytes = vec![0; n];
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(|| CryptoError("this browser has no WebCrypto".into()))?
        .get_random_values_with_u8_array(&mut bytes)?;
    Ok(bytes)
}

fn aes_gcm() -> Object {
    let algorithm = Object::new();
    let _ = Reflect::set(&algorithm, &"name".into(), &"AES-GCM".into());
    algorithm
}

fn usages(list: &[&str]) -> Array {
    list.iter().map(|u| JsValue::from_str(u)).collect()
}

async fn resolved(promise: js_sys::Promise) -> Result<JsValue, CryptoError> {
    Ok(JsFuture::from(promise).await?)
}

/// A new random space key.
pub async fn new_space_key() -> Result<SpaceKey, CryptoError> {
    let algorithm = aes_gcm();
    let _ = Reflect::set(&algorithm, &"length".into(), &256.into());
    let usages = usages(&["encrypt", "decrypt"]);
    let promise = subtle()?.generate_key_with_object(&algorithm, true, &usages)?;
    Ok(SpaceKey(resolved(promise).await?.unchecked_into()))
}

async fn import(raw: &[u8], extractable: bool) -> Result<CryptoKey, CryptoError> {
    let usages = usages(&["encrypt", "decrypt"]);
    let bytes = Uint8Array::from(raw);
    let promise = subtle()?.import_key_with_object("raw", &bytes, &aes_gcm(), extractable, &usages)?;
    Ok(resolved(promise).await?.unchecked_into())
}

async fn encrypt(key: &CryptoKey, associated: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let nonce = random_bytes(NONCE)?;
    let params = web_sys::AesGcmParams::new("AES-GCM", &Uint8Array::from(&nonce[..]));
    params.set_additional_data(&Uint8Array::from(associated));
    let promise = subtle()?.encrypt_with_object_and_u8_array(&params, key, plaintext)?;
    let ciphertext = Uint8Array::new(&resolved(promise).await?).to_vec();
    Ok([nonce, ciphertext].concat())
}

async fn decrypt(key: &CryptoKey, associated: &[u8], sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if sealed.len() < NONCE + 16 {
        return Err(CryptoError("too short to be sealed".into()));
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE);
    let params = web_sys::AesGcmParams::new("AES-GCM", &Uint8Array::from(nonce));
    params.set_additional_data(&Uint8Array::from(associated));
    let promise = subtle()?.decrypt_with_object_and_u8_array(&params, key, ciphertext)?;
    Ok(Uint8Array::new(&resolved(promise).await?).to_vec())
}

fn sealing_context(space: &[u8; 16], mutation: &[u8; 16]) -> Vec<u8> {
    [SEAL_CONTEXT, space, mutation].concat()
}

/// A record's plaintext sealed for the server: nonce ‖ ciphertext ‖ tag, bound to its space and mutation id.
pub async fn seal(
    key: &SpaceKey,
    space: &[u8; 16],
    mutation: &[u8; 16],
    plaintext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    encrypt(&key.0, &sealing_context(space, mutation), plaintext).await
}

/// Opens what [`seal`] made; any change, or a move to another space or mutation, fails.
pub async fn open(
    key: &SpaceKey,
    space: &[u8; 16],
    mutation: &[u8; 16],
    sealed: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    decrypt(&key.0, &sealing_context(space, mutation), sealed).await
}

/// The space key's bytes: to wrap it, and to derive the cancel tokens of reminders (`sync::push`).
pub async fn export(key: &SpaceKey) -> Result<Vec<u8>, CryptoError> {
    Ok(Uint8Array::new(&resolved(subtle()?.export_key("raw", &key.0)?).await?).to_vec())
}

/// The space key wrapped by the phrase's wrapping key, for the server to keep.
pub async fn wrap(key: &SpaceKey, wrap_key: &[u8; 32], space: &[u8; 16]) -> Result<Vec<u8>, CryptoError> {
    let raw = export(key).await?;
    let wrapping = import(wrap_key, false).await?;
    encrypt(&wrapping, &[WRAP_CONTEXT, space].concat(), &raw).await
}

/// The space key again, from what [`wrap`] made; a wrong phrase fails here.
pub async fn unwrap(wrapped: &[u8], wrap_key: &[u8; 32], space: &[u8; 16]) -> Result<SpaceKey, CryptoError> {
    let wrapping = import(wrap_key, false).await?;
    let raw = decrypt(&wrapping, &[WRAP_CONTEXT, space].concat(), wrapped).await?;
    Ok(SpaceKey(import(&raw, true).await?))
}

/// One side's ephemeral P-256 key pair for a pairing; the private half never leaves WebCrypto.
pub struct PairingKeys {
    private: CryptoKey,
    /// Uncompressed, as the server takes it.
    pub public: Vec<u8>,
}

fn ecdh() -> Object {
    let algorithm = Object::new();
    let _ = Reflect::set(&algorithm, &"name".into(), &"ECDH".into());
    let _ = Reflect::set(&algorithm, &"namedCurve".into(), &"P-256".into());
    algorithm
}

pub async fn pairing_keys() -> Result<PairingKeys, CryptoError> {
    let promise = subtle()?.generate_key_with_object(&ecdh(), false, &usages(&["deriveBits"]))?;
    let pair = resolved(promise).await?;
    let half = |name: &str| -> Result<CryptoKey, CryptoError> {
        Ok(Reflect::get(&pair, &name.into())?.unchecked_into())
    };
    let raw = resolved(subtle()?.export_key("raw", &half("publicKey")?)?).await?;
    Ok(PairingKeys {
        private: half("privateKey")?,
        public: Uint8Array::new(&raw).to_vec(),
    })
}

/// The key two paired devices share, and the fingerprint to compare: `offer` and `answer` are both sides'
/// public keys as they travelled, one of them this device's.
pub struct PairingKey {
    key: CryptoKey,
    pub fingerprint: String,
}

impl PairingKeys {
    pub async fn with(&self, offer: &[u8], answer: &[u8]) -> Result<PairingKey, CryptoError> {
        let theirs = if offer == self.public { answer } else { offer };
        let promise = subtle()?.import_key_with_object(
            "raw",
            &Uint8Array::from(theirs),
            &ecdh(),
            true,
            &Array::new(),
        )?;
        let their_key: CryptoKey = resolved(promise).await?.unchecked_into();
        let algorithm = ecdh();
        let _ = Reflect::set(&algorithm, &"public".into(), &their_key);
        let bits = resolved(subtle()?.derive_bits_with_object(&algorithm, &self.private, 256)?).await?;
        let secrets = tend_core::keys::pairing(&Uint8Array::new(&bits).to_vec(), offer, answer);
        Ok(PairingKey {
            key: import(&secrets.key, false).await?,
            fingerprint: secrets.fingerprint,
        })
    }
}

impl PairingKey {
    /// The space key, sealed for the new device.
    pub async fn seal_space_key(&self, key: &SpaceKey) -> Result<Vec<u8>, CryptoError> {
        encrypt(&self.key, PAIRING_CONTEXT, &export(key).await?).await
    }

    /// The space key the existing device sealed; it stays exportable, so this device can add others.
    pub async fn open_space_key(&self, sealed: &[u8]) -> Result<SpaceKey, CryptoError> {
        let raw = decrypt(&self.key, PAIRING_CONTEXT, sealed).await?;
        Ok(SpaceKey(import(&raw, true).await?))
    }
}
