"""Limits that keep reading one conference document within bounded time and memory.

Each has a sane default and can be set through an environment variable (for example
`PRAXISFINDER_DOC_TIME_SECONDS=120`); README "Conference documents" says what happens at each.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, fields

from indexer.limits import _setting

# The environment variable of each limit, after the prefix PRAXISFINDER_.
_NAMES = {
    "max_file_bytes": "DOC_MAX_FILE_BYTES",
    "max_pages": "DOC_MAX_PAGES",
    "max_page_chars": "DOC_MAX_PAGE_CHARS",
    "max_chars": "DOC_MAX_CHARS",
    "time_seconds": "DOC_TIME_SECONDS",
    "memory_mb": "DOC_MEMORY_MB",
    "ocr": "DOC_OCR",
    "max_ocr_pages": "DOC_MAX_OCR_PAGES",
}


class DeadlineExceeded(BaseException):
    """The time for one document is up; not an Exception, so no library's handler eats it."""


@dataclass(frozen=True)
class DocumentLimits:
    max_file_bytes: int = 100_000_000  # a larger file is not read
    max_pages: int = 2_000  # later pages (slides, sections) are left out
    max_page_chars: int = 100_000  # the rest of a longer page is cut
    max_chars: int = 2_000_000  # per document; later pages are left out
    time_seconds: int = 60  # wall clock for one document; then the worker is killed
    memory_mb: int = 1_536  # address space of the worker process (and its OCR)
    ocr: bool = True  # recognise text on pages that are only an image
    max_ocr_pages: int = 20  # later image pages stay without text

    @classmethod
    def from_env(cls) -> DocumentLimits:
        default = cls()
        return cls(
            max_file_bytes=_setting(_NAMES["max_file_bytes"], default.max_file_bytes, 1_000),
            max_pages=_setting(_NAMES["max_pages"], default.max_pages, 1),
            max_page_chars=_setting(_NAMES["max_page_chars"], default.max_page_chars, 1_000),
            max_chars=_setting(_NAMES["max_chars"], default.max_chars, 10_000),
            time_seconds=_setting(_NAMES["time_seconds"], default.time_seconds, 1),
            memory_mb=_setting(_NAMES["memory_mb"], default.memory_mb, 256),
            ocr=bool(_setting(_NAMES["ocr"], int(default.ocr), 0)),
            max_ocr_pages=_setting(_NAMES["max_ocr_pages"], default.max_ocr_pages, 0),
        )

    def as_env(self) -> dict[str, str]:
        """These limits as environment variables, for a worker process to read back."""
        return {
            f"PRAXISFINDER_{_NAMES[item.name]}": str(int(getattr(self, item.name)))
            for item in fields(self)
        }

    def soft_deadline(self, started: float | None = None) -> float:
        """When an extractor should stop and return what it has (`time.monotonic()` clock).

        At 80% of the time limit, so that the text read so far arrives before the worker
        is killed at 100%.
        """
        return (time.monotonic() if started is None else started) + 0.8 * self.time_seconds


DOCUMENT_LIMITS = DocumentLimits.from_env()


def german_number(value: int) -> str:
    """1234567 → "1.234.567", as German messages write numbers."""
    return f"{value:,}".replace(",", ".")
