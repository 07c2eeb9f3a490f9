//! Fair sharing of the machine between pages: one run at a time per
//! client (a new run cancels the client's previous one), as many running
//! at once as there are cores, a bounded queue behind them, and a run that
//! stops when its page goes away (its `Ticket` is dropped or cancelled).

use super::limits::MAX_WAITING_RUNS;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The server's runs.
pub struct Runs {
    cores: Arc<Semaphore>,
    /// Runs admitted and not finished (running or waiting).
    admitted: AtomicUsize,
    running_at_once: usize,
    /// Each client's current run, by its cancel flag.
    by_client: Mutex<HashMap<String, Arc<AtomicBool>>>,
}

/// Refused: too many runs are waiting already.
#[derive(Debug, PartialEq, Eq)]
pub struct Busy;

/// A client's admitted run. Dropping it (the run ended or its page went
/// away) frees its place.
pub struct Ticket {
    runs: Arc<Runs>,
    client: String,
    cancel: Arc<AtomicBool>,
}

impl Runs {
    /// `running_at_once` runs compute at a time (the cores), the rest wait.
    pub fn new(running_at_once: usize) -> Arc<Self> {
        Arc::new(Runs {
            cores: Arc::new(Semaphore::new(running_at_once.max(1))),
            admitted: AtomicUsize::new(0),
            running_at_once: running_at_once.max(1),
            by_client: Mutex::new(HashMap::new()),
        })
    }

    /// Admits a run for `client`, cancelling the client's previous one.
    pub fn admit(self: &Arc<Self>, client: &str) -> Result<Ticket, Busy> {
        let mut by_client = self.by_client.lock().unwrap_or_else(|e| e.into_inner());
        let most = self.running_at_once + MAX_WAITING_RUNS;
        let replaces = by_client.contains_key(client);
        if !replaces && self.admitted.load(Ordering::SeqCst) >= most {
            return Err(Busy);
        }
        let cancel = Arc::new(AtomicBool::new(false));
        if let Some(old) = by_client.insert(client.to_string(), cancel.clone()) {
            old.store(true, Ordering::SeqCst);
        }
        self.admitted.fetch_add(1, Ordering::SeqCst);
        Ok(Ticket {
            runs: self.clone(),
            client: client.to_string(),
            cancel,
        })
    }

    /// Runs admitted and not yet finished.
    pub fn admitted(&self) -> usize {
        self.admitted.load(Ordering::SeqCst)
    }
}

impl Ticket {
    /// Waits for a free core; held for as long as the run computes.
    pub async fn core(&self) -> OwnedSemaphorePermit {
        self.runs
            .cores
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed")
    }

    /// Set when the client started another run.
    pub fn cancelled(&self) -> &AtomicBool {
        &self.cancel
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut by_client = self
            .runs
            .by_client
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if by_client
            .get(&self.client)
            .is_some_and(|c| Arc::ptr_eq(c, &self.cancel))
        {
            by_client.remove(&self.client);
        }
        self.runs.admitted.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_run_cancels_the_clients_previous_one_only() {
        let runs = Runs::new(2);
        let first = runs.admit("page-1").unwrap();
        let other = runs.admit("page-2").unwrap();
        let second = runs.admit("page-1").unwrap();
        assert!(first.cancelled().load(Ordering::SeqCst));
        assert!(!second.cancelled().load(Ordering::SeqCst));
        assert!(!other.cancelled().load(Ordering::SeqCst));
        drop(first);
        // The replaced run's end does not forget the client's new run.
        let third = runs.admit("page-1").unwrap();
        assert!(second.cancelled().load(Ordering::SeqCst));
        assert_eq!(runs.admitted(), 3);
        drop((second, third, other));
        assert_eq!(runs.admitted(), 0);
    }

    #[test]
    fn runs_beyond_the_queue_are_refused() {
        let runs = Runs::new(1);
        let tickets: Vec<Ticket> = (0..=MAX_WAITING_RUNS)
            .map(|i| runs.admit(&format!("page-{i}")).unwrap())
            .collect();
        assert!(runs.admit("one-too-many").is_err());
        // A client already queued may still replace its own run.
        assert!(runs.admit("page-0").is_ok());
        drop(tickets);
        assert!(runs.admit("one-too-many").is_ok());
    }
}
