//! Community stories in the database: a plaintext part of the server that holds no space, device or record id.
//! Authors and readers are known only by the hash of a random token their device keeps; moderators by name.

use crate::store::{id, now, Hash, Id, Store};
use sqlx::any::AnyRow;
use sqlx::Row;
use tend_core::community::{StoryStatus, REPORTS_TO_HIDE};

/// How long a moderator's sign-in link and session last.
pub const SIGNIN_MILLIS: i64 = 24 * 60 * 60 * 1000;
pub const SESSION_MILLIS: i64 = 12 * 60 * 60 * 1000;
/// Submissions one author token may make in a day.
pub const SUBMISSIONS_PER_DAY: i64 = 5;
const DAY_MILLIS: i64 = 24 * 60 * 60 * 1000;

pub struct NewStory {
    pub id: Id,
    pub author_hash: Hash,
    pub text: String,
    pub conditions: Vec<String>,
    pub urgent: bool,
}

pub struct Story {
    pub id: Id,
    pub text: String,
    pub conditions: Vec<String>,
    pub status: StoryStatus,
    pub reason: Option<String>,
    pub urgent: bool,
    pub created: i64,
    pub decided: Option<i64>,
    pub helped: i64,
    pub reports: i64,
}

const STORY_COLUMNS: &str = "id, text, conditions, status, reason, urgent, created, decided, helped, reports";

fn story(row: &AnyRow) -> sqlx::Result<Story> {
    let conditions: String = row.try_get(2)?;
    let status: String = row.try_get(3)?;
    Ok(Story {
        id: id(row, 0)?,
        text: row.try_get(1)?,
        conditions: conditions
            .split(',')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect(),
        status: StoryStatus::parse(&status).ok_or_else(|| sqlx::Error::ColumnDecode {
            index: "status".into(),
            source: format!("{status:?} is not a story status").into(),
        })?,
        reason: row.try_get(4)?,
        urgent: row.try_get::<i64, _>(5)? != 0,
        created: row.try_get(6)?,
        decided: row.try_get(7)?,
        helped: row.try_get(8)?,
        reports: row.try_get(9)?,
    })
}

pub enum Submitted {
    Accepted,
    /// The author token sent [`SUBMISSIONS_PER_DAY`] in the last day already.
    TooMany,
}

/// A moderator's decision on a story.
pub enum Decision {
    /// Published with this text (the story's own, or with passages removed).
    Publish {
        text: String,
        removed: usize,
    },
    Decline {
        reason: String,
    },
}

pub enum Decided {
    Done,
    /// No such story, or it was withdrawn.
    NotFound,
    /// The story changed since the moderator read it (reported, withdrawn or decided by someone else).
    Changed,
}

pub struct Moderator {
    pub id: Id,
    pub name: String,
}

/// A session as its cookie is checked.
pub struct Session {
    pub moderator: Moderator,
    pub secret_hash: Vec<u8>,
}

pub struct LogEntry {
    pub at: i64,
    pub moderator: Option<String>,
    pub story: Id,
    pub action: String,
    pub detail: Option<String>,
}

impl Store {
    /// Stores a story for review, unless its author token has sent its day's submissions.
    pub async fn submit_story(&self, story: &NewStory) -> sqlx::Result<Submitted> {
        let mut tx = self.write().await?;
        let now = now();
        let recent: i64 = sqlx::query("SELECT COUNT(*) FROM stories WHERE author_hash = $1 AND created > $2")
            .bind(&story.author_hash[..])
            .bind(now - DAY_MILLIS)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        if recent >= SUBMISSIONS_PER_DAY {
            return Ok(Submitted::TooMany);
        }
        sqlx::query(
            "INSERT INTO stories (id, author_hash, text, conditions, status, urgent, created)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&story.id[..])
        .bind(&story.author_hash[..])
        .bind(&story.text)
        .bind(format!(",{},", story.conditions.join(",")))
        .bind(StoryStatus::Pending.as_str())
        .bind(i64::from(story.urgent))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Submitted::Accepted)
    }

