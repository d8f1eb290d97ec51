"""How much a word says about what a text is about, from its frequency in German at large.

A knowledge base of a few hundred entries estimates idf badly for words outside its
topic: "neben", "bringen" or "aktiv" occur in two entries and look as specific as
"Schichtdienst", so in "Deutsch lernen neben der Arbeit im Schichtdienst" an entry that
says "neben" outranks the one about shift work. General-language frequency (wordfreq's
Zipf scale in `indexer/data/de_lexicon.tsv.gz`) tells them apart: everyday words weigh
less, rare ones fully.
"""

from __future__ import annotations

from indexer.german.compounds import fold_sharp_s, lexicon

COMMON_ZIPF = 4.0  # up to here (about 10 per million words) a word counts fully
EVERYDAY_ZIPF = 6.5  # "werden", "wie": from here on a word counts MIN_WEIGHT
MIN_WEIGHT = 0.25


def word_weight(word: str) -> float:
    """MIN_WEIGHT…1 for a lower-case word: 1 for rare and unknown words (compounds, names,
    typos), less for everyday ones (linear in Zipf from COMMON_ZIPF to EVERYDAY_ZIPF)."""
    zipf = lexicon().get(fold_sharp_s(word))
    if zipf is None or zipf <= COMMON_ZIPF:
        return 1.0
    share = (zipf - COMMON_ZIPF) / (EVERYDAY_ZIPF - COMMON_ZIPF)
    return max(MIN_WEIGHT, 1.0 - (1.0 - MIN_WEIGHT) * share)
