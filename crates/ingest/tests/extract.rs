//! Skill extraction from long texts: behaviour on a small hand-made taxonomy (always runs),
//! on the shipped sample ESCO, and on a real NHS advert over the full ESCO release (skipped
//! with a message when the shared data is absent).

use std::sync::OnceLock;

use skillpath_domain::esco::{Labels, Skill};
use skillpath_ingest::esco::read_esco_dir;
use skillpath_ingest::extract::{Extracted, SkillExtractor};
use skillpath_suite::{sample_dir, shared_path};

const URI: &str = "http://data.europa.eu/esco/skill/";

fn skill(id: &str, preferred: &str, alternative: &[&str], hidden: &[&str]) -> Skill {
    Skill {
        uri: format!("{URI}{id}"),
        skill_type: None,
        reuse_level: None,
        labels: Labels {
            preferred: preferred.to_owned(),
            alternative: alternative.iter().map(|s| (*s).to_owned()).collect(),
            hidden: hidden.iter().map(|s| (*s).to_owned()).collect(),
        },
        description: String::new(),
        status: "released".into(),
        modified: None,
    }
}

fn small() -> &'static SkillExtractor {
    static SMALL: OnceLock<SkillExtractor> = OnceLock::new();
    SMALL.get_or_init(|| {
        SkillExtractor::build(&[
            skill("nursing", "nursing science", &["nursing"], &[]),
            skill("mhn", "mental health nursing", &[], &[]),
            skill(
                "phleb",
                "perform venepuncture procedures",
                &["phlebotomy"],
                &["venipuncture"],
            ),
            skill("java", "Java (computer programming)", &[], &[]),
            skill("manage-staff", "manage staff", &["manage employees"], &[]),
            skill("pension", "pension schemes", &[], &[]),
            skill("driving", "drive vehicles", &["driving"], &[]),
        ])
        .expect("building the extractor")
    })
}

fn ids(found: &[Extracted]) -> Vec<&str> {
    found.iter().map(|e| &e.uri[URI.len()..]).collect()
}

#[test]
fn spans_give_the_exact_bytes_that_matched() {
    let text = "Café staff — you’ll be Managing Staff daily.";
    let found = small().extract(text);
    assert_eq!(ids(&found), ["manage-staff"]);
    let span = &found[0].spans[0];
    assert_eq!(span.text, "Managing Staff");
    assert_eq!(&text[span.start..span.end], "Managing Staff");
    assert_eq!(span.start, text.find("Managing").unwrap());
}

#[test]
fn inflections_meet_the_label_through_stems() {
    for text in [
        "Manages staff across two wards",
        "managing the staff of the unit",
        "You will manage employees.",
    ] {
        assert_eq!(ids(&small().extract(text)), ["manage-staff"], "{text}");
    }
}

#[test]
fn multi_word_phrases_beat_the_words_inside_them() {
    let found = small().extract("Experience of mental health nursing is essential.");
    assert_eq!(ids(&found), ["mhn", "nursing"]);
    assert!(found[0].confidence > found[1].confidence);
    assert_eq!(found[0].spans[0].text, "mental health nursing");
    // The words apart are not the phrase.
    assert!(!ids(&small().extract("mental wellbeing; health visiting; nursing")).contains(&"mhn"));
}

#[test]
fn hidden_labels_and_bracketed_qualifiers_match() {
    let found = small().extract("Venipuncture and Java developers");
    assert_eq!(ids(&found).len(), 2);
    assert!(ids(&found).contains(&"phleb"));
    assert!(ids(&found).contains(&"java"));
    let phleb = found.iter().find(|e| e.uri.ends_with("phleb")).unwrap();
    assert_eq!(phleb.label, "perform venepuncture procedures");
    assert!(phleb.confidence < 1.0 && phleb.confidence > 0.0);
}

