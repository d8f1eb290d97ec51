"""Regenerate `indexer/data/bw_municipalities.tsv.gz`: the 1,101 municipalities of
Baden-Württemberg with their official municipality key (AGS) and district, from the annex of the
federal ordinance MietNEinV (Verordnung zur Einstufung der Gemeinden in eine
Mietniveaustufe, BGBl. I 2021 S. 3739), an official work and so in the public domain
(§ 5 Abs. 1 UrhG); read from its Markdown text in github.com/bundestag/gesetze.

Run it only to refresh the shipped file (needs network, or a local copy of the text):
`python scripts/build_places.py [PATH_OR_URL]`.
"""

from __future__ import annotations

import gzip
import re
import sys
import urllib.request
from pathlib import Path

SOURCE = "https://raw.githubusercontent.com/bundestag/gesetze/master/m/mietneinv/index.md"
OUT = Path(__file__).resolve().parents[1] / "indexer" / "data" / "bw_municipalities.tsv.gz"
STATE_KEY = "08"  # Baden-Württemberg's first two AGS digits
# The district of each district key (the AGS's first five digits), as kb/taxonomy.yaml
# names it: the ordinance lists municipalities only (by hand: 44 official keys).
DISTRICTS = {
    "08111": "Stuttgart", "08115": "Landkreis Böblingen", "08116": "Landkreis Esslingen",
    "08117": "Landkreis Göppingen", "08118": "Landkreis Ludwigsburg", "08119": "Rems-Murr-Kreis",
    "08121": "Heilbronn", "08125": "Landkreis Heilbronn", "08126": "Hohenlohekreis",
    "08127": "Landkreis Schwäbisch Hall", "08128": "Main-Tauber-Kreis",
    "08135": "Landkreis Heidenheim", "08136": "Ostalbkreis", "08211": "Baden-Baden",
    "08212": "Karlsruhe", "08215": "Landkreis Karlsruhe", "08216": "Landkreis Rastatt",
    "08221": "Heidelberg", "08222": "Mannheim", "08225": "Neckar-Odenwald-Kreis",
    "08226": "Rhein-Neckar-Kreis", "08231": "Pforzheim", "08235": "Landkreis Calw",
    "08236": "Enzkreis", "08237": "Landkreis Freudenstadt", "08311": "Freiburg im Breisgau",
    "08315": "Breisgau-Hochschwarzwald", "08316": "Landkreis Emmendingen",
    "08317": "Ortenaukreis", "08325": "Landkreis Rottweil", "08326": "Schwarzwald-Baar-Kreis",
    "08327": "Landkreis Tuttlingen", "08335": "Landkreis Konstanz", "08336": "Landkreis Lörrach",
    "08337": "Landkreis Waldshut", "08415": "Landkreis Reutlingen", "08416": "Landkreis Tübingen",
    "08417": "Zollernalbkreis", "08421": "Ulm", "08425": "Alb-Donau-Kreis",
    "08426": "Landkreis Biberach", "08435": "Bodenseekreis", "08436": "Landkreis Ravensburg",
    "08437": "Landkreis Sigmaringen",
}  # fmt: skip
# One row of the annex: "*    *   <no.>", then the name (it may wrap), the AGS, the level.
ROW = re.compile(r"\*\s+\*\s+\d+\s*\n\s*\*\s+(.+?)\n\s*\*\s+(\d{8})\s*\n", re.S)


def municipalities(text: str) -> list[tuple[str, str]]:
    """(name, AGS) of the state's municipalities, as the annex names them without the
    ", Stadt" it adds to towns ("Aalen, Stadt" → "Aalen"), lines that wrap joined."""
    found = []
    for raw, key in ROW.findall(text):
        if not key.startswith(STATE_KEY):
            continue
        name = re.sub(r"-\s+", "-", re.sub(r"\s+", " ", raw)).strip()
        found.append((re.sub(r",\s*[^,]*(?:stadt|kreis)$", "", name, flags=re.I), key))
    return found


def main() -> None:
    where = sys.argv[1] if len(sys.argv) > 1 else SOURCE
    if where.startswith("https://"):
        with urllib.request.urlopen(where, timeout=60) as response:  # noqa: S310 - fixed URL
            text = response.read().decode("utf-8")
    else:
        text = Path(where).read_text(encoding="utf-8")
    rows = municipalities(text)
    header = (
        "# Municipalities of Baden-Württemberg, their AGS and district, from the annex of the\n"
        "# MietNEinV"
        " (BGBl. I 2021 S. 3739; an official work, public domain). See bw_municipalities.NOTICE.\n"
    )
    body = "".join(
        f"{name}\t{key}\t{DISTRICTS[key[:5]]}\n" for name, key in sorted(rows, key=lambda r: r[1])
    )
    # mtime=0: the same data gives the same bytes
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        packed.write((header + body).encode("utf-8"))
    print(f"{len(rows)} municipalities → {OUT}")


if __name__ == "__main__":
    main()
