"""The operator's pages (Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit,
Kontakt): reading `kb/seiten/*.md`, the pages in the app (AppTest), the footer on every
page, the `validate` warnings, and the shipped templates.

The app's pages are functions registered by `st.navigation`; Streamlit 1.67's
`AppTest.switch_page` only finds pages defined in files, so `open_page` selects a page by
the hash Streamlit registered for its address (a private attribute: if AppTest changes,
these tests fail loudly rather than test the wrong page).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from streamlit.testing.v1 import AppTest
from test_app import APP, TIMEOUT, small_kb

from indexer.cli import cli
from indexer.curation import submissions
from indexer.curation.accounts import User
from indexer.curation.settings import Settings
from indexer.site_pages import (
    SITE_PAGES,
    SITE_PAGES_DIR,
    SitePage,
    check_site_pages,
    read_site_page,
    todo_lines,
)

REPO = Path(__file__).resolve().parent.parent
SHIPPED_KB = REPO / "kb"
FOOTER = [
    ("Impressum", "impressum"),
    ("Datenschutz", "datenschutz"),
    ("Barrierefreiheit", "barrierefreiheit"),
    ("Kontakt", "kontakt"),
]
NAMES = [page.name for page in SITE_PAGES]


# -- the app with a knowledge base whose pages each test writes ----------------------------


@pytest.fixture(scope="module")
def kb_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site_pages")
    small_kb(root)
    return root


@pytest.fixture
def kb(kb_root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The module's knowledge base with an empty `seiten/` folder; the app pointed at it."""
    kb = kb_root / "kb"
    shutil.rmtree(kb / SITE_PAGES_DIR, ignore_errors=True)
    (kb / SITE_PAGES_DIR).mkdir()
    monkeypatch.setenv("PRAXISFINDER_KB", str(kb))
    monkeypatch.setenv("PRAXISFINDER_INDEX", str(kb_root / "index"))
    monkeypatch.setenv("PRAXISFINDER_USERS", str(tmp_path / "users.yaml"))
    monkeypatch.setenv("PRAXISFINDER_SETTINGS", str(tmp_path / "settings.yaml"))
    monkeypatch.setenv(submissions.ENV_SUBMISSIONS, str(tmp_path / "queue"))
    return kb


