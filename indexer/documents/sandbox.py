"""Reading a document in a worker process with a time and a memory limit.

A hostile or broken file can make any parser hang or allocate gigabytes (Tika's developers
advise a separate process for that reason). `extract_file` runs the extractor of the file's
kind in `python -m indexer.documents.sandbox`, limits its address space, kills it when the
time is up, and turns every failure into an `Extraction` with a German warning: it never
raises because of a file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import json
import logging
import os
import re
import resource
import selectors
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from indexer.documents.limits import (
    DOCUMENT_LIMITS,
    DeadlineExceeded,
    DocumentLimits,
    german_number,
)
from indexer.documents.model import DocumentWarning, Extraction, Page

log = logging.getLogger(__name__)

# File name suffix → kind of document.
KINDS: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".pptx": "pptx",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
}

# Kind → "module:function" of its extractor, a `Callable[[Path], Extraction]`; the worker
# imports only the one it needs, so a module that does not exist yet breaks no other kind.
EXTRACTORS: dict[str, str] = {
    "pdf": "indexer.documents.pdf:extract_pdf",
    "docx": "indexer.documents.office:extract_docx",
    "pptx": "indexer.documents.office:extract_pptx",
    "html": "indexer.documents.web:extract_html",
    "markdown": "indexer.documents.plain:extract_markdown",
    "text": "indexer.documents.plain:extract_text",
}

_LABELS = {
    "pdf": "PDF",
    "docx": "DOCX",
    "pptx": "PPTX",
    "html": "HTML",
    "markdown": "Markdown",
    "text": "Text",
}
_UNITS = {"pdf": ("Seite", "Seiten"), "pptx": ("Folie", "Folien")}
_SECTIONS = ("Abschnitt", "Abschnitte")
_STATES = ("text", "ocr", "blank", "empty", "failed")
MAX_WARNINGS = 100  # per document; the rest are counted in one last warning
MAX_LABEL_CHARS = 500
MAX_METADATA_CHARS = 1_000
HEAD_BYTES = 8_192  # what is read of a file to check that its content fits its name
_EXIT_OUT_OF_MEMORY = 3
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Magic numbers of what else a file may be: a handful of prefixes, where libmagic would add a
# system library for them.
_SIGNATURES = (
    (b"%PDF-", "eine PDF-Datei"),
    (b"PK\x03\x04", "ein ZIP-Archiv (wie DOCX oder PPTX)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ein altes Office-Dokument (DOC, PPT oder XLS)"),
    (b"\x89PNG\r\n\x1a\n", "ein PNG-Bild"),
    (b"\xff\xd8\xff", "ein JPEG-Bild"),
    (b"GIF8", "ein GIF-Bild"),
    (b"\x1f\x8b", "ein gzip-Archiv"),
    (b"\x7fELF", "ein Programm"),
)


def kind_of(path: Path) -> str | None:
    """The kind of document a file name says ("pdf", "docx", …), or None if unsupported."""
    return KINDS.get(path.suffix.lower())


def extractor(kind: str) -> Callable[[Path], Extraction]:
    """The extractor function of a kind, imported now (raises ImportError if it is missing)."""
    return _load(EXTRACTORS[kind])


def extract_file(
    path: Path, kind: str | None = None, limits: DocumentLimits | None = None
) -> Extraction:
    """The text of one document, read in a worker process within the limits.

    `kind` defaults to what the file name says. Never raises for a bad file: any problem is
    an Extraction with `failed=True` and a German warning naming it.
    """
    with ExtractionWorker(limits) as worker:
        return worker.extract(path, kind)


def _check(path: Path, kind: str, limits: DocumentLimits) -> str | None:
    """A German message if the file cannot be read: missing, too large, not what it says."""
    try:
        # Without blocking: a FIFO in place of a file would hang an ordinary open.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return "Die Datei wurde nicht gefunden."
    except PermissionError:
        return "Die Datei darf nicht gelesen werden (fehlende Leserechte)."
    except OSError as exc:
        log.warning("cannot open %s: %s", path, exc)
        return "Die Datei kann nicht gelesen werden."
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return "Das ist ein Verzeichnis, keine Datei."
        if not stat.S_ISREG(info.st_mode):
            return "Das ist keine gewöhnliche Datei (etwa eine Pipe oder ein Gerät)."
        if info.st_size > limits.max_file_bytes:
            return (
                f"Die Datei ist mit {german_number(info.st_size)} Bytes größer als erlaubt "
                f"({german_number(limits.max_file_bytes)} Bytes); sie wird nicht gelesen."
            )
        if info.st_size == 0:
            return "Die Datei ist leer."
        head = os.read(fd, HEAD_BYTES)
    finally:
        os.close(fd)
    return _mismatch(head, kind)


def _mismatch(head: bytes, kind: str) -> str | None:
    """A German message if the first bytes of a file are not of its kind."""
    if kind == "pdf":
        fits = b"%PDF-" in head[:1024]  # PDF readers allow junk before the header
    elif kind in ("docx", "pptx"):
        fits = head.startswith(b"PK\x03\x04")
    else:
        fits = _what(head) is None
    if fits:
        return None
    found = _what(head) or ("eine HTML-Seite" if _is_html(head) else "Text")
    return f"Die Datei ist keine {_LABELS.get(kind, kind)}-Datei: ihr Inhalt ist {found}."


def _what(head: bytes) -> str | None:
    """What binary content `head` starts with (German), or None if it looks like text."""
    for signature, description in _SIGNATURES:
        if head.startswith(signature):
            return description
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in head and not utf16:
        return "unbekannter Binärinhalt"
    return None


def _is_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:64].lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


class ExtractionWorker:
    """A worker process that reads documents one after another, each within the limits.

    Starting Python and the parsers costs about 0.3 s, more than reading a typical
    document, so a build keeps one worker per core. A document that takes too long or
    makes the worker die costs only that worker: it is killed and the next document starts
    a new one. After `MAX_DOCUMENTS` documents a worker is replaced, so that memory a
    parser keeps does not add up. Use as a context manager (or call `close`).
    """

    MAX_DOCUMENTS = 200

    def __init__(self, limits: DocumentLimits | None = None) -> None:
        self.limits = limits or DOCUMENT_LIMITS
        self._process: subprocess.Popen[bytes] | None = None
        self._errors: Any = None
        self._served = 0

    def __enter__(self) -> ExtractionWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def extract(self, path: Path, kind: str | None = None) -> Extraction:
        """The text of one document; never raises for a bad file (see `extract_file`)."""
        kind = kind or kind_of(path)
        if kind not in EXTRACTORS:
            shown = path.suffix or path.name
            return _failed(
                kind or "unknown",
                f"Dateien der Art „{shown}“ werden nicht gelesen; lesbar sind PDF, DOCX, "
                "PPTX, HTML, Markdown und Text.",
            )
        try:
            problem = _check(path, kind, self.limits)
            if problem:
                return _failed(kind, problem)
            return self._ask(path, kind)
        except Exception:
            log.exception("extracting %s failed", path)
            self.close()
            return _failed(kind, _unexpected())

    def close(self) -> None:
        """Stops the worker (and anything it started); returns at once if none runs."""
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()  # type: ignore[union-attr]
            kill_group(process)
            process.wait()
            process.stdout.close()  # type: ignore[union-attr]
        if self._errors is not None:
            self._errors.close()
            self._errors = None
        self._served = 0

    def _start(self) -> subprocess.Popen[bytes]:
        root, env = worker_environment(self.limits)
        command = [sys.executable, "-X", "faulthandler", "-m", "indexer.documents.sandbox"]
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            env=env,
            cwd=root,  # `-m` imports from the working directory first: this very code
            start_new_session=True,  # its own process group: OCR helpers die with it
        )
        return self._process

    def _ask(self, path: Path, kind: str) -> Extraction:
        process = self._process or self._start()
        request = {"kind": kind, "spec": EXTRACTORS[kind], "path": os.fspath(path.absolute())}
        try:
            process.stdin.write(json.dumps(request).encode() + b"\n")  # type: ignore[union-attr]
            process.stdin.flush()  # type: ignore[union-attr]
            line = _read_line(process, self.limits.time_seconds)
        except BrokenPipeError:
            line = b""
        if line is None:
            log.warning("reading %s took longer than %d s: killed", path, self.limits.time_seconds)
            self.close()
            return _failed(kind, _too_slow(self.limits))
        if not line:  # the worker died: out of memory, a crash, killed from outside
            kill_group(process)
            returncode = process.wait()
            self._log_errors(path, returncode)
            self.close()
            return _failed(kind, _exit_message(returncode, self.limits))
        self._served += 1
        try:
            extraction = _from_json(json.loads(line))
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("worker for %s gave no valid result: %r", path, exc)
            extraction = _failed(kind, _unexpected())
        # A failure may leave the worker in a bad state (memory, signal handlers): renew it.
        if extraction.failed or self._served >= self.MAX_DOCUMENTS:
            self.close()
        return extraction

    def _log_errors(self, path: Path, returncode: int) -> None:
        errors = self._errors
        if errors is None:
            return
        errors.seek(max(0, errors.seek(0, os.SEEK_END) - 2_000))
        tail = errors.read().decode("utf-8", "replace")
        log.warning("worker for %s ended with %s:\n%s", path, returncode, tail)


def worker_environment(limits: DocumentLimits) -> tuple[str, dict[str, str]]:
    """(working directory, environment) for a `python -m indexer.documents…` worker: it
    imports this very code and reads the limits back from the environment."""
    root = str(Path(__file__).resolve().parents[2])  # the folder that holds `indexer/`
    python_path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    env = {**os.environ, **limits.as_env(), "PYTHONPATH": python_path, "OMP_THREAD_LIMIT": "1"}
    return root, env


def _read_line(process: subprocess.Popen[bytes], timeout: float) -> bytes | None:
    """One line from the worker: b"" if it ended, None if none came within `timeout` s."""
    fd = process.stdout.fileno()  # type: ignore[union-attr]
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                return None
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b""
            chunks.append(chunk)
            if chunk.endswith(b"\n"):  # one request, one reply: nothing follows it
                return b"".join(chunks)


def kill_group(worker: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(worker.pid, signal.SIGKILL)


def _exit_message(returncode: int, limits: DocumentLimits) -> str:
    if returncode == _EXIT_OUT_OF_MEMORY:
        return _too_big(limits)
    if returncode == -signal.SIGKILL:
        return (
            "Das Lesen der Datei wurde von außen abgebrochen (womöglich wegen Mangels an "
            "Arbeitsspeicher)."
        )
    if returncode < 0:
        return f"Das Leseprogramm ist bei dieser Datei abgestürzt (Signal {-returncode})."
    return _unexpected()


def _too_slow(limits: DocumentLimits) -> str:
    return (
        f"Das Lesen der Datei dauerte länger als {limits.time_seconds} Sekunden und wurde "
        "abgebrochen."
    )


def _too_big(limits: DocumentLimits) -> str:
    return (
        f"Das Lesen der Datei brauchte mehr als {german_number(limits.memory_mb)} MB "
        "Arbeitsspeicher und wurde abgebrochen."
    )


def _unexpected() -> str:
    return "Die Datei konnte wegen eines unerwarteten Fehlers nicht gelesen werden."


def _failed(kind: str, message: str) -> Extraction:
    return Extraction(kind, warnings=(DocumentWarning(message),), failed=True)


def _load(spec: str) -> Callable[[Path], Extraction]:
    module, _, function = spec.partition(":")
    return getattr(importlib.import_module(module), function)


# --- the result between the processes ---------------------------------------------------


def _to_json(extraction: Extraction) -> dict[str, Any]:
    return dataclasses.asdict(extraction)


def _from_json(data: dict[str, Any]) -> Extraction:
    """An Extraction from the worker's JSON; anything malformed raises ValueError."""
    pages = tuple(
        Page(int(item["number"]), str(item["text"]), str(item["label"]), _state(item["state"]))
        for item in data["pages"]
    )
    warnings = tuple(
        DocumentWarning(str(item["message"]), None if item["page"] is None else int(item["page"]))
        for item in data["warnings"]
    )
    metadata = {str(key): str(value) for key, value in data["metadata"].items()}
    return Extraction(
        str(data["kind"]),
        pages,
        warnings,
        bool(data["truncated"]),
        bool(data["failed"]),
        metadata,
    )


