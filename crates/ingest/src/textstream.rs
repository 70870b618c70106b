//! A user's file as UTF-8 text read a block at a time, so that a million-row export never
//! has to fit in memory. Same rules as [`crate::textfile`]: UTF-8 with or without a byte
//! order mark, UTF-16 with one, anything else refused with the line of the first bad byte.
//!
//! Because a bad byte can sit on the last line of a large file, [`check`] reads the whole
//! file once before anything is parsed: that costs a fraction of a second per GB and keeps
//! "an undecodable file loads nothing" true for a streamed load.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use encoding_rs::{DecoderResult, UTF_16BE, UTF_16LE};

use crate::textfile::{TextFileError, display_name};

/// Raw bytes read from the file per step.
const BLOCK: usize = 256 * 1024;

enum Encoding {
    Utf8,
    Utf16(Box<encoding_rs::Decoder>),
}

/// UTF-8 text decoded from a file on demand. Besides the text it remembers where the
/// newlines it has handed out are, so a CSV reader can tell whether a record's recorded
/// start is really the `\n` of the previous line's CRLF ([`DecodedReader::is_newline_at`]).
pub struct DecodedReader<R> {
    file: String,
    inner: R,
    encoding: Option<Encoding>,
    raw: Vec<u8>,
    /// Bytes of `raw` that belong to an unfinished UTF-8 sequence or UTF-16 unit.
    carry: usize,
    out: Vec<u8>,
    out_pos: usize,
    /// Decoded bytes produced so far (handed out or pending in `out`).
    decoded: u64,
    /// Newlines decoded so far, for the line of an encoding error.
    lines: usize,
    /// Offsets of newlines not yet asked about, when [`DecodedReader::tracking_newlines`].
    newlines: Option<VecDeque<u64>>,
    nonblank: bool,
    eof: bool,
    error: Option<TextFileError>,
}

impl<R> std::fmt::Debug for DecodedReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DecodedReader")
            .field("file", &self.file)
            .field("decoded", &self.decoded)
            .finish_non_exhaustive()
    }
}

/// Opens `path` for decoding.
pub fn open(path: &Path) -> Result<DecodedReader<File>, TextFileError> {
    let file = display_name(path);
    let f = File::open(path).map_err(|source| TextFileError::Io {
        file: file.clone(),
        source,
    })?;
    Ok(DecodedReader::new(file, f))
}

/// Reads the whole file once: Ok when it decodes and holds more than white space.
pub fn check(path: &Path) -> Result<(), TextFileError> {
    let mut reader = open(path)?;
    reader.drain()
}

impl<R: Read> DecodedReader<R> {
    pub fn new(file: String, inner: R) -> Self {
        Self {
            file,
            inner,
            encoding: None,
            raw: Vec::new(),
            carry: 0,
            out: Vec::new(),
            out_pos: 0,
            decoded: 0,
            lines: 0,
            newlines: None,
            nonblank: false,
            eof: false,
            error: None,
        }
    }

