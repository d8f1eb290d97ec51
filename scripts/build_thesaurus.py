"""Regenerate `indexer/data/de_thesaurus.tsv.gz`, general German synonyms for the search,
and `indexer/data/de_broader.tsv.gz`, their broader terms (Geige → Musikinstrument).

The source is OpenThesaurus (LGPL) as packaged by Debian in `mythes-de`: its
`th_de_DE_v2.dat` has `word|n` headers, each followed by n sense lines
`-|term|term|…`, where qualifiers such as `(ugs.)` or `(Oberbegriff)` follow a term.
The derived files keep only what the search uses: one line per word,
`word<TAB>synonym|synonym|…` (broader terms likewise, marked "(Oberbegriff)" in the source).
Run it only to refresh the shipped files:

    apt-get download mythes-de && dpkg-deb -x mythes-de_*.deb mythes
    .venv/bin/python scripts/build_thesaurus.py mythes/usr/share/mythes/th_de_DE_v2.dat \
        --version 20160424-4
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.german.compounds import split_compound  # noqa: E402

TARGET = ROOT / "indexer" / "data" / "de_thesaurus.tsv.gz"
BROADER_TARGET = ROOT / "indexer" / "data" / "de_broader.tsv.gz"
NOTICE = ROOT / "indexer" / "data" / "de_thesaurus.NOTICE"
LEXICON = ROOT / "indexer" / "data" / "de_lexicon.tsv.gz"

# Searched words are nouns (capitalised in the source): verb and adjective senses
# ("machen", "gut") are broad and polysemous and would mostly add noise.
NOUN = re.compile(r"[A-ZÄÖÜ][a-zäöüß]*(?:[A-ZÄÖÜ]?[a-zäöüß]+)*|[A-ZÄÖÜ]{2,6}")
# A term: one word (one index term, so a synonym costs one lookup per field) plus labels.
TERM = re.compile(r"(?P<word>[^\s()|]+)(?P<labels>(?: \([^()]*\))*)")
# Labels that still make a term a plain synonym: the main form, short forms, and the
# administrative register our entries are written in.
PLAIN = frozenset({"Hauptform", "Abkürzung", "Kurzform", "Amtsdeutsch", "Plural"})
# Register and regional labels: the term is a word of its own in another register. A sense
# where the head word carries only such labels is still its own sense ("Arbeitsamt (ugs.)"
# → Arbeitsagentur); any other qualifier ("Arbeit (= Produkt)") is a gloss of a special
# reading, whose synonyms would be noise for the common one.
REGISTER = frozenset(
    {"ugs.", "geh.", "fachspr.", "veraltet", "veraltend", "derb", "vulg.", "österr.",
     "schweiz.", "regional", "abwertend", "salopp", "fig.", "engl.", "Jargon", "ironisch",
     "scherzhaft", "süddt.", "norddeutsch", "bair.", "schwäbisch", "selten", "Amtsdeutsch",
     "bildungssprachlich", "jugendsprachlich", "verhüllend", "Hauptform", "Abkürzung",
     "Kurzform", "Plural", "lat.", "franz.", "historisch"}
)  # fmt: skip
# Broader terms (Oberbegriff: Job → Tätigkeit) and narrower readings widen a query into
# unrelated entries; only the plain terms of a sense are synonyms.
MAX_SYNONYMS = 8  # more would add rarer, looser words and make every query slower
MIN_LETTERS = 3  # "Amt" and "Job" count; two letters are too ambiguous ("Ei", "Au")
BROADER = "Oberbegriff"
MAX_BROADER = 6  # per word: the search tries them one by one, most specific first
# A broader term of this many words or more says nothing (Person, Mensch, Land, Krankheit,
# Einrichtung: 150 to 1,600 words each; Sport, Arzt, Instrument, Fahrzeug: 30 to 140).
GENERAL_BROADER = 150


def read_lexicon(path: Path) -> dict[str, float]:
    """Lower-case word (ß written "ss", as wordfreq does) → Zipf frequency."""
    words = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                word, _, zipf = line.rstrip("\n").partition("\t")
                words[word] = float(zipf)
    return words


def parse_term(raw: str) -> tuple[str, set[str]] | None:
    """(word, its labels) of a term such as "Arbeitsamt (ugs.)"; None for a phrase."""
    match = TERM.fullmatch(raw.strip())
    if not match:
        return None
    labels = set()
    for group in re.findall(r"\(([^()]*)\)", match.group("labels")):
        labels |= {part.strip() for part in group.split(",")}
    return match.group("word"), labels


def read_senses(path: Path) -> dict[str, list[list[str]]]:
    """Head word → its sense lines (duplicate headers, which the file has, merged)."""
    senses: dict[str, list[list[str]]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        if handle.readline().strip() != "UTF-8":
            raise SystemExit(f"{path}: expected a UTF-8 MyThes file")
        head = None
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("-|"):
                terms = line.split("|")[1:]
                if head is not None and terms not in senses[head]:
                    senses[head].append(terms)
            else:
                head = line.rpartition("|")[0]
    return senses


def synonyms_of(head: str, sense_lines: list[list[str]], known: dict[str, float]) -> list[str]:
    """The kept synonyms of a head word, most used first, at most `MAX_SYNONYMS`."""
    counts: dict[str, int] = defaultdict(int)
    for terms in sense_lines:
        parsed = [p for raw in terms if (p := parse_term(raw))]
        # The sense must name the head word itself, at most with register labels.
        if not any(w.lower() == head and labels <= REGISTER for w, labels in parsed):
            continue
        for word, labels in parsed:
            if word.lower() != head and labels <= PLAIN and is_known(word, known):
                counts[word] += 1
    ranked = sorted(counts, key=lambda w: (-counts[w], -known_zipf(w, known), w))
    return ranked[:MAX_SYNONYMS]


def known_zipf(word: str, known: dict[str, float]) -> float:
    return known.get(word.lower().replace("ß", "ss"), 0.0)


def is_known(word: str, known: dict[str, float]) -> bool:
    """A noun of our lexicon, or a compound of its words ("Förderunterricht").

    Words nobody writes will not be in the entries either: they only cost time.
    """
    if len(word) < MIN_LETTERS or not NOUN.fullmatch(word):
        return False
    if word.isupper():  # an abbreviation ("VHS"): its letters are no word to look up
        return True
    lower = word.lower()
    return known_zipf(word, known) > 0 or bool(split_compound(lower, common=True))


def broader_of(head: str, sense_lines: list[list[str]], known: dict[str, float]) -> list[str]:
    """The broader terms of a head word's senses (single known nouns), at most once each."""
    found: dict[str, None] = {}
    for terms in sense_lines:
        parsed = [p for raw in terms if (p := parse_term(raw))]
        if not any(w.lower() == head and labels <= REGISTER for w, labels in parsed):
            continue
        for word, labels in parsed:
            if BROADER in labels and labels <= PLAIN | {BROADER} and is_known(word, known):
                found[word] = None
    return [word for word in found if word.lower() != head]


