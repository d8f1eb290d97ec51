"""Curation through the `Curator`: save, validate, commit, index — with real git and a real
index in a temporary knowledge base."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from indexer.building import build_index
from indexer.curation import history, submissions
from indexer.curation.accounts import User
from indexer.curation.curator import Curator
from indexer.curation.entry_files import (
    Conflict,
    Invalid,
    SaveError,
    check_slug,
    render_entry,
    slugify,
    unique_slug,
)
from indexer.curation.settings import Settings
from indexer.curation.workflow import WorkflowError
from indexer.loading import load_kb, parse_entry
from indexer.searching import Index
from indexer.taxonomy import load_taxonomy

SHIPPED_KB = Path(__file__).resolve().parents[1] / "kb"
ANNA = User("anna", "Anna Redakteurin", "redaktion")
FRIEDA = User("frieda", "Frieda Freigabe", "freigabe")
ADA = User("ada", "Ada Admin", "admin")
FIELDS: dict[str, Any] = {
    "title": "Erzählcafé in Nagold",
    "summary": "Ältere und Neuzugewanderte erzählen sich einmal im Monat aus ihrem Leben.",
    "type": "Praxisbeispiel",
    "themes": ["Teilhabe", "Ehrenamt"],
    "municipality": "Nagold",
    "district": "Landkreis Calw",
    "year": 2023,
}
BODY = "## Ausgangslage\n\nIm Erzählcafé treffen sich Menschen aus zwölf Ländern.\n"


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KB, kb)
    return kb


@pytest.fixture
def curator(kb: Path, tmp_path: Path) -> Curator:
    build_index(kb, tmp_path / "index")  # as `make run` does before the app starts
    return Curator(kb, tmp_path / "index", Settings())


def public(curator: Curator, query: str) -> list[str]:
    """What a visitor finds: the entries with every word (not the related ones after them)."""
    result = Index.open(curator.index_dir, curator.kb_dir).search(query)
    return [hit.slug for hit in result.hits[: result.exact_total]]


# -- slugs and files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Erzählcafé in Nagold", "erzaehlcafe-in-nagold"),
        ("Große Straße: Übergänge", "grosse-strasse-uebergaenge"),
        ("„Lerninsel“ – Tiefenbronn 2019!", "lerninsel-tiefenbronn-2019"),
        ("Ça va? Øre", "ca-va-re"),
        ("🙂🙂", "eintrag"),
        ("../../etc/passwd", "etc-passwd"),
    ],
)
def test_slug_from_title(title: str, slug: str) -> None:
    assert slugify(title) == slug
    check_slug(slug)


def test_slugs_are_unique() -> None:
    assert unique_slug("Erzählcafé", {"erzaehlcafe", "erzaehlcafe-2"}) == "erzaehlcafe-3"


@pytest.mark.parametrize("slug", ["../x", "a/b", "A-b", "x--y", "", "-x", "x" * 81, "x.md"])
def test_bad_slugs_are_refused(slug: str) -> None:
    with pytest.raises(SaveError, match="Ungültige Adresse"):
        check_slug(slug)


def test_every_shipped_entry_round_trips_byte_for_byte() -> None:
    taxonomy = load_taxonomy(SHIPPED_KB)
    for path in sorted((SHIPPED_KB / "entries").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        entry, _ = parse_entry(text.encode(), path.name, path.stem, taxonomy)
        assert render_entry(entry.front_matter(), entry.body, text) == text, path.name


HOSTILE_TEXTS = [
    "Zitat: \"so\" und 'so'",
    "key: value # kein Kommentar",
    "---",
    "...",
    "Zeile eins\n---\nZeile drei",
    "# Überschrift? Nein.",
    "Emoji 🙂 und ß und 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "<script>alert(1)</script> &amp; &lt;b&gt;",
    "[Link](javascript:alert(1))",
    "*fett* _kursiv_ `code` {a: 1} [1, 2] !tag &anker *alias",
    "  führende Leerzeichen",
    "Tab\tin der Mitte",
    "@at und %prozent und |pipe und >gt",
    "null",
    "true",
    "2026-13-45",
    "12345",
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_any_text_round_trips_and_keeps_the_file_valid(text: str) -> None:
    taxonomy = load_taxonomy(SHIPPED_KB)
    fields = {**FIELDS, "summary": text, "tags": [text, "normal"], "contact": text}
    body = f"## Ausgangslage\n\n{text}\n\n---\n\n{text}"
    rendered = render_entry(fields, body)
    entry, problems = parse_entry(rendered.encode(), "x.md", "x", taxonomy)
    assert entry is not None, problems
    assert entry.fields["summary"] == text.strip()
    assert entry.fields["contact"] == text.strip()
    assert entry.fields["tags"][0] == text.strip()
    assert entry.body == body


def test_an_edit_changes_only_the_lines_of_changed_keys(curator: Curator, kb: Path) -> None:
    slug = "lerninsel-tiefenbronn"
    path = kb / "entries" / f"{slug}.md"
    before = path.read_text(encoding="utf-8").split("\n")
    state = curator.open(slug)
    fields = {**state.fields, "title": "Lerninsel Tiefenbronn (neu)"}
    curator.update(FRIEDA, slug, fields, state.body, state.checksum)
    after = path.read_text(encoding="utf-8").split("\n")
    changed = [(a, b) for a, b in zip(before, after, strict=False) if a != b]
    assert [b for _, b in changed if b.startswith("title:")] == [
        "title: Lerninsel Tiefenbronn (neu)"
    ]
    assert {b.split(":")[0] for _, b in changed} <= {"title", "updated"}
    assert len(after) - len(before) in (0, 1)  # "updated" may be new


# -- saving -------------------------------------------------------------------------------------


def test_create_commits_indexes_and_keeps_drafts_private(curator: Curator, kb: Path) -> None:
    outcome = curator.create(ANNA, FIELDS, BODY)
    assert outcome.slug == "erzaehlcafe-in-nagold"
    text = (kb / "entries" / "erzaehlcafe-in-nagold.md").read_text(encoding="utf-8")
    assert "status: entwurf" in text
    assert "updated: " in text
    versions = curator.versions(outcome.slug)
    assert [(v.author_name, v.author_username) for v in versions] == [("Anna Redakteurin", "anna")]
    assert versions[0].message == "Eintrag „Erzählcafé in Nagold“ angelegt"
    assert public(curator, "Erzählcafé") == []  # a draft: not public
    index = Index.open(curator.index_dir, kb)
    assert index.search("Erzählcafé", include_drafts=True).hits[0].slug == outcome.slug
    assert index.get(outcome.slug) is None


def test_publish_makes_it_findable_and_withdraw_removes_it(curator: Curator) -> None:
    slug = curator.create(ANNA, FIELDS, BODY).slug
    checksum = curator.change_status(ANNA, slug, "submit", curator.open(slug).checksum).checksum
    assert curator.open(slug).status == "in_pruefung"
    assert public(curator, "Erzählcafé") == []
    with pytest.raises(WorkflowError):
        curator.change_status(ANNA, slug, "publish", checksum)  # redaktion may not publish
    curator.change_status(FRIEDA, slug, "publish", checksum)
    assert public(curator, "Erzählcafé") == [slug]
    curator.change_status(FRIEDA, slug, "withdraw", curator.open(slug).checksum)
    assert public(curator, "Erzählcafé") == []
    messages = [v.message for v in curator.versions(slug)]
    assert messages[0] == "Eintrag „Erzählcafé in Nagold“ zurückgezogen"
    assert "Eintrag „Erzählcafé in Nagold“ veröffentlicht" in messages


def test_four_eyes_nobody_publishes_their_own_submission(kb: Path, tmp_path: Path) -> None:
    curator = Curator(kb, tmp_path / "index", Settings(four_eyes=True))
    slug = curator.create(FRIEDA, FIELDS, BODY).slug
    checksum = curator.change_status(FRIEDA, slug, "submit", curator.open(slug).checksum).checksum
    with pytest.raises(WorkflowError, match="Vier-Augen"):
        curator.change_status(FRIEDA, slug, "publish", checksum)
    curator.change_status(ADA, slug, "publish", checksum)
    assert curator.open(slug).status == "veröffentlicht"


def test_an_edit_is_visible_at_once(curator: Curator) -> None:
    slug = "lerninsel-tiefenbronn"
    state = curator.open(slug)
    # a new paragraph in a section about the project (after "## Kontakt" it would say
    # whom to contact, which makes no good match)
    assert "## Kontakt" in state.body
    body = state.body.replace("## Kontakt", "Neu: ein Schachclub für alle Kinder.\n\n## Kontakt")
    curator.update(FRIEDA, slug, state.fields, body, state.checksum)
    assert public(curator, "Schachclub") == [slug]


def test_redaktion_may_not_edit_a_published_entry(curator: Curator) -> None:
    state = curator.open("lerninsel-tiefenbronn")
    with pytest.raises(WorkflowError):
        curator.update(ANNA, state.slug, state.fields, state.body + "x", state.checksum)


def test_invalid_input_is_not_saved(curator: Curator, kb: Path) -> None:
    with pytest.raises(Invalid) as caught:
        curator.create(ANNA, {**FIELDS, "themes": [], "year": 1800}, BODY)
    fields = {p.field for p in caught.value.problems}
    assert {"themes", "year"} <= fields
    assert not (kb / "entries" / "erzaehlcafe-in-nagold.md").exists()


def test_a_conflict_refuses_and_overwrites_nothing(curator: Curator, kb: Path) -> None:
    slug = "lerninsel-tiefenbronn"
    state = curator.open(slug)
    path = kb / "entries" / f"{slug}.md"
    theirs = path.read_text(encoding="utf-8").replace("Lerninsel", "Lerninsel (fremd)", 1)
    path.write_text(theirs, encoding="utf-8")  # another adviser, or a git pull
    with pytest.raises(Conflict) as caught:
        curator.update(FRIEDA, slug, {**state.fields, "title": "Meins"}, state.body, state.checksum)
    assert "Nichts wurde überschrieben" in str(caught.value)
    assert "-title:" in caught.value.diff and "+title: Meins" in caught.value.diff
    assert path.read_text(encoding="utf-8") == theirs


def test_delete_moves_to_the_trash_and_admin_restores(curator: Curator, kb: Path) -> None:
    slug = "lerninsel-tiefenbronn"
    assert slug in public(curator, "Lerninsel")
    with pytest.raises(WorkflowError):
        curator.delete(ANNA, slug, curator.open(slug).checksum)
    curator.delete(FRIEDA, slug, curator.open(slug).checksum)
    assert (kb / "papierkorb" / f"{slug}.md").is_file()
    assert slug not in public(curator, "Lerninsel")
    assert curator.trash() == [slug]
    with pytest.raises(WorkflowError):
        curator.restore_from_trash(FRIEDA, slug)
    curator.restore_from_trash(ADA, slug)
    assert slug in public(curator, "Lerninsel")
    assert curator.versions(slug)[0].message == f"Eintrag „{slug}“ aus dem Papierkorb geholt"


def test_restore_an_old_version(curator: Curator) -> None:
    slug = curator.create(ANNA, FIELDS, BODY).slug
    state = curator.open(slug)
    curator.update(ANNA, slug, {**state.fields, "title": "Ganz anders"}, state.body, state.checksum)
    first = curator.versions(slug)[-1]
    curator.restore_version(ANNA, slug, first.commit, curator.open(slug).checksum)
    assert curator.open(slug).fields["title"] == "Erzählcafé in Nagold"
    assert len(curator.versions(slug)) == 3  # a restore is a new commit
    assert "wiederhergestellt" in curator.versions(slug)[0].message


def test_a_submission_becomes_a_draft_and_its_contact_is_deleted(
    curator: Curator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(submissions.ENV_SUBMISSIONS, str(tmp_path / "queue"))
    proposal = submissions.make_submission(
        {
            "title": "Repair-Café Horb",
            "summary": "Geflüchtete und Einheimische reparieren gemeinsam.",
            "description": "<script>alert(1)</script> Seit 2022 jeden Samstag.",
            "municipality": "Horb am Neckar",
            "district": "Landkreis Freudenstadt",
            "themes": ["Teilhabe"],
            "name": "Max Muster",
            "email": "max@example.org",
            "consent": True,
        },
        curator.taxonomy,
    )
    path = submissions.store(proposal)
    assert "max@example.org" in path.read_text(encoding="utf-8")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert public(curator, "Repair") == []  # not in the public index
    outcome = curator.from_submission(ANNA, proposal.id)
    assert not path.exists() and submissions.pending() == []
    state = curator.open(outcome.slug)
    assert state.status == "entwurf"
    assert state.fields["municipality"] == "Horb am Neckar"
    assert "<script>alert(1)</script>" in state.body  # kept as written, rendered safely
    assert "max@example.org" not in (curator.kb_dir / "entries" / f"{outcome.slug}.md").read_text()


def test_contact_without_consent_is_refused() -> None:
    taxonomy = load_taxonomy(SHIPPED_KB)
    with pytest.raises(submissions.SubmissionError) as caught:
        submissions.make_submission({"title": "X", "summary": "Y", "email": "a@b.de"}, taxonomy)
    assert "consent" in caught.value.errors


def test_submission_fields_are_capped() -> None:
    taxonomy = load_taxonomy(SHIPPED_KB)
    with pytest.raises(submissions.SubmissionError) as caught:
        submissions.make_submission({"title": "x" * 201, "summary": "y"}, taxonomy)
    assert caught.value.errors["title"].startswith("Höchstens 200 Zeichen")


def test_an_over_long_e_mail_address_is_refused_by_its_length_at_once() -> None:
    """The address pattern took quadratic time ("a@....@": 7 s at 32,000 characters);
    an address over the limit only gets the length's message."""
    taxonomy = load_taxonomy(SHIPPED_KB)
    form = {"title": "X", "summary": "Y", "email": "a@" + "." * 32_000 + "@", "consent": True}
    started = time.perf_counter()
    with pytest.raises(submissions.SubmissionError) as caught:
        submissions.make_submission(form, taxonomy)
    assert time.perf_counter() - started < 1
    assert caught.value.errors["email"].startswith("Höchstens 254 Zeichen")


