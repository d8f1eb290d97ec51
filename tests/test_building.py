"""Building the index: incremental updates, atomic full rebuilds, one builder at a time."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from indexer import building, file_stamps, sources, storage
from indexer.building import build_index
from indexer.searching import Index
from indexer.storage import IndexLockedError, read_pointer

SHIPPED_KB = Path(__file__).resolve().parents[1] / "kb"

ENTRY = """---
title: {title}
summary: Ein Beispiel aus der Gemeinde.
type: Praxisbeispiel
themes: [{theme}]
municipality: Ulm
district: Ulm
year: {year}
---

{body}
"""

ENTRIES = {
    "sprachcafe": ("Sprachcafé", "Sprache", 2019, "Gespräche über Gott und die Welt."),
    "jobpaten": ("Jobpaten", "Arbeit", 2017, "Paten üben Vorstellungsgespräche."),
    "lauftreff": ("Lauftreff", "Sport", 2021, "Gemeinsam laufen am Donauufer."),
    "kochabend": ("Kochabend", "Kultur", 2018, "Rezepte aus vielen Ländern."),
}


def entry(title: str, theme: str, year: int, body: str) -> str:
    return ENTRY.format(title=title, theme=theme, year=year, body=body)


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """A knowledge base of four valid entries."""
    kb = tmp_path / "kb"
    (kb / "entries").mkdir(parents=True)
    shutil.copy(SHIPPED_KB / "taxonomy.yaml", kb)
    for slug, values in ENTRIES.items():
        (kb / "entries" / f"{slug}.md").write_text(entry(*values), encoding="utf-8")
    return kb


@pytest.fixture
def index_dir(kb: Path, tmp_path: Path) -> Path:
    """An index built once from `kb`."""
    index_dir = tmp_path / "index"
    report = build_index(kb, index_dir)
    assert (report.mode, report.added, report.total) == ("full", 4, 4)
    return index_dir


def found(index_dir: Path, query: str) -> set[str]:
    """Entries with every word of the query (not the relaxed "some of the words" tail)."""
    result = Index(index_dir).search(query, page_size=100)
    return {hit.slug for hit in result.hits[: result.exact_total]}


def counts(report: building.BuildReport) -> tuple[str, int, int, int, int, int]:
    r = report
    return (r.mode, r.added, r.updated, r.deleted, r.unchanged, r.total)


# -- incremental updates ---------------------------------------------------------------


def test_editing_one_file_reindexes_only_that_file(kb: Path, index_dir: Path) -> None:
    assert found(index_dir, "Donauufer") == {"lauftreff"}
    (kb / "entries" / "lauftreff.md").write_text(
        entry("Lauftreff", "Sport", 2021, "Gemeinsam laufen im Stadtpark."), encoding="utf-8"
    )
    report = build_index(kb, index_dir)
    assert counts(report) == ("incremental", 0, 1, 0, 3, 4)
    assert found(index_dir, "Stadtpark") == {"lauftreff"}
    assert found(index_dir, "Donauufer") == set()


def test_adding_one_file(kb: Path, index_dir: Path) -> None:
    (kb / "entries" / "schachclub.md").write_text(
        entry("Schachclub", "Kultur", 2022, "Schach für alle Generationen."), encoding="utf-8"
    )
    report = build_index(kb, index_dir)
    assert counts(report) == ("incremental", 1, 0, 0, 4, 5)
    assert found(index_dir, "Schach") == {"schachclub"}
    assert Index(index_dir).search().total == 5


def test_deleting_one_file(kb: Path, index_dir: Path) -> None:
    (kb / "entries" / "jobpaten.md").unlink()
    report = build_index(kb, index_dir)
    assert counts(report) == ("incremental", 0, 0, 1, 3, 3)
    assert found(index_dir, "Vorstellungsgespräche") == set()
    assert Index(index_dir).get("jobpaten") is None
    assert "Arbeit" not in Index(index_dir).search().facets["themes"]


def test_moving_a_file_to_a_subfolder_updates_its_path(kb: Path, index_dir: Path) -> None:
    (kb / "entries" / "2021").mkdir()
    (kb / "entries" / "lauftreff.md").rename(kb / "entries" / "2021" / "lauftreff.md")
    report = build_index(kb, index_dir)
    assert counts(report) == ("incremental", 0, 1, 0, 3, 4)
    assert Index(index_dir).get("lauftreff").path == "entries/2021/lauftreff.md"


def test_unchanged_second_build_reads_no_entry(
    kb: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("read_entry must not be called for unchanged files")

    monkeypatch.setattr(building, "read_entry", fail)
    report = build_index(kb, index_dir)
    assert counts(report) == ("incremental", 0, 0, 0, 4, 4)
    assert report.problems == []


def test_touching_a_file_without_changing_it_is_unchanged(kb: Path, index_dir: Path) -> None:
    path = kb / "entries" / "kochabend.md"
    path.write_bytes(path.read_bytes())
    assert counts(build_index(kb, index_dir)) == ("incremental", 0, 0, 0, 4, 4)


def test_entry_that_becomes_invalid_leaves_the_index(kb: Path, index_dir: Path) -> None:
    (kb / "entries" / "kochabend.md").write_text(
        entry("Kochabend", "Kochen", 2018, "Rezepte aus vielen Ländern."), encoding="utf-8"
    )
    report = build_index(kb, index_dir)
    assert counts(report) == ("incremental", 0, 0, 1, 3, 3)
    (error,) = report.errors
    assert error.path == "entries/kochabend.md"
    assert error.line == 5
    assert "Unbekanntes Thema „Kochen“" in error.message
    assert found(index_dir, "Rezepte") == set()
    assert Index(index_dir).get("kochabend") is None


def test_invalid_entry_is_reported_on_every_build(kb: Path, index_dir: Path) -> None:
    (kb / "entries" / "kaputt.md").write_text("kein Eintrag", encoding="utf-8")
    for _ in range(2):
        report = build_index(kb, index_dir)
        assert [p.path for p in report.errors] == ["entries/kaputt.md"]
        assert report.total == 4


def test_taxonomy_change_triggers_a_full_build(kb: Path, index_dir: Path) -> None:
    with (kb / "taxonomy.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n# geändert\n")
    assert counts(build_index(kb, index_dir)) == ("full", 4, 0, 0, 0, 4)
    assert counts(build_index(kb, index_dir)) == ("incremental", 0, 0, 0, 4, 4)


def test_analysis_version_change_triggers_a_full_build(
    kb: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(building, "ANALYSIS_VERSION", "test-version")
    assert build_index(kb, index_dir).mode == "full"


def test_full_flag_rebuilds_everything(kb: Path, index_dir: Path) -> None:
    before = read_pointer(index_dir)
    assert counts(build_index(kb, index_dir, full=True)) == ("full", 4, 0, 0, 0, 4)
    assert read_pointer(index_dir) != before
    assert found(index_dir, "Donauufer") == {"lauftreff"}


def test_old_generations_are_removed(kb: Path, index_dir: Path) -> None:
    for _ in range(3):
        build_index(kb, index_dir, full=True)
    generations = sorted(p.name for p in index_dir.glob("gen-*"))
    assert len(generations) == 2  # the active one and the one before it
    assert read_pointer(index_dir).name in generations


# -- atomic full rebuild ---------------------------------------------------------------


def test_crash_during_full_rebuild_keeps_the_old_index(
    kb: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_generation = read_pointer(index_dir)
    opened_before = Index(index_dir)
    assert opened_before.search("Donauufer").total == 1
    (kb / "entries" / "lauftreff.md").write_text(
        entry("Lauftreff", "Sport", 2021, "Gemeinsam laufen im Stadtpark."), encoding="utf-8"
    )

    calls = []
    real_document_for = building.document_for

    class PowerCut(BaseException):
        """Stops the process like a signal: not a content problem, nothing catches it."""

    def crash_on_third(*args: object, **kwargs: object) -> dict:
        calls.append(1)
        if len(calls) == 3:
            raise PowerCut("Stromausfall")
        return real_document_for(*args, **kwargs)

    monkeypatch.setattr(building, "document_for", crash_on_third)
    with pytest.raises(PowerCut, match="Stromausfall"):
        build_index(kb, index_dir, full=True)
    assert len(calls) == 3

    assert read_pointer(index_dir) == old_generation
    assert list(index_dir.glob("gen-*.partial"))
    opened_after = Index(index_dir)
    for index in (opened_before, opened_after):
        assert {h.slug for h in index.search("Donauufer").hits} == {"lauftreff"}
        assert index.search("Stadtpark").total == 0
        assert index.search().total == 4

    monkeypatch.setattr(building, "document_for", real_document_for)
    report = build_index(kb, index_dir)
    assert report.updated == 1
    assert not list(index_dir.glob("*.partial"))
    assert opened_before.search("Stadtpark").total == 1


def test_build_lock_allows_one_builder(kb: Path, index_dir: Path) -> None:
    with storage.build_lock(index_dir), pytest.raises(IndexLockedError):
        build_index(kb, index_dir, lock_timeout=0.2)
    assert build_index(kb, index_dir, lock_timeout=0.2).mode == "incremental"


def test_first_build_creates_the_pointer(kb: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "neu"
    assert read_pointer(index_dir) is None
    build_index(kb, index_dir)
    generation = read_pointer(index_dir)
    assert generation is not None
    assert (index_dir / "CURRENT").read_text(encoding="utf-8").strip() == generation.name
    assert storage.read_meta(generation)["analysis"] == building.ANALYSIS_VERSION


def test_update_files_reindexes_only_the_given_files(kb: Path, index_dir: Path) -> None:
    """What a save in the app does: the same index as a full build, without reading all."""
    entries = kb / "entries"
    changed = sorted(entries.glob("*.md"))[0]
    changed.write_text(entry("Geändert", "Sport", 2022, "Ein Wort: Trampolin."), "utf-8")
    removed = sorted(entries.glob("*.md"))[1]
    removed.unlink()
    added = entries / "neu.md"
    added.write_text(entry("Neu", "Sport", 2023, "Noch ein Wort: Slackline."), "utf-8")
    broken = sorted(entries.glob("*.md"))[-1]
    broken.write_text("---\ntitle: [\n---\n", "utf-8")
    untouched = kb / "outside.md"
    untouched.write_text(entry("Draußen", "Sport", 2023, "Trampolin"), "utf-8")

    report = building.update_files(kb, index_dir, [changed, removed, added, broken, untouched])
    assert report.errors and report.errors[0].path.endswith(broken.name)
    index = Index(index_dir)
    by_update = {h.slug for h in index.search("", page_size=100).hits}
    assert found(index_dir, "Trampolin") == {changed.stem}
    assert found(index_dir, "Slackline") == {"neu"}

    fresh = build_index(kb, index_dir.parent / "fresh", full=True)
    assert fresh.total == len(by_update)
    rebuilt = {h.slug for h in Index(index_dir.parent / "fresh").search("", page_size=100).hits}
    assert by_update == rebuilt
    # A later incremental build finds nothing left to do: the checksums agree.
    again = build_index(kb, index_dir)
    assert again.added == again.updated == again.deleted == 0


# -- file stamps: unchanged files are not read again --------------------------------------


class Later:
    """`time` for `indexer.file_stamps` as seen a minute from now: the files the fixtures
    just wrote are then old enough for their stamps to be trusted."""

    @staticmethod
    def time_ns() -> int:
        return time.time_ns() + 60_000_000_000


def reads_during(monkeypatch: pytest.MonkeyPatch, build: Callable[[], object]) -> list[str]:
    read: list[str] = []
    original = sources.read_source

    def counting(path: Path, *args: object, **kwargs: object) -> bytes:
        read.append(path.name)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(sources, "read_source", counting)
    build()
    monkeypatch.undo()
    return sorted(read)


def test_a_scan_reads_only_files_whose_stamp_changed(
    kb: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_stamps, "time", Later)
    build_index(kb, index_dir)  # stamps taken "a minute later": trusted from now on
    assert reads_during(monkeypatch, lambda: build_index(kb, index_dir)) == []
    monkeypatch.setattr(file_stamps, "time", Later)
    path = kb / "entries" / "lauftreff.md"
    path.write_text(entry("Lauftreff", "Sport", 2021, "Laufen im Stadtpark."), encoding="utf-8")
    report = None

    def build() -> None:
        nonlocal report
        report = build_index(kb, index_dir)

    assert reads_during(monkeypatch, build) == ["lauftreff.md"]
    assert report is not None and counts(report) == ("incremental", 0, 1, 0, 3, 4)
    assert found(index_dir, "Stadtpark") == {"lauftreff"}


@pytest.mark.parametrize("cores", [1, 2])
def test_a_full_build_reads_each_file_once_and_stamps_it(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: int
) -> None:
    """Hashed where it is parsed, not read by the scan first; the stamps are the scan's."""
    from indexer import loading

    read: list[str] = []

    def counting(module: object) -> Callable[..., bytes]:
        original = module.read_source  # type: ignore[attr-defined]

        def read_source(path: Path, *args: object, **kwargs: object) -> bytes:
            read.append(path.name)
            return original(path, *args, **kwargs)

        return read_source

    monkeypatch.setattr(file_stamps, "time", Later)  # stamps trusted from now on
    with monkeypatch.context() as patch:
        for module in (sources, loading):
            patch.setattr(module, "read_source", counting(module))
        if cores == 2:
            patch.setattr(building, "PARALLEL_ENTRIES_FROM", 1)
            patch.setattr(building.os, "cpu_count", lambda: 2)
            patch.setattr(building, "_start_method", lambda: "fork")
        build_index(kb, tmp_path / "index", full=True)
    if cores == 1:  # forked workers count in their own memory
        assert sorted(read) == sorted(f"{slug}.md" for slug in ENTRIES)
    assert reads_during(monkeypatch, lambda: build_index(kb, tmp_path / "index")) == []


