//! `skillpath users create`: the way to the first administrator account, and to accounts for
//! services. The token goes to stdout alone, so that a script can capture it; everything else
//! goes to stderr.

use anyhow::Context;
use skillpath_store::{NewUser, Role, Store, Token, User};

use crate::settings::Settings;

pub struct CreateArgs<'a> {
    pub role: &'a str,
    pub office: Option<&'a str>,
    pub jobseeker: Option<&'a str>,
}

pub fn create(settings: &Settings, args: &CreateArgs<'_>) -> anyhow::Result<()> {
    let new = new_user(args)?;
    let store = super::open_store(settings)?;
    let (user, token) = create_in(&store, &new)?;
    eprintln!(
        "created {} account {}; its token follows and is shown only this once",
        user.role, user.id
    );
    println!("{}", token.expose());
    Ok(())
}

fn create_in(store: &Store, new: &NewUser) -> anyhow::Result<(User, Token)> {
    store.create_user(new).context("creating the account")
}

/// Checks the combination before touching the database, naming the flags as typed.
fn new_user(args: &CreateArgs<'_>) -> anyhow::Result<NewUser> {
    let role: Role = args
        .role
        .parse()
        .map_err(|reason: String| anyhow::anyhow!("--role: {reason}"))?;
    let new = NewUser {
        role,
        office: args.office.map(str::to_owned),
        jobseeker_id: args.jobseeker.map(str::to_owned),
    };
    new.check().map_err(|(field, reason)| {
        let flag = match field {
            "jobseeker_id" => "--jobseeker",
            "office" => "--office",
            other => other,
        };
        anyhow::anyhow!("{flag}: {reason}")
    })?;
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args<'a>(
        role: &'a str,
        office: Option<&'a str>,
        jobseeker: Option<&'a str>,
    ) -> CreateArgs<'a> {
        CreateArgs {
            role,
            office,
            jobseeker,
        }
    }

    #[test]
    fn combinations_that_do_not_fit_the_role_name_the_flag() {
        let err = |a| format!("{:#}", new_user(&a).unwrap_err());
        assert!(err(args("root", None, None)).starts_with("--role: unknown role"));
        assert!(err(args("caseworker", None, None)).starts_with("--office:"));
        assert!(err(args("jobseeker", None, None)).starts_with("--jobseeker:"));
        assert!(err(args("admin", Some("north"), None)).starts_with("--office:"));
        assert!(err(args("analyst", None, Some("js-1"))).starts_with("--jobseeker:"));
        let ok = new_user(&args("caseworker", Some("north"), None)).unwrap();
        assert_eq!(ok.role, Role::Caseworker);
    }

    #[test]
    fn the_printed_token_authenticates_the_new_account() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("users.db").display());
        let store = Store::connect(&url, 1).unwrap();
        let new = new_user(&args("jobseeker", None, Some("js-1"))).unwrap();
        let (user, token) = create_in(&store, &new).unwrap();
        let found = store.authenticate(token.expose()).unwrap().unwrap();
        assert_eq!(found, user);
        assert_eq!(found.jobseeker_id.as_deref(), Some("js-1"));
    }
}
