//! The server's data: spaces, their devices, and their encrypted records, in SQLite or PostgreSQL through one
//! code path. It holds nothing a person wrote in clear: ids, hashes, sealed bytes, sizes and times.

use crate::dialect::Dialect;
use sqlx::any::{AnyArguments, AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, AssertSqlSafe, Row};
use std::time::{SystemTime, UNIX_EPOCH};

pub type Id = [u8; 16];
pub type Hash = [u8; 32];

/// Milliseconds since 1970, UTC.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as i64)
}

#[derive(Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    dialect: Dialect,
    url: String,
}

/// A space as its first device creates it.
pub struct NewSpace {
    pub id: Id,
    pub join_hash: Hash,
    pub wrapped_key: Vec<u8>,
    pub kdf: String,
}

/// A device as it joins: its name is sealed by the device, so the server cannot read it.
pub struct NewDevice {
    pub id: Id,
    pub name: Vec<u8>,
    pub token_hash: Hash,
}

/// What a device's token is checked against.
pub struct Credentials {
    pub space: Id,
    pub token_hash: Hash,
    pub revoked: bool,
    pub last_seen: i64,
}

pub struct Device {
    pub id: Id,
    pub name: Vec<u8>,
    pub created: i64,
    pub last_seen: i64,
    pub revoked: Option<i64>,
}

pub struct Envelope {
    pub mutation: Id,
    pub sealed: Vec<u8>,
}

pub struct Stored {
    pub seq: i64,
    pub mutation: Id,
    pub sealed: Vec<u8>,
}

pub enum Created {
    Created,
    /// The space exists and the join token matches: the device should join instead.
    Exists,
    /// The space exists and the join token does not match (answered like a space that does not exist).
    Refused,
}

pub(crate) fn id(row: &AnyRow, column: usize) -> sqlx::Result<Id> {
    let bytes: Vec<u8> = row.try_get(column)?;
    bytes.try_into().map_err(|_| sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: "an id is 16 bytes".into(),
    })
}

pub(crate) fn hash(row: &AnyRow, column: usize) -> sqlx::Result<Hash> {
    let bytes: Vec<u8> = row.try_get(column)?;
    bytes.try_into().map_err(|_| sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: "a hash is 32 bytes".into(),
    })
}

