//! Streams a file in fixed-size chunks. Each chunk has its own random stream derived from
//! the seed, the file and the chunk number (never from the thread that runs it), so chunks
//! can be generated on every core and the bytes are the same with one thread or sixty-four.
//! Only a few batches of chunks are in memory at a time, whatever the tier.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::GenerateError;

/// Rows per chunk. Part of the output's definition: changing it changes the files.
pub const CHUNK_ROWS: u64 = 2_000;

/// An independent generator for `(file, chunk)`: ChaCha streams of one key never overlap.
pub fn stream_rng(seed: u64, file: u64, chunk: u64) -> ChaCha8Rng {
    debug_assert!(file < 1 << 16 && chunk < 1 << 48);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream((file << 48) | chunk);
    rng
}

/// One file's worth of generation: the rows of `range` appended to the buffer; returns a
/// count of sub-records worth reporting (course sessions), or 0.
pub trait Rows: Sync {
    fn write_rows(
        &self,
        rng: &mut ChaCha8Rng,
        range: Range<u64>,
        out: &mut Vec<u8>,
    ) -> Result<u64, GenerateError>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    pub path: PathBuf,
    pub rows: u64,
    pub bytes: u64,
    /// Course sessions, for the courses file; 0 for the others.
    pub sub_records: u64,
}

type Batch = Vec<(Vec<u8>, u64)>;

#[allow(clippy::too_many_arguments)] // every argument is a different fact about the file
pub fn write_file(
    out_dir: &Path,
    name: &str,
    header: &[u8],
    rows: u64,
    seed: u64,
    file_tag: u64,
    generator: &dyn Rows,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<FileSummary, GenerateError> {
    let path = out_dir.join(name);
    // A run that fails halfway leaves a `.part`, never a file that looks complete.
    let part = out_dir.join(format!("{name}.part"));
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| GenerateError::Io { path: p, source }
    };
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&part).map_err(io(&part))?);
    out.write_all(header).map_err(io(&part))?;

    let chunks = rows.div_ceil(CHUNK_ROWS);
    let per_batch = (rayon::current_num_threads() as u64 * 2).max(2);
    let generate = |batch: Range<u64>| -> Result<Batch, GenerateError> {
        batch
            .into_par_iter()
            .map(|chunk| {
                let mut rng = stream_rng(seed, file_tag, chunk);
                let range = chunk * CHUNK_ROWS..((chunk + 1) * CHUNK_ROWS).min(rows);
                let mut buf = Vec::with_capacity(1 << 20);
                let sub = generator.write_rows(&mut rng, range, &mut buf)?;
                Ok((buf, sub))
            })
            .collect()
    };
    let mut bytes = header.len() as u64;
    let mut sub_records = 0;
    let mut write = |batch: Batch, out: &mut BufWriter<File>| -> Result<(), GenerateError> {
        for (buf, sub) in batch {
            out.write_all(&buf).map_err(io(&part))?;
            bytes += buf.len() as u64;
            sub_records += sub;
        }
        Ok(())
    };

    progress(name, 0, rows);
    let mut pending: Option<(Batch, u64)> = None;
    let mut start = 0;
    while start < chunks || pending.is_some() {
        let end = (start + per_batch).min(chunks);
        // Writing the previous batch while the next one is generated keeps the cores busy.
        let (written, generated) = rayon::join(
            || match pending.take() {
                Some((batch, done)) => write(batch, &mut out).map(|()| Some(done)),
                None => Ok(None),
            },
            || (start < end).then(|| generate(start..end)).transpose(),
        );
        if let Some(done) = written? {
            progress(name, done, rows);
        }
        pending = generated?.map(|b| (b, (end * CHUNK_ROWS).min(rows)));
        start = end;
    }
    out.into_inner().map_err(|e| io(&part)(e.into_error()))?;
    std::fs::rename(&part, &path).map_err(io(&path))?;
    Ok(FileSummary {
        path,
        rows,
        bytes,
        sub_records,
    })
}
