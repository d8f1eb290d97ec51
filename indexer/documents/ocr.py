"""Text recognition (OCR) in German for PDF pages that are only an image, with tesseract.

The images come from the page itself (pypdf decodes them), so no PDF renderer is needed;
tesseract with its German model (`tesseract-ocr-deu`) reads each one.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import shutil
import subprocess
import time

from PIL import Image
from pypdf import PageObject

log = logging.getLogger(__name__)

LANGUAGE = "deu"
MIN_SIDE = 32  # pixels; smaller images (bullets, lines, logos) hold no readable text
TARGET_DPI = 300  # tesseract reads best at about 300 dpi; finer scans are scaled down to it


class OcrError(Exception):
    """Tesseract did not give a result for an image (it failed or ran out of time)."""


@functools.cache
def ocr_available() -> bool:
    """Whether tesseract with the German model is installed."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return False
    try:
        listed = subprocess.run(
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("tesseract --list-langs failed: %s", exc)
        return False
    return LANGUAGE in listed.stdout.split()


def recognise_page(page: PageObject, *, deadline: float) -> str:
    """The text of all images on a PDF page, recognised in German; "" if there is none.

    Raises OcrError when tesseract fails or the `deadline` (monotonic clock) passes.
    """
    width_points = float(page.mediabox.width) or 595.0
    texts = []
    for index, image_file in enumerate(page.images):
        try:
            image = image_file.image
        except Exception as exc:  # any decoder error of a damaged or exotic image
            log.warning("image %d of a page cannot be decoded: %s", index, exc)
            continue
        if image is None or min(image.size) < MIN_SIDE:
            continue
        dpi = image.width * 72 / width_points
        text = recognise_image(image, dpi=dpi, timeout=deadline - time.monotonic())
        if text:
            texts.append(text)
    return "\n\n".join(texts)


def recognise_image(image: Image.Image, *, dpi: float, timeout: float) -> str:
    """The German text tesseract reads in `image` (scanned at about `dpi`)."""
    if timeout <= 0:
        raise OcrError("no time left")
    image = _prepared(image)
    if dpi > TARGET_DPI * 1.5:
        scale = TARGET_DPI / dpi
        image = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        )
        dpi = TARGET_DPI
    png = io.BytesIO()
    image.save(png, "PNG", compress_level=1)
    resolution = str(min(1200, max(70, round(dpi))))
    command = ["tesseract", "stdin", "stdout", "-l", LANGUAGE, "--dpi", resolution]
    # tesseract's CLI directly: subprocess.run kills it on a timeout and on any interruption
    # (our deadline signal too), which pytesseract does not.
    try:
        done = subprocess.run(
            command,
            input=png.getvalue(),
            capture_output=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrError("timeout") from exc
    except OSError as exc:
        raise OcrError(str(exc)) from exc
    if done.returncode != 0:
        log.warning("tesseract failed (%s): %s", done.returncode, done.stderr[-500:])
        raise OcrError(f"exit code {done.returncode}")
    return done.stdout.decode("utf-8", "replace").strip()


def _prepared(image: Image.Image) -> Image.Image:
    """A grey-scale image, transparent parts white (tesseract would see them black)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, image.convert("RGBA"))
    return image.convert("L")
