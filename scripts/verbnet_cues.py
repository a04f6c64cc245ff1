#!/usr/bin/env python3
"""Regenerates the `class` lines of src/attribution/data/reporting_verbs.txt
from a VerbNet 3.4 checkout (the XML class files), so the member lists there
are VerbNet's own, not retyped.

    python3 scripts/verbnet_cues.py PATH/TO/verbnet3.4 > /tmp/classes.txt

Prints one `class<TAB>ID<TAB>members` line per class named in CLASSES, in
that order; paste them over the old ones (tiers and exclusions are edited by
hand in the data file, with the reason beside each). Inflections are not
generated here: lexicon.rs derives every form of each lemma when it loads.
"""
import re
import sys
from pathlib import Path

CLASSES = [
    "say-37.7", "complain-37.8", "advise-37.9", "confess-37.10", "lecture-37.11",
    "promise-37.13", "tell-37.2", "transfer_mesg-37.1.1", "inquire-37.1.2",
    "interrogate-37.1.3", "chit_chat-37.6", "instr_communication-37.4.1",
    "declare-29.4", "conjecture-29.5", "indicate-78", "estimate-34.2", "suspect-81",
    "manner_speaking-37.3", "characterize-29.2", "judgment-33.1",
]

def main() -> None:
    root = Path(sys.argv[1])
    for cls in CLASSES:
        xml = (root / f"{cls}.xml").read_text(encoding="utf-8")
        members = sorted(set(re.findall(r'<MEMBER [^>]*?name="([^"]+)"', xml)))
        print(f"class\t{cls}\t{' '.join(members)}")

if __name__ == "__main__":
    main()
