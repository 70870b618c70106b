//! The pool that ranks. A ranking is CPU work of about a millisecond: run on the blocking
//! pool, fifty concurrent requests became fifty threads sharing two cores, each switched
//! out mid-ranking with its caches cold. Here as many threads as cores take rankings from
//! one queue, and the request waits on a channel instead of a thread.

use std::sync::Arc;

use crate::ApiError;

/// A pool of one thread per core (at least one).
pub fn pool() -> std::io::Result<Arc<rayon::ThreadPool>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("rank-{i}"))
        // A panic drops the job's sender, so its request answers 500; without a handler
        // rayon would abort the process.
        .panic_handler(|_| tracing::error!("a ranking panicked"))
        .build()
        .map(Arc::new)
        .map_err(std::io::Error::other)
}

/// Runs `work` on `pool` and waits for it without holding a thread.
pub async fn run<T: Send + 'static>(
    pool: &rayon::ThreadPool,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    pool.spawn(move || {
        let _ = tx.send(work());
    });
    rx.await
        .map_err(|_| ApiError::internal("the ranking did not finish; see the server log"))
}
