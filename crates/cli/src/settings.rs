//! Layered configuration: the shipped `config/default.toml`, then an optional `--config FILE`,
//! then `SKILLPATH__SECTION__KEY` environment variables. Every struct denies unknown fields so
//! that a misspelt key is an error naming it, not a silently ignored setting.

use std::path::Path;

use anyhow::Context;
use config::{Config, Environment, File, FileFormat};
use serde::Deserialize;

/// Compiled in so that the binary has its defaults wherever it runs from.
const DEFAULTS: &str = include_str!("../../../config/default.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub database: Database,
    pub server: Server,
    pub log: Log,
    pub credentials: Credentials,
    pub matcher: MatcherSettings,
    pub exports: Exports,
}

/// Pseudonymised exports for analysts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exports {
    /// Keys the HMAC that replaces jobseeker ids; only from the environment, never printed.
    /// Empty means not configured: exports are then refused.
    #[serde(default)]
    pub pseudonym_key: Secret,
}

impl Exports {
    pub fn pseudonym_key(&self) -> anyhow::Result<Option<skillpath_server::PseudonymKey>> {
        self.pseudonym_key
            .expose()
            .map(|k| skillpath_server::PseudonymKey::new(k).map_err(anyhow::Error::msg))
            .transpose()
            .context("exports.pseudonym_key")
    }
}

/// How recommendations are computed, and how often each server instance looks for new data.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatcherSettings {
    /// `YYYY-MM-DD`, or empty for today.
    pub as_of: String,
    /// Seconds between checks for courses, vacancies or outcomes written by anyone else.
    pub refresh_seconds: u64,
    #[serde(default)]
    pub policy: skillpath_matcher::Policy,
}