def write_page(kb: Path, name: str, text: str | bytes) -> Path:
    path = kb / SITE_PAGES_DIR / f"{name}.md"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def checked(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(url_path: str = "", params: dict[str, str] | None = None, **state: object) -> AppTest:
    """The whole app (app.py) at `/<url_path>?<params>`, with `state` in the session."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in state.items():
        at.session_state[key] = value
    checked(at.run())
    if url_path:
        hashes = [
            page_hash
            for page_hash, info in at._registered_pages.items()
            if info.get("url_pathname") == url_path
        ]
        assert hashes, f"no page registered at /{url_path}"
        at._page_hash = hashes[0]
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return checked(at.run())


def plain(markdown: str) -> str:
    """Escaped Markdown as it reads: backslash escapes removed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def html_blocks(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown if m.proto.allow_html)


def footer(at: AppTest) -> list[tuple[str, str]]:
    """The last four page links: the footer, drawn after every page's content."""
    return [(link.label, link.proto.page) for link in at.page_link][-4:]


# -- the pages in the app -----------------------------------------------------------------


@pytest.mark.parametrize("page", SITE_PAGES, ids=NAMES)
def test_each_page_shows_its_file_as_written(kb: Path, page: SitePage) -> None:
    write_page(
        kb,
        page.name,
        f"# Überschrift im Text\n\nText der Seite {page.name}: Müller & Söhne <b>fett</b>, "
        "*betont*, 5 < 7.\n\n## Abschnitt\n\n- Punkt eins\n- [Kontakt](kontakt)\n",
    )
    at = open_page(page.name)
    assert [t.value for t in at.title] == [page.title]  # the one h1
    html = html_blocks(at)
    assert '<div class="pf-site-page">' in html
    assert f"Text der Seite {page.name}: Müller &amp; Söhne &lt;b&gt;fett&lt;/b&gt;" in html
    assert "<em>betont</em>, 5 &lt; 7." in html
    assert "<h2>Überschrift im Text</h2>" in html and "<h2>Abschnitt</h2>" in html
    assert "<h1" not in html
    assert '<a href="kontakt" rel="noopener noreferrer nofollow">Kontakt</a>' in html
    assert "\n" not in html, "one raw HTML block for Streamlit's Markdown pass"
    assert footer(at) == FOOTER


HOSTILE_PAGE = """Impressum mit Fallen.

<script>window.pfPwned = 1</script>

<img src=x onerror="window.pfPwned = 1">

<iframe src="https://evil.example/"></iframe>

[Skript](javascript:window.pfPwned=1) [Tab](java&#09;script:alert(1))
[Daten](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[Datei](file:///etc/passwd) <javascript:alert(1)>

![Zählpixel](https://tracker.example/pixel.png)

[Ein Beispiel](sprachpaten-ulm.md) und [die Anbieterseite](https://example.org/impressum)
"""


def test_a_hostile_page_is_rendered_inert(kb: Path) -> None:
    write_page(kb, "impressum", HOSTILE_PAGE)
    at = open_page("impressum")
    html = html_blocks(at)
    lowered = html.lower()
    for tag in ("<script", "<img", "<iframe"):
        assert tag not in lowered
    assert not re.search(r"<[^>]+\son\w+\s*=", lowered)
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == [
        "https://tracker.example/pixel.png",  # an image becomes a link; nothing is loaded
        "./?eintrag=sprachpaten-ulm",  # an entry file leads to the entry's view
        "https://example.org/impressum",
    ]
    assert "&lt;script&gt;window.pfPwned = 1&lt;/script&gt;" in html  # shown as text
    assert "[Skript](javascript:window.pfPwned=1)" in html
    assert "Bild: Zählpixel" in html


@pytest.mark.parametrize("page", SITE_PAGES, ids=NAMES)
def test_a_missing_page_gives_a_german_notice_naming_the_file(kb: Path, page: SitePage) -> None:
    at = open_page(page.name)
    assert [t.value for t in at.title] == [page.title]
    notice = plain(at.warning[0].value)
    assert notice == (
        f"Diese Seite ist noch nicht eingerichtet: Die Datei „kb/seiten/{page.name}.md“ fehlt "
        "in der Wissensbasis."
    )
    assert footer(at) == FOOTER


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda path, _: path.write_bytes(b"Impressum der Stra\xdfe"), "nicht in UTF-8"),
        (lambda path, _: path.mkdir(), "Keine gewöhnliche Datei"),
        (lambda path, outside: path.symlink_to(outside), "außerhalb der Wissensbasis"),
        (lambda path, _: path.symlink_to(path.parent / "fehlt.md"), "zeigt auf keine Datei"),
    ],
    ids=["latin-1", "directory", "symlink-outside", "dangling-symlink"],
)
def test_an_unreadable_page_gives_a_german_notice(
    kb: Path, tmp_path: Path, make: Callable[[Path, Path], object], reason: str
) -> None:
    outside = tmp_path / "geheim.md"
    outside.write_text("Nicht aus der Wissensbasis.", encoding="utf-8")
    make(kb / SITE_PAGES_DIR / "impressum.md", outside)
    at = open_page("impressum")
    notice = plain(at.warning[0].value)
    assert notice.startswith(
        "Diese Seite kann zurzeit nicht angezeigt werden: Die Datei „kb/seiten/impressum.md“ "
        "ist nicht lesbar."
    )
    assert reason in notice
    assert "pf-site-page" not in html_blocks(at)


