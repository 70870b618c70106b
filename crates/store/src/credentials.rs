//! Credentials this service issued, kept verbatim as signed, with the (list, position) of
//! each in the issuer's status lists. Revoking flips a flag; the published status lists are
//! rebuilt from the revoked positions, so the signed documents never change.
//!
//! The database, not the caller, keeps the two rules that must hold when several requests
//! or instances issue at once: a status position belongs to one credential, and a person
//! holds at most one valid (unrevoked) credential per course.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};
use diesel::prelude::*;

use crate::conn::on_backend;
use crate::schema::credentials;
use crate::{Store, StoreError};

/// A credential as issued: the signed Open Badges 3.0 document and its European Learning
/// Model form, both JSON text exactly as signed.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = credentials)]
pub struct StoredCredential {
    /// Stable and URL-safe: it names the public page `/credentials/{id}`.
    pub id: String,
    pub jobseeker_id: String,
    pub course_id: String,
    pub ob3_json: String,
    pub elm_json: String,
    pub issued_at: NaiveDateTime,
    /// Position of the credential's bit in its status list.
    pub status_index: i64,
    pub revoked: bool,
    /// The status list (numbered from 1) the position is in.
    pub status_list: i64,
    /// The salt of the documents' learner identity hash; `None` for credentials issued
    /// before identities were hashed.
    pub learner_salt: Option<String>,
}

impl StoredCredential {
    pub fn issued_at_utc(&self) -> DateTime<Utc> {
        self.issued_at.and_utc()
    }
}

/// What became of a newly issued credential.
#[derive(Debug, Clone, PartialEq)]
pub enum CredentialInsert {
    Stored(StoredCredential),
    /// The person already holds this valid credential for the course; nothing was stored.
    AlreadyValid(StoredCredential),
    /// Another credential took the status position meanwhile: sign anew at another one.
    PositionTaken,
}

