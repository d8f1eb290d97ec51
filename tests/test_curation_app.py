"""Curation in the app, run headless with AppTest: sign-in, editor pages only after it,
writing and publishing, validation next to fields, conflicts, submissions.

Each test gets its own knowledge base (made a git repository by the first save), index,
users file, settings and submission queue in a temporary directory. Pages are run as
functions (`AppTest.from_function`); the navigation that registers them is tested on its
own, and the whole path a person takes in tests/browser/test_curation_browser.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_app import small_kb

from indexer.building import build_index
from indexer.curation import submissions
from indexer.curation.accounts import User, UserStore
from indexer.searching import Index

TIMEOUT = 60
PASSWORD = "ein sicheres Passwort"
ANNA = User("anna", "Anna Redakteurin", "redaktion")
FRIEDA = User("frieda", "Frieda Freigabe", "freigabe")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    kb = small_kb(tmp_path)
    build_index(kb, tmp_path / "index")
    monkeypatch.setenv("PRAXISFINDER_KB", str(kb))
    monkeypatch.setenv("PRAXISFINDER_INDEX", str(tmp_path / "index"))
    monkeypatch.setenv("PRAXISFINDER_USERS", str(tmp_path / "users.yaml"))
    monkeypatch.setenv("PRAXISFINDER_SETTINGS", str(tmp_path / "settings.yaml"))
    monkeypatch.setenv(submissions.ENV_SUBMISSIONS, str(tmp_path / "queue"))
    store = UserStore(tmp_path / "users.yaml")
    store.add("anna", PASSWORD, "redaktion", "Anna Redakteurin")
    store.add("frieda", PASSWORD, "freigabe", "Frieda Freigabe")
    return tmp_path


def _sign_in_page() -> None:
    from praxisfinder_app import auth

    auth.render_sign_in()


def _editor(slug: str | None) -> None:
    from praxisfinder_app import editor_page

    editor_page.render(slug)


def _overview() -> None:
    from praxisfinder_app import overview_page

    overview_page.render()


def _suggest() -> None:
    from praxisfinder_app import suggest_page

    suggest_page.render()


def run(function, *args: object, user: User | None = None, params: dict | None = None) -> AppTest:  # noqa: ANN001
    at = AppTest.from_function(function, args=args, default_timeout=TIMEOUT)
    if user is not None:
        at.session_state["pf_user"] = user
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return checked(at.run())


def checked(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(markdown: str) -> str:
    """Escaped Markdown as it reads: backslash escapes removed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def shown(at: AppTest) -> str:
    parts = [*at.markdown, *at.caption, *at.info, *at.error, *at.success, *at.warning]
    return plain("\n".join(str(p.value) for p in parts))


def public_slugs(env: Path, query: str) -> list[str]:
    result = Index.open(env / "index", env / "kb").search(query)
    return [hit.slug for hit in result.hits[: result.exact_total]]


# -- sign-in --------------------------------------------------------------------------------


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    return checked(at.button[0].click().run())


def test_the_sign_in_page_has_german_labels(env: Path) -> None:
    at = run(_sign_in_page)
    assert at.title[0].value == "Anmelden"
    assert [t.label for t in at.text_input] == ["Benutzername", "Passwort"]
    assert at.button[0].label == "Anmelden"


def test_a_wrong_password_is_refused(env: Path) -> None:
    at = sign_in(run(_sign_in_page), "anna", "falsch falsch falsch")
    assert at.error[0].value == "Benutzername oder Passwort ist falsch."
    assert "pf_user" not in at.session_state


def test_the_right_password_signs_in(env: Path) -> None:
    at = sign_in(run(_sign_in_page), "Anna ", PASSWORD)
    assert at.session_state["pf_user"] == ANNA


def test_sign_in_attempts_are_rate_limited(env: Path) -> None:
    at = run(_sign_in_page)
    for _ in range(5):
        at = sign_in(at, "frieda", "falsch falsch falsch")
    at = sign_in(at, "frieda", PASSWORD)  # even the right password now waits
    assert "Zu viele Anmeldeversuche" in at.error[0].value
    assert "pf_user" not in at.session_state


def _page_list(signed_in: bool) -> None:
    import streamlit as st

    from praxisfinder_app.navigation import pages

    for page in pages(signed_in):
        st.text(f"{page.url_path}={page.title}")


def test_editor_pages_are_registered_only_after_sign_in(env: Path) -> None:
    # The navigation module is imported only inside app runs: pages made outside one
    # (in bare Python) have no title or address.
    visitor = dict(t.value.split("=") for t in run(_page_list, False).text)
    for path in ("redaktion", "neu", "bearbeiten", "abmelden"):
        assert visitor[path] == "Anmelden"  # an editor's address shows the sign-in
    editor = dict(t.value.split("=") for t in run(_page_list, True).text)
    assert editor["redaktion"] == "Redaktion" and editor["neu"] == "Neuer Eintrag"


