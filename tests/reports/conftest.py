"""Fixtures for the Persian PDF layer: build PDFs in memory, deterministically."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, SimpleDocTemplate

from reports.fonts import register_fonts


@pytest.fixture
def build_pdf() -> Callable[..., bytes]:
    """build_pdf(story, **doc_kwargs) -> bytes: an A4 document in memory with invariant=1."""
    register_fonts()

    def build(story: list[Flowable], **kwargs: object) -> bytes:
        buf = BytesIO()
        options: dict[str, object] = {"pagesize": A4, "invariant": 1, "title": "test"}
        options.update(kwargs)
        SimpleDocTemplate(buf, **options).build(list(story))
        return buf.getvalue()

    return build