fn url_safe(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Store {
    /// A free (list, position) for the next credential: the lowest-numbered list that is not
    /// full (lists of `entries` positions, numbered from 1), and in it a position drawn at
    /// random among the free ones, so that a position says nothing of when a credential was
    /// issued or how many were. The caller signs the credential with it and then stores it;
    /// should another issuer take the position meanwhile, [`Store::insert_credential`]
    /// answers [`CredentialInsert::PositionTaken`] and the caller asks again.
    pub fn free_status_position(&self, entries: u32) -> Result<(i64, i64), StoreError> {
        let entries = i64::from(entries.max(1));
        // The two reads are not one snapshot: other issuers may fill the chosen list between
        // them, and then the lists are read again (the next time that list counts as full).
        loop {
            let mut conn = self.conn()?;
            let used: Vec<(i64, i64)> = credentials::table
                .group_by(credentials::status_list)
                .select((credentials::status_list, diesel::dsl::count_star()))
                .order(credentials::status_list)
                .load(&mut *conn)?;
            let mut list = 1;
            for (l, count) in used {
                if l == list && count >= entries {
                    list += 1;
                }
            }
            let taken: HashSet<i64> = credentials::table
                .filter(credentials::status_list.eq(list))
                .select(credentials::status_index)
                .load::<i64>(&mut *conn)?
                .into_iter()
                .collect();
            drop(conn);
            let mut free = (0..entries).filter(|p| !taken.contains(p));
            let count = free.clone().count() as u64;
            if count == 0 {
                continue;
            }
            let n = random_below(count)?;
            if let Some(position) = free.nth(n as usize) {
                return Ok((list, position));
            }
        }
    }

    /// Stores a newly issued credential. Refuses an id that is not URL-safe or already
    /// stored; reports a second valid credential for the same person and course, and a
    /// status position already taken, without storing anything.
    pub fn insert_credential(
        &self,
        credential: &StoredCredential,
    ) -> Result<CredentialInsert, StoreError> {
        if !url_safe(&credential.id) {
            return Err(StoreError::invalid(
                "credential",
                &credential.id,
                "the id must be 1-128 letters, digits, '-' or '_'",
            ));
        }
        if credential.status_index < 0 || credential.status_list < 1 {
            return Err(StoreError::invalid(
                "credential",
                &credential.id,
                "the status list is numbered from 1 and the position must not be negative",
            ));
        }
        let mut row = credential.clone();
        // The database keeps microseconds; what is returned must equal what is read back.
        row.issued_at = row.issued_at.trunc_subsecs(6);
        let mut conn = self.conn()?;
        let inserted = on_backend!(&mut *conn, |c| diesel::insert_into(credentials::table)
            .values(&row)
            .execute(c));
        drop(conn);
        match inserted {
            Ok(_) => Ok(CredentialInsert::Stored(row)),
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {
                if self.credential(&row.id)?.is_some() {
                    return Err(StoreError::invalid(
                        "credential",
                        &row.id,
                        "the id is already taken",
                    ));
                }
                let valid = self
                    .credentials_for_jobseeker(&row.jobseeker_id)?
                    .into_iter()
                    .find(|c| c.course_id == row.course_id && !c.revoked);
                Ok(match valid {
                    Some(existing) => CredentialInsert::AlreadyValid(existing),
                    // Also when the other valid one was revoked since: a retry will do.
                    None => CredentialInsert::PositionTaken,
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    pub fn credential(&self, id: &str) -> Result<Option<StoredCredential>, StoreError> {
        let mut conn = self.conn()?;
        Ok(credentials::table
            .find(id)
            .select(StoredCredential::as_select())
            .first(&mut *conn)
            .optional()?)
    }

    /// A person's credentials, oldest first.
    pub fn credentials_for_jobseeker(
        &self,
        jobseeker_id: &str,
    ) -> Result<Vec<StoredCredential>, StoreError> {
        let mut conn = self.conn()?;
        Ok(credentials::table
            .filter(credentials::jobseeker_id.eq(jobseeker_id))
            .order((credentials::issued_at, credentials::id))
            .select(StoredCredential::as_select())
            .load(&mut *conn)?)
    }

    /// Marks a credential revoked; revoking twice is harmless. `None` when no such id.
    pub fn revoke_credential(&self, id: &str) -> Result<Option<StoredCredential>, StoreError> {
        let mut conn = self.conn()?;
        diesel::update(credentials::table.find(id))
            .set(credentials::revoked.eq(true))
            .execute(&mut *conn)?;
        drop(conn);
        self.credential(id)
    }

    /// The status lists that hold at least one credential, ascending: those to publish.
    pub fn status_lists_in_use(&self) -> Result<Vec<i64>, StoreError> {
        let mut conn = self.conn()?;
        Ok(credentials::table
            .select(credentials::status_list)
            .distinct()
            .order(credentials::status_list)
            .load(&mut *conn)?)
    }

    /// The positions of revoked credentials in status list `list`, ascending: the bits to
    /// set in that published list.
    pub fn revoked_status_indices(&self, list: i64) -> Result<Vec<i64>, StoreError> {
        let mut conn = self.conn()?;
        Ok(credentials::table
            .filter(credentials::revoked.eq(true))
            .filter(credentials::status_list.eq(list))
            .order(credentials::status_index)
            .select(credentials::status_index)
            .load(&mut *conn)?)
    }
}

/// Uniform in `0..n` (n > 0) from the operating system's generator, without modulo bias.
fn random_below(n: u64) -> Result<u64, StoreError> {
    let zone = u64::MAX - u64::MAX % n;
    loop {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).map_err(|e| {
            StoreError::invalid(
                "credential",
                "status position",
                format!("no randomness: {e}"),
            )
        })?;
        let v = u64::from_le_bytes(bytes);
        if v < zone {
            return Ok(v % n);
        }
    }
}
