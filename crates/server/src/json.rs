//! Request bodies. actix's `web::Json` reports a wrong type without saying where it is; this
//! extractor deserializes through `serde_path_to_error`, so the problem document names the
//! field (`sessions[2].start`). Every route that takes a body uses it.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use serde::de::DeserializeOwned;

use crate::ApiError;
use crate::error::field_of;

#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = req
            .mime_type()
            .ok()
            .flatten()
            .is_some_and(|m| m.subtype() == "json" || m.suffix().is_some_and(|s| s == "json"));
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !json {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "send the body as application/json",
                ));
            }
            let bytes = body.await.map_err(|e| {
                if e.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::payload_too_large(crate::MAX_JSON_BYTES)
                } else {
                    ApiError::bad_request("bad_body", e.to_string())
                }
            })?;
            parse(&bytes).map(Json)
        })
    }
}

pub(crate) fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let detail = inner.to_string();
        if !inner.is_data() {
            return ApiError::bad_request("malformed_json", detail);
        }
        let problem = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_value", &detail);
        // An unknown or missing field is named by the message, inside the object the path
        // leads to ("." at the top); a wrong type by the path alone.
        match (path.as_str(), field_of(&detail)) {
            (".", Some(field)) => problem.with_field(field),
            (".", None) => problem,
            (path, Some(field)) if !path.ends_with(field.as_str()) => {
                problem.with_field(format!("{path}.{field}"))
            }
            (path, _) => problem.with_field(path),
        }
    })?;
    de.end()
        .map_err(|e| ApiError::bad_request("malformed_json", e.to_string()))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "only deserialized")]
    struct Outer {
        name: String,
        sessions: Vec<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "only deserialized")]
    struct Inner {
        seats: u32,
    }

    fn problem(body: &str) -> ApiError {
        parse::<Outer>(body.as_bytes()).unwrap_err()
    }

    #[test]
    fn the_field_at_fault_is_named_at_any_depth() {
        let p = problem(r#"{"name": "x", "sessions": [{"seats": 1}, {"seats": "many"}]}"#);
        assert_eq!(p.status_code, 422);
        assert_eq!(p.field.as_deref(), Some("sessions[1].seats"));
        let p = problem(r#"{"name": 5, "sessions": []}"#);
        assert_eq!(p.field.as_deref(), Some("name"));
        let p = problem(r#"{"sessions": []}"#);
        assert_eq!(p.field.as_deref(), Some("name"));
        let p = problem(r#"{"name": "x", "sessions": [], "colour": 1}"#);
        assert_eq!(p.field.as_deref(), Some("colour"));
        let p = problem(r#"{"name": "x", "sessions": [{"seats": 1, "room": 2}]}"#);
        assert!(p.field.as_deref().unwrap().contains("room"), "{p:?}");
    }

    #[test]
    fn broken_json_is_a_bad_request() {
        for body in [
            r#"{"name": "#,
            "",
            r#"{"name": "x", "sessions": []} trailing"#,
        ] {
            let p = problem(body);
            assert_eq!(p.status_code, 400, "{body}");
            assert_eq!(p.code, "malformed_json");
        }
    }
}
