//! Vacancies: loaded in batches, updated in place by id. A reload replaces a vacancy and its
//! given skills as one unit, so a changed advert never keeps skills it no longer asks for.

use chrono::{NaiveDate, Utc};
use diesel::prelude::*;
use skillpath_domain::vacancy::{Location, Salary, Vacancy};

use crate::conn::on_backend;
use crate::schema::{vacancies, vacancy_skills};
use crate::{Store, StoreError};

/// Rows per INSERT: 20 columns each keeps well under SQLite's bind limit.
const BATCH: usize = 1000;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = vacancies)]
struct VacancyRow {
    id: String,
    title: String,
    employer: Option<String>,
    municipality: Option<String>,
    region: Option<String>,
    postcode: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    posted: Option<NaiveDate>,
    closing: Option<NaiveDate>,
    contract_type: Option<String>,
    working_time: Option<String>,
    salary_min: Option<f64>,
    salary_max: Option<f64>,
    salary_currency: Option<String>,
    salary_period: Option<String>,
    description: String,
    occupation_uri: Option<String>,
    source: String,
    loaded_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = vacancy_skills)]
struct VacancySkillRow {
    vacancy_id: String,
    skill_uri: String,
    origin: String,
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// A vacancy search: every given filter must hold. Results come in id order.
#[derive(Debug, Clone, Default)]
pub struct VacancyQuery {
    /// Words that must appear in the title or description (case-insensitive substring).
    pub text: Option<String>,
    pub region: Option<String>,
    pub occupation_uri: Option<String>,
    /// An ESCO skill the vacancy asks for.
    pub skill_uri: Option<String>,
    /// Only vacancies open on this day (posted by then, closing then or later).
    pub open_on: Option<NaiveDate>,
    pub offset: usize,
    pub limit: usize,
}

/// What a load did: vacancies new to the database, and known ones replaced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VacancyLoadSummary {
    pub inserted: usize,
    pub updated: usize,
}

impl VacancyRow {
    fn from_domain(v: &Vacancy, source: &str, now: chrono::NaiveDateTime) -> Self {
        let salary = v.salary.as_ref();
        VacancyRow {
            id: v.id.clone(),
            title: v.title.clone(),
            employer: v.employer.clone(),
            municipality: v.location.municipality.clone(),
            region: v.location.region.clone(),
            postcode: v.location.postcode.clone(),
            latitude: v.location.latitude,
            longitude: v.location.longitude,
            posted: v.posted,
            closing: v.closing,
            contract_type: v.contract_type.clone(),
            working_time: v.working_time.clone(),
            salary_min: salary.and_then(|s| s.min),
            salary_max: salary.and_then(|s| s.max),
            salary_currency: salary.and_then(|s| s.currency.clone()),
            salary_period: salary.and_then(|s| s.period.clone()),
            description: v.description.clone(),
            occupation_uri: v.occupation_uri.clone(),
            source: source.to_owned(),
            loaded_at: now,
        }
    }

    fn into_domain(self, skill_uris: Vec<String>) -> Vacancy {
        let salary = (self.salary_min.is_some() || self.salary_max.is_some()).then_some(Salary {
            min: self.salary_min,
            max: self.salary_max,
            currency: self.salary_currency,
            period: self.salary_period,
        });
        Vacancy {
            id: self.id,
            title: self.title,
            employer: self.employer,
            location: Location {
                municipality: self.municipality,
                region: self.region,
                postcode: self.postcode,
                latitude: self.latitude,
                longitude: self.longitude,
            },
            posted: self.posted,
            closing: self.closing,
            contract_type: self.contract_type,
            working_time: self.working_time,
            salary,
            description: self.description,
            occupation_uri: self.occupation_uri,
            skill_uris,
        }
    }
}

