//! Sealing records and wrapping the space key through the browser's WebCrypto, with the phrase-derived values
//! from the core: what opens, and everything that must not.

use tend::crypto::{new_space_key, open, pairing_keys, random_bytes, seal, unwrap, wrap};
use tend_core::keys::{derive, phrase, KDF_V1};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SPACE: [u8; 16] = [1; 16];
const MUTATION: [u8; 16] = [2; 16];

#[wasm_bindgen_test]
async fn a_sealed_record_opens_only_in_its_space_under_its_mutation_unchanged() {
    let key = new_space_key().await.unwrap();
    let plaintext = b"a record's padded plaintext".to_vec();
    let sealed = seal(&key, &SPACE, &MUTATION, &plaintext).await.unwrap();
    assert_eq!(sealed.len(), 12 + plaintext.len() + 16, "nonce, ciphertext, tag");
    assert!(
        !sealed.windows(8).any(|w| w == &plaintext[..8]),
        "no plaintext shows"
    );
    assert_eq!(open(&key, &SPACE, &MUTATION, &sealed).await.unwrap(), plaintext);

    let again = seal(&key, &SPACE, &MUTATION, &plaintext).await.unwrap();
    assert_ne!(again, sealed, "a fresh nonce each time");
    assert!(
        open(&key, &[9; 16], &MUTATION, &sealed).await.is_err(),
        "moved to another space"
    );
    assert!(
        open(&key, &SPACE, &[9; 16], &sealed).await.is_err(),
        "passed off as another mutation"
    );
    let mut changed = sealed.clone();
    changed[20] ^= 1;
    assert!(
        open(&key, &SPACE, &MUTATION, &changed).await.is_err(),
        "a changed byte"
    );
    assert!(
        open(&key, &SPACE, &MUTATION, &sealed[..20]).await.is_err(),
        "cut short"
    );
    let other = new_space_key().await.unwrap();
    assert!(
        open(&other, &SPACE, &MUTATION, &sealed).await.is_err(),
        "another space's key"
    );
}

#[wasm_bindgen_test]
async fn the_space_key_unwraps_with_the_right_phrase_only() {
    let right = derive(&phrase(&[0x7f; 16]), KDF_V1);
    let key = new_space_key().await.unwrap();
    let wrapped = wrap(&key, &right.wrap_key, &right.space_id).await.unwrap();
    let unwrapped = unwrap(&wrapped, &right.wrap_key, &right.space_id).await.unwrap();
    let sealed = seal(&key, &SPACE, &MUTATION, b"dose").await.unwrap();
    assert_eq!(
        open(&unwrapped, &SPACE, &MUTATION, &sealed).await.unwrap(),
        b"dose"
    );

    let wrong = derive(&phrase(&[0x7e; 16]), KDF_V1);
    assert!(
        unwrap(&wrapped, &wrong.wrap_key, &right.space_id).await.is_err(),
        "a wrong phrase"
    );
    assert!(
        unwrap(&wrapped, &right.wrap_key, &wrong.space_id).await.is_err(),
        "another space's wrapping"
    );
    assert_eq!(random_bytes(32).unwrap().len(), 32);
    assert_ne!(random_bytes(16).unwrap(), random_bytes(16).unwrap());
}

#[wasm_bindgen_test]
async fn paired_devices_share_a_key_and_numbers_and_one_in_between_gets_neither() {
    let (existing, new) = (pairing_keys().await.unwrap(), pairing_keys().await.unwrap());
    assert_eq!(
        (existing.public.len(), existing.public[0]),
        (65, 4),
        "uncompressed P-256"
    );
    let (offer, answer) = (existing.public.clone(), new.public.clone());
    let here = existing.with(&offer, &answer).await.unwrap();
    let there = new.with(&offer, &answer).await.unwrap();
    assert_eq!(here.fingerprint, there.fingerprint);
    let space_key = new_space_key().await.unwrap();
    let sealed = here.seal_space_key(&space_key).await.unwrap();
    let delivered = there.open_space_key(&sealed).await.unwrap();
    let record = seal(&delivered, &SPACE, &MUTATION, b"sealed on the new device")
        .await
        .unwrap();
    assert_eq!(
        open(&space_key, &SPACE, &MUTATION, &record).await.unwrap(),
        b"sealed on the new device",
        "the delivered key is the space key, and it can seal"
    );
    // A server that answered the offer with its own key sees other numbers, and cannot open the space key.
    let between = pairing_keys().await.unwrap();
    let forged = existing.with(&offer, &between.public).await.unwrap();
    assert_ne!(forged.fingerprint, there.fingerprint);
    let its_view = between.with(&offer, &between.public).await.unwrap();
    assert!(its_view.open_space_key(&sealed).await.is_err());
}