    /// An author's stories, newest first.
    pub async fn authored(&self, author_hash: &Hash) -> sqlx::Result<Vec<Story>> {
        let sql = format!(
            "SELECT {STORY_COLUMNS} FROM stories WHERE author_hash = $1 ORDER BY created DESC LIMIT 100"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&author_hash[..])
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(story).collect()
    }

    /// Withdraws an author's story and erases its text; false if the author has no such story left.
    pub async fn withdraw(&self, story: &Id, author_hash: &Hash) -> sqlx::Result<bool> {
        let mut tx = self.write().await?;
        let withdrawn = StoryStatus::Withdrawn.as_str();
        let changed = sqlx::query(
            "UPDATE stories SET status = $1, text = '', reason = NULL, decided = $2
             WHERE id = $3 AND author_hash = $4 AND status <> $1",
        )
        .bind(withdrawn)
        .bind(now())
        .bind(&story[..])
        .bind(&author_hash[..])
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 1 {
            log(&mut tx, None, story, "withdrawn by its author", None).await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }

    /// Published stories, newest first, about `condition` or about any.
    pub async fn published(&self, condition: Option<&str>) -> sqlx::Result<Vec<Story>> {
        let sql = format!(
            "SELECT {STORY_COLUMNS} FROM stories WHERE status = $1 AND conditions LIKE $2
             ORDER BY decided DESC, id LIMIT 200"
        );
        let pattern = condition.map_or("%".to_owned(), |c| format!("%,{c},%"));
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(StoryStatus::Published.as_str())
            .bind(pattern)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(story).collect()
    }

    /// One reader found a published story helpful: counted once per reader. The story's count, or `None` if no
    /// published story has that id.
    pub async fn helped(&self, story: &Id, reader_hash: &Hash) -> sqlx::Result<Option<i64>> {
        let mut tx = self.write().await?;
        if !is_published(&mut tx, story).await? {
            return Ok(None);
        }
        let first = sqlx::query(
            "INSERT INTO story_readers (story, reader_hash, helped) VALUES ($1, $2, 1)
             ON CONFLICT (story, reader_hash) DO UPDATE SET helped = 1 WHERE story_readers.helped = 0",
        )
        .bind(&story[..])
        .bind(&reader_hash[..])
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let count: i64 =
            sqlx::query("UPDATE stories SET helped = helped + $1 WHERE id = $2 RETURNING helped")
                .bind(first as i64)
                .bind(&story[..])
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
        tx.commit().await?;
        Ok(Some(count))
    }

    /// One reader reports a published story (once); the [`REPORTS_TO_HIDE`]th report since a moderator last
    /// decided hides it. `None` if no published story has that id.
    pub async fn report(&self, story: &Id, reader_hash: &Hash, reason: &str) -> sqlx::Result<Option<()>> {
        let mut tx = self.write().await?;
        if !is_published(&mut tx, story).await? {
            return Ok(None);
        }
        let first = sqlx::query(
            "INSERT INTO story_readers (story, reader_hash, report, reported) VALUES ($1, $2, $3, $4)
             ON CONFLICT (story, reader_hash) DO UPDATE SET report = $3, reported = $4
             WHERE story_readers.report IS NULL",
        )
        .bind(&story[..])
        .bind(&reader_hash[..])
        .bind(reason)
        .bind(now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if first == 1 {
            let reports: i64 =
                sqlx::query("UPDATE stories SET reports = reports + 1 WHERE id = $1 RETURNING reports")
                    .bind(&story[..])
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get(0)?;
            if reports >= REPORTS_TO_HIDE {
                sqlx::query("UPDATE stories SET status = $1 WHERE id = $2")
                    .bind(StoryStatus::Hidden.as_str())
                    .bind(&story[..])
                    .execute(&mut *tx)
                    .await?;
                let detail = format!("reports: {reports}");
                log(&mut tx, None, story, "hidden by readers' reports", Some(&detail)).await?;
            }
        }
        tx.commit().await?;
        Ok(Some(()))
    }

    /// The stories in `status`, oldest first, as moderators work through them.
    pub async fn stories_in(&self, status: StoryStatus) -> sqlx::Result<Vec<Story>> {
        let sql =
            format!("SELECT {STORY_COLUMNS} FROM stories WHERE status = $1 ORDER BY created, id LIMIT 200");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(status.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(story).collect()
    }

    pub async fn story(&self, id: &Id) -> sqlx::Result<Option<Story>> {
        let sql = format!("SELECT {STORY_COLUMNS} FROM stories WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&id[..])
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(story).transpose()
    }

    /// The readers' report reasons of a story.
    pub async fn reports_of(&self, story: &Id) -> sqlx::Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT report FROM story_readers WHERE story = $1 AND report IS NOT NULL ORDER BY reported",
        )
        .bind(&story[..])
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|row| row.try_get(0)).collect()
    }

    /// Records a moderator's decision on a story read as `seen` (its status and text then), with its log entry,
    /// in one transaction. The reports count starts again.
    pub async fn decide(&self, seen: &Story, moderator: &str, decision: &Decision) -> sqlx::Result<Decided> {
        let mut tx = self.write().await?;
        let (status, text, reason, action, detail) = match decision {
            Decision::Publish { text, removed } => {
                let detail = (*removed > 0).then(|| format!("passages removed: {removed}"));
                (StoryStatus::Published, text.as_str(), None, "published", detail)
            }
            Decision::Decline { reason } => (
                StoryStatus::Declined,
                seen.text.as_str(),
                Some(reason.as_str()),
                "declined",
                Some(reason.clone()),
            ),
        };
        let changed = sqlx::query(
            "UPDATE stories SET status = $1, text = $2, reason = $3, decided = $4, reports = 0
             WHERE id = $5 AND status = $6 AND text = $7 AND status <> $8",
        )
        .bind(status.as_str())
        .bind(text)
        .bind(reason)
        .bind(now())
        .bind(&seen.id[..])
        .bind(seen.status.as_str())
        .bind(&seen.text)
        .bind(StoryStatus::Withdrawn.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            let exists = sqlx::query("SELECT status FROM stories WHERE id = $1 AND status <> $2")
                .bind(&seen.id[..])
                .bind(StoryStatus::Withdrawn.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            return Ok(if exists.is_some() {
                Decided::Changed
            } else {
                Decided::NotFound
            });
        }
        log(&mut tx, Some(moderator), &seen.id, action, detail.as_deref()).await?;
        tx.commit().await?;
        Ok(Decided::Done)
    }

    /// The newest entries of the moderation log.
    pub async fn moderation_log(&self, limit: i64) -> sqlx::Result<Vec<LogEntry>> {
        let rows = sqlx::query(
            "SELECT at, moderator, story, action, detail FROM moderation_log ORDER BY at DESC, id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(LogEntry {
                    at: row.try_get(0)?,
                    moderator: row.try_get(1)?,
                    story: id(row, 2)?,
                    action: row.try_get(3)?,
                    detail: row.try_get(4)?,
                })
            })
            .collect()
    }

    /// Adds a moderator, or gives one a new sign-in link (and back their place, if removed); answers their id.
    pub async fn add_moderator(&self, name: &str, signin_hash: &[u8]) -> sqlx::Result<Id> {
        let mut tx = self.write().await?;
        let now = now();
        let row = sqlx::query(
            "INSERT INTO moderators (id, name, signin_hash, signin_expires, created) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (name) DO UPDATE SET signin_hash = $3, signin_expires = $4, removed = NULL
             RETURNING id",
        )
        .bind(&crate::tokens::random::<16>()[..])
        .bind(name)
        .bind(signin_hash)
        .bind(now + SIGNIN_MILLIS)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let moderator = id(&row, 0)?;
        tx.commit().await?;
        Ok(moderator)
    }

    /// Removes a moderator and ends their sessions; false if there is no such moderator.
    pub async fn remove_moderator(&self, name: &str) -> sqlx::Result<bool> {
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "UPDATE moderators SET removed = $1, signin_hash = NULL WHERE name = $2 AND removed IS NULL
             RETURNING id",
        )
        .bind(now())
        .bind(name)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(false) };
        sqlx::query("DELETE FROM moderator_sessions WHERE moderator = $1")
            .bind(&id(&row, 0)?[..])
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The moderators' names, and whether each is still one.
    pub async fn moderators(&self) -> sqlx::Result<Vec<(String, bool)>> {
        let rows = sqlx::query("SELECT name, removed FROM moderators ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get::<Option<i64>, _>(1)?.is_none())))
            .collect()
    }

    /// A moderator's unused, unexpired sign-in link: their name and its stored hash.
    pub async fn signin_of(&self, moderator: &Id) -> sqlx::Result<Option<(String, Vec<u8>)>> {
        let row = sqlx::query(
            "SELECT name, signin_hash FROM moderators
             WHERE id = $1 AND removed IS NULL AND signin_hash IS NOT NULL AND signin_expires > $2",
        )
        .bind(&moderator[..])
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| Ok((row.try_get(0)?, row.try_get(1)?))).transpose()
    }

    /// Uses up a sign-in link (checked against `signin_hash`) and opens a session; false if the link was used in
    /// the meantime.
    pub async fn open_session(
        &self,
        moderator: &Id,
        signin_hash: &[u8],
        session: &Id,
        secret_hash: &[u8],
    ) -> sqlx::Result<bool> {
        let mut tx = self.write().await?;
        let used = sqlx::query(
            "UPDATE moderators SET signin_hash = NULL WHERE id = $1 AND signin_hash = $2 AND removed IS NULL",
        )
        .bind(&moderator[..])
        .bind(signin_hash)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if used != 1 {
            return Ok(false);
        }
        let now = now();
        sqlx::query("DELETE FROM moderator_sessions WHERE expires < $1")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO moderator_sessions (id, moderator, secret_hash, expires) VALUES ($1, $2, $3, $4)",
        )
        .bind(&session[..])
        .bind(&moderator[..])
        .bind(secret_hash)
        .bind(now + SESSION_MILLIS)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// An unexpired session of a moderator who was not removed.
    pub async fn session(&self, session: &Id) -> sqlx::Result<Option<Session>> {
        let row = sqlx::query(
            "SELECT m.id, m.name, s.secret_hash FROM moderator_sessions s
             JOIN moderators m ON m.id = s.moderator
             WHERE s.id = $1 AND s.expires > $2 AND m.removed IS NULL",
        )
        .bind(&session[..])
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(Session {
                moderator: Moderator {
                    id: id(&row, 0)?,
                    name: row.try_get(1)?,
                },
                secret_hash: row.try_get(2)?,
            })
        })
        .transpose()
    }

    pub async fn end_session(&self, session: &Id) -> sqlx::Result<()> {
        sqlx::query("DELETE FROM moderator_sessions WHERE id = $1")
            .bind(&session[..])
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

async fn is_published(tx: &mut sqlx::Transaction<'_, sqlx::Any>, story: &Id) -> sqlx::Result<bool> {
    let row = sqlx::query("SELECT 1 FROM stories WHERE id = $1 AND status = $2")
        .bind(&story[..])
        .bind(StoryStatus::Published.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.is_some())
}

/// An entry of the moderation log: who (a moderator, or `None` for an author or readers), what, and why.
async fn log(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    moderator: Option<&str>,
    story: &Id,
    action: &str,
    detail: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO moderation_log (id, at, moderator, story, action, detail) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&crate::tokens::random::<16>()[..])
    .bind(now())
    .bind(moderator)
    .bind(&story[..])
    .bind(action)
    .bind(detail)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
