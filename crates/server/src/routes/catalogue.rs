//! The course catalogue and the vacancies: public reference data every role may search. Only
//! administrators change the catalogue.

mod courses;
mod vacancies;

use serde::Serialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::ApiError;

const MAX_PER_PAGE: usize = 100;
const MAX_TEXT: usize = 1_000;

pub fn configure(cfg: &mut ServiceConfig) {
    courses::configure(cfg);
    vacancies::configure(cfg);
}

/// Which slice of a result list a request asks for: `page` from 1, `per_page` 1 to 100.
#[derive(Debug, Clone, Copy)]
struct Paging {
    page: usize,
    per_page: usize,
}

impl Paging {
    fn checked(page: Option<usize>, per_page: Option<usize>) -> Result<Self, ApiError> {
        let page = page.unwrap_or(1);
        if page == 0 || page > 1_000_000 {
            return Err(ApiError::invalid("page", "page counts from 1"));
        }
        let per_page = per_page.unwrap_or(20);
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(ApiError::invalid(
                "per_page",
                format!("per_page must be 1 to {MAX_PER_PAGE}, not {per_page}"),
            ));
        }
        Ok(Self { page, per_page })
    }

    fn offset(self) -> usize {
        (self.page - 1) * self.per_page
    }
}

#[derive(Debug, Serialize)]
struct Page<T> {
    page: usize,
    per_page: usize,
    /// How many match in all, over every page.
    total: usize,
    items: Vec<T>,
}

/// Free text from a query: trimmed, bounded, and absent when blank.
fn checked_text(field: &str, text: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.len() > MAX_TEXT {
        return Err(ApiError::invalid(
            field,
            format!("{field} is longer than {MAX_TEXT} bytes"),
        ));
    }
    Ok(Some(text.to_owned()))
}

fn checked_uri(field: &str, uri: Option<&str>) -> Result<Option<String>, ApiError> {
    uri.map(|u| {
        skillpath_domain::esco::check_esco_uri(u)
            .map(|()| u.to_owned())
            .map_err(|e| ApiError::invalid(field, e))
    })
    .transpose()
}

/// Catalogue and vacancy ids are opaque strings from their sources; bound them anyway.
fn checked_id(id: &str) -> Result<&str, ApiError> {
    if id.is_empty() || id.len() > 200 {
        return Err(ApiError::invalid("id", "an id is 1 to 200 characters"));
    }
    Ok(id)
}
