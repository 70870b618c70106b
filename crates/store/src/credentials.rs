//! Credentials this service issued, kept verbatim as signed, with the position of each in
//! the issuer's status list. Revoking flips a flag; the published status list is rebuilt
//! from the revoked positions, so the signed documents never change.

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
    /// Position of the credential's bit in the issuer's status list.
    pub status_index: i64,
    pub revoked: bool,
}

impl StoredCredential {
    pub fn issued_at_utc(&self) -> DateTime<Utc> {
        self.issued_at.and_utc()
    }
}

fn url_safe(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Store {
    /// The first status-list position no stored credential holds. The caller signs the
    /// credential with it and then stores it; should another issuer take the position
    /// meanwhile, [`Store::insert_credential`] refuses and the caller asks again.
    pub fn next_credential_status_index(&self) -> Result<i64, StoreError> {
        let mut conn = self.conn()?;
        let max: Option<i64> = credentials::table
            .select(diesel::dsl::max(credentials::status_index))
            .first(&mut *conn)?;
        Ok(max.map_or(0, |m| m + 1))
    }

    /// Stores a newly issued credential. Refuses an id that is not URL-safe, an id already
    /// stored, and a status-list position already taken.
    pub fn insert_credential(
        &self,
        credential: &StoredCredential,
    ) -> Result<StoredCredential, StoreError> {
        if !url_safe(&credential.id) {
            return Err(StoreError::invalid(
                "credential",
                &credential.id,
                "the id must be 1-128 letters, digits, '-' or '_'",
            ));
        }
        if credential.status_index < 0 {
            return Err(StoreError::invalid(
                "credential",
                &credential.id,
                "the status index must not be negative",
            ));
        }
        let mut row = credential.clone();
        // The database keeps microseconds; what is returned must equal what is read back.
        row.issued_at = row.issued_at.trunc_subsecs(6);
        let mut conn = self.conn()?;
        let inserted = on_backend!(&mut *conn, |c| diesel::insert_into(credentials::table)
            .values(&row)
            .execute(c));
        match inserted {
            Ok(_) => Ok(row),
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => Err(StoreError::invalid(
                "credential",
                &credential.id,
                "the id or the status index is already taken",
            )),
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

    /// The status-list positions of revoked credentials, ascending: the bits to set in
    /// the published status list.
    pub fn revoked_status_indices(&self) -> Result<Vec<i64>, StoreError> {
        let mut conn = self.conn()?;
        Ok(credentials::table
            .filter(credentials::revoked.eq(true))
            .order(credentials::status_index)
            .select(credentials::status_index)
            .load(&mut *conn)?)
    }
}
