//! What every source-specific builder hands back, and how those results become records and
//! rejections: validation by the domain rules, the incompleteness report, and one course per
//! id within a file.

use std::collections::HashMap;

use skillpath_domain::course::Course;

use super::CourseRecord;
use crate::rejects::{ReadOutcome, Rejected};

/// Every problem with one row: (field, reason).
pub type RowErrors = Vec<(String, String)>;

/// A course built from one row, with the elements the source did not state but the `Course`
/// type cannot leave empty (the pace, the price): their values are placeholders, so they are
/// reported with the missing elements rather than passed off as facts.
#[derive(Debug)]
pub struct Draft {
    pub course: Course,
    pub assumed: Vec<&'static str>,
}

/// Adds the domain's verdict to the builder's own errors.
pub fn finish(course: Course, assumed: Vec<&'static str>, mut errors: RowErrors) -> Built {
    if let Err(e) = course.validate() {
        errors.extend(e.violations.into_iter().map(|v| (v.field, v.reason)));
    }
    if errors.is_empty() {
        Ok(Draft { course, assumed })
    } else {
        Err(errors)
    }
}

pub type Built = Result<Draft, RowErrors>;

pub fn error(field: &str, reason: impl Into<String>) -> RowErrors {
    vec![(field.to_owned(), reason.into())]
}

/// Gathers the records and rejections of one file.
#[derive(Debug)]
pub struct Collector<'a> {
    file: &'a str,
    out: ReadOutcome<CourseRecord>,
    /// The line each id was first read on; a later row with the same id would silently
    /// replace the first one downstream, so it is rejected instead.
    seen: HashMap<String, usize>,
}

impl<'a> Collector<'a> {
    pub fn new(file: &'a str) -> Self {
        Self {
            file,
            out: ReadOutcome::default(),
            seen: HashMap::new(),
        }
    }

    pub fn count_row(&mut self) {
        self.out.rows += 1;
    }

    pub fn push(&mut self, line: usize, built: Built) {
        match built {
            Ok(draft) => self.accept(line, draft),
            Err(errors) => {
                for (field, reason) in errors {
                    self.reject(line, &field, reason);
                }
            }
        }
    }

    fn accept(&mut self, line: usize, draft: Draft) {
        let Draft { course, assumed } = draft;
        if let Some(first) = self.seen.get(&course.id) {
            let reason = format!("{:?} was already read on line {first}", course.id);
            self.reject(line, "id", reason);
            return;
        }
        self.seen.insert(course.id.clone(), line);
        let mut missing = course.missing_elements();
        missing.extend(assumed);
        self.out.records.push(CourseRecord {
            course,
            missing,
            line,
        });
    }

    pub fn reject(&mut self, line: usize, field: &str, reason: String) {
        self.out.rejected.push(Rejected {
            file: self.file.to_owned(),
            line,
            field: field.to_owned(),
            reason,
        });
    }

    pub fn finish(self) -> ReadOutcome<CourseRecord> {
        self.out
    }
}
