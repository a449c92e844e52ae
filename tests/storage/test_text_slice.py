"""A piece of a stored text, cut by SQLite: the same characters Python's slicing gives."""

from __future__ import annotations

import pytest

from annotator.domain.errors import NotFoundError
from annotator.domain.models import Document
from annotator.domain.text import text_sha256
from annotator.services.project import Project
from annotator.storage.documents import insert_document, text_slice


def store(project: Project, document_id: str, text: str) -> None:
    with project.database.write():
        insert_document(
            project.database, Document(id=document_id, title=document_id, text=text, sha256=text_sha256(text))
        )


@pytest.mark.parametrize(
    "text",
    [
        "a👩\u200d💻 讯飞 e\u0301 flag 🇨🇳 end",  # emoji outside the BMP, ZWJ, CJK, combining mark
        "a NUL \u0000 in the middle 🙂",  # SQLite's length() stops at a NUL: read whole instead
    ],
)
def test_text_slice_is_python_slicing(project: Project, text: str) -> None:
    store(project, "d", text)
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            assert text_slice(project.database, "d", start, end) == (text[start:end], len(text))


def test_text_slice_of_a_missing_document(project: Project) -> None:
    with pytest.raises(NotFoundError):
        text_slice(project.database, "nope", 0, 1)