@pytest.mark.parametrize(
    ("url_path", "params"),
    [
        ("", {}),  # the landing page
        ("", {"q": "Sprachpaten"}),  # a result list
        ("", {"eintrag": "sprachpaten-ulm"}),  # an entry
        ("ueber", {}),
        ("vorschlagen", {}),
        ("anmelden", {}),
        ("redaktion", {}),  # an editor's address, signed out: the sign-in page
        ("datenschutz", {}),
    ],
    ids=["landing", "results", "entry", "about", "suggest", "sign-in", "editor-address", "legal"],
)
def test_every_page_has_the_footer(kb: Path, url_path: str, params: dict[str, str]) -> None:
    at = open_page(url_path, params)
    assert footer(at) == FOOTER
    assert len(at.title) == 1


def test_editor_pages_have_the_footer(kb: Path) -> None:
    anna = User("anna", "Anna Redakteurin", "redaktion")
    for url_path in ("redaktion", "neu", "abmelden"):
        at = open_page(url_path, pf_user=anna)
        assert footer(at) == FOOTER, url_path


def test_the_broken_knowledge_base_error_says_how_to_reach_the_redaktion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRAXISFINDER_KB", str(tmp_path / "nirgends"))
    monkeypatch.setenv("PRAXISFINDER_INDEX", str(tmp_path / "index"))
    at = open_page()
    error = at.error[0].value
    assert "Bitte wenden Sie sich an die Redaktion ([Kontakt](kontakt))." in error
    assert footer(at) == FOOTER


# -- reading the files ----------------------------------------------------------------------


def test_reading_a_page(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    (kb / SITE_PAGES_DIR).mkdir(parents=True)
    write_page(kb, "kontakt", "\ufeffE-Mail: redaktion@example.org\n")
    loaded = read_site_page(kb, SITE_PAGES[3])
    assert (loaded.text, loaded.path, loaded.missing) == (
        "E-Mail: redaktion@example.org\n",  # a byte-order mark is dropped
        "kb/seiten/kontakt.md",
        False,
    )
    missing = read_site_page(kb, SITE_PAGES[0])
    assert missing.text is None and missing.missing
    assert read_site_page(tmp_path / "gibt-es-nicht", SITE_PAGES[0]).missing


def test_todo_lines() -> None:
    text = "Hallo\n[Bitte ergänzen: A] und [bitte ergänzen: B]\n\n[ Bitte  ergänzen:\nC]\n"
    assert todo_lines(text) == [2, 2, 4]
    assert todo_lines("Bitte ergänzen Sie Ihre Angaben.") == []


# -- validate -------------------------------------------------------------------------------


def invoke(*args: str | Path, exit_code: int = 0) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == exit_code, result.output
    return result


def copy_kb(tmp_path: Path, pages: dict[str, str] | None) -> Path:
    """The shipped knowledge base; its `seiten/` replaced by `pages` (None: no folder)."""
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KB, kb)
    shutil.rmtree(kb / SITE_PAGES_DIR, ignore_errors=True)
    if pages is not None:
        (kb / SITE_PAGES_DIR).mkdir()
        for name, text in pages.items():
            write_page(kb, name, text)
    return kb


COMPLETE = {name: f"Fertiger Text der Seite {name}.\n" for name in NAMES}


def test_validate_warns_about_the_templates_that_ship(tmp_path: Path) -> None:
    result = invoke("validate", "--kb", SHIPPED_KB)
    for page in SITE_PAGES:
        text = (SHIPPED_KB / SITE_PAGES_DIR / page.file_name).read_text(encoding="utf-8")
        first = todo_lines(text)[0]
        assert (
            f"kb/seiten/{page.file_name}:{first}: Warnung: Die Seite „{page.title}“ ist noch "
            "nicht fertig:"
        ) in result.stderr
    assert "4 Seiten geprüft: 4 Warnungen." in result.stdout
    assert "8 Dateien geprüft: 8 gültig, 0 Fehler, 0 Warnungen." in result.stdout
    invoke("validate", "--strict", "--kb", SHIPPED_KB, exit_code=1)


