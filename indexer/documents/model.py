"""What extraction yields: the text of each page, slide or section, and what went wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# text: read from the file; ocr: recognised from an image; blank: nothing on it (no text,
# no image); empty: an image without a text layer and no OCR available (text is missing);
# failed: the page could not be read.
PageState = Literal["text", "ocr", "blank", "empty", "failed"]
MISSING_STATES = ("empty", "failed")


@dataclass(frozen=True)
class Page:
    """One page (PDF), slide (PPTX) or section (DOCX, HTML, Markdown), numbered from 1."""

    number: int
    text: str
    label: str = ""  # a heading or slide title, when the format has one
    state: PageState = "text"


@dataclass(frozen=True)
class DocumentWarning:
    """A German message about one document (and page, where it applies)."""

    message: str
    page: int | None = None


@dataclass(frozen=True)
class Extraction:
    """The text of one document; `complete` is False when any text was left out."""

    kind: str  # "pdf", "docx", "pptx", "html", "markdown", "text"
    pages: tuple[Page, ...] = ()
    warnings: tuple[DocumentWarning, ...] = ()
    truncated: bool = False  # stopped at a limit (pages, characters, time, memory)
    failed: bool = False  # nothing could be read
    metadata: dict[str, str] = field(default_factory=dict)  # title, author, date if known

    @property
    def complete(self) -> bool:
        missing = any(page.state in MISSING_STATES for page in self.pages)
        return not (self.failed or self.truncated or missing)
