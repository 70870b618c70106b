//! Skill extraction throughput on real long texts, one thread: NHS vacancy descriptions and
//! edX course descriptions. Run through `scripts/bench-extract` (release mode).
//!
//! Usage: bench_extract ESCO_DIR NHS_CSV EDX_CSV

use std::path::Path;
use std::time::Instant;

use skillpath_ingest::esco::read_esco_dir;
use skillpath_ingest::extract::SkillExtractor;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [esco, nhs, edx] = args.as_slice() else {
        return Err("usage: bench_extract ESCO_DIR NHS_CSV EDX_CSV".into());
    };
    let started = Instant::now();
    let esco = read_esco_dir(Path::new(esco), &mut |_| {})?;
    let extractor = SkillExtractor::build(&esco.dataset.skills)?;
    println!(
        "built extractor over {} skills in {:.2?}",
        esco.dataset.skills.len(),
        started.elapsed()
    );
    for (name, path, columns) in [
        ("nhs descriptions", nhs, &["description_text"][..]),
        (
            "edx courses",
            edx,
            &["summary", "course_description", "course_syllabus"][..],
        ),
    ] {
        let texts = read_texts(path, columns)?;
        let bytes: usize = texts.iter().map(String::len).sum();
        let started = Instant::now();
        let (mut skills, mut spans) = (0, 0);
        for text in &texts {
            let found = extractor.extract(text);
            skills += found.len();
            spans += found.iter().map(|e| e.spans.len()).sum::<usize>();
        }
        let took = started.elapsed().as_secs_f64();
        println!(
            "{name:<17} texts={:>6}  {:>6.2} MB  {:>6.2} s  {:>6.2} MB/s per core  skills={skills} ({:.1}/text)  spans={spans}",
            texts.len(),
            bytes as f64 / 1e6,
            took,
            bytes as f64 / 1e6 / took,
            skills as f64 / texts.len().max(1) as f64,
        );
    }
    Ok(())
}

/// The named columns of every row, joined into one text per row.
fn read_texts(path: &str, columns: &[&str]) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut reader = csv::Reader::from_path(path)?;
    let headers = reader.headers()?.clone();
    let at: Vec<usize> = columns
        .iter()
        .map(|c| {
            headers
                .iter()
                .position(|h| h == *c)
                .ok_or_else(|| format!("{path}: no column {c}"))
        })
        .collect::<Result<_, _>>()?;
    let mut texts = Vec::new();
    for row in reader.records() {
        let row = row?;
        let parts: Vec<&str> = at.iter().filter_map(|&i| row.get(i)).collect();
        texts.push(parts.join("\n"));
    }
    Ok(texts)
}
