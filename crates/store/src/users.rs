//! Accounts of the people and services that call the API, and their bearer tokens.
//!
//! A token is 256 bits from the operating system's generator, shown once when the account is
//! created. Only its SHA-256 digest is stored: with that much entropy a digest cannot be
//! reversed by guessing, so a slow password hash (argon2, bcrypt) would only slow down every
//! request. A stolen copy of the database therefore holds no usable credential.

use std::fmt;
use std::str::FromStr;

use chrono::{NaiveDateTime, Timelike, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::schema::users;
use crate::{Store, StoreError};

/// Marks our tokens so that a leaked one is recognisable (secret scanners, logs).
const TOKEN_PREFIX: &str = "sp_";
const TOKEN_BYTES: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Caseworker,
    Jobseeker,
    Analyst,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Caseworker,
        Role::Jobseeker,
        Role::Analyst,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Caseworker => "caseworker",
            Role::Jobseeker => "jobseeker",
            Role::Analyst => "analyst",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!("unknown role {s:?}: expected caseworker, jobseeker, analyst or admin")
            })
    }
}

/// What an account is for. A caseworker belongs to exactly one office; a jobseeker account to
/// exactly one jobseeker; the other roles to neither, so no account carries a scope that its
/// role would silently ignore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    pub role: Role,
    pub office: Option<String>,
    pub jobseeker_id: Option<String>,
}

impl NewUser {
    /// The reason the combination is refused, naming the field at fault.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        let blank = |v: &Option<String>| v.as_deref().is_some_and(|s| s.trim().is_empty());
        if blank(&self.office) {
            return Err(("office", "office must not be empty".into()));
        }
        if blank(&self.jobseeker_id) {
            return Err(("jobseeker_id", "jobseeker_id must not be empty".into()));
        }
        match (self.role, &self.office, &self.jobseeker_id) {
            (Role::Caseworker, None, _) => Err(("office", "a caseworker needs an office".into())),
            (Role::Jobseeker, _, None) => Err((
                "jobseeker_id",
                "a jobseeker account needs the jobseeker's id".into(),
            )),
            (role, Some(_), _) if role != Role::Caseworker => Err((
                "office",
                format!("only caseworkers have an office, not a {role}"),
            )),
            (role, _, Some(_)) if role != Role::Jobseeker => Err((
                "jobseeker_id",
                format!("only jobseeker accounts name a jobseeker, not a {role}"),
            )),
            _ => Ok(()),
        }
    }
}

/// A stored account. Deliberately has no token field: the digest never leaves this module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub role: Role,
    pub office: Option<String>,
    pub jobseeker_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub disabled: bool,
}

/// The token of a new account, which exists nowhere else once this value is dropped.
/// `Debug` hides it so that it cannot reach a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = users)]
struct UserRow {
    id: i64,
    role: String,
    office: Option<String>,
    jobseeker_id: Option<String>,
    created_at: NaiveDateTime,
    disabled: bool,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
struct NewUserRow<'a> {
    role: &'a str,
    office: Option<&'a str>,
    jobseeker_id: Option<&'a str>,
    token_sha256: &'a str,
    created_at: NaiveDateTime,
    disabled: bool,
}

impl UserRow {
    fn into_user(self) -> Result<User, StoreError> {
        let role = self
            .role
            .parse()
            .map_err(|reason: String| StoreError::corrupt("users", self.id.to_string(), reason))?;
        Ok(User {
            id: self.id,
            role,
            office: self.office,
            jobseeker_id: self.jobseeker_id,
            created_at: self.created_at,
            disabled: self.disabled,
        })
    }
}

fn new_token() -> Result<Token, StoreError> {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::invalid("users", "token", format!("no randomness: {e}")))?;
    Ok(Token(format!("{TOKEN_PREFIX}{}", hex(&bytes))))
}

fn digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

