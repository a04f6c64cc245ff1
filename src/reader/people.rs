//! The People view's state: everyone the library quotes (a [`People`]
//! snapshot from the library's index), filtered as the user types and
//! sorted, and the person whose passages are listed.
//!
//! Kept apart from [`App`](super::App) so the view's keys stay one match
//! arm there: the app hands actions in, with the rows the list has on
//! screen, and gets back what to do ([`Outcome`]). The selection follows a
//! person, not a row, while the scan adds articles and people move.

use std::sync::Arc;

use crate::library::people::{People, Person, SortBy};

use super::action::Action;

/// Rows of the screen that are not the list: title, column names, footer.
pub const CHROME_ROWS: u16 = 3;
/// The screen row the list starts on, below the title and column names.
pub const LIST_TOP: u16 = 2;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    pub selected: usize,
    pub offset: usize,
}

impl Scroll {
    /// Moves by `d` within `0..n` (`isize::MIN`/`MAX`: to the ends) and
    /// scrolls so the selection is one of `rows` rows.
    fn step(&mut self, d: isize, n: usize, rows: usize) {
        let last = n.saturating_sub(1);
        self.selected = if d >= 0 {
            self.selected.saturating_add(d.unsigned_abs()).min(last)
        } else {
            self.selected.saturating_sub(d.unsigned_abs()).min(last)
        };
        self.offset = fit(self.selected, self.offset, rows, n);
    }
}

/// The first row shown so that `selected` is on one of `rows` rows and no
/// row is left blank below the end while there is more above: the same
/// answer at any size, so a resize never hides the top of a short list.
pub fn fit(selected: usize, offset: usize, rows: usize, n: usize) -> usize {
    let rows = rows.max(1);
    let offset = offset.min(n.saturating_sub(rows));
    if selected < offset {
        selected
    } else if selected >= offset + rows {
        selected + 1 - rows
    } else {
        offset
    }
}

/// What the app does after an action in the People view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    /// Leave the view (its state is kept for the next `p`).
    Close,
    /// Open `article` at the passage of paragraph `paragraph` of the source
    /// it calls `name`.
    Open {
        article: usize,
        name: String,
        paragraph: usize,
    },
}

#[derive(Debug)]
pub struct PeopleView {
    people: Arc<People>,
    /// Indices into `people.persons`, as listed.
    order: Vec<usize>,
    sort: SortBy,
    filter: String,
    typing: bool,
    list: Scroll,
    /// The person whose passages are listed: their index in `people` and
    /// the (article, source) that names them across snapshots.
    person: Option<(usize, (usize, usize), Scroll)>,
}

impl PeopleView {
    pub fn new(people: Arc<People>) -> PeopleView {
        let mut view = PeopleView {
            order: Vec::new(),
            people,
            sort: SortBy::default(),
            filter: String::new(),
            typing: false,
            list: Scroll::default(),
            person: None,
        };
        view.relist(None);
        view
    }

    /// Takes the library's newest snapshot, keeping the selected person
    /// (and the one whose passages are open) selected.
    pub fn refresh(&mut self, people: Arc<People>) {
        if Arc::ptr_eq(&people, &self.people) {
            return;
        }
        let keep = self.selected_person().map(Person::id);
        self.people = people;
        if let Some((at, id, _)) = &mut self.person {
            match self
                .people
                .persons
                .iter()
                .position(|p| p.sources.contains(id))
            {
                Some(i) => *at = i,
                None => self.person = None,
            }
        }
        self.relist(keep);
    }

    pub fn people(&self) -> &People {
        &self.people
    }

    /// Indices into [`People::persons`] of those listed, in order.
    pub fn listed(&self) -> &[usize] {
        &self.order
    }

    pub fn list(&self) -> Scroll {
        self.list
    }

