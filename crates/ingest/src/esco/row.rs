//! One record of an ESCO file, with what is needed to blame it and the conversions every
//! file needs: URIs, enumerated values, domain checks, reporting a row that is left out.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::Hash;
use std::str::FromStr;

use csv::StringRecord;
use skillpath_domain::ValidationError;
use skillpath_domain::esco::check_esco_uri;

use super::Dangling;
use super::error::EscoError;
use super::table::malformed;

/// A record being read, with what is needed to blame it.
pub struct Row<'t> {
    pub file: &'t str,
    pub line: u64,
    pub(super) record: &'t StringRecord,
}

impl Row<'_> {
    /// The trimmed text of column `i`; empty when a ragged row stops before it.
    pub fn get(&self, i: usize) -> &str {
        self.record.get(i).unwrap_or_default().trim()
    }

    pub fn fail(&self, field: &str, reason: impl Into<String>) -> EscoError {
        malformed(self.file, self.line, field, reason.into())
    }

    /// Column `i` as an ESCO URI; anything else makes the row malformed.
    pub fn uri(&self, i: usize, field: &str) -> Result<&str, EscoError> {
        let value = self.get(i);
        check_esco_uri(value).map_err(|e| self.fail(field, e))?;
        Ok(value)
    }

    /// Column `i` as one of ESCO's enumerated values.
    pub fn parse<T: FromStr<Err = String>>(&self, i: usize, field: &str) -> Result<T, EscoError> {
        self.get(i).parse().map_err(|e| self.fail(field, e))
    }

    /// Column `i` as an enumerated value that may be empty (six v1.1.1 skills carry no type,
    /// five no reuse level): empty is `None`, anything else must parse.
    pub fn parse_optional<T: FromStr<Err = String>>(
        &self,
        i: Option<usize>,
        field: &str,
    ) -> Result<Option<T>, EscoError> {
        match i.map(|i| self.get(i)).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|e| self.fail(field, e)),
        }
    }

    /// The first rule of the domain type that this row's value breaks, as a malformed row.
    pub fn check(&self, result: Result<(), ValidationError>) -> Result<(), EscoError> {
        match result {
            Ok(()) => Ok(()),
            Err(e) => {
                let first = &e.violations[0];
                Err(self.fail(&first.field, first.reason.clone()))
            }
        }
    }

    /// This row, left out of the dataset for `reason`.
    pub fn skipped(&self, field: &str, uri: &str, reason: String) -> Dangling {
        Dangling {
            file: self.file.to_owned(),
            line: self.line,
            field: field.to_owned(),
            uri: uri.to_owned(),
            reason,
        }
    }

    /// Remembers `key` as seen on this line; a row repeating an earlier key is reported and
    /// left out, so the first statement stands and the result does not depend on merging rules.
    pub fn first_of<K: Hash + Eq>(
        &self,
        seen: &mut HashMap<K, u64>,
        key: K,
        field: &str,
        uri: &str,
        report: &mut Vec<Dangling>,
    ) -> bool {
        match seen.entry(key) {
            Entry::Vacant(v) => {
                v.insert(self.line);
                true
            }
            Entry::Occupied(o) => {
                let reason = format!("repeats the row on line {}", o.get());
                report.push(self.skipped(field, uri, reason));
                false
            }
        }
    }
}
