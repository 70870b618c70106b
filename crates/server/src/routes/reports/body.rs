//! A response body written by a blocking task and read by actix through a bounded
//! channel: the task blocks while the client is slower than the report, so what the
//! server holds of a body is a few chunks, however many rows the report has.

use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, MessageBody};
use actix_web::web::Bytes;
use tokio::sync::mpsc;

/// Bytes gathered before a chunk is handed over.
const CHUNK: usize = 64 * 1024;
/// Chunks in flight: with `CHUNK`, at most half a megabyte waits for the client.
const IN_FLIGHT: usize = 8;

type Item = Result<Bytes, io::Error>;

/// The writing end, for the blocking task; `Write` fills a chunk and blocks on a full
/// channel.
pub struct ChannelWriter {
    buf: Vec<u8>,
    tx: mpsc::Sender<Item>,
}

/// The reading end, the response body. Ends when the writer is dropped.
pub struct ChannelBody {
    rx: mpsc::Receiver<Item>,
}

pub fn channel() -> (ChannelWriter, ChannelBody) {
    let (tx, rx) = mpsc::channel(IN_FLIGHT);
    (
        ChannelWriter {
            buf: Vec::with_capacity(CHUNK),
            tx,
        },
        ChannelBody { rx },
    )
}

impl ChannelWriter {
    fn send(&mut self, item: Item) -> io::Result<()> {
        self.tx
            .blocking_send(item)
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }

    /// Ends the body with an error, so the client sees a broken transfer rather than a
    /// body that looks whole but is cut short.
    pub fn fail(mut self, cause: io::Error) {
        self.buf.clear();
        // A client already gone needs no telling.
        let _ = self.send(Err(cause));
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.send(Ok(Bytes::from(chunk)))
    }
}

impl MessageBody for ChannelBody {
    type Error = io::Error;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        self.rx.poll_recv(cx)
    }
}
