"""Compound splitting measured against a gold list derived from German Wiktionary.

Gold list: made here, at run time, from the `german-nouns` package (Wiktionary data,
CC BY-SA 4.0; nothing of it is shipped). A noun is a compound when a later part of it is
itself a noun whose whole paradigm it inherits, with the same gender ("Kindergärten" =
"Kinder" + "Gärten", "Straßenfeste" = "Straßen" + "Feste"), and what comes before is a
known word, possibly with a linking element (-s-, -n-, -er-, …) or as a verb stem (a
lemma in Wiktionary's noun list or simplemma's tables). The longest such head gives the
main split; modifier and head are split the same way, recursively. A noun with no such
head anywhere ("Verein", "Bäumchen", "Freiheit") is a non-compound. Only words with a
wordfreq Zipf frequency of at least `--min-zipf` are kept, so the list is real
vocabulary, and a fixed sample of each kind is drawn.

A split counts as correct when it includes the main split and every split it makes is
one of the gold list's (a splitter may stop at "Kinder|krankenhaus" or go on to
"Kinder|kranken|haus"). Precision = correct / compounds split, recall = correct /
compounds, false splits = non-compounds split / non-compounds.

Splitters: ours in the index mode (common words such as "Arbeitsplatz" stay whole) and
in the relaxed mode (`common=True`); with `--against REV`, ours at a git revision; HanTa
(LGPL, `pip install HanTa`, bench only) if installed. `compound-split` (GPL-3.0, a ~185 MB
download) is not run.

    pip install german-nouns wordfreq simplemma HanTa
    python bench/compound_split_eval.py [--sample 3000] [--against HEAD] [--show 10]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CASES = ("nominativ", "genitiv", "dativ", "akkusativ")
NUMBERS = ("singular", "plural")
LINKS = ("s", "es", "n", "en", "er", "e", "ns", "ens")
MIN_HEAD = 3
MIN_CELLS = 4  # paradigm cells compared: enough that a chance match is unlikely
HEAD_ZIPF = 2.0  # a head is a word people know
SUFFIXES = frozenset({"chen", "chens", "lein", "leins"})  # diminutives are no heads

Splitter = Callable[[str], tuple[int, ...]]


def load_nouns() -> dict[str, list[tuple[frozenset[str], ...]]]:
    """Lower-case noun → its paradigms (cells of lower-case forms; homonyms have several)."""
    import german_nouns

    path = Path(next(iter(german_nouns.__path__))) / "nouns.csv"
    nouns: dict[str, list[tuple[frozenset[str], ...]]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lemma = row["lemma"]
            if not lemma.isalpha() or not lemma[:1].isupper() or "Substantiv" not in row["pos"]:
                continue
            cells = tuple(
                frozenset(
                    form.lower()
                    for key in (f"{case} {number}", f"{case} {number}*")
                    if (form := row.get(key, "")) and form.isalpha()
                )
                for case in CASES
                for number in NUMBERS
            )
            nouns[lemma.lower()].append(cells)
    return nouns


def simplemma_words() -> tuple[frozenset[str], frozenset[str]]:
    """(lower-case lemmas of every word class, lower-case forms of nouns) from simplemma."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    lemmas, noun_forms = set(), set()
    for form, lemma in DefaultDictionaryFactory().get_dictionary("de").items():
        if lemma.isalpha():
            lemmas.add(lemma.lower())
            if lemma[:1].isupper() and form.isalpha():
                noun_forms.add(form.lower())
    return frozenset(lemmas), frozenset(noun_forms)


