//! Progress for long loads: a bar on a terminal, a log line per file otherwise, so that
//! batch logs stay readable.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
    current: String,
}

impl Progress {
    pub fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{msg:32} [{bar:30}] {bytes}/{total_bytes} {eta}")
                    .expect("static template is valid")
                    .progress_chars("=> "),
            );
            bar
        });
        Self {
            bar,
            current: String::new(),
        }
    }

    pub fn update(&mut self, file: &str, done: u64, total: u64) {
        if file != self.current {
            self.current = file.to_owned();
            if self.bar.is_none() {
                tracing::info!(file, bytes = total, "reading");
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
