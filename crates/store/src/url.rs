//! Which backend a database URL names. The scheme decides, so one configuration key can
//! point at the embedded SQLite file or at a shared PostgreSQL server.

use std::path::{Path, PathBuf};

use crate::StoreError;

/// Debug goes through `display`, which hides any password in the URL.
impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Target {
    SqliteFile(PathBuf),
    /// Lives as long as its one connection: the pool is capped at a single, never recycled
    /// connection for it.
    SqliteMemory,
    Postgres(String),
}

impl Target {
    pub(crate) fn parse(url: &str) -> Result<Target, StoreError> {
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            return match path {
                ":memory:" => Ok(Target::SqliteMemory),
                "" => Err(StoreError::invalid(
                    "database url",
                    url,
                    "names no sqlite file",
                )),
                path => Ok(Target::SqliteFile(PathBuf::from(path))),
            };
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Target::Postgres(url.to_owned()));
        }
        let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
        Err(StoreError::UnsupportedUrl {
            scheme: scheme.to_owned(),
        })
    }

    /// SQLite creates the file but not its directory; a fresh checkout has no `var/`.
    pub(crate) fn prepare(&self) -> Result<(), StoreError> {
        let Target::SqliteFile(path) = self else {
            return Ok(());
        };
        match path.parent() {
            Some(dir) if dir != Path::new("") && !dir.exists() => std::fs::create_dir_all(dir)
                .map_err(|source| StoreError::CreateDir {
                    path: dir.to_owned(),
                    source,
                }),
            _ => Ok(()),
        }
    }

    /// For logs and error messages: never the password.
    pub(crate) fn display(&self) -> String {
        match self {
            Target::SqliteFile(path) => format!("sqlite://{}", path.display()),
            Target::SqliteMemory => "sqlite::memory:".to_owned(),
            Target::Postgres(url) => redact(url),
        }
    }
}

/// Masks the password in `scheme://user:password@host/…`.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_picks_the_backend() {
        assert_eq!(
            Target::parse("sqlite://var/skillpath.db").unwrap(),
            Target::SqliteFile("var/skillpath.db".into())
        );
        assert_eq!(
            Target::parse("sqlite:///srv/skillpath.db").unwrap(),
            Target::SqliteFile("/srv/skillpath.db".into())
        );
        assert_eq!(
            Target::parse("sqlite::memory:").unwrap(),
            Target::SqliteMemory
        );
        assert_eq!(
            Target::parse("postgresql://u@h/db").unwrap(),
            Target::Postgres("postgresql://u@h/db".into())
        );
        assert!(matches!(
            Target::parse("sqlite://"),
            Err(StoreError::InvalidData { .. })
        ));
    }

    #[test]
    fn unknown_schemes_are_named_without_the_rest_of_the_url() {
        let err = Target::parse("mysql://root:secret@db/skillpath").unwrap_err();
        let message = err.to_string();
        assert!(message.contains("\"mysql\""), "{message}");
        assert!(!message.contains("secret"), "{message}");
    }

    #[test]
    fn passwords_are_masked() {
        assert_eq!(
            redact("postgres://app:s3cr@t@db:5432/skillpath?sslmode=require"),
            "postgres://app:***@db:5432/skillpath?sslmode=require"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
    }

    #[test]
    fn missing_parent_directories_are_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/skillpath.db");
        Target::SqliteFile(path.clone()).prepare().unwrap();
        assert!(path.parent().unwrap().is_dir());
    }
}