# Verb particles and prepositions: "Auf|trag", "Vor|stand" are nominalised particle
# verbs rather than compounds; words whose first part is one are left out of both lists.
PARTICLES = frozenset(
    {"ab", "an", "auf", "aus", "bei", "da", "dar", "durch", "ein", "empor", "entgegen",
     "fort", "gegen", "gegenüber", "her", "herab", "heran", "heraus", "herein", "herum",
     "herunter", "hervor", "hin", "hinab", "hinauf", "hinaus", "hinein", "hinter",
     "hinunter", "inner", "mit", "nach", "neben", "nieder", "ob", "ober", "über", "um",
     "unter", "vor", "voran", "voraus", "vorbei", "vorüber", "weg", "weiter", "wider",
     "wieder", "zu", "zurück", "zusammen", "zwischen", "außer"}
)  # fmt: skip

# Derivational prefixes: "Ge|brauch", "Ver|handlung", "Ur|laub" are no compounds.
PREFIXES = frozenset({"be", "emp", "ent", "er", "ge", "miss", "miß", "un", "ur", "ver", "zer"})
COMPOUND, DERIVED, UNSURE, SIMPLEX = "compound", "derived", "unsure", "simplex"


class Gold:
    """Compound splits derived from paradigm inheritance (see the module docstring)."""

    def __init__(
        self,
        nouns: dict,
        lemmas: frozenset[str],
        noun_forms: frozenset[str],
        zipf: Callable[[str], float],
    ):
        self.nouns = nouns
        self.zipf = zipf
        self.noun_forms = noun_forms
        self.lemmas_of: dict[str, set[str]] = defaultdict(set)  # form → noun lemmas
        for lemma, paradigms in nouns.items():
            for cells in paradigms:
                for cell in cells:
                    for form in cell:
                        self.lemmas_of[form].add(lemma)
        # A first part may be a lemma or a noun form ("Bücher|regal", "Gänse|haut").
        self.known = lemmas | frozenset(nouns) | noun_forms | frozenset(self.lemmas_of)

    def inherits(self, word: str, start: int) -> bool:
        """Does `word` decline like a noun it ends in, with `word[:start]` in front?"""
        prefix = word[:start]
        for head in self.lemmas_of.get(word[start:], ()):
            if self.zipf(head) < HEAD_ZIPF:  # "Kinder|tag", not "Kind|ertag" (a dialect word)
                continue
            for cells in self.nouns.get(word, ()):
                for head_cells in self.nouns[head]:
                    compared = 0
                    for own, inherited in zip(cells, head_cells, strict=True):
                        if own and inherited:
                            if not own & {prefix + form for form in inherited}:
                                break
                            compared += 1
                    else:
                        if compared >= MIN_CELLS:
                            return True
        return False

    def modifier_core(self, modifier: str, as_written: bool = False) -> str | None:
        """The known word a first part stands for: as written, without a linking element,
        or (unless `as_written`) with an elided "-e" or as a verb stem."""
        candidates = [modifier]
        candidates += [modifier[: -len(link)] for link in LINKS if modifier.endswith(link)]
        endings = ("",) if as_written else ("", "e", "en", "n")
        for core in candidates:
            if len(core) >= 3 and any(core + ending in self.known for ending in endings):
                return core
        return None

    def _particle(self, modifier: str) -> bool:
        return modifier in PARTICLES or any(
            modifier.endswith(link) and modifier[: -len(link)] in PARTICLES for link in LINKS
        )

    def heads(self, word: str) -> list[int]:
        """Start offsets of the tails the word inherits its paradigm from, longest first."""
        return [
            start
            for start in range(2, len(word) - MIN_HEAD + 1)
            if word[start:] in self.lemmas_of
            and word[start:] not in SUFFIXES
            and self.inherits(word, start)
        ]

    def _main_split(self, word: str, heads: list[int]) -> tuple[int, str]:
        """(start of the head, modifier's core), or (-1, DERIVED or UNSURE).

        After a prefix ("Ge|brauch", "Er|satzteil") a shorter head wins only when what
        precedes it is a word as written ("Ersatz|teil", but not "Geb|rauch").
        """
        first = word[: heads[0]]
        if self._particle(first):
            return -1, UNSURE
        if core := self.modifier_core(first):
            return heads[0], core
        strict = first in PREFIXES
        for start in heads[1:]:
            if core := self.modifier_core(word[:start], as_written=strict):
                return start, core
        return -1, DERIVED if strict else UNSURE

    @cache  # noqa: B019 - one Gold per run
    def classify(self, word: str) -> tuple[str, frozenset[int]]:
        """(kind, all gold splits). The longest inherited head decides: after a known word
        it is a compound, after a prefix ("Ge|brauch", "Ver|handlung") a derivation."""
        heads = self.heads(word)
        if heads:
            start, core = self._main_split(word, heads)
            if start < 0:
                return (DERIVED if core == DERIVED else UNSURE), frozenset()
            splits = {start}
            kind, inner = self.classify(word[start:])
            if kind == COMPOUND:
                splits |= {start + s for s in inner}
            if core in self.nouns:
                kind, inner = self.classify(core)
                if kind == COMPOUND:
                    splits |= inner
            return COMPOUND, frozenset(splits)
        # No listed head. A compound whose head Wiktionary's noun list lacks
        # ("Beton|mischer") is no sure non-compound: left out.
        for start in range(3, len(word) - 3):
            modifier = word[:start]
            tail = word[start:]
            if (
                tail in self.noun_forms
                and tail not in SUFFIXES
                and self.modifier_core(modifier)
                and not self._particle(modifier)
            ):
                return UNSURE, frozenset()
        return SIMPLEX, frozenset()