def test_same_size_and_modification_time_is_still_seen_as_a_change(
    kb: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_stamps, "time", Later)
    build_index(kb, index_dir)
    path = kb / "entries" / "kochabend.md"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Rezepte", "Speisen"), encoding="utf-8")  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the change time moves on
    assert path.stat().st_size == before.st_size
    report = build_index(kb, index_dir)
    assert counts(report) == ("incremental", 0, 1, 0, 3, 4)
    assert found(index_dir, "Speisen") == {"kochabend"}


def test_a_file_changed_right_before_the_scan_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "eintrag.md"
    path.write_text("eins", encoding="utf-8")
    info = path.stat()
    stamps = file_stamps.FileStamps({"eintrag.md": (file_stamps.stamp_of(info), "abc")})
    stamps.taken_ns = max(info.st_mtime_ns, info.st_ctime_ns) + 1  # same clock tick
    assert stamps.checksum("eintrag.md", info) is None
    stamps.taken_ns += file_stamps.RACY_NS
    assert stamps.checksum("eintrag.md", info) == "abc"
    assert stamps.checksum("anderer.md", info) is None


@pytest.mark.parametrize("content", ["", "{kaputt", '{"format": 1, "taken_ns": "x"}', "[]"])
def test_a_damaged_stamps_file_only_costs_reading_every_file(
    kb: Path, index_dir: Path, content: str
) -> None:
    generation = read_pointer(index_dir)
    assert generation is not None
    (generation / file_stamps.STAMPS_FILE).write_text(content, encoding="utf-8")
    path = kb / "entries" / "jobpaten.md"
    path.write_text(entry("Jobpaten", "Arbeit", 2017, "Paten üben Bewerbungen."), "utf-8")
    assert counts(build_index(kb, index_dir)) == ("incremental", 0, 1, 0, 3, 4)
    assert found(index_dir, "Bewerbungen") == {"jobpaten"}