def test_validate_names_each_marker_line(tmp_path: Path) -> None:
    kb = copy_kb(
        tmp_path,
        {**COMPLETE, "kontakt": "Redaktion\n\nE-Mail: [Bitte ergänzen: E-Mail]\n[bitte ergänzen]"},
    )
    result = invoke("validate", "--kb", kb)
    assert (
        "kb/seiten/kontakt.md:3: Warnung: Die Seite „Kontakt“ ist noch nicht fertig: 2 Stellen "
        "mit „[Bitte ergänzen: …]“ (Zeilen 3, 4). Bitte ausfüllen und die Markierung entfernen."
    ) in result.stderr
    assert "4 Seiten geprüft: 1 Warnung." in result.stdout


def test_validate_warns_about_missing_pages(tmp_path: Path) -> None:
    kb = copy_kb(tmp_path, None)
    result = invoke("validate", "--kb", kb)
    for page in SITE_PAGES:
        assert (
            f"kb/seiten/{page.file_name}: Warnung: Die Seite „{page.title}“ fehlt; die App "
            "zeigt dort nur einen Hinweis."
        ) in result.stderr
    invoke("validate", "--strict", "--kb", kb, exit_code=1)


def test_validate_warns_about_an_unreadable_page(tmp_path: Path) -> None:
    kb = copy_kb(tmp_path, {**COMPLETE, "datenschutz": "x"})
    (kb / SITE_PAGES_DIR / "datenschutz.md").write_bytes(b"Datenschutzerkl\xe4rung")
    result = invoke("validate", "--kb", kb)
    assert (
        "kb/seiten/datenschutz.md: Warnung: Die Seite „Datenschutzerklärung“ kann nicht "
        "gelesen werden: Sie ist nicht in UTF-8 gespeichert"
    ) in result.stderr


def test_validate_is_quiet_when_the_pages_are_complete(tmp_path: Path) -> None:
    kb = copy_kb(tmp_path, COMPLETE)
    assert check_site_pages(kb) == []
    result = invoke("validate", "--strict", "--kb", kb)
    assert "4 Seiten geprüft: 0 Warnungen." in result.stdout
    assert "kb/seiten" not in result.stderr


# -- the templates that ship ----------------------------------------------------------------

TEMPLATES = {page.name: (SHIPPED_KB / SITE_PAGES_DIR / page.file_name) for page in SITE_PAGES}
# Relative links in the templates: the four pages and the suggestion form.
APP_PATHS = {*NAMES, "vorschlagen"}


@pytest.mark.parametrize("name", NAMES)
def test_templates_mark_what_the_operator_completes(name: str) -> None:
    text = TEMPLATES[name].read_text(encoding="utf-8")
    assert todo_lines(text), "a template marks the operator's parts with „[Bitte ergänzen“"
    assert not re.search(r"^# ", text, flags=re.MULTILINE), "the page title is the only h1"
    assert "<" not in text.replace("<https://", ""), "no raw HTML (it would show as text)"
    for target in re.findall(r"\]\(([^)]*)\)", text):
        assert target in APP_PATHS or target.startswith("https://"), target


def test_the_privacy_template_states_the_apps_figures() -> None:
    """The Datenschutzerklärung quotes limits from the code: keep them in step."""
    from praxisfinder_app.suggest_page import PER_CLIENT

    text = " ".join(TEMPLATES["datenschutz"].read_text(encoding="utf-8").split())
    defaults = Settings()
    assert PER_CLIENT == 5 and "höchstens fünf je Stunde" in text
    assert defaults.lockout_minutes == 15 and "in der Grundeinstellung 15 Minuten" in text
    assert defaults.session_hours == 8 and "in der Grundeinstellung acht Stunden" in text
    assert "„_streamlit_xsrf“" in text  # the XSRF protection kept on in .streamlit/config.toml
