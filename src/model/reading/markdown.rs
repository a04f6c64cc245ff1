//! Markdown to paragraphs with pulldown-cmark: what a reader sees rendered,
//! without the markup. Emphasis and links become their text, block quotes
//! and list items are paragraphs, code blocks are kept verbatim, raw HTML
//! is dropped (it may hold scripts). Title and date come from a YAML-style
//! front matter block, the title otherwise from the first heading.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::Extracted;
use crate::model::article::is_iso_date;

pub(crate) fn extract(src: &str) -> Extracted {
    let mut out = Extracted::default();
    let mut front_title = None;
    let mut in_meta = false;
    let mut in_image = 0usize;
    let mut in_heading = false;
    let mut in_code = false;
    let mut first_block = true;
    let mut para = String::new();
    let flush = |out: &mut Extracted, para: &mut String| {
        out.push(para);
        para.clear();
    };
    for event in Parser::new_ext(src, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_meta = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_meta = false,
            Event::Text(t) if in_meta => {
                for line in t.lines() {
                    let Some((key, value)) = line.split_once(':') else {
                        continue;
                    };
                    let value = value.trim().trim_matches(['"', '\'']).trim();
                    match key.trim().to_ascii_lowercase().as_str() {
                        "title" if !value.is_empty() => front_title = Some(value.to_owned()),
                        "date" | "published" | "datepublished" => {
                            if let Some(d) = value.get(..10).filter(|d| is_iso_date(d)) {
                                out.date = Some(d.to_owned());
                            }
                        }
                        _ => {}
                    }
                }
            }
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut out, &mut para);
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                // The first block, when a heading and no front matter names
                // the article, is its title rather than a paragraph.
                // A first heading that repeats the front matter's title is
                // that title again.
                let t = para.trim();
                if first_block && front_title.is_none() && !t.is_empty() {
                    out.title = Some(t.to_owned());
                    para.clear();
                } else if first_block && front_title.as_deref() == Some(t) {
                    para.clear();
                } else {
                    flush(&mut out, &mut para);
                }
                first_block = false;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut out, &mut para);
                in_code = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                // Verbatim, but a blank line inside would read as a
                // paragraph break wherever the text is split again.
                let code = para.trim_end_matches('\n').to_owned();
                let kept: Vec<&str> = code.lines().filter(|l| !l.trim().is_empty()).collect();
                para = kept.join("\n");
                flush(&mut out, &mut para);
                first_block = false;
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::BlockQuote(_)) => {
                flush(&mut out, &mut para);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_)) => {
                flush(&mut out, &mut para);
                first_block = false;
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_image == 0 => {
                para.push_str(&t);
            }
            Event::SoftBreak if !in_code => para.push(if in_heading { ' ' } else { '\n' }),
            Event::HardBreak => para.push('\n'),
            Event::Rule => flush(&mut out, &mut para),
            // Raw HTML, footnote marks and task boxes are markup, not text.
            _ => {}
        }
    }
    flush(&mut out, &mut para);
    out.title = front_title.or(out.title);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(x: &Extracted) -> Vec<&str> {
        x.spans.iter().map(|s| &x.text[s.clone()]).collect()
    }

    #[test]
    fn emphasis_and_links_become_text() {
        let x = extract(
            "# Big news\n\n**Mayor Jane Doe** said [on radio](http://x) it *was* `fine`.\n\n> A quote here.\n\n- one item\n- two\n",
        );
        assert_eq!(x.title.as_deref(), Some("Big news"));
        assert_eq!(
            paras(&x),
            [
                "Mayor Jane Doe said on radio it was fine.",
                "A quote here.",
                "one item",
                "two"
            ]
        );
    }

    #[test]
    fn front_matter_gives_title_and_date() {
        let x = extract(
            "---\ntitle: \"Storm hits\"\ndate: 2021-05-06T10:00:00Z\n---\n\n# Heading kept\n\nBody.\n",
        );
        assert_eq!(x.title.as_deref(), Some("Storm hits"));
        assert_eq!(x.date.as_deref(), Some("2021-05-06"));
        assert_eq!(paras(&x), ["Heading kept", "Body."]);
    }

    #[test]
    fn code_is_verbatim_and_html_dropped() {
        let x = extract(
            "Intro.\n\n```\nlet  x = 1;\n    y\n```\n\n<script>alert(1)</script>\n\nEnd <b>bold</b>.\n",
        );
        assert_eq!(paras(&x), ["Intro.", "let  x = 1;\n    y", "End bold."]);
        assert!(!x.text.contains("alert"));
    }
}