impl Store {
    /// Creates an account and returns it with its token, which is not stored and cannot be
    /// recovered: lose it and create a new account.
    pub fn create_user(&self, new: &NewUser) -> Result<(User, Token), StoreError> {
        new.check()
            .map_err(|(field, reason)| StoreError::invalid("users", field, reason))?;
        let token = new_token()?;
        let hash = digest(token.expose());
        let row = NewUserRow {
            role: new.role.as_str(),
            office: new.office.as_deref(),
            jobseeker_id: new.jobseeker_id.as_deref(),
            token_sha256: &hash,
            // Whole seconds: both backends then hand back exactly what was written.
            created_at: Utc::now()
                .naive_utc()
                .with_nanosecond(0)
                .unwrap_or_default(),
            disabled: false,
        };
        let mut conn = self.conn()?;
        // The digest is unique, so it finds the row again without `RETURNING`, which
        // diesel's MultiConnection cannot express.
        let user = (*conn).transaction(|c| {
            diesel::insert_into(users::table).values(&row).execute(c)?;
            users::table
                .filter(users::token_sha256.eq(&hash))
                .select(UserRow::as_select())
                .first(c)
        })?;
        Ok((user.into_user()?, token))
    }

    /// The enabled account holding `token`, or `None` for an unknown, malformed or disabled
    /// one; the caller cannot tell these apart, and need not.
    pub fn authenticate(&self, token: &str) -> Result<Option<User>, StoreError> {
        if !token.starts_with(TOKEN_PREFIX) || token.len() != TOKEN_PREFIX.len() + 2 * TOKEN_BYTES {
            return Ok(None);
        }
        let hash = digest(token);
        let mut conn = self.conn()?;
        users::table
            .filter(users::token_sha256.eq(&hash))
            .filter(users::disabled.eq(false))
            .select(UserRow::as_select())
            .first(&mut *conn)
            .optional()?
            .map(UserRow::into_user)
            .transpose()
    }

    pub fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        let mut conn = self.conn()?;
        users::table
            .find(id)
            .select(UserRow::as_select())
            .first(&mut *conn)
            .optional()?
            .map(UserRow::into_user)
            .transpose()
    }

    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let mut conn = self.conn()?;
        users::table
            .order(users::id)
            .select(UserRow::as_select())
            .load(&mut *conn)?
            .into_iter()
            .map(UserRow::into_user)
            .collect()
    }

    /// Disabling keeps the account (the audit log refers to it) but its token stops working.
    /// Returns false when there is no such account.
    pub fn set_user_disabled(&self, id: i64, disabled: bool) -> Result<bool, StoreError> {
        let mut conn = self.conn()?;
        let n = diesel::update(users::table.find(id))
            .set(users::disabled.eq(disabled))
            .execute(&mut *conn)?;
        Ok(n == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_must_fit_the_role() {
        let user = |role, office: Option<&str>, js: Option<&str>| NewUser {
            role,
            office: office.map(Into::into),
            jobseeker_id: js.map(Into::into),
        };
        assert!(user(Role::Caseworker, Some("north"), None).check().is_ok());
        assert!(user(Role::Jobseeker, None, Some("js-1")).check().is_ok());
        assert!(user(Role::Admin, None, None).check().is_ok());
        assert_eq!(
            user(Role::Caseworker, None, None).check().unwrap_err().0,
            "office"
        );
        assert_eq!(
            user(Role::Caseworker, Some(" "), None)
                .check()
                .unwrap_err()
                .0,
            "office"
        );
        assert_eq!(
            user(Role::Jobseeker, None, None).check().unwrap_err().0,
            "jobseeker_id"
        );
        assert_eq!(
            user(Role::Analyst, Some("north"), None)
                .check()
                .unwrap_err()
                .0,
            "office"
        );
        assert_eq!(
            user(Role::Caseworker, Some("north"), Some("js-1"))
                .check()
                .unwrap_err()
                .0,
            "jobseeker_id"
        );
    }

    #[test]
    fn tokens_are_long_random_and_hidden_from_debug() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.expose().len(), TOKEN_PREFIX.len() + 64);
        assert!(!format!("{a:?}").contains(&a.expose()[3..]));
        assert_eq!(digest("abc").len(), 64);
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn roles_round_trip_through_text() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert!("root".parse::<Role>().unwrap_err().contains("root"));
    }
}

