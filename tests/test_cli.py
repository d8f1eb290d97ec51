"""The command line, run in-process with click's CliRunner."""

from __future__ import annotations

import importlib
import json
import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from indexer import click_german
from indexer.cli import cli
from indexer.storage import read_pointer

SHIPPED_KB = Path(__file__).resolve().parents[1] / "kb"
GUNDELSHEIM = "regionalkonferenz-gundelsheim-2018-integration-durch-arbeit"
JSON_KEYS = {"query", "total", "page", "page_size", "hits", "facets", "suggestion"}


def invoke(*args: str | Path, exit_code: int = 0) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == exit_code, result.output
    return result


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the shipped knowledge base, built by the CLI."""
    index_dir = tmp_path_factory.mktemp("index")
    result = invoke("build", "--kb", SHIPPED_KB, "--index", index_dir)
    assert "Neuaufbau: 8 Einträge im Index (8 neu" in result.output
    return index_dir


def search(index_dir: Path, *args: str, exit_code: int = 0) -> Result:
    return invoke("search", "--kb", SHIPPED_KB, "--index", index_dir, *args, exit_code=exit_code)


def search_json(index_dir: Path, *args: str) -> dict:
    result = search(index_dir, *args, "--json")
    return json.loads(result.stdout)  # exactly one JSON document, nothing else on stdout


def text_years(output: str) -> list[int]:
    """The years from the detail line of each hit in text output."""
    return [int(y) for y in re.findall(r"^ {5}\S.* · (\d{4}) · ", output, flags=re.MULTILINE)]


def text_slugs(output: str) -> list[str]:
    return re.findall(r"^ {5}\[([a-z0-9-]+)\]$", output, flags=re.MULTILINE)


# -- build and validate ----------------------------------------------------------------


def test_build_twice_updates_incrementally(tmp_path: Path) -> None:
    first = invoke("build", "--kb", SHIPPED_KB, "--index", tmp_path / "ix")
    assert first.output.startswith("Neuaufbau: 8 Einträge im Index")
    assert re.search(r"übersprungen\) in \d+,\d s\.$", first.output.strip())  # German comma
    second = invoke("build", "--kb", SHIPPED_KB, "--index", tmp_path / "ix")
    assert "Aktualisierung: 8 Einträge im Index (0 neu, 0 geändert, 0 entfernt, 8 unverändert" in (
        second.output
    )
    full = invoke("build", "--full", "--kb", SHIPPED_KB, "--index", tmp_path / "ix")
    assert full.output.startswith("Neuaufbau: 8 Einträge")


def test_build_reports_a_broken_entry_and_indexes_the_rest(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KB, kb)
    (kb / "entries" / "kaputt.md").write_text("---\ntitle: [\n---\nText\n", encoding="utf-8")
    result = invoke("build", "--kb", kb, "--index", tmp_path / "ix")
    assert "entries/kaputt.md:2: Fehler: Die Kopfdaten sind kein gültiges YAML" in result.stderr
    assert "8 Einträge im Index" in result.stdout
    assert "1 übersprungen" in result.stdout


def test_build_with_missing_taxonomy_fails_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "kb" / "entries").mkdir(parents=True)
    result = invoke("build", "--kb", tmp_path / "kb", "--index", tmp_path / "ix", exit_code=1)
    assert "Die Taxonomie-Datei fehlt" in result.output


def test_validate_shipped_kb() -> None:
    result = invoke("validate", "--kb", SHIPPED_KB)
    assert "8 Dateien geprüft: 8 gültig, 0 Fehler, 0 Warnungen." in result.output


def line_of(path: Path, line: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(line) + 1


def test_validate_broken_entry_exits_1_and_names_file_and_line(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KB, kb)
    source = (kb / "entries" / "lerninsel-tiefenbronn.md").read_text(encoding="utf-8")
    broken = kb / "entries" / "lerninsel-kopie.md"
    broken.write_text(source.replace("year: 2019", 'year: "2019"', 1), encoding="utf-8")
    line = line_of(broken, 'year: "2019"')
    result = invoke("validate", "--kb", kb, exit_code=1)
    assert f"entries/lerninsel-kopie.md:{line}: Fehler: Das Jahr muss eine Zahl" in result.stderr
    assert "9 Dateien geprüft: 8 gültig, 1 Fehler, 0 Warnungen." in result.stdout


@pytest.mark.parametrize(("strict", "exit_code"), [(False, 0), (True, 1)])
def test_validate_warnings_fail_only_with_strict(
    tmp_path: Path, strict: bool, exit_code: int
) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KB, kb)
    path = kb / "entries" / "lerninsel-tiefenbronn.md"
    path.write_text(path.read_text(encoding="utf-8").replace("district: Enzkreis", "district: X"))
    args = ["validate", "--kb", kb] + (["--strict"] if strict else [])
    result = invoke(*args, exit_code=exit_code)
    line = line_of(path, "district: X")
    assert f"entries/lerninsel-tiefenbronn.md:{line}: Warnung: Der Kreis „X“" in result.stderr


# -- search ----------------------------------------------------------------------------


def test_search_json_is_one_object_with_the_documented_keys(index_dir: Path) -> None:
    data = search_json(index_dir, "Arbeit")
    assert set(data) >= JSON_KEYS
    assert data["query"] == "Arbeit"
    assert (data["page"], data["page_size"]) == (1, 10)
    assert data["total"] == len(data["hits"]) >= 1
    assert GUNDELSHEIM in [hit["slug"] for hit in data["hits"]]
    assert data["facets"]["themes"]["Arbeit"] >= 1
    assert set(data["hits"][0]) == {"slug", "title", "score", "snippet", "fields", "attachments"}
    assert data["hits"][0]["attachments"] == []  # the shipped entries have no documents
    # the line the text output shows before weak matches, also for JSON clients
    weak = search_json(index_dir, "Lerninsel")
    assert weak["relaxed"] and weak["relaxed_notice"].startswith(f"{weak['exact_total']} Beispiel")
    assert "verwandte Beispiele" in weak["relaxed_notice"]
    assert (data["relaxed_notice"] == "") == (not data["relaxed"])


def test_search_text_output(index_dir: Path) -> None:
    output = search(index_dir, "Arbeit").stdout
    assert re.match(r"\d+ Beispiele? gefunden für „Arbeit“ \(Seite 1 von 1\)", output)
    assert GUNDELSHEIM in text_slugs(output)
    assert "Regionalkonferenz Gundelsheim 2018: Integration durch Arbeit" in output
    assert re.search(r"^Themen: .*Arbeit \(1\)", output, flags=re.MULTILINE)
    assert "<mark>" not in output


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_search_with_two_filters(index_dir: Path, as_json: bool) -> None:
    args = ["--filter", "themes=Arbeit", "--filter", "district=Landkreis Heilbronn"]
    if as_json:
        data = search_json(index_dir, *args)
        assert [hit["slug"] for hit in data["hits"]] == [GUNDELSHEIM]
        assert data["facets"]["district"]["Landkreis Heilbronn"] == 1
    else:
        output = search(index_dir, *args).stdout
        assert output.startswith("1 Beispiel gefunden (Seite 1 von 1)")
        assert text_slugs(output) == [GUNDELSHEIM]


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_search_filter_values_of_one_field_are_or(index_dir: Path, as_json: bool) -> None:
    args = ["--filter", "district=Enzkreis", "--filter", "district=Landkreis Heilbronn"]
    if as_json:
        data = search_json(index_dir, *args)
        assert {hit["slug"] for hit in data["hits"]} == {GUNDELSHEIM, "lerninsel-tiefenbronn"}
    else:
        assert set(text_slugs(search(index_dir, *args).stdout)) == {
            GUNDELSHEIM,
            "lerninsel-tiefenbronn",
        }


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_search_year_range(index_dir: Path, as_json: bool) -> None:
    args = ["--year-from", "2018", "--year-to", "2018"]
    if as_json:
        data = search_json(index_dir, *args)
        assert data["total"] == 2
        assert {hit["fields"]["year"] for hit in data["hits"]} == {2018}
    else:
        output = search(index_dir, *args).stdout
        assert output.startswith("2 Beispiele gefunden")
        assert text_years(output) == [2018, 2018]


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_search_sort_by_year(index_dir: Path, as_json: bool) -> None:
    args = ["Integration", "--sort", "year", "--page-size", "20"]
    if as_json:
        years = [hit["fields"]["year"] for hit in search_json(index_dir, *args)["hits"]]
    else:
        years = text_years(search(index_dir, *args).stdout)
    assert len(set(years)) == 2
    assert years == sorted(years, reverse=True)


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_search_pages(index_dir: Path, as_json: bool) -> None:
    pages = []
    for page in ("1", "2", "3"):
        args = ["--page", page, "--page-size", "3"]
        if as_json:
            data = search_json(index_dir, *args)
            assert (data["page"], data["total"]) == (int(page), 8)
            pages.append([hit["slug"] for hit in data["hits"]])
        else:
            output = search(index_dir, *args).stdout
            assert output.startswith(f"8 Beispiele gefunden (Seite {page} von 3)")
            pages.append(text_slugs(output))
    assert [len(p) for p in pages] == [3, 3, 2]
    assert len({slug for p in pages for slug in p}) == 8


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--filter", "foo"], "hat nicht die Form FELD=WERT"),
        (["--filter", "themes="], "hat nicht die Form FELD=WERT"),
        (["--filter", "foo=bar"], "Unbekanntes Filterfeld „foo“"),
        (["--sort", "title"], "title"),
        (["--page", "0"], "--page"),
    ],
)
def test_search_bad_options_fail_with_a_message(
    index_dir: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(
        cli, ["search", "Arbeit", "--kb", str(SHIPPED_KB), "--index", str(index_dir), *args]
    )
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_search_suggests_a_spelling(index_dir: Path) -> None:
    assert "Meinten Sie: Integration?" in search(index_dir, "Integrazion").stdout
    assert search_json(index_dir, "Integrazion")["suggestion"] == "Integration"


def test_search_on_a_missing_index_builds_it_first(tmp_path: Path) -> None:
    index_dir = tmp_path / "noch-nicht-da"
    result = search(index_dir, "Arbeit", "--json")
    assert "Noch kein Index vorhanden" in result.stderr
    assert GUNDELSHEIM in [hit["slug"] for hit in json.loads(result.stdout)["hits"]]
    assert read_pointer(index_dir) is not None


def test_directories_from_the_environment(index_dir: Path) -> None:
    env = {"PRAXISFINDER_KB": str(SHIPPED_KB), "PRAXISFINDER_INDEX": str(index_dir)}
    result = CliRunner().invoke(cli, ["search", "Arbeit", "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"] >= 1


# -- stats -----------------------------------------------------------------------------


def test_stats_text(index_dir: Path) -> None:
    output = invoke("stats", "--kb", SHIPPED_KB, "--index", index_dir).stdout
    assert re.match(r"8 Einträge \(8 veröffentlicht, 0 Entwürfe\); Index \d+,\d MB", output)
    assert "Themen: Ehrenamt (6)" in output
    assert "Jahr: 2019 (6), 2018 (2)" in output


def test_stats_json(index_dir: Path) -> None:
    result = invoke("stats", "--json", "--kb", SHIPPED_KB, "--index", index_dir)
    data = json.loads(result.stdout)
    assert (data["entries"], data["published"], data["drafts"]) == (8, 8, 0)
    assert data["index_bytes"] > 0
    assert data["facets"]["year"] == {"2019": 6, "2018": 2}
    assert sum(data["facets"]["type"].values()) == 8


# -- Click's own texts in German -------------------------------------------------------------

CLICK_ENGLISH = re.compile(
    r"Usage:|Options:|Commands:|Show this message|Error:|Try '|No such|Missing|Invalid|"
    r"\[OPTIONS\]|COMMAND|INTEGER|unexpected|is not one of"
)


def _commands(command: click.Command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            found += _commands(sub, (*path, name))
    return found


def test_every_help_page_is_german() -> None:
    paths = _commands(cli)
    assert len(paths) > 12  # the group, its commands, the users subcommands
    for path in paths:
        result = CliRunner().invoke(cli, [*path, "--help"], prog_name="python -m indexer")
        assert result.exit_code == 0, path
        assert "Aufruf:" in result.output and "Optionen:" in result.output, path
        assert not CLICK_ENGLISH.search(result.output), (path, result.output)


@pytest.mark.parametrize(
    ("args", "german"),
    [
        (["gibtsnicht"], "Unbekannter Befehl 'gibtsnicht'."),
        (["search", "--sort", "x"], "Ungültiger Wert für '--sort': 'x' ist keiner dieser Werte"),
        (["search", "a", "b"], "Unerwartetes zusätzliches Argument (b)"),
        (["search", "--page", "0"], "Ungültiger Wert für '--page': 0 liegt nicht im Bereich"),
        (["search", "--year-from", "x"], "'x' ist keine gültige Zahl."),
        (["search", "--page"], "Die Option '--page' braucht einen Wert."),
        (["eval"], "Es fehlt ein Argument 'ANFRAGEN.yaml'."),
        (["eval", "/gibt/es/nicht.yaml"], "Datei '/gibt/es/nicht.yaml' gibt es nicht."),
        (["users", "add"], "Es fehlt ein Argument 'NAME'."),
    ],
)
def test_usage_errors_are_german(args: list[str], german: str) -> None:
    result = CliRunner().invoke(cli, args, prog_name="python -m indexer")
    assert result.exit_code == 2
    assert german in result.output and "Fehler: " in result.output, result.output
    assert not CLICK_ENGLISH.search(result.output), result.output


def test_every_german_click_text_is_one_click_still_has() -> None:
    # After a Click upgrade that rewords a message, it would print English again.
    source = "".join(
        Path(importlib.import_module(f"click.{name}").__file__).read_text(encoding="utf-8")
        for name in click_german.MODULES
    )
    literals = [*click_german.TEXTS, *(text for pair in click_german.PLURALS for text in pair)]
    missing = [text for text in literals if repr(text)[1:-1] not in source and text not in source]
    assert missing == []
