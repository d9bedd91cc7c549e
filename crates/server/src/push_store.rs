//! Web Push in the database: the VAPID key pair, devices' subscriptions, and the reminders devices planned. A
//! reminder's body is sealed by its device for its own subscription (RFC 8291): the server holds its fire time,
//! when it stops being worth showing, an opaque topic and the hash of a cancel token, nothing it could read.

use crate::store::{hash, id, now, Hash, Id, Store};
use sqlx::Row;

/// A reminder as a device uploads it.
pub struct NewItem {
    pub fire_at: i64,
    pub expires: i64,
    pub topic: Option<String>,
    pub cancel_hash: Hash,
    pub body: Vec<u8>,
}

/// A reminder claimed for sending, with where it goes.
pub struct Due {
    pub id: Id,
    pub device: Id,
    pub expires: i64,
    pub topic: Option<String>,
    pub body: Vec<u8>,
    pub attempts: i64,
}

/// How long a process holds a claimed reminder before another may send it (a process that died while sending).
pub const CLAIM_MILLIS: i64 = 60_000;

impl Store {
    /// The server's VAPID key pair (private scalar, uncompressed public key), made by `make` the first time. Two
    /// processes starting at once on one PostgreSQL keep the same pair: the first insert wins.
    pub async fn vapid_keys(
        &self,
        make: impl FnOnce() -> ([u8; 32], Vec<u8>),
    ) -> sqlx::Result<([u8; 32], Vec<u8>)> {
        let read = || sqlx::query("SELECT private, public FROM push_keys WHERE id = 1");
        if let Some(row) = read().fetch_optional(&self.pool).await? {
            return key_pair(&row);
        }
        let (private, public) = make();
        sqlx::query(
            "INSERT INTO push_keys (id, private, public, created) VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&private[..])
        .bind(&public)
        .bind(now())
        .execute(&self.pool)
        .await?;
        key_pair(&read().fetch_one(&self.pool).await?)
    }

    /// This device's subscription, replacing the one it had.
    pub async fn subscribe(&self, space: &Id, device: &Id, endpoint: &str) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO push_subscriptions (device, space, endpoint, created) VALUES ($1, $2, $3, $4)
             ON CONFLICT (device) DO UPDATE SET endpoint = $3, created = $4",
        )
        .bind(&device[..])
        .bind(&space[..])
        .bind(endpoint)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Forgets a device's subscription and every reminder it planned.
    pub async fn unsubscribe(&self, device: &Id) -> sqlx::Result<()> {
        let mut tx = self.write().await?;
        for sql in [
            "DELETE FROM push_items WHERE device = $1",
            "DELETE FROM push_subscriptions WHERE device = $1",
        ] {
            sqlx::query(sql).bind(&device[..]).execute(&mut *tx).await?;
        }
        tx.commit().await
    }

    /// Replaces the reminders a device planned with `items`, in one transaction.
    pub async fn plan(&self, space: &Id, device: &Id, items: &[NewItem]) -> sqlx::Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM push_items WHERE device = $1")
            .bind(&device[..])
            .execute(&mut *tx)
            .await?;
        for item in items {
            sqlx::query(
                "INSERT INTO push_items (id, space, device, fire_at, expires, topic, cancel_hash, body, due)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $4)",
            )
            .bind(&crate::tokens::random::<16>()[..])
            .bind(&space[..])
            .bind(&device[..])
            .bind(item.fire_at)
            .bind(item.expires)
            .bind(item.topic.as_deref())
            .bind(&item.cancel_hash[..])
            .bind(&item.body)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await
    }

    /// Cancels the reminders of the space, on any of its devices, that carry these cancel tokens' hashes (a dose
    /// logged anywhere); answers how many.
    pub async fn cancel(&self, space: &Id, cancel_hashes: &[Hash]) -> sqlx::Result<u64> {
        let mut tx = self.write().await?;
        let mut cancelled = 0;
        for cancel in cancel_hashes {
            cancelled += sqlx::query("DELETE FROM push_items WHERE space = $1 AND cancel_hash = $2")
                .bind(&space[..])
                .bind(&cancel[..])
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        tx.commit().await?;
        Ok(cancelled)
    }

    /// Claims up to `limit` reminders that are due and that no living process holds. On PostgreSQL, processes
    /// claiming at once skip each other's rows, so each reminder goes to one process.
    pub async fn claim_due(&self, limit: i64) -> sqlx::Result<Vec<Due>> {
        let now = now();
        let sql = format!(
            "UPDATE push_items SET claimed = $1 WHERE id IN (
                 SELECT id FROM push_items WHERE due <= $2 AND (claimed IS NULL OR claimed < $2)
                 ORDER BY due LIMIT $3{}
             ) RETURNING id, device, expires, topic, body, attempts",
            self.dialect().skip_locked()
        );
        let mut tx = self.write().await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now + CLAIM_MILLIS)
            .bind(now)
            .bind(limit)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        rows.iter()
            .map(|row| {
                Ok(Due {
                    id: id(row, 0)?,
                    device: id(row, 1)?,
                    expires: row.try_get(2)?,
                    topic: row.try_get(3)?,
                    body: row.try_get(4)?,
                    attempts: row.try_get(5)?,
                })
            })
            .collect()
    }

    /// Where a device's reminders go: its subscription, unless it has none or was removed from its space.
    pub async fn endpoint_of(&self, device: &Id) -> sqlx::Result<Option<String>> {
        let row = sqlx::query(
            "SELECT s.endpoint FROM push_subscriptions s JOIN devices d ON d.id = s.device
             WHERE s.device = $1 AND d.revoked IS NULL",
        )
        .bind(&device[..])
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| row.try_get(0)).transpose()
    }

    /// A reminder that was sent, or will never be: gone.
    pub async fn done(&self, item: &Id) -> sqlx::Result<()> {
        sqlx::query("DELETE FROM push_items WHERE id = $1")
            .bind(&item[..])
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A reminder to try again at `due`, released for any process.
    pub async fn retry(&self, item: &Id, due: i64) -> sqlx::Result<()> {
        sqlx::query("UPDATE push_items SET due = $1, attempts = attempts + 1, claimed = NULL WHERE id = $2")
            .bind(due)
            .bind(&item[..])
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// How many reminders are waiting, for the tests and benchmarks.
    pub async fn pending_pushes(&self) -> sqlx::Result<i64> {
        sqlx::query("SELECT COUNT(*) FROM push_items")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)
    }
}

fn key_pair(row: &sqlx::any::AnyRow) -> sqlx::Result<([u8; 32], Vec<u8>)> {
    Ok((hash(row, 0)?, row.try_get(1)?))
}
