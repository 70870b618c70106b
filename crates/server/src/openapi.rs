//! The OpenAPI 3 document, generated from the handlers' `#[utoipa::path]` attributes by
//! registering the routes once more into a throwaway app: the same `routes::configure` that
//! serves requests, so the document and the router cannot disagree.

use std::sync::OnceLock;

use actix_web::App;
use utoipa::openapi::OpenApi as Document;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::ApiError;

/// The name under which handlers require the token: `security(("bearer" = []))`.
pub const BEARER: &str = "bearer";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "skillpath",
        description = "Micro-credential recommendations for public employment services. \
            Errors are RFC 9457 problem documents (application/problem+json)."
    ),
    components(schemas(ApiError)),
    modifiers(&BearerScheme)
)]
struct Base;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "an opaque token from `skillpath users create` or POST /api/v1/users",
                    ))
                    .build(),
            ),
        );
    }
}

pub fn document() -> &'static Document {
    static DOCUMENT: OnceLock<Document> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let (_, doc) = App::new()
            .into_utoipa_app()
            .openapi(Base::openapi())
            .configure(crate::routes::configure)
            .split_for_parts();
        doc
    })
}
