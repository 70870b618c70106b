//! An uptake report held as its protected sparse table and written row by row: every
//! combination of dimension values, as `uptake::Report` has, without building tens of
//! millions of rows in memory first. The CSV is byte for byte `Report::write_csv`'s.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::funnel::Stage;
use crate::sdc::{Cell, Policy, SUPPRESSED, rate};
use crate::sparse::{STAGES, SparseTable, cell, protect_all};
use crate::stream::UptakeTally;
use crate::uptake::{Report, Row};

#[derive(Debug)]
pub struct PublishedReport {
    table: SparseTable,
    policy: Policy,
}

/// Where each stage's rate takes its denominator.
fn bases() -> [Option<usize>; STAGES] {
    Stage::ALL.map(|s| Stage::ALL.iter().position(|b| Some(*b) == s.base()))
}

impl PublishedReport {
    /// Protects the tally's table under `policy`.
    pub fn new(tally: UptakeTally<'_>, policy: &Policy) -> Self {
        let mut table = tally.into_table();
        protect_all(&mut table, policy);
        Self {
            table,
            policy: *policy,
        }
    }

    pub fn dimensions(&self) -> Vec<&str> {
        self.table.axes.iter().map(|a| a.name.as_str()).collect()
    }

    /// Rows in the order of `Report::rows`: coordinates row-major, totals last on each axis.
    pub fn rows(&self) -> impl Iterator<Item = Row> + '_ {
        let mut next = 0;
        (0..self.table.size()).map(move |offset| {
            let counts = self.counts_at(offset, &mut next);
            let rates = Stage::ALL
                .iter()
                .zip(bases())
                .enumerate()
                .map(|(i, (_, base))| rate(counts[i], counts[base?], &self.policy))
                .collect();
            Row {
                keys: self.labels(offset).map(str::to_owned).collect(),
                counts: counts.to_vec(),
                rates,
            }
        })
    }

    /// The cells at `offset`; `next` walks the stored cells alongside ascending offsets.
    fn counts_at(&self, offset: u64, next: &mut usize) -> [Cell; STAGES] {
        let stored = self.table.offsets.get(*next) == Some(&offset);
        let values = stored.then(|| self.table.counts[*next]);
        *next += usize::from(stored);
        std::array::from_fn(|s| cell(values.map(|v| v[s]), &self.policy))
    }

    fn labels(&self, mut offset: u64) -> impl Iterator<Item = &str> + '_ {
        let axes = &self.table.axes;
        let mut coords = vec![0usize; axes.len()];
        for (d, axis) in axes.iter().enumerate().rev() {
            coords[d] = (offset % axis.len() as u64) as usize;
            offset /= axis.len() as u64;
        }
        coords.into_iter().zip(axes).map(|(c, a)| a.label(c))
    }

    pub fn into_report(self) -> Report {
        Report {
            dimensions: self
                .table
                .axes
                .iter()
                .map(|a| dimension_name(&a.name))
                .collect(),
            stages: Stage::ALL.iter().map(|s| s.name()).collect(),
            rows: self.rows().collect(),
        }
    }

    /// RFC 4180 CSV with a header row, as `Report::write_csv`. Labels are quoted once, not
    /// per row, and rows with every count withheld share one precomputed tail.
    pub fn write_csv<W: Write>(&self, out: W) -> io::Result<()> {
        let mut out = io::BufWriter::with_capacity(1 << 20, out);
        let mut header: Vec<String> = self.dimensions().iter().map(|d| d.to_string()).collect();
        header.extend(Stage::ALL.iter().map(|s| s.name().to_owned()));
        header.extend(
            Stage::ALL
                .iter()
                .skip(1)
                .map(|s| format!("{}_rate", s.name())),
        );
        out.write_all(&csv_line(&header)?)?;
        let quoted: Vec<Vec<Vec<u8>>> = self
            .table
            .axes
            .iter()
            .map(|a| {
                (0..a.len())
                    .map(|p| csv_field(a.label(p)))
                    .collect::<io::Result<_>>()
            })
            .collect::<io::Result<_>>()?;
        let withheld_tail = format!(
            "{}{}\n",
            format!(",{SUPPRESSED}").repeat(STAGES),
            ",".repeat(STAGES - 1)
        );
        let mut next = 0;
        let mut line = Vec::with_capacity(256);
        let mut coords = vec![0usize; quoted.len()];
        for offset in 0..self.table.size() {
            let mut rest = offset;
            for (d, q) in quoted.iter().enumerate().rev() {
                coords[d] = (rest % q.len() as u64) as usize;
                rest /= q.len() as u64;
            }
            line.clear();
            for (d, &c) in coords.iter().enumerate() {
                if d > 0 {
                    line.push(b',');
                }
                line.extend_from_slice(&quoted[d][c]);
            }
            let counts = self.counts_at(offset, &mut next);
            if counts.iter().all(|c| *c == Cell::Suppressed) {
                line.extend_from_slice(withheld_tail.as_bytes());
            } else {
                self.write_figures(&counts, &mut line)?;
            }
            // Figures follow the keys after a comma; with no keys there is nothing to follow.
            let start = usize::from(quoted.is_empty());
            out.write_all(&line[start..])?;
        }
        out.flush()
    }

    fn write_figures(&self, counts: &[Cell; STAGES], line: &mut Vec<u8>) -> io::Result<()> {
        for c in counts {
            write!(line, ",{c}")?;
        }
        for (i, base) in bases().into_iter().enumerate().skip(1) {
            line.push(b',');
            let base = base.expect("every stage after the first has a base");
            if let Some(r) = rate(counts[i], counts[base], &self.policy) {
                write!(line, "{r:.3}")?;
            }
        }
        line.push(b'\n');
        Ok(())
    }
}

/// The `'static` name `Report` carries for a dimension.
fn dimension_name(name: &str) -> &'static str {
    crate::uptake::Dimension::ALL
        .into_iter()
        .find(|d| d.name() == name)
        .map_or("unknown", |d| d.name())
}

fn csv_line(fields: &[String]) -> io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(fields)?;
    w.into_inner().map_err(|e| e.into_error())
}

/// One field as the csv crate writes it inside a record (quoted only when it must be).
fn csv_field(value: &str) -> io::Result<Vec<u8>> {
    let mut line = csv_line(&[value.to_owned(), String::new()])?;
    line.truncate(line.len() - 2);
    Ok(line)
}

/// The same JSON as `Report`, its rows written as they are made.
impl Serialize for PublishedReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Rows<'a>(&'a PublishedReport);
        impl Serialize for Rows<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.rows())
            }
        }
        let stages: Vec<&str> = Stage::ALL.iter().map(|s| s.name()).collect();
        let mut st = s.serialize_struct("Report", 4)?;
        st.serialize_field("report", "uptake")?;
        st.serialize_field("dimensions", &self.dimensions())?;
        st.serialize_field("stages", &stages)?;
        st.serialize_field("rows", &Rows(self))?;
        st.end()
    }
}
