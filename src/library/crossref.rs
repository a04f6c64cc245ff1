//! The keys by which a source is recognised across articles: its name and
//! aliases, compared lower-case with punctuation dropped. Only names count
//! (a capitalised name or alias), not descriptions such as "the mayor",
//! which would tie together strangers. The people index
//! ([`super::people`]) merges sources by these keys, and "also quoted in"
//! asks it, so the two always agree.

use crate::attribution::{Source, SourceKind};

/// `Vitali Klitschko` → `vitali klitschko`; `Klitschko’s` → `klitschko s`.
/// `None` for a description or a name too short to tell people apart.
pub(crate) fn key(name: &str) -> Option<String> {
    if !name.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let mut k = String::with_capacity(name.len());
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !k.is_empty() {
            k.push(' ');
        }
        k.extend(word.chars().flat_map(char::to_lowercase));
    }
    (k.chars().count() >= 3).then_some(k)
}

/// The keys of a named source; none for an unnamed voice.
pub(crate) fn keys(source: &Source) -> impl Iterator<Item = String> + '_ {
    let named = source.kind != SourceKind::Unnamed;
    std::iter::once(source.name.as_str())
        .chain(source.aliases.iter().map(String::as_str))
        .filter(move |_| named)
        .filter_map(key)
}

/// Whether two sources (of different articles) share a name or alias key:
/// the source to select when the reader follows one into another article
/// and the people index cannot say (a correction renamed it meanwhile).
pub fn same_source(a: &Source, b: &Source) -> bool {
    let theirs: Vec<String> = keys(b).collect();
    keys(a).any(|k| theirs.contains(&k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_not_descriptions_case_and_punctuation_dropped() {
        assert_eq!(key("Vitali Klitschko").as_deref(), Some("vitali klitschko"));
        assert_eq!(key("ANNA  SMITH.").as_deref(), Some("anna smith"));
        assert_eq!(key("Klitschko’s").as_deref(), Some("klitschko s"));
        assert_eq!(key("the mayor"), None);
        assert_eq!(key("Ab"), None);
        let officials = Source {
            name: "Officials".to_owned(),
            kind: SourceKind::Unnamed,
            role: None,
            aliases: Vec::new(),
            passages: Vec::new(),
        };
        assert_eq!(keys(&officials).count(), 0, "unnamed voices have no keys");
    }
}
