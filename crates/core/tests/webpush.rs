//! RFC 8291's worked example (its section 5 and appendix A), byte for byte, and the round trip around it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use tend_core::webpush::{decrypt, encrypt, public_key, PushError, Sealer, MAX_PLAINTEXT};

fn b64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}

const PLAINTEXT: &[u8] = b"When I grow up, I want to be a watermelon";
const AS_PRIVATE: &str = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
const AS_PUBLIC: &str =
    "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
const UA_PRIVATE: &str = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
const UA_PUBLIC: &str =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";
const SALT: &str = "DGv6ra1nlYgDCS1FRnbzlw";
const BODY: &str = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

fn key(text: &str) -> [u8; 32] {
    b64(text).try_into().unwrap()
}

#[test]
fn the_rfc_example_encrypts_to_its_bytes_and_decrypts_back() {
    assert_eq!(public_key(&key(AS_PRIVATE)).unwrap(), b64(AS_PUBLIC));
    assert_eq!(public_key(&key(UA_PRIVATE)).unwrap(), b64(UA_PUBLIC));
    let salt: [u8; 16] = b64(SALT).try_into().unwrap();
    let body = encrypt(PLAINTEXT, &b64(UA_PUBLIC), &b64(AUTH), &key(AS_PRIVATE), &salt).unwrap();
    assert_eq!(body, b64(BODY));
    assert_eq!(
        decrypt(&b64(BODY), &key(UA_PRIVATE), &b64(AUTH)).unwrap(),
        PLAINTEXT
    );
}

#[test]
fn a_changed_message_another_secret_or_a_bad_key_is_refused() {
    let mut changed = b64(BODY);
    let last = changed.len() - 1;
    changed[last] ^= 1;
    assert_eq!(
        decrypt(&changed, &key(UA_PRIVATE), &b64(AUTH)),
        Err(PushError::Unreadable)
    );
    assert_eq!(
        decrypt(&b64(BODY), &key(UA_PRIVATE), &[0; 16]),
        Err(PushError::Unreadable)
    );
    assert_eq!(
        decrypt(&b64(BODY)[..40], &key(UA_PRIVATE), &b64(AUTH)),
        Err(PushError::Unreadable)
    );
    let salt = [7; 16];
    assert_eq!(
        encrypt(PLAINTEXT, &[4; 65], &b64(AUTH), &key(AS_PRIVATE), &salt),
        Err(PushError::BadKey)
    );
    assert_eq!(
        encrypt(PLAINTEXT, &b64(UA_PUBLIC), &[1; 15], &key(AS_PRIVATE), &salt),
        Err(PushError::BadKey)
    );
    let long = vec![b'a'; MAX_PLAINTEXT + 1];
    assert_eq!(
        encrypt(&long, &b64(UA_PUBLIC), &b64(AUTH), &key(AS_PRIVATE), &salt),
        Err(PushError::TooLong)
    );
    let longest = vec![b'a'; MAX_PLAINTEXT];
    let body = encrypt(&longest, &b64(UA_PUBLIC), &b64(AUTH), &key(AS_PRIVATE), &salt).unwrap();
    assert_eq!(body.len(), 4096, "the longest message is what push services take");
    assert_eq!(decrypt(&body, &key(UA_PRIVATE), &b64(AUTH)).unwrap(), longest);
}

#[test]
fn one_sealer_seals_many_messages_each_under_its_own_salt() {
    let sealer = Sealer::new(&b64(UA_PUBLIC), &b64(AUTH), &key(AS_PRIVATE)).unwrap();
    let salt: [u8; 16] = b64(SALT).try_into().unwrap();
    assert_eq!(sealer.seal(PLAINTEXT, &salt).unwrap(), b64(BODY));
    let bodies: Vec<Vec<u8>> = (0..3u8)
        .map(|i| sealer.seal(&[b'a' + i; 20], &[i; 16]).unwrap())
        .collect();
    for (i, body) in bodies.iter().enumerate() {
        assert_eq!(
            decrypt(body, &key(UA_PRIVATE), &b64(AUTH)).unwrap(),
            [b'a' + i as u8; 20]
        );
    }
    assert_ne!(bodies[0][86..], bodies[1][86..], "another salt, another key");
}
