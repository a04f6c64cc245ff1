//! The reader itself as a session's screen: a `tui::App` per connection,
//! over the one `Library` all sessions share, with the effects an SSH host
//! performs: OSC 52 on the session's own channel, articles loaded and
//! analysed on tokio's blocking pool (each article once, whatever the
//! number of readers), and no reading positions kept on the server.

use std::sync::Arc;
use std::sync::mpsc;

use crossterm::event::Event;
use ratatui::Frame;
use ratatui::layout::Position;

use crate::library::Library;
use crate::tui::{self, Action, App, Config, Effect};

use super::screen::{ClientTerm, Screen, Wake};

/// The reader's configuration from what the client said about its
/// terminal; the server's own environment plays no part.
pub fn config_for(term: &ClientTerm) -> Config {
    let mut config = Config::from_env(|k| match k {
        "TERM" => Some(term.term.clone()),
        "NO_COLOR" => term.no_color.then(|| "1".to_owned()),
        "COLORTERM" => term.colorterm.clone(),
        "TERM_PROGRAM" => term.program.clone(),
        _ => None,
    });
    config.debug_panic = false;
    config
}

pub struct ReaderScreen {
    app: App,
    library: Arc<Library>,
    results_tx: mpsc::Sender<Action>,
    results: mpsc::Receiver<Action>,
    wake: Wake,
    output: Vec<u8>,
}

impl ReaderScreen {
    pub fn new(library: Arc<Library>, term: &ClientTerm, wake: Wake) -> Self {
        let (results_tx, results) = mpsc::channel();
        Self {
            app: App::new(Arc::clone(&library), config_for(term)),
            library,
            results_tx,
            results,
            wake,
            output: Vec::new(),
        }
    }

    fn perform(&mut self) {
        loop {
            let effects = self.app.take_effects();
            if effects.is_empty() {
                return;
            }
            for effect in effects {
                match effect {
                    Effect::Copy(text) => {
                        self.output.extend_from_slice(tui::osc52(&text).as_bytes())
                    }
                    // Readers are anonymous or share keys: a position kept
                    // on the server would be somebody else's.
                    Effect::SavePosition { .. } => {}
                    Effect::Open(index) => self.open(index),
                }
            }
        }
    }

    fn open(&self, index: usize) {
        let library = Arc::clone(&self.library);
        let tx = self.results_tx.clone();
        let wake = self.wake.clone();
        tokio::task::spawn_blocking(move || {
            let action = tui::open_action(&library, index, None);
            let article = match &action {
                Action::Opened { article, .. } => Some(Arc::clone(article)),
                _ => None,
            };
            let _ = tx.send(action);
            wake.wake();
            let Some(article) = article.filter(|_| library.sources(index).is_none()) else {
                return;
            };
            let (tx2, wake2) = (tx.clone(), wake.clone());
            let started = tui::spawn_analysis(library, index, article, move |action| {
                let alive = tx2.send(action).is_ok();
                wake2.wake();
                alive
            });
            if let Err(e) = started {
                let _ = tx.send(Action::AnalysisFailed {
                    index,
                    reason: e.to_string(),
                });
                wake.wake();
            }
        });
    }
}

impl Screen for ReaderScreen {
    fn resize(&mut self, cols: u16, rows: u16) {
        self.app.update(Action::Resize(cols, rows));
        self.perform();
    }

    fn handle(&mut self, event: &Event) -> bool {
        let Some(action) = tui::keys::action_for(&self.app, event) else {
            return false;
        };
        self.app.update(action);
        self.perform();
        true
    }

    fn tick(&mut self) {
        while let Ok(action) = self.results.try_recv() {
            self.app.update(action);
        }
        self.perform();
    }

    fn draw(&mut self, frame: &mut Frame) -> Option<Position> {
        tui::view::draw_frame(&self.app, frame)
    }

    fn should_quit(&self) -> bool {
        self.app.should_quit()
    }

    fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.output)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::ColorMode;

    #[test]
    fn colour_comes_from_the_client_only() {
        let plain = ClientTerm {
            term: "xterm".into(),
            ..ClientTerm::default()
        };
        assert_eq!(config_for(&plain).color, ColorMode::Ansi16);
        let no_color = ClientTerm {
            no_color: true,
            ..plain.clone()
        };
        assert_eq!(config_for(&no_color).color, ColorMode::None);
        assert!(!config_for(&no_color).debug_panic);
    }
}
