//! The UI's view of the live vault: its messages turned into `Feed` items for the app, forwarded
//! by a small thread into the one event channel. Never parses or applies anything itself.

use std::sync::mpsc::{Receiver, Sender};
use triage::vault::{Index, LiveMsg, NoteUpdate};

/// What the vault tells the app.
#[derive(Debug)]
pub enum Feed {
    Progress { notes: usize, total: Option<usize> },
    Ready(Box<Index>),
    Updates(Vec<NoteUpdate>),
    Warning(String),
}

impl From<LiveMsg> for Feed {
    fn from(m: LiveMsg) -> Feed {
        match m {
            LiveMsg::Progress { notes } => Feed::Progress { notes, total: None },
            LiveMsg::Ready(index) => Feed::Ready(Box::new(index)),
            LiveMsg::Changed(updates) => Feed::Updates(updates),
            LiveMsg::Warning(w) => Feed::Warning(w),
        }
    }
}

/// Forwards every live message into the event channel until either side hangs up.
pub fn forward<E: Send + 'static>(
    rx: Receiver<LiveMsg>,
    tx: Sender<E>,
    wrap: fn(Feed) -> E,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("triage-feed".into())
        .spawn(move || {
            for msg in rx {
                if tx.send(wrap(Feed::from(msg))).is_err() {
                    break;
                }
            }
        })
}
