//! Every stored vacancy, a page at a time in id order: the matcher's demand model reads a
//! million of them at start-up and on every refresh, and must not hold them all at once.

use diesel::prelude::*;
use skillpath_domain::vacancy::Vacancy;

use super::VacancyRow;
use crate::conn::on_backend;
use crate::schema::{vacancies, vacancy_skills};
use crate::{Store, StoreError};

impl Store {
    /// Calls `visit` with every stored vacancy, at most `page` at a time, in id order.
    pub fn for_each_vacancy_page<E>(
        &self,
        page: usize,
        mut visit: impl FnMut(&[Vacancy]) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<StoreError>,
    {
        let page = page.max(1);
        let mut after: Option<String> = None;
        loop {
            let batch = self.vacancy_page(after.as_deref(), page)?;
            let Some(last) = batch.last() else {
                return Ok(());
            };
            after = Some(last.id.clone());
            visit(&batch)?;
            if batch.len() < page {
                return Ok(());
            }
        }
    }

    fn vacancy_page(&self, after: Option<&str>, limit: usize) -> Result<Vec<Vacancy>, StoreError> {
        let mut conn = self.conn()?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        on_backend!(&mut *conn, |c| {
            let mut q = vacancies::table
                .order(vacancies::id)
                .select(VacancyRow::as_select())
                .limit(limit)
                .into_boxed();
            if let Some(a) = after {
                q = q.filter(vacancies::id.gt(a.to_owned()));
            }
            let rows: Vec<VacancyRow> = q.load(c)?;
            let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
                return Ok(Vec::new());
            };
            // The page's skills by the same id range, not a list of ids: one index range
            // scan, and no bound-parameter limit to respect.
            let pairs: Vec<(String, String)> = vacancy_skills::table
                .filter(vacancy_skills::vacancy_id.ge(first.id.clone()))
                .filter(vacancy_skills::vacancy_id.le(last.id.clone()))
                .order((vacancy_skills::vacancy_id, vacancy_skills::skill_uri))
                .select((vacancy_skills::vacancy_id, vacancy_skills::skill_uri))
                .load(c)?;
            // Grouped by id rather than merged in order: PostgreSQL may collate ids
            // differently from a byte comparison.
            let mut skills: std::collections::HashMap<String, Vec<String>> =
                std::collections::HashMap::new();
            for (id, uri) in pairs {
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
}