def build_gold(min_zipf: float, sample: int, seed: int) -> tuple[dict, list[str]]:
    """(compound → its gold splits, non-compounds), a fixed random sample of each.

    Non-compounds are simple nouns and prefix derivations ("Gebrauch", "Urlaub"), the
    words a dictionary splitter is most tempted to take apart.
    """
    from wordfreq import zipf_frequency

    nouns = load_nouns()
    gold = Gold(nouns, *simplemma_words(), zipf=lambda word: zipf_frequency(word, "de"))
    compounds: dict[str, frozenset[int]] = {}
    simplex: list[str] = []
    for word in sorted(nouns):
        if len(word) < 5 or zipf_frequency(word, "de") < min_zipf:
            continue
        kind, splits = gold.classify(word)
        if kind == COMPOUND:
            compounds[word] = splits
        elif kind in (SIMPLEX, DERIVED):
            simplex.append(word)
    rng = random.Random(seed)
    chosen = sorted(rng.sample(sorted(compounds), min(sample, len(compounds))))
    return {w: compounds[w] for w in chosen}, sorted(rng.sample(simplex, min(sample, len(simplex))))


def offsets(word: str, parts: tuple[str, ...]) -> tuple[int, ...]:
    """Start offsets of the second and later parts in the word (linking elements skipped)."""
    found = []
    at = 0
    for index, part in enumerate(parts):
        position = word.find(part, at)
        if position < 0:
            position = word.find(part[:3], at)  # a part given in another spelling
        if position < 0:
            return ()
        if index:
            found.append(position)
        at = position + max(len(part), 1)
    return tuple(found)


def ours(module, common: bool) -> Splitter:
    def split(word: str) -> tuple[int, ...]:
        return offsets(word, module.split_compound(word, common=common))

    return split


