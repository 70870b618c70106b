//! The access log: who touched whose record, when, how and why. It records the fact of an
//! access, never the values read or written, so the log itself holds no personal data beyond
//! the subject's identifier.

use chrono::{NaiveDateTime, Timelike, Utc};
use diesel::prelude::*;
use serde::Serialize;

use crate::conn::Conn;
use crate::schema::audit_log;
use crate::{Store, StoreError};

/// One access, as the caller reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry<'a> {
    /// The account that acted.
    pub user_id: i64,
    /// What was done, e.g. `read_profile`, `create_user`.
    pub action: &'a str,
    /// Whose record: a jobseeker id, a user id; `None` for actions on no one's record.
    pub subject: Option<&'a str>,
    /// Why, e.g. `self_service`, `case_management`, `administration`.
    pub purpose: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRecord {
    pub id: i64,
    pub at: NaiveDateTime,
    pub user_id: i64,
    pub action: String,
    pub subject: Option<String>,
    pub purpose: String,
}

/// Which records to list; the empty filter lists the latest of all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub user_id: Option<i64>,
    pub subject: Option<String>,
    /// At most this many, newest first.
    pub limit: usize,
}

#[derive(Insertable)]
#[diesel(table_name = audit_log)]
struct NewRecord<'a> {
    at: NaiveDateTime,
    user_id: i64,
    action: &'a str,
    subject: Option<&'a str>,
    purpose: &'a str,
}

/// An entry moved into a write that runs on another thread (`Store::write`).
pub(crate) struct OwnedEntry {
    at: NaiveDateTime,
    user_id: i64,
    action: String,
    subject: Option<String>,
    purpose: String,
}

impl From<&AuditEntry<'_>> for OwnedEntry {
    fn from(entry: &AuditEntry<'_>) -> Self {
        Self {
            at: Utc::now()
                .naive_utc()
                .with_nanosecond(0)
                .unwrap_or_default(),
            user_id: entry.user_id,
            action: entry.action.to_owned(),
            subject: entry.subject.map(str::to_owned),
            purpose: entry.purpose.to_owned(),
        }
    }
}

impl OwnedEntry {
    pub(crate) fn insert(&self, conn: &mut Conn) -> Result<(), StoreError> {
        let row = NewRecord {
            at: self.at,
            user_id: self.user_id,
            action: &self.action,
            subject: self.subject.as_deref(),
            purpose: &self.purpose,
        };
        diesel::insert_into(audit_log::table)
            .values(&row)
            .execute(conn)?;
        Ok(())
    }
}

/// An entry is refused before anything is written when it cannot say what and why.
pub(crate) fn checked(entry: &AuditEntry<'_>) -> Result<(), StoreError> {
    if entry.action.is_empty() || entry.purpose.is_empty() {
        return Err(StoreError::invalid(
            "audit_log",
            entry.action,
            "an audit entry needs an action and a purpose",
        ));
    }
    Ok(())
}

impl Store {
    pub fn write_audit(&self, entry: &AuditEntry<'_>) -> Result<(), StoreError> {
        checked(entry)?;
        let owned = OwnedEntry::from(entry);
        self.write(move |conn| owned.insert(conn))
    }

    /// [`Store::write_audit`] without waiting, where small writes go through the writer
    /// thread (`Store::writes_in_background`): the row joins the next group commit and
    /// `done` is called from that thread once it is durable, or with why it is not. Returns
    /// the entry's own error at once when it is malformed; `done` is then not called.
    /// Elsewhere (PostgreSQL) the row is written on this thread before `done` is called.
    pub fn write_audit_then(
        &self,
        entry: &AuditEntry<'_>,
        done: impl FnOnce(Result<(), StoreError>) + Send + 'static,
    ) -> Result<(), StoreError> {
        checked(entry)?;
        let owned = OwnedEntry::from(entry);
        match &self.writer {
            Some(writer) => writer.submit(move |conn| owned.insert(conn), Box::new(done)),
            None => done(self.write(move |conn| owned.insert(conn))),
        }
        Ok(())
    }

    pub fn audit_log(&self, query: &AuditQuery) -> Result<Vec<AuditRecord>, StoreError> {
        let mut select = audit_log::table
            .select(AuditRecord::as_select())
            .order(audit_log::id.desc())
            .limit(i64::try_from(query.limit).unwrap_or(i64::MAX))
            .into_boxed();
        if let Some(user) = query.user_id {
            select = select.filter(audit_log::user_id.eq(user));
        }
        if let Some(subject) = &query.subject {
            select = select.filter(audit_log::subject.eq(subject.clone()));
        }
        let mut conn = self.conn()?;
        Ok(select.load(&mut *conn)?)
    }
}

