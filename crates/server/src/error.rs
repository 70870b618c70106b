//! Error policy: every failure a client can cause becomes an RFC 9457 problem document
//! (`application/problem+json`) with a stable machine `code`, a human `detail` and, where one
//! field is at fault, its name. Server-side failures are logged with their cause and answered
//! with a generic 500 body that leaks nothing.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, thiserror::Error, utoipa::ToSchema)]
#[error("{title}: {detail}")]
#[schema(as = Problem)]
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
    /// The `WWW-Authenticate` challenge of a 401 (RFC 6750).
    #[serde(skip)]
    pub challenge: Option<String>,
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
            challenge: None,
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

    /// No credentials, or ones we do not accept. `error` is RFC 6750's code (`invalid_token`)
    /// when a token was sent, and absent when none was.
    pub fn unauthorized(error: Option<&str>, detail: impl Into<String>) -> Self {
        let mut problem = Self::new(StatusCode::UNAUTHORIZED, "unauthorized", detail);
        problem.challenge = Some(match error {
            Some(e) => format!("Bearer realm=\"skillpath\", error=\"{e}\""),
            None => "Bearer realm=\"skillpath\"".to_owned(),
        });
        problem
    }

    /// Authenticated, but this role may not do this.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the body is larger than {limit} bytes"),
        )
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
        let mut res = HttpResponse::build(self.status);
        if let Some(challenge) = &self.challenge {
            res.insert_header(("www-authenticate", challenge.as_str()));
        }
        res.content_type("application/problem+json").body(body)
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
                E::OverflowKnownLength { .. } | E::Overflow { .. } => {
                    ApiError::payload_too_large(limit)
                }
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
/// pull it out so the problem body can point at it. Other messages quote a value in
/// backticks ("invalid type: integer `5`"), which must not pass for a field name.
pub(crate) fn field_of(message: &str) -> Option<String> {
    ["unknown field", "missing field", "duplicate field"]
        .iter()
        .find_map(|p| message.find(p).map(|at| &message[at..]))
        .and_then(|rest| rest.split('`').nth(1))
        .map(str::to_owned)
}