def module_at(revision: str):  # noqa: ANN201
    """`indexer.german.compounds` as it was at a git revision (with its word list)."""
    folder = Path(tempfile.mkdtemp())
    for path in ("indexer/german/compounds.py", "indexer/data/de_lexicon.tsv.gz"):
        data = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{revision}:{path}"], capture_output=True, check=True
        ).stdout
        (folder / Path(path).name).write_bytes(data)
    spec = importlib.util.spec_from_file_location(f"compounds_{revision}", folder / "compounds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.LEXICON_FILE = folder / "de_lexicon.tsv.gz"
    return module


def hanta() -> Splitter | None:
    try:
        from HanTa import HanoverTagger
    except ImportError:
        return None
    tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
    content = ("NN", "NN_VAR", "NE", "VV", "ADJ", "ADJ_VAR", "ADV", "CARD", "VV_VAR")

    def split(word: str) -> tuple[int, ...]:
        _, morphemes, _ = tagger.analyze(word.capitalize(), taglevel=3)
        found, at, seen = [], 0, False
        for text, tag in morphemes:
            if tag in content and len(text) >= 2:
                if seen:
                    found.append(at)
                seen = True
            at += len(text)
        return tuple(found) if at == len(word) else ()

    return split


def evaluate(split: Splitter, compounds: dict, simplex: list[str]) -> dict[str, object]:
    correct, made, wrong, missed, false_splits = 0, 0, [], [], []
    split("kindergarten")  # load word lists and models before the clock starts
    started = time.perf_counter()
    for word, every in compounds.items():
        found = split(word)
        if not found:
            missed.append(word)
            continue
        made += 1
        if set(found) <= every:
            correct += 1
        else:
            wrong.append((word, found))
    for word in simplex:
        if split(word):
            false_splits.append((word, split(word)))
    elapsed = time.perf_counter() - started
    precision = correct / made if made else 0.0
    recall = correct / len(compounds)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "false": len(false_splits) / len(simplex),
        "us": elapsed / (len(compounds) + len(simplex)) * 1e6,
        "wrong": wrong,
        "missed": missed,
        "false_splits": false_splits,
    }


def show(word: str, found: tuple[int, ...]) -> str:
    cuts = [0, *found, len(word)]
    return "|".join(word[a:b] for a, b in zip(cuts, cuts[1:], strict=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=3000, help="words of each kind")
    parser.add_argument("--min-zipf", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--against", help="also run our splitter at this git revision")
    parser.add_argument("--show", type=int, default=0, help="examples of each error kind")
    args = parser.parse_args()

    from indexer.german import compounds as current

    started = time.perf_counter()
    compounds, simplex = build_gold(args.min_zipf, args.sample, args.seed)
    print(
        f"Gold list: {len(compounds)} compounds, {len(simplex)} non-compounds "
        f"(Zipf ≥ {args.min_zipf}, from german-nouns/Wiktionary; "
        f"built in {time.perf_counter() - started:.0f} s)\n"
    )
    splitters: list[tuple[str, Splitter]] = [
        ("Praxisfinder, index mode", ours(current, common=False)),
        ("Praxisfinder, relaxed mode (common=True)", ours(current, common=True)),
    ]
    if args.against:
        old = module_at(args.against)
        splitters += [
            (f"Praxisfinder at {args.against}, index mode", ours(old, common=False)),
            (f"Praxisfinder at {args.against}, relaxed mode", ours(old, common=True)),
        ]
    tagger = hanta()
    if tagger:
        splitters.append(("HanTa 1.x (LGPL, morphological analyser)", tagger))
    else:
        print("HanTa is not installed: `pip install HanTa` to compare with it.\n")
    print("| splitter | precision | recall | F1 | false splits of non-compounds | µs/word |")
    print("|---|---|---|---|---|---|")
    results = []
    for name, split in splitters:
        result = evaluate(split, compounds, simplex)
        results.append((name, result))
        print(
            f"| {name} | {result['precision']:.3f} | {result['recall']:.3f} | "
            f"{result['f1']:.3f} | {result['false']:.1%} | {result['us']:.0f} |"
        )
    for name, result in results[: args.show and len(results)]:
        print(f"\n{name}:")
        print("  wrong:  ", ", ".join(show(w, f) for w, f in result["wrong"][: args.show]))
        print("  missed: ", ", ".join(result["missed"][: args.show]))
        print("  false:  ", ", ".join(show(w, f) for w, f in result["false_splits"][: args.show]))


if __name__ == "__main__":
    main()
