//! The OpenAPI document served at /api/v1/openapi.json.

use actix_web::http::StatusCode;
use actix_web::test;

use crate::matrix::{Access, ROWS};
use crate::support::{sample_state, send};

#[actix_web::test]
async fn the_document_is_openapi_3_with_the_bearer_scheme_on_every_protected_route() {
    let (_db, state) = sample_state();
    let a = send(&state, test::TestRequest::get().uri("/api/v1/openapi.json")).await;
    assert_eq!(a.status, StatusCode::OK);
    let doc = a.body;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{doc}");
    assert_eq!(doc["info"]["title"], "skillpath");
    // utoipa's own `Deserialize` does not read back its "any value" schema, so validity is
    // checked here: every operation answers something, and every reference resolves.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object();
            assert!(responses.is_some_and(|r| !r.is_empty()), "{method} {path}");
        }
    }
    let text = doc.to_string();
    for reference in text.split("\"$ref\":\"").skip(1) {
        let target = &reference[..reference.find('"').unwrap()];
        let name = target.strip_prefix("#/components/schemas/").unwrap();
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{target} dangles"
        );
    }
    assert!(text.contains("#/components/schemas/Problem"));
    let scheme = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!(scheme["type"], "http", "{scheme}");
    assert_eq!(scheme["scheme"], "bearer", "{scheme}");
    assert!(doc["components"]["schemas"]["Problem"].is_object());

    for row in ROWS {
        let op = &doc["paths"][row.pattern][row.method];
        assert!(
            op.is_object(),
            "{} {} not documented",
            row.method,
            row.pattern
        );
        let security = op["security"].as_array().cloned().unwrap_or_default();
        let needs_bearer = security.iter().any(|s| s.get("bearer").is_some());
        match row.access {
            Access::Public => assert!(!needs_bearer, "{} {}", row.method, row.pattern),
            Access::Roles(_) => assert!(needs_bearer, "{} {}", row.method, row.pattern),
        }
    }
}

#[actix_web::test]
async fn path_parameters_and_bodies_are_described() {
    let doc = serde_json::to_value(skillpath_server::openapi()).unwrap();
    let params = doc["paths"]["/api/v1/skills/{id}"]["get"]["parameters"]
        .as_array()
        .unwrap();
    assert!(
        params
            .iter()
            .any(|p| p["name"] == "id" && p["in"] == "path")
    );
    let query = doc["paths"]["/api/v1/occupations/match"]["get"]["parameters"]
        .as_array()
        .unwrap();
    assert!(
        query
            .iter()
            .any(|p| p["name"] == "q" && p["required"] == true)
    );
    let body = &doc["paths"]["/api/v1/users"]["post"]["requestBody"];
    assert!(body["content"]["application/json"].is_object(), "{body}");
}

/// The document lists what `service(handler)` registered; a route added any other way
/// (`.route(…)`, `web::resource(…)`) would serve requests without being documented, nor be
/// in the role matrix. There is no public way to list an actix router's routes, so this
/// looks at the source.
#[actix_web::test]
async fn routes_are_registered_only_through_documented_services() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![dir];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                // The web pages are HTML for people, deliberately not part of the API document.
                if !path.ends_with("ui") {
                    stack.push(path);
                }
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for needle in [".route(", "web::resource(", "web::scope("] {
                let offending = text
                    .lines()
                    .filter(|l| l.contains(needle) && !l.contains("default_service"))
                    .count();
                assert_eq!(offending, 0, "{} uses {needle}", path.display());
            }
            checked += 1;
        }
    }
    assert!(checked > 5);
}
