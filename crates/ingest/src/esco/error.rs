//! Error policy: reading stops at the first malformed row of the official files, because a
//! broken download must not be half-loaded. Each error names the file, the physical line where
//! the record starts (labels span several lines), the column and the reason. Rows that are
//! well formed but point to an absent concept are not errors: they go to the report.

#[derive(Debug, thiserror::Error)]
pub enum EscoError {
    #[error("{dir}: no {file} (expected the ESCO CSV download, English, v1.1 or v1.2)")]
    MissingFile { dir: String, file: String },
    #[error("{dir}: both {first} and {second} are present; keep the one of the release to load")]
    Ambiguous {
        dir: String,
        first: String,
        second: String,
    },
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: required column {column} is missing from the header")]
    MissingColumn { file: String, column: String },
    #[error("{file} line {line}, field {field}: {reason}")]
    Malformed {
        file: String,
        line: u64,
        field: String,
        reason: String,
    },
}