/// Against real databases, once per backend.
#[cfg(test)]
mod backend_tests {
    use super::*;
    use crate::testing::TestDb;

    fn caseworker() -> NewUser {
        NewUser {
            role: Role::Caseworker,
            office: Some("north".into()),
            jobseeker_id: None,
        }
    }

    fn a_token_authenticates_its_user_and_only_its_digest_is_stored(db: &TestDb) {
        let (user, token) = db.create_user(&caseworker()).unwrap();
        assert_eq!(user.role, Role::Caseworker);
        assert_eq!(user.office.as_deref(), Some("north"));
        assert!(!user.disabled);
        assert_eq!(db.authenticate(token.expose()).unwrap(), Some(user.clone()));
        assert_eq!(db.user(user.id).unwrap(), Some(user.clone()));

        let mut conn = db.conn().unwrap();
        let stored: String = users::table
            .find(user.id)
            .select(users::token_sha256)
            .first(&mut *conn)
            .unwrap();
        assert_eq!(stored, digest(token.expose()));
        assert!(!stored.contains(&token.expose()[TOKEN_PREFIX.len()..]));
    }

    fn unknown_malformed_and_disabled_tokens_are_refused(db: &TestDb) {
        let (user, token) = db.create_user(&caseworker()).unwrap();
        let (other, _) = db
            .create_user(&NewUser {
                role: Role::Jobseeker,
                office: None,
                jobseeker_id: Some("js-7".into()),
            })
            .unwrap();
        assert_ne!(user.id, other.id);
        let mut forged = token.expose().to_owned();
        forged.replace_range(10..11, if &forged[10..11] == "0" { "1" } else { "0" });
        assert_eq!(db.authenticate(&forged).unwrap(), None);
        assert_eq!(db.authenticate("").unwrap(), None);
        assert_eq!(db.authenticate(&digest(token.expose())).unwrap(), None);

        assert!(db.set_user_disabled(user.id, true).unwrap());
        assert_eq!(db.authenticate(token.expose()).unwrap(), None);
        assert!(db.user(user.id).unwrap().unwrap().disabled);
        assert!(db.set_user_disabled(user.id, false).unwrap());
        assert!(db.authenticate(token.expose()).unwrap().is_some());
        assert!(!db.set_user_disabled(user.id + 1000, true).unwrap());
        assert_eq!(db.users().unwrap().len(), 2);
    }

    fn scopes_that_do_not_fit_the_role_are_refused_by_the_store_and_the_schema(db: &TestDb) {
        let err = db
            .create_user(&NewUser {
                role: Role::Caseworker,
                office: None,
                jobseeker_id: None,
            })
            .unwrap_err();
        assert!(matches!(err, StoreError::InvalidData { ref key, .. } if key == "office"));
        assert!(db.users().unwrap().is_empty());

        // The CHECK constraints hold even for a writer that skips `NewUser::check`.
        let mut conn = db.conn().unwrap();
        let bad = NewUserRow {
            role: "analyst",
            office: Some("north"),
            jobseeker_id: None,
            token_sha256: "x",
            created_at: Utc::now().naive_utc(),
            disabled: false,
        };
        assert!(
            diesel::insert_into(users::table)
                .values(&bad)
                .execute(&mut *conn)
                .is_err()
        );
        let bad = NewUserRow {
            role: "root",
            office: None,
            ..bad
        };
        assert!(
            diesel::insert_into(users::table)
                .values(&bad)
                .execute(&mut *conn)
                .is_err()
        );
    }

    crate::store_test_suite!(
        a_token_authenticates_its_user_and_only_its_digest_is_stored,
        unknown_malformed_and_disabled_tokens_are_refused,
        scopes_that_do_not_fit_the_role_are_refused_by_the_store_and_the_schema,
    );
}