#[test]
fn negated_mentions_do_not_count() {
    for text in [
        "No previous experience of phlebotomy required.",
        "Phlebotomy is not required for this post.",
        "Experience in phlebotomy is not essential, training will be given.",
        "You will work without driving.",
    ] {
        assert!(small().extract(text).is_empty(), "{text}");
    }
    // The negation stops at its clause, and "not only" negates nothing.
    assert_eq!(
        ids(&small().extract("No weekends, phlebotomy needed.")),
        ["phleb"]
    );
    assert_eq!(
        ids(&small().extract("Not only phlebotomy but driving.")),
        ["phleb", "driving"]
    );
    assert_eq!(
        ids(&small().extract("Phlebotomy desirable but not essential.")),
        ["phleb"]
    );
}

#[test]
fn boilerplate_sentences_and_sections_do_not_count() {
    let text = "You will provide phlebotomy to outpatients.\n\
        We are an equal opportunities employer and welcome staff with driving licences.\n\
        Benefits\n\
        Generous pension schemes\n\
        Free parking and Java lessons\n\
        Main duties\n\
        Manage staff on the ward.\n\
        We offer a wide range of benefits including:\n\
        Driving lessons\n\
        You will need:\n\
        Mental health nursing";
    let found = small().extract(text);
    let mut found = ids(&found);
    found.sort_unstable();
    assert_eq!(found, ["manage-staff", "mhn", "nursing", "phleb"]);
}

#[test]
fn sample_esco_skills_are_found_in_a_course_outcome() {
    let esco = read_esco_dir(&sample_dir().join("esco"), &mut |_| {}).expect("reading sample");
    let extractor = SkillExtractor::build(&esco.dataset.skills).expect("building");
    let found = extractor.extract(
        "Learners communicate with customers, operate a cash register and learn Haskell. \
         No knowledge of Erlang is needed.",
    );
    let labels: Vec<&str> = found.iter().map(|e| e.label.as_str()).collect();
    for expected in [
        "communicate with customers",
        "operate cash register",
        "Haskell",
    ] {
        assert!(labels.contains(&expected), "{expected} not in {labels:?}");
    }
    assert!(!labels.contains(&"Erlang"), "{labels:?}");
}

#[test]
fn real_nhs_adverts_ask_for_nursing_skills_outside_their_boilerplate() {
    let (Some(esco), Some(vacancies)) = (
        shared_path("data/esco-v1.1.1"),
        shared_path("data/vacancies/nhs-jobs-2020-11.csv"),
    ) else {
        return;
    };
    let esco = read_esco_dir(&esco, &mut |_| {}).expect("reading ESCO");
    let extractor = SkillExtractor::build(&esco.dataset.skills).expect("building");
    let mut reader = csv::Reader::from_path(vacancies).expect("opening NHS file");
    let headers = reader.headers().expect("header").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (id, description) = (column("vacancy_id"), column("description_text"));
    let adverts: Vec<(String, String)> = reader
        .records()
        .map(|r| r.expect("row"))
        .map(|r| (r[id].to_owned(), r[description].to_owned()))
        .collect();
    let advert = |wanted: &str| {
        &adverts
            .iter()
            .find(|(id, _)| id == wanted)
            .expect("the advert is in the file")
            .1
    };

    // A charge nurse advert: "planning of nursing care" is ESCO's "plan nursing care".
    let charge_nurse = advert("916229855");
    let found = extractor.extract(charge_nurse);
    let plan = found
        .iter()
        .find(|e| e.label == "plan nursing care")
        .unwrap_or_else(|| panic!("no nursing care planning in {found:?}"));
    assert_eq!(
        plan.spans[0].text.to_lowercase(),
        "planning of nursing care"
    );

    // A staff nurse advert whose second half is benefits, "About us" and disclosure.
    let staff_nurse = adverts
        .iter()
        .map(|(_, d)| d)
        .find(|d| d.contains("Priory Hospital Lincolnshire"))
        .expect("the Priory staff nurse advert");
    let found = extractor.extract(staff_nurse);
    assert!(!found.is_empty());
    let benefits = staff_nurse
        .find("we offer a wide range of benefits including")
        .expect("the benefits lead-in");
    for e in &found {
        for span in &e.spans {
            assert_eq!(&staff_nurse[span.start..span.end], span.text);
            assert!(
                span.end < benefits,
                "{} found in boilerplate at {}",
                e.label,
                span.start
            );
        }
    }
}
