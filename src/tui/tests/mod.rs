//! Whole-app tests: a small vault written to a temp folder, the app driven by key sequences, the
//! screen read from ratatui's `TestBackend`. Edits run synchronously through the same worker code.

mod keys;
mod long_lines;
mod merge;
mod outcomes;
mod polish;
mod regressions;
mod screens;

use super::App;
use super::keymap::Keymap;
use super::live::Feed;
use super::theme::Theme;
use super::worker::{Effect, perform, reread_from_disk};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use triage::Config;
use triage::edit::{Editor, Journal};
use unicode_width::UnicodeWidthStr;

pub const TODAY: &str = "2026-11-23";

/// A small vault in the style of SPEC §0, with dates around 2026-11-23.
pub const NOTES: &[(&str, &str)] = &[
    (
        "Customers/Example Co/2026-11-20 Strategy call.md",
        "---\ntype: customer\ntitle: Example Co strategy and next steps\ndate: '2026-11-20'\naccount: Example Co\n\
participants: [Dana Reyes, Sam Okafor]\ntags: [type/customer, generated]\n---\n# Example Co strategy\n\n## Summary\n\
Example Co wants the partner integration live before the January board meeting.\nPricing is still open.\n\n\
## Action Items\n- [?] Draft the integration brief for the partner review @Myself 📅 2026-11-21 ⏫ #task #proposed\n\
- [ ] Send the pricing follow-up to procurement @Dana Reyes 📅 2026-11-23 ⏫ #task\n\
- [ ] Book the onsite workshop @Sam Okafor 📅 2026-12-14 #task\n\
- [x] Share the call recording @Myself 📅 2026-11-20 ✅ 2026-11-20\n",
    ),
    (
        "Inbox.md",
        "# Inbox\n\n- [ ] Renew the conference pass 📅 2026-11-24\n\
- [ ] Read the pricing committee memo \u{1b}[31mnow\u{7}\n\
- [ ] Plan the team offsite @Myself 🔽\n\
- [?] Write a post about the onboarding @Myself #proposed\n",
    ),
    (
        "People/Dana Reyes.md",
        "---\ntype: person\ntitle: Dana Reyes\n---\n# Dana Reyes\n\nHead of procurement at Example Co.\n\n\
## Open\n- [ ] Ask Dana about the security questionnaire @Dana Reyes 📅 2026-11-19 🔼 #account/example-co\n\
- [/] Review the draft contract with legal @Myself 📅 2026-11-27\n",
    ),
    (
        "Meetings/2026-11-18 Weekly sync.md",
        "---\ntitle: Weekly sync\ndate: '2026-11-18'\naccount: Northwind\n---\n## Notes\nQuiet week.\n\n\
## Action Items\n- [?] Send Northwind the renewal timeline @Sam Okafor 📅 2026-11-25 #proposed\n\
- [ ] Fix the EDI retry cap [due:: 2026-11-20] [priority:: highest] @Jon\n",
    ),
    (
        "Views.md",
        "# Views\n\n```tasks\nnot done\ndue before tomorrow\ngroup by owner\n```\n",
    ),
];

pub struct Harness {
    pub app: App,
    pub dir: tempfile::TempDir,
    pub state: tempfile::TempDir,
    pub effects: Vec<Effect>,
    size: (u16, u16),
}

pub fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("valid test date")
}

pub fn write_vault(dir: &Path) {
    for (rel, text) in NOTES {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(p, text).expect("write note");
    }
}

impl Harness {
    pub fn new(w: u16, h: u16) -> Harness {
        Harness::with_config(w, h, Config::default())
    }

    pub fn with_config(w: u16, h: u16, cfg: Config) -> Harness {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = tempfile::tempdir().expect("tempdir");
        write_vault(dir.path());
        let keymap = Keymap::with_overrides(&cfg.keys).expect("test keymap");
        let mut app = App::new(
            dir.path().to_path_buf(),
            Arc::new(cfg),
            today(),
            keymap,
            Theme::default(),
        );
        app.vault_name = "work-vault".into();
        app.clock = || chrono::NaiveTime::from_hms_opt(9, 30, 0).expect("a valid time");
        app.on_resize(w, h);
        let index = triage::vault::scan(dir.path(), &app.cfg).expect("scan");
        app.on_feed(Feed::Ready(Box::new(index)));
        Harness {
            app,
            dir,
            state,
            effects: Vec::new(),
            size: (w, h),
        }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    pub fn note(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(rel)).expect("read note")
    }

    /// Sends keys: plain characters, or `<tab>`, `<s-tab>`, `<enter>`, `<esc>`, `<bs>`, `<down>`, `<up>`.
    pub fn keys(&mut self, seq: &str) {
        let mut rest = seq;
        while !rest.is_empty() {
            let (ev, used) = if rest.starts_with('<')
                && let Some(end) = rest.find('>')
            {
                let code = match &rest[1..end] {
                    "tab" => KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
                    "s-tab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
                    "enter" => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                    "esc" => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                    "bs" => KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
                    "down" => KeyEvent::new(KeyCode::Down, KeyModifiers::NONE),
                    "up" => KeyEvent::new(KeyCode::Up, KeyModifiers::NONE),
                    "c-y" => KeyEvent::new(KeyCode::Char('y'), KeyModifiers::CONTROL),
                    other => panic!("unknown key name {other}"),
                };
                (code, end + 1)
            } else {
                let c = rest.chars().next().expect("non-empty");
                let mods = if c.is_ascii_uppercase() {
                    KeyModifiers::SHIFT
                } else {
                    KeyModifiers::NONE
                };
                (KeyEvent::new(KeyCode::Char(c), mods), c.len_utf8())
            };
            self.app.on_key(ev);
            self.settle();
            rest = &rest[used..];
        }
    }

    /// Runs the effects the app asked for: edits synchronously, the rest recorded.
    pub fn settle(&mut self) {
        let editor = Editor::with_journal(self.dir.path(), Journal::in_dir(self.state.path()))
            .map_err(|e| e.to_string());
        let reread = reread_from_disk(self.dir.path().to_path_buf(), self.app.cfg.clone());
        for effect in std::mem::take(&mut self.app.effects) {
            match effect {
                Effect::Edit(job) => {
                    let done = perform(
                        editor.as_ref().map_err(String::as_str),
                        &*reread,
                        &self.app.cfg,
                        today(),
                        &job,
                    );
                    self.app.on_done(done);
                }
                other => self.effects.push(other),
            }
        }
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        self.app.on_resize(w, h);
    }

    /// The screen as text, one line per row, trailing spaces kept so widths show.
    pub fn screen(&self) -> String {
        let (w, h) = self.size;
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
        term.draw(|f| super::ui::draw(&self.app, f)).expect("draw");
        let buf = term.backend().buffer();
        let mut out = String::new();
        for y in 0..h {
            let mut skip = 0;
            for x in 0..w {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = sym.width().saturating_sub(1);
                out.push_str(sym);
            }
            out.push('\n');
        }
        out
    }
}
