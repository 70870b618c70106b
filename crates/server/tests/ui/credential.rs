//! A verifier who was given a credential's link: no account, no sign-in. The public page
//! shows the eleven EU elements and whether the credential holds, follows a revocation at
//! once, and names no learner.

use chrono::{TimeZone, Utc};
use fantoccini::Locator;
use serde_json::{Value, json};
use skillpath_credentials::{IssuerProfile, KeySet, Signer};
use skillpath_domain::outcome::{EventKind, OutcomeEvent};
use skillpath_server::CredentialIssuer;
use skillpath_store::{NewUser, Role};

use crate::harness::Browser;

const PERSON: &str = "J-3000";
/// Complete in every EU element.
const COURSE: &str = "C-2000";

/// The eleven elements of the EU Council Recommendation, as the page labels them.
const ELEMENTS: [&str; 11] = [
    "Learner",
    "Title",
    "Country and region of the issuer",
    "Awarding body",
    "Date of issue",
    "Notional workload",
    "Level (EQF)",
    "Type of assessment",
    "Form of participation",
    "Quality assurance",
    "Learning outcomes",
];

/// A made-up key for the run, never a real one.
fn issuer() -> CredentialIssuer {
    let signer = Signer::from_bytes("did:web:pes.example#key-2026", [7; 32]).unwrap();
    let profile = IssuerProfile {
        id: "did:web:pes.example".into(),
        name: "Public Employment Service".into(),
        url: None,
    };
    CredentialIssuer::new(signer, profile, KeySet::new(), "https://pes.example").unwrap()
}

/// The page's element list as (label, value) pairs.
async fn elements(b: &Browser) -> Vec<(String, String)> {
    let terms = b
        .client
        .find_all(Locator::Css("dl dt"))
        .await
        .expect("terms");
    let values = b
        .client
        .find_all(Locator::Css("dl dd"))
        .await
        .expect("values");
    let mut out = Vec::new();
    for (t, v) in terms.iter().zip(&values) {
        out.push((
            t.text().await.expect("term text"),
            v.text().await.expect("value text"),
        ));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_verifier_without_an_account_sees_the_elements_the_verdict_and_a_revocation() {
    let Some(b) = Browser::start_with("credential", |s| s.with_credentials(issuer())).await else {
        return;
    };
    let caseworker = b.token(NewUser {
        role: Role::Caseworker,
        office: Some("office-ded5".into()),
        jobseeker_id: None,
    });
    b.state
        .store
        .append_outcome(&OutcomeEvent {
            idempotency_key: "ui-credential:completed".into(),
            kind: EventKind::Completed,
            jobseeker_id: PERSON.into(),
            course_id: Some(COURSE.into()),
            occurred_at: Utc.with_ymd_and_hms(2026, 11, 20, 16, 0, 0).unwrap(),
            occupation_uri: None,
            contract_type: None,
            employment_start: None,
        })
        .expect("completion stored");
    // Any page of the app, so that the API calls below are same-origin.
    b.goto("/healthz").await;
    let (status, issued) = b
        .api(
            "POST",
            "/api/v1/credentials",
            &caseworker,
            json!({"jobseeker_id": PERSON, "course_id": COURSE}),
        )
        .await;
    assert_eq!(status, 201, "{issued}");
    let id = issued["id"].as_str().expect("an id").to_owned();

    // The visitor has no session: the page is public.
    b.goto(&format!("/credentials/{id}")).await;
    assert_eq!(
        b.h1().await,
        "Install electricity sockets - micro-credential"
    );
    let shown = elements(&b).await;
    for label in ELEMENTS {
        let (_, value) = shown
            .iter()
            .find(|(t, _)| t == label)
            .unwrap_or_else(|| panic!("{label} missing from {shown:?}"));
        assert!(
            !value.is_empty() && value != "not stated",
            "{label}: {value:?}"
        );
    }
    let text = b.text().await;
    assert!(
        text.contains("Valid: signed by did:web:pes.example"),
        "{text}"
    );
    assert!(text.contains("salted hash"), "{text}");
    let source = b.client.source().await.expect("page source");
    assert!(
        !source.contains(PERSON),
        "the learner's id is on the public page"
    );
    assert!(
        b.client
            .find(Locator::Css("form[action='/ui/signout']"))
            .await
            .is_err(),
        "a visitor has no session controls"
    );
    b.check_page("credential-valid").await;

    let (status, revoked) = b
        .api(
            "POST",
            &format!("/api/v1/credentials/{id}/revoke"),
            &caseworker,
            Value::Null,
        )
        .await;
    assert_eq!(status, 200, "{revoked}");
    b.goto(&format!("/credentials/{id}")).await;
    let text = b.text().await;
    assert!(text.contains("Not valid (revoked)"), "{text}");
    assert!(!b.client.source().await.expect("source").contains(PERSON));
    b.check_page("credential-revoked").await;
    b.close().await;
}