impl Store {
    /// Stores `batch` in one transaction, replacing vacancies whose id is already known.
    /// `source` names where they came from (a file name), for tracing a figure back.
    pub fn upsert_vacancies(
        &self,
        batch: &[Vacancy],
        source: &str,
    ) -> Result<VacancyLoadSummary, StoreError> {
        let now = Utc::now().naive_utc();
        let rows: Vec<VacancyRow> = batch
            .iter()
            .map(|v| VacancyRow::from_domain(v, source, now))
            .collect();
        let mut skills: Vec<VacancySkillRow> = Vec::new();
        for v in batch {
            let mut uris: Vec<&String> = v.skill_uris.iter().collect();
            uris.sort();
            uris.dedup();
            skills.extend(uris.into_iter().map(|u| VacancySkillRow {
                vacancy_id: v.id.clone(),
                skill_uri: u.clone(),
                origin: "given".into(),
            }));
        }
        let ids: Vec<&str> = batch.iter().map(|v| v.id.as_str()).collect();
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| c.transaction(|c| {
            let mut existing = 0;
            for chunk in ids.chunks(BATCH) {
                existing += diesel::delete(vacancies::table.filter(vacancies::id.eq_any(chunk)))
                    .execute(c)?;
            }
            for chunk in rows.chunks(BATCH) {
                diesel::insert_into(vacancies::table)
                    .values(chunk)
                    .execute(c)?;
            }
            for chunk in skills.chunks(BATCH * 5) {
                diesel::insert_into(vacancy_skills::table)
                    .values(chunk)
                    .execute(c)?;
            }
            Ok::<_, StoreError>(VacancyLoadSummary {
                inserted: rows.len() - existing,
                updated: existing,
            })
        }))
    }

    pub fn vacancy(&self, id: &str) -> Result<Option<Vacancy>, StoreError> {
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| {
            let Some(row) = vacancies::table
                .find(id)
                .select(VacancyRow::as_select())
                .first(c)
                .optional()?
            else {
                return Ok(None);
            };
            let uris = vacancy_skills::table
                .filter(vacancy_skills::vacancy_id.eq(id))
                .select(vacancy_skills::skill_uri)
                .order(vacancy_skills::skill_uri)
                .load::<String>(c)?;
            Ok(Some(row.into_domain(uris)))
        })
    }

    /// One page of the vacancies matching `query`, and how many match in all.
    pub fn search_vacancies(
        &self,
        query: &VacancyQuery,
    ) -> Result<(Vec<Vacancy>, usize), StoreError> {
        // LIKE wildcards in the user's text are matched literally.
        let pattern = query.text.as_deref().map(|t| {
            let escaped = t
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
        let limit = i64::try_from(query.limit).unwrap_or(i64::MAX);
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| {
            let filtered = || {
                let mut q = vacancies::table.into_boxed();
                if let Some(p) = &pattern {
                    q = q.filter(
                        lower(vacancies::title)
                            .like(p.clone())
                            .escape('\\')
                            .or(lower(vacancies::description).like(p.clone()).escape('\\')),
                    );
                }
                if let Some(region) = &query.region {
                    q = q.filter(vacancies::region.eq(region.clone()));
                }
                if let Some(uri) = &query.occupation_uri {
                    q = q.filter(vacancies::occupation_uri.eq(uri.clone()));
                }
                if let Some(uri) = &query.skill_uri {
                    q = q.filter(
                        vacancies::id.eq_any(
                            vacancy_skills::table
                                .filter(vacancy_skills::skill_uri.eq(uri.clone()))
                                .select(vacancy_skills::vacancy_id),
                        ),
                    );
                }
                if let Some(day) = query.open_on {
                    q = q
                        .filter(vacancies::closing.is_null().or(vacancies::closing.ge(day)))
                        .filter(vacancies::posted.is_null().or(vacancies::posted.le(day)));
                }
                q
            };
            let total: i64 = filtered().count().get_result(c)?;
            let rows: Vec<VacancyRow> = filtered()
                .order(vacancies::id)
                .offset(offset)
                .limit(limit)
                .select(VacancyRow::as_select())
                .load(c)?;
            let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
            let mut skills: std::collections::HashMap<String, Vec<String>> =
                std::collections::HashMap::new();
            for (id, uri) in vacancy_skills::table
                .filter(vacancy_skills::vacancy_id.eq_any(&ids))
                .order((vacancy_skills::vacancy_id, vacancy_skills::skill_uri))
                .select((vacancy_skills::vacancy_id, vacancy_skills::skill_uri))
                .load::<(String, String)>(c)?
            {
                skills.entry(id).or_default().push(uri);
            }
            let page = rows
                .into_iter()
                .map(|row| {
                    let uris = skills.remove(&row.id).unwrap_or_default();
                    row.into_domain(uris)
                })
                .collect();
            Ok((page, usize::try_from(total).unwrap_or(0)))
        })
    }

    /// Every stored vacancy with its skills, in id order: what the demand model is built
    /// from. Closed ones are included because they feed the trend.
    pub fn vacancies(&self) -> Result<Vec<Vacancy>, StoreError> {
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| {
            let rows = vacancies::table
                .order(vacancies::id)
                .select(VacancyRow::as_select())
                .load(c)?;
            let mut skills: std::collections::HashMap<String, Vec<String>> =
                std::collections::HashMap::new();
            for (id, uri) in vacancy_skills::table
                .order((vacancy_skills::vacancy_id, vacancy_skills::skill_uri))
                .select((vacancy_skills::vacancy_id, vacancy_skills::skill_uri))
                .load::<(String, String)>(c)?
            {
                skills.entry(id).or_default().push(uri);
            }
            Ok(rows
                .into_iter()
                .map(|row| {
                    let uris = skills.remove(&row.id).unwrap_or_default();
                    row.into_domain(uris)
                })
                .collect())
        })
    }

    /// Vacancies stored, and of them those open on `day` (current demand).
    pub fn vacancy_counts(&self, day: NaiveDate) -> Result<(usize, usize), StoreError> {
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| {
            let all: i64 = vacancies::table.count().get_result(c)?;
            let open: i64 = vacancies::table
                .filter(vacancies::closing.is_null().or(vacancies::closing.ge(day)))
                .filter(vacancies::posted.is_null().or(vacancies::posted.le(day)))
                .count()
                .get_result(c)?;
            Ok((all as usize, open as usize))
        })
    }
}
