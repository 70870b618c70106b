use std::time::Duration;

use anyhow::{Context, bail};
use skillpath_credentials::{IssuerProfile, KeySet, Signer};
use skillpath_server::{AppState, CredentialIssuer, ServerOptions};
use skillpath_store::Store;

use crate::settings::{Credentials, Settings};

pub fn run(settings: &Settings) -> anyhow::Result<()> {
    let store = super::open_store(settings)?;
    serve(settings, store, |_| {})
}

/// Starts the server on `server.bind`; `on_ready` runs once the socket is bound, so that the
/// demo can print a working address.
pub fn serve(
    settings: &Settings,
    store: Store,
    on_ready: impl FnOnce(std::net::SocketAddr),
) -> anyhow::Result<()> {
    // Before the indexes are built: a half-configured issuer stops the start at once.
    let issuer = credential_issuer(&settings.credentials)?;
    let mut state = AppState::load(store, settings.matcher.engine_options()?)
        .context("preparing the server")?;
    if let Some(key) = settings.exports.pseudonym_key()? {
        state = state.with_pseudonym_key(key);
    }
    if let Some(issuer) = issuer {
        state = state.with_credentials(issuer);
    }
    state.prepare_dashboard();
    state
        .spawn_refresher(Duration::from_secs(settings.matcher.refresh_seconds))
        .context("starting the matcher refresh")?;
    let options = ServerOptions {
        bind: settings.server.bind.clone(),
        workers: settings.server.workers,
    };
    actix_web::rt::System::new().block_on(async move {
        let (server, addrs) = skillpath_server::bind(state, &options)
            .with_context(|| format!("binding {}", options.bind))?;
        if let Some(addr) = addrs.first() {
            on_ready(*addr);
        }
        server.await.context("server stopped with an error")
    })
}

/// The issuer when a signing key is set. A key without the rest is a mistake to report at
/// start, not at the first issue.
fn credential_issuer(c: &Credentials) -> anyhow::Result<Option<CredentialIssuer>> {
    let Some(seed) = c.signing_key.expose() else {
        tracing::info!(
            "no credentials signing key: credentials are verified and imported, not issued"
        );
        return Ok(None);
    };
    let missing: Vec<&str> = [
        ("issuer_id", &c.issuer_id),
        ("issuer_name", &c.issuer_name),
        ("key_id", &c.key_id),
        ("public_url", &c.public_url),
    ]
    .into_iter()
    .filter(|(_, v)| v.trim().is_empty())
    .map(|(k, _)| k)
    .collect();
    if !missing.is_empty() {
        bail!(
            "SKILLPATH__CREDENTIALS__SIGNING_KEY is set but credentials.{} is empty",
            missing.join(", credentials.")
        );
    }
    let signer = Signer::from_seed(c.key_id.trim(), seed).context("credentials signing key")?;
    let keys = match c.keys_file.trim() {
        "" => KeySet::new(),
        path => {
            let bytes = std::fs::read(path).with_context(|| format!("reading key set {path}"))?;
            KeySet::from_json(&bytes).with_context(|| format!("key set {path}"))?
        }
    };
    let profile = IssuerProfile {
        id: c.issuer_id.trim().to_owned(),
        name: c.issuer_name.trim().to_owned(),
        url: Some(c.issuer_url.trim().to_owned()).filter(|u| !u.is_empty()),
    };
    Ok(Some(CredentialIssuer::new(
        signer,
        profile,
        keys,
        c.public_url.trim(),
    )?))
}
