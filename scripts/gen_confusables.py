"""Generate ``engine/fold_table.py``: the look-alike letters the engine folds before matching.

Source: the Unicode TR39 confusables table (``confusables.txt``) as shipped by the PyPI
package ``confusable-homoglyphs`` (pinned in requirements-dev.txt; its ``confusables.json``
lists, for each prototype, the characters whose skeleton it is). Kept:

- sources whose Unicode name is LATIN, CYRILLIC or GREEK (the look-alikes of disguised
  addresses, keys and words), single characters that NFKC leaves alone (NFKC runs first);
- prototypes that are ASCII letters or digits (Cyrillic capital ZE is a 3, small BE a 6, as in a TR39
  skeleton), case kept (TR39 folds ``I`` to ``l``; an upper-case ``l`` look-alike folds to ``I``);
- dash look-alikes of ``-`` (hyphen, figure and en dash, minus sign).

Run: python scripts/gen_confusables.py > layers/policy_engine/policy_engine/engine/fold_table.py
"""

from __future__ import annotations

import json
import string
import unicodedata
from importlib import metadata, resources

SCRIPTS = ("LATIN ", "CYRILLIC ", "GREEK ")
DASHES = {"\u2010", "\u2012", "\u2013", "\u2212"}


def fold_map() -> dict[str, str]:
    data = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8"))
    fold: dict[str, str] = {}
    for prototype in string.ascii_letters + string.digits:
        for entry in data.get(prototype, ()):
            char, name = entry["c"], entry["n"]
            if len(char) != 1 or char.isascii() or not name.startswith(SCRIPTS):
                continue
            if unicodedata.normalize("NFKC", char) != char or not char.isalpha():
                continue
            # TR39 folds I to l: an upper-case l look-alike (Cyrillic and Greek capital I) is an I here.
            target = "I" if prototype == "l" and char.isupper() else prototype
            fold.setdefault(char, target)
    for entry in data.get("-", ()):
        if entry["c"] in DASHES:
            fold[entry["c"]] = "-"
    return dict(sorted(fold.items()))


def main() -> None:
    version = metadata.version("confusable-homoglyphs")
    fold = fold_map()
    print('"""Look-alike characters folded to ASCII before matching (generated: do not edit).')
    print()
    print(f"Source: Unicode TR39 confusables, from confusable-homoglyphs {version} (PyPI).")
    print('Generator: scripts/gen_confusables.py, which says what is kept and why."""')
    print()
    print("FOLD: dict[str, str] = {")
    for char, target in fold.items():
        escape = f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
        print(f'    "{escape}": "{target}",  # {unicodedata.name(char)}')
    print("}")


if __name__ == "__main__":
    main()
