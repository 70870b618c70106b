//! The public verification page of an issued credential: the eleven elements of the EU
//! Council Recommendation on micro-credentials, read from the signed Open Badges document
//! itself (not from the catalogue, which may have changed since), and its current status.
//! Public, so it names no one: the learner appears only as "identified by a salted hash".

use maud::{Markup, html};
use serde_json::Value;
use skillpath_credentials::Verdict;
use skillpath_store::StoredCredential;

use crate::ui::layout::page;

/// Where the page's links point: the documents and what a verifier needs.
pub(super) struct Links {
    pub open_badge: String,
    pub elm: String,
    pub status_list: Option<String>,
    pub keys: Option<String>,
}

fn text<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_str()
}

pub(super) fn render(
    stored: &StoredCredential,
    doc: &Value,
    verdict: Option<&Verdict>,
    links: &Links,
) -> Markup {
    let a = &doc["credentialSubject"]["achievement"];
    let title = text(doc, &["name"]).unwrap_or("Micro-credential");
    // The learner's id is personal data: the page says how the credential names them,
    // never the id (credentials issued before hashing carry it plain; it is not shown).
    let hashed = doc["credentialSubject"]["identifier"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|i| i["identityType"] == "identifier" && i["hashed"] == true);
    let learner = if hashed {
        "Held by a learner identified by a salted hash of their id; the learner proves it is \
         theirs by showing their id and salt."
    } else {
        "Held by a learner the issuer knows; their id is not shown here."
    };
    let creator = &a["creator"];
    let place = [
        text(creator, &["address", "addressCountryCode"]),
        text(creator, &["address", "addressRegion"]),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let labels: Vec<(&str, &str)> = a["alignment"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|al| Some((al["targetUrl"].as_str()?, al["targetName"].as_str()?)))
        .collect();
    let label = |uri: &str| labels.iter().find(|(u, _)| *u == uri).map(|(_, l)| *l);
    let workload = [
        a["ectsCredits"].as_f64().map(|e| format!("{e} ECTS")),
        a["workloadHours"].as_f64().map(|h| format!("{h} hours")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let level = text(a, &["eqfLevel"]).and_then(|u| u.rsplit('/').next());
    let participation = [
        text(a, &["participationMode"]),
        text(a, &["participationPace"]),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let or_unstated = |v: Option<&str>| v.unwrap_or("not stated").to_owned();
    let nonempty = |s: String| (!s.is_empty()).then_some(s);

    page(
        title,
        None,
        html! {
            section aria-labelledby="status" {
                h2 #status { "Status" }
                (status(stored, verdict))
            }
            section aria-labelledby="elements" {
                h2 #elements { "The eleven EU micro-credential elements" }
                dl {
                    dt { "Learner" } dd { (learner) }
                    dt { "Title" } dd { (title) }
                    dt { "Country and region of the issuer" } dd { (or_unstated(nonempty(place).as_deref())) }
                    dt { "Awarding body" } dd { (or_unstated(text(creator, &["name"]))) }
                    dt { "Date of issue" } dd { (or_unstated(text(doc, &["validFrom"]))) }
                    dt { "Notional workload" } dd { (or_unstated(nonempty(workload).as_deref())) }
                    dt { "Level (EQF)" } dd { (or_unstated(level)) }
                    dt { "Type of assessment" } dd { (or_unstated(text(a, &["assessmentType"]))) }
                    dt { "Form of participation" } dd { (or_unstated(nonempty(participation).as_deref())) }
                    dt { "Quality assurance" } dd { (or_unstated(text(a, &["qualityAssurance"]))) }
                    dt { "Learning outcomes" } dd { "listed below" }
                }
                h3 { "Learning outcomes" }
                ul {
                    @for lo in a["euLearningOutcome"].as_array().into_iter().flatten() {
                        li {
                            (lo["title"].as_str().unwrap_or(""))
                            @let skills: Vec<&str> = lo["relatedESCOSkill"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                            @if !skills.is_empty() {
                                " (ESCO: "
                                @for (i, uri) in skills.iter().enumerate() {
                                    @if i > 0 { ", " }
                                    a href=(uri) { (label(uri).unwrap_or(uri)) }
                                }
                                ")"
                            }
                        }
                    }
                }
            }
            section aria-labelledby="documents" {
                h2 #documents { "For verifiers" }
                p { "Issued by " (or_unstated(text(doc, &["issuer", "name"]))) " (" (or_unstated(text(doc, &["issuer", "id"]))) "), signed with the Data Integrity cryptosuite eddsa-jcs-2022." }
                ul {
                    li { a href=(links.open_badge) { "Open Badges 3.0 credential (JSON-LD)" } }
                    li { a href=(links.elm) { "European Learning Model credential (JSON-LD)" } }
                    @if let Some(url) = &links.status_list { li { a href=(url) { "Revocation status list" } } }
                    @if let Some(url) = &links.keys { li { a href=(url) { "Issuer's public keys" } } }
                }
            }
        },
    )
}

fn status(stored: &StoredCredential, verdict: Option<&Verdict>) -> Markup {
    match verdict {
        Some(v) if v.valid => html! { p.noted { "Valid: " (v.detail) "." } },
        Some(v) => html! { p.problem { "Not valid (" (v.reason.code()) "): " (v.detail) "." } },
        // Without the issuer's key the signature cannot be checked here; the register can.
        None if stored.revoked => html! { p.problem { "Revoked by the issuer." } },
        None => {
            html! { p { "Not revoked. This server holds no signing key, so the signature is not checked here." } }
        }
    }
}

/// For an id no credential has.
pub(super) fn not_found() -> Markup {
    page(
        "Credential not found",
        None,
        html! { p { "No credential with this address was issued here. Check the link you were given." } },
    )
}
