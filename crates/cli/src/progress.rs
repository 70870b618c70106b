//! Progress for long loads: a bar on a terminal, a log line per file otherwise, so that
//! batch logs stay readable.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
    current: String,
    /// What the log line says is happening to each file when there is no bar.
    verb: &'static str,
}

impl Progress {
    /// Progress counted in bytes, for reading files.
    pub fn new() -> Self {
        Self::with_template("{msg:32} [{bar:30}] {bytes}/{total_bytes} {eta}", "reading")
    }

    /// Progress counted in rows, for writing generated data.
    pub fn rows() -> Self {
        Self::with_template(
            "{msg:32} [{bar:30}] {human_pos}/{human_len} rows {eta}",
            "writing",
        )
    }

    /// Progress counted in jobseekers, for the recommendation batch.
    pub fn people() -> Self {
        Self::with_template(
            "{msg:32} [{bar:30}] {human_pos}/{human_len} jobseekers {eta}",
            "recommending",
        )
    }

    fn with_template(template: &str, verb: &'static str) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template(template)
                    .expect("static template is valid")
                    .progress_chars("=> "),
            );
            bar
        });
        Self {
            bar,
            current: String::new(),
            verb,
        }
    }

    pub fn update(&mut self, file: &str, done: u64, total: u64) {
        if file != self.current {
            self.current = file.to_owned();
            if self.bar.is_none() {
                tracing::info!(file, size = total, "{}", self.verb);
            }
        }
        if let Some(bar) = &self.bar {
            bar.set_message(file.to_owned());
            bar.set_length(total);
            bar.set_position(done);
        }
    }

    pub fn stage(&mut self, what: &str) {
        match &self.bar {
            Some(bar) => {
                bar.set_message(what.to_owned());
                bar.set_position(0);
                bar.set_length(0);
            }
            None => tracing::info!("{what}"),
        }
    }

    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
