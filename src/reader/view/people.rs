//! The People view (`p`): everyone the library quotes, one row each, or
//! one person's passages across the library. It takes the whole screen, so
//! nothing of the panes behind shows through: a title row, a row of column
//! names (or the person's roles and other names), the list, and a footer.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use crate::attribution::PassageKind;
use crate::library::people::{Person, Quoted};
use crate::model::text::width as cells;
use crate::model::text::{count, visible};
use crate::reader::app::App;
use crate::reader::people::{CHROME_ROWS, LIST_TOP, PeopleView, Scroll, fit};
use crate::reader::wrap::truncate;

use super::theme::Theme;

/// Draws the view over `area`; returns where the cursor goes while the
/// filter is typed.
pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme) -> Option<Position> {
    let view = app.people_view()?;
    frame.render_widget(Clear, area);
    let row = |i: u16| Rect::new(area.x, area.y + i, area.width, 1);
    let list = Rect::new(
        area.x,
        area.y + LIST_TOP,
        area.width,
        area.height.saturating_sub(CHROME_ROWS),
    );
    let w = usize::from(area.width);
    let (title, second, lines) = if let Some((person, scroll)) = view.person() {
        (
            person_title(person),
            person_names(person),
            passages(person, scroll, list, theme),
        )
    } else {
        let cols = columns(view, list);
        (
            people_title(app, view, w),
            cols.heads(),
            people(view, &cols, list, theme),
        )
    };
    frame.buffer_mut().set_style(row(0), theme.header());
    super::draw_lines(frame, vec![Line::from(truncate(&title, w))], row(0));
    super::draw_lines(frame, vec![Line::from(truncate(&second, w))], row(1));
    super::draw_lines(frame, lines, list);
    footer(app, view, frame, row(area.height.saturating_sub(1)), theme)
}

/// ` People · 18/29 articles · 148 people · by passages `, shorter when
/// `w` is narrow (the count of articles and the order stay).
fn people_title(app: &App, view: &PeopleView, w: usize) -> String {
    let people = view.people();
    let total = app.library().len();
    let articles = if people.articles < total {
        format!("{}/{total} articles", people.articles)
    } else {
        count(total, "article", "articles")
    };
    let all = people.persons.len();
    let shown = if view.filter().is_empty() {
        count(all, "person", "people")
    } else {
        format!("{} of {all}", view.listed().len())
    };
    let by = view.sort().as_str();
    let full = format!(" People · {articles} · {shown} · by {by} ");
    if cells(&full) <= w {
        return full;
    }
    let (done, total) = (people.articles, total);
    format!(" People {done}/{total} · by {by} ")
}

fn person_title(p: &Person) -> String {
    format!(
        " {} · {} · {} · {} ",
        visible(&p.name),
        p.kind.as_str(),
        count(p.articles, "article", "articles"),
        count(p.passages.len(), "passage", "passages")
    )
}

/// The second row over one person's passages: roles, then other names.
fn person_names(p: &Person) -> String {
    let mut parts = Vec::new();
    if !p.roles.is_empty() {
        parts.push(visible(&p.roles.join("; ")).into_owned());
    }
    if !p.aliases.is_empty() {
        parts.push(format!("also {}", visible(&p.aliases.join(", "))));
    }
    format!(" {}", parts.join(" · "))
}

/// Column widths of the people list: narrow screens keep the counts and
/// the name only.
struct Columns {
    wide: bool,
    name: usize,
}

/// The columns for the rows `view` shows in `r`: counts, kind and gaps
/// take 36 columns; the name as much as the longest on screen needs while
/// the role keeps at least 16.
fn columns(view: &PeopleView, r: Rect) -> Columns {
    let w = usize::from(r.width);
    let wide = w >= 60;
    if !wide {
        return Columns {
            wide,
            name: w.saturating_sub(11),
        };
    }
    let Scroll { selected, offset } = view.list();
    let listed = view.listed();
    let offset = fit(selected, offset, usize::from(r.height), listed.len());
    let longest = listed
        .iter()
        .skip(offset)
        .take(usize::from(r.height))
        .map(|&i| cells(&visible(&view.people().persons[i].name)))
        .max()
        .unwrap_or(0);
    Columns {
        wide,
        name: longest.clamp(12, (w - 36).saturating_sub(16).max(12)),
    }
}

impl Columns {
    fn heads(&self) -> String {
        if self.wide {
            format!(
                " {:>8} {:>8}  {}  {:<12}  role",
                "passages",
                "articles",
                pad("name", self.name),
                "kind"
            )
        } else {
            format!(" {:>4} {:>3}  name", "psg", "art")
        }
    }

