"""Pillow, strict whatever the process has set (WeasyPrint's import loosens it)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_STRICT = threading.Lock()


@contextmanager
def strict_decoding() -> Iterator[None]:
    """Pillow refusing a truncated image, whoever set ``ImageFile.LOAD_TRUNCATED_IMAGES``:
    ``import weasyprint`` turns it on for the whole process (batch workers, the web server,
    a build in-process), which made a cut-off logo decode as a half-grey picture."""
    from PIL import ImageFile

    with _STRICT:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before