def test_an_editor_page_without_a_user_shows_the_sign_in(env: Path) -> None:
    at = run(_editor, None)
    assert at.title[0].value == "Anmelden"
    assert not at.text_area


def test_a_session_ends_after_inactivity(env: Path) -> None:
    at = AppTest.from_function(_overview, default_timeout=TIMEOUT)
    at.session_state["pf_user"] = ANNA
    at.session_state["pf_last_active"] = 0.0  # 1970: far longer ago than 8 hours
    at = checked(at.run())
    assert at.title[0].value == "Anmelden"
    assert "wegen Inaktivität abgelaufen" in at.info[0].value


# -- writing --------------------------------------------------------------------------------


def fill_new_entry(at: AppTest) -> AppTest:
    at.text_input(key="ed_title").input("Erzählcafé in Nagold")
    at.text_area(key="ed_summary").input("Ältere und Neuzugewanderte erzählen einander.")
    at.multiselect(key="ed_themes").select("Teilhabe")
    at.text_input(key="ed_municipality").input("Nagold")
    at.selectbox(key="ed_district").select("Landkreis Calw")
    at.text_area(key="ed_body").input("## Ausgangslage\n\nEin Erzählcafé mit Geschichten.")
    return checked(at.run())


def test_a_new_entry_form_is_prefilled_with_the_template(env: Path) -> None:
    at = run(_editor, None, user=ANNA)
    assert at.title[0].value == "Neuer Eintrag"
    body = at.text_area(key="ed_body").value
    assert body.startswith("## Ausgangslage") and "## Übertragbarkeit" in body
    labels = {w.label for w in [*at.text_input, *at.text_area, *at.selectbox, *at.multiselect]}
    assert {"Titel", "Kurzbeschreibung", "Art", "Kommune", "Kreis"} <= labels


def test_create_saves_a_draft_that_the_public_does_not_see(env: Path) -> None:
    at = fill_new_entry(run(_editor, None, user=ANNA))
    assert "Vorschau" in shown(at)
    at = checked(at.button(key="ed_save").click().run())
    path = env / "kb" / "entries" / "erzaehlcafe-in-nagold.md"
    assert path.is_file()
    assert "status: entwurf" in path.read_text(encoding="utf-8")
    assert public_slugs(env, "Erzählcafé") == []


def test_errors_appear_next_to_their_field_and_nothing_is_saved(env: Path) -> None:
    at = run(_editor, None, user=ANNA)
    at.text_input(key="ed_title").input("Nur ein Titel")
    at = checked(at.run())
    at = checked(at.button(key="ed_save").click().run())
    errors = [plain(e.value) for e in at.error]
    assert "Nicht gespeichert: Bitte die markierten Felder korrigieren." in errors
    assert any("Pflichtfeld „summary“" in e for e in errors)
    assert not list((env / "kb" / "entries").glob("nur-ein-titel*.md"))
    assert at.text_input(key="ed_title").value == "Nur ein Titel"  # the form keeps it


def test_frieda_edits_a_published_entry_and_it_is_found_at_once(env: Path) -> None:
    at = run(_editor, "sprachpaten-ulm", user=FRIEDA)
    assert at.text_input(key="ed_title").value == "Sprachpaten für Familien in Ulm"
    assert "Dokumente (0)" in [e.label for e in at.expander]  # with the upload inside
    at.text_area(key="ed_body").input(at.text_area(key="ed_body").value + "\n\nNeu: Kochabende.")
    at = checked(at.run())
    checked(at.button(key="ed_save").click().run())
    assert public_slugs(env, "Kochabende") == ["sprachpaten-ulm"]


def test_a_conflict_is_refused_and_the_form_keeps_the_text(env: Path) -> None:
    at = run(_editor, "sprachpaten-ulm", user=FRIEDA)
    path = env / "kb" / "entries" / "sprachpaten-ulm.md"
    other = path.read_text(encoding="utf-8").replace("Ulm.", "Ulm (geändert).", 1)
    path.write_text(other, encoding="utf-8")
    at.text_input(key="ed_title").input("Meine Fassung")
    at = checked(at.run())
    at = checked(at.button(key="ed_save").click().run())
    assert "Nichts wurde überschrieben" in plain(at.error[0].value)
    assert at.code and "Meine Fassung" in at.code[0].value
    assert path.read_text(encoding="utf-8") == other
    assert at.text_input(key="ed_title").value == "Meine Fassung"