impl Store {
    /// Connects and brings the database up to date. `url` is `sqlite://FILE?mode=rwc` or `postgres://…`.
    pub async fn open(url: &str) -> Result<Store, String> {
        let dialect = Dialect::of(url).ok_or_else(|| {
            format!("{url:?} is not a database Tend supports: give sqlite://FILE or postgres://…")
        })?;
        sqlx::any::install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(if dialect == Dialect::Sqlite { 4 } else { 16 })
            .after_connect(move |connection, _| Box::pin(dialect.prepare(connection)))
            .connect(url)
            .await
            .map_err(|error| format!("cannot open the database: {error}"))?;
        crate::migrations::apply(&pool, dialect).await?;
        Ok(Store {
            pool,
            dialect,
            url: url.to_owned(),
        })
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// A transaction that will write (see [`Dialect::begin_write`]).
    pub(crate) async fn write(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Any>> {
        self.pool.begin_with(self.dialect.begin_write()).await
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Creates a space with its first device, unless a space has that id.
    pub async fn create_space(&self, space: &NewSpace, device: &NewDevice) -> sqlx::Result<Created> {
        let mut tx = self.write().await?;
        let now = now();
        let inserted = sqlx::query(
            "INSERT INTO spaces (id, join_hash, wrapped_key, kdf, seq, created) VALUES ($1, $2, $3, $4, 0, $5)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(&space.id[..])
        .bind(&space.join_hash[..])
        .bind(&space.wrapped_key)
        .bind(&space.kdf)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            let row = sqlx::query("SELECT join_hash FROM spaces WHERE id = $1")
                .bind(&space.id[..])
                .fetch_one(&mut *tx)
                .await?;
            let matches = crate::tokens::same(&hash(&row, 0)?, &space.join_hash);
            return Ok(if matches {
                Created::Exists
            } else {
                Created::Refused
            });
        }
        insert_device(&mut tx, &space.id, device, now).await?;
        tx.commit().await?;
        Ok(Created::Created)
    }

    /// Adds a device to a space if `join_hash` is the space's; answers the wrapped key and its parameters.
    /// `None` alike for a space that does not exist and a join token that does not match.
    pub async fn join_space(
        &self,
        space: &Id,
        join_hash: &Hash,
        device: &NewDevice,
    ) -> sqlx::Result<Option<(Vec<u8>, String)>> {
        let mut tx = self.write().await?;
        let row = sqlx::query("SELECT join_hash, wrapped_key, kdf FROM spaces WHERE id = $1")
            .bind(&space[..])
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else { return Ok(None) };
        if !crate::tokens::same(&hash(&row, 0)?, join_hash) {
            return Ok(None);
        }
        insert_device(&mut tx, space, device, now()).await?;
        tx.commit().await?;
        Ok(Some((row.try_get(1)?, row.try_get(2)?)))
    }

    pub async fn credentials(&self, device: &Id) -> sqlx::Result<Option<Credentials>> {
        let row = sqlx::query("SELECT space, token_hash, revoked, last_seen FROM devices WHERE id = $1")
            .bind(&device[..])
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            Ok(Credentials {
                space: id(&row, 0)?,
                token_hash: hash(&row, 1)?,
                revoked: row.try_get::<Option<i64>, _>(2)?.is_some(),
                last_seen: row.try_get(3)?,
            })
        })
        .transpose()
    }

    pub async fn seen(&self, device: &Id, at: i64) -> sqlx::Result<()> {
        sqlx::query("UPDATE devices SET last_seen = $1 WHERE id = $2")
            .bind(at)
            .bind(&device[..])
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn devices(&self, space: &Id) -> sqlx::Result<Vec<Device>> {
        let rows = sqlx::query(
            "SELECT id, name, created, last_seen, revoked FROM devices WHERE space = $1 ORDER BY created, id",
        )
        .bind(&space[..])
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Device {
                    id: id(row, 0)?,
                    name: row.try_get(1)?,
                    created: row.try_get(2)?,
                    last_seen: row.try_get(3)?,
                    revoked: row.try_get(4)?,
                })
            })
            .collect()
    }

    /// Revokes a device of the space; false if the space has no such device.
    pub async fn revoke(&self, space: &Id, device: &Id) -> sqlx::Result<bool> {
        let sql = "UPDATE devices SET revoked = COALESCE(revoked, $1) WHERE id = $2 AND space = $3";
        self.update_device(sqlx::query(sql).bind(now()), space, device)
            .await
    }

    /// Gives a device of the space its sealed name; false if the space has no such device, or it was removed.
    pub async fn rename(&self, space: &Id, device: &Id, name: &[u8]) -> sqlx::Result<bool> {
        let sql = "UPDATE devices SET name = $1 WHERE id = $2 AND space = $3 AND revoked IS NULL";
        self.update_device(sqlx::query(sql).bind(name), space, device)
            .await
    }

    /// Runs an update of one device (`$2` its id, `$3` its space, after the value already bound as `$1`).
    async fn update_device<'q>(
        &self,
        update: sqlx::query::Query<'q, Any, AnyArguments>,
        space: &'q Id,
        device: &'q Id,
    ) -> sqlx::Result<bool> {
        let changed = update
            .bind(&device[..])
            .bind(&space[..])
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(changed == 1)
    }

    /// Stores a batch in one transaction and answers each envelope's sequence number, in order. A mutation id the
    /// space already holds keeps its first number and is not stored again, so a retried push is harmless.
    pub async fn push(&self, space: &Id, device: &Id, batch: &[Envelope]) -> sqlx::Result<Vec<i64>> {
        let mut tx = self.write().await?;
        // A write first: it takes the space's row lock (PostgreSQL) or the write lock (SQLite), so pushes to
        // one space are numbered one after the other, whichever process serves them.
        let row = sqlx::query("UPDATE spaces SET seq = seq WHERE id = $1 RETURNING seq")
            .bind(&space[..])
            .fetch_one(&mut *tx)
            .await?;
        let mut newest: i64 = row.try_get(0)?;
        let first = newest;
        let arrived = now();
        let mut numbers = Vec::with_capacity(batch.len());
        for envelope in batch {
            let inserted = sqlx::query(
                "INSERT INTO records (space, seq, mutation, device, sealed, size, arrived)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (space, mutation) DO NOTHING",
            )
            .bind(&space[..])
            .bind(newest + 1)
            .bind(&envelope.mutation[..])
            .bind(&device[..])
            .bind(&envelope.sealed)
            .bind(envelope.sealed.len() as i64)
            .bind(arrived)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if inserted == 1 {
                newest += 1;
                numbers.push(newest);
            } else {
                let row = sqlx::query("SELECT seq FROM records WHERE space = $1 AND mutation = $2")
                    .bind(&space[..])
                    .bind(&envelope.mutation[..])
                    .fetch_one(&mut *tx)
                    .await?;
                numbers.push(row.try_get(0)?);
            }
        }
        if newest > first {
            sqlx::query("UPDATE spaces SET seq = $1 WHERE id = $2")
                .bind(newest)
                .bind(&space[..])
                .execute(&mut *tx)
                .await?;
            if let Some(notify) = self.dialect.notify() {
                sqlx::query(notify)
                    .bind(crate::pokes::encode(space, device, newest))
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(numbers)
    }

    /// The records after `after`, in order, at most `limit`, and whether there are more.
    pub async fn pull(&self, space: &Id, after: i64, limit: i64) -> sqlx::Result<(Vec<Stored>, bool)> {
        let rows = sqlx::query(
            "SELECT seq, mutation, sealed FROM records WHERE space = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        )
        .bind(&space[..])
        .bind(after)
        .bind(limit + 1)
        .fetch_all(&self.pool)
        .await?;
        let more = rows.len() as i64 > limit;
        let records = rows
            .iter()
            .take(limit as usize)
            .map(|row| {
                Ok(Stored {
                    seq: row.try_get(0)?,
                    mutation: id(row, 1)?,
                    sealed: row.try_get(2)?,
                })
            })
            .collect::<sqlx::Result<_>>()?;
        Ok((records, more))
    }

    /// The space's newest sequence number.
    pub async fn newest(&self, space: &Id) -> sqlx::Result<i64> {
        let row = sqlx::query("SELECT seq FROM spaces WHERE id = $1")
            .bind(&space[..])
            .fetch_one(&self.pool)
            .await?;
        row.try_get(0)
    }
}

/// A pairing as the new device collects it.
pub enum Collected {
    /// The existing device has not delivered the key yet.
    Waiting,
    Ready {
        space: Id,
        device: Id,
        sealed_key: Vec<u8>,
    },
}

/// How long a pairing code is valid.
pub const PAIRING_MILLIS: i64 = 10 * 60_000;

impl Store {
    /// Opens a pairing for a device of `space` to add another; `None` if the code's hash is taken (try another
    /// code). Expired pairings go first.
    pub async fn open_pairing(
        &self,
        space: &Id,
        code_hash: &Hash,
        offer: &[u8],
    ) -> sqlx::Result<Option<(Id, i64)>> {
        let now = now();
        sqlx::query("DELETE FROM pairings WHERE expires < $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        let id: Id = crate::tokens::random();
        let expires = now + PAIRING_MILLIS;
        let inserted = sqlx::query(
            "INSERT INTO pairings (id, space, code_hash, offer, expires) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (code_hash) DO NOTHING",
        )
        .bind(&id[..])
        .bind(&space[..])
        .bind(&code_hash[..])
        .bind(offer)
        .bind(expires)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok((inserted == 1).then_some((id, expires)))
    }

    /// The new device's answer to the pairing with this code, once: its key, its name sealed for the existing
    /// device, and the hash of the token secret it made. Answers the pairing, its space and the offered key.
    pub async fn answer_pairing(
        &self,
        code_hash: &Hash,
        answer: &[u8],
        name: &[u8],
        token_hash: &Hash,
    ) -> sqlx::Result<Option<(Id, Id, Vec<u8>)>> {
        let row = sqlx::query(
            "UPDATE pairings SET answer = $1, answer_name = $2, answer_token_hash = $3
             WHERE code_hash = $4 AND answer IS NULL AND expires >= $5 RETURNING id, space, offer",
        )
        .bind(answer)
        .bind(name)
        .bind(&token_hash[..])
        .bind(&code_hash[..])
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| Ok((id(&row, 0)?, id(&row, 1)?, row.try_get(2)?)))
            .transpose()
    }

    /// The answer to a pairing of the space: `None` if there is no such open pairing, `Some(None)` while no
    /// device has answered.
    pub async fn pairing_answer(
        &self,
        space: &Id,
        pairing: &Id,
    ) -> sqlx::Result<Option<Option<(Vec<u8>, Vec<u8>)>>> {
        let row = sqlx::query(
            "SELECT answer, answer_name FROM pairings WHERE id = $1 AND space = $2 AND expires >= $3",
        )
        .bind(&pairing[..])
        .bind(&space[..])
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            let answer: Option<Vec<u8>> = row.try_get(0)?;
            let name: Option<Vec<u8>> = row.try_get(1)?;
            Ok(answer.zip(name))
        })
        .transpose()
    }

    /// The existing device delivers the space key (sealed for the new device) and the new device's name (sealed
    /// with the space key): the new device joins, with the token hash it answered. False if the pairing is not
    /// open, not answered or delivered already.
    pub async fn complete_pairing(
        &self,
        space: &Id,
        pairing: &Id,
        sealed_key: &[u8],
        name: &[u8],
    ) -> sqlx::Result<bool> {
        let mut tx = self.write().await?;
        let device: Id = crate::tokens::random();
        let row = sqlx::query(
            "UPDATE pairings SET sealed_key = $1, device = $2
             WHERE id = $3 AND space = $4 AND answer IS NOT NULL AND sealed_key IS NULL AND expires >= $5
             RETURNING answer_token_hash",
        )
        .bind(sealed_key)
        .bind(&device[..])
        .bind(&pairing[..])
        .bind(&space[..])
        .bind(now())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(false) };
        let joining = NewDevice {
            id: device,
            name: name.to_vec(),
            token_hash: hash(&row, 0)?,
        };
        insert_device(&mut tx, space, &joining, now()).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// What the new device collects with its code; once the key is there, the pairing is used up.
    pub async fn collect_pairing(&self, pairing: &Id, code_hash: &Hash) -> sqlx::Result<Option<Collected>> {
        let row = sqlx::query(
            "DELETE FROM pairings WHERE id = $1 AND code_hash = $2 AND sealed_key IS NOT NULL
             RETURNING space, device, sealed_key",
        )
        .bind(&pairing[..])
        .bind(&code_hash[..])
        .fetch_optional(&self.pool)
        .await?;
        if let Some(row) = row {
            return Ok(Some(Collected::Ready {
                space: id(&row, 0)?,
                device: id(&row, 1)?,
                sealed_key: row.try_get(2)?,
            }));
        }
        let waiting =
            sqlx::query("SELECT 1 FROM pairings WHERE id = $1 AND code_hash = $2 AND expires >= $3")
                .bind(&pairing[..])
                .bind(&code_hash[..])
                .bind(now())
                .fetch_optional(&self.pool)
                .await?;
        Ok(waiting.map(|_| Collected::Waiting))
    }
}

