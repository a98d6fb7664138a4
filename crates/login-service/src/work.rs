//! Password hashing, bounded: argon2id takes about 19 MiB and tens of milliseconds per check, so a burst of
//! logins or sign-ups would otherwise take memory in proportion to the burst (200 at once: gigabytes).
//! At most [`RUNNING`] checks run at once and at most [`WAITING`] more wait their turn; past that a request
//! is answered "busy" at once (503 with `Retry-After`), having cost nothing.

use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;

use crate::secrets::Memory;

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

/// Admits hashing work: [`RUNNING`] at once, [`WAITING`] queued; keeps the argon2id memory of each slot.
pub(crate) struct Gate {
    admitted: Arc<Semaphore>,
    running: Arc<Semaphore>,
    /// The working memory of slots not running now: at most [`RUNNING`] are ever made (one per running
    /// slot), and each is reused, so the memory is made once and never returned to the allocator.
    memory: Arc<Mutex<Vec<Memory>>>,
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
            memory: Arc::default(),
        }
    }

    /// Runs `work` on a blocking thread once a slot is free, with that slot's argon2id memory.
    ///
    /// # Errors
    /// [`Error::Busy`] at once when every slot is running or waiting; [`Error::Failed`] if the work panicked.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Memory) -> T + Send + 'static,
    ) -> Result<T, Error> {
        let admitted = Arc::clone(&self.admitted).try_acquire_owned().map_err(|_| Error::Busy)?;
        // The semaphores are never closed; an error here could only mean they were.
        let running = Arc::clone(&self.running).acquire_owned().await.map_err(|_| Error::Failed)?;
        // The permits go with the work: if the request is abandoned, the hash still running keeps its slot
        // (and its memory) until it ends, so the bound holds.
        let kept = Arc::clone(&self.memory);
        tokio::task::spawn_blocking(move || {
            let take = || kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop();
            let mut memory = take().unwrap_or_else(Memory::new);
            let result = work(&mut memory);
            // Back before the slot is: the next to run finds it and makes none.
            kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(memory);
            drop((admitted, running));
            result
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
                gate.run(move |_| {
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
        assert!(matches!(gate.run(|_| ()).await, Err(Error::Busy)));
        // Two running (each holding its memory), the rest waiting for them.
        while now.load(Ordering::SeqCst) < 2 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert_eq!(now.load(Ordering::SeqCst), 2, "no third runs while two do");
        release.send(true).unwrap();
        for task in tasks {
            assert!(task.await.unwrap().is_ok());
        }
        assert_eq!(peak.load(Ordering::SeqCst), 2, "never more than two at once");
        assert!(gate.run(|_| ()).await.is_ok(), "slots come back");
        assert_eq!(gate.memory.lock().unwrap().len(), 2, "one memory per running slot, kept");
    }
}