    pub fn sort(&self) -> SortBy {
        self.sort
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Whether keys type into the filter.
    pub fn typing(&self) -> bool {
        self.typing
    }

    pub fn selected_person(&self) -> Option<&Person> {
        let i = *self.order.get(self.list.selected)?;
        self.people.persons.get(i)
    }

    /// The person whose passages are listed, with that list's scroll.
    pub fn person(&self) -> Option<(&Person, Scroll)> {
        let (i, _, scroll) = self.person.as_ref()?;
        Some((self.people.persons.get(*i)?, *scroll))
    }

    /// Lists the people again (filter, sort or snapshot changed), selecting
    /// the person `keep` when still listed, else the first.
    fn relist(&mut self, keep: Option<(usize, usize)>) {
        self.order = self.people.listed(&self.filter, self.sort);
        let persons = &self.people.persons;
        self.list.selected = keep
            .and_then(|id| {
                self.order
                    .iter()
                    .position(|&i| persons[i].sources.contains(&id))
            })
            .unwrap_or(0);
    }

    /// Applies `action`; `rows` is how many rows the list has on screen.
    pub fn update(&mut self, action: &Action, rows: usize) -> Outcome {
        let page = isize::try_from(rows.max(1)).unwrap_or(1);
        if self.typing {
            match action {
                Action::SearchChar(c) => self.type_filter(|f| f.push(*c)),
                Action::Paste(s) => self.type_filter(|f| {
                    f.extend(s.chars().filter(|c| !c.is_control()).take(256));
                }),
                Action::SearchBackspace => self.type_filter(|f| {
                    f.pop();
                }),
                Action::SearchSubmit => {
                    // As in a fuzzy finder: Enter takes the person shown
                    // first, the filter kept.
                    self.typing = false;
                    return self.activate();
                }
                Action::Cancel => {
                    self.typing = false;
                    self.type_filter(String::clear);
                }
                Action::Move(d) => self.step(*d, rows),
                _ => {}
            }
            return Outcome::Stay;
        }
        match action {
            Action::Move(d) | Action::Wheel { lines: d, .. } => self.step(*d, rows),
            Action::PageDown => self.step(page, rows),
            Action::PageUp => self.step(-page, rows),
            Action::HalfPageDown => self.step((page / 2).max(1), rows),
            Action::HalfPageUp => self.step(-(page / 2).max(1), rows),
            Action::Top => self.step(isize::MIN, rows),
            Action::Bottom => self.step(isize::MAX, rows),
            Action::Activate => return self.activate(),
            Action::StartSearch => {
                self.person = None;
                self.typing = true;
            }
            Action::ToggleSort => {
                self.sort = self.sort.toggled();
                let keep = self.selected_person().map(Person::id);
                self.relist(keep);
                self.list.offset =
                    fit(self.list.selected, self.list.offset, rows, self.order.len());
            }
            Action::Cancel => {
                if self.person.is_some() {
                    self.person = None;
                } else if !self.filter.is_empty() {
                    self.type_filter(String::clear);
                } else {
                    return Outcome::Close;
                }
            }
            Action::OpenPeople => return Outcome::Close,
            Action::Click { row, .. } => return self.click(usize::from(*row), rows),
            _ => {}
        }
        Outcome::Stay
    }

    /// A click on a row of the list selects it; on the row already
    /// selected, it does what Enter does.
    fn click(&mut self, row: usize, rows: usize) -> Outcome {
        let Some(line) = row.checked_sub(usize::from(LIST_TOP)) else {
            return Outcome::Stay;
        };
        if line >= rows {
            return Outcome::Stay;
        }
        let (scroll, n) = match &mut self.person {
            Some((i, _, scroll)) => {
                let n = self.people.persons.get(*i).map_or(0, |p| p.passages.len());
                (scroll, n)
            }
            None => (&mut self.list, self.order.len()),
        };
        let at = fit(scroll.selected, scroll.offset, rows, n) + line;
        if at >= n {
            return Outcome::Stay;
        }
        if at == scroll.selected {
            return self.activate();
        }
        scroll.offset = fit(scroll.selected, scroll.offset, rows, n);
        scroll.selected = at;
        Outcome::Stay
    }

    fn type_filter(&mut self, edit: impl FnOnce(&mut String)) {
        edit(&mut self.filter);
        self.relist(None);
        self.list.offset = 0;
    }

    fn step(&mut self, d: isize, rows: usize) {
        match &mut self.person {
            Some((i, _, scroll)) => {
                let n = self.people.persons.get(*i).map_or(0, |p| p.passages.len());
                scroll.step(d, n, rows);
            }
            None => self.list.step(d, self.order.len(), rows),
        }
    }

    /// Enter: a person lists their passages; a passage opens its article.
    fn activate(&mut self) -> Outcome {
        if let Some((person, scroll)) = self.person() {
            return match person.passages.get(scroll.selected) {
                Some(q) => Outcome::Open {
                    article: q.record.article,
                    name: q.record.name.clone(),
                    paragraph: q.said().paragraph,
                },
                None => Outcome::Stay,
            };
        }
        if let Some(&i) = self.order.get(self.list.selected) {
            let id = self.people.persons[i].id();
            self.person = Some((i, id, Scroll::default()));
        }
        Outcome::Stay
    }
}