/// Rows copied per query by [`Store::copy_into`], so a large database is never held in memory at once.
const COPY_PAGE: i64 = 1000;

impl Store {
    /// Copies every space, device and record, and the community's stories, readers' marks, moderators and log, into `target`, which must hold no space, in one transaction
    /// there and from one snapshot here. Answers what it copied, in words.
    pub async fn copy_into(&self, target: &Store) -> Result<String, String> {
        let failed = |error: sqlx::Error| format!("copying failed, and the target is unchanged: {error}");
        let mut from = self.pool.begin().await.map_err(failed)?;
        let mut into = target.write().await.map_err(failed)?;
        let held: i64 = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM spaces) + (SELECT COUNT(*) FROM stories) + (SELECT COUNT(*) FROM moderators)",
        )
            .fetch_one(&mut *into)
            .await
            .and_then(|row| row.try_get(0))
            .map_err(failed)?;
        if held > 0 {
            return Err("the target database holds spaces or stories already: copy into an empty one".into());
        }
        let mut copied = Vec::new();
        for (table, columns) in COPIED {
            let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
            let select = format!("SELECT {} FROM {table}", names.join(", "));
            let mut count = 0;
            if table == "records" {
                // Page by key, so that a large table is never held in memory at once.
                let mut last = (Vec::new(), 0i64);
                loop {
                    let page = sqlx::query(AssertSqlSafe(format!(
                        "{select} WHERE space > $1 OR (space = $1 AND seq > $2) ORDER BY space, seq LIMIT $3"
                    )))
                    .bind(&last.0)
                    .bind(last.1)
                    .bind(COPY_PAGE)
                    .fetch_all(&mut *from)
                    .await
                    .map_err(failed)?;
                    copy_rows(&mut into, table, columns, &page)
                        .await
                        .map_err(failed)?;
                    count += page.len();
                    match page.last() {
                        Some(row) if page.len() as i64 == COPY_PAGE => {
                            last = (row.try_get(0).map_err(failed)?, row.try_get(1).map_err(failed)?);
                        }
                        _ => break,
                    }
                }
            } else {
                let rows = sqlx::query(AssertSqlSafe(select))
                    .fetch_all(&mut *from)
                    .await
                    .map_err(failed)?;
                copy_rows(&mut into, table, columns, &rows)
                    .await
                    .map_err(failed)?;
                count = rows.len();
            }
            copied.push(format!("{table}: {count}"));
        }
        into.commit().await.map_err(failed)?;
        Ok(copied.join(", "))
    }
}

