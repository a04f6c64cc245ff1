//! "Also quoted in N other articles": the reader shows, for the selected
//! source, the other articles of the library that quote it.

use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use whosaid::attribution::{self, Sources};
use whosaid::library::Library;
use whosaid::model::article::Article;
use whosaid::reader::{Action, App, Config, open_action, view};

fn article(name: &str, text: &str) -> (Article, Option<Sources>) {
    let a = Article::parse(name, text.as_bytes()).expect("parses");
    let s = attribution::analyze(&a);
    (a, Some(s))
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    t.draw(|f| view::draw(app, f)).expect("draw");
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_selected_source_lists_the_other_articles_that_quote_it() {
    let library = Arc::new(Library::from_articles(vec![
        article(
            "2024-01-01-first-story.txt",
            "“We will rebuild the bridge,” Mayor Anna Kowalska said on Monday.\n\nIt rained.\n",
        ),
        article(
            "2024-01-02-second-story.txt",
            "“Nothing changes,” Jan Nowak told reporters.\n\nIt snowed.\n",
        ),
        article(
            "2024-01-03-third-story.txt",
            "Anna Kowalska said the work would take a year.\n\n“It is late,” she added.\n",
        ),
    ]));
    let mut app = App::new(Arc::clone(&library), Config::default());
    let _ = app.take_effects();
    app.update(Action::Resize(100, 30));
    app.update(open_action(&library, 0, None));
    app.update(Action::Cancel); // the picker
    app.update(Action::SelectSource(0));
    assert_eq!(
        app.selected_source().map(|s| s.name.as_str()),
        Some("Anna Kowalska")
    );
    assert_eq!(app.also_quoted_in(), [2]);
    let s = screen(&app);
    assert!(s.contains("also in 1"), "{s}");
    assert!(s.contains("Also quoted in 1 other article:"), "{s}");
    assert!(s.contains("Third story"), "{s}");
    // Nobody else quotes the second article's source.
    app.update(Action::OpenPicker);
    app.update(Action::Move(1));
    app.update(Action::Activate);
    for e in app.take_effects() {
        if let whosaid::reader::Effect::Open(i) = e {
            app.update(open_action(&library, i, None));
        }
    }
    app.update(Action::SelectSource(0));
    let name = app
        .selected_source()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    assert!(name.contains("Nowak"), "{name}");
    assert!(app.also_quoted_in().is_empty());
    assert!(!screen(&app).contains("Also quoted"));
}

#[test]
fn the_picker_says_how_far_the_library_scan_is() {
    let library = Arc::new(Library::from_articles(vec![
        article("2024-01-01-first-story.txt", "Jan Nowak said it rained.\n"),
        article(
            "2024-01-02-second-story.txt",
            "Anna Kowalska said it snowed.\n",
        ),
    ]));
    let mut app = App::new(Arc::clone(&library), Config::default());
    let _ = app.take_effects();
    app.update(Action::Resize(100, 30));
    app.update(Action::LibraryScanned { done: 1, total: 2 });
    let s = screen(&app);
    assert!(s.contains("Articles (2) · finding sources 1/2"), "{s}");
    app.update(Action::LibraryScanned { done: 2, total: 2 });
    let s = screen(&app);
    assert!(s.contains("Articles (2) · by file"), "{s}");
    assert!(!s.contains("finding sources"), "{s}");
}
