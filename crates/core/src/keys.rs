//! The recovery phrase and what it derives (docs/sync.md, "Keys and devices"): 12 words of the BIP-39 English
//! list carry 128 random bits; Argon2id turns them into a secret, and HKDF-SHA-256 turns that into the space's
//! id, its join token and the key that wraps the space key. The space key itself is random and made elsewhere
//! (the app's WebCrypto); nothing here encrypts.

use crate::dose::OccurrenceKey;
use argon2::{Algorithm, Argon2, Params, Version};
use hkdf::Hkdf;
use sha2::{Digest, Sha256};
use std::fmt;

/// Words in a recovery phrase.
pub const PHRASE_WORDS: usize = 12;

/// Argon2id's parameters, stored beside the wrapped key on the server. The space id derives from the secret, so
/// a device must know the parameters before it can find its space: they are fixed per version, and a version
/// this build does not know is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kdf {
    pub version: u32,
    /// Memory in KiB, passes, lanes.
    pub m: u32,
    pub t: u32,
    pub p: u32,
}

/// Version 1: 64 MiB, 3 passes, 1 lane.
pub const KDF_V1: Kdf = Kdf {
    version: 1,
    m: 65_536,
    t: 3,
    p: 1,
};

const SALT: &[u8] = b"tend-recovery-1";

impl Kdf {
    /// The form stored on the server.
    pub fn to_json(self) -> serde_json::Value {
        serde_json::json!({ "kdf": "argon2id", "m": self.m, "t": self.t, "p": self.p, "version": self.version })
    }

    /// The parameters a server answered, if they are a version this build knows.
    pub fn from_json(value: &serde_json::Value) -> Option<Kdf> {
        (*value == KDF_V1.to_json()).then_some(KDF_V1)
    }
}

/// Why a typed phrase is not a recovery phrase, to tell the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhraseError {
    WordCount(usize),
    /// The word's position from 1, and the word.
    UnknownWord(usize, String),
    /// Every word is on the list, but they do not fit together: one is mistyped or out of place.
    Checksum,
}

impl fmt::Display for PhraseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhraseError::WordCount(n) => {
                write!(f, "a recovery phrase has {PHRASE_WORDS} words; this has {n}")
            }
            PhraseError::UnknownWord(at, word) => {
                write!(f, "word {at}, \"{word}\", is not a recovery phrase word")
            }
            PhraseError::Checksum => write!(
                f,
                "these words are not a recovery phrase together: check each word and its place"
            ),
        }
    }
}

/// The phrase for 128 random bits.
pub fn phrase(entropy: &[u8; 16]) -> String {
    let mnemonic = bip39::Mnemonic::from_entropy(entropy).expect("128 bits make a phrase");
    let words: Vec<&str> = mnemonic.words().collect();
    words.join(" ")
}

/// A typed phrase in its one form (lower case, single spaces), or what is wrong with it.
pub fn parse_phrase(typed: &str) -> Result<String, PhraseError> {
    let words: Vec<String> = typed.split_whitespace().map(str::to_lowercase).collect();
    if words.len() != PHRASE_WORDS {
        return Err(PhraseError::WordCount(words.len()));
    }
    let list = bip39::Language::English.word_list();
    if let Some(at) = words.iter().position(|w| !list.contains(&w.as_str())) {
        return Err(PhraseError::UnknownWord(at + 1, words[at].clone()));
    }
    let normal = words.join(" ");
    bip39::Mnemonic::parse_in_normalized(bip39::Language::English, &normal)
        .map(|_| normal)
        .map_err(|_| PhraseError::Checksum)
}

/// What a phrase derives: unrelated values, so none tells anything about another.
#[derive(Clone, PartialEq, Eq)]
pub struct SpaceSecrets {
    pub space_id: [u8; 16],
    /// Proves the phrase to the server, which keeps only its SHA-256.
    pub join_token: [u8; 32],
    /// Wraps the space key (AES-256-GCM).
    pub wrap_key: [u8; 32],
}

impl fmt::Debug for SpaceSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SpaceSecrets(…)")
    }
}

