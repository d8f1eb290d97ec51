"""A picture of one PDF page, drawn in a worker process within time and memory limits.

The entry page shows the page of a hit as an image (and its text beside it), so a visitor
sees the place without a PDF plugin and without the file leaving the server. Drawing a
hostile PDF can hang or allocate gigabytes like reading one, so it runs in
`python -m indexer.documents.preview` with the same limits as extraction. Pictures are
cached by content hash beside the extraction cache (`<index>/documents/previews/`).
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from indexer.documents.limits import DOCUMENT_LIMITS, DocumentLimits
from indexer.documents.sandbox import kill_group, limit_resources, worker_environment
from indexer.documents.store import CACHE_DIR
from indexer.storage import atomic_write_bytes

log = logging.getLogger(__name__)

PREVIEW_DIR = "previews"
WIDTH = 1000  # pixels: sharp enough to read body text on a wide screen
MAX_PIXELS = 6_000_000  # a page of odd proportions is drawn smaller rather than huge
TIME_SECONDS = 20  # drawing one page; a slower file shows its text only
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def page_picture(
    path: Path, page: int, index_dir: Path, limits: DocumentLimits | None = None
) -> bytes | None:
    """PNG of page `page` (counted from 1) of the PDF at `path`, or None if it cannot be
    drawn (the reason goes to the log; the caller shows the page's text instead)."""
    limits = limits or DOCUMENT_LIMITS
    try:
        info = path.stat()
    except OSError:
        return None
    if page < 1 or info.st_size > limits.max_file_bytes:
        return None
    key = _content_key(os.fspath(path), info.st_size, info.st_mtime_ns)
    cached = Path(index_dir) / CACHE_DIR / PREVIEW_DIR / f"{key}-{page}-{WIDTH}.png"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    picture = _draw(path, page, limits)
    if picture is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(cached, picture)
        except OSError:
            log.warning("cannot cache the picture of %s page %d", path, page, exc_info=True)
    return picture


@functools.lru_cache(maxsize=256)
def _content_key(path: str, size: int, mtime_ns: int) -> str:
    """SHA-256 of the file's content; computed once per version of a file."""
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
    return sha.hexdigest()


def _draw(path: Path, page: int, limits: DocumentLimits) -> bytes | None:
    """Runs the worker and returns its PNG, or None when it failed or took too long."""
    root, env = worker_environment(limits)
    command = [sys.executable, "-m", "indexer.documents.preview", os.fspath(path), str(page)]
    with tempfile.TemporaryFile() as errors:
        worker = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            env=env,
            cwd=root,  # `-m` imports from the working directory first: this very code
            start_new_session=True,
        )
        try:
            output, _ = worker.communicate(timeout=min(TIME_SECONDS, limits.time_seconds))
        except subprocess.TimeoutExpired:
            kill_group(worker)
            worker.communicate()
            log.warning("drawing %s page %d took too long: killed", path, page)
            return None
        except BaseException:
            kill_group(worker)
            worker.wait()
            raise
        kill_group(worker)
        if worker.returncode != 0 or not output.startswith(PNG_SIGNATURE):
            errors.seek(max(0, errors.seek(0, os.SEEK_END) - 2_000))
            tail = errors.read().decode("utf-8", "replace")
            log.warning("drawing %s page %d failed (%s):\n%s", path, page, worker.returncode, tail)
            return None
    return output


def _render(path: str, page: int) -> bytes:
    """The worker's job: draw the page with PDFium and encode it as PNG."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        if not 1 <= page <= len(document):
            raise ValueError(f"page {page} of {len(document)}")
        pdf_page = document[page - 1]
        width, height = pdf_page.get_size()
        scale = WIDTH / max(width, 1.0)
        if width * height * scale * scale > MAX_PIXELS:
            scale = (MAX_PIXELS / max(width * height, 1.0)) ** 0.5
        image = pdf_page.render(scale=scale, may_draw_forms=False).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=False)
        return buffer.getvalue()
    finally:
        document.close()


def _work(path: str, page: str) -> int:
    result = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # what libraries print goes to the log, not into the picture
    limit_resources(DOCUMENT_LIMITS)
    result.write(_render(path, int(page)))
    result.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_work(*sys.argv[1:3]))