def test_writing_a_segment_checks_each_column_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh asks for a field length per posting; for a field without lengths each ask
    used to check the file system again (`whoosh_writers`)."""
    from whoosh.filedb.filestore import FileStorage

    checks: list[str] = []
    original = FileStorage.file_exists

    def counting(self: FileStorage, name: str) -> bool:
        checks.append(name)
        return original(self, name)

    monkeypatch.setattr(FileStorage, "file_exists", counting)
    report = build_index(SHIPPED_KB, tmp_path / "index")
    monkeypatch.undo()
    assert report.added >= 8
    postings = 0
    with Index(tmp_path / "index").searcher() as searcher:
        reader = searcher.reader()
        for fieldname in reader.indexed_field_names():
            postings += sum(reader.doc_frequency(fieldname, t) for t in reader.lexicon(fieldname))
    assert postings > 2000
    assert len(checks) < postings / 10, (len(checks), postings)


def test_segments_are_plain_files_read_through_the_page_cache(kb: Path, index_dir: Path) -> None:
    """No compound segment file: a reader would hold an in-memory copy of each part."""
    (kb / "entries" / "neu.md").write_text(entry("Neu", "Sport", 2022, "Neu."), "utf-8")
    build_index(kb, index_dir)  # an incremental commit writes a second segment
    generation = read_pointer(index_dir)
    assert generation is not None
    names = [path.name for path in generation.iterdir()]
    assert [name for name in names if name.endswith(".seg")] == []
    assert len([name for name in names if name.endswith(".trm")]) >= 1


# -- full build on every core ----------------------------------------------------------


@pytest.fixture
def on_two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Full builds of the small test kb use forked worker processes, as large ones do
    in a process without threads."""
    monkeypatch.setattr(building, "PARALLEL_ENTRIES_FROM", 1)
    monkeypatch.setattr(building.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(building, "_start_method", lambda: "fork")


def index_content(index_dir: Path) -> tuple[list, list, list]:
    """Stored fields by document number, every term with its postings, field lengths."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(read_pointer(index_dir)))
    with ix.reader() as reader:
        stored = [reader.stored_fields(n) for n in range(reader.doc_count_all())]
        terms = [
            (field, term, list(reader.postings(field, term).items_as("weight")))
            for field, term in reader.all_terms()
        ]
        lengths = [
            (name, [reader.doc_field_length(n, name) for n in range(reader.doc_count_all())])
            for name in ix.schema.scorable_names()
        ]
    return stored, terms, lengths


def segment_sizes(index_dir: Path) -> list[int]:
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(read_pointer(index_dir)))
    with ix.reader() as reader:
        return [leaf.doc_count_all() for leaf, _ in reader.leaf_readers()]


@pytest.mark.parametrize("start_method", ["fork", "spawn"])  # spawn: in the app (threads)
def test_full_build_on_two_cores_indexes_the_same(
    kb: Path,
    index_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    on_two_cores: None,
    start_method: str,
) -> None:
    monkeypatch.setattr(building, "_start_method", lambda: start_method)
    parallel = tmp_path / "parallel"
    report = build_index(kb, parallel)
    assert counts(report) == ("full", 4, 0, 0, 0, 4)
    assert index_content(parallel) == index_content(index_dir)
    generation = read_pointer(parallel)
    assert generation is not None
    assert len(list(generation.glob("*.trm"))) == 2  # a segment per worker process
    for query in ("Donauufer", "Paten", "Sprache", "laufen Ufer"):
        assert found(parallel, query) == found(index_dir, query)


def test_shares_are_cut_by_text_whoever_read_the_files(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first worker reads two of the four files, but its share of the entries is
    three (the last entry holds most text): it reads the third again, which is reported
    once; the problems, the documents and the stamps are those of a build in one process."""
    long_body = "Viele Wörter über Sprache und Gespräche. " * 200
    (kb / "entries" / "sprachcafe.md").write_text(
        entry("Sprachcafé", "Sprache", 2019, long_body), encoding="utf-8"
    )
    lauftreff = kb / "entries" / "lauftreff.md"
    lauftreff.write_text(
        lauftreff.read_text("utf-8").replace("year:", "farbe: blau\nyear:"), "utf-8"
    )
    one = build_index(kb, tmp_path / "one")
    monkeypatch.setattr(building, "PARALLEL_ENTRIES_FROM", 1)
    monkeypatch.setattr(building.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(building, "_start_method", lambda: "fork")
    two = build_index(kb, tmp_path / "two")
    assert [p.code for p in two.problems] == ["unknown-field"]
    assert two.problems == one.problems
    assert index_content(tmp_path / "two") == index_content(tmp_path / "one")
    assert segment_sizes(tmp_path / "two") == [3, 1]
    stamps = [
        file_stamps.load_stamps(read_pointer(tmp_path / name)).known  # type: ignore[arg-type]
        for name in ("one", "two")
    ]
    assert stamps[0] == stamps[1] and len(stamps[0]) == 4


def test_one_bad_entry_never_stops_a_build_on_two_cores(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_two_cores: None
) -> None:
    real_document_for = building.document_for

    def failing(entry: object, *args: object, **kwargs: object) -> dict:
        if entry.slug == "jobpaten":  # type: ignore[attr-defined]
            raise ValueError("kaputt")
        return real_document_for(entry, *args, **kwargs)

    monkeypatch.setattr(building, "document_for", failing)  # the workers are forked
    report = build_index(kb, tmp_path / "index")
    assert counts(report) == ("full", 3, 0, 0, 0, 3)
    assert [p.code for p in report.problems] == ["internal"]
    assert found(tmp_path / "index", "Donauufer") == {"lauftreff"}


def test_a_worker_that_dies_fails_the_build_and_keeps_the_old_index(
    kb: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch, on_two_cores: None
) -> None:
    old_generation = read_pointer(index_dir)
    real_document_for = building.document_for

    def dying(entry: object, *args: object, **kwargs: object) -> dict:
        if entry.slug == "lauftreff":  # type: ignore[attr-defined]
            os._exit(9)  # as if killed: no exception, no word to the parent
        return real_document_for(entry, *args, **kwargs)

    monkeypatch.setattr(building, "document_for", dying)
    with pytest.raises(BrokenProcessPool):
        build_index(kb, index_dir, full=True)
    assert read_pointer(index_dir) == old_generation
    assert Index(index_dir).search().total == 4


@pytest.mark.parametrize("how", ["dies", "raises"])
def test_a_worker_that_fails_while_reading_fails_the_build_and_keeps_the_old_index(
    kb: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch, on_two_cores: None, how: str
) -> None:
    """The other worker, waiting for this one at the barrier, is not left waiting."""
    old_generation = read_pointer(index_dir)
    real_read = building.read_entry_and_checksum

    def failing(source: sources.SourceFile, *args: object) -> object:
        if source.slug == "lauftreff":
            if how == "dies":
                os._exit(9)
            raise OSError("Platte kaputt")
        return real_read(source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(building, "read_entry_and_checksum", failing)
    # Raised: the reader's own error, not the other worker's broken barrier.
    with pytest.raises(BrokenProcessPool if how == "dies" else OSError):
        build_index(kb, index_dir, full=True)
    assert read_pointer(index_dir) == old_generation
    assert Index(index_dir).search().total == 4


def test_a_build_on_two_cores_without_a_valid_entry_gives_an_empty_index(
    kb: Path, tmp_path: Path, on_two_cores: None
) -> None:
    for path in (kb / "entries").glob("*.md"):
        path.write_text("---\ntitle: [kaputt\n---\n", encoding="utf-8")
    report = build_index(kb, tmp_path / "index")
    assert counts(report) == ("full", 0, 0, 0, 0, 0)
    assert len(report.errors) == 4
    assert Index(tmp_path / "index").search().total == 0