    /// Remembers where the newlines not yet read are, for [`DecodedReader::is_newline_at`].
    pub fn tracking_newlines(mut self) -> Self {
        let pending = &self.out[self.out_pos..];
        let start = self.decoded - pending.len() as u64;
        self.newlines = Some(
            pending
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'\n')
                .map(|(i, _)| start + i as u64)
                .collect(),
        );
        self
    }

    /// At least `len` bytes of the text ahead (fewer only at the end of the file), without
    /// consuming them: what format and delimiter detection look at. May end inside a line.
    pub fn prefix(&mut self, len: usize) -> Result<&str, TextFileError> {
        while self.out.len() - self.out_pos < len && !self.eof {
            self.fill()?;
        }
        if self.out.len() == self.out_pos && !self.nonblank {
            return Err(TextFileError::Empty {
                file: self.file.clone(),
            });
        }
        // `fill` only ever appends whole characters.
        Ok(std::str::from_utf8(&self.out[self.out_pos..]).unwrap_or_default())
    }

    /// Decodes to the end, discarding the text.
    pub fn drain(&mut self) -> Result<(), TextFileError> {
        while !self.eof {
            self.out.clear();
            self.out_pos = 0;
            self.fill()?;
        }
        if self.nonblank {
            Ok(())
        } else {
            Err(TextFileError::Empty {
                file: self.file.clone(),
            })
        }
    }

    /// The decoding error that made `read` fail, if that is why it failed.
    pub fn take_error(&mut self) -> Option<TextFileError> {
        self.error.take()
    }

    /// Whether byte `offset` of the decoded text is `\n`. Offsets must be asked in
    /// non-decreasing order and only once they have been read: earlier newlines are
    /// forgotten. Always false unless [`DecodedReader::tracking_newlines`] came first.
    pub fn is_newline_at(&mut self, offset: u64) -> bool {
        let Some(newlines) = &mut self.newlines else {
            return false;
        };
        while newlines.front().is_some_and(|&n| n < offset) {
            newlines.pop_front();
        }
        newlines.front() == Some(&offset)
    }

    /// Reads one block from the file and appends its text to `out`.
    fn fill(&mut self) -> Result<(), TextFileError> {
        if self.out_pos == self.out.len() {
            self.out.clear();
            self.out_pos = 0;
        }
        self.raw.truncate(self.carry);
        self.raw.resize(self.carry + BLOCK, 0);
        let n = loop {
            match self.inner.read(&mut self.raw[self.carry..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(source) => {
                    return Err(TextFileError::Io {
                        file: self.file.clone(),
                        source,
                    });
                }
            }
        };
        self.raw.truncate(self.carry + n);
        self.eof = n == 0;
        let mut start = 0;
        if self.encoding.is_none() {
            // A byte order mark needs its bytes together before it can be recognised.
            if !self.eof && self.raw.len() < 3 {
                self.carry = self.raw.len();
                return Ok(());
            }
            let (encoding, bom) = match self.raw.as_slice() {
                [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
                [0xFF, 0xFE, ..] => (
                    Encoding::Utf16(Box::new(UTF_16LE.new_decoder_without_bom_handling())),
                    2,
                ),
                [0xFE, 0xFF, ..] => (
                    Encoding::Utf16(Box::new(UTF_16BE.new_decoder_without_bom_handling())),
                    2,
                ),
                _ => (Encoding::Utf8, 0),
            };
            self.encoding = Some(encoding);
            start = bom;
        }
        let before = self.out.len();
        self.carry = match self.encoding.as_mut() {
            Some(Encoding::Utf16(decoder)) => {
                utf16(decoder, &self.raw[start..], self.eof, &mut self.out).map_err(|()| {
                    TextFileError::BadUtf16 {
                        file: self.file.clone(),
                    }
                })?;
                0
            }
            _ => self.utf8(start)?,
        };
        let len = self.raw.len();
        self.raw.copy_within(len - self.carry.., 0);
        self.raw.truncate(self.carry);
        self.record(before);
        Ok(())
    }

    /// Moves the valid UTF-8 of `raw[start..]` to `out`; the unfinished sequence at the end
    /// of a block is left for the next one. Returns that remainder's length.
    fn utf8(&mut self, start: usize) -> Result<usize, TextFileError> {
        let bytes = &self.raw[start..];
        let (valid, bad) = match std::str::from_utf8(bytes) {
            Ok(_) => (bytes.len(), None),
            Err(e) => (
                e.valid_up_to(),
                // `None` is a sequence cut by the end of the block, which the next block may
                // finish; at the end of the file it stays unfinished.
                if e.error_len().is_some() || self.eof {
                    Some(bytes[e.valid_up_to()])
                } else {
                    None
                },
            ),
        };
        self.out.extend_from_slice(&bytes[..valid]);
        if let Some(byte) = bad {
            let line = self.lines + 1 + bytes[..valid].iter().filter(|&&b| b == b'\n').count();
            return Err(TextFileError::NotUtf8 {
                file: self.file.clone(),
                line,
                byte,
            });
        }
        Ok(bytes.len() - valid)
    }

    /// Counts and remembers the newlines of `out[from..]`.
    fn record(&mut self, from: usize) {
        for (i, &b) in self.out[from..].iter().enumerate() {
            match b {
                b'\n' => {
                    self.lines += 1;
                    if let Some(newlines) = &mut self.newlines {
                        newlines.push_back(self.decoded + i as u64);
                    }
                }
                b' ' | b'\t' | b'\r' | 0x0B | 0x0C => {}
                _ => self.nonblank = true,
            }
        }
        self.decoded += (self.out.len() - from) as u64;
    }
}

/// Decodes `raw` into `out`; the decoder keeps a cut unit or surrogate pair for the next
/// block. `Err` on unpaired surrogates (or a lone byte at the end of the file).
fn utf16(
    decoder: &mut encoding_rs::Decoder,
    raw: &[u8],
    last: bool,
    out: &mut Vec<u8>,
) -> Result<(), ()> {
    let mut read = 0;
    loop {
        let room = decoder
            .max_utf8_buffer_length_without_replacement(raw.len() - read)
            .unwrap_or(BLOCK * 2)
            .max(16);
        let at = out.len();
        out.resize(at + room, 0);
        let (result, r, w) =
            decoder.decode_to_utf8_without_replacement(&raw[read..], &mut out[at..], last);
        out.truncate(at + w);
        read += r;
        match result {
            DecoderResult::InputEmpty => return Ok(()),
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(_, _) => return Err(()),
        }
    }
}

impl<R: Read> Read for DecodedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos == self.out.len() && !self.eof {
            if let Err(e) = self.fill() {
                let message = e.to_string();
                self.error = Some(e);
                return Err(io::Error::new(io::ErrorKind::InvalidData, message));
            }
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes per call, so every multi-byte sequence
    /// and byte order mark gets cut somewhere.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn decode(bytes: &[u8], step: usize) -> Result<String, TextFileError> {
        let mut reader = DecodedReader::new("f.csv".into(), Trickle { bytes, step });
        let mut text = String::new();
        match reader.read_to_string(&mut text) {
            Ok(_) => Ok(text),
            Err(e) => Err(reader.take_error().ok_or(e).unwrap()),
        }
    }

    #[test]
    fn text_cut_anywhere_decodes_as_read_whole() {
        let text = "id;title\r\n1;Pflegefachkraft (m/w/d) – Zürich 😀\n2;€\n";
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let bom8: Vec<u8> = [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect();
        for bytes in [text.as_bytes(), &bom8, &utf16le, &utf16be] {
            for step in [1, 2, 3, 5, 1 << 20] {
                assert_eq!(decode(bytes, step).unwrap(), text, "step {step}");
            }
        }
    }

    #[test]
    fn a_bad_byte_is_refused_with_its_line_wherever_the_block_ends() {
        let bytes = b"id,title\n1,nurse\n2,caf\xE9\n";
        for step in [1, 4, 1 << 20] {
            assert_eq!(
                decode(bytes, step).unwrap_err().to_string(),
                "f.csv: not UTF-8 (invalid byte 0xE9 on line 3); save it as UTF-8 or UTF-16 \
                 with a byte order mark",
                "step {step}"
            );
        }
        // A sequence the file ends inside of is as bad as a wrong byte.
        let err = decode(b"id\n\xE2\x82", 1).unwrap_err();
        assert!(err.to_string().contains("0xE2 on line 2"), "{err}");
        let odd = [0xFF, 0xFE, b'a', 0, b'b'];
        assert!(matches!(
            decode(&odd, 2).unwrap_err(),
            TextFileError::BadUtf16 { .. }
        ));
    }

    #[test]
    fn blank_files_are_empty_and_prefixes_do_not_consume() {
        let mut blank = DecodedReader::new(
            "f".into(),
            Trickle {
                bytes: b" \r\n\t",
                step: 1,
            },
        );
        assert!(matches!(blank.drain(), Err(TextFileError::Empty { .. })));
        let mut r = DecodedReader::new(
            "f".into(),
            Trickle {
                bytes: b"a\r\nb\n",
                step: 2,
            },
        );
        assert!(r.prefix(2).unwrap().starts_with("a\r"));
        let mut r = r.tracking_newlines();
        let mut text = String::new();
        r.read_to_string(&mut text).unwrap();
        assert_eq!(text, "a\r\nb\n");
        assert!(!r.is_newline_at(1));
        assert!(r.is_newline_at(2));
        assert!(!r.is_newline_at(3));
        assert!(r.is_newline_at(4));
    }
}