/// Against real databases, once per backend.
#[cfg(test)]
mod backend_tests {
    use super::*;
    use crate::testing::TestDb;
    use crate::{NewUser, Role};

    fn user(db: &TestDb, role: Role) -> i64 {
        let new = NewUser {
            role,
            office: (role == Role::Caseworker).then(|| "north".into()),
            jobseeker_id: (role == Role::Jobseeker).then(|| "js-1".into()),
        };
        db.create_user(&new).unwrap().0.id
    }

    fn entries_are_listed_newest_first_and_filtered(db: &TestDb) {
        let admin = user(db, Role::Admin);
        let caseworker = user(db, Role::Caseworker);
        let entry = |user_id, action, subject| AuditEntry {
            user_id,
            action,
            subject,
            purpose: "case_management",
        };
        db.write_audit(&entry(caseworker, "read_profile", Some("js-1")))
            .unwrap();
        db.write_audit(&entry(caseworker, "read_profile", Some("js-2")))
            .unwrap();
        db.write_audit(&entry(admin, "create_user", None)).unwrap();

        let all = db
            .audit_log(&AuditQuery {
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        let actions: Vec<_> = all
            .iter()
            .map(|r| (r.user_id, r.action.as_str(), r.subject.as_deref()))
            .collect();
        assert_eq!(
            actions,
            [
                (admin, "create_user", None),
                (caseworker, "read_profile", Some("js-2")),
                (caseworker, "read_profile", Some("js-1")),
            ]
        );
        assert!(all.iter().all(|r| r.purpose == "case_management"));
        assert!(all[0].at >= all[2].at);

        let about_one = db
            .audit_log(&AuditQuery {
                subject: Some("js-1".into()),
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(about_one.len(), 1);
        assert_eq!(about_one[0].subject.as_deref(), Some("js-1"));

        let by_admin = db
            .audit_log(&AuditQuery {
                user_id: Some(admin),
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(by_admin.len(), 1);
        let latest = db
            .audit_log(&AuditQuery {
                limit: 2,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(latest, all[..2]);
    }

    fn entries_need_an_existing_user_an_action_and_a_purpose(db: &TestDb) {
        let admin = user(db, Role::Admin);
        let mut entry = AuditEntry {
            user_id: admin,
            action: "",
            subject: None,
            purpose: "administration",
        };
        assert!(db.write_audit(&entry).is_err());
        entry.action = "list_audit";
        entry.user_id = admin + 100;
        assert!(db.write_audit(&entry).is_err(), "foreign key to users");
        entry.user_id = admin;
        db.write_audit(&entry).unwrap();
    }

    fn a_queued_entry_is_reported_once_after_it_is_stored(db: &TestDb) {
        let admin = user(db, Role::Admin);
        let (tx, rx) = std::sync::mpsc::channel();
        let entry = |user_id, action| AuditEntry {
            user_id,
            action,
            subject: Some("js-1"),
            purpose: "administration",
        };
        for (user_id, action) in [
            (admin, "first"),
            (admin + 100, "unknown_user"),
            (admin, "last"),
        ] {
            let tx = tx.clone();
            db.write_audit_then(&entry(user_id, action), move |outcome| {
                tx.send((action, outcome.is_ok())).unwrap();
            })
            .unwrap();
        }
        drop(tx);
        let mut heard: Vec<(&str, bool)> = rx.iter().collect();
        heard.sort_unstable();
        // Each caller hears once; the one naming no account hears of its failure, and its
        // failure leaves the others stored.
        assert_eq!(
            heard,
            [("first", true), ("last", true), ("unknown_user", false)]
        );
        let stored: Vec<String> = db
            .audit_log(&AuditQuery {
                limit: 10,
                ..Default::default()
            })
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .collect();
        assert_eq!(stored, ["last", "first"]);
        // A malformed entry is refused at once, and nobody is called for it.
        let refused =
            db.write_audit_then(&entry(admin, ""), |_| panic!("called for a refused entry"));
        assert!(refused.is_err());
    }

    crate::store_test_suite!(
        entries_are_listed_newest_first_and_filtered,
        entries_need_an_existing_user_an_action_and_a_purpose,
        a_queued_entry_is_reported_once_after_it_is_stored,
    );
}
