"""Domain models built from rows this application wrote, without validating them a second time.

Opening an article with 10,000 spans, or exporting a million, spent more time in pydantic building the
models than in SQLite reading them. Our rows satisfied the models when they were written (and the
schema's constraints hold them since), so they are assembled here the way ``model_construct`` does for a
model whose every field is given: at a quarter of its cost. Models with aliases, extra or private
attributes, or a post-init hook are built by ``model_construct`` itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from annotator.domain.collector import collector_paused

__all__ = ["collector_paused", "trusted_models"]

Model = TypeVar("Model", bound=BaseModel)
_set = object.__setattr__


def _plain(model: type[BaseModel]) -> bool:
    return (
        not model.__private_attributes__
        and model.model_config.get("extra") != "allow"
        and model.__pydantic_post_init__ is None
        and all(f.alias is None and f.validation_alias is None for f in model.model_fields.values())
    )


def trusted_models(model: type[Model], rows: Iterable[Sequence[Any]]) -> list[Model]:
    """One ``model`` per row; each row holds every field, in field order (see ``columns_of``)."""
    fields = tuple(model.model_fields)
    if not _plain(model):
        return [model.model_construct(**dict(zip(fields, row, strict=True))) for row in rows]
    built = []
    new = model.__new__
    with collector_paused():
        for row in rows:
            instance = new(model)
            _set(instance, "__dict__", dict(zip(fields, row, strict=True)))
            _set(instance, "__pydantic_fields_set__", set(fields))
            _set(instance, "__pydantic_extra__", None)
            _set(instance, "__pydantic_private__", None)
            built.append(instance)
    return built