def test_status_buttons_follow_the_role(env: Path) -> None:
    anna = run(_editor, "entwurf-geheim", user=ANNA)
    labels = [b.label for b in anna.button]
    assert "Zur Prüfung einreichen" in labels and "Veröffentlichen" not in labels
    checked(anna.button(key="ed_action_submit").click().run())
    frieda = run(_editor, "entwurf-geheim", user=FRIEDA)
    assert "Veröffentlichen" in [b.label for b in frieda.button]
    checked(frieda.button(key="ed_action_publish").click().run())
    assert public_slugs(env, "Geheimer Entwurf") == ["entwurf-geheim"]


def test_history_lists_versions_after_a_save(env: Path) -> None:
    at = fill_new_entry(run(_editor, None, user=ANNA))
    checked(at.button(key="ed_save").click().run())
    at = run(_editor, "erzaehlcafe-in-nagold", user=ANNA)
    assert any(e.label.startswith("Verlauf (1 Fassungen)") for e in at.expander)
    assert "Anna Redakteurin" in shown(at)


# -- overview and submissions -------------------------------------------------------------


def test_the_overview_shows_drafts_and_broken_files(env: Path) -> None:
    (env / "kb" / "entries" / "kaputt.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    at = run(_overview, user=ANNA)
    assert at.title[0].value == "Redaktion"
    text = shown(at)
    assert "Dateien mit Fehlern (1)" in text and "kaputt" in text
    labels = [link.label for link in at.page_link]
    assert any(label.startswith("Geheimer Entwurf") for label in labels)


def submit_proposal(env: Path, **values: str) -> AppTest:
    at = run(_suggest)
    at.text_input[0].input(values.get("title", "Repair-Café Horb"))
    at.text_input[1].input("Horb am Neckar")
    at.selectbox[0].select("Landkreis Freudenstadt")
    at.multiselect[0].select("Teilhabe")
    at.text_area[0].input("Geflüchtete und Einheimische reparieren gemeinsam.")
    at.text_area[1].input(values.get("description", "<script>alert(1)</script> samstags"))
    at.text_input[2].input(values.get("name", "Max Muster"))
    at.text_input[3].input(values.get("email", "max@example.org"))
    if values.get("consent", "ja") == "ja":
        at.checkbox[0].check()
    if "trap" in values:
        at.text_input(key="pf_website").input(values["trap"])
    return checked(at.button[0].click().run())


def test_a_submission_lands_in_the_queue_and_becomes_a_draft(env: Path) -> None:
    at = submit_proposal(env)
    assert "Vielen Dank" in at.success[0].value
    pending = submissions.pending()
    assert [p.title for p in pending] == ["Repair-Café Horb"]
    assert public_slugs(env, "Repair") == []
    overview = run(_overview, user=ANNA)
    assert "<script>alert(1)</script> samstags" in [t.value for t in overview.text]
    checked(overview.button(key=f"pf_take_{pending[0].id}").click().run())
    assert submissions.pending() == []
    draft = (env / "kb" / "entries" / "repair-cafe-horb.md").read_text(encoding="utf-8")
    assert "status: entwurf" in draft and "max@example.org" not in draft


def test_the_honeypot_stores_nothing(env: Path) -> None:
    at = submit_proposal(env, trap="http://spam.example")
    assert "Vielen Dank" in at.success[0].value
    assert submissions.pending() == []


def test_contact_without_consent_is_not_stored(env: Path) -> None:
    at = submit_proposal(env, consent="nein")
    assert any("Einwilligung" in e.value for e in at.error)
    assert submissions.pending() == []


def test_the_overview_reports_document_completeness(env: Path) -> None:
    kb = env / "kb"
    (kb / "files").mkdir()
    (kb / "files" / "protokoll.md").write_text("# Protokoll\n\nDie Sprachpaten berichten.\n")
    path = kb / "entries" / "sprachpaten-ulm.md"
    text = path.read_text(encoding="utf-8").replace(
        "\n---\n", "\nattachments:\n- file: protokoll.md\n---\n", 1
    )
    path.write_text(text, encoding="utf-8")
    build_index(kb, env / "index")
    at = run(_overview, user=ANNA)
    assert "1 Dokumente, davon 0 unvollständig." in shown(at)
    table = at.table[0].value
    assert list(table["Datei"]) == ["protokoll.md"]
    assert list(table["Zustand"]) == ["vollständig"]


def test_a_form_whose_first_run_was_interrupted_is_filled_again(env: Path) -> None:
    """Streamlit forgets widget state a run did not reach; the defaults come back."""
    import datetime as dt

    at = AppTest.from_function(_editor, args=(None,), default_timeout=TIMEOUT)
    at.session_state["pf_user"] = ANNA
    at.session_state["ed_loaded"] = None  # loaded once, but the widgets were never drawn
    at.session_state["ed_title"] = "Schon getippt"
    at = checked(at.run())
    assert at.number_input(key="ed_year").value == dt.date.today().year
    assert at.text_area(key="ed_body").value.startswith("## Ausgangslage")
    assert at.text_input(key="ed_title").value == "Schon getippt"  # typing is kept