/// A column's type, for copying it between databases through `sqlx::Any`.
#[derive(Clone, Copy)]
enum Column {
    Bytes,
    Text,
    Int,
    MaybeBytes,
    MaybeText,
    MaybeInt,
}

/// What `copy-data` copies, in an order that keeps references valid (pairings and moderators' sessions are
/// short-lived: left out).
const COPIED: [(&str, &[(&str, Column)]); 7] = {
    use Column::*;
    [
        (
            "spaces",
            &[
                ("id", Bytes),
                ("join_hash", Bytes),
                ("wrapped_key", Bytes),
                ("kdf", Text),
                ("seq", Int),
                ("created", Int),
            ],
        ),
        (
            "devices",
            &[
                ("id", Bytes),
                ("space", Bytes),
                ("name", Bytes),
                ("token_hash", Bytes),
                ("created", Int),
                ("last_seen", Int),
                ("revoked", MaybeInt),
            ],
        ),
        (
            "records",
            &[
                ("space", Bytes),
                ("seq", Int),
                ("mutation", Bytes),
                ("device", Bytes),
                ("sealed", Bytes),
                ("size", Int),
                ("arrived", Int),
            ],
        ),
        (
            "stories",
            &[
                ("id", Bytes),
                ("author_hash", Bytes),
                ("text", Text),
                ("conditions", Text),
                ("status", Text),
                ("reason", MaybeText),
                ("urgent", Int),
                ("created", Int),
                ("decided", MaybeInt),
                ("helped", Int),
                ("reports", Int),
            ],
        ),
        (
            "story_readers",
            &[
                ("story", Bytes),
                ("reader_hash", Bytes),
                ("helped", Int),
                ("report", MaybeText),
                ("reported", MaybeInt),
            ],
        ),
        (
            "moderators",
            &[
                ("id", Bytes),
                ("name", Text),
                ("signin_hash", MaybeBytes),
                ("signin_expires", MaybeInt),
                ("created", Int),
                ("removed", MaybeInt),
            ],
        ),
        (
            "moderation_log",
            &[
                ("id", Bytes),
                ("at", Int),
                ("moderator", MaybeText),
                ("story", Bytes),
                ("action", Text),
                ("detail", MaybeText),
            ],
        ),
    ]
};

