//! The browser and the app for one scenario: the sample database behind a real HTTP server
//! on a free port, chromedriver on another, and a headless Chromium session through it.
//! When the browser or axe-core is missing the scenario is skipped with a message, unless
//! CI or SKILLPATH_REQUIRE_BROWSER=1 demands it.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use skillpath_server::{AppState, ServerOptions};
use skillpath_store::NewUser;
use skillpath_store::testing::TestDb;

use crate::support;

pub struct Browser {
    pub client: Client,
    pub base: String,
    pub state: AppState,
    axe: String,
    driver: Child,
    _profile: tempfile::TempDir,
    _db: TestDb,
}

fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui")
}

pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/ui-screenshots")
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
}

fn required() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false")
        || std::env::var("SKILLPATH_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

/// What is missing for the browser tests, if anything.
fn missing() -> Option<String> {
    let axe = ui_dir().join("node_modules/axe-core/axe.min.js");
    let mut gone = Vec::new();
    for tool in ["chromium", "chromedriver"] {
        if !on_path(tool) {
            gone.push(tool.to_owned());
        }
    }
    if !axe.is_file() {
        gone.push(format!("{} (run scripts/ui-deps)", axe.display()));
    }
    (!gone.is_empty()).then(|| gone.join(", "))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl Browser {
    /// `None` (after saying why) when the browser tools are absent and not required.
    pub async fn start(scenario: &str) -> Option<Browser> {
        Self::start_with(scenario, |state| state).await
    }

    /// As [`Browser::start`], with the app state changed first (an issuer configured, say).
    pub async fn start_with(
        scenario: &str,
        prepare: impl FnOnce(AppState) -> AppState,
    ) -> Option<Browser> {
        if let Some(gone) = missing() {
            assert!(
                !required(),
                "browser tests are required but {gone} is missing"
            );
            eprintln!("skipping the {scenario} browser scenario: {gone} not found");
            return None;
        }
        let (db, state) = support::sample_state();
        let state = prepare(state);
        let base = serve(state.clone());
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().expect("a profile dir");
        let caps = json!({
            "goog:chromeOptions": {
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--no-first-run", "--window-size=1280,1000",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let caps = match caps {
            Value::Object(m) => m,
            _ => unreachable!(),
        };
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let mut builder = ClientBuilder::new(HttpConnector::new());
            match builder.capabilities(caps.clone()).connect(&url).await {
                Ok(c) => break c,
                // chromedriver takes a moment to listen.
                Err(_) if started.elapsed() < Duration::from_secs(20) => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("chromedriver did not answer on {url}: {e}"),
            }
        };
        let axe = std::fs::read_to_string(ui_dir().join("node_modules/axe-core/axe.min.js"))
            .expect("axe-core reads");
        std::fs::create_dir_all(screenshot_dir()).expect("screenshot dir");
        Some(Browser {
            client,
            base,
            state,
            axe,
            driver,
            _profile: profile,
            _db: db,
        })
    }

    /// A new account's token.
    pub fn token(&self, user: NewUser) -> String {
        let (_, token) = self
            .state
            .store
            .create_user(&user)
            .expect("account created");
        token.expose().to_owned()
    }

    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("page loads");
    }

    pub async fn sign_in(&self, token: &str) {
        self.goto("/ui/signin").await;
        let field = self
            .client
            .find(Locator::Id("token"))
            .await
            .expect("token field");
        field.send_keys(token).await.expect("typing");
        self.submit("form[action='/ui/signin'] button").await;
    }

    /// Clicks a button that submits a form and waits until the next page replaced this
    /// one: reading the page before that would read the old one, or a node that vanished.
    pub async fn submit(&self, button: &str) {
        let old = self
            .client
            .find(Locator::Css("html"))
            .await
            .expect("a page");
        self.client
            .find(Locator::Css(button))
            .await
            .unwrap_or_else(|e| panic!("no {button}: {e}"))
            .click()
            .await
            .expect("click");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        while old.tag_name().await.is_ok() {
            assert!(
                std::time::Instant::now() < deadline,
                "{button} did not lead to a new page"
            );
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        self.client
            .wait()
            .for_element(Locator::Css("main"))
            .await
            .expect("the next page has a main landmark");
    }

    pub async fn h1(&self) -> String {
        self.client
            .find(Locator::Css("h1"))
            .await
            .expect("an h1")
            .text()
            .await
            .expect("h1 text")
    }

    pub async fn text(&self) -> String {
        self.client
            .find(Locator::Css("main"))
            .await
            .expect("a main landmark")
            .text()
            .await
            .expect("main text")
    }

    /// Saves a screenshot, then runs axe-core and fails on any serious or critical
    /// WCAG 2.1 A/AA violation.
    pub async fn check_page(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(screenshot_dir().join(format!("{name}.png")), png).expect("png written");
        self.client
            .execute(&self.axe, vec![])
            .await
            .expect("axe loads");
        let script = "const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
              .then(r => done(r.violations
                  .filter(v => v.impact === 'serious' || v.impact === 'critical')
                  .map(v => v.id + ': ' + v.help + ' at ' +
                       v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))
              .catch(e => done(['axe failed: ' + e]));";
        let found = self
            .client
            .execute_async(script, vec![])
            .await
            .expect("axe runs");
        let found: Vec<String> = serde_json::from_value(found).expect("a list");
        assert!(
            found.is_empty(),
            "{name}: accessibility violations:\n{}",
            found.join("\n")
        );
    }

    /// Fetches a same-origin URL from inside the page (with the session cookie): status and body.
    pub async fn fetch(&self, path: &str) -> (u16, String, String) {
        let script = "const done = arguments[arguments.length - 1];
            fetch(arguments[0]).then(async r => done([r.status, r.headers.get('content-type') || '', await r.text()]))
              .catch(e => done([0, '', String(e)]));";
        let v = self
            .client
            .execute_async(script, vec![json!(path)])
            .await
            .expect("fetch runs");
        serde_json::from_value(v).expect("status, type and body")
    }

    /// An API call with a bearer token from inside the page (same origin): status and body.
    pub async fn api(&self, method: &str, path: &str, token: &str, body: Value) -> (u16, Value) {
        let script = "const done = arguments[arguments.length - 1];
            fetch(arguments[1], { method: arguments[0], body: JSON.stringify(arguments[3]),
                headers: { 'authorization': 'Bearer ' + arguments[2],
                           'content-type': 'application/json' } })
              .then(async r => done([r.status, await r.text()]))
              .catch(e => done([0, String(e)]));";
        let v = self
            .client
            .execute_async(script, vec![json!(method), json!(path), json!(token), body])
            .await
            .expect("fetch runs");
        let (status, text): (u16, String) = serde_json::from_value(v).expect("status and body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Runs the app on its own thread and actix system; answers its base URL.
fn serve(state: AppState) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let options = ServerOptions {
                bind: "127.0.0.1:0".into(),
                workers: 1,
            };
            let (server, addrs) = skillpath_server::bind(state, &options).expect("server binds");
            tx.send(addrs[0]).expect("address sent");
            server.await.expect("server runs");
        });
    });
    let addr = rx.recv().expect("server address");
    format!("http://{addr}")
}