def ranked_broader(broader: dict[str, list[str]], known: dict[str, float]) -> dict[str, list[str]]:
    """Each word's broader terms without the general ones (`GENERAL_BROADER`), the rarest
    (most specific) first, at most `MAX_BROADER`."""
    heads: dict[str, int] = defaultdict(int)
    for terms in broader.values():
        for term in terms:
            heads[term] += 1
    ranked = {}
    for head, terms in broader.items():
        kept = [t for t in terms if heads[t] < GENERAL_BROADER]
        kept.sort(key=lambda t: (known_zipf(t, known), t))
        if kept:
            ranked[head] = kept[:MAX_BROADER]
    return ranked


def write_table(path: Path, title: str, version: str, table: dict[str, list[str]]) -> None:
    """`word<TAB>term|term` lines, sorted, gzipped without a time stamp (reproducible)."""
    rows = sorted(f"{word}\t{'|'.join(terms)}\n" for word, terms in table.items())
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        header = f"# {title} from OpenThesaurus (LGPL), Debian mythes-de {version};"
        packed.write(f"{header} see de_thesaurus.NOTICE\n".encode())
        packed.writelines(row.encode() for row in rows)
    print(f"{len(rows)} words → {path}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="th_de_DE_v2.dat from Debian's mythes-de")
    parser.add_argument("--version", required=True, help="the mythes-de package version")
    parser.add_argument(
        "--broader-only", action="store_true", help="write only the broader terms' file"
    )
    args = parser.parse_args(argv)
    known = read_lexicon(LEXICON)
    synonyms: dict[str, list[str]] = {}
    broader: dict[str, list[str]] = {}
    for head, sense_lines in read_senses(args.source).items():
        # Head words too: a word typed in a query that is no known noun gets no synonyms.
        if " " in head or not is_known(head[:1].upper() + head[1:], known):
            continue
        if found := synonyms_of(head, sense_lines, known):
            synonyms[head] = found
        if found := broader_of(head, sense_lines, known):
            broader[head] = found
    if not args.broader_only:
        write_table(TARGET, "German synonyms", args.version, synonyms)
    write_table(
        BROADER_TARGET,
        "Broader terms of German nouns",
        args.version,
        ranked_broader(broader, known),
    )
    NOTICE.write_text(notice(args.version), encoding="utf-8")


def notice(version: str) -> str:
    return f"""de_thesaurus.tsv.gz, de_broader.tsv.gz — German synonyms and broader terms
derived from OpenThesaurus

Source:   OpenThesaurus (https://www.openthesaurus.de), Copyright (C) Daniel Naber and
          the OpenThesaurus contributors, as packaged by Debian: mythes-de {version}
          (file /usr/share/mythes/th_de_DE_v2.dat, source package "openthesaurus").
Licence:  GNU Lesser General Public License (LGPL). Debian's copyright file
          (/usr/share/doc/mythes-de/copyright) says "LGPL" and points to
          /usr/share/common-licenses/LGPL for the full text; OpenThesaurus' own office
          release states LGPL version 2.1 or (at your option) any later version, whose
          text Debian ships as /usr/share/common-licenses/LGPL-2.1 and the FSF publishes at
          https://www.gnu.org/licenses/old-licenses/lgpl-2.1.html
Changes:  filtered and reduced by scripts/build_thesaurus.py (single nouns only; special
          readings, colloquial, regional, dated and vulgar terms removed; at most
          {MAX_SYNONYMS} synonyms per word; the terms marked "Oberbegriff" in a separate
          file, without those of {GENERAL_BROADER} words or more, at most {MAX_BROADER} per
          word). Regenerate the files from the source with that script; the derived data
          stays under the LGPL.
"""


if __name__ == "__main__":
    main()
