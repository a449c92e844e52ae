"""Label schema files: the palette as JSON, in the shape of ``resources/labels.json``::

    {"labels": [{"name": "chips", "colour": "#4aa3df", "hotkey": "2", "description": "..."}, ...]}

Reading is strict (unknown keys, duplicate names or hotkeys are refused) and errors name the file, the
line of the entry and the field.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from pydantic import ConfigDict, ValidationError

from annotator.domain.errors import InputError
from annotator.domain.models import Label
from annotator.domain.structure import StructureSchema
from annotator.formats.structure_schema import STRUCTURE_KEYS, read_structure, structure_document

HOTKEYS = tuple("123456789")
SCHEMA_FIELDS = ("name", "colour", "hotkey", "description")


class _SchemaEntry(Label):
    # A misspelt key ("color") is refused rather than silently dropped.
    model_config = ConfigDict(extra="forbid")


def read_schema_file(path: Path) -> list[Label]:
    """Parse and check a schema file; raises ``InputError`` naming the file, line and field."""
    return read_full_schema(path)[0]


def read_full_schema(path: Path) -> tuple[list[Label], StructureSchema]:
    """The labels of a schema file and its relation types, attributes and document label sets."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("the schema file does not exist", path=path) from None
    except UnicodeDecodeError as error:
        raise InputError(f"the schema file is not UTF-8 text ({error.reason})", path=path) from None
    except OSError as error:
        raise InputError(f"cannot read the schema file ({error.strerror})", path=path) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON: {error.msg}", path=path, line=error.lineno) from None
    except RecursionError:
        raise InputError("not valid JSON: lists or objects nest too deeply", path=path) from None
    except ValueError as error:  # an integer of more digits than Python converts
        raise InputError(f"not valid JSON: {error}", path=path) from None
    if not isinstance(data, dict) or not isinstance(data.get("labels"), list):
        raise InputError('expected an object with a "labels" list', path=path, line=1, field="labels")
    unknown = sorted(set(data) - {"labels", *STRUCTURE_KEYS})
    if unknown:
        expected = ", ".join(f'"{key}"' for key in ("labels", *STRUCTURE_KEYS))
        raise InputError(f"unknown key '{unknown[0]}' (expected {expected})", path=path, line=1)
    lines = _label_item_lines(text)
    labels: list[Label] = []
    for index, item in enumerate(data["labels"]):
        line = lines[index] if index < len(lines) else None
        where = f"labels[{index}]"
        if not isinstance(item, dict):
            raise InputError(
                "expected an object with name, colour, hotkey, description", path=path, line=line
            )
        try:
            entry = _SchemaEntry(**{k: v for k, v in item.items() if k not in ("position", "attributes")})
        except ValidationError as error:
            problem = error.errors()[0]
            key = ".".join(str(part) for part in problem["loc"]) or "labels"
            message = str(problem["msg"]).removeprefix("Value error, ")
            if problem["type"] == "extra_forbidden":
                message = f"unknown field (expected one of {', '.join(SCHEMA_FIELDS)})"
            raise InputError(message, path=path, line=line, field=f"{where}.{key}") from None
        if entry.hotkey and entry.hotkey not in HOTKEYS:
            raise InputError("a hotkey must be one of 1-9", path=path, line=line, field=f"{where}.hotkey")
        for earlier in labels:
            if earlier.name == entry.name:
                raise InputError(f"label '{entry.name}' is listed twice", path=path, line=line, field=where)
            if entry.hotkey and earlier.hotkey == entry.hotkey:
                raise InputError(
                    f"hotkey {entry.hotkey} is already given to '{earlier.name}'",
                    path=path,
                    line=line,
                    field=f"{where}.hotkey",
                )
        labels.append(Label(**entry.model_dump(exclude={"position"}), position=index))
    if not labels:
        raise InputError("the schema file lists no labels", path=path, field="labels")
    return labels, read_structure(path, data)


def schema_text(labels: Sequence[Label], structure: StructureSchema | None = None) -> str:
    """The labels (and the structure, if given) as a schema file's text, in palette order."""
    entries = [label.model_dump(include=set(SCHEMA_FIELDS)) for label in labels]
    document = structure_document(structure or StructureSchema.empty(), entries)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _label_item_lines(text: str) -> list[int]:
    """The line on which each entry of the top-level "labels" list starts, for error messages.

    Walks the (already valid) JSON with the standard decoder's ``raw_decode``, so strings containing
    brackets or quotes cannot mislead it.
    """
    decoder = json.JSONDecoder(parse_int=str, parse_float=str)
    position = _skip(text, 0)
    if text[position : position + 1] != "{":
        return []
    position = _skip(text, position + 1)
    while position < len(text) and text[position] != "}":
        key, position = decoder.raw_decode(text, position)
        position = _skip(text, _skip(text, position) + 1)  # past the colon
        if key != "labels" or text[position] != "[":
            _value, position = decoder.raw_decode(text, position)
        else:
            lines: list[int] = []
            position = _skip(text, position + 1)
            while text[position] != "]":
                lines.append(text.count("\n", 0, position) + 1)
                _value, position = decoder.raw_decode(text, position)
                position = _skip(text, position)
                if text[position] == ",":
                    position = _skip(text, position + 1)
            return lines
        position = _skip(text, position)
        if text[position] == ",":
            position = _skip(text, position + 1)
    return []


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position