def _state(value: object) -> Any:
    if value not in _STATES:
        raise ValueError(f"unknown page state {value!r}")
    return value


# --- the worker process ------------------------------------------------------------------


def _clean(text: str) -> str:
    """Text without control characters or lone surrogates (they break JSON, UTF-8, HTML)
    and without soft hyphens (they split a word in two for the search)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
    return _CONTROL.sub("", text).encode("utf-8", "replace").decode("utf-8")


def _bounded(extraction: Extraction, limits: DocumentLimits) -> Extraction:
    """The extraction within the limits of pages and characters, its text cleaned."""
    if not isinstance(extraction, Extraction):
        raise TypeError(f"extractor returned {type(extraction).__name__}")
    unit, units = _UNITS.get(extraction.kind, _SECTIONS)
    own: list[DocumentWarning] = []  # what is cut here; always kept
    truncated = extraction.truncated
    source = extraction.pages
    if len(source) > limits.max_pages:
        truncated = True
        own.append(
            DocumentWarning(
                f"Das Dokument hat {german_number(len(source))} {units}; gelesen wurden nur "
                f"die ersten {german_number(limits.max_pages)}."
            )
        )
        source = source[: limits.max_pages]
    pages = []
    chars = 0
    for page in source:
        text = _clean(page.text)
        if len(text) > limits.max_page_chars:
            text = text[: limits.max_page_chars]
            truncated = True
            own.append(
                DocumentWarning(
                    f"{unit} {page.number} ist länger als "
                    f"{german_number(limits.max_page_chars)} Zeichen; der Rest wurde "
                    "abgeschnitten.",
                    page.number,
                )
            )
        room = limits.max_chars - chars
        full = len(text) > room
        if full:
            text = text[:room]
            truncated = True
            own.append(
                DocumentWarning(
                    f"Das Dokument ist länger als {german_number(limits.max_chars)} Zeichen; "
                    f"gelesen wurde bis {unit} {page.number}.",
                    page.number,
                )
            )
        chars += len(text)
        label = _clean(page.label)[:MAX_LABEL_CHARS]
        pages.append(dataclasses.replace(page, text=text, label=label))
        if full:
            break
    warnings = list(extraction.warnings)
    room = max(1, MAX_WARNINGS - len(own))
    if len(warnings) > room:
        rest = len(warnings) - (room - 1)
        warnings = warnings[: room - 1]
        warnings.append(DocumentWarning(f"… und {german_number(rest)} weitere Hinweise."))
    warnings = [
        dataclasses.replace(warning, message=_clean(warning.message))
        for warning in warnings + own[: MAX_WARNINGS - 1]
    ]
    metadata = {
        _clean(str(key))[:50]: _clean(value)[:MAX_METADATA_CHARS]
        for key, value in extraction.metadata.items()
        if isinstance(value, str)
    }
    return Extraction(
        extraction.kind, tuple(pages), tuple(warnings), truncated, extraction.failed, metadata
    )


def limit_resources(limits: DocumentLimits) -> None:
    """Caps this process's address space (and its children's); no core dumps."""
    memory = limits.memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        memory = min(memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (memory, hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _on_alarm(signum: int, frame: object) -> None:
    raise DeadlineExceeded


def _extract(kind: str, spec: str, path: Path, limits: DocumentLimits) -> Extraction:
    """Runs the extractor; at the soft deadline it is interrupted (DeadlineExceeded)."""
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 0.8 * limits.time_seconds)
    try:
        try:
            function = _load(spec)
        except (ImportError, AttributeError) as exc:
            log.warning("no extractor %s: %r", spec, exc)
            return _failed(
                kind, f"{_LABELS.get(kind, kind)}-Dateien können hier noch nicht gelesen werden."
            )
        return _bounded(function(path), limits)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _serve() -> int:
    """The worker: reads one JSON request per line from standard input (kind, extractor,
    path) and writes each document's Extraction as one line of JSON to standard output."""
    result = os.fdopen(os.dup(1), "w", encoding="utf-8", errors="replace")
    os.dup2(2, 1)  # what libraries print goes to the log, not into the result
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    limits = DOCUMENT_LIMITS  # the parent's, passed in the environment
    try:
        limit_resources(limits)
        for line in sys.stdin:
            request = json.loads(line)
            kind, spec, raw_path = request["kind"], request["spec"], request["path"]
            exhausted = False
            try:
                extraction = _extract(kind, spec, Path(raw_path), limits)
            except DeadlineExceeded:
                extraction = _failed(kind, _too_slow(limits))
            except MemoryError:
                extraction = _failed(kind, _too_big(limits))
                exhausted = True  # nothing more is read here
            except Exception:
                log.exception("extractor %s failed on %s", spec, raw_path)
                extraction = _failed(kind, _unexpected())
            result.write(json.dumps(_to_json(extraction)) + "\n")  # ASCII: one line
            result.flush()
            if exhausted:
                break
    except MemoryError:
        os._exit(_EXIT_OUT_OF_MEMORY)
    return 0


if __name__ == "__main__":
    sys.exit(_serve())
