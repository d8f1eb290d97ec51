"""The German copy of Streamlit's frontend (`praxisfinder_app.german_frontend`), no browser.

The build runs against the installed Streamlit: when an upgrade changes a text of the
translation table, these tests fail and name it (the browser test
tests/browser/test_german_ui.py checks the pages as a visitor sees them).
"""

from __future__ import annotations

import filecmp
import re
import struct
import zlib
from pathlib import Path

import pytest
from streamlit import file_util

from praxisfinder_app import german_frontend, serve
from praxisfinder_app.german_frontend import (
    PHRASES,
    FrontendLocalizationError,
    Phrase,
    build,
    build_key,
    localized_static_dir,
    rewrite_js,
    streamlit_static_dir,
    translate_bundle,
)

SOURCE = streamlit_static_dir()


@pytest.fixture(scope="module")
def static(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The localized folder, built once for the module in a cache of its own."""
    return localized_static_dir(tmp_path_factory.mktemp("frontend-cache"), SOURCE)


def chunk_of(bundle_name: str) -> str:
    """ "index" for "index.DormvYxC.js" and for its German copy "index.DormvYxC-de….js"."""
    return german_frontend._BUNDLE_NAME.match(bundle_name)["chunk"]


def reachable_bundles(static: Path) -> dict[str, str]:
    """The bundles index.html loads, directly or through imports: name -> text."""
    bundles = {path.name: path for path in (static / "static" / "js").glob("*.js")}
    html = (static / "index.html").read_text(encoding="utf-8")
    todo = [name for _start, _end, name in german_frontend._bundle_names(html, bundles)]
    texts: dict[str, str] = {}
    while todo:
        name = todo.pop()
        if name in texts:
            continue
        texts[name] = bundles[name].read_text(encoding="utf-8")
        todo += [found for _s, _e, found in german_frontend._bundle_names(texts[name], bundles)]
    return texts


# -- the translation table against the installed Streamlit ------------------------------------


def test_every_phrase_is_found_in_the_installed_bundles(static: Path) -> None:
    """The build itself fails on a phrase it does not find; this names each one."""
    by_chunk: dict[str, list[Phrase]] = {}
    for phrase in PHRASES:
        by_chunk.setdefault(phrase.chunk, []).append(phrase)
    found = dict.fromkeys(PHRASES, 0)
    for path in (SOURCE / "static" / "js").glob("*.js"):
        if chunk_of(path.name) in by_chunk:
            text = path.read_text(encoding="utf-8")
            _new, counts = translate_bundle(text, by_chunk[chunk_of(path.name)])
            for phrase, count in counts.items():
                found[phrase] += count
    assert [phrase for phrase, count in found.items() if count == 0] == []


def test_the_table_has_no_duplicates_and_no_untranslated_entries() -> None:
    keys = [(p.chunk, p.english, p.before) for p in PHRASES]
    assert len(keys) == len(set(keys))
    assert [p for p in PHRASES if p.german == p.english] == []


def test_a_phrase_that_is_not_there_fails_the_build(tmp_path: Path) -> None:
    """The upgrade guard: a changed text stops the build instead of staying English."""
    gone = Phrase("Multiselect", "Select everything", "Alle auswählen")
    with pytest.raises(FrontendLocalizationError, match="Select everything"):
        build(SOURCE, tmp_path / "static", "0" * 16, (*PHRASES, gone))


def test_the_delivered_bundles_hold_no_listed_english(static: Path) -> None:
    texts = reachable_bundles(static)
    plain = [p for p in PHRASES if not p.before and "{" not in p.english]
    left = [
        (name, p.english)
        for name, text in texts.items()
        for p in plain
        if p.chunk == chunk_of(name) and f"`{p.english}`" in text
    ]
    assert left == []
    entry = next(text for name, text in texts.items() if chunk_of(name) == "index")
    assert "Skip to main content" not in entry
    assert "`Zum Inhalt springen`" in entry
    assert "`Seite nicht gefunden`" in entry


def test_changed_bundles_get_new_names_and_the_originals_stay(static: Path) -> None:
    """Browsers cache a bundle for a year by name: a changed one must not keep its name."""
    originals = {path.name: path.read_bytes() for path in (SOURCE / "static" / "js").glob("*.js")}
    for name, text in reachable_bundles(static).items():
        if name in originals:
            assert text.encode() == originals[name], f"{name} changed but kept its name"
        else:
            assert re.fullmatch(r".+-de[0-9a-f]{8}\.js", name), name
    kept = {path.name for path in (static / "static" / "js").glob("*.js")}
    assert originals.keys() <= kept


# -- index.html, the favicon ------------------------------------------------------------------


def test_index_html_is_german_before_any_script_runs(static: Path) -> None:
    html = (static / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in html
    assert "<title>Praxisfinder</title>" in html
    assert "Streamlit" not in re.search(r"<title>(.*?)</title>", html)[1]
    noscript = re.search(r"<noscript>(.*?)</noscript>", html, re.DOTALL)[1]
    assert "JavaScript" in noscript and "Bitte" in noscript
    assert "You need to enable" not in html
    assert 'href="./favicon.png"' in html


def test_index_html_edits_fail_loudly_when_streamlit_changes_it() -> None:
    html = (SOURCE / "index.html").read_text(encoding="utf-8")
    with pytest.raises(FrontendLocalizationError, match="lang"):
        german_frontend.localize_index_html(html.replace('<html lang="en">', "<html>"))


def test_favicon_is_the_apps_own_png(static: Path) -> None:
    data = (static / "favicon.png").read_bytes()
    assert data == german_frontend.favicon_png()
    assert data != (SOURCE / "favicon.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (64, 64)
    length = struct.unpack(">I", data[33:37])[0]
    pixels = zlib.decompress(data[41 : 41 + length])
    assert len(pixels) == height * (1 + 4 * width)


# -- the build: deterministic, cached, replaced when Streamlit or the table changes -----------


def test_the_build_is_deterministic(tmp_path: Path) -> None:
    key = build_key(SOURCE)
    build(SOURCE, tmp_path / "one", key)
    build(SOURCE, tmp_path / "two", key)
    assert_same_tree(tmp_path / "one", tmp_path / "two")


def assert_same_tree(one: Path, two: Path) -> None:
    files_one = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    files_two = sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert files_one == files_two
    _match, mismatch, errors = filecmp.cmpfiles(one, two, files_one, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_the_cache_is_reused_and_old_builds_are_pruned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = localized_static_dir(tmp_path, SOURCE)
    stamp = (first / "index.html").stat().st_mtime_ns
    assert localized_static_dir(tmp_path, SOURCE) == first
    assert (first / "index.html").stat().st_mtime_ns == stamp
    # a new version of the table (or of Streamlit) means a new key, so a new build
    monkeypatch.setattr(german_frontend, "build", fake_build)
    for number in range(german_frontend.KEEP_OLD_BUILDS + 2):
        monkeypatch.setattr(german_frontend, "build_key", lambda _source, n=number: f"{n:016x}")
        localized_static_dir(tmp_path, SOURCE)
    builds = [path for path in tmp_path.iterdir() if path.is_dir()]
    assert len(builds) == german_frontend.KEEP_OLD_BUILDS + 1
    assert not [path for path in builds if path.name.startswith(".build-")]


def fake_build(_source: Path, target: Path, _key: str) -> None:
    target.mkdir()
    (target / "index.html").write_text('<html lang="de">', encoding="utf-8")


def test_the_key_follows_streamlits_frontend(tmp_path: Path) -> None:
    copy = tmp_path / "streamlit-static"
    copy.mkdir()
    (copy / "index.html").write_bytes((SOURCE / "index.html").read_bytes() + b"\n")
    assert build_key(copy) != build_key(SOURCE)


# -- serving it -------------------------------------------------------------------------------


def test_use_makes_streamlit_serve_the_copy(static: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.elements import exception

    monkeypatch.setattr(file_util, "get_static_dir", file_util.get_static_dir)
    monkeypatch.setattr(
        exception, "_GENERIC_UNCAUGHT_EXCEPTION_TEXT", exception._GENERIC_UNCAUGHT_EXCEPTION_TEXT
    )
    german_frontend.use(static)
    assert file_util.get_static_dir() == str(static)
    assert streamlit_static_dir() == SOURCE
    assert exception._GENERIC_UNCAUGHT_EXCEPTION_TEXT.startswith("Im Praxisfinder ist ein Fehler")
    german_frontend.use(static)  # a second call changes nothing and does not fail


def test_the_launcher_runs_app_py_with_streamlits_arguments(
    static: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.web import cli

    calls = []
    monkeypatch.setattr(german_frontend, "localized_static_dir", lambda: static)
    monkeypatch.setattr(german_frontend, "use", lambda directory: calls.append(("use", directory)))
    monkeypatch.setattr(cli.main, "main", lambda **kwargs: calls.append(("run", kwargs["args"])))
    serve.main(["--server.port", "8600"])
    serve.main(["probe.py", "--server.headless", "true"])
    app = str(Path(serve.__file__).resolve().parent.parent / "app.py")
    assert calls == [
        ("use", static),
        ("run", ["run", app, "--server.port", "8600"]),
        ("use", static),
        ("run", ["run", "probe.py", "--server.headless", "true"]),
    ]


# -- replacing string literals, and only those ------------------------------------------------

OPEN = Phrase("x", "Open", "Öffnen")
MATCHES = Phrase("x", "Select {0} matches", "{0} Treffer auswählen")
LABELLED = Phrase("x", "axis", "Achse", before="desc:")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('a="Open",b=`Open`', 'a="\\u{D6}ffnen",b=`\\u{D6}ffnen`'),
        ("a='Open'", "a='\\u{D6}ffnen'"),
        ('a="Opened"+"Open "', 'a="Opened"+"Open "'),  # whole literals only
        ("x.Open(Open)", "x.Open(Open)"),  # names are not literals
        ('// "Open"\na=1', '// "Open"\na=1'),  # comments stay
        ("/* `Open` */a=1", "/* `Open` */a=1"),
        ('a=/"Open"/.test(b)', 'a=/"Open"/.test(b)'),  # regular expressions stay
        ('a=/[/"]Open"/', 'a=/[/"]Open"/'),
        ('if(a){}/"Open"/.test(b)', 'if(a){}/"Open"/.test(b)'),  # a regex after a block
        ('a=b/2/"Open".length', 'a=b/2/"\\u{D6}ffnen".length'),  # division, then a string
        ("a=`Select ${n.length} matches`", "a=`${n.length} Treffer ausw\\u{E4}hlen`"),
        ("a=`Select ${f({x:1})} matches`", "a=`${f({x:1})} Treffer ausw\\u{E4}hlen`"),
        ("a=`x${b?`Open`:`y`}z`", "a=`x${b?`\\u{D6}ffnen`:`y`}z`"),  # nested templates
        ("a=`\\`Open${1}`", "a=`\\`Open${1}`"),
        ("a={desc:`axis`},b=`axis`", "a={desc:`Achse`},b=`axis`"),  # `before` picks one
    ],
)
def test_only_whole_string_literals_are_replaced(source: str, expected: str) -> None:
    new, _counts = translate_bundle(source, [OPEN, MATCHES, LABELLED])
    assert new == expected


@pytest.mark.parametrize("source", ['a="Open', "a=`Open", "a=`${b`", "a=/x", "a=1}"])
def test_unreadable_source_fails_loudly(source: str) -> None:
    with pytest.raises(FrontendLocalizationError):
        rewrite_js(source, lambda _literal, _before: None)


def test_german_text_is_escaped_for_its_literal() -> None:
    phrase = Phrase("x", "Open", 'a`b"c\\d${e}')
    new, _counts = translate_bundle('p="Open",q=`Open`', [phrase])
    assert new == 'p="a`b\\"c\\\\d${e}",q=`a\\`b"c\\\\d\\${e}`'


def test_the_launcher_stops_with_a_message_when_the_build_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail() -> Path:
        raise FrontendLocalizationError("these texts were not found: 'Select all'")

    monkeypatch.setattr(german_frontend, "localized_static_dir", fail)
    with pytest.raises(SystemExit, match="could not be translated.*Select all"):
        serve.main([])