def test_the_overview_lists_statuses_and_broken_files(curator: Curator, kb: Path) -> None:
    curator.create(ANNA, FIELDS, BODY)
    (kb / "entries" / "kaputt.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    overview = curator.overview()
    infos = {info.slug: info for info in overview}
    assert infos["erzaehlcafe-in-nagold"].status == "entwurf"
    assert infos["erzaehlcafe-in-nagold"].changed_by == "Anna Redakteurin"
    assert overview[0].slug == "erzaehlcafe-in-nagold"  # newest change first
    assert infos["lerninsel-tiefenbronn"].status == "veröffentlicht"
    assert any(p.severity == "error" for p in infos["kaputt"].problems)


# -- crashes ------------------------------------------------------------------------------------

SAVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from indexer.curation.accounts import User
    from indexer.curation.curator import Curator
    from indexer.curation.settings import Settings

    kb, index = Path(sys.argv[1]), Path(sys.argv[2])
    curator = Curator(kb, index, Settings())
    user = User("ada", "Ada", "admin")
    print("ready", flush=True)
    n = 0
    while True:
        state = curator.open("lerninsel-tiefenbronn")
        body = state.body.split("\\n\\nRunde")[0] + f"\\n\\nRunde {n} " + "Text " * 5000
        curator.update(user, state.slug, state.fields, body, state.checksum)
        n += 1
    """
)


def test_kill_during_saves_leaves_a_whole_file_and_a_consistent_index(
    curator: Curator, kb: Path
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", SAVER, str(kb), str(curator.index_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "ready"
    time.sleep(2.5)  # several saves, each a write, a commit and an index update
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    loaded = load_kb(kb)
    assert not loaded.errors, [p.format() for p in loaded.errors]  # no torn file
    text = (kb / "entries" / "lerninsel-tiefenbronn.md").read_text(encoding="utf-8")
    assert text.rstrip().endswith("Text")
    # The next build (here: the next save) brings the index in line with the files.
    state = curator.open("lerninsel-tiefenbronn")
    curator.update(ADA, state.slug, state.fields, state.body + " Schlusswort", state.checksum)
    index = Index.open(curator.index_dir, kb)
    assert index.search("Schlusswort").hits[0].slug == "lerninsel-tiefenbronn"
    assert index.search("").total == len([e for e in load_kb(kb).entries if e.is_published])
    assert history.versions(kb, kb / "entries" / "lerninsel-tiefenbronn.md")


def test_a_renamed_entry_keeps_its_old_address(curator: Curator, kb: Path) -> None:
    old = "lerninsel-tiefenbronn"
    with pytest.raises(WorkflowError):
        curator.rename(ANNA, old, "lerninsel", curator.open(old).checksum)
    with pytest.raises(SaveError, match="schon vergeben"):
        curator.rename(
            FRIEDA, old, "pakt-fuer-integration-mit-den-kommunen", curator.open(old).checksum
        )
    curator.rename(FRIEDA, old, "lerninsel", curator.open(old).checksum)
    assert not (kb / "entries" / f"{old}.md").exists()
    assert "aliases:\n  - lerninsel-tiefenbronn" in (kb / "entries" / "lerninsel.md").read_text()
    index = Index.open(curator.index_dir, kb)
    assert index.get(old).slug == "lerninsel"  # the old link leads to the entry
    assert "lerninsel" in public(curator, "Lerninsel") and old not in public(curator, "Lerninsel")
    assert len(curator.versions("lerninsel")) >= 2  # the history follows the move
    assert old in curator.taken_slugs()  # an old address is never given to another entry


def test_documents_uploaded_in_the_app_are_attached_and_found(
    curator: Curator, kb: Path, tmp_path: Path
) -> None:
    upload = tmp_path / "Protokoll Mai 2024.md"
    upload.write_text("# Protokoll\n\nDie Lesepaten treffen sich dienstags.\n", encoding="utf-8")
    slug = "lerninsel-tiefenbronn"
    with pytest.raises(WorkflowError):
        curator.attach(ANNA, slug, [upload])  # a published entry: the right to publish
    outcome = curator.attach(FRIEDA, slug, [upload])
    assert outcome.message == "Angehängt: protokoll-mai-2024.md."
    assert (kb / "files" / "protokoll-mai-2024.md").is_file()
    state = curator.open(slug)
    assert state.fields["attachments"][-1]["file"] == "protokoll-mai-2024.md"
    assert outcome.checksum == state.checksum  # the form can go on editing
    index = Index.open(curator.index_dir, kb)
    hit = index.search("Lesepaten").hits[0]
    assert hit.slug == slug and hit.attachments[0]["file"] == "protokoll-mai-2024.md"
    assert curator.versions(slug)[0].author_name == "Frieda Freigabe"


def test_a_body_too_large_to_load_is_not_saved(curator: Curator, kb: Path) -> None:
    state = curator.open("lerninsel-tiefenbronn")
    before = (kb / "entries" / "lerninsel-tiefenbronn.md").read_bytes()
    with pytest.raises(Invalid) as caught:
        curator.update(ADA, state.slug, state.fields, "Wort " * 600_000, state.checksum)
    [problem] = caught.value.problems
    assert problem.field == "body" and "größer als erlaubt" in problem.message
    assert (kb / "entries" / "lerninsel-tiefenbronn.md").read_bytes() == before


def test_a_hostile_upload_is_attached_with_a_german_warning(
    curator: Curator, tmp_path: Path
) -> None:
    from document_fixtures import office_zip_bomb

    bomb = office_zip_bomb(tmp_path / "bombe.docx", 300)
    outcome = curator.attach(ADA, "lerninsel-tiefenbronn", [bomb])
    assert any("bombe.docx" in w.message and "entpack" in w.message for w in outcome.warnings)


def test_an_upload_over_the_document_limit_is_refused(
    curator: Curator, kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from indexer.documents import importing

    small = dataclasses.replace(importing.DOCUMENT_LIMITS, max_file_bytes=1_000)
    monkeypatch.setattr(importing, "DOCUMENT_LIMITS", small)
    upload = tmp_path / "gross.txt"
    upload.write_text("x" * 2_000, encoding="utf-8")
    with pytest.raises(SaveError, match="größer als erlaubt"):
        curator.attach(ADA, "lerninsel-tiefenbronn", [upload])
    assert not (kb / "files" / "gross.txt").exists()
