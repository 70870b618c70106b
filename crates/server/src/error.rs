//! Error policy: every failure a client can cause becomes an RFC 9457 problem document
//! (`application/problem+json`) with a stable machine `code`, a human `detail` and, where one
//! field is at fault, its name. Server-side failures are logged with their cause and answered
//! with a generic 500 body that leaks nothing.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, thiserror::Error)]
#[error("{title}: {detail}")]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    #[serde(rename = "status")]
    pub status_code: u16,
    pub detail: String,
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            status,
            kind: format!("https://skillpath.eu/problems/{code}"),
            title: status.canonical_reason().unwrap_or("error").to_owned(),
            status_code: status.as_u16(),
            detail: detail.into(),
            code,
            field: None,
        }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }

    pub fn invalid(field: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_value", detail).with_field(field)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", detail)
    }

    /// For failures that are ours, not the client's: the cause goes to the log only.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server could not answer; the failure was logged",
        )
    }

    pub fn unavailable(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", detail)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let body = serde_json::to_string(self).unwrap_or_default();
        HttpResponse::build(self.status)
            .content_type("application/problem+json")
            .body(body)
    }
}

pub async fn not_found(req: HttpRequest) -> HttpResponse {
    ApiError::not_found(format!("no resource at {}", req.path())).error_response()
}

pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .error_handler(move |err, _req| {
            use actix_web::error::JsonPayloadError as E;
            let problem = match &err {
                E::OverflowKnownLength { .. } | E::Overflow { .. } => ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!("the body is larger than {limit} bytes"),
                ),
                E::ContentType => ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "send the body as application/json",
                ),
                E::Deserialize(e) if e.is_data() => {
                    let detail = e.to_string();
                    let problem =
                        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_value", &detail);
                    match field_of(&detail) {
                        Some(field) => problem.with_field(field),
                        None => problem,
                    }
                }
                E::Deserialize(e) => ApiError::bad_request("malformed_json", e.to_string()),
                other => ApiError::bad_request("bad_body", other.to_string()),
            };
            problem.into()
        })
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _req| {
        let detail = err.to_string();
        let problem = ApiError::bad_request("invalid_query", &detail);
        match field_of(&detail) {
            Some(field) => problem.with_field(field).into(),
            None => problem.into(),
        }
    })
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|err, _req| ApiError::bad_request("invalid_path", err.to_string()).into())
}

/// serde names the offending field in backticks ("unknown field `x`", "missing field `y`");
/// pull it out so the problem body can point at it.
fn field_of(message: &str) -> Option<String> {
    message.split('`').nth(1).map(str::to_owned)
}
