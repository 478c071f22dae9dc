//! The one event loop (gitui style): waits on terminal input, edit results, live-vault news and a
//! tick; applies them to the app, runs the effects, and redraws only when something changed.

use super::app::App;
use super::live::{Feed, forward};
use super::worker::{self, Done, Effect, Job};
use crossterm::event::{self as ct, DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;
use triage::vault::{LiveMsg, LiveVault, NoteUpdate};

pub enum Event {
    Input(ct::Event),
    Feed(Feed),
    Done(Done),
    /// A termination signal: leave the terminal and quit.
    Signal(i32),
}

const TICK: Duration = Duration::from_secs(1);

/// Reads terminal input on its own thread; paused while an editor owns the terminal.
struct InputThread {
    paused: Arc<AtomicBool>,
}

impl InputThread {
    fn start(tx: Sender<Event>) -> std::io::Result<InputThread> {
        let paused = Arc::new(AtomicBool::new(false));
        let flag = paused.clone();
        std::thread::Builder::new()
            .name("triage-input".into())
            .spawn(move || {
                loop {
                    if flag.load(Ordering::Acquire) {
                        std::thread::sleep(Duration::from_millis(20));
                        continue;
                    }
                    match ct::poll(Duration::from_millis(50)) {
                        Ok(true) => match ct::read() {
                            Ok(ev) => {
                                if tx.send(Event::Input(ev)).is_err() {
                                    break;
                                }
                            }
                            Err(e) => tracing::warn!("terminal read: {e}"),
                        },
                        Ok(false) => {}
                        Err(e) => {
                            tracing::warn!("terminal poll: {e}");
                            std::thread::sleep(Duration::from_millis(100));
                        }
                    }
                }
            })?;
        Ok(InputThread { paused })
    }

    fn pause(&self) {
        self.paused.store(true, Ordering::Release);
        // Let a poll that is under way run out so it cannot take the editor's keys.
        std::thread::sleep(Duration::from_millis(80));
    }

    fn resume(&self) {
        self.paused.store(false, Ordering::Release);
    }
}

fn enter_terminal() -> std::io::Result<ratatui::DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    execute!(std::io::stdout(), EnableMouseCapture)?;
    Ok(terminal)
}

pub fn leave_terminal() {
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
}

fn install_panic_hook(log: Option<PathBuf>) {
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        tracing::error!("panic: {info}");
        let where_ = log
            .as_ref()
            .map(|p| format!(" (details in {})", p.display()))
            .unwrap_or_default();
        eprintln!("triage stopped because of an internal error{where_}: {info}");
    }));
}

/// Runs the UI until `q` or a termination signal; returns the signal that ended it, if one did.
pub fn run(
    mut app: App,
    live: LiveVault,
    feed: Receiver<LiveMsg>,
    log: Option<PathBuf>,
) -> anyhow::Result<Option<i32>> {
    install_panic_hook(log);
    let live = Arc::new(live);
    let (tx, rx) = mpsc::channel::<Event>();
    forward(feed, tx.clone(), Event::Feed)?;
    let (jobs, job_rx) = mpsc::channel::<Job>();
    let reread_live = live.clone();
    let reread: Arc<worker::Reread> = Arc::new(move |rel: &str| match reread_live.own_write(rel) {
        Ok(e) => Some(e),
        Err(e) => {
            tracing::warn!("re-read after edit {rel}: {e}");
            None
        }
    });
    worker::spawn(
        app.root.clone(),
        reread,
        app.cfg.clone(),
        app.today,
        job_rx,
        tx.clone(),
        Event::Done,
    )?;
    let input = InputThread::start(tx.clone())?;
    #[cfg(unix)]
    super::signals::watch(tx.clone())?;
    let mut terminal = enter_terminal()?;
    let result = event_loop(&mut app, &mut terminal, &rx, &input, &jobs, &live);
    leave_terminal();
    result
}

