//! The generated big inputs are what the benchmarks claim they are.

use crate::support_big::{FIRST_SCREEN_MARK, TEN_MB, big_article, corpus_texts, write_library};
use whosaid::model::article::Article;

#[test]
fn ten_mb_article_is_ten_mb_of_paragraphs_opening_with_the_seed() {
    let text = big_article(TEN_MB);
    assert!(text.len() >= TEN_MB, "{} bytes", text.len());
    assert!(text.len() < TEN_MB + 16 * 1024, "{} bytes", text.len());
    let a = Article::parse("big.txt", text.as_bytes()).expect("parses");
    assert_eq!(a.date.as_deref(), Some("2024-03-24"));
    assert!(a.paragraph_text(0).starts_with(FIRST_SCREEN_MARK));
    // Paragraph count grows with the text: every corpus paragraph is kept.
    let per_cycle: usize = corpus_texts()
        .iter()
        .map(|t| t.split("\n\n").filter(|p| !p.trim().is_empty()).count())
        .sum();
    let cycle_bytes: usize = corpus_texts().iter().map(String::len).sum();
    let expected = TEN_MB / cycle_bytes * per_cycle;
    let got = a.paragraphs().len();
    assert!(
        got > expected * 9 / 10 && got < expected * 11 / 10,
        "{got} paragraphs, about {expected} expected"
    );
    // Repeats drop their date token instead of carrying it into the body.
    assert!(!text[100..].contains("\ndate 2"));
}

#[test]
fn small_sizes_stop_at_a_paragraph_end() {
    for size in [1_000, 10_000, 100_000] {
        let text = big_article(size);
        assert!(text.len() >= size);
        let a = Article::parse("s.txt", text.as_bytes()).expect("parses");
        let last = a.paragraphs().len() - 1;
        assert!(text.trim_end().ends_with(a.paragraph_text(last)));
    }
}

#[test]
fn library_articles_have_their_own_titles_and_dates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let total = write_library(dir.path(), 40).expect("writes");
    let files = whosaid::library::discover(&[dir.path().to_owned()]).expect("lists");
    assert_eq!(files.len(), 40);
    let mut bytes = 0;
    let mut titles = std::collections::HashSet::new();
    for f in &files {
        let a = Article::load(f).expect("loads");
        bytes += std::fs::metadata(f).expect("meta").len();
        assert!(a.date.is_some(), "{}", f.display());
        assert!(!a.paragraph_text(0).is_empty());
        titles.insert(a.title);
    }
    assert_eq!(titles.len(), 40);
    assert_eq!(bytes, total);
}

#[test]
fn the_start_of_a_big_file_is_the_whole_articles_first_paragraphs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.txt");
    std::fs::write(&path, big_article(1_000_000)).expect("writes");
    let whole = Article::load(&path).expect("loads");
    let start = Article::load_start(&path, 64 * 1024)
        .expect("reads")
        .expect("a big file has a start");
    assert!(start.text().len() <= 64 * 1024);
    assert!(
        start.paragraphs().len() > 20,
        "{}",
        start.paragraphs().len()
    );
    assert_eq!(start.title, whole.title);
    assert_eq!(start.date, whole.date);
    assert_eq!(
        start.paragraphs(),
        &whole.paragraphs()[..start.paragraphs().len()]
    );
    assert!(whole.text().starts_with(start.text()));
    // Small files are loaded whole.
    assert!(
        Article::load_start(&path, 2_000_000)
            .expect("reads")
            .is_none()
    );
}

#[test]
fn a_start_is_cut_only_at_a_blank_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("one.txt");
    // One giant paragraph: no place to cut.
    std::fs::write(&path, "word ".repeat(50_000)).expect("writes");
    assert!(Article::load_start(&path, 4096).expect("reads").is_none());
    // Blank lines with spaces and CRLF count; the cut keeps paragraphs whole.
    let text = "one\r\nline\r\n \r\ntwo\r\n\r\nthree three three three three\r\n";
    std::fs::write(&path, text.repeat(100)).expect("writes");
    let start = Article::load_start(&path, 40).expect("reads").expect("cut");
    assert_eq!(start.text(), "one\r\nline\r\n \r\ntwo\r\n\r\n");
    assert_eq!(start.paragraphs().len(), 2);
}

