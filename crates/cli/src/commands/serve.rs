use std::time::Duration;

use anyhow::Context;
use skillpath_server::{AppState, ServerOptions};
use skillpath_store::Store;

use crate::settings::Settings;

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
    let mut state = AppState::load(store, settings.matcher.engine_options()?)
        .context("preparing the server")?;
    if let Some(key) = settings.exports.pseudonym_key()? {
        state = state.with_pseudonym_key(key);
    }
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
