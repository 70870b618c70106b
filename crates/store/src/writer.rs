//! Group commit for SQLite's small writes (audit rows, outcome events).
//!
//! SQLite has one writer at a time, and with `synchronous = FULL` (conn.rs) every commit
//! waits for an fsync. Concurrent requests that each commit their own row therefore queue
//! on the write lock, and a connection that finds it taken sleeps in SQLite's busy handler
//! (in steps of up to 100 ms): under load that, not the work, was the service's p99.
//!
//! Here one thread runs the writes: it takes every write waiting, runs each in a savepoint of
//! one `BEGIN IMMEDIATE` transaction, commits once, and only then answers each caller. A
//! caller is answered after its row is durable, exactly as before, but a hundred callers
//! share one fsync and nobody polls for the lock. A write that fails rolls back its own
//! savepoint and leaves the others in the batch.
//!
//! PostgreSQL takes concurrent writers (and groups commits itself), so there the same
//! closures run in a transaction on the caller's own pooled connection.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, Receiver, Sender};

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::r2d2::Pool;

use crate::StoreError;
use crate::conn::{Conn, Manager};

/// Writes committed together at most; a longer queue waits for the next commit.
const MAX_BATCH: usize = 256;

/// What the writer thread reports to a job once the batch is over: `Ok` when committed.
type Finish = Box<dyn FnOnce(Result<(), String>) + Send>;

/// A caller's write, waiting for the thread.
trait Job: Send {
    /// Runs the write in its own savepoint; the answer waits for the commit.
    fn run(self: Box<Self>, conn: &mut Conn) -> Finish;
    /// Tells the caller why its write never ran.
    fn abort(self: Box<Self>, reason: &str);
}

/// Where a write's outcome goes: called once, from the writer thread, after the commit.
pub(crate) type Reply<R> = Box<dyn FnOnce(Result<R, StoreError>) + Send>;

struct Pending<R, F> {
    work: F,
    reply: Reply<R>,
}

impl<R, F> Job for Pending<R, F>
where
    R: Send + 'static,
    F: FnOnce(&mut Conn) -> Result<R, StoreError> + Send + 'static,
{
    fn run(self: Box<Self>, conn: &mut Conn) -> Finish {
        let Pending { work, reply } = *self;
        let done = conn.transaction(work);
        Box::new(move |committed| {
            let outcome = committed.map_err(failed).and(done);
            reply(outcome);
        })
    }

    fn abort(self: Box<Self>, reason: &str) {
        (self.reply)(Err(failed(reason.to_owned())));
    }
}

fn abandoned() -> StoreError {
    failed("the write was abandoned; see the server log".into())
}

fn failed(reason: String) -> StoreError {
    StoreError::invalid("group commit", "batch", reason)
}

pub(crate) struct GroupCommit {
    jobs: Sender<Box<dyn Job>>,
}

impl GroupCommit {
    pub(crate) fn start(pool: Pool<Manager>) -> std::io::Result<Self> {
        let (jobs, queue) = mpsc::channel::<Box<dyn Job>>();
        // The thread ends when the last `Store` clone drops the sender.
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || run(&pool, &queue))?;
        Ok(Self { jobs })
    }

    /// Runs `work` in its own savepoint of the next group commit and returns its result once
    /// that commit is durable.
    pub(crate) fn write<R, F>(&self, work: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&mut Conn) -> Result<R, StoreError> + Send + 'static,
    {
        let (reply, answer) = mpsc::sync_channel(1);
        self.submit(
            work,
            Box::new(move |outcome| {
                // A caller that gave up waiting no longer listens; there is no one to tell.
                let _ = reply.send(outcome);
            }),
        );
        answer.recv().map_err(|_| abandoned())?
    }

    /// Queues `work` for the next group commit and returns at once; `reply` hears the
    /// outcome from the writer thread once the commit is durable (or why it failed), so an
    /// async caller need not hold a thread while the commit waits for its fsync.
    pub(crate) fn submit<R, F>(&self, work: F, reply: Reply<R>)
    where
        R: Send + 'static,
        F: FnOnce(&mut Conn) -> Result<R, StoreError> + Send + 'static,
    {
        if let Err(mpsc::SendError(job)) = self.jobs.send(Box::new(Pending { work, reply })) {
            job.abort("the writer thread has stopped");
        }
    }
}

fn run(pool: &Pool<Manager>, queue: &Receiver<Box<dyn Job>>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        commit(pool, batch);
    }
}

fn commit(pool: &Pool<Manager>, batch: Vec<Box<dyn Job>>) {
    let mut conn = match pool.get() {
        Ok(conn) => conn,
        Err(e) => return batch.into_iter().for_each(|j| j.abort(&e.to_string())),
    };
    let conn: &mut Conn = &mut conn;
    if let Err(e) = begin(conn) {
        return batch.into_iter().for_each(|j| j.abort(&e.to_string()));
    }
    // A job that panics would leave the transaction in an unknown state: the whole batch is
    // rolled back (its callers hear that the write was abandoned) instead of the writer
    // thread dying with it.
    let ran = catch_unwind(AssertUnwindSafe(|| {
        batch
            .into_iter()
            .map(|job| job.run(conn))
            .collect::<Vec<Finish>>()
    }));
    match ran {
        Ok(finishes) => {
            let committed = finish(conn).map_err(|e| e.to_string());
            if committed.is_err() {
                let _ = rollback(conn);
            }
            for f in finishes {
                f(committed.clone());
            }
        }
        Err(_) => {
            let _ = rollback(conn);
            tracing::error!("a write in a group commit panicked; the batch was rolled back");
        }
    }
}

fn begin(conn: &mut Conn) -> diesel::QueryResult<()> {
    match conn {
        // IMMEDIATE takes the write lock at once (waiting per busy_timeout) rather than at
        // the first write, when another writer's commit could make it fail outright.
        Conn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE"),
        Conn::Pg(c) => AnsiTransactionManager::begin_transaction(c),
    }
}

fn finish(conn: &mut Conn) -> diesel::QueryResult<()> {
    match conn {
        Conn::Sqlite(c) => AnsiTransactionManager::commit_transaction(c),
        Conn::Pg(c) => AnsiTransactionManager::commit_transaction(c),
    }
}

fn rollback(conn: &mut Conn) -> diesel::QueryResult<()> {
    match conn {
        Conn::Sqlite(c) => AnsiTransactionManager::rollback_transaction(c),
        Conn::Pg(c) => AnsiTransactionManager::rollback_transaction(c),
    }
}
