//! Values kept as text or as signed integers in the database, and back. Both backends store
//! the same text, so a row reads the same wherever it was written; a value that does not
//! read back is reported as a corrupt row, never replaced by a default.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::StoreError;

/// A short list (codes, URIs, enum values) as a JSON array.
pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("lists of strings and unit enums always serialise")
}

pub(crate) fn from_json<T: DeserializeOwned>(
    table: &'static str,
    key: &str,
    column: &str,
    text: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::corrupt(table, key, format!("{column} {text:?}: {e}")))
}

/// A unit enum as its serde name ("on-site", "dropped_out"), the same name the files use.
pub(crate) fn enum_text<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable!("a unit enum serialises to a string, got {other:?}"),
    }
}

pub(crate) fn enum_from_text<T: DeserializeOwned>(
    table: &'static str,
    key: &str,
    column: &str,
    text: &str,
) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| StoreError::corrupt(table, key, format!("{column} {text:?}: {e}")))
}

/// Unsigned amounts go into signed 64-bit columns (neither backend has unsigned ones).
pub(crate) fn to_i64(
    table: &'static str,
    key: &str,
    column: &str,
    value: u64,
) -> Result<i64, StoreError> {
    i64::try_from(value)
        .map_err(|_| StoreError::invalid(table, key, format!("{column} {value} is too large")))
}

pub(crate) fn to_unsigned<T: TryFrom<i64>>(
    table: &'static str,
    key: &str,
    column: &str,
    value: i64,
) -> Result<T, StoreError> {
    T::try_from(value)
        .map_err(|_| StoreError::corrupt(table, key, format!("{column} {value} is out of range")))
}

/// Positions within a list, for the columns that keep their order.
pub(crate) fn position(i: usize) -> i32 {
    i32::try_from(i).expect("lists within one record are far shorter than 2^31")
}