fn event_loop(
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    rx: &Receiver<Event>,
    input: &InputThread,
    jobs: &Sender<Job>,
    live: &LiveVault,
) -> anyhow::Result<Option<i32>> {
    let size = terminal.size()?;
    app.on_resize(size.width, size.height);
    terminal.draw(|f| super::ui::draw(app, f))?;
    while !app.quit {
        let first = match rx.recv_timeout(TICK) {
            Ok(ev) => Some(ev),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let Some(first) = first else {
            continue;
        };
        if let Event::Signal(sig) = first {
            return Ok(Some(sig));
        }
        let mut dirty = handle(app, first);
        // Take in everything already waiting before drawing once.
        while let Ok(ev) = rx.try_recv() {
            if let Event::Signal(sig) = ev {
                return Ok(Some(sig));
            }
            dirty |= handle(app, ev);
        }
        for effect in std::mem::take(&mut app.effects) {
            dirty = true;
            run_effect(app, effect, terminal, input, jobs, live)?;
        }
        if dirty && !app.quit {
            terminal.draw(|f| super::ui::draw(app, f))?;
        }
    }
    Ok(None)
}

/// Applies one event; returns whether the screen may have changed.
fn handle(app: &mut App, ev: Event) -> bool {
    match ev {
        Event::Input(ct::Event::Key(k)) => {
            if k.kind != ct::KeyEventKind::Press {
                return false;
            }
            app.on_key(k);
            true
        }
        Event::Input(ct::Event::Mouse(m)) => {
            app.on_mouse(m);
            !matches!(
                m.kind,
                ct::MouseEventKind::Moved | ct::MouseEventKind::Drag(_)
            )
        }
        Event::Input(ct::Event::Resize(w, h)) => {
            app.on_resize(w, h);
            true
        }
        Event::Input(_) => false,
        Event::Feed(f) => {
            if let Feed::Updates(u) = &f {
                tracing::debug!(notes = u.len(), "vault changed");
            }
            app.on_feed(f);
            true
        }
        Event::Done(d) => {
            app.on_done(d);
            true
        }
        Event::Signal(_) => {
            app.quit = true;
            false
        }
    }
}

fn run_effect(
    app: &mut App,
    effect: Effect,
    terminal: &mut ratatui::DefaultTerminal,
    input: &InputThread,
    jobs: &Sender<Job>,
    live: &LiveVault,
) -> anyhow::Result<()> {
    match effect {
        Effect::Edit(job) => {
            if jobs.send(job).is_err() {
                app.busy = app.busy.saturating_sub(1);
                app.complain("the edit worker stopped; see the log");
            }
        }
        Effect::Rescan => {
            live.rescan();
            app.say("checking every note against the disk…");
        }
        Effect::OpenUrl(url) => match open_url(&url) {
            Ok(()) => app.say(format!("opened {url}")),
            Err(e) => app.complain(e),
        },
        Effect::OpenEditor { path, line } => {
            let file = app.root.join(&*path);
            input.pause();
            leave_terminal();
            let outcome = run_editor(&file, line);
            *terminal = enter_terminal()?;
            terminal.clear()?;
            input.resume();
            match outcome {
                Ok(editor) => {
                    // The watcher brings the change in too; reading now shows it without waiting.
                    if let Ok(entry) = live.own_write(&path) {
                        app.on_feed(Feed::Updates(vec![NoteUpdate::Upsert(entry)]));
                    }
                    app.say(format!("back from {editor}"));
                }
                Err(e) => app.complain(e),
            }
        }
    }
    Ok(())
}

/// The command that opens `file` at `line` in the user's editor, by the editor's own convention.
pub fn editor_command(
    editor: &str,
    file: &std::path::Path,
    line: u32,
) -> Option<(String, Vec<String>)> {
    let mut parts = editor.split_whitespace().map(str::to_string);
    let program = parts.next()?;
    let mut args: Vec<String> = parts.collect();
    let name = std::path::Path::new(&program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = file.display().to_string();
    match name.as_str() {
        "hx" | "helix" => args.push(format!("{file}:{line}")),
        "code" | "codium" | "code-insiders" | "subl" | "zed" => {
            if matches!(name.as_str(), "code" | "codium" | "code-insiders") {
                args.push("-g".into());
            }
            args.push(format!("{file}:{line}"));
        }
        _ => {
            args.push(format!("+{line}"));
            args.push(file);
        }
    }
    Some((program, args))
}

fn run_editor(file: &std::path::Path, line: u32) -> Result<String, String> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string());
    let (program, args) = editor_command(&editor, file, line).ok_or("$EDITOR is empty")?;
    match std::process::Command::new(&program).args(&args).status() {
        Ok(s) if s.success() => Ok(program),
        Ok(s) => Err(format!("{program} exited with {s}")),
        Err(e) => Err(format!(
            "cannot start editor {program:?} (set $EDITOR): {e}"
        )),
    }
}

fn open_url(url: &str) -> Result<(), String> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    open_with(opener, url)
}

/// Hands `url` to `opener`; a missing opener is named as such, not as an OS error code.
pub fn open_with(opener: &str, url: &str) -> Result<(), String> {
    std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|mut child| {
            // Reap the opener when it exits; it usually hands off to the app and ends at once.
            std::thread::spawn(move || child.wait());
        })
        .map_err(|e| {
            let scheme = url.split_once(':').map_or("these", |(s, _)| s);
            if e.kind() == std::io::ErrorKind::NotFound {
                format!("no program to open {scheme}:// links was found (tried {opener})")
            } else {
                format!("cannot open {url} with {opener}: {e}")
            }
        })
}