#[test]
fn the_reader_keeps_its_place_when_the_rest_of_a_big_article_arrives() {
    use std::sync::Arc;
    use whosaid::library::Library;
    use whosaid::reader::{Action, App, Config};

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.txt");
    std::fs::write(&path, big_article(1_000_000)).expect("writes");
    let library = Arc::new(Library::open(&[path]).expect("opens"));
    let start = library.load_start(0, 64 * 1024).expect("a start");
    let mut app = App::new(Arc::clone(&library), Config::default());
    let _ = app.take_effects();
    app.update(Action::Resize(80, 24));
    app.update(Action::Opened {
        index: 0,
        article: Arc::new(start),
        position: None,
    });
    let (_, start_paragraphs) = app.reading_position();
    // The header says the count is not final yet.
    let header = header_row(&app);
    assert!(
        header.contains(&format!("¶1/{start_paragraphs}+")) && !header.contains('%'),
        "{header}"
    );
    app.update(Action::StartSearch);
    // A word every corpus article has, so the start holds several matches
    // however many articles the corpus has.
    for c in "said".chars() {
        app.update(Action::SearchChar(c));
    }
    app.update(Action::SearchSubmit);
    app.update(Action::NextMatch);
    let start_matches = app.search().matches().len();
    assert!(start_matches > 1);
    let top = app.top();
    assert!(top.paragraph > 0, "the search moved the view");

    let whole = library.load(0).expect("loads");
    assert!(
        library.load_start(0, 64 * 1024).is_none(),
        "loaded: no start"
    );
    app.update(Action::Completed {
        index: 0,
        article: whole,
    });
    assert_eq!(app.top(), top, "same place");
    let (_, paragraphs) = app.reading_position();
    let header = header_row(&app);
    assert!(
        header.contains(&format!("/{paragraphs} ")) && header.contains('%'),
        "{header}"
    );
    assert!(paragraphs > start_paragraphs * 10, "{paragraphs}");
    assert!(
        app.search().matches().len() > start_matches * 5,
        "{} {start_matches}",
        app.search().matches().len()
    );
    app.update(Action::Bottom);
    app.update(Action::Cancel);
    app.update(Action::FocusNext);
    app.update(Action::FocusNext);
    app.update(Action::Bottom);
    assert!(
        app.top().paragraph > start_paragraphs,
        "G reaches the real end"
    );
}

#[test]
fn a_big_article_analysed_in_pieces_finds_what_the_whole_analysis_finds() {
    use whosaid::attribution;
    use whosaid::library::chunked::analyze_in_pieces;

    let text = big_article(300_000);
    let a = Article::parse("big.txt", text.as_bytes()).expect("parses");
    let whole = attribution::analyze(&a);
    let mut reports = 0;
    let pieces = analyze_in_pieces(&a, 100_000, 64 * 1024, &mut |done, total| {
        assert!(done <= total);
        reports += 1;
        true
    })
    .expect("not cancelled");
    assert!(reports > 3);
    let count =
        |s: &attribution::Sources| s.sources.iter().map(|s| s.passages.len()).sum::<usize>();
    let (w, p) = (count(&whole), count(&pieces));
    assert!(
        p * 100 >= w * 95 && p * 100 <= w * 105,
        "{p} passages in pieces, {w} whole"
    );
    for s in &pieces.sources {
        let mut last = None;
        for passage in &s.passages {
            let para = &a.paragraphs()[passage.paragraph];
            assert!(para.span.start <= passage.span.start && passage.span.end <= para.span.end);
            assert!(
                last < Some(passage.paragraph),
                "in order, one per paragraph"
            );
            last = Some(passage.paragraph);
        }
    }
    // The main sources of the whole analysis are found, under their names.
    let mut main: Vec<&attribution::Source> = whole.named().collect();
    main.sort_by_key(|s| std::cmp::Reverse(s.passages.len()));
    for s in main.iter().take(5) {
        assert!(
            pieces
                .sources
                .iter()
                .any(|q| q.name == s.name || q.aliases.contains(&s.name)),
            "{} missing",
            s.name
        );
    }
    // Small articles are analysed whole, unchanged.
    let seed = Article::parse("seed.txt", corpus_texts()[0].as_bytes()).expect("parses");
    assert_eq!(
        analyze_in_pieces(&seed, 100_000, 64 * 1024, &mut |_, _| true),
        Some(attribution::analyze(&seed))
    );
}

/// The reader's top line (title, date, position), drawn at 80x24.
fn header_row(app: &whosaid::reader::App) -> String {
    let mut t =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    t.draw(|f| whosaid::reader::view::draw(app, f))
        .expect("draw");
    let buf = t.backend().buffer();
    (0..80).map(|x| buf[(x, 0)].symbol()).collect()
}
