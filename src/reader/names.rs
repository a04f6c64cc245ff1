//! Short forms of source names for narrow panes.
//!
//! A name cut mid-word ("Polish Armed Forc") is hard to recognise; a reader
//! knows a source by its surname or its abbreviation. These are general rules
//! over the name's shape (a parenthesised abbreviation, initials, the last
//! word), never lists of particular names.

use crate::attribution::SourceKind;
use crate::model::text::width as cells;
use crate::reader::wrap::truncate;

/// The longest recognisable form of `name` that fits in `width` cells.
/// `name` and `aliases` must already be visible (sanitised) text.
pub fn fit_name(name: &str, kind: SourceKind, aliases: &[String], width: usize) -> String {
    if cells(name) <= width {
        return name.to_owned();
    }
    short_forms(name, kind, aliases)
        .into_iter()
        .find(|f| !f.is_empty() && cells(f) <= width)
        .unwrap_or_else(|| truncate(name, width))
}

/// Candidate short forms, most informative first.
fn short_forms(name: &str, kind: SourceKind, aliases: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let words: Vec<&str> = name.split_whitespace().collect();
    if let Some(abbr) = parenthesised_abbreviation(name) {
        if let Some(first) = words.first().filter(|w| !w.starts_with('(')) {
            out.push(format!("{first} {abbr}"));
        }
        out.push(abbr.to_owned());
    }
    let plain: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !w.starts_with('('))
        .collect();
    match kind {
        SourceKind::Person => {
            if let Some((last, given)) = plain.split_last() {
                if !given.is_empty() {
                    let initials: Vec<String> = given
                        .iter()
                        .filter_map(|w| w.chars().next())
                        .map(|c| format!("{c}."))
                        .collect();
                    out.push(format!("{} {last}", initials.join(" ")));
                }
                out.push((*last).to_owned());
            }
        }
        SourceKind::Organisation | SourceKind::Unnamed => {
            let mut acronyms: Vec<&String> = aliases.iter().filter(|a| is_acronym(a)).collect();
            acronyms.sort_by_key(|a| std::cmp::Reverse(a.len()));
            let initials: Vec<char> = plain.iter().filter_map(|w| w.chars().next()).collect();
            for acronym in acronyms {
                // An abbreviation of a name in another language shares no
                // initial with the name shown; its first word then tells
                // what it is: `Polish RSZ` rather than `RSZ`.
                if let Some(first) = plain.first()
                    && !acronym.chars().any(|c| initials.contains(&c))
                {
                    out.push(format!("{first} {acronym}"));
                }
                out.push(acronym.clone());
            }
        }
    }
    // Whole leading words, marked as cut.
    for n in (1..plain.len()).rev() {
        out.push(format!("{}…", plain[..n].join(" ")));
    }
    // Initials made up here are a last resort: nobody knows them.
    if kind != SourceKind::Person {
        let capitals: String = plain
            .iter()
            .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
            .collect();
        if capitals.chars().count() >= 2 {
            out.push(capitals);
        }
    }
    out
}

/// `Operational Command (RSZ)` → `RSZ`.
fn parenthesised_abbreviation(name: &str) -> Option<&str> {
    let open = name.rfind('(')?;
    let close = open + name[open..].find(')')?;
    let inner = name[open + 1..close].trim();
    is_acronym(inner).then_some(inner)
}

fn is_acronym(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    (2..=8).contains(&letters)
        && !s.contains(char::is_whitespace)
        && s.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORG: &str = "Polish Armed Forces Operational Command (RSZ)";

    #[test]
    fn full_name_when_it_fits() {
        assert_eq!(
            fit_name("Andriy Sadovy", SourceKind::Person, &[], 20),
            "Andriy Sadovy"
        );
    }

    #[test]
    fn organisation_with_abbreviation() {
        assert_eq!(
            fit_name(ORG, SourceKind::Organisation, &[], 20),
            "Polish RSZ"
        );
        assert_eq!(fit_name(ORG, SourceKind::Organisation, &[], 5), "RSZ");
    }

    #[test]
    fn organisation_with_an_abbreviation_alias() {
        let name = "Polish Armed Forces Operational Command";
        let aliases = ["RSZ".to_owned()];
        let org = SourceKind::Organisation;
        assert_eq!(fit_name(name, org, &aliases, 20), "Polish RSZ");
        assert_eq!(fit_name(name, org, &aliases, 6), "RSZ");
        // An abbreviation that spells the first word adds nothing to it.
        let un = ["UNHCR".to_owned()];
        assert_eq!(
            fit_name(
                "United Nations High Commissioner for Refugees",
                org,
                &un,
                12
            ),
            "UNHCR"
        );
    }

    #[test]
    fn organisation_without_abbreviation() {
        let name = "United Nations Human Rights Office";
        assert_eq!(
            fit_name(name, SourceKind::Organisation, &["OHCHR".into()], 12),
            "OHCHR"
        );
        assert_eq!(
            fit_name(name, SourceKind::Organisation, &[], 17),
            "United Nations…"
        );
        assert_eq!(fit_name(name, SourceKind::Organisation, &[], 6), "UNHRO");
    }

    #[test]
    fn person_becomes_initials_then_surname() {
        let name = "Vyacheslav Gladkov";
        assert_eq!(fit_name(name, SourceKind::Person, &[], 12), "V. Gladkov");
        assert_eq!(fit_name(name, SourceKind::Person, &[], 8), "Gladkov");
        assert_eq!(fit_name(name, SourceKind::Person, &[], 4), "Vya…");
    }

    #[test]
    fn never_wider_than_asked() {
        for w in 0..50 {
            let s = fit_name(ORG, SourceKind::Organisation, &[], w);
            assert!(cells(&s) <= w, "{s:?} at {w}");
        }
    }
}
