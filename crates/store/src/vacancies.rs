//! Vacancies: loaded in batches, updated in place by id. A reload replaces a vacancy and its
//! given skills as one unit, so a changed advert never keeps skills it no longer asks for.
//! What ingest inferred from the text (extracted skills, a normalised occupation) is stored
//! beside what the source gave, marked by origin and confidence, and read back as part of
//! the vacancy so demand counts it.

mod pages;

use chrono::{NaiveDate, Utc};
use diesel::prelude::*;
use skillpath_domain::vacancy::{Inferred, Location, Salary, Vacancy};

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
    /// Set when the occupation was normalised from the title rather than given.
    occupation_score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = vacancy_skills)]
struct VacancySkillRow {
    vacancy_id: String,
    skill_uri: String,
    origin: String,
    confidence: Option<f64>,
}

/// Where a vacancy's skill came from: the source's own list, or extraction from its text.
pub const GIVEN: &str = "given";
pub const EXTRACTED: &str = "extracted";

/// One stored skill of a vacancy with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct VacancySkill {
    pub uri: String,
    /// [`GIVEN`] or [`EXTRACTED`].
    pub origin: String,
    /// The extractor's confidence; `None` for given skills.
    pub confidence: Option<f64>,
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
    fn from_domain(
        v: &Vacancy,
        inferred: Option<&Inferred>,
        source: &str,
        now: chrono::NaiveDateTime,
    ) -> Self {
        let salary = v.salary.as_ref();
        // A given occupation always wins over the normalised title.
        let normalised = inferred
            .and_then(|i| i.occupation.as_ref())
            .filter(|_| v.occupation_uri.is_none());
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
            occupation_uri: v
                .occupation_uri
                .clone()
                .or_else(|| normalised.map(|(uri, _)| uri.clone())),
            source: source.to_owned(),
            loaded_at: now,
            occupation_score: normalised.map(|&(_, score)| f64::from(score)),
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
        self.upsert_inferred_vacancies(batch, &[], source)
    }

    /// As [`Store::upsert_vacancies`], with `inferred[i]` read from `batch[i]`'s text
    /// (`inferred` may be empty, or as long as `batch`). Extracted skills the source also
    /// gives stay "given".
    pub fn upsert_inferred_vacancies(
        &self,
        batch: &[Vacancy],
        inferred: &[Inferred],
        source: &str,
    ) -> Result<VacancyLoadSummary, StoreError> {
        assert!(
            inferred.is_empty() || inferred.len() == batch.len(),
            "one inference per vacancy"
        );
        let now = Utc::now().naive_utc();
        // An export that lists a vacancy twice keeps its last row, as loading row by row
        // would; storing both would break the key.
        let mut last: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::with_capacity(batch.len());
        for (i, v) in batch.iter().enumerate() {
            last.insert(v.id.as_str(), i);
        }
        let kept: Vec<(usize, &Vacancy)> = batch
            .iter()
            .enumerate()
            .filter(|(i, v)| last[v.id.as_str()] == *i)
            .collect();
        let repeated = batch.len() - kept.len();
        let rows: Vec<VacancyRow> = kept
            .iter()
            .map(|&(i, v)| VacancyRow::from_domain(v, inferred.get(i), source, now))
            .collect();
        let mut skills: Vec<VacancySkillRow> = Vec::new();
        for &(i, v) in &kept {
            let mut found: Vec<(&String, Option<f64>)> =
                v.skill_uris.iter().map(|u| (u, None)).collect();
            if let Some(inf) = inferred.get(i) {
                found.extend(inf.skills.iter().map(|(u, c)| (u, Some(f64::from(*c)))));
            }
            // Stable sort keeps a given URI ahead of the same URI extracted, and dedup
            // keeps the first.
            found.sort_by(|a, b| a.0.cmp(b.0));
            found.dedup_by(|a, b| a.0 == b.0);
            skills.extend(found.into_iter().map(|(u, confidence)| {
                VacancySkillRow {
                    vacancy_id: v.id.clone(),
                    skill_uri: u.clone(),
                    origin: if confidence.is_some() {
                        EXTRACTED
                    } else {
                        GIVEN
                    }
                    .into(),
                    confidence,
                }
            }));
        }
        let ids: Vec<&str> = kept.iter().map(|(_, v)| v.id.as_str()).collect();
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
                updated: existing + repeated,
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

    /// A vacancy's skills with where each came from, in URI order.
    pub fn vacancy_skills(&self, id: &str) -> Result<Vec<VacancySkill>, StoreError> {
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| {
            let rows = vacancy_skills::table
                .filter(vacancy_skills::vacancy_id.eq(id))
                .order(vacancy_skills::skill_uri)
                .select(VacancySkillRow::as_select())
                .load(c)?;
            Ok(rows
                .into_iter()
                .map(|r| VacancySkill {
                    uri: r.skill_uri,
                    origin: r.origin,
                    confidence: r.confidence,
                })
                .collect())
        })
    }

    /// The score of the occupation a vacancy's title was normalised to; `None` when the
    /// occupation was given or none was found (or the vacancy is unknown).
    pub fn vacancy_occupation_score(&self, id: &str) -> Result<Option<f64>, StoreError> {
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| {
            Ok(vacancies::table
                .find(id)
                .select(vacancies::occupation_score)
                .first::<Option<f64>>(c)
                .optional()?
                .flatten())
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
