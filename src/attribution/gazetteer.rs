//! The gazetteer: names of countries, their subdivisions and the world's
//! larger cities, so that a place is never taken for a source ("Ohio said",
//! "South Carolina", "Jane Roe of Springfield").
//!
//! Where the names come from, each with its licence:
//! - ISO 3166-1 country names and ISO 3166-2 subdivision names (states,
//!   provinces, regions): the `rust_iso3166` crate (Apache-2.0), turned into
//!   `data/iso3166.txt` by a test (`WHOSAID_WRITE_ISO3166=1 cargo test --lib
//!   gazetteer`), which also fails when the file and the crate disagree. The
//!   crate is only a dev-dependency: its tables are static arrays of string
//!   pointers, and compiled into the binary they cost 70,000 relocations
//!   (about 0.9 ms) at every start, before the first screen.
//! - Country short names as news writes them ("Russia", "South Korea") and
//!   cities of at least 100,000 people: `GeoNames` (CC BY 4.0), turned into
//!   `data/places.txt` by `scripts/gazetteer.py` (its header says how).
//!
//! Keys are folded (`names::fold`) so "São Paulo" and "Sao Paulo" agree.

use std::sync::LazyLock;

use super::lexicon::FastSet;
use super::names::fold;

const PLACES: &str = include_str!("data/places.txt");
const ISO3166: &str = include_str!("data/iso3166.txt");

struct Gazetteer {
    countries: FastSet<String>,
    places: FastSet<String>,
}

/// An ISO name and the short forms news uses for it: "Korea, Republic of"
/// is also "Korea"; "Bolivia (Plurinational State of)" is also "Bolivia".
fn iso_forms(name: &str) -> impl Iterator<Item = String> {
    let short = name
        .split([',', '('])
        .next()
        .unwrap_or(name)
        .trim()
        .to_owned();
    [fold(name), fold(&short)]
        .into_iter()
        .filter(|s| !s.is_empty())
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let mut countries = FastSet::default();
    let mut places = FastSet::default();
    for line in ISO3166.lines() {
        match line.split_once('\t') {
            Some(("country", n)) => countries.extend(iso_forms(n)),
            Some(("subdivision", n)) => places.extend(iso_forms(n)),
            _ => {}
        }
    }
    for line in PLACES.lines() {
        match line.split_once('\t') {
            Some(("country", n)) => {
                countries.insert(fold(n));
            }
            Some(("city", n)) => {
                places.insert(fold(n));
            }
            _ => {}
        }
    }
    // A country is a place too; "of Ohio" and "of France" cut a name alike.
    for c in &countries {
        places.remove(c);
    }
    Gazetteer { countries, places }
});

/// Whether a folded name is a country (ISO 3166-1 or its common short name).
pub fn is_country(folded: &str) -> bool {
    GAZETTEER.countries.contains(folded)
}

/// Whether a folded name is a country, a subdivision or a city.
pub fn is_place(folded: &str) -> bool {
    GAZETTEER.places.contains(folded) || GAZETTEER.countries.contains(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `data/iso3166.txt` as the crate's tables give it: sorted, one name
    /// a line, so a crate upgrade shows as a readable diff.
    fn iso3166_file() -> String {
        let mut countries: Vec<&str> = rust_iso3166::ALL.iter().map(|c| c.name).collect();
        let mut subdivisions: Vec<&str> = rust_iso3166::iso3166_2::SUBDIVISION_MAP
            .values()
            .map(|s| s.name)
            .collect();
        countries.sort_unstable();
        countries.dedup();
        subdivisions.sort_unstable();
        subdivisions.dedup();
        let mut out = String::from(
            "# ISO 3166-1 country names and ISO 3166-2 subdivision names, one per line:\n\
             # `country\\tNAME` or `subdivision\\tNAME`. Generated from the rust_iso3166\n\
             # crate 0.2 (Apache-2.0) by `WHOSAID_WRITE_ISO3166=1 cargo test --lib gazetteer`.\n",
        );
        for (kind, names) in [("country", countries), ("subdivision", subdivisions)] {
            for n in names {
                if !n.contains(['\t', '\n']) {
                    out.push_str(kind);
                    out.push('\t');
                    out.push_str(n);
                    out.push('\n');
                }
            }
        }
        out
    }

    #[test]
    fn the_iso_names_are_the_crate_s() {
        let want = iso3166_file();
        if std::env::var_os("WHOSAID_WRITE_ISO3166").is_some() {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/src/attribution/data/iso3166.txt"
            );
            std::fs::write(path, &want).expect("writes data/iso3166.txt");
        }
        assert!(
            ISO3166 == want,
            "data/iso3166.txt differs from rust_iso3166's tables: run \
             WHOSAID_WRITE_ISO3166=1 cargo test --lib gazetteer"
        );
    }

    #[test]
    fn countries_subdivisions_and_cities() {
        assert!(is_country("france") && is_country("south korea") && is_country("bolivia"));
        assert!(is_place("ohio") && is_place("south carolina") && is_place("texas"));
        assert!(is_place("sao paulo") && is_place("moscow"));
        assert!(!is_place("acme") && !is_country("ohio"));
    }
}
