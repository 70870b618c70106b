//! Turning a user's file into text: encodings and delimiters are detected rather than
//! assumed, because PES exports come from spreadsheets, databases and web scrapers alike.
//! What cannot be detected is refused with a reason, never decoded into mojibake.

use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum TextFileError {
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{file}: not UTF-8 (invalid byte 0x{byte:02X} on line {line}); save it as UTF-8 or UTF-16 with a byte order mark"
    )]
    NotUtf8 { file: String, line: usize, byte: u8 },
    #[error("{file}: UTF-16 text with an odd number of bytes or unpaired surrogates")]
    BadUtf16 { file: String },
    #[error("{file}: the file is empty")]
    Empty { file: String },
}

/// The file's name as reports show it.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads a text file as UTF-8 (with or without BOM) or UTF-16 (with BOM).
pub fn read_text(path: &Path) -> Result<String, TextFileError> {
    let file = display_name(path);
    let bytes = std::fs::read(path).map_err(|source| TextFileError::Io {
        file: file.clone(),
        source,
    })?;
    decode(&file, bytes)
}

pub fn decode(file: &str, bytes: Vec<u8>) -> Result<String, TextFileError> {
    let text = match bytes.as_slice() {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(file, rest.to_vec())?,
        [0xFF, 0xFE, rest @ ..] => utf16(file, rest, u16::from_le_bytes)?,
        [0xFE, 0xFF, rest @ ..] => utf16(file, rest, u16::from_be_bytes)?,
        _ => utf8(file, bytes)?,
    };
    if text.trim().is_empty() {
        return Err(TextFileError::Empty {
            file: file.to_owned(),
        });
    }
    Ok(text)
}

fn utf8(file: &str, bytes: Vec<u8>) -> Result<String, TextFileError> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        TextFileError::NotUtf8 {
            file: file.to_owned(),
            line: 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count(),
            byte: bytes[at],
        }
    })
}

fn utf16(file: &str, bytes: &[u8], word: fn([u8; 2]) -> u16) -> Result<String, TextFileError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(TextFileError::BadUtf16 {
            file: file.to_owned(),
        });
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| word([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| TextFileError::BadUtf16 {
        file: file.to_owned(),
    })
}

/// Picks the delimiter that splits the header line into the most fields, counting only
/// outside quotes; ties go to the comma.
pub fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    [b',', b';', b'\t', b'|']
        .into_iter()
        .map(|d| {
            let mut quoted = false;
            let n = header
                .bytes()
                .filter(|&b| {
                    if b == b'"' {
                        quoted = !quoted;
                    }
                    !quoted && b == d
                })
                .count();
            (n, d)
        })
        .fold(
            (0, b','),
            |best, cur| if cur.0 > best.0 { cur } else { best },
        )
        .1
}

/// The 1-based line a CSV record starts on. The csv crate counts a line when it consumes a
/// `\n`; after a record ending in CRLF that `\n` is still unread when the next record's
/// position is taken, so the position is one line early; the byte it points at tells.
pub fn csv_start_line(text: &str, position: &csv::Position) -> usize {
    let pending_newline = text.as_bytes().get(position.byte() as usize) == Some(&b'\n');
    position.line() as usize + usize::from(pending_newline)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_utf16_are_decoded() {
        assert_eq!(
            decode("f", b"\xEF\xBB\xBFid,title".to_vec()).unwrap(),
            "id,title"
        );
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("id;x".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode("f", le).unwrap(), "id;x");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("é".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode("f", be).unwrap(), "é");
    }

    #[test]
    fn latin1_bytes_are_refused_with_the_line() {
        let err = decode("jobs.csv", b"id,title\n1,caf\xE9\n".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "jobs.csv: not UTF-8 (invalid byte 0xE9 on line 2); save it as UTF-8 or UTF-16 with a byte order mark"
        );
    }

    #[test]
    fn delimiters_are_sniffed_from_the_header_ignoring_quoted_ones() {
        assert_eq!(sniff_delimiter("id;title;\"a,b,c\"\n"), b';');
        assert_eq!(sniff_delimiter("id\ttitle\n"), b'\t');
        assert_eq!(sniff_delimiter("id,title\n"), b',');
        assert_eq!(sniff_delimiter("single\n"), b',');
    }
}
