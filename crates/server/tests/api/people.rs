//! Jobseeker profiles: who may read, list, create and replace them, what is logged, and
//! that bad input is refused naming the field.

use actix_web::http::StatusCode;
use actix_web::test;
use serde_json::{Value, json};
use skillpath_server::AppState;
use skillpath_store::Role;

use crate::support::{Answer, audited, bearer, sample_state, send, token_for};

const SKILL: &str = "http://data.europa.eu/esco/skill/209a5498-3449-4689-8ed9-bd08cab4fd78";

async fn get(state: &AppState, token: &str, uri: &str) -> Answer {
    send(state, bearer(test::TestRequest::get().uri(uri), token)).await
}

async fn put(state: &AppState, token: &str, uri: &str, body: Value) -> Answer {
    send(
        state,
        bearer(test::TestRequest::put().uri(uri).set_json(body), token),
    )
    .await
}

async fn post(state: &AppState, token: &str, uri: &str, body: Value) -> Answer {
    send(
        state,
        bearer(test::TestRequest::post().uri(uri).set_json(body), token),
    )
    .await
}

#[actix_web::test]
async fn a_profile_is_read_by_the_person_and_their_office_only_and_each_read_is_logged() {
    let (_db, state) = sample_state();
    let ded5 = token_for(&state, Role::Caseworker, Some("office-ded5"), None);
    let ded2 = token_for(&state, Role::Caseworker, Some("office-ded2"), None);
    let me = token_for(&state, Role::Jobseeker, None, Some("J-3000"));
    let other = token_for(&state, Role::Jobseeker, None, Some("J-3001"));
    let uri = "/api/v1/jobseekers/J-3000";

    let a = get(&state, &ded5, uri).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body["id"], "J-3000");
    assert_eq!(a.body["office"], "office-ded5");
    assert!(a.body.get("groups").is_none() && a.body.get("young").is_none());
    assert_eq!(get(&state, &me, uri).await.status, StatusCode::OK);

    for (token, who) in [
        (&ded2, "caseworker of another office"),
        (&other, "another jobseeker"),
    ] {
        let a = get(&state, token, uri).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{who}");
        assert_eq!(
            a.body["detail"], "no such jobseeker",
            "{who}: as for a missing one"
        );
    }
    assert_eq!(
        get(&state, &ded5, "/api/v1/jobseekers/J-9999").await.status,
        StatusCode::NOT_FOUND
    );
    for role in [Role::Analyst, Role::Admin] {
        let t = token_for(&state, role, None, None);
        assert_eq!(
            get(&state, &t, uri).await.status,
            StatusCode::FORBIDDEN,
            "{role}"
        );
    }

    let log = audited(&state, "J-3000");
    let reads: Vec<(&str, &str)> = log
        .iter()
        .map(|r| (r.action.as_str(), r.purpose.as_str()))
        .collect();
    assert_eq!(
        reads,
        [
            ("read_profile", "self_service"),
            ("read_profile", "case_management")
        ],
        "one row per allowed read, none for refused ones"
    );
}

