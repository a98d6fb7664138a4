//! Password hashing, bounded: argon2id takes about 19 MiB and tens of milliseconds per check, so a burst of
//! logins or sign-ups would otherwise take memory in proportion to the burst (200 at once: gigabytes).
//! At most [`RUNNING`] checks run at once and at most [`WAITING`] more wait their turn; past that a request
//! is answered "busy" at once (503 with `Retry-After`), having cost nothing.

use std::sync::Arc;

use tokio::sync::Semaphore;

/// Password hashes computed at once: their memory is the service's peak (about 19 MiB each).
pub(crate) const RUNNING: usize = 4;
/// Requests waiting for a hashing slot; past these, requests are turned away.
pub(crate) const WAITING: usize = 64;
/// What a busy answer's `Retry-After` says, in seconds.
pub(crate) const RETRY_AFTER_SECS: u32 = 1;

/// Why hashing work was not done.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum Error {
    /// Every slot is running or waiting: try again shortly.
    #[error("too many password checks at once")]
    Busy,
    /// The hashing task panicked or was cancelled.
    #[error("the password check failed to run")]
    Failed,
}

/// Admits hashing work: [`RUNNING`] at once, [`WAITING`] queued.
pub(crate) struct Gate {
    admitted: Arc<Semaphore>,
    running: Arc<Semaphore>,
}

impl Gate {
    /// A gate with the service's bounds.
    pub(crate) fn new() -> Self {
        Self::with_bounds(RUNNING, WAITING)
    }

    fn with_bounds(running: usize, waiting: usize) -> Self {
        Self {
            admitted: Arc::new(Semaphore::new(running.saturating_add(waiting))),
            running: Arc::new(Semaphore::new(running)),
        }
    }

    /// Runs `work` on a blocking thread once a slot is free.
    ///
    /// # Errors
    /// [`Error::Busy`] at once when every slot is running or waiting; [`Error::Failed`] if the work panicked.
    pub(crate) async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, Error> {
        let admitted = Arc::clone(&self.admitted).try_acquire_owned().map_err(|_| Error::Busy)?;
        // The semaphores are never closed; an error here could only mean they were.
        let running = Arc::clone(&self.running).acquire_owned().await.map_err(|_| Error::Failed)?;
        // The permits go with the work: if the request is abandoned, the hash still running keeps its slot
        // (and its memory) until it ends, so the bound holds.
        tokio::task::spawn_blocking(move || {
            let _slots = (admitted, running);
            work()
        })
        .await
        .map_err(|_| Error::Failed)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn at_most_running_at_once_the_waiting_queue_and_then_busy() {
        let gate = Arc::new(Gate::with_bounds(2, 3));
        let (now, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (release, released) = tokio::sync::watch::channel(false);
        let mut tasks = Vec::new();
        for _ in 0..5 {
            let (gate, now, peak, mut released) =
                (Arc::clone(&gate), Arc::clone(&now), Arc::clone(&peak), released.clone());
            tasks.push(tokio::spawn(async move {
                let handle = tokio::runtime::Handle::current();
                gate.run(move || {
                    peak.fetch_max(now.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                    handle.block_on(released.wait_for(|r| *r)).map(|_| ()).unwrap();
                    now.fetch_sub(1, Ordering::SeqCst);
                })
                .await
            }));
        }
        // Wait until the five are admitted (two running, three waiting): a sixth is turned away at once.
        while gate.admitted.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        assert!(matches!(gate.run(|| ()).await, Err(Error::Busy)));
        release.send(true).unwrap();
        for task in tasks {
            assert!(task.await.unwrap().is_ok());
        }
        assert_eq!(peak.load(Ordering::SeqCst), 2, "never more than two at once");
        assert!(gate.run(|| ()).await.is_ok(), "slots come back");
    }
}