/// Inserts rows read with `columns` into the same table of another database.
async fn copy_rows(
    into: &mut sqlx::Transaction<'_, sqlx::Any>,
    table: &str,
    columns: &[(&str, Column)],
    rows: &[AnyRow],
) -> sqlx::Result<()> {
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    let places: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
    let insert = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        names.join(", "),
        places.join(", ")
    );
    for row in rows {
        let mut query = sqlx::query(AssertSqlSafe(insert.clone()));
        for (i, (_, column)) in columns.iter().enumerate() {
            query = match column {
                Column::Bytes => query.bind(row.try_get::<Vec<u8>, _>(i)?),
                Column::Text => query.bind(row.try_get::<String, _>(i)?),
                Column::Int => query.bind(row.try_get::<i64, _>(i)?),
                Column::MaybeBytes => query.bind(row.try_get::<Option<Vec<u8>>, _>(i)?),
                Column::MaybeText => query.bind(row.try_get::<Option<String>, _>(i)?),
                Column::MaybeInt => query.bind(row.try_get::<Option<i64>, _>(i)?),
            };
        }
        query.execute(&mut **into).await?;
    }
    Ok(())
}

async fn insert_device(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    space: &Id,
    device: &NewDevice,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO devices (id, space, name, token_hash, created, last_seen) VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(&device.id[..])
    .bind(&space[..])
    .bind(&device.name)
    .bind(&device.token_hash[..])
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