#[actix_web::test]
async fn caseworkers_list_their_office_filtered_and_paged() {
    let (_db, state) = sample_state();
    let ded5 = token_for(&state, Role::Caseworker, Some("office-ded5"), None);
    let ids = |a: &Answer| -> Vec<String> {
        a.body["jobseekers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = get(&state, &ded5, "/api/v1/jobseekers").await;
    assert_eq!(all.status, StatusCode::OK);
    let expected: Vec<String> = state
        .store
        .jobseekers_in_office("office-ded5")
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(ids(&all), expected);
    assert!(expected.len() >= 3 && expected.contains(&"J-3000".to_owned()));

    let one = get(&state, &ded5, "/api/v1/jobseekers?q=3000").await;
    assert_eq!(ids(&one), ["J-3000"]);
    let none = get(&state, &ded5, "/api/v1/jobseekers?q=3001").await;
    assert!(ids(&none).is_empty(), "J-3001 is in office-ded2");

    let first = get(&state, &ded5, "/api/v1/jobseekers?limit=2").await;
    assert_eq!(ids(&first), expected[..2]);
    let after = first.body["next_after"].as_str().unwrap().to_owned();
    let second = get(
        &state,
        &ded5,
        &format!("/api/v1/jobseekers?limit=2&after={after}"),
    )
    .await;
    assert_eq!(ids(&second), expected[2..4]);

    let bad = get(&state, &ded5, "/api/v1/jobseekers?limit=0").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["field"], "limit");
    for role in [Role::Jobseeker, Role::Analyst, Role::Admin] {
        let t = token_for(
            &state,
            role,
            None,
            (role == Role::Jobseeker).then_some("J-3000"),
        );
        let a = get(&state, &t, "/api/v1/jobseekers").await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{role}");
    }
}

/// Two caseworkers registering the same person at once: one is told it worked, the other
/// that the id is taken; neither silently replaces the other's record.
#[actix_web::test]
async fn concurrent_registrations_of_one_id_give_one_201_and_409s() {
    let (_db, state) = sample_state();
    let ded5 = token_for(&state, Role::Caseworker, Some("office-ded5"), None);
    let runs: Vec<_> = (1..=6)
        .map(|radius| {
            let (state, token) = (state.clone(), ded5.clone());
            actix_web::rt::spawn(async move {
                let body = json!({"id": "J-RACE", "travel_radius_km": radius});
                post(&state, &token, "/api/v1/jobseekers", body).await
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for run in runs {
        let a = run.await.unwrap();
        if a.status == StatusCode::CONFLICT {
            assert_eq!(a.body["code"], "already_registered", "{}", a.body);
        }
        statuses.push(a.status);
    }
    let created = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((created, refused), (1, 5), "{statuses:?}");
}

#[actix_web::test]
async fn a_caseworker_registers_people_in_their_office_with_known_skills_only() {
    let (_db, state) = sample_state();
    let ded5 = token_for(&state, Role::Caseworker, Some("office-ded5"), None);
    let body = json!({
        "id": "J-9000",
        "skills": [{"uri": SKILL, "source": "declared"}],
        "travel_radius_km": 15,
        "preferred_modes": ["online"],
        "highest_eqf": 3
    });
    let a = post(&state, &ded5, "/api/v1/jobseekers", body.clone()).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["office"], "office-ded5");
    let stored = state.store.jobseeker("J-9000").unwrap().unwrap();
    assert_eq!(stored.skills.len(), 1);
    assert_eq!(stored.highest_eqf, Some(3));

    let again = post(&state, &ded5, "/api/v1/jobseekers", body.clone()).await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    let cases = [
        (
            json!({"id": "J-9001", "travel_radius_km": 1, "colour": "red"}),
            "colour",
        ),
        (json!({"id": "J-9001"}), "travel_radius_km"),
        (json!({"travel_radius_km": 1}), "id"),
        (
            json!({"id": "J-9001", "travel_radius_km": 1, "office": "office-ded2"}),
            "office",
        ),
        (
            json!({"id": "J-9001", "travel_radius_km": 1, "highest_eqf": 9}),
            "highest_eqf",
        ),
        (
            json!({"id": "J-9001", "travel_radius_km": 1, "location": {"town": "x"}}),
            "location.town",
        ),
        (
            json!({"id": "J-9001", "travel_radius_km": 1,
                "skills": [{"uri": SKILL, "source": "declared"},
                           {"uri": "http://data.europa.eu/esco/skill/nope", "source": "declared"}]}),
            "skills[1].uri",
        ),
        (
            json!({"id": "J-9001", "travel_radius_km": 1,
                "target_occupations": ["http://data.europa.eu/esco/occupation/nope"]}),
            "target_occupations[0]",
        ),
    ];
    for (body, field) in cases {
        let a = post(&state, &ded5, "/api/v1/jobseekers", body.clone()).await;
        assert_eq!(
            a.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            a.body
        );
        assert_eq!(a.body["field"], field, "{body}");
    }
    assert!(state.store.jobseeker("J-9001").unwrap().is_none());
    let me = token_for(&state, Role::Jobseeker, None, Some("J-9002"));
    let a = post(
        &state,
        &me,
        "/api/v1/jobseekers",
        json!({"id": "J-9002", "travel_radius_km": 1}),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn profiles_skills_and_targets_are_replaced_by_their_owners() {
    let (_db, state) = sample_state();
    let me = token_for(&state, Role::Jobseeker, None, Some("J-3000"));
    let ded2 = token_for(&state, Role::Caseworker, Some("office-ded2"), None);
    let groups_before = state.store.jobseeker_groups("J-3000").unwrap();
    let occupation = state
        .store
        .jobseeker("J-3000")
        .unwrap()
        .unwrap()
        .work_history[0]
        .clone();

    let a = put(
        &state,
        &me,
        "/api/v1/jobseekers/J-3000",
        json!({"travel_radius_km": 40}),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let stored = state.store.jobseeker("J-3000").unwrap().unwrap();
    assert_eq!(stored.travel_radius_km, 40.0);
    assert!(stored.skills.is_empty(), "PUT replaces the whole profile");
    assert_eq!(stored.office, "office-ded5");
    assert_eq!(
        state.store.jobseeker_groups("J-3000").unwrap(),
        groups_before
    );
    let moved = put(
        &state,
        &me,
        "/api/v1/jobseekers/J-3000",
        json!({"travel_radius_km": 1, "office": "x"}),
    )
    .await;
    assert_eq!(moved.body["field"], "office");

    let skills = "/api/v1/jobseekers/J-3000/skills";
    let bad = json!({"skills": [{"uri": SKILL, "source": "declared"},
        {"uri": "http://data.europa.eu/esco/skill/unknown", "source": "declared"}]});
    let a = put(&state, &me, skills, bad).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["field"], "skills[1].uri");
    assert!(a.body["detail"].as_str().unwrap().contains("skill/unknown"));
    let a = put(
        &state,
        &me,
        skills,
        json!({"skills": [{"uri": SKILL, "source": "bragged"}]}),
    )
    .await;
    assert_eq!(a.body["field"], "skills[0].source");
    let a = put(
        &state,
        &me,
        skills,
        json!({"skills": [{"uri": SKILL, "source": "declared"}]}),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    // A jobseeker cannot promote their own skill; only a caseworker confirms, and credential
    // evidence comes only from an import.
    for source in ["caseworker-confirmed", "credential"] {
        let a = put(
            &state,
            &me,
            skills,
            json!({"skills": [{"uri": SKILL, "source": source}]}),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{source}");
        assert_eq!(a.body["field"], "skills[0].source", "{source}");
    }
    let ded5 = token_for(&state, Role::Caseworker, Some("office-ded5"), None);
    let confirmed = json!({"skills": [{"uri": SKILL, "source": "caseworker-confirmed"}]});
    let a = put(&state, &ded5, skills, confirmed.clone()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    // Sending back what was read keeps the confirmation.
    let a = put(&state, &me, skills, confirmed).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let a = put(
        &state,
        &me,
        skills,
        json!({"skills": [{"uri": SKILL, "source": "declared"}]}),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let a = get(&state, &me, skills).await;
    assert_eq!(a.body["skills"][0]["uri"], SKILL);
    assert_eq!(a.body["skills"][0]["source"], "declared");
    assert!(
        a.body["skills"][0]["label"]
            .as_str()
            .is_some_and(|l| !l.is_empty())
    );

    let targets = "/api/v1/jobseekers/J-3000/targets";
    let a = put(
        &state,
        &me,
        targets,
        json!({"target_occupations": ["http://data.europa.eu/esco/occupation/x"]}),
    )
    .await;
    assert_eq!(a.body["field"], "target_occupations[0]");
    let a = put(
        &state,
        &me,
        targets,
        json!({"target_occupations": [occupation]}),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(
        get(&state, &me, targets).await.body["target_occupations"][0],
        occupation.as_str()
    );

    for (uri, body) in [
        (skills, json!({"skills": []})),
        (targets, json!({"target_occupations": []})),
    ] {
        let a = put(&state, &ded2, uri, body).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(get(&state, &ded2, uri).await.status, StatusCode::NOT_FOUND);
    }
    let actions: Vec<String> = audited(&state, "J-3000")
        .into_iter()
        .map(|r| r.action)
        .collect();
    for action in [
        "replace_profile",
        "replace_skills",
        "replace_targets",
        "read_skills",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} not in {actions:?}"
        );
    }
}
