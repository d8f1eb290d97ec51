"""Regenerate `indexer/data/de_lexicon.tsv.gz`, the German word list for decompounding.

The list comes from wordfreq (code Apache-2.0, data CC-BY-SA 4.0): every lower-case German
word with a Zipf frequency of at least 2.5, with that frequency. Run it only to refresh the
shipped file: `pip install wordfreq && python scripts/build_lexicon.py`.
"""

from __future__ import annotations

import gzip
import math
import re
from pathlib import Path

from wordfreq import get_frequency_dict

MIN_ZIPF = 2.5
TARGET = Path(__file__).resolve().parents[1] / "indexer" / "data" / "de_lexicon.tsv.gz"


def main() -> None:
    frequencies = get_frequency_dict("de", wordlist="best")
    rows = []
    for word, frequency in frequencies.items():
        zipf = math.log10(frequency * 1e9)
        if zipf >= MIN_ZIPF and re.fullmatch(r"[a-zäöüßé]{3,}", word):
            rows.append(f"{word}\t{zipf:.2f}\n")
    rows.sort()
    with gzip.open(TARGET, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write("# German words with Zipf frequency (from wordfreq, data CC-BY-SA 4.0)\n")
        handle.writelines(rows)
    print(f"{len(rows)} words → {TARGET}")


if __name__ == "__main__":
    main()