/// Derives the space's values from a phrase [`parse_phrase`] accepted. Argon2id at 64 MiB takes a second or
/// two on a phone, which is the point: it makes guessing phrases slow.
pub fn derive(phrase: &str, kdf: Kdf) -> SpaceSecrets {
    let params = Params::new(kdf.m, kdf.t, kdf.p, Some(32)).expect("known parameters are valid");
    let mut secret = [0; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(phrase.as_bytes(), SALT, &mut secret)
        .expect("the phrase and salt fit Argon2's limits");
    let hkdf = Hkdf::<Sha256>::new(None, &secret);
    let mut secrets = SpaceSecrets {
        space_id: [0; 16],
        join_token: [0; 32],
        wrap_key: [0; 32],
    };
    hkdf.expand(b"space", &mut secrets.space_id)
        .and_then(|()| hkdf.expand(b"join", &mut secrets.join_token))
        .and_then(|()| hkdf.expand(b"wrap", &mut secrets.wrap_key))
        .expect("HKDF gives up to 8,160 bytes");
    secrets
}

/// What two devices' ephemeral P-256 keys give a pairing (docs/sync.md, "Keys and devices"): the AES-256-GCM key
/// the space key and the new device's name travel under, and the fingerprint both screens show.
#[derive(Clone, PartialEq, Eq)]
pub struct PairingSecrets {
    pub key: [u8; 32],
    pub fingerprint: String,
}

impl fmt::Debug for PairingSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PairingSecrets(…, {})", self.fingerprint)
    }
}

/// `shared` is the ECDH secret of the two keys; `offer` and `answer` are the existing and the new device's public
/// keys as they travelled. A server that swapped a key in between gives each side another shared secret, and
/// (but for one chance in 10^8 per try) another fingerprint.
pub fn pairing(shared: &[u8], offer: &[u8], answer: &[u8]) -> PairingSecrets {
    let keys = [offer, answer].concat();
    let mut key = [0; 32];
    Hkdf::<Sha256>::new(Some(&keys), shared)
        .expand(b"tend-pairing-key-1", &mut key)
        .expect("HKDF gives up to 8,160 bytes");
    let digest = Sha256::new()
        .chain_update(b"tend-pairing-fingerprint-1")
        .chain_update(&keys)
        .finalize();
    let number = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes")) % 100_000_000;
    PairingSecrets {
        key,
        fingerprint: format!("{:04} {:04}", number / 10_000, number % 10_000),
    }
}

/// What the server keeps of a device token's secret (a random secret needs no slow hash).
pub fn token_hash(secret: &[u8]) -> [u8; 32] {
    Sha256::digest(secret).into()
}

