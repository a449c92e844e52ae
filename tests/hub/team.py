"""A team around one hub for the tests: a curator, two annotators and a reviewer, each with a project."""

from __future__ import annotations

from pathlib import Path

from psycopg import conninfo

from annotator.domain.models import Document
from annotator.domain.text import text_sha256
from annotator.services.hub import add_member, connect_project, init_hub
from annotator.services.project import Project

ARTICLES = [
    "Huawei shipped the Ascend 910B to Chinese cloud providers.",
    "iFlytek released Spark X1, trained on domestic chips. 讯飞星火 👩‍💻 ok.",
    "Zhipu raised 1.2 billion yuan for its GLM models.",
]


def set_up_hub(url: str) -> None:
    init_hub(url)
    add_member(url, "alice")
    add_member(url, "bob")
    add_member(url, "carol", "curator")
    add_member(url, "rita", "reviewer")


def member_url(url: str, name: str) -> str:
    return conninfo.make_conninfo(url, user=name)


def open_member(folder: Path, url: str, name: str, file: str | None = None) -> Project:
    """``name``'s project (a new file in ``folder``), connected to the hub as ``name``."""
    project = Project.open(folder / (file or f"{name}.db"), annotator=name)
    connect_project(project, member_url(url, name))
    return project


def add_articles(project: Project, texts: list[str] = ARTICLES) -> list[str]:
    from annotator.storage.documents import insert_document

    ids = []
    for number, text in enumerate(texts):
        document = Document(title=f"Article {number}", text=text, sha256=text_sha256(text))
        with project.database.write():
            insert_document(project.database, document)
        ids.append(document.id)
    return ids


def document_id(project: Project, text: str) -> str:
    from annotator.storage.documents import find_by_sha256

    found = find_by_sha256(project.database, text_sha256(text))
    assert found is not None
    return found