impl MatcherSettings {
    pub fn engine_options(&self) -> anyhow::Result<skillpath_engine::EngineOptions> {
        let as_of = match self.as_of.trim() {
            "" => None,
            day => Some(
                chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").with_context(|| {
                    format!("matcher.as_of {day:?} is not a date like 2026-12-01")
                })?,
            ),
        };
        Ok(skillpath_engine::EngineOptions {
            policy: self.policy.clone(),
            as_of,
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Database {
    pub url: String,
    pub pool_size: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub bind: String,
    pub workers: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Log {
    pub format: LogFormat,
    pub level: String,
}

/// Issuing and verifying micro-credentials. Empty strings mean "not configured".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub issuer_id: String,
    pub issuer_name: String,
    pub issuer_url: String,
    /// Where `skillpath serve` is reached from outside; issued credentials point their status
    /// list and pages under it, so it must not change while they are in use.
    pub public_url: String,
    pub key_id: String,
    /// Only from the environment; never printed.
    #[serde(default)]
    pub signing_key: Secret,
    pub keys_file: String,
}

/// A value that `Debug` does not show, so settings can be logged whole.
#[derive(Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> Option<&str> {
        Some(self.0.as_str()).filter(|s| !s.trim().is_empty())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "unset" } else { "***" })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Settings {
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        Self::load_from(file, Environment::with_prefix("SKILLPATH"))
    }

    fn load_from(file: Option<&Path>, env: Environment) -> anyhow::Result<Self> {
        let mut builder = Config::builder().add_source(File::from_str(DEFAULTS, FileFormat::Toml));
        if let Some(path) = file {
            anyhow::ensure!(path.is_file(), "config file {} not found", path.display());
            builder = builder.add_source(File::from(path).required(true));
        }
        let env = env.prefix_separator("__").separator("__").try_parsing(true);
        let settings: Settings = builder
            .add_source(env)
            .build()
            .context("reading configuration")?
            .try_deserialize()
            .context("invalid configuration")?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.database.pool_size > 0,
            "database.pool_size must be at least 1"
        );
        self.server
            .bind
            .parse::<std::net::SocketAddr>()
            .with_context(|| {
                format!(
                    "server.bind {:?} is not an address like 127.0.0.1:8080",
                    self.server.bind
                )
            })?;
        self.matcher.engine_options()?;
        self.exports.pseudonym_key()?;
        anyhow::ensure!(
            self.matcher.refresh_seconds > 0,
            "matcher.refresh_seconds must be at least 1"
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn with_env(vars: &[(&str, &str)]) -> anyhow::Result<Settings> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::load_from(
            None,
            Environment::with_prefix("SKILLPATH").source(Some(map)),
        )
    }

    #[test]
    fn defaults_use_the_embedded_sqlite_database() {
        let s = with_env(&[]).unwrap();
        assert_eq!(s.database.url, "sqlite://var/skillpath.db");
        assert_eq!(s.server.bind, "127.0.0.1:8080");
        assert_eq!(s.log.format, LogFormat::Text);
    }

    #[test]
    fn environment_overrides_nested_keys() {
        let s = with_env(&[
            (
                "SKILLPATH__DATABASE__URL",
                "postgres://postgres@127.0.0.1/test",
            ),
            ("SKILLPATH__SERVER__BIND", "127.0.0.1:9999"),
            ("SKILLPATH__LOG__FORMAT", "json"),
        ])
        .unwrap();
        assert_eq!(s.database.url, "postgres://postgres@127.0.0.1/test");
        assert_eq!(s.server.bind, "127.0.0.1:9999");
        assert_eq!(s.log.format, LogFormat::Json);
    }

    #[test]
    fn the_export_key_comes_from_the_environment_is_checked_and_never_printed() {
        assert!(
            with_env(&[])
                .unwrap()
                .exports
                .pseudonym_key()
                .unwrap()
                .is_none()
        );
        let key = "k".repeat(skillpath_server::MIN_KEY_BYTES);
        let s = with_env(&[("SKILLPATH__EXPORTS__PSEUDONYM_KEY", &key)]).unwrap();
        assert!(s.exports.pseudonym_key().unwrap().is_some());
        assert!(!format!("{s:?}").contains(&key));
        let err = with_env(&[("SKILLPATH__EXPORTS__PSEUDONYM_KEY", "short")]).unwrap_err();
        assert!(
            format!("{err:#}").contains("exports.pseudonym_key"),
            "{err:#}"
        );
    }

    #[test]
    fn the_signing_key_comes_from_the_environment_and_is_never_printed() {
        let s = with_env(&[]).unwrap();
        assert_eq!(s.credentials.signing_key.expose(), None);
        let s = with_env(&[
            ("SKILLPATH__CREDENTIALS__SIGNING_KEY", "c2VjcmV0LXNlZWQ"),
            (
                "SKILLPATH__CREDENTIALS__KEY_ID",
                "did:web:pes.example#key-1",
            ),
        ])
        .unwrap();
        assert_eq!(s.credentials.signing_key.expose(), Some("c2VjcmV0LXNlZWQ"));
        assert_eq!(s.credentials.key_id, "did:web:pes.example#key-1");
        assert!(!format!("{s:?}").contains("c2VjcmV0LXNlZWQ"));
    }

    #[test]
    fn unknown_keys_fail_naming_the_key() {
        let err = with_env(&[("SKILLPATH__DATABASE__URLL", "x")]).unwrap_err();
        assert!(format!("{err:#}").contains("urll"), "{err:#}");
    }

    #[test]
    fn a_config_file_overrides_defaults_and_is_checked() {
        let dir = std::env::temp_dir().join(format!("skillpath-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("site.toml");
        std::fs::write(&path, "[server]\nbind = \"0.0.0.0:80\"\n").unwrap();
        let s = Settings::load_from(
            Some(&path),
            Environment::with_prefix("SKILLPATH").source(Some(HashMap::new())),
        )
        .unwrap();
        assert_eq!(s.server.bind, "0.0.0.0:80");
        std::fs::write(&path, "[server]\nbind = \"nowhere\"\n").unwrap();
        let err = Settings::load_from(
            Some(&path),
            Environment::with_prefix("SKILLPATH").source(Some(HashMap::new())),
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("server.bind"), "{err:#}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