/// The token that cancels a dose's reminders planned at the server (docs/push.md): every device of the space
/// derives the same one from the space key, and the server, without the key, cannot tell which dose it names.
pub fn cancel_token(space_key: &[u8], space: &[u8; 16], dose: &OccurrenceKey) -> [u8; 32] {
    let info = format!("tend-push-cancel-1 {} {}", dose.schedule_id, dose.slot);
    let mut token = [0; 32];
    Hkdf::<Sha256>::new(Some(space), space_key)
        .expand(info.as_bytes(), &mut token)
        .expect("HKDF gives up to 8,160 bytes");
    token
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_the_standard_ones_and_round_trip() {
        // BIP-39's published vectors for these entropies.
        assert_eq!(
            phrase(&[0; 16]),
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
        );
        assert_eq!(
            phrase(&[0x7f; 16]),
            "legal winner thank year wave sausage worth useful legal winner thank yellow"
        );
        let typed = "  Legal winner THANK year wave sausage\nworth useful legal winner thank yellow ";
        assert_eq!(parse_phrase(typed).unwrap(), phrase(&[0x7f; 16]));
    }

    #[test]
    fn a_mistyped_phrase_says_what_is_wrong() {
        let good = phrase(&[0x7f; 16]);
        assert_eq!(parse_phrase("legal winner"), Err(PhraseError::WordCount(2)));
        let unknown = good.replacen("thank", "thanks", 1);
        assert_eq!(
            parse_phrase(&unknown),
            Err(PhraseError::UnknownWord(3, "thanks".into()))
        );
        let swapped = good.replacen("legal winner", "winner legal", 1);
        assert_eq!(parse_phrase(&swapped), Err(PhraseError::Checksum));
        assert!(PhraseError::Checksum.to_string().contains("check each word"));
    }

    #[test]
    fn only_known_parameters_are_accepted() {
        assert_eq!(Kdf::from_json(&KDF_V1.to_json()), Some(KDF_V1));
        let heavier = Kdf { m: 4 << 20, ..KDF_V1 }.to_json();
        assert_eq!(
            Kdf::from_json(&heavier),
            None,
            "a server cannot make a device allocate 4 GiB"
        );
        assert_eq!(Kdf::from_json(&serde_json::json!({})), None);
    }

    #[test]
    fn derivation_matches_the_reference_implementations() {
        // Computed independently: Argon2id by the reference C implementation (Python argon2-cffi's
        // hash_secret_raw, 64 MiB, 3 passes, 1 lane, 32 bytes, salt "tend-recovery-1"), then HKDF-SHA-256 with no
        // salt by Python's hmac, for the phrase of 0x7f × 16.
        let secrets = derive(&phrase(&[0x7f; 16]), KDF_V1);
        let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(hex(&secrets.space_id), SPACE_ID);
        assert_eq!(hex(&secrets.join_token), JOIN_TOKEN);
        assert_eq!(hex(&secrets.wrap_key), WRAP_KEY);
        assert_ne!(derive(&phrase(&[0x7e; 16]), KDF_V1), secrets);
        assert_eq!(
            format!("{secrets:?}"),
            "SpaceSecrets(…)",
            "secrets never reach a log"
        );
    }

    #[test]
    fn both_sides_of_a_pairing_get_one_key_and_fingerprint_and_a_swapped_key_another() {
        let (offer, answer, shared) = ([4; 65], [5; 65], [9; 32]);
        let mine = pairing(&shared, &offer, &answer);
        assert_eq!(pairing(&shared, &offer, &answer), mine);
        let fingerprint = mine.fingerprint.as_bytes();
        assert_eq!(fingerprint.len(), 9);
        assert!(fingerprint.iter().enumerate().all(|(i, &b)| if i == 4 {
            b == b' '
        } else {
            b.is_ascii_digit()
        }));
        let swapped = pairing(&shared, &offer, &[6; 65]);
        assert_ne!(swapped.fingerprint, mine.fingerprint);
        assert_ne!(swapped.key, mine.key);
        assert_ne!(pairing(&[8; 32], &offer, &answer).key, mine.key);
        assert!(!format!("{mine:?}").contains(&format!("{:?}", mine.key)));
        assert_eq!(
            token_hash(b"abc").map(|b| format!("{b:02x}")).concat(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "SHA-256, as the server hashes tokens"
        );
    }

    const SPACE_ID: &str = "557f8fc13c9dedf282406c4752836538";
    const JOIN_TOKEN: &str = "c017d89c0f3962420d22e5e09f9725a4fac28920074baebbfe1f8f00ae5c2f2c";
    const WRAP_KEY: &str = "6e76de9e1fe8091efed0448fca4b0a9e44e6231a093265e11c397ffd9ca972a5";

    #[test]
    fn a_cancel_token_is_the_same_on_every_device_and_names_one_dose_of_one_space() {
        use crate::Id;
        let slot = |t: &str| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M").unwrap();
        let dose = OccurrenceKey {
            schedule_id: Id::from_u128(7),
            slot: slot("2026-12-07 08:00"),
        };
        let token = cancel_token(&[1; 32], &[2; 16], &dose);
        assert_eq!(token, cancel_token(&[1; 32], &[2; 16], &dose));
        let evening = OccurrenceKey {
            slot: slot("2026-12-07 20:00"),
            ..dose
        };
        let other_schedule = OccurrenceKey {
            schedule_id: Id::from_u128(8),
            ..dose
        };
        for other in [
            cancel_token(&[1; 32], &[2; 16], &evening),
            cancel_token(&[1; 32], &[2; 16], &other_schedule),
            cancel_token(&[1; 32], &[3; 16], &dose),
            cancel_token(&[9; 32], &[2; 16], &dose),
        ] {
            assert_ne!(token, other);
        }
    }
}
