//! The database's versions. Each migration runs once, in a transaction with its row in `tend_migrations`, when
//! the server starts; a migration is never edited once released: a change is a new one.

use crate::dialect::Dialect;
use sqlx::{AnyPool, AssertSqlSafe, Row};

/// (version, SQL). Ids are 16-byte blobs, hashes 32-byte blobs, times milliseconds since 1970 (UTC).
const MIGRATIONS: &[(i64, &str)] = &[
    (
        1,
        "CREATE TABLE spaces (
        id BLOB PRIMARY KEY,
        join_hash BLOB NOT NULL,
        wrapped_key BLOB NOT NULL,
        kdf TEXT NOT NULL,
        seq BIGINT NOT NULL DEFAULT 0,
        created BIGINT NOT NULL
    );
    CREATE TABLE devices (
        id BLOB PRIMARY KEY,
        space BLOB NOT NULL REFERENCES spaces (id),
        name BLOB NOT NULL,
        token_hash BLOB NOT NULL,
        created BIGINT NOT NULL,
        last_seen BIGINT NOT NULL,
        revoked BIGINT
    );
    CREATE INDEX devices_by_space ON devices (space);
    CREATE TABLE records (
        space BLOB NOT NULL REFERENCES spaces (id),
        seq BIGINT NOT NULL,
        mutation BLOB NOT NULL,
        device BLOB NOT NULL,
        sealed BLOB NOT NULL,
        size BIGINT NOT NULL,
        arrived BIGINT NOT NULL,
        PRIMARY KEY (space, seq),
        UNIQUE (space, mutation)
    );",
    ),
    (
        2,
        "CREATE TABLE pairings (
        id BLOB PRIMARY KEY,
        space BLOB NOT NULL REFERENCES spaces (id),
        code_hash BLOB NOT NULL UNIQUE,
        offer BLOB NOT NULL,
        answer BLOB,
        answer_name BLOB,
        answer_token_hash BLOB,
        sealed_key BLOB,
        device BLOB,
        expires BIGINT NOT NULL
    );",
    ),
    (
        3,
        // Community stories: plaintext, and linked to no space or device. `conditions` is `,a,b,` so that one is
        // found with LIKE on both databases; `reports` counts the reports since a moderator last decided.
        "CREATE TABLE stories (
        id BLOB PRIMARY KEY,
        author_hash BLOB NOT NULL,
        text TEXT NOT NULL,
        conditions TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        urgent BIGINT NOT NULL,
        created BIGINT NOT NULL,
        decided BIGINT,
        helped BIGINT NOT NULL DEFAULT 0,
        reports BIGINT NOT NULL DEFAULT 0
    );
    CREATE INDEX stories_by_author ON stories (author_hash, created);
    CREATE INDEX stories_by_status ON stories (status, created);
    CREATE TABLE story_readers (
        story BLOB NOT NULL REFERENCES stories (id),
        reader_hash BLOB NOT NULL,
        helped BIGINT NOT NULL DEFAULT 0,
        report TEXT,
        reported BIGINT,
        PRIMARY KEY (story, reader_hash)
    );
    CREATE TABLE moderators (
        id BLOB PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        signin_hash BLOB,
        signin_expires BIGINT,
        created BIGINT NOT NULL,
        removed BIGINT
    );
    CREATE TABLE moderator_sessions (
        id BLOB PRIMARY KEY,
        moderator BLOB NOT NULL REFERENCES moderators (id),
        secret_hash BLOB NOT NULL,
        expires BIGINT NOT NULL
    );
    CREATE TABLE moderation_log (
        id BLOB PRIMARY KEY,
        at BIGINT NOT NULL,
        moderator TEXT,
        story BLOB NOT NULL,
        action TEXT NOT NULL,
        detail TEXT
    );
    CREATE INDEX moderation_log_by_time ON moderation_log (at);",
    ),
    (
        4,
        // Web Push: the server's VAPID key pair (one row), each device's push subscription, and the reminders
        // devices planned, sealed for their own subscription. `due` is when to try next (the fire time, then
        // later after a push service asked to wait); `claimed` is until when a process is sending it.
        "CREATE TABLE push_keys (
        id BIGINT PRIMARY KEY,
        private BLOB NOT NULL,
        public BLOB NOT NULL,
        created BIGINT NOT NULL
    );
    CREATE TABLE push_subscriptions (
        device BLOB PRIMARY KEY REFERENCES devices (id),
        space BLOB NOT NULL,
        endpoint TEXT NOT NULL,
        created BIGINT NOT NULL
    );
    CREATE TABLE push_items (
        id BLOB PRIMARY KEY,
        space BLOB NOT NULL,
        device BLOB NOT NULL,
        fire_at BIGINT NOT NULL,
        expires BIGINT NOT NULL,
        topic TEXT,
        cancel_hash BLOB NOT NULL,
        body BLOB NOT NULL,
        attempts BIGINT NOT NULL DEFAULT 0,
        due BIGINT NOT NULL,
        claimed BIGINT
    );
    CREATE INDEX push_items_by_due ON push_items (due);
    CREATE INDEX push_items_by_cancel ON push_items (space, cancel_hash);
    CREATE INDEX push_items_by_device ON push_items (device);",
    ),
];

/// The newest version this build knows.
pub const NEWEST: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Brings the database up to [`NEWEST`]. A database newer than this build is refused rather than misread.
pub async fn apply(pool: &AnyPool, dialect: Dialect) -> Result<(), String> {
    let failed = |error: sqlx::Error| format!("migrating the database failed: {error}");
    let mut tx = pool.begin_with(dialect.begin_write()).await.map_err(failed)?;
    if let Some(lock) = dialect.migration_lock() {
        sqlx::query(lock).execute(&mut *tx).await.map_err(failed)?;
    }
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS tend_migrations (version BIGINT PRIMARY KEY, applied BIGINT NOT NULL)",
    )
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    let current: i64 = sqlx::query("SELECT COALESCE(MAX(version), 0) FROM tend_migrations")
        .fetch_one(&mut *tx)
        .await
        .and_then(|row| row.try_get(0))
        .map_err(failed)?;
    if current > NEWEST {
        return Err(format!(
            "the database is at version {current}, newer than this tend-server knows ({NEWEST}): run a newer tend-server"
        ));
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(version, _)| *version > current) {
        sqlx::raw_sql(AssertSqlSafe(dialect.migration(sql)))
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        sqlx::query("INSERT INTO tend_migrations (version, applied) VALUES ($1, $2)")
            .bind(version)
            .bind(crate::store::now())
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
    }
    tx.commit().await.map_err(failed)
}
