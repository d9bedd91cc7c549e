//! Everything that differs between SQLite and PostgreSQL, in one place. The rest of the server runs the same SQL
//! on both through `sqlx::Any` (`$1` placeholders, `ON CONFLICT`, `RETURNING` and integers and blobs only).

use sqlx::AnyConnection;
use sqlx::Executor;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// The channel that carries pokes between server processes on one PostgreSQL.
pub const POKE_CHANNEL: &str = "tend_pokes";

impl Dialect {
    /// The dialect of a database URL, or `None` for a database Tend does not support.
    pub fn of(url: &str) -> Option<Dialect> {
        if url.starts_with("sqlite:") {
            Some(Dialect::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Dialect::Postgres)
        } else {
            None
        }
    }

    /// Settings for every new connection. SQLite: write-ahead log, and `synchronous=FULL` so that a commit is on
    /// disk before a push is acknowledged (the default in WAL mode, NORMAL, can lose the last commits on power
    /// loss); writers wait for each other instead of failing at once.
    pub async fn prepare(self, connection: &mut AnyConnection) -> sqlx::Result<()> {
        if self == Dialect::Sqlite {
            connection
                .execute(sqlx::raw_sql(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;
                     PRAGMA foreign_keys = ON;",
                ))
                .await?;
        }
        Ok(())
    }

    /// How a transaction that writes begins. SQLite's plain `BEGIN` starts as a reader and fails at once
    /// (`SQLITE_BUSY`, without waiting) when its first write finds another connection writing, as joining a
    /// space does after reading the space; `IMMEDIATE` takes the write lock first, waiting its turn.
    pub fn begin_write(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        }
    }

    /// A migration's SQL in this dialect: the migrations are written with SQLite's `BLOB`, which PostgreSQL
    /// calls `BYTEA`.
    pub fn migration(self, sql: &str) -> String {
        match self {
            Dialect::Sqlite => sql.to_owned(),
            Dialect::Postgres => sql.replace(" BLOB", " BYTEA"),
        }
    }

    /// Run first in the migration transaction, so that two processes starting at once on one PostgreSQL apply
    /// each migration once. (A SQLite file is served by one process.)
    pub fn migration_lock(self) -> Option<&'static str> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres => Some("SELECT pg_advisory_xact_lock(7311046)"),
        }
    }

    /// What a query that claims rows adds so that other processes skip the rows it locked instead of waiting for
    /// them (PostgreSQL); a SQLite file has one writer at a time already.
    pub fn skip_locked(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }

    /// Run in a push's transaction to tell every process on the database, at commit, that a space has news.
    /// `None` where one process is all there is, and it tells its own listeners after the commit.
    pub fn notify(self) -> Option<&'static str> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres => Some("SELECT pg_notify('tend_pokes', $1)"),
        }
    }
}