    fn row(&self, p: &Person) -> String {
        let name = visible(&p.name);
        if self.wide {
            format!(
                " {:>8} {:>8}  {}  {:<12}  {}",
                p.passages.len(),
                p.articles,
                pad(&name, self.name),
                p.kind.as_str(),
                visible(&p.roles.join("; "))
            )
        } else {
            format!(" {:>4} {:>3}  {name}", p.passages.len(), p.articles)
        }
    }
}

/// `s` cut or padded to exactly `w` columns.
fn pad(s: &str, w: usize) -> String {
    let s = truncate(s, w);
    let fill = w.saturating_sub(cells(&s));
    format!("{s}{}", " ".repeat(fill))
}

fn people(view: &PeopleView, cols: &Columns, r: Rect, theme: Theme) -> Vec<Line<'static>> {
    let rows = usize::from(r.height);
    let w = usize::from(r.width);
    let listed = view.listed();
    if listed.is_empty() {
        let why = if view.people().persons.is_empty() {
            " nobody quoted yet: the library is still being read"
        } else {
            " nobody matches the filter (Esc clears it)"
        };
        return vec![Line::from(truncate(why, w))];
    }
    let Scroll { selected, offset } = view.list();
    let offset = fit(selected, offset, rows, listed.len());
    listed
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(at, &i)| {
            let text = truncate(&cols.row(&view.people().persons[i]), w);
            if at == selected {
                Line::from(pad(&text, w)).style(theme.selected())
            } else {
                Line::from(text)
            }
        })
        .collect()
}

fn passages(person: &Person, scroll: Scroll, r: Rect, theme: Theme) -> Vec<Line<'static>> {
    let rows = usize::from(r.height);
    let w = usize::from(r.width);
    let offset = fit(scroll.selected, scroll.offset, rows, person.passages.len());
    person
        .passages
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(at, q)| passage_line(q, w, at == scroll.selected, theme))
        .collect()
}

/// `2020-07-10  Hagia Sophia mosque  ¶3  quote     “We will …`: the date,
/// the title, the paragraph, quote or reported, and as much of the
/// passage as fits.
fn passage_line(q: &Quoted, w: usize, selected: bool, theme: Theme) -> Line<'static> {
    let date = q.record.date.as_deref().map_or("undated".into(), visible);
    let title_w = (w / 4).clamp(6, 30);
    let (kind, tag) = match q.said().kind {
        PassageKind::Quote => ("quote   ", theme.quote_tag()),
        PassageKind::Reported => ("reported", theme.reported_tag()),
    };
    let head = format!(
        " {date:<10}  {}  ¶{:<4} ",
        pad(&visible(&q.record.title), title_w),
        q.said().paragraph + 1
    );
    let words = q
        .said()
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let rest = w.saturating_sub(cells(&head) + kind.len() + 2);
    let text = truncate(&visible(&words), rest);
    let line = Line::from(vec![
        Span::raw(head),
        Span::styled(kind, tag),
        Span::raw(format!("  {text}")),
    ]);
    if selected {
        line.style(theme.selected())
    } else {
        line
    }
}

/// The footer: the filter being typed (with the cursor after it), a
/// notice, or the view's keys.
fn footer(
    app: &App,
    view: &PeopleView,
    frame: &mut Frame,
    r: Rect,
    theme: Theme,
) -> Option<Position> {
    let w = usize::from(r.width);
    let mut cursor = None;
    let line = if view.typing() {
        let typed = format!("/{}", visible(view.filter()));
        let shown = truncate(&typed, w.saturating_sub(1));
        let x = u16::try_from(cells(&shown)).unwrap_or(r.width);
        cursor = Some(Position::new(r.x + x.min(r.width.saturating_sub(1)), r.y));
        let n = format!("  ({})", count(view.listed().len(), "person", "people"));
        Line::from(truncate(&format!("{shown}{n}"), w))
    } else if let Some(n) = app.notice() {
        Line::from(Span::styled(truncate(&visible(n), w), theme.notice()))
    } else if view.person().is_some() {
        Line::from(truncate(
            "↑↓ select · Enter open the article there · Esc back to people · q close",
            w,
        ))
    } else {
        let sort = view.sort().toggled().as_str();
        Line::from(truncate(
            &format!("↑↓ select · Enter passages · / filter · s by {sort} · Esc back · q close"),
            w,
        ))
    };
    super::draw_lines(frame, vec![line], r);
    cursor
}
