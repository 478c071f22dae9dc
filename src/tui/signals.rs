//! SIGTERM and SIGHUP end the UI cleanly: the event loop leaves the terminal as it found it and
//! the program exits with 128 + the signal. Never draws or edits from the signal thread.

use super::event::Event;
use signal_hook::consts::{SIGHUP, SIGTERM};
use signal_hook::iterator::Signals;
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long the event loop has to restore the terminal before the signal thread does it itself
/// (the loop may be waiting on an editor or a slow draw).
const GRACE: Duration = Duration::from_secs(3);

/// Starts the thread that turns termination signals into an [`Event::Signal`].
pub fn watch(tx: Sender<Event>) -> std::io::Result<()> {
    // Not SIGINT: in raw mode ctrl-c is a key, and a cooked-mode `$EDITOR` gets ctrl-c for itself.
    let mut signals = Signals::new([SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("triage-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                tracing::info!("signal {sig}: quitting");
                let _ = tx.send(Event::Signal(sig));
                // The main thread normally restores the terminal and exits well within this.
                std::thread::sleep(GRACE);
                tracing::warn!("signal {sig}: the event loop did not stop; restoring the terminal");
                super::event::leave_terminal();
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}
