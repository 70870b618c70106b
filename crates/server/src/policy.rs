//! Who may do what. Two questions, asked at two moments:
//!
//! 1. **May this role use this endpoint at all?** Answered before the handler runs, by the
//!    extractor in the handler's signature: `who: Allowed<ADMIN>`. Role sets are bit masks, so
//!    a rule reads as the roles it admits; the named sets below say why each role is in.
//! 2. **May this person see this record?** Answered once the record's owner is known (its
//!    jobseeker id and office), by [`person_record`], which also says under which purpose the
//!    access happens, for the audit log.
//!
//! | role       | person records              | aggregates | catalogue, users |
//! |------------|-----------------------------|------------|------------------|
//! | jobseeker  | their own                   | no         | no               |
//! | caseworker | jobseekers of their office  | no         | no               |
//! | analyst    | no                          | yes        | no               |
//! | admin      | no                          | no         | yes              |

use skillpath_store::Role;

use crate::ApiError;
use crate::auth::Principal;

/// A set of roles, one bit each.
pub type Roles = u8;

pub const JOBSEEKER: Roles = 1 << 0;
pub const CASEWORKER: Roles = 1 << 1;
pub const ANALYST: Roles = 1 << 2;
pub const ADMIN: Roles = 1 << 3;

/// Public reference data (the ESCO taxonomy, the course catalogue) for anyone signed in.
pub const ANY_ROLE: Roles = JOBSEEKER | CASEWORKER | ANALYST | ADMIN;
/// Data about one person: the person, and the caseworkers of their office.
pub const PERSON_RECORDS: Roles = JOBSEEKER | CASEWORKER;
/// Statistics over many people, after disclosure control.
pub const AGGREGATES: Roles = ANALYST;
/// Courses, providers, accounts and the audit log.
pub const ADMINISTRATION: Roles = ADMIN;

pub const fn bit(role: Role) -> Roles {
    match role {
        Role::Jobseeker => JOBSEEKER,
        Role::Caseworker => CASEWORKER,
        Role::Analyst => ANALYST,
        Role::Admin => ADMIN,
    }
}

pub const fn admits(roles: Roles, role: Role) -> bool {
    roles & bit(role) != 0
}

/// Whose record a request touches: enough to decide, nothing more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner<'a> {
    pub jobseeker_id: &'a str,
    /// The office that serves the jobseeker; `None` while none is assigned.
    pub office: Option<&'a str>,
}

/// Why a person's record was opened; written to the audit log with the access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SelfService,
    CaseManagement,
    /// Reading or recording group flags, which decide eligibility for targeted funding.
    FundingEligibility,
    Administration,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::SelfService => "self_service",
            Purpose::CaseManagement => "case_management",
            Purpose::FundingEligibility => "funding_eligibility",
            Purpose::Administration => "administration",
        }
    }
}

/// Out-of-scope records answer exactly like missing ones (404), so that nobody can learn
/// whether a jobseeker is registered by asking for records they may not see.
pub fn person_record(who: &Principal, owner: &Owner<'_>) -> Result<Purpose, ApiError> {
    let user = who.user();
    let allowed = match user.role {
        Role::Jobseeker => user.jobseeker_id.as_deref() == Some(owner.jobseeker_id),
        Role::Caseworker => user.office.is_some() && user.office.as_deref() == owner.office,
        Role::Analyst | Role::Admin => false,
    };
    match (allowed, user.role) {
        (true, Role::Jobseeker) => Ok(Purpose::SelfService),
        (true, _) => Ok(Purpose::CaseManagement),
        (false, _) => Err(ApiError::not_found("no such jobseeker")),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;
    use skillpath_store::User;

    use super::*;

    fn who(role: Role, office: Option<&str>, jobseeker: Option<&str>) -> Principal {
        Principal::new(User {
            id: 1,
            role,
            office: office.map(Into::into),
            jobseeker_id: jobseeker.map(Into::into),
            created_at: NaiveDateTime::default(),
            disabled: false,
        })
    }

    #[test]
    fn role_sets_admit_exactly_their_roles() {
        assert!(Role::ALL.iter().all(|&r| admits(ANY_ROLE, r)));
        assert!(admits(PERSON_RECORDS, Role::Jobseeker));
        assert!(admits(PERSON_RECORDS, Role::Caseworker));
        assert!(!admits(PERSON_RECORDS, Role::Analyst));
        assert!(!admits(PERSON_RECORDS, Role::Admin));
        assert!(!admits(AGGREGATES, Role::Caseworker));
        assert!(admits(ADMINISTRATION, Role::Admin));
        assert!(!admits(ADMINISTRATION, Role::Analyst));
    }

    #[test]
    fn people_see_their_own_records_and_caseworkers_those_of_their_office() {
        let north = Owner {
            jobseeker_id: "js-1",
            office: Some("north"),
        };
        let unassigned = Owner {
            jobseeker_id: "js-2",
            office: None,
        };
        let me = who(Role::Jobseeker, None, Some("js-1"));
        assert_eq!(person_record(&me, &north).unwrap(), Purpose::SelfService);
        assert_eq!(
            person_record(&me, &unassigned).unwrap_err().status_code,
            404
        );

        let caseworker = who(Role::Caseworker, Some("north"), None);
        assert_eq!(
            person_record(&caseworker, &north).unwrap(),
            Purpose::CaseManagement
        );
        assert!(person_record(&caseworker, &unassigned).is_err());
        let elsewhere = who(Role::Caseworker, Some("south"), None);
        assert!(person_record(&elsewhere, &north).is_err());

        for role in [Role::Analyst, Role::Admin] {
            assert!(person_record(&who(role, None, None), &north).is_err());
        }
    }
}
