//! Pokes: after a push commits, the space's other listening devices hear its newest sequence number and pull.
//! One process tells its own listeners; processes sharing a PostgreSQL hear each other's pushes through
//! `LISTEN/NOTIFY` (the push's transaction sends the notification, so it goes out only if the push commits).

use crate::dialect::{Dialect, POKE_CHANNEL};
use crate::store::Id;
use tokio::sync::broadcast;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Poke {
    pub space: Id,
    /// The device that pushed, which needs no poke.
    pub from: Id,
    pub seq: i64,
}

#[derive(Clone)]
pub struct Pokes {
    sender: broadcast::Sender<Poke>,
    dialect: Dialect,
}

/// A poke as a notification's text: hex ids and the number.
pub fn encode(space: &Id, from: &Id, seq: i64) -> String {
    let hex = |id: &Id| id.iter().map(|b| format!("{b:02x}")).collect::<String>();
    format!("{} {} {seq}", hex(space), hex(from))
}

fn decode(text: &str) -> Option<Poke> {
    let mut parts = text.split(' ');
    let mut id = || -> Option<Id> {
        let hex = parts.next()?;
        let mut id = [0; 16];
        for (i, byte) in id.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        (hex.len() == 32).then_some(id)
    };
    let (space, from) = (id()?, id()?);
    Some(Poke {
        space,
        from,
        seq: parts.next()?.parse().ok()?,
    })
}

impl Pokes {
    /// Starts hearing other processes' pushes when the database is shared.
    pub async fn start(store: &crate::store::Store) -> Result<Pokes, String> {
        let (sender, _) = broadcast::channel(1024);
        if store.dialect() == Dialect::Postgres {
            let mut listener = sqlx::postgres::PgListener::connect(store.url())
                .await
                .map_err(|error| format!("cannot listen for pokes: {error}"))?;
            listener
                .listen(POKE_CHANNEL)
                .await
                .map_err(|error| format!("cannot listen for pokes: {error}"))?;
            let relay = sender.clone();
            tokio::spawn(async move {
                loop {
                    match listener.recv().await {
                        Ok(notification) => {
                            if let Some(poke) = decode(notification.payload()) {
                                let _ = relay.send(poke);
                            }
                        }
                        // The listener reconnects on the next call; devices also pull on their own triggers.
                        Err(error) => {
                            tracing::warn!(%error, "listening for pokes failed; retrying");
                            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                        }
                    }
                }
            });
        }
        Ok(Pokes {
            sender,
            dialect: store.dialect(),
        })
    }

    /// After a push committed. On PostgreSQL the notification the push sent comes back through the listener.
    pub fn pushed(&self, space: &Id, from: &Id, seq: i64) {
        if self.dialect.notify().is_none() {
            let _ = self.sender.send(Poke {
                space: *space,
                from: *from,
                seq,
            });
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Poke> {
        self.sender.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poke_survives_its_text_and_bad_text_is_ignored() {
        let poke = Poke {
            space: [0xab; 16],
            from: [1; 16],
            seq: 42,
        };
        assert_eq!(decode(&encode(&poke.space, &poke.from, poke.seq)), Some(poke));
        for bad in ["", "ab 01 1", &"a".repeat(100), "zz"] {
            assert_eq!(decode(bad), None);
        }
    }
}
