//! The paging both event streams share: pages cut at a person boundary, because the funnel
//! of a (jobseeker, course) pair needs all of the person's events (a job counts for every
//! course completed before it), so a person is never split across two pages.

use crate::StoreError;

/// Calls `visit` with every row `page_after` yields, a page of about `page` rows at a time
/// and never splitting a person. `page_after(after, limit)` returns the next rows of people
/// after `after`, ordered by person; `person(id)` returns one person's rows whole, for a
/// person who fills a page alone.
pub(super) fn for_each_person<T, E>(
    page: usize,
    id: impl Fn(&T) -> &str,
    page_after: impl FnMut(Option<&str>, usize) -> Result<Vec<T>, StoreError>,
    person: impl FnMut(&str) -> Result<Vec<T>, StoreError>,
    visit: impl FnMut(&[T]) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<StoreError>,
{
    for_each_person_after(None, page, id, page_after, person, visit)
}

/// `for_each_person` starting after the person `start`.
pub(super) fn for_each_person_after<T, E>(
    start: Option<String>,
    page: usize,
    id: impl Fn(&T) -> &str,
    mut page_after: impl FnMut(Option<&str>, usize) -> Result<Vec<T>, StoreError>,
    mut person: impl FnMut(&str) -> Result<Vec<T>, StoreError>,
    mut visit: impl FnMut(&[T]) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<StoreError>,
{
    let page = page.max(2);
    let mut after: Option<String> = start;
    loop {
        let mut rows = page_after(after.as_deref(), page)?;
        let full = rows.len() == page;
        if full {
            let last = rows.last().map(|r| id(r).to_owned()).unwrap_or_default();
            let first_of_last = rows.partition_point(|r| id(r) != last);
            if first_of_last == 0 {
                // One person filled the page: read that person whole.
                rows = person(&last)?;
            } else {
                // The last person may go on past the page: leave them for the next one.
                rows.truncate(first_of_last);
            }
        }
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = Some(id(last).to_owned());
        visit(&rows)?;
        if !full {
            return Ok(());
        }
    }
}
