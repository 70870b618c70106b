pub mod courses;
pub mod credentials;
pub mod demand;
pub mod demo;
pub mod esco;
pub mod generate;
pub mod jobseekers;
pub mod lookup;
pub mod outcomes;
pub mod recommend;
pub mod rejections;
pub mod report;
pub mod serve;
pub mod users;
pub mod vacancies;

use anyhow::Context;
use skillpath_store::Store;

use crate::settings::Settings;

pub fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    Store::connect(&settings.database.url, settings.database.pool_size)
        .with_context(|| format!("opening database {}", redact(&settings.database.url)))
}

/// Database URLs may carry a password; never print it.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_in_database_urls_are_hidden() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact("sqlite://var/skillpath.db"),
            "sqlite://var/skillpath.db"
        );
    }
}
