//! The reader itself as a session's screen: a [`reader::Driver`] per
//! connection, over the one `Library` all sessions share. The driver
//! performs every effect as the local reader does; this host gives it
//! threads for background work, the session's wake-up, and the reading
//! positions of the reader's key (none for an anonymous reader).

use std::sync::Arc;

use crossterm::event::Event;
use ratatui::Frame;
use ratatui::layout::Position;

use crate::library::Library;
use crate::library::corrections::CorrectionsStore;
use crate::library::state::StateStore;
use crate::reader::{self, App, Config, Driver};

use super::keyed::{KeyId, KeyedState};
use super::screen::{ClientTerm, Remembered, Screen, Wake};

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
    // Readers never make the server fetch: its operator refreshes
    // (SIGUSR1).
    config.refresh_by_operator = true;
    config
}

/// Articles one key may keep corrections for: the store is bounded, and a
/// reader past it is told so (the corrections stay for the session).
pub const MAX_ARTICLES_PER_KEY: usize = 500;

/// Whether this server keeps readers' corrections, and where.
#[derive(Debug, Clone)]
pub enum Corrections {
    /// Not asked for (`serve` without `--corrections`).
    Off,
    /// Asked for on an open server: readers are anonymous, and one's
    /// corrections would be everyone's.
    Anonymous,
    /// Per key, in folders under this one.
    PerKey(std::path::PathBuf),
}

impl Corrections {
    pub fn for_args(args: &super::ServeArgs) -> Corrections {
        if !args.corrections {
            return Corrections::Off;
        }
        if args.open {
            tracing::warn!(
                "--corrections is off with --open: readers are anonymous, so nobody's corrections could be their own"
            );
            return Corrections::Anonymous;
        }
        let Some(dir) = CorrectionsStore::default_dir() else {
            tracing::warn!("--corrections is off: no data directory to keep them in");
            return Corrections::Off;
        };
        let dir = dir.join("keys");
        tracing::info!(dir = %dir.display(), "readers may correct sources, each key its own");
        Corrections::PerKey(dir)
    }

    /// The store of the reader with key `fingerprint`, if it may correct.
    fn store_for(&self, fingerprint: Option<&str>) -> Option<CorrectionsStore> {
        let (Corrections::PerKey(dir), Some(fp)) = (self, fingerprint) else {
            return None;
        };
        // `SHA256:base64`: made a file name (it is ours, from the key).
        let name: String = fp
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        Some(CorrectionsStore::at(dir.join(name)).bounded(MAX_ARTICLES_PER_KEY))
    }
}

pub struct ReaderScreen {
    /// `None` once finished.
    driver: Option<Driver>,
    /// Where the positions go back at the end, for a reader with a key.
    owner: Option<(Arc<KeyedState>, KeyId)>,
}

impl ReaderScreen {
    /// A reader over the library every session shares. Background work
    /// runs on threads of its own, as locally (not tokio's blocking pool,
    /// whose shutdown would wait for a whole library scan). Positions are
    /// remembered per key: an anonymous reader's are kept nowhere.
    pub fn new(
        library: Arc<Library>,
        term: &ClientTerm,
        wake: Wake,
        corrections: &Corrections,
        remembered: Option<Remembered>,
    ) -> Self {
        let wake: reader::Wake = Arc::new(move || wake.wake());
        let mut config = config_for(term);
        let store = corrections.store_for(term.fingerprint.as_deref());
        config.corrections = store.is_some();
        if matches!(corrections, Corrections::Anonymous) {
            config.corrections_off = Some(
                "corrections are off on an open server: readers here are anonymous".to_owned(),
            );
        }
        let app = App::new(Arc::clone(&library), config);
        let (positions, owner) = match remembered {
            Some(r) => (r.positions, Some((r.state, r.key))),
            None => (StateStore::disabled(), None),
        };
        Self {
            driver: Some(
                Driver::new(app, library, positions, reader::threads(), wake)
                    .with_corrections(store.unwrap_or_else(CorrectionsStore::disabled)),
            ),
            owner,
        }
    }

    fn driver(&mut self) -> Option<&mut Driver> {
        self.driver.as_mut()
    }
}

impl Screen for ReaderScreen {
    fn resize(&mut self, cols: u16, rows: u16) {
        if let Some(d) = self.driver() {
            d.resize(cols, rows);
        }
    }

    fn handle(&mut self, event: &Event) -> bool {
        self.driver().is_some_and(|d| d.event(event))
    }

    fn tick(&mut self) {
        if let Some(d) = self.driver() {
            d.tick();
        }
    }

    fn draw(&mut self, frame: &mut Frame) -> Option<Position> {
        let d = self.driver()?;
        let cursor = d.draw(frame);
        d.start_jobs();
        cursor
    }

    fn should_quit(&self) -> bool {
        self.driver.as_ref().is_none_or(Driver::should_quit)
    }

    fn take_output(&mut self) -> Vec<u8> {
        self.driver().map(Driver::take_output).unwrap_or_default()
    }

    fn finish(&mut self) -> Option<Box<dyn FnOnce() + Send>> {
        let mut positions = self.driver.take()?.finish();
        let (state, key) = self.owner.take()?;
        Some(Box::new(move || {
            if let Err(e) = state.save_positions(&key, &mut positions) {
                tracing::warn!(key = key.as_str(), "could not save reading positions: {e}");
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::ColorMode;

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
